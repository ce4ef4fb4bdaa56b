/* routing.c — route selection over the routing-group graph (routing.h).
 *
 * The graph is built once per topology: vertex = routing group, edge e =
 * the e-th connector that has a `to` (in connector id order).  A view only
 * changes edge weights: an edge is usable when its connector is UP and its
 * size limit admits the message, and an unusable edge gets weight +inf,
 * which igraph's Dijkstra never relaxes.  Message sizes fall into classes
 * between the distinct finite size limits; all sizes of a class see the
 * same usable edges.
 *
 * A shortest-path tree (MfRouteTree) holds, for one source, one set of
 * connector states and costs and one size class: the distance to every
 * group (igraph_distances_dijkstra), the number of lowest-cost routes, the
 * representative route's last connector, and the "tight" connectors (those
 * on some lowest-cost route), which is what uniform choice among equal-cost
 * routes walks.  Path counting is a depth-first walk over the tight
 * connectors, which form a DAG since costs are ≥ 1.  All-pairs tables
 * compute many trees per igraph call (mf_router_prepare).  Trees are
 * cached per (states and costs, size class, source) and shared by every
 * view with the same states and costs (after convergence, all servers of
 * an organisation): building one costs
 * O(E log V); a hit costs a hash look-up and a compare of the states and
 * costs, O(connectors).  The cache is emptied whole when it passes
 * MF_ROUTER_CACHE_MAX_BYTES: simple, and rare in practice, since a run
 * sees few distinct link states.
 */
#define G_LOG_DOMAIN "msgflow-routing"

#include "model/routing.h"

#include <math.h>
#include <string.h>

#include "base/igraph-util.h"

typedef struct {
  guint64 hash;           /* the views' routing hash, also the table key */
  guint8 *up;             /* per connector: MfLinkStatus */
  int *costs;             /* per connector */
  gsize n_trees;          /* n_classes × n_groups */
  MfRouteTree **trees;    /* n_trees, owned, NULL until built */
  gsize bytes;            /* this entry and its trees */
} WeightSet;

struct _MfRouter {
  const MfTopology *topo; /* (transfer none) */
  int n_groups;
  int n_connectors;
  igraph_t graph;
  gboolean graph_ready;   /* graph was initialised: destroy it */
  int n_edges;
  int *conn_from;         /* per connector: `from`, compact for hot loops */
  int *conn_to;           /* per connector: `to` or -1 */
  int *edge_connector;    /* edge id -> connector id */
  int *in_start;          /* n_groups + 1: connectors into each group ... */
  int *in_conn;           /* ... in ascending id order */
  int n_limits;
  guint64 *limits;        /* distinct finite size limits, ascending */
  int *limit_rank;        /* per connector: its index in limits, n_limits if unlimited */
  int n_smtp;
  int *smtp;              /* connectors with address spaces, ascending ids */
  GHashTable *cache;      /* &WeightSet.hash -> WeightSet (owned) */
  gsize cache_bytes;
  guint64 hits;
  guint64 misses;
};

struct _MfRouteTree {
  grefcount ref;
  const MfRouter *router; /* (transfer none) */
  int from;
  int size_class;
  int *dist;              /* per group, -1 when unreachable */
  int *pred;              /* last connector of the representative route, -1 at from */
  guint64 *count;         /* lowest-cost routes from `from`, saturating */
  int *dag_start;         /* n_groups + 1: tight connectors into each group ... */
  int *dag_conn;          /* ... in ascending id order */
  guint8 *smtp_up;        /* per router->smtp entry: UP in the view */
  gsize bytes;
};

static inline guint64
sat_add (guint64 a, guint64 b)
{
  return a > G_MAXUINT64 - b ? G_MAXUINT64 : a + b;
}

static inline gboolean
usable (const MfRouter *r, const guint8 *up, int connector, int size_class)
{
  return up[connector] == MF_LINK_UP && r->limit_rank[connector] >= size_class;
}

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

/* ------------------------------------------------------------ trees */

static void
route_tree_free (MfRouteTree *t)
{
  g_free (t->dist);
  g_free (t->pred);
  g_free (t->count);
  g_free (t->dag_start);
  g_free (t->dag_conn);
  g_free (t->smtp_up);
  g_free (t);
}

/**
 * mf_route_tree_ref:
 *
 * Returns: (transfer full): @tree, with one more reference.
 */
MfRouteTree *
mf_route_tree_ref (MfRouteTree *tree)
{
  g_return_val_if_fail (tree != NULL, NULL);
  g_ref_count_inc (&tree->ref);
  return tree;
}

void
mf_route_tree_unref (MfRouteTree *tree)
{
  if (tree != NULL && g_ref_count_dec (&tree->ref))
    route_tree_free (tree);
}

/* Lowest total cost from the tree's source to @routing_group, -1 when
 * there is no usable route.  O(1). */
int
mf_route_tree_get_cost (const MfRouteTree *tree, int routing_group)
{
  g_return_val_if_fail (tree != NULL, -1);
  g_return_val_if_fail (routing_group >= 0 && routing_group < tree->router->n_groups, -1);
  return tree->dist[routing_group];
}

/* The number of lowest-cost routes to @routing_group (0 without one, 1 to
 * the source itself).  O(1). */
