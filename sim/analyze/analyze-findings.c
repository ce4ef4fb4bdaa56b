/* analyze-findings.c — the topology's shape, the cost of link state and the
 * design checks of `msgflow analyze` (analyze.h).
 *
 * Checks are modelled on the Exchange Best Practices Analyzer's routing
 * rules and Microsoft's design guidance (reference §1, §3, §4, §8).  Each
 * has a stable id and one severity, listed in docs/analyze.md; tests hold
 * a hand-made topology with a known answer for each.  Checks read the
 * model, the baseline costs and the what-if results; none routes.
 *
 * Link state: a change travels over connectors that carry X-LINK2STATE as
 * the simulator models it (transport-linkstate.c): routing group and X.400
 * connectors, SMTP connectors only with link-state-over-smtp, never a
 * connector with a schedule other than `always`, and never into or out of
 * an Exchange 2007 routing group, which keeps no link state.
 */
#define G_LOG_DOMAIN "msgflow-analyze"

#include "analyze/analyze-private.h"

#include <string.h>

/* ------------------------------------------------------------ helpers */

/* Union-find over routing groups, for islands and components. */
static int
uf_find (int *parent, int v)
{
  while (parent[v] != v)
    {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
  return v;
}

static void
uf_union (int *parent, int a, int b)
{
  a = uf_find (parent, a);
  b = uf_find (parent, b);
  if (a != b)
    parent[MAX (a, b)] = MIN (a, b);
}

static gboolean
carries_link_state (const MfAnalyzeCtx *cx, int c)
{
  const MfConnector *k = &cx->topo->connectors[c];

  if (k->to < 0 || cx->is_2007[k->from] || cx->is_2007[k->to])
    return FALSE;
  if (!mf_schedule_is_always (&k->schedule))
    return FALSE;
  return k->type != MF_CONNECTOR_SMTP || cx->topo->org.link_state_over_smtp;
}

/* "A, B, C and 2 more" from @n names.  (transfer full) */
static char *
name_list (const char *const *names, int n, int max)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < n && i < max; i++)
    g_string_append_printf (s, "%s%s", i == 0 ? "" : (i + 1 == n ? " and " : ", "), names[i]);
  if (n > max)
    g_string_append_printf (s, " and %d more", n - max);
  return g_string_free (s, FALSE);
}

static char *
group_list (const MfTopology *t, const int *ids, int n, int max)
{
  g_autofree const char **names = g_new (const char *, (gsize) n + 1);

  for (int i = 0; i < n; i++)
    names[i] = t->routing_groups[ids[i]].name;
  return name_list (names, n, max);
}

static char *
connector_list (const MfTopology *t, const int *ids, int n, int max)
{
  g_autofree const char **names = g_new (const char *, (gsize) n + 1);

  for (int i = 0; i < n; i++)
    names[i] = t->connectors[ids[i]].name;
  return name_list (names, n, max);
}

/* ------------------------------------------------------------ shape */

/**
 * mf_analyze_shape:
 *
 * Classifies the connector graph with directions and parallel connectors
 * merged (two groups are neighbours when a connector joins them): one
 * group; disconnected; full mesh (every two groups neighbours, at least 3);
 * ring (every group has two neighbours, at least 4); hub-and-spoke (the
 * groups with one neighbour, the spokes, outnumber the others, the hubs,
 * which are all neighbours of each other); chain (a path); else mixed.
 * O(G² bits + E).
 */
