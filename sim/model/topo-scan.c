/* topo-scan.c — line-level reading of topology files (see topo-scan.h).
 *
 * Each line is one of: blank, a whole-line "#" comment, a "[section]"
 * header, or "key = value".  Anything else is an error at that line and the
 * line is left out of the normalised text, so GKeyFile never sees it and
 * later checks do not trip over its absence twice.
 */
#define G_LOG_DOMAIN "msgflow-topo"

#include "model/topo-scan.h"
#include "model/topology.h"
#include "model/topo-keys.h"

#include <string.h>

static void
scan_key_free (gpointer p)
{
  MfScanKey *k = p;
  g_free (k->name);
  g_free (k->value);
  g_free (k);
}

static void
scan_section_free (gpointer p)
{
  MfScanSection *s = p;
  g_free (s->header);
  g_free (s->kind);
  g_free (s->name);
  g_ptr_array_unref (s->keys);
  g_free (s);
}

void
mf_scan_free (MfScan *scan)
{
  if (scan == NULL)
    return;
  g_ptr_array_unref (scan->sections);
  g_hash_table_unref (scan->rejected_kinds);
  g_free (scan->normalized);
  g_free (scan);
}

gboolean
mf_name_is_valid (const char *name)
{
  gsize n = 0;
  for (const char *p = name; *p != '\0'; p++, n++)
    if (!(g_ascii_isalnum (*p) || *p == '.' || *p == '_' || *p == '-'))
      return FALSE;
  return n > 0 && n <= MF_TOPO_MAX_NAME_BYTES;
}

gboolean
mf_name_is_valid_spaced (const char *name)
{
  gsize n = strlen (name);
  if (n == 0 || name[0] == ' ' || name[n - 1] == ' ')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (*p != ' ' && !(g_ascii_isalnum (*p) || *p == '.' || *p == '_' || *p == '-'))
      return FALSE;
  return n <= MF_TOPO_MAX_NAME_BYTES;
}

/* Routing groups and connectors have Exchange's display names, which may
 * hold spaces ("First Routing Group"); servers are host names. */
static gboolean
kind_allows_spaces (const char *kind)
{
  return strcmp (kind, "routing-group") == 0 || strcmp (kind, "connector") == 0;
}

static gboolean
key_name_is_valid (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.'))
      return FALSE;
  return TRUE;
}

/* Edit distance with adjacent transpositions (optimal string alignment:
 * "smpt" is one edit from "smtp"), case-insensitive.  Words of 64 bytes or
 * more are never suggested for: names that long are not typed by hand. */
#define SUGGEST_MAX_LEN 64
static guint
edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guint d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];

  if (la >= SUGGEST_MAX_LEN || lb >= SUGGEST_MAX_LEN)
    return G_MAXUINT;
  for (gsize i = 0; i <= la; i++)
    d[i][0] = (guint) i;
  for (gsize j = 0; j <= lb; j++)
    d[0][j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++)
      {
        char x = g_ascii_tolower (a[i - 1]), y = g_ascii_tolower (b[j - 1]);
        guint best = MIN (d[i - 1][j] + 1, d[i][j - 1] + 1);
        best = MIN (best, d[i - 1][j - 1] + (x == y ? 0 : 1));
        if (i > 1 && j > 1 && x == g_ascii_tolower (b[j - 2]) && g_ascii_tolower (a[i - 2]) == y)
          best = MIN (best, d[i - 2][j - 2] + 1);
        d[i][j] = best;
      }
  return d[la][lb];
}

const char *
mf_suggest (const char *word, const char *const *known, gsize n_known)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  guint limit = strlen (word) <= 4 ? 1 : 2;

  for (gsize i = 0; i < n_known; i++)
    {
      guint d = edit_distance (word, known[i]);
      if (d < best_d)
        {
          best_d = d;
          best = known[i];
        }
      /* A word that is a prefix of a known one is a likely abbreviation. */
      if (strlen (word) >= 3 && g_str_has_prefix (known[i], word) && best_d > limit)
        {
          best_d = limit;
          best = known[i];
        }
    }
  return best_d <= limit ? best : NULL;
}

/* Strip a trailing " # comment": a '#' that follows a space or tab. */
static void
strip_trailing_comment (char *value)
{
  for (char *p = value; *p != '\0'; p++)
    if (*p == '#' && p > value && (p[-1] == ' ' || p[-1] == '\t'))
      {
        *p = '\0';
        break;
      }
}

