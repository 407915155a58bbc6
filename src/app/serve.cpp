#include <spdlog/spdlog.h>

#include <ctime>
#include <filesystem>
#include <limits>
#include <memory>

#include "app/commands.h"
#include "app/config.h"
#include "app/demo_feeder.h"
#include "app/live_projections.h"
#include "app/mail_settings.h"
#include "http/admin_routes.h"
#include "http/badge_routes.h"
#include "http/calendar_routes.h"
#include "http/client_address.h"
#include "http/history_routes.h"
#include "http/ils_routes.h"
#include "http/ingest_routes.h"
#include "http/metrics_routes.h"
#include "http/openapi_routes.h"
#include "http/server.h"
#include "http/staff_routes.h"
#include "http/status_routes.h"
#include "http/target_routes.h"
#include "ingest/embedded_broker.h"
#include "ingest/ingestor.h"
#include "metrics/metrics.h"
#include "notify/compacted_reader.h"
#include "notify/erasure_routes.h"
#include "notify/notifier.h"
#include "notify/state_view.h"
#include "notify/subscribe_routes.h"
#include "notify/subscription_table.h"
#include "notify/webhook_routes.h"
#include "readmodels/dcat_catalog.h"
#include "readmodels/history_board.h"
#include "readmodels/maintenance.h"
#include "readmodels/status_board.h"
#include "store/store.h"

