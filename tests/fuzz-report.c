/* fuzz-report.c — libFuzzer target for reading a result folder back, as
 * `msgflow report` does before it runs gnuplot: the manifest
 * (mf_result_dir_read_manifest, mf_result_dir_verify), the report data
 * (mf_report_data_load: summary.json, the topology, the CSV files) and the
 * figures derived from it (report-data-derived.c).
 *
 * The input is a folder in one text, so that libFuzzer mutates the files
 * themselves: a line "=== NAME" starts file NAME, which holds every byte
 * up to the next such line (bytes before the first one are ignored; NAME
 * goes through mf_result_dir_safe_name, so nothing is written outside the
 * folder, and is cut at REPORT_MAX_NAME bytes; a name given twice keeps
 * its last content).  The files are
 * written into a fresh folder under the temporary directory, which is
 * removed afterwards.  The topology is always the folder's topology.topo,
 * never the path summary.json records, so that an input reads no file
 * outside its folder.  The manifest rarely matches a mutated file, so the
 * data are loaded whether or not it does.  Every rejection must carry a
 * message naming the folder.  Seeds: tests/fuzz/report/ (a real run of
 * topologies/single-group.topo, encoded); replayed by fuzz-replay.c.
 */
#include "base/result-dir.h"
#include "report/report-data.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define REPORT_SEPARATOR "=== "
#define REPORT_MAX_FILES 32
/* Longer names are cut: the file system's limit is not what is fuzzed. */
#define REPORT_MAX_NAME 64

/* A rejection that does not name the folder (or says nothing) is a bug. */
static void
report_check_error (GError *error, const char *dir, const char *what)
{
  if (error == NULL || strstr (error->message, dir) == NULL)
    {
      fprintf (stderr, "%s failed without naming %s: %s\n", what, dir,
               error != NULL ? error->message : "(no error)");
      abort ();
    }
  g_error_free (error);
}

/* Where the next "=== " line starts at or after @from, or @end. */
static const char *
report_next_header (const char *from, const char *start, const char *end)
{
  for (const char *p = from; p < end; p++)
    {
      p = memchr (p, '=', (size_t) (end - p));
      if (p == NULL)
        return end;
      if ((p == start || p[-1] == '\n') && (size_t) (end - p) >= strlen (REPORT_SEPARATOR)
          && memcmp (p, REPORT_SEPARATOR, strlen (REPORT_SEPARATOR)) == 0)
        return p;
    }
  return end;
}

/* Writes the files of the input into @dir. */
static void
report_write_files (const char *dir, const char *start, const char *end)
{
  const char *p = report_next_header (start, start, end);
  int n = 0;

  while (p < end && n++ < REPORT_MAX_FILES)
    {
      const char *name_start = p + strlen (REPORT_SEPARATOR);
      const char *nl = memchr (name_start, '\n', (size_t) (end - name_start));
      const char *body = nl != NULL ? nl + 1 : end;
      const char *next = report_next_header (body, start, end);
      gsize name_len = (gsize) ((nl != NULL ? nl : end) - name_start);
      g_autofree char *raw = g_strndup (name_start, MIN (name_len, REPORT_MAX_NAME));
      g_autofree char *name = mf_result_dir_safe_name (raw, "unnamed");
      g_autofree char *path = g_build_filename (dir, name, NULL);
      /* Plain stdio: g_file_set_contents syncs every file to disk, which
       * made the target twenty times slower. */
      FILE *f = fopen (path, "wb");

      if (f == NULL || fwrite (body, 1, (size_t) (next - body), f) != (size_t) (next - body)
          || fclose (f) != 0)
        {
          fprintf (stderr, "cannot write %s\n", path);
          abort ();
        }
      p = next;
    }
}

/* Removes @dir and the files in it (it holds no folders). */
static void
report_remove_dir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  if (d != NULL)
    g_dir_close (d);
  if (g_rmdir (dir) != 0)
    {
      fprintf (stderr, "cannot remove %s\n", dir);
      abort ();
    }
}

/* Everything report-data-derived.c computes for the page and the plots. */
static void
report_derive (const MfReportData *d)
{
  int n = 0;
  g_autofree int *busy = mf_report_data_busiest_queues (d, &n);
  g_autoptr (GArray) growing = mf_report_data_growing (d);
  g_autoptr (GArray) downs = mf_report_data_down_intervals (d);

  for (guint q = 0; q < d->queues->len; q++)
    g_free (mf_report_data_queue_series (d, (int) q));
  for (guint c = 0; c < d->changes->len; c++)
    g_free (mf_report_data_group_learned (d, c));
  for (guint t = 0; t < d->times->len; t++)
    {
      double time_s = g_array_index (d->times, double, t);
      if (mf_report_data_sample_index (d, time_s) < 0)
        {
          fprintf (stderr, "sample time %g is not found\n", time_s);
          abort ();
        }
      g_free (mf_report_data_format_clock (d, time_s));
    }
  (void) busy;
  (void) growing;
  (void) downs;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fuzz-report-XXXXXX", &error);
  g_autofree char *topology = NULL;
  GPtrArray *manifest;
  MfReportData *d;

  if (dir == NULL)
    {
      fprintf (stderr, "cannot make a folder: %s\n", error->message);
      abort ();
    }
  report_write_files (dir, (const char *) data, (const char *) data + size);

  manifest = mf_result_dir_read_manifest (dir, &error);
  if (manifest == NULL)
    report_check_error (error, dir, "mf_result_dir_read_manifest");
  else
    {
      if (!mf_result_dir_verify (dir, manifest, &error))
        report_check_error (error, dir, "mf_result_dir_verify");
      g_ptr_array_unref (manifest);
    }
  error = NULL;

  topology = g_build_filename (dir, MF_RD_TOPOLOGY_COPY, NULL);
  d = mf_report_data_load (dir, topology, &error);
  if (d == NULL)
    report_check_error (error, dir, "mf_report_data_load");
  else
    {
      report_derive (d);
      mf_report_data_free (d);
    }
  report_remove_dir (dir);
  return 0;
}
