/* linkstate.c — the link-state table (linkstate.h).
 *
 * Layout: the struct and its four arrays live in one block, so a copy is
 * one g_malloc and one memcpy (the simulator copies a view per server and
 * per OrgInfo received).  The routing hash is kept up to date by every
 * setter in O(1): it is the XOR over connectors of a mix (one splitmix64
 * step, mf_rng_mix64) of (id, state, cost), so views with the same states
 * and costs have the same hash whatever their history; routing.c uses it
 * to share shortest-path trees between the views of different servers.
 */
#define G_LOG_DOMAIN "msgflow-linkstate"

#include "model/linkstate.h"

#include "base/rng.h"

#include <string.h>

struct _MfLinkState {
  const MfTopology *topo; /* (transfer none) */
  gsize block_bytes;      /* the struct and its arrays */
  int n_groups;
  int n_connectors;
  guint64 routing_hash;
  MfLinkVersion *versions; /* n_groups, inside the block */
  int *masters;            /* n_groups, server ids or -1 */
  int *costs;              /* n_connectors, 1..100 */
  guint8 *up;              /* n_connectors, MfLinkStatus */
};

static inline guint64
entry_hash (int connector, guint8 up, int cost)
{
  guint64 key = ((guint64) (guint32) connector << 9) | ((guint64) (guint32) cost << 1) | up;
  return mf_rng_mix64 (key + MF_RNG_GOLDEN_GAMMA);
}

static gsize
block_size (int n_groups, int n_connectors)
{
  return sizeof (MfLinkState) + sizeof (MfLinkVersion) * (gsize) n_groups
         + sizeof (int) * (gsize) n_groups + sizeof (int) * (gsize) n_connectors
         + (gsize) n_connectors;
}

/* Point the arrays into the block that follows the struct. */
static void
attach_arrays (MfLinkState *view)
{
  guint8 *p = (guint8 *) (view + 1);

  view->versions = (MfLinkVersion *) (void *) p;
  p += sizeof (MfLinkVersion) * (gsize) view->n_groups;
  view->masters = (int *) (void *) p;
  p += sizeof (int) * (gsize) view->n_groups;
  view->costs = (int *) (void *) p;
  p += sizeof (int) * (gsize) view->n_connectors;
  view->up = p;
}

/**
 * mf_link_state_new:
 * @topo: (transfer none): the organisation; must outlive the view
 *
 * A view as a server has it right after loading the configuration: every
 * connector UP at its configured cost, the configured masters, and version
 * MF_LINK_VERSION_INITIAL_MAJOR.0.0 for every group.  O(groups + connectors).
 *
 * Returns: (transfer full): the view
 */
MfLinkState *
mf_link_state_new (const MfTopology *topo)
{
  g_return_val_if_fail (topo != NULL, NULL);

  gsize bytes = block_size (topo->n_routing_groups, topo->n_connectors);
  MfLinkState *view = g_malloc0 (bytes);

  view->topo = topo;
  view->block_bytes = bytes;
  view->n_groups = topo->n_routing_groups;
  view->n_connectors = topo->n_connectors;
  attach_arrays (view);
  for (int g = 0; g < view->n_groups; g++)
    {
      view->versions[g] = (MfLinkVersion) { MF_LINK_VERSION_INITIAL_MAJOR, 0, 0 };
      view->masters[g] = topo->routing_groups[g].master;
    }
  for (int c = 0; c < view->n_connectors; c++)
    {
      view->costs[c] = topo->connectors[c].cost;
      view->up[c] = MF_LINK_UP;
      view->routing_hash ^= entry_hash (c, MF_LINK_UP, view->costs[c]);
    }
  return view;
}

/**
 * mf_link_state_copy:
 * @view: a view
 *
 * Returns: (transfer full): an independent copy.  O(groups + connectors),
 *   one allocation.
 */
MfLinkState *
mf_link_state_copy (const MfLinkState *view)
{
  g_return_val_if_fail (view != NULL, NULL);

  MfLinkState *copy = g_malloc (view->block_bytes);
  memcpy (copy, view, view->block_bytes);
  attach_arrays (copy);
  return copy;
}

