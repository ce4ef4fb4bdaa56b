/* test-json-writer.c — base/json-writer: nesting and both layouts, string
 * escaping (control characters, quotes, UTF-8), numbers (integers at their
 * limits, shortest round-trip doubles, null for NaN and infinities), write
 * errors and misuse.  Structure is checked by parsing the output back with
 * json-glib; text only where the text itself is the contract. */
#include "base/json-writer.h"
#include "test-util.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

static void
assert_same_json (const char *got, const char *want)
{
  g_autoptr (JsonNode) a = mf_test_parse_json (got);
  g_autoptr (JsonNode) b = mf_test_parse_json (want);

  if (!json_node_equal (a, b))
    g_error ("%s is not %s", got, want);
}

/* A nested value written in @w's style: every kind of value and container,
 * empty ones included. */
static void
write_sample (MfJsonWriter *w)
{
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "name");
  mf_json_writer_string (w, "Contoso");
  mf_json_writer_key (w, "counts");
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "n");
  mf_json_writer_int (w, -3);
  mf_json_writer_key (w, "big");
  mf_json_writer_uint (w, 7);
  mf_json_writer_end_object (w);
  mf_json_writer_key (w, "rows");
  mf_json_writer_begin_array (w);
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "ok");
  mf_json_writer_bool (w, TRUE);
  mf_json_writer_key (w, "x");
  mf_json_writer_double (w, 0.5);
  mf_json_writer_end_object (w);
  mf_json_writer_begin_array (w);
  mf_json_writer_null (w);
  mf_json_writer_bool (w, FALSE);
  mf_json_writer_end_array (w);
  mf_json_writer_begin_object (w);
  mf_json_writer_end_object (w);
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "none");
  mf_json_writer_begin_array (w);
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "empty");
  mf_json_writer_begin_object (w);
  mf_json_writer_end_object (w);
  mf_json_writer_end_object (w);
}

static const char sample_json[] =
  "{\"name\": \"Contoso\", \"counts\": {\"n\": -3, \"big\": 7},"
  " \"rows\": [{\"ok\": true, \"x\": 0.5}, [null, false], {}], \"none\": [], \"empty\": {}}";

static char *
sample_text (gboolean indented, int line_depth)
{
  g_autoptr (MfJsonWriter) w = mf_json_writer_new_text ();

  mf_json_writer_set_indented (w, indented);
  mf_json_writer_set_line_depth (w, line_depth);
  write_sample (w);
  return mf_json_writer_finish_text (w);
}

static void
test_nesting (void)
{
  g_autofree char *compact = sample_text (FALSE, 0);
  g_autofree char *lines = sample_text (FALSE, 2);
  g_autofree char *indented = sample_text (TRUE, 0);

  assert_same_json (compact, sample_json);
  assert_same_json (lines, sample_json);
  assert_same_json (indented, sample_json);
  /* The compact layout, on one line. */
  g_autofree char *want = g_strconcat (sample_json, "\n", NULL);
  g_assert_cmpstr (compact, ==, want);
  /* Line depth 2: elements of the top two levels of arrays on new lines. */
  g_assert_nonnull (strstr (lines, "\"rows\": [\n  {\"ok\": true, \"x\": 0.5},\n  [null, false]"));
}

/* The indented layout is json-glib's pretty printer's, byte for byte
 * (summary.json has always been written in it). */
static void
test_indented_layout (void)
{
  g_autofree char *indented = sample_text (TRUE, 0);
  g_autoptr (JsonNode) root = mf_test_parse_json (sample_json);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autofree char *pretty = NULL;
  g_autofree char *want = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  pretty = json_generator_to_data (gen, NULL);
  want = g_strconcat (pretty, "\n", NULL);
  g_assert_cmpstr (indented, ==, want);
}

static char *
one_string (const char *s)
{
  g_autoptr (MfJsonWriter) w = mf_json_writer_new_text ();

  mf_json_writer_begin_array (w);
  mf_json_writer_string (w, s);
  mf_json_writer_end_array (w);
  return mf_json_writer_finish_text (w);
}

