/* topo-load.c — building the model from a topology file (FORMAT.md §1–3).
 *
 * The pipeline: read at most MF_TOPO_MAX_FILE_BYTES; pre-scan the text
 * (topo-scan.c: lines, duplicates, byte-level faults); load the normalised
 * text into GKeyFile; then read every section kind in dependency order
 * (organization, servers, routing groups, connectors, traffic, flows,
 * events), parsing each value with units.c and resolving every name to an
 * id.  Errors are collected, not thrown, so one run reports all of them (up
 * to MF_DIAG_MAX_ERRORS); a model is returned only when there are none.
 *
 * TRUST: the file is untrusted.  Counts are bounded by the MF_TOPO_MAX_*
 * limits before anything is allocated per object; names are allowlisted by
 * the scan.  Checking is complete before the model is handed out: the rest
 * of msgflow asserts instead of re-checking.
 */
#define G_LOG_DOMAIN "msgflow-topo"

#include "model/topology.h"
#include "model/topo-scan.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

G_DEFINE_QUARK (mf-topo-error-quark, mf_topo_error)

typedef struct {
  MfDiag *diag;
  GKeyFile *kf;
  MfScan *scan;
  MfTopology *topo;
  GHashTable *rg_ids;        /* name → id + 1 */
  GHashTable *server_ids;    /* name → id + 1 */
  GHashTable *connector_ids; /* name → id + 1 (the named connector, not its mirror) */
  GPtrArray *values;         /* strings handed out by get_value, freed at the end */
  int n_rg_sections;
} Loader;

/* ------------------------------------------------------------------ keys */

static const char *const organization_keys[] = {
  "name", "max-hop-count", "glitch-retry", "glitch-retries", "retry", "link-probe-interval",
  "unreachable-retry", "delay-notification", "expiration", "link-state-delay",
  "suppress-state-changes", "link-state-over-smtp", "start", "duration", "warmup", "sample-interval", "seed",
};
static const char *const routing_group_keys[] = { "master" };
static const char *const server_keys[] = {
  "routing-group", "mailboxes", "virtual-servers", "categorizer", "categorizer-workers",
  "store-delivery", "store-workers", "max-outbound-connections", "max-connections-per-domain",
  "messages-per-connection", "max-message-size",
};
static const char *const connector_keys[] = {
  "type", "from", "to", "address-spaces", "cost", "bridgeheads", "remote-bridgeheads",
  "reverse", "bandwidth", "latency", "max-connections", "schedule", "max-message-size", "scope",
};
static const char *const traffic_keys[] = {
  "messages-per-mailbox", "diurnal", "recipients", "size", "external-share", "external-domain",
};
static const char *const flow_keys[] = {
  "from", "to", "via", "rate", "arrivals", "recipients", "size", "start", "end",
};
static const char *const event_keys[] = { "at", "target", "action", "duration" };

/* Hourly weights of the "business" profile (hour 0 = midnight): quiet
 * nights, a ramp from 07:00, a plateau 09:00–17:00 with a lunch dip.  They
 * are normalised to a mean of 1 like any custom profile. */
static const double business_profile[24] = {
  0.10, 0.05, 0.05, 0.05, 0.05, 0.10, 0.30, 0.80, 1.80, 2.40, 2.50, 2.30,
  1.80, 2.20, 2.40, 2.30, 2.00, 1.40, 0.80, 0.50, 0.40, 0.30, 0.20, 0.15,
};

static MfScanKey *
find_key (const MfScanSection *sec, const char *key)
{
  for (guint i = 0; i < sec->keys->len; i++)
    {
      MfScanKey *k = g_ptr_array_index (sec->keys, i);
      if (strcmp (k->name, key) == 0)
        return k;
    }
  return NULL;
}

/* "connector SEA-NYC", "organization": the prefix of every message about a
 * section.  (transfer none: kept in the loader) */
static const char *
context (Loader *L, const MfScanSection *sec)
{
  char *c = sec->name ? g_strdup_printf ("%s %s", sec->kind, sec->name) : g_strdup (sec->kind);
  g_ptr_array_add (L->values, c);
  return c;
}

static void
check_known_keys (Loader *L, const MfScanSection *sec, const char *const *known, gsize n)
{
  for (guint i = 0; i < sec->keys->len; i++)
    {
      const MfScanKey *k = g_ptr_array_index (sec->keys, i);
      gboolean ok = FALSE;
      for (gsize j = 0; j < n && !ok; j++)
        ok = strcmp (k->name, known[j]) == 0;
      if (ok)
        continue;
      const char *hint = mf_suggest (k->name, known, n);
      if (hint)
        mf_diag_error (L->diag, k->line, "%s: unknown key '%s' (did you mean '%s'?)",
                       context (L, sec), k->name, hint);
      else
        mf_diag_error (L->diag, k->line, "%s: unknown key '%s'", context (L, sec), k->name);
    }
}

/* The value of `key` in `sec` through GKeyFile, or NULL when absent.  An
 * empty value is an error and also returns NULL; *line gets the key's line.
 * (transfer none) */
static const char *
get_value (Loader *L, const MfScanSection *sec, const char *key, int *line)
{
  const MfScanKey *k = find_key (sec, key);
  char *v;

  if (k == NULL)
    return NULL;
  *line = k->line;
  v = g_key_file_get_value (L->kf, sec->header, key, NULL);
  if (v == NULL)
    {
      /* The scan and GKeyFile disagree: a bug, but never a crash on input. */
      mf_diag_error (L->diag, k->line, "%s: cannot read key '%s'", context (L, sec), key);
      return NULL;
    }
  g_ptr_array_add (L->values, v);
  g_strstrip (v);
  if (*v == '\0')
    {
      mf_diag_error (L->diag, k->line, "%s: %s has no value", context (L, sec), key);
      return NULL;
    }
  return v;
}

/* The line of `key` in `sec`, or of the first of `fallback` present, or the
 * section's own line: where a rule that joins two keys is best reported. */
