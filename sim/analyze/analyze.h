/* analyze.h — static analysis of an organisation (`msgflow analyze`):
 * reachability, what breaks when one element (or two) fails, single points
 * of failure, route lengths, design checks modelled on the Exchange Best
 * Practices Analyzer's routing rules, the topology's shape and the cost of
 * link-state traffic.
 *
 * Owns: the questions and their answers, as a plain read-only value
 * (MfAnalysis) that the report writers (analyze-report.h) print.  Every
 * route comes from routing.h, on views built with failure.h; nothing here
 * selects a route.  Pairs are ordered pairs of distinct routing groups that
 * have servers ("mail groups"): a group without servers sends and receives
 * nothing.  External destinations are the distinct address-space patterns
 * of the organisation, each probed with one domain it matches.
 * The analysis reads the configured state (every connector UP, configured
 * costs); [event]s, schedules and size limits do not change routes here.
 * docs/analyze.md is the user-facing description.
 */
#ifndef MF_ANALYZE_H
#define MF_ANALYZE_H

#include <glib.h>
#include <signal.h>

#include "model/failure.h"
#include "model/routing.h"
#include "model/topology.h"

G_BEGIN_DECLS

#define MF_ANALYZE_ERROR (mf_analyze_error_quark ())
GQuark mf_analyze_error_quark (void);

typedef enum {
  MF_ANALYZE_ERROR_TOO_LARGE, /* --k 2 on an organisation past max_k2_pairs */
  MF_ANALYZE_ERROR_INVALID,   /* options out of range */
} MfAnalyzeError;

/* Thresholds and limits (Postfix style: each is named, with its source). */
#define MF_ANALYZE_RECOMMENDED_ROUTING_GROUPS 150  /* Microsoft's recommendation (reference §1) */
#define MF_ANALYZE_MAX_CONNECTORS_PER_GROUP 1000   /* Exchange's limit (reference §1) */
#define MF_ANALYZE_MAX_K2_PAIRS 20000              /* pairs of failures --k 2 evaluates */
#define MF_ANALYZE_ORGINFO_BYTES_PER_ENTRY 32      /* reference §3 */
/* The name Exchange 2007 and 2010 give the routing group that holds all
 * their servers in a mixed organisation, "Exchange Routing Group
 * (DWBGZMFD01QNBJR)"; the format has no version marker, so a routing group
 * whose name contains this is taken for it. */
#define MF_ANALYZE_EXCHANGE2007_MARK "DWBGZMFD01QNBJR"

typedef struct {
  int k;                          /* 1: every single failure; 2: also every pair */
  int recommended_routing_groups; /* MF_ANALYZE_RECOMMENDED_ROUTING_GROUPS */
  int max_connectors_per_group;   /* MF_ANALYZE_MAX_CONNECTORS_PER_GROUP */
  gint64 max_k2_pairs;            /* MF_ANALYZE_MAX_K2_PAIRS */
  /* Recompute each affected source's tree with a full Dijkstra instead of
   * repairing its costs (route-repair.c): slower, the same answer; the
   * tests' oracle. */
  gboolean exhaustive;
  /* Stop the failure scenarios when it is set (a signal, --time-limit);
   * the analysis then says complete = FALSE.  May be NULL. */
  const volatile sig_atomic_t *interrupt;
  /* Called after every failure scenario, for a progress line; may be NULL. */
  void (*progress) (gint64 done, gint64 total, gpointer user_data);
  gpointer progress_data;
} MfAnalyzeOptions;

void mf_analyze_options_init (MfAnalyzeOptions *options);

typedef enum {
  MF_SEVERITY_ERROR,
  MF_SEVERITY_WARNING,
  MF_SEVERITY_INFO,
} MfSeverity;

const char *mf_severity_name (MfSeverity severity);

typedef struct {
  const char *id;     /* stable identifier, e.g. "one-way-connector" (static) */
  MfSeverity severity;
  char *message;
  /*< private >*/
  int seq_;
} MfFinding;

typedef struct {
  int from;
  int to;             /* a routing group, or an index into MfAnalysis.external */
} MfGroupPair;

typedef struct {
  int from;
  int to;
  int cost;
  guint64 n_equal;
} MfEqualCostPair;

