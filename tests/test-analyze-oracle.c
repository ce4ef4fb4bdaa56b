/* test-analyze-oracle.c — the fast N−1 / N−2 (costs repaired from the
 * baseline, model/route-repair.c) against the exhaustive computation (a
 * full tree per affected source) on random organisations up to 200
 * routing groups: every scenario's counts, the order of the list and the
 * single points of failure must be the same.
 *
 * The organisations mix what makes repair hard: equal costs (costs drawn
 * from a few values), one-way connectors, parallel connectors, groups
 * without servers, bridgeheads on one server (a server failure takes
 * connectors down), SMTP connectors with address spaces of different
 * specificity, some scoped to their routing group.  Each case is a fixed
 * seed, so a failure is reproducible; the seed is in the test's name.
 */
#include <glib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "model/routing.h"
#include "test-random-org.h"
#include "test-util.h"

static void
assert_same_what_if (const MfWhatIf *x, const MfWhatIf *y)
{
  g_assert_cmpint (x->n_failures, ==, y->n_failures);
  for (int i = 0; i < x->n_failures; i++)
    {
      g_assert_cmpint (x->failures[i].kind, ==, y->failures[i].kind);
      g_assert_cmpint (x->failures[i].id, ==, y->failures[i].id);
    }
  g_assert_cmpint (x->unreachable_pairs, ==, y->unreachable_pairs);
  g_assert_cmpint (x->rerouted_pairs, ==, y->rerouted_pairs);
  g_assert_cmpint (x->max_cost_increase, ==, y->max_cost_increase);
  g_assert_cmpint (x->external_unreachable_pairs, ==, y->external_unreachable_pairs);
  g_assert_cmpint (x->external_rerouted_pairs, ==, y->external_rerouted_pairs);
  g_assert_cmpint (x->new_unreachable_pairs, ==, y->new_unreachable_pairs);
  g_assert_cmpint (x->n_connectors_down, ==, y->n_connectors_down);
  g_assert_cmpint (x->n_groups_down, ==, y->n_groups_down);
}

static void
assert_same_list (const GPtrArray *x, const GPtrArray *y)
{
  g_assert_cmpuint (x->len, ==, y->len);
  for (guint i = 0; i < x->len; i++)
    assert_same_what_if (g_ptr_array_index (x, i), g_ptr_array_index (y, i));
}

static void
assert_same_ids (const GArray *x, const GArray *y)
{
  g_assert_cmpuint (x->len, ==, y->len);
  for (guint i = 0; i < x->len; i++)
    g_assert_cmpint (g_array_index (x, int, i), ==, g_array_index (y, int, i));
}

typedef struct {
  guint32 seed;
  int n_groups;
  int k;
} Case;

/* Both computations on one organisation; returns the number of scenarios
 * that changed something, so a case that tests nothing shows. */
static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *text = mf_test_random_org (c->seed, c->n_groups);
  g_autoptr (MfTopology) t = mf_test_load (text);
  g_autoptr (GError) error = NULL;
  g_autoptr (MfRouter) router = mf_router_new (t, &error);
  MfAnalyzeOptions fast, oracle;
  gint64 changed = 0;

  g_assert_no_error (error);
  mf_analyze_options_init (&fast);
  fast.k = c->k;
  fast.max_k2_pairs = G_MAXINT64;
  oracle = fast;
  oracle.exhaustive = TRUE;

  g_autoptr (MfAnalysis) a = mf_analyze (router, &fast, &error);
  g_assert_no_error (error);
  g_autoptr (MfAnalysis) b = mf_analyze (router, &oracle, &error);
  g_assert_no_error (error);

  assert_same_list (a->what_if, b->what_if);
  assert_same_list (a->what_if_2, b->what_if_2);
  assert_same_ids (a->spof_connectors, b->spof_connectors);
  assert_same_ids (a->spof_servers, b->spof_servers);
  for (guint i = 0; i < a->what_if->len; i++)
    {
      const MfWhatIf *w = g_ptr_array_index (a->what_if, i);
      changed += w->unreachable_pairs + w->rerouted_pairs + w->external_rerouted_pairs
                 + w->external_unreachable_pairs;
    }
  /* The organisation must give the comparison something to compare. */
  g_assert_cmpint (changed, >, 0);
}

int
main (int argc, char **argv)
{
  static Case cases[64];
  int n = 0;

  g_test_init (&argc, &argv, NULL);
  /* Many small organisations (every shape of tie shows up), a few large
   * ones, and pairs of failures on small ones. */
  for (guint32 seed = 1; seed <= 40; seed++)
    cases[n++] = (Case) { seed, 3 + (int) (seed * 7 % 30), 1 };
  for (guint32 seed = 101; seed <= 104; seed++)
    cases[n++] = (Case) { seed, 200, 1 };
  for (guint32 seed = 201; seed <= 210; seed++)
    cases[n++] = (Case) { seed, 4 + (int) (seed % 9), 2 };
  for (int i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("/analyze-oracle/seed-%u-groups-%d-k%d",
                                               cases[i].seed, cases[i].n_groups, cases[i].k);
      g_test_add_data_func (name, &cases[i], test_case);
    }
  return g_test_run ();
}
