/* routes-report-private.h — what the files of the routes report share: one
 * pair's routes as the outputs see them, the walk over a query's pairs, and
 * the details of a pair.
 *
 * routes-report.c owns the walk and the text; routes-report-json.c the
 * JSON; routes-report-detail.c what a pair shows beyond its route (the equal-cost
 * routes, the address space, the route before --down, why there is none).
 * Nothing outside sim/analyze/routes-report*.c includes this.
 */
#ifndef MF_ROUTES_REPORT_PRIVATE_H
#define MF_ROUTES_REPORT_PRIVATE_H

#include "analyze/routes-report.h"

G_BEGIN_DECLS

/* One route as the outputs need it. */
typedef struct {
  gboolean reachable;
  int cost;
  guint64 n_equal;
  int n_hops;            /* group-to-group connectors; the path has n_hops + 1 groups */
  int n_connectors;      /* n_hops, + 1 for a domain's SMTP connector */
  const int *connectors; /* (transfer none) */
} RoutesSide;

typedef struct {
  int from;
  int to;                /* the destination group; -1 for the domain */
  RoutesSide now;
  RoutesSide was;        /* with query->before: the route before --down */
  gboolean changed;      /* with query->before: `was` differs from `now` */
  MfRouteTree *tree;     /* now's tree (transfer none) */
} RoutesPair;

typedef gboolean (*RoutesPairFunc) (const RoutesPair *pair, gpointer data, GError **error);

/* Calls @func for every pair of @q, sources then destinations in file
 * order; a group with itself only when the query names both.  Routes to
 * groups come straight from the trees, without allocating: the all-pairs
 * table of a large organisation has a million of them. */
gboolean mf_routes_for_each_pair (MfRouter *router, const MfLinkState *view,
                                  const MfRoutesQuery *q, RoutesPairFunc func, gpointer data,
                                  GError **error);

/* What a pair's details need (routes-report-detail.c). */
typedef struct {
  MfRouter *router;
  const MfLinkState *view;
  const MfRoutesQuery *q;
  int n_explained;       /* pairs explained so far (MF_ROUTES_MAX_EXPLAINED) */
} RoutesDetail;

/* The pair's destination for routing.h. */
MfDestination mf_routes_pair_destination (const RoutesDetail *d, const RoutesPair *p);
/* The pair's route with its rejections (MF_ROUTE_EXPLAIN), for a pair
 * without a route; NULL without error once MF_ROUTES_MAX_EXPLAINED pairs
 * were explained. */
gboolean mf_routes_explain (RoutesDetail *d, const RoutesPair *p, MfRoute **route,
                            GError **error);
/* Whether a rejection of a route without one is worth showing: the
 * router's "would" routes may double back (route-explain.c counts any walk
 * when there is no route at all), but no route to the destination enters
 * its source or, for a group, leaves its destination. */
gboolean mf_routes_rejection_shown (const MfTopology *topo, const MfRoute *route,
                                    const MfRejection *rj);
/* "G1 -[C1]-> G2 -[C2]-> DEST" */
void mf_routes_append_path (GString *out, const MfTopology *topo, int from, const char *to_name,
                            int n_hops, int n_connectors, const int *connectors);
/* "was cost 20: PATH" (with the number of routes when it differs), or
 * "was: no route". */
void mf_routes_append_was (GString *out, const MfTopology *topo, const RoutesPair *p,
                           const char *to_name);
/* The reasons of an explained route: "down: A, B; message too large: C
 * (max 2MB)" with @sep between reasons; "no connector leads there" or "no
 * address space matches" when the router set nothing aside. */
void mf_routes_append_reasons (GString *out, const MfTopology *topo, const MfRoute *route,
                               guint64 size_bytes, const char *sep);
/* The pair in full, for a query: its route and every detail. */
gboolean mf_routes_append_detail (GString *out, RoutesDetail *d, const RoutesPair *p,
                                  GError **error);
/* How the virtual servers of @from send to the domain when no connector
 * matches: one line per server, each starting with @prefix. */
void mf_routes_append_dns (GString *out, const MfTopology *topo, int from, const char *prefix);

G_END_DECLS

#endif /* MF_ROUTES_REPORT_PRIVATE_H */
