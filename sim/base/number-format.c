/* number-format.c — the text of numbers in output files (number-format.h).
 *
 * Decimal, not binary, rounding: the digits printed are the digits kept.
 * Shortest round trip is found by trying precisions 1..17 in turn; 17
 * always round-trips an IEEE double, so the loop always ends with a match.
 */
#include "base/number-format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* Rewrites %g's output in @buf without its exponent, if it has one:
 * "1.5e-07" -> "0.00000015", "2e+20" -> "200000000000000000000". */
static void
expand_exponent (char buf[MF_NUMBER_BUF])
{
  char *e = strchr (buf, 'e');
  char digits[MF_NUMBER_BUF], out[MF_NUMBER_BUF];
  const char *p = buf;
  gsize n = 0, o = 0;
  int int_digits = 0, exponent, point;
  gboolean negative = FALSE, in_fraction = FALSE;

  if (e == NULL)
    return;
  exponent = atoi (e + 1);
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  for (; p < e; p++)
    {
      if (*p == '.')
        in_fraction = TRUE;
      else if (n < sizeof digits - 1)
        {
          digits[n++] = *p;
          int_digits += !in_fraction;
        }
    }
  while (n > 1 && digits[n - 1] == '0' && (int) n > int_digits)
    n--; /* trailing zeros of the fraction */
  point = int_digits + exponent; /* digits before the decimal point */
  if (negative)
    out[o++] = '-';
  if (point <= 0)
    {
      out[o++] = '0';
      out[o++] = '.';
      for (int i = 0; i < -point && o < sizeof out - 2; i++)
        out[o++] = '0';
      for (gsize i = 0; i < n && o < sizeof out - 1; i++)
        out[o++] = digits[i];
    }
  else
    {
      for (int i = 0; i < point && o < sizeof out - 2; i++)
        out[o++] = (gsize) i < n ? digits[i] : '0';
      if ((gsize) point < n)
        {
          out[o++] = '.';
          for (gsize i = (gsize) point; i < n && o < sizeof out - 1; i++)
            out[o++] = digits[i];
        }
    }
  out[o] = '\0';
  memcpy (buf, out, o + 1);
}

/**
 * mf_number_format_significant:
 * @digits: significant decimal digits, 1..17
 *
 * Writes @x rounded to @digits significant digits into @buf, as %g would
 * but never with an exponent; non-finite values as "nan", "inf", "-inf".
 *
 * Returns: @buf
 */
const char *
mf_number_format_significant (char buf[MF_NUMBER_BUF], double x, int digits)
{
  g_return_val_if_fail (digits >= 1 && digits <= (int) G_N_ELEMENTS (precision_formats), "");
  if (!isfinite (x))
    {
      g_strlcpy (buf, isnan (x) ? "nan" : x > 0 ? "inf" : "-inf", MF_NUMBER_BUF);
      return buf;
    }
  g_ascii_formatd (buf, MF_NUMBER_BUF, precision_formats[digits - 1], x + 0.0);
  expand_exponent (buf);
  return buf;
}

/**
 * mf_number_format_shortest:
 * @x: a finite double
 *
 * Writes into @buf the shortest text that g_ascii_strtod reads back as
 * exactly @x, in plain decimal ("60", not "6e+01"; "0.0000001", not
 * "1e-07"); -0 as "0".
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
        {
          expand_exponent (buf);
          return;
        }
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
