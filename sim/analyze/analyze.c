/* analyze.c — the analysis driver (analyze.h): the baseline, reachability
 * and route lengths; failures are in analyze-whatif.c, shape, link state
 * and design checks in analyze-findings.c.
 *
 * Route lengths are taken over every lowest-cost route, not only the
 * representative one, because Exchange spreads mail over all of them: a
 * connector is on a lowest-cost route from s when the baseline costs the
 * router gives satisfy cost(s, from) + cost(connector) = cost(s, to), and
 * a walk over those connectors in order of cost finds the longest.  The
 * servers a message passes through are counted as Exchange adds Received:
 * headers (reference §6): in each routing group of the route, the server
 * that receives it and, when it is not itself a bridgehead of the next
 * connector (or the recipient's server), one more.
 */
#define G_LOG_DOMAIN "msgflow-analyze"

#include "analyze/analyze-private.h"

#include <string.h>

G_DEFINE_QUARK (mf-analyze-error-quark, mf_analyze_error)

/* Fills @options with the defaults. */
void
mf_analyze_options_init (MfAnalyzeOptions *options)
{
  g_return_if_fail (options != NULL);
  options->k = 1;
  options->recommended_routing_groups = MF_ANALYZE_RECOMMENDED_ROUTING_GROUPS;
  options->max_connectors_per_group = MF_ANALYZE_MAX_CONNECTORS_PER_GROUP;
  options->max_k2_pairs = MF_ANALYZE_MAX_K2_PAIRS;
  options->exhaustive = FALSE;
  options->interrupt = NULL;
  options->progress = NULL;
  options->progress_data = NULL;
}

const char *
mf_severity_name (MfSeverity severity)
{
  switch (severity)
    {
    case MF_SEVERITY_ERROR:
      return "error";
    case MF_SEVERITY_WARNING:
      return "warning";
    case MF_SEVERITY_INFO:
      return "info";
    default:
      g_return_val_if_reached ("unknown");
    }
}

const char *
mf_shape_name (MfShape shape)
{
  switch (shape)
    {
    case MF_SHAPE_SINGLE_GROUP:
      return "single group";
    case MF_SHAPE_HUB_AND_SPOKE:
      return "hub-and-spoke";
    case MF_SHAPE_FULL_MESH:
      return "full mesh";
    case MF_SHAPE_RING:
      return "ring";
    case MF_SHAPE_CHAIN:
      return "chain";
    case MF_SHAPE_MIXED:
      return "mixed";
    case MF_SHAPE_DISCONNECTED:
      return "disconnected";
    default:
      g_return_val_if_reached ("unknown");
    }
}

static void
finding_free (gpointer data)
{
  MfFinding *f = data;

  g_free (f->message);
  g_free (f);
}

/* Appends a finding; @id must be a static string. */
void
mf_analysis_add_finding (MfAnalysis *a, const char *id, MfSeverity severity, const char *format,
                         ...)
{
  MfFinding *f = g_new0 (MfFinding, 1);
  va_list ap;

  va_start (ap, format);
  f->message = g_strdup_vprintf (format, ap);
  va_end (ap);
  f->id = id;
  f->severity = severity;
  f->seq_ = (int) a->findings->len;
  g_ptr_array_add (a->findings, f);
}

void
mf_analysis_free (MfAnalysis *a)
{
  if (a == NULL)
    return;
  g_strfreev (a->external);
  g_clear_pointer (&a->unreachable, g_array_unref);
  g_clear_pointer (&a->external_unreachable, g_array_unref);
  g_clear_pointer (&a->external_by_dns, g_array_unref);
  g_clear_pointer (&a->one_way, g_array_unref);
  g_clear_pointer (&a->empty_groups, g_array_unref);
  g_clear_pointer (&a->what_if, g_ptr_array_unref);
  g_clear_pointer (&a->what_if_2, g_ptr_array_unref);
  g_clear_pointer (&a->spof_connectors, g_array_unref);
  g_clear_pointer (&a->spof_servers, g_array_unref);
  g_clear_pointer (&a->equal_cost, g_array_unref);
  g_clear_pointer (&a->hubs, g_array_unref);
  g_clear_pointer (&a->findings, g_ptr_array_unref);
  g_free (a);
}

