/* lint.h — design warnings about a loaded topology (`msgflow check`).
 *
 * Owns: the checks that a valid file may still deserve a warning for:
 * one-way connectors, isolated routing groups, groups with mailboxes but no
 * way out, connectors that never run, empty groups, flows that send nothing
 * and events after the end of the run.  Pure: it reads the
 * model and returns messages; printing is the command's job.
 */
#ifndef MF_LINT_H
#define MF_LINT_H

#include <glib.h>
#include "model/topology.h"

G_BEGIN_DECLS

/* Warnings as "FILE:LINE: warning: message", in a stable order (by line,
 * then by check).  (transfer full) */
GPtrArray *mf_lint (const MfTopology *topo);

G_END_DECLS

#endif /* MF_LINT_H */
