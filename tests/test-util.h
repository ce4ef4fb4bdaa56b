/* test-util.h — what the GTest programs share: loading a topology from a
 * string and finding its elements by name, counting what a connector
 * carried in a run, reading a file of a run,
 * parsing JSON; each asserts success, so a test reads as the scenario it
 * checks.  Header-only (static inline): every
 * test program is one .c file linked with libsim.a.
 */
#ifndef MF_TEST_UTIL_H
#define MF_TEST_UTIL_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "model/topology.h"
#include "transport/transport.h"

/* The topology in @text, loaded as "t.topo"; the test fails on any error.
 * (transfer full) */
static inline MfTopology *
mf_test_load (const char *text)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = mf_topo_parse_data ("t.topo", text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

/* The id of routing group @name; the test fails when there is none. */
static inline int
mf_test_routing_group (const MfTopology *t, const char *name)
{
  int g = mf_topo_find_routing_group (t, name);

  g_assert_cmpint (g, >=, 0);
  return g;
}

/* The id of connector @name; the test fails when there is none. */
static inline int
mf_test_connector (const MfTopology *t, const char *name)
{
  int c = mf_topo_find_connector (t, name);

  g_assert_cmpint (c, >=, 0);
  return c;
}

/* The id of server @name; the test fails when there is none. */
static inline int
mf_test_server (const MfTopology *t, const char *name)
{
  int s = mf_topo_find_server (t, name);

  g_assert_cmpint (s, >=, 0);
  return s;
}

/* Messages @connector carried in the samples ending in (from_s, to_s]. */
static inline guint64
mf_test_carried_between (const MfRunResult *r, int connector, double from_s, double to_s)
{
  guint64 n = 0;

  for (guint i = 0; i < r->connector_samples->len; i++)
    {
      const MfConnectorSample *s = &g_array_index (r->connector_samples, MfConnectorSample, i);
      double t = (double) s->time_us / 1e6;
      if (s->connector == connector && t > from_s && t <= to_s)
        n += s->messages;
    }
  return n;
}

/* The contents of DIR/NAME; the test fails when it cannot be read.
 * (transfer full) */
static inline char *
mf_test_read_file (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* @text parsed as JSON; the test fails when it is not JSON.  Tests compare
 * JSON as values, not as text.  (transfer full) */
static inline JsonNode *
mf_test_parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

#endif /* MF_TEST_UTIL_H */
