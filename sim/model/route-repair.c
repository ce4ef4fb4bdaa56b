/* route-repair.c — lowest costs after connectors go DOWN, repaired from
 * the costs before instead of recomputed (MfRouteRepair, routing.h).
 *
 * What-if analysis asks, thousands of times, how the lowest costs from one
 * source change when a few connectors fail.  A full Dijkstra costs
 * O(E log V) per source and scenario even when one spoke is cut; most
 * groups keep a lowest-cost route that avoids the failed connectors.
 *
 * Removing connectors never makes a route cheaper, so a group keeps its
 * cost exactly when one of its "tight" connectors (usable before and on a
 * lowest-cost route, dist[from] + cost = dist[to]) is still usable and
 * comes from a group that keeps its cost.  The groups that lose all of
 * them — the affected set A, found by walking the tight connectors forward
 * from the failed ones with a counter of tight connectors left per group
 * (the tight connectors form a DAG: costs are ≥ 1) — are the only ones
 * whose cost changes.  Their new costs come from a Dijkstra restricted to
 * A, seeded from the groups outside A (Ramalingam and Reps, "An
 * incremental algorithm for a generalization of the shortest-path
 * problem", J. Algorithms 21, 1996).  The cost is O(|A| log |A| + the
 * connectors touching A), and the answer is the same as a full Dijkstra's
 * since lowest costs are unique.
 */
#define G_LOG_DOMAIN "msgflow-routing"

#include "model/routing-private.h"

#include <string.h>

struct _MfRouteRepair {
  const MfRouter *router; /* (transfer none) */
  int n;                  /* routing groups */
  int *out_start;         /* n + 1: connectors leaving each group ... */
  int *out_conn;          /* ... in ascending id order (those with a `to`) */
  int *left;              /* per group: tight connectors still usable, -1 not counted yet */
  int *in_affected;       /* per group: position in affected + 1, 0 when not in A */
  int *affected;          /* A, in the order found; then the output */
  int *new_dist;          /* per position in affected: the new cost, -1 unreachable */
  int *heap;              /* positions in affected, by new_dist */
  int *heap_at;           /* per position in affected: its heap index, -1 when out */
  /* For mf_route_repair_domain_cost: the last run's source, its costs
   * before, and the whole row after, built on first use. */
  int source;
  const int *base_dist;
  int n_affected;
  gboolean row_ready;
  int *row;
  guint64 *no_counts;     /* per group: 0 (route counts are not asked for) */
  guint8 *smtp_up;        /* per router->smtp entry */
};

MfRouteRepair *
mf_route_repair_new (const MfRouter *router)
{
  g_return_val_if_fail (router != NULL, NULL);

  const int n = router->n_groups;
  MfRouteRepair *rr = g_new0 (MfRouteRepair, 1);

  rr->router = router;
  rr->n = n;
  rr->out_start = g_new0 (int, (gsize) n + 1);
  rr->out_conn = g_new (int, (gsize) router->n_connectors + 1);
  for (int c = 0; c < router->n_connectors; c++)
    if (router->conn_to[c] >= 0)
      rr->out_start[router->conn_from[c] + 1]++;
  for (int v = 0; v < n; v++)
    rr->out_start[v + 1] += rr->out_start[v];
  {
    g_autofree int *fill = g_memdup2 (rr->out_start, sizeof (int) * (gsize) n);
    for (int c = 0; c < router->n_connectors; c++)
      if (router->conn_to[c] >= 0)
        rr->out_conn[fill[router->conn_from[c]]++] = c;
  }
  rr->left = g_new (int, (gsize) n + 1);
  memset (rr->left, -1, sizeof (int) * ((gsize) n + 1));
  rr->in_affected = g_new0 (int, (gsize) n + 1);
  rr->affected = g_new (int, (gsize) n + 1);
  rr->new_dist = g_new (int, (gsize) n + 1);
  rr->heap = g_new (int, (gsize) n + 1);
  rr->heap_at = g_new (int, (gsize) n + 1);
  rr->row = g_new (int, (gsize) n + 1);
  rr->no_counts = g_new0 (guint64, (gsize) n + 1);
  rr->smtp_up = g_new (guint8, (gsize) router->n_smtp + 1);
  return rr;
}

void
mf_route_repair_free (MfRouteRepair *rr)
{
  if (rr == NULL)
    return;
  g_free (rr->out_start);
  g_free (rr->out_conn);
  g_free (rr->left);
  g_free (rr->in_affected);
  g_free (rr->affected);
  g_free (rr->new_dist);
  g_free (rr->heap);
  g_free (rr->heap_at);
  g_free (rr->row);
  g_free (rr->no_counts);
  g_free (rr->smtp_up);
  g_free (rr);
}

