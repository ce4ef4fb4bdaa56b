/* analyze-report.c — text and JSON outputs of `msgflow analyze`
 * (analyze-report.h).
 *
 * JSON is streamed (json-writer.h): the unreachable pairs of a large
 * disconnected organisation and the full N−1 list of 1,000 servers are
 * long.  Names appear as the topology spells them; failures as
 * "connector NAME" or "server NAME".
 */
#define G_LOG_DOMAIN "msgflow-analyze"

#include "analyze/analyze-report.h"

#include <errno.h>
#include <string.h>

#include "base/json-writer.h"

static gboolean
write_all (FILE *out, const GString *s, GError **error)
{
  if ((s->len > 0 && fwrite (s->str, 1, s->len, out) != s->len) || fflush (out) != 0)
    {
      int e = errno != 0 ? errno : EIO;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                   "cannot write the output: %s", g_strerror (e));
      return FALSE;
    }
  return TRUE;
}

static const char *
group_name (const MfAnalysis *a, int g)
{
  return a->topo->routing_groups[g].name;
}

static gboolean
has_effect (const MfWhatIf *w)
{
  return w->unreachable_pairs + w->rerouted_pairs + w->external_unreachable_pairs
             + w->external_rerouted_pairs + w->n_groups_down
         > 0;
}

