/* topo-load-internet.c — loading the Internet edge: the [internet] section
 * (DNS lookup time and the far side's default latency and bandwidth), the
 * [domain NAME] sections (an external domain or a smart host: MX or not,
 * latency, bandwidth, the largest message it accepts) and the `smart-host`
 * host names of servers and SMTP connectors.  Errors go to the loader's
 * MfDiag at the key's line, like every other section's.
 */
#define G_LOG_DOMAIN "msgflow-topo"

#include "model/topo-load-private.h"

#include <string.h>


void
mf_load_internet_defaults (MfInternet *in)
{
  in->dns_lookup_us = 50 * MF_US_PER_SECOND / 1000;
  in->latency_us = 50 * MF_US_PER_SECOND / 1000;
  in->bandwidth_bps = 10 * G_GUINT64_CONSTANT (1000000);
}

static void
get_bandwidth (MfLoader *L, const MfScanSection *sec, guint64 *out)
{
  g_autoptr (GError) err = NULL;
  int line = 0;
  const char *v = mf_load_get_value (L, sec, "bandwidth", &line);
  if (v != NULL && !mf_parse_bandwidth (v, out, &err))
    mf_load_report (L, sec, line, "bandwidth", err);
}

void
mf_load_internet (MfLoader *L, const MfScanSection *sec)
{
  MfInternet *in = &L->topo->internet;

  in->present = TRUE;
  in->line = sec->line;
  mf_load_check_known_keys (L, sec);
  mf_load_get_duration (L, sec, "dns-lookup", 0, &in->dns_lookup_us);
  mf_load_get_duration (L, sec, "latency", 0, &in->latency_us);
  get_bandwidth (L, sec, &in->bandwidth_bps);
}

/* Load one [domain NAME] into `d`.  The name is a domain name (a smart
 * host's name is one too), compared without regard to case. */
void
mf_load_domain (MfLoader *L, const MfScanSection *sec, MfDomain *d)
{
  d->name = g_ascii_strdown (sec->name, -1);
  d->line = sec->line;
  d->mx = TRUE;
  d->latency_us = -1;
  d->bandwidth_bps = 0;
  d->accepts_max_size = MF_SIZE_UNLIMITED;
  mf_load_check_known_keys (L, sec);
  if (mf_load_domain_too_long (L, sec, sec->line, "the domain name", d->name))
    ;
  else if (!mf_domain_is_valid (d->name) || strchr (d->name, '.') == NULL)
    mf_diag_error (L->diag, sec->line, "%s: '%s' is not a domain name (labels of A-Z a-z 0-9 -, "
                   "with at least one dot)", mf_load_context (L, sec), sec->name);
  for (const MfDomain *o = L->topo->domains; o < d; o++)
    if (strcmp (o->name, d->name) == 0)
      mf_diag_error (L->diag, sec->line, "%s: the same domain as [domain %s] at line %d "
                     "(names of domains ignore case)", mf_load_context (L, sec), o->name,
                     o->line);
  mf_load_get_bool (L, sec, "mx", &d->mx);
  mf_load_get_duration (L, sec, "latency", 0, &d->latency_us);
  get_bandwidth (L, sec, &d->bandwidth_bps);
  mf_load_get_size (L, sec, "accepts-max-size", &d->accepts_max_size);
}

gboolean
mf_load_domain_too_long (MfLoader *L, const MfScanSection *sec, int line, const char *what,
                         const char *name)
{
  if (strlen (name) <= MF_DOMAIN_MAX_BYTES)
    return FALSE;
  mf_diag_error (L->diag, line, "%s: %s is longer than %d bytes", mf_load_context (L, sec), what,
                 MF_DOMAIN_MAX_BYTES);
  return TRUE;
}

/* `smart-host = NAME` of a server or connector: a host name outside the
 * organisation, lower-case; NULL when the key is absent or bad. */
char *
mf_load_get_smart_host (MfLoader *L, const MfScanSection *sec)
{
  int line = 0;
  const char *v = mf_load_get_value (L, sec, "smart-host", &line);
  g_autofree char *name = NULL;

  if (v == NULL)
    return NULL;
  name = g_ascii_strdown (v, -1);
  if (mf_load_domain_too_long (L, sec, line, "smart-host", name))
    return NULL;
  if (!mf_domain_is_valid (name) || strchr (name, '.') == NULL)
    {
      mf_diag_error (L->diag, line, "%s: smart-host '%s' is not a host name (labels of "
                     "A-Z a-z 0-9 -, with at least one dot)", mf_load_context (L, sec), v);
      return NULL;
    }
  return g_steal_pointer (&name);
}
