/* result-dir.c — an output directory that is one result (result-dir.h).
 *
 * Every operation on an output path goes through fail() first, the
 * test-only fault injection hook, so the tests can make each one fail in
 * turn and check that no partial result is ever published.
 */
#define _GNU_SOURCE /* renameat2 flags, syscall */
#define G_LOG_DOMAIN "msgflow-result"

#include "base/result-dir.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* Read in pieces of this size when copying or verifying. */
#define CHUNK_BYTES (256 * 1024)

int (*mf_result_dir_fail_hook) (const char *op, const char *path) = NULL;

G_DEFINE_QUARK (mf-result-dir-error-quark, mf_result_dir_error)

struct _MfResultDir {
  char *final;   /* DIR, without trailing '/' */
  char *work;    /* DIR.tmp-PID, or DIR in place */
  gboolean in_place;
  gboolean committed;
  GPtrArray *entries; /* MfManifestEntry*, files closed so far */
};

struct _MfOutFile {
  MfResultDir *rd;
  char *name;       /* relative to DIR */
  char *path;       /* where the bytes go */
  char *shown;      /* DIR/NAME, for messages */
  int fd;           /* -1 while suspended */
  guint64 size;
  GChecksum *sum;
};

/* TEST ONLY: the errno the hook injects into @op on @path, or 0. */
static int
fail (const char *op, const char *path)
{
  return mf_result_dir_fail_hook != NULL ? mf_result_dir_fail_hook (op, path) : 0;
}

static gboolean
io_error (GError **error, const char *what, const char *path, int e)
{
  g_set_error (error, MF_RESULT_DIR_ERROR, MF_RESULT_DIR_ERROR_IO, "cannot %s %s: %s", what,
               path, g_strerror (e));
  return FALSE;
}

void
mf_manifest_entry_free (MfManifestEntry *e)
{
  if (e == NULL)
    return;
  g_free (e->name);
  g_free (e->sha256);
  g_free (e);
}

static MfManifestEntry *
entry_new (const char *name, guint64 size, const char *sha256)
{
  MfManifestEntry *e = g_new0 (MfManifestEntry, 1);

  e->name = g_strdup (name);
  e->size = size;
  e->sha256 = g_strdup (sha256);
  return e;
}

char *
mf_result_dir_safe_name (const char *text, const char *fallback)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      char c = *p;
      if (s->len == 0 && c == '.')
        continue; /* no hidden names, never "." or ".." */
      g_string_append_c (s, g_ascii_isalnum (c) || c == '.' || c == '_' || c == '-' ? c : '_');
    }
  if (s->len == 0)
    g_string_assign (s, fallback);
  return g_string_free (s, FALSE);
}

/* Remove @path and, for a folder, everything in it; links are removed,
 * never followed.  Best effort: used on leftovers and failed runs. */
static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      GDir *d = g_dir_open (path, 0, NULL);
      const char *n;
      while (d != NULL && (n = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, n, NULL);
          remove_tree (child);
        }
      if (d != NULL)
        g_dir_close (d);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* @pid is a process that may still be writing its leftovers. */
