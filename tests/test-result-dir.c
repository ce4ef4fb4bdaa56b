/* test-result-dir.c — the output folder as one result (base/result-dir.h).
 *
 * Fault injection, as SQLite does it: the test-only hook makes the Nth
 * operation on an output path (create, write, close, mkdir, rename, link,
 * exchange) fail, for N = 1, 2, ... until `msgflow simulate --tracking`
 * succeeds.  Each failure must exit 1 naming a file of DIR and the cause,
 * leave the earlier result byte for byte, and leave no DIR.tmp-*.  Also:
 * the three-step swap where RENAME_EXCHANGE is missing, the manifest
 * check, and safe names.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/result-dir.h"
#include "cli/cli.h"

static int fail_at;       /* the operation that fails, 1-based; 0: none */
static int ops;           /* operations seen */
static gboolean no_exchange; /* RENAME_EXCHANGE "missing" */

static int
hook (const char *op, const char *path)
{
  (void) path;
  if (no_exchange && strcmp (op, "exchange") == 0)
    return EINVAL;
  return ++ops == fail_at ? ENOSPC : 0;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Every file under @dir with its bytes, one text. */
static void
snapshot_into (GString *s, const char *dir, const char *rel)
{
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *n;

  if (d == NULL)
    {
      g_autofree char *text = NULL;
      gsize len;
      g_assert_true (g_file_get_contents (path, &text, &len, NULL));
      g_string_append_printf (s, "== %s %" G_GSIZE_FORMAT "\n", rel, len);
      g_string_append_len (s, text, (gssize) len);
      return;
    }
  while ((n = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (n));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (rel, g_ptr_array_index (names, i), NULL);
      snapshot_into (s, dir, child);
    }
}

static char *
snapshot (const char *dir)
{
  GString *s = g_string_new (NULL);

  snapshot_into (s, dir, ".");
  return g_string_free (s, FALSE);
}

/* No DIR.tmp-* or DIR.old-* beside @dir. */
static gboolean
no_leftovers (const char *parent)
{
  g_autoptr (GDir) d = g_dir_open (parent, 0, NULL);
  const char *n;

  while ((n = g_dir_read_name (d)) != NULL)
    if (strstr (n, ".tmp-") != NULL || strstr (n, ".old-") != NULL)
      return FALSE;
  return TRUE;
}

static void
remove_all (const char *path)
{
  g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
  const char *n;

  while (d != NULL && (n = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, n, NULL);
      remove_all (child);
    }
  g_remove (path);
}

/* `msgflow simulate` in this process, stderr kept in @err. */
static int
simulate (const char *dir, char **err)
{
  g_autofree char *errfile = g_build_filename (g_get_tmp_dir (), "msgflow-rd-err-XXXXXX", NULL);
  g_autofree char *out = g_strdup (dir);
  char *argv[] = { "simulate", "--quiet", "--tracking", "--duration", "2h", "-o", out,
                   "topologies/single-group.topo", NULL };
  int fd = g_mkstemp (errfile), saved = dup (2), status;

  g_assert_cmpint (fd, >=, 0);
  fflush (stderr);
  dup2 (fd, 2);
  status = mf_cmd_simulate (G_N_ELEMENTS (argv) - 1, argv);
  fflush (stderr);
  dup2 (saved, 2);
  close (saved);
  close (fd);
  g_assert_true (g_file_get_contents (errfile, err, NULL, NULL));
  g_unlink (errfile);
  return status;
}

static void
fault_loop (gboolean with_earlier)
{
  g_autofree char *parent = g_dir_make_tmp ("msgflow-rd-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (parent, "res", NULL);
  g_autofree char *before = NULL;
  int n;

  if (with_earlier)
    {
      g_autofree char *err = NULL;
      g_assert_cmpint (simulate (dir, &err), ==, 0);
      before = snapshot (dir);
    }
  mf_result_dir_fail_hook = hook;
  for (n = 1;; n++)
    {
      g_autofree char *err = NULL;
      int status;
      ops = 0;
      fail_at = n;
      status = simulate (dir, &err);
      if (ops < n)
        {
          g_assert_cmpint (status, ==, 0); /* the hook never fired: done */
          break;
        }
      if (status != 1)
        g_error ("operation %d: exit %d, want 1 (%s)", n, status, err);
      /* The message names a file of the result and the cause. */
      g_assert_nonnull (strstr (err, "No space left on device"));
      if (strstr (err, parent) == NULL)
        g_error ("operation %d: the message does not name a file of %s: %s", n, dir, err);
      g_assert_true (no_leftovers (parent));
      if (with_earlier)
        {
          g_autofree char *now = snapshot (dir);
          if (strcmp (now, before) != 0)
            g_error ("operation %d changed the earlier result (%s)", n, err);
        }
      else
        g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
    }
  mf_result_dir_fail_hook = NULL;
  g_test_message ("%d operations, each failed once", n - 1);
  g_assert_cmpint (n, >, 20);
  g_assert_true (no_leftovers (parent));
  {
    g_autoptr (GPtrArray) m = mf_result_dir_read_manifest (dir, NULL);
    g_assert_nonnull (m);
    g_assert_true (mf_result_dir_verify (dir, m, NULL));
  }
  remove_all (parent);
}

static void
test_fault_fresh (void)
{
  fault_loop (FALSE);
}

static void
test_fault_earlier (void)
{
  fault_loop (TRUE);
}

/* Without RENAME_EXCHANGE: the three-step swap, each step failing once. */
static void
test_fault_three_steps (void)
{
  no_exchange = TRUE;
  fault_loop (TRUE);
  no_exchange = FALSE;
}

static void
test_verify (void)
{
  g_autofree char *parent = g_dir_make_tmp ("msgflow-rd-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (parent, "res", NULL);
  g_autofree char *err = NULL, *path = NULL;
  g_autoptr (GPtrArray) m = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (simulate (dir, &err), ==, 0);
  m = mf_result_dir_read_manifest (dir, &error);
  g_assert_no_error (error);
  g_assert_true (mf_result_dir_verify (dir, m, &error));
  path = g_build_filename (dir, "counts.csv", NULL);
  g_assert_true (g_file_set_contents (path, "changed\n", -1, NULL));
  g_assert_false (mf_result_dir_verify (dir, m, &error));
  g_assert_error (error, MF_RESULT_DIR_ERROR, MF_RESULT_DIR_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "counts.csv"));
  g_clear_error (&error);
  /* A FIFO planted under a manifest's name is refused at once: opening it
   * must not wait for a writer (the test would hang). */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_assert_false (mf_result_dir_verify (dir, m, &error));
  g_assert_error (error, MF_RESULT_DIR_ERROR, MF_RESULT_DIR_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "counts.csv"));
  remove_all (parent);
}

static void
test_safe_name (void)
{
  struct { const char *in, *want; } cases[] = {
    { "..", "topology" }, { ".", "topology" }, { "", "topology" }, { ".hidden", "hidden" },
    { "a/b", "a_b" }, { "Contoso Global", "Contoso_Global" }, { "ok-1.2_x", "ok-1.2_x" },
    { "../../etc", "_.._etc" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = mf_result_dir_safe_name (cases[i].in, "topology");
      g_assert_cmpstr (got, ==, cases[i].want);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/result-dir/safe-name", test_safe_name);
  g_test_add_func ("/result-dir/verify", test_verify);
  g_test_add_func ("/result-dir/fault/fresh", test_fault_fresh);
  g_test_add_func ("/result-dir/fault/earlier", test_fault_earlier);
  g_test_add_func ("/result-dir/fault/three-steps", test_fault_three_steps);
  return g_test_run ();
}
