/* csv.c — RFC 4180 CSV writing and reading (csv.h).
 *
 * The reader never trusts its input: every record is bounded in fields,
 * every field in bytes, and a NUL inside a field is an error; fields are
 * GStrings reused from record to record.  The writer quotes only what must
 * be quoted, so plain names stay plain.
 */
#include "base/csv.h"
#include "base/diag.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "base/number-format.h"

G_DEFINE_QUARK (mf-csv-error-quark, mf_csv_error)

/* ------------------------------------------------------------ writing */

/**
 * mf_csv_append_field:
 *
 * Appends @text as one field, quoted RFC 4180 style (quotes doubled) when
 * it holds a comma, quote or line break.
 */
void
mf_csv_append_field (GString *s, const char *text)
{
  g_return_if_fail (s != NULL && text != NULL);

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (s, text);
      return;
    }
  g_string_append_c (s, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

/* A double in its shortest exact text (number-format.h); "nan", "inf" or
 * "-inf" when not finite.  Rounding, if any, is the caller's. */
void
mf_csv_append_double (GString *s, double x)
{
  char buf[MF_NUMBER_BUF];

  g_return_if_fail (s != NULL);
  if (isnan (x))
    g_string_append (s, "nan");
  else if (isinf (x))
    g_string_append (s, x > 0 ? "inf" : "-inf");
  else
    {
      mf_number_format_shortest (buf, x);
      g_string_append (s, buf);
    }
}

void
mf_csv_append_u64 (GString *s, guint64 v)
{
  g_return_if_fail (s != NULL);
  g_string_append_printf (s, "%" G_GUINT64_FORMAT, v);
}

/* ------------------------------------------------------------ reading */

/* Every reading error names the file and the line of the record. */
#define set_error(error, code, path, line, ...) \
  mf_diag_set_error ((error), MF_CSV_ERROR, (code), (path), (line), __VA_ARGS__)

/** mf_csv_record_field: Returns: (transfer none): field @i (< rec->n). */
const char *
mf_csv_record_field (const MfCsvRecord *rec, guint i)
{
  g_return_val_if_fail (rec != NULL && i < rec->n, "");
  return ((GString *) g_ptr_array_index (rec->fields, i))->str;
}

static void
free_gstring (gpointer s)
{
  g_string_free (s, TRUE);
}

/* One record from *@pp; returns FALSE with an error on malformed input. */
static gboolean
next_record (MfCsvRecord *rec, const char **pp, const char *end, guint *line, guint max_fields,
             gsize max_field_bytes, GError **error)
{
  const char *p = *pp;

  rec->line = *line;
  rec->n = 0;
  for (;;)
    {
      GString *f;

      if (rec->n == max_fields)
        {
          set_error (error, MF_CSV_ERROR_FIELDS, rec->path, rec->line, "more than %u fields",
                     max_fields);
          return FALSE;
        }
      if (rec->n == rec->fields->len)
        g_ptr_array_add (rec->fields, g_string_new (NULL));
      f = g_ptr_array_index (rec->fields, rec->n++);
      g_string_truncate (f, 0);
      if (p < end && *p == '"')
        {
          p++;
          for (;;)
            {
              if (p == end)
                {
                  set_error (error, MF_CSV_ERROR_SYNTAX, rec->path, rec->line,
                             "unterminated quoted field");
                  return FALSE;
                }
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    {
                      g_string_append_c (f, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              if (*p == '\n')
                (*line)++;
              g_string_append_c (f, *p++);
            }
        }
      else
        while (p < end && *p != ',' && *p != '\n' && *p != '\r')
          {
            if (*p == '"')
              {
                set_error (error, MF_CSV_ERROR_SYNTAX, rec->path, *line,
                           "a quote inside an unquoted field");
                return FALSE;
              }
            g_string_append_c (f, *p++);
          }
      if (f->len > max_field_bytes || memchr (f->str, '\0', f->len) != NULL)
        {
          set_error (error, MF_CSV_ERROR_SYNTAX, rec->path, rec->line,
                     "a field is too long or holds a NUL byte");
          return FALSE;
        }
      if (p < end && *p == ',')
        {
          p++;
          continue;
        }
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p != '\n')
        {
          set_error (error, MF_CSV_ERROR_SYNTAX, rec->path, *line,
                     "unexpected character after a field");
          return FALSE;
        }
      if (p < end)
        p++;
      (*line)++;
      *pp = p;
      return TRUE;
    }
}

/**
 * mf_csv_read:
 * @path: names the text in error messages
 * @text: (array length=len): the whole file
 * @header: the expected first record, comma-separated column names
 * @max_field_bytes: a longer field is an error
 * @func: called on every record after the header, in order; its FALSE
 *   (with its own error) stops the reading
 *
 * Returns: FALSE with MF_CSV_ERROR (or @func's error) on the first problem.
 *   O(len).
 */
gboolean
mf_csv_read (const char *path, const char *text, gsize len, const char *header,
             gsize max_field_bytes, MfCsvRowFunc func, gpointer user_data, GError **error)
{
  g_return_val_if_fail (path != NULL && (text != NULL || len == 0), FALSE);
  g_return_val_if_fail (header != NULL && func != NULL, FALSE);

  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (free_gstring);
  g_auto (GStrv) want = g_strsplit (header, ",", -1);
  MfCsvRecord rec = { path, 0, 0, fields };
  const char *p = text, *end = text + len;
  guint line = 1, n_columns = g_strv_length (want);
  gboolean matched;

  if (!next_record (&rec, &p, end, &line, MF_CSV_MAX_HEADER_FIELDS, max_field_bytes, error))
    return FALSE;
  matched = rec.n == n_columns;
  for (guint i = 0; i < n_columns && matched; i++)
    matched = strcmp (want[i], mf_csv_record_field (&rec, i)) == 0;
  if (!matched)
    {
      set_error (error, MF_CSV_ERROR_HEADER, path, 1, "the header is not %s", header);
      return FALSE;
    }
  while (p < end)
    {
      if (!next_record (&rec, &p, end, &line, n_columns, max_field_bytes, error))
        return FALSE;
      if (rec.n != n_columns)
        {
          set_error (error, MF_CSV_ERROR_FIELDS, path, rec.line, "%u fields, expected %u", rec.n,
                     n_columns);
          return FALSE;
        }
      if (!func (&rec, user_data, error))
        return FALSE;
    }
  return TRUE;
}
