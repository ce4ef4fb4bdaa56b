/* report-map.c — the topology map (report-map.h).
 *
 * Positions come from Graphviz's neato (report-layout-graphviz.c) when it
 * is installed; mf_report_map_layout (igraph) is the fallback, and the
 * layout of `trace --html`.  The layout graph is undirected: one vertex per routing group, one per
 * SMTP connector without a `to` (its address spaces), and one edge per
 * connector that is not a mirror.  Kamada-Kawai starts from a circle and
 * uses no random numbers, so the map is a function of the topology.  The
 * coordinates are scaled into a box of the picture's aspect ratio; an arrow
 * runs from the edge of one circle to the edge of the other, shifted to its
 * right so that the two directions of a pair are both seen.
 * Cost: Kamada-Kawai is O(V) per iteration, 50·V iterations: O(V²).
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-map.h"
#include "base/igraph-util.h"
#include "report/report-figure.h"
#include "report/report-gnuplot.h"
#include "report/report-layout-graphviz.h"
#include "report/report-template.h"

#include <igraph.h>
#include <math.h>
#include <string.h>

/* Room around the layout for circles and names, in units of the height. */
#define MAP_MARGIN_X 0.16
#define MAP_MARGIN_Y 0.07
#define MAP_KK_ITERATIONS_PER_VERTEX 50

/* The vertex a connector points to: its `to`, or its own address-space vertex. */
static int
target_vertex (const MfTopology *topo, int c, const int *space_vertex)
{
  return topo->connectors[c].to >= 0 ? topo->connectors[c].to : space_vertex[c];
}

/**
 * mf_report_map_layout:
 * @xy: (out) (transfer full): 2 × @n_vertices coordinates, x then y
 * @n_vertices: (out): routing groups, then one vertex per SMTP connector
 *   without a `to`, in connector order
 *
 * Returns: FALSE with MF_IGRAPH_ERROR when igraph fails.  O(V² + E).
 */
gboolean
mf_report_map_layout (const MfTopology *topo, double **xy, int *n_vertices, GError **error)
{
  g_autofree int *space_vertex = g_new (int, (gsize) topo->n_connectors + 1);
  int nv = topo->n_routing_groups, ne = 0;
  igraph_vector_int_t edges;
  igraph_matrix_t pos;
  igraph_t graph;
  igraph_error_t rc;
  double *out;

  mf_igraph_init ();
  for (int c = 0; c < topo->n_connectors; c++)
    space_vertex[c] = topo->connectors[c].to < 0 ? nv++ : -1;
  out = g_new0 (double, 2 * (gsize) nv + 2);
  *xy = out;
  *n_vertices = nv;
  if (nv == 1)
    {
      out[0] = out[1] = 0.5;
      return TRUE;
    }

  if (!mf_igraph_check (igraph_vector_int_init (&edges, 2 * (igraph_integer_t) topo->n_connectors),
                        "map edges", error))
    return FALSE;
  for (int c = 0; c < topo->n_connectors; c++)
    {
      int t = target_vertex (topo, c, space_vertex);
      if (topo->connectors[c].is_mirror || t == topo->connectors[c].from)
        continue;
      VECTOR (edges)[2 * ne] = topo->connectors[c].from;
      VECTOR (edges)[2 * ne + 1] = t;
      ne++;
    }
  igraph_vector_int_resize (&edges, 2 * (igraph_integer_t) ne); /* shrinks: cannot fail */
  rc = igraph_create (&graph, &edges, nv, IGRAPH_UNDIRECTED);
  igraph_vector_int_destroy (&edges);
  if (!mf_igraph_check (rc, "map graph", error))
    return FALSE;
  rc = igraph_matrix_init (&pos, 0, 0);
  if (rc != IGRAPH_SUCCESS)
    {
      igraph_destroy (&graph);
      return mf_igraph_check (rc, "map layout", error);
    }
  rc = igraph_layout_circle (&graph, &pos, igraph_vss_all ());
  if (rc == IGRAPH_SUCCESS)
    rc = igraph_layout_kamada_kawai (&graph, &pos, TRUE, MAP_KK_ITERATIONS_PER_VERTEX * (igraph_integer_t) nv,
                                     0.0, (igraph_real_t) nv, NULL, NULL, NULL, NULL, NULL);
  if (rc == IGRAPH_SUCCESS)
    for (int v = 0; v < nv; v++)
      {
        out[2 * v] = MATRIX (pos, v, 0);
        out[2 * v + 1] = MATRIX (pos, v, 1);
      }
  igraph_matrix_destroy (&pos);
  igraph_destroy (&graph);
  return mf_igraph_check (rc, "Kamada-Kawai layout", error);
}

/* Scales @xy into the box [0, aspect] × [0, 1] less the margins, keeping
 * proportions. */
