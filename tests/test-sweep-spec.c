/* test-sweep-spec.c — the --vary SPECs of `msgflow sweep` (sweep-spec.c):
 * lists with ';', keys after the last '.', names with dots and spaces,
 * inclusive ranges with units and their rounding, every malformed SPEC
 * with its message, the order of the cross product, and the text of a
 * point's topology (a key replaced in its own section only, a missing key
 * added to the right section, a missing section refused), loaded back
 * through the real loader. */
#include "analyze/sweep-spec.h"
#include "model/topology.h"

#include <string.h>

static const char *const TOPO =
  "[organization]\nname = T\nseed = 7\n\n"
  "[routing-group G]\n\n"
  "[server S]\nrouting-group = G\ncategorizer = exp(1s)\n\n"
  "[server S.two]\nrouting-group = G\ncategorizer = exp(1s)\n\n"
  "[flow load]\nfrom = server S\nto = server S\nrate = 0.5/s\n\n"
  "[flow other]\nfrom = server S\nto = server S.two\nrate = 0.5/s\n";

static MfSweepVary *
parse_ok (const char *spec)
{
  g_autoptr (GError) error = NULL;
  MfSweepVary *v = mf_sweep_vary_parse (spec, &error);

  g_assert_no_error (error);
  g_assert_nonnull (v);
  return v;
}

static void
assert_values (const MfSweepVary *v, const char *const *want)
{
  guint n = 0;
  while (want[n] != NULL)
    n++;
  g_assert_cmpuint (v->values->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (v->values, i), ==, want[i]);
}

static void
test_list (void)
{
  g_autoptr (MfSweepVary) v = parse_ok ("flow load.rate=0.5/s; 0.7/s ;0.9/s");
  static const char *const want[] = { "0.5/s", "0.7/s", "0.9/s", NULL };

  g_assert_cmpstr (v->kind, ==, "flow");
  g_assert_cmpstr (v->name, ==, "load");
  g_assert_cmpstr (v->key, ==, "rate");
  g_assert_cmpstr (v->target, ==, "flow load.rate");
  assert_values (v, want);
}

/* Commas stay inside a value; the key is after the LAST dot. */
static void
test_commas_and_dots (void)
{
  g_autoptr (MfSweepVary) a = parse_ok ("server S.two.categorizer=exp(1s);uniform(0.5s, 1.5s)");
  g_autoptr (MfSweepVary) o = parse_ok ("organization.seed=1;2");
  static const char *const want[] = { "exp(1s)", "uniform(0.5s, 1.5s)", NULL };

  g_assert_cmpstr (a->name, ==, "S.two");
  g_assert_cmpstr (a->key, ==, "categorizer");
  assert_values (a, want);
  g_assert_null (o->name);
  g_assert_cmpstr (o->target, ==, "organization.seed");
}

static void
test_ranges (void)
{
  g_autoptr (MfSweepVary) r = parse_ok ("flow load.rate=0.5/s..0.9/s step 0.1/s");
  g_autoptr (MfSweepVary) s = parse_ok ("organization.seed=1..10 step 4");
  g_autoptr (MfSweepVary) one = parse_ok ("organization.seed=3..3 step 1");
  static const char *const want_r[] = { "0.5/s", "0.6/s", "0.7/s", "0.8/s", "0.9/s", NULL };
  static const char *const want_s[] = { "1", "5", "9", NULL };
  static const char *const want_one[] = { "3", NULL };

  /* 0.5 + 2 * 0.1 is 0.7000000000000001 in doubles: printed as 0.7, and
   * 0.9 is reached although (0.9 - 0.5) / 0.1 is 3.9999999999999996. */
  assert_values (r, want_r);
  assert_values (s, want_s);
  assert_values (one, want_one);
}

