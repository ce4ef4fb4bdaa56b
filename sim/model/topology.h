/* topology.h — the organisation model (the "Org"): what a topology file says,
 * resolved to integer ids and validated.
 *
 * Owns: the model types and their lifetime.  The loader (topo-load*.c) is the
 * only code that builds an MfTopology; everything else receives it as
 * `const MfTopology *` and never changes it.  Ids are indices into the
 * arrays below; names are kept only for output.
 *
 * Invariants after a successful load: every id is in range; every server
 * belongs to exactly one routing group and appears in its `members`; every
 * routing group has a master that is one of its members (groups without
 * servers have master -1); connectors' bridgeheads belong to `from`, remote
 * bridgeheads to `to`; a connector with reverse = true is followed by its
 * mirror, named "NAME (reverse)", and the two point at each other.
 *
 * The layout is public because the model is a plain read-only value: hot
 * code reads fields directly instead of paying for getters.
 */
#ifndef MF_TOPOLOGY_H
#define MF_TOPOLOGY_H

#include <glib.h>
#include "base/units.h"
#include "model/address-space.h"
#include "model/dist.h"
#include "model/schedule.h"

G_BEGIN_DECLS

#define MF_TOPO_ERROR (mf_topo_error_quark ())
GQuark mf_topo_error_quark (void);

typedef enum {
  MF_TOPO_ERROR_IO,      /* the file could not be read */
  MF_TOPO_ERROR_INVALID, /* one or more FILE:LINE: errors, one per line */
} MfTopoError;

/* Limits (Postfix style: every limit is named).  Exchange's documented
 * limits are 1,000 servers and 1,000 connectors per routing group.  More
 * than MF_TOPO_SUPPORTED_SERVERS servers is a warning, not an error: a
 * planner may model a merger or a what-if past what Microsoft supported;
 * MF_TOPO_MAX_SERVERS bounds what msgflow will allocate. */
#define MF_TOPO_MAX_FILE_BYTES (16 * 1024 * 1024)
#define MF_TOPO_MAX_LINE_BYTES (64 * 1024)
#define MF_TOPO_MAX_NAME_BYTES 256
#define MF_TOPO_MAX_ERRORS 20
#define MF_TOPO_SUPPORTED_SERVERS 1000
#define MF_TOPO_MAX_SERVERS 10000
#define MF_TOPO_MAX_ROUTING_GROUPS 1000
#define MF_TOPO_MAX_CONNECTORS_PER_GROUP 1000
#define MF_TOPO_MAX_FLOWS 10000
#define MF_TOPO_MAX_EVENTS 10000
#define MF_TOPO_MAX_DOMAINS 10000
#define MF_TOPO_MAX_LIST_ITEMS 1000
#define MF_TOPO_MAX_MAILBOXES 10000000
#define MF_TOPO_MAX_WORKERS 1024

typedef enum {
  MF_CONNECTOR_ROUTING_GROUP,
  MF_CONNECTOR_SMTP,
  MF_CONNECTOR_X400,
} MfConnectorType;

typedef enum {
  MF_SCOPE_ORGANIZATION,
  MF_SCOPE_ROUTING_GROUP,
} MfScope;

typedef struct {
  char *name;
  int line;
  int master;        /* server id, -1 when the group has no servers */
  int n_members;
  int *members;      /* server ids in file order */
  int n_connectors;
  int *connectors;   /* ids of connectors whose `from` is this group */
} MfRoutingGroup;

typedef struct {
  char *name;
  int line;
  int routing_group;
  gint64 mailboxes;
  int virtual_servers;
  MfDist categorizer;        /* µs */
  int categorizer_workers;
  MfDist store_delivery;     /* µs per recipient */
  int store_workers;
  int max_outbound_connections;
  int max_connections_per_domain;
  int messages_per_connection;
  guint64 max_message_size;  /* bytes, MF_SIZE_UNLIMITED */
  gboolean direct_internet;  /* the virtual server may send by DNS (MX) */
  char *smart_host;          /* lower-case host name, or NULL: DNS */
} MfServer;