/**
 * mf_link_state_assign:
 * @dst: a view of the same topology as @src
 * @src: the view to copy
 *
 * Makes @dst equal to @src without allocating (a server adopting a whole
 * table).  O(groups + connectors).
 */
void
mf_link_state_assign (MfLinkState *dst, const MfLinkState *src)
{
  g_return_if_fail (dst != NULL && src != NULL);
  g_return_if_fail (dst->topo == src->topo);

  if (dst == src)
    return;
  dst->routing_hash = src->routing_hash;
  memcpy (dst + 1, src + 1, src->block_bytes - sizeof (MfLinkState));
}

void
mf_link_state_free (MfLinkState *view)
{
  g_free (view);
}

/* (transfer none) */
const MfTopology *
mf_link_state_get_topology (const MfLinkState *view)
{
  g_return_val_if_fail (view != NULL, NULL);
  return view->topo;
}

MfLinkStatus
mf_link_state_get_status (const MfLinkState *view, int connector)
{
  g_return_val_if_fail (view != NULL, MF_LINK_DOWN);
  g_return_val_if_fail (connector >= 0 && connector < view->n_connectors, MF_LINK_DOWN);
  return (MfLinkStatus) view->up[connector];
}

gboolean
mf_link_state_is_up (const MfLinkState *view, int connector)
{
  return mf_link_state_get_status (view, connector) == MF_LINK_UP;
}

int
mf_link_state_get_cost (const MfLinkState *view, int connector)
{
  g_return_val_if_fail (view != NULL, 0);
  g_return_val_if_fail (connector >= 0 && connector < view->n_connectors, 0);
  return view->costs[connector];
}

int
mf_link_state_get_master (const MfLinkState *view, int routing_group)
{
  g_return_val_if_fail (view != NULL, -1);
  g_return_val_if_fail (routing_group >= 0 && routing_group < view->n_groups, -1);
  return view->masters[routing_group];
}

MfLinkVersion
mf_link_state_get_version (const MfLinkState *view, int routing_group)
{
  MfLinkVersion none = { 0, 0, 0 };

  g_return_val_if_fail (view != NULL, none);
  g_return_val_if_fail (routing_group >= 0 && routing_group < view->n_groups, none);
  return view->versions[routing_group];
}

/**
 * mf_link_version_compare:
 *
 * Returns: <0, 0 or >0 as @a is older than, the same as, or newer than @b
 *   (major first, then minor, then user).
 */
int
mf_link_version_compare (MfLinkVersion a, MfLinkVersion b)
{
  if (a.major != b.major)
    return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor)
    return a.minor < b.minor ? -1 : 1;
  if (a.user != b.user)
    return a.user < b.user ? -1 : 1;
  return 0;
}

/* The number of connectors DOWN in @view.  O(connectors). */
int
mf_link_state_count_down (const MfLinkState *view)
{
  int n = 0;

  g_return_val_if_fail (view != NULL, 0);
  for (int c = 0; c < view->n_connectors; c++)
    n += view->up[c] == MF_LINK_DOWN;
  return n;
}

/**
 * mf_link_state_set_status:
 * @view: a view
 * @connector: a connector id (one direction: a mirror is a connector of its
 *   own, and the caller decides whether a change applies to both)
 * @status: UP or DOWN
 *
 * Changes the connector's state; a change is a minor version change of the
 * connector's routing group (its `from`).  O(1).
 *
 * Returns: TRUE when the state changed.
 */
gboolean
mf_link_state_set_status (MfLinkState *view, int connector, MfLinkStatus status)
{
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (connector >= 0 && connector < view->n_connectors, FALSE);
  g_return_val_if_fail (status == MF_LINK_UP || status == MF_LINK_DOWN, FALSE);

  if (view->up[connector] == (guint8) status)
    return FALSE;
  view->routing_hash ^= entry_hash (connector, view->up[connector], view->costs[connector]);
  view->up[connector] = (guint8) status;
  view->routing_hash ^= entry_hash (connector, view->up[connector], view->costs[connector]);
  view->versions[view->topo->connectors[connector].from].minor++;
  return TRUE;
}

/**
 * mf_link_state_set_cost:
 * @cost: 1..100
 *
 * Changes a connector's cost: a major version change of its group.  O(1).
 *
 * Returns: TRUE when the cost changed.
 */
