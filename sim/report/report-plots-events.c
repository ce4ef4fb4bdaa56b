/* report-plots-events.c — the run's events drawn on every plot over time.
 *
 * Owns: the gnuplot commands (common.gp's {{EVENTS}}) that mark each
 * configured [event] — a shaded band from its start to its end for an
 * outage or a cost change, a dashed line for an instant one (up,
 * start-smtp, master) — labelled with its name, and each link-state change
 * as a dotted line, labelled with the connector and its new state while
 * there are few enough to read.  Objects, arrows and labels use tags from
 * MF_EVENT_TAG on, so that a template's own (tag 1, 2 ...) are untouched;
 * they persist through a multiplot, so every panel shows them.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-plots-events.h"
#include "report/report-gnuplot.h"

#include <math.h>

#define MF_EVENT_TAG 100
/* Link-state changes this close (a share of the run's length) are one
 * line. */
#define MF_EVENT_CLUSTER 0.004
/* Beyond this many
 * lines the plot would be grey: the rest are left out and the events
 * section says so. */
#define MF_EVENT_MAX_CHANGE_LINES 200
/* Changes are labelled only when there are at most this many lines. */
#define MF_EVENT_MAX_CHANGE_LABELS 12

/* Whether @action lasts (a band) rather than happens (a line). */
static gboolean
is_band (const char *action)
{
  return g_strcmp0 (action, "down") == 0 || g_strcmp0 (action, "stop-smtp") == 0
         || g_strcmp0 (action, "cost") == 0;
}

/**
 * mf_plot_event_end_s: Returns: where @e's band ends: its end, else its
 *   measurement window's end, else the end of the run.
 */
double
mf_plot_event_end_s (const MfReportData *d, const MfRdEvent *e)
{
  if (!isnan (e->end_s))
    return e->end_s;
  if (!isnan (e->window_end_s))
    return e->window_end_s;
  return d->sim_time_s;
}

/* What the block is being written with: @zero_s is the x of the run
 * week's Monday 00:00 (gnuplot time, MF_PLOT_CLOCK_MONDAY_S). */
typedef struct {
  GString *s;
  const MfReportData *d;
  double zero_s;
  int tag; /* the next free tag */
} Block;

/* The x of run time @time_s: the week's Monday plus the run's clock, kept
 * within the run. */
static void
append_x (const Block *b, double time_s)
{
  GString *s = b->s;
  const MfReportData *d = b->d;
  double zero_s = b->zero_s;

  g_string_append (s, "first ");
  mf_gp_append_number (s, zero_s + mf_report_data_clock_s (d, CLAMP (time_s, 0.0, MAX (d->sim_time_s, 1.0))));
}

static void
append_scheduled (Block *b)
{
  GString *s = b->s;
  const MfReportData *d = b->d;

  for (guint i = 0; i < d->scheduled->len; i++)
    {
      const MfRdEvent *e = &g_array_index (d->scheduled, MfRdEvent, i);
      gboolean outage = g_strcmp0 (e->action, "cost") != 0;
      int t = b->tag++;
      if (is_band (e->action))
        {
          g_string_append_printf (s, "set object %d rect from ", t);
          append_x (b, e->start_s);
          g_string_append (s, ", graph 0 to ");
          append_x (b, mf_plot_event_end_s (d, e));
          g_string_append_printf (s, ", graph 1 behind fillcolor rgb \"%s\" "
                                     "fillstyle solid 0.45 noborder\n",
                                  outage ? "#f4c7c3" : "#fde3b5");
        }
      else
        {
          g_string_append_printf (s, "set arrow %d from ", t);
          append_x (b, e->start_s);
          g_string_append (s, ", graph 0 to ");
          append_x (b, e->start_s);
          g_string_append (s, ", graph 1 nohead back lc rgb \"#3a7d44\" dt 2 lw 1.2\n");
        }
      /* Staggered heights so that events close in time stay readable. */
      g_string_append_printf (s, "set label %d ", t);
      mf_gp_append_quoted (s, e->name);
      g_string_append (s, " at ");
      append_x (b, e->start_s);
      g_string_append_printf (s, ", graph %.2f left offset 0.4, 0 font \",8\" tc rgb \"#7a2020\" front\n",
                              0.95 - 0.07 * (double) (i % 4));
    }
}

