/* routing.h — Exchange 2003 route selection: the one routine every command
 * and the simulator use.
 *
 * Owns: the routing graph (igraph: one vertex per routing group, one
 * directed edge per connector that has a `to`, mirrors included), route
 * selection from a link-state view (reference §3–4), the count of
 * equal-cost routes, uniform choice among them, the reasons alternatives
 * were rejected, and a cache of shortest-path trees shared by every view
 * with the same connector states and costs.
 *
 * Rules, in order (docs/format.md §4.3):
 *  - to a routing group: connectors that are UP and admit the message size;
 *    the lowest total cost (Dijkstra through igraph).
 *  - to a domain: SMTP connectors with a matching address space, visible
 *    from the source (scope `routing-group`: only from its own group) and
 *    admitting the size; of those, only the most specific match level —
 *    DOWN connectors still define that level, so mail never falls back to
 *    a less specific space while the specific ones are down; of those, the
 *    UP ones; the lowest total = path cost to the connector's group + the
 *    address space's cost.
 *  - equal-cost routes are counted at connector level: two parallel
 *    connectors of equal cost are two routes; for a domain, each tied SMTP
 *    connector adds the routes to its group.
 *  - the route shown is deterministic: among the lowest-cost routes, the one
 *    whose connectors, read from the destination back to the source, have
 *    the smallest ids (file order, a mirror right after its original); for
 *    a domain, the tied SMTP connector with the smallest id.
 *
 * Not thread-safe: a router holds a cache; give each run its own.  Routes
 * and trees borrow the router and must not outlive it.
 */
#ifndef MF_ROUTING_H
#define MF_ROUTING_H

#include <glib.h>

#include "model/linkstate.h"
#include "model/topology.h"

G_BEGIN_DECLS

/* Memory the tree cache may hold before it is emptied (Postfix style: a
 * named limit).  Trees still referenced by routes survive a flush. */
#define MF_ROUTER_CACHE_MAX_BYTES (128 * 1024 * 1024)
/* Sources per igraph call when many trees are computed at once (bounds
 * the distance matrix to this many rows). */
#define MF_ROUTER_BATCH_SOURCES 256

typedef struct _MfRouter MfRouter;
typedef struct _MfRouteTree MfRouteTree;

typedef enum {
  MF_DEST_ROUTING_GROUP,
  MF_DEST_DOMAIN,
} MfDestKind;

typedef struct {
  MfDestKind kind;
  int routing_group;  /* MF_DEST_ROUTING_GROUP */
  const char *domain; /* MF_DEST_DOMAIN: lower-case (transfer none) */
} MfDestination;

static inline MfDestination
mf_destination_group (int routing_group)
{
  MfDestination d = { MF_DEST_ROUTING_GROUP, routing_group, NULL };
  return d;
}

static inline MfDestination
mf_destination_domain (const char *domain)
{
  MfDestination d = { MF_DEST_DOMAIN, -1, domain };
  return d;
}

typedef enum {
  MF_ROUTE_DEFAULT = 0,
  MF_ROUTE_EXPLAIN = 1 << 0, /* fill MfRoute.rejections (for `trace`) */
} MfRouteFlags;

/* Why a connector is not on the chosen route. */
typedef enum {
  MF_REJECT_DOWN,          /* DOWN in this view */
  MF_REJECT_SIZE,          /* its max-message-size is below the message's size */
  MF_REJECT_SCOPE,         /* smtp, scope routing-group, and the source is another group */
  MF_REJECT_LESS_SPECIFIC, /* a more specific address space matches the domain */
  MF_REJECT_UNREACHABLE,   /* no usable route leads through it to the destination */
  MF_REJECT_COSTLIER,      /* usable, but the route through it costs more */
} MfRejectReason;

typedef struct {
  int connector;
  MfRejectReason reason;
  /* The total cost of the best route through the connector if it were
   * usable (DOWN, SIZE) or as it is (COSTLIER); -1 when there is none. */
  int cost;
} MfRejection;

typedef struct {
  int from;                  /* source routing group */
  MfDestKind to_kind;
  int to;                    /* the destination group; for a domain, the group
                              * of the chosen SMTP connector (-1 without a route) */
  char *domain;              /* for a domain destination (transfer full) */
  gboolean reachable;
  int cost;                  /* total, address space included; -1 without a route */
  int n_path;
  int *path;                 /* routing groups, from `from` to `to` */
  int n_connectors;
  int *connectors;           /* n_path - 1 connectors, then for a domain the SMTP connector */
  guint64 n_equal;           /* lowest-cost routes (0 without a route); saturates at G_MAXUINT64 */
  int specificity;           /* domain: the address-space match level used (-1 otherwise) */
  GArray *rejections;        /* MfRejection sorted by connector, or NULL without MF_ROUTE_EXPLAIN */
  /*< private >*/
  MfRouteTree *tree_;
  int n_terminals_;
  int *terminals_;           /* domain: the tied SMTP connectors */
} MfRoute;

