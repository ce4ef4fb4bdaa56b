/* csv.h — RFC 4180 CSV, written and read.
 *
 * Owns: quoting a field when it holds a comma, quote or line break (and
 * reading it back), the text of numbers in a CSV cell, and a bounded
 * reader for a whole file's bytes: the first record must be the expected
 * header, every other record must have as many fields, line numbers are
 * counted through quoted line breaks.  Errors are MF_CSV_ERROR with a
 * "PATH:LINE: message" text.  Knows nothing of what the columns mean, nor
 * of files on disk: the caller maps or reads the bytes.
 */
#ifndef MF_CSV_H
#define MF_CSV_H

#include <glib.h>

G_BEGIN_DECLS

#define MF_CSV_ERROR (mf_csv_error_quark ())
GQuark mf_csv_error_quark (void);

typedef enum {
  MF_CSV_ERROR_SYNTAX,  /* a malformed record, or a field too long */
  MF_CSV_ERROR_HEADER,  /* the first record is not the expected header */
  MF_CSV_ERROR_FIELDS,  /* a record has another number of fields */
} MfCsvError;

/* At most this many fields are read in a header record. */
#define MF_CSV_MAX_HEADER_FIELDS 64

void mf_csv_append_field (GString *s, const char *text);
void mf_csv_append_double (GString *s, double x);
void mf_csv_append_u64 (GString *s, guint64 v);

/* One record as the reader hands it to a row function. */
typedef struct {
  const char *path;   /* as given to mf_csv_read, for messages */
  guint line;         /* of the record's first line, from 1 */
  guint n;            /* fields */
  GPtrArray *fields;  /* (element-type GString) private: use mf_csv_record_field */
} MfCsvRecord;

typedef gboolean (*MfCsvRowFunc) (const MfCsvRecord *rec, gpointer user_data, GError **error);

const char *mf_csv_record_field (const MfCsvRecord *rec, guint i);
gboolean mf_csv_read (const char *path, const char *text, gsize len, const char *header,
                      gsize max_field_bytes, MfCsvRowFunc func, gpointer user_data,
                      GError **error);

G_END_DECLS

#endif /* MF_CSV_H */
