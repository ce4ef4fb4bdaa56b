/* test-export.c — `msgflow export` (export.h, cmd-export.c).
 *
 * Round trips: igraph reads the GraphML (and the GML) back, and the counts
 * and every attribute must be what the model says, including the states
 * of a what-if (--down).  DOT, which igraph cannot read, is read back by a
 * reader here that accepts only quoted IDs and values.  A hostile
 * topology (names DOT would misread, markup and quotes in the
 * organisation's name, control characters and invalid UTF-8 in the path)
 * comes back from all three formats with the same vertices and edges;
 * `dot -Tcanon` reads it in tests/cli.t.  Also: the attribute handler is
 * put back, write errors become GErrors, and the command's exit status
 * and options.
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
  g_assert_true (g_str_has_prefix (text, "digraph {\n  graph [name=\"Export\", topology="));
  g_assert_nonnull (strstr (text, "\n  \"Hub\" [name=\"Hub\", label=\"Hub\", kind=\"routing-group\""));
  g_assert_nonnull (strstr (text, "servers=\"2\", mailboxes=\"100\"];\n"));
  g_assert_nonnull (strstr (text, "\n  \"Hub\" -> \"Branch\" [name=\"HB\", label=\"HB\""));
  g_assert_nonnull (strstr (text, "label=\"HB (reverse)\""));
  g_assert_nonnull (strstr (text, "\n  \"Hub\" -> \"(external)\" [name=\"NET\""));
  g_assert_nonnull (strstr (text, "cost=\"2\""));
  g_assert_true (g_str_has_suffix (text, "];\n}\n"));
  /* Both directions of the failed link are DOWN, the X.400 one is UP. */
  {
    int down = 0;
    for (const char *p = text; (p = strstr (p, "state=\"DOWN\"")) != NULL; p++)
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

  for (MfExportFormat format = MF_EXPORT_GRAPHML; format <= MF_EXPORT_GML; format++)
    {
      g_autoptr (GError) error = NULL;
      FILE *f = fopen ("/dev/full", "w");

      if (f == NULL)
        {
          g_test_skip ("no /dev/full");
          return;
        }
      g_assert_false (mf_export_write (f, view, NULL, format, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == G_FILE_ERROR || error->domain == MF_IGRAPH_ERROR);
      fclose (f);
      g_assert_false (igraph_has_attribute_table ());
    }
}

/* ------------------------------------------------------------ hostile text */

/* Names as odd as the loader accepts (bare DOT would read `.`, `..`, `-`
 * and `1.2.3` as syntax or numbers; `graph`, `digraph`, `Node Edge Graph`
 * are keywords), an organisation name with every character the three
 * formats treat specially, and a path with a newline, control characters,
 * a CR and a byte that is not UTF-8. */
#define HOSTILE \
  "[organization]\nname = Fabrikam \"R&D\" <Z\xc3\xbcrich> & 'Co' \\\\ a\\nb ]]> {;} -> --\n" \
  "[routing-group .]\n[routing-group ..]\n[routing-group -]\n[routing-group 1.2.3]\n" \
  "[routing-group Node Edge Graph]\n[routing-group digraph]\n[routing-group graph]\n" \
  "[server .]\nrouting-group = .\n[server ..]\nrouting-group = ..\n" \
  "[server -]\nrouting-group = -\n[server 1.2.3]\nrouting-group = 1.2.3\n" \
  "[server _]\nrouting-group = graph\n" \
  "[connector - -]\ntype = routing-group\nfrom = .\nto = ..\nreverse = true\n" \
  "[connector 1.2.3]\ntype = routing-group\nfrom = -\nto = 1.2.3\nreverse = true\n" \
  "[connector edge]\ntype = x400\nfrom = 1.2.3\nto = graph\n" \
  "[connector Node Edge Graph]\ntype = smtp\nfrom = .\n" \
  "address-spaces = SMTP:*.xn--zrich-kva.example 3, SMTP:* 9\n"
#define HOSTILE_PATH "dir/h\"o<s>t&i\\le\n'x'\x01\r\xff Z\xc3\xbcrich.topo"
/* The path as every format carries it: U+FFFD for each control character
 * but the newline and for the byte that is not UTF-8. */
#define HOSTILE_PATH_OUT \
  "dir/h\"o<s>t&i\\le\n'x'\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd Z\xc3\xbcrich.topo"

/* What a reader got back: the graph's two attributes, vertex names and
 * edges as "NAME\tFROM\tTO", in order. */
typedef struct {
  char *name, *topology;
  GPtrArray *nodes, *edges;
} ReadBack;

static void
read_back_init (ReadBack *rb)
{
  rb->name = rb->topology = NULL;
  rb->nodes = g_ptr_array_new_with_free_func (g_free);
  rb->edges = g_ptr_array_new_with_free_func (g_free);
}

static void
read_back_clear (ReadBack *rb)
{
  g_free (rb->name);
  g_free (rb->topology);
  g_ptr_array_unref (rb->nodes);
  g_ptr_array_unref (rb->edges);
}

/* The read-back graph is the topology: every group (and "(external)") by
 * name, every connector by name between the right two vertices, the
 * organisation's name as written and the path as HOSTILE_PATH_OUT. */
static void
assert_same_as_topology (const MfTopology *t, const ReadBack *rb)
{
  g_assert_cmpstr (rb->name, ==, t->org.name);
  g_assert_cmpstr (rb->topology, ==, HOSTILE_PATH_OUT);
  g_assert_cmpuint (rb->nodes->len, ==, t->n_routing_groups + 1);
  for (int v = 0; v < t->n_routing_groups; v++)
    g_assert_cmpstr (g_ptr_array_index (rb->nodes, v), ==, t->routing_groups[v].name);
  g_assert_cmpstr (g_ptr_array_index (rb->nodes, t->n_routing_groups), ==,
                   MF_EXPORT_EXTERNAL_VERTEX);
  g_assert_cmpuint (rb->edges->len, ==, t->n_connectors);
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      g_autofree char *want = g_strdup_printf (
          "%s\t%s\t%s", k->name, t->routing_groups[k->from].name,
          k->to >= 0 ? t->routing_groups[k->to].name : MF_EXPORT_EXTERNAL_VERTEX);
      g_assert_cmpstr (g_ptr_array_index (rb->edges, c), ==, want);
    }
}

