/* routing.c — the router: the routing-group graph, size classes and the
 * cache of shortest-path trees (routing.h).
 *
 * The graph is built once per topology: vertex = routing group, edge e =
 * the e-th connector that has a `to` (in connector id order).  A view only
 * changes edge weights: an edge is usable when its connector is UP and its
 * size limit admits the message, and an unusable edge gets weight +inf,
 * which igraph's Dijkstra never relaxes.  Message sizes fall into classes
 * between the distinct finite size limits; all sizes of a class see the
 * same usable edges.
 *
 * Trees (route-tree.c) are cached per (states and costs, size class,
 * source) and shared by every view with the same states and costs (after
 * convergence, all servers of an organisation): building one costs
 * O(E log V); a hit costs a hash look-up and a compare of the states and
 * costs, O(connectors).  All-pairs tables compute many trees per igraph
 * call (mf_router_prepare).  The cache is emptied whole when it passes
 * MF_ROUTER_CACHE_MAX_BYTES: simple, and rare in practice, since a run
 * sees few distinct link states.  Route selection, explanation and the
 * choice among equal-cost routes live in route-select.c, route-explain.c
 * and route-choice.c.
 */
#define G_LOG_DOMAIN "msgflow-routing"

#include "model/routing-private.h"

#include <string.h>

typedef struct {
  guint64 hash;           /* the views' routing hash, also the table key */
  guint8 *up;             /* per connector: MfLinkStatus */
  int *costs;             /* per connector */
  gsize n_trees;          /* n_classes × n_groups */
  MfRouteTree **trees;    /* n_trees, owned, NULL until built */
  gsize bytes;            /* this entry and its trees */
} WeightSet;

