/* transport.c — one run of the transport: set-up of the servers and
 * connectors, the event dispatch, arrivals from the workload and the
 * injected message of `trace`, the scheduled changes of the topology
 * ([event]), the time series samples, the end of warm-up, and the end of
 * the run with its conservation check (transport-message.c).  What happens
 * to a message lives in the other transport-*.c files; this file only
 * decides when things happen.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

#include <string.h>

G_DEFINE_QUARK (mf-transport-error-quark, mf_transport_error)

gint64
tr_now (const Transport *T)
{
  return mf_sim_now (T->sim);
}

/* -------------------------------------------------------------- events */

static void
schedule_arrival (Transport *T, int source)
{
  gint64 t = mf_workload_next_arrival (T->workload, source, tr_now (T), T->opt.duration_us);
  if (t >= 0)
    mf_sim_schedule_at (T->sim, t, EV_ARRIVAL, (guint64) source);
}

static void
on_arrival (Transport *T, int source)
{
  MfNewMessage nm;
  Orig *o;
  Msg *m;

  mf_workload_make_message (T->workload, source, &nm);
  o = tr_orig_new (T, nm.origin, nm.flow, nm.external, FALSE, nm.n_recipients);
  m = tr_msg_new (T, o, nm.n_recipients, nm.size_bytes, 1);
  for (int i = 0; i < nm.n_recipients; i++)
    m->rcpt[i] = nm.recipients[i].server >= 0 ? nm.recipients[i].server
                                              : RCPT_FOR_DOMAIN (nm.recipients[i].domain);
  mf_new_message_clear (&nm);
  /* Mail from a mailbox enters through the store driver; mail from outside
   * through the SMTP service of the `via` server. */
  if (!o->external)
    tr_track (T, o->origin, TRACK_STORE_SUBMIT, m, -1, MF_PARTNER_NONE, -1);
  tr_track (T, o->origin, TRACK_SUBMIT_AQ, m, -1, MF_PARTNER_NONE, -1);
  tr_track (T, o->origin, TRACK_SUBMISSION_STARTED, m, -1, MF_PARTNER_NONE, -1);
  if (o->flow >= 0 && T->topo->flows[o->flow].deferred_us > 0)
    tr_server_defer (T, &T->servers[o->origin], m);
  else
    tr_server_submit (T, &T->servers[o->origin], m);
  schedule_arrival (T, source);
}

static void
on_inject (Transport *T)
{
  const MfInjection *in = T->opt.inject;
  Orig *o = tr_orig_new (T, in->from_server, -1, FALSE, FALSE, 1);
  Msg *m = tr_msg_new (T, o, 1, MAX (in->size_bytes, (guint64) 1), 1);

  T->inject_id = o->id;

  m->rcpt[0] = in->to_server >= 0
                   ? in->to_server
                   : RCPT_FOR_DOMAIN (mf_workload_add_domain (T->workload, in->to_domain));
  tr_track (T, o->origin, TRACK_STORE_SUBMIT, m, -1, MF_PARTNER_NONE, -1);
  tr_track (T, o->origin, TRACK_SUBMIT_AQ, m, -1, MF_PARTNER_NONE, -1);
  tr_track (T, o->origin, TRACK_SUBMISSION_STARTED, m, -1, MF_PARTNER_NONE, -1);
  tr_observe_submitted (T);
  tr_server_submit (T, &T->servers[o->origin], m);
}

