/* address-space.c — SMTP address spaces and domain names (see
 * address-space.h).
 *
 * TRUST: the text is untrusted; patterns are checked label by label before
 * they are kept, and kept lower-case so matching needs no allocation.
 */
#define G_LOG_DOMAIN "msgflow-address-space"

#include "model/address-space.h"

#include <string.h>


gboolean
mf_domain_is_valid (const char *domain)
{
  gsize len = strlen (domain);
  gsize label = 0;

  if (len == 0 || len > MF_DOMAIN_MAX_BYTES)
    return FALSE;
  for (const char *p = domain; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (label == 0 || p[-1] == '-')
            return FALSE;
          label = 0;
        }
      else if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        {
          if (label == 0 && *p == '-')
            return FALSE;
          if (++label > 63)
            return FALSE;
        }
      else
        return FALSE;
    }
  return label > 0;
}

gboolean
mf_parse_address_space (const char *text, MfAddressSpace *out, GError **error)
{
  g_autofree char *whole = g_strstrip (g_strdup (text));
  g_autofree char *copy = g_strdup (whole);
  char *p = copy;
  char *pattern;
  char *cost_text;
  gint64 cost = 1;

  out->pattern = NULL;
  out->cost = 0;
  if (g_ascii_strncasecmp (p, "SMTP:", 5) == 0)
    p += 5;
  else if (strchr (p, ':') != NULL)
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
                   "address space '%s': only SMTP address spaces are supported", whole);
      return FALSE;
    }
  pattern = p;
  cost_text = strpbrk (p, " \t");
  if (cost_text != NULL)
    *cost_text++ = '\0';
  /* Said apart from a bad pattern: the limit is the one to name. */
  if (strlen (g_str_has_prefix (pattern, "*.") ? pattern + 2 : pattern) > MF_DOMAIN_MAX_BYTES)
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
                   "address space: the domain is longer than %d bytes", MF_DOMAIN_MAX_BYTES);
      return FALSE;
    }
  if (cost_text != NULL)
    {
      cost_text = g_strstrip (cost_text);
      g_autoptr (GError) int_error = NULL;
      if (!mf_parse_int (cost_text, 1, 100, &cost, &int_error))
        {
          if (int_error->code == MF_UNITS_ERROR_RANGE)
            g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                         "address space '%s': cost %s is out of range 1..100", whole, cost_text);
          else
            g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
                         "address space '%s': cost '%s' is not a whole number", whole, cost_text);
          return FALSE;
        }
    }
  if (*pattern == '@')
    pattern++;
  if (!(strcmp (pattern, "*") == 0
        || (g_str_has_prefix (pattern, "*.") && mf_domain_is_valid (pattern + 2))
        || mf_domain_is_valid (pattern)))
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
                   "address space '%s' is not an SMTP address space (examples: SMTP:* 10, "
                   "SMTP:*.fabrikam.com 5, SMTP:fabrikam.com)", whole);
      return FALSE;
    }
  out->pattern = g_ascii_strdown (pattern, -1);
  out->cost = (int) cost;
  return TRUE;
}

void
mf_address_space_clear (MfAddressSpace *space)
{
  g_clear_pointer (&space->pattern, g_free);
}

static int
count_labels (const char *domain)
{
  int n = 1;
  for (const char *p = domain; *p != '\0'; p++)
    n += (*p == '.');
  return n;
}

int
mf_address_space_match (const char *pattern, const char *domain)
{
  gsize plen, dlen;

  if (strcmp (pattern, "*") == 0)
    return 0;
  if (pattern[0] == '*' && pattern[1] == '.')
    {
      /* "*.x.y" matches the domains below x.y, not x.y itself. */
      const char *suffix = pattern + 1; /* ".x.y" */
      plen = strlen (suffix);
      dlen = strlen (domain);
      if (dlen > plen && g_ascii_strcasecmp (domain + dlen - plen, suffix) == 0)
        return 2 * count_labels (pattern + 2);
      return -1;
    }
  if (g_ascii_strcasecmp (pattern, domain) == 0)
    return 2 * count_labels (pattern) + 1;
  return -1;
}
