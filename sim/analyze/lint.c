/* lint.c — design warnings for `msgflow check` (see lint.h).
 *
 * Reachability here is the plain connector graph, ignoring state and cost:
 * the routes command answers the finer questions.  Cost: O(G + C).
 */
#define G_LOG_DOMAIN "msgflow-lint"

#include "analyze/lint.h"
#include "base/diag.h"

GPtrArray *
mf_lint (const MfTopology *t)
{
  g_autoptr (MfDiag) diag = mf_diag_new (t->path);
  g_autofree int *out_degree = g_new0 (int, (gsize) t->n_routing_groups + 1);
  g_autofree int *in_degree = g_new0 (int, (gsize) t->n_routing_groups + 1);
  const GPtrArray *warnings;
  GPtrArray *result;

  for (int i = 0; i < t->n_connectors; i++)
    {
      const MfConnector *c = &t->connectors[i];
      out_degree[c->from]++;
      if (c->to >= 0)
        in_degree[c->to]++;
    }

  /* Past Exchange's documented limit msgflow still simulates (a merger
   * being planned, a what-if), but the answer is about an organisation
   * Microsoft never supported. */
  if (t->n_servers > MF_TOPO_SUPPORTED_SERVERS)
    mf_diag_warning (diag, t->servers[MF_TOPO_SUPPORTED_SERVERS].line,
                     "%d servers: Exchange 2003 supports at most %d in an organisation; the "
                     "results describe an organisation Microsoft did not support",
                     t->n_servers, MF_TOPO_SUPPORTED_SERVERS);

  for (int r = 0; r < t->n_routing_groups; r++)
    {
      const MfRoutingGroup *rg = &t->routing_groups[r];
      gint64 mailboxes = 0;

      for (int i = 0; i < rg->n_members; i++)
        mailboxes += t->servers[rg->members[i]].mailboxes;
      if (rg->n_members == 0)
        mf_diag_warning (diag, rg->line, "routing group %s has no servers", rg->name);
      if (t->n_routing_groups < 2)
        continue;
      if (in_degree[r] == 0)
        mf_diag_warning (diag, rg->line, "no connector reaches routing group %s", rg->name);
      if (out_degree[r] == 0)
        {
          if (mailboxes > 0)
            mf_diag_warning (diag, rg->line,
                             "routing group %s has %" G_GINT64_FORMAT " mailboxes but no "
                             "connector out: its users cannot send to other groups",
                             rg->name, mailboxes);
          else
            mf_diag_warning (diag, rg->line, "routing group %s reaches no other group",
                             rg->name);
        }
    }

  for (int i = 0; i < t->n_connectors; i++)
    {
      const MfConnector *c = &t->connectors[i];
      gboolean way_back = FALSE;

      if (c->is_mirror)
        continue;
      if (mf_schedule_is_never (&c->schedule))
        mf_diag_warning (diag, c->line, "connector %s has schedule 'never': it carries no mail",
                         c->name);
      if (c->to >= 0 && c->mirror < 0)
        {
          for (int j = 0; j < t->n_connectors && !way_back; j++)
            way_back = t->connectors[j].from == c->to && t->connectors[j].to == c->from;
          if (!way_back)
            mf_diag_warning (diag, c->line,
                             "connector %s is one-way: no connector leads back from %s to %s "
                             "(set reverse = true or add one)",
                             c->name, t->routing_groups[c->to].name,
                             t->routing_groups[c->from].name);
        }
      if (c->from >= 0 && t->routing_groups[c->from].n_members == 0)
        mf_diag_warning (diag, c->line, "connector %s has no bridgehead: routing group %s is "
                         "empty", c->name, t->routing_groups[c->from].name);
    }

  for (int i = 0; i < t->n_flows; i++)
    {
      const MfFlow *f = &t->flows[i];
      if (f->rate_per_s <= 0)
        mf_diag_warning (diag, f->line, "flow %s has rate 0: it sends nothing", f->name);
      else if (f->start_us >= t->org.duration_us)
        mf_diag_warning (diag, f->line, "flow %s starts after the end of the run: it sends "
                         "nothing", f->name);
    }
  for (int i = 0; i < t->n_events; i++)
    if (t->events[i].at_us >= t->org.duration_us)
      mf_diag_warning (diag, t->events[i].line, "event %s comes after the end of the run: it "
                       "never happens", t->events[i].name);

  warnings = mf_diag_warnings (diag);
  result = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < warnings->len; i++)
    g_ptr_array_add (result, g_strdup (g_ptr_array_index (warnings, i)));
  return result;
}