/* "connector A + server B".  (transfer full) */
static char *
describe_failures (const MfAnalysis *a, const MfWhatIf *w)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < w->n_failures; i++)
    {
      g_autofree char *d = mf_failure_describe (a->topo, &w->failures[i]);
      g_string_append_printf (s, "%s%s", i > 0 ? " + " : "", d);
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------ text */

static void
append_ids (GString *s, const MfAnalysis *a, const GArray *ids, gboolean servers)
{
  if (ids->len == 0)
    g_string_append (s, "none");
  for (guint i = 0; i < ids->len; i++)
    {
      int id = g_array_index (ids, int, i);
      g_string_append_printf (s, "%s%s", i > 0 ? ", " : "",
                              servers ? a->topo->servers[id].name : a->topo->connectors[id].name);
    }
  g_string_append_c (s, '\n');
}

static void
append_what_if_table (GString *s, const MfAnalysis *a, const GPtrArray *list, int max)
{
  int width = 4, shown = 0;

  for (guint i = 0; i < list->len && (int) i < max; i++)
    {
      g_autofree char *d = describe_failures (a, g_ptr_array_index (list, i));
      width = MAX (width, (int) g_utf8_strlen (d, -1));
    }
  g_string_append_printf (s, "  %-*s  %11s  %8s  %9s  %12s  %s\n", width, "Fail", "Unreachable",
                          "Rerouted", "Max +cost", "External u/r", "Groups down");
  for (guint i = 0; i < list->len && shown < max; i++)
    {
      const MfWhatIf *w = g_ptr_array_index (list, i);
      g_autofree char *d = describe_failures (a, w);
      g_autofree char *ext = g_strdup_printf ("%d/%d", w->external_unreachable_pairs,
                                              w->external_rerouted_pairs);
      if (!has_effect (w))
        break;
      shown++;
      g_string_append_printf (s, "  %-*s  %11d  %8d  %9d  %12s  ", width, d, w->unreachable_pairs,
                              w->rerouted_pairs, w->max_cost_increase, ext);
      for (int g = 0; g < w->n_groups_down; g++)
        g_string_append_printf (s, "%s%s", g > 0 ? ", " : "", group_name (a, w->groups_down[g]));
      if (w->n_groups_down == 0)
        g_string_append (s, "-");
      g_string_append_c (s, '\n');
    }
  if (shown == 0)
    g_string_append (s, "  (none)\n");
}

static void
append_overview (GString *s, const MfAnalysis *a)
{
  const MfTopology *t = a->topo;

  g_string_append_printf (s, "Analysis of %s (%s)\n", t->org.name, t->path);
  g_string_append_printf (s, "  Routing groups: %d (%d with servers: %" G_GINT64_FORMAT
                             " ordered pairs); servers: %d; connectors: %d (%d links); "
                             "external destinations: %d\n",
                          t->n_routing_groups, a->n_mail_groups, a->n_pairs, t->n_servers,
                          t->n_connectors, a->n_link_failures, a->n_external);
  g_string_append_printf (s, "  Shape: %s", mf_shape_name (a->shape));
  if (a->shape == MF_SHAPE_HUB_AND_SPOKE)
    {
      g_string_append (s, " (hubs: ");
      for (guint i = 0; i < a->hubs->len; i++)
        g_string_append_printf (s, "%s%s", i > 0 ? ", " : "",
                                group_name (a, g_array_index (a->hubs, int, i)));
      g_string_append_c (s, ')');
    }
  if (a->shape != MF_SHAPE_SINGLE_GROUP)
    g_string_append_printf (s, ", %d pairs of neighbouring groups", a->n_neighbour_pairs);
  g_string_append_c (s, '\n');
}

static void
append_reachability (GString *s, const MfAnalysis *a)
{
  g_string_append (s, "\nReachability\n");
  if (a->unreachable->len == 0)
    g_string_append (s, "  Every pair of routing groups with servers has a route.\n");
  else
    {
      g_string_append_printf (s, "  %u of %" G_GINT64_FORMAT " pairs have no route:\n",
                              a->unreachable->len, a->n_pairs);
      for (guint i = 0; i < a->unreachable->len && i < MF_ANALYZE_TEXT_MAX_LINES; i++)
        {
          const MfGroupPair *p = &g_array_index (a->unreachable, MfGroupPair, i);
          g_string_append_printf (s, "    %s -> %s\n", group_name (a, p->from),
                                  group_name (a, p->to));
        }
      if (a->unreachable->len > MF_ANALYZE_TEXT_MAX_LINES)
        g_string_append_printf (s, "    … and %u more\n",
                                a->unreachable->len - MF_ANALYZE_TEXT_MAX_LINES);
    }
  for (int x = 0; x < a->n_external; x++)
    {
      int n = 0;
      g_string_append_printf (s, "  SMTP:%s: ", a->external[x]);
      for (guint i = 0; i < a->external_unreachable->len; i++)
        {
          const MfGroupPair *p = &g_array_index (a->external_unreachable, MfGroupPair, i);
          if (p->to != x)
            continue;
          g_string_append_printf (s, "%s%s", n++ == 0 ? "no route from " : ", ",
                                  group_name (a, p->from));
        }
      g_string_append (s, n == 0 ? "every group has a route" : "");
      /* Groups without a connector route that send by DNS reach it too. */
      n = 0;
      for (guint i = 0; i < a->external_by_dns->len; i++)
        {
          const MfGroupPair *p = &g_array_index (a->external_by_dns, MfGroupPair, i);
          if (p->to == x)
            g_string_append_printf (s, "%s%s", n++ == 0 ? " (by DNS: " : ", ",
                                    group_name (a, p->from));
        }
      g_string_append (s, n > 0 ? ")\n" : "\n");
    }
  g_string_append (s, "  One-way connectors: ");
  append_ids (s, a, a->one_way, FALSE);
  if (a->empty_groups->len > 0)
    {
      g_string_append (s, "  Routing groups without servers (left out): ");
      for (guint i = 0; i < a->empty_groups->len; i++)
        g_string_append_printf (s, "%s%s", i > 0 ? ", " : "",
                                group_name (a, g_array_index (a->empty_groups, int, i)));
      g_string_append_c (s, '\n');
    }
}

static void
append_failures (GString *s, const MfAnalysis *a)
{
  const MfTopology *t = a->topo;
  int quiet = 0;

  for (guint i = 0; i < a->what_if->len; i++)
    quiet += !has_effect (g_ptr_array_index (a->what_if, i));
  g_string_append_printf (s, "\nWhat if one element fails (N-1: %d links, %d servers), most "
                             "harmful first\n",
                          a->n_link_failures, t->n_servers);
  append_what_if_table (s, a, a->what_if, G_MAXINT);
  if (quiet > 0)
    g_string_append_printf (s, "  %d more change no route.\n", quiet);
  if (a->k == 2)
    {
      g_string_append_printf (s, "\nPairs of failures that cut what neither cuts alone "
                                 "(%u of %" G_GINT64_FORMAT " pairs examined)\n",
                              a->what_if_2->len, a->n_pairs_evaluated);
      append_what_if_table (s, a, a->what_if_2, MF_ANALYZE_TEXT_MAX_LINES);
      if (a->what_if_2->len > MF_ANALYZE_TEXT_MAX_LINES)
        g_string_append_printf (s, "  … and %u more (--json lists them all)\n",
                                a->what_if_2->len - MF_ANALYZE_TEXT_MAX_LINES);
    }
  g_string_append (s, "\nSingle points of failure\n  Connectors: ");
  append_ids (s, a, a->spof_connectors, FALSE);
  g_string_append (s, "  Servers: ");
  append_ids (s, a, a->spof_servers, TRUE);
}

static void
append_hops (GString *s, const MfAnalysis *a)
{
  g_string_append_printf (s, "\nHops (max-hop-count %d)\n", a->max_hop_count);
  if (a->longest_from < 0)
    {
      g_string_append (s, "  No route joins two routing groups.\n");
      return;
    }
  g_string_append_printf (s, "  Longest lowest-cost route: %d connector%s, %s -> %s (cost %d)\n",
                          a->longest_connectors, a->longest_connectors == 1 ? "" : "s",
                          group_name (a, a->longest_from), group_name (a, a->longest_to),
                          a->longest_cost);
  g_string_append_printf (s, "  Most servers on a lowest-cost route: %d, %s -> %s\n",
                          a->most_servers, group_name (a, a->most_servers_from),
                          group_name (a, a->most_servers_to));
  g_string_append_printf (s, "  Pairs with equal-cost routes: %u\n", a->equal_cost->len);
  for (guint i = 0; i < a->equal_cost->len && i < MF_ANALYZE_TEXT_MAX_LINES; i++)
    {
      const MfEqualCostPair *p = &g_array_index (a->equal_cost, MfEqualCostPair, i);
      g_string_append_printf (s, "    %s -> %s: %" G_GUINT64_FORMAT " routes at cost %d\n",
                              group_name (a, p->from), group_name (a, p->to), p->n_equal,
                              p->cost);
    }
  if (a->equal_cost->len > MF_ANALYZE_TEXT_MAX_LINES)
    g_string_append_printf (s, "    … and %u more\n",
                            a->equal_cost->len - MF_ANALYZE_TEXT_MAX_LINES);
}

static void
append_link_state (GString *s, const MfAnalysis *a)
{
  g_string_append (s, "\nLink state\n");
  g_string_append_printf (s, "  Table: %d entries, OrgInfo about %" G_GINT64_FORMAT
                             " bytes (%d bytes per entry)\n",
                          a->link_state_entries, a->orginfo_bytes,
                          MF_ANALYZE_ORGINFO_BYTES_PER_ENTRY);
  g_string_append_printf (s, "  One connector state change: up to %d messages, about %"
                             G_GINT64_FORMAT " bytes; %d link-state island%s\n",
                          a->messages_per_change, a->bytes_per_change, a->n_islands,
                          a->n_islands == 1 ? "" : "s");
}

static void
append_findings (GString *s, const MfAnalysis *a)
{
  int count[3] = { 0, 0, 0 };
  int width = 2;

  for (guint i = 0; i < a->findings->len; i++)
    {
      const MfFinding *f = g_ptr_array_index (a->findings, i);
      count[f->severity]++;
      width = MAX (width, (int) strlen (f->id));
    }
  g_string_append_printf (s, "\nFindings (%d error%s, %d warning%s, %d info)\n", count[0],
                          count[0] == 1 ? "" : "s", count[1], count[1] == 1 ? "" : "s", count[2]);
  for (guint i = 0; i < a->findings->len; i++)
    {
      const MfFinding *f = g_ptr_array_index (a->findings, i);
      g_string_append_printf (s, "  %-7s  %-*s  %s\n", mf_severity_name (f->severity), width,
                              f->id, f->message);
    }
  if (a->findings->len == 0)
    g_string_append (s, "  (none)\n");
}

/**
 * mf_analysis_write_text:
 *
 * The report: overview and shape, reachability, N−1 (every element that
 * changes something, most harmful first), pairs of failures with --k 2,
 * single points of failure, hops, link state, findings.
 *
 * Returns: FALSE with G_FILE_ERROR set when writing fails
 */
gboolean
mf_analysis_write_text (FILE *out, const MfAnalysis *a, GError **error)
{
  g_return_val_if_fail (out != NULL && a != NULL, FALSE);

  g_autoptr (GString) s = g_string_new (NULL);

  append_overview (s, a);
  if (!a->complete)
    g_string_append_printf (s, "\nINCOMPLETE: stopped (%s) after %" G_GINT64_FORMAT " of %"
                            G_GINT64_FORMAT " failure scenarios; the failures, pairs and single "
                            "points of failure below cover those only.\n",
                            a->stopped ? a->stopped : "interrupted", a->n_scenarios_done,
                            a->n_scenarios);
  append_reachability (s, a);
  append_failures (s, a);
  append_hops (s, a);
  append_link_state (s, a);
  append_findings (s, a);
  return write_all (out, s, error);
}

/* ------------------------------------------------------------ JSON */

static void
json_names (MfJsonWriter *w, const MfAnalysis *a, const int *ids, int n, int kind)
{
  mf_json_writer_begin_array (w);
  for (int i = 0; i < n; i++)
    mf_json_writer_string (w, kind == 0   ? a->topo->routing_groups[ids[i]].name
                              : kind == 1 ? a->topo->connectors[ids[i]].name
                                          : a->topo->servers[ids[i]].name);
  mf_json_writer_end_array (w);
}

static void
json_id_array (MfJsonWriter *w, const MfAnalysis *a, const GArray *ids, int kind)
{
  json_names (w, a, (const int *) (const void *) ids->data, (int) ids->len, kind);
}

static void
json_what_if (MfJsonWriter *w, const MfAnalysis *a, const MfWhatIf *wi)
{
  g_autofree char *fail = describe_failures (a, wi);

  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "fail");
  mf_json_writer_string (w, fail);
  mf_json_writer_key (w, "failures");
  mf_json_writer_begin_array (w);
  for (int i = 0; i < wi->n_failures; i++)
    {
      g_autofree char *d = mf_failure_describe (a->topo, &wi->failures[i]);
      mf_json_writer_string (w, d);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "unreachable_pairs");
  mf_json_writer_int (w, wi->unreachable_pairs);
  mf_json_writer_key (w, "rerouted_pairs");
  mf_json_writer_int (w, wi->rerouted_pairs);
  mf_json_writer_key (w, "max_cost_increase");
  mf_json_writer_int (w, wi->max_cost_increase);
  mf_json_writer_key (w, "external_unreachable_pairs");
  mf_json_writer_int (w, wi->external_unreachable_pairs);
  mf_json_writer_key (w, "external_rerouted_pairs");
  mf_json_writer_int (w, wi->external_rerouted_pairs);
  if (wi->n_failures == 2)
    {
      mf_json_writer_key (w, "new_unreachable_pairs");
      mf_json_writer_int (w, wi->new_unreachable_pairs);
    }
  mf_json_writer_key (w, "connectors_down");
  json_names (w, a, wi->connectors_down, wi->n_connectors_down, 1);
  mf_json_writer_key (w, "groups_down");
  json_names (w, a, wi->groups_down, wi->n_groups_down, 0);
  mf_json_writer_end_object (w);
}