static inline gboolean
tight (const MfRouter *r, const guint8 *up, const int *costs, const int *dist, int c,
       int size_class)
{
  int u = r->conn_from[c], v = r->conn_to[c];
  return v >= 0 && usable (r, up, c, size_class) && dist[u] >= 0 && dist[v] >= 0
         && dist[u] + costs[c] == dist[v];
}

/* The number of tight connectors into @v before the failures. */
static int
count_tight_in (const MfRouter *r, const guint8 *up, const int *costs, const int *dist, int v,
                int size_class)
{
  int n = 0;
  for (int i = r->in_start[v]; i < r->in_start[v + 1]; i++)
    n += tight (r, up, costs, dist, r->in_conn[i], size_class);
  return n;
}

/* One tight connector into @v is gone; @v joins A when it was the last. */
static void
lose_tight (MfRouteRepair *rr, const guint8 *base_up, const int *costs, const int *dist,
            int source, int v, int size_class, int *n_affected)
{
  if (v == source || rr->in_affected[v] != 0)
    return;
  if (rr->left[v] < 0)
    rr->left[v] = count_tight_in (rr->router, base_up, costs, dist, v, size_class);
  if (--rr->left[v] == 0)
    {
      rr->affected[*n_affected] = v;
      rr->in_affected[v] = ++*n_affected;
    }
}

/* A binary min-heap of positions in rr->affected keyed by rr->new_dist;
 * ties by group id, so the result never depends on the order A was found
 * in (only the costs are returned, which are unique anyway). */
static inline gboolean
heap_less (const MfRouteRepair *rr, int a, int b)
{
  if (rr->new_dist[a] != rr->new_dist[b])
    return rr->new_dist[a] < rr->new_dist[b];
  return rr->affected[a] < rr->affected[b];
}

static void
heap_up (MfRouteRepair *rr, int i)
{
  while (i > 0)
    {
      int parent = (i - 1) / 2;
      if (!heap_less (rr, rr->heap[i], rr->heap[parent]))
        break;
      int tmp = rr->heap[i];
      rr->heap[i] = rr->heap[parent];
      rr->heap[parent] = tmp;
      rr->heap_at[rr->heap[i]] = i;
      rr->heap_at[rr->heap[parent]] = parent;
      i = parent;
    }
}

static void
heap_down (MfRouteRepair *rr, int i, int size)
{
  for (;;)
    {
      int l = 2 * i + 1, best = i;
      if (l < size && heap_less (rr, rr->heap[l], rr->heap[best]))
        best = l;
      if (l + 1 < size && heap_less (rr, rr->heap[l + 1], rr->heap[best]))
        best = l + 1;
      if (best == i)
        return;
      int tmp = rr->heap[i];
      rr->heap[i] = rr->heap[best];
      rr->heap[best] = tmp;
      rr->heap_at[rr->heap[i]] = i;
      rr->heap_at[rr->heap[best]] = best;
      i = best;
    }
}

/**
 * mf_route_repair_run:
 * @rr: scratch space for @rr's router
 * @base: the view the costs @dist were computed in
 * @view: @base with some connectors DOWN (same costs, no connector UP that
 *   is not UP in @base)
 * @source: the routing group @dist is measured from
 * @dist: the lowest costs from @source in @base, -1 when unreachable
 * @size_class: as for the router (0: every size)
 * @down: (array length=n_down): connectors DOWN in @view, in any order
 *   (those already DOWN in @base are skipped)
 * @groups: (out) (transfer none): the groups whose cost changed
 * @new_dist: (out) (transfer none): their new costs, -1 when unreachable,
 *   in the order of @groups
 *
 * Every other group keeps its cost from @dist.  The arrays are valid until
 * the next call.
 *
 * Returns: the number of groups whose cost changed
 */