guint64
mf_route_tree_get_n_equal (const MfRouteTree *tree, int routing_group)
{
  g_return_val_if_fail (tree != NULL, 0);
  g_return_val_if_fail (routing_group >= 0 && routing_group < tree->router->n_groups, 0);
  return tree->count[routing_group];
}

/**
 * mf_route_tree_get_path:
 * @tree: the lowest-cost routes from one source
 * @routing_group: a destination group
 * @connectors: (out caller-allocates): room for one connector per routing
 *   group of the topology
 *
 * The representative route's connectors, from the source to
 * @routing_group, without allocating (for all-pairs tables).  The groups
 * on the way are each connector's `to`.  O(path length).
 *
 * Returns: the number of connectors (0 to the source itself), or -1 when
 *   there is no route
 */
int
mf_route_tree_get_path (const MfRouteTree *tree, int routing_group, int *connectors)
{
  g_return_val_if_fail (tree != NULL && connectors != NULL, -1);
  g_return_val_if_fail (routing_group >= 0 && routing_group < tree->router->n_groups, -1);

  const int *conn_from = tree->router->conn_from;
  int hops = 0;

  if (tree->dist[routing_group] < 0)
    return -1;
  /* One walk back, then reverse in place. */
  for (int v = routing_group; v != tree->from; v = conn_from[tree->pred[v]])
    connectors[hops++] = tree->pred[v];
  for (int i = 0, j = hops - 1; i < j; i++, j--)
    {
      int tmp = connectors[i];
      connectors[i] = connectors[j];
      connectors[j] = tmp;
    }
  return hops;
}

/* Dijkstra from each of @n_sources groups under the weights of (@up,
 * @costs, @size_class), in one igraph call so that its incidence lists are
 * built once; row i of @res holds the distances from sources[i] (+inf when
 * unreachable).  @res must be initialised.  O(n_sources × E log V). */
static gboolean
run_dijkstra (const MfRouter *r, const guint8 *up, const int *costs, int size_class,
              const int *sources, int n_sources, igraph_matrix_t *res, GError **error)
{
  igraph_vector_t weights;
  igraph_vector_int_t vids;
  igraph_error_t rc;

  if (!mf_igraph_check (igraph_vector_init (&weights, r->n_edges), "routing weights", error))
    return FALSE;
  for (int e = 0; e < r->n_edges; e++)
    {
      int c = r->edge_connector[e];
      VECTOR (weights)[e] = usable (r, up, c, size_class) ? (igraph_real_t) costs[c]
                                                           : IGRAPH_INFINITY;
    }
  rc = igraph_vector_int_init (&vids, n_sources);
  if (rc != IGRAPH_SUCCESS)
    {
      igraph_vector_destroy (&weights);
      return mf_igraph_check (rc, "routing sources", error);
    }
  for (int i = 0; i < n_sources; i++)
    VECTOR (vids)[i] = sources[i];
  rc = igraph_distances_dijkstra (&r->graph, res, igraph_vss_vector (&vids), igraph_vss_all (),
                                  &weights, IGRAPH_OUT);
  igraph_vector_int_destroy (&vids);
  igraph_vector_destroy (&weights);
  if (rc != IGRAPH_SUCCESS)
    {
      g_autofree char *what = g_strdup_printf ("Dijkstra from routing group %s%s",
                                               r->topo->routing_groups[sources[0]].name,
                                               n_sources > 1 ? " and others" : "");
      return mf_igraph_check (rc, what, error);
    }
  return TRUE;
}

/* The tree of source @from from row @row of @res: counts, representatives
 * and tight connectors.  O(V + E). */
