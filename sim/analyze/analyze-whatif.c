/* analyze-whatif.c — what breaks when elements fail: N−1 over every link
 * and every server, pairs of failures for --k 2, and the single points of
 * failure (analyze.h).
 *
 * A scenario is a view (the baseline with failure.h's failures applied)
 * plus the routing groups left without a working server, which are then
 * neither sources nor destinations.  Only sources that had a lowest-cost
 * route over a connector the scenario takes down can see a cost change:
 * removing connectors that lie on no lowest-cost route from s changes no
 * cost from s.  Those sources have their baseline costs repaired
 * (model/route-repair.c: only the groups that lost every lowest-cost route
 * are recomputed), which gives what a new tree would give; the others are
 * counted unchanged.  An SMTP connector with address spaces going down
 * can change any source's external routes, so it makes every source
 * affected and each gets a full tree, as every affected source does with
 * the `exhaustive` option, the tests' oracle.  The router's cache is
 * flushed after each scenario: the
 * baseline trees live on, referenced by the context.
 *
 * Pairs of failures (--k 2) list only the pairs that cut some pair of
 * groups (or a group from an external destination) that neither failure
 * cuts alone: the joint failures an administrator cannot see in N−1.
 */
#define G_LOG_DOMAIN "msgflow-analyze"

#include "analyze/analyze-private.h"

#include <string.h>

typedef struct {
  MfAnalyzeCtx *cx;
  MfAnalysis *a;
  MfLinkState *scratch;
  gboolean *dead;     /* per group */
  int *down;          /* scratch: connectors DOWN */
  int *sources;       /* scratch: affected sources */
  gsize n_words;      /* of a pair bit set */
  MfRouteRepair *repair;
  gboolean *smtp_group; /* per group: holds an SMTP connector with address spaces */
} Work;

void
mf_what_if_free (gpointer data)
{
  MfWhatIf *w = data;

  if (w == NULL)
    return;
  g_free (w->connectors_down);
  g_free (w->groups_down);
  g_free (w);
}

static inline void
set_bit (guint64 *bits, gsize i)
{
  if (bits != NULL)
    bits[i / 64] |= G_GUINT64_CONSTANT (1) << (i % 64);
}

/* Source @s's external destinations in the scenario, from its full tree
 * in @view. */
static gboolean
count_external (Work *w, const MfLinkState *view, int s, MfImpact *imp, guint64 *bits,
                GError **error)
{
  MfAnalyzeCtx *cx = w->cx;
  const gsize n = (gsize) cx->n_groups;
  g_autoptr (MfRouteTree) tree = mf_router_get_tree (cx->router, view, s, 0, error);

  if (tree == NULL)
    return FALSE;
  for (int p = 0; p < cx->n_external; p++)
    {
      int before = cx->bext[(gsize) s * cx->n_external + p];
      MfDestination dest = mf_destination_domain (cx->probe[p]);
      if (before < 0)
        continue;
      g_autoptr (MfRoute) route = mf_route_tree_route (tree, &dest);
      if (!route->reachable)
        {
          imp->ext_unreachable++;
          set_bit (bits, n * n + (gsize) s * cx->n_external + p);
        }
      else if (route->cost > before)
        imp->ext_rerouted++;
    }
  return TRUE;
}

/* One destination @d of source @s: its cost went from @before to @after. */
static inline void
count_group (MfImpact *imp, guint64 *bits, gsize n, int s, int d, int before, int after)
{
  if (after < 0)
    {
      imp->unreachable++;
      set_bit (bits, (gsize) s * n + d);
    }
  else if (after > before)
    {
      imp->rerouted++;
      imp->max_increase = MAX (imp->max_increase, after - before);
    }
}

/* Source @s by its full tree in @view: every destination compared.
 * O(E log G + G + X). */
static gboolean
evaluate_source_full (Work *w, const MfLinkState *view, const gboolean *dead, int s,
                      MfImpact *imp, guint64 *bits, GError **error)
{
  MfAnalyzeCtx *cx = w->cx;
  const int n = cx->n_groups;
  g_autoptr (MfRouteTree) tree = mf_router_get_tree (cx->router, view, s, 0, error);

  if (tree == NULL)
    return FALSE;
  for (int d = 0; d < n; d++)
    {
      int before = cx->bd[(gsize) s * n + d];
      if (d != s && cx->mail[d] && !dead[d] && before >= 0)
        count_group (imp, bits, (gsize) n, s, d, before, mf_route_tree_get_cost (tree, d));
    }
  return cx->n_external == 0 || count_external (w, view, s, imp, bits, error);
}

