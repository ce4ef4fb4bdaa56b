/* compare-private.h — what the files of `compare` share (compare*.c).
 *
 * MfCompare holds both runs, read through report-data (after their
 * manifests were checked), the topology diff and the compared figures;
 * compare-figures.c builds the figures, compare-json.c writes
 * compare.json and the terminal's text, compare-html.c the page,
 * compare-plots.c the overlaid plots, compare.c runs it all.
 */
#ifndef MF_COMPARE_PRIVATE_H
#define MF_COMPARE_PRIVATE_H

#include <glib.h>

#include "base/result-dir.h"
#include "base/welch.h"
#include "report/compare.h"
#include "report/report-data.h"

G_BEGIN_DECLS

/* Why a figure has or has no test. */
typedef enum {
  MF_CMP_SIGNIFICANT,      /* Welch's p < MF_COMPARE_ALPHA */
  MF_CMP_NOT_SIGNIFICANT,  /* Welch's p >= MF_COMPARE_ALPHA */
  MF_CMP_NO_REPLICATIONS,  /* a run has fewer than 2 replications */
  MF_CMP_NOT_REPLICATED,   /* both have, but the figure has no per-replication values */
  MF_CMP_NOT_TESTABLE,     /* values exist but cannot be tested (a null among them) */
} MfCmpSignificance;

typedef struct {
  char *flow;              /* NULL: the whole run; else the flow's name */
  const char *name;        /* the key in compare.json (static) */
  const char *label;       /* for people (static) */
  gboolean seconds;        /* a duration; else a count */
  double a, b;             /* the runs' figures (replication 0); NaN: does not exist */
  MfCmpSignificance significance;
  MfWelch test;            /* when tested (SIGNIFICANT, NOT_SIGNIFICANT) */
  guint n_a, n_b;          /* values tested */
} MfCmpFigure;

typedef struct {
  const char *dir_a, *dir_b, *out_dir;
  MfReportData *a, *b;     /* owned */
  GPtrArray *topo_diff;    /* MfTopoDiffEntry; NULL when a run keeps no topology.topo */
  GArray *figures;         /* MfCmpFigure: the run's first, then per flow */
  MfReportFormat format;
  GPtrArray *plots;        /* MfReportFigure drawn */
  char *no_plots;          /* why there are no plots (NULL when drawn) */
  MfResultDir *out;        /* not owned */
} MfCompare;

void mf_compare_figures (MfCompare *c);
const char *mf_cmp_significance_text (MfCmpSignificance s);
char *mf_cmp_format_value (const MfCmpFigure *f, double v);
char *mf_cmp_format_delta (const MfCmpFigure *f);
char *mf_compare_json (const MfCompare *c, const GPtrArray *manifest);
char *mf_compare_terminal (const MfCompare *c);
char *mf_compare_html (const MfCompare *c, GError **error);
gboolean mf_compare_plots (MfCompare *c, const char *gnuplot, GError **error);

G_END_DECLS

#endif /* MF_COMPARE_PRIVATE_H */