static MfAnalysis *
analysis_new (const MfTopology *topo, int k)
{
  MfAnalysis *a = g_new0 (MfAnalysis, 1);

  a->topo = topo;
  a->k = k;
  a->complete = TRUE;
  a->unreachable = g_array_new (FALSE, FALSE, sizeof (MfGroupPair));
  a->external_unreachable = g_array_new (FALSE, FALSE, sizeof (MfGroupPair));
  a->external_by_dns = g_array_new (FALSE, FALSE, sizeof (MfGroupPair));
  a->one_way = g_array_new (FALSE, FALSE, sizeof (int));
  a->empty_groups = g_array_new (FALSE, FALSE, sizeof (int));
  a->what_if = g_ptr_array_new_with_free_func (mf_what_if_free);
  a->what_if_2 = g_ptr_array_new_with_free_func (mf_what_if_free);
  a->spof_connectors = g_array_new (FALSE, FALSE, sizeof (int));
  a->spof_servers = g_array_new (FALSE, FALSE, sizeof (int));
  a->equal_cost = g_array_new (FALSE, FALSE, sizeof (MfEqualCostPair));
  a->hubs = g_array_new (FALSE, FALSE, sizeof (int));
  a->findings = g_ptr_array_new_with_free_func (finding_free);
  a->longest_from = a->longest_to = -1;
  a->most_servers_from = a->most_servers_to = -1;
  a->max_hop_count = topo->org.max_hop_count;
  return a;
}

static void
ctx_clear (MfAnalyzeCtx *cx)
{
  if (cx->trees != NULL)
    for (int g = 0; g < cx->n_groups; g++)
      mf_route_tree_unref (cx->trees[g]);
  g_free (cx->trees);
  g_free (cx->mail);
  g_free (cx->bd);
  g_free (cx->bext);
  g_strfreev (cx->probe);
  g_free (cx->is_2007);
  g_clear_pointer (&cx->base, mf_link_state_free);
}

/* ------------------------------------------------------------ baseline */

/* A domain that @pattern matches: the pattern itself when exact, else a
 * made-up first label below its suffix.  (transfer full) */
static char *
probe_domain (const char *pattern)
{
  if (strcmp (pattern, "*") == 0)
    return g_strdup ("msgflow-probe.invalid");
  if (g_str_has_prefix (pattern, "*."))
    return g_strdup_printf ("msgflow-probe.%s", pattern + 2);
  return g_strdup (pattern);
}

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The distinct address-space patterns, sorted. */
static void
collect_external (MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) list = g_ptr_array_new ();

  for (int c = 0; c < t->n_connectors; c++)
    for (int i = 0; i < t->connectors[c].n_address_spaces; i++)
      {
        char *p = t->connectors[c].address_spaces[i].pattern;
        if (g_hash_table_add (seen, p))
          g_ptr_array_add (list, p);
      }
  g_ptr_array_sort (list, cmp_str);
  cx->n_external = a->n_external = (int) list->len;
  a->external = g_new0 (char *, list->len + 1);
  cx->probe = g_new0 (char *, list->len + 1);
  for (guint i = 0; i < list->len; i++)
    {
      a->external[i] = g_strdup (g_ptr_array_index (list, i));
      cx->probe[i] = probe_domain (g_ptr_array_index (list, i));
    }
}

/* Baseline trees and costs: one Dijkstra per group (batched), and one
 * address-space choice per (group, external destination). */
