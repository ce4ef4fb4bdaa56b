/* number-format.c — the text of numbers in output files (number-format.h).
 *
 * Decimal, not binary, rounding: the digits printed are the digits kept.
 * Shortest round trip is found by trying precisions 1..17 in turn; 17
 * always round-trips an IEEE double, so the loop always ends with a match.
 */
#include "base/number-format.h"

#include <math.h>

#include "base/units.h"

static const char *const precision_formats[] = {
  "%.1g", "%.2g", "%.3g", "%.4g", "%.5g", "%.6g", "%.7g", "%.8g", "%.9g",
  "%.10g", "%.11g", "%.12g", "%.13g", "%.14g", "%.15g", "%.16g", "%.17g",
};

/**
 * mf_number_round_significant:
 * @digits: significant decimal digits kept, 1..17
 *
 * Returns: @x rounded to @digits significant decimal digits; -0 becomes 0;
 *   non-finite values are returned as they are.
 */
double
mf_number_round_significant (double x, int digits)
{
  char buf[MF_NUMBER_BUF];

  g_return_val_if_fail (digits >= 1 && digits <= (int) G_N_ELEMENTS (precision_formats), x);
  if (!isfinite (x) || x == 0.0)
    return x + 0.0; /* + 0.0 turns -0 into 0 */
  g_ascii_formatd (buf, sizeof buf, precision_formats[digits - 1], x);
  return g_ascii_strtod (buf, NULL) + 0.0;
}

/**
 * mf_number_format_shortest:
 * @x: a finite double
 *
 * Writes into @buf the shortest text that g_ascii_strtod reads back as
 * exactly @x; whole numbers below MF_NUMBER_PLAIN_INTEGER_MAX without a
 * fraction or exponent ("60", not "6e+01"); -0 as "0".
 */
void
mf_number_format_shortest (char buf[MF_NUMBER_BUF], double x)
{
  x += 0.0;
  if (x == floor (x) && fabs (x) < MF_NUMBER_PLAIN_INTEGER_MAX)
    {
      g_ascii_formatd (buf, MF_NUMBER_BUF, "%.0f", x);
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (precision_formats); i++)
    {
      g_ascii_formatd (buf, MF_NUMBER_BUF, precision_formats[i], x);
      if (g_ascii_strtod (buf, NULL) == x) /* exact round trip is the point */
        return;
    }
}

/**
 * mf_number_append_seconds_us:
 *
 * Appends @us microseconds as exact decimal seconds: 60000000 → "60",
 * 1500 → "0.0015", -1 → "-0.000001".  No rounding: the text is exact.
 */
void
mf_number_append_seconds_us (GString *s, gint64 us)
{
  guint64 mag = us < 0 ? (guint64) -(us + 1) + 1 : (guint64) us;
  guint64 whole = mag / (guint64) MF_US_PER_SECOND;
  guint64 frac = mag % (guint64) MF_US_PER_SECOND;

  g_return_if_fail (s != NULL);
  g_string_append_printf (s, "%s%" G_GUINT64_FORMAT, us < 0 ? "-" : "", whole);
  if (frac != 0)
    {
      char digits[8];
      g_snprintf (digits, sizeof digits, "%06" G_GUINT64_FORMAT, frac);
      for (int i = 5; i > 0 && digits[i] == '0'; i--)
        digits[i] = '\0';
      g_string_append_c (s, '.');
      g_string_append (s, digits);
    }
}
