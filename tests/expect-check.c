/* expect-check.c — a topology's `# expect:` lines checked against the
 * result folder of `msgflow simulate` (docs/format.md section 1 gives the
 * forms; topologies/README.md shows them at work).
 *
 *   expect-check TOPOLOGY DIR
 *
 * Prints one TAP line per expect line, "ok N - FILE:LINE: TEXT (measured
 * X)" or "not ok ...", then "1..N".  Figures come from DIR's summary.json,
 * connectors.csv and queue-stats.csv; CSV columns are found by their
 * header names, so columns added later change nothing here.
 *
 * Exit 0 when every line holds, 1 when one does not, 2 on bad usage, an
 * unreadable topology or result, or an expect line that is unknown or
 * malformed or names what the result does not have ("FILE:LINE: message"
 * on stderr, nothing checked).
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/csv.h"
#include "base/units.h"
#include "model/topology.h"

/* The folder a run wrote, read once. */
typedef struct {
  const char *dir;
  JsonObject *summary; /* owned by parser */
  JsonParser *parser;
  gint64 start_us;     /* the run's start, from Monday 00:00 */
} Result;

/* An expected figure: lo <= x <= hi. */
typedef struct {
  double lo, hi;
  gboolean percent;
} Range;

/* One expect line being read, for messages. */
typedef struct {
  const char *file;
  int line;
} Where;

/* The first error met, "FILE:LINE: message" or "expect-check: PATH: message".
 * A check that meets one records it and returns NAN up to main, which
 * prints it and exits 2: nothing is left allocated on the way out. */
static char *first_error;

static double G_GNUC_PRINTF (2, 3)
fail (const Where *w, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  if (first_error == NULL)
    first_error = g_strdup_printf ("%s:%d: %s", w->file, w->line, msg);
  return NAN;
}

static double
fail_result (const char *path, const char *msg)
{
  if (first_error == NULL)
    first_error = g_strdup_printf ("expect-check: %s: %s", path, msg);
  return NAN;
}

static gboolean
skip_word (const char **p, const char *word)
{
  gsize n = strlen (word);
  if (g_ascii_strncasecmp (*p, word, n) != 0)
    return FALSE;
  *p += n;
  return TRUE;
}

/* A plain number: digits with optional thousands commas ("1,000") and a
 * fraction; an optional "%" after it. */
static gboolean
scan_number (const char **p, double *out, gboolean *percent)
{
  GString *digits = g_string_new (NULL);
  const char *s = *p;
  while (g_ascii_isdigit (*s) || (*s == ',' && g_ascii_isdigit (s[1]) && digits->len > 0)
         || (*s == '.' && g_ascii_isdigit (s[1])))
    {
      if (*s != ',')
        g_string_append_c (digits, *s);
      s++;
    }
  if (digits->len == 0)
    {
      g_string_free (digits, TRUE);
      return FALSE;
    }
  const char *d = digits->str;
  gboolean got = mf_units_scan_number (&d, out) && *d == '\0';
  g_string_free (digits, TRUE);
  if (!got)
    return FALSE;
  *percent = *s == '%';
  if (*percent)
    s++;
  *p = s;
  return TRUE;
}

/* COUNT: "no", "N", "at least N", "at most N", "N to M" (N may end in %). */
static gboolean
scan_range (const char **p, Range *r)
{
  double a, b;
  gboolean pa, pb;
  if (g_ascii_strncasecmp (*p, "no ", 3) == 0)
    {
      *p += 2; /* the space stays, as after a number */
      *r = (Range){ 0, 0, FALSE };
      return TRUE;
    }
  if (skip_word (p, "at least "))
    {
      if (!scan_number (p, &a, &pa))
        return FALSE;
      *r = (Range){ a, INFINITY, pa };
      return TRUE;
    }
  if (skip_word (p, "at most "))
    {
      if (!scan_number (p, &a, &pa))
        return FALSE;
      *r = (Range){ -INFINITY, a, pa };
      return TRUE;
    }
  if (!scan_number (p, &a, &pa))
    return FALSE;
  if (skip_word (p, " to "))
    {
      if (!scan_number (p, &b, &pb) || pa != pb || b < a)
        return FALSE;
      *r = (Range){ a, b, pa };
      return TRUE;
    }
  *r = (Range){ a, a, pa };
  return TRUE;
}