static gboolean
baseline (MfAnalyzeCtx *cx, MfAnalysis *a, GError **error)
{
  const MfTopology *t = cx->topo;
  const int n = cx->n_groups;

  cx->base = mf_link_state_new (t);
  cx->mail = g_new0 (gboolean, (gsize) n + 1);
  cx->is_2007 = g_new0 (gboolean, (gsize) n + 1);
  for (int g = 0; g < n; g++)
    {
      const char *name = t->routing_groups[g].name;
      g_autofree char *upper = g_ascii_strup (name, -1);
      cx->mail[g] = t->routing_groups[g].n_members > 0;
      cx->is_2007[g] = strstr (upper, MF_ANALYZE_EXCHANGE2007_MARK) != NULL;
      if (cx->mail[g])
        a->n_mail_groups++;
      else
        g_array_append_val (a->empty_groups, g);
    }
  a->n_pairs = (gint64) a->n_mail_groups * (a->n_mail_groups - 1);
  collect_external (cx, a);

  if (!mf_router_prepare (cx->router, cx->base, 0, error))
    return FALSE;
  cx->trees = g_new0 (MfRouteTree *, (gsize) n + 1);
  cx->bd = g_new (int, (gsize) n * (gsize) n + 1);
  cx->bext = g_new (int, (gsize) n * (gsize) cx->n_external + 1);
  for (int s = 0; s < n; s++)
    {
      cx->trees[s] = mf_router_get_tree (cx->router, cx->base, s, 0, error);
      if (cx->trees[s] == NULL)
        return FALSE;
      for (int d = 0; d < n; d++)
        cx->bd[(gsize) s * n + d] = mf_route_tree_get_cost (cx->trees[s], d);
      for (int p = 0; p < cx->n_external; p++)
        {
          MfDestination dest = mf_destination_domain (cx->probe[p]);
          g_autoptr (MfRoute) route = mf_route_tree_route (cx->trees[s], &dest);
          cx->bext[(gsize) s * cx->n_external + p] = route->reachable ? route->cost : -1;
        }
    }
  return TRUE;
}

/* A group that sees no connector for the domain still reaches it when one
 * of its servers may send by DNS (direct-internet), as the transport does;
 * with direct-internet off everywhere its mail is returned (5.4.4). */
static gboolean
reaches_by_dns (const MfTopology *t, int g, const char *domain)
{
  const MfRoutingGroup *rg = &t->routing_groups[g];

  if (!mf_route_by_dns (t, g, domain))
    return FALSE;
  for (int i = 0; i < rg->n_members; i++)
    if (t->servers[rg->members[i]].direct_internet)
      return TRUE;
  return FALSE;
}

/* Pairs without a route, and connectors without one back. */
static void
reachability (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;
  const int n = cx->n_groups;

  for (int s = 0; s < n; s++)
    {
      if (!cx->mail[s])
        continue;
      for (int d = 0; d < n; d++)
        if (d != s && cx->mail[d] && cx->bd[(gsize) s * n + d] < 0)
          {
            MfGroupPair p = { s, d };
            g_array_append_val (a->unreachable, p);
          }
      for (int p = 0; p < cx->n_external; p++)
        if (cx->bext[(gsize) s * cx->n_external + p] < 0)
          {
            MfGroupPair q = { s, p };
            g_array_append_val (reaches_by_dns (t, s, cx->probe[p]) ? a->external_by_dns
                                                                    : a->external_unreachable,
                                q);
          }
    }
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      gboolean back = FALSE;
      if (k->to < 0 || k->mirror >= 0)
        continue;
      const MfRoutingGroup *rg = &t->routing_groups[k->to];
      for (int i = 0; i < rg->n_connectors && !back; i++)
        back = t->connectors[rg->connectors[i]].to == k->from;
      if (!back)
        g_array_append_val (a->one_way, c);
    }
}

/* ------------------------------------------------------------ hops */

/* Bridgehead sets as bit masks over their group's members, so that "is
 * every server that receives from c' a bridgehead of c" is a few word
 * operations. */
typedef struct {
  int *member_index;   /* per server: its index among its group's members */
  int *words;          /* per group: 64-bit words of a mask */
  guint64 **local;     /* per connector: bridgeheads, over `from`'s members */
  guint64 **remote;    /* per connector: remote bridgeheads, over `to`'s members */
  gboolean *all_local; /* per connector: every server of `from` is a bridgehead */
} Masks;

static guint64 *
mask_of (const Masks *m, int group, int n, const int *servers)
{
  guint64 *mask = g_new0 (guint64, (gsize) m->words[group] + 1);

  for (int i = 0; i < n; i++)
    {
      int bit = m->member_index[servers[i]];
      mask[bit / 64] |= G_GUINT64_CONSTANT (1) << (bit % 64);
    }
  return mask;
}

