/* transport-linkstate.c — link-state reports and their propagation
 * (reference §3): every server routes with its own view, which changes only
 * when a change reaches it.
 *
 * A server that finds a connector unusable (after its glitch retries) or
 * usable again reports it to its routing group master; the master, and only
 * it, makes the change (a minor version for UP/DOWN, a major one for a
 * cost from the directory), applies it to its own view and spreads it: to
 * every member of its group, and over X-LINK2STATE to a remote bridgehead
 * of each of its group's connectors that is UP, not cut, and always
 * scheduled (the broadcast is dropped over scheduled connectors;
 * over SMTP connectors too when `link-state-over-smtp = false`).  A
 * bridgehead that hears of a change from another group hands it to its own
 * master, which spreads it the same way.  Each step takes
 * `link-state-delay`; a server applies a change only if it is newer than
 * what it has (a sequence per connector), so floods end.  A server that was
 * down takes its master's table when it comes back.
 * Besides, every SMTP session between two groups compares the two ends'
 * digests as it opens and, on a mismatch, both take the newer state
 * (tr_ls_session_exchange), so a message is never routed by its receiver
 * with older news than its sender had.
 *
 * Servers are in the link state too (a user version change): a server
 * that gets no answer from another for `server-down-detection`, or whose
 * own SMTP service stops or starts, tells its master; the master keeps
 * which of its group's servers are down, passes that to its members (who
 * hand mail only to live bridgeheads) and marks DOWN, or UP again, the
 * group's connectors that the rule of mf_link_state_servers_cut — the one
 * `routes --down` uses — cuts.  While the master is down its members keep
 * their last table and their own observations; when it returns, or when an
 * [event] moves the mastership, the master rebuilds the table from its
 * members and spreads it.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

#include <string.h>

static void deliver_server_note (Transport *T, Server *s, const LsNote *note);

static void
send_note (Transport *T, LsNote note, int steps)
{
  LsNote *n = g_new (LsNote, 1);
  *n = note;
  g_ptr_array_add (T->notes, n);
  mf_sim_schedule_in (T->sim, (gint64) steps * T->topo->org.link_state_delay_us, EV_LS_DELIVER,
                      (guint64) (guintptr) n);
}

static int
master_of (Transport *T, int rg)
{
  return T->masters[rg];
}

static void
learned (Transport *T, Server *s, int change)
{
  MfRunResult *r = T->res;
  const MfLinkChange *ch = &g_array_index (r->link_changes, MfLinkChange, change);
  MfLinkLearned l = { change, s->id, tr_now (T) };

  g_array_append_val (r->link_learned, l);
  r->convergence_us = MAX (r->convergence_us, l.time_us - ch->time_us);
  tr_observe_view (T, s, change);
}

/* Take a change into a server's view; TRUE when it was new to it. */
static gboolean
apply (Transport *T, Server *s, int change)
{
  const MfLinkChange *ch = &g_array_index (T->res->link_changes, MfLinkChange, change);

  /* Changes are numbered in the order masters make them, and a connector's
   * changes all come from one master: a higher number is newer. */
  if (s->seen[ch->connector] >= (guint32) (change + 1))
    return FALSE;
  s->seen[ch->connector] = (guint32) (change + 1);
  s->seen_stamp = ++T->seen_stamps;
  mf_link_state_set_status (s->view, ch->connector, ch->up ? MF_LINK_UP : MF_LINK_DOWN);
  mf_link_state_set_cost (s->view, ch->connector, ch->cost);
  g_clear_pointer (&s->tree, mf_route_tree_unref);
  learned (T, s, change);
  tr_server_recompute (T, s);
  return TRUE;
}

/* Does the connector's kind carry link state between groups at all? */
static gboolean
connector_carries_link_state (Transport *T, const MfConnector *c)
{
  if (!mf_schedule_is_always (&c->schedule))
    return FALSE;
  if (c->type == MF_CONNECTOR_SMTP && !T->topo->org.link_state_over_smtp)
    return FALSE;
  return TRUE;
}

