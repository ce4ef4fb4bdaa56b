/* test-export.c — `msgflow export` (export.h, cmd-export.c).
 *
 * Round trips: igraph reads the GraphML (and the GML) back, and the counts
 * and every attribute must be what the model says, including the states
 * of a what-if (--down).  DOT, which igraph cannot read, is checked as
 * text.  Also: the attribute handler is put back, write errors become
 * GErrors, and the command's exit status and options.
 */
#include "cli/cli.h"
#include "analyze/export.h"
#include "model/failure.h"
#include "base/igraph-util.h"

#include <glib/gstdio.h>
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOPO \
  "[organization]\nname = Export\n" \
  "[routing-group Hub]\n[routing-group Branch]\n[routing-group Lab]\n" \
  "[server H1]\nrouting-group = Hub\nmailboxes = 100\n" \
  "[server H2]\nrouting-group = Hub\n" \
  "[server B1]\nrouting-group = Branch\nmailboxes = 50\n" \
  "[connector HB]\ntype = routing-group\nfrom = Hub\nto = Branch\ncost = 10\nreverse = true\n" \
  "bridgeheads = H1\nschedule = Mon-Fri 18:00-07:00\n" \
  "[connector BH-X400]\ntype = x400\nfrom = Branch\nto = Hub\ncost = 40\n" \
  "[connector NET]\ntype = smtp\nfrom = Hub\naddress-spaces = SMTP:* 5, SMTP:*.example.com 2\n" \
  "bandwidth = 2Mbit\nlatency = 30ms\nmax-message-size = 10MB\n"

static MfTopology *
load (void)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = mf_topo_parse_data ("export.topo", TOPO, strlen (TOPO), &error);
  g_assert_no_error (error);
  return t;
}

static char *
export_to_string (const MfLinkState *view, const gboolean *dead, MfExportFormat format)
{
  g_autoptr (GError) error = NULL;
  char *text = NULL;
  gsize len = 0;
  FILE *f = open_memstream (&text, &len);

  g_assert_true (mf_export_write (f, view, dead, format, &error));
  g_assert_no_error (error);
  fclose (f);
  return text;
}

/* Read @text back with igraph's reader for @format and check it against
 * the model and the view. */
static void
check_round_trip (const MfTopology *t, const MfLinkState *view, const gboolean *dead,
                  char *text, MfExportFormat format)
{
  igraph_attribute_table_t *previous = igraph_set_attribute_table (&igraph_cattribute_table);
  FILE *f = fmemopen (text, strlen (text), "r");
  igraph_t g;
  igraph_error_t rc;

  g_assert_nonnull (f);
  rc = format == MF_EXPORT_GRAPHML ? igraph_read_graph_graphml (&g, f, 0)
                                   : igraph_read_graph_gml (&g, f);
  fclose (f);
  g_assert_cmpint (rc, ==, IGRAPH_SUCCESS);

  /* One vertex per routing group, plus the external one; one edge per
   * connector, mirrors included. */
  g_assert_cmpint (igraph_vcount (&g), ==, t->n_routing_groups + 1);
  g_assert_cmpint (igraph_ecount (&g), ==, t->n_connectors);
  g_assert_true (igraph_is_directed (&g));
  g_assert_cmpstr (igraph_cattribute_GAS (&g, "name"), ==, "Export");
  for (int v = 0; v < t->n_routing_groups; v++)
    {
      const MfRoutingGroup *rg = &t->routing_groups[v];
      g_assert_cmpstr (igraph_cattribute_VAS (&g, "name", v), ==, rg->name);
      g_assert_cmpstr (igraph_cattribute_VAS (&g, "label", v), ==, rg->name);
      g_assert_cmpstr (igraph_cattribute_VAS (&g, "kind", v), ==, "routing-group");
      g_assert_cmpstr (igraph_cattribute_VAS (&g, "state", v), ==,
                       rg->n_members == 0 ? "EMPTY" : dead != NULL && dead[v] ? "DOWN" : "UP");
      g_assert_cmpint ((int) igraph_cattribute_VAN (&g, "servers", v), ==, rg->n_members);
    }
  g_assert_cmpstr (igraph_cattribute_VAS (&g, "name", t->n_routing_groups), ==,
                   MF_EXPORT_EXTERNAL_VERTEX);
  g_assert_cmpstr (igraph_cattribute_VAS (&g, "kind", t->n_routing_groups), ==, "external");
  g_assert_cmpint ((int) igraph_cattribute_VAN (&g, "mailboxes", 0), ==, 100);
  g_assert_cmpstr (igraph_cattribute_VAS (&g, "members", 0), ==, "H1, H2");
  g_assert_cmpstr (igraph_cattribute_VAS (&g, "master", 0), ==, "H1");

  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      igraph_integer_t from, to;
      g_assert_cmpint (igraph_edge (&g, c, &from, &to), ==, IGRAPH_SUCCESS);
      g_assert_cmpint (from, ==, k->from);
      g_assert_cmpint (to, ==, k->to >= 0 ? k->to : t->n_routing_groups);
      g_assert_cmpstr (igraph_cattribute_EAS (&g, "name", c), ==, k->name);
      g_assert_cmpstr (igraph_cattribute_EAS (&g, "type", c), ==, mf_connector_type_name (k->type));
      g_assert_cmpstr (igraph_cattribute_EAS (&g, "state", c), ==,
                       mf_link_state_is_up (view, c) ? "UP" : "DOWN");
      if (k->to >= 0)
        g_assert_cmpint ((int) igraph_cattribute_EAN (&g, "cost", c), ==, k->cost);
      g_assert_cmpstr (igraph_cattribute_EAS (&g, "mirrorOf", c), ==,
                       k->is_mirror ? t->connectors[k->mirror].name : "");
    }
  /* Spot checks of the other attributes. */
  int hb = mf_topo_find_connector (t, "HB"), rev = mf_topo_find_connector (t, "HB (reverse)");
  int net = mf_topo_find_connector (t, "NET");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "bridgeheads", hb), ==, "H1");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "remoteBridgeheads", hb), ==, "B1");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "bridgeheads", rev), ==, "B1");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "remoteBridgeheads", rev), ==, "H1");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "schedule", hb), ==,
                   "Mon 18:00-24:00, Tue 00:00-07:00, Tue 18:00-24:00, Wed 00:00-07:00, "
                   "Wed 18:00-24:00, Thu 00:00-07:00, Thu 18:00-24:00, Fri 00:00-07:00, "
                   "Fri 18:00-24:00, Sat 00:00-07:00");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "addressSpaces", net), ==,
                   "SMTP:* 5, SMTP:*.example.com 2");
  g_assert_cmpint ((int) igraph_cattribute_EAN (&g, "cost", net), ==, 2);
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "bandwidth", net), ==, "2Mbit");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "latency", net), ==, "30ms");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "maxMessageSize", net), ==, "10MB");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "scope", net), ==, "organization");
  g_assert_cmpint ((int) igraph_cattribute_EAN (&g, "maxConnections", net), ==, 10);
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "schedule", net), ==, "always");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "bandwidth", hb), ==, "unlimited");

  igraph_destroy (&g);
  igraph_set_attribute_table (previous);
}

