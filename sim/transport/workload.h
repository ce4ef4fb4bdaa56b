/* workload.h — where and when mail is born: the [traffic] load and the
 * [flow]s of a topology, as arrival processes with their own random streams.
 *
 * Owns: arrival times (Poisson per server, modulated by the diurnal profile
 * through thinning; Poisson or evenly spaced flows between start and end),
 * and each new message's origin, size and recipients.  Knows nothing of
 * queues or routing: the transport asks for the next arrival of a source
 * and for the message it brings.
 *
 * Sources are numbered: first one per server with mailboxes (when
 * [traffic] is present), then one per flow.  Each source draws on its own
 * stream keyed by its name, so adding a flow leaves the others' sample paths
 * unchanged.
 */
#ifndef MF_WORKLOAD_H
#define MF_WORKLOAD_H

#include <glib.h>
#include "base/rng.h"
#include "model/topology.h"

G_BEGIN_DECLS

/* A recipient: a mailbox on a server, or an address in an external domain. */
typedef struct {
  int server;     /* server id, or -1 for an external recipient */
  int domain;     /* index into mf_workload_domain(), or -1 */
} MfRecipient;

typedef struct {
  int origin;          /* server that submits it (the `via` server for external mail) */
  gboolean external;   /* sent from outside the organisation */
  int source;          /* the workload source that made it */
  int flow;            /* flow id, or -1 for [traffic] mail */
  guint64 size_bytes;
  int n_recipients;
  MfRecipient *recipients; /* (transfer full) g_free */
} MfNewMessage;

typedef struct _MfWorkload MfWorkload;

MfWorkload *mf_workload_new (const MfTopology *topo, guint64 seed, guint replication);
void mf_workload_free (MfWorkload *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfWorkload, mf_workload_free)

int mf_workload_n_sources (const MfWorkload *w);
const char *mf_workload_source_name (const MfWorkload *w, int source);
/* The first arrival at or after `now_us` after the previous one of this
 * source, or -1 when the source has no more arrivals before `end_us`. */
gint64 mf_workload_next_arrival (MfWorkload *w, int source, gint64 now_us, gint64 end_us);
/* Draw the message that arrives now from `source`. */
void mf_workload_make_message (MfWorkload *w, int source, MfNewMessage *out);
void mf_new_message_clear (MfNewMessage *m);

/* External domains named by the topology ([traffic] external-domain and
 * flows to a domain), deduplicated, in order of first appearance. */
int mf_workload_n_domains (const MfWorkload *w);
/* The index of a domain, added when it is new (lower-case). */
int mf_workload_add_domain (MfWorkload *w, const char *domain);
const char *mf_workload_domain (const MfWorkload *w, int index);

/* The expected number of messages from all sources between 0 and end_us
 * (for progress and for sizing tables). */
double mf_workload_expected_messages (const MfWorkload *w, gint64 end_us);

G_END_DECLS

#endif /* MF_WORKLOAD_H */