static void
test_escaping (void)
{
  char controls[40];
  int n = 0;

  for (int c = 1; c < 0x20; c++)
    controls[n++] = (char) c;
  controls[n] = '\0';

  const char *const cases[] = {
    "", "plain", "say \"hi\"", "back\\slash", "a/b", controls, "Zürich — 東京 😀",
    "tab\there", "\x7f",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = one_string (cases[i]);
      g_autoptr (JsonNode) root = mf_test_parse_json (text);
      JsonArray *a = json_node_get_array (root);
      g_assert_cmpstr (json_array_get_string_element (a, 0), ==, cases[i]);
      for (const char *p = text; *p; p++) /* no raw control byte but the final newline */
        g_assert_true ((guchar) *p >= 0x20 || (*p == '\n' && p[1] == '\0'));
    }

  /* The escapes themselves: short forms where JSON has them, else \u00XX. */
  g_autofree char *q = one_string ("\"\\\n\r\t\x01\x1f");
  g_assert_cmpstr (q, ==, "[\"\\\"\\\\\\n\\r\\t\\u0001\\u001f\"]\n");
  g_autofree char *u = one_string ("é");
  g_assert_cmpstr (u, ==, "[\"é\"]\n"); /* UTF-8 as it is */

  g_autofree char *quoted = mf_json_quote ("k\"ey\n");
  g_assert_cmpstr (quoted, ==, "\"k\\\"ey\\n\"");

  /* Keys are escaped as strings are. */
  g_autoptr (MfJsonWriter) w = mf_json_writer_new_text ();
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, controls);
  mf_json_writer_raw_value (w, quoted, strlen (quoted));
  mf_json_writer_end_object (w);
  g_autofree char *text = mf_json_writer_finish_text (w);
  g_autoptr (JsonNode) root = mf_test_parse_json (text);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), controls), ==,
                   "k\"ey\n");
}

static void
test_integers (void)
{
  g_autoptr (MfJsonWriter) w = mf_json_writer_new_text ();

  mf_json_writer_begin_array (w);
  mf_json_writer_int (w, 0);
  mf_json_writer_int (w, -1);
  mf_json_writer_int (w, G_MININT64);
  mf_json_writer_int (w, G_MAXINT64);
  mf_json_writer_uint (w, G_MAXUINT64);
  mf_json_writer_end_array (w);
  g_autofree char *text = mf_json_writer_finish_text (w);
  g_assert_cmpstr (text, ==,
                   "[0, -1, -9223372036854775808, 9223372036854775807, 18446744073709551615]\n");

  g_autoptr (JsonNode) root = mf_test_parse_json (text);
  JsonArray *a = json_node_get_array (root);
  g_assert_cmpint (json_array_get_int_element (a, 2), ==, G_MININT64);
  g_assert_cmpint (json_array_get_int_element (a, 3), ==, G_MAXINT64);
}

/* Doubles: the shortest text that reads back exactly, in plain decimal
 * (never an exponent), a ".0" on whole numbers so readers keep a double,
 * null for what JSON cannot hold. */
