/* diag.c — FILE:LINE: diagnostics (see diag.h). */
#define G_LOG_DOMAIN "msgflow-diag"

#include "base/diag.h"

typedef struct {
  int line;
  guint order;
  char *text;
} Entry;

struct _MfDiag {
  char *path;
  GArray *errors; /* Entry */
  guint n_errors; /* including those past the limit */
  GPtrArray *warnings;
};

/* Sort key of a line: whole-file messages (line 0) come last. */
static guint
line_key (int line)
{
  return line > 0 ? (guint) line : G_MAXUINT;
}

static void
entry_clear (gpointer p)
{
  g_free (((Entry *) p)->text);
}

MfDiag *
mf_diag_new (const char *path)
{
  MfDiag *diag = g_new0 (MfDiag, 1);
  diag->path = g_strdup (path);
  diag->errors = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (diag->errors, entry_clear);
  diag->warnings = g_ptr_array_new_with_free_func (g_free);
  return diag;
}

void
mf_diag_free (MfDiag *diag)
{
  if (diag == NULL)
    return;
  g_free (diag->path);
  g_array_unref (diag->errors);
  g_ptr_array_unref (diag->warnings);
  g_free (diag);
}

/* The one layout of a located message: "PATH:LINE: KINDmessage", or
 * "PATH: KINDmessage" when no line is to blame (line 0). */
static char *
locate_text (const char *path, guint line, const char *kind, const char *message)
{
  if (line > 0)
    return g_strdup_printf ("%s:%u: %s%s", path, line, kind, message);
  return g_strdup_printf ("%s: %s%s", path, kind, message);
}

static char *
locate (const MfDiag *diag, int line, const char *kind, const char *message)
{
  return locate_text (diag->path, line > 0 ? (guint) line : 0, kind, message);
}

/**
 * mf_diag_set_error_valist:
 * Sets @error in (@domain, @code) to "PATH:LINE: message" (no LINE when
 * @line is 0), the layout of every located message of msgflow, for readers
 * that fail at the first error instead of collecting them.
 */
void
mf_diag_set_error_valist (GError **error, GQuark domain, int code, const char *path, guint line,
                          const char *format, va_list ap)
{
  g_autofree char *message = g_strdup_vprintf (format, ap);
  g_autofree char *text = locate_text (path, line, "", message);

  g_set_error_literal (error, domain, code, text);
}

void
mf_diag_set_error (GError **error, GQuark domain, int code, const char *path, guint line,
                   const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  mf_diag_set_error_valist (error, domain, code, path, line, format, ap);
  va_end (ap);
}

void
mf_diag_error (MfDiag *diag, int line, const char *format, ...)
{
  va_list ap;
  g_autofree char *message = NULL;
  Entry e;

  guint order = diag->n_errors++;
  guint slot = diag->errors->len;

  /* Keep the MF_DIAG_MAX_ERRORS first errors by line, whatever order the
   * loader finds them in: when full, the new one replaces the last kept. */
  if (diag->errors->len >= MF_DIAG_MAX_ERRORS)
    {
      guint worst = 0;
      for (guint i = 1; i < diag->errors->len; i++)
        {
          const Entry *a = &g_array_index (diag->errors, Entry, i);
          const Entry *w = &g_array_index (diag->errors, Entry, worst);
          if (line_key (a->line) > line_key (w->line)
              || (line_key (a->line) == line_key (w->line) && a->order > w->order))
            worst = i;
        }
      if (line_key (line) >= line_key (g_array_index (diag->errors, Entry, worst).line))
        return;
      slot = worst;
    }
  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  e.line = line;
  e.order = order;
  e.text = locate (diag, line, "", message);
  if (slot == diag->errors->len)
    g_array_append_val (diag->errors, e);
  else
    {
      g_free (g_array_index (diag->errors, Entry, slot).text);
      g_array_index (diag->errors, Entry, slot) = e;
    }
}

void
mf_diag_warning (MfDiag *diag, int line, const char *format, ...)
{
  va_list ap;
  g_autofree char *message = NULL;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_ptr_array_add (diag->warnings, locate (diag, line, "warning: ", message));
}

guint
mf_diag_n_errors (const MfDiag *diag)
{
  return diag->n_errors;
}

static gint
compare_entries (gconstpointer a, gconstpointer b)
{
  const Entry *x = a, *y = b;
  guint lx = line_key (x->line);
  guint ly = line_key (y->line);
  if (lx != ly)
    return lx < ly ? -1 : 1;
  return x->order < y->order ? -1 : (x->order > y->order);
}

char *
mf_diag_errors_text (const MfDiag *diag)
{
  g_autoptr (GArray) sorted = g_array_copy (diag->errors);
  GString *s = g_string_new (NULL);

  /* The copy shares the strings: it must not free them. */
  g_array_set_clear_func (sorted, NULL);
  g_array_sort (sorted, compare_entries);
  for (guint i = 0; i < sorted->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, '\n');
      g_string_append (s, g_array_index (sorted, Entry, i).text);
    }
  if (diag->n_errors > diag->errors->len)
    {
      guint more = diag->n_errors - diag->errors->len;
      g_string_append_printf (s, "\n%s: %u more error%s not shown", diag->path, more,
                              more == 1 ? "" : "s");
    }
  return g_string_free (s, FALSE);
}

const GPtrArray *
mf_diag_warnings (const MfDiag *diag)
{
  return diag->warnings;
}