typedef struct {
  char *name;                /* "NAME (reverse)" for a mirror */
  int line;
  MfConnectorType type;
  int from;                  /* routing group id */
  int to;                    /* routing group id, -1 for an address-space-only smtp connector */
  int cost;                  /* 1..100 */
  int n_address_spaces;
  MfAddressSpace *address_spaces;
  int n_bridgeheads;
  int *bridgeheads;          /* server ids in `from` */
  int n_remote_bridgeheads;
  int *remote_bridgeheads;   /* server ids in `to` (none when to = -1) */
  gboolean bridgeheads_default;        /* not listed: every server of `from` */
  gboolean remote_bridgeheads_default; /* not listed: every server of `to` */
  int mirror;                /* the other direction's id, or -1 */
  gboolean is_mirror;        /* created by reverse = true */
  guint64 bandwidth_bps;     /* MF_BANDWIDTH_UNLIMITED */
  gint64 latency_us;
  int max_connections;
  MfSchedule schedule;
  guint64 max_message_size;  /* MF_SIZE_UNLIMITED */
  MfScope scope;
  char *smart_host;          /* smtp: lower-case host name, or NULL: DNS */
} MfConnector;

typedef enum {
  MF_DIURNAL_FLAT,
  MF_DIURNAL_BUSINESS,
  MF_DIURNAL_CUSTOM,
} MfDiurnalKind;

typedef struct {
  gboolean present;          /* a [traffic] section exists */
  int line;
  double messages_per_mailbox_per_s;
  MfDiurnalKind diurnal_kind;
  double diurnal[24];        /* hourly weights, mean 1.0 (normalised) */
  double diurnal_given[24];  /* custom weights as written, before normalising */
  MfDist recipients;         /* count */
  MfDist size;               /* bytes */
  double external_share;     /* 0..1 */
  char *external_domain;     /* lower-case, NULL unless given */
} MfTraffic;

typedef enum {
  MF_ENDPOINT_SERVER,
  MF_ENDPOINT_ROUTING_GROUP,
  MF_ENDPOINT_EXTERNAL,      /* flow source only, enters at `via` */
  MF_ENDPOINT_DOMAIN,        /* flow destination only */
} MfEndpointKind;

typedef enum {
  MF_ARRIVALS_POISSON,
  MF_ARRIVALS_UNIFORM,
} MfArrivals;

typedef struct {
  char *name;
  int line;
  MfEndpointKind from_kind;
  int from;                  /* server or routing group id; -1 for external */
  int via;                   /* server id for external, else -1 */
  MfEndpointKind to_kind;
  int to;                    /* server or routing group id; -1 for a domain */
  char *to_domain;           /* lower-case, for MF_ENDPOINT_DOMAIN */
  double rate_per_s;
  MfArrivals arrivals;
  MfDist recipients;         /* count */
  MfDist size;               /* bytes */
  gint64 start_us;           /* from the run's start */
  gint64 end_us;             /* G_MAXINT64 when not given: until the run ends */
  gint64 deferred_us;        /* deferred delivery: held this long after submission, 0: none */
} MfFlow;

typedef enum {
  MF_ACTION_DOWN,
  MF_ACTION_UP,
  MF_ACTION_COST,
  MF_ACTION_STOP_SMTP,       /* server: its SMTP service stops (store and queues kept) */
  MF_ACTION_START_SMTP,      /* server: its SMTP service starts again */
  MF_ACTION_MASTER,          /* routing group: `server` becomes its master */
} MfAction;

typedef enum {
  MF_TARGET_SERVER,
  MF_TARGET_CONNECTOR,
  MF_TARGET_DOMAIN,          /* a [domain NAME] (its MX or smart host) */
  MF_TARGET_ROUTING_GROUP,   /* only with MF_ACTION_MASTER */
} MfTargetKind;

typedef struct {
  char *name;
  int line;
  gint64 at_us;              /* from the run's start */
  MfTargetKind target_kind;
  int target;                /* server, connector, routing group or domain id (a connector: the named one, not its mirror) */
  MfAction action;
  int cost;                  /* for MF_ACTION_COST */
  int server;                /* for MF_ACTION_MASTER: the new master */
  gint64 duration_us;        /* 0: no automatic reversal */
} MfTopoEvent;

typedef struct {
  char *name;
  int line;
  int max_hop_count;
  gint64 glitch_retry_us;
  int glitch_retries;
  gint64 retry_us[4];        /* 1st, 2nd, 3rd, every later */
  gint64 link_probe_interval_us;
  gint64 server_down_detection_us; /* a down server noticed by its senders (UNCONFIRMED: a setting) */
  gint64 unreachable_retry_us;
  gint64 delay_notification_us;
  gint64 expiration_us;
  gint64 link_state_delay_us;
  gboolean suppress_state_changes;
  gboolean link_state_over_smtp; /* X-LINK2STATE over SMTP connectors (UNCONFIRMED: a setting) */
  gint64 route_recompute_us; /* a server rebuilding its routes after a view change (UNCONFIRMED) */
  double categorizer_failure; /* share of categorizations failing transiently (UNCONFIRMED) */
  gint64 categorizer_retry_us; /* a failed categorization is retried after this (CatRetryMinutes) */
  gint64 start_us;           /* offset of the run's start from Monday 00:00 */
  gint64 duration_us;
  gint64 warmup_us;
  gint64 sample_interval_us;
  guint64 seed;
} MfOrganization;

