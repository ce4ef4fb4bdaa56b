/* test-diag.c — the FILE:LINE: collector of diag.c: the exact text of
 * errors and warnings, errors sorted by line with line 0 last, the
 * MF_DIAG_MAX_ERRORS limit keeping the earliest lines whatever order they
 * are found in, and the "N more errors" line.  Warnings are neither sorted
 * nor limited.  mf_diag_set_error: the same layout for a single GError. */
#include "base/diag.h"

#include <string.h>

static void
test_empty (void)
{
  g_autoptr (MfDiag) diag = mf_diag_new ("f.topo");
  g_autofree char *text = mf_diag_errors_text (diag);

  g_assert_cmpuint (mf_diag_n_errors (diag), ==, 0);
  g_assert_cmpstr (text, ==, "");
  g_assert_cmpuint (mf_diag_warnings (diag)->len, ==, 0);
}

static void
test_format (void)
{
  g_autoptr (MfDiag) diag = mf_diag_new ("dir/f.topo");
  g_autofree char *text = NULL;
  const GPtrArray *w;

  mf_diag_error (diag, 3, "bad %s %d%%", "value", 7);
  mf_diag_error (diag, 0, "whole file");
  mf_diag_warning (diag, 2, "odd %s", "thing");
  mf_diag_warning (diag, 0, "whole-file warning");
  text = mf_diag_errors_text (diag);
  g_assert_cmpstr (text, ==, "dir/f.topo:3: bad value 7%\ndir/f.topo: whole file");
  g_assert_cmpuint (mf_diag_n_errors (diag), ==, 2);
  w = mf_diag_warnings (diag);
  g_assert_cmpuint (w->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (w, 0), ==, "dir/f.topo:2: warning: odd thing");
  g_assert_cmpstr (g_ptr_array_index (w, 1), ==, "dir/f.topo: warning: whole-file warning");
}

/* Sorted by line, found order within a line, whole-file errors last;
 * warnings stay in the order found. */
static void
test_order (void)
{
  g_autoptr (MfDiag) diag = mf_diag_new ("f");
  g_autofree char *text = NULL;
  const GPtrArray *w;

  mf_diag_error (diag, 5, "e1");
  mf_diag_error (diag, 0, "z1");
  mf_diag_error (diag, 2, "b");
  mf_diag_error (diag, 5, "e2");
  mf_diag_error (diag, 0, "z2");
  mf_diag_error (diag, 1, "a");
  mf_diag_warning (diag, 9, "w9");
  mf_diag_warning (diag, 1, "w1");
  text = mf_diag_errors_text (diag);
  g_assert_cmpstr (text, ==, "f:1: a\nf:2: b\nf:5: e1\nf:5: e2\nf: z1\nf: z2");
  w = mf_diag_warnings (diag);
  g_assert_cmpstr (g_ptr_array_index (w, 0), ==, "f:9: warning: w9");
  g_assert_cmpstr (g_ptr_array_index (w, 1), ==, "f:1: warning: w1");
}

/* Errors found last-line-first: the 20 earliest lines are kept. */
static void
test_limit_keeps_earliest_lines (void)
{
  g_autoptr (MfDiag) diag = mf_diag_new ("f");
  g_autoptr (GString) want = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (int line = 25; line >= 1; line--)
    mf_diag_error (diag, line, "e%d", line);
  for (int line = 1; line <= MF_DIAG_MAX_ERRORS; line++)
    g_string_append_printf (want, "f:%d: e%d\n", line, line);
  g_string_append (want, "f: 5 more errors not shown");
  text = mf_diag_errors_text (diag);
  g_assert_cmpuint (mf_diag_n_errors (diag), ==, 25);
  g_assert_cmpstr (text, ==, want->str);
}

static void
test_limit_one_more (void)
{
  g_autoptr (MfDiag) diag = mf_diag_new ("f");
  g_autofree char *text = NULL;

  for (int i = 1; i <= MF_DIAG_MAX_ERRORS + 1; i++)
    mf_diag_error (diag, i, "e%d", i);
  text = mf_diag_errors_text (diag);
  g_assert_cmpuint (mf_diag_n_errors (diag), ==, MF_DIAG_MAX_ERRORS + 1);
  g_assert_true (g_str_has_prefix (text, "f:1: e1\n"));
  g_assert_true (g_str_has_suffix (text, "\nf:20: e20\nf: 1 more error not shown"));
  g_assert_null (strstr (text, "e21"));
}