static MfRouteTree *
tree_from_row (const MfRouter *r, const guint8 *up, const int *costs, int from, int size_class,
               const igraph_matrix_t *res, int row)
{
  const int n = r->n_groups;
  MfRouteTree *t;
  int n_dag = 0;

  t = g_new0 (MfRouteTree, 1);
  g_ref_count_init (&t->ref);
  t->router = r;
  t->from = from;
  t->size_class = size_class;
  t->dist = g_new (int, n);
  t->pred = g_new (int, n);
  t->count = g_new0 (guint64, n);
  t->dag_start = g_new0 (int, (gsize) n + 1);
  t->smtp_up = g_new (guint8, (gsize) r->n_smtp + 1);
  for (int v = 0; v < n; v++)
    {
      igraph_real_t d = MATRIX (*res, row, v);
      t->pred[v] = -1;
      t->dist[v] = isfinite (d) ? (int) d : -1;
    }
  for (int i = 0; i < r->n_smtp; i++)
    t->smtp_up[i] = up[r->smtp[i]];

  /* Tight connectors: usable and on some lowest-cost route. */
  t->dag_conn = g_new (int, (gsize) r->n_edges + 1);
  for (int v = 0; v < n; v++)
    {
      t->dag_start[v] = n_dag;
      if (t->dist[v] <= 0)
        continue; /* the source, or unreachable */
      for (int i = r->in_start[v]; i < r->in_start[v + 1]; i++)
        {
          int c = r->in_conn[i];
          int u = r->conn_from[c];
          if (usable (r, up, c, size_class) && t->dist[u] >= 0
              && t->dist[u] + costs[c] == t->dist[v])
            t->dag_conn[n_dag++] = c;
        }
    }
  t->dag_start[n] = n_dag;

  /* Counts by a depth-first walk over the tight connectors (they form a
   * DAG: costs are ≥ 1), each group after the groups it is reached from.
   * O(V + E), no sort. */
  {
    g_autofree guint8 *state = g_new0 (guint8, n); /* 0 new, 1 open, 2 done */
    g_autofree int *stack = g_new (int, 2 * (gsize) n + 2);
    for (int root = 0; root < n; root++)
      {
        int top = 0;
        if (t->dist[root] < 0 || state[root] != 0)
          continue;
        state[root] = 1;
        stack[0] = root;
        stack[1] = t->dag_start[root];
        top = 1;
        while (top > 0)
          {
            int v = stack[2 * (top - 1)];
            int *next = &stack[2 * (top - 1) + 1];
            if (*next < t->dag_start[v + 1])
              {
                int u = r->conn_from[t->dag_conn[(*next)++]];
                if (state[u] == 0)
                  {
                    state[u] = 1;
                    stack[2 * top] = u;
                    stack[2 * top + 1] = t->dag_start[u];
                    top++;
                  }
                continue;
              }
            if (v == from)
              t->count[v] = 1;
            else
              {
                for (int i = t->dag_start[v]; i < t->dag_start[v + 1]; i++)
                  t->count[v] = sat_add (t->count[v], t->count[r->conn_from[t->dag_conn[i]]]);
                g_assert (t->dag_start[v] < t->dag_start[v + 1]);
                t->pred[v] = t->dag_conn[t->dag_start[v]];
              }
            state[v] = 2;
            top--;
          }
      }
  }
  t->bytes = sizeof (MfRouteTree) + (gsize) n * (3 * sizeof (int) + sizeof (guint64))
             + sizeof (int) * (gsize) (r->n_edges + 1) + (gsize) r->n_smtp;
  return t;
}

/* One source's tree: one Dijkstra.  O(E log V). */
static MfRouteTree *
build_tree (const MfRouter *r, const guint8 *up, const int *costs, int from, int size_class,
            GError **error)
{
  igraph_matrix_t res;
  MfRouteTree *t = NULL;

  if (!mf_igraph_check (igraph_matrix_init (&res, 0, 0), "routing distances", error))
    return NULL;
  if (run_dijkstra (r, up, costs, size_class, &from, 1, &res, error))
    t = tree_from_row (r, up, costs, from, size_class, &res, 0);
  igraph_matrix_destroy (&res);
  return t;
}

/* ------------------------------------------------------------ router */

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
        return ws;
      r->cache_bytes -= ws->bytes;
      g_hash_table_remove (r->cache, &hash);
    }
  ws = weight_set_new (r, view);
  r->cache_bytes += ws->bytes;
  g_hash_table_insert (r->cache, &ws->hash, ws);
  return ws;
}

/**
 * mf_router_get_tree:
 * @router: the router of the view's topology
 * @view: the link state to route with
 * @from: the source routing group
 * @size_bytes: the message size (0: no size limit can reject it)
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
  t = build_tree (router, ws->up, ws->costs, from, size_class, error);
  if (t == NULL)
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
      if (!run_dijkstra (router, ws->up, ws->costs, size_class, missing + lo, batch, &res, error))
        {
          igraph_matrix_destroy (&res);
          return FALSE;
        }
      for (int i = 0; i < batch; i++)
        {
          MfRouteTree *t = tree_from_row (router, ws->up, ws->costs, missing[lo + i], size_class,
                                          &res, i);
          slots[missing[lo + i]] = t;
          ws->bytes += t->bytes;
          router->cache_bytes += t->bytes;
          router->misses++;
        }
      igraph_matrix_destroy (&res);
    }
  return TRUE;
}

/* ------------------------------------------------------------ routes */

/* How well connector @c's address spaces match @domain: the best
 * specificity (-1: no match) and, at that level, the lowest cost. */
static int
match_connector (const MfConnector *k, const char *domain, int *cost)
{
  int best = -1;

  *cost = -1;
  for (int a = 0; a < k->n_address_spaces; a++)
    {
      int level = mf_address_space_match (k->address_spaces[a].pattern, domain);
      if (level < 0)
        continue;
      if (level > best || (level == best && k->address_spaces[a].cost < *cost))
        {
          best = level;
          *cost = k->address_spaces[a].cost;
        }
    }
  return best;
}

static void
reject (GArray *rejections, int connector, MfRejectReason reason, int cost)
{
  MfRejection rj = { connector, reason, cost };

  if (rejections != NULL)
    g_array_append_val (rejections, rj);
}

typedef struct {
  int cost;          /* best total, -1 without a usable candidate */
  int specificity;   /* the level kept, -1 without a visible candidate */
  guint64 n_equal;
  GArray *terminals; /* tied connectors, ascending (int) */
  int *top;          /* per smtp entry: is it at the kept level (explain) */
} DomainChoice;

/* The address-space selection of routing.h for a domain from the tree's
 * source.  Fills @dc; with @rejections, says why each matching connector
 * is not chosen.  O(smtp connectors × address spaces). */