void
mf_analyze_shape (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;
  const int n = cx->n_groups;
  g_autofree guint8 *adj = NULL;
  g_autofree int *deg = NULL;
  g_autofree int *parent = NULL;
  int m = 0, roots = 0, leaves = 0, max_deg = 0;
  gboolean all_two = TRUE, hubs_meshed = TRUE;

  if (n == 1)
    {
      a->shape = MF_SHAPE_SINGLE_GROUP;
      return;
    }
  adj = g_new0 (guint8, (gsize) n * (gsize) n);
  deg = g_new0 (int, n);
  parent = g_new (int, n);
  for (int g = 0; g < n; g++)
    parent[g] = g;
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      int x, y;
      if (k->to < 0)
        continue;
      x = MIN (k->from, k->to);
      y = MAX (k->from, k->to);
      uf_union (parent, x, y);
      if (adj[(gsize) x * n + y])
        continue;
      adj[(gsize) x * n + y] = adj[(gsize) y * n + x] = 1;
      deg[x]++;
      deg[y]++;
      m++;
    }
  a->n_neighbour_pairs = m;
  for (int g = 0; g < n; g++)
    {
      roots += uf_find (parent, g) == g;
      leaves += deg[g] == 1;
      max_deg = MAX (max_deg, deg[g]);
      all_two &= deg[g] == 2;
    }
  for (int x = 0; x < n; x++)
    for (int y = x + 1; y < n && hubs_meshed; y++)
      if (deg[x] > 1 && deg[y] > 1 && !adj[(gsize) x * n + y])
        hubs_meshed = FALSE;

  if (roots > 1)
    a->shape = MF_SHAPE_DISCONNECTED;
  else if (n == 2)
    a->shape = MF_SHAPE_CHAIN;
  else if ((gint64) m == (gint64) n * (n - 1) / 2)
    a->shape = MF_SHAPE_FULL_MESH;
  else if (all_two)
    a->shape = MF_SHAPE_RING;
  else if (leaves > n - leaves && hubs_meshed)
    {
      a->shape = MF_SHAPE_HUB_AND_SPOKE;
      for (int g = 0; g < n; g++)
        if (deg[g] > 1)
          g_array_append_val (a->hubs, g);
    }
  else if (m == n - 1 && max_deg <= 2)
    a->shape = MF_SHAPE_CHAIN;
  else
    a->shape = MF_SHAPE_MIXED;
}

/* ------------------------------------------------------------ link state */

/**
 * mf_analyze_link_state:
 *
 * The size of the table and what one connector state change costs.
 * Entries: one per routing group, server, connector, bridgehead and remote
 * bridgehead listed on a connector, and address space; OrgInfo ≈ 32 bytes
 * per entry (reference §3).  A change in the largest link-state island
 * sends, at most: the report to the routing group master (1); from each
 * master of the island to its other members; and over each connector that
 * carries link state out of the island's groups, the OrgInfo to the remote
 * bridgehead and from it to its master (2).  Every message carries the
 * whole OrgInfo.  O(G + E + bridgeheads).
 */
void
mf_analyze_link_state (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;
  const int n = cx->n_groups;
  g_autofree int *parent = g_new (int, (gsize) n + 1);
  g_autofree int *size = g_new0 (int, (gsize) n + 1);
  gint64 entries = n + t->n_servers + t->n_connectors;
  int island = -1;
  gint64 messages = 1;

  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      entries += k->n_bridgeheads + k->n_remote_bridgeheads + k->n_address_spaces;
    }
  a->link_state_entries = (int) entries;
  a->orginfo_bytes = entries * MF_ANALYZE_ORGINFO_BYTES_PER_ENTRY;

  for (int g = 0; g < n; g++)
    parent[g] = g;
  for (int c = 0; c < t->n_connectors; c++)
    if (carries_link_state (cx, c))
      uf_union (parent, t->connectors[c].from, t->connectors[c].to);
  for (int g = 0; g < n; g++)
    if (!cx->is_2007[g])
      {
        int r = uf_find (parent, g);
        a->n_islands += size[r] == 0;
        size[r]++;
        if (island < 0 || size[r] > size[island])
          island = r;
      }
  if (island < 0)
    return; /* only Exchange 2007 groups */
  for (int g = 0; g < n; g++)
    if (!cx->is_2007[g] && uf_find (parent, g) == island)
      messages += MAX (t->routing_groups[g].n_members - 1, 0);
  for (int c = 0; c < t->n_connectors; c++)
    if (carries_link_state (cx, c) && uf_find (parent, t->connectors[c].from) == island)
      messages += 2;
  a->messages_per_change = (int) messages;
  a->bytes_per_change = messages * a->orginfo_bytes;
}