static int
key_line (const MfScanSection *sec, const char *key, const char *fallback)
{
  const MfScanKey *k = find_key (sec, key);
  if (k == NULL && fallback != NULL)
    k = find_key (sec, fallback);
  return k ? k->line : sec->line;
}

static gboolean
require (Loader *L, const MfScanSection *sec, const char *key)
{
  if (find_key (sec, key) != NULL)
    return TRUE;
  if (sec->damaged)
    return FALSE;
  mf_diag_error (L->diag, sec->line, "%s: missing required key '%s'", context (L, sec), key);
  return FALSE;
}

static void
report (Loader *L, const MfScanSection *sec, int line, const char *key, const GError *err)
{
  mf_diag_error (L->diag, line, "%s: %s %s", context (L, sec), key, err->message);
}

static gboolean
get_int (Loader *L, const MfScanSection *sec, const char *key, gint64 min, gint64 max, gint64 *out)
{
  g_autoptr (GError) err = NULL;
  int line = 0;
  const char *v = get_value (L, sec, key, &line);
  if (v == NULL)
    return FALSE;
  if (mf_parse_int (v, min, max, out, &err))
    return TRUE;
  report (L, sec, line, key, err);
  return FALSE;
}

static void
get_int32 (Loader *L, const MfScanSection *sec, const char *key, int min, int max, int *out)
{
  gint64 v;
  if (get_int (L, sec, key, min, max, &v))
    *out = (int) v;
}

static void
get_duration (Loader *L, const MfScanSection *sec, const char *key, gint64 min_us, gint64 *out)
{
  g_autoptr (GError) err = NULL;
  int line = 0;
  const char *v = get_value (L, sec, key, &line);
  gint64 us;

  if (v == NULL)
    return;
  if (!mf_parse_duration (v, &us, &err))
    {
      report (L, sec, line, key, err);
      return;
    }
  if (us < min_us)
    {
      g_autofree char *min_text = mf_format_duration (min_us);
      mf_diag_error (L->diag, line, "%s: %s %s is below the minimum of %s", context (L, sec),
                     key, v, min_text);
      return;
    }
  *out = us;
}

static void
get_size (Loader *L, const MfScanSection *sec, const char *key, guint64 *out)
{
  g_autoptr (GError) err = NULL;
  int line = 0;
  const char *v = get_value (L, sec, key, &line);
  if (v != NULL && !mf_parse_size (v, out, &err))
    report (L, sec, line, key, err);
}

static void
get_bool (Loader *L, const MfScanSection *sec, const char *key, gboolean *out)
{
  g_autoptr (GError) err = NULL;
  int line = 0;
  const char *v = get_value (L, sec, key, &line);
  if (v != NULL && !mf_parse_bool (v, out, &err))
    report (L, sec, line, key, err);
}

static void
get_dist (Loader *L, const MfScanSection *sec, const char *key, MfDistUnit unit, MfDist *out)
{
  g_autoptr (GError) err = NULL;
  int line = 0;
  const char *v = get_value (L, sec, key, &line);
  if (v != NULL && !mf_parse_dist (v, unit, out, &err))
    report (L, sec, line, key, err);
}

/* Split a comma-separated list into trimmed items; an empty item or more
 * than MF_TOPO_MAX_LIST_ITEMS is an error (returns NULL).  (transfer full) */
static GStrv
get_list (Loader *L, const MfScanSection *sec, const char *key, int *line)
{
  const char *v = get_value (L, sec, key, line);
  g_auto (GStrv) items = NULL;

  if (v == NULL)
    return NULL;
  items = g_strsplit (v, ",", MF_TOPO_MAX_LIST_ITEMS + 1);
  if (g_strv_length (items) > MF_TOPO_MAX_LIST_ITEMS)
    {
      mf_diag_error (L->diag, *line, "%s: %s has more than %d items", context (L, sec), key,
                     MF_TOPO_MAX_LIST_ITEMS);
      return NULL;
    }
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        {
          mf_diag_error (L->diag, *line, "%s: %s has an empty item", context (L, sec), key);
          return NULL;
        }
    }
  return g_steal_pointer (&items);
}

/* Time of week or duration → offset from the run's start. */
static gboolean
get_time (Loader *L, const MfScanSection *sec, const char *key, gint64 *out)
{
  g_autoptr (GError) err = NULL;
  int line = 0;
  const char *v = get_value (L, sec, key, &line);
  gboolean weekday;
  gint64 t;

  if (v == NULL)
    return FALSE;
  if (!mf_parse_time_of_week (v, &t, &weekday, &err))
    {
      report (L, sec, line, key, err);
      return FALSE;
    }
  if (weekday)
    {
      /* The first such moment at or after the start of the run. */
      t = (t - L->topo->org.start_us + MF_US_PER_WEEK) % MF_US_PER_WEEK;
    }
  *out = t;
  return TRUE;
}

static const char *
skip_blanks (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

static int
lookup (GHashTable *ids, const char *name)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (ids, name)) - 1;
}

static int
resolve_rg (Loader *L, const MfScanSection *sec, const char *key, const char *name, int line)
{
  int id = lookup (L->rg_ids, name);
  if (id < 0)
    mf_diag_error (L->diag, line, "%s: %s: no routing group named '%s'", context (L, sec), key,
                   name);
  return id;
}

static int
resolve_server (Loader *L, const MfScanSection *sec, const char *key, const char *name, int line)
{
  int id = lookup (L->server_ids, name);
  if (id < 0)
    mf_diag_error (L->diag, line, "%s: %s: no server named '%s'", context (L, sec), key, name);
  return id;
}

/* ------------------------------------------------------------- sections */