static void
choose_domain (const MfRouteTree *t, const char *domain, DomainChoice *dc, GArray *rejections)
{
  const MfRouter *r = t->router;
  const MfTopology *topo = r->topo;
  g_autofree int *level = g_new (int, (gsize) r->n_smtp + 1);
  g_autofree int *as_cost = g_new (int, (gsize) r->n_smtp + 1);

  dc->cost = -1;
  dc->specificity = -1;
  dc->n_equal = 0;
  for (int i = 0; i < r->n_smtp; i++)
    {
      int c = r->smtp[i];
      const MfConnector *k = &topo->connectors[c];
      level[i] = match_connector (k, domain, &as_cost[i]);
      if (level[i] < 0)
        continue;
      if (k->scope == MF_SCOPE_ROUTING_GROUP && k->from != t->from)
        {
          reject (rejections, c, MF_REJECT_SCOPE, -1);
          level[i] = -1;
          continue;
        }
      /* A size limit is a restriction, part of candidacy like the scope
       * (reference §4 step 1): a message too large for the specific
       * connectors may use a less specific one. */
      if (r->limit_rank[c] < t->size_class)
        {
          int d = t->dist[k->from];
          reject (rejections, c, MF_REJECT_SIZE, d >= 0 ? d + as_cost[i] : -1);
          level[i] = -1;
          continue;
        }
      dc->specificity = MAX (dc->specificity, level[i]);
    }
  for (int i = 0; i < r->n_smtp; i++)
    {
      int c = r->smtp[i];
      int d = t->dist[r->conn_from[c]];
      if (level[i] < 0)
        continue;
      if (level[i] < dc->specificity)
        {
          reject (rejections, c, MF_REJECT_LESS_SPECIFIC, d >= 0 ? d + as_cost[i] : -1);
          level[i] = -1;
        }
      else if (t->smtp_up[i] != MF_LINK_UP)
        {
          /* Still defines the level above: no fall-back while it is down. */
          reject (rejections, c, MF_REJECT_DOWN, d >= 0 ? d + as_cost[i] : -1);
          level[i] = -1;
        }
      else if (d < 0)
        {
          reject (rejections, c, MF_REJECT_UNREACHABLE, -1);
          level[i] = -1;
        }
      else if (dc->cost < 0 || d + as_cost[i] < dc->cost)
        dc->cost = d + as_cost[i];
    }
  for (int i = 0; i < r->n_smtp; i++)
    {
      int c = r->smtp[i];
      int total;
      if (level[i] < 0)
        continue;
      total = t->dist[r->conn_from[c]] + as_cost[i];
      if (total == dc->cost)
        {
          dc->n_equal = sat_add (dc->n_equal, t->count[r->conn_from[c]]);
          if (dc->terminals != NULL)
            g_array_append_val (dc->terminals, c);
        }
      else
        reject (rejections, c, MF_REJECT_COSTLIER, total);
    }
}

/* Set route->path and route->connectors to the representative route to
 * @target, plus @last (an SMTP connector, or -1). */
static void
set_path (MfRoute *route, const MfRouteTree *t, int target, int last)
{
  const int *conn_from = t->router->conn_from;
  int hops = 0;
  int v;

  for (v = target; v != t->from; v = conn_from[t->pred[v]])
    hops++;
  route->n_path = hops + 1;
  route->path = g_new (int, route->n_path);
  route->n_connectors = hops + (last >= 0);
  route->connectors = g_new (int, (gsize) route->n_connectors + 1);
  v = target;
  for (int i = hops; i > 0; i--)
    {
      route->path[i] = v;
      route->connectors[i - 1] = t->pred[v];
      v = conn_from[t->pred[v]];
    }
  route->path[0] = t->from;
  if (last >= 0)
    route->connectors[hops] = last;
}

static MfRoute *
route_new (MfRouteTree *t, const MfDestination *to)
{
  MfRoute *route = g_new0 (MfRoute, 1);

  route->from = t->from;
  route->to_kind = to->kind;
  route->to = -1;
  route->cost = -1;
  route->specificity = -1;
  route->domain = to->kind == MF_DEST_DOMAIN ? g_strdup (to->domain) : NULL;
  route->tree_ = mf_route_tree_ref (t);
  return route;
}

/* Fill @route from the tree; with @rejections, the domain candidates'
 * reasons are appended. */
static void
fill_route (MfRoute *route, const MfRouteTree *t, const MfDestination *to, GArray *rejections)
{
  if (to->kind == MF_DEST_ROUTING_GROUP)
    {
      int g = to->routing_group;
      route->to = g;
      if (t->dist[g] < 0)
        return;
      route->reachable = TRUE;
      route->cost = t->dist[g];
      route->n_equal = t->count[g];
      set_path (route, t, g, -1);
      return;
    }

  g_autoptr (GArray) terminals = g_array_new (FALSE, FALSE, sizeof (int));
  DomainChoice dc = { .terminals = terminals };
  choose_domain (t, to->domain, &dc, rejections);
  route->specificity = dc.specificity;
  if (dc.cost < 0)
    return;
  int first = g_array_index (terminals, int, 0);
  route->reachable = TRUE;
  route->to = t->router->topo->connectors[first].from;
  route->cost = dc.cost;
  route->n_equal = dc.n_equal;
  route->n_terminals_ = (int) terminals->len;
  route->terminals_ = g_memdup2 (terminals->data, sizeof (int) * terminals->len);
  set_path (route, t, route->to, first);
}