/* ------------------------------------------------------------ checks */

static void
check_reachability (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;

  if (a->unreachable->len > 0)
    {
      const MfGroupPair *p = &g_array_index (a->unreachable, MfGroupPair, 0);
      mf_analysis_add_finding (a, "unreachable-pairs", MF_SEVERITY_ERROR,
                               "%u of %" G_GINT64_FORMAT " ordered pairs of routing groups have "
                               "no route, e.g. %s -> %s",
                               a->unreachable->len, a->n_pairs,
                               t->routing_groups[p->from].name, t->routing_groups[p->to].name);
    }
  for (int x = 0; x < a->n_external; x++)
    {
      g_autoptr (GArray) from = g_array_new (FALSE, FALSE, sizeof (int));
      g_autoptr (GArray) dns = g_array_new (FALSE, FALSE, sizeof (int));
      for (guint i = 0; i < a->external_unreachable->len; i++)
        {
          const MfGroupPair *p = &g_array_index (a->external_unreachable, MfGroupPair, i);
          if (p->to == x)
            g_array_append_val (from, p->from);
        }
      /* No connector it can see matches: its servers send by DNS. */
      for (guint i = 0; i < a->external_by_dns->len; i++)
        {
          const MfGroupPair *p = &g_array_index (a->external_by_dns, MfGroupPair, i);
          if (p->to == x)
            g_array_append_val (dns, p->from);
        }
      if (dns->len > 0)
        {
          g_autofree char *list = group_list (t, (const int *) (const void *) dns->data,
                                              (int) dns->len, 3);
          mf_analysis_add_finding (a, "external-by-dns", MF_SEVERITY_INFO,
                                   "%u routing groups see no connector for SMTP:%s and send "
                                   "that mail directly by DNS: %s",
                                   dns->len, a->external[x], list);
        }
      if (from->len == 0)
        continue;
      g_autofree char *list = group_list (t, (const int *) (const void *) from->data,
                                          (int) from->len, 3);
      mf_analysis_add_finding (a, "external-unreachable", MF_SEVERITY_WARNING,
                               "%u routing groups have no route to address space SMTP:%s: %s",
                               from->len, a->external[x], list);
    }
  for (guint i = 0; i < a->one_way->len; i++)
    {
      const MfConnector *k = &t->connectors[g_array_index (a->one_way, int, i)];
      mf_analysis_add_finding (a, "one-way-connector", MF_SEVERITY_WARNING,
                               "connector %s is one-way: no connector leads back from %s to %s",
                               k->name, t->routing_groups[k->to].name,
                               t->routing_groups[k->from].name);
    }
}

static void
check_spof (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;

  for (int pass = 0; pass < 2; pass++)
    {
      GArray *list = pass == 0 ? a->spof_connectors : a->spof_servers;
      for (guint i = 0; i < list->len; i++)
        {
          MfFailure f = { pass == 0 ? MF_FAILURE_CONNECTOR : MF_FAILURE_SERVER,
                          g_array_index (list, int, i) };
          const MfWhatIf *w = mf_analysis_find_what_if (a, &f);
          g_autofree char *what = mf_failure_describe (t, &f);
          g_autoptr (GString) why = g_string_new (NULL);

          g_assert (w != NULL);
          if (f.kind == MF_FAILURE_SERVER)
            {
              int g = t->servers[f.id].routing_group;
              if (w->n_groups_down > 0)
                g_string_printf (why, " (the only server of %s, which other groups route "
                                      "through)",
                                 t->routing_groups[g].name);
              else
                {
                  g_autofree char *conns = connector_list (t, w->connectors_down,
                                                           w->n_connectors_down, 3);
                  g_string_printf (why, " (it alone is a bridgehead on one side of %s)", conns);
                }
            }
          if (w->unreachable_pairs > 0 && w->external_unreachable_pairs > 0)
            mf_analysis_add_finding (a, "single-point-of-failure", MF_SEVERITY_WARNING,
                                     "%s%s: its failure alone leaves %d pairs of routing groups "
                                     "and %d (group, address space) pairs without a route",
                                     what, why->str, w->unreachable_pairs,
                                     w->external_unreachable_pairs);
          else if (w->unreachable_pairs > 0)
            mf_analysis_add_finding (a, "single-point-of-failure", MF_SEVERITY_WARNING,
                                     "%s%s: its failure alone leaves %d pairs of routing groups "
                                     "without a route",
                                     what, why->str, w->unreachable_pairs);
          else
            mf_analysis_add_finding (a, "single-point-of-failure", MF_SEVERITY_WARNING,
                                     "%s%s: its failure alone leaves %d (group, address space) "
                                     "pairs without a route",
                                     what, why->str, w->external_unreachable_pairs);
        }
    }
}

