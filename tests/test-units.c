/* test-units.c — the value parsers of units.c: every valid form, each
 * invalid form, boundaries and overflow, table-driven. */
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
  /* Overflow saturates and is reported as out of range, never wraps. */
  g_assert_false (mf_parse_int ("99999999999999999999999", 0, G_MAXINT64 - 1, &v, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE);
  g_clear_error (&err);
  g_assert_false (mf_parse_int ("12a", 0, 100, &v, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX);
  g_clear_error (&err);
  g_assert_false (mf_parse_int ("", 0, 100, &v, NULL));
  g_assert_false (mf_parse_int ("1.5", 0, 100, &v, NULL));

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
  gboolean weekday;

  g_assert_true (mf_parse_time_of_week ("Mon 09:30", &t, &weekday, NULL));
  g_assert_true (weekday);
  g_assert_cmpint (t, ==, 9 * MF_US_PER_HOUR + 30 * MF_US_PER_MINUTE);
  g_assert_true (mf_parse_time_of_week ("sun 23:59", &t, &weekday, NULL));
  g_assert_cmpint (t, ==, 6 * MF_US_PER_DAY + 23 * MF_US_PER_HOUR + 59 * MF_US_PER_MINUTE);
  g_assert_true (mf_parse_time_of_week ("Wednesday 7:05", &t, &weekday, NULL));
  g_assert_cmpint (t, ==, 2 * MF_US_PER_DAY + 7 * MF_US_PER_HOUR + 5 * MF_US_PER_MINUTE);
  g_assert_true (mf_parse_time_of_week ("2h", &t, &weekday, NULL));
  g_assert_false (weekday);
  g_assert_cmpint (t, ==, 2 * MF_US_PER_HOUR);
  g_assert_false (mf_parse_time_of_week ("Mon 24:00", &t, &weekday, NULL));
  g_assert_false (mf_parse_time_of_week ("Mon 09:60", &t, &weekday, NULL));
  g_assert_false (mf_parse_time_of_week ("Mon", &t, &weekday, NULL));
  g_assert_false (mf_parse_time_of_week ("Mun 09:00", &t, &weekday, NULL));
  g_assert_false (mf_parse_time_of_week ("Mon 9:5", &t, &weekday, NULL));
  g_assert_false (mf_parse_time_of_week ("Mon 09:300", &t, &weekday, NULL));
}

static void
test_schedule (void)
{
  MfSchedule s;
  GError *err = NULL;

  g_assert_true (mf_parse_schedule ("always", &s, NULL));
  g_assert_true (mf_schedule_is_always (&s));
  g_assert_true (mf_schedule_open_at (&s, 0));
  g_assert_true (mf_schedule_open_at (&s, MF_MINUTES_PER_WEEK - 1));
  mf_schedule_clear (&s);

  g_assert_true (mf_parse_schedule ("never", &s, NULL));
  g_assert_true (mf_schedule_is_never (&s));
  g_assert_false (mf_schedule_open_at (&s, 100));
  mf_schedule_clear (&s);

  /* Weeknights past midnight plus whole weekends: one window from Friday
   * 18:00 to Monday 07:00 (merged), and Mon–Thu 18:00 to 07:00 next day. */
  g_assert_true (mf_parse_schedule ("Mon-Fri 18:00-07:00, Sat-Sun 00:00-24:00", &s, NULL));
  g_assert_false (mf_schedule_open_at (&s, 0));            /* Mon 00:00: closed */
  g_assert_false (mf_schedule_open_at (&s, 7 * 60));       /* Mon 07:00 */
  g_assert_true (mf_schedule_open_at (&s, 18 * 60));       /* Mon 18:00 */
  g_assert_true (mf_schedule_open_at (&s, 1440 + 6 * 60)); /* Tue 06:00 */
  g_assert_false (mf_schedule_open_at (&s, 1440 + 12 * 60));
  g_assert_true (mf_schedule_open_at (&s, 5 * 1440 + 12 * 60)); /* Sat noon */
  g_assert_true (mf_schedule_open_at (&s, 6 * 1440 + 23 * 60)); /* Sun 23:00 */
  g_assert_cmpuint (s.n_windows, ==, 5);
  g_assert_cmpuint (s.windows[4].start_min, ==, 4 * 1440 + 18 * 60);
  g_assert_cmpuint (s.windows[4].end_min, ==, MF_MINUTES_PER_WEEK);
  mf_schedule_clear (&s);

  /* Sunday night wraps to Monday morning. */
  g_assert_true (mf_parse_schedule ("Sun 22:00-02:00", &s, NULL));
  g_assert_true (mf_schedule_open_at (&s, 60));
  g_assert_true (mf_schedule_open_at (&s, 6 * 1440 + 23 * 60));
  g_assert_false (mf_schedule_open_at (&s, 3 * 60));
  mf_schedule_clear (&s);

  /* No days: every day. */
  g_assert_true (mf_parse_schedule ("01:00-02:00", &s, NULL));
  g_assert_cmpuint (s.n_windows, ==, 7);
  mf_schedule_clear (&s);

  g_assert_false (mf_parse_schedule ("Mon 10:00-10:00", &s, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE);
  g_clear_error (&err);
  g_assert_false (mf_parse_schedule ("Mon 25:00-26:00", &s, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX);
  g_clear_error (&err);
  g_assert_false (mf_parse_schedule ("Mon 10:00", &s, NULL));
  g_assert_false (mf_parse_schedule ("Mon-Fry 10:00-11:00", &s, NULL));
  g_assert_false (mf_parse_schedule ("Mon10:00-11:00", &s, NULL));
  g_assert_false (mf_parse_schedule ("Mon 10:00-11:00,", &s, NULL));
  g_assert_false (mf_parse_schedule ("sometimes", &s, NULL));
}

static void
test_address_space (void)
{
  MfAddressSpace as;
  GError *err = NULL;

  g_assert_true (mf_parse_address_space ("SMTP:* 10", &as, NULL));
  g_assert_cmpstr (as.pattern, ==, "*");
  g_assert_cmpint (as.cost, ==, 10);
  mf_address_space_clear (&as);
  g_assert_true (mf_parse_address_space ("smtp:*.Fabrikam.COM 5", &as, NULL));
  g_assert_cmpstr (as.pattern, ==, "*.fabrikam.com");
  g_assert_cmpint (as.cost, ==, 5);
  mf_address_space_clear (&as);
  g_assert_true (mf_parse_address_space ("fabrikam.com", &as, NULL));
  g_assert_cmpint (as.cost, ==, 1);
  mf_address_space_clear (&as);
  g_assert_false (mf_parse_address_space ("X400:c=US 1", &as, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX);
  g_clear_error (&err);
  g_assert_false (mf_parse_address_space ("SMTP:* 0", &as, &err));
  g_assert_error (err, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE);
  g_clear_error (&err);
  g_assert_false (mf_parse_address_space ("SMTP:* 101", &as, NULL));
  g_assert_false (mf_parse_address_space ("SMTP:bad..domain 1", &as, NULL));
  g_assert_false (mf_parse_address_space ("SMTP:**.com", &as, NULL));
  g_assert_false (mf_parse_address_space ("SMTP:", &as, NULL));

  /* Specificity: exact > longer wildcard > shorter wildcard > "*". */
  g_assert_cmpint (mf_address_space_match ("*", "mail.fabrikam.com"), ==, 0);
  g_assert_cmpint (mf_address_space_match ("*.com", "mail.fabrikam.com"), >, 0);
  g_assert_cmpint (mf_address_space_match ("*.fabrikam.com", "mail.fabrikam.com"), >,
                   mf_address_space_match ("*.com", "mail.fabrikam.com"));
  g_assert_cmpint (mf_address_space_match ("mail.fabrikam.com", "mail.fabrikam.com"), >,
                   mf_address_space_match ("*.fabrikam.com", "mail.fabrikam.com"));
  g_assert_cmpint (mf_address_space_match ("*.fabrikam.com", "fabrikam.com"), ==, -1);
  g_assert_cmpint (mf_address_space_match ("*.fabrikam.com", "xfabrikam.com"), ==, -1);
  g_assert_cmpint (mf_address_space_match ("fabrikam.com", "contoso.com"), ==, -1);
  g_assert_cmpint (mf_address_space_match ("fabrikam.com", "FABRIKAM.com"), >, 0);

  g_assert_true (mf_domain_is_valid ("a.b-c.example"));
  g_assert_false (mf_domain_is_valid ("-a.com"));
  g_assert_false (mf_domain_is_valid ("a-.com"));
  g_assert_false (mf_domain_is_valid ("a..com"));
  g_assert_false (mf_domain_is_valid ("a.com."));
  g_assert_false (mf_domain_is_valid (""));
  g_assert_false (mf_domain_is_valid ("a b.com"));
}

static void
test_dist (void)
{
  static const struct {
    const char *text;
    MfDistUnit unit;
    gboolean want_ok;
    MfDistKind kind;
    double a, b;
  } cases[] = {
    { "exp(5ms)", MF_DIST_UNIT_DURATION, TRUE, MF_DIST_EXP, 5000, 0 },
    { "const(0)", MF_DIST_UNIT_DURATION, TRUE, MF_DIST_CONST, 0, 0 },
    { "0", MF_DIST_UNIT_DURATION, TRUE, MF_DIST_CONST, 0, 0 },
    { "2s", MF_DIST_UNIT_DURATION, TRUE, MF_DIST_CONST, 2e6, 0 },
    { "uniform(1s, 3s)", MF_DIST_UNIT_DURATION, TRUE, MF_DIST_UNIFORM, 1e6, 3e6 },
    { "lognormal(25KB, 1.2)", MF_DIST_UNIT_SIZE, TRUE, MF_DIST_LOGNORMAL, 25600, 1.2 },
    { "25KB", MF_DIST_UNIT_SIZE, TRUE, MF_DIST_CONST, 25600, 0 },
    { "geometric(1.5)", MF_DIST_UNIT_COUNT, TRUE, MF_DIST_GEOMETRIC, 1.5, 0 },
    { "3", MF_DIST_UNIT_COUNT, TRUE, MF_DIST_CONST, 3, 0 },
    { "uniform(1,10)", MF_DIST_UNIT_COUNT, TRUE, MF_DIST_UNIFORM, 1, 10 },
    { "64000", MF_DIST_UNIT_COUNT, TRUE, MF_DIST_CONST, 64000, 0 },
    { "64001", MF_DIST_UNIT_COUNT, FALSE, 0, 0, 0 },
    { "0", MF_DIST_UNIT_COUNT, FALSE, 0, 0, 0 },
    { "1.5", MF_DIST_UNIT_COUNT, FALSE, 0, 0, 0 },
    { "geometric(0.5)", MF_DIST_UNIT_COUNT, FALSE, 0, 0, 0 },
    { "exp(2)", MF_DIST_UNIT_COUNT, FALSE, 0, 0, 0 },
    { "geometric(5ms)", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "exp(0)", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "uniform(3s,1s)", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "uniform(1s)", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "exp(1s,2s)", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "normal(1s)", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "exp(5ms", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "lognormal(25KB, 11)", MF_DIST_UNIT_SIZE, FALSE, 0, 0, 0 },
    { "lognormal(25KB, x)", MF_DIST_UNIT_SIZE, FALSE, 0, 0, 0 },
    { "unlimited", MF_DIST_UNIT_SIZE, FALSE, 0, 0, 0 },
    { "exp()", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) err = NULL;
      MfDist d;
      gboolean ok = mf_parse_dist (cases[i].text, cases[i].unit, &d, &err);
      g_test_message ("dist '%s'", cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].want_ok);
      if (!ok)
        {
          g_assert_nonnull (err);
          continue;
        }
      g_assert_cmpint (d.kind, ==, cases[i].kind);
      g_assert_cmpfloat_with_epsilon (d.a, cases[i].a, 1e-9);
      g_assert_cmpfloat_with_epsilon (d.b, cases[i].b, 1e-9);
      /* Printing and parsing again gives the same distribution. */
      {
        g_autofree char *text = mf_dist_to_string (&d, cases[i].unit);
        MfDist again;
        g_assert_true (mf_parse_dist (text, cases[i].unit, &again, NULL));
        g_assert_cmpint (again.kind, ==, d.kind);
        g_assert_cmpfloat_with_epsilon (again.a, d.a, 1e-6);
        g_assert_cmpfloat_with_epsilon (again.b, d.b, 1e-6);
      }
    }
  {
    MfDist d = { MF_DIST_LOGNORMAL, 100, 1.0 };
    g_assert_cmpfloat_with_epsilon (mf_dist_mean (&d), 100 * exp (0.5), 1e-9);
  }
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
  g_test_add_func ("/units/schedule", test_schedule);
  g_test_add_func ("/units/address-space", test_address_space);
  g_test_add_func ("/units/distribution", test_dist);
  g_test_add_func ("/units/format", test_format);
  return g_test_run ();
}
