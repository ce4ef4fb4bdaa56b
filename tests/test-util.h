/* test-util.h — what the GTest programs share: loading a topology from a
 * string and finding its elements by name, counting what a connector
 * carried in a run, running a topology, reading a file of a run, removing
 * a temporary tree,
 * parsing JSON; each asserts success, so a test reads as the scenario it
 * checks.  Header-only (static inline): every
 * test program is one .c file linked with libsim.a.
 */
#ifndef MF_TEST_UTIL_H
#define MF_TEST_UTIL_H

#include <glib.h>
#include <glib/gstdio.h>
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

/* @t simulated with the options its [organization] gives (seed, duration,
 * warm-up, sample interval); the test fails on an error.  (transfer full) */
static inline MfRunResult *
mf_test_run (const MfTopology *t)
{
  g_autoptr (GError) error = NULL;
  MfRunOptions o = { 0 };
  MfRunResult *r;

  o.seed = t->org.seed;
  o.duration_us = t->org.duration_us;
  o.warmup_us = t->org.warmup_us;
  o.sample_interval_us = t->org.sample_interval_us;
  r = mf_transport_run (t, &o, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
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

/* Removes @path and, for a directory, everything in it (a test's
 * temporary files). */
static inline void
mf_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          mf_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
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