/* Source @s by repairing its baseline costs (route-repair.c): only the
 * groups whose cost changed are visited.  Its external routes change only
 * when the cost to a group holding an SMTP connector with address spaces
 * changed (the connectors' own states did not: see evaluate); they are
 * then chosen again on the repaired costs.  O(the groups affected and
 * their connectors). */
static void
evaluate_source_repaired (Work *w, const MfLinkState *view, const gboolean *dead, int s,
                          int n_down, MfImpact *imp, guint64 *bits)
{
  MfAnalyzeCtx *cx = w->cx;
  const gsize n = (gsize) cx->n_groups;
  const int *row = &cx->bd[(gsize) s * n];
  const int *groups, *after;
  gboolean smtp_group_changed = FALSE;
  int n_changed = mf_route_repair_run (w->repair, cx->base, view, s, row, 0, w->down, n_down,
                                       &groups, &after);

  for (int i = 0; i < n_changed; i++)
    {
      int d = groups[i];
      smtp_group_changed |= w->smtp_group[d];
      if (d != s && cx->mail[d] && !dead[d] && row[d] >= 0)
        count_group (imp, bits, n, s, d, row[d], after[i]);
    }
  if (!smtp_group_changed)
    return;
  for (int p = 0; p < cx->n_external; p++)
    {
      int before = cx->bext[(gsize) s * cx->n_external + p], cost;
      if (before < 0)
        continue;
      cost = mf_route_repair_domain_cost (w->repair, view, cx->probe[p]);
      if (cost < 0)
        {
          imp->ext_unreachable++;
          set_bit (bits, n * n + (gsize) s * cx->n_external + p);
        }
      else if (cost > before)
        imp->ext_rerouted++;
    }
}

/* The counts of one scenario (@view, @dead) against the baseline, and,
 * with @bits, the pairs it cuts.  Only sources with a lowest-cost route
 * over a connector the scenario takes down are looked at; each is
 * repaired, or with the `exhaustive` option recomputed from scratch. */
static gboolean
evaluate (Work *w, const MfLinkState *view, const gboolean *dead, MfImpact *imp, guint64 *bits,
          GError **error)
{
  MfAnalyzeCtx *cx = w->cx;
  const MfTopology *t = cx->topo;
  const int n = cx->n_groups;
  const guint8 *up = mf_link_state_get_up_states (view);
  const guint8 *base_up = mf_link_state_get_up_states (cx->base);
  const int *costs = mf_link_state_get_costs (cx->base);
  int n_down = 0, n_src = 0;
  gboolean smtp_down = FALSE;

  memset (imp, 0, sizeof *imp);
  for (int c = 0; c < t->n_connectors; c++)
    if (up[c] != MF_LINK_UP)
      {
        w->down[n_down++] = c;
        /* An SMTP connector that goes down can change any source's
         * external routes, whatever the costs do. */
        smtp_down |= t->connectors[c].n_address_spaces > 0 && cx->n_external > 0
                     && base_up[c] == MF_LINK_UP;
      }
  if (n_down == 0)
    return TRUE;

  for (int s = 0; s < n; s++)
    {
      const int *row = &cx->bd[(gsize) s * n];
      gboolean hit = smtp_down;
      if (!cx->mail[s] || dead[s])
        continue;
      for (int i = 0; i < n_down && !hit; i++)
        {
          const MfConnector *k = &t->connectors[w->down[i]];
          hit = k->to >= 0 && row[k->from] >= 0 && row[k->from] + costs[w->down[i]] == row[k->to];
        }
      if (hit)
        w->sources[n_src++] = s;
    }
  if (n_src == 0)
    return TRUE;
  w->a->n_trees_rebuilt += n_src;

  gboolean full = cx->opts->exhaustive || smtp_down;
  /* Many full trees: one batched igraph call is cheaper than one per
   * source. */
  if (full && 4 * n_src > n && !mf_router_prepare (cx->router, view, 0, error))
    return FALSE;
  for (int i = 0; i < n_src; i++)
    {
      if (!full)
        evaluate_source_repaired (w, view, dead, w->sources[i], n_down, imp, bits);
      else if (!evaluate_source_full (w, view, dead, w->sources[i], imp, bits, error))
        return FALSE;
    }
  mf_router_flush_cache (cx->router);
  return TRUE;
}

