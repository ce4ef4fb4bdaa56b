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
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

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
  return T->topo->routing_groups[rg].master;
}

static void
learned (Transport *T, Server *s, int change)
{
  MfRunResult *r = T->res;
  const MfLinkChange *ch = &g_array_index (r->link_changes, MfLinkChange, change);
  MfLinkLearned l = { change, s->id, tr_now (T) };

  g_array_append_val (r->link_learned, l);
  r->convergence_us = MAX (r->convergence_us, l.time_us - ch->time_us);
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
  mf_link_state_set_status (s->view, ch->connector, ch->up ? MF_LINK_UP : MF_LINK_DOWN);
  mf_link_state_set_cost (s->view, ch->connector, ch->cost);
  g_clear_pointer (&s->tree, mf_route_tree_unref);
  learned (T, s, change);
  tr_server_recompute (T, s);
  return TRUE;
}

static gboolean
xlink2state_carries (Transport *T, Server *master, int x)
{
  const MfConnector *c = &T->topo->connectors[x];
  if (c->to < 0 || T->conn_cut[x] || !mf_link_state_is_up (master->view, x))
    return FALSE;
  if (!mf_schedule_is_always (&c->schedule))
    return FALSE;
  if (c->type == MF_CONNECTOR_SMTP && !T->topo->org.link_state_over_smtp)
    return FALSE;
  return TRUE;
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
        send_note (T, (LsNote){ FALSE, change, -1, FALSE, rg->master, s->id, FALSE }, 1);
      return;
    }
  for (int i = 0; i < rg->n_members; i++)
    if (rg->members[i] != s->id && rg->members[i] != from_server)
      send_note (T, (LsNote){ FALSE, change, -1, FALSE, rg->members[i], s->id, FALSE }, 1);
  for (int i = 0; i < rg->n_connectors; i++)
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
      send_note (T, (LsNote){ FALSE, change, -1, FALSE, remote, s->id, TRUE }, bridgehead ? 1 : 2);
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
  if (master->up)
    flood (T, master, index, -1, FALSE);
}

void
tr_ls_report (Transport *T, Server *reporter, int connector, gboolean up)
{
  int master = master_of (T, reporter->rg);
  LsNote note = { TRUE, -1, connector, up, master, reporter->id, FALSE };

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

  if (!s->up)
    return; /* a down server hears nothing */
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

void
tr_ls_resync (Transport *T, Server *s)
{
  int m = master_of (T, s->rg);
  Server *master;

  if (m < 0 || m == s->id)
    return;
  master = &T->servers[m];
  if (!master->up)
    return;
  for (int c = 0; c < T->topo->n_connectors; c++)
    if (master->seen[c] > s->seen[c] && master->seen[c] > 0)
      apply (T, s, (int) master->seen[c] - 1);
}
