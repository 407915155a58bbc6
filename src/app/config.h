// Settings of `followup serve` (and the tools that share them). Each can be
// given as a flag, as a FOLLOWUP_* environment variable, or in the YAML file
// named by --config; a flag wins over the environment, which wins over the file.
#pragma once
#include <CLI/CLI.hpp>

#include <string>

#include "common/status.h"
#include "ingest/kafka_config.h"

namespace followup {

struct ServeConfig {
  std::string config_file;
  std::string brokers;  // empty: start the embedded broker
  std::string data_dir = "./data";
  std::string listen = "127.0.0.1:8080";
  // Operations listener (/metrics, /api/v1/ingest, detailed /readyz); empty:
  // those are served on `listen`, without the internal error detail.
  std::string management_listen;
  // The public base URL of the HTTP API (scheme, host, optional path), as the
  // open-data catalogue (/api/v1/ils/catalog.rdf) names its files; empty:
  // http://<listen> (a wildcard listen address as loopback). Never taken from
  // a request's Host header.
  std::string public_url;
  // The catalogue's contact point (DCAT-AP-SE dcat:contactPoint).
  std::string contact_name = "Stockholms stad";
  std::string contact_email = "info@stockholm.se";
  int max_connections_per_client = 64;  // per IPv4 address / IPv6 /64; 0: no limit
  // CIDR list of the load balancers whose X-Forwarded-For names the client.
  std::string trusted_proxies;
  // Subscriptions (issue 16): networks webhooks may reach although they are
  // not public (and over plain http); how long a new level must hold before
  // it is told.
  std::string webhook_allow;
  int notify_settle_seconds = 180;
  int notify_reminder_minutes = 1440;  // before a planned maintenance starts
  // E-mail subscriptions (issue 16): the city's SMTP relay (none: no e-mail
  // subscriptions, the subscribe pages are not served), the sender, and the
  // file of the key that signs the links in mails (at least 32 bytes, base64).
  std::string smtp_host;
  int smtp_port = 0;  // 0: 587, or 465 with implicit TLS
  std::string smtp_tls = "starttls";
  std::string smtp_user, smtp_password_file, smtp_ca_file;
  std::string mail_from = "Stockholms stad <driftinformation@stockholm.se>";
  std::string mail_link_key_file;
  std::string group_id = "followup";
  std::string topic_prefix = "followup.";
  int partitions = 3;    // embedded broker only
  int http_threads = 2;  // server threads (one io_context each)
  int dedup_retention_days = 30;
  bool sync_writes = false;
  std::string admin_token_file;   // file holding the single admin bearer token (id "admin", every scope)
  std::string admin_tokens_file;  // the named tokens' file (YAML: id, sha256, scopes; http/admin_tokens.h)
  std::string admin_token_env = "FOLLOWUP_ADMIN_TOKEN";
  bool demo = false;         // feed the built-in synthetic load
  bool auto_replay = false;  // stale projections: set them aside and rebuild from the log
  bool scale_out = false;    // one of N instances in the consumer group (see README "Scale-out")
  KafkaSettings kafka;       // pass-through librdkafka settings (config file `kafka:` map)
};

// Declares the serve options on app (with their FOLLOWUP_* env names).
void AddServeOptions(CLI::App* app, ServeConfig* c);
// After parsing: fills options not given as flag or env from the YAML file.
Status ApplyConfigFile(CLI::App* app, ServeConfig* c);
// The public base URL: public_url when set, else http://<listen> with a
// wildcard host (0.0.0.0, ::, empty) as loopback; checked and without a
// trailing '/' (readmodels/dcat_catalog.h NormalizePublicUrl).
Status EffectivePublicUrl(const ServeConfig& c, std::string* out);

}  // namespace followup