static void
json_pair (MfJsonWriter *w, const char *from, const char *to)
{
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "from");
  mf_json_writer_string (w, from);
  mf_json_writer_key (w, "to");
  mf_json_writer_string (w, to);
  mf_json_writer_end_object (w);
}

static void
json_reachability (MfJsonWriter *w, const MfAnalysis *a)
{
  mf_json_writer_key (w, "reachability");
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "unreachable");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < a->unreachable->len; i++)
    {
      const MfGroupPair *p = &g_array_index (a->unreachable, MfGroupPair, i);
      json_pair (w, group_name (a, p->from), group_name (a, p->to));
    }
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "external_unreachable");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < a->external_unreachable->len; i++)
    {
      const MfGroupPair *p = &g_array_index (a->external_unreachable, MfGroupPair, i);
      g_autofree char *to = g_strdup_printf ("SMTP:%s", a->external[p->to]);
      json_pair (w, group_name (a, p->from), to);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "external_by_dns");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < a->external_by_dns->len; i++)
    {
      const MfGroupPair *p = &g_array_index (a->external_by_dns, MfGroupPair, i);
      g_autofree char *to = g_strdup_printf ("SMTP:%s", a->external[p->to]);
      json_pair (w, group_name (a, p->from), to);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "one_way_connectors");
  json_id_array (w, a, a->one_way, 1);
  mf_json_writer_key (w, "empty_groups");
  json_id_array (w, a, a->empty_groups, 0);
  mf_json_writer_end_object (w);
}

