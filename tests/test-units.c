/* test-units.c — the value parsers of units.c: every valid form, each
 * invalid form, boundaries and overflow, table-driven.  Schedules, address
 * spaces and distributions are in test-schedule.c, test-address-space.c and
 * test-dist.c. */
#include "base/units.h"

#include <math.h>

typedef struct {
  const char *text;
  gboolean want_ok;
  gint64 want;
  int want_code; /* MfUnitsError when !want_ok */
} IntCase;

static void
test_duration (void)
{
  static const IntCase cases[] = {
    { "250ms", TRUE, 250000, 0 },
    { "30s", TRUE, 30000000, 0 },
    { "10m", TRUE, 600000000, 0 },
    { "2h", TRUE, 7200000000, 0 },
    { "2d", TRUE, 172800000000, 0 },
    { "1h30m", TRUE, 5400000000, 0 },
    { "1h 30m", TRUE, 5400000000, 0 },
    { "1d2h3m4s5ms", TRUE, 93784005000, 0 },
    { "45", TRUE, 45000000, 0 },
    { "0.5", TRUE, 500000, 0 },
    { "1.5s", TRUE, 1500000, 0 },
    { "0", TRUE, 0, 0 },
    { "0s", TRUE, 0, 0 },
    { "7us", TRUE, 7, 0 },
    { "3650d", TRUE, 3650 * MF_US_PER_DAY, 0 },
    { "3650d1us", FALSE, 0, MF_UNITS_ERROR_RANGE },
    { "99999999999999999999d", FALSE, 0, MF_UNITS_ERROR_RANGE },
    { "123456789012345678901234567890123s", FALSE, 0, MF_UNITS_ERROR_SYNTAX },
    { "-5s", FALSE, 0, MF_UNITS_ERROR_RANGE },
    { "", FALSE, 0, MF_UNITS_ERROR_SYNTAX },
    { "s", FALSE, 0, MF_UNITS_ERROR_SYNTAX },
    { "5x", FALSE, 0, MF_UNITS_ERROR_SYNTAX },
    { "5 10m", FALSE, 0, MF_UNITS_ERROR_SYNTAX },
    { "10m 5", FALSE, 0, MF_UNITS_ERROR_SYNTAX },
    { "1e3s", FALSE, 0, MF_UNITS_ERROR_SYNTAX },
    { "inf", FALSE, 0, MF_UNITS_ERROR_SYNTAX },
    { "nan", FALSE, 0, MF_UNITS_ERROR_SYNTAX },
    { "0x10s", FALSE, 0, MF_UNITS_ERROR_SYNTAX },
    { ".5s", FALSE, 0, MF_UNITS_ERROR_SYNTAX },
    { "5.s", FALSE, 0, MF_UNITS_ERROR_SYNTAX },
    { "5mss", FALSE, 0, MF_UNITS_ERROR_SYNTAX },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) err = NULL;
      gint64 us = -1;
      gboolean ok = mf_parse_duration (cases[i].text, &us, &err);
      g_test_message ("duration '%s'", cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].want_ok);
      if (ok)
        g_assert_cmpint (us, ==, cases[i].want);
      else
        g_assert_error (err, MF_UNITS_ERROR, cases[i].want_code);
    }
}

static void
test_size (void)
{
  static const struct { const char *text; gboolean want_ok; guint64 want; } cases[] = {
    { "512B", TRUE, 512 },
    { "25KB", TRUE, 25600 },
    { "25kb", TRUE, 25600 },
    { "10MB", TRUE, 10485760 },
    { "1GB", TRUE, 1073741824 },
    { "1TB", TRUE, G_GUINT64_CONSTANT (1099511627776) },
    { "1.5KB", TRUE, 1536 },
    { "100", TRUE, 100 },
    { "4K", TRUE, 4096 },
    { "unlimited", TRUE, MF_SIZE_UNLIMITED },
    { "0B", TRUE, 0 },
    { "1025GB", FALSE, 0 },
    { "2TB", FALSE, 0 },
    { "-1KB", FALSE, 0 },
    { "KB", FALSE, 0 },
    { "10 XB", FALSE, 0 },
    { "10KBB", FALSE, 0 },
    { "", FALSE, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) err = NULL;
      guint64 v = 0;
      gboolean ok = mf_parse_size (cases[i].text, &v, &err);
      g_test_message ("size '%s'", cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].want_ok);
      if (ok)
        g_assert_cmpuint (v, ==, cases[i].want);
      else
        g_assert_nonnull (err);
    }
}