gboolean
mf_link_state_set_cost (MfLinkState *view, int connector, int cost)
{
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (connector >= 0 && connector < view->n_connectors, FALSE);
  g_return_val_if_fail (cost >= 1 && cost <= 100, FALSE);

  if (view->costs[connector] == cost)
    return FALSE;
  view->routing_hash ^= entry_hash (connector, view->up[connector], view->costs[connector]);
  view->costs[connector] = cost;
  view->routing_hash ^= entry_hash (connector, view->up[connector], view->costs[connector]);
  view->versions[view->topo->connectors[connector].from].major++;
  return TRUE;
}

/**
 * mf_link_state_set_master:
 * @server: a member of @routing_group
 *
 * Makes @server the group's master: a user version change.  O(1).
 *
 * Returns: TRUE when the master changed.
 */
gboolean
mf_link_state_set_master (MfLinkState *view, int routing_group, int server)
{
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (routing_group >= 0 && routing_group < view->n_groups, FALSE);
  g_return_val_if_fail (server >= 0 && server < view->topo->n_servers, FALSE);
  g_return_val_if_fail (view->topo->servers[server].routing_group == routing_group, FALSE);

  if (view->masters[routing_group] == server)
    return FALSE;
  view->masters[routing_group] = server;
  view->versions[routing_group].user++;
  return TRUE;
}

/* A user version change without another change (a server's services
 * started or stopped, a member lost contact with its master).  O(1). */
void
mf_link_state_bump_user (MfLinkState *view, int routing_group)
{
  g_return_if_fail (view != NULL);
  g_return_if_fail (routing_group >= 0 && routing_group < view->n_groups);
  view->versions[routing_group].user++;
}

static gboolean
all_down (int n, const int *servers, const gboolean *server_down)
{
  if (n == 0)
    return FALSE; /* no server to fail: a group without servers */
  for (int i = 0; i < n; i++)
    if (!server_down[servers[i]])
      return FALSE;
  return TRUE;
}

/**
 * mf_link_state_servers_cut:
 * @topo: the topology
 * @connector: a connector of @topo
 * @server_down: one flag per server of the topology
 *
 * The one rule for servers in link state, used by `routes --down`,
 * `analyze` and the simulator alike: a connector is unusable when all of
 * its bridgeheads are down, or all of its remote bridgeheads are (a
 * connector without remote bridgeheads, an address-space-only SMTP
 * connector, is judged by its local side only).  O(bridgeheads).
 *
 * Returns: TRUE when the down servers leave the connector without a
 *   working end
 */
gboolean
mf_link_state_servers_cut (const MfTopology *topo, int connector, const gboolean *server_down)
{
  g_return_val_if_fail (topo != NULL && server_down != NULL, FALSE);
  g_return_val_if_fail (connector >= 0 && connector < topo->n_connectors, FALSE);

  const MfConnector *k = &topo->connectors[connector];
  return all_down (k->n_bridgeheads, k->bridgeheads, server_down)
         || all_down (k->n_remote_bridgeheads, k->remote_bridgeheads, server_down);
}

/**
 * mf_link_state_apply_servers_down:
 * @view: a view
 * @server_down: one flag per server of the topology
 *
 * Marks DOWN every connector that the down servers leave without a working
 * end (mf_link_state_servers_cut).  Connectors are never
 * marked UP here.  O(connectors × bridgeheads).
 *
 * Returns: the number of connectors that went DOWN.
 */
int
mf_link_state_apply_servers_down (MfLinkState *view, const gboolean *server_down)
{
  int n = 0;

  g_return_val_if_fail (view != NULL && server_down != NULL, 0);
  for (int c = 0; c < view->n_connectors; c++)
    {
      if (mf_link_state_servers_cut (view->topo, c, server_down))
        n += mf_link_state_set_status (view, c, MF_LINK_DOWN);
    }
  return n;
}

/**
 * mf_link_state_merge:
 * @dst: the receiving server's view
 * @src: a view received (an OrgInfo packet), of the same topology
 *
 * Takes from @src every routing group whose version is newer than @dst's:
 * its versions, master, and the states and costs of the connectors it owns,
 * as a server does with an OrgInfo packet.  O(groups + connectors).
 *
 * Returns: the number of groups taken.
 */
