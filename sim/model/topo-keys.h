/* topo-keys.h — the one list of a topology file's section kinds and of the
 * keys each kind knows.
 *
 * Owns: which words are sections and keys.  The scanner checks section
 * headers against it, every section loader its keys (unknown ones get a
 * "did you mean"), and tests/test-format-keys.c checks docs/format.md
 * section 3 against it in both directions, so a key cannot be added to the
 * loader without being documented, nor documented without being read.
 */
#ifndef MF_TOPO_KEYS_H
#define MF_TOPO_KEYS_H

#include <glib.h>

G_BEGIN_DECLS

/* The section kinds in docs/format.md's order; *n gets their number.
 * (transfer none) */
const char *const *mf_topo_section_kinds (gsize *n);

/* The keys a section of `kind` knows, in docs/format.md's order, or NULL
 * for an unknown kind; *n gets their number (0 for an unknown kind).
 * (transfer none) */
const char *const *mf_topo_section_keys (const char *kind, gsize *n);

/* Does a section of `kind` take a name ([server NAME])?  FALSE for
 * organization, traffic, internet and any unknown kind. */
gboolean mf_topo_section_is_named (const char *kind);

G_END_DECLS

#endif