/**
 * mf_route_tree_route:
 * @tree: the lowest-cost routes from one source
 * @to: a routing group or a domain
 *
 * The route from the tree's source to @to (see routing.h for the rules),
 * without rejections.  A route to the source's own group costs 0 and has
 * no connector.  O(path length), plus O(smtp connectors × address spaces)
 * for a domain.
 *
 * Returns: (transfer full): the route; `reachable` is FALSE when there is
 *   none
 */
MfRoute *
mf_route_tree_route (MfRouteTree *tree, const MfDestination *to)
{
  g_return_val_if_fail (tree != NULL && to != NULL, NULL);
  g_return_val_if_fail (to->kind != MF_DEST_ROUTING_GROUP
                        || (to->routing_group >= 0 && to->routing_group < tree->router->n_groups),
                        NULL);
  g_return_val_if_fail (to->kind != MF_DEST_DOMAIN || to->domain != NULL, NULL);

  MfRoute *route = route_new (tree, to);
  fill_route (route, tree, to, NULL);
  return route;
}

/* Distances from every group to the nearest of @n targets, each with an
 * offset added (mode IN), under @weights; -1 when none is reachable. */
static gboolean
dist_to_targets (const MfRouter *r, const igraph_vector_t *weights, const int *targets,
                 const int *offsets, int n, int *out, GError **error)
{
  igraph_vector_int_t vids;
  igraph_matrix_t res;
  igraph_error_t rc;

  for (int v = 0; v < r->n_groups; v++)
    out[v] = -1;
  if (n == 0)
    return TRUE;
  if (!mf_igraph_check (igraph_vector_int_init (&vids, n), "routing targets", error))
    return FALSE;
  for (int i = 0; i < n; i++)
    VECTOR (vids)[i] = targets[i];
  rc = igraph_matrix_init (&res, 0, 0);
  if (rc != IGRAPH_SUCCESS)
    {
      igraph_vector_int_destroy (&vids);
      return mf_igraph_check (rc, "routing distances", error);
    }
  rc = igraph_distances_dijkstra (&r->graph, &res, igraph_vss_vector (&vids), igraph_vss_all (),
                                  weights, IGRAPH_IN);
  if (rc == IGRAPH_SUCCESS)
    for (int i = 0; i < n; i++)
      for (int v = 0; v < r->n_groups; v++)
        {
          igraph_real_t d = MATRIX (res, i, v);
          if (isfinite (d) && (out[v] < 0 || (int) d + offsets[i] < out[v]))
            out[v] = (int) d + offsets[i];
        }
  igraph_matrix_destroy (&res);
  igraph_vector_int_destroy (&vids);
  return mf_igraph_check (rc, "Dijkstra to the destination", error);
}

/* Distances from @from to every group under @weights, -1 when unreachable. */
static gboolean
dist_from_source (const MfRouter *r, const igraph_vector_t *weights, int from, int *out,
                  GError **error)
{
  igraph_matrix_t res;
  igraph_error_t rc;

  if (!mf_igraph_check (igraph_matrix_init (&res, 0, 0), "routing distances", error))
    return FALSE;
  rc = igraph_distances_dijkstra (&r->graph, &res, igraph_vss_1 (from), igraph_vss_all (),
                                  weights, IGRAPH_OUT);
  if (rc == IGRAPH_SUCCESS)
    for (int v = 0; v < r->n_groups; v++)
      out[v] = isfinite (MATRIX (res, 0, v)) ? (int) MATRIX (res, 0, v) : -1;
  igraph_matrix_destroy (&res);
  return mf_igraph_check (rc, "Dijkstra from the source", error);
}

static int
cmp_rejection (gconstpointer a, gconstpointer b)
{
  const MfRejection *x = a, *y = b;
  return (x->connector > y->connector) - (x->connector < y->connector);
}

/* The rejections that are not about address spaces: connectors that are
 * DOWN or too small for the message although a route through them would
 * cost no more than the chosen one (or would exist at all, when there is
 * no route), and connectors leaving the source that lead only to dearer
 * routes or to none.  Costs are computed with the view's costs; "would"
 * routes ignore every state and size limit.  Four Dijkstra runs. */