static void
on_topo_event (Transport *T, guint64 data)
{
  gboolean reversal = (data & TOPO_EVENT_REVERSAL) != 0;
  const MfTopoEvent *e = &T->topo->events[data & ~TOPO_EVENT_REVERSAL];
  MfAction action = e->action;

  if (reversal && (action == MF_ACTION_STOP_SMTP || action == MF_ACTION_START_SMTP))
    action = action == MF_ACTION_STOP_SMTP ? MF_ACTION_START_SMTP : MF_ACTION_STOP_SMTP;
  else if (reversal)
    action = action == MF_ACTION_DOWN ? MF_ACTION_UP
             : action == MF_ACTION_UP ? MF_ACTION_DOWN : MF_ACTION_COST;
  else if (e->duration_us > 0)
    mf_sim_schedule_in (T->sim, e->duration_us, EV_TOPO_EVENT, data | TOPO_EVENT_REVERSAL);
  tr_observe_event (T, (int) (data & ~TOPO_EVENT_REVERSAL), (int) action);

  if (e->target_kind == MF_TARGET_DOMAIN)
    {
      if (action == MF_ACTION_DOWN || action == MF_ACTION_UP)
        tr_internet_set_down (T, e->target, action == MF_ACTION_DOWN);
      return;
    }
  if (e->target_kind == MF_TARGET_ROUTING_GROUP)
    {
      tr_ls_master_move (T, e->target, e->server);
      return;
    }
  if (e->target_kind == MF_TARGET_SERVER)
    {
      Server *s = &T->servers[e->target];
      switch (action)
        {
        case MF_ACTION_DOWN:
          if (!s->ls_up)
            break;
          s->ls_up = FALSE;
          if (s->up)
            tr_server_down (T, s);
          break;
        case MF_ACTION_UP:
          if (s->ls_up)
            break;
          s->ls_up = TRUE;
          if (!s->smtp_stopped)
            tr_server_up (T, s);
          else
            {
              /* Back, with its SMTP service still stopped: it says so. */
              tr_ls_resync (T, s);
              tr_ls_server_report (T, s, s->id, FALSE);
            }
          break;
        case MF_ACTION_STOP_SMTP:
          if (s->smtp_stopped)
            break;
          s->smtp_stopped = TRUE;
          if (s->up)
            tr_server_down (T, s);
          /* A stopped service is a user version change the server reports
           * itself, at once: nobody has to notice it. */
          if (s->ls_up)
            tr_ls_server_report (T, s, s->id, FALSE);
          break;
        case MF_ACTION_START_SMTP:
          if (!s->smtp_stopped)
            break;
          s->smtp_stopped = FALSE;
          if (s->ls_up && !s->up)
            tr_server_up (T, s);
          break;
        default:
          break;
        }
      return;
    }
  switch (action)
    {
    case MF_ACTION_DOWN:
      tr_connector_set_cut (T, e->target, TRUE);
      break;
    case MF_ACTION_UP:
      tr_connector_set_cut (T, e->target, FALSE);
      break;
    case MF_ACTION_COST:
    default:
      {
        const MfConnector *c = &T->topo->connectors[e->target];
        int cost = reversal ? c->cost : e->cost;
        tr_ls_cost_change (T, e->target, cost);
        if (c->mirror >= 0)
          tr_ls_cost_change (T, c->mirror, cost);
      }
      break;
    }
}

