/* trace-page.c — the animated page of one trace (trace-page.h).
 *
 * The C side only gathers data: the trace's JSON (mf_trace_print_json into
 * memory, so the page and `--json` cannot disagree) and the map's JSON,
 * both embedded in script elements of type application/json.  Every '<' of
 * them is written as the JSON escape \u003c: a name such as "</script>"
 * cannot end the element, nor can "<!--" put the HTML parser into its
 * escaped script state, and JSON.parse gives the name back unchanged.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/trace-page.h"
#include "base/json-writer.h"
#include "report/report-format.h"
#include "report/report-html.h"
#include "report/report-map.h"
#include "report/report-template.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* @json with every '<' escaped for a script element.  (transfer full) */
static char *
script_safe (const char *json, gsize len)
{
  GString *s = g_string_sized_new (len + 64);

  for (gsize i = 0; i < len; i++)
    if (json[i] == '<')
      g_string_append (s, "\\u003c");
    else
      g_string_append_c (s, json[i]);
  return g_string_free (s, FALSE);
}

/**
 * mf_trace_page_map_json:
 *
 * Returns: (transfer full): {"routing_groups": [{name, x, y, servers[]}],
 *   "connectors": [{name, type, from, to, cost, x, y}]}; x and y of a
 *   connector are its outside end's when `to` is null (the map layout has a
 *   vertex for it), absent otherwise.  Coordinates are igraph's, unscaled.
 *   NULL with MF_IGRAPH_ERROR when the layout fails.
 */
char *
mf_trace_page_map_json (const MfTopology *topo, GError **error)
{
  g_autofree double *xy = NULL;
  g_autoptr (MfJsonWriter) w = mf_json_writer_new_text ();
  int nv = 0, outside = topo->n_routing_groups;

  if (!mf_report_map_layout (topo, &xy, &nv, error))
    return NULL;
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "routing_groups");
  mf_json_writer_begin_array (w);
  for (int g = 0; g < topo->n_routing_groups; g++)
    {
      const MfRoutingGroup *rg = &topo->routing_groups[g];
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "name");
      mf_json_writer_string (w, rg->name);
      mf_json_writer_key (w, "x");
      mf_json_writer_double (w, xy[2 * g]);
      mf_json_writer_key (w, "y");
      mf_json_writer_double (w, xy[2 * g + 1]);
      mf_json_writer_key (w, "servers");
      mf_json_writer_begin_array (w);
      for (int k = 0; k < rg->n_members; k++)
        mf_json_writer_string (w, topo->servers[rg->members[k]].name);
      mf_json_writer_end_array (w);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "connectors");
  mf_json_writer_begin_array (w);
  for (int c = 0; c < topo->n_connectors; c++)
    {
      const MfConnector *con = &topo->connectors[c];
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "name");
      mf_json_writer_string (w, con->name);
      mf_json_writer_key (w, "type");
      mf_json_writer_string (w, mf_connector_type_name (con->type));
      mf_json_writer_key (w, "from");
      mf_json_writer_string (w, topo->routing_groups[con->from].name);
      mf_json_writer_key (w, "to");
      if (con->to >= 0)
        mf_json_writer_string (w, topo->routing_groups[con->to].name);
      else
        mf_json_writer_null (w);
      mf_json_writer_key (w, "cost");
      mf_json_writer_int (w, con->cost);
      if (con->to < 0 && outside < nv) /* the layout's vertices follow the same order */
        {
          mf_json_writer_key (w, "x");
          mf_json_writer_double (w, xy[2 * outside]);
          mf_json_writer_key (w, "y");
          mf_json_writer_double (w, xy[2 * outside + 1]);
          outside++;
        }
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_end_object (w);
  return mf_json_writer_finish_text (w);
}

/* The trace's JSON as `--json` prints it.  (transfer full) */
static char *
trace_json (const MfTrace *trace, gsize *len, GError **error)
{
  char *buf = NULL;
  size_t size = 0;
  FILE *mem = open_memstream (&buf, &size);
  gboolean ok;

  if (mem == NULL)
    {
      int e = errno;
      g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_IO, "cannot open a memory stream: %s",
                   g_strerror (e));
      return NULL;
    }
  ok = mf_trace_print_json (trace, mem, error);
  if (fclose (mem) != 0 && ok)
    {
      int e = errno;
      g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_IO, "cannot write the trace: %s",
                   g_strerror (e));
      ok = FALSE;
    }
  if (!ok)
    {
      free (buf);
      return NULL;
    }
  *len = size;
  return buf; /* malloc'd by open_memstream: free(), not g_free() */
}

/**
 * mf_trace_page_write:
 * @out: where the page goes; the caller closes it and checks the close
 *
 * Returns: FALSE with MF_REPORT_ERROR_IO when writing to @out fails, or
 *   with the error of the trace's JSON, the layout or the template.
 */
gboolean
mf_trace_page_write (const MfTopology *topo, const MfTrace *trace, FILE *out, GError **error)
{
  g_autoptr (GHashTable) vars = mf_template_vars_new ();
  g_autofree char *map = NULL, *page = NULL;
  gsize len = 0;
  char *json;
  const char *css = mf_template_get ("trace.css", NULL);
  const char *script = mf_template_get ("trace.js", NULL);

  map = mf_trace_page_map_json (topo, error);
  if (map == NULL)
    return FALSE;
  json = trace_json (trace, &len, error);
  if (json == NULL)
    return FALSE;
  mf_template_take (vars, "TRACE_JSON", script_safe (json, len));
  free (json);
  mf_template_take (vars, "MAP_JSON", script_safe (map, strlen (map)));
  mf_template_take (vars, "ORGANIZATION", mf_html_escape (topo->org.name ? topo->org.name : ""));
  mf_template_set (vars, "CSS", css != NULL ? css : "");
  mf_template_set (vars, "SCRIPT", script != NULL ? script : "");
  page = mf_template_expand ("trace.html", vars, error);
  if (page == NULL)
    return FALSE;
  if (fputs (page, out) == EOF || fflush (out) != 0)
    {
      int e = errno;
      g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_IO, "%s", g_strerror (e));
      return FALSE;
    }
  return TRUE;
}
