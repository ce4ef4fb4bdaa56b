/* routes-report.h — the outputs of `msgflow routes`: the link-state table as
 * WinRoute shows it, the route table, and the routes a query asks for with
 * their details, as text or as JSON.
 *
 * Owns: which pairs a query covers, their order (sources, then
 * destinations, in file order), what each pair shows (the route, the
 * equal-cost routes, the matched address space, the route before --down,
 * why there is none) and the two formats.  Routes and the reasons come
 * from routing.h only; nothing here decides a route.  Output is
 * byte-stable: a pure function of the topology, the views and the query.
 */
#ifndef MF_ROUTES_REPORT_H
#define MF_ROUTES_REPORT_H

#include <glib.h>
#include <stdio.h>

#include "model/linkstate.h"
#include "model/routing.h"

G_BEGIN_DECLS

/* Equal-cost routes a pair lists at most (text, and `alternatives` in
 * JSON, which lists the others): their number can grow exponentially. */
#define MF_ROUTES_MAX_EQUAL 16
/* Pairs without a route whose reasons are computed (MF_ROUTE_EXPLAIN, four
 * Dijkstra runs each); past this the reasons are left out, so that a cut
 * organisation of a thousand groups still answers at once. */
#define MF_ROUTES_MAX_EXPLAINED 1000

typedef struct {
  int from;            /* a routing group, or -1 for every group */
  MfDestKind to_kind;
  int to;              /* MF_DEST_ROUTING_GROUP: a group, or -1 for every group */
  const char *domain;  /* MF_DEST_DOMAIN: lower-case (transfer none) */
  guint64 size_bytes;  /* 0: size limits reject nothing */
  /* The view before --down (transfer none), or NULL: then every changed
   * route shows what it was. */
  const MfLinkState *before;
  /* Text: with a --from or --to, also the link-state table and every pair
   * (the output without them), before the routes asked for. */
  gboolean table;
} MfRoutesQuery;

/* TRUE when @query names no source and no destination: the all-pairs
 * table (today's `routes FILE`). */
gboolean mf_routes_query_is_all (const MfRoutesQuery *query);

gboolean mf_routes_write_json (FILE *out, MfRouter *router, const MfLinkState *view,
                               const MfRoutesQuery *query, GError **error);
gboolean mf_routes_write_text (FILE *out, MfRouter *router, const MfLinkState *view,
                               const MfRoutesQuery *query, const char *what_if,
                               GError **error);

G_END_DECLS

#endif /* MF_ROUTES_REPORT_H */
