/* report-data.c — reading a run's output directory (report-data.h).
 *
 * The files are read whole through a mapping, after a size check, and
 * parsed by a small RFC 4180 reader (quoted fields may hold commas, quotes
 * and line breaks, as sim-output.c writes them).  Every name that links
 * two files — a queue in queues.csv and summary.json, a connector, server
 * or routing group in link-state.csv and the topology — is resolved once,
 * here, through a hash table; what the plots receive are indices.
 * A mismatch between the files and the topology is MF_REPORT_ERROR_TOPOLOGY
 * (the topology file changed since the run, or is another one); a malformed
 * file is MF_REPORT_ERROR_INPUT.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-data.h"
#include "report/report-format.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#define MAX_TIME_S 1e12
#define MAX_COUNT 1e18

/* ------------------------------------------------------------ errors */

static void
set_input_error (GError **error, const char *path, guint line, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static void
set_input_error (GError **error, const char *path, guint line, const char *format, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, format);
  msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (line > 0)
    g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_INPUT, "%s:%u: %s", path, line, msg);
  else
    g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_INPUT, "%s: %s", path, msg);
}

/* ------------------------------------------------------------ files */

/* The bytes of DIR/NAME, bounded.  (transfer full) NULL with an error, or
 * NULL without one when @optional and the file does not exist. */
static GMappedFile *
map_file (const char *path, gboolean optional, GError **error)
{
  GStatBuf st;
  g_autoptr (GError) local = NULL;
  GMappedFile *file;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      if (optional && saved == ENOENT)
        return NULL;
      set_input_error (error, path, 0, "cannot read: %s%s", g_strerror (saved),
                       saved == ENOENT ? " (is this a directory written by msgflow simulate?)" : "");
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      set_input_error (error, path, 0, "not a regular file");
      return NULL;
    }
  if (st.st_size == 0)
    {
      set_input_error (error, path, 0, "empty file");
      return NULL;
    }
  if ((guint64) st.st_size > MF_RD_MAX_FILE_BYTES)
    {
      set_input_error (error, path, 0, "larger than %" G_GSIZE_FORMAT " bytes", MF_RD_MAX_FILE_BYTES);
      return NULL;
    }
  file = g_mapped_file_new (path, FALSE, &local);
  if (file == NULL)
    set_input_error (error, path, 0, "cannot read: %s", local->message);
  return file;
}

/* ------------------------------------------------------------ numbers */