static void
on_sample (Transport *T)
{
  MfRunResult *r = T->res;
  gint64 now = tr_now (T);

  for (int i = 0; i < r->n_queues; i++)
    {
      guint32 len = (guint32) mf_time_avg_level (&tr_queue_fifo (T, i)->length);
      guint32 lowest, highest;
      tr_queue_interval_range (T, i, len, &lowest, &highest);
      /* A queue empty at both ends of the interval and in between is
       * left out (the report restores the zeros). */
      if (len > 0 || T->queue_last[i] > 0 || highest > 0)
        {
          MfQueueSample s = { now, i, len, lowest, highest, -1, -1, -1 };
          tr_queue_sample_state (T, &s);
          g_array_append_val (r->queue_samples, s);
        }
      T->queue_last[i] = (int) len;
    }
  for (int c = 0; c < T->topo->n_connectors; c++)
    {
      MfConnectorSample s;
      tr_connector_flush_busy (T, c);
      s.time_us = now;
      s.connector = c;
      s.messages = T->conn_interval_msgs[c];
      s.bytes = T->conn_interval_bytes[c];
      s.busy_us = T->conn_interval_busy[c];
      g_array_append_val (r->connector_samples, s);
      T->conn_interval_msgs[c] = T->conn_interval_bytes[c] = 0;
      T->conn_interval_busy[c] = 0;
    }
  {
    MfCountsSample s;
    s.time_us = now;
    s.recipients = r->recipients;
    s.recipients.in_flight = r->recipients.generated - r->recipients.delivered - r->recipients.ndr;
    g_array_append_val (r->counts_samples, s);
  }
  for (int i = 0; i < T->n_servers; i++)
    {
      MfServerSample s = T->srv_interval[i];
      s.time_us = now;
      s.server = i;
      g_array_append_val (r->server_samples, s);
      memset (&T->srv_interval[i], 0, sizeof T->srv_interval[i]);
    }
  if (now + T->opt.sample_interval_us <= T->opt.duration_us)
    mf_sim_schedule_in (T->sim, T->opt.sample_interval_us, EV_SAMPLE, 0);
}

static void
on_warmup_end (Transport *T)
{
  MfRunResult *r = T->res;

  for (int c = 0; c < T->topo->n_connectors; c++)
    {
      tr_connector_flush_busy (T, c);
      memset (&r->connectors[c], 0, sizeof r->connectors[c]);
    }
  mf_tally_reset (&r->latency_s);
  mf_histogram_reset (r->latency_hist);
  for (int f = 0; f < r->n_flows; f++)
    {
      mf_tally_reset (&r->flow_latency_s[f]);
      mf_histogram_reset (r->flow_latency_hist[f]);
    }
  tr_event_impact_warmed (T);
  tr_queue_stats_reset (T);
  T->warmed = TRUE;
}