int
mf_link_state_merge (MfLinkState *dst, const MfLinkState *src)
{
  int n = 0;

  g_return_val_if_fail (dst != NULL && src != NULL, 0);
  g_return_val_if_fail (dst->topo == src->topo, 0);

  for (int g = 0; g < dst->n_groups; g++)
    {
      const MfRoutingGroup *rg = &dst->topo->routing_groups[g];
      if (mf_link_version_compare (src->versions[g], dst->versions[g]) <= 0)
        continue;
      dst->versions[g] = src->versions[g];
      dst->masters[g] = src->masters[g];
      for (int i = 0; i < rg->n_connectors; i++)
        {
          int c = rg->connectors[i];
          dst->routing_hash ^= entry_hash (c, dst->up[c], dst->costs[c]);
          dst->up[c] = src->up[c];
          dst->costs[c] = src->costs[c];
          dst->routing_hash ^= entry_hash (c, dst->up[c], dst->costs[c]);
        }
      n++;
    }
  return n;
}

/* Are the two views the same table (versions, masters, states, costs)?
 * O(groups + connectors). */
gboolean
mf_link_state_equal (const MfLinkState *a, const MfLinkState *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return a->topo == b->topo && a->routing_hash == b->routing_hash
         && memcmp (a + 1, b + 1, a->block_bytes - sizeof (MfLinkState)) == 0;
}

/* A hash of what routing depends on: connector states and costs.  Equal
 * for views that route alike; a collision is possible, so compare with
 * mf_link_state_routing_equal before trusting it.  O(1). */
guint64
mf_link_state_routing_hash (const MfLinkState *view)
{
  g_return_val_if_fail (view != NULL, 0);
  return view->routing_hash;
}

/* Do the two views have the same connector states and costs?  O(connectors). */
gboolean
mf_link_state_routing_equal (const MfLinkState *a, const MfLinkState *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return a->topo == b->topo && a->routing_hash == b->routing_hash
         && memcmp (a->up, b->up, (gsize) a->n_connectors) == 0
         && memcmp (a->costs, b->costs, sizeof (int) * (gsize) a->n_connectors) == 0;
}

/* One MfLinkStatus byte per connector.  (transfer none) */
const guint8 *
mf_link_state_get_up_states (const MfLinkState *view)
{
  g_return_val_if_fail (view != NULL, NULL);
  return view->up;
}

/* One cost per connector.  (transfer none) */
const int *
mf_link_state_get_costs (const MfLinkState *view)
{
  g_return_val_if_fail (view != NULL, NULL);
  return view->costs;
}

/* Sorting ids by the names they carry, for the canonical order. */
typedef struct {
  const char *const *names;
} NameOrder;

static int
cmp_by_name (gconstpointer a, gconstpointer b, gpointer data)
{
  const NameOrder *o = data;
  return strcmp (o->names[*(const int *) a], o->names[*(const int *) b]);
}

static int *
sorted_ids (const int *ids, int n, const char *const *names)
{
  NameOrder o = { names };
  int *sorted = g_memdup2 (ids, sizeof (int) * (gsize) n);

  g_qsort_with_data (sorted, n, sizeof (int), cmp_by_name, &o);
  return sorted;
}

static void
append_servers (GString *out, const char *key, int n, const int *ids,
                const char *const *server_names)
{
  g_autofree int *sorted = sorted_ids (ids, n, server_names);

  for (int i = 0; i < n; i++)
    g_string_append_printf (out, "  %s %s\n", key, server_names[sorted[i]]);
}

static int
cmp_space (gconstpointer a, gconstpointer b)
{
  return strcmp (((const MfAddressSpace *) a)->pattern, ((const MfAddressSpace *) b)->pattern);
}

/**
 * mf_link_state_serialize:
 * @view: a view
 *
 * The canonical text of the table, the input of the digest: one line per
 * fact, routing groups, members, connectors, bridgeheads and address spaces
 * each sorted by name, so that two files describing the same organisation
 * in a different order give the same text.  Costs and states are the
 * view's; everything else comes from the topology.  O(size of the table ×
 * log).
 *
 * Returns: (transfer full): the text
 */