/* DURATION range: "at most 5s", "at least 2m", "1s to 10s". */
static gboolean
parse_duration_range (const char *text, Range *r)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  gint64 a, b;
  const char *p = t;
  if (skip_word (&p, "at most "))
    {
      if (!mf_parse_duration (p, &a, NULL))
        return FALSE;
      *r = (Range){ -INFINITY, (double) a / MF_US_PER_SECOND, FALSE };
      return TRUE;
    }
  if (skip_word (&p, "at least "))
    {
      if (!mf_parse_duration (p, &a, NULL))
        return FALSE;
      *r = (Range){ (double) a / MF_US_PER_SECOND, INFINITY, FALSE };
      return TRUE;
    }
  g_auto (GStrv) two = g_strsplit (p, " to ", 2);
  if (g_strv_length (two) != 2 || !mf_parse_duration (g_strstrip (two[0]), &a, NULL)
      || !mf_parse_duration (g_strstrip (two[1]), &b, NULL) || b < a)
    return FALSE;
  *r = (Range){ (double) a / MF_US_PER_SECOND, (double) b / MF_US_PER_SECOND, FALSE };
  return TRUE;
}

/* A time of week ("Mon 10:00") or a duration ("2h") as seconds from the
 * run's start, as the topology reads them (section 4.1).  A bare "HH:MM"
 * after `day` is on that day. */
static gboolean
parse_time (const Result *res, const char *text, const char *day, double *out_s)
{
  gint64 t;
  MfTimeKind kind;
  g_autofree char *with_day = day != NULL ? g_strdup_printf ("%s %s", day, text) : NULL;
  if (!mf_parse_time_of_week (text, &t, &kind, NULL))
    return FALSE;
  /* "Mon 10:00 and 12:00": the clock time is on the first one's day. */
  if (kind == MF_TIME_OF_DAY && with_day != NULL)
    mf_parse_time_of_week (with_day, &t, &kind, NULL);
  t = mf_time_point_after_start (t, kind, res->start_us);
  *out_s = (double) t / MF_US_PER_SECOND;
  return TRUE;
}

/* The element of summary.json's array `key` whose "name" is `name`
 * (matched as Exchange matches names), or NULL. */
static JsonObject *
find_named (const Result *res, const char *key, const char *name)
{
  if (!json_object_has_member (res->summary, key))
    return NULL;
  JsonArray *a = json_object_get_array_member (res->summary, key);
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);
      if (o != NULL && json_object_has_member (o, "name")
          && mf_topo_name_equal (json_object_get_string_member (o, "name"), name))
        return o;
    }
  return NULL;
}

static double
number_at (const Result *res, JsonObject *o, const char *key)
{
  if (o == NULL || !json_object_has_member (o, key))
    return fail_result (res->dir, "summary.json lacks a figure this line needs");
  /* null (a flow that delivered nothing has no mean latency) holds no
   * range: NaN compares false. */
  if (JSON_NODE_HOLDS_NULL (json_object_get_member (o, key)))
    return NAN;
  return json_object_get_double_member (o, key);
}

/* ---------------------------------------------------------------- CSV */

typedef struct {
  const char *want[5]; /* column names, NULL-terminated */
  int col[5];
  gboolean (*row) (const char *const *v, gpointer data);
  gpointer data;
} CsvScan;

static gboolean
on_row (const MfCsvRecord *rec, gpointer user_data, GError **error)
{
  (void) error;
  CsvScan *s = user_data;
  const char *v[5] = { NULL };
  for (int i = 0; s->want[i] != NULL; i++)
    v[i] = mf_csv_record_field (rec, (guint) s->col[i]);
  s->row (v, s->data);
  return TRUE;
}

/* Calls s->row with the named columns of every row of DIR/NAME; FALSE
 * (first_error set) when the file cannot be read. */