static gboolean
pid_alive (long pid)
{
  if (pid <= 0 || pid == (long) getpid ())
    return pid == (long) getpid ();
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

/* "DIR.tmp-123" with @prefix "DIR.tmp-": 123; else -1. */
static long
leftover_pid (const char *name, const char *prefix)
{
  const char *digits;
  char *end;
  long pid;

  if (!g_str_has_prefix (name, prefix))
    return -1;
  digits = name + strlen (prefix);
  if (!g_ascii_isdigit (*digits))
    return -1;
  errno = 0;
  pid = strtol (digits, &end, 10);
  return *end == '\0' && errno == 0 ? pid : -1;
}

static char *
strip_slashes (const char *dir)
{
  char *s = g_strdup (dir);
  gsize n = strlen (s);

  while (n > 1 && s[n - 1] == '/')
    s[--n] = '\0';
  return s;
}

gboolean
mf_result_dir_recover (const char *dir_in, GError **error)
{
  g_autofree char *dir = strip_slashes (dir_in);
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *base = g_path_get_basename (dir);
  g_autofree char *tmp_prefix = g_strconcat (base, ".tmp-", NULL);
  g_autofree char *old_prefix = g_strconcat (base, ".old-", NULL);
  g_autoptr (GPtrArray) olds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) tmps = g_ptr_array_new_with_free_func (g_free);
  GDir *d = g_dir_open (parent, 0, NULL);
  const char *n;

  if (d == NULL)
    return TRUE; /* no parent yet, no leftovers */
  while ((n = g_dir_read_name (d)) != NULL)
    {
      long pid;
      if ((pid = leftover_pid (n, old_prefix)) >= 0 && !pid_alive (pid))
        g_ptr_array_add (olds, g_build_filename (parent, n, NULL));
      else if ((pid = leftover_pid (n, tmp_prefix)) >= 0 && !pid_alive (pid))
        g_ptr_array_add (tmps, g_build_filename (parent, n, NULL));
    }
  g_dir_close (d);
  /* First bring an earlier result back, then drop what was never published. */
  for (guint i = 0; i < olds->len; i++)
    {
      const char *old = g_ptr_array_index (olds, i);
      GStatBuf st;
      if (g_lstat (dir, &st) != 0 && errno == ENOENT)
        {
          if (g_rename (old, dir) != 0)
            return io_error (error, "restore the earlier result from", old, errno);
        }
      else
        remove_tree (old);
    }
  for (guint i = 0; i < tmps->len; i++)
    remove_tree (g_ptr_array_index (tmps, i));
  return TRUE;
}

/* DIR is missing, an empty folder or an earlier result (its manifest in
 * @manifest_file). */
static gboolean
check_target (const char *dir, const char *manifest_file, GError **error)
{
  g_autofree char *base = g_path_get_basename (dir);
  g_autoptr (GPtrArray) manifest = NULL;
  GStatBuf st;
  GDir *d;
  gboolean empty;

  if (strcmp (base, ".") == 0 || strcmp (base, "..") == 0 || strcmp (base, "/") == 0)
    {
      g_set_error (error, MF_RESULT_DIR_ERROR, MF_RESULT_DIR_ERROR_NOT_RESULT,
                   "%s: a result needs a folder of its own, not this one", dir);
      return FALSE;
    }
  if (g_lstat (dir, &st) != 0)
    return errno == ENOENT ? TRUE : io_error (error, "read", dir, errno);
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, MF_RESULT_DIR_ERROR, MF_RESULT_DIR_ERROR_NOT_RESULT,
                   "%s exists and is not a folder%s: not replaced", dir,
                   S_ISLNK (st.st_mode) ? " (a symbolic link)" : "");
      return FALSE;
    }
  if ((d = g_dir_open (dir, 0, NULL)) == NULL)
    return io_error (error, "read", dir, errno);
  empty = g_dir_read_name (d) == NULL;
  g_dir_close (d);
  if (empty || (manifest = mf_result_dir_read_manifest_in (dir, manifest_file, NULL)) != NULL)
    return TRUE;
  g_set_error (error, MF_RESULT_DIR_ERROR, MF_RESULT_DIR_ERROR_NOT_RESULT,
               "%s is neither empty nor a msgflow result (no manifest in %s): not replaced", dir,
               manifest_file);
  return FALSE;
}

static MfResultDir *
result_dir_new (const char *dir, const char *work, gboolean in_place)
{
  MfResultDir *rd = g_new0 (MfResultDir, 1);

  rd->final = g_strdup (dir);
  rd->work = g_strdup (work);
  rd->in_place = in_place;
  rd->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_manifest_entry_free);
  return rd;
}

/* mkdir -p, each step asking the hook. */
static gboolean
make_dirs (const char *path, const char *shown, GError **error)
{
  int e = fail ("mkdir", path);

  if (e == 0 && g_mkdir_with_parents (path, 0777) != 0)
    e = errno;
  return e == 0 ? TRUE : io_error (error, "create directory", shown, e);
}

