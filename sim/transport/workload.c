/* workload.c — arrival processes and new messages (see workload.h).
 *
 * Traffic: server s sends at rate mailboxes(s) × messages-per-mailbox,
 * times the diurnal weight of the hour (mean 1 over a day).  The
 * non-homogeneous Poisson process is drawn by thinning (Lewis and Shedler):
 * candidates at the peak rate, each kept with probability weight/peak.
 * Recipients are mailboxes chosen in proportion to the mailboxes of each
 * server across the organisation (a cumulative table, binary search), or
 * the external domain with probability external-share.
 */
#define G_LOG_DOMAIN "msgflow-workload"

#include "transport/workload.h"
#include "model/dist.h"

#include <math.h>
#include <string.h>

typedef struct {
  char *name;
  MfRng rng;
  int server;       /* traffic source: the sending server; flows: -1 */
  int flow;         /* flow id or -1 */
  double rate_per_us;
  gint64 start_us, end_us;
  gint64 last_us;   /* the previous arrival, -1 before the first */
} Source;

struct _MfWorkload {
  const MfTopology *topo;
  GArray *sources;        /* Source */
  double *cum_mailboxes;  /* cumulative mailboxes by server, n_servers entries */
  double total_mailboxes;
  double diurnal_peak;
  GPtrArray *domains;     /* char* */
  int traffic_domain;     /* index of [traffic] external-domain, -1 */
  int *flow_domain;       /* per flow: domain index, -1 */
};

static int add_domain (MfWorkload *w, const char *domain);

int
mf_workload_add_domain (MfWorkload *w, const char *domain)
{
  return add_domain (w, domain);
}

static int
add_domain (MfWorkload *w, const char *domain)
{
  for (guint i = 0; i < w->domains->len; i++)
    if (strcmp (g_ptr_array_index (w->domains, i), domain) == 0)
      return (int) i;
  g_ptr_array_add (w->domains, g_strdup (domain));
  return (int) w->domains->len - 1;
}

MfWorkload *
mf_workload_new (const MfTopology *topo, guint64 seed, guint replication)
{
  MfWorkload *w = g_new0 (MfWorkload, 1);
  const MfTraffic *tr = &topo->traffic;

  w->topo = topo;
  w->sources = g_array_new (FALSE, TRUE, sizeof (Source));
  w->domains = g_ptr_array_new_with_free_func (g_free);
  w->cum_mailboxes = g_new0 (double, (gsize) topo->n_servers + 1);
  for (int s = 0; s < topo->n_servers; s++)
    {
      w->total_mailboxes += (double) topo->servers[s].mailboxes;
      w->cum_mailboxes[s] = w->total_mailboxes;
    }
  w->diurnal_peak = 1.0;
  for (int h = 0; h < 24; h++)
    w->diurnal_peak = MAX (w->diurnal_peak, tr->diurnal[h]);
  w->traffic_domain = tr->external_domain ? add_domain (w, tr->external_domain) : -1;
  w->flow_domain = g_new (int, (gsize) topo->n_flows + 1);
  for (int f = 0; f < topo->n_flows; f++)
    w->flow_domain[f] = topo->flows[f].to_kind == MF_ENDPOINT_DOMAIN
                            ? add_domain (w, topo->flows[f].to_domain) : -1;

  if (tr->present && tr->messages_per_mailbox_per_s > 0)
    for (int s = 0; s < topo->n_servers; s++)
      {
        Source src = { 0 };
        if (topo->servers[s].mailboxes == 0)
          continue;
        src.name = g_strdup_printf ("traffic:%s", topo->servers[s].name);
        mf_rng_init (&src.rng, seed, replication, src.name);
        src.server = s;
        src.flow = -1;
        src.rate_per_us = (double) topo->servers[s].mailboxes * tr->messages_per_mailbox_per_s
                          / (double) MF_US_PER_SECOND;
        src.start_us = 0;
        src.end_us = G_MAXINT64;
        src.last_us = -1;
        g_array_append_val (w->sources, src);
      }
  for (int f = 0; f < topo->n_flows; f++)
    {
      const MfFlow *flow = &topo->flows[f];
      Source src = { 0 };
      if (flow->rate_per_s <= 0)
        continue;
      src.name = g_strdup_printf ("flow:%s", flow->name);
      mf_rng_init (&src.rng, seed, replication, src.name);
      src.server = -1;
      src.flow = f;
      src.rate_per_us = flow->rate_per_s / (double) MF_US_PER_SECOND;
      src.start_us = flow->start_us;
      src.end_us = flow->end_us;
      src.last_us = -1;
      g_array_append_val (w->sources, src);
    }
  return w;
}