static gboolean
scan_csv (const Result *res, const char *name, CsvScan *s)
{
  g_autofree char *path = g_build_filename (res->dir, name, NULL);
  g_autofree char *text = NULL;
  gsize len;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &text, &len, &error))
    return !isnan (fail_result (path, error->message));
  /* The file's own header is the one expected; columns are then found by
   * name in it. */
  const char *nl = memchr (text, '\n', len);
  g_autofree char *header = g_strndup (text, nl != NULL ? (gsize) (nl - text) : len);
  g_strchomp (header);
  g_auto (GStrv) names = g_strsplit (header, ",", -1);
  for (int i = 0; s->want[i] != NULL; i++)
    {
      s->col[i] = -1;
      for (int j = 0; names[j] != NULL; j++)
        if (strcmp (names[j], s->want[i]) == 0)
          s->col[i] = j;
      if (s->col[i] < 0)
        return !isnan (fail_result (path, "a column this line needs is missing"));
    }
  if (!mf_csv_read (path, text, len, header, 4096, on_row, s, &error))
    return !isnan (fail_result (path, error->message));
  return TRUE;
}

/* ---------------------------------------------------------- the forms */

typedef struct {
  const char *connector;
  double from_s, to_s;
  double sum;
} CarriesSum;

static gboolean
carries_row (const char *const *v, gpointer data)
{
  CarriesSum *c = data;
  double t = g_ascii_strtod (v[0], NULL);
  if (mf_topo_name_equal (v[1], c->connector) && t > c->from_s && t <= c->to_s)
    c->sum += g_ascii_strtod (v[2], NULL);
  return TRUE;
}

/* CONNECTOR carries COUNT messages [between T1 and T2] */
static double
check_carries (const Where *w, const Result *res, const char *text, const char *at, Range *r)
{
  g_autofree char *name = g_strstrip (g_strndup (text, (gsize) (at - text)));
  const char *p = at + strlen (" carries ");
  if (!scan_range (&p, r) || r->percent || !(skip_word (&p, " messages") || skip_word (&p, " message")))
    return fail (w, "expect: want 'CONNECTOR carries COUNT messages [between T1 and T2]'");
  if (find_named (res, "connectors", name) == NULL)
    return fail (w, "expect: no connector '%s' in the result", name);
  CarriesSum c = { name, -INFINITY, INFINITY, 0 };
  if (*p != '\0')
    {
      if (!skip_word (&p, " between "))
        return fail (w, "expect: after 'messages' want 'between T1 and T2' or nothing");
      g_auto (GStrv) two = g_strsplit (p, " and ", 2);
      g_auto (GStrv) first_word = g_strsplit (g_strstrip (two[0]), " ", 2);
      if (g_strv_length (two) != 2 || !parse_time (res, g_strstrip (two[0]), NULL, &c.from_s)
          || !parse_time (res, g_strstrip (two[1]), first_word[0], &c.to_s))
        return fail (w, "expect: want 'between T1 and T2', times of week ('Mon 10:00') or durations");
      if (c.to_s <= c.from_s)
        return fail (w, "expect: the window ends before it starts");
    }
  CsvScan s = { { "time_s", "connector", "messages", NULL }, { 0 }, carries_row, &c };
  if (!scan_csv (res, "connectors.csv", &s))
    return NAN;
  return c.sum;
}

/* CONNECTOR changes state COUNT times */
static double
check_state_changes (const Where *w, const Result *res, const char *text, const char *at,
                     Range *r)
{
  g_autofree char *name = g_strstrip (g_strndup (text, (gsize) (at - text)));
  const char *p = at + strlen (" changes state ");
  if (!scan_range (&p, r) || r->percent || !(g_str_equal (p, " times") || g_str_equal (p, " time")))
    return fail (w, "expect: want 'CONNECTOR changes state COUNT times'");
  JsonObject *o = find_named (res, "connectors", name);
  if (o == NULL)
    return fail (w, "expect: no connector '%s' in the result", name);
  return number_at (res, o, "state_changes");
}

/* COUNT NDRs [with code X.Y.Z], of summary.json's recipients */
static double
ndrs_in (const Where *w, const Result *res, JsonObject *by_code, JsonObject *all, const char *p,
         Range *r)
{
  if (!scan_range (&p, r) || r->percent || !(skip_word (&p, " NDRs") || skip_word (&p, " NDR")))
    return fail (w, "expect: want 'COUNT NDRs [with code X.Y.Z]'");
  if (by_code == NULL)
    return fail_result (res->dir, "summary.json has no ndr_by_code");
  if (*p == '\0')
    {
      if (all != NULL)
        return number_at (res, all, "ndr");
      /* A flow's NDRs: the sum over its codes. */
      double sum = 0;
      g_autoptr (GList) codes = json_object_get_members (by_code);
      for (GList *l = codes; l != NULL; l = l->next)
        sum += number_at (res, by_code, l->data);
      return sum;
    }
  if (!skip_word (&p, " with code "))
    return fail (w, "expect: after 'NDRs' want 'with code X.Y.Z' or nothing");
  if (!json_object_has_member (by_code, p))
    return fail (w, "expect: msgflow writes no NDR code '%s'", p);
  return number_at (res, by_code, p);
}