MfResultDir *
mf_result_dir_begin (const char *dir_in, GError **error)
{
  return mf_result_dir_begin_in (dir_in, MF_RESULT_MANIFEST_FILE, error);
}

MfResultDir *
mf_result_dir_begin_in (const char *dir_in, const char *manifest_file, GError **error)
{
  g_autofree char *dir = strip_slashes (dir_in);
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *work = g_strdup_printf ("%s.tmp-%ld", dir, (long) getpid ());
  int e;

  if (!mf_result_dir_recover (dir, error) || !check_target (dir, manifest_file, error)
      || !make_dirs (parent, parent, error))
    return NULL;
  e = fail ("mkdir", work);
  if (e == 0 && g_mkdir (work, 0777) != 0)
    e = errno;
  if (e != 0)
    {
      io_error (error, "create directory", work, e);
      return NULL;
    }
  return result_dir_new (dir, work, FALSE);
}

MfResultDir *
mf_result_dir_new_in_place (const char *dir_in, GError **error)
{
  g_autofree char *dir = strip_slashes (dir_in);

  if (!make_dirs (dir, dir, error))
    return NULL;
  return result_dir_new (dir, dir, TRUE);
}

const char *
mf_result_dir_work_path (const MfResultDir *rd)
{
  return rd->work;
}

const char *
mf_result_dir_final_path (const MfResultDir *rd)
{
  return rd->final;
}

gboolean
mf_result_dir_mkdir (MfResultDir *rd, const char *name, GError **error)
{
  g_autofree char *path = g_build_filename (rd->work, name, NULL);
  g_autofree char *shown = g_build_filename (rd->final, name, NULL);

  return make_dirs (path, shown, error);
}

static int
open_file (MfOutFile *f, int flags)
{
  int e = fail ("create", f->path);

  if (e != 0)
    {
      errno = e;
      return -1;
    }
  return open (f->path, flags | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0666);
}

MfOutFile *
mf_out_file_create (MfResultDir *rd, const char *name, GError **error)
{
  MfOutFile *f = g_new0 (MfOutFile, 1);

  f->rd = rd;
  f->name = g_strdup (name);
  /* As the user wrote it: "page.html", not "./page.html". */
  f->shown = strcmp (rd->final, ".") == 0 ? g_strdup (name) : g_build_filename (rd->final, name, NULL);
  if (rd->in_place)
    {
      f->path = g_strdup_printf ("%s/%s.tmp-%ld", rd->work, name, (long) getpid ());
      g_unlink (f->path); /* a leftover of ours: unlink never follows a link */
    }
  else
    f->path = g_build_filename (rd->work, name, NULL);
  f->sum = g_checksum_new (G_CHECKSUM_SHA256);
  f->fd = open_file (f, O_CREAT | O_EXCL);
  if (f->fd < 0)
    {
      io_error (error, "create", f->shown, errno);
      f->fd = -1;
      mf_out_file_discard (f);
      return NULL;
    }
  return f;
}

