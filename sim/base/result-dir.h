/* result-dir.h — an output directory that is one result, made atomically.
 *
 * Owns: the mechanics of a result folder DIR, whatever is in it.  Every
 * file of a result is written into a fresh DIR.tmp-PID/ that msgflow
 * created (so nobody can have planted a link in it), through MfOutFile,
 * which checks every write and close and computes each file's size and
 * SHA-256 as it is written; at the end the folder is swapped in for DIR
 * in one step (renameat2 RENAME_EXCHANGE), or, where the kernel or the
 * file system lacks it, in three (DIR -> DIR.old-PID, DIR.tmp-PID -> DIR,
 * remove DIR.old-PID).  A run that fails removes its DIR.tmp-PID/ and
 * leaves DIR as it was.
 *
 * Recovery (mf_result_dir_recover, done by every mf_result_dir_begin):
 * leftovers of a process that is gone are cleaned up: DIR.tmp-PID/ is
 * removed (it was never published); DIR.old-PID/ is removed when DIR
 * exists (the swap got as far as publishing the new result), and renamed
 * back to DIR when DIR is missing (the swap was cut between its first
 * two steps: the earlier result comes back, the unpublished one is
 * dropped).  Leftovers of a process still running are left alone.
 *
 * An existing DIR must be empty or an earlier result: a directory with
 * MF_RESULT_MANIFEST_FILE holding a "manifest" member; anything else is
 * MF_RESULT_DIR_ERROR_NOT_RESULT and nothing is touched.  The manifest
 * lists every other file of the result with its size and SHA-256 (its
 * JSON is written by the owner of the manifest file, from
 * mf_result_dir_entries); mf_result_dir_verify compares a folder with it.
 *
 * Deliberately not here: what the files hold, the command line.
 */
#ifndef MF_RESULT_DIR_H
#define MF_RESULT_DIR_H

#include <glib.h>

G_BEGIN_DECLS

#define MF_RESULT_DIR_ERROR (mf_result_dir_error_quark ())
GQuark mf_result_dir_error_quark (void);

typedef enum {
  MF_RESULT_DIR_ERROR_IO,         /* a file or folder could not be written: exit 1 */
  MF_RESULT_DIR_ERROR_NOT_RESULT, /* DIR is neither empty nor a result: exit 2 */
  MF_RESULT_DIR_ERROR_MISMATCH,   /* a file does not match the manifest: exit 2 */
} MfResultDirError;

/* The file that holds the manifest of a result. */
#define MF_RESULT_MANIFEST_FILE "summary.json"

typedef struct {
  char *name;   /* relative to DIR, '/'-separated */
  guint64 size;
  char *sha256; /* lower-case hex */
} MfManifestEntry;

typedef struct _MfResultDir MfResultDir;
typedef struct _MfOutFile MfOutFile;

/* Recover leftovers of DIR, check that DIR may be replaced, create its
 * parents and DIR.tmp-PID/.  (transfer full) NULL with NOT_RESULT or IO. */
MfResultDir *mf_result_dir_begin (const char *dir, GError **error);
/* The same for a result whose manifest is in @manifest_file (a file name
 * in DIR; `compare` keeps its manifest in compare.json). */
MfResultDir *mf_result_dir_begin_in (const char *dir, const char *manifest_file, GError **error);
/* Files go straight into @dir (created), each written beside its final
 * name and renamed; no swap, no manifest check (trace --tracking). */
MfResultDir *mf_result_dir_new_in_place (const char *dir, GError **error);
/* Where the files are being written now (DIR.tmp-PID, or DIR in place). */
const char *mf_result_dir_work_path (const MfResultDir *rd);
/* DIR. */
const char *mf_result_dir_final_path (const MfResultDir *rd);
/* Create the folder @name (relative, parents too) in the result. */
gboolean mf_result_dir_mkdir (MfResultDir *rd, const char *name, GError **error);
/* Create file @name (relative; its folder must exist), exclusively and
 * without following links.  (transfer full) NULL with IO. */
MfOutFile *mf_out_file_create (MfResultDir *rd, const char *name, GError **error);
gboolean mf_out_file_write (MfOutFile *f, const void *data, gsize len, GError **error);
/* Close the descriptor but keep the file's hash going: the next write
 * reopens it (for many files written a piece at a time). */
gboolean mf_out_file_suspend (MfOutFile *f, GError **error);
/* Close, check, and enter the file into the manifest.  Frees @f. */
gboolean mf_out_file_close (MfOutFile *f, GError **error);
/* Close without entering into the manifest (after an error).  Frees @f. */
void mf_out_file_discard (MfOutFile *f);
/* Create, write @len bytes (-1: NUL-terminated) and close. */
gboolean mf_result_dir_write_file (MfResultDir *rd, const char *name, const void *data,
                                   gssize len, GError **error);
/* Bring file @e of the verified result in @src_dir into this one: a hard
 * link where the file system allows, else a copy. */
gboolean mf_result_dir_take (MfResultDir *rd, const char *src_dir, const MfManifestEntry *e,
                             GError **error);
/* The files closed so far, sorted by name.  (transfer none) */
GPtrArray *mf_result_dir_entries (MfResultDir *rd);
/* Publish: swap the folder in for DIR (nothing to do in place). */
gboolean mf_result_dir_commit (MfResultDir *rd, GError **error);
/* Removes the work folder unless committed. */
void mf_result_dir_free (MfResultDir *rd);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfResultDir, mf_result_dir_free)

/* Clean up the leftovers of interrupted swaps of @dir (see above). */
gboolean mf_result_dir_recover (const char *dir, GError **error);
/* The manifest of the result in @dir: MfManifestEntry*.  (transfer full)
 * NULL with MISMATCH when the manifest file is missing or malformed. */
GPtrArray *mf_result_dir_read_manifest (const char *dir, GError **error);
GPtrArray *mf_result_dir_read_manifest_in (const char *dir, const char *manifest_file,
                                           GError **error);
/* Every file of @manifest in @dir is a regular file of its size and
 * SHA-256; else MISMATCH naming the first that is not. */
gboolean mf_result_dir_verify (const char *dir, const GPtrArray *manifest, GError **error);
void mf_manifest_entry_free (MfManifestEntry *e);

/* A name for files and folders made from untrusted text: only
 * [A-Za-z0-9._-] (others become '_'), no leading dot, never empty, "."
 * or ".."; @fallback when nothing is left.  (transfer full) */
char *mf_result_dir_safe_name (const char *text, const char *fallback);

/* TEST ONLY: fault injection, as SQLite's.  When set, every operation on
 * an output path (op: "create", "write", "close", "mkdir", "rename",
 * "link") asks it first; a non-zero return is taken as that operation's
 * errno.  NULL in every normal run; only the C tests set it. */
extern int (*mf_result_dir_fail_hook) (const char *op, const char *path);

G_END_DECLS

#endif /* MF_RESULT_DIR_H */
