/* test-random-org.h — random organisations for the tests that compare a
 * fast computation with a plain one (test-analyze-oracle.c,
 * test-route-reuse.c).  They mix what makes incremental routing hard:
 * equal costs (costs drawn from a few values), one-way and parallel
 * connectors, groups without servers, bridgeheads on one server, SMTP
 * connectors with address spaces of different specificity, some scoped to
 * their routing group.  Header-only (static inline).
 */
#ifndef MF_TEST_RANDOM_ORG_H
#define MF_TEST_RANDOM_ORG_H

#include <glib.h>

/* A random organisation of @n_groups groups from @seed.  (transfer full) */
static inline char *
mf_test_random_org (guint32 seed, int n_groups)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (seed);
  GString *s = g_string_new ("[organization]\nname = Oracle\n\n");
  static const int costs[] = { 1, 1, 2, 5, 10, 10 };
  int *servers = g_new0 (int, (gsize) n_groups);
  int n_connectors = 0;

  for (int g = 0; g < n_groups; g++)
    {
      g_string_append_printf (s, "[routing-group G%d]\n", g);
      /* One group in twelve has no server: never a source or destination. */
      servers[g] = g_rand_int_range (rng, 0, 12) == 0 ? 0 : g_rand_int_range (rng, 1, 4);
      for (int i = 0; i < servers[g]; i++)
        g_string_append_printf (s, "[server S%d-%d]\nrouting-group = G%d\nmailboxes = 10\n", g,
                                i, g);
    }
  /* A random spanning structure (each group linked to an earlier one),
   * then random extra links: some two-way, some one-way, some parallel. */
  for (int g = 1; g < n_groups; g++)
    {
      int links = 1 + (g_rand_int_range (rng, 0, 4) == 0);
      for (int l = 0; l < links; l++)
        {
          int other = g_rand_int_range (rng, 0, g);
          gboolean two_way = g_rand_int_range (rng, 0, 5) != 0;
          int from = g_rand_boolean (rng) ? g : other, to = from == g ? other : g;
          g_string_append_printf (s, "[connector C%d]\ntype = %s\nfrom = G%d\nto = G%d\ncost = %d\n",
                                  n_connectors++,
                                  g_rand_int_range (rng, 0, 4) == 0 ? "smtp" : "routing-group",
                                  from, to, costs[g_rand_int_range (rng, 0, G_N_ELEMENTS (costs))]);
          if (two_way)
            g_string_append (s, "reverse = true\n");
          if (servers[from] > 1 && g_rand_int_range (rng, 0, 3) == 0)
            g_string_append_printf (s, "bridgeheads = S%d-0\n", from);
        }
    }
  /* SMTP connectors with address spaces in a few groups with servers. */
  for (int k = 0; k < 1 + n_groups / 25; k++)
    {
      int g = g_rand_int_range (rng, 0, n_groups);
      if (servers[g] == 0)
        continue;
      g_string_append_printf (s,
                              "[connector Internet%d]\ntype = smtp\nfrom = G%d\n"
                              "address-spaces = %s\n%s",
                              k, g,
                              g_rand_boolean (rng) ? "SMTP:* 10"
                                                   : "SMTP:*.fabrikam.com 3, SMTP:* 20",
                              g_rand_int_range (rng, 0, 3) == 0 ? "scope = routing-group\n" : "");
    }
  g_free (servers);
  return g_string_free (s, FALSE);
}

#endif /* MF_TEST_RANDOM_ORG_H */