static void
test_graphml_round_trip (void)
{
  g_autoptr (MfTopology) t = load ();
  g_autoptr (MfLinkState) view = mf_link_state_new (t);
  g_autofree char *text = export_to_string (view, NULL, MF_EXPORT_GRAPHML);

  g_assert_true (g_str_has_prefix (text, "<?xml"));
  check_round_trip (t, view, NULL, text, MF_EXPORT_GRAPHML);
  /* The handler is msgflow's default again: none. */
  g_assert_false (igraph_has_attribute_table ());
}

static void
test_gml_round_trip (void)
{
  g_autoptr (MfTopology) t = load ();
  g_autoptr (MfLinkState) view = mf_link_state_new (t);
  g_autofree char *text = export_to_string (view, NULL, MF_EXPORT_GML);

  g_assert_true (g_str_has_prefix (text, "Creator \"msgflow\"\n"));
  check_round_trip (t, view, NULL, text, MF_EXPORT_GML);
}

/* A what-if: B1 down takes both HB directions and the X.400 connector
 * down, and Branch with it. */
static void
test_down_states (void)
{
  g_autoptr (MfTopology) t = load ();
  g_autoptr (MfLinkState) view = mf_link_state_new (t);
  g_autofree gboolean *dead = g_new0 (gboolean, t->n_routing_groups);
  g_autoptr (GError) error = NULL;
  MfFailure f;
  g_autofree char *text = NULL;

  g_assert_true (mf_failure_parse (t, "server B1", &f, &error));
  g_assert_cmpint (mf_failures_apply (t, view, &f, 1, dead), ==, 3);
  g_assert_true (dead[mf_topo_find_routing_group (t, "Branch")]);
  text = export_to_string (view, dead, MF_EXPORT_GRAPHML);
  check_round_trip (t, view, dead, text, MF_EXPORT_GRAPHML);
}

static void
test_dot (void)
{
  g_autoptr (MfTopology) t = load ();
  g_autoptr (MfLinkState) view = mf_link_state_new (t);
  g_autofree char *text = NULL;
  MfFailure f = { MF_FAILURE_CONNECTOR, mf_topo_find_connector (t, "HB") };

  mf_failures_apply (t, view, &f, 1, NULL);
  text = export_to_string (view, NULL, MF_EXPORT_DOT);
  g_assert_nonnull (strstr (text, "digraph {"));
  g_assert_nonnull (strstr (text, "0 -> 1 [\n    name=HB\n"));
  g_assert_nonnull (strstr (text, "label=\"HB (reverse)\""));
  g_assert_nonnull (strstr (text, "0 -> 3 [\n    name=NET\n"));
  g_assert_nonnull (strstr (text, "label=\"(external)\""));
  /* Both directions of the failed link are DOWN, the X.400 one is UP. */
  {
    int down = 0;
    for (const char *p = text; (p = strstr (p, "state=DOWN")) != NULL; p++)
      down++;
    g_assert_cmpint (down, ==, 2);
  }
}

