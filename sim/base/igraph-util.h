/* igraph-util.h — the one place msgflow meets igraph's error machinery.
 *
 * Owns: switching igraph's abort-on-error handler off (mf_igraph_init) and
 * turning igraph error codes into GErrors (MF_IGRAPH_ERROR, code = the
 * igraph_error_t value).  Every module that calls igraph checks each
 * fallible call with mf_igraph_check and destroys what it initialised on
 * every path; nothing here owns graphs or vectors.
 */
#ifndef MF_IGRAPH_UTIL_H
#define MF_IGRAPH_UTIL_H

#include <glib.h>
#include <igraph.h>

G_BEGIN_DECLS

#define MF_IGRAPH_ERROR (mf_igraph_error_quark ())
GQuark mf_igraph_error_quark (void);

void mf_igraph_init (void);
gboolean mf_igraph_check (igraph_error_t rc, const char *what, GError **error);

G_END_DECLS

#endif /* MF_IGRAPH_UTIL_H */