static gboolean
xlink2state_carries (Transport *T, Server *master, int x)
{
  const MfConnector *c = &T->topo->connectors[x];
  if (c->to < 0 || T->conn_cut[x] || !mf_link_state_is_up (master->view, x))
    return FALSE;
  return connector_carries_link_state (T, c);
}

/* Spread a change from server s, which has just taken it. */
static void
flood (Transport *T, Server *s, int change, int from_server, gboolean from_remote)
{
  const MfTopology *t = T->topo;
  const MfRoutingGroup *rg = &t->routing_groups[s->rg];

  if (master_of (T, s->rg) != s->id)
    {
      /* A member passes news from another group to its master. */
      if (from_remote)
        send_note (T,
                   (LsNote){ FALSE, change, -1, FALSE, master_of (T, s->rg), s->id, FALSE,
                             LS_CONNECTOR },
                   1);
      return;
    }
  for (int i = 0; i < rg->n_members; i++)
    if (rg->members[i] != s->id && rg->members[i] != from_server)
      send_note (T,
                 (LsNote){ FALSE, change, -1, FALSE, rg->members[i], s->id, FALSE, LS_CONNECTOR },
                 1);
  /* X-LINK2STATE is SMTP: a master whose SMTP service is stopped reaches
   * only its own group. */
  for (int i = 0; i < rg->n_connectors && s->up; i++)
    {
      int x = rg->connectors[i];
      const MfConnector *c = &t->connectors[x];
      int remote = -1;
      gboolean bridgehead = FALSE;

      if (!xlink2state_carries (T, s, x))
        continue;
      for (int j = 0; j < c->n_remote_bridgeheads && remote < 0; j++)
        if (T->servers[c->remote_bridgeheads[j]].up)
          remote = c->remote_bridgeheads[j];
      if (remote < 0 || remote == from_server)
        continue;
      for (int j = 0; j < c->n_bridgeheads; j++)
        bridgehead |= c->bridgeheads[j] == s->id;
      /* A master that is not a bridgehead hands it to one first. */
      send_note (T, (LsNote){ FALSE, change, -1, FALSE, remote, s->id, TRUE, LS_CONNECTOR },
                 bridgehead ? 1 : 2);
    }
}

/* The master of the connector's group makes a change. */
static void
make_change (Transport *T, Server *master, int connector, gboolean up, int cost, gboolean major,
             int origin)
{
  MfRunResult *r = T->res;
  MfLinkChange ch;
  MfLinkVersion v;
  int index = (int) r->link_changes->len;

  ch.change = index;
  ch.time_us = tr_now (T);
  ch.connector = connector;
  ch.up = up;
  ch.cost = cost;
  ch.major = major;
  ch.routing_group = master->rg;
  ch.origin_server = origin;
  T->conn_seq[connector]++;
  T->last_change[connector] = index;
  /* The version as the master's view will have it after the change. */
  v = mf_link_state_get_version (master->view, master->rg);
  ch.version = major ? v.major + 1 : v.minor + 1;
  g_array_append_val (r->link_changes, ch);
  if (!major)
    r->connectors[connector].state_changes++;
  apply (T, master, index);
  if (master->ls_up)
    flood (T, master, index, -1, FALSE);
}

void
tr_ls_report (Transport *T, Server *reporter, int connector, gboolean up)
{
  int master = master_of (T, reporter->rg);
  LsNote note = { TRUE, -1, connector, up, master, reporter->id, FALSE, LS_CONNECTOR };

  if (master == reporter->id)
    {
      LsNote *n = g_new (LsNote, 1);
      *n = note;
      g_ptr_array_add (T->notes, n);
      tr_ls_deliver (T, n);
    }
  else
    send_note (T, note, 1);
}

void
tr_ls_cost_change (Transport *T, int connector, int cost)
{
  Server *master;
  int m = master_of (T, T->topo->connectors[connector].from);

  if (m < 0)
    return;
  master = &T->servers[m];
  if (mf_link_state_get_cost (master->view, connector) == cost)
    return;
  /* The master learns it from the directory, even while it is down; it
   * spreads it once it runs (members take its table when they resync). */
  make_change (T, master, connector, mf_link_state_is_up (master->view, connector), cost, TRUE, m);
}