static void
check_sizes (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;

  if (t->n_routing_groups > cx->opts->recommended_routing_groups)
    mf_analysis_add_finding (a, "too-many-routing-groups", MF_SEVERITY_WARNING,
                             "%d routing groups: Microsoft recommends at most %d (more groups "
                             "mean more hops, a larger link-state table and more to fail)",
                             t->n_routing_groups, cx->opts->recommended_routing_groups);
  for (int g = 0; g < t->n_routing_groups; g++)
    if (t->routing_groups[g].n_connectors > cx->opts->max_connectors_per_group)
      mf_analysis_add_finding (a, "too-many-connectors", MF_SEVERITY_ERROR,
                               "routing group %s has %d connectors: Exchange allows %d per "
                               "routing group",
                               t->routing_groups[g].name, t->routing_groups[g].n_connectors,
                               cx->opts->max_connectors_per_group);
}

/* Distinct neighbour groups of @g over connectors with a `to`. */
static int
count_neighbours (const MfTopology *t, int g)
{
  g_autofree gboolean *seen = g_new0 (gboolean, (gsize) t->n_routing_groups + 1);
  int n = 0;

  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      int other = k->from == g ? k->to : (k->to == g ? k->from : -1);
      if (other >= 0 && !seen[other])
        {
          seen[other] = TRUE;
          n++;
        }
    }
  return n;
}

static void
check_connectors (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;

  /* KB 811706: scope only in spokes, where no other group routes through. */
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      int neighbours;
      if (k->type != MF_CONNECTOR_SMTP || k->scope != MF_SCOPE_ROUTING_GROUP)
        continue;
      neighbours = count_neighbours (t, k->from);
      if (neighbours >= 2)
        mf_analysis_add_finding (a, "scoped-connector-outside-spoke", MF_SEVERITY_WARNING,
                                 "connector %s is scoped to routing group %s, which is not a "
                                 "spoke (%d neighbouring groups): when a local connector fails "
                                 "mail may be rerouted through another group's scoped "
                                 "connector (KB 811706); scope connectors only in spokes",
                                 k->name, t->routing_groups[k->from].name, neighbours);
    }

  /* A scheduled connector that alone joins some pair. */
  for (guint i = 0; i < a->spof_connectors->len; i++)
    {
      MfFailure f = { MF_FAILURE_CONNECTOR, g_array_index (a->spof_connectors, int, i) };
      const MfWhatIf *w = mf_analysis_find_what_if (a, &f);
      const MfConnector *k = &t->connectors[f.id];
      if (mf_schedule_is_always (&k->schedule))
        continue;
      mf_analysis_add_finding (a, "scheduled-only-route", MF_SEVERITY_WARNING,
                               "connector %s runs on a schedule and is the only route for %d "
                               "pairs: their mail waits for its next window, and link state "
                               "does not cross it",
                               k->name, w->unreachable_pairs + w->external_unreachable_pairs);
    }
}