/* When full, an error on a line already as late as the latest kept is
 * dropped (the first found stay); an earlier line replaces the latest kept,
 * and of several on that line, the one found last. */
static void
test_limit_ties (void)
{
  g_autoptr (MfDiag) diag = mf_diag_new ("f");
  g_autofree char *before = NULL;
  g_autofree char *text = NULL;

  for (int i = 0; i < MF_DIAG_MAX_ERRORS; i++)
    mf_diag_error (diag, 10, "t%d", i);
  mf_diag_error (diag, 10, "late");
  mf_diag_error (diag, 11, "later");
  mf_diag_error (diag, 0, "whole");
  before = mf_diag_errors_text (diag);
  g_assert_true (g_str_has_suffix (before, "\nf:10: t19\nf: 3 more errors not shown"));
  mf_diag_error (diag, 3, "early");
  text = mf_diag_errors_text (diag);
  g_assert_cmpuint (mf_diag_n_errors (diag), ==, MF_DIAG_MAX_ERRORS + 4);
  g_assert_true (g_str_has_prefix (text, "f:3: early\nf:10: t0\nf:10: t1\n"));
  g_assert_true (g_str_has_suffix (text, "\nf:10: t18\nf: 4 more errors not shown"));
  g_assert_null (strstr (text, "t19"));
  g_assert_null (strstr (text, "late"));
  g_assert_null (strstr (text, "whole"));
}

/* Whole-file errors are the first to go when the list is full. */
static void
test_limit_line_zero (void)
{
  g_autoptr (MfDiag) diag = mf_diag_new ("f");
  g_autofree char *text = NULL;

  for (int i = 0; i < MF_DIAG_MAX_ERRORS; i++)
    mf_diag_error (diag, 0, "z%d", i);
  mf_diag_error (diag, 0, "z-late");
  mf_diag_error (diag, 7, "seven");
  text = mf_diag_errors_text (diag);
  g_assert_true (g_str_has_prefix (text, "f:7: seven\nf: z0\n"));
  g_assert_true (g_str_has_suffix (text, "\nf: z18\nf: 2 more errors not shown"));
  g_assert_null (strstr (text, "z19"));
  g_assert_null (strstr (text, "z-late"));
}

/* Readers that stop at the first error use the same layout, in their own
 * error domain. */
static void
test_set_error (void)
{
  GQuark domain = g_quark_from_static_string ("test-diag-domain");
  g_autoptr (GError) located = NULL;
  g_autoptr (GError) whole = NULL;

  mf_diag_set_error (&located, domain, 7, "dir/q.csv", 12, "bad %s %d%%", "field", 3);
  g_assert_error (located, domain, 7);
  g_assert_cmpstr (located->message, ==, "dir/q.csv:12: bad field 3%");
  mf_diag_set_error (&whole, domain, 1, "dir/q.csv", 0, "empty");
  g_assert_cmpstr (whole->message, ==, "dir/q.csv: empty");
  mf_diag_set_error (NULL, domain, 1, "x", 1, "ignored without a GError");
}

static void
test_warnings_unlimited (void)
{
  g_autoptr (MfDiag) diag = mf_diag_new ("f");
  const GPtrArray *w;

  for (int i = 0; i < 3 * MF_DIAG_MAX_ERRORS; i++)
    mf_diag_warning (diag, 100 - i, "w%d", i);
  w = mf_diag_warnings (diag);
  g_assert_cmpuint (w->len, ==, 3 * MF_DIAG_MAX_ERRORS);
  g_assert_cmpstr (g_ptr_array_index (w, 0), ==, "f:100: warning: w0");
  g_assert_cmpstr (g_ptr_array_index (w, w->len - 1), ==, "f:41: warning: w59");
  g_assert_cmpuint (mf_diag_n_errors (diag), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/diag/empty", test_empty);
  g_test_add_func ("/diag/format", test_format);
  g_test_add_func ("/diag/order", test_order);
  g_test_add_func ("/diag/limit-keeps-earliest-lines", test_limit_keeps_earliest_lines);
  g_test_add_func ("/diag/limit-one-more", test_limit_one_more);
  g_test_add_func ("/diag/limit-ties", test_limit_ties);
  g_test_add_func ("/diag/limit-line-zero", test_limit_line_zero);
  g_test_add_func ("/diag/warnings-unlimited", test_warnings_unlimited);
  g_test_add_func ("/diag/set-error", test_set_error);
  return g_test_run ();
}