void
tr_ls_deliver (Transport *T, LsNote *note)
{
  Server *s = &T->servers[note->server];

  if (!s->ls_up)
    return; /* a down server hears nothing */
  if (note->srv_kind != LS_CONNECTOR)
    {
      deliver_server_note (T, s, note);
      return;
    }
  if (note->is_report)
    {
      /* Another bridgehead may have reported it already. */
      if (mf_link_state_is_up (s->view, note->connector) == note->up)
        return;
      make_change (T, s, note->connector, note->up,
                   mf_link_state_get_cost (s->view, note->connector), FALSE, note->from_server);
      return;
    }
  if (apply (T, s, note->change))
    flood (T, s, note->change, note->from_server, note->from_remote);
}

/* dst takes every connector change src has and it has not (the merge of
 * two tables, newer per connector: a connector's changes come from its
 * group's master, so this is newer per routing group).  With from_remote,
 * dst spreads what it took as news from another group (flood).  Returns
 * the number of changes taken. */
static int
take_newer (Transport *T, Server *dst, Server *src, gboolean from_remote)
{
  int n = 0;

  for (int c = 0; c < T->topo->n_connectors; c++)
    if (src->seen[c] > dst->seen[c] && src->seen[c] > 0)
      {
        int change = (int) src->seen[c] - 1;
        if (!apply (T, dst, change))
          continue;
        n++;
        if (from_remote)
          flood (T, dst, change, src->id, TRUE);
      }
  return n;
}

/* Are the two seen tables equal?  A stamp stands for one exact content
 * (0 for all zero), so equal stamps or a pair remembered equal need no
 * comparison; otherwise compare and remember an equal pair. */
static gboolean
seen_equal (Transport *T, const Server *a, const Server *b)
{
  guint64 x = a->seen_stamp, y = b->seen_stamp;
  if (x == y)
    return TRUE;
  if (x > y)
    {
      guint64 t = x;
      x = y;
      y = t;
    }
  guint64 *memo = T->seen_equal[((x * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) ^ y) & 255];
  if (memo[0] == x && memo[1] == y)
    return TRUE;
  if (memcmp (a->seen, b->seen, sizeof (guint32) * (gsize) T->topo->n_connectors) != 0)
    return FALSE;
  memo[0] = x;
  memo[1] = y;
  return TRUE;
}

/**
 * tr_ls_session_exchange:
 * @sender: the server opening an SMTP session over @connector
 * @receiver: the remote bridgehead it talks to
 * @ss: the session, NULL for an instant transfer (its own session)
 *
 * X-LINK2STATE in the EHLO of a session between two routing groups: the
 * two ends compare their tables' digests and, when they differ, exchange
 * OrgInfo, so both leave with the newer state of every group before the
 * first message goes over; what a side took it spreads as news from
 * another group.  Not over X.400 (no SMTP), nor where the broadcast is not
 * carried (a scheduled connector, an SMTP connector with
 * `link-state-over-smtp = false`).  The simulator's digest is the
 * per-connector change numbers: equal exactly when the connector states
 * and costs of the two tables are.  O(connectors).
 */
void
tr_ls_session_exchange (Transport *T, Server *sender, Server *receiver, int connector,
                        Session *ss)
{
  const MfConnector *c = &T->topo->connectors[connector];
  gboolean differ;

  if (c->to < 0 || c->type == MF_CONNECTOR_X400 || !connector_carries_link_state (T, c))
    return;
  if (!sender->ls_up || !receiver->ls_up || sender->rg == receiver->rg)
    return;
  differ = !seen_equal (T, sender, receiver);
  if (ss != NULL)
    ss->ehlo = differ ? 2 : 1;
  tr_observe_ehlo (T, sender, receiver, connector, ss ? ss->serial : 0, differ);
  if (!differ)
    return;
  T->res->digest_exchanges++;
  take_newer (T, receiver, sender, TRUE);
  take_newer (T, sender, receiver, TRUE);
}

/* s takes master's table: its connector changes, the group's server
 * states, its master and user version.  TRUE when s's server states
 * changed. */