/* The size class of a message: how many distinct limits are below it. */
static int
size_class_of (const MfRouter *r, guint64 size_bytes)
{
  int lo = 0, hi = r->n_limits;

  while (lo < hi)
    {
      int mid = lo + (hi - lo) / 2;
      if (r->limits[mid] < size_bytes)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static int
cmp_u64 (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
}

static void
weight_set_free (gpointer data)
{
  WeightSet *ws = data;

  for (gsize i = 0; i < ws->n_trees; i++)
    mf_route_tree_unref (ws->trees[i]);
  g_free (ws->up);
  g_free (ws->costs);
  g_free (ws->trees);
  g_free (ws);
}

static WeightSet *
weight_set_new (const MfRouter *r, const MfLinkState *view)
{
  WeightSet *ws = g_new0 (WeightSet, 1);
  gsize n_trees = (gsize) (r->n_limits + 1) * (gsize) r->n_groups;

  ws->hash = mf_link_state_routing_hash (view);
  /* One spare element: never a zero-size allocation. */
  ws->up = g_new (guint8, (gsize) r->n_connectors + 1);
  memcpy (ws->up, mf_link_state_get_up_states (view), (gsize) r->n_connectors);
  ws->costs = g_new (int, (gsize) r->n_connectors + 1);
  memcpy (ws->costs, mf_link_state_get_costs (view), sizeof (int) * (gsize) r->n_connectors);
  ws->n_trees = n_trees;
  ws->trees = g_new0 (MfRouteTree *, n_trees);
  ws->bytes = sizeof (WeightSet) + (gsize) r->n_connectors * (1 + sizeof (int))
              + sizeof (gpointer) * n_trees;
  return ws;
}

/**
 * mf_router_new:
 * @topo: (transfer none): a loaded topology; must outlive the router
 * @error: return location
 *
 * Builds the routing graph.  Calls mf_igraph_init().  O(groups + connectors
 * × log).
 *
 * Returns: (transfer full): the router, or NULL with MF_IGRAPH_ERROR set
 */
MfRouter *
mf_router_new (const MfTopology *topo, GError **error)
{
  g_return_val_if_fail (topo != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr (MfRouter) r = g_new0 (MfRouter, 1);
  igraph_vector_int_t edges;
  g_autofree guint64 *limits = NULL;
  igraph_error_t rc;
  int n_limits = 0;

  mf_igraph_init ();
  r->topo = topo;
  r->n_groups = topo->n_routing_groups;
  r->n_connectors = topo->n_connectors;
  r->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, weight_set_free);

  r->conn_from = g_new (int, (gsize) r->n_connectors + 1);
  r->conn_to = g_new (int, (gsize) r->n_connectors + 1);
  r->edge_connector = g_new (int, (gsize) r->n_connectors + 1);
  r->in_start = g_new0 (int, (gsize) r->n_groups + 2);
  r->limit_rank = g_new (int, (gsize) r->n_connectors + 1);
  r->smtp = g_new (int, (gsize) r->n_connectors + 1);
  limits = g_new (guint64, (gsize) r->n_connectors + 1);
  for (int c = 0; c < r->n_connectors; c++)
    {
      const MfConnector *k = &topo->connectors[c];
      g_assert (k->from >= 0 && k->from < r->n_groups);
      r->conn_from[c] = k->from;
      r->conn_to[c] = k->to;
      if (k->to >= 0)
        {
          r->edge_connector[r->n_edges++] = c;
          r->in_start[k->to + 1]++;
        }
      if (k->n_address_spaces > 0)
        r->smtp[r->n_smtp++] = c;
      if (k->max_message_size != MF_SIZE_UNLIMITED)
        limits[n_limits++] = k->max_message_size;
    }

  /* Distinct limits, ascending; each connector's rank among them. */
  qsort (limits, (gsize) n_limits, sizeof (guint64), cmp_u64);
  r->limits = g_new (guint64, (gsize) n_limits + 1);
  for (int i = 0; i < n_limits; i++)
    if (r->n_limits == 0 || r->limits[r->n_limits - 1] != limits[i])
      r->limits[r->n_limits++] = limits[i];
  for (int c = 0; c < r->n_connectors; c++)
    {
      guint64 max = topo->connectors[c].max_message_size;
      r->limit_rank[c] = max == MF_SIZE_UNLIMITED ? r->n_limits : size_class_of (r, max);
    }

  /* Connectors into each group, by ascending id (a counting sort). */
  for (int g = 0; g < r->n_groups; g++)
    r->in_start[g + 1] += r->in_start[g];
  r->in_conn = g_new (int, (gsize) r->n_edges + 1);
  {
    g_autofree int *fill = g_memdup2 (r->in_start, sizeof (int) * ((gsize) r->n_groups + 1));
    for (int e = 0; e < r->n_edges; e++)
      {
        int c = r->edge_connector[e];
        r->in_conn[fill[topo->connectors[c].to]++] = c;
      }
  }

  if (!mf_igraph_check (igraph_vector_int_init (&edges, 2 * (igraph_integer_t) r->n_edges),
                        "routing graph", error))
    return NULL;
  for (int e = 0; e < r->n_edges; e++)
    {
      const MfConnector *k = &topo->connectors[r->edge_connector[e]];
      VECTOR (edges)[2 * e] = k->from;
      VECTOR (edges)[2 * e + 1] = k->to;
    }
  rc = igraph_create (&r->graph, &edges, r->n_groups, IGRAPH_DIRECTED);
  igraph_vector_int_destroy (&edges);
  if (!mf_igraph_check (rc, "routing graph", error))
    return NULL;
  r->graph_ready = TRUE;
  return g_steal_pointer (&r);
}

void
mf_router_free (MfRouter *router)
{
  if (router == NULL)
    return;
  if (router->graph_ready)
    igraph_destroy (&router->graph);
  g_clear_pointer (&router->cache, g_hash_table_unref);
  g_free (router->conn_from);
  g_free (router->conn_to);
  g_free (router->edge_connector);
  g_free (router->in_start);
  g_free (router->in_conn);
  g_free (router->limits);
  g_free (router->limit_rank);
  g_free (router->smtp);
  g_free (router);
}

/* (transfer none) */
const MfTopology *
mf_router_get_topology (const MfRouter *router)
{
  g_return_val_if_fail (router != NULL, NULL);
  return router->topo;
}

/* The number of edges of the routing graph: connectors that have a `to`. */
int
mf_router_edge_count (const MfRouter *router)
{
  g_return_val_if_fail (router != NULL, 0);
  return router->n_edges;
}

/* Drop every cached tree (those referenced elsewhere live on).  O(cache). */
void
mf_router_flush_cache (MfRouter *router)
{
  g_return_if_fail (router != NULL);
  g_hash_table_remove_all (router->cache);
  router->cache_bytes = 0;
}

/* Cache counters, for tests and benchmarks; any pointer may be NULL. */
void
mf_router_cache_stats (const MfRouter *router, guint64 *hits, guint64 *misses, gsize *bytes)
{
  g_return_if_fail (router != NULL);
  if (hits)
    *hits = router->hits;
  if (misses)
    *misses = router->misses;
  if (bytes)
    *bytes = router->cache_bytes;
}

/* @hash becomes the newest of the recent weight sets. */
static void
remember (MfRouter *r, guint64 hash)
{
  int i;

  if (r->recent[0] == hash)
    return;
  for (i = 1; i < MF_ROUTER_RECENT - 1 && r->recent[i] != hash; i++)
    ;
  memmove (&r->recent[1], &r->recent[0], sizeof r->recent[0] * (gsize) i);
  r->recent[0] = hash;
}

static gboolean
is_smtp (const MfRouter *r, int connector)
{
  int lo = 0, hi = r->n_smtp;

  while (lo < hi)
    {
      int mid = lo + (hi - lo) / 2;
      if (r->smtp[mid] == connector)
        return TRUE;
      if (r->smtp[mid] < connector)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

/* Whether tree @t, built for the states and costs of @old, is also the
 * tree for @now: every connector that differs was, and stays, off every
 * lowest-cost route from t's source (not tight before; after, not usable
 * or dearer than the cost it would close), so no cost, count or tight set
 * changes.  A connector with address spaces that differs always counts
 * (the domain choice reads its state and cost).  O(connectors). */
static gboolean
tree_survives (const MfRouter *r, const WeightSet *old, const WeightSet *now, const MfRouteTree *t)
{
  for (int c = 0; c < r->n_connectors; c++)
    {
      if (old->up[c] == now->up[c] && old->costs[c] == now->costs[c])
        continue;
      int f = r->conn_from[c], to = r->conn_to[c];
      if (to < 0 || is_smtp (r, c))
        return FALSE;
      if (t->dist[f] < 0)
        continue; /* never reached: it cannot be on a route */
      if (usable (r, old->up, c, t->size_class) && t->dist[f] + old->costs[c] == t->dist[to])
        return FALSE;
      if (usable (r, now->up, c, t->size_class)
          && (t->dist[to] < 0 || t->dist[f] + now->costs[c] <= t->dist[to]))
        return FALSE;
    }
  return TRUE;
}

/* A tree for slot @slot of @ws from a recent weight set that the
 * difference cannot affect (tree_survives), or NULL.  A link-state change
 * then rebuilds only the trees it touches. */
static MfRouteTree *
reuse_tree (MfRouter *r, const WeightSet *ws, gsize slot)
{
  for (int i = 0; i < MF_ROUTER_RECENT && r->recent[i] != 0; i++)
    {
      const WeightSet *old;
      if (r->recent[i] == ws->hash
          || (old = g_hash_table_lookup (r->cache, &r->recent[i])) == NULL
          || old->trees[slot] == NULL)
        continue;
      if (tree_survives (r, old, ws, old->trees[slot]))
        return mf_route_tree_ref (old->trees[slot]);
    }
  return NULL;
}

/** mf_router_reused_trees: Returns: how many cache misses a tree that a
 *  link-state change left as it was served, instead of a Dijkstra. */
guint64
mf_router_reused_trees (const MfRouter *router)
{
  g_return_val_if_fail (router != NULL, 0);
  return router->reused;
}

/* The cache entry for @view's states and costs, created when missing.  A
 * hash collision replaces the older entry.  O(connectors). */
static WeightSet *
lookup_weights (MfRouter *r, const MfLinkState *view)
{
  guint64 hash = mf_link_state_routing_hash (view);
  WeightSet *ws = g_hash_table_lookup (r->cache, &hash);

  if (ws != NULL)
    {
      if (memcmp (ws->up, mf_link_state_get_up_states (view), (gsize) r->n_connectors) == 0
          && memcmp (ws->costs, mf_link_state_get_costs (view),
                     sizeof (int) * (gsize) r->n_connectors) == 0)
        {
          remember (r, hash);
          return ws;
        }
      r->cache_bytes -= ws->bytes;
      g_hash_table_remove (r->cache, &hash);
    }
  ws = weight_set_new (r, view);
  r->cache_bytes += ws->bytes;
  g_hash_table_insert (r->cache, &ws->hash, ws);
  remember (r, hash);
  return ws;
}

/**
 * mf_router_get_tree:
 * @router: the router of the view's topology
 * @view: the link state to route with
 * @from: the source routing group
 * @size_bytes: the message size (0: no size limit can mf_routing_reject it)
 * @error: return location
 *
 * The lowest-cost routes from @from in @view for messages of @size_bytes,
 * from the cache or computed (one Dijkstra, O(E log V)).
 *
 * Returns: (transfer full): a reference to the tree, or NULL with
 *   MF_IGRAPH_ERROR set
 */
MfRouteTree *
mf_router_get_tree (MfRouter *router, const MfLinkState *view, int from, guint64 size_bytes,
                    GError **error)
{
  g_return_val_if_fail (router != NULL && view != NULL, NULL);
  g_return_val_if_fail (mf_link_state_get_topology (view) == router->topo, NULL);
  g_return_val_if_fail (from >= 0 && from < router->n_groups, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  int size_class = size_class_of (router, size_bytes);
  WeightSet *ws;
  MfRouteTree **slot;
  MfRouteTree *t;

  if (router->cache_bytes > MF_ROUTER_CACHE_MAX_BYTES)
    mf_router_flush_cache (router);
  ws = lookup_weights (router, view);
  slot = &ws->trees[(gsize) size_class * (gsize) router->n_groups + (gsize) from];
  if (*slot != NULL)
    {
      router->hits++;
      return mf_route_tree_ref (*slot);
    }
  router->misses++;
  t = reuse_tree (router, ws, (gsize) (slot - ws->trees));
  if (t != NULL)
    router->reused++;
  else if ((t = mf_routing_build_tree (router, ws->up, ws->costs, from, size_class, error)) == NULL)
    return NULL;
  *slot = t;
  ws->bytes += t->bytes;
  router->cache_bytes += t->bytes;
  return mf_route_tree_ref (t);
}

/**
 * mf_router_prepare:
 * @router: the router of @view's topology
 * @view: the link state
 * @size_bytes: the message size
 * @error: return location
 *
 * Computes the trees of every source for @view and @size_bytes that are
 * not cached yet, MF_ROUTER_BATCH_SOURCES sources per igraph call: what an
 * all-pairs table does before asking mf_router_get_tree for each source.
 * O(V × E log V).
 *
 * Returns: FALSE with MF_IGRAPH_ERROR set when igraph fails
 */
gboolean
mf_router_prepare (MfRouter *router, const MfLinkState *view, guint64 size_bytes, GError **error)
{
  g_return_val_if_fail (router != NULL && view != NULL, FALSE);
  g_return_val_if_fail (mf_link_state_get_topology (view) == router->topo, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  int size_class = size_class_of (router, size_bytes);
  int n = router->n_groups;
  g_autofree int *missing = g_new (int, (gsize) n + 1);
  WeightSet *ws;
  MfRouteTree **slots;
  int n_missing = 0;

  if (router->cache_bytes > MF_ROUTER_CACHE_MAX_BYTES)
    mf_router_flush_cache (router);
  ws = lookup_weights (router, view);
  slots = &ws->trees[(gsize) size_class * (gsize) n];
  for (int s = 0; s < n; s++)
    if (slots[s] == NULL)
      missing[n_missing++] = s;
  for (int lo = 0; lo < n_missing; lo += MF_ROUTER_BATCH_SOURCES)
    {
      int batch = MIN (MF_ROUTER_BATCH_SOURCES, n_missing - lo);
      igraph_matrix_t res;
      if (!mf_igraph_check (igraph_matrix_init (&res, 0, 0), "routing distances", error))
        return FALSE;
      if (!mf_routing_run_dijkstra (router, ws->up, ws->costs, size_class, missing + lo, batch,
                                    &res, error))
        {
          igraph_matrix_destroy (&res);
          return FALSE;
        }
      for (int i = 0; i < batch; i++)
        {
          MfRouteTree *t = mf_routing_tree_from_row (router, ws->up, ws->costs, missing[lo + i],
                                                     size_class, &res, i);
          slots[missing[lo + i]] = t;
          ws->bytes += t->bytes;
          router->cache_bytes += t->bytes;
          router->misses++;
        }
      igraph_matrix_destroy (&res);
    }
  return TRUE;
}
