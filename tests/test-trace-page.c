/* test-trace-page.c — the page of `msgflow trace --html`: written to memory,
 * it carries the trace exactly as --json prints it in one trace-data
 * element, the map in one map-data element, and no name can end a script
 * element early: "<" is written \u003c.  The loader refuses such names, so
 * the test renames a server, a group and a connector after loading (the
 * page reads names from the model when it is written). */
#include "analyze/trace.h"
#include "base/igraph-util.h"
#include "report/trace-page.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#define TOPO \
  "[organization]\nname = Page & <Co>\nduration = 2h\n" \
  "[routing-group A]\n[routing-group B]\n" \
  "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n" \
  "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\ncost = 3\nreverse = true\n" \
  "[connector Out]\ntype = smtp\nfrom = B\naddress-spaces = SMTP:* 1\n"

#define EVIL_SERVER "A1</script><!--<script>"
#define EVIL_CONNECTOR "A-B</SCRIPT >"

static int
count (const char *hay, const char *needle)
{
  int n = 0;
  for (const char *p = strstr (hay, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
rename_to (char **name, const char *to)
{
  g_free (*name);
  *name = g_strdup (to);
}

/* The text of the JSON element @id, with \u003c back to '<'. */
static char *
element_json (const char *page, const char *id)
{
  g_autofree char *open = g_strdup_printf ("<script type=\"application/json\" id=\"%s\">", id);
  const char *start = strstr (page, open), *end;
  g_autoptr (GString) s = NULL;

  g_assert_nonnull (start);
  start += strlen (open);
  end = strstr (start, "</script>");
  g_assert_nonnull (end);
  s = g_string_new_len (start, end - start);
  g_string_replace (s, "\\u003c", "<", 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr (JsonParser) p = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (p, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (p));
}

static void
test_page (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) t = mf_topo_parse_data ("t.topo", TOPO, strlen (TOPO), &error);
  g_autoptr (MfTrace) tr = NULL;
  char *page = NULL, *json = NULL;
  size_t page_len = 0, json_len = 0;
  FILE *out;
  int out_connector;

  g_assert_no_error (error);
  tr = mf_trace_run (t, mf_topo_find_server (t, "A1"), mf_topo_find_server (t, "B1"), NULL, 0, 10000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mf_trace_n_steps (tr), >, 2);
  out_connector = mf_topo_find_connector (t, "Out");
  g_assert_cmpint (out_connector, >=, 0);
  rename_to (&t->servers[mf_topo_find_server (t, "A1")].name, EVIL_SERVER);
  rename_to (&t->routing_groups[0].name, "A </script>");
  rename_to (&t->connectors[mf_topo_find_connector (t, "A-B")].name, EVIL_CONNECTOR);

  out = open_memstream (&page, &page_len);
  g_assert_true (mf_trace_page_write (t, tr, out, &error));
  g_assert_no_error (error);
  fclose (out);
  out = open_memstream (&json, &json_len);
  g_assert_true (mf_trace_print_json (tr, out, &error));
  fclose (out);

  /* One trace-data element, one map-data element, one script; every
   * "</script" of the page is one of theirs. */
  g_assert_cmpint (count (page, "id=\"trace-data\""), ==, 1);
  g_assert_cmpint (count (page, "id=\"map-data\""), ==, 1);
  g_assert_cmpint (count (page, "<script"), ==, 3);
  g_assert_cmpint (count (page, "</script"), ==, 3);
  g_assert_cmpint (count (page, "</SCRIPT"), ==, 0);
  g_assert_cmpint (count (page, "<!--<script"), ==, 0);
  g_assert_nonnull (strstr (page, "A1\\u003c/script>\\u003c!--\\u003cscript>"));
  g_assert_nonnull (strstr (page, "A-B\\u003c/SCRIPT >"));
  g_assert_nonnull (strstr (page, "Page &amp; &lt;Co&gt;")); /* the title, as HTML */
  g_assert_null (strstr (page, "{{"));

  /* The trace is --json's, byte for byte once unescaped. */
  g_autofree char *embedded = element_json (page, "trace-data");
  g_assert_cmpuint (strlen (embedded), ==, json_len);
  g_assert_true (memcmp (embedded, json, json_len) == 0);
  g_assert_nonnull (strstr (embedded, EVIL_SERVER));
  g_autoptr (JsonNode) tn = parse (embedded);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (tn), "from"), ==, EVIL_SERVER);

  /* The map: every group with its servers and a position, every
   * connector with its ends; the outside one with `to` null and its own
   * position. */
  g_autofree char *map_text = element_json (page, "map-data");
  g_autoptr (JsonNode) mn = parse (map_text);
  JsonObject *map = json_node_get_object (mn);
  JsonArray *groups = json_object_get_array_member (map, "routing_groups");
  JsonArray *cons = json_object_get_array_member (map, "connectors");
  g_assert_cmpint (json_array_get_length (groups), ==, t->n_routing_groups);
  g_assert_cmpint (json_array_get_length (cons), ==, t->n_connectors);
  JsonObject *g0 = json_array_get_object_element (groups, 0);
  g_assert_cmpstr (json_object_get_string_member (g0, "name"), ==, "A </script>");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (g0, "servers"), 0), ==,
                   EVIL_SERVER);
  g_assert_true (json_object_has_member (g0, "x") && json_object_has_member (g0, "y"));
  JsonObject *oc = json_array_get_object_element (cons, (guint) out_connector);
  g_assert_cmpstr (json_object_get_string_member (oc, "name"), ==, "Out");
  g_assert_cmpstr (json_object_get_string_member (oc, "type"), ==, "smtp");
  g_assert_true (json_object_get_null_member (oc, "to"));
  g_assert_true (json_object_has_member (oc, "x"));
  JsonObject *ab = json_array_get_object_element (cons, (guint) mf_topo_find_connector (t, EVIL_CONNECTOR));
  g_assert_cmpstr (json_object_get_string_member (ab, "to"), ==, "B");
  g_assert_cmpint (json_object_get_int_member (ab, "cost"), ==, 3);
  free (page);
  free (json);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mf_igraph_init ();
  g_test_add_func ("/trace-page/escaped-and-embedded", test_page);
  return g_test_run ();
}