static void
test_formats (void)
{
  MfExportFormat f;

  g_assert_true (mf_export_format_parse ("graphml", &f));
  g_assert_cmpint (f, ==, MF_EXPORT_GRAPHML);
  g_assert_true (mf_export_format_parse ("DOT", &f));
  g_assert_cmpint (f, ==, MF_EXPORT_DOT);
  g_assert_true (mf_export_format_parse ("gml", &f));
  g_assert_cmpstr (mf_export_format_name (f), ==, "gml");
  g_assert_false (mf_export_format_parse ("svg", &f));
}

static void
test_write_error (void)
{
  g_autoptr (MfTopology) t = load ();
  g_autoptr (MfLinkState) view = mf_link_state_new (t);
  g_autoptr (GError) error = NULL;
  FILE *f = fopen ("/dev/full", "w");

  if (f == NULL)
    {
      g_test_skip ("no /dev/full");
      return;
    }
  g_assert_false (mf_export_write (f, view, NULL, MF_EXPORT_GRAPHML, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_FILE_ERROR || error->domain == MF_IGRAPH_ERROR);
  fclose (f);
  g_assert_false (igraph_has_attribute_table ());
}

/* ------------------------------------------------------------ command */

static char *fixture_path;
static char *output_path;

static int
run_command (const char *a1, const char *a2, const char *a3, const char *a4, const char *a5)
{
  const char *args[] = { "export", a1, a2, a3, a4, a5, NULL };
  g_auto (GStrv) argv = g_new0 (char *, G_N_ELEMENTS (args));
  int argc = 0;

  for (; args[argc] != NULL; argc++)
    argv[argc] = g_strdup (args[argc]);
  /* GOption may permute argv: keep the strings owned by a copy. */
  g_autofree char **view = g_memdup2 (argv, sizeof (char *) * G_N_ELEMENTS (args));
  return mf_cmd_export (argc, view);
}

static void
test_command_output (void)
{
  g_autofree char *text = NULL;

  if (g_test_subprocess ())
    exit (run_command ("--format", "gml", "-o", output_path, fixture_path));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("");
  g_assert_true (g_file_get_contents (output_path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "Creator \"msgflow"));
  g_unlink (output_path);
}

static void
test_command_stdout (void)
{
  if (g_test_subprocess ())
    exit (run_command ("--down", "HB", fixture_path, NULL, NULL));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("<?xml*<graphml*DOWN*</graphml>\n");
}

static void
test_command_bad_format (void)
{
  if (g_test_subprocess ())
    exit (run_command ("--format", "svg", fixture_path, NULL, NULL) == MF_EXIT_USAGE ? 7 : 0);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("*--format: 'svg' is not graphml, dot or gml*");
}

static void
test_command_bad_down (void)
{
  if (g_test_subprocess ())
    exit (run_command ("--down", "HX", fixture_path, NULL, NULL) == MF_EXIT_USAGE ? 7 : 0);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("*no connector or server 'HX'*did you mean 'HB'*");
}

static void
test_command_bad_output (void)
{
  if (g_test_subprocess ())
    exit (run_command ("-o", "/nonexistent/dir/x.graphml", fixture_path, NULL, NULL)
                  == MF_EXIT_FAILURE
              ? 7
              : 0);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*cannot create /nonexistent/dir/x.graphml*");
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  mf_igraph_init ();
  dir = g_strdup (g_getenv ("MF_TEST_DIR"));
  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("test-export-XXXXXX", NULL);
      g_assert_nonnull (dir);
      g_setenv ("MF_TEST_DIR", dir, TRUE);
    }
  fixture_path = g_build_filename (dir, "export.topo", NULL);
  output_path = g_build_filename (dir, "out.gml", NULL);
  if (!g_test_subprocess ())
    g_assert_true (g_file_set_contents (fixture_path, TOPO, -1, NULL));

  g_test_add_func ("/export/graphml-round-trip", test_graphml_round_trip);
  g_test_add_func ("/export/gml-round-trip", test_gml_round_trip);
  g_test_add_func ("/export/down-states", test_down_states);
  g_test_add_func ("/export/dot", test_dot);
  g_test_add_func ("/export/formats", test_formats);
  g_test_add_func ("/export/write-error", test_write_error);
  g_test_add_func ("/export/command/output", test_command_output);
  g_test_add_func ("/export/command/stdout", test_command_stdout);
  g_test_add_func ("/export/command/bad-format", test_command_bad_format);
  g_test_add_func ("/export/command/bad-down", test_command_bad_down);
  g_test_add_func ("/export/command/bad-output", test_command_bad_output);
  rc = g_test_run ();
  if (!g_test_subprocess ())
    {
      g_unlink (fixture_path);
      g_rmdir (dir);
    }
  g_free (fixture_path);
  g_free (output_path);
  return rc;
}