static void
load_organization (Loader *L, const MfScanSection *sec)
{
  MfOrganization *o = &L->topo->org;
  int line = 0;
  const char *v;
  g_auto (GStrv) retry = NULL;

  o->line = sec->line;
  check_known_keys (L, sec, organization_keys, G_N_ELEMENTS (organization_keys));
  if (require (L, sec, "name") && (v = get_value (L, sec, "name", &line)) != NULL)
    o->name = g_strdup (v);
  get_int32 (L, sec, "max-hop-count", 10, 256, &o->max_hop_count);
  get_duration (L, sec, "glitch-retry", MF_US_PER_SECOND / 1000, &o->glitch_retry_us);
  get_int32 (L, sec, "glitch-retries", 0, 100, &o->glitch_retries);
  retry = get_list (L, sec, "retry", &line);
  if (retry != NULL)
    {
      guint n = g_strv_length (retry);
      if (n > 4)
        mf_diag_error (L->diag, line, "%s: retry takes at most 4 intervals (first, second, "
                       "third, every later one)", context (L, sec));
      else
        for (guint i = 0; i < 4; i++)
          {
            g_autoptr (GError) err = NULL;
            const char *item = retry[MIN (i, n - 1)];
            gint64 us;
            if (!mf_parse_duration (item, &us, &err))
              {
                report (L, sec, line, "retry", err);
                break;
              }
            if (us < MF_US_PER_SECOND)
              {
                mf_diag_error (L->diag, line, "%s: retry %s is below the minimum of 1s",
                               context (L, sec), item);
                break;
              }
            o->retry_us[i] = us;
          }
    }
  get_duration (L, sec, "link-probe-interval", MF_US_PER_SECOND, &o->link_probe_interval_us);
  get_duration (L, sec, "unreachable-retry", MF_US_PER_SECOND, &o->unreachable_retry_us);
  get_duration (L, sec, "delay-notification", MF_US_PER_SECOND, &o->delay_notification_us);
  get_duration (L, sec, "expiration", MF_US_PER_SECOND, &o->expiration_us);
  get_duration (L, sec, "link-state-delay", 0, &o->link_state_delay_us);
  get_bool (L, sec, "suppress-state-changes", &o->suppress_state_changes);
  get_bool (L, sec, "link-state-over-smtp", &o->link_state_over_smtp);
  if ((v = get_value (L, sec, "start", &line)) != NULL)
    {
      g_autoptr (GError) err = NULL;
      gboolean weekday;
      gint64 t;
      if (!mf_parse_time_of_week (v, &t, &weekday, &err))
        report (L, sec, line, "start", err);
      else if (t >= MF_US_PER_WEEK)
        mf_diag_error (L->diag, line, "%s: start %s is not within one week", context (L, sec), v);
      else
        o->start_us = t;
    }
  get_duration (L, sec, "duration", MF_US_PER_SECOND, &o->duration_us);
  get_duration (L, sec, "warmup", 0, &o->warmup_us);
  get_duration (L, sec, "sample-interval", MF_US_PER_SECOND, &o->sample_interval_us);
  {
    gint64 seed;
    if (get_int (L, sec, "seed", 0, G_MAXINT64, &seed))
      o->seed = (guint64) seed;
  }
  if (o->warmup_us >= o->duration_us)
    mf_diag_error (L->diag, key_line (sec, "warmup", "duration"), "%s: warmup must be shorter than duration",
                   context (L, sec));
  if (o->duration_us / o->sample_interval_us > 1000000)
    mf_diag_error (L->diag, key_line (sec, "sample-interval", "duration"), "%s: sample-interval is too short for the duration "
                   "(more than 1000000 samples)", context (L, sec));
}

static void
load_server (Loader *L, const MfScanSection *sec, int id)
{
  MfServer *s = &L->topo->servers[id];
  int line = 0;
  const char *v;

  check_known_keys (L, sec, server_keys, G_N_ELEMENTS (server_keys));
  if (require (L, sec, "routing-group") && (v = get_value (L, sec, "routing-group", &line)))
    s->routing_group = resolve_rg (L, sec, "routing-group", v, line);
  get_int (L, sec, "mailboxes", 0, MF_TOPO_MAX_MAILBOXES, &s->mailboxes);
  get_int32 (L, sec, "virtual-servers", 1, 100, &s->virtual_servers);
  get_dist (L, sec, "categorizer", MF_DIST_UNIT_DURATION, &s->categorizer);
  get_int32 (L, sec, "categorizer-workers", 1, MF_TOPO_MAX_WORKERS, &s->categorizer_workers);
  get_dist (L, sec, "store-delivery", MF_DIST_UNIT_DURATION, &s->store_delivery);
  get_int32 (L, sec, "store-workers", 1, MF_TOPO_MAX_WORKERS, &s->store_workers);
  get_int32 (L, sec, "max-outbound-connections", 1, 100000, &s->max_outbound_connections);
  get_int32 (L, sec, "max-connections-per-domain", 1, 100000, &s->max_connections_per_domain);
  get_int32 (L, sec, "messages-per-connection", 1, 100000, &s->messages_per_connection);
  get_size (L, sec, "max-message-size", &s->max_message_size);
}

static void
load_routing_group (Loader *L, const MfScanSection *sec, int id)
{
  MfRoutingGroup *rg = &L->topo->routing_groups[id];
  int line = 0;
  const char *v;

  check_known_keys (L, sec, routing_group_keys, G_N_ELEMENTS (routing_group_keys));
  rg->master = rg->n_members > 0 ? rg->members[0] : -1;
  if ((v = get_value (L, sec, "master", &line)) != NULL)
    {
      int s = resolve_server (L, sec, "master", v, line);
      if (s >= 0 && L->topo->servers[s].routing_group < 0)
        ; /* the server's own routing-group is wrong: reported there */
      else if (s >= 0 && L->topo->servers[s].routing_group != id)
        mf_diag_error (L->diag, line, "%s: master %s is not a member of routing group %s",
                       context (L, sec), v, rg->name);
      else if (s >= 0)
        rg->master = s;
    }
}