static void
dispatch (MfSim *sim, const MfEvent *ev, gpointer user_data)
{
  Transport *T = user_data;
  gpointer p = (gpointer) (guintptr) ev->data;

  (void) sim;
  switch (ev->kind)
    {
    case EV_ARRIVAL:
      on_arrival (T, (int) ev->data);
      break;
    case EV_CAT_DONE:
      tr_server_cat_done (T, p);
      break;
    case EV_STORE_DONE:
      tr_server_store_done (T, p);
      break;
    case EV_LINK_TIMER:
      tr_link_timer (T, p);
      break;
    case EV_LINK_PROBE:
      tr_link_probe (T, p);
      break;
    case EV_TRANSFER_DONE:
      tr_session_transfer_done (T, p);
      break;
    case EV_POOL_DONE:
      tr_pool_done (T, p);
      break;
    case EV_UNREACHABLE:
      tr_server_unreachable_timer (T, p);
      break;
    case EV_LS_DELIVER:
      tr_ls_deliver (T, p);
      break;
    case EV_TOPO_EVENT:
      on_topo_event (T, ev->data);
      break;
    case EV_SAMPLE:
      on_sample (T);
      break;
    case EV_WARMUP_END:
      on_warmup_end (T);
      break;
    case EV_INJECT:
      on_inject (T);
      break;
    case EV_ROUTE_READY:
      tr_server_route_ready (T, p);
      break;
    case EV_CAT_RETRY:
      tr_server_cat_retry (T, p);
      break;
    case EV_DEFERRED_DUE:
      tr_server_deferred_due (T, p);
      break;
    case EV_SERVER_DETECT:
      tr_link_detect (T, p);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------- set-up */

static void
server_init (Transport *T, Server *s, int id)
{
  const MfServer *ms = &T->topo->servers[id];
  g_autofree char *stream = g_strdup_printf ("server:%s", ms->name);

  s->id = id;
  s->rg = ms->routing_group;
  s->up = TRUE;
  s->ls_up = TRUE;
  s->srv_down = g_new0 (gboolean, (gsize) T->topo->n_servers);
  mf_rng_init (&s->rng, T->opt.seed, T->opt.replication, stream);
  tr_queue_register (T, &s->cat, id, MF_QUEUE_CATEGORIZER, "Messages awaiting directory lookup", -1);
  tr_queue_register (T, &s->local, id, MF_QUEUE_LOCAL, "Local delivery", -1);
  tr_queue_register (T, &s->routing, id, MF_QUEUE_ROUTING, "Messages waiting to be routed", -1);
  tr_queue_register (T, &s->unreachable, id, MF_QUEUE_UNREACHABLE,
                                           "Messages with an unreachable destination", -1);
  tr_queue_register (T, &s->dsn, id, MF_QUEUE_DSN_PENDING, "DSN messages pending submission", -1);
  tr_queue_register (T, &s->retry, id, MF_QUEUE_FAILED_RETRY, "Failed message retry queue", -1);
  tr_queue_register (T, &s->deferred, id, MF_QUEUE_DEFERRED,
                                        "Messages queued for deferred delivery", -1);
  s->n_cat_workers = ms->categorizer_workers;
  s->cat_workers = g_new0 (Worker, (gsize) s->n_cat_workers);
  for (int i = 0; i < s->n_cat_workers; i++)
    s->cat_workers[i].server = s;
  s->n_store_workers = ms->store_workers;
  s->store_workers = g_new0 (Worker, (gsize) s->n_store_workers);
  for (int i = 0; i < s->n_store_workers; i++)
    {
      s->store_workers[i].server = s;
      s->store_workers[i].store = TRUE;
    }
  s->link_list = g_ptr_array_new_with_free_func (g_free);
  s->view = mf_link_state_copy (T->static_view);
  s->seen = g_new0 (guint32, (gsize) T->topo->n_connectors + 1);
}

static void
server_clear (Server *s)
{
  Fifo *fixed[] = { &s->cat, &s->local, &s->routing, &s->unreachable,
                    &s->dsn, &s->retry, &s->deferred };
  for (guint k = 0; k < G_N_ELEMENTS (fixed); k++)
    tr_fifo_clear (fixed[k]);
  for (guint k = 0; k < s->link_list->len; k++)
    tr_fifo_clear (&((Link *) g_ptr_array_index (s->link_list, k))->q);
  g_free (s->cat_workers);
  g_free (s->store_workers);
  g_free (s->link_keys);
  g_free (s->link_vals);
  g_ptr_array_unref (s->link_list);
  g_clear_pointer (&s->tree, mf_route_tree_unref);
  mf_link_state_free (s->view);
  g_free (s->seen);
  g_free (s->srv_down);
}

static void
transport_free (Transport *T)
{
  /* The copies still held and their originals first: the walk needs the
   * servers and the sessions. */
  tr_messages_free_all (T);
  for (int i = 0; i < T->n_servers; i++)
    server_clear (&T->servers[i]);
  for (guint i = 0; i < T->sessions->len; i++)
    g_free (g_ptr_array_index (T->sessions, i));
  g_ptr_array_unref (T->sessions);
  while (T->free_sessions)
    {
      Session *ss = T->free_sessions;
      T->free_sessions = ss->next_free;
      g_free (ss);
    }
  for (int c = 0; c < T->topo->n_connectors; c++)
    g_ptr_array_unref (T->pools[c].active);
  g_free (T->pools);
  g_free (T->servers);
  g_free (T->conn_sessions);
  g_free (T->conn_cut);
  g_free (T->conn_transfers);
  g_free (T->conn_busy_since);
  g_free (T->conn_interval_msgs);
  g_free (T->conn_interval_bytes);
  g_free (T->conn_interval_busy);
  g_free (T->srv_interval);
  g_free (T->conn_seq);
  g_free (T->last_change);
  g_free (T->masters);
  g_free (T->smtp_down);
  g_free (T->conn_server_cut);
  g_ptr_array_unref (T->notes);
  g_free (T->queue_last);
  g_free (T->queue_fifo);
  g_free (T->queue_link);
  mf_link_state_free (T->static_view);
  tr_hosts_free (T);
  mf_workload_free (T->workload);
  mf_router_free (T->router);
  mf_sim_free (T->sim);
}

MfRunResult *
mf_transport_run (const MfTopology *topo, const MfRunOptions *options, GError **error)
{
  Transport T_ = { 0 };
  Transport *T = &T_;
  g_autoptr (MfRunResult) r = g_new0 (MfRunResult, 1);
  const int nc = topo->n_connectors;
  MfSimStatus status;
  gint64 next_progress;

  g_return_val_if_fail (options->duration_us > 0, NULL);
  g_return_val_if_fail (options->warmup_us >= 0 && options->warmup_us < options->duration_us, NULL);
  g_return_val_if_fail (options->sample_interval_us > 0, NULL);

  T->topo = topo;
  T->opt = *options;
  T->res = r;
  T->router = mf_router_new (topo, error);
  if (T->router == NULL)
    return NULL;
  T->sim = mf_sim_new (dispatch, T);
  if (options->interrupt)
    mf_sim_set_interrupt_flag (T->sim, options->interrupt);
  if (options->poll)
    mf_sim_set_poll (T->sim, options->poll, options->poll_data);
  T->workload = mf_workload_new (topo, options->seed, options->replication);
  mf_rng_init (&T->rng, options->seed, options->replication, "transport");
  T->static_view = mf_link_state_new (topo);
  tr_hosts_init (T);

  r->seed = options->seed;
  r->replication = options->replication;
  r->warmup_us = options->warmup_us;
  r->complete = TRUE;
  r->latency_hist = mf_histogram_new ();
  r->n_flows = topo->n_flows;
  r->flow_latency_s = g_new0 (MfTally, (gsize) topo->n_flows + 1);
  r->flow_generated = g_new0 (guint64, (gsize) topo->n_flows + 1);
  r->flow_ndr_by_reason = g_new0 (guint64, ((gsize) topo->n_flows + 1) * MF_NDR_N_REASONS);
  mf_tally_reset (&r->latency_s);
  r->flow_latency_hist = g_new0 (MfHistogram *, (gsize) topo->n_flows + 1);
  for (int f = 0; f < topo->n_flows; f++)
    {
      mf_tally_reset (&r->flow_latency_s[f]);
      r->flow_latency_hist[f] = mf_histogram_new ();
    }
  r->n_connectors = nc;
  r->connectors = g_new0 (MfConnectorStats, (gsize) nc + 1);
  r->queue_samples = g_array_new (FALSE, FALSE, sizeof (MfQueueSample));
  r->connector_samples = g_array_new (FALSE, FALSE, sizeof (MfConnectorSample));
  r->counts_samples = g_array_new (FALSE, FALSE, sizeof (MfCountsSample));
  r->server_samples = g_array_new (FALSE, FALSE, sizeof (MfServerSample));
  T->srv_interval = g_new0 (MfServerSample, (gsize) topo->n_servers + 1);
  r->link_changes = g_array_new (FALSE, FALSE, sizeof (MfLinkChange));
  r->link_learned = g_array_new (FALSE, FALSE, sizeof (MfLinkLearned));
  r->master_changes = g_array_new (FALSE, FALSE, sizeof (MfMasterChange));
  r->qshape = g_array_new (FALSE, FALSE, sizeof (MfQshapeRow));
  tr_event_impact_init (T);

  T->pools = g_new0 (Pool, (gsize) nc + 1);
  for (int c = 0; c < nc; c++)
    {
      T->pools[c].connector = c;
      T->pools[c].bps = (double) topo->connectors[c].bandwidth_bps;
      T->pools[c].active = g_ptr_array_new ();
      if (topo->connectors[c].max_message_size != MF_SIZE_UNLIMITED)
        T->size_matters = TRUE;
    }
  T->conn_sessions = g_new0 (int, (gsize) nc + 1);
  T->conn_cut = g_new0 (gboolean, (gsize) nc + 1);
  T->conn_transfers = g_new0 (int, (gsize) nc + 1);
  T->conn_busy_since = g_new0 (gint64, (gsize) nc + 1);
  T->conn_interval_msgs = g_new0 (guint64, (gsize) nc + 1);
  T->conn_interval_bytes = g_new0 (guint64, (gsize) nc + 1);
  T->conn_interval_busy = g_new0 (gint64, (gsize) nc + 1);
  T->conn_seq = g_new0 (guint32, (gsize) nc + 1);
  T->last_change = g_new (int, (gsize) nc + 1);
  for (int c = 0; c < nc; c++)
    T->last_change[c] = -1;
  T->notes = g_ptr_array_new_with_free_func (g_free);
  T->masters = g_new (int, (gsize) topo->n_routing_groups + 1);
  for (int g = 0; g < topo->n_routing_groups; g++)
    T->masters[g] = topo->routing_groups[g].master;
  T->smtp_down = g_new0 (gboolean, (gsize) topo->n_servers + 1);
  T->conn_server_cut = g_new0 (gboolean, (gsize) nc + 1);
  T->sessions = g_ptr_array_new ();
  T->n_servers = topo->n_servers;
  T->servers = g_new0 (Server, (gsize) topo->n_servers);
  for (int i = 0; i < topo->n_servers; i++)
    server_init (T, &T->servers[i], i);

  if (!options->no_workload)
    for (int src = 0; src < mf_workload_n_sources (T->workload); src++)
      schedule_arrival (T, src);
  if (options->inject != NULL)
    {
      g_return_val_if_fail (options->inject->from_server >= 0
                            && options->inject->from_server < topo->n_servers, NULL);
      g_return_val_if_fail ((options->inject->to_server >= 0) != (options->inject->to_domain != NULL),
                            NULL);
      mf_sim_schedule_at (T->sim, options->inject->at_us, EV_INJECT, 0);
    }
  for (int e = 0; e < topo->n_events; e++)
    if (topo->events[e].at_us < options->duration_us)
      mf_sim_schedule_at (T->sim, topo->events[e].at_us, EV_TOPO_EVENT, (guint64) e);
  mf_sim_schedule_at (T->sim, options->sample_interval_us, EV_SAMPLE, 0);
  if (options->warmup_us > 0)
    mf_sim_schedule_at (T->sim, options->warmup_us, EV_WARMUP_END, 0);
  else
    T->warmed = TRUE;

  /* Run in slices of a simulated minute, so progress can be shown. */
  next_progress = 0;
  do
    {
      next_progress = MIN (next_progress + MF_US_PER_MINUTE, options->duration_us);
      status = mf_sim_run_until (T->sim, next_progress);
      if (options->progress)
        options->progress (mf_sim_now (T->sim), options->duration_us,
                           mf_sim_events_run (T->sim), options->progress_data);
    }
  while (status != MF_SIM_STOPPED && next_progress < options->duration_us);

  r->complete = status != MF_SIM_STOPPED;
  r->sim_time_us = mf_sim_now (T->sim);
  r->events = mf_sim_events_run (T->sim);
  for (int c = 0; c < nc; c++)
    {
      tr_connector_flush_busy (T, c);
      int master = T->masters[topo->connectors[c].from];
      r->connectors[c].up_at_end = mf_link_state_is_up (T->servers[MAX (master, 0)].view, c);
    }
  tr_queue_stats_final (T);
  tr_collect_qshape (T);
  if (options->test_before_check != NULL)
    options->test_before_check (r, options->test_data);
  if (!tr_check_conservation (T, error))
    {
      transport_free (T);
      return NULL;
    }
  transport_free (T);
  return g_steal_pointer (&r);
}
