/* number-format.h — how every output file prints a number.
 *
 * Owns: the text of a double (the shortest that reads back exactly, whole
 * numbers without fraction or exponent), rounding to significant decimal
 * digits, and exact seconds from integer microseconds.  JSON and CSV
 * writers both print through here, so a figure reads the same in every
 * file.  Never uses the locale.  Does not decide what a non-finite value
 * becomes: that is the writer's format (null in JSON, nan/inf in CSV).
 */
#ifndef MF_NUMBER_FORMAT_H
#define MF_NUMBER_FORMAT_H

#include <glib.h>

G_BEGIN_DECLS

/* Room for any text mf_number_format_shortest writes. */
#define MF_NUMBER_BUF G_ASCII_DTOSTR_BUF_SIZE
/* Integer-valued doubles below this print without an exponent. */
#define MF_NUMBER_PLAIN_INTEGER_MAX 1e15

double mf_number_round_significant (double x, int digits);
void mf_number_format_shortest (char buf[MF_NUMBER_BUF], double x);
void mf_number_append_seconds_us (GString *s, gint64 us);

G_END_DECLS

#endif /* MF_NUMBER_FORMAT_H */
