/* failure.h — failures of single connectors and servers, named and applied
 * as `analyze` and `export --down` see them.
 *
 * Owns: what failing one element means for a link-state view, in one
 * place.  A connector created with reverse = true fails in both directions
 * (the physical link, as an [event] and `routes --down` take it); its
 * mirror "NAME (reverse)" named alone fails alone.  A server failure marks
 * DOWN every connector whose local or remote bridgeheads are then all down
 * (mf_link_state_apply_servers_down), and a routing group whose servers
 * are all down is "dead": it can neither send nor receive.
 * Deliberately not here: routes (routing.h) and what they become.
 */
#ifndef MF_FAILURE_H
#define MF_FAILURE_H

#include <glib.h>

#include "model/linkstate.h"
#include "model/topology.h"

G_BEGIN_DECLS

#define MF_FAILURE_ERROR (mf_failure_error_quark ())
GQuark mf_failure_error_quark (void);

typedef enum {
  MF_FAILURE_ERROR_UNKNOWN,   /* no connector or server of that name */
  MF_FAILURE_ERROR_AMBIGUOUS, /* a connector and a server share the name */
} MfFailureError;

typedef enum {
  MF_FAILURE_CONNECTOR,
  MF_FAILURE_SERVER,
} MfFailureKind;

typedef struct {
  MfFailureKind kind;
  int id; /* connector or server id */
} MfFailure;

gboolean mf_failure_parse (const MfTopology *topo, const char *text, MfFailure *out,
                           GError **error);
char *mf_failure_describe (const MfTopology *topo, const MfFailure *failure);
int mf_failures_apply (const MfTopology *topo, MfLinkState *view, const MfFailure *failures,
                       int n_failures, gboolean *group_dead);

G_END_DECLS

#endif /* MF_FAILURE_H */
