/* topo-scan.h — the pre-scan of a topology file's text, before GKeyFile.
 *
 * Owns: the line structure of a file.  GKeyFile hides what a careful reader
 * must report: it merges duplicate sections, keeps the last of duplicate
 * keys and forgets line numbers.  The scan records the line of every section
 * and key, reports those faults and every byte-level one (size, NUL, invalid
 * UTF-8, control characters, over-long lines, keys before the first
 * section), and hands GKeyFile a normalised text (comments and trailing
 * " # comment"s removed, bad lines left out) with the same line numbering.
 *
 * TRUST: the input is any bytes.  Work and memory are linear in its size,
 * which the caller bounds (MF_TOPO_MAX_FILE_BYTES).
 */
#ifndef MF_TOPO_SCAN_H
#define MF_TOPO_SCAN_H

#include <glib.h>
#include "base/diag.h"

G_BEGIN_DECLS

typedef struct {
  char *name;   /* key name */
  char *value;  /* trimmed, trailing comment removed */
  int line;
} MfScanKey;

typedef struct {
  char *header; /* the text between the brackets */
  char *kind;   /* "organization", "server", … */
  char *name;   /* the object's name; NULL for organization and traffic */
  int line;
  GPtrArray *keys; /* MfScanKey, in file order */
  gboolean damaged; /* a line inside it was rejected: missing keys are not reported again */
} MfScanSection;

typedef struct {
  GPtrArray *sections; /* MfScanSection, in file order */
  char *normalized;    /* text for GKeyFile, same line numbers */
  gboolean unreadable; /* not text at all (UTF-16): nothing else to report */
  GHashTable *rejected_kinds; /* kinds of well-named sections whose header was rejected */
  gsize normalized_len;
} MfScan;

/* Scan `len` bytes.  Faults go to `diag`; the scan always returns a result
 * holding what could be read.  (transfer full) */
MfScan *mf_topo_scan (const char *data, gsize len, MfDiag *diag);
void mf_scan_free (MfScan *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfScan, mf_scan_free)

/* Is `name` a valid object name: [A-Za-z0-9._-]+, at most
 * MF_TOPO_MAX_NAME_BYTES bytes? */
gboolean mf_name_is_valid (const char *name);
/* The same, with single or repeated spaces allowed inside (not at the
 * ends): the names of routing groups and connectors. */
gboolean mf_name_is_valid_spaced (const char *name);

/* The known word closest to `word` within a small edit distance, or NULL.
 * (transfer none: one of `known`) */
const char *mf_suggest (const char *word, const char *const *known, gsize n_known);

G_END_DECLS

#endif /* MF_TOPO_SCAN_H */