static void
fit (double *xy, int nv, double aspect)
{
  double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY, s;

  for (int v = 0; v < nv; v++)
    {
      minx = MIN (minx, xy[2 * v]);
      maxx = MAX (maxx, xy[2 * v]);
      miny = MIN (miny, xy[2 * v + 1]);
      maxy = MAX (maxy, xy[2 * v + 1]);
    }
  s = MIN ((aspect - 2 * MAP_MARGIN_X) / MAX (maxx - minx, 1e-9),
           (1 - 2 * MAP_MARGIN_Y) / MAX (maxy - miny, 1e-9));
  for (int v = 0; v < nv; v++)
    {
      xy[2 * v] = aspect / 2 + (xy[2 * v] - (minx + maxx) / 2) * s;
      xy[2 * v + 1] = 0.5 + (xy[2 * v + 1] - (miny + maxy) / 2) * s;
    }
}

static void
append_numbers (GString *s, int n, const double *v)
{
  for (int i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      mf_gp_append_number (s, v[i]);
    }
  g_string_append_c (s, '\n');
}

static void
end_block (GString *s, gboolean empty, int columns)
{
  if (empty)
    for (int i = 0; i < columns; i++)
      g_string_append (s, i + 1 < columns ? "NaN " : "NaN\n");
  g_string_append (s, "\n\n");
}

/**
 * mf_report_map_write:
 *
 * Writes gnuplot/map.dat and gnuplot/map.gp and adds the figure.
 * Returns: FALSE with MF_IGRAPH_ERROR, MF_REPORT_ERROR_IO or
 *   MF_REPORT_ERROR_TEMPLATE.
 */
