/* report-data.h — what a report is drawn from: the files of one run.
 *
 * Owns: reading summary.json, counts.csv, queues.csv, connectors.csv,
 * link-state.csv, latency-histogram.csv and the optional qshape.csv of an
 * output directory, loading the run's topology and checking
 * that it is the one the run used, and the figures derived from them that
 * more than one part of the report needs (queue series with their omitted
 * zeros restored, growing queues, DOWN intervals, when each routing group
 * learned a change).  Plots and HTML are not here.
 * TRUST: the directory's files are untrusted input: each file is bounded
 * (MF_RD_MAX_FILE_BYTES), headers must be exactly the expected ones, every
 * number is parsed with a range check, every name is looked up before it is
 * used, and errors say FILE:LINE.
 */
#ifndef MF_REPORT_DATA_H
#define MF_REPORT_DATA_H

#include <glib.h>

#include "base/result-dir.h"
#include "model/topology.h"
#include "transport/transport.h"

G_BEGIN_DECLS

#define MF_RD_MAX_FILE_BYTES ((gsize) 1 << 30)
#define MF_RD_MAX_LINE_BYTES (64 * 1024)
#define MF_RD_MAX_SAMPLES 1000000
/* A queue is reported as still growing when, over the last quarter of the
 * run, a least-squares line through its length rises by at least this many
 * recipients and it ends at least this long. */
#define MF_RD_GROWING_MIN_RISE 10.0
#define MF_RD_GROWING_WINDOW 0.25
/* A copy of the topology in the run's directory, read before the path
 * that summary.json records. */
#define MF_RD_TOPOLOGY_COPY "topology.topo"

typedef struct {
  char *name;
  guint64 generated;
  double latency_mean_s;     /* NaN when nothing was delivered */
  double latency_p50_s, latency_p95_s, latency_p99_s; /* NaN: null or absent (older results) */
} MfRdFlow;

typedef struct {
  char *name;
  guint64 messages;
  guint64 bytes;
  double utilization;        /* 0..1 over the observed time */
  guint64 state_changes;
  gboolean up_at_end;
} MfRdConnector;

typedef struct {
  char *server;
  char *queue;
  guint64 max_length;
  double mean_length;        /* time-weighted */
  guint64 final_length;
} MfRdQueue;

typedef struct {
  double time_s;
  int queue;                 /* index into MfReportData.queues */
  double length;
  double min_length, max_length; /* over the interval that ends at time_s */
} MfRdQueueSample;

typedef struct {
  double time_s;
  int connector;             /* topology id (= index into .connectors) */
  double messages;           /* in the interval that ends at time_s */
  double bytes;
  double utilization;
} MfRdConnectorSample;

typedef struct {
  double time_s;
  double generated, delivered, ndr, in_flight; /* recipients, cumulative */
} MfRdCounts;

typedef struct {
  double low_s, high_s, count;
} MfRdBucket;

typedef struct {
  int change;                /* the run's change number */
  double time_s;
  int connector;             /* topology id */
  gboolean up;
  int cost;
  gboolean major;            /* a cost change */
  int routing_group;         /* the master's group, topology id */
  int origin_server;         /* topology id, -1 if none */
  guint first_learned;       /* its rows in .learned: [first, first + n) */
  guint n_learned;
} MfRdChange;

typedef struct {
  int server;                /* topology id */
  double time_s;
} MfRdLearned;

typedef struct {
  char *server;
  char *queue;
  double low_min;            /* age since submission, minutes */
  double high_min;           /* NaN for the last, open bucket */
  guint64 messages;
  guint64 recipients;
} MfRdQshape;

typedef struct {
  const char *name;          /* ndr_by_reason or ndr_by_code key (transfer none: static or owned by names) */
  guint64 count;
} MfRdReason;

typedef struct {
  char *name;
  double mean;
  double half_width;
  GArray *values;            /* double, one per replication (NaN: null); NULL when absent (older results) */
} MfRdRepFigure;