/* What one failure (or a pair) does to the routes between mail groups. */
typedef struct {
  int n_failures;                 /* 1 or 2 */
  MfFailure failures[2];
  int unreachable_pairs;          /* pairs that had a route and have none */
  int rerouted_pairs;             /* pairs still routed, at a higher cost */
  int max_cost_increase;          /* the largest rise among them, 0 if none */
  int external_unreachable_pairs; /* (group, external destination) pairs */
  int external_rerouted_pairs;
  int new_unreachable_pairs;      /* pairs only: cut by neither failure alone (groups
                                   * and external destinations together) */
  int n_connectors_down;
  int *connectors_down;           /* ascending ids */
  int n_groups_down;
  int *groups_down;               /* groups left without a working server */
  /*< private >*/
  int seq_;
} MfWhatIf;

typedef enum {
  MF_SHAPE_SINGLE_GROUP,
  MF_SHAPE_HUB_AND_SPOKE,
  MF_SHAPE_FULL_MESH,
  MF_SHAPE_RING,
  MF_SHAPE_CHAIN,
  MF_SHAPE_MIXED,
  MF_SHAPE_DISCONNECTED,
} MfShape;

const char *mf_shape_name (MfShape shape);

typedef struct {
  const MfTopology *topo;     /* (transfer none) */
  int k;

  /* Pairs. */
  int n_mail_groups;
  gint64 n_pairs;             /* ordered pairs of distinct mail groups */
  int n_external;
  char **external;            /* address-space patterns, sorted (NULL-terminated) */
  GArray *unreachable;        /* MfGroupPair with no route */
  GArray *external_unreachable; /* MfGroupPair: (group, external index) with no route */
  GArray *external_by_dns;    /* MfGroupPair: no connector matches, its servers send by DNS */
  GArray *one_way;            /* int: connectors with no connector back */
  GArray *empty_groups;       /* int: groups without servers */

  /* Failures. */
  int n_link_failures;        /* connectors failed (originals; a mirror goes with them) */
  GPtrArray *what_if;         /* MfWhatIf: every link and every server, ranked */
  GPtrArray *what_if_2;       /* MfWhatIf: k = 2, pairs with new_unreachable_pairs > 0, ranked */
  gint64 n_pairs_evaluated;   /* k = 2: pairs of failures examined */
  GArray *spof_connectors;    /* int, file order */
  GArray *spof_servers;       /* int, file order */
  gint64 n_trees_rebuilt;     /* statistics: source trees recomputed by the scenarios */

  /* Hops, over every lowest-cost route between mail groups. */
  int max_hop_count;
  int longest_from, longest_to; /* -1 when no two groups are connected */
  int longest_connectors;
  int longest_cost;
  int most_servers_from, most_servers_to;
  int most_servers;           /* servers a message may pass through, at most */
  GArray *equal_cost;         /* MfEqualCostPair with n_equal > 1 */

  /* Shape of the connector graph (directions and parallels merged). */
  MfShape shape;
  GArray *hubs;               /* int: for hub-and-spoke */
  int n_neighbour_pairs;

  /* Link state (reference §3). */
  int link_state_entries;
  gint64 orginfo_bytes;
  int n_islands;              /* groups joined by connectors that carry link state */
  int messages_per_change;
  gint64 bytes_per_change;

  GPtrArray *findings;        /* MfFinding by severity, then check order */

  /* FALSE when the failure scenarios were stopped (options.interrupt): the
   * lists of failures, pairs and single points of failure cover the
   * scenarios examined only. */
  gboolean complete;
  gint64 n_scenarios;         /* failure scenarios to examine: singles, then pairs */
  gint64 n_scenarios_done;
  const char *stopped;        /* why, set by the caller (static text), or NULL */
} MfAnalysis;

MfAnalysis *mf_analyze (MfRouter *router, const MfAnalyzeOptions *options, GError **error);
void mf_analysis_free (MfAnalysis *analysis);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfAnalysis, mf_analysis_free)

const MfWhatIf *mf_analysis_find_what_if (const MfAnalysis *analysis, const MfFailure *failure);

G_END_DECLS

#endif /* MF_ANALYZE_H */
