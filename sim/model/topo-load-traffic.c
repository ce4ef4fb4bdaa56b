/* topo-load-traffic.c — loading the load on the organisation: the
 * [traffic] section (per-mailbox mail with a diurnal profile), flows
 * between endpoints, and scheduled events on servers and connectors.
 *
 * Like the other section loaders, every error goes to the loader's MfDiag
 * and loading goes on.  Times of week are turned into offsets from the
 * run's start here, so the model holds only offsets.
 */
#define G_LOG_DOMAIN "msgflow-topo"

#include "model/topo-load-private.h"

#include <string.h>


/* Hourly weights of the "business" profile (hour 0 = midnight): quiet
 * nights, a ramp from 07:00, a plateau 09:00–17:00 with a lunch dip.  They
 * are normalised to a mean of 1 like any custom profile. */
static const double business_profile[24] = {
  0.10, 0.05, 0.05, 0.05, 0.05, 0.10, 0.30, 0.80, 1.80, 2.40, 2.50, 2.30,
  1.80, 2.20, 2.40, 2.30, 2.00, 1.40, 0.80, 0.50, 0.40, 0.30, 0.20, 0.15,
};

void
mf_load_traffic (MfLoader *L, const MfScanSection *sec)
{
  MfTraffic *tr = &L->topo->traffic;
  int line = 0;
  const char *v;

  tr->present = TRUE;
  tr->line = sec->line;
  mf_load_check_known_keys (L, sec);
  if ((v = mf_load_get_value (L, sec, "messages-per-mailbox", &line)) != NULL)
    {
      g_autoptr (GError) err = NULL;
      if (!mf_parse_rate (v, &tr->messages_per_mailbox_per_s, &err))
        mf_load_report (L, sec, line, "messages-per-mailbox", err);
    }
  if ((v = mf_load_get_value (L, sec, "diurnal", &line)) != NULL)
    {
      if (g_ascii_strcasecmp (v, "flat") == 0)
        tr->diurnal_kind = MF_DIURNAL_FLAT;
      else if (g_ascii_strcasecmp (v, "business") == 0)
        {
          tr->diurnal_kind = MF_DIURNAL_BUSINESS;
          memcpy (tr->diurnal, business_profile, sizeof tr->diurnal);
        }
      else
        {
          g_auto (GStrv) w = g_strsplit (v, ",", 26);
          double sum = 0;
          guint n = g_strv_length (w);
          gboolean ok = n == 24;
          if (n > 1 && n != 24)
            {
              mf_diag_error (L->diag, line, "%s: diurnal has %s%u hourly weights, not 24",
                             mf_load_context (L, sec), n > 25 ? "more than " : "", MIN (n, 25u));
              n = 0;
            }
          for (guint i = 0; ok && i < 24; i++)
            {
              const char *p = g_strstrip (w[i]);
              char *end = NULL;
              double x = g_ascii_strtod (p, &end);
              /* Digits and a point only: no signs, exponents, inf or nan. */
              ok = *p != '\0' && end != NULL && *end == '\0'
                   && strspn (p, "0123456789.") == strlen (p) && x <= 1e6;
              tr->diurnal[i] = x;
              tr->diurnal_given[i] = x;
              sum += x;
            }
          if (n != 0 && (!ok || !(sum > 0)))
            mf_diag_error (L->diag, line,
                           "%s: diurnal '%s' is not flat, business or 24 "
                           "non-negative hourly weights (not all zero)",
                           mf_load_context (L, sec), v);
          tr->diurnal_kind = MF_DIURNAL_CUSTOM;
        }
    }
  if (tr->diurnal_kind != MF_DIURNAL_FLAT)
    {
      double sum = 0;
      for (int i = 0; i < 24; i++)
        sum += tr->diurnal[i];
      for (int i = 0; i < 24 && sum > 0; i++)
        tr->diurnal[i] *= 24.0 / sum;
    }
  mf_load_get_dist (L, sec, "recipients", MF_DIST_UNIT_COUNT, &tr->recipients);
  mf_load_get_dist (L, sec, "size", MF_DIST_UNIT_SIZE, &tr->size);
  if ((v = mf_load_get_value (L, sec, "external-share", &line)) != NULL)
    {
      g_autoptr (GError) err = NULL;
      if (!mf_parse_share (v, &tr->external_share, &err))
        mf_load_report (L, sec, line, "external-share", err);
    }
  if ((v = mf_load_get_value (L, sec, "external-domain", &line)) != NULL)
    {
      if (mf_load_domain_too_long (L, sec, line, "external-domain", v))
        ;
      else if (!mf_domain_is_valid (v))
        mf_diag_error (L->diag, line, "%s: external-domain '%s' is not a domain name",
                       mf_load_context (L, sec), v);
      else
        tr->external_domain = g_ascii_strdown (v, -1);
    }
  if (tr->external_share > 0 && mf_load_find_key (sec, "external-domain") == NULL)
    mf_diag_error (L->diag, mf_load_key_line (sec, "external-share", NULL),
                   "%s: external-share needs external-domain", mf_load_context (L, sec));
}

