/* test-schedule.c — weekly schedules (model/schedule.c): every valid form,
 * each invalid form, wrapping windows and days. */
#include "model/schedule.h"

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schedule/parse", test_schedule);
  return g_test_run ();
}