/* The next hop only, without allocating (the simulator's hot path). */
typedef struct {
  gboolean reachable;
  int connector;             /* -1: the message is at its destination group */
  int cost;                  /* total cost of the routes, -1 without a route */
  guint64 n_equal;
} MfHop;

MfRouter *mf_router_new (const MfTopology *topo, GError **error);
void mf_router_free (MfRouter *router);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfRouter, mf_router_free)

const MfTopology *mf_router_get_topology (const MfRouter *router);
int mf_router_edge_count (const MfRouter *router);
void mf_router_flush_cache (MfRouter *router);
void mf_router_cache_stats (const MfRouter *router, guint64 *hits, guint64 *misses,
                            gsize *bytes);
guint64 mf_router_reused_trees (const MfRouter *router);

gboolean mf_router_prepare (MfRouter *router, const MfLinkState *view, guint64 size_bytes,
                            GError **error);
MfRouteTree *mf_router_get_tree (MfRouter *router, const MfLinkState *view, int from,
                                 guint64 size_bytes, GError **error);
MfRouteTree *mf_route_tree_ref (MfRouteTree *tree);
void mf_route_tree_unref (MfRouteTree *tree);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfRouteTree, mf_route_tree_unref)
int mf_route_tree_get_cost (const MfRouteTree *tree, int routing_group);
guint64 mf_route_tree_get_n_equal (const MfRouteTree *tree, int routing_group);
int mf_route_tree_get_path (const MfRouteTree *tree, int routing_group, int *connectors);
MfRoute *mf_route_tree_route (MfRouteTree *tree, const MfDestination *to);

MfRoute *mf_route (MfRouter *router, const MfLinkState *view, int from,
                   const MfDestination *to, guint64 size_bytes, MfRouteFlags flags,
                   GError **error);
void mf_route_free (MfRoute *route);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfRoute, mf_route_free)

int mf_route_pick_first (const MfRoute *route, double u01);
void mf_route_pick (const MfRoute *route, double u01, GArray *connectors);
/* The lowest-cost route number @index (0 ≤ @index < n_equal) of the fixed
 * enumeration mf_route_pick chooses from; route 0 is the one `path` and
 * `connectors` show.  For `routes`, which lists the equal-cost routes. */
void mf_route_get_equal (const MfRoute *route, guint64 index, GArray *connectors);
/* For a domain: the tied SMTP connectors the lowest-cost routes end with,
 * ascending (the first is the shown route's); NULL and 0 otherwise. */
const int *mf_route_get_smtp_connectors (const MfRoute *route, int *n);
/* The index of connector @k's address space that routing uses for @domain
 * (lower-case): the most specific match, then the cheapest, then the
 * first; -1 when none matches. */
int mf_connector_address_space (const MfConnector *k, const char *domain);

void mf_route_tree_next_hop (const MfRouteTree *tree, const MfDestination *to, double u01,
                             MfHop *hop);
gboolean mf_router_next_hop (MfRouter *router, const MfLinkState *view, int from,
                             const MfDestination *to, guint64 size_bytes, double u01,
                             MfHop *hop, GError **error);
gboolean mf_router_is_lowest_first_hop (MfRouter *router, const MfLinkState *view, int from,
                                        const MfDestination *to, guint64 size_bytes,
                                        int connector);

/* Lowest costs after connectors go DOWN, repaired from the costs before
 * (route-repair.c): what-if analysis without a Dijkstra per scenario. */
typedef struct _MfRouteRepair MfRouteRepair;
MfRouteRepair *mf_route_repair_new (const MfRouter *router);
void mf_route_repair_free (MfRouteRepair *repair);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfRouteRepair, mf_route_repair_free)
int mf_route_repair_run (MfRouteRepair *repair, const MfLinkState *base, const MfLinkState *view,
                         int source, const int *dist, int size_class, const int *down,
                         int n_down, const int **groups, const int **new_dist);
int mf_route_repair_domain_cost (MfRouteRepair *repair, const MfLinkState *view,
                                 const char *domain);

const char *mf_reject_reason_name (MfRejectReason reason);

/* TRUE when no SMTP connector visible from routing group @from has an
 * address space matching @domain (lower-case): Exchange's virtual server
 * then sends the mail itself, by DNS (docs/format.md §4.3). */
gboolean mf_route_by_dns (const MfTopology *topo, int from, const char *domain);

G_END_DECLS

#endif /* MF_ROUTING_H */