/* Parse "server NAME", "routing-group NAME", "external" or "domain NAME". */
static gboolean
parse_endpoint (MfLoader *L, const MfScanSection *sec, const char *key, gboolean is_source,
                MfEndpointKind *kind, int *id, char **domain)
{
  int line = 0;
  const char *v = mf_load_get_value (L, sec, key, &line);
  const char *space;
  g_autofree char *word = NULL;
  const char *name;

  if (v == NULL)
    return FALSE;
  if (is_source && g_ascii_strcasecmp (v, "external") == 0)
    {
      *kind = MF_ENDPOINT_EXTERNAL;
      *id = -1;
      return TRUE;
    }
  space = strpbrk (v, " \t");
  if (space == NULL)
    goto bad;
  word = g_strndup (v, (gsize) (space - v));
  name = space;
  while (*name == ' ' || *name == '\t')
    name++;
  if (g_ascii_strcasecmp (word, "server") == 0)
    {
      *kind = MF_ENDPOINT_SERVER;
      *id = mf_load_resolve_server (L, sec, key, name, line);
      return *id >= 0;
    }
  if (g_ascii_strcasecmp (word, "routing-group") == 0)
    {
      *kind = MF_ENDPOINT_ROUTING_GROUP;
      *id = mf_load_resolve_rg (L, sec, key, name, line);
      if (*id >= 0 && L->topo->routing_groups[*id].n_members == 0)
        {
          mf_diag_error (L->diag, line, "%s: %s: routing group %s has no servers",
                         mf_load_context (L, sec), key, name);
          return FALSE;
        }
      return *id >= 0;
    }
  if (!is_source && g_ascii_strcasecmp (word, "domain") == 0)
    {
      if (mf_load_domain_too_long (L, sec, line, key, name))
        return FALSE;
      if (!mf_domain_is_valid (name))
        {
          mf_diag_error (L->diag, line, "%s: %s: '%s' is not a domain name",
                         mf_load_context (L, sec), key, name);
          return FALSE;
        }
      *kind = MF_ENDPOINT_DOMAIN;
      *id = -1;
      *domain = g_ascii_strdown (name, -1);
      return TRUE;
    }
bad:
  mf_diag_error (L->diag, line, "%s: %s '%s' is not %s", mf_load_context (L, sec), key, v,
                 is_source ? "'server NAME', 'routing-group NAME' or 'external'"
                           : "'server NAME', 'routing-group NAME' or 'domain NAME'");
  return FALSE;
}