namespace followup {
namespace {

// Writes one record (value null: a tombstone) to the subscriptions topic
// and waits for the broker's acknowledgement.
std::function<Status(const std::string&, const std::string*)> SubscriptionPublisher(Producer* p,
                                                                                    std::string topic) {
  return [p, topic = std::move(topic)](const std::string& key, const std::string* value) {
    std::vector<rd_kafka_resp_err_t> results;
    Status st = p->SendEach(topic, {{key, value ? std::string_view(*value) : std::string_view(), {}}}, 10000,
                            &results);
    if (st.ok() && results[0] != RD_KAFKA_RESP_ERR_NO_ERROR)
      st = Status::Unavailable(rd_kafka_err2str(results[0]));
    return st;
  };
}

// Scale-out: the maintenance windows of the view's store, once the view's own
// loop has caught up with the announcements (ingest/row_publisher.h).
WindowsSource ViewWindows(const ServedStore* store, const IngestStateBoard* view_board) {
  return [store, view_board]() -> std::shared_ptr<const MaintenanceWindows> {
    if (!view_board->Own()->ready) return nullptr;
    std::vector<AnnouncementRecord> anns;
    if (!LoadAnnouncements(*store->Snapshot(), &anns).ok()) return nullptr;
    constexpr MinuteIdx kAll = std::numeric_limits<MinuteIdx>::max() / 2;
    return std::make_shared<const MaintenanceWindows>(MaintenanceMinutes(anns, -kAll, kAll));
  };
}

int Serve(CLI::App* cmd, ServeConfig& c) {
  Status s = ApplyConfigFile(cmd, &c);
  if (!s.ok()) {
    spdlog::error("{}", s.message());
    return 2;
  }
  std::vector<http::IpNetwork> trusted_proxies;
  s = http::ParseNetworks(c.trusted_proxies, &trusted_proxies);
  if (!s.ok()) {
    spdlog::error("--trusted-proxies: {}", s.message());
    return 2;
  }
  std::vector<http::IpNetwork> webhook_allow;
  s = http::ParseNetworks(c.webhook_allow, &webhook_allow);
  if (!s.ok()) {
    spdlog::error("--webhook-allow: {}", s.message());
    return 2;
  }
  MailSettings mail;
  s = LoadMailSettings(c, &mail);
  if (!s.ok()) {
    spdlog::error("e-mail subscriptions: {}", s.message());
    return 2;
  }
  DcatOptions catalog;
  s = EffectivePublicUrl(c, &catalog.public_url);
  if (s.ok()) s = CheckContactEmail(c.contact_email);
  if (!s.ok()) {
    spdlog::error("{}", s.message());
    return 2;
  }
  catalog.contact_name = c.contact_name;
  catalog.contact_email = c.contact_email;
  // Behind a load balancer the listen address is rarely the public one: say so.
  // (A loopback listener is a local set-up, where the derived URL is right.)
  if (c.public_url.empty() && c.listen.rfind("127.0.0.1:", 0) != 0 && c.listen.rfind("[::1]:", 0) != 0 &&
      c.listen.rfind("localhost:", 0) != 0)
    spdlog::warn(
        "open-data catalogue: files named under {} (from --listen); set --public-url (FOLLOWUP_PUBLIC_URL) "
        "to the address the data portal harvests",
        catalog.public_url);
  if (!c.management_listen.empty() && c.management_listen == c.listen) {
    spdlog::error("--management-listen must differ from --listen ({})", c.listen);
    return 2;
  }
  InstallSignalHandlers();
  // Scale-out: the global view (what every reader reads) in <data>/view, the
  // owned partitions' stores in <data>/partitions/<p>.
  // A plain instance serves its data dir through LiveProjections (which
  // rebuilds beside the served projections when they are of the previous
  // version, or when asked); scale-out serves its view store.
  const std::string store_dir = c.scale_out ? c.data_dir + "/view" : c.data_dir;
  std::unique_ptr<LiveProjections> live;
  std::unique_ptr<ServedStore> view_store;
  auto open = [&]() -> Status {
    if (!c.scale_out) return LiveProjections::Open(store_dir, &live);
    std::unique_ptr<Store> store;
    Status st = Store::Open(store_dir, Store::Mode::kReadWrite, &store);
    if (st.ok()) st = store->CheckVersion();
    if (st.ok())
      view_store =
          std::make_unique<ServedStore>(std::shared_ptr<Store>(std::move(store)), kProjectionVersion);
    return st;
  };
  s = open();
  if (s.code() == Status::Code::kConflict && c.auto_replay && !c.brokers.empty()) {
    // Stale projections: keep them for inspection, rebuild from offset 0.
    std::string aside = store_dir + ".stale-" + std::to_string(::time(nullptr));
    spdlog::warn("{}; --auto-replay: moving it to {} and rebuilding from the log", s.message(), aside);
    std::error_code ec;
    std::filesystem::rename(store_dir, aside, ec);
    if (ec) {
      spdlog::error("cannot move {} aside: {}", store_dir, ec.message());
      return 1;
    }
    s = open();
  }
  if (!s.ok()) {
    spdlog::error("{}", s.message());
    return 1;
  }
  ServedStore* const store = c.scale_out ? view_store.get() : live->served();
  // The ingest state (ours and, scale-out, the view's) before the status
  // board, which asks it whether ingest is ready until it is destroyed.
  IngestStateBoard board, view_board;
  StatusBoardOptions status_options;
  status_options.subscribe_link = mail.enabled;     // the subscription pages are served (below)
  StatusBoard status_board(store, status_options);  // recomputed every second and after each batch
  status_board.SetIngestReady([&board] {
    std::string why;
    // The loop's own readiness: /readyz waits for this board (RequireServed).
    return IngestReady(*board.Get(ReadSide::kIgnore), &why);
  });
  // Readiness that changes without a commit (the last batch was committed
  // before its partitions counted as caught up) is rendered at once.
  board.OnReadyChange([&status_board] { status_board.Poke(); });
  view_board.OnReadyChange([&status_board] { status_board.Poke(); });
  status_board.Start();
  HistoryBoard history_board(store, &status_board);  // citizen history: on request, from snapshots
  // Who may use the admin API (named tokens, the single token), and the
  // throttle of failed attempts that every admin route shares.
  auto admin_auth = std::make_shared<http::AdminAuth>();
  s = http::AdminTokens::Load(c.admin_tokens_file, c.admin_token_file, c.admin_token_env,
                              &admin_auth->tokens);
  if (!s.ok()) {
    spdlog::error("{}", s.message());
    return 1;
  }
  admin_auth->throttle = std::make_shared<http::AuthThrottle>(http::AuthThrottle::Options{});
  for (const http::AdminToken& t : admin_auth->tokens.entries()) {
    std::string scopes;
    for (int i = 0; i < http::kAdminScopeCount; ++i)
      if (t.Allows(http::AdminScope(i)))
        scopes += (scopes.empty() ? "" : ", ") + std::string(http::Name(http::AdminScope(i)));
    spdlog::info("admin: token '{}' may use {}", t.id, scopes);
  }
  Topics topics(c.topic_prefix);
  std::unique_ptr<EmbeddedBroker> broker;
  IngestOptions io;
  io.kafka = c.kafka;
  if (c.brokers.empty()) {
    s = EmbeddedBroker::Start(topics, c.partitions, &broker);
    if (!s.ok()) {
      spdlog::error("{}", s.message());
      return 1;
    }
    io.kafka["bootstrap.servers"] = broker->bootstraps();
    io.log_identity = broker->identity();
    spdlog::info("embedded Kafka broker (mock cluster, a new empty log) at {}", broker->bootstraps());
  } else {
    io.kafka["bootstrap.servers"] = c.brokers;
  }
  io.group_id = c.group_id;
  io.topics = topics;
  io.sync_writes = c.sync_writes;
  io.fold.dedup_window_ms = int64_t{c.dedup_retention_days} * 24 * 3600 * 1000;
  io.on_commit = [&status_board](int64_t generation) { status_board.Poke(generation); };

  // Ready once the citizen status shows the caught-up state, not only the
  // store (in scale-out the view's loop is the one the status reads).
  if (!c.scale_out) board.RequireServed([&status_board] { return status_board.ServedGeneration(); });
  // Subscriptions (issue 16): every instance reads what is subscribed and
  // each endpoint's delivery state; the one that holds the notifier's
  // partition notifies (notify/notifier.h).
  notify::SubscriptionTable subscriptions;
  notify::StateView notify_state;
  notify::CompactedReader subscriptions_reader(
      {io.kafka, c.group_id + ".subscriptions", topics.subscriptions()},
      [&subscriptions](std::string_view k, const std::string_view* v) { subscriptions.Apply(k, v); });
  notify::CompactedReader state_reader(
      {io.kafka, c.group_id + ".notify-state", topics.notifications()},
      [&notify_state](std::string_view k, const std::string_view* v) { notify_state.Apply(k, v); });
  notify::NotifierOptions no;
  no.kafka = io.kafka;
  no.group_id = c.group_id + ".notifier";
  no.state_topic = topics.notifications();
  no.outbox.settle_ms = int64_t{c.notify_settle_seconds} * 1000;
  no.outbox.remind_before_ms = int64_t{c.notify_reminder_minutes} * 60 * 1000;
  no.outbox.public_url = catalog.public_url;
  no.delivery.allow = webhook_allow;
  no.status = [&status_board] { return status_board.Status(); };
  no.ready = [&board] {
    std::string why;
    return IngestReady(*board.Get(), &why);
  };
  no.subscriptions = [&subscriptions] { return subscriptions.Snapshot(); };
  no.emails = [&subscriptions] { return subscriptions.EmailSnapshot(); };
  no.smtp = mail.smtp;
  no.mail_from = mail.from;
  no.link_key = mail.link_key;
  no.subscriptions_topic = topics.subscriptions();
  no.subscriptions_ready = [&subscriptions_reader] { return subscriptions_reader.CaughtUp(); };
  notify::Notifier notifier(std::move(no));

  MetricSources sources;
  sources.ingest = &board;
  sources.notifications = [&notifier] {
    notify::Notifier::Stats n = notifier.stats();
    return NotificationFigures{n.active,   n.sent,       n.failed,       n.retried,       n.queued,
                               n.disabled, n.email_sent, n.email_failed, n.email_retried, n.email_queued};
  };
  sources.store = store;
  sources.status = [&status_board] { return status_board.Status(); };
  Metrics metrics(sources);
  auto observe = [&metrics](const BatchReport& r) { metrics.ObserveBatch(r.messages, r.seconds); };

  // Scale-out: a second loop keeps the global view (catalog, announcements,
  // every instance's published rows); the group loop folds owned partitions.
  std::unique_ptr<Producer> row_producer;
  std::unique_ptr<Ingestor> view;
  if (c.scale_out) {
    IngestOptions vo = io;
    vo.mode = IngestMode::kScaleOutView;
    vo.rows_of = &board;
    view = std::make_unique<Ingestor>(store->Current().get(), vo, &view_board);
    view->set_batch_observer(observe);
    s = view->Start();
    if (s.ok()) s = Producer::Create(ProducerSettings(io.kafka), &row_producer);
    if (!s.ok()) {
      spdlog::error("{}", s.message());
      return 1;
    }
    board.Join(&view_board);
    view_board.RequireServed([&status_board] { return status_board.ServedGeneration(); });
    io.mode = IngestMode::kScaleOutPartitions;
    io.partitions_dir = c.data_dir + "/partitions";
    io.row_producer = row_producer.get();
    io.maintenance_windows = ViewWindows(store, &view_board);
    io.on_commit = nullptr;  // readers read the view, which changes when rows come back
  }
  // The loop(s) that fold: plain, the served projections' (and a rebuild's);
  // scale-out, the owned partitions'.
  std::unique_ptr<Ingestor> partitions;
  if (c.scale_out) {
    partitions = std::make_unique<Ingestor>(nullptr, io, &board);
    partitions->set_batch_observer(observe);
    s = partitions->Start();
  } else {
    board.ShowRebuild([&live] { return live->Progress(); });
    s = live->Start(io, &board, observe);
  }
  auto stop_folding = [&] {
    if (partitions) partitions->Stop();
    if (live) live->Stop();
    if (view) view->Stop();
  };
  if (!s.ok()) {
    spdlog::error("{}", s.message());
    stop_folding();  // a loop may have started: it must not outlive the boards it publishes to
    return 1;
  }
  // The main listener serves the public and admin routes. The operations
  // routes go to the management listener when there is one; /healthz and
  // /readyz are on both (orchestrators probe the main one), and only the
  // management listener shows the internal error detail.
  const bool management_listener = !c.management_listen.empty();
  http::Router router;
  http::Router management;
  http::Router& operations = management_listener ? management : router;
  const http::IngestView operations_view =
      management_listener ? http::IngestView::kManagement : http::IngestView::kPublic;
  http::AddHealthRoutes(&router, &board, http::IngestView::kPublic);
  if (management_listener) http::AddHealthRoutes(&management, &board, http::IngestView::kManagement);
  http::AddIngestRoutes(&operations, &board, operations_view);
  http::AddMetricsRoutes(&operations, &metrics);
  http::AddIlsRoutes(&router, store, catalog);
  // The citizens' e-mail subscription pages (before the status routes, whose
  // /driftinformation/{service_id} would take them): only with a relay to send the
  // confirmations through (no relay: no pages, no subscribe links).
  std::unique_ptr<Producer> email_producer;
  if (mail.enabled) {
    notify::SubscribeRouteOptions pages;
    if (Producer::Create(ProducerSettings(io.kafka), &email_producer).ok())
      pages.publish = SubscriptionPublisher(email_producer.get(), topics.subscriptions());
    else
      spdlog::error(
          "subscribe: cannot create the Kafka producer of subscriptions; the subscription pages answer 503");
    pages.table = &subscriptions;
    pages.table_ready = [&subscriptions_reader] { return subscriptions_reader.CaughtUp(); };
    pages.readers = [store] { return store->Snapshot(); };
    pages.link_key = mail.link_key;
    notify::AddSubscribeRoutes(&router, std::move(pages));
  }
  // Before the status routes: /driftinformation/{service_id} would take the calendar's file name
  // and /driftinformation/historik.
  http::AddCalendarRoutes(&router, &status_board);
  http::AddBadgeRoutes(&router, &status_board);
  // Announcement revisions are folded from projection version 4 on: while
  // older projections serve, that answer waits for the rebuild.
  http::AddHistoryRoutes(&router, &history_board, [store] { return store->ProjectionVersion() < 4; });
  http::AddStatusRoutes(&router, &status_board);
  std::unique_ptr<Producer> admin_producer;
  if (!admin_auth->tokens.empty() && !Producer::Create(ProducerSettings(io.kafka), &admin_producer).ok())
    spdlog::error("admin: cannot create the Kafka producer; the admin API answers 503");
  admin_auth->on_refusal = [&metrics](http::AuthRefusal r) {
    metrics.ObserveAdminAuthFailure(http::Name(r));
  };
  http::AdminOptions admin{
      admin_auth,
      admin_producer ? http::KafkaPublisher(admin_producer.get(), topics.announcements()) : nullptr,
      [store] { return store->Snapshot(); }, nullptr};
  http::AddAdminRoutes(&router, std::move(admin));
  http::TargetOptions targets{
      admin_auth, admin_producer ? http::KafkaPublisher(admin_producer.get(), topics.catalog()) : nullptr,
      [store] { return store->Snapshot(); }, nullptr};
  http::AddTargetRoutes(&router, std::move(targets));
  std::unique_ptr<Producer> subscription_producer;
  if (!admin_auth->tokens.empty() &&
      !Producer::Create(ProducerSettings(io.kafka), &subscription_producer).ok())
    spdlog::error("admin: cannot create the Kafka producer of subscriptions; the webhook API answers 503");
  notify::WebhookRouteOptions webhooks;
  webhooks.auth = admin_auth;
  if (subscription_producer)
    webhooks.publish = SubscriptionPublisher(subscription_producer.get(), topics.subscriptions());
  webhooks.table = &subscriptions;
  webhooks.table_ready = [&subscriptions_reader] { return subscriptions_reader.CaughtUp(); };
  webhooks.state = [&notify_state](std::string_view id) { return notify_state.Get(id); };
  webhooks.readers = [store] { return store->Snapshot(); };
  webhooks.allow = webhook_allow;
  notify::ErasureRouteOptions erasure;
  erasure.auth = admin_auth;
  if (webhooks.publish)
    erasure.remove = [publish = webhooks.publish](const std::string& key) { return publish(key, nullptr); };
  erasure.table = &subscriptions;
  erasure.table_ready = webhooks.table_ready;
  notify::AddWebhookRoutes(&router, std::move(webhooks));
  notify::AddErasureRoutes(&router, std::move(erasure));
  http::AddStaffRoutes(&router);
  http::AddOpenApiRoutes(&router);
  auto observe_request = [&metrics](const std::string& route, int code, double secs) {
    metrics.ObserveRequest(route, code, secs);
  };
  auto observe_refusal = [&metrics](http::Refusal r) {
    metrics.ObserveRefused(r == http::Refusal::kClientLimit);
  };
  http::ServerOptions so;
  so.listen = c.listen;
  so.threads = c.http_threads;
  so.max_connections_per_client = c.max_connections_per_client;
  so.trusted_proxies = trusted_proxies;
  http::Server server(so, &router);
  server.set_observer(observe_request);
  server.set_refusal_observer(observe_refusal);
  std::unique_ptr<http::Server> management_server;
  if (management_listener) {
    http::ServerOptions mo;
    mo.listen = c.management_listen;
    mo.threads = 1;
    mo.max_connections_per_client = c.max_connections_per_client;
    management_server = std::make_unique<http::Server>(mo, &management);
    management_server->set_observer(observe_request);
    management_server->set_refusal_observer(observe_refusal);
  }
  s = server.Start();
  if (s.ok() && management_server) s = management_server->Start();
  // After the listeners: their clients (a TLS context with the system's trust
  // store, three Kafka handles) must not hold up the first answers.
  // Subscriptions exist only where they can be made: an admin API (webhooks)
  // or a relay (the e-mail pages). Without either, nothing notifies.
  const bool notifies = !admin_auth->tokens.empty() || mail.enabled;
  if (!notifies)
    spdlog::info("notify: no admin token and no SMTP relay: no subscriptions, nothing is notified");
  if (s.ok() && notifies) s = subscriptions_reader.Start();
  if (s.ok() && notifies) s = state_reader.Start();
  if (s.ok() && notifies) s = notifier.Start();
  if (!s.ok()) {
    spdlog::error("{}", s.message());
    server.Stop();
    notifier.Stop();
    stop_folding();
    return 1;
  }
  spdlog::info("listening on http://{}", c.listen);
  if (!trusted_proxies.empty())
    spdlog::info("X-Forwarded-For names the client on connections from {} trusted proxy network(s): {}",
                 trusted_proxies.size(), c.trusted_proxies);
  if (management_server)
    spdlog::info("management listener (metrics, ingest state) on http://{}", c.management_listen);
  std::unique_ptr<DemoFeeder> feeder;
  if (c.demo) {
    feeder = std::make_unique<DemoFeeder>(io.kafka, topics);
    feeder->Start();
  }
  int sig = WaitForSignal();
  spdlog::info("signal {}: stopping", sig);
  if (feeder) feeder->Stop();
  server.Stop();
  if (management_server) management_server->Stop();
  notifier.Stop();
  subscriptions_reader.Stop();
  state_reader.Stop();
  stop_folding();
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App* app) {
  auto* cmd = app->add_subcommand("serve", "run the service: ingest, fold, serve the read side");
  auto c = std::make_shared<ServeConfig>();
  AddServeOptions(cmd, c.get());
  cmd->callback([cmd, c] { ExitCode() = Serve(cmd, *c); });
}

}  // namespace followup