static void
masks_init (Masks *m, const MfTopology *t)
{
  m->member_index = g_new (int, (gsize) t->n_servers + 1);
  m->words = g_new (int, (gsize) t->n_routing_groups + 1);
  m->local = g_new0 (guint64 *, (gsize) t->n_connectors + 1);
  m->remote = g_new0 (guint64 *, (gsize) t->n_connectors + 1);
  m->all_local = g_new0 (gboolean, (gsize) t->n_connectors + 1);
  for (int g = 0; g < t->n_routing_groups; g++)
    {
      const MfRoutingGroup *rg = &t->routing_groups[g];
      m->words[g] = (rg->n_members + 63) / 64;
      for (int i = 0; i < rg->n_members; i++)
        m->member_index[rg->members[i]] = i;
    }
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      if (k->to < 0)
        continue;
      m->local[c] = mask_of (m, k->from, k->n_bridgeheads, k->bridgeheads);
      m->remote[c] = mask_of (m, k->to, k->n_remote_bridgeheads, k->remote_bridgeheads);
      m->all_local[c] = k->n_bridgeheads == t->routing_groups[k->from].n_members;
    }
}

static void
masks_clear (Masks *m, const MfTopology *t)
{
  for (int c = 0; c < t->n_connectors; c++)
    {
      g_free (m->local[c]);
      g_free (m->remote[c]);
    }
  g_free (m->local);
  g_free (m->remote);
  g_free (m->all_local);
  g_free (m->member_index);
  g_free (m->words);
}

/* Does every server that receives over @in also send over @out (both
 * meet in one group)? */
static gboolean
receivers_send (const Masks *m, int group, int in, int out)
{
  for (int w = 0; w < m->words[group]; w++)
    if (m->remote[in][w] & ~m->local[out][w])
      return FALSE;
  return TRUE;
}

typedef struct {
  const MfAnalyzeCtx *cx;
  const Masks *masks;
  int *in_start;   /* connectors with a `to`, by target group */
  int *in_conn;
  int *order;      /* scratch: groups by cost */
  int *group_hops; /* per group: most connectors on a lowest-cost route */
  int *group_srv;  /* per group: most servers on a lowest-cost route */
  int *conn_srv;   /* per connector: most servers up to the one receiving over it */
  const int *dist; /* the current source's row of bd */
} HopWalk;

static int
cmp_by_dist (gconstpointer a, gconstpointer b, gpointer data)
{
  const int *dist = ((const HopWalk *) data)->dist;
  int x = *(const int *) a, y = *(const int *) b;

  if (dist[x] != dist[y])
    return dist[x] < dist[y] ? -1 : 1;
  return (x > y) - (x < y);
}

/* Longest lowest-cost routes from @s, in connectors and in servers, to
 * every group; folds them into @a.  O(G log G + E × in-degree × words). */