gboolean
mf_out_file_write (MfOutFile *f, const void *data, gsize len, GError **error)
{
  const char *p = data;

  if (f->fd < 0 && (f->fd = open_file (f, O_APPEND)) < 0)
    return io_error (error, "write", f->shown, errno);
  g_checksum_update (f->sum, data, (gssize) len);
  f->size += len;
  while (len > 0)
    {
      int e = fail ("write", f->path);
      ssize_t n;

      if (e != 0)
        {
          errno = e;
          n = -1;
        }
      else
        n = write (f->fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return io_error (error, "write", f->shown, n < 0 ? errno : EIO);
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Close the descriptor; @sync first makes the bytes durable. */
static gboolean
close_fd (MfOutFile *f, gboolean sync, GError **error)
{
  int e = fail ("close", f->path);

  if (f->fd < 0)
    return e == 0 ? TRUE : io_error (error, "write", f->shown, e);
  if (e == 0 && sync && fsync (f->fd) != 0 && errno != EINVAL)
    e = errno;
  if (close (f->fd) != 0 && e == 0 && errno != EINTR)
    e = errno;
  f->fd = -1;
  return e == 0 ? TRUE : io_error (error, "write", f->shown, e);
}

gboolean
mf_out_file_suspend (MfOutFile *f, GError **error)
{
  return f->fd < 0 || close_fd (f, FALSE, error);
}

static void
out_file_free (MfOutFile *f)
{
  g_free (f->name);
  g_free (f->path);
  g_free (f->shown);
  g_checksum_free (f->sum);
  g_free (f);
}

gboolean
mf_out_file_close (MfOutFile *f, GError **error)
{
  MfResultDir *rd = f->rd;

  if (!close_fd (f, TRUE, error))
    {
      mf_out_file_discard (f);
      return FALSE;
    }
  if (rd->in_place)
    {
      int e = fail ("rename", f->path);
      if (e == 0 && g_rename (f->path, f->shown) != 0)
        e = errno;
      if (e != 0)
        {
          io_error (error, "write", f->shown, e);
          mf_out_file_discard (f);
          return FALSE;
        }
    }
  g_ptr_array_add (rd->entries, entry_new (f->name, f->size, g_checksum_get_string (f->sum)));
  out_file_free (f);
  return TRUE;
}

void
mf_out_file_discard (MfOutFile *f)
{
  if (f == NULL)
    return;
  if (f->fd >= 0)
    close (f->fd);
  /* In place the file never got its name; in the work folder the whole
   * folder goes when the run fails. */
  if (f->rd->in_place)
    g_unlink (f->path);
  out_file_free (f);
}

gboolean
mf_result_dir_write_file (MfResultDir *rd, const char *name, const void *data, gssize len,
                          GError **error)
{
  MfOutFile *f = mf_out_file_create (rd, name, error);

  if (f == NULL)
    return FALSE;
  if (!mf_out_file_write (f, data, len < 0 ? strlen (data) : (gsize) len, error))
    {
      mf_out_file_discard (f);
      return FALSE;
    }
  return mf_out_file_close (f, error);
}

/* Open @name in @dir for reading: a regular file, reached through
 * folders only (no link anywhere on the way).  -1 with errno. */
static int
open_in_result (const char *dir, const char *name, GStatBuf *st)
{
  g_auto (GStrv) parts = g_strsplit (name, "/", -1);
  g_autofree char *path = g_strdup (dir);
  int fd;

  if (g_path_is_absolute (name))
    return errno = EINVAL, -1;
  for (int i = 0; parts[i] != NULL; i++)
    {
      char *next;
      if (*parts[i] == '\0' || strcmp (parts[i], ".") == 0 || strcmp (parts[i], "..") == 0)
        return errno = EINVAL, -1;
      next = g_build_filename (path, parts[i], NULL);
      g_free (path);
      path = next;
      if (parts[i + 1] != NULL && (g_lstat (path, st) != 0 || !S_ISDIR (st->st_mode)))
        return errno = ENOTDIR, -1;
    }
  /* O_NONBLOCK: opening a FIFO planted under a manifest's name must not
   * wait for a writer; it is refused just below. */
  fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd >= 0 && (fstat (fd, st) != 0 || !S_ISREG (st->st_mode)))
    {
      close (fd);
      return errno = EINVAL, -1;
    }
  return fd;
}

gboolean
mf_result_dir_take (MfResultDir *rd, const char *src_dir, const MfManifestEntry *e,
                    GError **error)
{
  g_autofree char *src = g_build_filename (src_dir, e->name, NULL);
  g_autofree char *dest = g_build_filename (rd->work, e->name, NULL);
  g_autofree char *folder = g_path_get_dirname (e->name);
  g_autofree char *buf = NULL;
  MfOutFile *f;
  GStatBuf st;
  int fd, err;
  ssize_t n;

  if (strcmp (folder, ".") != 0 && !mf_result_dir_mkdir (rd, folder, error))
    return FALSE;
  err = fail ("link", dest);
  if (err == 0 && link (src, dest) == 0)
    {
      g_ptr_array_add (rd->entries, entry_new (e->name, e->size, e->sha256));
      return TRUE;
    }
  if (err != 0 || (errno != EXDEV && errno != EPERM && errno != EMLINK && errno != ENOTSUP))
    return io_error (error, "write", dest, err != 0 ? err : errno);
  /* No hard links here: a copy, hashed as it is written. */
  if ((fd = open_in_result (src_dir, e->name, &st)) < 0)
    return io_error (error, "read", src, errno);
  if ((f = mf_out_file_create (rd, e->name, error)) == NULL)
    {
      close (fd);
      return FALSE;
    }
  buf = g_malloc (CHUNK_BYTES);
  while ((n = read (fd, buf, CHUNK_BYTES)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || !mf_out_file_write (f, buf, (gsize) n, error))
        {
          if (n < 0)
            io_error (error, "read", src, errno);
          close (fd);
          mf_out_file_discard (f);
          return FALSE;
        }
    }
  close (fd);
  return mf_out_file_close (f, error);
}

static gint
compare_entries (gconstpointer a, gconstpointer b)
{
  const MfManifestEntry *ea = *(MfManifestEntry *const *) a;
  const MfManifestEntry *eb = *(MfManifestEntry *const *) b;

  return strcmp (ea->name, eb->name);
}

GPtrArray *
mf_result_dir_entries (MfResultDir *rd)
{
  g_ptr_array_sort (rd->entries, compare_entries);
  return rd->entries;
}

/* Make the entries of folder @path durable (best effort: some file
 * systems cannot sync a folder). */
static void
sync_dir (const char *path)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      (void) fsync (fd);
      close (fd);
    }
}

