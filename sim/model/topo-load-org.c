/* topo-load-org.c — loading the organisation's structure: the
 * [organization] settings, servers, routing groups and connectors (with
 * the mirror of a `reverse` connector).
 *
 * Each loader checks its section's keys against the known ones (with a
 * suggestion for a misspelling), reads every key and checks the rules that
 * join keys, reporting to the loader's MfDiag.  Names of other objects
 * are resolved through the ids assigned in build's first pass, so a
 * reference may point forward in the file.
 */
#define G_LOG_DOMAIN "msgflow-topo"

#include "model/topo-load-private.h"

#include <string.h>


void
mf_load_organization (MfLoader *L, const MfScanSection *sec)
{
  MfOrganization *o = &L->topo->org;
  int line = 0;
  const char *v;
  g_auto (GStrv) retry = NULL;

  o->line = sec->line;
  mf_load_check_known_keys (L, sec);
  if (mf_load_require (L, sec, "name") && (v = mf_load_get_value (L, sec, "name", &line)) != NULL)
    {
      /* The name goes into every tracking log line (as its domain): bound it
       * like the names of sections. */
      if (strlen (v) > MF_TOPO_MAX_NAME_BYTES)
        mf_diag_error (L->diag, line, "%s: name is longer than %d bytes", mf_load_context (L, sec),
                       MF_TOPO_MAX_NAME_BYTES);
      else
        o->name = g_strdup (v);
    }
  mf_load_get_int32 (L, sec, "max-hop-count", 10, 256, &o->max_hop_count);
  mf_load_get_duration (L, sec, "glitch-retry", MF_US_PER_SECOND / 1000, &o->glitch_retry_us);
  mf_load_get_int32 (L, sec, "glitch-retries", 0, 100, &o->glitch_retries);
  retry = mf_load_get_list (L, sec, "retry", &line);
  if (retry != NULL)
    {
      guint n = g_strv_length (retry);
      if (n > 4)
        mf_diag_error (L->diag, line, "%s: retry takes at most 4 intervals (first, second, "
                       "third, every later one)", mf_load_context (L, sec));
      else
        for (guint i = 0; i < 4; i++)
          {
            g_autoptr (GError) err = NULL;
            const char *item = retry[MIN (i, n - 1)];
            gint64 us;
            if (!mf_parse_duration (item, &us, &err))
              {
                mf_load_report (L, sec, line, "retry", err);
                break;
              }
            if (us < MF_US_PER_SECOND)
              {
                mf_diag_error (L->diag, line, "%s: retry %s is below the minimum of 1s",
                               mf_load_context (L, sec), item);
                break;
              }
            o->retry_us[i] = us;
          }
    }
  mf_load_get_duration (L, sec, "link-probe-interval", MF_US_PER_SECOND,
                        &o->link_probe_interval_us);
  mf_load_get_duration (L, sec, "server-down-detection", MF_US_PER_SECOND / 1000,
                        &o->server_down_detection_us);
  mf_load_get_duration (L, sec, "unreachable-retry", MF_US_PER_SECOND, &o->unreachable_retry_us);
  mf_load_get_duration (L, sec, "delay-notification", MF_US_PER_SECOND, &o->delay_notification_us);
  mf_load_get_duration (L, sec, "expiration", MF_US_PER_SECOND, &o->expiration_us);
  mf_load_get_duration (L, sec, "link-state-delay", 0, &o->link_state_delay_us);
  mf_load_get_bool (L, sec, "suppress-state-changes", &o->suppress_state_changes);
  mf_load_get_bool (L, sec, "link-state-over-smtp", &o->link_state_over_smtp);
  mf_load_get_duration (L, sec, "route-recompute", 0, &o->route_recompute_us);
  if ((v = mf_load_get_value (L, sec, "categorizer-failure", &line)) != NULL)
    {
      g_autoptr (GError) err = NULL;
      if (!mf_parse_share (v, &o->categorizer_failure, &err))
        mf_load_report (L, sec, line, "categorizer-failure", err);
    }
  mf_load_get_duration (L, sec, "categorizer-retry", MF_US_PER_SECOND, &o->categorizer_retry_us);
  if ((v = mf_load_get_value (L, sec, "start", &line)) != NULL)
    {
      g_autoptr (GError) err = NULL;
      MfTimeKind kind;
      gint64 t;
      /* A clock time alone is that time on Monday, the week's first day. */
      if (!mf_parse_time_of_week (v, &t, &kind, &err))
        mf_load_report (L, sec, line, "start", err);
      else if (t >= MF_US_PER_WEEK)
        mf_diag_error (L->diag, line, "%s: start %s is not within one week",
                       mf_load_context (L, sec), v);
      else
        o->start_us = t;
    }
  mf_load_get_duration (L, sec, "duration", MF_US_PER_SECOND, &o->duration_us);
  mf_load_get_duration (L, sec, "warmup", 0, &o->warmup_us);
  mf_load_get_duration (L, sec, "sample-interval", MF_US_PER_SECOND, &o->sample_interval_us);
  {
    gint64 seed;
    if (mf_load_get_int (L, sec, "seed", 0, G_MAXINT64, &seed))
      o->seed = (guint64) seed;
  }
  if (o->warmup_us >= o->duration_us)
    mf_diag_error (L->diag, mf_load_key_line (sec, "warmup", "duration"),
                   "%s: warmup must be shorter than duration", mf_load_context (L, sec));
  if (o->duration_us / o->sample_interval_us > 1000000)
    mf_diag_error (L->diag, mf_load_key_line (sec, "sample-interval", "duration"),
                   "%s: sample-interval is too short for the duration "
                   "(more than 1000000 samples)",
                   mf_load_context (L, sec));
}

