/* topo-load.c — building the model from a topology file (docs/format.md §1–3).
 *
 * The pipeline: read at most MF_TOPO_MAX_FILE_BYTES; pre-scan the text
 * (topo-scan.c: lines, duplicates, byte-level faults); load the normalised
 * text into GKeyFile; then read every section kind in dependency order
 * (organization, servers, routing groups, connectors, traffic, flows,
 * events), parsing each value with the value parsers and resolving every
 * name to an id.  Errors are collected, not thrown, so one run reports all
 * of them (up to MF_DIAG_MAX_ERRORS); a model is returned only when there
 * are none.
 *
 * TRUST: the file is untrusted.  Counts are bounded by the MF_TOPO_MAX_*
 * limits before anything is allocated per object; names are allowlisted by
 * the scan.  Checking is complete before the model is handed out: the rest
 * of msgflow asserts instead of re-checking.  Here: the entry points, the
 * defaults and the order; keys and sections are read in topo-load-keys.c,
 * topo-load-org.c and topo-load-traffic.c.
 */
#define G_LOG_DOMAIN "msgflow-topo"

#include "model/topo-load-private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (mf-topo-error-quark, mf_topo_error)

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
  o->server_down_detection_us = 60 * MF_US_PER_SECOND;
  o->unreachable_retry_us = 15 * MF_US_PER_MINUTE;
  o->delay_notification_us = 12 * MF_US_PER_HOUR;
  o->expiration_us = 2 * MF_US_PER_DAY;
  o->link_state_delay_us = MF_US_PER_SECOND;
  o->link_state_over_smtp = TRUE;
  o->route_recompute_us = 0;
  o->categorizer_failure = 0.0;
  o->categorizer_retry_us = 10 * MF_US_PER_MINUTE;
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
  s->direct_internet = TRUE;
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
build (MfLoader *L, gboolean empty)
{
  MfTopology *t = L->topo;
  GPtrArray *secs = L->scan->sections;
  const MfScanSection *org = NULL, *traffic = NULL;
  int n_rg = 0, n_srv = 0, n_conn = 0, n_flow = 0, n_ev = 0, n_dom = 0;
  const MfScanSection *internet = NULL;
  GArray *connectors;

  set_organization_defaults (&t->org);
  set_traffic_defaults (&t->traffic);
  mf_load_internet_defaults (&t->internet);

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
            mf_diag_error (L->diag, sec->line, "more than %d servers (msgflow's limit)",
                           MF_TOPO_MAX_SERVERS);
        }
      else if (is_kind (sec, "connector"))
        n_conn++;
      else if (is_kind (sec, "internet"))
        internet = sec;
      else if (is_kind (sec, "domain"))
        {
          if (n_dom++ == MF_TOPO_MAX_DOMAINS)
            mf_diag_error (L->diag, sec->line, "more than %d domains", MF_TOPO_MAX_DOMAINS);
        }
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
                                         || n_ev > MF_TOPO_MAX_EVENTS
                                         || n_dom > MF_TOPO_MAX_DOMAINS))
    return; /* do not allocate for a file over the limits */

  t->routing_groups = g_new0 (MfRoutingGroup, (gsize) n_rg);
  t->servers = g_new0 (MfServer, (gsize) n_srv);
  t->flows = g_new0 (MfFlow, (gsize) n_flow);
  t->events = g_new0 (MfTopoEvent, (gsize) n_ev);
  t->domains = g_new0 (MfDomain, (gsize) n_dom);
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
    mf_load_organization (L, org);
  for (guint i = 0, id = 0; i < secs->len; i++)
    if (is_kind (g_ptr_array_index (secs, i), "server"))
      mf_load_server (L, g_ptr_array_index (secs, i), (int) id++);

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
      mf_load_routing_group (L, g_ptr_array_index (secs, i), (int) id++);

  connectors = g_array_new (FALSE, TRUE, sizeof (MfConnector));
  for (guint i = 0; i < secs->len; i++)
    {
      const MfScanSection *sec = g_ptr_array_index (secs, i);
      MfConnector c = { 0 };
      int id = (int) connectors->len;
      if (!is_kind (sec, "connector"))
        continue;
      g_hash_table_insert (L->connector_ids, sec->name, GINT_TO_POINTER (id + 1));
      if (mf_load_connector (L, sec, &c) && c.from >= 0 && c.to >= 0)
        {
          MfConnector m;
          c.mirror = id + 1;
          mf_load_make_mirror (&c, &m, id);
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

  /* The Internet edge before the events, which may name a domain. */
  if (internet != NULL)
    mf_load_internet (L, internet);
  for (guint i = 0; i < secs->len; i++)
    if (is_kind (g_ptr_array_index (secs, i), "domain"))
      mf_load_domain (L, g_ptr_array_index (secs, i), &t->domains[t->n_domains++]);

  if (traffic != NULL)
    mf_load_traffic (L, traffic);
  for (guint i = 0; i < secs->len; i++)
    {
      const MfScanSection *sec = g_ptr_array_index (secs, i);
      if (is_kind (sec, "flow"))
        mf_load_flow (L, sec, &t->flows[t->n_flows++]);
      else if (is_kind (sec, "event"))
        mf_load_event (L, sec, &t->events[t->n_events++]);
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
  MfLoader L = { 0 };
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
  /* Names are matched as Exchange matches them: see mf_topo_name_equal. */
  L.rg_ids = g_hash_table_new (mf_topo_name_hash_func, mf_topo_name_equal_func);
  L.server_ids = g_hash_table_new (mf_topo_name_hash_func, mf_topo_name_equal_func);
  L.connector_ids = g_hash_table_new (mf_topo_name_hash_func, mf_topo_name_equal_func);
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

/* Open `path` for reading, or stdin for "-".  Anything but a regular file
 * is refused: a FIFO would block in open() and a device such as /dev/zero
 * never ends.  stat() first, so a device is never even opened; then
 * O_NONBLOCK, so that a FIFO put in the file's place meanwhile does not
 * block open() either, and fstat says what was really opened (O_NONBLOCK
 * means nothing for a regular file).  Returns -1 with the error set. */
static int
open_regular (const char *path, GError **error)
{
  struct stat st;
  int fd;

  if (strcmp (path, "-") == 0)
    return STDIN_FILENO;
  if (stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, MF_TOPO_ERROR, MF_TOPO_ERROR_IO, "%s: not a regular file", path);
      return -1;
    }
  fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, MF_TOPO_ERROR, MF_TOPO_ERROR_IO, "%s: cannot open: %s", path,
                   g_strerror (e));
      return -1;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, MF_TOPO_ERROR, MF_TOPO_ERROR_IO, "%s: not a regular file", path);
      return -1;
    }
  return fd;
}

