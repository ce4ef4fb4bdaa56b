/* compare.h — `msgflow compare`: what changed between two runs.
 *
 * Owns: the comparison of two result folders of `msgflow simulate` (A,
 * the earlier, and B, the later): the topology diff, the key figures of
 * both with B − A and, when both runs have replications, Welch's t-test
 * of each replicated figure; written as compare.json, index.html and
 * overlaid plots into one new result folder (base/result-dir.h, its
 * manifest in compare.json), and the key deltas as text for the terminal.
 */
#ifndef MF_COMPARE_H
#define MF_COMPARE_H

#include <glib.h>

#include "report/report-format.h"

G_BEGIN_DECLS

/* The file of the comparison that holds its figures and its manifest. */
#define MF_COMPARE_FILE "compare.json"
/* A difference is called significant below this p-value. */
#define MF_COMPARE_ALPHA 0.05

typedef struct {
  const char *out_dir;   /* NULL: mf_compare_default_out */
  MfReportFormat format; /* of the plots */
  const char *gnuplot;   /* NULL: from PATH; no plots (and a note) when none is found */
} MfCompareOptions;

/* DIR2-vs-DIR1 beside DIR2: "out/b" and "out/a" give "out/b-vs-a".
 * (transfer full) */
char *mf_compare_default_out (const char *dir_a, const char *dir_b);
/* Compares, writes the folder and returns the terminal's text in
 * *@terminal.  FALSE with MF_REPORT_ERROR_INPUT (a folder that is not a
 * whole result, --out the same as an input: exit 2) or IO/GNUPLOT/TEMPLATE
 * (exit 1). */
gboolean mf_compare_write (const char *dir_a, const char *dir_b, const MfCompareOptions *options,
                           char **terminal, GError **error);

G_END_DECLS

#endif /* MF_COMPARE_H */