static gboolean
explain_paths (const MfRouter *r, const MfLinkState *view, const MfRoute *route,
               const MfRouteTree *t, GArray *rejections, GError **error)
{
  const MfTopology *topo = r->topo;
  const guint8 *up = mf_link_state_get_up_states (view);
  const int *costs = mf_link_state_get_costs (view);
  g_autofree int *targets = g_new (int, (gsize) r->n_smtp + 1);
  g_autofree int *offsets = g_new (int, (gsize) r->n_smtp + 1);
  g_autofree int *use_targets = g_new (int, (gsize) r->n_smtp + 1);
  g_autofree int *use_offsets = g_new (int, (gsize) r->n_smtp + 1);
  g_autofree int *d0_from = g_new (int, r->n_groups);
  g_autofree int *d0_to = g_new (int, r->n_groups);
  g_autofree int *d_to = g_new (int, r->n_groups);
  int n_targets = 0, n_use = 0;
  int chosen = route->reachable ? route->cost : G_MAXINT;
  igraph_vector_t w0, w;
  gboolean ok;

  if (route->to_kind == MF_DEST_ROUTING_GROUP)
    {
      targets[0] = use_targets[0] = route->to;
      offsets[0] = use_offsets[0] = 0;
      n_targets = n_use = 1;
    }
  else
    for (int i = 0; i < r->n_smtp; i++)
      {
        /* The connectors at the kept level, visible and big enough: the
         * "would" routes may use them whatever their state. */
        const MfConnector *k = &topo->connectors[r->smtp[i]];
        int as;
        if (match_connector (k, route->domain, &as) != route->specificity
            || route->specificity < 0
            || (k->scope == MF_SCOPE_ROUTING_GROUP && k->from != route->from)
            || r->limit_rank[r->smtp[i]] < t->size_class)
          continue;
        targets[n_targets] = k->from;
        offsets[n_targets++] = as;
        if (t->smtp_up[i] == MF_LINK_UP)
          {
            use_targets[n_use] = k->from;
            use_offsets[n_use++] = as;
          }
      }
  if (!mf_igraph_check (igraph_vector_init (&w0, r->n_edges), "routing weights", error))
    return FALSE;
  if (!mf_igraph_check (igraph_vector_init (&w, r->n_edges), "routing weights", error))
    {
      igraph_vector_destroy (&w0);
      return FALSE;
    }
  for (int e = 0; e < r->n_edges; e++)
    {
      int c = r->edge_connector[e];
      VECTOR (w0)[e] = costs[c];
      VECTOR (w)[e] = usable (r, up, c, t->size_class) ? (igraph_real_t) costs[c] : IGRAPH_INFINITY;
    }
  ok = dist_from_source (r, &w0, route->from, d0_from, error);
  ok = ok && dist_to_targets (r, &w0, targets, offsets, n_targets, d0_to, error);
  ok = ok && dist_to_targets (r, &w, use_targets, use_offsets, n_use, d_to, error);
  igraph_vector_destroy (&w);
  igraph_vector_destroy (&w0);
  if (!ok)
    return FALSE;

  for (int e = 0; e < r->n_edges; e++)
    {
      int c = r->edge_connector[e];
      const MfConnector *k = &topo->connectors[c];
      if (usable (r, up, c, t->size_class))
        continue;
      if (d0_from[k->from] < 0 || d0_to[k->to] < 0)
        continue;
      int via = d0_from[k->from] + costs[c] + d0_to[k->to];
      if (via <= chosen)
        reject (rejections, c, up[c] == MF_LINK_UP ? MF_REJECT_SIZE : MF_REJECT_DOWN, via);
    }
  for (int i = 0; i < topo->routing_groups[route->from].n_connectors; i++)
    {
      int c = topo->routing_groups[route->from].connectors[i];
      const MfConnector *k = &topo->connectors[c];
      if (k->to < 0 || !usable (r, up, c, t->size_class))
        continue;
      if (d_to[k->to] < 0)
        reject (rejections, c, MF_REJECT_UNREACHABLE, -1);
      else if (costs[c] + d_to[k->to] > chosen)
        reject (rejections, c, MF_REJECT_COSTLIER, costs[c] + d_to[k->to]);
    }
  return TRUE;
}

/**
 * mf_route:
 * @router: the router of @view's topology
 * @view: the link state to route with (a server's own view in a simulation)
 * @from: the source routing group
 * @to: a routing group or a domain (lower-case)
 * @size_bytes: the message size; 0 lets every size limit pass
 * @flags: MF_ROUTE_EXPLAIN to fill `rejections`
 * @error: return location
 *
 * Selects the route as routing.h describes.  O(E log V) on a cache miss,
 * O(connectors + path) on a hit; MF_ROUTE_EXPLAIN adds four Dijkstra runs.
 *
 * Returns: (transfer full): the route (`reachable` FALSE when there is
 *   none), or NULL with MF_IGRAPH_ERROR set when igraph fails
 */
MfRoute *
mf_route (MfRouter *router, const MfLinkState *view, int from, const MfDestination *to,
          guint64 size_bytes, MfRouteFlags flags, GError **error)
{
  g_return_val_if_fail (router != NULL && view != NULL && to != NULL, NULL);
  g_return_val_if_fail (to->kind != MF_DEST_ROUTING_GROUP
                        || (to->routing_group >= 0 && to->routing_group < router->n_groups),
                        NULL);
  g_return_val_if_fail (to->kind != MF_DEST_DOMAIN || to->domain != NULL, NULL);

  g_autoptr (MfRouteTree) tree = mf_router_get_tree (router, view, from, size_bytes, error);
  g_autoptr (MfRoute) route = NULL;

  if (tree == NULL)
    return NULL;
  route = route_new (tree, to);
  if (flags & MF_ROUTE_EXPLAIN)
    route->rejections = g_array_new (FALSE, FALSE, sizeof (MfRejection));
  fill_route (route, tree, to, route->rejections);
  if ((flags & MF_ROUTE_EXPLAIN)
      && !explain_paths (router, view, route, tree, route->rejections, error))
    return NULL;
  if (route->rejections != NULL)
    {
      /* By connector; a connector keeps its first (address-space) reason. */
      GArray *rj = route->rejections;
      guint kept = 0;
      g_array_sort (rj, cmp_rejection);
      for (guint i = 0; i < rj->len; i++)
        if (kept == 0 || g_array_index (rj, MfRejection, kept - 1).connector
                             != g_array_index (rj, MfRejection, i).connector)
          g_array_index (rj, MfRejection, kept++) = g_array_index (rj, MfRejection, i);
      g_array_set_size (rj, kept);
    }
  return g_steal_pointer (&route);
}

