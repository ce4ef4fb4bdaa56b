/* test-report.c — `msgflow report`: gnuplot literals that no name can break
 * out of (table-driven, and round-tripped through gnuplot itself), template
 * expansion, and whole reports of a real run made in a temporary directory:
 * every image drawn and not empty, values of the run found in the scripts
 * and data files, index.html linking only to files that exist and to
 * nothing outside the directory, hostile names (quotes, backquotes,
 * $(...), @macros, %s, <tags>) drawn as text and never run, warnings for a
 * queue that keeps growing, the qshape table, errors for a directory or a
 * topology that is not the run's, no gnuplot, and byte-identical reruns.
 * The drawing tests are skipped when gnuplot is not installed.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "report/report-data.h"
#include "report/report-gnuplot.h"
#include "report/report-template.h"
#include "report/report.h"
#include "transport/sim-output.h"
#include "transport/transport.h"
#include "test-util.h"

/* A queue name no script or page may be broken by.  The backquotes and
 * $(...) would create files named PWNED if anything ran them. */
#define EVIL "Evil \"q\" `touch PWNED` $(touch PWNED) @x %s %n \\ ' , <i>&amp; #c"

/* Two routing groups, a flow that overloads S3_x's store (its "Local
 * delivery" queue keeps growing), and a connector cut for ten minutes. */
static const char scenario_text[] =
  "[organization]\n"
  "name = Odd \"Org\" `touch PWNED` $(touch PWNED) @x %s \\ 'q' <b>&amp;\n"
  "duration = 1h\n"
  "warmup = 0\n"
  "sample-interval = 1m\n"
  "seed = 3\n"
  "[routing-group Alpha]\n"
  "[routing-group Beta.2]\n"
  "[server S1]\n"
  "routing-group = Alpha\n"
  "mailboxes = 50\n"
  "[server S2]\n"
  "routing-group = Alpha\n"
  "[server S3_x]\n"
  "routing-group = Beta.2\n"
  "mailboxes = 50\n"
  "store-delivery = exp(2s)\n"
  "store-workers = 1\n"
  "[connector A-B]\n"
  "type = routing-group\n"
  "from = Alpha\n"
  "to = Beta.2\n"
  "reverse = true\n"
  "bandwidth = 512kbit\n"
  "[flow F1]\n"
  "from = server S1\n"
  "to = server S3_x\n"
  "rate = 1/s\n"
  "[event cut]\n"
  "at = 20m\n"
  "target = connector A-B\n"
  "action = down\n"
  "duration = 10m\n";

static const char *const figure_names[] = {
  "map", "queues", "latency", "latency-cdf", "flows", "throughput", "utilisation", "link-state",
  "counts",
};

static gboolean
have_gnuplot (void)
{
  g_autofree char *path = g_find_program_in_path ("gnuplot");
  if (path == NULL)
    g_test_skip ("gnuplot is not installed");
  return path != NULL;
}

/* These tests change a run's files on purpose, to feed the report bad or
 * odd input: the manifest in summary.json is made to match again (files
 * gone are dropped from it), so that what is tested is the report's
 * reading, not its manifest check (tested in test-result-dir.c). */
static void
reseal (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "summary.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonArray) fresh = json_array_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root;
  JsonArray *old;

  if (!json_parser_load_from_file (parser, path, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
      || !json_object_has_member (root = json_node_get_object (json_parser_get_root (parser)), "manifest"))
    return;
  old = json_object_get_array_member (root, "manifest");
  for (guint i = 0; i < json_array_get_length (old); i++)
    {
      const char *name = json_object_get_string_member (json_array_get_object_element (old, i), "name");
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL, *sum = NULL;
      gsize len;
      JsonObject *e;
      if (!g_file_get_contents (file, &text, &len, NULL))
        continue;
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, len);
      e = json_object_new ();
      json_object_set_string_member (e, "name", name);
      json_object_set_int_member (e, "size", (gint64) len);
      json_object_set_string_member (e, "sha256", sum);
      json_array_add_object_element (fresh, e);
    }
  json_object_set_array_member (root, "manifest", g_steal_pointer (&fresh));
  json_generator_set_root (gen, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (gen, path, &error));
  g_assert_no_error (error);
}