static gboolean
take_table (Transport *T, Server *s, Server *master)
{
  const MfRoutingGroup *rg = &T->topo->routing_groups[s->rg];
  gboolean changed = FALSE;

  take_newer (T, s, master, FALSE);
  for (int i = 0; i < rg->n_members; i++)
    {
      int y = rg->members[i];
      changed |= s->srv_down[y] != master->srv_down[y];
      s->srv_down[y] = master->srv_down[y];
    }
  if (mf_link_state_get_master (s->view, s->rg) != master->id)
    mf_link_state_set_master (s->view, s->rg, master->id);
  while (mf_link_state_get_version (s->view, s->rg).user
         < mf_link_state_get_version (master->view, s->rg).user)
    mf_link_state_bump_user (s->view, s->rg);
  tr_observe_view (T, s, -1);
  return changed;
}

/* The master's server states or mastership changed: a user version (one
 * already made by mf_link_state_set_master unless bump), passed to the
 * members. */
static void
announce (Transport *T, Server *master, gboolean bump)
{
  const MfRoutingGroup *rg = &T->topo->routing_groups[master->rg];

  if (bump)
    mf_link_state_bump_user (master->view, master->rg);
  tr_observe_view (T, master, -1);
  for (int i = 0; i < rg->n_members; i++)
    if (rg->members[i] != master->id)
      send_note (T, (LsNote){ FALSE, -1, -1, FALSE, rg->members[i], master->id, FALSE,
                              LS_SRV_TABLE },
                 1);
}

/* Has a server of the group reported connector x failing, and not yet
 * found it working (its probe reports UP then)? */
static gboolean
reported_failing (Transport *T, const MfRoutingGroup *rg, int x)
{
  for (int i = 0; i < rg->n_members; i++)
    {
      Server *y = &T->servers[rg->members[i]];
      for (guint j = 0; j < y->link_list->len; j++)
        {
          const Link *l = g_ptr_array_index (y->link_list, j);
          if (l->kind == LINK_OVER_CONNECTOR && l->target == x && l->reported_down)
            return TRUE;
        }
    }
  return FALSE;
}

/* The one rule (mf_link_state_servers_cut) over the master's group's
 * connectors, with the servers the master knows to be down.  A connector
 * it made DOWN for down servers comes UP when they are back; one reported
 * down by a failing connection comes back through its probe. */
static void
judge_connectors (Transport *T, Server *master)
{
  const MfRoutingGroup *rg = &T->topo->routing_groups[master->rg];

  if (T->topo->org.suppress_state_changes)
    return;
  for (int i = 0; i < rg->n_connectors; i++)
    {
      int x = rg->connectors[i];
      gboolean cut = mf_link_state_servers_cut (T->topo, x, master->srv_down);
      gboolean up = mf_link_state_is_up (master->view, x);
      if (cut && up)
        {
          T->conn_server_cut[x] = TRUE;
          make_change (T, master, x, FALSE, mf_link_state_get_cost (master->view, x), FALSE,
                       master->id);
        }
      else if (!cut && T->conn_server_cut[x])
        {
          T->conn_server_cut[x] = FALSE;
          if (!up && !reported_failing (T, rg, x))
            make_change (T, master, x, TRUE, mf_link_state_get_cost (master->view, x), FALSE,
                         master->id);
        }
    }
}

/* The master learns that a server of its group is up or down. */
static void
master_takes (Transport *T, Server *master, int server, gboolean up)
{
  if (master->srv_down[server] == !up)
    return;
  master->srv_down[server] = !up;
  announce (T, master, TRUE);
  tr_server_reroute_all (T, master);
  judge_connectors (T, master);
}

static void
deliver_server_note (Transport *T, Server *s, const LsNote *note)
{
  if (note->srv_kind == LS_SRV_TABLE)
    {
      int m = master_of (T, s->rg);
      /* Only the group's master now speaks for it (it may have moved). */
      if (m != note->from_server || m == s->id)
        return;
      if (take_table (T, s, &T->servers[m]))
        tr_server_reroute_all (T, s);
      return;
    }
  /* LS_SRV_REPORT: only the master takes it (one that lost the mastership
   * drops it, as a master that is down does). */
  if (master_of (T, s->rg) != s->id)
    return;
  master_takes (T, s, note->connector, note->up);
}