void
mf_workload_free (MfWorkload *w)
{
  if (w == NULL)
    return;
  for (guint i = 0; i < w->sources->len; i++)
    g_free (g_array_index (w->sources, Source, i).name);
  g_array_unref (w->sources);
  g_ptr_array_unref (w->domains);
  g_free (w->cum_mailboxes);
  g_free (w->flow_domain);
  g_free (w);
}

int
mf_workload_n_sources (const MfWorkload *w)
{
  return (int) w->sources->len;
}

const char *
mf_workload_source_name (const MfWorkload *w, int source)
{
  return g_array_index (w->sources, Source, source).name;
}

int
mf_workload_n_domains (const MfWorkload *w)
{
  return (int) w->domains->len;
}

const char *
mf_workload_domain (const MfWorkload *w, int index)
{
  return g_ptr_array_index (w->domains, index);
}

/* The diurnal weight at simulated time t (hours of the simulated clock). */
static double
diurnal_weight (const MfWorkload *w, gint64 t_us)
{
  gint64 clock = (w->topo->org.start_us + t_us) % MF_US_PER_DAY;
  return w->topo->traffic.diurnal[clock / MF_US_PER_HOUR];
}

gint64
mf_workload_next_arrival (MfWorkload *w, int source, gint64 now_us, gint64 end_us)
{
  Source *src = &g_array_index (w->sources, Source, source);
  gint64 limit = MIN (end_us, src->end_us);
  double t;

  if (src->flow >= 0 && w->topo->flows[src->flow].arrivals == MF_ARRIVALS_UNIFORM)
    {
      /* Evenly spaced, the first one at `start`. */
      double gap = 1.0 / src->rate_per_us;
      t = src->last_us < 0 ? (double) src->start_us : (double) src->last_us + gap;
    }
  else
    {
      gboolean thinned = src->flow < 0 && w->topo->traffic.diurnal_kind != MF_DIURNAL_FLAT;
      double peak = src->rate_per_us * (thinned ? w->diurnal_peak : 1.0);
      t = src->last_us < 0 ? (double) MAX (src->start_us, now_us) : (double) src->last_us;
      for (;;)
        {
          t += mf_rng_exp (&src->rng, 1.0 / peak);
          if (t >= (double) limit)
            break;
          if (!thinned
              || mf_rng_uniform01 (&src->rng) * w->diurnal_peak
                     < diurnal_weight (w, (gint64) t))
            break;
        }
    }
  if (!(t < (double) limit))
    return -1;
  /* Times are whole microseconds; keep the fraction out of the sample path
   * by rounding each arrival on its own. */
  src->last_us = MAX ((gint64) llround (t), src->last_us);
  return src->last_us;
}

/* A server chosen in proportion to mailboxes among `ids` (all servers when
 * ids is NULL); uniformly when none of them has mailboxes. */
