#include "app/config.h"

#include <yaml-cpp/yaml.h>

#include <set>
#include <tuple>

#include "readmodels/dcat_catalog.h"

namespace followup {

void AddServeOptions(CLI::App* app, ServeConfig* c) {
  app->add_option("--config", c->config_file, "YAML config file")->envname("FOLLOWUP_CONFIG");
  app->add_option("--brokers", c->brokers, "Kafka bootstrap servers HOST:PORT[,...]; absent: embedded broker")
      ->envname("FOLLOWUP_BROKERS");
  app->add_option("--data-dir", c->data_dir, "projection store directory")->envname("FOLLOWUP_DATA_DIR");
  app->add_option("--listen", c->listen, "HTTP listen ADDR:PORT")->envname("FOLLOWUP_LISTEN");
  app->add_option("--management-listen", c->management_listen,
                  "operations listener ADDR:PORT (/metrics, /api/v1/ingest, detailed /readyz); "
                  "unset: served on --listen")
      ->envname("FOLLOWUP_MANAGEMENT_LISTEN");
  app->add_option("--public-url", c->public_url,
                  "public base URL of the HTTP API, as the open-data catalogue names its files "
                  "(e.g. https://followup.stockholm.se); unset: http://<--listen>")
      ->envname("FOLLOWUP_PUBLIC_URL");
  app->add_option("--contact-name", c->contact_name, "open-data catalogue contact point: organisation name")
      ->envname("FOLLOWUP_CONTACT_NAME");
  app->add_option("--contact-email", c->contact_email, "open-data catalogue contact point: e-mail address")
      ->envname("FOLLOWUP_CONTACT_EMAIL");
  app->add_option("--max-connections-per-client", c->max_connections_per_client,
                  "HTTP connections one client (IPv4 address, IPv6 /64) may hold; 0: no limit")
      ->envname("FOLLOWUP_MAX_CONNECTIONS_PER_CLIENT")
      ->check(CLI::Range(0, 1000000));
  app->add_option("--trusted-proxies", c->trusted_proxies,
                  "load balancers (CIDR list, comma-separated) whose X-Forwarded-For names the client")
      ->envname("FOLLOWUP_TRUSTED_PROXIES");
  app->add_option("--webhook-allow", c->webhook_allow,
                  "networks (CIDR list, comma-separated) webhooks may reach although not public, also over "
                  "plain http (test receivers); default none")
      ->envname("FOLLOWUP_WEBHOOK_ALLOW");
  app->add_option("--notify-settle-seconds", c->notify_settle_seconds,
                  "how long a service's new level must hold before subscribers are told")
      ->envname("FOLLOWUP_NOTIFY_SETTLE_SECONDS")
      ->check(CLI::Range(0, 86400));
  app->add_option("--notify-reminder-minutes", c->notify_reminder_minutes,
                  "how long before a planned maintenance starts its subscribers are reminded")
      ->envname("FOLLOWUP_NOTIFY_REMINDER_MINUTES")
      ->check(CLI::Range(0, 30 * 1440));
  app->add_option("--smtp-host", c->smtp_host,
                  "the SMTP relay of e-mail subscriptions; none: no e-mail subscriptions")
      ->envname("FOLLOWUP_SMTP_HOST");
  app->add_option("--smtp-port", c->smtp_port, "the relay's port (default 587; 465 with implicit TLS)")
      ->envname("FOLLOWUP_SMTP_PORT")
      ->check(CLI::Range(0, 65535));
  app->add_option("--smtp-tls", c->smtp_tls, "starttls (default, required), implicit or none (loopback only)")
      ->envname("FOLLOWUP_SMTP_TLS");
  app->add_option("--smtp-user", c->smtp_user, "the relay's user name (none: no login)")
      ->envname("FOLLOWUP_SMTP_USER");
  app->add_option("--smtp-password-file", c->smtp_password_file,
                  "a file whose first line is the relay's password")
      ->envname("FOLLOWUP_SMTP_PASSWORD_FILE");
  app->add_option("--smtp-ca-file", c->smtp_ca_file, "PEM file of the CAs of the relay's certificate")
      ->envname("FOLLOWUP_SMTP_CA_FILE");
  app->add_option("--mail-from", c->mail_from, "the sender of subscription mails")
      ->envname("FOLLOWUP_MAIL_FROM");
  app->add_option("--mail-link-key-file", c->mail_link_key_file,
                  "file holding the base64 of at least 32 random bytes that sign the links in mails "
                  "(head -c 32 /dev/urandom | base64); the same on every instance")
      ->envname("FOLLOWUP_MAIL_LINK_KEY_FILE");
  app->add_option("--group-id", c->group_id, "Kafka consumer group")->envname("FOLLOWUP_GROUP_ID");
  app->add_option("--topic-prefix", c->topic_prefix, "topic name prefix")->envname("FOLLOWUP_TOPIC_PREFIX");
  app->add_option("--partitions", c->partitions, "partitions per topic of the embedded broker")
      ->envname("FOLLOWUP_PARTITIONS")
      ->check(CLI::Range(1, 256));
  app->add_option("--http-threads", c->http_threads, "HTTP server threads")
      ->envname("FOLLOWUP_HTTP_THREADS")
      ->check(CLI::Range(1, 64));
  app->add_option("--dedup-retention-days", c->dedup_retention_days,
                  "length of a dedup window of log time (events.md: duplicates and id conflicts)")
      ->envname("FOLLOWUP_DEDUP_RETENTION_DAYS")
      ->check(CLI::Range(1, 3650));
  app->add_flag("--sync-writes", c->sync_writes, "fsync every batch (survives power loss, slower)")
      ->envname("FOLLOWUP_SYNC_WRITES");
  app->add_option("--admin-token-file", c->admin_token_file,
                  "file with the single admin API bearer token (id admin, every scope)")
      ->envname("FOLLOWUP_ADMIN_TOKEN_FILE");
  app->add_option("--admin-tokens-file", c->admin_tokens_file,
                  "YAML file of named admin tokens: id, sha256 of the token, scopes (followup token hash)")
      ->envname("FOLLOWUP_ADMIN_TOKENS_FILE");
  app->add_flag(
         "--auto-replay", c->auto_replay,
         "when projections were written by another fold version, move them aside and rebuild from the log")
      ->envname("FOLLOWUP_AUTO_REPLAY");
  app->add_flag("--scale-out", c->scale_out,
                "run as one of several instances in the consumer group: own some partitions, answer for all")
      ->envname("FOLLOWUP_SCALE_OUT");
  app->add_flag("--demo", c->demo, "feed the built-in synthetic load into the broker")
      ->envname("FOLLOWUP_DEMO");
}

namespace {

template <class T>
Status Fill(CLI::App* app, const YAML::Node& root, const char* key, const char* flag, T* out) {
  const YAML::Node n = root[key];
  if (!n) return Status::Ok();
  CLI::Option* opt = app->get_option_no_throw(flag);
  if (opt && opt->count() > 0) return Status::Ok();  // flag or environment wins
  try {
    *out = n.as<T>();
  } catch (const YAML::Exception& e) {
    return Status::Invalid("config key '" + std::string(key) + "' (line " +
                           std::to_string(n.Mark().line + 1) + "): " + e.what());
  }
  return Status::Ok();
}

// A list of networks: a YAML list, or the comma-separated flag value.
Status FillNetworks(CLI::App* app, const YAML::Node& root, const char* key, const char* flag,
                    std::string* out) {
  const YAML::Node t = root[key];
  if (!t || !t.IsSequence()) return Fill(app, root, key, flag, out);
  CLI::Option* opt = app->get_option_no_throw(flag);
  if (opt && opt->count() > 0) return Status::Ok();
  std::string joined;
  for (const auto& n : t) {
    if (!n.IsScalar())
      return Status::Invalid(std::string("config key '") + key + "' must list networks as strings");
    joined += (joined.empty() ? "" : ",") + n.as<std::string>();
  }
  *out = joined;
  return Status::Ok();
}

}  // namespace

Status ApplyConfigFile(CLI::App* app, ServeConfig* c) {
  if (c->config_file.empty()) return Status::Ok();
  YAML::Node root;
  try {
    root = YAML::LoadFile(c->config_file);
  } catch (const YAML::Exception& e) {
    return Status::Invalid("config file " + c->config_file + ": " + e.what());
  }
  if (!root.IsMap())
    return Status::Invalid("config file " + c->config_file + ": expected a mapping at the top");
  static const std::set<std::string> known = {"brokers",
                                              "data_dir",
                                              "listen",
                                              "management_listen",
                                              "public_url",
                                              "contact_name",
                                              "contact_email",
                                              "max_connections_per_client",
                                              "trusted_proxies",
                                              "webhook_allow",
                                              "notify_settle_seconds",
                                              "notify_reminder_minutes",
                                              "smtp_host",
                                              "smtp_port",
                                              "smtp_tls",
                                              "smtp_user",
                                              "smtp_password_file",
                                              "smtp_ca_file",
                                              "mail_from",
                                              "mail_link_key_file",
                                              "group_id",
                                              "topic_prefix",
                                              "partitions",
                                              "http_threads",
                                              "dedup_retention_days",
                                              "sync_writes",
                                              "admin_token_file",
                                              "admin_tokens_file",
                                              "demo",
                                              "auto_replay",
                                              "scale_out",
                                              "kafka"};
  for (const auto& kv : root) {
    std::string k = kv.first.as<std::string>();
    if (!known.count(k))
      return Status::Invalid("config file " + c->config_file + " line " +
                             std::to_string(kv.first.Mark().line + 1) + ": unknown key '" + k + "'");
  }
  Status s;
  if (!(s = Fill(app, root, "brokers", "--brokers", &c->brokers)).ok()) return s;
  if (!(s = Fill(app, root, "data_dir", "--data-dir", &c->data_dir)).ok()) return s;
  if (!(s = Fill(app, root, "listen", "--listen", &c->listen)).ok()) return s;
  if (!(s = Fill(app, root, "management_listen", "--management-listen", &c->management_listen)).ok())
    return s;
  if (!(s = Fill(app, root, "public_url", "--public-url", &c->public_url)).ok()) return s;
  if (!(s = Fill(app, root, "contact_name", "--contact-name", &c->contact_name)).ok()) return s;
  if (!(s = Fill(app, root, "contact_email", "--contact-email", &c->contact_email)).ok()) return s;
  if (!(s = Fill(app, root, "max_connections_per_client", "--max-connections-per-client",
                 &c->max_connections_per_client))
           .ok())
    return s;
  if (c->max_connections_per_client < 0)
    return Status::Invalid("config key 'max_connections_per_client' must be 0 (no limit) or more");
  if (!(s = FillNetworks(app, root, "trusted_proxies", "--trusted-proxies", &c->trusted_proxies)).ok())
    return s;
  if (!(s = FillNetworks(app, root, "webhook_allow", "--webhook-allow", &c->webhook_allow)).ok()) return s;
  if (!(s = Fill(app, root, "notify_settle_seconds", "--notify-settle-seconds", &c->notify_settle_seconds))
           .ok())
    return s;
  if (c->notify_settle_seconds < 0 || c->notify_settle_seconds > 86400)
    return Status::Invalid("config key 'notify_settle_seconds' must be 0 to 86400");
  if (!(s = Fill(app, root, "notify_reminder_minutes", "--notify-reminder-minutes",
                 &c->notify_reminder_minutes))
           .ok())
    return s;
  for (auto [key, flag, out] :
       {std::tuple{"smtp_host", "--smtp-host", &c->smtp_host},
        std::tuple{"smtp_tls", "--smtp-tls", &c->smtp_tls},
        std::tuple{"smtp_user", "--smtp-user", &c->smtp_user},
        std::tuple{"smtp_password_file", "--smtp-password-file", &c->smtp_password_file},
        std::tuple{"smtp_ca_file", "--smtp-ca-file", &c->smtp_ca_file},
        std::tuple{"mail_from", "--mail-from", &c->mail_from},
        std::tuple{"mail_link_key_file", "--mail-link-key-file", &c->mail_link_key_file}})
    if (!(s = Fill(app, root, key, flag, out)).ok()) return s;
  if (!(s = Fill(app, root, "smtp_port", "--smtp-port", &c->smtp_port)).ok()) return s;
  if (c->notify_reminder_minutes < 0 || c->notify_reminder_minutes > 30 * 1440)
    return Status::Invalid("config key 'notify_reminder_minutes' must be 0 to 43200 (30 days)");
  if (!(s = Fill(app, root, "group_id", "--group-id", &c->group_id)).ok()) return s;
  if (!(s = Fill(app, root, "topic_prefix", "--topic-prefix", &c->topic_prefix)).ok()) return s;
  if (!(s = Fill(app, root, "partitions", "--partitions", &c->partitions)).ok()) return s;
  if (!(s = Fill(app, root, "http_threads", "--http-threads", &c->http_threads)).ok()) return s;
  if (!(s = Fill(app, root, "dedup_retention_days", "--dedup-retention-days", &c->dedup_retention_days)).ok())
    return s;
  if (!(s = Fill(app, root, "sync_writes", "--sync-writes", &c->sync_writes)).ok()) return s;
  if (!(s = Fill(app, root, "admin_token_file", "--admin-token-file", &c->admin_token_file)).ok()) return s;
  if (!(s = Fill(app, root, "admin_tokens_file", "--admin-tokens-file", &c->admin_tokens_file)).ok())
    return s;
  if (!(s = Fill(app, root, "demo", "--demo", &c->demo)).ok()) return s;
  if (!(s = Fill(app, root, "auto_replay", "--auto-replay", &c->auto_replay)).ok()) return s;
  if (!(s = Fill(app, root, "scale_out", "--scale-out", &c->scale_out)).ok()) return s;
  if (const YAML::Node k = root["kafka"]) {
    if (!k.IsMap()) return Status::Invalid("config key 'kafka' must be a mapping of librdkafka settings");
    for (const auto& kv : k) c->kafka[kv.first.as<std::string>()] = kv.second.as<std::string>();
  }
  return Status::Ok();
}

Status EffectivePublicUrl(const ServeConfig& c, std::string* out) {
  if (!c.public_url.empty()) return NormalizePublicUrl(c.public_url, out);
  // listen is HOST:PORT or [V6]:PORT.
  std::string host = c.listen, port;
  if (auto colon = c.listen.rfind(':'); colon != std::string::npos) {
    host = c.listen.substr(0, colon);
    port = c.listen.substr(colon);
  }
  if (host.empty() || host == "0.0.0.0" || host == "*")
    host = "127.0.0.1";
  else if (host == "[::]" || host == "::")
    host = "[::1]";
  Status s = NormalizePublicUrl("http://" + host + port, out);
  if (!s.ok())
    return Status::Invalid(
        "no public URL can be made from --listen " + c.listen +
        ": set --public-url (FOLLOWUP_PUBLIC_URL, YAML public_url), e.g. https://followup.stockholm.se");
  return s;
}

}  // namespace followup