static void
write_text (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  reseal (dir);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* A temporary directory holding scenario.topo and, in run/, the files of
 * its simulation (as `msgflow simulate` writes them). */
typedef struct {
  char *tmp;
  char *topo_path;
  char *run;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) topo = NULL;
  g_autoptr (MfRunResult) result = NULL;
  MfRunOptions options = { 0 };
  const char *text = data != NULL ? data : scenario_text;

  /* The directory's name reaches no script: gnuplot runs in it. */
  f->tmp = g_dir_make_tmp ("test report \"odd\" `x` $(x) 'y' XXXXXX", &error);
  g_assert_no_error (error);
  f->topo_path = g_build_filename (f->tmp, "scenario.topo", NULL);
  f->run = g_build_filename (f->tmp, "run", NULL);
  write_text (f->tmp, "scenario.topo", text);
  topo = mf_topo_load_file (f->topo_path, &error);
  g_assert_no_error (error);
  options.seed = topo->org.seed;
  options.duration_us = topo->org.duration_us;
  options.warmup_us = topo->org.warmup_us;
  options.sample_interval_us = topo->org.sample_interval_us;
  result = mf_transport_run (topo, &options, &error);
  g_assert_no_error (error);
  g_assert_true (mf_output_write_all (f->run, topo, result, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  (void) data;
  remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->topo_path);
  g_free (f->run);
}

static gboolean
report (Fixture *f, MfReportFormat format, GError **error)
{
  MfReportOptions options = { format, NULL, NULL };
  return mf_report_write_full (f->run, &options, error);
}

/* ------------------------------------------------------------ gnuplot literals */

static void
test_quote_table (void)
{
  static const struct {
    const char *in;
    const char *want;
  } cases[] = {
    { "", "\"\"" },
    { "LON-BH01", "\"LON-BH01\"" },
    { "SEA-NYC (reverse)", "\"SEA-NYC (reverse)\"" },
    { "a\"b", "\"a\\0042b\"" },        /* a quote: 4 digits below 0100 */
    { "\"1", "\"\\00421\"" },          /* a digit after it stays a digit */
    { "`id`", "\"\\140id\\140\"" },    /* backquotes: no shell */
    { "@x", "\"\\100x\"" },            /* no macro */
    { "$(x)", "\"\\0044(x)\"" },
    { "a\\b", "\"a\\134b\"" },
    { "50%", "\"50\\0045\"" },
    { "a\nb", "\"a\\0012b\"" },
    { "é", "\"\\303\\251\"" },         /* UTF-8 bytes */
    { "#", "\"\\0043\"" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = mf_gp_quote (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].want);
      for (const char *p = got + 1; p[1] != '\0'; p++)
        g_assert_true (strchr ("\"`@$#'%", *p) == NULL);
    }
}

/* gnuplot prints back exactly what was quoted, and runs nothing. */
static void
test_quote_round_trip (void)
{
  static const char *const strings[] = {
    EVIL, "`touch PWNED`", "$(touch PWNED)", "@x", "\"1\"2", "a\\0042b", "%s %d %n", "Zürich — 東京",
    "x' y '' z", "end\\", "tab\there",
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL, *gnuplot = NULL, *out = NULL, *pwned = NULL;
  g_autoptr (GString) script = g_string_new ("x = \"MACRO\"\nset print \"out.txt\"\n");
  g_auto (GStrv) lines = NULL;

  if (!have_gnuplot ())
    return;
  tmp = g_dir_make_tmp ("test-report-XXXXXX", &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_string_append (script, "print ");
      mf_gp_append_quoted (script, strings[i]);
      g_string_append_c (script, '\n');
    }
  write_text (tmp, "t.gp", script->str);
  gnuplot = mf_gp_find (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (mf_gp_run (gnuplot, tmp, "t.gp", NULL, &error));
  g_assert_no_error (error);
  out = mf_test_read_file (tmp, "out.txt");
  lines = g_strsplit (out, "\n", -1);
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    g_assert_cmpstr (lines[i], ==, strings[i]);
  pwned = g_build_filename (tmp, "PWNED", NULL);
  g_assert_false (g_file_test (pwned, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test ("PWNED", G_FILE_TEST_EXISTS));
  remove_tree (tmp);
}

static void
test_gnuplot_missing (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = mf_gp_find ("/nonexistent/gnuplot", &error);

  g_assert_null (path);
  g_assert_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_NO_GNUPLOT);
  g_assert_nonnull (strstr (error->message, MF_REPORT_GNUPLOT_PACKAGE));
}

static void
test_numbers (void)
{
  static const struct { double v; const char *want; } cases[] = {
    { 0, "0" }, { -0.0, "0" }, { 1.5, "1.5" }, { 1e-5, "0.00001" }, { 123456789012.0, "123456789012" }, { 2.5e17, "250000000000000000" },
    { NAN, "NaN" }, { INFINITY, "NaN" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = mf_gp_number (cases[i].v);
      g_assert_cmpstr (got, ==, cases[i].want);
    }
}

/* ------------------------------------------------------------ templates */

static void
test_template_expand (void)
{
  static const char text[] = "a {{X}} b {{ Y }} {{lower}} {{X}}{{Z_1}}";
  g_autoptr (GHashTable) vars = mf_template_vars_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *got = NULL, *missing = NULL;

  mf_template_set (vars, "X", "{{Z_1}}");
  mf_template_set (vars, "Z_1", "z");
  got = mf_template_expand_text ("t", text, strlen (text), vars, &error);
  g_assert_no_error (error);
  /* values are not rescanned; non-placeholders are kept */
  g_assert_cmpstr (got, ==, "a {{Z_1}} b {{ Y }} {{lower}} {{Z_1}}z");

  g_hash_table_remove (vars, "Z_1");
  missing = mf_template_expand_text ("t", text, strlen (text), vars, &error);
  g_assert_null (missing);
  g_assert_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "Z_1"));
}

static void
test_templates_embedded (void)
{
  static const char *const needed[] = { "common.gp", "index.html", "report.css", "map.gp" };
  g_autoptr (GHashTable) vars = mf_template_vars_new ();
  g_autoptr (GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (needed); i++)
    g_assert_nonnull (mf_template_get (needed[i], NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (figure_names); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.gp", figure_names[i]);
      gsize len = 0;
      g_assert_nonnull (mf_template_get (name, &len));
      g_assert_cmpuint (len, >, 0);
    }
  g_assert_null (mf_template_get ("nope.gp", NULL));
  g_assert_null (mf_template_expand ("nope.gp", vars, &error));
  g_assert_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TEMPLATE);
}

static void
test_format (void)
{
  MfReportFormat f = MF_REPORT_SVG;

  g_assert_true (mf_report_format_from_string ("png", &f));
  g_assert_cmpint (f, ==, MF_REPORT_PNG);
  g_assert_true (mf_report_format_from_string ("svg", &f));
  g_assert_cmpint (f, ==, MF_REPORT_SVG);
  g_assert_false (mf_report_format_from_string ("PNG", &f));
  g_assert_false (mf_report_format_from_string ("gif", &f));
  g_assert_cmpstr (mf_report_format_extension (MF_REPORT_SVG), ==, "svg");
}

/* ------------------------------------------------------------ whole reports */

/* Every src= and href= of @html: relative, inside the directory, and an
 * existing file (or a #fragment of the page). */
static guint
assert_links_exist (const char *dir, const char *html)
{
  g_autoptr (GRegex) re = g_regex_new ("(?:src|href)=\"([^\"]*)\"", 0, 0, NULL);
  g_autoptr (GMatchInfo) m = NULL;
  guint n = 0;

  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<link"));
  g_regex_match (re, html, 0, &m);
  for (; g_match_info_matches (m); g_match_info_next (m, NULL))
    {
      g_autofree char *url = g_match_info_fetch (m, 1);
      g_autofree char *path = NULL;
      if (url[0] == '#')
        continue;
      g_assert_null (strstr (url, ":"));  /* no scheme: nothing from elsewhere */
      g_assert_true (url[0] != '/');
      g_assert_null (strstr (url, ".."));
      path = g_build_filename (dir, url, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_error ("index.html links to %s, which does not exist", url);
      n++;
    }
  return n;
}

static void
assert_image (const char *dir, const char *name, MfReportFormat format)
{
  g_autofree char *file = g_strdup_printf ("%s.%s", name, mf_report_format_extension (format));
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  if (format == MF_REPORT_PNG)
    {
      g_assert_cmpuint (len, >, 2000);
      g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
    }
  else
    {
      g_assert_cmpuint (len, >, 2000);
      g_assert_nonnull (strstr (data, "<svg"));
    }
}

static void
test_report_png (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MfReportData) d = NULL;
  g_autofree char *html = NULL, *latency = NULL, *counts = NULL, *map = NULL, *pwned = NULL;
  g_autofree char *p95 = NULL, *delivered = NULL, *util = NULL, *page_copy = NULL, *number = NULL;
  char **lines;
  guint n_lines, links;
  (void) data;

  if (!have_gnuplot ())
    return;
  g_assert_true (report (f, MF_REPORT_PNG, &error));
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (figure_names); i++)
    assert_image (f->run, figure_names[i], MF_REPORT_PNG);
  html = mf_test_read_file (f->run, "index.html");
  links = assert_links_exist (f->run, html);
  g_assert_cmpuint (links, >=, G_N_ELEMENTS (figure_names) + 8);
  for (gsize i = 0; i < G_N_ELEMENTS (figure_names); i++)
    {
      g_autofree char *img = g_strdup_printf ("<img src=\"%s.png\"", figure_names[i]);
      g_assert_nonnull (strstr (html, img));
    }

  /* Values of the run, read back independently, are what is drawn. */
  d = mf_report_data_load (f->run, NULL, &error);
  g_assert_no_error (error);
  latency = mf_test_read_file (f->run, "gnuplot/latency.gp");
  number = mf_gp_number (d->latency_p95_s);
  p95 = g_strdup_printf ("P95 = %s\n", number);
  g_assert_nonnull (strstr (latency, p95));
  counts = mf_test_read_file (f->run, "gnuplot/counts.dat");
  lines = g_strsplit (g_strstrip (counts), "\n", -1);
  n_lines = g_strv_length (lines);
  g_free (number);
  number = mf_gp_number ((double) d->recipients.delivered);
  delivered = g_strdup_printf (" %s ", number);
  g_assert_nonnull (strstr (lines[n_lines - 1], delivered)); /* the last sample: the run's total */
  g_strfreev (lines);
  map = mf_test_read_file (f->run, "gnuplot/map.dat");
  g_free (number);
  number = mf_gp_number (CLAMP (100 * g_array_index (d->connectors, MfRdConnector, 0).utilization, 0.1, 100));
  util = g_strdup_printf (" %s\n", number);
  g_assert_nonnull (strstr (map, util));

  /* The hostile organisation name is text on the page, and nothing ran. */
  g_assert_nonnull (strstr (html, "Odd &quot;Org&quot; `touch PWNED` $(touch PWNED) @x %s \\ &#39;q&#39; &lt;b&gt;&amp;amp;"));
  pwned = g_build_filename (f->run, "PWNED", NULL);
  g_assert_false (g_file_test (pwned, G_FILE_TEST_EXISTS));

  /* The overloaded store is reported, with the numbers of the run. */
  g_assert_nonnull (strstr (html, "Queue “Local delivery” on S3_x is still growing"));
  g_assert_nonnull (strstr (html, "class=\"bad\""));
  /* The cut connector is DOWN in the link-state plot and dashed on the map. */
  g_assert_cmpuint (d->changes->len, >=, 2);
  g_assert_nonnull (strstr (html, "<td class=\"down\">DOWN</td>"));

  /* qshape.csv (written by simulate) becomes the table, its total first. */
  if (d->qshape != NULL && d->qshape->len > 0)
    {
      guint64 total = 0;
      for (guint i = 0; i < d->qshape->len; i++)
        total += g_array_index (d->qshape, MfRdQshape, i).recipients;
      g_assert_nonnull (strstr (html, "<tr class=\"total\"><td>TOTAL</td>"));
      g_assert_cmpuint (total, ==, d->recipients.in_flight);
    }

  /* A rerun gives the same page, scripts and data, byte for byte. */
  page_copy = g_strdup (html);
  g_assert_true (report (f, MF_REPORT_PNG, &error));
  g_assert_no_error (error);
  {
    g_autofree char *again = mf_test_read_file (f->run, "index.html");
    g_autofree char *latency_again = mf_test_read_file (f->run, "gnuplot/latency.gp");
    g_autofree char *map_again = mf_test_read_file (f->run, "gnuplot/map.dat");
    g_assert_cmpstr (again, ==, page_copy);
    g_assert_cmpstr (latency_again, ==, latency);
    g_assert_cmpstr (map_again, ==, map);
  }
}

static void
test_report_svg (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *html = NULL;
  (void) data;

  if (!have_gnuplot ())
    return;
  g_assert_true (report (f, MF_REPORT_SVG, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (figure_names); i++)
    assert_image (f->run, figure_names[i], MF_REPORT_SVG);
  html = mf_test_read_file (f->run, "index.html");
  assert_links_exist (f->run, html);
  g_assert_nonnull (strstr (html, "<img src=\"map.svg\""));
  g_assert_null (strstr (html, ".png\""));
}

/* Replace every "Local delivery" queue of the run's files by EVIL: in
 * summary.json as a JSON string, in the CSV files as a quoted field. */
static void
rename_queue (Fixture *f)
{
  static const char *const csvs[] = { "queues.csv", "queue-stats.csv", "qshape.csv" };
  g_autoptr (GString) json_name = g_string_new ("\"");
  g_autoptr (GString) csv_name = g_string_new ("\"");
  g_autofree char *summary = mf_test_read_file (f->run, "summary.json");
  g_auto (GStrv) parts = g_strsplit (summary, "\"Local delivery\"", -1);
  g_autofree char *renamed = NULL;

  for (const char *p = EVIL; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (json_name, '\\');
      g_string_append_c (json_name, *p);
      if (*p == '"')
        g_string_append_c (csv_name, '"');
      g_string_append_c (csv_name, *p);
    }
  g_string_append_c (json_name, '"');
  g_string_append_c (csv_name, '"');
  g_assert_cmpuint (g_strv_length (parts), >, 1);
  renamed = g_strjoinv (json_name->str, parts);
  write_text (f->run, "summary.json", renamed);
  for (gsize i = 0; i < G_N_ELEMENTS (csvs); i++)
    {
      g_autofree char *path = g_build_filename (f->run, csvs[i], NULL);
      g_autofree char *text = NULL, *out = NULL, *field = NULL;
      g_auto (GStrv) pieces = NULL;
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      text = mf_test_read_file (f->run, csvs[i]);
      pieces = g_strsplit (text, ",Local delivery,", -1);
      field = g_strconcat (",", csv_name->str, ",", NULL);
      out = g_strjoinv (field, pieces);
      write_text (f->run, csvs[i], out);
    }
}

static void
test_report_hostile_names (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autofree char *html = NULL, *queues = NULL, *pwned = NULL, *sub = NULL;
  const char *name;
  (void) data;

  if (!have_gnuplot ())
    return;
  rename_queue (f);
  g_assert_true (report (f, MF_REPORT_PNG, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (figure_names); i++)
    assert_image (f->run, figure_names[i], MF_REPORT_PNG);

  /* The busiest queue is the renamed one: it is in the queue plot's
   * script, escaped, and no script holds a raw backquote, @ or $. */
  queues = mf_test_read_file (f->run, "gnuplot/queues.gp");
  g_assert_nonnull (strstr (queues, "S3_x \\342\\200\\272 Evil \\0042q\\0042 \\140touch PWNED\\140"));
  sub = g_build_filename (f->run, "gnuplot", NULL);
  dir = g_dir_open (sub, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".gp"))
      {
        g_autofree char *rel = g_build_filename ("gnuplot", name, NULL);
        g_autofree char *script = mf_test_read_file (f->run, rel);
        g_assert_null (strchr (script, '`'));
        g_assert_null (strstr (script, "$("));
        g_assert_null (strstr (script, "@x"));
      }
  pwned = g_build_filename (f->run, "PWNED", NULL);
  g_assert_false (g_file_test (pwned, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test ("PWNED", G_FILE_TEST_EXISTS));

  html = mf_test_read_file (f->run, "index.html");
  assert_links_exist (f->run, html);
  g_assert_nonnull (strstr (html, "Evil &quot;q&quot; `touch PWNED` $(touch PWNED) @x %s %n \\ &#39; , &lt;i&gt;&amp;amp; #c"));
  g_assert_null (strstr (html, "<i>"));
}

static void
test_no_gnuplot (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *page = g_build_filename (f->run, "index.html", NULL);
  MfReportOptions options = { MF_REPORT_PNG, NULL, "/nonexistent/gnuplot" };
  (void) data;

  g_assert_false (mf_report_write_full (f->run, &options, &error));
  g_assert_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_NO_GNUPLOT);
  g_assert_nonnull (strstr (error->message, "gnuplot-nox"));
  g_assert_false (g_file_test (page, G_FILE_TEST_EXISTS));
}

static void
assert_input_error (Fixture *f, const char *want_in_message)
{
  g_autoptr (GError) error = NULL;
  MfReportOptions options = { MF_REPORT_PNG, NULL, NULL };

  g_assert_null (mf_report_data_load (f->run, options.topology_path, &error));
  g_assert_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_INPUT);
  if (strstr (error->message, want_in_message) == NULL)
    g_error ("\"%s\" does not say \"%s\"", error->message, want_in_message);
}

static void
test_bad_inputs (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *queues = mf_test_read_file (f->run, "queues.csv");
  g_autofree char *summary = mf_test_read_file (f->run, "summary.json");
  g_autofree char *counts = mf_test_read_file (f->run, "counts.csv");
  g_autofree char *missing = g_build_filename (f->tmp, "nope", NULL);
  (void) data;

  g_assert_null (mf_report_data_load (missing, NULL, &error));
  g_assert_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_INPUT);
  g_clear_error (&error);

  write_text (f->run, "queues.csv", "time,server,queue,length\n");
  assert_input_error (f, "queues.csv:1: the header is not "
                         "time_s,server,queue,length,state,oldest_age_s,next_retry_s,"
                         "min_length,max_length");
#define QH "time_s,server,queue,length,state,oldest_age_s,next_retry_s,min_length,max_length\n"
  write_text (f->run, "queues.csv", QH "60,S1,Local delivery\n");
  assert_input_error (f, "queues.csv:2: 3 fields, expected 9");
  write_text (f->run, "queues.csv", QH "60,S1,\"Local delivery,4,,,,4,4\n");
  assert_input_error (f, "queues.csv:2: unterminated quoted field");
  write_text (f->run, "queues.csv", QH "60,S1,Local delivery,-4,,,,0,0\n");
  assert_input_error (f, "queues.csv:2: length is not a valid number");
  write_text (f->run, "queues.csv", QH "61.5,S1,Local delivery,4,,,,4,4\n");
  assert_input_error (f, "queues.csv:2: time 61.5 is not a sample time");
  write_text (f->run, "queues.csv", QH "60,S9,Nowhere,4,,,,4,4\n");
  assert_input_error (f, "queue \"Nowhere\" of server S9 is not in summary.json");
  write_text (f->run, "queues.csv", QH "60,S1,Local delivery,4,Frozen,,,4,4\n");
  assert_input_error (f, "queues.csv:2: state \"Frozen\" is not a link queue state");
  write_text (f->run, "queues.csv", QH "60,S1,Local delivery,4,,-1,,4,4\n");
  assert_input_error (f, "queues.csv:2: oldest_age_s is not a valid number");
  write_text (f->run, "queues.csv", QH "60,S1,Local delivery,4,Retry,1,x,4,4\n");
  assert_input_error (f, "queues.csv:2: next_retry_s is not a valid number");
  write_text (f->run, "queues.csv", QH "60,S1,Local delivery,4,,,,x,4\n");
  assert_input_error (f, "queues.csv:2: min_length is not a valid number");
  write_text (f->run, "queues.csv", QH "60,S1,Local delivery,4,,,,4,\n");
  assert_input_error (f, "queues.csv:2: max_length is not a valid number");
  write_text (f->run, "queues.csv", QH "60,S1,Local delivery,4,,,,5,9\n");
  assert_input_error (f, "queues.csv:2: length 4 is not between min_length and max_length");
#undef QH
  write_text (f->run, "queues.csv", queues);

  write_text (f->run, "counts.csv", "time_s,generated,delivered,ndr,in_flight\n60,1,1,0,0\n60,1,1,0,0\n");
  assert_input_error (f, "counts.csv:3: times do not increase");
  write_text (f->run, "counts.csv", "");
  assert_input_error (f, "counts.csv: empty file");
  write_text (f->run, "counts.csv", counts);

  write_text (f->run, "summary.json", "{\"organization\": 5}");
  assert_input_error (f, "summary.json: \"organization\" is not a string");
  write_text (f->run, "summary.json", "[1, 2");
  assert_input_error (f, "summary.json");
  write_text (f->run, "summary.json", summary);

  write_text (f->run, "qshape.csv", "server,queue,age_low_min,age_high_min,messages,recipients\nS1,Local delivery,5,5,1,1\n");
  assert_input_error (f, "qshape.csv:2: age_high_min is not a valid number");
}