static void
json_hops (MfJsonWriter *w, const MfAnalysis *a)
{
  mf_json_writer_key (w, "hops");
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "max_hop_count");
  mf_json_writer_int (w, a->max_hop_count);
  mf_json_writer_key (w, "longest");
  if (a->longest_from < 0)
    mf_json_writer_null (w);
  else
    {
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "from");
      mf_json_writer_string (w, group_name (a, a->longest_from));
      mf_json_writer_key (w, "to");
      mf_json_writer_string (w, group_name (a, a->longest_to));
      mf_json_writer_key (w, "connectors");
      mf_json_writer_int (w, a->longest_connectors);
      mf_json_writer_key (w, "cost");
      mf_json_writer_int (w, a->longest_cost);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_key (w, "most_servers");
  if (a->most_servers_from < 0)
    mf_json_writer_null (w);
  else
    {
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "from");
      mf_json_writer_string (w, group_name (a, a->most_servers_from));
      mf_json_writer_key (w, "to");
      mf_json_writer_string (w, group_name (a, a->most_servers_to));
      mf_json_writer_key (w, "servers");
      mf_json_writer_int (w, a->most_servers);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_key (w, "equal_cost");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < a->equal_cost->len; i++)
    {
      const MfEqualCostPair *p = &g_array_index (a->equal_cost, MfEqualCostPair, i);
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "from");
      mf_json_writer_string (w, group_name (a, p->from));
      mf_json_writer_key (w, "to");
      mf_json_writer_string (w, group_name (a, p->to));
      mf_json_writer_key (w, "cost");
      mf_json_writer_int (w, p->cost);
      mf_json_writer_key (w, "equal_cost_paths");
      mf_json_writer_uint (w, p->n_equal);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_end_object (w);
}

