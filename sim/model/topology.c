/* topology.c — lifetime, look-ups and serialisation of the model
 * (topology.h).  Loading lives in topo-load.c. */
#define G_LOG_DOMAIN "msgflow-topo"

#include "model/topology.h"

#include <string.h>

void
mf_topo_free (MfTopology *topo)
{
  if (topo == NULL)
    return;
  g_free (topo->path);
  g_free (topo->org.name);
  for (int i = 0; i < topo->n_routing_groups; i++)
    {
      g_free (topo->routing_groups[i].name);
      g_free (topo->routing_groups[i].members);
      g_free (topo->routing_groups[i].connectors);
    }
  g_free (topo->routing_groups);
  for (int i = 0; i < topo->n_servers; i++)
    {
      g_free (topo->servers[i].name);
      g_free (topo->servers[i].smart_host);
    }
  g_free (topo->servers);
  for (int i = 0; i < topo->n_connectors; i++)
    {
      MfConnector *c = &topo->connectors[i];
      g_free (c->name);
      for (int j = 0; j < c->n_address_spaces; j++)
        mf_address_space_clear (&c->address_spaces[j]);
      g_free (c->address_spaces);
      g_free (c->bridgeheads);
      g_free (c->remote_bridgeheads);
      g_free (c->smart_host);
      mf_schedule_clear (&c->schedule);
    }
  g_free (topo->connectors);
  g_free (topo->traffic.external_domain);
  for (int i = 0; i < topo->n_flows; i++)
    {
      g_free (topo->flows[i].name);
      g_free (topo->flows[i].to_domain);
    }
  g_free (topo->flows);
  for (int i = 0; i < topo->n_events; i++)
    g_free (topo->events[i].name);
  g_free (topo->events);
  for (int i = 0; i < topo->n_domains; i++)
    g_free (topo->domains[i].name);
  g_free (topo->domains);
  g_free (topo);
}

/* Skip to the next character that counts: one space stands for a run
 * inside the name, and spaces at its ends do not count. */
static const char *
name_next (const char *p, gboolean at_start)
{
  const char *q = p;
  while (*q == ' ')
    q++;
  if (q == p)
    return p;
  return at_start || *q == '\0' ? q : q - 1;
}

gboolean
mf_topo_name_equal (const char *a, const char *b)
{
  a = name_next (a, TRUE);
  b = name_next (b, TRUE);
  for (;;)
    {
      if (g_ascii_tolower (*a) != g_ascii_tolower (*b))
        return FALSE;
      if (*a == '\0')
        return TRUE;
      a = name_next (a + 1, FALSE);
      b = name_next (b + 1, FALSE);
    }
}

guint
mf_topo_name_hash (const char *name)
{
  guint h = 5381;
  for (const char *p = name_next (name, TRUE); *p != '\0'; p = name_next (p + 1, FALSE))
    h = h * 33 + (guint) (guchar) g_ascii_tolower (*p);
  return h;
}

gboolean
mf_topo_name_equal_func (gconstpointer a, gconstpointer b)
{
  return mf_topo_name_equal (a, b);
}

guint
mf_topo_name_hash_func (gconstpointer name)
{
  return mf_topo_name_hash (name);
}

int
mf_topo_find_routing_group (const MfTopology *topo, const char *name)
{
  for (int i = 0; i < topo->n_routing_groups; i++)
    if (mf_topo_name_equal (topo->routing_groups[i].name, name))
      return i;
  return -1;
}

int
mf_topo_find_server (const MfTopology *topo, const char *name)
{
  for (int i = 0; i < topo->n_servers; i++)
    if (mf_topo_name_equal (topo->servers[i].name, name))
      return i;
  return -1;
}

int
mf_topo_find_connector (const MfTopology *topo, const char *name)
{
  for (int i = 0; i < topo->n_connectors; i++)
    if (mf_topo_name_equal (topo->connectors[i].name, name))
      return i;
  return -1;
}

int
mf_topo_find_domain (const MfTopology *topo, const char *name)
{
  for (int i = 0; i < topo->n_domains; i++)
    if (strcmp (topo->domains[i].name, name) == 0)
      return i;
  return -1;
}

const char *
mf_connector_type_name (MfConnectorType type)
{
  switch (type)
    {
    case MF_CONNECTOR_SMTP:
      return "smtp";
    case MF_CONNECTOR_X400:
      return "x400";
    case MF_CONNECTOR_ROUTING_GROUP:
    default:
      return "routing-group";
    }
}