/* flow NAME has COUNT NDRs [with code C] | flow NAME takes DURATION on average */
static double
check_flow (const Where *w, const Result *res, const char *text, Range *r)
{
  const char *p = text + strlen ("flow ");
  const char *has = strstr (p, " has ");
  const char *takes = strstr (p, " takes ");
  const char *at = has != NULL ? has : takes;
  if (at == NULL)
    return fail (w, "expect: want 'flow NAME has COUNT NDRs' or 'flow NAME takes DURATION on average'");
  g_autofree char *name = g_strstrip (g_strndup (p, (gsize) (at - p)));
  JsonObject *flow = find_named (res, "flows", name);
  if (flow == NULL)
    return fail (w, "expect: no flow '%s' in the result", name);
  if (at == has)
    return ndrs_in (w, res, json_object_get_object_member (flow, "ndr_by_code"), NULL,
                    has + strlen (" has "), r);
  if (!g_str_has_suffix (takes, " on average"))
    return fail (w, "expect: want 'flow NAME takes DURATION on average'");
  g_autofree char *span = g_strndup (takes + strlen (" takes "),
                                     strlen (takes) - strlen (" takes ") - strlen (" on average"));
  if (!parse_duration_range (span, r))
    return fail (w, "expect: want a duration: 'at most 5s', 'at least 1m', '1s to 10s'");
  return number_at (res, flow, "latency_mean_s");
}

typedef struct {
  const char *queue, *server;
  gboolean peak;
  gboolean found;
  double value;
} QueueFind;

static gboolean
queue_row (const char *const *v, gpointer data)
{
  QueueFind *q = data;
  if (mf_topo_name_equal (v[0], q->server) && mf_topo_name_equal (v[1], q->queue))
    {
      q->found = TRUE;
      q->value = g_ascii_strtod (q->peak ? v[2] : v[3], NULL);
    }
  return TRUE;
}

/* queue QUEUE at SERVER holds COUNT messages at its peak | at the end */
static double
check_queue (const Where *w, const Result *res, const char *text, Range *r)
{
  const char *p = text + strlen ("queue ");
  const char *holds = strstr (p, " holds ");
  if (holds == NULL)
    return fail (w, "expect: want 'queue QUEUE at SERVER holds COUNT messages at its peak'");
  /* A server's name has no spaces: the queue's name ends at the last " at ". */
  g_autofree char *who = g_strndup (p, (gsize) (holds - p));
  char *at = g_strrstr (who, " at ");
  if (at == NULL)
    return fail (w, "expect: want 'queue QUEUE at SERVER'");
  *at = '\0';
  QueueFind q = { g_strstrip (who), g_strstrip (at + 4), FALSE, FALSE, 0 };
  p = holds + strlen (" holds ");
  if (!scan_range (&p, r) || r->percent || !(skip_word (&p, " messages") || skip_word (&p, " message")))
    return fail (w, "expect: want 'holds COUNT messages at its peak' or '... at the end'");
  if (g_str_equal (p, " at its peak"))
    q.peak = TRUE;
  else if (!g_str_equal (p, " at the end"))
    return fail (w, "expect: after 'messages' want 'at its peak' or 'at the end'");
  CsvScan s = { { "server", "queue", "max_length", "final_length" }, { 0 }, queue_row, &q };
  if (!scan_csv (res, "queue-stats.csv", &s))
    return NAN;
  if (!q.found)
    return fail (w, "expect: no queue '%s' at '%s' in the result", q.queue, q.server);
  return q.value;
}

