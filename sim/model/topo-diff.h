/* topo-diff.h — what changed between two topology files, key by key.
 *
 * Owns: comparing two topologies as their files say them: sections added
 * and removed, and within a section present in both, keys added, removed
 * or changed (old -> new value).  Works on the pre-scan (topo-scan.h), so
 * it compares what the user wrote — a key left at its default and the
 * same key written out with the default value differ — and needs no
 * loaded model.  A section is identified by its kind and name
 * ([server X] is [SERVER  x]: names match as the loader matches them).
 *
 * Deliberately not here: what a change means for routing (`routes
 * --down` and `analyze` answer that).
 */
#ifndef MF_TOPO_DIFF_H
#define MF_TOPO_DIFF_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  MF_TOPO_DIFF_SECTION_ADDED,
  MF_TOPO_DIFF_SECTION_REMOVED,
  MF_TOPO_DIFF_KEY_ADDED,
  MF_TOPO_DIFF_KEY_REMOVED,
  MF_TOPO_DIFF_KEY_CHANGED,
} MfTopoDiffKind;

typedef struct {
  MfTopoDiffKind kind;
  char *section;   /* "server CHI-BH01", "organization": kind and name */
  char *key;       /* NULL for a section added or removed */
  char *old_value; /* NULL when added */
  char *new_value; /* NULL when removed */
} MfTopoDiffEntry;

/* The differences from @old_text to @new_text, in order: the sections of
 * the old file in file order (removed, or their keys removed and changed
 * in old file order, then added in new file order), then the sections
 * only the new file has.  Empty when the files say the same.
 * (transfer full): MfTopoDiffEntry*, freed with the array. */
GPtrArray *mf_topo_diff (const char *old_text, gsize old_len, const char *new_text,
                         gsize new_len);
const char *mf_topo_diff_kind_name (MfTopoDiffKind kind);

G_END_DECLS

#endif /* MF_TOPO_DIFF_H */
