/* diag.h — a collector of FILE:LINE: diagnostics for one input file.
 *
 * Owns: the list of errors and warnings found while reading a file, their
 * order and their limit; and the one "FILE:LINE: message" layout, also for
 * readers that stop at the first error (mf_diag_set_error).  Errors past MF_DIAG_MAX_ERRORS are counted, not
 * kept, so a hostile file cannot make a huge report.  Line 0 means "no line
 * is to blame" and prints as "FILE: message".
 */
#ifndef MF_DIAG_H
#define MF_DIAG_H

#include <glib.h>
#include <stdarg.h>

G_BEGIN_DECLS

#define MF_DIAG_MAX_ERRORS 20

typedef struct _MfDiag MfDiag;

MfDiag *mf_diag_new (const char *path);
void mf_diag_free (MfDiag *diag);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfDiag, mf_diag_free)

void mf_diag_error (MfDiag *diag, int line, const char *format, ...) G_GNUC_PRINTF (3, 4);
void mf_diag_warning (MfDiag *diag, int line, const char *format, ...) G_GNUC_PRINTF (3, 4);
guint mf_diag_n_errors (const MfDiag *diag);
/* Errors sorted by line (stable; line 0 last), one "FILE:LINE: message" per line, with a
 * last line saying how many more there were when the limit was hit.
 * (transfer full) */
char *mf_diag_errors_text (const MfDiag *diag);
/* Warnings in the order found, "FILE:LINE: warning: message".  (transfer none) */
const GPtrArray *mf_diag_warnings (const MfDiag *diag);

/* For readers that stop at the first error: set @error in (@domain,
 * @code) to "PATH:LINE: message", or "PATH: message" when @line is 0. */
void mf_diag_set_error (GError **error, GQuark domain, int code, const char *path, guint line,
                        const char *format, ...) G_GNUC_PRINTF (6, 7);
void mf_diag_set_error_valist (GError **error, GQuark domain, int code, const char *path,
                               guint line, const char *format, va_list ap) G_GNUC_PRINTF (6, 0);

G_END_DECLS

#endif /* MF_DIAG_H */