gboolean
mf_topo_read_file (const char *path, char **data_out, gsize *len_out, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  gsize cap = 64 * 1024;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  fd = open_regular (path, error);
  if (fd < 0)
    return FALSE;
  /* Read at most one byte past the limit: enough to know it is exceeded. */
  data = g_malloc (cap);
  for (;;)
    {
      ssize_t n;
      if (len == cap)
        {
          if (cap > MF_TOPO_MAX_FILE_BYTES)
            break;
          char *bigger = g_try_realloc (data, cap * 2);
          if (bigger == NULL)
            {
              if (fd != STDIN_FILENO)
                close (fd);
              g_set_error (error, MF_TOPO_ERROR, MF_TOPO_ERROR_IO,
                           "%s: cannot read: out of memory for %" G_GSIZE_FORMAT " bytes", path,
                           cap * 2);
              return FALSE;
            }
          data = bigger;
          cap *= 2;
        }
      n = read (fd, data + len, cap - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int e = errno;
          if (fd != STDIN_FILENO)
            close (fd);
          g_set_error (error, MF_TOPO_ERROR, MF_TOPO_ERROR_IO, "%s: cannot read: %s", path,
                       g_strerror (e));
          return FALSE;
        }
      if (n == 0)
        break;
      len += (gsize) n;
    }
  if (fd != STDIN_FILENO)
    close (fd);
  *data_out = g_steal_pointer (&data);
  *len_out = len;
  return TRUE;
}

MfTopology *
mf_topo_load_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!mf_topo_read_file (path, &data, &len, error))
    return NULL;
  return mf_topo_parse_data (path, data, len, error);
}
