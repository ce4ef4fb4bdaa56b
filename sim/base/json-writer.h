/* json-writer.h — the one way msgflow writes JSON: streaming, no tree.
 *
 * Owns: writing one JSON value as it is produced, to a FILE (flushed every
 * MF_JSON_WRITER_BUFFER_BYTES) or to a text kept in memory, with commas,
 * string escaping (RFC 8259), numbers (number-format.h) and nesting
 * checked.  It exists because json-glib builds a tree with a hash table per
 * object: for the all-pairs route table of a 1,000-group organisation (a
 * million objects) that took 16 s where this writer takes a fraction of a
 * second (see `make bench`).  json-glib is for reading only (tests parse
 * what this writes with JsonParser).
 *
 * Misuse (a key outside an object, unbalanced ends, nesting deeper than
 * MF_JSON_WRITER_MAX_DEPTH) is a programming error: g_return_if_fail.
 */
#ifndef MF_JSON_WRITER_H
#define MF_JSON_WRITER_H

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

#define MF_JSON_WRITER_MAX_DEPTH 32
/* Bytes buffered before a write to the FILE. */
#define MF_JSON_WRITER_BUFFER_BYTES (64 * 1024)

typedef struct _MfJsonWriter MfJsonWriter;

MfJsonWriter *mf_json_writer_new (FILE *out);
MfJsonWriter *mf_json_writer_new_text (void);
void mf_json_writer_free (MfJsonWriter *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfJsonWriter, mf_json_writer_free)

void mf_json_writer_set_line_depth (MfJsonWriter *w, int depth);
void mf_json_writer_set_indented (MfJsonWriter *w, gboolean indented);
void mf_json_writer_begin_object (MfJsonWriter *w);
void mf_json_writer_end_object (MfJsonWriter *w);
void mf_json_writer_begin_array (MfJsonWriter *w);
void mf_json_writer_end_array (MfJsonWriter *w);
void mf_json_writer_key (MfJsonWriter *w, const char *key);
void mf_json_writer_string (MfJsonWriter *w, const char *value);
void mf_json_writer_int (MfJsonWriter *w, gint64 value);
void mf_json_writer_uint (MfJsonWriter *w, guint64 value);
void mf_json_writer_double (MfJsonWriter *w, double value);
void mf_json_writer_bool (MfJsonWriter *w, gboolean value);
void mf_json_writer_null (MfJsonWriter *w);
void mf_json_writer_raw_value (MfJsonWriter *w, const char *json, gsize len);
char *mf_json_quote (const char *s);
gboolean mf_json_writer_finish (MfJsonWriter *w, GError **error);
char *mf_json_writer_finish_text (MfJsonWriter *w);

G_END_DECLS

#endif /* MF_JSON_WRITER_H */