static void
assert_error (const char *spec, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MfSweepVary) v = mf_sweep_vary_parse (spec, &error);

  g_assert_null (v);
  g_assert_error (error, MF_SWEEP_ERROR, MF_SWEEP_ERROR_SPEC);
  g_assert_true (g_str_has_prefix (error->message, "--vary "));
  g_assert_nonnull (strstr (error->message, spec));
  if (strstr (error->message, fragment) == NULL)
    g_error ("'%s': message '%s' lacks '%s'", spec, error->message, fragment);
}

static void
test_errors (void)
{
  assert_error ("flow load.rate", "no '='");
  assert_error ("flowrate=1/s", "no key");
  assert_error ("flw load.rate=1/s", "unknown section [flw]");
  assert_error ("flow load.rat=1/s", "unknown key 'rat' of [flow]");
  assert_error ("flow.rate=1/s", "have names");
  assert_error ("organization X.seed=1", "has no name");
  assert_error ("flow load.rate=", "no values");
  assert_error ("flow load.rate=1/s;;2/s", "empty value (number 2)");
  assert_error ("flow load.rate=0.5/s..0.9 step 0.1/s", "same unit");
  assert_error ("flow load.rate=0.9/s..0.5/s step 0.1/s", "B >= A");
  assert_error ("flow load.rate=0.5/s..0.9/s step 0/s", "more than 0");
  assert_error ("flow load.rate=a..b step c", "with numbers");
  assert_error ("organization.seed=1..100000 step 1", "more than 10000 values");
  assert_error ("flow load.rate=1/s\n", "control character");
}

/* The first --vary varies slowest, as nested loops. */
static void
test_cross_product (void)
{
  g_autoptr (GPtrArray) varies = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_sweep_vary_free);
  static const char *const want[][2] = {
    { "0.5/s", "1" }, { "0.5/s", "2" }, { "0.5/s", "3" },
    { "0.7/s", "1" }, { "0.7/s", "2" }, { "0.7/s", "3" },
  };

  g_ptr_array_add (varies, parse_ok ("flow load.rate=0.5/s;0.7/s"));
  g_ptr_array_add (varies, parse_ok ("organization.seed=1;2;3"));
  g_assert_cmpuint (mf_sweep_n_points (varies), ==, 6);
  for (guint p = 0; p < 6; p++)
    for (guint i = 0; i < 2; i++)
      g_assert_cmpstr (mf_sweep_point_value (varies, p, i), ==, want[p][i]);
  g_ptr_array_add (varies, parse_ok ("organization.seed=1..10000 step 1"));
  g_ptr_array_add (varies, parse_ok ("organization.duration=1h..100h step 1h"));
  g_assert_cmpuint (mf_sweep_n_points (varies), ==, 0); /* over MF_SWEEP_MAX_POINTS */
}

static MfTopology *
load (const char *text)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = mf_topo_parse_data ("t.topo", text, strlen (text), &error);

  g_assert_no_error (error);
  return t;
}

/* The key is replaced in its own section only; the other flow keeps its
 * rate; the file still loads, with the new value. */
static void
test_override_replaces (void)
{
  g_autoptr (MfSweepVary) v = parse_ok ("flow load.rate=0.9/s;2/s");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = mf_sweep_override (TOPO, strlen (TOPO), v, "0.9/s", &error);
  g_autoptr (MfTopology) t = NULL;
  g_auto (GStrv) lines_new = NULL, lines_old = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "[flow load]\nfrom = server S\nto = server S\nrate = 0.9/s\n"));
  g_assert_nonnull (strstr (text, "to = server S.two\nrate = 0.5/s\n"));
  /* Same number of lines plus none: a replaced key keeps the line numbers. */
  lines_new = g_strsplit (text, "\n", -1);
  lines_old = g_strsplit (TOPO, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines_new), ==, g_strv_length (lines_old));
  t = load (text);
  g_assert_cmpint (t->n_flows, ==, 2);
}

/* A key the file leaves at its default is added to its section, and the
 * name is matched as Exchange does (case does not matter). */
