/* analyze-private.h — what the parts of the analysis share (analyze.c,
 * analyze-whatif.c, analyze-findings.c); not for other modules.
 *
 * The context holds the baseline: the configured view, the lowest-cost
 * tree from every routing group (referenced for the whole analysis, so
 * that flushing the router's cache between failure scenarios keeps them),
 * and the baseline costs between every pair and to every external
 * destination.  Invariant: bd and bext are the costs those trees give.
 */
#ifndef MF_ANALYZE_PRIVATE_H
#define MF_ANALYZE_PRIVATE_H

#include "analyze/analyze.h"

G_BEGIN_DECLS

typedef struct {
  const MfTopology *topo;        /* (transfer none) */
  MfRouter *router;              /* (transfer none) */
  const MfAnalyzeOptions *opts;  /* (transfer none) */
  MfLinkState *base;             /* the configured view */
  int n_groups;
  gboolean *mail;                /* per group: has servers */
  MfRouteTree **trees;           /* per group: baseline tree */
  int *bd;                       /* n_groups × n_groups baseline costs, -1 unreachable */
  int n_external;
  char **probe;                  /* per external destination: a domain it matches */
  int *bext;                     /* n_groups × n_external baseline costs, -1 unreachable */
  gboolean *is_2007;             /* per group: named as Exchange 2007's routing group */
} MfAnalyzeCtx;

/* What one scenario does (analyze-whatif.c). */
typedef struct {
  int unreachable;
  int rerouted;
  int max_increase;
  int ext_unreachable;
  int ext_rerouted;
} MfImpact;

/* Bits per scenario when pairs are compared: groups² + groups × external. */
static inline gsize
mf_analyze_pair_bits (const MfAnalyzeCtx *cx)
{
  return (gsize) cx->n_groups * (gsize) cx->n_groups
         + (gsize) cx->n_groups * (gsize) cx->n_external;
}

gboolean mf_analyze_what_if (MfAnalyzeCtx *cx, MfAnalysis *a, GError **error);
void mf_analyze_shape (const MfAnalyzeCtx *cx, MfAnalysis *a);
void mf_analyze_link_state (const MfAnalyzeCtx *cx, MfAnalysis *a);
void mf_analyze_findings (const MfAnalyzeCtx *cx, MfAnalysis *a);
void mf_analysis_add_finding (MfAnalysis *a, const char *id, MfSeverity severity,
                              const char *format, ...) G_GNUC_PRINTF (4, 5);
void mf_what_if_free (gpointer what_if);

G_END_DECLS

#endif /* MF_ANALYZE_PRIVATE_H */
