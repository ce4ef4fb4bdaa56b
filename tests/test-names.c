/* test-names.c — Exchange's own names end to end, on
 * topologies/exchange-names.topo: routing groups and connectors with
 * spaces, names written in another case, through --down names, a
 * simulation and its files (summary.json parsed back, queues.csv,
 * connectors.csv), and the export read back through igraph.  The command
 * line side (routes, trace, tracking logs, the report) is in tests/cli.t.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <igraph.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "analyze/export.h"
#include "base/igraph-util.h"
#include "model/failure.h"
#include "model/linkstate.h"
#include "transport/sim-output.h"
#include "transport/transport.h"
#include "test-util.h"

#define EXAMPLE "topologies/exchange-names.topo"

static MfTopology *
load_example (void)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = mf_topo_load_file (EXAMPLE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

/* The names resolve whatever case the file or the user writes them in. */
static void
test_model (void)
{
  g_autoptr (MfTopology) t = load_example ();
  g_autoptr (GError) error = NULL;
  MfFailure f;

  g_assert_cmpint (t->n_routing_groups, ==, 2);
  g_assert_cmpint (t->n_connectors, ==, 3);
  g_assert_cmpstr (t->routing_groups[0].name, ==, "First Routing Group");
  g_assert_cmpint (t->routing_groups[0].n_members, ==, 2); /* EX01 and EX02, named in two cases */
  g_assert_cmpstr (t->connectors[1].name, ==, "Branch Office RGC (reverse)");
  g_assert_cmpint (t->connectors[0].bridgeheads[0], ==, mf_topo_find_server (t, "EX01"));
  g_assert_cmpint (t->connectors[2].type, ==, MF_CONNECTOR_SMTP);
  g_assert_cmpint (t->events[0].target, ==, 0);
  g_assert_cmpint (t->events[0].action, ==, MF_ACTION_DOWN);

  g_assert_true (mf_failure_parse (t, "connector branch office rgc (REVERSE)", &f, &error));
  g_assert_no_error (error);
  g_assert_cmpint (f.id, ==, 1);
  g_assert_true (mf_failure_parse (t, "Server ex02", &f, &error));
  g_assert_cmpint (f.kind, ==, MF_FAILURE_SERVER);
  g_assert_cmpint (f.id, ==, 1);
  g_assert_true (mf_failure_parse (t, "  internet   CONNECTOR ", &f, &error));
  g_assert_cmpint (f.id, ==, 2);
  {
    g_autofree char *d = mf_failure_describe (t, &f);
    g_assert_cmpstr (d, ==, "connector Internet Connector");
  }
}

static JsonObject *
find_connector (JsonArray *a, const char *name)
{
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);
      if (g_strcmp0 (json_object_get_string_member (o, "name"), name) == 0)
        return o;
    }
  g_assert_not_reached ();
}

