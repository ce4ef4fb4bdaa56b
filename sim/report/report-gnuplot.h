/* report-gnuplot.h — the gnuplot language and the gnuplot process.
 *
 * Owns: string literals that no input can break out of (mf_gp_quote),
 * numbers written without the locale, finding the gnuplot program, and
 * running one script with g_spawn_sync and an argument vector — never a
 * shell — in the report directory, with gnuplot's init files ignored.
 * TRUST: names from the run's files and the topology are untrusted.  In a
 * script they appear only through mf_gp_quote; data files hold numbers only.
 */
#ifndef MF_REPORT_GNUPLOT_H
#define MF_REPORT_GNUPLOT_H

#include <glib.h>

G_BEGIN_DECLS

/* The Debian package that provides the gnuplot the report needs. */
#define MF_REPORT_GNUPLOT_PACKAGE "gnuplot-nox"
/* Bytes of gnuplot's stderr quoted in an error message. */
#define MF_GP_MAX_ERROR_BYTES 2000

char *mf_gp_quote (const char *text);
void mf_gp_append_quoted (GString *s, const char *text);
void mf_gp_append_number (GString *s, double v);
char *mf_gp_number (double v);

char *mf_gp_find (const char *program, GError **error);
gboolean mf_gp_run (const char *gnuplot, const char *dir, const char *script, GBytes **image,
                    GError **error);

G_END_DECLS

#endif /* MF_REPORT_GNUPLOT_H */