/* every message is delivered | COUNT of messages are delivered */
static double
check_delivered (const Where *w, const Result *res, const char *text, Range *r)
{
  JsonObject *m = json_object_get_object_member (res->summary, "messages");
  double generated = number_at (res, m, "generated"), delivered = number_at (res, m, "delivered");
  if (g_str_equal (text, "every message is delivered"))
    {
      *r = (Range){ generated, generated, FALSE };
      return delivered;
    }
  const char *p = text;
  if (!scan_range (&p, r) || !g_str_equal (p, " of messages are delivered"))
    return fail (w, "expect: want 'COUNT of messages are delivered'");
  if (r->percent)
    return generated > 0 ? 100.0 * delivered / generated : 100.0;
  return delivered;
}

/* What one expect line measures; *r is what it expects. */
static double
measure (const Where *w, const Result *res, const char *text, Range *r)
{
  const char *at;
  if (g_str_has_prefix (text, "flow "))
    return check_flow (w, res, text, r);
  if (g_str_has_prefix (text, "queue "))
    return check_queue (w, res, text, r);
  if ((at = strstr (text, " carries ")) != NULL)
    return check_carries (w, res, text, at, r);
  if ((at = strstr (text, " changes state ")) != NULL)
    return check_state_changes (w, res, text, at, r);
  if (g_str_has_suffix (text, " delivered"))
    return check_delivered (w, res, text, r);
  if (strstr (text, " NDR") != NULL)
    return ndrs_in (w, res, json_object_get_object_member (res->summary, "ndr_by_code"),
                    json_object_get_object_member (res->summary, "recipients"), text, r);
  return fail (w, "expect: unknown form (see docs/format.md section 1)");
}

/* The run's start (from the topology) and DIR's summary.json; FALSE with
 * first_error set when either cannot be read. */
static gboolean
load_result (Result *res, const char *topology, const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) topo = mf_topo_load_file (topology, &error);
  if (topo == NULL)
    {
      first_error = g_strdup (error->message);
      return FALSE;
    }
  res->start_us = topo->org.start_us;
  res->dir = dir;
  g_autofree char *path = g_build_filename (dir, "summary.json", NULL);
  res->parser = json_parser_new ();
  if (!json_parser_load_from_file (res->parser, path, &error))
    return !isnan (fail_result (path, error->message));
  JsonNode *root = json_parser_get_root (res->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return !isnan (fail_result (path, "not a JSON object"));
  res->summary = json_node_get_object (root);
  return TRUE;
}

/* Each expect line of `text` measured and judged, appended to `out` as
 * TAP; *failed counts those that do not hold.  FALSE at the first error. */
static gboolean
check_lines (const Result *res, const char *file, const char *text, GString *out, int *failed)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  int n = 0;
  for (int i = 0; lines[i] != NULL; i++)
    {
      Where w = { file, i + 1 };
      const char *p = lines[i];
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p != '#')
        continue;
      p++;
      while (*p == ' ' || *p == '\t')
        p++;
      if (!g_str_has_prefix (p, "expect:"))
        continue;
      g_autofree char *stmt = g_strstrip (g_strdup (p + strlen ("expect:")));
      Range r = { 0, 0, FALSE };
      double x = measure (&w, res, stmt, &r);
      if (first_error != NULL)
        return FALSE;
      gboolean held = x >= r.lo - 1e-9 && x <= r.hi + 1e-9;
      n++;
      *failed += !held;
      g_string_append_printf (out, "%s %d - %s:%d: %s (measured %.6g%s)\n", held ? "ok" : "not ok",
                              n, file, i + 1, stmt, x, r.percent ? "%" : "");
    }
  g_string_append_printf (out, "1..%d\n", n);
  return TRUE;
}

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      fprintf (stderr, "usage: expect-check TOPOLOGY DIR\n");
      return 2;
    }
  Result res = { 0 };
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  int failed = 0;
  gboolean read = load_result (&res, argv[1], argv[2]);
  if (read && !g_file_get_contents (argv[1], &text, NULL, &error))
    read = !isnan (fail_result (argv[1], error->message));
  /* Every line is judged before anything is printed: a malformed line
   * further down exits 2 with no half-checked output. */
  if (read && check_lines (&res, argv[1], text, out, &failed))
    fputs (out->str, stdout);
  g_clear_object (&res.parser);
  if (first_error != NULL)
    {
      fprintf (stderr, "%s\n", first_error);
      g_free (first_error);
      return 2;
    }
  return failed > 0 ? 1 : 0;
}
