/* linkstate.h — the link-state table: one server's view of the routing
 * state of the organisation, as Exchange 2003's link state algorithm keeps
 * it (reference §3) and WinRoute shows it.
 *
 * Owns: per routing group its master and its major/minor/user version
 * numbers; per connector its state (UP or DOWN) and its current cost; the
 * MD5 digest of a canonical serialisation of all that plus the static parts
 * of the table (members, bridgeheads, address spaces, limits), so that two
 * views can be compared as Exchange compares OrgInfo digests.
 *
 * A view is a plain value: copying it is one allocation and one memcpy, and
 * the simulator gives every server its own.  It borrows the topology, which
 * must outlive it.  Invariants: masters are members of their group (or -1
 * for a group without servers); costs are 1..100; only the setters change
 * state, and each change bumps the owning group's version as the routing
 * group master would (cost: major, state: minor, master: user).
 * Deliberately not here: propagation timing (the simulator's), routes
 * (routing.h), and any clock or I/O.
 */
#ifndef MF_LINKSTATE_H
#define MF_LINKSTATE_H

#include <glib.h>

#include "model/topology.h"

G_BEGIN_DECLS

typedef enum {
  MF_LINK_DOWN = 0,
  MF_LINK_UP = 1,
} MfLinkStatus;

/* Version numbers of one routing group's part of the table; compared
 * major first, then minor, then user. */
typedef struct {
  guint32 major; /* configuration: connectors, costs, address spaces */
  guint32 minor; /* connector state UP <-> DOWN */
  guint32 user;  /* master changes, services started or stopped */
} MfLinkVersion;

/* A new view starts at version 1.0.0 for every group. */
#define MF_LINK_VERSION_INITIAL_MAJOR 1

typedef struct _MfLinkState MfLinkState;

MfLinkState *mf_link_state_new (const MfTopology *topo);
MfLinkState *mf_link_state_copy (const MfLinkState *view);
void mf_link_state_assign (MfLinkState *dst, const MfLinkState *src);
void mf_link_state_free (MfLinkState *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfLinkState, mf_link_state_free)

const MfTopology *mf_link_state_get_topology (const MfLinkState *view);

MfLinkStatus mf_link_state_get_status (const MfLinkState *view, int connector);
gboolean mf_link_state_is_up (const MfLinkState *view, int connector);
int mf_link_state_get_cost (const MfLinkState *view, int connector);
int mf_link_state_get_master (const MfLinkState *view, int routing_group);
MfLinkVersion mf_link_state_get_version (const MfLinkState *view, int routing_group);
int mf_link_version_compare (MfLinkVersion a, MfLinkVersion b);
int mf_link_state_count_down (const MfLinkState *view);

gboolean mf_link_state_set_status (MfLinkState *view, int connector, MfLinkStatus status);
gboolean mf_link_state_set_cost (MfLinkState *view, int connector, int cost);
gboolean mf_link_state_set_master (MfLinkState *view, int routing_group, int server);
void mf_link_state_bump_user (MfLinkState *view, int routing_group);
gboolean mf_link_state_servers_cut (const MfTopology *topo, int connector,
                                    const gboolean *server_down);
int mf_link_state_apply_servers_down (MfLinkState *view, const gboolean *server_down);
int mf_link_state_merge (MfLinkState *dst, const MfLinkState *src);

gboolean mf_link_state_equal (const MfLinkState *a, const MfLinkState *b);
guint64 mf_link_state_routing_hash (const MfLinkState *view);
gboolean mf_link_state_routing_equal (const MfLinkState *a, const MfLinkState *b);
const guint8 *mf_link_state_get_up_states (const MfLinkState *view);
const int *mf_link_state_get_costs (const MfLinkState *view);

char *mf_link_state_serialize (const MfLinkState *view);
char *mf_link_state_digest (const MfLinkState *view);

G_END_DECLS

#endif /* MF_LINKSTATE_H */
