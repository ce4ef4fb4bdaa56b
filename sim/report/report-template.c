/* report-template.c — embedded templates and {{KEY}} expansion (report-template.h).
 *
 * The only file that includes the generated templates.h: its arrays are
 * static, and one copy in the binary is enough.  Expansion is one pass
 * over the template; values are never rescanned, so a value that contains
 * "{{X}}" stays literal text.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-template.h"
#include "report/report-format.h"

#include <string.h>

#include "templates.h"

/**
 * mf_template_get:
 * @name: a file name of reports/ ("queues.gp")
 * @len: (out) (optional): its length
 *
 * Returns: (transfer none) (nullable): the template's text (NUL-terminated),
 *   or NULL when there is no such template.  O(templates).
 */
const char *
mf_template_get (const char *name, gsize *len)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (const MfTemplate *t = mf_templates; t->name != NULL; t++)
    if (strcmp (t->name, name) == 0)
      {
        if (len != NULL)
          *len = t->len;
        return t->data;
      }
  return NULL;
}

/** mf_template_vars_new: Returns: (transfer full): an empty key → value table. */
GHashTable *
mf_template_vars_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/** mf_template_set: Sets @key to a copy of @value. */
void
mf_template_set (GHashTable *vars, const char *key, const char *value)
{
  g_return_if_fail (vars != NULL && key != NULL && value != NULL);
  g_hash_table_insert (vars, g_strdup (key), g_strdup (value));
}

/** mf_template_take: Sets @key to @value (transfer full). */
void
mf_template_take (GHashTable *vars, const char *key, char *value)
{
  g_return_if_fail (vars != NULL && key != NULL && value != NULL);
  g_hash_table_insert (vars, g_strdup (key), value);
}

/** mf_template_set_printf: Sets @key to the printf-formatted @format. */
void
mf_template_set_printf (GHashTable *vars, const char *key, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  mf_template_take (vars, key, g_strdup_vprintf (format, ap));
  va_end (ap);
}

static gboolean
key_char (char c)
{
  return g_ascii_isupper (c) || g_ascii_isdigit (c) || c == '_';
}

/**
 * mf_template_expand_text:
 * @name: the template's name, for messages
 * @text: (array length=len): the template
 * @vars: key → value
 *
 * Returns: (transfer full): @text with every {{KEY}} replaced by its value;
 *   NULL with MF_REPORT_ERROR_TEMPLATE when a key has no value.  Text that
 *   only looks like a placeholder ("{{ x }}", "{{lower}}") is kept.
 *   O(length of the result).
 */
char *
mf_template_expand_text (const char *name, const char *text, gsize len, GHashTable *vars,
                         GError **error)
{
  g_autoptr (GString) out = g_string_sized_new (len + 256);
  const char *p = text, *end = text + len;

  g_return_val_if_fail (name != NULL && text != NULL && vars != NULL, NULL);

  while (p < end)
    {
      const char *open = g_strstr_len (p, end - p, "{{");
      const char *k, *q;

      if (open == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, open - p);
      k = open + 2;
      for (q = k; q < end && key_char (*q) && q - k <= MF_TEMPLATE_MAX_KEY; q++)
        ;
      if (q == k || q - k > MF_TEMPLATE_MAX_KEY || end - q < 2 || q[0] != '}' || q[1] != '}')
        {
          g_string_append_len (out, open, 2); /* not a placeholder */
          p = open + 2;
          continue;
        }
      g_autofree char *key = g_strndup (k, q - k);
      const char *value = g_hash_table_lookup (vars, key);
      if (value == NULL)
        {
          g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TEMPLATE,
                       "template %s: no value for {{%s}}", name, key);
          return NULL;
        }
      g_string_append (out, value);
      p = q + 2;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/** mf_template_expand: mf_template_expand_text() on the embedded template @name. */
char *
mf_template_expand (const char *name, GHashTable *vars, GError **error)
{
  gsize len = 0;
  const char *text = mf_template_get (name, &len);

  if (text == NULL)
    {
      g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TEMPLATE,
                   "no template %s in this build", name);
      return NULL;
    }
  return mf_template_expand_text (name, text, len, vars, error);
}
