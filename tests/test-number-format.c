/* test-number-format.c — numbers in every output are plain decimal, never
 * an exponent (base/number-format.h): the shortest exact text, and a
 * given number of significant digits for terminal and report text. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "base/number-format.h"

static void
test_shortest (void)
{
  static const struct {
    double x;
    const char *want;
  } cases[] = {
    { 0.0, "0" },          { -0.0, "0" },         { 60.0, "60" },
    { 0.1, "0.1" },        { 1e-7, "0.0000001" }, { -1.5e-7, "-0.00000015" },
    { 2.5e-5, "0.000025" }, { 1e16, "10000000000000000" }, { 1.5e17, "150000000000000000" },
    { 1e21, "1000000000000000000000" },
  };
  char buf[MF_NUMBER_BUF];

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      mf_number_format_shortest (buf, cases[i].x);
      g_assert_cmpstr (buf, ==, cases[i].want);
      g_assert_true (g_ascii_strtod (buf, NULL) == cases[i].x);
    }
  /* The extremes read back exactly, without an exponent. */
  mf_number_format_shortest (buf, 5e-324);
  g_assert_null (strpbrk (buf, "eE"));
  g_assert_true (g_ascii_strtod (buf, NULL) == 5e-324);
  mf_number_format_shortest (buf, -1.7976931348623157e308);
  g_assert_null (strpbrk (buf, "eE"));
  g_assert_true (g_ascii_strtod (buf, NULL) == -1.7976931348623157e308);
}

static void
test_significant (void)
{
  g_assert_cmpstr (MF_NUMBER_SIG (3.14159, 3), ==, "3.14");
  g_assert_cmpstr (MF_NUMBER_SIG (1234.0, 3), ==, "1230");
  g_assert_cmpstr (MF_NUMBER_SIG (0.000012345, 3), ==, "0.0000123");
  g_assert_cmpstr (MF_NUMBER_SIG (-98765432.0, 2), ==, "-99000000");
  g_assert_cmpstr (MF_NUMBER_SIG (2.0, 4), ==, "2");
  g_assert_cmpstr (MF_NUMBER_SIG (0.5, 4), ==, "0.5");
  g_assert_cmpstr (MF_NUMBER_SIG (NAN, 3), ==, "nan");
  g_assert_cmpstr (MF_NUMBER_SIG (-INFINITY, 3), ==, "-inf");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/number-format/shortest", test_shortest);
  g_test_add_func ("/number-format/significant", test_significant);
  return g_test_run ();
}