static gboolean
parse_header (MfScanSection *sec, MfDiag *diag, GHashTable *rejected_kinds)
{
  const char *space = strchr (sec->header, ' ');
  g_autofree char *kind = space ? g_strndup (sec->header, (gsize) (space - sec->header))
                                : g_strdup (sec->header);
  gsize n_kinds;
  const char *const *section_kinds = mf_topo_section_kinds (&n_kinds);
  gsize n_keys;
  gboolean named;

  if (mf_topo_section_keys (kind, &n_keys) == NULL)
    {
      const char *hint = mf_suggest (kind, section_kinds, n_kinds);
      if (hint)
        mf_diag_error (diag, sec->line, "unknown section [%s] (did you mean [%s]?)",
                       sec->header, hint);
      else
        mf_diag_error (diag, sec->line,
                       "unknown section [%s] (sections: organization, routing-group, "
                       "server, connector, traffic, flow, event, internet, domain)", sec->header);
      return FALSE;
    }
  /* From here on the kind is known: if the header is rejected, the section
   * still exists, so it must not also be reported missing. */
  g_hash_table_add (rejected_kinds, g_strdup (kind));
  named = mf_topo_section_is_named (kind);
  if (!named)
    {
      if (space != NULL)
        {
          mf_diag_error (diag, sec->line, "section [%s] takes no name", kind);
          return FALSE;
        }
    }
  else
    {
      /* Spaces around the name are not part of it. */
      g_autofree char *name = g_strstrip (g_strdup (space ? space + 1 : ""));
      gboolean spaced = kind_allows_spaces (kind);
      if (*name == '\0')
        {
          mf_diag_error (diag, sec->line, "section [%s] needs a name: [%s NAME]", kind, kind);
          return FALSE;
        }
      if (spaced ? !mf_name_is_valid_spaced (name) : !mf_name_is_valid (name))
        {
          if (strlen (name) > MF_TOPO_MAX_NAME_BYTES)
            mf_diag_error (diag, sec->line, "%s name is longer than %d bytes", kind,
                           MF_TOPO_MAX_NAME_BYTES);
          else if (spaced)
            mf_diag_error (diag, sec->line,
                           "%s name '%s' has characters other than A-Z a-z 0-9 . _ - and space",
                           kind, name);
          else
            mf_diag_error (diag, sec->line,
                           "%s name '%s' has characters other than A-Z a-z 0-9 . _ -", kind, name);
          return FALSE;
        }
      /* The header GKeyFile sees: one space after the kind, the name trimmed. */
      g_free (sec->header);
      sec->header = g_strdup_printf ("%s %s", kind, name);
      sec->name = g_steal_pointer (&name);
    }
  g_hash_table_remove (rejected_kinds, kind);
  sec->kind = g_steal_pointer (&kind);
  return TRUE;
}

/* Find the first byte that is a control character other than tab. */
static const char *
find_control (const char *line, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) line[i];
      if ((c < 0x20 && c != '\t') || c == 0x7f)
        return line + i;
    }
  return NULL;
}

/* A rejected line: keep the numbering, and remember that the section it
 * was in lost a line, so that a key it held is not also called missing. */
static void
reject_line (MfScanSection *current, GString *norm)
{
  if (current != NULL)
    current->damaged = TRUE;
  g_string_append_c (norm, '\n');
}