static void
check_bridgeheads (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;
  g_autofree int *bridgehead = g_new (int, (gsize) t->n_routing_groups + 1);

  /* Per group: its single bridgehead, -1 for none yet, -2 for several. */
  for (int g = 0; g < t->n_routing_groups; g++)
    bridgehead[g] = -1;
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      for (int side = 0; side < 2; side++)
        {
          int g = side == 0 ? k->from : k->to;
          int n = side == 0 ? k->n_bridgeheads : k->n_remote_bridgeheads;
          const int *ids = side == 0 ? k->bridgeheads : k->remote_bridgeheads;
          for (int i = 0; g >= 0 && i < n; i++)
            if (bridgehead[g] == -1)
              bridgehead[g] = ids[i];
            else if (bridgehead[g] != ids[i])
              bridgehead[g] = -2;
        }
    }
  for (int g = 0; g < t->n_routing_groups; g++)
    {
      const MfRoutingGroup *rg = &t->routing_groups[g];
      int mailbox_server = -1, n_mailbox_servers = 0;
      if (bridgehead[g] < 0)
        continue;
      for (int i = 0; i < rg->n_members; i++)
        if (t->servers[rg->members[i]].mailboxes > 0)
          {
            mailbox_server = rg->members[i];
            n_mailbox_servers++;
          }
      if (n_mailbox_servers == 1 && mailbox_server == bridgehead[g])
        mf_analysis_add_finding (a, "sole-bridgehead-is-mailbox-server", MF_SEVERITY_INFO,
                                 "routing group %s: %s is both its only bridgehead and its only "
                                 "mailbox server; when it fails the group neither delivers "
                                 "nor exchanges mail (a second bridgehead keeps the "
                                 "connectors up)",
                                 rg->name, t->servers[bridgehead[g]].name);
    }
}

static void
check_exchange2007 (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;
  const int n = cx->n_groups;
  g_autofree int *out = g_new0 (int, (gsize) n * (gsize) n + 1);
  int n_2003 = 0, n_2007 = 0, links = 0;

  for (int g = 0; g < n; g++)
    {
      if (!cx->is_2007[g])
        {
          n_2003++;
          continue;
        }
      n_2007++;
      mf_analysis_add_finding (a, "exchange2007-group", MF_SEVERITY_INFO,
                               "routing group %s is taken for the Exchange 2007/2010 routing "
                               "group (its name contains %s): it keeps no link state, so "
                               "no link state crosses its connectors",
                               t->routing_groups[g].name, MF_ANALYZE_EXCHANGE2007_MARK);
    }
  if (n_2007 == 0)
    return;
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      if (k->to >= 0 && cx->is_2007[k->from] != cx->is_2007[k->to])
        out[(gsize) k->from * n + k->to]++;
    }
  /* A link is a connector and its reverse: count the busier direction. */
  for (int x = 0; x < n; x++)
    for (int y = x + 1; y < n; y++)
      links += MAX (out[(gsize) x * n + y], out[(gsize) y * n + x]);
  if (n_2003 > 1 && links > 1 && !t->org.suppress_state_changes)
    mf_analysis_add_finding (a, "exchange2007-suppress-state-changes", MF_SEVERITY_WARNING,
                             "%d routing group connector links join Exchange 2003 groups to "
                             "the Exchange 2007 routing group while suppress-state-changes is "
                             "off: set SuppressStateChanges on every Exchange 2003 server "
                             "before adding a second connector, or routing loops may occur",
                             links);
}