static void
hops_from (HopWalk *h, int s, MfAnalysis *a)
{
  const MfAnalyzeCtx *cx = h->cx;
  const MfTopology *t = cx->topo;
  const int n = cx->n_groups;
  const int *dist = &cx->bd[(gsize) s * n];
  const int *costs = mf_link_state_get_costs (cx->base);
  int n_order = 0;

  for (int v = 0; v < n; v++)
    if (dist[v] >= 0)
      h->order[n_order++] = v;
  h->dist = dist;
  g_qsort_with_data (h->order, n_order, sizeof (int), cmp_by_dist, h);

  for (int i = 0; i < n_order; i++)
    {
      int v = h->order[i];
      int best_hops = 0, best_srv = 0;
      if (v == s)
        {
          h->group_hops[v] = 0;
          continue;
        }
      for (int j = h->in_start[v]; j < h->in_start[v + 1]; j++)
        {
          int c = h->in_conn[j];
          int u = t->connectors[c].from;
          if (dist[u] < 0 || dist[u] + costs[c] != dist[v])
            continue;
          /* c is on a lowest-cost route: servers up to the receiving one. */
          int srv;
          if (u == s)
            srv = (h->masks->all_local[c] ? 1 : 2) + 1;
          else
            {
              srv = 0;
              for (int q = h->in_start[u]; q < h->in_start[u + 1]; q++)
                {
                  int c2 = h->in_conn[q];
                  int w = t->connectors[c2].from;
                  if (dist[w] < 0 || dist[w] + costs[c2] != dist[u])
                    continue;
                  srv = MAX (srv, h->conn_srv[c2] + (receivers_send (h->masks, u, c2, c) ? 0 : 1)
                                      + 1);
                }
            }
          h->conn_srv[c] = srv;
          best_hops = MAX (best_hops, h->group_hops[u] + 1);
          best_srv = MAX (best_srv, srv + (t->routing_groups[v].n_members > 1 ? 1 : 0));
        }
      h->group_hops[v] = best_hops;
      h->group_srv[v] = best_srv;
    }
  /* Fold in file order: the first pair with the maximum is the one shown. */
  for (int v = 0; v < n; v++)
    {
      if (v == s || dist[v] < 0 || !cx->mail[v] || !cx->mail[s])
        continue;
      if (h->group_hops[v] > a->longest_connectors
          || (h->group_hops[v] == a->longest_connectors && a->longest_from < 0))
        {
          a->longest_connectors = h->group_hops[v];
          a->longest_from = s;
          a->longest_to = v;
          a->longest_cost = dist[v];
        }
      if (h->group_srv[v] > a->most_servers)
        {
          a->most_servers = h->group_srv[v];
          a->most_servers_from = s;
          a->most_servers_to = v;
        }
    }
}

static void
hops (const MfAnalyzeCtx *cx, MfAnalysis *a)
{
  const MfTopology *t = cx->topo;
  const int n = cx->n_groups;
  Masks masks;
  HopWalk h = { cx, &masks, NULL, NULL, NULL, NULL, NULL, NULL, NULL };

  masks_init (&masks, t);
  h.in_start = g_new0 (int, (gsize) n + 2);
  h.in_conn = g_new (int, (gsize) t->n_connectors + 1);
  h.order = g_new (int, (gsize) n + 1);
  h.group_hops = g_new0 (int, (gsize) n + 1);
  h.group_srv = g_new0 (int, (gsize) n + 1);
  h.conn_srv = g_new0 (int, (gsize) t->n_connectors + 1);
  for (int c = 0; c < t->n_connectors; c++)
    if (t->connectors[c].to >= 0)
      h.in_start[t->connectors[c].to + 1]++;
  for (int g = 0; g < n; g++)
    h.in_start[g + 1] += h.in_start[g];
  {
    g_autofree int *fill = g_memdup2 (h.in_start, sizeof (int) * ((gsize) n + 1));
    for (int c = 0; c < t->n_connectors; c++)
      if (t->connectors[c].to >= 0)
        h.in_conn[fill[t->connectors[c].to]++] = c;
  }

  /* Ordered pairs in file order: the first pair with the maximum is shown. */
  for (int s = 0; s < n; s++)
    {
      if (!cx->mail[s])
        continue;
      hops_from (&h, s, a);
      for (int d = 0; d < n; d++)
        {
          guint64 eq = mf_route_tree_get_n_equal (cx->trees[s], d);
          if (d == s || !cx->mail[d] || eq < 2)
            continue;
          MfEqualCostPair p = { s, d, cx->bd[(gsize) s * n + d], eq };
          g_array_append_val (a->equal_cost, p);
        }
    }
  g_free (h.in_start);
  g_free (h.in_conn);
  g_free (h.order);
  g_free (h.group_hops);
  g_free (h.group_srv);
  g_free (h.conn_srv);
  masks_clear (&masks, t);
}

/* ------------------------------------------------------------ driver */

static int
cmp_finding (gconstpointer a, gconstpointer b)
{
  const MfFinding *x = *(MfFinding *const *) a, *y = *(MfFinding *const *) b;

  if (x->severity != y->severity)
    return x->severity < y->severity ? -1 : 1;
  return (x->seq_ > y->seq_) - (x->seq_ < y->seq_);
}

