/* file-replace.c — one output file replaced in one step (see
 * file-replace.h).  The mechanics are result-dir's in-place mode: its
 * MfOutFile already writes NAME.tmp-PID, checks every write and renames;
 * here the folder is the file's own. */
#define G_LOG_DOMAIN "msgflow"

#include "base/file-replace.h"
#include "base/result-dir.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

struct _MfFileBuffer {
  FILE *stream;
  char *data;
  size_t len;
};

static gboolean
file_error (GError **error, const char *what, const char *path, int e)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "cannot %s %s: %s", what, path,
               g_strerror (e));
  return FALSE;
}

/* A device or a FIFO the user named (`-o /dev/stdout`): written through,
 * as a shell's `>` would; it cannot be replaced, and must not be. */
static gboolean
write_through (const char *path, const char *data, gsize len, GError **error)
{
  int fd = open (path, O_WRONLY | O_NOCTTY | O_CLOEXEC);

  if (fd < 0)
    return file_error (error, "create", path, errno);
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int e = n < 0 ? errno : EIO;
          close (fd);
          return file_error (error, "write", path, e);
        }
      data += n;
      len -= (gsize) n;
    }
  if (close (fd) != 0 && errno != EINTR)
    return file_error (error, "write", path, errno);
  return TRUE;
}

gboolean
mf_file_replace (const char *path, const void *data, gsize len, GError **error)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr (MfResultDir) rd = NULL;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && S_ISDIR (st.st_mode))
    return file_error (error, "write", path, EISDIR);
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    return write_through (path, data, len, error);
  /* The folder must be there: a mistyped path is an error, not a new
   * folder. */
  if (g_stat (parent, &st) != 0)
    return file_error (error, "create", path, errno);
  if (!S_ISDIR (st.st_mode))
    return file_error (error, "create", path, ENOTDIR);
  rd = mf_result_dir_new_in_place (parent, error);
  return rd != NULL && mf_result_dir_write_file (rd, name, data, (gssize) len, error);
}

MfFileBuffer *
mf_file_buffer_new (const char *path, GError **error)
{
  MfFileBuffer *b = g_new0 (MfFileBuffer, 1);

  b->stream = open_memstream (&b->data, &b->len);
  if (b->stream == NULL)
    {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "cannot write %s: %s", path,
                   g_strerror (e));
      g_free (b);
      return NULL;
    }
  return b;
}

FILE *
mf_file_buffer_stream (MfFileBuffer *b)
{
  return b->stream;
}

gboolean
mf_file_buffer_replace (MfFileBuffer *b, const char *path, GError **error)
{
  gboolean failed = ferror (b->stream) != 0;

  if (fclose (b->stream) != 0)
    failed = TRUE;
  b->stream = NULL;
  if (failed)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "cannot write %s: %s", path,
                   g_strerror (ENOMEM));
      return FALSE;
    }
  return mf_file_replace (path, b->data, b->len, error);
}

void
mf_file_buffer_free (MfFileBuffer *b)
{
  if (b == NULL)
    return;
  if (b->stream != NULL)
    fclose (b->stream);
  free (b->data);
  g_free (b);
}