static MfWhatIf *
what_if_new (Work *w, const MfFailure *failures, int n_failures, const MfImpact *imp, int seq)
{
  const MfTopology *t = w->cx->topo;
  const guint8 *up = mf_link_state_get_up_states (w->scratch);
  MfWhatIf *wi = g_new0 (MfWhatIf, 1);

  wi->n_failures = n_failures;
  for (int i = 0; i < n_failures; i++)
    wi->failures[i] = failures[i];
  wi->unreachable_pairs = imp->unreachable;
  wi->rerouted_pairs = imp->rerouted;
  wi->max_cost_increase = imp->max_increase;
  wi->external_unreachable_pairs = imp->ext_unreachable;
  wi->external_rerouted_pairs = imp->ext_rerouted;
  wi->connectors_down = g_new (int, (gsize) t->n_connectors + 1);
  for (int c = 0; c < t->n_connectors; c++)
    if (up[c] != MF_LINK_UP)
      wi->connectors_down[wi->n_connectors_down++] = c;
  wi->groups_down = g_new (int, (gsize) t->n_routing_groups + 1);
  for (int g = 0; g < t->n_routing_groups; g++)
    if (w->dead[g])
      wi->groups_down[wi->n_groups_down++] = g;
  wi->seq_ = seq;
  return wi;
}

/* Is the scenario in w->scratch / w->dead the same as @single's? */
static gboolean
same_scenario (const Work *w, const MfWhatIf *single)
{
  const MfTopology *t = w->cx->topo;
  int n_down = mf_link_state_count_down (w->scratch), n_dead = 0;

  if (n_down != single->n_connectors_down)
    return FALSE;
  for (int i = 0; i < single->n_connectors_down; i++)
    if (mf_link_state_is_up (w->scratch, single->connectors_down[i]))
      return FALSE;
  for (int g = 0; g < t->n_routing_groups; g++)
    n_dead += w->dead[g];
  if (n_dead != single->n_groups_down)
    return FALSE;
  for (int i = 0; i < single->n_groups_down; i++)
    if (!w->dead[single->groups_down[i]])
      return FALSE;
  return TRUE;
}

/* Biggest impact first: pairs cut beyond the single failures (pairs of
 * failures only), pairs cut, groups left without servers, pairs rerouted,
 * the largest cost increase; then links before servers, in file order. */
static int
cmp_impact (gconstpointer a, gconstpointer b)
{
  const MfWhatIf *x = *(MfWhatIf *const *) a, *y = *(MfWhatIf *const *) b;
  gint64 kx[5] = { x->new_unreachable_pairs,
                   (gint64) x->unreachable_pairs + x->external_unreachable_pairs,
                   x->n_groups_down, (gint64) x->rerouted_pairs + x->external_rerouted_pairs,
                   x->max_cost_increase };
  gint64 ky[5] = { y->new_unreachable_pairs,
                   (gint64) y->unreachable_pairs + y->external_unreachable_pairs,
                   y->n_groups_down, (gint64) y->rerouted_pairs + y->external_rerouted_pairs,
                   y->max_cost_increase };

  for (int i = 0; i < 5; i++)
    if (kx[i] != ky[i])
      return kx[i] > ky[i] ? -1 : 1;
  return (x->seq_ > y->seq_) - (x->seq_ < y->seq_);
}

static int
popcount_andnot (const guint64 *pair, const guint64 *a, const guint64 *b, gsize n_words)
{
  int n = 0;

  for (gsize i = 0; i < n_words; i++)
    n += __builtin_popcountll (pair[i] & ~a[i] & ~b[i]);
  return n;
}

/* One more scenario examined: progress, and TRUE when the run must stop. */
static gboolean
scenario_done (Work *w, MfAnalysis *a)
{
  const MfAnalyzeOptions *o = w->cx->opts;

  a->n_scenarios_done++;
  if (o->progress != NULL)
    o->progress (a->n_scenarios_done, a->n_scenarios, o->progress_data);
  if (o->interrupt != NULL && *o->interrupt)
    {
      a->complete = FALSE;
      return TRUE;
    }
  return FALSE;
}

/* Every pair of elements; @bits holds each single failure's cut pairs. */
static gboolean
pairs_of_failures (Work *w, MfAnalysis *a, const GArray *elements, MfWhatIf **singles,
                   guint64 **bits, GError **error)
{
  const MfTopology *t = w->cx->topo;
  gint64 n_el = elements->len;
  g_autofree guint64 *pair_bits = g_new (guint64, w->n_words + 1);
  int seq = 0;

  for (gint64 i = 0; i < n_el; i++)
    for (gint64 j = i + 1; j < n_el; j++)
      {
        MfFailure f[2] = { g_array_index (elements, MfFailure, i),
                           g_array_index (elements, MfFailure, j) };
        MfImpact imp;
        int fresh;

        if (scenario_done (w, a))
          goto stopped;
        a->n_pairs_evaluated++;
        mf_link_state_assign (w->scratch, w->cx->base);
        mf_failures_apply (t, w->scratch, f, 2, w->dead);
        /* One failure adds nothing to the other: nothing new is cut. */
        if (same_scenario (w, singles[i]) || same_scenario (w, singles[j]))
          continue;
        memset (pair_bits, 0, sizeof (guint64) * w->n_words);
        if (!evaluate (w, w->scratch, w->dead, &imp, pair_bits, error))
          return FALSE;
        fresh = popcount_andnot (pair_bits, bits[i], bits[j], w->n_words);
        if (fresh == 0)
          continue;
        MfWhatIf *wi = what_if_new (w, f, 2, &imp, seq++);
        wi->new_unreachable_pairs = fresh;
        g_ptr_array_add (a->what_if_2, wi);
      }
stopped:
  g_ptr_array_sort (a->what_if_2, cmp_impact);
  return TRUE;
}