static void
test_bad_topology (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *other = g_build_filename (f->tmp, "other.topo", NULL);
  g_autofree char *text = mf_test_read_file (f->tmp, "scenario.topo");
  MfReportOptions options = { MF_REPORT_PNG, other, NULL };
  (void) data;

  /* Another topology: its connectors are not the run's. */
  write_text (f->tmp, "other.topo", "[organization]\nname = X\n[routing-group A]\n[server S]\nrouting-group = A\n");
  g_assert_false (mf_report_write_full (f->run, &options, &error));
  g_assert_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TOPOLOGY);
  g_assert_nonnull (strstr (error->message, "is not the topology of the run"));
  g_clear_error (&error);

  /* The recorded topology is gone. */
  g_assert_cmpint (g_unlink (f->topo_path), ==, 0);
  g_assert_null (mf_report_data_load (f->run, NULL, &error));
  g_assert_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TOPOLOGY);
  g_assert_nonnull (strstr (error->message, "names the topology"));
  g_assert_nonnull (strstr (error->message, "--topology"));
  g_clear_error (&error);

  /* A copy in the run's directory (DIR/topology.topo) is read first. */
  write_text (f->run, "topology.topo", text);
  {
    g_autoptr (MfReportData) d = mf_report_data_load (f->run, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_suffix (d->topology_path, "topology.topo"));
  }
  {
    g_autofree char *copy = g_build_filename (f->run, "topology.topo", NULL);
    g_assert_cmpint (g_unlink (copy), ==, 0);
    reseal (f->run);
  }

  /* ... and given again with --topology, the report reads it. */
  write_text (f->tmp, "moved.topo", text);
  {
    g_autofree char *moved = g_build_filename (f->tmp, "moved.topo", NULL);
    g_autoptr (MfReportData) d = mf_report_data_load (f->run, moved, &error);
    g_assert_no_error (error);
    g_assert_nonnull (d);
  }
}