static void
check_islands (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;
  const int n = cx->n_groups;
  g_autofree int *mail = g_new (int, (gsize) n + 1);
  g_autofree int *ls = g_new (int, (gsize) n + 1);
  g_autofree gboolean *seen = g_new0 (gboolean, (gsize) n + 1);
  g_autoptr (GPtrArray) joints = g_ptr_array_new_with_free_func (g_free);
  int n_mail = 0, n_ls = 0;

  for (int g = 0; g < n; g++)
    mail[g] = ls[g] = g;
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      if (k->to < 0)
        continue;
      uf_union (mail, k->from, k->to);
      if (carries_link_state (cx, c))
        uf_union (ls, k->from, k->to);
    }
  /* Islands that mail joins but link state does not, among 2003 groups. */
  for (int g = 0; g < n; g++)
    {
      int r;
      if (cx->is_2007[g])
        continue;
      r = uf_find (mail, g);
      if (!seen[r])
        {
          seen[r] = TRUE;
          n_mail++;
        }
    }
  memset (seen, 0, sizeof (gboolean) * (gsize) n);
  for (int g = 0; g < n; g++)
    {
      int r;
      if (cx->is_2007[g])
        continue;
      r = uf_find (ls, g);
      if (!seen[r])
        {
          seen[r] = TRUE;
          n_ls++;
        }
    }
  if (n_ls <= n_mail)
    return;
  /* The connectors that mail crosses between islands but link state
   * does not, with the reason. */
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      const char *why;
      if (k->to < 0 || k->is_mirror || carries_link_state (cx, c))
        continue;
      if (!cx->is_2007[k->from] && !cx->is_2007[k->to]
          && uf_find (ls, k->from) == uf_find (ls, k->to))
        continue;
      why = cx->is_2007[k->from] || cx->is_2007[k->to] ? "Exchange 2007"
            : !mf_schedule_is_always (&k->schedule)     ? "scheduled"
                                                        : "SMTP";
      g_ptr_array_add (joints, g_strdup_printf ("%s (%s)", k->name, why));
    }
  g_autofree char *list = name_list ((const char *const *) joints->pdata, (int) joints->len,
                                     4);
  mf_analysis_add_finding (a, "link-state-islands", MF_SEVERITY_WARNING,
                           "link state is split into %d islands that mail joins over "
                           "connectors carrying no link state: %s; a connector that fails "
                           "in one island stays UP in the others, which keep routing into it",
                           n_ls, list);
}

/* For each address-space pattern on two connectors or more: the source
 * groups from which two of them tie at the lowest total cost. */
static void
check_address_spaces (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;
  const int n = cx->n_groups;
  g_autofree int *conns = g_new (int, (gsize) t->n_connectors + 1);
  g_autofree int *as_cost = g_new (int, (gsize) t->n_connectors + 1);

  for (int x = 0; x < a->n_external; x++)
    {
      const char *pattern = a->external[x];
      int n_conns = 0, n_sources = 0, example = -1, example_cost = -1;

      for (int c = 0; c < t->n_connectors; c++)
        {
          const MfConnector *k = &t->connectors[c];
          int best = -1;
          for (int i = 0; i < k->n_address_spaces; i++)
            if (strcmp (k->address_spaces[i].pattern, pattern) == 0
                && (best < 0 || k->address_spaces[i].cost < best))
              best = k->address_spaces[i].cost;
          if (best < 0)
            continue;
          conns[n_conns] = c;
          as_cost[n_conns++] = best;
        }
      if (n_conns < 2)
        continue;
      for (int s = 0; s < n; s++)
        {
          int low = -1, ties = 0;
          if (!cx->mail[s])
            continue;
          for (int i = 0; i < n_conns; i++)
            {
              const MfConnector *k = &t->connectors[conns[i]];
              int d = cx->bd[(gsize) s * n + k->from];
              if (d < 0 || (k->scope == MF_SCOPE_ROUTING_GROUP && k->from != s))
                continue;
              if (low < 0 || d + as_cost[i] < low)
                {
                  low = d + as_cost[i];
                  ties = 1;
                }
              else if (d + as_cost[i] == low)
                ties++;
            }
          if (ties < 2)
            continue;
          if (n_sources++ == 0)
            {
              example = s;
              example_cost = low;
            }
        }
      if (n_sources == 0)
        continue;
      g_autofree char *list = connector_list (t, conns, n_conns, 4);
      mf_analysis_add_finding (a, "address-space-tie", MF_SEVERITY_WARNING,
                               "address space SMTP:%s is on connectors %s, and from %d routing "
                               "group%s (e.g. %s, total cost %d) two or more of them cost the "
                               "same: Exchange picks among them at random; give them "
                               "different costs to make one the preferred route",
                               pattern, list, n_sources, n_sources == 1 ? "" : "s",
                               t->routing_groups[example].name, example_cost);
    }
}

