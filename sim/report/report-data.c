/* report-data.c — loading and freeing a run's data (report-data.h).
 *
 * The order of reading: summary.json (report-data-summary.c) names the
 * topology, the topology (report-data-topology.c) must match it, and the
 * CSV files (report-data-csv.c) are resolved against both.  Here: the
 * helpers those readers share — bounded reading of a file, input errors as
 * FILE[:LINE], arrays with their clear functions — and the entry point.
 * A mismatch between the files and the topology is MF_REPORT_ERROR_TOPOLOGY
 * (the topology file changed since the run, or is another one); a malformed
 * file is MF_REPORT_ERROR_INPUT.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-data.h"
#include "report/report-data-private.h"
#include "report/report-format.h"

#include "base/diag.h"

#include <errno.h>
#include <glib/gstdio.h>

/* ------------------------------------------------------------ errors */

/* Sets MF_REPORT_ERROR_INPUT, "PATH:LINE: message" (no LINE when @line is 0). */
void
mf_report_data_input_error (GError **error, const char *path, guint line, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  mf_diag_set_error_valist (error, MF_REPORT_ERROR, MF_REPORT_ERROR_INPUT, path, line, format, ap);
  va_end (ap);
}

/* ------------------------------------------------------------ files */

/* The bytes of DIR/NAME, bounded.  (transfer full) NULL with an error, or
 * NULL without one when @optional and the file does not exist. */
GMappedFile *
mf_report_data_map_file (const char *path, gboolean optional, GError **error)
{
  GStatBuf st;
  g_autoptr (GError) local = NULL;
  GMappedFile *file;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      if (optional && saved == ENOENT)
        return NULL;
      mf_report_data_input_error (error, path, 0, "cannot read: %s%s", g_strerror (saved),
                       saved == ENOENT ? " (is this a directory written by msgflow simulate?)" : "");
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      mf_report_data_input_error (error, path, 0, "not a regular file");
      return NULL;
    }
  if (st.st_size == 0)
    {
      mf_report_data_input_error (error, path, 0, "empty file");
      return NULL;
    }
  if ((guint64) st.st_size > MF_RD_MAX_FILE_BYTES)
    {
      mf_report_data_input_error (error, path, 0, "larger than %" G_GSIZE_FORMAT " bytes", MF_RD_MAX_FILE_BYTES);
      return NULL;
    }
  file = g_mapped_file_new (path, FALSE, &local);
  if (file == NULL)
    mf_report_data_input_error (error, path, 0, "cannot read: %s", local->message);
  return file;
}

static void
clear_flow (gpointer p)
{
  g_free (((MfRdFlow *) p)->name);
}

static void
clear_event (gpointer p)
{
  MfRdEvent *e = p;
  g_free (e->name);
  g_free (e->action);
  g_free (e->target);
}

static void
clear_connector (gpointer p)
{
  g_free (((MfRdConnector *) p)->name);
}

static void
clear_queue (gpointer p)
{
  MfRdQueue *q = p;
  g_free (q->server);
  g_free (q->queue);
}

static void
clear_rep (gpointer p)
{
  MfRdRepFigure *f = p;
  g_free (f->name);
  g_clear_pointer (&f->values, g_array_unref);
}

GArray *
mf_report_data_array_new (gsize size, GDestroyNotify clear)
{
  GArray *a = g_array_new (FALSE, FALSE, (guint) size);
  if (clear != NULL)
    g_array_set_clear_func (a, clear);
  return a;
}

/* ------------------------------------------------------------ load */

/**
 * mf_report_data_load:
 * @dir: an output directory of `msgflow simulate`
 * @topology_path: (nullable): the run's topology; NULL for DIR/topology.topo
 *   when it exists, else the path that summary.json records (relative
 *   paths are relative to the current directory, as simulate was given them)
 *
 * Reads everything the report draws from.  O(size of the files).
 *
 * Returns: (transfer full): the data, or NULL with MF_REPORT_ERROR_INPUT
 *   (a file missing or malformed: FILE[:LINE]: message) or
 *   MF_REPORT_ERROR_TOPOLOGY (the topology cannot be loaded or is not the
 *   run's).
 */
MfReportData *
mf_report_data_load (const char *dir, const char *topology_path, GError **error)
{
  g_autoptr (MfReportData) d = g_new0 (MfReportData, 1);

  g_return_val_if_fail (dir != NULL, NULL);

  d->dir = g_strdup (dir);
  d->ndr_reasons = mf_report_data_array_new (sizeof (MfRdReason), NULL);
  d->reason_names = g_ptr_array_new_with_free_func (g_free);
  d->ndr_codes = mf_report_data_array_new (sizeof (MfRdReason), NULL);
  d->flows = mf_report_data_array_new (sizeof (MfRdFlow), clear_flow);
  d->connectors = mf_report_data_array_new (sizeof (MfRdConnector), clear_connector);
  d->queues = mf_report_data_array_new (sizeof (MfRdQueue), clear_queue);
  d->rep_figures = mf_report_data_array_new (sizeof (MfRdRepFigure), clear_rep);
  d->scheduled = mf_report_data_array_new (sizeof (MfRdEvent), clear_event);
  d->event_baseline_p99_s = NAN;
  d->times = mf_report_data_array_new (sizeof (double), NULL);
  d->counts = mf_report_data_array_new (sizeof (MfRdCounts), NULL);
  d->queue_samples = mf_report_data_array_new (sizeof (MfRdQueueSample), NULL);
  d->connector_samples = mf_report_data_array_new (sizeof (MfRdConnectorSample), NULL);
  d->buckets = mf_report_data_array_new (sizeof (MfRdBucket), NULL);
  d->changes = mf_report_data_array_new (sizeof (MfRdChange), NULL);
  d->learned = mf_report_data_array_new (sizeof (MfRdLearned), NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      mf_report_data_input_error (error, dir, 0, "not a directory");
      return NULL;
    }
  if (!mf_report_data_read_summary (d, error) || !mf_report_data_load_topology (d, topology_path, error)
      || !mf_report_data_read_csv (d, error))
    return NULL;
  return g_steal_pointer (&d);
}

void
mf_report_data_free (MfReportData *d)
{
  if (d == NULL)
    return;
  g_free (d->dir);
  g_clear_pointer (&d->topo, mf_topo_free);
  g_free (d->topology_path);
  g_free (d->organization);
  g_free (d->summary_topology);
  g_clear_pointer (&d->ndr_reasons, g_array_unref);
  g_clear_pointer (&d->reason_names, g_ptr_array_unref);
  g_clear_pointer (&d->ndr_codes, g_array_unref);
  g_clear_pointer (&d->flows, g_array_unref);
  g_clear_pointer (&d->connectors, g_array_unref);
  g_clear_pointer (&d->queues, g_array_unref);
  g_clear_pointer (&d->rep_figures, g_array_unref);
  g_clear_pointer (&d->scheduled, g_array_unref);
  g_clear_pointer (&d->times, g_array_unref);
  g_clear_pointer (&d->counts, g_array_unref);
  g_clear_pointer (&d->queue_samples, g_array_unref);
  g_clear_pointer (&d->connector_samples, g_array_unref);
  g_clear_pointer (&d->buckets, g_array_unref);
  g_clear_pointer (&d->changes, g_array_unref);
  g_clear_pointer (&d->learned, g_array_unref);
  g_clear_pointer (&d->qshape, g_array_unref);
  g_free (d);
}
