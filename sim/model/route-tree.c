/* route-tree.c — shortest-path trees (MfRouteTree, routing.h).
 *
 * A tree holds, for one source, one set of connector states and costs and
 * one size class: the distance to every group (igraph_distances_dijkstra),
 * the number of lowest-cost routes, the representative route's last
 * connector, and the "tight" connectors (those on some lowest-cost route),
 * which is what uniform choice among equal-cost routes walks.  Path
 * counting is a depth-first walk over the tight connectors, which form a
 * DAG since costs are ≥ 1.  Trees are immutable once built and reference
 * counted; the router's cache (routing.c) decides when to build them.
 */
#define G_LOG_DOMAIN "msgflow-routing"

#include "model/routing-private.h"

#include <math.h>

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
gboolean
mf_routing_run_dijkstra (const MfRouter *r, const guint8 *up, const int *costs, int size_class,
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
MfRouteTree *
mf_routing_tree_from_row (const MfRouter *r, const guint8 *up, const int *costs, int from,
                          int size_class, const igraph_matrix_t *res, int row)
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
MfRouteTree *
mf_routing_build_tree (const MfRouter *r, const guint8 *up, const int *costs, int from,
                       int size_class, GError **error)
{
  igraph_matrix_t res;
  MfRouteTree *t = NULL;

  if (!mf_igraph_check (igraph_matrix_init (&res, 0, 0), "routing distances", error))
    return NULL;
  if (mf_routing_run_dijkstra (r, up, costs, size_class, &from, 1, &res, error))
    t = mf_routing_tree_from_row (r, up, costs, from, size_class, &res, 0);
  igraph_matrix_destroy (&res);
  return t;
}