int
mf_route_repair_run (MfRouteRepair *rr, const MfLinkState *base, const MfLinkState *view,
                     int source, const int *dist, int size_class, const int *down, int n_down,
                     const int **groups, const int **new_dist)
{
  g_return_val_if_fail (rr != NULL && base != NULL && view != NULL && dist != NULL, 0);
  g_return_val_if_fail (source >= 0 && source < rr->n, 0);

  const MfRouter *r = rr->router;
  const guint8 *base_up = mf_link_state_get_up_states (base);
  const guint8 *up = mf_link_state_get_up_states (view);
  const int *costs = mf_link_state_get_costs (base);
  int n_affected = 0, heap_size = 0;

  /* Drop the tight connectors that failed... */
  for (int i = 0; i < n_down; i++)
    {
      int c = down[i];
      if (tight (r, base_up, costs, dist, c, size_class) && !usable (r, up, c, size_class))
        lose_tight (rr, base_up, costs, dist, source, r->conn_to[c], size_class, &n_affected);
    }
  /* ...then those leaving a group of A, which A grows by as it goes. */
  for (int a = 0; a < n_affected; a++)
    {
      int v = rr->affected[a];
      for (int i = rr->out_start[v]; i < rr->out_start[v + 1]; i++)
        {
          int c = rr->out_conn[i];
          if (usable (r, up, c, size_class) && tight (r, base_up, costs, dist, c, size_class))
            lose_tight (rr, base_up, costs, dist, source, r->conn_to[c], size_class,
                        &n_affected);
        }
    }

  /* Seed each group of A from the groups outside A, which keep their
   * costs, then Dijkstra inside A. */
  for (int a = 0; a < n_affected; a++)
    {
      int v = rr->affected[a], best = -1;
      for (int i = r->in_start[v]; i < r->in_start[v + 1]; i++)
        {
          int c = r->in_conn[i], u = r->conn_from[c];
          if (rr->in_affected[u] == 0 && dist[u] >= 0 && usable (r, up, c, size_class)
              && (best < 0 || dist[u] + costs[c] < best))
            best = dist[u] + costs[c];
        }
      rr->new_dist[a] = best;
      rr->heap_at[a] = -1;
      if (best >= 0)
        {
          rr->heap[heap_size] = a;
          rr->heap_at[a] = heap_size;
          heap_up (rr, heap_size++);
        }
    }
  while (heap_size > 0)
    {
      int a = rr->heap[0], v = rr->affected[a];
      rr->heap_at[a] = -1;
      if (--heap_size > 0)
        {
          rr->heap[0] = rr->heap[heap_size];
          rr->heap_at[rr->heap[0]] = 0;
          heap_down (rr, 0, heap_size);
        }
      for (int i = rr->out_start[v]; i < rr->out_start[v + 1]; i++)
        {
          int c = rr->out_conn[i], w = r->conn_to[c];
          int b = rr->in_affected[w] - 1;
          if (b < 0 || !usable (r, up, c, size_class))
            continue;
          int d = rr->new_dist[a] + costs[c];
          if (rr->new_dist[b] >= 0 && rr->new_dist[b] <= d)
            continue;
          if (rr->new_dist[b] >= 0 && rr->heap_at[b] < 0)
            continue; /* already final */
          rr->new_dist[b] = d;
          if (rr->heap_at[b] < 0)
            {
              rr->heap[heap_size] = b;
              rr->heap_at[b] = heap_size++;
            }
          heap_up (rr, rr->heap_at[b]);
        }
    }

  /* Leave the per-group scratch clean for the next call: only the groups
   * touched were written. */
  for (int a = 0; a < n_affected; a++)
    {
      int v = rr->affected[a];
      rr->in_affected[v] = 0;
      for (int i = rr->out_start[v]; i < rr->out_start[v + 1]; i++)
        rr->left[r->conn_to[rr->out_conn[i]]] = -1;
    }
  for (int i = 0; i < n_down; i++)
    if (down[i] >= 0 && down[i] < r->n_connectors && r->conn_to[down[i]] >= 0)
      rr->left[r->conn_to[down[i]]] = -1;

  rr->source = source;
  rr->base_dist = dist;
  rr->n_affected = n_affected;
  rr->row_ready = FALSE;
  *groups = rr->affected;
  *new_dist = rr->new_dist;
  return n_affected;
}

/**
 * mf_route_repair_domain_cost:
 * @rr: after mf_route_repair_run (@dist must still be valid)
 * @view: the view of that run
 * @domain: an external domain, lower-case
 *
 * The cost of the lowest-cost route from the last run's source to
 * @domain in @view, by the address-space selection of routing.h on the
 * repaired costs: what mf_route_tree_route gives with a full tree, without
 * building one.  O(groups) once per run, then O(SMTP connectors ×
 * address spaces).
 *
 * Returns: the cost, -1 without a route
 */
int
mf_route_repair_domain_cost (MfRouteRepair *rr, const MfLinkState *view, const char *domain)
{
  g_return_val_if_fail (rr != NULL && rr->base_dist != NULL && view != NULL, -1);

  const MfRouter *r = rr->router;
  const guint8 *up = mf_link_state_get_up_states (view);
  g_autoptr (GArray) terminals = g_array_new (FALSE, FALSE, sizeof (int));
  MfDomainChoice dc = { .terminals = terminals };
  MfRouteTree tree = { 0 };

  if (!rr->row_ready)
    {
      memcpy (rr->row, rr->base_dist, sizeof (int) * (gsize) rr->n);
      for (int a = 0; a < rr->n_affected; a++)
        rr->row[rr->affected[a]] = rr->new_dist[a];
      for (int i = 0; i < r->n_smtp; i++)
        rr->smtp_up[i] = up[r->smtp[i]];
      rr->row_ready = TRUE;
    }
  tree.router = r;
  tree.from = rr->source;
  tree.size_class = 0;
  tree.dist = rr->row;
  tree.count = rr->no_counts;
  tree.smtp_up = rr->smtp_up;
  mf_routing_choose_domain (&tree, domain, &dc, NULL);
  return dc.cost;
}