static void
test_override_adds (void)
{
  g_autoptr (MfSweepVary) v = parse_ok ("server s.two.store-delivery=const(0)");
  g_autoptr (MfSweepVary) seed = parse_ok ("organization.seed=99");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = mf_sweep_override (TOPO, strlen (TOPO), v, "const(0)", &error);
  g_autofree char *text2 = NULL;
  g_autoptr (MfTopology) t = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "[server S.two]\nrouting-group = G\ncategorizer = exp(1s)\n"
                                  "store-delivery = const(0)\n"));
  text2 = mf_sweep_override (text, strlen (text), seed, "99", &error);
  g_assert_no_error (error);
  t = load (text2);
  g_assert_cmpuint (t->org.seed, ==, 99);
}

/* The last section of a file without a final newline. */
static void
test_override_at_end (void)
{
  static const char topo[] = "[organization]\nname = T\n[routing-group G]\n[server S]\nrouting-group = G";
  g_autoptr (MfSweepVary) v = parse_ok ("server S.categorizer=const(1s)");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = mf_sweep_override (topo, strlen (topo), v, "const(1s)", &error);
  g_autoptr (MfTopology) t = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "[organization]\nname = T\n[routing-group G]\n[server S]\n"
                             "routing-group = G\ncategorizer = const(1s)\n");
  t = load (text);
  g_assert_cmpint (t->n_servers, ==, 1);
}

static void
test_override_missing_section (void)
{
  g_autoptr (MfSweepVary) v = parse_ok ("flow nope.rate=1/s");
  g_autoptr (GPtrArray) varies = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *text = mf_sweep_override (TOPO, strlen (TOPO), v, "1/s", &error);
  g_autofree char *point = NULL;

  g_assert_null (text);
  g_assert_error (error, MF_SWEEP_ERROR, MF_SWEEP_ERROR_SECTION);
  g_assert_nonnull (strstr (error->message, "--vary flow nope.rate=1/s"));
  g_assert_nonnull (strstr (error->message, "no [flow nope]"));
  g_clear_error (&error);
  g_ptr_array_add (varies, v);
  point = mf_sweep_point_text (TOPO, strlen (TOPO), varies, 0, &error);
  g_assert_null (point);
  g_assert_error (error, MF_SWEEP_ERROR, MF_SWEEP_ERROR_SECTION);
}

/* A point applies every vary. */
static void
test_point_text (void)
{
  g_autoptr (GPtrArray) varies = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_sweep_vary_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr (MfTopology) t = NULL;

  g_ptr_array_add (varies, parse_ok ("flow other.rate=1/s;3/s"));
  g_ptr_array_add (varies, parse_ok ("organization.seed=5;6"));
  text = mf_sweep_point_text (TOPO, strlen (TOPO), varies, 2, &error); /* 3/s, seed 5 */
  g_assert_no_error (error);
  t = load (text);
  g_assert_cmpuint (t->org.seed, ==, 5);
  g_assert_nonnull (strstr (text, "to = server S.two\nrate = 3/s\n"));
  g_assert_nonnull (strstr (text, "[flow load]\nfrom = server S\nto = server S\nrate = 0.5/s\n"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sweep-spec/list", test_list);
  g_test_add_func ("/sweep-spec/commas-and-dots", test_commas_and_dots);
  g_test_add_func ("/sweep-spec/ranges", test_ranges);
  g_test_add_func ("/sweep-spec/errors", test_errors);
  g_test_add_func ("/sweep-spec/cross-product", test_cross_product);
  g_test_add_func ("/sweep-spec/override-replaces", test_override_replaces);
  g_test_add_func ("/sweep-spec/override-adds", test_override_adds);
  g_test_add_func ("/sweep-spec/override-at-end", test_override_at_end);
  g_test_add_func ("/sweep-spec/override-missing-section", test_override_missing_section);
  g_test_add_func ("/sweep-spec/point-text", test_point_text);
  return g_test_run ();
}