/* The far side of the Internet edge: what the DNS path and smart hosts
 * meet outside the organisation ([internet], always filled). */
typedef struct {
  gboolean present;          /* an [internet] section exists */
  int line;
  gint64 dns_lookup_us;      /* the MX (or smart host A) lookup before a session */
  gint64 latency_us;         /* one-way delay to a remote MX */
  guint64 bandwidth_bps;     /* per transfer to a remote MX, MF_BANDWIDTH_UNLIMITED */
} MfInternet;

/* A [domain NAME]: an external domain, or a smart host, by name. */
typedef struct {
  char *name;                /* lower-case */
  int line;
  gboolean mx;               /* FALSE: the lookup finds no host (NDR 5.4.0) */
  gint64 latency_us;         /* -1: [internet] latency */
  guint64 bandwidth_bps;     /* 0: [internet] bandwidth */
  guint64 accepts_max_size;  /* refused at MAIL FROM above it; MF_SIZE_UNLIMITED */
} MfDomain;

typedef struct {
  char *path;                /* as given, for messages */
  MfOrganization org;
  int n_routing_groups;
  MfRoutingGroup *routing_groups;
  int n_servers;
  MfServer *servers;
  int n_connectors;
  MfConnector *connectors;
  MfTraffic traffic;
  int n_flows;
  MfFlow *flows;
  int n_events;
  MfTopoEvent *events;           /* sorted by (at_us, file order) */
  MfInternet internet;
  int n_domains;
  MfDomain *domains;             /* file order */
} MfTopology;

/* Load a topology file.  On failure returns NULL and sets MF_TOPO_ERROR:
 * the message holds up to MF_TOPO_MAX_ERRORS lines "FILE:LINE: message"
 * (or "FILE: message" where no line is to blame).  Warnings are not errors:
 * see lint.h.  (transfer full) */
MfTopology *mf_topo_load_file (const char *path, GError **error);
/* The reading half of mf_topo_load_file: the bytes of `path` ("-" is
 * stdin, read to its end), at most one byte past MF_TOPO_MAX_FILE_BYTES.
 * Anything but a regular file (a FIFO, a device, a directory) is refused
 * with "FILE: not a regular file" rather than read, as it may block or
 * never end.  (transfer full) *data_out, not NUL-terminated. */
gboolean mf_topo_read_file (const char *path, char **data_out, gsize *len_out, GError **error);
/* The same for text in memory; `name` stands for FILE in messages.  The data
 * need not be NUL-terminated and may contain any bytes. */
MfTopology *mf_topo_parse_data (const char *name, const char *data, gsize len,
                                GError **error);
void mf_topo_free (MfTopology *topo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfTopology, mf_topo_free)

/* Names are compared as Exchange compares them: ASCII case does not
 * matter, a run of spaces inside counts as one space and spaces at the
 * ends do not count (" First  Routing Group" is "first routing group").
 * The hash agrees with the equality, for GHashTable. */
gboolean mf_topo_name_equal (const char *a, const char *b);
guint mf_topo_name_hash (const char *name);
gboolean mf_topo_name_equal_func (gconstpointer a, gconstpointer b);
guint mf_topo_name_hash_func (gconstpointer name);

/* Look-ups by name (linear; for commands and tests, not hot code), with
 * mf_topo_name_equal.  Return -1 when there is no such object. */
int mf_topo_find_routing_group (const MfTopology *topo, const char *name);
int mf_topo_find_server (const MfTopology *topo, const char *name);
int mf_topo_find_connector (const MfTopology *topo, const char *name);
/* A [domain] by lower-case name (a domain or a smart host). */
int mf_topo_find_domain (const MfTopology *topo, const char *name);

const char *mf_connector_type_name (MfConnectorType type);

/* Write the model back as a topology file that loads to an equal model
 * (mirrors are written as reverse = true on their original).  Used by the
 * fuzzer's round trip and by tests.  (transfer full) */
char *mf_topo_to_string (const MfTopology *topo);

G_END_DECLS

#endif /* MF_TOPOLOGY_H */
