/* report-template.h — the report's templates, compiled into the binary.
 *
 * Owns: looking up reports/NAME (embedded by tests/embed.sh into the
 * generated templates.h) and filling its {{KEY}} placeholders.  Values are
 * inserted as they are: the caller escapes them for the template's language
 * (mf_gp_quote for gnuplot, mf_html_escape for HTML).  A placeholder without
 * a value is an error, never an empty string, so a template and the code
 * that fills it cannot drift apart silently.
 */
#ifndef MF_REPORT_TEMPLATE_H
#define MF_REPORT_TEMPLATE_H

#include <glib.h>

G_BEGIN_DECLS

/* Placeholder keys: {{ then 1..MF_TEMPLATE_MAX_KEY of [A-Z0-9_] then }}. */
#define MF_TEMPLATE_MAX_KEY 64

const char *mf_template_get (const char *name, gsize *len);

GHashTable *mf_template_vars_new (void);
void mf_template_set (GHashTable *vars, const char *key, const char *value);
void mf_template_take (GHashTable *vars, const char *key, char *value);
void mf_template_set_printf (GHashTable *vars, const char *key, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

char *mf_template_expand_text (const char *name, const char *text, gsize len,
                               GHashTable *vars, GError **error);
char *mf_template_expand (const char *name, GHashTable *vars, GError **error);

G_END_DECLS

#endif /* MF_REPORT_TEMPLATE_H */
