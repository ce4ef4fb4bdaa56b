/* export.h — the routing graph as GraphML and GML (igraph's writers) and
 * DOT (written here, every ID and value quoted), for yEd, Gephi and
 * Graphviz (`msgflow export`).
 *
 * Owns: the exported graph's layout and attribute names.  One vertex per
 * routing group in file order, plus one vertex "(external)" when some
 * connector has address spaces and no `to` (it stands for the Internet);
 * one directed edge per connector in id order, mirrors included (an
 * address-space-only connector leads to "(external)").  Attribute names
 * are plain letters (camelCase), because igraph's GML writer drops any
 * other character.  States come from a link-state view, so a what-if
 * (failure.h) can be exported too.  docs/analyze.md lists the attributes.
 */
#ifndef MF_EXPORT_H
#define MF_EXPORT_H

#include <glib.h>
#include <stdio.h>

#include "model/linkstate.h"

G_BEGIN_DECLS

#define MF_EXPORT_EXTERNAL_VERTEX "(external)"

typedef enum {
  MF_EXPORT_GRAPHML,
  MF_EXPORT_DOT,
  MF_EXPORT_GML,
} MfExportFormat;

gboolean mf_export_format_parse (const char *text, MfExportFormat *out);
const char *mf_export_format_name (MfExportFormat format);
gboolean mf_export_write (FILE *out, const MfLinkState *view, const gboolean *group_dead,
                          MfExportFormat format, GError **error);

G_END_DECLS

#endif /* MF_EXPORT_H */
