/* number-format.h — how every output file prints a number.
 *
 * Owns: the text of a double (the shortest that reads back exactly, or a
 * given number of significant digits; always plain decimal, never an
 * exponent: 0.0000001, not 1e-07), rounding to significant decimal digits,
 * and exact seconds from integer microseconds.  JSON and CSV
 * writers both print through here, so a figure reads the same in every
 * file.  Never uses the locale.  Does not decide what a non-finite value
 * becomes: that is the writer's format (null in JSON, nan/inf in CSV).
 */
#ifndef MF_NUMBER_FORMAT_H
#define MF_NUMBER_FORMAT_H

#include <glib.h>

G_BEGIN_DECLS

/* Room for any text the formatters below write: numbers are never
 * printed with an exponent, and a double's largest value has 309 digits. */
#define MF_NUMBER_BUF 400
/* Integer-valued doubles below this print without an exponent. */
#define MF_NUMBER_PLAIN_INTEGER_MAX 1e15

double mf_number_round_significant (double x, int digits);
void mf_number_format_shortest (char buf[MF_NUMBER_BUF], double x);
const char *mf_number_format_significant (char buf[MF_NUMBER_BUF], double x, int digits);
/* For printf arguments: the text of @x to @digits significant digits, in
 * a buffer that lives until the end of the enclosing block. */
#define MF_NUMBER_SIG(x, digits) \
  mf_number_format_significant ((char[MF_NUMBER_BUF]) { 0 }, (x), (digits))
void mf_number_append_seconds_us (GString *s, gint64 us);

G_END_DECLS

#endif /* MF_NUMBER_FORMAT_H */
