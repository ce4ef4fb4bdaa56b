/* report-gnuplot.c — gnuplot literals and the gnuplot process (report-gnuplot.h).
 *
 * Why octal escapes: gnuplot substitutes `backquoted` shell commands and
 * @macros in a line before it parses strings, even inside double quotes,
 * so doubling quotes is not enough.  mf_gp_quote writes every byte outside
 * a small allowlist as a backslash-octal escape, which gnuplot decodes only
 * after those substitutions: the script text of a quoted name then holds
 * nothing but letters, digits, a few punctuation marks and escapes.
 * gnuplot reads "\0" followed by up to three more octal digits and "\1".."\3"
 * followed by up to two, so bytes below 0100 are written with four digits
 * ("\0042") and the others with three: a digit after an escape is never
 * taken into it.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "base/number-format.h"
#include "report/report-gnuplot.h"
#include "report/report-format.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

/* Bytes written as they are inside a quoted string. */
static gboolean
plain_byte (guchar c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr (" ._,:()+/-", c) != NULL);
}

/**
 * mf_gp_append_quoted:
 * @s: where the literal goes
 * @text: any NUL-terminated bytes (UTF-8 expected, not required)
 *
 * Appends a gnuplot double-quoted string literal that evaluates to exactly
 * @text and contains no quote, backquote, '@', '$', '#' or backslash of its
 * own.  O(length).
 */
void
mf_gp_append_quoted (GString *s, const char *text)
{
  g_return_if_fail (s != NULL && text != NULL);

  g_string_append_c (s, '"');
  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (plain_byte (*p))
        g_string_append_c (s, (char) *p);
      else if (*p < 0100)
        g_string_append_printf (s, "\\0%03o", (unsigned) *p);
      else
        g_string_append_printf (s, "\\%03o", (unsigned) *p);
    }
  g_string_append_c (s, '"');
}

/** mf_gp_quote: Returns: (transfer full): @text as a gnuplot literal (see above). */
char *
mf_gp_quote (const char *text)
{
  GString *s = g_string_new (NULL);

  mf_gp_append_quoted (s, text);
  return g_string_free (s, FALSE);
}

/**
 * mf_gp_append_number:
 *
 * Appends @v with 15 significant digits in the C locale (gnuplot reads
 * "1e-05" and "NaN"); a value that is not finite becomes NaN, which gnuplot
 * skips in plots.
 */
void
mf_gp_append_number (GString *s, double v)
{
  if (!isfinite (v))
    {
      g_string_append (s, "NaN");
      return;
    }
  g_string_append (s, MF_NUMBER_SIG (v, 15));
}

/** mf_gp_number: Returns: (transfer full): @v as mf_gp_append_number writes it. */
char *
mf_gp_number (double v)
{
  GString *s = g_string_new (NULL);

  mf_gp_append_number (s, v);
  return g_string_free (s, FALSE);
}

/**
 * mf_gp_find:
 * @program: (nullable): a program name looked up in PATH, or a path;
 *   NULL for "gnuplot"
 *
 * Returns: (transfer full): the absolute path of the program, or NULL with
 *   MF_REPORT_ERROR_NO_GNUPLOT naming the Debian package to install.
 */
char *
mf_gp_find (const char *program, GError **error)
{
  const char *name = program != NULL ? program : "gnuplot";
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_NO_GNUPLOT,
                 "gnuplot is not installed (%s not found): install the %s package "
                 "(apt-get install %s)", name, MF_REPORT_GNUPLOT_PACKAGE, MF_REPORT_GNUPLOT_PACKAGE);
  return path;
}

/**
 * mf_gp_run:
 * @gnuplot: the program's path (mf_gp_find)
 * @dir: the working directory: the script's relative paths start there
 * @script: the script's path relative to @dir
 * @image: (out) (optional): what gnuplot wrote on stdout
 *
 * Runs `gnuplot -d -e "MF_STDOUT = 1" SCRIPT` in @dir: an argument
 * vector, no shell, no init file (-d), stdin empty, so nothing outside
 * the script changes what is drawn.  MF_STDOUT tells common.gp to leave
 * the output on stdout: gnuplot writes no file, msgflow writes the image
 * (checked and hashed, base/result-dir.h) where it chooses.  Blocks until
 * gnuplot exits.
 *
 * Returns: FALSE with MF_REPORT_ERROR_GNUPLOT (and gnuplot's own message)
 *   when gnuplot cannot be started or fails.
 */
gboolean
mf_gp_run (const char *gnuplot, const char *dir, const char *script, GBytes **image,
           GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GBytes) none = g_bytes_new_static ("", 0), out = NULL, err = NULL;
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (gnuplot != NULL && dir != NULL && script != NULL, FALSE);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  proc = g_subprocess_launcher_spawn (launcher, &local, gnuplot, "-d", "-e", "MF_STDOUT = 1",
                                      script, NULL);
  if (proc == NULL || !g_subprocess_communicate (proc, none, NULL, &out, &err, &local)
      || !g_spawn_check_wait_status (g_subprocess_get_status (proc), &local))
    {
      g_autofree char *tail = NULL;
      gsize len = 0;
      const char *text = err != NULL ? g_bytes_get_data (err, &len) : NULL;

      tail = g_strstrip (g_strndup (text != NULL ? text : "", MIN (len, MF_GP_MAX_ERROR_BYTES)));
      g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_GNUPLOT, "gnuplot failed on %s/%s: %s%s%s",
                   dir, script, local->message, *tail ? "\n" : "", tail);
      return FALSE;
    }
  if (image != NULL)
    *image = g_steal_pointer (&out);
  return TRUE;
}