char *
mf_link_state_serialize (const MfLinkState *view)
{
  g_return_val_if_fail (view != NULL, NULL);

  const MfTopology *t = view->topo;
  GString *out = g_string_sized_new (256 + 160 * (gsize) t->n_connectors
                                     + 64 * (gsize) t->n_routing_groups);
  g_autofree const char **group_names = g_new (const char *, (gsize) t->n_routing_groups + 1);
  g_autofree const char **server_names = g_new (const char *, (gsize) t->n_servers + 1);
  g_autofree const char **connector_names = g_new (const char *, (gsize) t->n_connectors + 1);
  g_autofree int *all_groups = g_new (int, (gsize) t->n_routing_groups + 1);
  g_autofree int *groups = NULL;

  for (int g = 0; g < t->n_routing_groups; g++)
    {
      group_names[g] = t->routing_groups[g].name;
      all_groups[g] = g;
    }
  for (int s = 0; s < t->n_servers; s++)
    server_names[s] = t->servers[s].name;
  for (int c = 0; c < t->n_connectors; c++)
    connector_names[c] = t->connectors[c].name;
  groups = sorted_ids (all_groups, t->n_routing_groups, group_names);

  g_string_append_printf (out, "organization %s\n", t->org.name);
  for (int i = 0; i < t->n_routing_groups; i++)
    {
      int g = groups[i];
      const MfRoutingGroup *rg = &t->routing_groups[g];
      const MfLinkVersion *v = &view->versions[g];
      g_autofree int *conns = sorted_ids (rg->connectors, rg->n_connectors, connector_names);

      g_string_append_printf (out, "routing-group %s\n", rg->name);
      g_string_append_printf (out, " version %u.%u.%u\n", v->major, v->minor, v->user);
      g_string_append_printf (out, " master %s\n",
                              view->masters[g] >= 0 ? server_names[view->masters[g]] : "-");
      append_servers (out, "member", rg->n_members, rg->members, server_names);
      for (int j = 0; j < rg->n_connectors; j++)
        {
          int c = conns[j];
          const MfConnector *k = &t->connectors[c];
          g_autofree MfAddressSpace *spaces = g_memdup2 (k->address_spaces,
                                                         sizeof (MfAddressSpace)
                                                         * (gsize) k->n_address_spaces);

          g_string_append_printf (out, " connector %s\n", k->name);
          g_string_append_printf (out, "  type %s\n", mf_connector_type_name (k->type));
          g_string_append_printf (out, "  to %s\n", k->to >= 0 ? group_names[k->to] : "-");
          g_string_append_printf (out, "  state %s\n", view->up[c] ? "UP" : "DOWN");
          g_string_append_printf (out, "  cost %d\n", view->costs[c]);
          append_servers (out, "bridgehead", k->n_bridgeheads, k->bridgeheads, server_names);
          append_servers (out, "remote-bridgehead", k->n_remote_bridgeheads,
                          k->remote_bridgeheads, server_names);
          if (k->n_address_spaces > 0)
            qsort (spaces, (gsize) k->n_address_spaces, sizeof (MfAddressSpace), cmp_space);
          for (int a = 0; a < k->n_address_spaces; a++)
            g_string_append_printf (out, "  address-space SMTP:%s %d\n", spaces[a].pattern,
                                    spaces[a].cost);
          if (k->max_message_size == MF_SIZE_UNLIMITED)
            g_string_append (out, "  max-message-size unlimited\n");
          else
            g_string_append_printf (out, "  max-message-size %" G_GUINT64_FORMAT "\n",
                                    k->max_message_size);
          g_string_append_printf (out, "  scope %s\n",
                                  k->scope == MF_SCOPE_ROUTING_GROUP ? "routing-group"
                                                                     : "organization");
        }
    }
  return g_string_free (out, FALSE);
}

/**
 * mf_link_state_digest:
 *
 * Returns: (transfer full): the MD5 of mf_link_state_serialize(), 32
 *   lower-case hex digits, as WinRoute shows a table's digest.  O(size of
 *   the table × log).
 */
char *
mf_link_state_digest (const MfLinkState *view)
{
  g_return_val_if_fail (view != NULL, NULL);

  g_autofree char *text = mf_link_state_serialize (view);
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
}