MfScan *
mf_topo_scan (const char *data, gsize len, MfDiag *diag)
{
  MfScan *scan = g_new0 (MfScan, 1);
  /* header → section; "kind NAME" compared as names are (case, spaces) */
  g_autoptr (GHashTable) headers = g_hash_table_new (mf_topo_name_hash_func,
                                                     mf_topo_name_equal_func);
  g_autoptr (GHashTable) keys = NULL; /* key name → MfScanKey, of the current section */
  GString *norm;
  MfScanSection *current = NULL;
  gsize pos = 0;
  int line_no = 0;
  gboolean skipping_section = FALSE; /* inside a section that was rejected */

  scan->sections = g_ptr_array_new_with_free_func (scan_section_free);
  scan->rejected_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* UTF-16 (a byte order mark, or a NUL in every other byte) would give an
   * error on every line: say once what is wrong. */
  if (len >= 2 && (((guchar) data[0] == 0xff && (guchar) data[1] == 0xfe)
                   || ((guchar) data[0] == 0xfe && (guchar) data[1] == 0xff)
                   || (len >= 4 && data[1] == '\0' && data[3] == '\0' && data[0] != '\0')))
    {
      mf_diag_error (diag, 0, "the file is UTF-16: save it as UTF-8");
      scan->normalized = g_strdup ("");
      scan->unreadable = TRUE;
      return scan;
    }
  /* A UTF-8 byte order mark (Notepad writes one) is not part of the text. */
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  norm = g_string_sized_new (len + 1);
  while (pos < len)
    {
      const char *line = data + pos;
      const char *nl = memchr (line, '\n', len - pos);
      gsize line_len = nl ? (gsize) (nl - line) : len - pos;
      const char *bad;
      g_autofree char *text = NULL;
      char *t;

      pos += line_len + (nl ? 1 : 0);
      line_no++;
      if (line_len > 0 && line[line_len - 1] == '\r')
        line_len--;
      if (line_len > MF_TOPO_MAX_LINE_BYTES)
        {
          mf_diag_error (diag, line_no, "line is longer than the limit of %d bytes",
                         MF_TOPO_MAX_LINE_BYTES);
          reject_line (current, norm);
          continue;
        }
      if (memchr (line, '\0', line_len) != NULL)
        {
          mf_diag_error (diag, line_no, "NUL byte in the line");
          reject_line (current, norm);
          continue;
        }
      if (!g_utf8_validate (line, (gssize) line_len, NULL))
        {
          mf_diag_error (diag, line_no, "invalid UTF-8");
          reject_line (current, norm);
          continue;
        }
      bad = find_control (line, line_len);
      if (bad != NULL)
        {
          mf_diag_error (diag, line_no, "control character 0x%02x in the line",
                         (guint) (guchar) *bad);
          reject_line (current, norm);
          continue;
        }

      text = g_strndup (line, line_len);
      t = g_strstrip (text);
      if (*t == '\0' || *t == '#')
        {
          g_string_append_c (norm, '\n');
          continue;
        }

      if (*t == '[')
        {
          gsize tl = strlen (t);
          MfScanSection *sec;
          MfScanSection *first;

          current = NULL;
          skipping_section = TRUE;
          g_clear_pointer (&keys, g_hash_table_unref);
          strip_trailing_comment (t);
          g_strchomp (t);
          tl = strlen (t);
          if (tl < 2 || t[tl - 1] != ']' || memchr (t + 1, '[', tl - 2) || memchr (t + 1, ']', tl - 2))
            {
              mf_diag_error (diag, line_no, "malformed section header: expected [kind NAME]");
              g_string_append_c (norm, '\n');
              continue;
            }
          sec = g_new0 (MfScanSection, 1);
          sec->header = g_strndup (t + 1, tl - 2);
          sec->line = line_no;
          sec->keys = g_ptr_array_new_with_free_func (scan_key_free);
          if (!parse_header (sec, diag, scan->rejected_kinds))
            {
              scan_section_free (sec);
              g_string_append_c (norm, '\n');
              continue;
            }
          first = g_hash_table_lookup (headers, sec->header);
          if (first != NULL)
            {
              if (strcmp (first->header, sec->header) == 0)
                mf_diag_error (diag, line_no, "duplicate section [%s] (first at line %d)",
                               sec->header, first->line);
              else
                mf_diag_error (diag, line_no,
                               "duplicate section [%s]: names ignore case and repeated "
                               "spaces, and [%s] is at line %d", sec->header, first->header,
                               first->line);
              scan_section_free (sec);
              g_string_append_c (norm, '\n');
              continue;
            }
          g_ptr_array_add (scan->sections, sec);
          g_hash_table_insert (headers, sec->header, sec);
          current = sec;
          skipping_section = FALSE;
          keys = g_hash_table_new (g_str_hash, g_str_equal);
          g_string_append_printf (norm, "[%s]\n", sec->header);
          continue;
        }

      {
        char *eq = strchr (t, '=');
        MfScanKey *key;
        MfScanKey *first;

        if (eq == NULL)
          {
            mf_diag_error (diag, line_no,
                           "expected 'key = value', a [section] header or a # comment");
            reject_line (current, norm);
            continue;
          }
        *eq = '\0';
        g_strchomp (t);
        if (*t == '\0')
          {
            mf_diag_error (diag, line_no, "missing key name before '='");
            reject_line (current, norm);
            continue;
          }
        if (!key_name_is_valid (t))
          {
            mf_diag_error (diag, line_no, "'%s' is not a key name", t);
            reject_line (current, norm);
            continue;
          }
        if (current == NULL)
          {
            if (!skipping_section)
              mf_diag_error (diag, line_no, "key '%s' before the first section", t);
            g_string_append_c (norm, '\n');
            continue;
          }
        first = g_hash_table_lookup (keys, t);
        if (first != NULL)
          {
            mf_diag_error (diag, line_no, "duplicate key '%s' in [%s] (first at line %d)",
                           t, current->header, first->line);
            g_string_append_c (norm, '\n');
            continue;
          }
        key = g_new0 (MfScanKey, 1);
        key->name = g_strdup (t);
        key->value = g_strdup (eq + 1);
        strip_trailing_comment (key->value);
        g_strstrip (key->value);
        key->line = line_no;
        g_ptr_array_add (current->keys, key);
        g_hash_table_insert (keys, key->name, key);
        g_string_append_printf (norm, "%s=%s\n", key->name, key->value);
      }
    }
  scan->normalized_len = norm->len;
  scan->normalized = g_string_free (norm, FALSE);
  return scan;
}
