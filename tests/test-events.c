/* test-events.c — summary.json's "scheduled_events" (format.md §4.12) for a
 * small topology built here: every [event] in run order with its action,
 * target, start and automatic end (null without a duration), and [] for a
 * topology without events. */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "transport/sim-output.h"
#include "test-util.h"

static const char head[] =
  "[organization]\n"
  "name = Test-Org\n"
  "[routing-group A]\n"
  "[routing-group B]\n"
  "[server S1]\n"
  "routing-group = A\n"
  "[server S2]\n"
  "routing-group = B\n"
  "[connector LON-BRU]\n"
  "type = routing-group\n"
  "from = A\n"
  "to = B\n"
  "reverse = true\n";

/* Listed out of time order: the array follows the run's order. */
static const char events[] =
  "[event Reboot]\n"
  "at = 2h\n"
  "target = server S2\n"
  "action = down\n"
  "duration = 10m\n"
  "[event Cut]\n"
  "at = 1h\n"
  "target = connector LON-BRU\n"
  "action = down\n"
  "duration = 2h\n"
  "[event Move]\n"
  "at = 90m\n"
  "target = routing-group B\n"
  "action = master S2\n";

static JsonArray *
scheduled (JsonNode **root, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) t = mf_topo_parse_data ("t.topo", text, strlen (text), &error);
  g_assert_no_error (error);
  MfRunResult *r = g_new0 (MfRunResult, 1);
  r->link_changes = g_array_new (FALSE, TRUE, 1);
  r->n_connectors = t->n_connectors;
  r->connectors = g_new0 (MfConnectorStats, t->n_connectors);
  g_autofree char *json = mf_output_summary_json (t, r, NULL);
  g_array_unref (r->link_changes);
  g_free (r->connectors);
  g_free (r);
  *root = mf_test_parse_json (json);
  return json_object_get_array_member (json_node_get_object (*root), "scheduled_events");
}

static void
assert_event (JsonArray *a, guint i, const char *name, const char *action, const char *target,
              double start, double end)
{
  JsonObject *e = json_array_get_object_element (a, i);
  g_assert_cmpstr (json_object_get_string_member (e, "name"), ==, name);
  g_assert_cmpstr (json_object_get_string_member (e, "action"), ==, action);
  g_assert_cmpstr (json_object_get_string_member (e, "target"), ==, target);
  g_assert_cmpfloat (json_object_get_double_member (e, "start_s"), ==, start);
  if (end < 0)
    g_assert_true (json_object_get_null_member (e, "end_s"));
  else
    g_assert_cmpfloat (json_object_get_double_member (e, "end_s"), ==, end);
}

static void
test_events_in_run_order (void)
{
  g_autofree char *text = g_strconcat (head, events, NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonArray *a = scheduled (&root, text);
  g_assert_cmpuint (json_array_get_length (a), ==, 3);
  assert_event (a, 0, "Cut", "down", "LON-BRU", 3600, 3600 + 7200);
  assert_event (a, 1, "Move", "master", "B", 5400, -1);
  assert_event (a, 2, "Reboot", "down", "S2", 7200, 7200 + 600);
}

static void
test_no_events (void)
{
  g_autoptr (JsonNode) root = NULL;
  JsonArray *a = scheduled (&root, head);
  g_assert_nonnull (a);
  g_assert_cmpuint (json_array_get_length (a), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/events/summary/run-order", test_events_in_run_order);
  g_test_add_func ("/events/summary/none", test_no_events);
  return g_test_run ();
}