/**
 * mf_analysis_write_json:
 *
 * The whole analysis as one JSON object (docs/analyze.md has the schema):
 * what_if, spof and findings as the issue asks, and reachability, hops,
 * shape, link_state, counts and (with --k 2) what_if_2.  One entry per
 * line in the long arrays.
 *
 * Returns: FALSE with G_FILE_ERROR set when writing fails
 */
gboolean
mf_analysis_write_json (FILE *out, const MfAnalysis *a, GError **error)
{
  g_return_val_if_fail (out != NULL && a != NULL, FALSE);

  const MfTopology *t = a->topo;
  g_autoptr (MfJsonWriter) w = mf_json_writer_new (out);

  mf_json_writer_set_line_depth (w, 2);
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "topology");
  mf_json_writer_string (w, t->path);
  mf_json_writer_key (w, "organization");
  mf_json_writer_string (w, t->org.name);
  mf_json_writer_key (w, "k");
  mf_json_writer_int (w, a->k);
  mf_json_writer_key (w, "complete");
  mf_json_writer_bool (w, a->complete);
  mf_json_writer_key (w, "stopped");
  if (a->stopped != NULL)
    mf_json_writer_string (w, a->stopped);
  else
    mf_json_writer_null (w);
  mf_json_writer_key (w, "scenarios");
  mf_json_writer_int (w, a->n_scenarios);
  mf_json_writer_key (w, "scenarios_examined");
  mf_json_writer_int (w, a->n_scenarios_done);

  mf_json_writer_key (w, "counts");
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "routing_groups");
  mf_json_writer_int (w, t->n_routing_groups);
  mf_json_writer_key (w, "mail_groups");
  mf_json_writer_int (w, a->n_mail_groups);
  mf_json_writer_key (w, "pairs");
  mf_json_writer_int (w, a->n_pairs);
  mf_json_writer_key (w, "servers");
  mf_json_writer_int (w, t->n_servers);
  mf_json_writer_key (w, "connectors");
  mf_json_writer_int (w, t->n_connectors);
  mf_json_writer_key (w, "links");
  mf_json_writer_int (w, a->n_link_failures);
  mf_json_writer_end_object (w);
  mf_json_writer_key (w, "external_destinations");
  mf_json_writer_begin_array (w);
  for (int x = 0; x < a->n_external; x++)
    {
      g_autofree char *d = g_strdup_printf ("SMTP:%s", a->external[x]);
      mf_json_writer_string (w, d);
    }
  mf_json_writer_end_array (w);

  mf_json_writer_key (w, "shape");
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "kind");
  mf_json_writer_string (w, mf_shape_name (a->shape));
  mf_json_writer_key (w, "hubs");
  json_id_array (w, a, a->hubs, 0);
  mf_json_writer_key (w, "neighbour_pairs");
  mf_json_writer_int (w, a->n_neighbour_pairs);
  mf_json_writer_end_object (w);

  json_reachability (w, a);

  mf_json_writer_key (w, "what_if");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < a->what_if->len; i++)
    json_what_if (w, a, g_ptr_array_index (a->what_if, i));
  mf_json_writer_end_array (w);
  if (a->k == 2)
    {
      mf_json_writer_key (w, "what_if_2");
      mf_json_writer_begin_array (w);
      for (guint i = 0; i < a->what_if_2->len; i++)
        json_what_if (w, a, g_ptr_array_index (a->what_if_2, i));
      mf_json_writer_end_array (w);
      mf_json_writer_key (w, "pairs_of_failures_examined");
      mf_json_writer_int (w, a->n_pairs_evaluated);
    }

  mf_json_writer_key (w, "spof");
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "connectors");
  json_id_array (w, a, a->spof_connectors, 1);
  mf_json_writer_key (w, "servers");
  json_id_array (w, a, a->spof_servers, 2);
  mf_json_writer_end_object (w);

  json_hops (w, a);

  mf_json_writer_key (w, "link_state");
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "entries");
  mf_json_writer_int (w, a->link_state_entries);
  mf_json_writer_key (w, "bytes_per_entry");
  mf_json_writer_int (w, MF_ANALYZE_ORGINFO_BYTES_PER_ENTRY);
  mf_json_writer_key (w, "orginfo_bytes");
  mf_json_writer_int (w, a->orginfo_bytes);
  mf_json_writer_key (w, "islands");
  mf_json_writer_int (w, a->n_islands);
  mf_json_writer_key (w, "messages_per_change");
  mf_json_writer_int (w, a->messages_per_change);
  mf_json_writer_key (w, "bytes_per_change");
  mf_json_writer_int (w, a->bytes_per_change);
  mf_json_writer_end_object (w);

  mf_json_writer_key (w, "findings");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < a->findings->len; i++)
    {
      const MfFinding *f = g_ptr_array_index (a->findings, i);
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "id");
      mf_json_writer_string (w, f->id);
      mf_json_writer_key (w, "severity");
      mf_json_writer_string (w, mf_severity_name (f->severity));
      mf_json_writer_key (w, "message");
      mf_json_writer_string (w, f->message);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_end_object (w);
  return mf_json_writer_finish (w, error);
}
