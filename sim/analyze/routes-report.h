/* routes-report.h — the outputs of `msgflow routes`: the link-state table as
 * WinRoute shows it and the route table, as text or as JSON.
 *
 * Owns: which pairs a query covers, their order (sources, then
 * destinations, in file order) and the two formats.  Routes come from
 * routing.h only; nothing here decides a route.  Output is byte-stable: a
 * pure function of the topology, the view and the query.
 */
#ifndef MF_ROUTES_REPORT_H
#define MF_ROUTES_REPORT_H

#include <glib.h>
#include <stdio.h>

#include "model/linkstate.h"
#include "model/routing.h"

G_BEGIN_DECLS

typedef struct {
  int from;            /* a routing group, or -1 for every group */
  MfDestKind to_kind;
  int to;              /* MF_DEST_ROUTING_GROUP: a group, or -1 for every group */
  const char *domain;  /* MF_DEST_DOMAIN: lower-case (transfer none) */
  guint64 size_bytes;  /* 0: size limits reject nothing */
} MfRoutesQuery;

gboolean mf_routes_write_json (FILE *out, MfRouter *router, const MfLinkState *view,
                               const MfRoutesQuery *query, GError **error);
gboolean mf_routes_write_text (FILE *out, MfRouter *router, const MfLinkState *view,
                               const MfRoutesQuery *query, const char *what_if,
                               GError **error);

G_END_DECLS

#endif /* MF_ROUTES_REPORT_H */