/**
 * mf_analyze_what_if:
 *
 * N−1 over every link (connectors that are not mirrors: a link with a
 * mirror fails both ways) and every server, in that order; the single
 * points of failure; with k = 2 every pair of them.  See analyze.c for the
 * cost.
 *
 * Returns: FALSE with MF_IGRAPH_ERROR set when igraph fails (mf_analyze
 * has already refused a --k 2 that is too large)
 */
gboolean
mf_analyze_what_if (MfAnalyzeCtx *cx, MfAnalysis *a, GError **error)
{
  const MfTopology *t = cx->topo;
  g_autoptr (GArray) elements = g_array_new (FALSE, FALSE, sizeof (MfFailure));
  g_autoptr (MfLinkState) scratch = mf_link_state_copy (cx->base);
  g_autofree gboolean *dead = g_new0 (gboolean, (gsize) cx->n_groups + 1);
  g_autofree int *down = g_new (int, (gsize) t->n_connectors + 1);
  g_autofree int *sources = g_new (int, (gsize) cx->n_groups + 1);
  g_autofree MfWhatIf **singles = NULL;
  guint64 **bits = NULL;
  g_autoptr (MfRouteRepair) repair = mf_route_repair_new (cx->router);
  g_autofree gboolean *smtp_group = g_new0 (gboolean, (gsize) cx->n_groups + 1);
  Work w = { cx, a, scratch, dead, down, sources, 0, repair, smtp_group };
  gboolean ok = TRUE;

  for (int c = 0; c < t->n_connectors; c++)
    if (t->connectors[c].n_address_spaces > 0)
      smtp_group[t->connectors[c].from] = TRUE;

  for (int c = 0; c < t->n_connectors; c++)
    if (!t->connectors[c].is_mirror)
      {
        MfFailure f = { MF_FAILURE_CONNECTOR, c };
        g_array_append_val (elements, f);
        a->n_link_failures++;
      }
  for (int s = 0; s < t->n_servers; s++)
    {
      MfFailure f = { MF_FAILURE_SERVER, s };
      g_array_append_val (elements, f);
    }
  if (a->k == 2)
    {
      w.n_words = (mf_analyze_pair_bits (cx) + 63) / 64;
      bits = g_new0 (guint64 *, elements->len + 1);
    }
  singles = g_new0 (MfWhatIf *, elements->len + 1);
  a->n_scenarios = elements->len;
  if (a->k == 2)
    a->n_scenarios += (gint64) elements->len * ((gint64) elements->len - 1) / 2;

  for (guint i = 0; i < elements->len && ok; i++)
    {
      const MfFailure *f = &g_array_index (elements, MfFailure, i);
      MfImpact imp;
      if (bits != NULL)
        bits[i] = g_new0 (guint64, w.n_words + 1);
      mf_link_state_assign (scratch, cx->base);
      mf_failures_apply (t, scratch, f, 1, dead);
      ok = evaluate (&w, scratch, dead, &imp, bits != NULL ? bits[i] : NULL, error);
      if (!ok)
        break;
      singles[i] = what_if_new (&w, f, 1, &imp, (int) i);
      g_ptr_array_add (a->what_if, singles[i]);
      if (imp.unreachable + imp.ext_unreachable > 0)
        g_array_append_val (f->kind == MF_FAILURE_CONNECTOR ? a->spof_connectors
                                                            : a->spof_servers,
                            f->id);
      if (scenario_done (&w, a))
        break;
    }
  if (ok && a->k == 2 && a->complete)
    ok = pairs_of_failures (&w, a, elements, singles, bits, error);
  if (bits != NULL)
    for (guint i = 0; i < elements->len; i++)
      g_free (bits[i]);
  g_free (bits);
  g_ptr_array_sort (a->what_if, cmp_impact);
  return ok;
}