void
mf_load_flow (MfLoader *L, const MfScanSection *sec, MfFlow *f)
{
  int line = 0;
  const char *v;

  f->name = g_strdup (sec->name);
  f->line = sec->line;
  f->from = f->via = f->to = -1;
  f->recipients = (MfDist){ MF_DIST_CONST, 1, 0 };
  f->size = (MfDist){ MF_DIST_CONST, 25 * 1024, 0 };
  f->end_us = G_MAXINT64;
  mf_load_check_known_keys (L, sec);
  if (mf_load_require (L, sec, "from"))
    parse_endpoint (L, sec, "from", TRUE, &f->from_kind, &f->from, NULL);
  if (mf_load_require (L, sec, "to"))
    parse_endpoint (L, sec, "to", FALSE, &f->to_kind, &f->to, &f->to_domain);
  if ((v = mf_load_get_value (L, sec, "via", &line)) != NULL)
    {
      const char *name = g_ascii_strncasecmp (v, "server ", 7) == 0 ? v + 7 : v;
      while (*name == ' ')
        name++;
      if (f->from_kind != MF_ENDPOINT_EXTERNAL && mf_load_find_key (sec, "from") != NULL)
        mf_diag_error (L->diag, line, "%s: via is only for from = external",
                       mf_load_context (L, sec));
      else
        f->via = mf_load_resolve_server (L, sec, "via", name, line);
    }
  else if (f->from_kind == MF_ENDPOINT_EXTERNAL && mf_load_find_key (sec, "from") != NULL)
    mf_diag_error (L->diag, mf_load_key_line (sec, "from", NULL),
                   "%s: from = external needs 'via = server NAME'", mf_load_context (L, sec));
  if (mf_load_require (L, sec, "rate") && (v = mf_load_get_value (L, sec, "rate", &line)) != NULL)
    {
      g_autoptr (GError) err = NULL;
      if (!mf_parse_rate (v, &f->rate_per_s, &err))
        mf_load_report (L, sec, line, "rate", err);
    }
  if ((v = mf_load_get_value (L, sec, "arrivals", &line)) != NULL)
    {
      if (g_ascii_strcasecmp (v, "poisson") == 0)
        f->arrivals = MF_ARRIVALS_POISSON;
      else if (g_ascii_strcasecmp (v, "uniform") == 0)
        f->arrivals = MF_ARRIVALS_UNIFORM;
      else
        {
          static const char *const kinds[] = { "poisson", "uniform" };
          g_autofree char *hint = mf_load_hint (v, kinds, G_N_ELEMENTS (kinds));
          mf_diag_error (L->diag, line, "%s: arrivals '%s' is not poisson or uniform%s",
                         mf_load_context (L, sec), v, hint);
        }
    }
  mf_load_get_dist (L, sec, "recipients", MF_DIST_UNIT_COUNT, &f->recipients);
  mf_load_get_dist (L, sec, "size", MF_DIST_UNIT_SIZE, &f->size);
  mf_load_get_time (L, sec, "start", &f->start_us);
  mf_load_get_time (L, sec, "end", &f->end_us);
  mf_load_get_duration (L, sec, "deferred", 0, &f->deferred_us);
  if (f->end_us <= f->start_us)
    mf_diag_error (L->diag, mf_load_key_line (sec, "end", "start"), "%s: end is not after start",
                   mf_load_context (L, sec));
}