/* Every format's text is valid UTF-8 with no control character but tab
 * and newline. */
static void
assert_clean_text (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p++)
    g_assert_true ((guchar) *p >= 0x20 || *p == '\n' || *p == '\t');
}

static MfTopology *
load_hostile (void)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = mf_topo_parse_data (HOSTILE_PATH, HOSTILE, strlen (HOSTILE), &error);
  g_assert_no_error (error);
  g_assert_cmpint (t->n_routing_groups, ==, 7);
  g_assert_cmpint (t->n_connectors, ==, 6);
  return t;
}

static void
test_hostile_igraph (gconstpointer data)
{
  MfExportFormat format = GPOINTER_TO_INT (data);
  g_autoptr (MfTopology) t = load_hostile ();
  g_autoptr (MfLinkState) view = mf_link_state_new (t);
  g_autofree char *text = export_to_string (view, NULL, format);
  igraph_attribute_table_t *previous = igraph_set_attribute_table (&igraph_cattribute_table);
  FILE *f = fmemopen (text, strlen (text), "r");
  ReadBack rb;
  igraph_t g;

  assert_clean_text (text);
  g_assert_nonnull (f);
  g_assert_cmpint (format == MF_EXPORT_GRAPHML ? igraph_read_graph_graphml (&g, f, 0)
                                               : igraph_read_graph_gml (&g, f),
                   ==, IGRAPH_SUCCESS);
  fclose (f);
  read_back_init (&rb);
  rb.name = g_strdup (igraph_cattribute_GAS (&g, "name"));
  rb.topology = g_strdup (igraph_cattribute_GAS (&g, "topology"));
  for (igraph_integer_t v = 0; v < igraph_vcount (&g); v++)
    g_ptr_array_add (rb.nodes, g_strdup (igraph_cattribute_VAS (&g, "name", v)));
  for (igraph_integer_t e = 0; e < igraph_ecount (&g); e++)
    g_ptr_array_add (rb.edges,
                     g_strdup_printf ("%s\t%s\t%s", igraph_cattribute_EAS (&g, "name", e),
                                      igraph_cattribute_VAS (&g, "name", IGRAPH_FROM (&g, e)),
                                      igraph_cattribute_VAS (&g, "name", IGRAPH_TO (&g, e))));
  igraph_destroy (&g);
  igraph_set_attribute_table (previous);
  assert_same_as_topology (t, &rb);
  read_back_clear (&rb);
}

/* One DOT token: 'q' a quoted string (unescaped into *out), 'w' a bare
 * word of letters (*out), '>' for "->", the punctuation itself, 0 at the
 * end, '?' for anything else: a bare ID such as `1.2.3`, an escape the
 * writer does not make, a string that runs over a line. */