/* The changes from @i on that share one line: those within
 * MF_EVENT_CLUSTER of the run's length after change @i (a connector and
 * its mirror, or a change and the masters' reactions, seconds apart, would
 * otherwise be lines on top of each other).  Returns: the index after it. */
static guint
cluster_end (const MfReportData *d, guint i)
{
  double width = MF_EVENT_CLUSTER * MAX (d->sim_time_s, 1.0);
  double t0 = g_array_index (d->changes, MfRdChange, i).time_s;
  guint j = i + 1;

  while (j < d->changes->len && g_array_index (d->changes, MfRdChange, j).time_s - t0 <= width)
    j++;
  return j;
}

static void
append_changes (Block *b)
{
  GString *s = b->s;
  const MfReportData *d = b->d;
  guint drawable;
  guint lines = mf_plot_event_change_lines (d, &drawable);

  for (guint i = 0, drawn = 0; i < d->changes->len && drawn < drawable; drawn++)
    {
      const MfRdChange *c = &g_array_index (d->changes, MfRdChange, i);
      guint next = cluster_end (d, i);
      int t = b->tag++;
      g_string_append_printf (s, "set arrow %d from ", t);
      append_x (b, c->time_s);
      g_string_append (s, ", graph 0 to ");
      append_x (b, c->time_s);
      g_string_append (s, ", graph 0.85 nohead back lc rgb \"#777777\" dt 3 lw 0.8\n");
      if (lines <= MF_EVENT_MAX_CHANGE_LABELS && c->connector >= 0
          && c->connector < d->topo->n_connectors)
        {
          g_autofree char *more = next - i > 1 ? g_strdup_printf (" +%u", next - i - 1) : g_strdup ("");
          g_autofree char *text = g_strdup_printf (
              "%s %s%s", d->topo->connectors[c->connector].name,
              c->major ? "cost" : (c->up ? "UP" : "DOWN"), more);
          g_string_append_printf (s, "set label %d ", t);
          mf_gp_append_quoted (s, text);
          g_string_append (s, " at ");
          append_x (b, c->time_s);
          g_string_append (s, ", graph 0.03 left rotate by 90 offset -0.4, 0 font \",7\" "
                              "tc rgb \"#555555\" front\n");
        }
      i = next;
    }
}

/**
 * mf_plot_events_block:
 *
 * Returns: (transfer full): gnuplot commands marking the run's events and
 *   link-state changes on a plot whose x axis is the run's clock, x
 *   @monday_s being Monday 00:00 of the run's week (mf_plot_clock); a
 *   comment only when there is nothing to mark.
 */
char *
mf_plot_events_block (const MfReportData *d, double monday_s)
{
  Block b = { g_string_new ("# The run's events (bands, dashed) and link-state changes "
                            "(dotted).\n"),
              d, monday_s, MF_EVENT_TAG };

  append_scheduled (&b);
  append_changes (&b);
  return g_string_free (b.s, FALSE);
}

/**
 * mf_plot_event_change_lines: Returns: how many dotted lines the link-state
 *   changes need (changes close in time share one, cluster_end) and, in
 *   *@drawn, how many are drawn.
 */
guint
mf_plot_event_change_lines (const MfReportData *d, guint *drawn)
{
  guint lines = 0;

  for (guint i = 0; i < d->changes->len; i = cluster_end (d, i))
    lines++;
  *drawn = MIN (lines, MF_EVENT_MAX_CHANGE_LINES);
  return lines;
}