/**
 * mf_analyze:
 * @router: (transfer none): the router of the topology to analyse; its
 *   cache is flushed between failure scenarios
 * @options: what to do (mf_analyze_options_init gives the defaults)
 * @error: return location
 *
 * Analyses the configured organisation: see analyze.h and docs/analyze.md.
 * Cost, with G routing groups, E connectors, S servers and X external
 * destinations: the baseline is G Dijkstra runs (O(G × E log G)) plus
 * G × X address-space choices; each failure scenario recomputes only the
 * sources that had a lowest-cost route over a connector it takes down (all
 * of them when an SMTP connector with address spaces goes down), so N−1 is
 * at most (links + servers that take a connector down) × G Dijkstra runs,
 * and a server that takes no connector down costs O(E).  --k 2 is quadratic
 * in links + servers and refused past @options->max_k2_pairs.
 *
 * Returns: (transfer full): the analysis, or NULL with MF_ANALYZE_ERROR
 *   (too large, invalid options) or MF_IGRAPH_ERROR set
 */
MfAnalysis *
mf_analyze (MfRouter *router, const MfAnalyzeOptions *options, GError **error)
{
  g_return_val_if_fail (router != NULL && options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  const MfTopology *topo = mf_router_get_topology (router);
  g_autoptr (MfAnalysis) a = NULL;
  MfAnalyzeCtx cx = { 0 };
  gboolean ok;

  if (options->k < 1 || options->k > 2)
    {
      g_set_error (error, MF_ANALYZE_ERROR, MF_ANALYZE_ERROR_INVALID,
                   "k must be 1 or 2, not %d", options->k);
      return NULL;
    }
  if (options->k == 2)
    {
      /* Checked before any work: the command reports it as bad usage. */
      gint64 n_el = topo->n_servers, n_pairs;
      for (int c = 0; c < topo->n_connectors; c++)
        n_el += !topo->connectors[c].is_mirror;
      n_pairs = n_el * (n_el - 1) / 2;
      if (n_pairs > options->max_k2_pairs)
        {
          g_set_error (error, MF_ANALYZE_ERROR, MF_ANALYZE_ERROR_TOO_LARGE,
                       "--k 2: %" G_GINT64_FORMAT " links and servers make %" G_GINT64_FORMAT
                       " pairs of failures, more than the %" G_GINT64_FORMAT
                       " examined at most (see docs/analyze.md)",
                       n_el, n_pairs, options->max_k2_pairs);
          return NULL;
        }
    }
  a = analysis_new (topo, options->k);
  cx.topo = topo;
  cx.router = router;
  cx.opts = options;
  cx.n_groups = topo->n_routing_groups;

  ok = baseline (&cx, a, error);
  if (ok)
    {
      reachability (&cx, a);
      hops (&cx, a);
      mf_analyze_shape (&cx, a);
      mf_analyze_link_state (&cx, a);
      ok = mf_analyze_what_if (&cx, a, error);
    }
  if (ok)
    {
      mf_analyze_findings (&cx, a);
      g_ptr_array_sort (a->findings, cmp_finding);
    }
  ctx_clear (&cx);
  mf_router_flush_cache (router);
  return ok ? g_steal_pointer (&a) : NULL;
}

/**
 * mf_analysis_find_what_if:
 *
 * The single-failure entry of @failure (for a connector, its original
 * names the link).  O(links + servers).
 *
 * Returns: (transfer none) (nullable): the entry, or NULL
 */
const MfWhatIf *
mf_analysis_find_what_if (const MfAnalysis *analysis, const MfFailure *failure)
{
  g_return_val_if_fail (analysis != NULL && failure != NULL, NULL);

  MfFailure f = *failure;
  if (f.kind == MF_FAILURE_CONNECTOR && analysis->topo->connectors[f.id].is_mirror)
    f.id = analysis->topo->connectors[f.id].mirror;
  for (guint i = 0; i < analysis->what_if->len; i++)
    {
      const MfWhatIf *w = g_ptr_array_index (analysis->what_if, i);
      if (w->failures[0].kind == f.kind && w->failures[0].id == f.id)
        return w;
    }
  return NULL;
}