/* The derived figures on the scenario: the store queue grows, the cut
 * connector has DOWN intervals inside the outage, groups learn changes. */
static void
test_derived (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MfReportData) d = mf_report_data_load (f->run, NULL, &error);
  g_autoptr (GArray) growing = NULL, downs = NULL;
  int n = 0;
  g_autofree int *busy = NULL;
  (void) data;

  g_assert_no_error (error);
  growing = mf_report_data_growing (d);
  g_assert_cmpuint (growing->len, >=, 1);
  {
    const MfRdQueue *q = &g_array_index (d->queues, MfRdQueue, g_array_index (growing, MfRdGrowing, 0).queue);
    g_assert_cmpstr (q->server, ==, "S3_x");
    g_assert_cmpstr (q->queue, ==, "Local delivery");
    g_assert_cmpfloat (g_array_index (growing, MfRdGrowing, 0).rise_per_hour, >, MF_RD_GROWING_MIN_RISE);
  }
  busy = mf_report_data_busiest_queues (d, &n);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpstr (g_array_index (d->queues, MfRdQueue, busy[0]).queue, ==, "Local delivery");

  downs = mf_report_data_down_intervals (d);
  g_assert_cmpuint (downs->len, >=, 1);
  for (guint i = 0; i < downs->len; i++)
    {
      const MfRdDown *dn = &g_array_index (downs, MfRdDown, i);
      g_assert_cmpfloat (dn->start_s, >=, 20 * 60);
      g_assert_cmpfloat (dn->end_s, <=, 45 * 60);
      g_assert_false (dn->open);
    }
  for (guint c = 0; c < d->changes->len; c++)
    {
      g_autofree double *learned = mf_report_data_group_learned (d, c);
      const MfRdChange *ch = &g_array_index (d->changes, MfRdChange, c);
      /* the master's own group takes it at once */
      g_assert_cmpfloat (learned[ch->routing_group], ==, ch->time_s);
    }
  /* A queue series restores the zeros the transport leaves out. */
  {
    g_autofree double *series = mf_report_data_queue_series (d, busy[0]);
    double max = 0;
    for (guint t = 0; t < d->times->len; t++)
      max = MAX (max, series[t]);
    g_assert_cmpfloat (max, <=, (double) g_array_index (d->queues, MfRdQueue, busy[0]).max_length);
    g_assert_cmpfloat (max, >, 0);
  }
}

