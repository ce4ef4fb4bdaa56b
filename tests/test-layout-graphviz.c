/* test-layout-graphviz.c — the map's positions from Graphviz
 * (report/report-layout-graphviz.h): the DOT text carries no name of the
 * topology, one box per vertex as wide as its name and one edge per
 * connector that is not a mirror; `-Tplain` output is read back (every
 * vertex once, anything else refused); a missing program is an error the
 * caller falls back on; with neato installed, every vertex gets a place,
 * no two boxes overlap and the places are the same on every run.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "report/report-layout-graphviz.h"
#include "test-util.h"

/* A name that would be DOT if it were passed on. */
#define EVIL "Evil -- v0 zzq"

static const char topo_text[] =
  "[organization]\nname = O\n"
  "[routing-group " EVIL "]\n[routing-group Alpha-with-a-very-long-name]\n[routing-group C]\n"
  "[server S1]\nrouting-group = " EVIL "\n[server S2]\nrouting-group = Alpha-with-a-very-long-name\n"
  "[server S3]\nrouting-group = C\n"
  "[connector AB]\ntype = routing-group\nfrom = " EVIL "\nto = Alpha-with-a-very-long-name\nreverse = true\n"
  "[connector BC]\ntype = routing-group\nfrom = Alpha-with-a-very-long-name\nto = C\n"
  "[connector Out]\ntype = smtp\nfrom = C\naddress-spaces = SMTP:*\n";

static void
test_dot (void)
{
  g_autoptr (MfTopology) topo = mf_test_load (topo_text);
  g_autofree char *dot = mf_report_layout_dot (topo, 4);

  g_assert_null (strstr (dot, "Evil"));
  g_assert_null (strstr (dot, "Alpha"));
  g_assert_null (strstr (dot, "zzq"));
  /* AB once (its mirror left out), BC, and Out to its address space. */
  g_assert_nonnull (strstr (dot, "v0 -- v1;"));
  g_assert_null (strstr (dot, "v1 -- v0;"));
  g_assert_nonnull (strstr (dot, "v1 -- v2;"));
  g_assert_nonnull (strstr (dot, "v2 -- v3;"));
  /* The long name gets the wider box. */
  g_assert_nonnull (strstr (dot, "v1 [width=2.83]"));
  g_assert_nonnull (strstr (dot, "v2 [width=0.49]"));
}

static void
test_parse (void)
{
  double xy[4] = { 0 };

  g_assert_true (mf_report_layout_parse_plain ("graph 1 3 2\nnode v1 2.5 0.75 1 0.5 \"\" solid box black lightgrey\n"
                                               "node v0 0.5 1.25 1 0.5 \"\" solid box black lightgrey\n"
                                               "edge v0 v1 4 0 0 1 1 2 2 3 3 solid black\nstop\n",
                                               xy, 2));
  g_assert_cmpfloat (xy[0], ==, 0.5);
  g_assert_cmpfloat (xy[1], ==, 1.25);
  g_assert_cmpfloat (xy[2], ==, 2.5);
  g_assert_cmpfloat (xy[3], ==, 0.75);
  g_assert_false (mf_report_layout_parse_plain ("node v0 1 1\nstop\n", xy, 2));             /* v1 missing */
  g_assert_false (mf_report_layout_parse_plain ("node v0 1 1\nnode v0 2 2\n", xy, 2));      /* twice */
  g_assert_false (mf_report_layout_parse_plain ("node v0 1 1\nnode v2 2 2\n", xy, 2));      /* unknown */
  g_assert_false (mf_report_layout_parse_plain ("node v0 1 x\nnode v1 2 2\n", xy, 2));      /* bad number */
  g_assert_false (mf_report_layout_parse_plain ("node Evil 1 1\nnode v1 2 2\n", xy, 2));
}

static void
test_missing (void)
{
  g_autoptr (MfTopology) topo = mf_test_load (topo_text);
  g_autofree char *why = NULL;
  double xy[8];

  g_assert_false (mf_report_layout_graphviz (topo, "/nonexistent/neato", xy, 4, &why));
  g_assert_nonnull (strstr (why, "not found"));
}

static void
test_neato (void)
{
  g_autoptr (MfTopology) topo = mf_test_load (topo_text);
  g_autofree char *why = NULL, *neato = g_find_program_in_path ("neato");
  double a[8], b[8];

  if (neato == NULL)
    {
      g_test_skip ("neato is not installed");
      return;
    }
  g_assert_true (mf_report_layout_graphviz (topo, "neato", a, 4, &why));
  g_assert_true (mf_report_layout_graphviz (topo, "neato", b, 4, &why));
  g_assert_cmpmem (a, sizeof a, b, sizeof b);
  /* Boxes 0.45 inch high and as wide as the DOT text says: any two are
   * apart in x or in y by their half-sizes. */
  g_autofree char *dot = mf_report_layout_dot (topo, 4);
  double w[4];
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *key = g_strdup_printf ("v%d [width=", i);
      const char *at = strstr (dot, key);
      g_assert_nonnull (at);
      w[i] = g_ascii_strtod (at + strlen (key), NULL);
    }
  for (int i = 0; i < 4; i++)
    for (int j = i + 1; j < 4; j++)
      {
        double dx = fabs (a[2 * i] - a[2 * j]), dy = fabs (a[2 * i + 1] - a[2 * j + 1]);
        g_assert_true (dx >= (w[i] + w[j]) / 2 * 0.99 || dy >= 0.45 * 0.99);
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layout-graphviz/dot", test_dot);
  g_test_add_func ("/layout-graphviz/parse-plain", test_parse);
  g_test_add_func ("/layout-graphviz/missing", test_missing);
  g_test_add_func ("/layout-graphviz/neato", test_neato);
  return g_test_run ();
}