static int
dot_token (const char **pp, char **out)
{
  const char *p = *pp;

  while (g_ascii_isspace (*p))
    p++;
  *pp = p + 1;
  if (*p == '\0' || strchr ("{}[];,=", *p) != NULL)
    return *p;
  if (p[0] == '-' && p[1] == '>')
    {
      *pp = p + 2;
      return '>';
    }
  if (g_ascii_isalpha (*p))
    {
      const char *start = p;
      while (g_ascii_isalpha (*p))
        p++;
      *out = g_strndup (start, (gsize) (p - start));
      *pp = p;
      return 'w';
    }
  if (*p != '"')
    return '?';
  GString *s = g_string_new (NULL);
  for (p++; *p != '"'; p++)
    {
      if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == 'n'))
        g_string_append_c (s, *++p == 'n' ? '\n' : *p);
      else if (*p == '\0' || *p == '\n' || *p == '\\')
        {
          g_string_free (s, TRUE);
          return '?';
        }
      else
        g_string_append_c (s, *p);
    }
  *pp = p + 1;
  *out = g_string_free (s, FALSE);
  return 'q';
}

/* `[NAME="VALUE", …];` into a table; asserts on anything else. */
static GHashTable *
dot_attributes (const char **pp)
{
  GHashTable *attrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int tok = ',';

  g_assert_cmpint (dot_token (pp, NULL), ==, '[');
  while (tok == ',')
    {
      char *name = NULL, *value = NULL;
      g_assert_cmpint (dot_token (pp, &name), ==, 'w');
      g_assert_cmpint (dot_token (pp, NULL), ==, '=');
      g_assert_cmpint (dot_token (pp, &value), ==, 'q');
      g_hash_table_insert (attrs, name, value);
      tok = dot_token (pp, NULL);
    }
  g_assert_cmpint (tok, ==, ']');
  g_assert_cmpint (dot_token (pp, NULL), ==, ';');
  return attrs;
}

/* Reads the DOT that export writes, which must quote every ID and value. */
static void
dot_read (const char *text, ReadBack *rb)
{
  const char *p = text;
  g_autofree char *word = NULL;

  g_assert_cmpint (dot_token (&p, &word), ==, 'w');
  g_assert_cmpstr (word, ==, "digraph");
  g_assert_cmpint (dot_token (&p, NULL), ==, '{');
  for (;;)
    {
      g_autofree char *id = NULL, *head = NULL;
      g_autoptr (GHashTable) attrs = NULL;
      int tok = dot_token (&p, &id);

      if (tok == '}')
        break;
      if (tok == 'w')
        {
          g_assert_cmpstr (id, ==, "graph");
          attrs = dot_attributes (&p);
          rb->name = g_strdup (g_hash_table_lookup (attrs, "name"));
          rb->topology = g_strdup (g_hash_table_lookup (attrs, "topology"));
          continue;
        }
      g_assert_cmpint (tok, ==, 'q');
      {
        const char *save = p;
        if (dot_token (&p, NULL) == '>')
          {
            g_assert_cmpint (dot_token (&p, &head), ==, 'q');
            attrs = dot_attributes (&p);
            g_ptr_array_add (rb->edges, g_strdup_printf ("%s\t%s\t%s",
                                                         (char *) g_hash_table_lookup (attrs, "name"),
                                                         id, head));
            continue;
          }
        p = save;
      }
      attrs = dot_attributes (&p);
      g_assert_cmpstr (g_hash_table_lookup (attrs, "name"), ==, id);
      g_ptr_array_add (rb->nodes, g_steal_pointer (&id));
    }
  g_assert_cmpint (dot_token (&p, NULL), ==, 0);
}

static void
test_hostile_dot (void)
{
  g_autoptr (MfTopology) t = load_hostile ();
  g_autoptr (MfLinkState) view = mf_link_state_new (t);
  g_autofree char *text = export_to_string (view, NULL, MF_EXPORT_DOT);
  ReadBack rb;

  assert_clean_text (text);
  read_back_init (&rb);
  dot_read (text, &rb);
  assert_same_as_topology (t, &rb);
  read_back_clear (&rb);
  /* The reader itself refuses what igraph's DOT writer made. */
  {
    const char *bare = "1.2.3";
    char *out = NULL;
    g_assert_cmpint (dot_token (&bare, &out), ==, '?');
  }
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
  g_test_add_data_func ("/export/hostile/graphml", GINT_TO_POINTER (MF_EXPORT_GRAPHML),
                        test_hostile_igraph);
  g_test_add_data_func ("/export/hostile/gml", GINT_TO_POINTER (MF_EXPORT_GML),
                        test_hostile_igraph);
  g_test_add_func ("/export/hostile/dot", test_hostile_dot);
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
