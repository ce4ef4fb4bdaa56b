/* sweep-spec.c — --vary SPECs and the topology text of each point (see
 * sweep-spec.h).
 *
 * A point's topology is made from the file's text rather than from the
 * loaded MfTopology so that each value goes through the one loader, with
 * its own checks and messages: a value the file could not hold is refused
 * exactly as it would be in the file.
 */
#define G_LOG_DOMAIN "msgflow-sweep"

#include "analyze/sweep-spec.h"
#include "base/diag.h"
#include "model/topo-keys.h"
#include "model/topo-scan.h"
#include "model/topology.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK (mf-sweep-error-quark, mf_sweep_error)

void
mf_sweep_vary_free (MfSweepVary *v)
{
  if (v == NULL)
    return;
  g_free (v->spec);
  g_free (v->kind);
  g_free (v->name);
  g_free (v->key);
  g_free (v->target);
  g_ptr_array_unref (v->values);
  g_free (v);
}

static gboolean
spec_error (GError **error, const char *spec, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
spec_error (GError **error, const char *spec, const char *format, ...)
{
  va_list ap;
  g_autofree char *message = NULL;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, MF_SWEEP_ERROR, MF_SWEEP_ERROR_SPEC, "--vary %s: %s", spec, message);
  return FALSE;
}

/* "0.5/s" -> 0.5 and "/s".  FALSE when it does not start with a number. */
static gboolean
split_number (const char *text, double *number, const char **unit)
{
  char *end = NULL;

  if (!(g_ascii_isdigit (*text) || ((*text == '-' || *text == '+' || *text == '.') && text[1] != '\0')))
    return FALSE;
  *number = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (*number))
    return FALSE;
  *unit = end;
  return TRUE;
}

/* "A..B step S": the values A, A+S, ... up to B inclusive, each with A's
 * unit.  A value off by rounding (0.7000000000000001) is printed in ten
 * significant digits, which no topology value needs more of. */
static gboolean
expand_range (const char *spec, const char *text, GPtrArray *values, GError **error)
{
  const char *dots = strstr (text, "..");
  const char *step = strstr (text, " step ");
  g_autofree char *a = NULL, *b = NULL, *s = NULL;
  const char *ua, *ub, *us;
  double va, vb, vs, count;

  if (dots == NULL || step == NULL || step < dots)
    return spec_error (error, spec, "a range is A..B step S");
  a = g_strstrip (g_strndup (text, (gsize) (dots - text)));
  b = g_strstrip (g_strndup (dots + 2, (gsize) (step - dots - 2)));
  s = g_strstrip (g_strdup (step + strlen (" step ")));
  if (!split_number (a, &va, &ua) || !split_number (b, &vb, &ub) || !split_number (s, &vs, &us))
    return spec_error (error, spec, "a range is A..B step S with numbers (and one unit)");
  if (strcmp (ua, ub) != 0 || strcmp (ua, us) != 0)
    return spec_error (error, spec, "A, B and S of a range must have the same unit ('%s', '%s', '%s')",
                       ua, ub, us);
  if (!(vs > 0))
    return spec_error (error, spec, "the step of a range must be more than 0");
  if (vb < va)
    return spec_error (error, spec, "a range A..B needs B >= A");
  /* The last value is B when B - A is a whole number of steps, give or
   * take rounding. */
  count = floor ((vb - va) / vs + 1e-9) + 1;
  if (count > MF_SWEEP_MAX_VALUES)
    return spec_error (error, spec, "more than %d values", MF_SWEEP_MAX_VALUES);
  for (int i = 0; i < (int) count; i++)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      double v = va + i * vs;
      if (fabs (v) < 1e-12 * fmax (fabs (va), fabs (vb)))
        v = 0; /* -0.1 + 0.1 */
      g_ascii_formatd (number, sizeof number, "%.10g", v);
      g_ptr_array_add (values, g_strconcat (number, ua, NULL));
    }
  return TRUE;
}