void
mf_load_event (MfLoader *L, const MfScanSection *sec, MfTopoEvent *e)
{
  int line = 0;
  const char *v;

  e->name = g_strdup (sec->name);
  e->line = sec->line;
  e->target = -1;
  mf_load_check_known_keys (L, sec);
  if (mf_load_require (L, sec, "at"))
    mf_load_get_time (L, sec, "at", &e->at_us);
  if (mf_load_require (L, sec, "target")
      && (v = mf_load_get_value (L, sec, "target", &line)) != NULL)
    {
      if (g_ascii_strncasecmp (v, "server ", 7) == 0)
        {
          e->target_kind = MF_TARGET_SERVER;
          e->target = mf_load_resolve_server (L, sec, "target", mf_units_skip_spaces (v + 7), line);
        }
      else if (g_ascii_strncasecmp (v, "routing-group ", 14) == 0)
        {
          e->target_kind = MF_TARGET_ROUTING_GROUP;
          e->target = mf_load_resolve_rg (L, sec, "target", mf_units_skip_spaces (v + 14), line);
        }
      else if (g_ascii_strncasecmp (v, "connector ", 10) == 0)
        {
          const char *name = mf_units_skip_spaces (v + 10);
          e->target_kind = MF_TARGET_CONNECTOR;
          e->target = mf_load_lookup (L->connector_ids, name);
          if (e->target < 0)
            {
              const MfTopology *t = L->topo;
              g_autoptr (GPtrArray) names = g_ptr_array_new ();
              for (int i = 0; i < t->n_connectors; i++)
                if (!t->connectors[i].is_mirror)
                  g_ptr_array_add (names, t->connectors[i].name);
              g_autofree char *hint
                  = mf_load_hint (name, (const char *const *) names->pdata, names->len);
              mf_diag_error (L->diag, line, "%s: target: no connector named '%s'%s",
                             mf_load_context (L, sec), name, hint);
            }
        }
      else if (g_ascii_strncasecmp (v, "domain ", 7) == 0)
        {
          g_autofree char *name = g_ascii_strdown (mf_units_skip_spaces (v + 7), -1);
          e->target_kind = MF_TARGET_DOMAIN;
          e->target = mf_topo_find_domain (L->topo, name);
          if (e->target < 0)
            mf_diag_error (L->diag, line, "%s: target: no [domain %s] section",
                           mf_load_context (L, sec), name);
        }
      else
        mf_diag_error (L->diag, line, "%s: target '%s' is not 'server NAME', "
                       "'connector NAME', 'routing-group NAME' or 'domain NAME'",
                       mf_load_context (L, sec), v);
    }
  if (mf_load_require (L, sec, "action")
      && (v = mf_load_get_value (L, sec, "action", &line)) != NULL)
    {
      gboolean have_target = mf_load_find_key (sec, "target") != NULL;
      if (g_ascii_strcasecmp (v, "down") == 0)
        e->action = MF_ACTION_DOWN;
      else if (g_ascii_strcasecmp (v, "up") == 0)
        e->action = MF_ACTION_UP;
      else if (g_ascii_strcasecmp (v, "stop-smtp") == 0 || g_ascii_strcasecmp (v, "start-smtp") == 0)
        {
          e->action = g_ascii_tolower (v[2]) == 'o' ? MF_ACTION_STOP_SMTP : MF_ACTION_START_SMTP;
          if (e->target_kind != MF_TARGET_SERVER && have_target)
            mf_diag_error (L->diag, line, "%s: %s needs a server target", mf_load_context (L, sec),
                           v);
        }
      else if (g_ascii_strncasecmp (v, "master", 6) == 0 && (v[6] == ' ' || v[6] == '\t'))
        {
          e->action = MF_ACTION_MASTER;
          e->server = mf_load_resolve_server (L, sec, "action", mf_units_skip_spaces (v + 7), line);
          if (e->target_kind != MF_TARGET_ROUTING_GROUP && have_target)
            mf_diag_error (L->diag, line, "%s: a master change needs a routing-group target",
                           mf_load_context (L, sec));
          else if (e->server >= 0 && e->target >= 0
                   && L->topo->servers[e->server].routing_group != e->target)
            mf_diag_error (L->diag, line, "%s: master %s is not a member of routing group %s",
                           mf_load_context (L, sec), L->topo->servers[e->server].name,
                           L->topo->routing_groups[e->target].name);
          if (mf_load_find_key (sec, "duration") != NULL)
            mf_diag_error (L->diag, mf_load_key_line (sec, "duration", "action"),
                           "%s: a master change has no duration (move the master back with "
                           "another event)", mf_load_context (L, sec));
        }
      else if (g_ascii_strncasecmp (v, "cost", 4) == 0 && (v[4] == ' ' || v[4] == '\t'))
        {
          gint64 cost;
          g_autoptr (GError) err = NULL;
          e->action = MF_ACTION_COST;
          if (!mf_parse_int (mf_units_skip_spaces (v + 5), 1, 100, &cost, &err))
            mf_diag_error (L->diag, line, "%s: action cost %s", mf_load_context (L, sec),
                           err->message);
          else
            e->cost = (int) cost;
          if (e->target_kind != MF_TARGET_CONNECTOR && mf_load_find_key (sec, "target") != NULL)
            mf_diag_error (L->diag, line, "%s: a cost change needs a connector target",
                           mf_load_context (L, sec));
        }
      else
        {
          static const char *const actions[] = { "down", "up", "stop-smtp", "start-smtp" };
          g_autofree char *hint = mf_load_hint (v, actions, G_N_ELEMENTS (actions));
          mf_diag_error (L->diag, line,
                         "%s: action '%s' is not down, up, stop-smtp, start-smtp, "
                         "'cost N' or 'master SERVER'%s",
                         mf_load_context (L, sec), v, hint);
        }
      if (e->target_kind == MF_TARGET_ROUTING_GROUP && e->action != MF_ACTION_MASTER
          && have_target)
        mf_diag_error (L->diag, line, "%s: a routing-group target takes only 'master SERVER'",
                       mf_load_context (L, sec));
    }
  mf_load_get_duration (L, sec, "duration", MF_US_PER_SECOND / 1000, &e->duration_us);
}