void
mf_load_server (MfLoader *L, const MfScanSection *sec, int id)
{
  MfServer *s = &L->topo->servers[id];
  int line = 0;
  const char *v;

  mf_load_check_known_keys (L, sec);
  if (mf_load_require (L, sec, "routing-group")
      && (v = mf_load_get_value (L, sec, "routing-group", &line)))
    s->routing_group = mf_load_resolve_rg (L, sec, "routing-group", v, line);
  mf_load_get_int (L, sec, "mailboxes", 0, MF_TOPO_MAX_MAILBOXES, &s->mailboxes);
  mf_load_get_int32 (L, sec, "virtual-servers", 1, 100, &s->virtual_servers);
  mf_load_get_dist (L, sec, "categorizer", MF_DIST_UNIT_DURATION, &s->categorizer);
  mf_load_get_int32 (L, sec, "categorizer-workers", 1, MF_TOPO_MAX_WORKERS,
                     &s->categorizer_workers);
  mf_load_get_dist (L, sec, "store-delivery", MF_DIST_UNIT_DURATION, &s->store_delivery);
  mf_load_get_int32 (L, sec, "store-workers", 1, MF_TOPO_MAX_WORKERS, &s->store_workers);
  mf_load_get_int32 (L, sec, "max-outbound-connections", 1, 100000, &s->max_outbound_connections);
  mf_load_get_int32 (L, sec, "max-connections-per-domain", 1, 100000,
                     &s->max_connections_per_domain);
  mf_load_get_int32 (L, sec, "messages-per-connection", 1, 100000, &s->messages_per_connection);
  mf_load_get_size (L, sec, "max-message-size", &s->max_message_size);
  mf_load_get_bool (L, sec, "direct-internet", &s->direct_internet);
  s->smart_host = mf_load_get_smart_host (L, sec);
}

void
mf_load_routing_group (MfLoader *L, const MfScanSection *sec, int id)
{
  MfRoutingGroup *rg = &L->topo->routing_groups[id];
  int line = 0;
  const char *v;

  mf_load_check_known_keys (L, sec);
  rg->master = rg->n_members > 0 ? rg->members[0] : -1;
  if ((v = mf_load_get_value (L, sec, "master", &line)) != NULL)
    {
      int s = mf_load_resolve_server (L, sec, "master", v, line);
      if (s >= 0 && L->topo->servers[s].routing_group < 0)
        ; /* the server's own routing-group is wrong: reported there */
      else if (s >= 0 && L->topo->servers[s].routing_group != id)
        mf_diag_error (L->diag, line, "%s: master %s is not a member of routing group %s",
                       mf_load_context (L, sec), v, rg->name);
      else if (s >= 0)
        rg->master = s;
    }
}

/* Resolve a bridgehead list to server ids of routing group `rg`. */
static void
get_bridgeheads (MfLoader *L, const MfScanSection *sec, const char *key, int rg,
                 int *n_out, int **out, gboolean *is_default)
{
  int line = 0;
  g_auto (GStrv) names = mf_load_get_list (L, sec, key, &line);
  const MfTopology *t = L->topo;

  *is_default = FALSE;
  if (names == NULL)
    {
      if (mf_load_find_key (sec, key) != NULL)
        return; /* present but bad: already reported */
      *is_default = TRUE;
      if (rg < 0)
        return;
      *n_out = t->routing_groups[rg].n_members;
      *out = g_memdup2 (t->routing_groups[rg].members, sizeof (int) * (gsize) *n_out);
      return;
    }
  if (rg < 0)
    {
      /* `to` is missing or unresolved: reported there, or below for smtp. */
      return;
    }
  *out = g_new (int, g_strv_length (names));
  for (guint i = 0; names[i] != NULL; i++)
    {
      int s = mf_load_resolve_server (L, sec, key, names[i], line);
      if (s < 0)
        continue;
      if (t->servers[s].routing_group != rg)
        {
          mf_diag_error (L->diag, line, "%s: %s: server %s is not in routing group %s",
                         mf_load_context (L, sec), key, names[i], t->routing_groups[rg].name);
          continue;
        }
      for (int j = 0; j < *n_out; j++)
        if ((*out)[j] == s)
          {
            mf_diag_error (L->diag, line, "%s: %s: server %s is listed twice",
                           mf_load_context (L, sec), key, names[i]);
            s = -1;
            break;
          }
      if (s >= 0)
        (*out)[(*n_out)++] = s;
    }
}