static void
test_bandwidth (void)
{
  static const struct { const char *text; gboolean want_ok; guint64 want; } cases[] = {
    { "64kbit", TRUE, 64000 },
    { "1544kbit", TRUE, 1544000 },
    { "2Mbit", TRUE, 2000000 },
    { "1Gbit", TRUE, 1000000000 },
    { "100bit", TRUE, 100 },
    { "10Mbps", TRUE, 10000000 },
    { "1.5Mbit", TRUE, 1500000 },
    { "unlimited", TRUE, MF_BANDWIDTH_UNLIMITED },
    { "1000Gbit", TRUE, G_GUINT64_CONSTANT (1000000000000) },
    { "1001Gbit", FALSE, 0 },
    { "0kbit", FALSE, 0 },
    { "0.5bit", FALSE, 0 },
    { "64", FALSE, 0 },
    { "64kb", FALSE, 0 },
    { "fast", FALSE, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) err = NULL;
      guint64 v = 0;
      gboolean ok = mf_parse_bandwidth (cases[i].text, &v, &err);
      g_test_message ("bandwidth '%s'", cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].want_ok);
      if (ok)
        g_assert_cmpuint (v, ==, cases[i].want);
      else
        g_assert_nonnull (err);
    }
}

static void
test_rate (void)
{
  static const struct { const char *text; gboolean want_ok; double want; } cases[] = {
    { "1200/h", TRUE, 1200.0 / 3600.0 },
    { "20/m", TRUE, 20.0 / 60.0 },
    { "20/min", TRUE, 20.0 / 60.0 },
    { "0.5/s", TRUE, 0.5 },
    { "40/day", TRUE, 40.0 / 86400.0 },
    { "40 / d", TRUE, 40.0 / 86400.0 },
    { "0/h", TRUE, 0.0 },
    { "1000000/s", TRUE, 1e6 },
    { "1000001/s", FALSE, 0 },
    { "-1/s", FALSE, 0 },
    { "10", FALSE, 0 },
    { "10/", FALSE, 0 },
    { "10/week", FALSE, 0 },
    { "/s", FALSE, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) err = NULL;
      double v = -1;
      gboolean ok = mf_parse_rate (cases[i].text, &v, &err);
      g_test_message ("rate '%s'", cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].want_ok);
      if (ok)
        g_assert_cmpfloat_with_epsilon (v, cases[i].want, 1e-12);
      else
        g_assert_nonnull (err);
    }
}