static gboolean
key_is_known (const char *kind, const char *key)
{
  gsize n;
  const char *const *keys = mf_topo_section_keys (kind, &n);

  for (gsize i = 0; i < n; i++)
    if (strcmp (keys[i], key) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
parse_target (MfSweepVary *v, const char *target, GError **error)
{
  const char *dot = strrchr (target, '.');
  g_autofree char *section = NULL;
  const char *space;
  gsize n_keys;

  if (dot == NULL)
    return spec_error (error, v->spec, "no key: write SECTION [NAME].KEY=VALUES");
  section = g_strstrip (g_strndup (target, (gsize) (dot - target)));
  v->key = g_strstrip (g_strdup (dot + 1));
  if (*section == '\0' || *v->key == '\0')
    return spec_error (error, v->spec, "no %s: write SECTION [NAME].KEY=VALUES",
                       *section == '\0' ? "section" : "key");
  space = strchr (section, ' ');
  v->kind = space ? g_strndup (section, (gsize) (space - section)) : g_strdup (section);
  if (space != NULL)
    v->name = g_strstrip (g_strdup (space + 1));
  if (mf_topo_section_keys (v->kind, &n_keys) == NULL)
    {
      return spec_error (error, v->spec, "unknown section [%s] (sections: organization, "
                         "routing-group, server, connector, traffic, flow, event, internet, "
                         "domain)", v->kind);
    }
  if (mf_topo_section_is_named (v->kind) && v->name == NULL)
    return spec_error (error, v->spec, "[%s] sections have names: write %s NAME.%s", v->kind,
                       v->kind, v->key);
  if (!mf_topo_section_is_named (v->kind) && v->name != NULL)
    return spec_error (error, v->spec, "[%s] has no name: write %s.%s", v->kind, v->kind, v->key);
  if (!key_is_known (v->kind, v->key))
    return spec_error (error, v->spec, "unknown key '%s' of [%s]", v->key, v->kind);
  v->target = v->name ? g_strdup_printf ("%s %s.%s", v->kind, v->name, v->key)
                      : g_strdup_printf ("%s.%s", v->kind, v->key);
  return TRUE;
}

MfSweepVary *
mf_sweep_vary_parse (const char *spec, GError **error)
{
  g_autoptr (MfSweepVary) v = g_new0 (MfSweepVary, 1);
  const char *eq = strchr (spec, '=');
  g_autofree char *target = NULL;
  const char *list;

  v->spec = g_strdup (spec);
  v->values = g_ptr_array_new_with_free_func (g_free);
  for (const char *p = spec; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      return spec_error (error, spec, "control character in the SPEC"), NULL;
  if (eq == NULL)
    return spec_error (error, spec, "no '=': write SECTION [NAME].KEY=V1;V2;..."), NULL;
  target = g_strndup (spec, (gsize) (eq - spec));
  if (!parse_target (v, target, error))
    return NULL;
  list = eq + 1;
  if (strstr (list, "..") != NULL && strstr (list, " step ") != NULL && strchr (list, ';') == NULL)
    {
      if (!expand_range (spec, list, v->values, error))
        return NULL;
    }
  else
    {
      g_auto (GStrv) parts = g_strsplit (list, ";", -1);
      for (int i = 0; parts[i] != NULL; i++)
        {
          char *value = g_strstrip (parts[i]);
          if (*value == '\0')
            return spec_error (error, spec, "empty value (number %d)", i + 1), NULL;
          g_ptr_array_add (v->values, g_strdup (value));
        }
      if (v->values->len > MF_SWEEP_MAX_VALUES)
        return spec_error (error, spec, "more than %d values", MF_SWEEP_MAX_VALUES), NULL;
    }
  if (v->values->len == 0)
    return spec_error (error, spec, "no values"), NULL;
  return g_steal_pointer (&v);
}

guint
mf_sweep_n_points (const GPtrArray *varies)
{
  guint64 n = 1;

  for (guint i = 0; i < varies->len; i++)
    {
      const MfSweepVary *v = g_ptr_array_index (varies, i);
      n *= v->values->len;
      if (n > MF_SWEEP_MAX_POINTS)
        return 0;
    }
  return (guint) n;
}

const char *
mf_sweep_point_value (const GPtrArray *varies, guint point, guint i)
{
  /* Mixed radix, the last vary fastest. */
  for (guint j = varies->len; j-- > i + 1;)
    point /= ((const MfSweepVary *) g_ptr_array_index (varies, j))->values->len;
  const MfSweepVary *v = g_ptr_array_index (varies, i);
  return g_ptr_array_index (v->values, point % v->values->len);
}

static gboolean
section_matches (const MfScanSection *s, const MfSweepVary *v)
{
  if (s->kind == NULL || g_ascii_strcasecmp (s->kind, v->kind) != 0)
    return FALSE;
  if (v->name == NULL)
    return s->name == NULL;
  return s->name != NULL && mf_topo_name_equal (s->name, v->name);
}

char *
mf_sweep_override (const char *text, gsize len, const MfSweepVary *v, const char *value,
                   GError **error)
{
  g_autoptr (MfDiag) diag = mf_diag_new ("sweep");
  g_autoptr (MfScan) scan = mf_topo_scan (text, len, diag);
  g_autofree char *copy = g_strndup (text, len);
  g_auto (GStrv) lines = NULL;
  const MfScanSection *section = NULL;
  const MfScanKey *found = NULL;
  int after;
  GString *out;

  for (guint i = 0; i < scan->sections->len && section == NULL; i++)
    if (section_matches (g_ptr_array_index (scan->sections, i), v))
      section = g_ptr_array_index (scan->sections, i);
  if (section == NULL)
    {
      g_set_error (error, MF_SWEEP_ERROR, MF_SWEEP_ERROR_SECTION, "--vary %s: no [%s%s%s] in the file",
                   v->spec, v->kind, v->name ? " " : "", v->name ? v->name : "");
      return NULL;
    }
  after = section->line;
  for (guint i = 0; i < section->keys->len; i++)
    {
      const MfScanKey *k = g_ptr_array_index (section->keys, i);
      if (strcmp (k->name, v->key) == 0)
        found = k;
      after = MAX (after, k->line);
    }
  lines = g_strsplit (copy, "\n", -1);
  out = g_string_sized_new (len + 64);
  for (int i = 0; lines[i] != NULL; i++)
    {
      int line = i + 1;
      if (found != NULL && line == found->line)
        g_string_append_printf (out, "%s = %s", v->key, value);
      else
        g_string_append (out, lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (out, '\n');
      if (found == NULL && line == after)
        g_string_append_printf (out, "%s%s = %s\n", lines[i + 1] == NULL ? "\n" : "", v->key, value);
    }
  return g_string_free (out, FALSE);
}

char *
mf_sweep_point_text (const char *text, gsize len, const GPtrArray *varies, guint point,
                     GError **error)
{
  g_autofree char *current = g_strndup (text, len);

  for (guint i = 0; i < varies->len; i++)
    {
      const MfSweepVary *v = g_ptr_array_index (varies, i);
      char *next = mf_sweep_override (current, strlen (current), v,
                                      mf_sweep_point_value (varies, point, i), error);
      if (next == NULL)
        return NULL;
      g_free (current);
      current = next;
    }
  return g_steal_pointer (&current);
}