void
mf_route_free (MfRoute *route)
{
  if (route == NULL)
    return;
  g_free (route->domain);
  g_free (route->path);
  g_free (route->connectors);
  if (route->rejections != NULL)
    g_array_unref (route->rejections);
  mf_route_tree_unref (route->tree_);
  g_free (route->terminals_);
  g_free (route);
}

/* ------------------------------------------------------------ choice */

/* Route r in [0, n) for u in [0, 1): the index of the chosen route in a
 * fixed enumeration of the n lowest-cost routes.  Choosing by an integer
 * index keeps every step exact, where rescaling a double would lose bits
 * at each hop. */
static guint64
route_index (double u, guint64 n)
{
  double x = CLAMP (u, 0.0, 1.0) * (double) n;

  if (n == 0)
    return 0;
  if (x >= (double) n)
    return n - 1;
  return MIN ((guint64) x, n - 1);
}

/* Of items with @weights (route counts), the one holding route *r; *r
 * becomes the route's index within that item.  Counts that saturated no
 * longer add up: *r is then folded into range, and the choice is no
 * longer exactly uniform (only past 2^64 routes). */
static int
choose_weighted (const guint64 *weights, int n, guint64 *r)
{
  guint64 total = 0, acc = 0;

  g_assert (n > 0);
  for (int i = 0; i < n; i++)
    total = sat_add (total, weights[i]);
  if (*r >= total)
    *r %= total;
  for (int i = 0; i < n; i++)
    {
      if (*r - acc < weights[i] || i == n - 1)
        {
          *r -= acc;
          if (*r >= weights[i])
            *r = weights[i] - 1;
          return i;
        }
      acc += weights[i];
    }
  g_assert_not_reached ();
}

/* Walk from @target back to the source, at each group taking the tight
 * connector whose routes hold route *r: every lowest-cost route has one
 * index, so the route is uniform when r is.  Appends the connectors
 * last-first to @out when given; returns the first connector. */
static int
walk_back (const MfRouteTree *t, int target, guint64 r, GArray *out)
{
  const int *conn_from = t->router->conn_from;
  int v = target, first = -1;
  guint64 small[8];
  g_autofree guint64 *big = NULL;
  int cap = G_N_ELEMENTS (small);
  guint64 *w = small;

  while (v != t->from)
    {
      int lo = t->dag_start[v], n = t->dag_start[v + 1] - lo;
      int c;
      if (n > cap)
        {
          cap = n;
          g_free (big);
          w = big = g_new (guint64, cap);
        }
      for (int i = 0; i < n; i++)
        w[i] = t->count[conn_from[t->dag_conn[lo + i]]];
      c = t->dag_conn[lo + choose_weighted (w, n, &r)];
      if (out != NULL)
        g_array_append_val (out, c);
      first = c;
      v = conn_from[c];
    }
  return first;
}

/* For a domain route: one of the tied SMTP connectors, weighted by the
 * routes to its group. */
static int
pick_terminal (const MfRouteTree *t, const int *terminals, int n, guint64 *r)
{
  const MfTopology *topo = t->router->topo;
  g_autofree guint64 *w = g_new (guint64, n);

  for (int i = 0; i < n; i++)
    w[i] = t->count[topo->connectors[terminals[i]].from];
  return terminals[choose_weighted (w, n, r)];
}

/**
 * mf_route_pick:
 * @route: a route from mf_route() or mf_route_tree_route()
 * @u01: a uniform random number in [0, 1)
 * @connectors: (out): an array of int, emptied and filled
 *
 * One of the route's lowest-cost routes, chosen uniformly at connector
 * level by @u01 (the same @u01 always gives the same route): route
 * floor(@u01 × n_equal) of a fixed enumeration, exact as long as n_equal
 * is below 2^53.  Given as the
 * connectors from the source to the destination.  Empty when there is no
 * route or no connector to cross.  O(path × in-degree).
 */
void
mf_route_pick (const MfRoute *route, double u01, GArray *connectors)
{
  g_return_if_fail (route != NULL && connectors != NULL);
  g_return_if_fail (g_array_get_element_size (connectors) == sizeof (int));

  const MfRouteTree *t = route->tree_;
  const MfTopology *topo = t->router->topo;
  guint64 r = route_index (u01, route->n_equal);
  int terminal = -1, target;

  g_array_set_size (connectors, 0);
  if (!route->reachable)
    return;
  if (route->to_kind == MF_DEST_DOMAIN)
    {
      terminal = pick_terminal (t, route->terminals_, route->n_terminals_, &r);
      target = topo->connectors[terminal].from;
    }
  else
    target = route->to;
  walk_back (t, target, r, connectors);
  for (guint i = 0, j = connectors->len; i + 1 < j; i++, j--)
    {
      int tmp = g_array_index (connectors, int, i);
      g_array_index (connectors, int, i) = g_array_index (connectors, int, j - 1);
      g_array_index (connectors, int, j - 1) = tmp;
    }
  if (terminal >= 0)
    g_array_append_val (connectors, terminal);
}

