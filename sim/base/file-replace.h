/* file-replace.h — one output file replaced in one step.
 *
 * Owns: writing a single file the user named (`trace --html FILE`,
 * `export -o FILE`) so that it is either the new content in full or left
 * as it was: the bytes go into FILE.tmp-PID beside it (created new, never
 * through a link), every write and the close are checked, the file is
 * synced and renamed over FILE (a symbolic link named FILE is replaced,
 * not followed).  A failure removes the temporary file and names FILE and
 * the cause.  A FILE that is a device or a FIFO (/dev/stdout) is written
 * through instead, as a shell's `>` would.  The result folders of `simulate` and `report`
 * are result-dir's.
 */
#ifndef MF_FILE_REPLACE_H
#define MF_FILE_REPLACE_H

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

/* Write @len bytes of @data as @path; FALSE with @error naming @path. */
gboolean mf_file_replace (const char *path, const void *data, gsize len, GError **error);

/* For writers that print to a FILE*: a stream into memory;
 * mf_file_buffer_replace closes it and writes what was printed as @path
 * (nothing when the stream had an error). */
typedef struct _MfFileBuffer MfFileBuffer;
MfFileBuffer *mf_file_buffer_new (const char *path, GError **error);
FILE *mf_file_buffer_stream (MfFileBuffer *b);
gboolean mf_file_buffer_replace (MfFileBuffer *b, const char *path, GError **error);
void mf_file_buffer_free (MfFileBuffer *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfFileBuffer, mf_file_buffer_free)

G_END_DECLS

#endif /* MF_FILE_REPLACE_H */