static int
pick_server (MfWorkload *w, MfRng *rng, const int *ids, int n)
{
  const MfTopology *t = w->topo;

  if (ids == NULL)
    {
      double u;
      int lo = 0, hi = t->n_servers - 1;
      if (w->total_mailboxes <= 0)
        return (int) mf_rng_below (rng, (guint64) t->n_servers);
      u = mf_rng_uniform01 (rng) * w->total_mailboxes;
      while (lo < hi)
        {
          int mid = (lo + hi) / 2;
          if (w->cum_mailboxes[mid] > u)
            hi = mid;
          else
            lo = mid + 1;
        }
      return lo;
    }
  {
    double total = 0, u, acc = 0;
    for (int i = 0; i < n; i++)
      total += (double) t->servers[ids[i]].mailboxes;
    if (total <= 0)
      return ids[mf_rng_below (rng, (guint64) n)];
    u = mf_rng_uniform01 (rng) * total;
    for (int i = 0; i < n; i++)
      {
        acc += (double) t->servers[ids[i]].mailboxes;
        if (u < acc)
          return ids[i];
      }
    return ids[n - 1];
  }
}

static int
draw_count (const MfDist *d, MfRng *rng)
{
  gint64 n = mf_dist_sample_rounded (d, rng);
  return (int) CLAMP (n, 1, 64000);
}

void
mf_workload_make_message (MfWorkload *w, int source, MfNewMessage *out)
{
  Source *src = &g_array_index (w->sources, Source, source);
  const MfTopology *t = w->topo;
  double size;

  memset (out, 0, sizeof *out);
  out->source = source;
  out->flow = src->flow;
  if (src->flow < 0)
    {
      const MfTraffic *tr = &t->traffic;
      out->origin = src->server;
      size = mf_dist_sample (&tr->size, &src->rng);
      out->n_recipients = draw_count (&tr->recipients, &src->rng);
      out->recipients = g_new (MfRecipient, (gsize) out->n_recipients);
      for (int i = 0; i < out->n_recipients; i++)
        {
          if (tr->external_share > 0 && mf_rng_uniform01 (&src->rng) < tr->external_share)
            out->recipients[i] = (MfRecipient){ -1, w->traffic_domain };
          else
            out->recipients[i] = (MfRecipient){ pick_server (w, &src->rng, NULL, 0), -1 };
        }
    }
  else
    {
      const MfFlow *f = &t->flows[src->flow];
      switch (f->from_kind)
        {
        case MF_ENDPOINT_SERVER:
          out->origin = f->from;
          break;
        case MF_ENDPOINT_ROUTING_GROUP:
          out->origin = pick_server (w, &src->rng, t->routing_groups[f->from].members,
                                     t->routing_groups[f->from].n_members);
          break;
        case MF_ENDPOINT_EXTERNAL:
        case MF_ENDPOINT_DOMAIN:
        default:
          out->origin = f->via;
          out->external = TRUE;
          break;
        }
      size = mf_dist_sample (&f->size, &src->rng);
      out->n_recipients = draw_count (&f->recipients, &src->rng);
      out->recipients = g_new (MfRecipient, (gsize) out->n_recipients);
      for (int i = 0; i < out->n_recipients; i++)
        switch (f->to_kind)
          {
          case MF_ENDPOINT_SERVER:
            out->recipients[i] = (MfRecipient){ f->to, -1 };
            break;
          case MF_ENDPOINT_ROUTING_GROUP:
            out->recipients[i] = (MfRecipient){
              pick_server (w, &src->rng, t->routing_groups[f->to].members,
                           t->routing_groups[f->to].n_members), -1 };
            break;
          case MF_ENDPOINT_DOMAIN:
          case MF_ENDPOINT_EXTERNAL:
          default:
            out->recipients[i] = (MfRecipient){ -1, w->flow_domain[src->flow] };
            break;
          }
    }
  out->size_bytes = size < 1.0 ? 1 : (guint64) llround (size);
}

void
mf_new_message_clear (MfNewMessage *m)
{
  g_clear_pointer (&m->recipients, g_free);
  m->n_recipients = 0;
}

double
mf_workload_expected_messages (const MfWorkload *w, gint64 end_us)
{
  double total = 0;
  for (guint i = 0; i < w->sources->len; i++)
    {
      const Source *src = &g_array_index (w->sources, Source, i);
      gint64 a = src->start_us, b = MIN (end_us, src->end_us);
      if (b > a)
        total += src->rate_per_us * (double) (b - a);
    }
  return total;
}