gboolean
mf_report_map_write (const MfReportData *d, MfReportFormat format, GPtrArray *figures,
                     GError **error)
{
  const MfTopology *topo = d->topo;
  int ng = topo->n_routing_groups, nc = topo->n_connectors, nv = 0, n_labels = 0;
  int width = ng > 40 ? 1400 : 1000, height = ng > 40 ? 1000 : 700;
  double aspect = (double) width / (height - 60), r;
  g_autofree double *xy = NULL;
  g_autofree int *space_vertex = g_new (int, (gsize) nc + 1);
  g_autofree gboolean *was_down = g_new0 (gboolean, (gsize) nc + 1);
  g_autoptr (GHashTable) pairs = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) edge_names = g_ptr_array_new ();
  g_autoptr (GString) solid = g_string_new (NULL), dashed = g_string_new (NULL), dat = g_string_new (NULL);
  g_autoptr (GString) groups = g_string_new (NULL), spaces = g_string_new (NULL), labels = g_string_new (NULL);
  const char *title = "Topology: routing groups and connectors";
  int n_drawn = 0, n_down = 0, n_originals = 0;

  g_autofree char *why = NULL;
  const char *placed = "Graphviz's neato (boxes as large as the names, moved apart until none overlap)";

  if (!mf_report_map_layout (topo, &xy, &nv, error))
    return FALSE;
  /* Graphviz when it is there (names never collide), else igraph's
   * layout, said in one line. */
  if (nv > 1 && !mf_report_layout_graphviz (topo, "neato", xy, nv, &why))
    {
      g_printerr ("msgflow: note: the map is laid out by igraph instead of Graphviz: %s\n", why);
      g_free (xy);
      xy = NULL;
      if (!mf_report_map_layout (topo, &xy, &nv, error))
        return FALSE;
      placed = "igraph's Kamada-Kawai layout (Graphviz's neato was not available)";
    }
  fit (xy, nv, aspect);
  r = CLAMP (0.2 / sqrt ((double) nv), 0.008, 0.035);

  for (int c = 0, k = ng; c < nc; c++)
    space_vertex[c] = topo->connectors[c].to < 0 ? k++ : -1;
  for (guint i = 0; i < d->changes->len; i++)
    if (!g_array_index (d->changes, MfRdChange, i).up)
      was_down[g_array_index (d->changes, MfRdChange, i).connector] = TRUE;
  for (int c = 0; c < nc; c++)
    {
      if (!g_array_index (d->connectors, MfRdConnector, c).up_at_end)
        was_down[c] = TRUE;
      gint64 key = (gint64) topo->connectors[c].from * (G_MAXINT32 + 1LL) + target_vertex (topo, c, space_vertex);
      g_array_append_val (keys, key);
    }
  for (int c = 0; c < nc; c++)
    {
      g_hash_table_add (pairs, &g_array_index (keys, gint64, c));
      n_originals += topo->connectors[c].is_mirror ? 0 : 1; /* beyond the limit, too many names to read */
    }

  for (int c = 0; c < nc; c++)
    {
      const MfConnector *con = &topo->connectors[c];
      int a = con->from, b = target_vertex (topo, c, space_vertex);
      double ax = xy[2 * a], ay = xy[2 * a + 1], bx = xy[2 * b], by = xy[2 * b + 1];
      double len = hypot (bx - ax, by - ay), ux, uy, shift = 0, row[5];
      gint64 reverse = (gint64) b * (G_MAXINT32 + 1LL) + a;

      if (a == b || len <= 2.2 * r)
        continue;
      ux = (bx - ax) / len;
      uy = (by - ay) / len;
      if (g_hash_table_contains (pairs, &reverse))
        shift = 0.35 * r;
      row[0] = ax + ux * r * 1.1 + uy * shift;
      row[1] = ay + uy * r * 1.1 - ux * shift;
      row[2] = (bx - ux * r * 1.15 + uy * shift) - row[0];
      row[3] = (by - uy * r * 1.15 - ux * shift) - row[1];
      row[4] = CLAMP (100.0 * g_array_index (d->connectors, MfRdConnector, c).utilization, 0.1, 100.0);
      append_numbers (was_down[c] ? dashed : solid, 5, row);
      n_drawn++;
      n_down += was_down[c] ? 1 : 0;
      if (!con->is_mirror && n_originals <= MF_MAP_MAX_EDGE_LABELS)
        {
          double mid[3] = { (ax + bx) / 2 + uy * r * 0.9, (ay + by) / 2 - ux * r * 0.9, (double) n_labels };
          append_numbers (labels, 3, mid);
          g_ptr_array_add (edge_names, con->name);
          n_labels++;
        }
    }

  for (int g = 0; g < ng; g++)
    {
      const MfRoutingGroup *rg = &topo->routing_groups[g];
      double row[4] = { xy[2 * g], xy[2 * g + 1], r * (0.7 + 0.3 * log2 (1.0 + rg->n_members)) / 1.6, (double) g };
      row[2] = MIN (row[2], r);
      append_numbers (groups, 4, row);
      g_ptr_array_add (names, g_strdup (rg->name));
    }
  for (int c = 0; c < nc; c++)
    if (space_vertex[c] >= 0)
      {
        const MfConnector *con = &topo->connectors[c];
        GString *label = g_string_new (con->name);
        double row[3] = { xy[2 * space_vertex[c]], xy[2 * space_vertex[c] + 1], (double) names->len };
        for (int s = 0; s < con->n_address_spaces && s < 3; s++)
          g_string_append_printf (label, "%sSMTP:%s", s == 0 ? " (" : ", ", con->address_spaces[s].pattern);
        if (con->n_address_spaces > 3)
          g_string_append (label, ", …");
        if (con->n_address_spaces > 0)
          g_string_append_c (label, ')');
        append_numbers (spaces, 3, row);
        g_ptr_array_add (names, g_string_free (label, FALSE));
      }

  g_string_append_len (dat, solid->str, (gssize) solid->len);
  end_block (dat, solid->len == 0, 5);
  g_string_append_len (dat, dashed->str, (gssize) dashed->len);
  end_block (dat, dashed->len == 0, 5);
  g_string_append_len (dat, groups->str, (gssize) groups->len);
  end_block (dat, groups->len == 0, 4);
  g_string_append_len (dat, spaces->str, (gssize) spaces->len);
  end_block (dat, spaces->len == 0, 3);
  g_string_append_len (dat, labels->str, (gssize) labels->len);
  end_block (dat, labels->len == 0, 3);

  g_autoptr (GHashTable) vars = mf_plot_vars (d, format, "map", title, width, height);
  mf_template_set_printf (vars, "N", "%u", names->len);
  mf_template_take (vars, "NAMES",
                    mf_plot_names_array ("NAMES", (const char *const *) names->pdata, (int) names->len, FALSE));
  mf_template_take (vars, "EDGE_NAMES",
                    mf_plot_names_array ("EDGE_NAMES", (const char *const *) edge_names->pdata, n_labels, FALSE));
  mf_template_take (vars, "RADIUS", mf_gp_number (r));
  mf_template_take (vars, "ASPECT", mf_gp_number (aspect));
  mf_template_set (vars, "FONT", ng > 40 ? "7" : "9");
  return mf_plot_finish (d, "map", vars, dat, width, height, title,
                         g_strdup_printf ("%d routing groups placed by %s, "
                                          "%d connectors drawn as arrows from the group that owns "
                                          "them, coloured by their utilisation over the run (log "
                                          "scale); %d dashed arrows were DOWN at some time of the "
                                          "run. Circles grow with the number of servers; grey "
                                          "squares are SMTP connectors' address spaces.",
                                          ng, placed, n_drawn, n_down),
                         figures, error);
}