/* One run of the example: the names come out as the file writes them. */
static void
test_simulation_files (void)
{
  g_autoptr (MfTopology) t = load_example ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgflow-names-XXXXXX", &error);
  g_autoptr (MfRunResult) r = NULL;
  MfRunOptions o = { 0 };

  g_assert_no_error (error);
  o.seed = t->org.seed;
  o.duration_us = t->org.duration_us;
  o.warmup_us = t->org.warmup_us;
  o.sample_interval_us = t->org.sample_interval_us;
  r = mf_transport_run (t, &o, &error);
  g_assert_no_error (error);
  g_assert_true (r->complete);
  g_assert_true (mf_output_write_all (dir, t, r, NULL, &error));
  g_assert_no_error (error);

  {
    g_autofree char *text = mf_test_read_file (dir, "summary.json");
    g_autoptr (JsonNode) root = mf_test_parse_json (text);
    JsonObject *s = json_node_get_object (root);
    JsonArray *conns = json_object_get_array_member (s, "connectors");
    JsonObject *msgs = json_object_get_object_member (s, "messages");

    g_assert_cmpuint (json_array_get_length (conns), ==, 3);
    /* The cut (wan-cut, 1h to 1h30) is seen on the mirror, which carries
     * the branch's mail; the Internet connector carries 10% of the
     * traffic and the flow's 30/h. */
    g_assert_cmpint (json_object_get_int_member (find_connector (conns, "Branch Office RGC"),
                                                 "messages"), ==, 9);
    g_assert_cmpint (json_object_get_int_member (find_connector (conns,
                                                                 "Branch Office RGC (reverse)"),
                                                 "messages"), ==, 157);
    g_assert_cmpint (json_object_get_int_member (find_connector (conns,
                                                                 "Branch Office RGC (reverse)"),
                                                 "state_changes"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (find_connector (conns, "Internet Connector"),
                                                 "messages"), ==, 150);
    g_assert_cmpint (json_object_get_int_member (msgs, "generated"), ==, 207);
    g_assert_cmpint (json_object_get_int_member (msgs, "delivered"), ==, 207);
    /* generated = delivered + ndr + in_flight */
    g_assert_cmpint (json_object_get_int_member (msgs, "generated"), ==,
                     json_object_get_int_member (msgs, "delivered")
                     + json_object_get_int_member (msgs, "ndr")
                     + json_object_get_int_member (msgs, "in_flight"));
  }
  {
    g_autofree char *queues = mf_test_read_file (dir, "queues.csv");
    g_autofree char *conns = mf_test_read_file (dir, "connectors.csv");
    g_assert_nonnull (strstr (queues, "\n3720,BR-EX01,Branch Office RGC (reverse),1,Retry,25.385911,34.615552,0,1\n"));
    g_assert_nonnull (strstr (conns, "\n60,Branch Office RGC (reverse),3,60347,0.0167154\n"));
  }
  for (int i = 0; mf_output_file_names[i] != NULL; i++)
    {
      g_autofree char *p = g_build_filename (dir, mf_output_file_names[i], NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

/* GraphML and GML with spaces in ids and labels read back through igraph. */
static void
check_export (const MfTopology *t, const MfLinkState *view, MfExportFormat format)
{
  igraph_attribute_table_t *previous = igraph_set_attribute_table (&igraph_cattribute_table);
  g_autoptr (GError) error = NULL;
  char *text = NULL;
  gsize len = 0;
  FILE *f = open_memstream (&text, &len);
  igraph_t g;

  g_assert_true (mf_export_write (f, view, NULL, format, &error));
  g_assert_no_error (error);
  fclose (f);
  f = fmemopen (text, len, "r");
  g_assert_cmpint (format == MF_EXPORT_GRAPHML ? igraph_read_graph_graphml (&g, f, 0)
                                               : igraph_read_graph_gml (&g, f),
                   ==, IGRAPH_SUCCESS);
  fclose (f);
  g_assert_cmpint (igraph_ecount (&g), ==, t->n_connectors);
  g_assert_cmpstr (igraph_cattribute_GAS (&g, "name"), ==, "Northwind Traders");
  g_assert_cmpstr (igraph_cattribute_VAS (&g, "name", 0), ==, "First Routing Group");
  g_assert_cmpstr (igraph_cattribute_VAS (&g, "label", 1), ==, "Branch Office");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "name", 1), ==, "Branch Office RGC (reverse)");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "mirrorOf", 1), ==, "Branch Office RGC");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "state", 2), ==, "DOWN");
  g_assert_cmpstr (igraph_cattribute_EAS (&g, "bridgeheads", 2), ==, "EX02, EX01");
  igraph_destroy (&g);
  igraph_set_attribute_table (previous);
  free (text);
}

static void
test_export (void)
{
  g_autoptr (MfTopology) t = load_example ();
  g_autoptr (MfLinkState) view = mf_link_state_new (t);
  g_autoptr (GError) error = NULL;
  MfFailure f;

  g_assert_true (mf_failure_parse (t, "INTERNET CONNECTOR", &f, &error));
  mf_failures_apply (t, view, &f, 1, NULL);
  check_export (t, view, MF_EXPORT_GRAPHML);
  check_export (t, view, MF_EXPORT_GML);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mf_igraph_init ();
  g_test_add_func ("/names/model", test_model);
  g_test_add_func ("/names/simulation-files", test_simulation_files);
  g_test_add_func ("/names/export", test_export);
  return g_test_run ();
}
