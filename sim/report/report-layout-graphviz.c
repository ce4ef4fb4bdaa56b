/* report-layout-graphviz.c — the map's positions from Graphviz
 * (report-layout-graphviz.h).
 *
 * neato (stress majorization, a fixed seed, `overlap = false`) gives the
 * same picture for the same topology, as the igraph layout does, and moves
 * boxes apart until no two overlap.  A box is as wide as its vertex's name
 * in the map's font (an estimate: 0.09 inch per character), so names do
 * not collide.  neato runs with a timeout; the caller falls back to igraph
 * when it is missing or fails.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-layout-graphviz.h"

#include <errno.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

/* Characters a vertex's name takes on the map: a routing group's name, or
 * an SMTP connector's name with up to three address spaces. */
static gsize
name_chars (const MfTopology *topo, int v, const int *space_of)
{
  if (v < topo->n_routing_groups)
    return g_utf8_strlen (topo->routing_groups[v].name, -1);
  const MfConnector *con = &topo->connectors[space_of[v - topo->n_routing_groups]];
  gsize n = g_utf8_strlen (con->name, -1) + 3;
  for (int s = 0; s < con->n_address_spaces && s < 3; s++)
    n += strlen (con->address_spaces[s].pattern) + 7;
  return n;
}

/**
 * mf_report_layout_dot:
 *
 * Returns: (transfer full): an undirected graph of @n_vertices boxes and
 *   one edge per connector that is not a mirror.
 */
char *
mf_report_layout_dot (const MfTopology *topo, int n_vertices)
{
  GString *s = g_string_new ("graph map {\n"
                             "  graph [layout=neato, overlap=false, splines=false, start=1, sep=\"+12\"];\n"
                             "  node [shape=box, label=\"\", fixedsize=true, height=0.45];\n");
  g_autofree int *space_of = g_new (int, (gsize) n_vertices + 1);
  g_autofree int *vertex_of = g_new (int, (gsize) topo->n_connectors + 1);
  int nv = topo->n_routing_groups;

  for (int c = 0; c < topo->n_connectors; c++)
    {
      vertex_of[c] = topo->connectors[c].to >= 0 ? topo->connectors[c].to : nv;
      if (topo->connectors[c].to < 0 && nv < n_vertices)
        space_of[nv++ - topo->n_routing_groups] = c;
    }
  g_return_val_if_fail (nv == n_vertices, g_string_free (s, FALSE));
  for (int v = 0; v < n_vertices; v++)
    {
      char w[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (w, sizeof w, "%.2f", 0.4 + 0.09 * (double) name_chars (topo, v, space_of));
      g_string_append_printf (s, "  v%d [width=%s];\n", v, w);
    }
  for (int c = 0; c < topo->n_connectors; c++)
    if (!topo->connectors[c].is_mirror && vertex_of[c] != topo->connectors[c].from)
      g_string_append_printf (s, "  v%d -- v%d;\n", topo->connectors[c].from, vertex_of[c]);
  g_string_append (s, "}\n");
  return g_string_free (s, FALSE);
}

static gboolean
parse_number (const char *text, double *out)
{
  char *end = NULL;
  errno = 0;
  *out = g_ascii_strtod (text, &end);
  return errno == 0 && end != text && *end == '\0' && isfinite (*out);
}

/**
 * mf_report_layout_parse_plain:
 *
 * Lines `node NAME X Y ...`; every vertex v0 … v(n-1) exactly once.
 */
gboolean
mf_report_layout_parse_plain (const char *text, double *xy, int n_vertices)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree gboolean *seen = g_new0 (gboolean, (gsize) n_vertices + 1);
  int n_seen = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = NULL;
      gint64 v;
      char *end = NULL;

      if (!g_str_has_prefix (lines[i], "node "))
        continue;
      f = g_strsplit (lines[i], " ", 5);
      if (g_strv_length (f) < 4 || f[1][0] != 'v')
        return FALSE;
      errno = 0;
      v = g_ascii_strtoll (f[1] + 1, &end, 10);
      if (errno != 0 || end == f[1] + 1 || *end != '\0' || v < 0 || v >= n_vertices || seen[v]
          || !parse_number (f[2], &xy[2 * v]) || !parse_number (f[3], &xy[2 * v + 1]))
        return FALSE;
      seen[v] = TRUE;
      n_seen++;
    }
  return n_seen == n_vertices;
}

typedef struct {
  gboolean done, timed_out;
  char *out;
  GError *error;
} Run;

static void
on_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Run *r = user_data;
  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), res, &r->out, NULL, &r->error);
  r->done = TRUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  Run *r = user_data;
  r->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * mf_report_layout_graphviz:
 *
 * Runs @program with the DOT text on stdin, waiting at most
 * MF_GRAPHVIZ_TIMEOUT_S seconds (then it is killed).
 */
gboolean
mf_report_layout_graphviz (const MfTopology *topo, const char *program, double *xy, int n_vertices,
                           char **why)
{
  g_autofree char *dot = mf_report_layout_dot (topo, n_vertices);
  g_autofree char *path = g_find_program_in_path (program);
  g_autoptr (GMainContext) ctx = g_main_context_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GCancellable) cancel = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  GSource *timer;
  Run r = { 0 };
  gboolean ok = FALSE;

  if (path == NULL)
    {
      *why = g_strdup_printf ("%s not found", program);
      return FALSE;
    }
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                             | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           &error, path, "-Tplain", NULL);
  if (proc == NULL)
    {
      *why = g_strdup_printf ("%s: %s", program, error->message);
      return FALSE;
    }
  g_main_context_push_thread_default (ctx);
  timer = g_timeout_source_new_seconds (MF_GRAPHVIZ_TIMEOUT_S);
  g_source_set_callback (timer, on_timeout, &r, NULL);
  g_source_attach (timer, ctx);
  g_subprocess_communicate_utf8_async (proc, dot, cancel, on_done, &r);
  while (!r.done && !r.timed_out)
    g_main_context_iteration (ctx, TRUE);
  if (!r.done)
    {
      g_subprocess_force_exit (proc);
      g_cancellable_cancel (cancel);
      while (!r.done)
        g_main_context_iteration (ctx, TRUE);
    }
  g_source_destroy (timer);
  g_source_unref (timer);
  if (r.timed_out)
    *why = g_strdup_printf ("%s took more than %d s", program, MF_GRAPHVIZ_TIMEOUT_S);
  else if (r.error != NULL)
    *why = g_strdup_printf ("%s: %s", program, r.error->message);
  else
    {
      g_subprocess_wait (proc, NULL, NULL);
      if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
        *why = g_strdup_printf ("%s failed", program);
      else if (r.out == NULL || !mf_report_layout_parse_plain (r.out, xy, n_vertices))
        *why = g_strdup_printf ("%s wrote no position for every routing group", program);
      else
        ok = TRUE;
    }
  g_main_context_pop_thread_default (ctx);
  g_clear_error (&r.error);
  g_free (r.out);
  return ok;
}