/**
 * tr_ls_server_report:
 * @observer: the server that saw it (or the server itself, for its own
 *   SMTP service)
 * @server: the server seen down or up
 * @up: its state
 *
 * The observer acts on its own observation at once and tells its master;
 * a master that is down hears nothing, and its members keep what they saw.
 */
void
tr_ls_server_report (Transport *T, Server *observer, int server, gboolean up)
{
  int master = master_of (T, observer->rg);
  LsNote note = { TRUE, -1, server, up, master, observer->id, FALSE, LS_SRV_REPORT };

  if (master == observer->id)
    {
      master_takes (T, observer, server, up);
      return;
    }
  if (observer->srv_down[server] != !up)
    {
      observer->srv_down[server] = !up;
      tr_observe_view (T, observer, -1);
      tr_server_reroute_all (T, observer);
    }
  if (master >= 0)
    send_note (T, note, 1);
}

/* A master takes over its group's table — back after being down, or made
 * master by an [event]: from the previous master when that one runs, and
 * from its members (their server states, and what they saw go down that
 * it never heard of), then spreads it with a user version change. */
static void
take_over (Transport *T, Server *master, Server *previous, gboolean moved)
{
  const MfRoutingGroup *rg = &T->topo->routing_groups[master->rg];
  MfMasterChange mc;

  if (previous != NULL && previous != master && previous->ls_up)
    {
      take_newer (T, master, previous, FALSE);
    }
  for (int i = 0; i < rg->n_members; i++)
    {
      Server *y = &T->servers[rg->members[i]];
      if (y != master && y->ls_up)
        take_newer (T, master, y, FALSE);
      /* A member that runs tells whether its SMTP service does; one that is
       * down does not answer. */
      master->srv_down[y->id] = !y->up;
    }
  if (mf_link_state_get_master (master->view, master->rg) != master->id)
    {
      mf_link_state_set_master (master->view, master->rg, master->id);
      announce (T, master, FALSE);
    }
  else
    announce (T, master, TRUE);
  mc.time_us = tr_now (T);
  mc.routing_group = master->rg;
  mc.master = master->id;
  mc.moved = moved;
  mc.user_version = mf_link_state_get_version (master->view, master->rg).user;
  g_array_append_val (T->res->master_changes, mc);
  tr_server_reroute_all (T, master);
  judge_connectors (T, master);
  /* Failures its members reported while nobody listened. */
  for (int i = 0; i < rg->n_members; i++)
    {
      Server *y = &T->servers[rg->members[i]];
      if (!y->ls_up)
        continue;
      for (guint j = 0; j < y->link_list->len; j++)
        {
          Link *l = g_ptr_array_index (y->link_list, j);
          if (l->kind == LINK_OVER_CONNECTOR && l->reported_down
              && mf_link_state_is_up (master->view, l->target))
            tr_ls_report (T, y, l->target, FALSE);
        }
    }
}

/* An [event] makes `server` the master of routing group rg. */
void
tr_ls_master_move (Transport *T, int rg, int server)
{
  int previous = T->masters[rg];

  if (previous == server)
    return;
  T->masters[rg] = server;
  if (T->servers[server].ls_up)
    take_over (T, &T->servers[server], previous >= 0 ? &T->servers[previous] : NULL, TRUE);
}

void
tr_ls_resync (Transport *T, Server *s)
{
  int m = master_of (T, s->rg);
  Server *master;

  if (m < 0)
    return;
  if (m == s->id)
    {
      /* The master is back: it rebuilds the table from its members. */
      take_over (T, s, NULL, FALSE);
      return;
    }
  master = &T->servers[m];
  s->srv_down[s->id] = !s->up;
  if (!master->ls_up)
    return; /* it keeps its last table until the master is back */
  /* A server that starts connects to its master: the master learns its
   * state and the server pulls the table in the same exchange, so neither
   * routes on the other's old news. */
  master_takes (T, master, s->id, s->up);
  if (take_table (T, s, master))
    tr_server_reroute_all (T, s);
}