/* A configured [event] and what it did (summary.json "scheduled_events",
 * format.md §4.12); the measured figures are NaN in results older than
 * them. */
typedef struct {
  char *name;
  char *action;              /* down, up, cost, stop-smtp, start-smtp, master */
  char *target;
  double start_s;
  double end_s;              /* NaN without a duration */
  double window_end_s;       /* NaN: not measured */
  double messages, rerouted, ndr_recipients, delivered; /* NaN: not measured */
  double latency_p99_s, latency_p99_change_s;           /* NaN: null or not measured */
} MfRdEvent;

typedef struct {
  int connector;
  double start_s;
  double end_s;              /* the run's end when still DOWN */
  gboolean open;             /* still DOWN at the end */
} MfRdDown;

typedef struct {
  int queue;
  double final_length;
  double rise_per_hour;      /* slope of the fitted line */
} MfRdGrowing;

typedef struct {
  char *dir;                 /* where the run's files are read */
  MfResultDir *out;          /* where the report is written (report.c sets it; not owned) */
  MfTopology *topo;          /* the run's topology (owned) */
  char *topology_path;       /* where it was loaded from */

  /* summary.json */
  char *organization;
  char *summary_topology;    /* the path summary.json records */
  guint64 seed;
  guint64 replication;
  gboolean complete;
  MfCounts messages, recipients, dsn_messages;
  guint64 delay_dsns;
  GArray *ndr_reasons;       /* MfRdReason, in file order */
  GPtrArray *reason_names;   /* owns MfRdReason.name */
  GArray *ndr_codes;         /* MfRdReason named by RFC 3463 code (ndr_by_code), in file order;
                              * empty for a summary.json older than the codes */
  double latency_mean_s, latency_p50_s, latency_p95_s, latency_p99_s, latency_max_s; /* NaN: null */
  guint64 events;
  double sim_time_s, warmup_s, wall_s;
  GArray *flows;             /* MfRdFlow */
  GArray *connectors;        /* MfRdConnector, topology order */
  GArray *queues;            /* MfRdQueue, file order */
  guint64 link_changes;
  double convergence_s;
  GArray *scheduled;         /* MfRdEvent, in run order; empty when absent */
  double event_baseline_p99_s; /* NaN: null or absent */
  gboolean has_replications;
  guint64 rep_count, rep_requested;
  GArray *rep_figures;       /* MfRdRepFigure */

  /* CSV files */
  GArray *times;             /* double: sample times (counts.csv), increasing */
  GArray *counts;            /* MfRdCounts */
  GArray *queue_samples;     /* MfRdQueueSample, zeros omitted as the transport omits them */
  GArray *connector_samples; /* MfRdConnectorSample */
  GArray *buckets;           /* MfRdBucket */
  GArray *changes;           /* MfRdChange, by change number */
  GArray *learned;           /* MfRdLearned */
  GArray *qshape;            /* MfRdQshape, NULL without qshape.csv */
} MfReportData;

MfReportData *mf_report_data_load (const char *dir, const char *topology_path, GError **error);
void mf_report_data_free (MfReportData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfReportData, mf_report_data_free)

int mf_report_data_sample_index (const MfReportData *data, double time_s);
double *mf_report_data_queue_series (const MfReportData *data, int queue);
void mf_report_data_queue_bounds (const MfReportData *data, int queue, double *length,
                                  double *lowest, double *highest);
int *mf_report_data_busiest_queues (const MfReportData *data, int *n);
GArray *mf_report_data_growing (const MfReportData *data);
GArray *mf_report_data_down_intervals (const MfReportData *data);
double *mf_report_data_group_learned (const MfReportData *data, guint change);
double mf_report_data_clock_s (const MfReportData *data, double time_s);
char *mf_report_data_format_clock (const MfReportData *data, double time_s);

G_END_DECLS

#endif /* MF_REPORT_DATA_H */