/* renameat2 (RENAME_EXCHANGE) through syscall(): older glibc has no
 * wrapper.  -1 with ENOSYS where the kernel has no such call. */
static int
exchange (const char *a, const char *b)
{
  int e = fail ("exchange", b);

  if (e != 0)
    return errno = e, -1;
#ifdef SYS_renameat2
  return (int) syscall (SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
  return errno = ENOSYS, -1;
#endif
}

static int
rename_hooked (const char *from, const char *to)
{
  int e = fail ("rename", to);

  if (e != 0)
    return errno = e, -1;
  return g_rename (from, to);
}

gboolean
mf_result_dir_commit (MfResultDir *rd, GError **error)
{
  g_autofree char *parent = g_path_get_dirname (rd->final);
  g_autofree char *old = NULL;
  GStatBuf st;

  if (rd->in_place)
    return rd->committed = TRUE;
  sync_dir (rd->work);
  if (g_lstat (rd->final, &st) != 0 && errno == ENOENT)
    {
      if (rename_hooked (rd->work, rd->final) != 0)
        return io_error (error, "publish the result as", rd->final, errno);
    }
  else if (exchange (rd->work, rd->final) == 0)
    remove_tree (rd->work); /* now the earlier result */
  else if (errno != ENOSYS && errno != EINVAL)
    return io_error (error, "publish the result as", rd->final, errno);
  else
    {
      /* Three steps; mf_result_dir_recover repairs a cut between them. */
      old = g_strdup_printf ("%s.old-%ld", rd->final, (long) getpid ());
      if (rename_hooked (rd->final, old) != 0)
        return io_error (error, "publish the result as", rd->final, errno);
      if (rename_hooked (rd->work, rd->final) != 0)
        {
          int e = errno;
          g_rename (old, rd->final);
          return io_error (error, "publish the result as", rd->final, e);
        }
      remove_tree (old);
    }
  sync_dir (parent);
  rd->committed = TRUE;
  return TRUE;
}

void
mf_result_dir_free (MfResultDir *rd)
{
  if (rd == NULL)
    return;
  if (!rd->committed && !rd->in_place)
    remove_tree (rd->work);
  g_free (rd->final);
  g_free (rd->work);
  g_ptr_array_unref (rd->entries);
  g_free (rd);
}

static gboolean
mismatch (GError **error, const char *dir, const char *name, const char *why)
{
  g_set_error (error, MF_RESULT_DIR_ERROR, MF_RESULT_DIR_ERROR_MISMATCH,
               "%s/%s does not match the manifest in %s/%s: %s", dir, name, dir,
               MF_RESULT_MANIFEST_FILE, why);
  return FALSE;
}

GPtrArray *
mf_result_dir_read_manifest (const char *dir, GError **error)
{
  return mf_result_dir_read_manifest_in (dir, MF_RESULT_MANIFEST_FILE, error);
}

GPtrArray *
mf_result_dir_read_manifest_in (const char *dir, const char *manifest_file, GError **error)
{
  g_autofree char *path = g_build_filename (dir, manifest_file, NULL);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;
  g_autoptr (GPtrArray) out = NULL;
  JsonNode *root;
  JsonObject *o;
  JsonArray *a;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK)
      || !json_parser_load_from_mapped_file (parser, path, &local))
    {
      g_set_error (error, MF_RESULT_DIR_ERROR, MF_RESULT_DIR_ERROR_MISMATCH,
                   "%s: no manifest (%s)", path,
                   local != NULL ? local->message : "not a regular file");
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (o = json_node_get_object (root)) == NULL || !json_object_has_member (o, "manifest")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "manifest")))
    {
      g_set_error (error, MF_RESULT_DIR_ERROR, MF_RESULT_DIR_ERROR_MISMATCH,
                   "%s: no \"manifest\" array", path);
      return NULL;
    }
  a = json_object_get_array_member (o, "manifest");
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_manifest_entry_free);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *n = json_array_get_element (a, i);
      JsonObject *e = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      JsonNode *name = e != NULL ? json_object_get_member (e, "name") : NULL;
      JsonNode *size = e != NULL ? json_object_get_member (e, "size") : NULL;
      JsonNode *sha = e != NULL ? json_object_get_member (e, "sha256") : NULL;
      if (name == NULL || size == NULL || sha == NULL
          || json_node_get_value_type (name) != G_TYPE_STRING
          || json_node_get_value_type (size) != G_TYPE_INT64 || json_node_get_int (size) < 0
          || json_node_get_value_type (sha) != G_TYPE_STRING)
        {
          g_set_error (error, MF_RESULT_DIR_ERROR, MF_RESULT_DIR_ERROR_MISMATCH,
                       "%s: manifest[%u] is not {\"name\", \"size\", \"sha256\"}", path, i);
          return NULL;
        }
      g_ptr_array_add (out, entry_new (json_node_get_string (name),
                                       (guint64) json_node_get_int (size),
                                       json_node_get_string (sha)));
    }
  return g_steal_pointer (&out);
}