/**
 * mf_route_pick_first:
 *
 * The first connector of mf_route_pick (@route, @u01): the next hop.
 *
 * Returns: a connector id, or -1 when there is no route or the route
 *   crosses no connector (the source is the destination group).
 */
int
mf_route_pick_first (const MfRoute *route, double u01)
{
  g_return_val_if_fail (route != NULL, -1);

  const MfRouteTree *t = route->tree_;
  const MfTopology *topo = t->router->topo;
  guint64 r = route_index (u01, route->n_equal);

  if (!route->reachable)
    return -1;
  if (route->to_kind == MF_DEST_DOMAIN)
    {
      int terminal = pick_terminal (t, route->terminals_, route->n_terminals_, &r);
      if (topo->connectors[terminal].from == t->from)
        return terminal;
      return walk_back (t, topo->connectors[terminal].from, r, NULL);
    }
  return route->to == t->from ? -1 : walk_back (t, route->to, r, NULL);
}

/**
 * mf_router_next_hop:
 * @u01: a uniform random number in [0, 1)
 * @hop: (out caller-allocates): the result
 *
 * What mf_route_pick_first (mf_route (...), @u01) gives, without building
 * the route: the next connector on a lowest-cost route chosen uniformly.
 * Allocates nothing on a cache hit for a routing group.
 *
 * Returns: FALSE with MF_IGRAPH_ERROR set when igraph fails
 */
/**
 * mf_route_tree_next_hop:
 * @tree: a tree from mf_router_get_tree
 * @u01: a uniform random number in [0, 1)
 * @hop: (out caller-allocates): the result
 *
 * The next connector on a lowest-cost route from the tree's source to @to,
 * chosen uniformly among the equal-cost routes.  For a caller that keeps a
 * tree while its view does not change (the simulator: one per server),
 * this skips the cache look-up of mf_router_next_hop.  Allocates nothing
 * for a routing group.  O(path length) for a group; O(connectors with
 * address spaces) for a domain.
 */
void
mf_route_tree_next_hop (const MfRouteTree *t, const MfDestination *to, double u01, MfHop *hop)
{
  guint64 r;

  g_return_if_fail (t != NULL && to != NULL && hop != NULL);
  g_return_if_fail (to->kind != MF_DEST_ROUTING_GROUP
                    || (to->routing_group >= 0 && to->routing_group < t->router->n_groups));
  g_return_if_fail (to->kind != MF_DEST_DOMAIN || to->domain != NULL);

  *hop = (MfHop) { FALSE, -1, -1, 0 };
  if (to->kind == MF_DEST_ROUTING_GROUP)
    {
      int g = to->routing_group;
      if (t->dist[g] < 0)
        return;
      r = route_index (u01, t->count[g]);
      *hop = (MfHop) { TRUE, g == t->from ? -1 : walk_back (t, g, r, NULL), t->dist[g], t->count[g] };
      return;
    }

  g_autoptr (GArray) terminals = g_array_new (FALSE, FALSE, sizeof (int));
  DomainChoice dc = { .terminals = terminals };
  choose_domain (t, to->domain, &dc, NULL);
  if (dc.cost < 0)
    return;
  r = route_index (u01, dc.n_equal);
  int terminal = pick_terminal (t, (const int *) (const void *) terminals->data,
                                (int) terminals->len, &r);
  int g = t->router->topo->connectors[terminal].from;
  *hop = (MfHop) { TRUE, g == t->from ? terminal : walk_back (t, g, r, NULL), dc.cost, dc.n_equal };
}

gboolean
mf_router_next_hop (MfRouter *router, const MfLinkState *view, int from,
                    const MfDestination *to, guint64 size_bytes, double u01, MfHop *hop,
                    GError **error)
{
  g_return_val_if_fail (router != NULL && view != NULL && to != NULL && hop != NULL, FALSE);
  g_return_val_if_fail (to->kind != MF_DEST_ROUTING_GROUP
                        || (to->routing_group >= 0 && to->routing_group < router->n_groups),
                        FALSE);
  g_return_val_if_fail (to->kind != MF_DEST_DOMAIN || to->domain != NULL, FALSE);

  g_autoptr (MfRouteTree) t = mf_router_get_tree (router, view, from, size_bytes, error);

  if (t == NULL)
    return FALSE;
  mf_route_tree_next_hop (t, to, u01, hop);
  return TRUE;
}

/* A short English name for a reason, as `trace` prints it. */
const char *
mf_reject_reason_name (MfRejectReason reason)
{
  switch (reason)
    {
    case MF_REJECT_DOWN:
      return "down";
    case MF_REJECT_SIZE:
      return "message too large";
    case MF_REJECT_SCOPE:
      return "out of scope";
    case MF_REJECT_LESS_SPECIFIC:
      return "less specific address space";
    case MF_REJECT_UNREACHABLE:
      return "no route onward";
    case MF_REJECT_COSTLIER:
      return "costlier";
    default:
      g_return_val_if_reached ("unknown");
    }
}
