/* topo-keys.c — the section kinds and their keys (see topo-keys.h).
 *
 * A key is added here and read in its section's loader (topo-load-*.c);
 * docs/format.md section 3 must list it, or tests/test-format-keys.c fails.
 */
#include "model/topo-keys.h"

#include <string.h>

static const char *const organization_keys[] = {
  "name", "max-hop-count", "glitch-retry", "glitch-retries", "retry", "link-probe-interval",
  "server-down-detection", "unreachable-retry", "delay-notification", "expiration",
  "link-state-delay", "suppress-state-changes", "link-state-over-smtp", "route-recompute",
  "categorizer-failure", "categorizer-retry", "start", "duration", "warmup", "sample-interval",
  "seed",
};
static const char *const routing_group_keys[] = { "master" };
static const char *const server_keys[] = {
  "routing-group", "mailboxes", "virtual-servers", "categorizer", "categorizer-workers",
  "store-delivery", "store-workers", "max-outbound-connections", "max-connections-per-domain",
  "messages-per-connection", "max-message-size", "direct-internet", "smart-host",
};
static const char *const connector_keys[] = {
  "type", "from", "to", "address-spaces", "cost", "bridgeheads", "remote-bridgeheads",
  "reverse", "bandwidth", "latency", "max-connections", "schedule", "max-message-size", "scope",
  "smart-host",
};
static const char *const traffic_keys[] = {
  "messages-per-mailbox", "diurnal", "recipients", "size", "external-share", "external-domain",
};
static const char *const flow_keys[] = {
  "from", "via", "to", "rate", "arrivals", "recipients", "size", "start", "end", "deferred",
};
static const char *const event_keys[] = { "at", "target", "action", "duration" };
static const char *const internet_keys[] = { "dns-lookup", "latency", "bandwidth" };
static const char *const domain_keys[] = { "mx", "latency", "bandwidth", "accepts-max-size" };

typedef struct {
  const char *const *keys;
  gsize n_keys;
  gboolean named;
} KindInfo;

#define KIND(keys, named) { keys, G_N_ELEMENTS (keys), named }

/* Parallel arrays: the names alone are what mf_suggest() takes. */
static const char *const kind_names[] = {
  "organization", "routing-group", "server", "connector", "traffic", "flow", "event",
  "internet", "domain",
};
static const KindInfo kind_info[G_N_ELEMENTS (kind_names)] = {
  KIND (organization_keys, FALSE), KIND (routing_group_keys, TRUE), KIND (server_keys, TRUE),
  KIND (connector_keys, TRUE),     KIND (traffic_keys, FALSE),      KIND (flow_keys, TRUE),
  KIND (event_keys, TRUE),         KIND (internet_keys, FALSE),     KIND (domain_keys, TRUE),
};

const char *const *
mf_topo_section_kinds (gsize *n)
{
  *n = G_N_ELEMENTS (kind_names);
  return kind_names;
}

static const KindInfo *
find_kind (const char *kind)
{
  for (gsize i = 0; kind != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (kind, kind_names[i]) == 0)
      return &kind_info[i];
  return NULL;
}

const char *const *
mf_topo_section_keys (const char *kind, gsize *n)
{
  const KindInfo *k = find_kind (kind);
  *n = k ? k->n_keys : 0;
  return k ? k->keys : NULL;
}

gboolean
mf_topo_section_is_named (const char *kind)
{
  const KindInfo *k = find_kind (kind);
  return k != NULL && k->named;
}
