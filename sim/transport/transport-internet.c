/* transport-internet.c — the Internet edge of a run: the hosts outside the
 * organisation (a domain's MX reached by DNS, or a smart host), which
 * server sends an external recipient directly by DNS when no SMTP
 * connector's address space matches, and what a direct-DNS transfer meets
 * at the far side: the lookup time, latency and bandwidth, a domain
 * without MX (NDR 5.4.0), a size limit at MAIL FROM (5.3.4), a host that
 * is down (the link queue waits in Retry, transport-link.c).  An SMTP
 * connector without smart host delivers by DNS too: a [domain] section for
 * its destination applies to its sessions the same way.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

#include <math.h>

static void
host_free (gpointer p)
{
  Host *h = p;
  g_free (h->name);
  g_free (h);
}

static int
host_add (Transport *T, const char *name, int domain)
{
  Host *h = g_new0 (Host, 1);
  h->name = g_strdup (name);
  h->domain = domain;
  g_ptr_array_add (T->hosts, h);
  g_hash_table_insert (T->host_ids, h->name, GINT_TO_POINTER ((int) T->hosts->len));
  return (int) T->hosts->len - 1;
}

void
tr_hosts_init (Transport *T)
{
  T->hosts = g_ptr_array_new_with_free_func (host_free);
  T->host_ids = g_hash_table_new (g_str_hash, g_str_equal);
  /* Host id = domain id for the declared ones: events name them by id. */
  for (int d = 0; d < T->topo->n_domains; d++)
    host_add (T, T->topo->domains[d].name, d);
}

void
tr_hosts_free (Transport *T)
{
  g_hash_table_unref (T->host_ids);
  g_ptr_array_unref (T->hosts);
}

/* The host of a lower-case name, created with the [internet] defaults the
 * first time a name without a [domain] section is met. */
int
tr_host_get (Transport *T, const char *name)
{
  int id = GPOINTER_TO_INT (g_hash_table_lookup (T->host_ids, name));
  return id > 0 ? id - 1 : host_add (T, name, -1);
}

/* Where server s sends a recipient of external `domain` (a workload
 * domain index) that no connector serves: its virtual server's smart host,
 * or the domain's MX by DNS; -1 when direct-internet is off (NDR 5.4.4). */
int
tr_internet_host_for (Transport *T, const Server *s, int domain)
{
  const MfServer *ms = &T->topo->servers[s->id];

  if (!ms->direct_internet)
    return -1;
  if (ms->smart_host != NULL)
    return tr_host_get (T, ms->smart_host);
  return tr_host_get (T, mf_workload_domain (T->workload, domain));
}

/* An address-space connector reaches the Internet, or its smart host while
 * that is up. */
gboolean
tr_internet_connector_reachable (Transport *T, const MfConnector *c)
{
  if (c->smart_host == NULL)
    return TRUE;
  return !((Host *) g_ptr_array_index (T->hosts, tr_host_get (T, c->smart_host)))->down;
}

/* The host an address-space connector without smart host delivers to by
 * DNS for external `domain` (a workload domain index): the domain's own
 * [domain] section, or -1 when it has none (the hand-off is the delivery,
 * as before [domain] existed). */
int
tr_internet_connector_host (Transport *T, const MfConnector *c, int domain)
{
  int id;

  if (c->to >= 0 || c->smart_host != NULL || domain < 0)
    return -1;
  id = GPOINTER_TO_INT (g_hash_table_lookup (T->host_ids, mf_workload_domain (T->workload, domain)));
  if (id <= 0 || ((Host *) g_ptr_array_index (T->hosts, id - 1))->domain < 0)
    return -1;
  return id - 1;
}

/* The time of one direct-DNS transfer of the session's message, and the
 * answer it gets (ss->refuse). */
gint64
tr_internet_transfer_us (Transport *T, Session *ss, gboolean first)
{
  return tr_internet_far_side_us (T, ss, ss->link->target, first, FALSE);
}

/* What the far side `host` adds to a transfer, and its answer (ss->refuse).
 * The first message of a session pays the lookup; a domain without MX ends
 * there (5.4.0); a host that refuses the size does so at MAIL FROM, after
 * one round of latency (5.3.4); else the message takes the latency and its
 * size at the far side's bandwidth.  Through a `connector`, the connector's
 * own latency and bandwidth already stand for the path: the [internet]
 * defaults (lookup included) are not added, only what [domain] says. */
gint64
tr_internet_far_side_us (Transport *T, Session *ss, int host, gboolean first, gboolean connector)
{
  const MfInternet *in = &T->topo->internet;
  const Host *h = g_ptr_array_index (T->hosts, host);
  const MfDomain *d = h->domain >= 0 ? &T->topo->domains[h->domain] : NULL;
  gint64 latency = d != NULL && d->latency_us >= 0 ? d->latency_us
                   : connector                    ? 0
                                                  : in->latency_us;
  guint64 bps = d != NULL && d->bandwidth_bps != 0 ? d->bandwidth_bps
                : connector                        ? MF_BANDWIDTH_UNLIMITED
                                                   : in->bandwidth_bps;
  gint64 t = first && !connector ? in->dns_lookup_us : 0;

  ss->refuse = 0;
  if (d != NULL && !d->mx)
    {
      ss->refuse = MF_NDR_DNS + 1;
      return in->dns_lookup_us;
    }
  t += latency;
  if (d != NULL && ss->msg->size > d->accepts_max_size)
    {
      ss->refuse = MF_NDR_TOO_LARGE + 1;
      return t;
    }
  if (bps < MF_BANDWIDTH_UNLIMITED)
    t += (gint64) ceil ((double) ss->msg->size * 8.0 * 1e6 / (double) bps);
  return t;
}

/* An [event] on a [domain]: down, connections to it fail and transfers
 * under way are lost and retried; up, the waiting queues retry on their
 * next timer, as Exchange's do. */
void
tr_internet_set_down (Transport *T, int domain, gboolean down)
{
  Host *h = g_ptr_array_index (T->hosts, domain);

  h->down = down;
  if (down)
    tr_links_abort_host (T, domain);
}
