/* trace-scenario.h — what test-trace-scenarios.c reads a trace with: one
 * trace run with its options, its --json parsed (steps compared as values,
 * not as text), its --smtp text, and finding steps by kind and server.
 * Header-only (static inline), as test-util.h.
 */
#ifndef MF_TRACE_SCENARIO_H
#define MF_TRACE_SCENARIO_H

#include <stdio.h>
#include <string.h>

#include "analyze/trace.h"
#include "test-util.h"

/* One trace and its --json, parsed. */
typedef struct {
  MfTopology *topo;
  MfTrace *tr;
  JsonNode *json;
  JsonObject *root;
  JsonArray *steps;
} Scenario;

static inline void
scenario_free (Scenario *s)
{
  json_node_unref (s->json);
  mf_trace_free (s->tr);
  mf_topo_free (s->topo);
  g_free (s);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scenario, scenario_free)

static inline MfTopology *
load_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = mf_topo_load_file (path, &error);

  g_assert_no_error (error);
  return t;
}

static inline char *
print_json (const MfTrace *tr)
{
  g_autoptr (GError) error = NULL;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);

  g_assert_true (mf_trace_print_json (tr, f, &error));
  g_assert_no_error (error);
  fclose (f);
  return buf;
}

static inline char *
print_smtp (const MfTrace *tr)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);

  mf_trace_print_smtp (tr, f);
  fclose (f);
  return buf;
}

/* Trace a message of @size from @from to server @to (or to an address in
 * domain @to when it has a dot and no such server) at @at_us; @seed 0 is
 * the file's seed.  Takes @topo. */
static inline Scenario *
trace_full (MfTopology *topo, const char *from, const char *to, gint64 at_us, guint64 size,
            guint64 seed, gboolean quiet, const char *tracking_dir)
{
  g_autoptr (GError) error = NULL;
  Scenario *s = g_new0 (Scenario, 1);
  MfTraceOptions o = { .seed = seed ? seed : topo->org.seed, .quiet_network = quiet,
                       .tracking_dir = tracking_dir };
  int to_server = mf_topo_find_server (topo, to);
  g_autofree char *json = NULL;

  s->topo = topo;
  s->tr = mf_trace_run_full (topo, mf_test_server (topo, from), to_server,
                             to_server >= 0 ? NULL : to, at_us, size, &o, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s->tr);
  json = print_json (s->tr);
  s->json = mf_test_parse_json (json);
  s->root = json_node_get_object (s->json);
  s->steps = json_object_get_array_member (s->root, "steps");
  return s;
}

static inline Scenario *
trace_at (MfTopology *topo, const char *from, const char *to, gint64 at_us, guint64 size)
{
  return trace_full (topo, from, to, at_us, size, 0, FALSE, NULL);
}

static inline Scenario *
drill (const char *from, const char *to, gint64 at_us)
{
  return trace_at (load_file ("topologies/failure-drill.topo"), from, to, at_us, 25600);
}

static inline int
n_steps (const Scenario *s)
{
  return (int) json_array_get_length (s->steps);
}

static inline JsonObject *
step (const Scenario *s, int i)
{
  return json_array_get_object_element (s->steps, (guint) i);
}

/* A string member, NULL when null or absent. */
static inline const char *
str (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  return n != NULL && !JSON_NODE_HOLDS_NULL (n) ? json_node_get_string (n) : NULL;
}

static inline gboolean
is_kind (const Scenario *s, int i, const char *kind)
{
  return g_strcmp0 (str (step (s, i), "kind"), kind) == 0;
}

/* The first step of @kind from @from on (at @server unless NULL), -1. */
static inline int
find (const Scenario *s, const char *kind, const char *server, int from)
{
  for (int i = from; i < n_steps (s); i++)
    if (is_kind (s, i, kind) && (server == NULL || g_strcmp0 (str (step (s, i), "server"), server) == 0))
      return i;
  return -1;
}

static inline int
count (const Scenario *s, const char *kind)
{
  int n = 0;

  for (int i = 0; i < n_steps (s); i++)
    n += is_kind (s, i, kind);
  return n;
}

static inline JsonObject *
route (const Scenario *s, int i)
{
  g_assert_true (json_object_has_member (step (s, i), "route"));
  return json_object_get_object_member (step (s, i), "route");
}

/* Is @name in the string array @member of @o? */
static inline gboolean
has_name (JsonObject *o, const char *member, const char *name)
{
  JsonArray *a = json_object_get_array_member (o, member);

  for (guint k = 0; k < json_array_get_length (a); k++)
    if (g_strcmp0 (json_array_get_string_element (a, k), name) == 0)
      return TRUE;
  return FALSE;
}

static inline const char *
first_connector (const Scenario *s, int i)
{
  JsonArray *a = json_object_get_array_member (route (s, i), "connectors");
  return json_array_get_length (a) > 0 ? json_array_get_string_element (a, 0) : NULL;
}

static inline void
assert_delivered_at (const Scenario *s, const char *server)
{
  int last = n_steps (s) - 1;

  g_assert_cmpstr (mf_trace_outcome (s->tr), ==, "delivered");
  g_assert_cmpstr (str (s->root, "outcome"), ==, "delivered");
  g_assert_true (is_kind (s, last, "deliver"));
  g_assert_cmpstr (str (step (s, last), "server"), ==, server);
}

#endif /* MF_TRACE_SCENARIO_H */