/* Resolve a bridgehead list to server ids of routing group `rg`. */
static void
get_bridgeheads (Loader *L, const MfScanSection *sec, const char *key, int rg,
                 int *n_out, int **out, gboolean *is_default)
{
  int line = 0;
  g_auto (GStrv) names = get_list (L, sec, key, &line);
  const MfTopology *t = L->topo;

  *is_default = FALSE;
  if (names == NULL)
    {
      if (find_key (sec, key) != NULL)
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
      int s = resolve_server (L, sec, key, names[i], line);
      if (s < 0)
        continue;
      if (t->servers[s].routing_group != rg)
        {
          mf_diag_error (L->diag, line, "%s: %s: server %s is not in routing group %s",
                         context (L, sec), key, names[i], t->routing_groups[rg].name);
          continue;
        }
      for (int j = 0; j < *n_out; j++)
        if ((*out)[j] == s)
          {
            mf_diag_error (L->diag, line, "%s: %s: server %s is listed twice", context (L, sec),
                           key, names[i]);
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
static gboolean
load_connector (Loader *L, const MfScanSection *sec, MfConnector *c)
{
  int line = 0;
  const char *v;
  gboolean reverse = FALSE;
  gboolean has_type = FALSE;

  c->name = g_strdup (sec->name);
  c->line = sec->line;
  connector_defaults (c);
  c->from = -1;
  check_known_keys (L, sec, connector_keys, G_N_ELEMENTS (connector_keys));

  if (require (L, sec, "type") && (v = get_value (L, sec, "type", &line)) != NULL)
    {
      has_type = TRUE;
      if (strcmp (v, "routing-group") == 0)
        c->type = MF_CONNECTOR_ROUTING_GROUP;
      else if (strcmp (v, "smtp") == 0)
        c->type = MF_CONNECTOR_SMTP;
      else if (strcmp (v, "x400") == 0)
        c->type = MF_CONNECTOR_X400;
      else
        {
          mf_diag_error (L->diag, line, "%s: type '%s' is not routing-group, smtp or x400",
                         context (L, sec), v);
          has_type = FALSE;
        }
    }
  if (require (L, sec, "from") && (v = get_value (L, sec, "from", &line)) != NULL)
    c->from = resolve_rg (L, sec, "from", v, line);
  if ((v = get_value (L, sec, "to", &line)) != NULL)
    {
      c->to = resolve_rg (L, sec, "to", v, line);
      if (c->to >= 0 && c->to == c->from)
        mf_diag_error (L->diag, line, "%s: from and to are the same routing group %s",
                       context (L, sec), v);
    }
  {
    g_auto (GStrv) spaces = get_list (L, sec, "address-spaces", &line);
    if (spaces != NULL)
      {
        if (has_type && c->type != MF_CONNECTOR_SMTP)
          mf_diag_error (L->diag, line, "%s: address-spaces are for smtp connectors",
                         context (L, sec));
        c->address_spaces = g_new0 (MfAddressSpace, g_strv_length (spaces));
        for (guint i = 0; spaces[i] != NULL; i++)
          {
            g_autoptr (GError) err = NULL;
            MfAddressSpace as;
            if (!mf_parse_address_space (spaces[i], &as, &err))
              {
                mf_diag_error (L->diag, line, "%s: %s", context (L, sec), err->message);
                continue;
              }
            for (int j = 0; j < c->n_address_spaces; j++)
              if (strcmp (c->address_spaces[j].pattern, as.pattern) == 0)
                {
                  mf_diag_error (L->diag, line, "%s: address space %s is listed twice",
                                 context (L, sec), spaces[i]);
                  g_clear_pointer (&as.pattern, g_free);
                  break;
                }
            if (as.pattern != NULL)
              c->address_spaces[c->n_address_spaces++] = as;
          }
      }
  }
  if (has_type && find_key (sec, "to") == NULL)
    {
      if (c->type != MF_CONNECTOR_SMTP)
        require (L, sec, "to");
      else if (find_key (sec, "address-spaces") == NULL && !sec->damaged)
        mf_diag_error (L->diag, sec->line, "%s: an smtp connector needs 'to' or "
                       "'address-spaces'", context (L, sec));
    }
  get_int32 (L, sec, "cost", 1, 100, &c->cost);
  get_bridgeheads (L, sec, "bridgeheads", c->from, &c->n_bridgeheads, &c->bridgeheads,
                   &c->bridgeheads_default);
  if (find_key (sec, "remote-bridgeheads") != NULL && find_key (sec, "to") == NULL)
    mf_diag_error (L->diag, find_key (sec, "remote-bridgeheads")->line,
                   "%s: remote-bridgeheads needs 'to'", context (L, sec));
  else
    get_bridgeheads (L, sec, "remote-bridgeheads", c->to, &c->n_remote_bridgeheads,
                     &c->remote_bridgeheads, &c->remote_bridgeheads_default);
  get_bool (L, sec, "reverse", &reverse);
  if (reverse && find_key (sec, "to") == NULL)
    {
      mf_diag_error (L->diag, find_key (sec, "reverse")->line,
                     "%s: reverse = true needs 'to'", context (L, sec));
      reverse = FALSE;
    }
  if ((v = get_value (L, sec, "bandwidth", &line)) != NULL)
    {
      g_autoptr (GError) err = NULL;
      if (!mf_parse_bandwidth (v, &c->bandwidth_bps, &err))
        report (L, sec, line, "bandwidth", err);
    }
  get_duration (L, sec, "latency", 0, &c->latency_us);
  get_int32 (L, sec, "max-connections", 1, 10000, &c->max_connections);
  if ((v = get_value (L, sec, "schedule", &line)) != NULL)
    {
      g_autoptr (GError) err = NULL;
      MfSchedule sched;
      if (!mf_parse_schedule (v, &sched, &err))
        mf_diag_error (L->diag, line, "%s: %s", context (L, sec), err->message);
      else
        {
          mf_schedule_clear (&c->schedule);
          c->schedule = sched;
        }
    }
  get_size (L, sec, "max-message-size", &c->max_message_size);
  if ((v = get_value (L, sec, "scope", &line)) != NULL)
    {
      if (strcmp (v, "organization") == 0)
        c->scope = MF_SCOPE_ORGANIZATION;
      else if (strcmp (v, "routing-group") == 0)
        {
          c->scope = MF_SCOPE_ROUTING_GROUP;
          if (has_type && c->type != MF_CONNECTOR_SMTP)
            mf_diag_error (L->diag, line, "%s: scope routing-group is for smtp connectors",
                           context (L, sec));
        }
      else
        mf_diag_error (L->diag, line, "%s: scope '%s' is not organization or routing-group",
                       context (L, sec), v);
    }
  return reverse;
}

static void
make_mirror (const MfConnector *c, MfConnector *m, int c_id)
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
  mf_schedule_copy (&c->schedule, &m->schedule);
  m->is_mirror = TRUE;
  m->mirror = c_id;
}

static void
load_traffic (Loader *L, const MfScanSection *sec)
{
  MfTraffic *tr = &L->topo->traffic;
  int line = 0;
  const char *v;

  tr->present = TRUE;
  tr->line = sec->line;
  check_known_keys (L, sec, traffic_keys, G_N_ELEMENTS (traffic_keys));
  if ((v = get_value (L, sec, "messages-per-mailbox", &line)) != NULL)
    {
      g_autoptr (GError) err = NULL;
      if (!mf_parse_rate (v, &tr->messages_per_mailbox_per_s, &err))
        report (L, sec, line, "messages-per-mailbox", err);
    }
  if ((v = get_value (L, sec, "diurnal", &line)) != NULL)
    {
      if (strcmp (v, "flat") == 0)
        tr->diurnal_kind = MF_DIURNAL_FLAT;
      else if (strcmp (v, "business") == 0)
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
                             context (L, sec), n > 25 ? "more than " : "", MIN (n, 25u));
              n = 0;
            }
          for (guint i = 0; ok && i < 24; i++)
            {
              const char *p = g_strstrip (w[i]);
              char *end = NULL;
              double x = g_ascii_strtod (p, &end);
              /* Digits and a point only: no signs, exponents, inf or nan. */
              ok = *p != '\0' && end != NULL && *end == '\0' && strspn (p, "0123456789.") == strlen (p)
                   && x <= 1e6;
              tr->diurnal[i] = x;
              tr->diurnal_given[i] = x;
              sum += x;
            }
          if (n != 0 && (!ok || !(sum > 0)))
            mf_diag_error (L->diag, line, "%s: diurnal '%s' is not flat, business or 24 "
                           "non-negative hourly weights (not all zero)", context (L, sec), v);
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
  get_dist (L, sec, "recipients", MF_DIST_UNIT_COUNT, &tr->recipients);
  get_dist (L, sec, "size", MF_DIST_UNIT_SIZE, &tr->size);
  if ((v = get_value (L, sec, "external-share", &line)) != NULL)
    {
      g_autoptr (GError) err = NULL;
      if (!mf_parse_share (v, &tr->external_share, &err))
        report (L, sec, line, "external-share", err);
    }
  if ((v = get_value (L, sec, "external-domain", &line)) != NULL)
    {
      if (!mf_domain_is_valid (v))
        mf_diag_error (L->diag, line, "%s: external-domain '%s' is not a domain name",
                       context (L, sec), v);
      else
        tr->external_domain = g_ascii_strdown (v, -1);
    }
  if (tr->external_share > 0 && find_key (sec, "external-domain") == NULL)
    mf_diag_error (L->diag, key_line (sec, "external-share", NULL), "%s: external-share needs external-domain",
                   context (L, sec));
}

/* Parse "server NAME", "routing-group NAME", "external" or "domain NAME". */
static gboolean
parse_endpoint (Loader *L, const MfScanSection *sec, const char *key, gboolean is_source,
                MfEndpointKind *kind, int *id, char **domain)
{
  int line = 0;
  const char *v = get_value (L, sec, key, &line);
  const char *space;
  g_autofree char *word = NULL;
  const char *name;

  if (v == NULL)
    return FALSE;
  if (is_source && strcmp (v, "external") == 0)
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
  if (strcmp (word, "server") == 0)
    {
      *kind = MF_ENDPOINT_SERVER;
      *id = resolve_server (L, sec, key, name, line);
      return *id >= 0;
    }
  if (strcmp (word, "routing-group") == 0)
    {
      *kind = MF_ENDPOINT_ROUTING_GROUP;
      *id = resolve_rg (L, sec, key, name, line);
      if (*id >= 0 && L->topo->routing_groups[*id].n_members == 0)
        {
          mf_diag_error (L->diag, line, "%s: %s: routing group %s has no servers",
                         context (L, sec), key, name);
          return FALSE;
        }
      return *id >= 0;
    }
  if (!is_source && strcmp (word, "domain") == 0)
    {
      if (!mf_domain_is_valid (name))
        {
          mf_diag_error (L->diag, line, "%s: %s: '%s' is not a domain name", context (L, sec),
                         key, name);
          return FALSE;
        }
      *kind = MF_ENDPOINT_DOMAIN;
      *id = -1;
      *domain = g_ascii_strdown (name, -1);
      return TRUE;
    }
bad:
  mf_diag_error (L->diag, line, "%s: %s '%s' is not %s", context (L, sec), key, v,
                 is_source ? "'server NAME', 'routing-group NAME' or 'external'"
                           : "'server NAME', 'routing-group NAME' or 'domain NAME'");
  return FALSE;
}

static void
load_flow (Loader *L, const MfScanSection *sec, MfFlow *f)
{
  int line = 0;
  const char *v;

  f->name = g_strdup (sec->name);
  f->line = sec->line;
  f->from = f->via = f->to = -1;
  f->recipients = (MfDist){ MF_DIST_CONST, 1, 0 };
  f->size = (MfDist){ MF_DIST_CONST, 25 * 1024, 0 };
  f->end_us = G_MAXINT64;
  check_known_keys (L, sec, flow_keys, G_N_ELEMENTS (flow_keys));
  if (require (L, sec, "from"))
    parse_endpoint (L, sec, "from", TRUE, &f->from_kind, &f->from, NULL);
  if (require (L, sec, "to"))
    parse_endpoint (L, sec, "to", FALSE, &f->to_kind, &f->to, &f->to_domain);
  if ((v = get_value (L, sec, "via", &line)) != NULL)
    {
      const char *name = g_str_has_prefix (v, "server ") ? v + 7 : v;
      while (*name == ' ')
        name++;
      if (f->from_kind != MF_ENDPOINT_EXTERNAL && find_key (sec, "from") != NULL)
        mf_diag_error (L->diag, line, "%s: via is only for from = external", context (L, sec));
      else
        f->via = resolve_server (L, sec, "via", name, line);
    }
  else if (f->from_kind == MF_ENDPOINT_EXTERNAL && find_key (sec, "from") != NULL)
    mf_diag_error (L->diag, key_line (sec, "from", NULL), "%s: from = external needs 'via = server NAME'",
                   context (L, sec));
  if (require (L, sec, "rate") && (v = get_value (L, sec, "rate", &line)) != NULL)
    {
      g_autoptr (GError) err = NULL;
      if (!mf_parse_rate (v, &f->rate_per_s, &err))
        report (L, sec, line, "rate", err);
    }
  if ((v = get_value (L, sec, "arrivals", &line)) != NULL)
    {
      if (strcmp (v, "poisson") == 0)
        f->arrivals = MF_ARRIVALS_POISSON;
      else if (strcmp (v, "uniform") == 0)
        f->arrivals = MF_ARRIVALS_UNIFORM;
      else
        mf_diag_error (L->diag, line, "%s: arrivals '%s' is not poisson or uniform",
                       context (L, sec), v);
    }
  get_dist (L, sec, "recipients", MF_DIST_UNIT_COUNT, &f->recipients);
  get_dist (L, sec, "size", MF_DIST_UNIT_SIZE, &f->size);
  get_time (L, sec, "start", &f->start_us);
  get_time (L, sec, "end", &f->end_us);
  if (f->end_us <= f->start_us)
    mf_diag_error (L->diag, key_line (sec, "end", "start"), "%s: end is not after start", context (L, sec));
}

static void
load_event (Loader *L, const MfScanSection *sec, MfTopoEvent *e)
{
  int line = 0;
  const char *v;

  e->name = g_strdup (sec->name);
  e->line = sec->line;
  e->target = -1;
  check_known_keys (L, sec, event_keys, G_N_ELEMENTS (event_keys));
  if (require (L, sec, "at"))
    get_time (L, sec, "at", &e->at_us);
  if (require (L, sec, "target") && (v = get_value (L, sec, "target", &line)) != NULL)
    {
      if (g_str_has_prefix (v, "server "))
        {
          e->target_kind = MF_TARGET_SERVER;
          e->target = resolve_server (L, sec, "target", skip_blanks (v + 7), line);
        }
      else if (g_str_has_prefix (v, "connector "))
        {
          const char *name = skip_blanks (v + 10);
          e->target_kind = MF_TARGET_CONNECTOR;
          e->target = lookup (L->connector_ids, name);
          if (e->target < 0)
            mf_diag_error (L->diag, line, "%s: target: no connector named '%s'",
                           context (L, sec), name);
        }
      else
        mf_diag_error (L->diag, line, "%s: target '%s' is not 'server NAME' or "
                       "'connector NAME'", context (L, sec), v);
    }
  if (require (L, sec, "action") && (v = get_value (L, sec, "action", &line)) != NULL)
    {
      if (strcmp (v, "down") == 0)
        e->action = MF_ACTION_DOWN;
      else if (strcmp (v, "up") == 0)
        e->action = MF_ACTION_UP;
      else if (g_str_has_prefix (v, "cost ") || g_str_has_prefix (v, "cost\t"))
        {
          gint64 cost;
          g_autoptr (GError) err = NULL;
          e->action = MF_ACTION_COST;
          if (!mf_parse_int (skip_blanks (v + 5), 1, 100, &cost, &err))
            mf_diag_error (L->diag, line, "%s: action cost %s", context (L, sec), err->message);
          else
            e->cost = (int) cost;
          if (e->target_kind == MF_TARGET_SERVER && find_key (sec, "target") != NULL)
            mf_diag_error (L->diag, line, "%s: a cost change needs a connector target",
                           context (L, sec));
        }
      else
        mf_diag_error (L->diag, line, "%s: action '%s' is not down, up or 'cost N'",
                       context (L, sec), v);
    }
  get_duration (L, sec, "duration", MF_US_PER_SECOND / 1000, &e->duration_us);
}

/* ------------------------------------------------------------ the model */

static gint
compare_events (gconstpointer a, gconstpointer b)
{
  const MfTopoEvent *x = a, *y = b;
  if (x->at_us != y->at_us)
    return x->at_us < y->at_us ? -1 : 1;
  return x->line < y->line ? -1 : (x->line > y->line);
}

static void
set_organization_defaults (MfOrganization *o)
{
  o->max_hop_count = 30;
  o->glitch_retry_us = 60 * MF_US_PER_SECOND;
  o->glitch_retries = 3;
  o->retry_us[0] = o->retry_us[1] = o->retry_us[2] = 10 * MF_US_PER_MINUTE;
  o->retry_us[3] = 15 * MF_US_PER_MINUTE;
  o->link_probe_interval_us = 60 * MF_US_PER_SECOND;
  o->unreachable_retry_us = 15 * MF_US_PER_MINUTE;
  o->delay_notification_us = 12 * MF_US_PER_HOUR;
  o->expiration_us = 2 * MF_US_PER_DAY;
  o->link_state_delay_us = MF_US_PER_SECOND;
  o->link_state_over_smtp = TRUE;
  o->start_us = 0;
  o->duration_us = 24 * MF_US_PER_HOUR;
  o->warmup_us = 0;
  o->sample_interval_us = MF_US_PER_MINUTE;
  o->seed = 1;
}

static void
set_server_defaults (MfServer *s)
{
  s->routing_group = -1;
  s->virtual_servers = 1;
  s->categorizer = (MfDist){ MF_DIST_EXP, 5000, 0 };
  s->categorizer_workers = 1;
  s->store_delivery = (MfDist){ MF_DIST_EXP, 5000, 0 };
  s->store_workers = 1;
  s->max_outbound_connections = 1000;
  s->max_connections_per_domain = 100;
  s->messages_per_connection = 20;
  s->max_message_size = MF_SIZE_UNLIMITED;
}

static void
set_traffic_defaults (MfTraffic *tr)
{
  tr->messages_per_mailbox_per_s = 40.0 / 86400.0;
  tr->diurnal_kind = MF_DIURNAL_FLAT;
  for (int i = 0; i < 24; i++)
    tr->diurnal[i] = 1.0;
  tr->recipients = (MfDist){ MF_DIST_GEOMETRIC, 1.5, 0 };
  tr->size = (MfDist){ MF_DIST_LOGNORMAL, 25 * 1024, 1.2 };
}

static gboolean
is_kind (const MfScanSection *sec, const char *kind)
{
  return strcmp (sec->kind, kind) == 0;
}

static void
build (Loader *L, gboolean empty)
{
  MfTopology *t = L->topo;
  GPtrArray *secs = L->scan->sections;
  const MfScanSection *org = NULL, *traffic = NULL;
  int n_rg = 0, n_srv = 0, n_conn = 0, n_flow = 0, n_ev = 0;
  GArray *connectors;

  set_organization_defaults (&t->org);
  set_traffic_defaults (&t->traffic);

  /* Pass 1: count and name every object, so references may point forward. */
  for (guint i = 0; i < secs->len; i++)
    {
      const MfScanSection *sec = g_ptr_array_index (secs, i);
      if (is_kind (sec, "organization"))
        org = sec;
      else if (is_kind (sec, "traffic"))
        traffic = sec;
      else if (is_kind (sec, "routing-group"))
        {
          if (n_rg++ == MF_TOPO_MAX_ROUTING_GROUPS)
            mf_diag_error (L->diag, sec->line, "more than %d routing groups",
                           MF_TOPO_MAX_ROUTING_GROUPS);
        }
      else if (is_kind (sec, "server"))
        {
          if (n_srv++ == MF_TOPO_MAX_SERVERS)
            mf_diag_error (L->diag, sec->line, "more than %d servers (Exchange's limit)",
                           MF_TOPO_MAX_SERVERS);
        }
      else if (is_kind (sec, "connector"))
        n_conn++;
      else if (is_kind (sec, "flow"))
        {
          if (n_flow++ == MF_TOPO_MAX_FLOWS)
            mf_diag_error (L->diag, sec->line, "more than %d flows", MF_TOPO_MAX_FLOWS);
        }
      else if (is_kind (sec, "event"))
        {
          if (n_ev++ == MF_TOPO_MAX_EVENTS)
            mf_diag_error (L->diag, sec->line, "more than %d events", MF_TOPO_MAX_EVENTS);
        }
    }
  if (empty)
    {
      mf_diag_error (L->diag, 0, "the file is empty");
      return;
    }
  if (org == NULL && !g_hash_table_contains (L->scan->rejected_kinds, "organization"))
    mf_diag_error (L->diag, 0, "missing [organization] section");
  if (n_rg == 0 && !g_hash_table_contains (L->scan->rejected_kinds, "routing-group"))
    mf_diag_error (L->diag, 0, "missing [routing-group NAME] section: at least one is needed");
  if (n_srv == 0 && !g_hash_table_contains (L->scan->rejected_kinds, "server"))
    mf_diag_error (L->diag, 0, "missing [server NAME] section: at least one is needed");
  if (mf_diag_n_errors (L->diag) > 0 && (n_rg > MF_TOPO_MAX_ROUTING_GROUPS
                                         || n_srv > MF_TOPO_MAX_SERVERS
                                         || n_flow > MF_TOPO_MAX_FLOWS
                                         || n_ev > MF_TOPO_MAX_EVENTS))
    return; /* do not allocate for a file over the limits */

  t->routing_groups = g_new0 (MfRoutingGroup, (gsize) n_rg);
  t->servers = g_new0 (MfServer, (gsize) n_srv);
  t->flows = g_new0 (MfFlow, (gsize) n_flow);
  t->events = g_new0 (MfTopoEvent, (gsize) n_ev);
  for (guint i = 0; i < secs->len; i++)
    {
      const MfScanSection *sec = g_ptr_array_index (secs, i);
      if (is_kind (sec, "routing-group"))
        {
          MfRoutingGroup *rg = &t->routing_groups[t->n_routing_groups];
          rg->name = g_strdup (sec->name);
          rg->line = sec->line;
          rg->master = -1;
          g_hash_table_insert (L->rg_ids, rg->name, GINT_TO_POINTER (++t->n_routing_groups));
        }
      else if (is_kind (sec, "server"))
        {
          MfServer *s = &t->servers[t->n_servers];
          set_server_defaults (s);
          s->name = g_strdup (sec->name);
          s->line = sec->line;
          g_hash_table_insert (L->server_ids, s->name, GINT_TO_POINTER (++t->n_servers));
        }
      else if (is_kind (sec, "connector"))
        g_hash_table_insert (L->connector_ids, sec->name, GINT_TO_POINTER (-1));
    }

  /* Pass 2: the sections, in dependency order. */
  if (org != NULL)
    load_organization (L, org);
  for (guint i = 0, id = 0; i < secs->len; i++)
    if (is_kind (g_ptr_array_index (secs, i), "server"))
      load_server (L, g_ptr_array_index (secs, i), (int) id++);

  /* Members in file order; the default master is the first of them. */
  {
    g_autofree int *counts = g_new0 (int, (gsize) t->n_routing_groups + 1);
    for (int s = 0; s < t->n_servers; s++)
      if (t->servers[s].routing_group >= 0)
        counts[t->servers[s].routing_group]++;
    for (int r = 0; r < t->n_routing_groups; r++)
      t->routing_groups[r].members = g_new (int, (gsize) counts[r] + 1);
    for (int s = 0; s < t->n_servers; s++)
      {
        int r = t->servers[s].routing_group;
        if (r >= 0)
          t->routing_groups[r].members[t->routing_groups[r].n_members++] = s;
      }
  }
  for (guint i = 0, id = 0; i < secs->len; i++)
    if (is_kind (g_ptr_array_index (secs, i), "routing-group"))
      load_routing_group (L, g_ptr_array_index (secs, i), (int) id++);

  connectors = g_array_new (FALSE, TRUE, sizeof (MfConnector));
  for (guint i = 0; i < secs->len; i++)
    {
      const MfScanSection *sec = g_ptr_array_index (secs, i);
      MfConnector c = { 0 };
      int id = (int) connectors->len;
      if (!is_kind (sec, "connector"))
        continue;
      g_hash_table_insert (L->connector_ids, sec->name, GINT_TO_POINTER (id + 1));
      if (load_connector (L, sec, &c) && c.from >= 0 && c.to >= 0)
        {
          MfConnector m;
          c.mirror = id + 1;
          make_mirror (&c, &m, id);
          g_array_append_val (connectors, c);
          g_array_append_val (connectors, m);
        }
      else
        g_array_append_val (connectors, c);
    }
  t->n_connectors = (int) connectors->len;
  t->connectors = (MfConnector *) (void *) g_array_free (connectors, FALSE);
  {
    g_autofree int *counts = g_new0 (int, (gsize) t->n_routing_groups + 1);
    for (int c = 0; c < t->n_connectors; c++)
      if (t->connectors[c].from >= 0)
        counts[t->connectors[c].from]++;
    for (int r = 0; r < t->n_routing_groups; r++)
      {
        MfRoutingGroup *rg = &t->routing_groups[r];
        if (counts[r] > MF_TOPO_MAX_CONNECTORS_PER_GROUP)
          mf_diag_error (L->diag, rg->line, "routing-group %s: %d connectors, more than "
                         "Exchange's limit of %d per routing group", rg->name, counts[r],
                         MF_TOPO_MAX_CONNECTORS_PER_GROUP);
        rg->connectors = g_new (int, (gsize) counts[r] + 1);
      }
    for (int c = 0; c < t->n_connectors; c++)
      {
        int r = t->connectors[c].from;
        if (r >= 0)
          t->routing_groups[r].connectors[t->routing_groups[r].n_connectors++] = c;
      }
  }

  if (traffic != NULL)
    load_traffic (L, traffic);
  for (guint i = 0; i < secs->len; i++)
    {
      const MfScanSection *sec = g_ptr_array_index (secs, i);
      if (is_kind (sec, "flow"))
        load_flow (L, sec, &t->flows[t->n_flows++]);
      else if (is_kind (sec, "event"))
        load_event (L, sec, &t->events[t->n_events++]);
    }
  if (t->n_events > 1)
    qsort (t->events, (gsize) t->n_events, sizeof (MfTopoEvent),
           (int (*) (const void *, const void *)) compare_events);
}

MfTopology *
mf_topo_parse_data (const char *name, const char *data, gsize len, GError **error)
{
  g_autoptr (MfDiag) diag = mf_diag_new (name);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (MfScan) scan = NULL;
  g_autoptr (MfTopology) topo = NULL;
  Loader L = { 0 };
  gboolean empty = TRUE;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > MF_TOPO_MAX_FILE_BYTES)
    {
      g_set_error (error, MF_TOPO_ERROR, MF_TOPO_ERROR_INVALID,
                   "%s: the file is larger than the limit of %d bytes", name,
                   MF_TOPO_MAX_FILE_BYTES);
      return NULL;
    }
  for (gsize i = 0; i < len && empty; i++)
    empty = g_ascii_isspace (data[i]);

  scan = mf_topo_scan (data, len, diag);
  topo = g_new0 (MfTopology, 1);
  topo->path = g_strdup (name);
  L.diag = diag;
  L.kf = kf;
  L.scan = scan;
  L.topo = topo;
  L.rg_ids = g_hash_table_new (g_str_hash, g_str_equal);
  L.server_ids = g_hash_table_new (g_str_hash, g_str_equal);
  L.connector_ids = g_hash_table_new (g_str_hash, g_str_equal);
  L.values = g_ptr_array_new_with_free_func (g_free);

  g_key_file_set_list_separator (kf, ',');
  {
    g_autoptr (GError) kf_error = NULL;
    if (!g_key_file_load_from_data (kf, scan->normalized, scan->normalized_len,
                                    G_KEY_FILE_NONE, &kf_error))
      {
        /* The scan admits only lines GKeyFile accepts; if it ever
         * disagrees, say so rather than crash. */
        if (mf_diag_n_errors (diag) == 0)
          mf_diag_error (diag, 0, "cannot read the file: %s", kf_error->message);
        g_ptr_array_set_size (scan->sections, 0);
      }
  }
  if (!scan->unreadable)
    build (&L, empty);

  g_hash_table_unref (L.rg_ids);
  g_hash_table_unref (L.server_ids);
  g_hash_table_unref (L.connector_ids);
  g_ptr_array_unref (L.values);

  if (mf_diag_n_errors (diag) > 0)
    {
      g_autofree char *text = mf_diag_errors_text (diag);
      g_set_error_literal (error, MF_TOPO_ERROR, MF_TOPO_ERROR_INVALID, text);
      return NULL;
    }
  return g_steal_pointer (&topo);
}

MfTopology *
mf_topo_load_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  FILE *f;
  gsize len = 0;
  gsize cap = 64 * 1024;

  g_return_val_if_fail (path != NULL, NULL);
  f = fopen (path, "rb");
  if (f == NULL)
    {
      int e = errno;
      g_set_error (error, MF_TOPO_ERROR, MF_TOPO_ERROR_IO, "%s: cannot open: %s", path,
                   g_strerror (e));
      return NULL;
    }
  /* Read at most one byte past the limit: enough to know it is exceeded. */
  data = g_malloc (cap);
  for (;;)
    {
      size_t n;
      if (len == cap)
        {
          if (cap > MF_TOPO_MAX_FILE_BYTES)
            break;
          cap *= 2;
          data = g_realloc (data, cap);
        }
      n = fread (data + len, 1, cap - len, f);
      len += n;
      if (n == 0)
        break;
    }
  if (ferror (f))
    {
      int e = errno;
      fclose (f);
      g_set_error (error, MF_TOPO_ERROR, MF_TOPO_ERROR_IO, "%s: cannot read: %s", path,
                   g_strerror (e));
      return NULL;
    }
  fclose (f);
  return mf_topo_parse_data (path, data, len, error);
}