/* A flow too big for the only connector: every NDR is 5.3.4. */
static const char ndr_text[] =
  "[organization]\nname = Codes\nduration = 1h\n"
  "[routing-group A]\n[routing-group B]\n"
  "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
  "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nreverse = true\n"
  "max-message-size = 1MB\n"
  "[flow big]\nfrom = server A1\nto = server B1\nrate = 12/h\nsize = 2MB\narrivals = uniform\n";

/* ndr_by_code is read back, every code in order, and drawn as a table
 * with each code's meaning. */
static void
test_ndr_codes (Fixture *f, gconstpointer data)
{
  static const char *const codes[] = { "4.4.6", "4.4.7", "5.2.3", "5.3.4", "5.4.0", "5.4.4" };
  g_autoptr (GError) error = NULL;
  g_autoptr (MfReportData) d = mf_report_data_load (f->run, NULL, &error);
  g_autofree char *html = NULL;
  (void) data;

  g_assert_no_error (error);
  g_assert_cmpuint (d->recipients.ndr, ==, 12);
  g_assert_cmpuint (d->ndr_codes->len, ==, G_N_ELEMENTS (codes));
  for (guint i = 0; i < d->ndr_codes->len; i++)
    {
      const MfRdReason *r = &g_array_index (d->ndr_codes, MfRdReason, i);
      g_assert_cmpstr (r->name, ==, codes[i]);
      g_assert_cmpuint (r->count, ==, strcmp (codes[i], "5.3.4") == 0 ? 12 : 0);
    }
  if (!have_gnuplot ())
    return;
  g_assert_true (report (f, MF_REPORT_PNG, &error));
  g_assert_no_error (error);
  html = mf_test_read_file (f->run, "index.html");
  g_assert_nonnull (strstr (html, "<h3>NDRs by status code</h3>"));
  g_assert_nonnull (strstr (html, "<td>5.3.4</td><td class=\"n\">12</td><td>message too big"));
  g_assert_nonnull (strstr (html, "<td>5.4.4</td><td class=\"n\">0</td><td>unable to route"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/gnuplot/quote-table", test_quote_table);
  g_test_add_func ("/report/gnuplot/quote-round-trip", test_quote_round_trip);
  g_test_add_func ("/report/gnuplot/missing-names-the-package", test_gnuplot_missing);
  g_test_add_func ("/report/gnuplot/numbers", test_numbers);
  g_test_add_func ("/report/template/expand", test_template_expand);
  g_test_add_func ("/report/template/embedded", test_templates_embedded);
  g_test_add_func ("/report/format", test_format);
  g_test_add ("/report/write/png-images-values-links", Fixture, NULL, fixture_set_up, test_report_png,
              fixture_tear_down);
  g_test_add ("/report/write/svg", Fixture, NULL, fixture_set_up, test_report_svg, fixture_tear_down);
  g_test_add ("/report/write/hostile-names", Fixture, NULL, fixture_set_up, test_report_hostile_names,
              fixture_tear_down);
  g_test_add ("/report/write/no-gnuplot", Fixture, NULL, fixture_set_up, test_no_gnuplot, fixture_tear_down);
  g_test_add ("/report/data/bad-inputs", Fixture, NULL, fixture_set_up, test_bad_inputs, fixture_tear_down);
  g_test_add ("/report/data/bad-topology", Fixture, NULL, fixture_set_up, test_bad_topology, fixture_tear_down);
  g_test_add ("/report/data/derived", Fixture, NULL, fixture_set_up, test_derived, fixture_tear_down);
  g_test_add ("/report/data/ndr-codes", Fixture, ndr_text, fixture_set_up, test_ndr_codes,
              fixture_tear_down);
  return g_test_run ();
}
