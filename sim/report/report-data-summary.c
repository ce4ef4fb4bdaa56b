/* report-data-summary.c — reading summary.json (report-data-private.h).
 *
 * Every member is looked up by name and type-checked; a missing member or
 * one of the wrong type is MF_REPORT_ERROR_INPUT naming the member's place
 * (flows[3]: "generated" is missing).  Names that later files refer to (queues,
 * connectors, flows) are kept in file order for report-data-csv.c and
 * report-data-topology.c to resolve.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-data-private.h"
#include "report/report-format.h"

#include <json-glib/json-glib.h>
#include <math.h>

typedef struct {
  const char *path;
  GError **error;
} Json;

static JsonNode *
member (Json *j, JsonObject *o, const char *where, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL)
    mf_report_data_input_error (j->error, j->path, 0, "%s%s\"%s\" is missing", where, *where ? ": " : "", name);
  return n;
}

static void
type_error (Json *j, const char *where, const char *name, const char *what)
{
  mf_report_data_input_error (j->error, j->path, 0, "%s%s\"%s\" is not %s", where, *where ? ": " : "", name, what);
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
      mf_report_data_input_error (j->error, j->path, 0, "%s is not an object", *where);
      return NULL;
    }
  return json_node_get_object (n);
}

/* "scheduled_events" and "event_baseline": optional, so that results
 * written before them still report; the measured members are optional
 * within each entry for the same reason. */
static gboolean
read_events (Json *j, JsonObject *root, MfReportData *d)
{
  static const char *const measured[] = { "window_end_s", "messages", "rerouted_messages",
                                          "ndr_recipients", "delivered_recipients",
                                          "latency_p99_s", "latency_p99_change_s" };
  g_autofree char *where = NULL;
  JsonArray *a;
  JsonObject *o;

  if (json_object_has_member (root, "event_baseline"))
    {
      if ((o = get_object (j, root, "", "event_baseline")) == NULL
          || !get_double (j, o, "event_baseline", "latency_p99_s", TRUE, &d->event_baseline_p99_s))
        return FALSE;
    }
  if (!json_object_has_member (root, "scheduled_events"))
    return TRUE;
  if ((a = get_array (j, root, "", "scheduled_events")) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      MfRdEvent e = { 0 };
      if ((o = array_object (j, a, "scheduled_events", i, &where)) == NULL)
        return FALSE;
      g_array_append_val (d->scheduled, e);
      MfRdEvent *ep = &g_array_index (d->scheduled, MfRdEvent, d->scheduled->len - 1);
      double *values[] = { &ep->window_end_s, &ep->messages, &ep->rerouted, &ep->ndr_recipients,
                           &ep->delivered, &ep->latency_p99_s, &ep->latency_p99_change_s };
      if (!get_string (j, o, where, "name", &ep->name)
          || !get_string (j, o, where, "action", &ep->action)
          || !get_string (j, o, where, "target", &ep->target)
          || !get_double (j, o, where, "start_s", FALSE, &ep->start_s)
          || !get_double (j, o, where, "end_s", TRUE, &ep->end_s))
        return FALSE;
      for (gsize k = 0; k < G_N_ELEMENTS (measured); k++)
        {
          *values[k] = NAN;
          if (json_object_has_member (o, measured[k])
              && !get_double (j, o, where, measured[k], TRUE, values[k]))
            return FALSE;
        }
      if (ep->start_s < 0 || (!isnan (ep->end_s) && ep->end_s < ep->start_s))
        {
          mf_report_data_input_error (j->error, j->path, 0, "%s: the event ends before it starts",
                                      where);
          return FALSE;
        }
    }
  return TRUE;
}

/* The optional "values" of a replicated figure: numbers or null (NaN). */
static gboolean
get_rep_values (Json *j, JsonObject *fo, const char *where, MfRdRepFigure *f)
{
  JsonArray *a;

  if (!json_object_has_member (fo, "values"))
    return TRUE;
  if ((a = get_array (j, fo, where, "values")) == NULL)
    return FALSE;
  f->values = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *n = json_array_get_element (a, i);
      GType t = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_NONE;
      double v;
      if (JSON_NODE_HOLDS_NULL (n))
        v = NAN;
      else if (t == G_TYPE_INT64)
        v = (double) json_node_get_int (n);
      else if (t == G_TYPE_DOUBLE && isfinite (json_node_get_double (n)))
        v = json_node_get_double (n);
      else
        {
          mf_report_data_input_error (j->error, j->path, 0, "%s: \"values\"[%u] is not a number or null",
                                      where, i);
          return FALSE;
        }
      g_array_append_val (f->values, v);
    }
  return TRUE;
}

gboolean
mf_report_data_read_summary (MfReportData *d, GError **error)
{
  g_autofree char *path = g_build_filename (d->dir, "summary.json", NULL);
  g_autoptr (GMappedFile) file = mf_report_data_map_file (path, FALSE, error);
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
      mf_report_data_input_error (error, path, 0, "%s", local->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      mf_report_data_input_error (error, path, 0, "not a JSON object");
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
  /* ndr_by_code: optional, so that older runs still make a report. */
  if (json_object_has_member (root, "ndr_by_code"))
    {
      g_autoptr (GList) names = NULL;
      if ((o = get_object (&j, root, "", "ndr_by_code")) == NULL)
        return FALSE;
      names = json_object_get_members (o);
      for (GList *l = names; l != NULL; l = l->next)
        {
          MfRdReason r = { NULL, 0 };
          char *name = g_strdup (l->data);
          g_ptr_array_add (d->reason_names, name);
          r.name = name;
          if (!get_u64 (&j, o, "ndr_by_code", name, &r.count))
            return FALSE;
          g_array_append_val (d->ndr_codes, r);
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
      /* Percentiles are optional so result directories written before them still report. */
      static const char *const pk[] = { "latency_p50_s", "latency_p95_s", "latency_p99_s" };
      double *pv[] = { &fp->latency_p50_s, &fp->latency_p95_s, &fp->latency_p99_s };
      for (gsize k = 0; k < G_N_ELEMENTS (pk); k++)
        {
          *pv[k] = NAN;
          if (json_object_has_member (o, pk[k])
              && !get_double (&j, o, where, pk[k], TRUE, pv[k]))
            return FALSE;
        }
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
  if (!read_events (&j, root, d))
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
          MfRdRepFigure f = { g_strdup (l->data), NAN, NAN, NULL };
          JsonObject *fo;
          g_array_append_val (d->rep_figures, f);
          if ((fo = get_object (&j, figures, "replications.figures", l->data)) == NULL
              || !get_double (&j, fo, l->data, "mean", TRUE,
                              &g_array_index (d->rep_figures, MfRdRepFigure, d->rep_figures->len - 1).mean)
              || !get_double (&j, fo, l->data, "ci95_half_width", TRUE,
                              &g_array_index (d->rep_figures, MfRdRepFigure, d->rep_figures->len - 1).half_width)
              || !get_rep_values (&j, fo, l->data,
                                  &g_array_index (d->rep_figures, MfRdRepFigure, d->rep_figures->len - 1)))
            return FALSE;
        }
    }
  return TRUE;
}
