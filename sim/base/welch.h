/* welch.h — Welch's t-test: do two samples have the same mean?
 *
 * Owns: the two-sample test without the assumption of equal variances
 * (Welch 1947): the statistic t, the Welch–Satterthwaite degrees of
 * freedom and the two-sided p-value from Student's t distribution
 * (mf_student_t_cdf of base/replication.h, the one regularised incomplete
 * beta of msgflow).  Knows nothing of what the samples are.
 */
#ifndef MF_WELCH_H
#define MF_WELCH_H

#include <glib.h>

G_BEGIN_DECLS

/* The result of a test of sample A against sample B.  `defined` is FALSE
 * (and t, df, p NaN) when either sample has fewer than two values or holds
 * a NaN: there is no variance to test with. */
typedef struct {
  gboolean defined;
  double mean_a, mean_b;
  double t;  /* (mean_b - mean_a) / standard error; NaN when both variances are 0 */
  double df; /* Welch–Satterthwaite; NaN when both variances are 0 */
  double p;  /* two-sided; 1 or 0 when both variances are 0 (means equal or not) */
} MfWelch;

MfWelch mf_welch_test (const double *a, gsize n_a, const double *b, gsize n_b);
/* The two-sided p-value of @t with @df degrees of freedom (> 0). */
double mf_welch_p_two_sided (double t, double df);

G_END_DECLS

#endif /* MF_WELCH_H */
