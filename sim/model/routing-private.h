/* routing-private.h — what the files of the routing module share: the
 * layouts of MfRouter and MfRouteTree, and the steps one file runs for
 * another.
 *
 * routing.c owns the router (graph, size classes, cache); route-tree.c the
 * shortest-path trees; route-select.c the address-space choice and MfRoute;
 * route-explain.c the rejections; route-choice.c the choice among
 * equal-cost routes.  Nothing outside sim/model/rout*.c includes this.
 */
#ifndef MF_ROUTING_PRIVATE_H
#define MF_ROUTING_PRIVATE_H

#include "base/igraph-util.h"
#include "model/routing.h"

G_BEGIN_DECLS

/* Weight sets remembered for reusing trees across link-state changes. */
#define MF_ROUTER_RECENT 4

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
  guint64 reused;         /* misses served by a tree a change left as it was */
  /* The routing hashes of the weight sets looked up last, newest first
   * (0: none): where a tree that a link-state change cannot affect is
   * found (routing.c, reuse_tree). */
  guint64 recent[MF_ROUTER_RECENT];
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

/* Dijkstra from each of @n_sources groups in one igraph call (route-tree.c). */
gboolean mf_routing_run_dijkstra (const MfRouter *r, const guint8 *up, const int *costs,
                                  int size_class, const int *sources, int n_sources,
                                  igraph_matrix_t *res, GError **error);
/* The tree of one source from a row of mf_routing_run_dijkstra's result
 * (route-tree.c). */
MfRouteTree *mf_routing_tree_from_row (const MfRouter *r, const guint8 *up, const int *costs,
                                       int from, int size_class, const igraph_matrix_t *res,
                                       int row);
/* One source's tree: one Dijkstra (route-tree.c). */
MfRouteTree *mf_routing_build_tree (const MfRouter *r, const guint8 *up, const int *costs,
                                    int from, int size_class, GError **error);

/* The outcome of the address-space selection for one domain
 * (route-select.c). */
typedef struct {
  int cost;          /* best total, -1 without a usable candidate */
  int specificity;   /* the level kept, -1 without a visible candidate */
  guint64 n_equal;
  GArray *terminals; /* tied connectors, ascending (int) */
} MfDomainChoice;

int mf_routing_match_connector (const MfConnector *k, const char *domain, int *cost);
void mf_routing_reject (GArray *rejections, int connector, MfRejectReason reason, int cost);
void mf_routing_choose_domain (const MfRouteTree *t, const char *domain, MfDomainChoice *dc,
                               GArray *rejections);

/* Append to route->rejections the reasons that are not about address
 * spaces, then sort them by connector, each keeping its first reason
 * (route-explain.c). */
gboolean mf_routing_explain (const MfRouter *r, const MfLinkState *view, MfRoute *route,
                             const MfRouteTree *t, GError **error);

G_END_DECLS

#endif /* MF_ROUTING_PRIVATE_H */