static void
test_doubles (void)
{
  static const struct {
    double x;
    const char *want;
  } cases[] = {
    { 0.0, "0.0" }, { -0.0, "0.0" }, { 1.0, "1.0" }, { 3600.0, "3600.0" }, { -2.5, "-2.5" },
    { 0.1, "0.1" }, { 0.3, "0.3" }, { 1.0 / 3.0, "0.3333333333333333" },
    { 1e-9, "0.000000001" }, { 1e-20, "0.00000000000000000001" },
    { 1.5e-7, "0.00000015" }, { -2.5e-8, "-0.000000025" }, { 1e15, "1000000000000000.0" },
    { 1.25e20, "125000000000000000000.0" },
    { 123456789012345.0, "123456789012345.0" },
    /* The extremes: every digit written out, never an exponent. */
    /* The largest double: 309 digits written out (want built below). */
    { 1.7976931348623157e308, NULL },
    { NAN, "null" }, { INFINITY, "null" }, { -INFINITY, "null" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (MfJsonWriter) w = mf_json_writer_new_text ();
      mf_json_writer_begin_array (w);
      mf_json_writer_double (w, cases[i].x);
      mf_json_writer_end_array (w);
      g_autofree char *text = mf_json_writer_finish_text (w);
      g_autofree char *zeros = g_strnfill (309 - 17, '0');
      g_autofree char *want
          = cases[i].want != NULL ? g_strdup_printf ("[%s]\n", cases[i].want)
                                  : g_strdup_printf ("[17976931348623157%s.0]\n", zeros);
      g_assert_cmpstr (text, ==, want);

      g_autoptr (JsonNode) root = mf_test_parse_json (text);
      JsonNode *v = json_array_get_element (json_node_get_array (root), 0);
      if (!isfinite (cases[i].x))
        g_assert_true (JSON_NODE_HOLDS_NULL (v));
      else
        {
          g_assert_cmpint (json_node_get_value_type (v), ==, G_TYPE_DOUBLE);
          g_assert_true (json_node_get_double (v) == cases[i].x); /* exact */
        }
    }
}

static void
test_file_output (void)
{
  g_autoptr (GError) error = NULL;
  FILE *f = tmpfile ();
  char buf[256] = "";

  g_assert_nonnull (f);
  g_autoptr (MfJsonWriter) w = mf_json_writer_new (f);
  write_sample (w);
  g_assert_true (mf_json_writer_finish (w, &error));
  g_assert_no_error (error);
  rewind (f);
  g_assert_cmpuint (fread (buf, 1, sizeof buf - 1, f), ==, strlen (sample_json) + 1);
  fclose (f);
  g_autofree char *want = g_strconcat (sample_json, "\n", NULL);
  g_assert_cmpstr (buf, ==, want);
}

static void
test_write_error (void)
{
  g_autoptr (GError) error = NULL;
  FILE *f = fopen ("/dev/full", "w");

  if (f == NULL)
    {
      g_test_skip ("no /dev/full");
      return;
    }
  g_autoptr (MfJsonWriter) w = mf_json_writer_new (f);
  mf_json_writer_begin_array (w);
  for (int i = 0; i < 20000; i++) /* more than one buffer */
    mf_json_writer_string (w, "0123456789");
  mf_json_writer_end_array (w);
  g_assert_false (mf_json_writer_finish (w, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_true (g_str_has_prefix (error->message, "cannot write the output: "));
  fclose (f);
}

static void
expect_critical (void)
{
  g_test_expect_message ("msgflow-json", G_LOG_LEVEL_CRITICAL, "*");
}

/* Misuse is a programming error: a critical, and nothing written. */
static void
test_misuse (void)
{
  g_autoptr (MfJsonWriter) w = mf_json_writer_new_text ();

  mf_json_writer_begin_object (w);
  expect_critical (); /* a value without its key */
  mf_json_writer_int (w, 1);
  g_test_assert_expected_messages ();
  expect_critical (); /* closing what is not open */
  mf_json_writer_end_array (w);
  g_test_assert_expected_messages ();
  mf_json_writer_key (w, "k");
  expect_critical (); /* two keys in a row */
  mf_json_writer_key (w, "k2");
  g_test_assert_expected_messages ();
  expect_critical (); /* closing with a value due */
  mf_json_writer_end_object (w);
  g_test_assert_expected_messages ();
  mf_json_writer_int (w, 1);
  expect_critical (); /* the text of an unfinished value */
  g_assert_null (mf_json_writer_finish_text (w));
  g_test_assert_expected_messages ();
  mf_json_writer_end_object (w);
  expect_critical (); /* a second top-level value */
  mf_json_writer_int (w, 2);
  g_test_assert_expected_messages ();
  expect_critical (); /* a key outside an object */
  mf_json_writer_key (w, "k");
  g_test_assert_expected_messages ();
  g_autofree char *text = mf_json_writer_finish_text (w);
  g_assert_cmpstr (text, ==, "{\"k\": 1}\n");

  g_autoptr (MfJsonWriter) deep = mf_json_writer_new_text ();
  for (int i = 0; i < MF_JSON_WRITER_MAX_DEPTH; i++)
    mf_json_writer_begin_array (deep);
  expect_critical (); /* deeper than the limit */
  mf_json_writer_begin_array (deep);
  g_test_assert_expected_messages ();
  for (int i = 0; i < MF_JSON_WRITER_MAX_DEPTH; i++)
    mf_json_writer_end_array (deep);
  g_autofree char *deep_text = mf_json_writer_finish_text (deep);
  g_assert_cmpuint (strlen (deep_text), ==, 2 * MF_JSON_WRITER_MAX_DEPTH + 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-writer/nesting", test_nesting);
  g_test_add_func ("/json-writer/indented-layout", test_indented_layout);
  g_test_add_func ("/json-writer/escaping", test_escaping);
  g_test_add_func ("/json-writer/integers", test_integers);
  g_test_add_func ("/json-writer/doubles", test_doubles);
  g_test_add_func ("/json-writer/file", test_file_output);
  g_test_add_func ("/json-writer/write-error", test_write_error);
  g_test_add_func ("/json-writer/misuse", test_misuse);
  return g_test_run ();
}