static void
connector_defaults (MfConnector *c)
{
  c->to = -1;
  c->cost = 1;
  c->mirror = -1;
  c->bandwidth_bps = MF_BANDWIDTH_UNLIMITED;
  c->max_connections = 10;
  c->max_message_size = MF_SIZE_UNLIMITED;
  c->scope = MF_SCOPE_ORGANIZATION;
  c->schedule.n_windows = 1;
  c->schedule.windows = g_new (MfWindow, 1);
  c->schedule.windows[0].start_min = 0;
  c->schedule.windows[0].end_min = MF_MINUTES_PER_WEEK;
}

/* Load one [connector] into `c`; returns TRUE when it asks for a mirror. */
gboolean
mf_load_connector (MfLoader *L, const MfScanSection *sec, MfConnector *c)
{
  int line = 0;
  const char *v;
  gboolean reverse = FALSE;
  gboolean has_type = FALSE;

  c->name = g_strdup (sec->name);
  c->line = sec->line;
  connector_defaults (c);
  c->from = -1;
  mf_load_check_known_keys (L, sec);

  if (mf_load_require (L, sec, "type") && (v = mf_load_get_value (L, sec, "type", &line)) != NULL)
    {
      has_type = TRUE;
      if (g_ascii_strcasecmp (v, "routing-group") == 0)
        c->type = MF_CONNECTOR_ROUTING_GROUP;
      else if (g_ascii_strcasecmp (v, "smtp") == 0)
        c->type = MF_CONNECTOR_SMTP;
      else if (g_ascii_strcasecmp (v, "x400") == 0)
        c->type = MF_CONNECTOR_X400;
      else
        {
          static const char *const types[] = { "routing-group", "smtp", "x400" };
          g_autofree char *hint = mf_load_hint (v, types, G_N_ELEMENTS (types));
          mf_diag_error (L->diag, line, "%s: type '%s' is not routing-group, smtp or x400%s",
                         mf_load_context (L, sec), v, hint);
          has_type = FALSE;
        }
    }
  if (mf_load_require (L, sec, "from") && (v = mf_load_get_value (L, sec, "from", &line)) != NULL)
    c->from = mf_load_resolve_rg (L, sec, "from", v, line);
  if ((v = mf_load_get_value (L, sec, "to", &line)) != NULL)
    {
      c->to = mf_load_resolve_rg (L, sec, "to", v, line);
      if (c->to >= 0 && c->to == c->from)
        mf_diag_error (L->diag, line, "%s: from and to are the same routing group %s",
                       mf_load_context (L, sec), v);
    }
  {
    g_auto (GStrv) spaces = mf_load_get_list (L, sec, "address-spaces", &line);
    if (spaces != NULL)
      {
        if (has_type && c->type != MF_CONNECTOR_SMTP)
          mf_diag_error (L->diag, line, "%s: address-spaces are for smtp connectors",
                         mf_load_context (L, sec));
        c->address_spaces = g_new0 (MfAddressSpace, g_strv_length (spaces));
        for (guint i = 0; spaces[i] != NULL; i++)
          {
            g_autoptr (GError) err = NULL;
            MfAddressSpace as;
            if (!mf_parse_address_space (spaces[i], &as, &err))
              {
                mf_diag_error (L->diag, line, "%s: %s", mf_load_context (L, sec), err->message);
                continue;
              }
            for (int j = 0; j < c->n_address_spaces; j++)
              if (strcmp (c->address_spaces[j].pattern, as.pattern) == 0)
                {
                  mf_diag_error (L->diag, line, "%s: address space %s is listed twice",
                                 mf_load_context (L, sec), spaces[i]);
                  g_clear_pointer (&as.pattern, g_free);
                  break;
                }
            if (as.pattern != NULL)
              c->address_spaces[c->n_address_spaces++] = as;
          }
      }
  }
  if (has_type && mf_load_find_key (sec, "to") == NULL)
    {
      if (c->type != MF_CONNECTOR_SMTP)
        mf_load_require (L, sec, "to");
      else if (mf_load_find_key (sec, "address-spaces") == NULL && !sec->damaged)
        mf_diag_error (L->diag, sec->line, "%s: an smtp connector needs 'to' or "
                       "'address-spaces'", mf_load_context (L, sec));
    }
  mf_load_get_int32 (L, sec, "cost", 1, 100, &c->cost);
  get_bridgeheads (L, sec, "bridgeheads", c->from, &c->n_bridgeheads, &c->bridgeheads,
                   &c->bridgeheads_default);
  if (mf_load_find_key (sec, "remote-bridgeheads") != NULL && mf_load_find_key (sec, "to") == NULL)
    mf_diag_error (L->diag, mf_load_find_key (sec, "remote-bridgeheads")->line,
                   "%s: remote-bridgeheads needs 'to'", mf_load_context (L, sec));
  else
    get_bridgeheads (L, sec, "remote-bridgeheads", c->to, &c->n_remote_bridgeheads,
                     &c->remote_bridgeheads, &c->remote_bridgeheads_default);
  mf_load_get_bool (L, sec, "reverse", &reverse);
  if (reverse && mf_load_find_key (sec, "to") == NULL)
    {
      mf_diag_error (L->diag, mf_load_find_key (sec, "reverse")->line,
                     "%s: reverse = true needs 'to'", mf_load_context (L, sec));
      reverse = FALSE;
    }
  if ((v = mf_load_get_value (L, sec, "bandwidth", &line)) != NULL)
    {
      g_autoptr (GError) err = NULL;
      if (!mf_parse_bandwidth (v, &c->bandwidth_bps, &err))
        mf_load_report (L, sec, line, "bandwidth", err);
    }
  mf_load_get_duration (L, sec, "latency", 0, &c->latency_us);
  mf_load_get_int32 (L, sec, "max-connections", 1, 10000, &c->max_connections);
  if ((v = mf_load_get_value (L, sec, "schedule", &line)) != NULL)
    {
      g_autoptr (GError) err = NULL;
      MfSchedule sched;
      if (!mf_parse_schedule (v, &sched, &err))
        mf_diag_error (L->diag, line, "%s: %s", mf_load_context (L, sec), err->message);
      else
        {
          mf_schedule_clear (&c->schedule);
          c->schedule = sched;
        }
    }
  mf_load_get_size (L, sec, "max-message-size", &c->max_message_size);
  if ((v = mf_load_get_value (L, sec, "scope", &line)) != NULL)
    {
      if (g_ascii_strcasecmp (v, "organization") == 0)
        c->scope = MF_SCOPE_ORGANIZATION;
      else if (g_ascii_strcasecmp (v, "routing-group") == 0)
        {
          c->scope = MF_SCOPE_ROUTING_GROUP;
          if (has_type && c->type != MF_CONNECTOR_SMTP)
            mf_diag_error (L->diag, line, "%s: scope routing-group is for smtp connectors",
                           mf_load_context (L, sec));
        }
      else
        {
          static const char *const scopes[] = { "organization", "routing-group" };
          g_autofree char *hint = mf_load_hint (v, scopes, G_N_ELEMENTS (scopes));
          mf_diag_error (L->diag, line, "%s: scope '%s' is not organization or routing-group%s",
                         mf_load_context (L, sec), v, hint);
        }
    }
  c->smart_host = mf_load_get_smart_host (L, sec);
  if (c->smart_host != NULL && has_type && c->type != MF_CONNECTOR_SMTP)
    mf_diag_error (L->diag, mf_load_key_line (sec, "smart-host", NULL),
                   "%s: smart-host is for smtp connectors", mf_load_context (L, sec));
  return reverse;
}

void
mf_load_make_mirror (const MfConnector *c, MfConnector *m, int c_id)
{
  *m = *c;
  m->name = g_strdup_printf ("%s (reverse)", c->name);
  m->from = c->to;
  m->to = c->from;
  m->bridgeheads = g_memdup2 (c->remote_bridgeheads, sizeof (int) * (gsize) c->n_remote_bridgeheads);
  m->n_bridgeheads = c->n_remote_bridgeheads;
  m->bridgeheads_default = c->remote_bridgeheads_default;
  m->remote_bridgeheads = g_memdup2 (c->bridgeheads, sizeof (int) * (gsize) c->n_bridgeheads);
  m->n_remote_bridgeheads = c->n_bridgeheads;
  m->remote_bridgeheads_default = c->bridgeheads_default;
  m->n_address_spaces = 0;
  m->address_spaces = NULL;
  m->smart_host = NULL; /* it leads back into the organisation */
  mf_schedule_copy (&c->schedule, &m->schedule);
  m->is_mirror = TRUE;
  m->mirror = c_id;
}
