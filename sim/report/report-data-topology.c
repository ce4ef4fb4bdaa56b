/* report-data-topology.c — the run's topology, and whether it is the
 * run's (report-data-private.h).
 *
 * The topology is the one given, else the copy simulate left in the
 * directory, else the path summary.json records.  It must have the run's
 * connectors and flows, by number and name, in the same order: every later
 * lookup by topology id depends on it.  A mismatch is
 * MF_REPORT_ERROR_TOPOLOGY, with a hint to give --topology.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-data-private.h"
#include "report/report-format.h"

#include <string.h>

/* Sets MF_REPORT_ERROR_TOPOLOGY (the topology is not the run's: FORMAT...) and returns FALSE. */
gboolean
mf_report_data_topology_error (GError **error, const MfReportData *d, const char *format, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, format);
  msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TOPOLOGY,
               "%s is not the topology of the run in %s: %s (give the run's topology with --topology)",
               d->topology_path, d->dir, msg);
  return FALSE;
}

gboolean
mf_report_data_load_topology (MfReportData *d, const char *topology_path, GError **error)
{
  g_autoptr (GError) local = NULL;

  g_autofree char *copy = g_build_filename (d->dir, MF_RD_TOPOLOGY_COPY, NULL);

  /* The run's own copy, when simulate left one, beats a path that may have
   * moved or changed since. */
  if (topology_path != NULL)
    d->topology_path = g_strdup (topology_path);
  else if (g_file_test (copy, G_FILE_TEST_IS_REGULAR))
    d->topology_path = g_steal_pointer (&copy);
  else
    d->topology_path = g_strdup (d->summary_topology);
  d->topo = mf_topo_load_file (d->topology_path, &local);
  if (d->topo == NULL)
    {
      if (topology_path != NULL)
        g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TOPOLOGY,
                     "cannot load the topology: %s", local->message);
      else
        g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TOPOLOGY,
                     "%s/summary.json names the topology %s, which cannot be loaded: %s\n"
                     "(run the report where simulate ran, or give the topology with --topology FILE)",
                     d->dir, d->summary_topology, local->message);
      return FALSE;
    }
  if ((int) d->connectors->len != d->topo->n_connectors)
    return mf_report_data_topology_error (error, d, "the run has %u connectors, the topology %d",
                           d->connectors->len, d->topo->n_connectors);
  for (int c = 0; c < d->topo->n_connectors; c++)
    if (strcmp (g_array_index (d->connectors, MfRdConnector, c).name, d->topo->connectors[c].name) != 0)
      return mf_report_data_topology_error (error, d, "connector %d is %s in the run, %s in the topology", c + 1,
                             g_array_index (d->connectors, MfRdConnector, c).name,
                             d->topo->connectors[c].name);
  if ((int) d->flows->len != d->topo->n_flows)
    return mf_report_data_topology_error (error, d, "the run has %u flows, the topology %d", d->flows->len,
                           d->topo->n_flows);
  for (int f = 0; f < d->topo->n_flows; f++)
    if (strcmp (g_array_index (d->flows, MfRdFlow, f).name, d->topo->flows[f].name) != 0)
      return mf_report_data_topology_error (error, d, "flow %d is %s in the run, %s in the topology", f + 1,
                             g_array_index (d->flows, MfRdFlow, f).name, d->topo->flows[f].name);
  return TRUE;
}