/* ------------------------------------------------------- serialisation */

static void
put_duration (GString *s, const char *key, gint64 us)
{
  g_autofree char *t = mf_format_duration (us);
  g_string_append_printf (s, "%s = %s\n", key, t);
}

static void
put_double (GString *s, double v)
{
  g_autofree char *t = mf_format_number (v);
  g_string_append (s, t);
}

static void
put_dist (GString *s, const char *key, const MfDist *d, MfDistUnit unit)
{
  g_autofree char *t = mf_dist_to_string (d, unit);
  g_string_append_printf (s, "%s = %s\n", key, t);
}

static void
put_server_list (GString *s, const MfTopology *t, const char *key, const int *ids, int n)
{
  g_string_append_printf (s, "%s = ", key);
  for (int i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", t->servers[ids[i]].name);
  g_string_append_c (s, '\n');
}

static void
put_schedule (GString *s, const MfSchedule *sched)
{
  static const char *const days[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

  g_string_append (s, "schedule = ");
  if (mf_schedule_is_always (sched))
    g_string_append (s, "always");
  else if (mf_schedule_is_never (sched))
    g_string_append (s, "never");
  else
    /* One window per day touched, so the text reproduces the minutes. */
    for (guint i = 0, first = 1; i < sched->n_windows; i++)
      for (int m = sched->windows[i].start_min; m < sched->windows[i].end_min;)
        {
          int day = m / 1440;
          int end = MIN ((int) sched->windows[i].end_min, (day + 1) * 1440);
          g_string_append_printf (s, "%s%s %02d:%02d-%02d:%02d", first ? "" : ", ", days[day],
                                  (m % 1440) / 60, m % 60, (end - day * 1440) / 60, end % 60);
          first = 0;
          m = end;
        }
  g_string_append_c (s, '\n');
}

static void
put_endpoint (GString *s, const MfTopology *t, const char *key, MfEndpointKind kind, int id,
              const char *domain)
{
  switch (kind)
    {
    case MF_ENDPOINT_SERVER:
      g_string_append_printf (s, "%s = server %s\n", key, t->servers[id].name);
      break;
    case MF_ENDPOINT_ROUTING_GROUP:
      g_string_append_printf (s, "%s = routing-group %s\n", key, t->routing_groups[id].name);
      break;
    case MF_ENDPOINT_EXTERNAL:
      g_string_append_printf (s, "%s = external\n", key);
      break;
    case MF_ENDPOINT_DOMAIN:
    default:
      g_string_append_printf (s, "%s = domain %s\n", key, domain);
      break;
    }
}

char *
mf_topo_to_string (const MfTopology *t)
{
  const MfOrganization *o = &t->org;
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "[organization]\nname = %s\nmax-hop-count = %d\n", o->name,
                          o->max_hop_count);
  put_duration (s, "glitch-retry", o->glitch_retry_us);
  g_string_append_printf (s, "glitch-retries = %d\nretry = ", o->glitch_retries);
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *d = mf_format_duration (o->retry_us[i]);
      g_string_append_printf (s, "%s%s", i ? ", " : "", d);
    }
  g_string_append_c (s, '\n');
  put_duration (s, "link-probe-interval", o->link_probe_interval_us);
  put_duration (s, "server-down-detection", o->server_down_detection_us);
  put_duration (s, "unreachable-retry", o->unreachable_retry_us);
  put_duration (s, "delay-notification", o->delay_notification_us);
  put_duration (s, "expiration", o->expiration_us);
  put_duration (s, "link-state-delay", o->link_state_delay_us);
  g_string_append_printf (s, "suppress-state-changes = %s\nlink-state-over-smtp = %s\n",
                          o->suppress_state_changes ? "true" : "false",
                          o->link_state_over_smtp ? "true" : "false");
  put_duration (s, "route-recompute", o->route_recompute_us);
  g_string_append (s, "categorizer-failure = ");
  put_double (s, o->categorizer_failure * 100.0);
  g_string_append (s, "%\n");
  put_duration (s, "categorizer-retry", o->categorizer_retry_us);
  put_duration (s, "start", o->start_us);
  put_duration (s, "duration", o->duration_us);
  put_duration (s, "warmup", o->warmup_us);
  put_duration (s, "sample-interval", o->sample_interval_us);
  g_string_append_printf (s, "seed = %" G_GUINT64_FORMAT "\n", o->seed);

  for (int i = 0; i < t->n_routing_groups; i++)
    {
      const MfRoutingGroup *rg = &t->routing_groups[i];
      g_string_append_printf (s, "\n[routing-group %s]\n", rg->name);
      if (rg->master >= 0)
        g_string_append_printf (s, "master = %s\n", t->servers[rg->master].name);
    }
  for (int i = 0; i < t->n_servers; i++)
    {
      const MfServer *v = &t->servers[i];
      g_autofree char *size = mf_format_size (v->max_message_size);
      g_string_append_printf (s, "\n[server %s]\nrouting-group = %s\nmailboxes = %" G_GINT64_FORMAT
                              "\nvirtual-servers = %d\n", v->name,
                              t->routing_groups[v->routing_group].name, v->mailboxes,
                              v->virtual_servers);
      put_dist (s, "categorizer", &v->categorizer, MF_DIST_UNIT_DURATION);
      g_string_append_printf (s, "categorizer-workers = %d\n", v->categorizer_workers);
      put_dist (s, "store-delivery", &v->store_delivery, MF_DIST_UNIT_DURATION);
      g_string_append_printf (s, "store-workers = %d\nmax-outbound-connections = %d\n"
                              "max-connections-per-domain = %d\nmessages-per-connection = %d\n"
                              "max-message-size = %s\n", v->store_workers,
                              v->max_outbound_connections, v->max_connections_per_domain,
                              v->messages_per_connection, size);
      if (!v->direct_internet)
        g_string_append (s, "direct-internet = false\n");
      if (v->smart_host)
        g_string_append_printf (s, "smart-host = %s\n", v->smart_host);
    }
  for (int i = 0; i < t->n_connectors; i++)
    {
      const MfConnector *c = &t->connectors[i];
      g_autofree char *bw = mf_format_bandwidth (c->bandwidth_bps);
      g_autofree char *size = mf_format_size (c->max_message_size);
      if (c->is_mirror)
        continue;
      g_string_append_printf (s, "\n[connector %s]\ntype = %s\nfrom = %s\n", c->name,
                              mf_connector_type_name (c->type), t->routing_groups[c->from].name);
      if (c->to >= 0)
        g_string_append_printf (s, "to = %s\n", t->routing_groups[c->to].name);
      if (c->n_address_spaces > 0)
        {
          g_string_append (s, "address-spaces = ");
          for (int j = 0; j < c->n_address_spaces; j++)
            g_string_append_printf (s, "%sSMTP:%s %d", j ? ", " : "",
                                    c->address_spaces[j].pattern, c->address_spaces[j].cost);
          g_string_append_c (s, '\n');
        }
      g_string_append_printf (s, "cost = %d\n", c->cost);
      if (!c->bridgeheads_default)
        put_server_list (s, t, "bridgeheads", c->bridgeheads, c->n_bridgeheads);
      if (!c->remote_bridgeheads_default && c->to >= 0)
        put_server_list (s, t, "remote-bridgeheads", c->remote_bridgeheads,
                         c->n_remote_bridgeheads);
      g_string_append_printf (s, "reverse = %s\nbandwidth = %s\n", c->mirror >= 0 ? "true" : "false",
                              bw);
      put_duration (s, "latency", c->latency_us);
      g_string_append_printf (s, "max-connections = %d\n", c->max_connections);
      put_schedule (s, &c->schedule);
      g_string_append_printf (s, "max-message-size = %s\nscope = %s\n", size,
                              c->scope == MF_SCOPE_ROUTING_GROUP ? "routing-group" : "organization");
      if (c->smart_host)
        g_string_append_printf (s, "smart-host = %s\n", c->smart_host);
    }
  if (t->traffic.present)
    {
      const MfTraffic *tr = &t->traffic;
      g_string_append (s, "\n[traffic]\nmessages-per-mailbox = ");
      put_double (s, tr->messages_per_mailbox_per_s);
      g_string_append (s, "/s\ndiurnal = ");
      /* Custom weights as written: normalising again would not be exact. */
      if (tr->diurnal_kind == MF_DIURNAL_FLAT)
        g_string_append (s, "flat");
      else if (tr->diurnal_kind == MF_DIURNAL_BUSINESS)
        g_string_append (s, "business");
      else
        for (int i = 0; i < 24; i++)
          {
            if (i)
              g_string_append (s, ", ");
            put_double (s, tr->diurnal_given[i]);
          }
      g_string_append_c (s, '\n');
      put_dist (s, "recipients", &tr->recipients, MF_DIST_UNIT_COUNT);
      put_dist (s, "size", &tr->size, MF_DIST_UNIT_SIZE);
      g_string_append (s, "external-share = ");
      put_double (s, tr->external_share * 100.0);
      g_string_append (s, "%\n");
      if (tr->external_domain)
        g_string_append_printf (s, "external-domain = %s\n", tr->external_domain);
    }
  for (int i = 0; i < t->n_flows; i++)
    {
      const MfFlow *f = &t->flows[i];
      g_string_append_printf (s, "\n[flow %s]\n", f->name);
      put_endpoint (s, t, "from", f->from_kind, f->from, NULL);
      if (f->via >= 0)
        g_string_append_printf (s, "via = server %s\n", t->servers[f->via].name);
      put_endpoint (s, t, "to", f->to_kind, f->to, f->to_domain);
      g_string_append (s, "rate = ");
      put_double (s, f->rate_per_s);
      g_string_append_printf (s, "/s\narrivals = %s\n",
                              f->arrivals == MF_ARRIVALS_UNIFORM ? "uniform" : "poisson");
      put_dist (s, "recipients", &f->recipients, MF_DIST_UNIT_COUNT);
      put_dist (s, "size", &f->size, MF_DIST_UNIT_SIZE);
      /* Durations, not times of week: they are offsets from the start. */
      put_duration (s, "start", f->start_us);
      if (f->end_us != G_MAXINT64)
        put_duration (s, "end", f->end_us);
      if (f->deferred_us > 0)
        put_duration (s, "deferred", f->deferred_us);
    }
  if (t->internet.present)
    {
      g_autofree char *bw = mf_format_bandwidth (t->internet.bandwidth_bps);
      g_string_append (s, "\n[internet]\n");
      put_duration (s, "dns-lookup", t->internet.dns_lookup_us);
      put_duration (s, "latency", t->internet.latency_us);
      g_string_append_printf (s, "bandwidth = %s\n", bw);
    }
  for (int i = 0; i < t->n_domains; i++)
    {
      const MfDomain *d = &t->domains[i];
      g_autofree char *size = mf_format_size (d->accepts_max_size);
      g_string_append_printf (s, "\n[domain %s]\nmx = %s\naccepts-max-size = %s\n", d->name,
                              d->mx ? "true" : "false", size);
      if (d->latency_us >= 0)
        put_duration (s, "latency", d->latency_us);
      if (d->bandwidth_bps != 0)
        {
          g_autofree char *bw = mf_format_bandwidth (d->bandwidth_bps);
          g_string_append_printf (s, "bandwidth = %s\n", bw);
        }
    }
  for (int i = 0; i < t->n_events; i++)
    {
      const MfTopoEvent *e = &t->events[i];
      g_string_append_printf (s, "\n[event %s]\n", e->name);
      put_duration (s, "at", e->at_us);
      if (e->target_kind == MF_TARGET_SERVER)
        g_string_append_printf (s, "target = server %s\n", t->servers[e->target].name);
      else if (e->target_kind == MF_TARGET_DOMAIN)
        g_string_append_printf (s, "target = domain %s\n", t->domains[e->target].name);
      else if (e->target_kind == MF_TARGET_ROUTING_GROUP)
        g_string_append_printf (s, "target = routing-group %s\n",
                                t->routing_groups[e->target].name);
      else
        g_string_append_printf (s, "target = connector %s\n", t->connectors[e->target].name);
      if (e->action == MF_ACTION_COST)
        g_string_append_printf (s, "action = cost %d\n", e->cost);
      else if (e->action == MF_ACTION_MASTER)
        g_string_append_printf (s, "action = master %s\n", t->servers[e->server].name);
      else if (e->action == MF_ACTION_STOP_SMTP || e->action == MF_ACTION_START_SMTP)
        g_string_append_printf (s, "action = %s\n",
                                e->action == MF_ACTION_STOP_SMTP ? "stop-smtp" : "start-smtp");
      else
        g_string_append_printf (s, "action = %s\n", e->action == MF_ACTION_DOWN ? "down" : "up");
      if (e->duration_us > 0)
        put_duration (s, "duration", e->duration_us);
    }
  return g_string_free (s, FALSE);
}
