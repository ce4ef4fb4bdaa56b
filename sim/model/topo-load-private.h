/* topo-load-private.h — what the files of the topology loader share: the
 * loader's state and the steps one file runs for another.
 *
 * topo-load.c owns the entry points, the defaults and the build in
 * dependency order; topo-load-keys.c reads one key's value through its
 * value parser and reports errors at the key's line; topo-load-org.c loads
 * the organisation's structure (organization, servers, routing groups,
 * connectors); topo-load-traffic.c the load on it (traffic, flows,
 * events).  Every error goes to the loader's MfDiag, never to a GError, so
 * one run reports them all.  Nothing outside sim/model/topo-load*.c
 * includes this.
 */
#ifndef MF_TOPO_LOAD_PRIVATE_H
#define MF_TOPO_LOAD_PRIVATE_H

#include "base/diag.h"
#include "model/topo-scan.h"
#include "model/topology.h"

G_BEGIN_DECLS

typedef struct {
  MfDiag *diag;
  GKeyFile *kf;
  MfScan *scan;
  MfTopology *topo;
  GHashTable *rg_ids;        /* name → id + 1 */
  GHashTable *server_ids;    /* name → id + 1 */
  GHashTable *connector_ids; /* name → id + 1 (the named connector, not its mirror) */
  GPtrArray *values;         /* strings handed out by get_value, freed at the end */
  int n_rg_sections;
} MfLoader;

/* Keys (topo-load-keys.c).  A getter reads `key` of `sec` when present,
 * parses it and stores it in *out; when the value is bad it reports at the
 * key's line and leaves *out alone. */
MfScanKey *mf_load_find_key (const MfScanSection *sec, const char *key);
/* "connector SEA-NYC", "organization": the prefix of every message about a
 * section.  (transfer none: kept in the loader) */
const char *mf_load_context (MfLoader *L, const MfScanSection *sec);
/* " (did you mean 'X'?)" when @word is close to one of @known, else "".
 * (transfer full) */
char *mf_load_hint (const char *word, const char *const *known, gsize n_known);
/* Report every key of `sec` that its kind does not know (topo-keys.h). */
void mf_load_check_known_keys (MfLoader *L, const MfScanSection *sec);
const char *mf_load_get_value (MfLoader *L, const MfScanSection *sec, const char *key, int *line);
int mf_load_key_line (const MfScanSection *sec, const char *key, const char *fallback);
gboolean mf_load_require (MfLoader *L, const MfScanSection *sec, const char *key);
void mf_load_report (MfLoader *L, const MfScanSection *sec, int line, const char *key,
                     const GError *err);
gboolean mf_load_get_int (MfLoader *L, const MfScanSection *sec, const char *key, gint64 min,
                          gint64 max, gint64 *out);
void mf_load_get_int32 (MfLoader *L, const MfScanSection *sec, const char *key, int min, int max,
                        int *out);
void mf_load_get_duration (MfLoader *L, const MfScanSection *sec, const char *key, gint64 min_us,
                           gint64 *out);
void mf_load_get_size (MfLoader *L, const MfScanSection *sec, const char *key, guint64 *out);
void mf_load_get_bool (MfLoader *L, const MfScanSection *sec, const char *key, gboolean *out);
void mf_load_get_dist (MfLoader *L, const MfScanSection *sec, const char *key, MfDistUnit unit,
                       MfDist *out);
GStrv mf_load_get_list (MfLoader *L, const MfScanSection *sec, const char *key, int *line);
gboolean mf_load_get_time (MfLoader *L, const MfScanSection *sec, const char *key, gint64 *out);
/* Resolving names to ids: -1 when unknown (resolve_* also report). */
int mf_load_lookup (GHashTable *ids, const char *name);
int mf_load_resolve_rg (MfLoader *L, const MfScanSection *sec, const char *key, const char *name,
                        int line);
int mf_load_resolve_server (MfLoader *L, const MfScanSection *sec, const char *key,
                            const char *name, int line);

/* The organisation's structure (topo-load-org.c). */
void mf_load_organization (MfLoader *L, const MfScanSection *sec);
void mf_load_server (MfLoader *L, const MfScanSection *sec, int id);
void mf_load_routing_group (MfLoader *L, const MfScanSection *sec, int id);
gboolean mf_load_connector (MfLoader *L, const MfScanSection *sec, MfConnector *c);
void mf_load_make_mirror (const MfConnector *c, MfConnector *m, int c_id);

/* The load on it (topo-load-traffic.c). */
void mf_load_traffic (MfLoader *L, const MfScanSection *sec);
void mf_load_flow (MfLoader *L, const MfScanSection *sec, MfFlow *f);
void mf_load_event (MfLoader *L, const MfScanSection *sec, MfTopoEvent *e);

/* The Internet edge (topo-load-internet.c). */
void mf_load_internet_defaults (MfInternet *in);
void mf_load_internet (MfLoader *L, const MfScanSection *sec);
void mf_load_domain (MfLoader *L, const MfScanSection *sec, MfDomain *d);
char *mf_load_get_smart_host (MfLoader *L, const MfScanSection *sec);
/* Report a domain or host name longer than MF_DOMAIN_MAX_BYTES at `line`
 * ("CONTEXT: WHAT is longer than 253 bytes") and return TRUE; the value is
 * not repeated, it is the long part. */
gboolean mf_load_domain_too_long (MfLoader *L, const MfScanSection *sec, int line,
                                  const char *what, const char *name);

G_END_DECLS

#endif /* MF_TOPO_LOAD_PRIVATE_H */
