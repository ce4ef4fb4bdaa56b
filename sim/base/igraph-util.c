/* igraph-util.c — igraph error handling for msgflow (igraph-util.h).
 *
 * igraph's default handler aborts the process on any error, and its
 * warning handler prints to stderr; msgflow wants neither: errors become
 * GErrors that commands report, and warnings are dropped (routing never
 * relies on one).  The handlers are process-wide igraph state, set once.
 */
#define G_LOG_DOMAIN "msgflow-igraph"

#include "base/igraph-util.h"

G_DEFINE_QUARK (mf-igraph-error-quark, mf_igraph_error)

/**
 * mf_igraph_init:
 *
 * Switches igraph's error handler to "ignore" (the call returns the error
 * code, which the caller turns into a GError) and silences its warnings.
 * Idempotent: mf_router_new and `msgflow routes` call it, and so do the
 * tests; the program should call it once at start-up.  O(1).
 */
void
mf_igraph_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      igraph_set_error_handler (igraph_error_handler_ignore);
      igraph_set_warning_handler (igraph_warning_handler_ignore);
      g_once_init_leave (&done, 1);
    }
}

/**
 * mf_igraph_check:
 * @rc: what an igraph call returned
 * @what: the operation, for the message ("Dijkstra from Seattle")
 * @error: return location
 *
 * Returns: TRUE when @rc is IGRAPH_SUCCESS; otherwise sets @error
 *   (MF_IGRAPH_ERROR, code @rc, "WHAT: igraph: REASON") and returns FALSE.
 */
gboolean
mf_igraph_check (igraph_error_t rc, const char *what, GError **error)
{
  if (rc == IGRAPH_SUCCESS)
    return TRUE;
  g_set_error (error, MF_IGRAPH_ERROR, (int) rc, "%s: igraph: %s", what, igraph_strerror (rc));
  return FALSE;
}