gboolean
mf_result_dir_verify (const char *dir, const GPtrArray *manifest, GError **error)
{
  g_autofree char *buf = g_malloc (CHUNK_BYTES);

  for (guint i = 0; i < manifest->len; i++)
    {
      const MfManifestEntry *e = g_ptr_array_index (manifest, i);
      g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      GStatBuf st;
      ssize_t n;
      int fd = open_in_result (dir, e->name, &st);

      if (fd < 0)
        return mismatch (error, dir, e->name,
                         errno == ENOENT ? "missing" : "not a regular file inside the folder");
      if ((guint64) st.st_size != e->size)
        {
          g_autofree char *why = g_strdup_printf ("%" G_GUINT64_FORMAT " bytes, the manifest "
                                                  "says %" G_GUINT64_FORMAT,
                                                  (guint64) st.st_size, e->size);
          close (fd);
          return mismatch (error, dir, e->name, why);
        }
      while ((n = read (fd, buf, CHUNK_BYTES)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
          g_checksum_update (sum, (const guchar *) buf, n);
      close (fd);
      if (n < 0)
        return mismatch (error, dir, e->name, g_strerror (errno));
      if (g_ascii_strcasecmp (g_checksum_get_string (sum), e->sha256) != 0)
        return mismatch (error, dir, e->name, "its SHA-256 differs");
    }
  return TRUE;
}