static void
check_hops (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;

  if (a->most_servers > t->org.max_hop_count)
    mf_analysis_add_finding (a, "hop-count-exceeded", MF_SEVERITY_ERROR,
                             "mail from %s to %s may pass through %d servers, more than "
                             "max-hop-count %d: it is returned with an NDR",
                             t->routing_groups[a->most_servers_from].name,
                             t->routing_groups[a->most_servers_to].name, a->most_servers,
                             t->org.max_hop_count);
  if (t->org.max_hop_count != 30)
    mf_analysis_add_finding (a, "max-hop-count-not-default", MF_SEVERITY_INFO,
                             "max-hop-count is %d, not Exchange 2003's default of 30",
                             t->org.max_hop_count);
  (void) cx;
}

static void
check_settings (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;

  if (t->org.suppress_state_changes)
    mf_analysis_add_finding (a, "suppress-state-changes", MF_SEVERITY_INFO,
                             "suppress-state-changes is on: connectors are never marked down, "
                             "so after a failure Exchange keeps routing into it and the mail "
                             "of the rerouted pairs waits for the repair instead of taking "
                             "the costlier routes shown");
  for (guint i = 0; i < a->empty_groups->len; i++)
    mf_analysis_add_finding (a, "empty-routing-group", MF_SEVERITY_INFO,
                             "routing group %s has no servers: it sends and receives no mail "
                             "and is left out of the pairs",
                             t->routing_groups[g_array_index (a->empty_groups, int, i)].name);
}

/* A group that no SMTP connector with an address space serves reaches the
 * Internet only by DNS from its servers' virtual servers (reference §10):
 * allowed, but without a connector's control; said only when the
 * organisation sends Internet mail at all. */
static void
check_internet_edge (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;
  gboolean sends = t->traffic.external_share > 0.0 && t->traffic.external_domain != NULL;

  for (int f = 0; f < t->n_flows && !sends; f++)
    sends = t->flows[f].to_kind == MF_ENDPOINT_DOMAIN;
  if (!sends)
    return;
  for (int g = 0; g < t->n_routing_groups; g++)
    {
      const MfRoutingGroup *rg = &t->routing_groups[g];
      gboolean served = FALSE;
      int n_barred = 0;
      if (rg->n_members == 0)
        continue;
      for (int c = 0; c < t->n_connectors && !served; c++)
        {
          const MfConnector *k = &t->connectors[c];
          served = k->n_address_spaces > 0
                   && (k->scope == MF_SCOPE_ORGANIZATION || k->from == g);
        }
      if (served)
        continue;
      for (int m = 0; m < rg->n_members; m++)
        n_barred += !t->servers[rg->members[m]].direct_internet;
      mf_analysis_add_finding (a, "internet-by-dns-only", MF_SEVERITY_INFO,
                               "routing group %s has no SMTP connector to the Internet: its "
                               "servers send Internet mail directly by DNS from their virtual "
                               "servers%s",
                               rg->name,
                               n_barred > 0 ? ", and those with direct-internet = no return it "
                                              "with an NDR 5.4.4"
                                            : "");
    }
}

/* Every design check, in a fixed order (the report sorts by severity). */
void
mf_analyze_findings (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  check_reachability (cx, a);
  check_spof (cx, a);
  check_sizes (cx, a);
  check_connectors (cx, a);
  check_bridgeheads (cx, a);
  check_exchange2007 (cx, a);
  check_islands (cx, a);
  check_address_spaces (cx, a);
  check_hops (cx, a);
  check_settings (cx, a);
  check_internet_edge (cx, a);
}
