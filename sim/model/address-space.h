/* address-space.h — SMTP address spaces of connectors and the validity of
 * domain names.
 *
 * Owns: parsing "SMTP:*.fabrikam.com 5", and how specifically a pattern
 * matches a domain.  Errors are MF_UNITS_ERROR, like the other value
 * parsers.  Does not choose among connectors: routing does, using the
 * specificity returned here.
 */
#ifndef MF_ADDRESS_SPACE_H
#define MF_ADDRESS_SPACE_H

#include <glib.h>

#include "base/units.h"

G_BEGIN_DECLS

/* An SMTP address space: "SMTP:*.fabrikam.com 5".  The pattern is stored
 * lower-case without the "SMTP:" type; "*" matches every domain, "*.x.y"
 * every domain below x.y, and "x.y" (or "x.y" given as "@x.y") exactly x.y. */
typedef struct {
  char *pattern; /* (transfer full) */
  int cost;      /* 1..100 */
} MfAddressSpace;

gboolean mf_parse_address_space (const char *text, MfAddressSpace *out, GError **error);
void mf_address_space_clear (MfAddressSpace *space);
/* Specificity of a pattern's match of a lower-case domain: -1 when it does
 * not match, else larger for more specific patterns (an exact match beats
 * any wildcard; a longer wildcard suffix beats a shorter one). */
int mf_address_space_match (const char *pattern, const char *domain);
/* The longest domain name as text: RFC 1035's 255 bytes on the wire less
 * the length bytes of the first label and of the root. */
#define MF_DOMAIN_MAX_BYTES 253
/* A domain name: labels of [A-Za-z0-9-], dot-separated, at most
 * MF_DOMAIN_MAX_BYTES bytes, labels at most 63. */
gboolean mf_domain_is_valid (const char *domain);

G_END_DECLS

#endif /* MF_ADDRESS_SPACE_H */