static gboolean
parse_double (const char *text, double min, double max, double *out)
{
  char *end = NULL;
  double v;

  if (*text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  errno = 0;
  v = g_ascii_strtod (text, &end);
  if (errno != 0 || *end != '\0' || !isfinite (v) || v < min || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
parse_u64 (const char *text, guint64 *out)
{
  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, out, NULL);
}

static gboolean
parse_int (const char *text, int min, int max, int *out)
{
  gint64 v;

  if (!g_ascii_string_to_signed (text, 10, min, max, &v, NULL))
    return FALSE;
  *out = (int) v;
  return TRUE;
}

/* ------------------------------------------------------------ CSV */

typedef struct {
  const char *path;
  guint line;               /* of the record's first line */
  guint n;                  /* fields */
  GPtrArray *fields;        /* GString */
} CsvRecord;

typedef gboolean (*CsvRowFunc) (const CsvRecord *rec, gpointer user_data, GError **error);

static const char *
field (const CsvRecord *rec, guint i)
{
  return ((GString *) g_ptr_array_index (rec->fields, i))->str;
}

static void
free_gstring (gpointer s)
{
  g_string_free (s, TRUE);
}

/* One record from *P; returns FALSE with an error on malformed input. */
static gboolean
csv_next (CsvRecord *rec, const char **pp, const char *end, guint *line, guint max_fields,
          GError **error)
{
  const char *p = *pp;

  rec->line = *line;
  rec->n = 0;
  for (;;)
    {
      GString *f;

      if (rec->n == max_fields)
        {
          set_input_error (error, rec->path, rec->line, "more than %u fields", max_fields);
          return FALSE;
        }
      if (rec->n == rec->fields->len)
        g_ptr_array_add (rec->fields, g_string_new (NULL));
      f = g_ptr_array_index (rec->fields, rec->n++);
      g_string_truncate (f, 0);
      if (p < end && *p == '"')
        {
          p++;
          for (;;)
            {
              if (p == end)
                {
                  set_input_error (error, rec->path, rec->line, "unterminated quoted field");
                  return FALSE;
                }
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    {
                      g_string_append_c (f, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              if (*p == '\n')
                (*line)++;
              g_string_append_c (f, *p++);
            }
        }
      else
        while (p < end && *p != ',' && *p != '\n' && *p != '\r')
          {
            if (*p == '"')
              {
                set_input_error (error, rec->path, *line, "a quote inside an unquoted field");
                return FALSE;
              }
            g_string_append_c (f, *p++);
          }
      if (f->len > MF_RD_MAX_LINE_BYTES || memchr (f->str, '\0', f->len) != NULL)
        {
          set_input_error (error, rec->path, rec->line, "a field is too long or holds a NUL byte");
          return FALSE;
        }
      if (p < end && *p == ',')
        {
          p++;
          continue;
        }
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p != '\n')
        {
          set_input_error (error, rec->path, *line, "unexpected character after a field");
          return FALSE;
        }
      if (p < end)
        p++;
      (*line)++;
      *pp = p;
      return TRUE;
    }
}

/*
 * Reads DIR/FILE: the first record must be @header (comma-separated
 * column names), every other record must have as many fields, and @func
 * is called on each.  @optional: a missing file is no error; @present
 * says whether it was there.
 */
static gboolean
csv_read (const char *dir, const char *name, const char *header, gboolean optional,
          gboolean *present, CsvRowFunc func, gpointer user_data, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GMappedFile) file = NULL;
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (free_gstring);
  g_auto (GStrv) want = g_strsplit (header, ",", -1);
  CsvRecord rec = { path, 0, 0, fields };
  const char *p, *end;
  guint line = 1, n_columns = g_strv_length (want);
  gboolean matched;

  if (present != NULL)
    *present = FALSE;
  file = map_file (path, optional, error);
  if (file == NULL)
    return optional && (error == NULL || *error == NULL);
  if (present != NULL)
    *present = TRUE;
  p = g_mapped_file_get_contents (file);
  end = p + g_mapped_file_get_length (file);
  if (!csv_next (&rec, &p, end, &line, 64, error))
    return FALSE;
  matched = rec.n == n_columns;
  for (guint i = 0; i < n_columns && matched; i++)
    matched = strcmp (want[i], field (&rec, i)) == 0;
  if (!matched)
    {
      set_input_error (error, path, 1, "the header is not %s", header);
      return FALSE;
    }
  while (p < end)
    {
      if (!csv_next (&rec, &p, end, &line, n_columns, error))
        return FALSE;
      if (rec.n != n_columns)
        {
          set_input_error (error, path, rec.line, "%u fields, expected %u", rec.n, n_columns);
          return FALSE;
        }
      if (!func (&rec, user_data, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------ summary.json */

typedef struct {
  const char *path;
  GError **error;
} Json;

static JsonNode *
member (Json *j, JsonObject *o, const char *where, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL)
    set_input_error (j->error, j->path, 0, "%s%s\"%s\" is missing", where, *where ? ": " : "", name);
  return n;
}

static void
type_error (Json *j, const char *where, const char *name, const char *what)
{
  set_input_error (j->error, j->path, 0, "%s%s\"%s\" is not %s", where, *where ? ": " : "", name, what);
}

static JsonObject *
get_object (Json *j, JsonObject *o, const char *where, const char *name)
{
  JsonNode *n = member (j, o, where, name);

  if (n == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      type_error (j, where, name, "an object");
      return NULL;
    }
  return json_node_get_object (n);
}

static JsonArray *
get_array (Json *j, JsonObject *o, const char *where, const char *name)
{
  JsonNode *n = member (j, o, where, name);

  if (n == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    {
      type_error (j, where, name, "an array");
      return NULL;
    }
  return json_node_get_array (n);
}

static gboolean
get_string (Json *j, JsonObject *o, const char *where, const char *name, char **out)
{
  JsonNode *n = member (j, o, where, name);

  if (n == NULL)
    return FALSE;
  if (json_node_get_value_type (n) != G_TYPE_STRING)
    {
      type_error (j, where, name, "a string");
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (n));
  return TRUE;
}

static gboolean
get_bool (Json *j, JsonObject *o, const char *where, const char *name, gboolean *out)
{
  JsonNode *n = member (j, o, where, name);

  if (n == NULL)
    return FALSE;
  if (json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    {
      type_error (j, where, name, "true or false");
      return FALSE;
    }
  *out = json_node_get_boolean (n);
  return TRUE;
}

static gboolean
get_u64 (Json *j, JsonObject *o, const char *where, const char *name, guint64 *out)
{
  JsonNode *n = member (j, o, where, name);

  if (n == NULL)
    return FALSE;
  if (json_node_get_value_type (n) != G_TYPE_INT64 || json_node_get_int (n) < 0)
    {
      type_error (j, where, name, "a whole number >= 0");
      return FALSE;
    }
  *out = (guint64) json_node_get_int (n);
  return TRUE;
}

/* A number; null gives NaN when @nullable. */
static gboolean
get_double (Json *j, JsonObject *o, const char *where, const char *name, gboolean nullable,
            double *out)
{
  JsonNode *n = member (j, o, where, name);
  GType t;

  if (n == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (n))
    {
      *out = NAN;
      return TRUE;
    }
  t = json_node_get_value_type (n);
  if (t == G_TYPE_INT64)
    *out = (double) json_node_get_int (n);
  else if (t == G_TYPE_DOUBLE && isfinite (json_node_get_double (n)))
    *out = json_node_get_double (n);
  else
    {
      type_error (j, where, name, nullable ? "a number or null" : "a number");
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_counts (Json *j, JsonObject *root, const char *name, MfCounts *c)
{
  JsonObject *o = get_object (j, root, "", name);

  return o != NULL && get_u64 (j, o, name, "generated", &c->generated)
         && get_u64 (j, o, name, "delivered", &c->delivered) && get_u64 (j, o, name, "ndr", &c->ndr)
         && get_u64 (j, o, name, "in_flight", &c->in_flight);
}

static JsonObject *
array_object (Json *j, JsonArray *a, const char *name, guint i, char **where)
{
  JsonNode *n = json_array_get_element (a, i);

  g_free (*where);
  *where = g_strdup_printf ("%s[%u]", name, i);
  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      set_input_error (j->error, j->path, 0, "%s is not an object", *where);
      return NULL;
    }
  return json_node_get_object (n);
}

static gboolean
read_summary (MfReportData *d, GError **error)
{
  g_autofree char *path = g_build_filename (d->dir, "summary.json", NULL);
  g_autoptr (GMappedFile) file = map_file (path, FALSE, error);
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *where = NULL;
  Json j = { path, error };
  JsonObject *root, *o;
  JsonArray *a;

  if (file == NULL)
    return FALSE;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, g_mapped_file_get_contents (file),
                                   (gssize) g_mapped_file_get_length (file), &local))
    {
      set_input_error (error, path, 0, "%s", local->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      set_input_error (error, path, 0, "not a JSON object");
      return FALSE;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  if (!get_string (&j, root, "", "organization", &d->organization)
      || !get_string (&j, root, "", "topology", &d->summary_topology)
      || !get_u64 (&j, root, "", "seed", &d->seed)
      || !get_u64 (&j, root, "", "replication", &d->replication)
      || !get_bool (&j, root, "", "complete", &d->complete)
      || !get_counts (&j, root, "messages", &d->messages)
      || !get_counts (&j, root, "recipients", &d->recipients)
      || !get_counts (&j, root, "dsn_messages", &d->dsn_messages)
      || !get_u64 (&j, root, "", "delay_dsns", &d->delay_dsns)
      || !get_u64 (&j, root, "", "events", &d->events)
      || !get_double (&j, root, "", "sim_time_s", FALSE, &d->sim_time_s)
      || !get_double (&j, root, "", "warmup_s", FALSE, &d->warmup_s)
      || !get_double (&j, root, "", "wall_s", TRUE, &d->wall_s))
    return FALSE;

  if ((o = get_object (&j, root, "", "ndr_by_reason")) == NULL)
    return FALSE;
  {
    g_autoptr (GList) names = json_object_get_members (o);
    for (GList *l = names; l != NULL; l = l->next)
      {
        MfRdReason r = { NULL, 0 };
        char *name = g_strdup (l->data);
        g_ptr_array_add (d->reason_names, name);
        r.name = name;
        if (!get_u64 (&j, o, "ndr_by_reason", name, &r.count))
          return FALSE;
        g_array_append_val (d->ndr_reasons, r);
      }
  }

  if ((o = get_object (&j, root, "", "latency_s")) == NULL
      || !get_double (&j, o, "latency_s", "mean", TRUE, &d->latency_mean_s)
      || !get_double (&j, o, "latency_s", "p50", TRUE, &d->latency_p50_s)
      || !get_double (&j, o, "latency_s", "p95", TRUE, &d->latency_p95_s)
      || !get_double (&j, o, "latency_s", "p99", TRUE, &d->latency_p99_s)
      || !get_double (&j, o, "latency_s", "max", TRUE, &d->latency_max_s))
    return FALSE;

  if ((a = get_array (&j, root, "", "flows")) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      MfRdFlow f = { 0 };
      if ((o = array_object (&j, a, "flows", i, &where)) == NULL)
        return FALSE;
      g_array_append_val (d->flows, f);
      MfRdFlow *fp = &g_array_index (d->flows, MfRdFlow, d->flows->len - 1);
      if (!get_string (&j, o, where, "name", &fp->name)
          || !get_u64 (&j, o, where, "generated", &fp->generated)
          || !get_double (&j, o, where, "latency_mean_s", TRUE, &fp->latency_mean_s))
        return FALSE;
    }

  if ((a = get_array (&j, root, "", "connectors")) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      MfRdConnector c = { 0 };
      if ((o = array_object (&j, a, "connectors", i, &where)) == NULL)
        return FALSE;
      g_array_append_val (d->connectors, c);
      MfRdConnector *cp = &g_array_index (d->connectors, MfRdConnector, d->connectors->len - 1);
      if (!get_string (&j, o, where, "name", &cp->name)
          || !get_u64 (&j, o, where, "messages", &cp->messages)
          || !get_u64 (&j, o, where, "bytes", &cp->bytes)
          || !get_double (&j, o, where, "utilization", FALSE, &cp->utilization)
          || !get_u64 (&j, o, where, "state_changes", &cp->state_changes)
          || !get_bool (&j, o, where, "up_at_end", &cp->up_at_end))
        return FALSE;
    }

  if ((a = get_array (&j, root, "", "queues")) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      MfRdQueue q = { 0 };
      if ((o = array_object (&j, a, "queues", i, &where)) == NULL)
        return FALSE;
      g_array_append_val (d->queues, q);
      MfRdQueue *qp = &g_array_index (d->queues, MfRdQueue, d->queues->len - 1);
      if (!get_string (&j, o, where, "server", &qp->server)
          || !get_string (&j, o, where, "queue", &qp->queue)
          || !get_u64 (&j, o, where, "max_length", &qp->max_length)
          || !get_double (&j, o, where, "mean_length", FALSE, &qp->mean_length)
          || !get_u64 (&j, o, where, "final_length", &qp->final_length))
        return FALSE;
    }

  if ((o = get_object (&j, root, "", "link_state")) == NULL
      || !get_u64 (&j, o, "link_state", "changes", &d->link_changes)
      || !get_double (&j, o, "link_state", "convergence_s", FALSE, &d->convergence_s))
    return FALSE;

  if (json_object_has_member (root, "replications"))
    {
      JsonObject *figures;
      if ((o = get_object (&j, root, "", "replications")) == NULL
          || !get_u64 (&j, o, "replications", "count", &d->rep_count)
          || !get_u64 (&j, o, "replications", "requested", &d->rep_requested)
          || (figures = get_object (&j, o, "replications", "figures")) == NULL)
        return FALSE;
      d->has_replications = TRUE;
      g_autoptr (GList) names = json_object_get_members (figures);
      for (GList *l = names; l != NULL; l = l->next)
        {
          MfRdRepFigure f = { g_strdup (l->data), NAN, NAN };
          JsonObject *fo;
          g_array_append_val (d->rep_figures, f);
          if ((fo = get_object (&j, figures, "replications.figures", l->data)) == NULL
              || !get_double (&j, fo, l->data, "mean", TRUE,
                              &g_array_index (d->rep_figures, MfRdRepFigure, d->rep_figures->len - 1).mean)
              || !get_double (&j, fo, l->data, "ci95_half_width", TRUE,
                              &g_array_index (d->rep_figures, MfRdRepFigure, d->rep_figures->len - 1).half_width))
            return FALSE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------ topology */

static gboolean
topology_error (GError **error, const MfReportData *d, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
topology_error (GError **error, const MfReportData *d, const char *format, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, format);
  msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TOPOLOGY,
               "%s is not the topology of the run in %s: %s (give the run's topology with --topology)",
               d->topology_path, d->dir, msg);
  return FALSE;
}

static gboolean
load_topology (MfReportData *d, const char *topology_path, GError **error)
{
  g_autoptr (GError) local = NULL;

  g_autofree char *copy = g_build_filename (d->dir, MF_RD_TOPOLOGY_COPY, NULL);

  /* The run's own copy, when simulate left one, beats a path that may have
   * moved or changed since. */
  if (topology_path != NULL)
    d->topology_path = g_strdup (topology_path);
  else if (g_file_test (copy, G_FILE_TEST_IS_REGULAR))
    d->topology_path = g_steal_pointer (&copy);
  else
    d->topology_path = g_strdup (d->summary_topology);
  d->topo = mf_topo_load_file (d->topology_path, &local);
  if (d->topo == NULL)
    {
      if (topology_path != NULL)
        g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TOPOLOGY,
                     "cannot load the topology: %s", local->message);
      else
        g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TOPOLOGY,
                     "%s/summary.json names the topology %s, which cannot be loaded: %s\n"
                     "(run the report where simulate ran, or give the topology with --topology FILE)",
                     d->dir, d->summary_topology, local->message);
      return FALSE;
    }
  if ((int) d->connectors->len != d->topo->n_connectors)
    return topology_error (error, d, "the run has %u connectors, the topology %d",
                           d->connectors->len, d->topo->n_connectors);
  for (int c = 0; c < d->topo->n_connectors; c++)
    if (strcmp (g_array_index (d->connectors, MfRdConnector, c).name, d->topo->connectors[c].name) != 0)
      return topology_error (error, d, "connector %d is %s in the run, %s in the topology", c + 1,
                             g_array_index (d->connectors, MfRdConnector, c).name,
                             d->topo->connectors[c].name);
  if ((int) d->flows->len != d->topo->n_flows)
    return topology_error (error, d, "the run has %u flows, the topology %d", d->flows->len,
                           d->topo->n_flows);
  for (int f = 0; f < d->topo->n_flows; f++)
    if (strcmp (g_array_index (d->flows, MfRdFlow, f).name, d->topo->flows[f].name) != 0)
      return topology_error (error, d, "flow %d is %s in the run, %s in the topology", f + 1,
                             g_array_index (d->flows, MfRdFlow, f).name, d->topo->flows[f].name);
  return TRUE;
}

static void
clear_flow (gpointer p)
{
  g_free (((MfRdFlow *) p)->name);
}

static void
clear_connector (gpointer p)
{
  g_free (((MfRdConnector *) p)->name);
}

static void
clear_queue (gpointer p)
{
  MfRdQueue *q = p;
  g_free (q->server);
  g_free (q->queue);
}

static void
clear_qshape (gpointer p)
{
  MfRdQshape *q = p;
  g_free (q->server);
  g_free (q->queue);
}

static void
clear_rep (gpointer p)
{
  g_free (((MfRdRepFigure *) p)->name);
}

static GArray *
array_of (gsize size, GDestroyNotify clear)
{
  GArray *a = g_array_new (FALSE, FALSE, (guint) size);
  if (clear != NULL)
    g_array_set_clear_func (a, clear);
  return a;
}

/* ------------------------------------------------------------ CSV rows */

typedef struct {
  MfReportData *d;
  GHashTable *queues;     /* "server\037queue" → index + 1 */
  GHashTable *connectors; /* name → id + 1 */
  GHashTable *servers;
  GHashTable *groups;
} Reader;

static gboolean
bad_number (const CsvRecord *rec, GError **error, const char *column)
{
  set_input_error (error, rec->path, rec->line, "%s is not a valid number", column);
  return FALSE;
}

static gboolean
bad_time (const CsvRecord *rec, GError **error, double t)
{
  set_input_error (error, rec->path, rec->line, "time %g is not a sample time of counts.csv", t);
  return FALSE;
}

static gboolean
on_counts (const CsvRecord *rec, gpointer user_data, GError **error)
{
  MfReportData *d = ((Reader *) user_data)->d;
  MfRdCounts c;

  if (!parse_double (field (rec, 0), 0, MAX_TIME_S, &c.time_s))
    return bad_number (rec, error, "time_s");
  if (!parse_double (field (rec, 1), 0, MAX_COUNT, &c.generated)
      || !parse_double (field (rec, 2), 0, MAX_COUNT, &c.delivered)
      || !parse_double (field (rec, 3), 0, MAX_COUNT, &c.ndr)
      || !parse_double (field (rec, 4), 0, MAX_COUNT, &c.in_flight))
    return bad_number (rec, error, "a count");
  if (d->times->len > 0 && c.time_s <= g_array_index (d->times, double, d->times->len - 1))
    {
      set_input_error (error, rec->path, rec->line, "times do not increase");
      return FALSE;
    }
  if (d->times->len >= MF_RD_MAX_SAMPLES)
    {
      set_input_error (error, rec->path, rec->line, "more than %d samples", MF_RD_MAX_SAMPLES);
      return FALSE;
    }
  g_array_append_val (d->times, c.time_s);
  g_array_append_val (d->counts, c);
  return TRUE;
}

static gboolean
on_queue (const CsvRecord *rec, gpointer user_data, GError **error)
{
  Reader *r = user_data;
  MfRdQueueSample s;
  g_autofree char *key = g_strconcat (field (rec, 1), "\037", field (rec, 2), NULL);
  gpointer v = g_hash_table_lookup (r->queues, key);

  if (!parse_double (field (rec, 0), 0, MAX_TIME_S, &s.time_s))
    return bad_number (rec, error, "time_s");
  if (mf_report_data_sample_index (r->d, s.time_s) < 0)
    return bad_time (rec, error, s.time_s);
  if (v == NULL)
    {
      set_input_error (error, rec->path, rec->line, "queue \"%s\" of server %s is not in summary.json",
                       field (rec, 2), field (rec, 1));
      return FALSE;
    }
  s.queue = GPOINTER_TO_INT (v) - 1;
  if (!parse_double (field (rec, 3), 0, MAX_COUNT, &s.length))
    return bad_number (rec, error, "length");
  g_array_append_val (r->d->queue_samples, s);
  return TRUE;
}

static gboolean
on_connector (const CsvRecord *rec, gpointer user_data, GError **error)
{
  Reader *r = user_data;
  MfRdConnectorSample s;
  gpointer v = g_hash_table_lookup (r->connectors, field (rec, 1));

  if (!parse_double (field (rec, 0), 0, MAX_TIME_S, &s.time_s))
    return bad_number (rec, error, "time_s");
  if (mf_report_data_sample_index (r->d, s.time_s) < 0)
    return bad_time (rec, error, s.time_s);
  if (v == NULL)
    return topology_error (error, r->d, "%s:%u: no connector %s", rec->path, rec->line, field (rec, 1));
  s.connector = GPOINTER_TO_INT (v) - 1;
  if (!parse_double (field (rec, 2), 0, MAX_COUNT, &s.messages)
      || !parse_double (field (rec, 3), 0, MAX_COUNT, &s.bytes)
      || !parse_double (field (rec, 4), 0, 1, &s.utilization))
    return bad_number (rec, error, "messages, bytes or utilization");
  g_array_append_val (r->d->connector_samples, s);
  return TRUE;
}

static gboolean
on_bucket (const CsvRecord *rec, gpointer user_data, GError **error)
{
  MfReportData *d = ((Reader *) user_data)->d;
  MfRdBucket b;

  if (!parse_double (field (rec, 0), 0, MAX_TIME_S, &b.low_s)
      || !parse_double (field (rec, 1), 0, MAX_TIME_S, &b.high_s) || b.high_s <= b.low_s
      || !parse_double (field (rec, 2), 0, MAX_COUNT, &b.count))
    return bad_number (rec, error, "low_s, high_s or count");
  if (d->buckets->len > 0 && b.low_s < g_array_index (d->buckets, MfRdBucket, d->buckets->len - 1).high_s)
    {
      set_input_error (error, rec->path, rec->line, "buckets overlap or are out of order");
      return FALSE;
    }
  g_array_append_val (d->buckets, b);
  return TRUE;
}

static int
lookup_id (GHashTable *table, const char *name)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (table, name)) - 1;
}

static gboolean
on_link_state (const CsvRecord *rec, gpointer user_data, GError **error)
{
  Reader *r = user_data;
  MfReportData *d = r->d;
  MfRdChange c = { 0 };
  MfRdChange *last = d->changes->len > 0 ? &g_array_index (d->changes, MfRdChange, d->changes->len - 1) : NULL;
  const char *state = field (rec, 3), *kind = field (rec, 5);

  /* change,time_s,connector,state,cost,kind,routing_group,version,origin_server,server,learned_time_s */
  if (!parse_int (field (rec, 0), 0, G_MAXINT, &c.change))
    return bad_number (rec, error, "change");
  if (!parse_double (field (rec, 1), 0, MAX_TIME_S, &c.time_s))
    return bad_number (rec, error, "time_s");
  if (!parse_int (field (rec, 4), 1, 100, &c.cost))
    return bad_number (rec, error, "cost");
  if ((strcmp (state, "up") != 0 && strcmp (state, "down") != 0)
      || (strcmp (kind, "major") != 0 && strcmp (kind, "minor") != 0))
    {
      set_input_error (error, rec->path, rec->line, "state must be up or down, kind major or minor");
      return FALSE;
    }
  c.up = strcmp (state, "up") == 0;
  c.major = strcmp (kind, "major") == 0;
  c.connector = lookup_id (r->connectors, field (rec, 2));
  c.routing_group = lookup_id (r->groups, field (rec, 6));
  c.origin_server = *field (rec, 8) ? lookup_id (r->servers, field (rec, 8)) : -1;
  if (c.connector < 0 || c.routing_group < 0 || (*field (rec, 8) && c.origin_server < 0))
    return topology_error (error, d, "%s:%u: unknown connector, routing group or server", rec->path,
                           rec->line);
  if (last == NULL || last->change != c.change)
    {
      if (last != NULL && c.change < last->change)
        {
          set_input_error (error, rec->path, rec->line, "changes are out of order");
          return FALSE;
        }
      c.first_learned = d->learned->len;
      g_array_append_val (d->changes, c);
      last = &g_array_index (d->changes, MfRdChange, d->changes->len - 1);
    }
  if (*field (rec, 9))
    {
      MfRdLearned l;
      l.server = lookup_id (r->servers, field (rec, 9));
      if (l.server < 0)
        return topology_error (error, d, "%s:%u: unknown server %s", rec->path, rec->line, field (rec, 9));
      if (!parse_double (field (rec, 10), 0, MAX_TIME_S, &l.time_s))
        return bad_number (rec, error, "learned_time_s");
      g_array_append_val (d->learned, l);
      last->n_learned++;
    }
  return TRUE;
}

static gboolean
on_qshape (const CsvRecord *rec, gpointer user_data, GError **error)
{
  MfReportData *d = ((Reader *) user_data)->d;
  MfRdQshape q = { 0 };

  if (!parse_double (field (rec, 2), 0, MAX_TIME_S, &q.low_min))
    return bad_number (rec, error, "age_low_min");
  if (*field (rec, 3) == '\0')
    q.high_min = NAN;
  else if (!parse_double (field (rec, 3), 0, MAX_TIME_S, &q.high_min) || q.high_min <= q.low_min)
    return bad_number (rec, error, "age_high_min");
  if (!parse_u64 (field (rec, 4), &q.messages) || !parse_u64 (field (rec, 5), &q.recipients))
    return bad_number (rec, error, "messages or recipients");
  q.server = g_strdup (field (rec, 0));
  q.queue = g_strdup (field (rec, 1));
  g_array_append_val (d->qshape, q);
  return TRUE;
}

static GHashTable *
name_table (void)
{
  return g_hash_table_new (g_str_hash, g_str_equal);
}

static gboolean
read_csv_files (MfReportData *d, GError **error)
{
  static const char counts_h[] = "time_s,generated,delivered,ndr,in_flight";
  static const char queues_h[] = "time_s,server,queue,length";
  static const char connectors_h[] = "time_s,connector,messages,bytes,utilization";
  static const char buckets_h[] = "low_s,high_s,count";
  static const char link_h[] =
    "change,time_s,connector,state,cost,kind,routing_group,version,origin_server,server,learned_time_s";
  static const char qshape_h[] = "server,queue,age_low_min,age_high_min,messages,recipients";
  g_autoptr (GHashTable) queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) connectors = name_table ();
  g_autoptr (GHashTable) servers = name_table ();
  g_autoptr (GHashTable) groups = name_table ();
  Reader r = { d, queues, connectors, servers, groups };
  gboolean present = FALSE;

  for (guint i = 0; i < d->queues->len; i++)
    {
      const MfRdQueue *q = &g_array_index (d->queues, MfRdQueue, i);
      g_hash_table_insert (queues, g_strconcat (q->server, "\037", q->queue, NULL), GINT_TO_POINTER (i + 1));
    }
  for (int c = 0; c < d->topo->n_connectors; c++)
    g_hash_table_insert (connectors, d->topo->connectors[c].name, GINT_TO_POINTER (c + 1));
  for (int s = 0; s < d->topo->n_servers; s++)
    g_hash_table_insert (servers, d->topo->servers[s].name, GINT_TO_POINTER (s + 1));
  for (int g = 0; g < d->topo->n_routing_groups; g++)
    g_hash_table_insert (groups, d->topo->routing_groups[g].name, GINT_TO_POINTER (g + 1));

  if (!csv_read (d->dir, "counts.csv", counts_h, FALSE, NULL, on_counts, &r, error)
      || !csv_read (d->dir, "queues.csv", queues_h, FALSE, NULL, on_queue, &r, error)
      || !csv_read (d->dir, "connectors.csv", connectors_h, FALSE, NULL, on_connector, &r, error)
      || !csv_read (d->dir, "latency-histogram.csv", buckets_h, FALSE, NULL, on_bucket, &r, error)
      || !csv_read (d->dir, "link-state.csv", link_h, FALSE, NULL, on_link_state, &r, error))
    return FALSE;

  d->qshape = array_of (sizeof (MfRdQshape), clear_qshape);
  if (!csv_read (d->dir, "qshape.csv", qshape_h, TRUE, &present, on_qshape, &r, error))
    return FALSE;
  if (!present)
    g_clear_pointer (&d->qshape, g_array_unref);
  return TRUE;
}

/* ------------------------------------------------------------ load */

/**
 * mf_report_data_load:
 * @dir: an output directory of `msgflow simulate`
 * @topology_path: (nullable): the run's topology; NULL for DIR/topology.topo
 *   when it exists, else the path that summary.json records (relative
 *   paths are relative to the current directory, as simulate was given them)
 *
 * Reads everything the report draws from.  O(size of the files).
 *
 * Returns: (transfer full): the data, or NULL with MF_REPORT_ERROR_INPUT
 *   (a file missing or malformed: FILE[:LINE]: message) or
 *   MF_REPORT_ERROR_TOPOLOGY (the topology cannot be loaded or is not the
 *   run's).
 */
MfReportData *
mf_report_data_load (const char *dir, const char *topology_path, GError **error)
{
  g_autoptr (MfReportData) d = g_new0 (MfReportData, 1);

  g_return_val_if_fail (dir != NULL, NULL);

  d->dir = g_strdup (dir);
  d->ndr_reasons = array_of (sizeof (MfRdReason), NULL);
  d->reason_names = g_ptr_array_new_with_free_func (g_free);
  d->flows = array_of (sizeof (MfRdFlow), clear_flow);
  d->connectors = array_of (sizeof (MfRdConnector), clear_connector);
  d->queues = array_of (sizeof (MfRdQueue), clear_queue);
  d->rep_figures = array_of (sizeof (MfRdRepFigure), clear_rep);
  d->times = array_of (sizeof (double), NULL);
  d->counts = array_of (sizeof (MfRdCounts), NULL);
  d->queue_samples = array_of (sizeof (MfRdQueueSample), NULL);
  d->connector_samples = array_of (sizeof (MfRdConnectorSample), NULL);
  d->buckets = array_of (sizeof (MfRdBucket), NULL);
  d->changes = array_of (sizeof (MfRdChange), NULL);
  d->learned = array_of (sizeof (MfRdLearned), NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      set_input_error (error, dir, 0, "not a directory");
      return NULL;
    }
  if (!read_summary (d, error) || !load_topology (d, topology_path, error)
      || !read_csv_files (d, error))
    return NULL;
  return g_steal_pointer (&d);
}

void
mf_report_data_free (MfReportData *d)
{
  if (d == NULL)
    return;
  g_free (d->dir);
  g_clear_pointer (&d->topo, mf_topo_free);
  g_free (d->topology_path);
  g_free (d->organization);
  g_free (d->summary_topology);
  g_clear_pointer (&d->ndr_reasons, g_array_unref);
  g_clear_pointer (&d->reason_names, g_ptr_array_unref);
  g_clear_pointer (&d->flows, g_array_unref);
  g_clear_pointer (&d->connectors, g_array_unref);
  g_clear_pointer (&d->queues, g_array_unref);
  g_clear_pointer (&d->rep_figures, g_array_unref);
  g_clear_pointer (&d->times, g_array_unref);
  g_clear_pointer (&d->counts, g_array_unref);
  g_clear_pointer (&d->queue_samples, g_array_unref);
  g_clear_pointer (&d->connector_samples, g_array_unref);
  g_clear_pointer (&d->buckets, g_array_unref);
  g_clear_pointer (&d->changes, g_array_unref);
  g_clear_pointer (&d->learned, g_array_unref);
  g_clear_pointer (&d->qshape, g_array_unref);
  g_free (d);
}

/* ------------------------------------------------------------ derived */

/**
 * mf_report_data_sample_index:
 *
 * Returns: the index of @time_s among the sample times of counts.csv, or
 *   -1 when it is not one.  Times are compared exactly: every file prints
 *   them from the same integer microseconds.  O(log samples).
 */
int
mf_report_data_sample_index (const MfReportData *d, double time_s)
{
  const double *t = (const double *) (const void *) d->times->data;
  guint lo = 0, hi = d->times->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (t[mid] < time_s)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < d->times->len && t[lo] == time_s ? (int) lo : -1;
}

/**
 * mf_report_data_queue_series:
 *
 * Returns: (transfer full): the length of queue @queue at every sample
 *   time (times->len values); the samples the transport leaves out are the
 *   zeros.  O(queue samples).
 */
double *
mf_report_data_queue_series (const MfReportData *d, int queue)
{
  double *v = g_new0 (double, d->times->len + 1);

  for (guint i = 0; i < d->queue_samples->len; i++)
    {
      const MfRdQueueSample *s = &g_array_index (d->queue_samples, MfRdQueueSample, i);
      if (s->queue == queue)
        v[mf_report_data_sample_index (d, s->time_s)] = s->length;
    }
  return v;
}

static gint
compare_busiest (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GArray *queues = user_data;
  int ia = *(const int *) a, ib = *(const int *) b;
  const MfRdQueue *qa = &g_array_index (queues, MfRdQueue, ia);
  const MfRdQueue *qb = &g_array_index (queues, MfRdQueue, ib);

  if (qa->mean_length != qb->mean_length)
    return qa->mean_length > qb->mean_length ? -1 : 1;
  if (qa->max_length != qb->max_length)
    return qa->max_length > qb->max_length ? -1 : 1;
  return (ia > ib) - (ia < ib);
}

/**
 * mf_report_data_busiest_queues:
 * @n: (out): how many
 *
 * Returns: (transfer full): the queues that ever held a recipient, by
 *   time-weighted mean length, then maximum, then file order.  O(Q log Q).
 */
int *
mf_report_data_busiest_queues (const MfReportData *d, int *n)
{
  int *order = g_new (int, d->queues->len + 1);
  int k = 0;

  for (guint i = 0; i < d->queues->len; i++)
    if (g_array_index (d->queues, MfRdQueue, i).max_length > 0)
      order[k++] = (int) i;
  g_qsort_with_data (order, k, sizeof (int), compare_busiest, d->queues);
  *n = k;
  return order;
}

/**
 * mf_report_data_growing:
 *
 * Returns: (transfer full): MfRdGrowing for each queue still growing at the
 *   end: a least-squares line through its length over the last
 *   MF_RD_GROWING_WINDOW of the sample times rises by at least
 *   MF_RD_GROWING_MIN_RISE and the queue ends at least that long.  Sorted by
 *   final length, longest first.  O(queue samples + queues).
 */
GArray *
mf_report_data_growing (const MfReportData *d)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (MfRdGrowing));
  const double *t = (const double *) (const void *) d->times->data;
  guint n = d->times->len, w0;
  double t0, st = 0, stt = 0, denom;
  g_autofree double *sy = NULL, *sty = NULL;

  if (n < 3)
    return out;
  t0 = t[n - 1] - MF_RD_GROWING_WINDOW * (t[n - 1] - t[0]);
  for (w0 = 0; w0 < n && t[w0] < t0; w0++)
    ;
  if (n - w0 < 3)
    return out;
  /* Hours from the window's start keep the sums well conditioned. */
  for (guint i = w0; i < n; i++)
    {
      double h = (t[i] - t[w0]) / 3600.0;
      st += h;
      stt += h * h;
    }
  denom = (double) (n - w0) * stt - st * st;
  if (denom <= 0)
    return out;
  sy = g_new0 (double, d->queues->len + 1);
  sty = g_new0 (double, d->queues->len + 1);
  for (guint i = 0; i < d->queue_samples->len; i++)
    {
      const MfRdQueueSample *s = &g_array_index (d->queue_samples, MfRdQueueSample, i);
      if (s->time_s < t[w0])
        continue;
      sy[s->queue] += s->length;
      sty[s->queue] += s->length * (s->time_s - t[w0]) / 3600.0;
    }
  for (guint q = 0; q < d->queues->len; q++)
    {
      const MfRdQueue *qs = &g_array_index (d->queues, MfRdQueue, q);
      double slope = ((double) (n - w0) * sty[q] - st * sy[q]) / denom;
      double rise = slope * (t[n - 1] - t[w0]) / 3600.0;
      if (rise >= MF_RD_GROWING_MIN_RISE && (double) qs->final_length >= MF_RD_GROWING_MIN_RISE)
        {
          MfRdGrowing g = { (int) q, (double) qs->final_length, slope };
          g_array_append_val (out, g);
        }
    }
  for (guint i = 1; i < out->len; i++) /* insertion sort: few, and stable */
    for (guint k = i; k > 0; k--)
      {
        MfRdGrowing *a = &g_array_index (out, MfRdGrowing, k - 1), *b = a + 1;
        if (a->final_length >= b->final_length)
          break;
        MfRdGrowing tmp = *a;
        *a = *b;
        *b = tmp;
      }
  return out;
}

/**
 * mf_report_data_down_intervals:
 *
 * Returns: (transfer full): MfRdDown: each time a connector was DOWN in its
 *   routing group master's view, from the change that made it DOWN to the
 *   one that made it UP (or the run's end, open = TRUE), by start time.
 *   O(changes).
 */
GArray *
mf_report_data_down_intervals (const MfReportData *d)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (MfRdDown));
  g_autofree double *since = g_new (double, (gsize) d->topo->n_connectors + 1);

  for (int c = 0; c < d->topo->n_connectors; c++)
    since[c] = NAN;
  for (guint i = 0; i < d->changes->len; i++)
    {
      const MfRdChange *ch = &g_array_index (d->changes, MfRdChange, i);
      if (!ch->up && isnan (since[ch->connector]))
        since[ch->connector] = ch->time_s;
      else if (ch->up && !isnan (since[ch->connector]))
        {
          MfRdDown down = { ch->connector, since[ch->connector], ch->time_s, FALSE };
          g_array_append_val (out, down);
          since[ch->connector] = NAN;
        }
    }
  for (int c = 0; c < d->topo->n_connectors; c++)
    if (!isnan (since[c]))
      {
        MfRdDown down = { c, since[c], MAX (d->sim_time_s, since[c]), TRUE };
        g_array_append_val (out, down);
      }
  for (guint i = 1; i < out->len; i++)
    for (guint k = i; k > 0; k--)
      {
        MfRdDown *a = &g_array_index (out, MfRdDown, k - 1), *b = a + 1;
        if (a->start_s <= b->start_s)
          break;
        MfRdDown tmp = *a;
        *a = *b;
        *b = tmp;
      }
  return out;
}

/**
 * mf_report_data_group_learned:
 * @change: index into changes
 *
 * A routing group learns a change when its routing group master's view
 * takes it; if the master never did (it was down), when its first member
 * did.
 *
 * Returns: (transfer full): per routing group, the time it learned the
 *   change, NaN if it never did.  O(groups + learners).
 */
double *
mf_report_data_group_learned (const MfReportData *d, guint change)
{
  const MfRdChange *ch = &g_array_index (d->changes, MfRdChange, change);
  int ng = d->topo->n_routing_groups;
  double *out = g_new (double, (gsize) ng + 1);
  g_autofree double *first = g_new (double, (gsize) ng + 1);

  for (int g = 0; g < ng; g++)
    out[g] = first[g] = NAN;
  for (guint i = ch->first_learned; i < ch->first_learned + ch->n_learned; i++)
    {
      const MfRdLearned *l = &g_array_index (d->learned, MfRdLearned, i);
      int g = d->topo->servers[l->server].routing_group;
      if (l->server == d->topo->routing_groups[g].master)
        out[g] = l->time_s;
      if (isnan (first[g]) || l->time_s < first[g])
        first[g] = l->time_s;
    }
  for (int g = 0; g < ng; g++)
    if (isnan (out[g]))
      out[g] = first[g];
  return out;
}

/** mf_report_data_clock_s: Returns: seconds from Monday 00:00 of the run's week at @time_s. */
double
mf_report_data_clock_s (const MfReportData *d, double time_s)
{
  return (double) d->topo->org.start_us / 1e6 + time_s;
}

/** mf_report_data_format_clock: Returns: (transfer full): "Mon 10:03:06" for run time @time_s. */
char *
mf_report_data_format_clock (const MfReportData *d, double time_s)
{
  static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  gint64 s = (gint64) floor (mf_report_data_clock_s (d, time_s));
  gint64 week = s / (7 * 86400), in_week = s % (7 * 86400);
  g_autofree char *later = week > 0 ? g_strdup_printf (" (week %" G_GINT64_FORMAT ")", week + 1) : g_strdup ("");

  return g_strdup_printf ("%s %02d:%02d:%02d%s", days[in_week / 86400],
                          (int) (in_week % 86400 / 3600), (int) (in_week % 3600 / 60),
                          (int) (in_week % 60), later);
}