static void
test_share_int_bool (void)
{
  double f;
  gint64 v;
  guint64 u;
  gboolean b;
  GError *err = NULL;

  g_assert_true (mf_parse_share ("10%", &f, NULL));
  g_assert_cmpfloat_with_epsilon (f, 0.10, 1e-12);
  g_assert_true (mf_parse_share ("0%", &f, NULL));
  g_assert_true (mf_parse_share ("100%", &f, NULL));
  g_assert_cmpfloat (f, ==, 1.0);
  g_assert_true (mf_parse_share ("12.5 %", &f, NULL));
  g_assert_false (mf_parse_share ("100.1%", &f, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE);
  g_clear_error (&err);
  g_assert_false (mf_parse_share ("10", &f, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX);
  g_clear_error (&err);
  g_assert_false (mf_parse_share ("-1%", &f, NULL));

  g_assert_true (mf_parse_int ("42", 1, 100, &v, NULL));
  g_assert_cmpint (v, ==, 42);
  g_assert_true (mf_parse_int ("1", 1, 100, &v, NULL));
  g_assert_true (mf_parse_int ("100", 1, 100, &v, NULL));
  g_assert_false (mf_parse_int ("0", 1, 100, &v, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE);
  g_assert_cmpstr (err->message, ==, "0 is out of range 1..100");
  g_clear_error (&err);
  g_assert_false (mf_parse_int ("101", 1, 100, &v, NULL));
  g_assert_true (mf_parse_int ("-5", -10, 10, &v, NULL));
  g_assert_cmpint (v, ==, -5);
  g_assert_true (mf_parse_int ("9223372036854775807", 0, G_MAXINT64, &v, NULL));
  g_assert_cmpint (v, ==, G_MAXINT64);
  /* Overflow is reported as out of range, never wraps. */
  g_assert_false (mf_parse_int ("99999999999999999999999", 0, G_MAXINT64 - 1, &v, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE);
  g_clear_error (&err);
  g_assert_false (mf_parse_int ("9223372036854775808", 0, G_MAXINT64, &v, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE);
  g_assert_cmpstr (err->message, ==, "9223372036854775808 is out of range 0..9223372036854775807");
  g_clear_error (&err);
  g_assert_true (mf_parse_int ("+7", 0, 100, &v, NULL));
  g_assert_cmpint (v, ==, 7);
  g_assert_false (mf_parse_int (" 7", 0, 100, &v, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX);
  g_assert_cmpstr (err->message, ==, "' 7' is not a whole number");
  g_clear_error (&err);
  g_assert_false (mf_parse_int ("12a", 0, 100, &v, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX);
  g_clear_error (&err);
  g_assert_false (mf_parse_int ("", 0, 100, &v, NULL));
  g_assert_false (mf_parse_int ("1.5", 0, 100, &v, NULL));

  g_assert_true (mf_parse_uint ("18446744073709551615", 0, G_MAXUINT64, &u, NULL));
  g_assert_cmpuint (u, ==, G_MAXUINT64);
  g_assert_false (mf_parse_uint ("18446744073709551616", 0, G_MAXUINT64, &u, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE);
  g_assert_cmpstr (err->message, ==, "18446744073709551616 is out of range 0..18446744073709551615");
  g_clear_error (&err);
  g_assert_false (mf_parse_uint ("101", 1, 100, &u, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE);
  g_assert_cmpstr (err->message, ==, "101 is out of range 1..100");
  g_clear_error (&err);
  g_assert_false (mf_parse_uint ("-1", 0, 100, &u, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX);
  g_assert_cmpstr (err->message, ==, "'-1' is not a whole number");
  g_clear_error (&err);
  g_assert_false (mf_parse_uint ("", 0, 100, &u, NULL));

  g_assert_true (mf_parse_bool ("true", &b, NULL) && b);
  g_assert_true (mf_parse_bool ("Yes", &b, NULL) && b);
  g_assert_true (mf_parse_bool ("false", &b, NULL) && !b);
  g_assert_true (mf_parse_bool ("0", &b, NULL) && !b);
  g_assert_false (mf_parse_bool ("maybe", &b, NULL));
}

static void
test_time_of_week (void)
{
  gint64 t;
  MfTimeKind kind;
  g_autoptr (GError) error = NULL;

  g_assert_true (mf_parse_time_of_week ("Mon 09:30", &t, &kind, NULL));
  g_assert_cmpint (kind, ==, MF_TIME_OF_WEEK);
  g_assert_cmpint (t, ==, 9 * MF_US_PER_HOUR + 30 * MF_US_PER_MINUTE);
  g_assert_true (mf_parse_time_of_week ("sun 23:59", &t, &kind, NULL));
  g_assert_cmpint (t, ==, 6 * MF_US_PER_DAY + 23 * MF_US_PER_HOUR + 59 * MF_US_PER_MINUTE);
  g_assert_true (mf_parse_time_of_week ("Wednesday 7:05", &t, &kind, NULL));
  g_assert_cmpint (t, ==, 2 * MF_US_PER_DAY + 7 * MF_US_PER_HOUR + 5 * MF_US_PER_MINUTE);
  g_assert_true (mf_parse_time_of_week ("2h", &t, &kind, NULL));
  g_assert_cmpint (kind, ==, MF_TIME_AFTER_START);
  g_assert_cmpint (t, ==, 2 * MF_US_PER_HOUR);
  g_assert_false (mf_parse_time_of_week ("Mon 24:00", &t, &kind, NULL));
  g_assert_false (mf_parse_time_of_week ("Mon 09:60", &t, &kind, NULL));
  g_assert_false (mf_parse_time_of_week ("Mon", &t, &kind, NULL));
  g_assert_false (mf_parse_time_of_week ("Mun 09:00", &t, &kind, NULL));
  g_assert_false (mf_parse_time_of_week ("Mon 9:5", &t, &kind, NULL));
  g_assert_false (mf_parse_time_of_week ("Mon 09:300", &t, &kind, NULL));

  /* A clock time alone: that time of day (on the run's first day). */
  g_assert_true (mf_parse_time_of_week ("09:30", &t, &kind, NULL));
  g_assert_cmpint (kind, ==, MF_TIME_OF_DAY);
  g_assert_cmpint (t, ==, 9 * MF_US_PER_HOUR + 30 * MF_US_PER_MINUTE);
  g_assert_false (mf_parse_time_of_week ("25:00", &t, &kind, NULL));
  /* 0 is the start; any other bare number is ambiguous and says both
   * readings. */
  g_assert_true (mf_parse_time_of_week ("0", &t, &kind, NULL));
  g_assert_cmpint (kind, ==, MF_TIME_AFTER_START);
  g_assert_cmpint (t, ==, 0);
  g_assert_false (mf_parse_time_of_week ("12", &t, &kind, &error));
  g_assert_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_AMBIGUOUS);
  g_assert_cmpstr (error->message, ==,
                   "'12' has no unit: write 12s for 12 seconds after the start, or a clock "
                   "time such as 12:00");
  g_clear_error (&error);
  g_assert_false (mf_parse_time_of_week ("90", &t, &kind, &error));
  g_assert_cmpstr (error->message, ==,
                   "'90' has no unit: write 90s for 90 seconds after the start, or a clock "
                   "time such as 12:00");
  g_clear_error (&error);

  /* From the start of the run: the first moment at or after it. */
  g_assert_cmpint (mf_time_point_after_start (2 * MF_US_PER_HOUR, MF_TIME_AFTER_START,
                                              8 * MF_US_PER_HOUR), ==, 2 * MF_US_PER_HOUR);
  g_assert_cmpint (mf_time_point_after_start (9 * MF_US_PER_HOUR, MF_TIME_OF_DAY,
                                              MF_US_PER_DAY + 8 * MF_US_PER_HOUR), ==,
                   MF_US_PER_HOUR);
  g_assert_cmpint (mf_time_point_after_start (7 * MF_US_PER_HOUR, MF_TIME_OF_DAY,
                                              MF_US_PER_DAY + 8 * MF_US_PER_HOUR), ==,
                   23 * MF_US_PER_HOUR);
  g_assert_cmpint (mf_time_point_after_start (MF_US_PER_HOUR, MF_TIME_OF_WEEK,
                                              MF_US_PER_DAY), ==, 6 * MF_US_PER_DAY + MF_US_PER_HOUR);
}

static void
test_format (void)
{
  g_autofree char *a = mf_format_duration (5400 * MF_US_PER_SECOND);
  g_autofree char *b = mf_format_duration (0);
  g_autofree char *c = mf_format_size (25600);
  g_autofree char *d = mf_format_bandwidth (2000000);
  g_autofree char *e = mf_format_number (0.000462962962963);
  g_autofree char *f = mf_format_number (40);
  g_assert_cmpstr (a, ==, "1h30m");
  g_assert_cmpstr (b, ==, "0s");
  g_assert_cmpstr (c, ==, "25KB");
  g_assert_cmpstr (d, ==, "2Mbit");
  g_assert_cmpstr (e, ==, "0.000462962963");
  g_assert_cmpstr (f, ==, "40");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/units/duration", test_duration);
  g_test_add_func ("/units/size", test_size);
  g_test_add_func ("/units/bandwidth", test_bandwidth);
  g_test_add_func ("/units/rate", test_rate);
  g_test_add_func ("/units/share-int-bool", test_share_int_bool);
  g_test_add_func ("/units/time-of-week", test_time_of_week);
  g_test_add_func ("/units/format", test_format);
  return g_test_run ();
}
