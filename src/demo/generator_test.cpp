#include "demo/generator.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "events/decoder.h"
#include "events/message_key.h"

namespace followup::demo {
namespace {

TimeMs At(const char* s) { return *ParseRfc3339(s); }

// Early November: previous quarter in CEST (+02:00), current quarter crosses to CET.
const TimeMs kNow = At("2026-11-26T10:17:42.250Z");

// The top-level fields of one parsed event, owned (one simdjson parser is reused).
struct Field {
  enum Kind { kString, kNumber, kBool, kNull, kOther } kind = kOther;
  std::string s;
  double n = 0;
  bool b = false;
};
using Doc = std::map<std::string, Field>;

std::string Str(const Doc& d, const char* key) {
  auto it = d.find(key);
  return it != d.end() && it->second.kind == Field::kString ? it->second.s : std::string();
}
bool IsNull(const Doc& d, const char* key) {
  auto it = d.find(key);
  return it != d.end() && it->second.kind == Field::kNull;
}
bool Has(const Doc& d, const char* key) { return d.count(key) > 0; }
double Number(const Doc& d, const char* key) {
  auto it = d.find(key);
  return it != d.end() && it->second.kind == Field::kNumber ? it->second.n : -1e300;
}
bool Bool(const Doc& d, const char* key) {
  auto it = d.find(key);
  EXPECT_TRUE(it != d.end() && it->second.kind == Field::kBool) << key;
  return it != d.end() && it->second.b;
}

// Parses every event of a batch with simdjson's DOM parser.
class Batch {
 public:
  explicit Batch(const std::vector<OutEvent>& events) : events_(events) {
    simdjson::dom::parser parser;
    for (const auto& ev : events) {
      Doc doc;
      simdjson::dom::object obj;
      auto err = parser.parse(ev.json).get(obj);
      EXPECT_FALSE(err) << ev.json;
      if (!err) {
        for (auto [key, value] : obj) {
          Field f;
          switch (value.type()) {
            case simdjson::dom::element_type::STRING:
              f.kind = Field::kString;
              f.s = std::string(std::string_view(value));
              break;
            case simdjson::dom::element_type::INT64:
              f.kind = Field::kNumber;
              f.n = double(int64_t(value));
              break;
            case simdjson::dom::element_type::UINT64:
              f.kind = Field::kNumber;
              f.n = double(uint64_t(value));
              break;
            case simdjson::dom::element_type::DOUBLE:
              f.kind = Field::kNumber;
              f.n = double(value);
              break;
            case simdjson::dom::element_type::BOOL:
              f.kind = Field::kBool;
              f.b = bool(value);
              break;
            case simdjson::dom::element_type::NULL_VALUE:
              f.kind = Field::kNull;
              break;
            default:
              break;
          }
          EXPECT_TRUE(doc.emplace(std::string(key), f).second) << "duplicate key " << key;
        }
      }
      docs_.push_back(std::move(doc));
    }
  }
  size_t size() const { return docs_.size(); }
  const Doc& doc(size_t i) const { return docs_[i]; }
  const OutEvent& ev(size_t i) const { return events_[i]; }
  std::vector<size_t> OfType(const std::string& type) const {
    std::vector<size_t> r;
    for (size_t i = 0; i < docs_.size(); ++i)
      if (Str(docs_[i], "type") == type) r.push_back(i);
    return r;
  }

 private:
  const std::vector<OutEvent>& events_;
  std::vector<Doc> docs_;
};

const std::map<std::string, std::string> kTopicOf = {
    {"service.v1", "catalog"}, {"probe.v1", "probes"},
    {"usage.v1", "usage"},     {"adoption.v1", "usage"},
    {"survey.v1", "surveys"},  {"cost.v1", "finance"},
    {"benefit.v1", "finance"}, {"announcement.v1", "announcements"},
    {"target.v1", "catalog"}};

TEST(DemoCatalog, ServicesCoverTheSpec) {
  const auto& s = Services();
  EXPECT_GE(s.size(), 30u);
  std::set<std::string> ids, categories, owners;
  std::set<int> focus;
  int retired = 0, with_threshold = 0, case_status = 0, wcag = 0;
  std::regex slug("^[a-z0-9][a-z0-9-]{0,63}$");
  for (const auto& d : s) {
    EXPECT_TRUE(std::regex_match(d.id, slug)) << d.id;
    EXPECT_TRUE(ids.insert(d.id).second) << d.id;
    categories.insert(d.category);
    owners.insert(d.owner);
    focus.insert(d.focus_area);
    EXPECT_EQ(std::string(d.url).rfind("https://start.stockholm/", 0), 0u) << d.url;
    EXPECT_GE(d.alternatives.size(), 1u);
    EXPECT_LE(d.alternatives.size(), 3u);
    retired += d.retired;
    with_threshold += d.latency_threshold_ms > 0;
    case_status += d.presents_case_status;
    wcag += d.wcag_aa;
  }
  EXPECT_EQ(retired, 1);
  EXPECT_EQ(categories, (std::set<std::string>{"grundlaggande", "differentierande", "innovativt"}));
  EXPECT_EQ(focus, (std::set<int>{1, 2, 3, 4, 5}));
  EXPECT_GE(owners.size(), 10u);
  EXPECT_GT(with_threshold, 0);
  EXPECT_GT(case_status, 0);
  EXPECT_LT(case_status, int(s.size()));
  EXPECT_GT(wcag, 0);
  EXPECT_LT(wcag, int(s.size()));
}

TEST(DemoGenerator, DeterministicForSeedAndTime) {
  Generator a(42), b(42), c(43);
  auto ea = a.Backfill(kNow), eb = b.Backfill(kNow), ec = c.Backfill(kNow);
  ASSERT_EQ(ea.size(), eb.size());
  for (size_t i = 0; i < ea.size(); ++i) {
    EXPECT_EQ(ea[i].json, eb[i].json);
    EXPECT_EQ(ea[i].key, eb[i].key);
    EXPECT_EQ(ea[i].topic_suffix, eb[i].topic_suffix);
  }
  bool differs = ea.size() != ec.size();
  for (size_t i = 0; !differs && i < ea.size(); ++i) differs = ea[i].json != ec[i].json;
  EXPECT_TRUE(differs) << "another seed should give other figures";
  for (int k = 1; k <= 5; ++k) {
    auto ta = a.Tick(kNow + k * 7'300), tb = b.Tick(kNow + k * 7'300);
    ASSERT_EQ(ta.size(), tb.size());
    for (size_t i = 0; i < ta.size(); ++i) EXPECT_EQ(ta[i].json, tb[i].json);
  }
}

TEST(DemoGenerator, EveryEventIsValidJsonWithEnvelope) {
  Generator g(7);
  auto events = g.Backfill(kNow);
  auto more = g.Tick(kNow + 45'000);
  events.insert(events.end(), more.begin(), more.end());
  Batch batch(events);
  std::regex id_re("^[A-Za-z0-9._:-]{1,128}$");
  std::regex slug("^[a-z0-9][a-z0-9-]{0,63}$");
  std::map<std::string, int> per_type;
  for (size_t i = 0; i < batch.size(); ++i) {
    const Doc& d = batch.doc(i);
    const OutEvent& ev = batch.ev(i);
    std::string type = Str(d, "type");
    ASSERT_TRUE(kTopicOf.count(type)) << ev.json;
    ++per_type[type];
    EXPECT_EQ(ev.topic_suffix, kTopicOf.at(type));
    EXPECT_TRUE(std::regex_match(Str(d, "event_id"), id_re)) << ev.json;
    auto at = ParseRfc3339(Str(d, "occurred_at"));
    ASSERT_TRUE(at) << ev.json;
    EXPECT_LE(*at, kNow + 45'000) << ev.json;
    EXPECT_LT(ev.json.size(), 64u * 1024);
    EXPECT_FALSE(ev.key.empty());
    if (type != "announcement.v1" && type != "target.v1" && !IsNull(d, "service_id")) {
      EXPECT_TRUE(std::regex_match(Str(d, "service_id"), slug)) << ev.json;
      EXPECT_EQ(ev.key, Str(d, "service_id"));
    }
  }
  for (const auto& [type, topic] : kTopicOf) EXPECT_GT(per_type[type], 0) << type;
}

TEST(DemoGenerator, EveryEventDecodes) {
  Generator g(11);
  auto events = g.Backfill(kNow);
  auto more = g.Tick(kNow + 30'000);
  events.insert(events.end(), more.begin(), more.end());
  EventDecoder decoder;
  Event e;
  for (const auto& ev : events) {
    DecodeError err;
    EXPECT_TRUE(decoder.Decode(ev.json, &e, &err)) << err.reason << "\n" << ev.json;
  }
}

// Every message is keyed by the one rule (events/message_key.h), announcements
// by their announcement_id.
TEST(DemoGenerator, EveryKeyIsTheEventsMessageKey) {
  Generator g(11);
  auto events = g.Backfill(kNow);
  EventDecoder decoder;
  int announcements = 0;
  for (const auto& ev : events) {
    EXPECT_EQ(ev.key, MessageKeyOfLine(&decoder, ev.json)) << ev.json;
    announcements += ev.topic_suffix == "announcements";
  }
  EXPECT_GT(announcements, 0);
}

// kommunstyrelsen's targets: every city indicator but the four sums and
// amounts whose scale is the city's own (20), and two per owner, for each year
// the backfill covers.
TEST(DemoGenerator, TargetsForTheCityAndEveryOwner) {
  Generator g(3);
  auto events = g.Backfill(kNow);
  std::set<std::string> owners;
  for (const auto& s : Services()) owners.insert(s.owner);
  std::set<int> years = {QuarterYear(QuarterOf(kNow)), QuarterYear(QuarterOf(kNow) - 1)};
  EventDecoder decoder;
  size_t targets = 0, city = 0;
  for (const auto& ev : events) {
    Event e;
    DecodeError err;
    if (!decoder.Decode(ev.json, &e, &err) || e.type != EventType::kTarget) continue;
    const auto& t = std::get<TargetEvent>(e.body);
    ++targets;
    city += t.scope == Scope::kCity;
    EXPECT_EQ(ev.topic_suffix, "catalog");
    EXPECT_EQ(ev.key, t.indicator);
    EXPECT_TRUE(years.count(t.year)) << ev.json;
    EXPECT_LE(e.occurred_at, kNow) << ev.json;
  }
  EXPECT_EQ(city, 20 * years.size());
  EXPECT_EQ(targets, (20 + 2 * owners.size()) * years.size());
}

TEST(DemoGenerator, EventIdsUniqueAcrossBackfillAndTicks) {
  Generator g(1);
  std::set<std::string> ids;
  auto check = [&](const std::vector<OutEvent>& events) {
    Batch b(events);
    for (size_t i = 0; i < b.size(); ++i)
      EXPECT_TRUE(ids.insert(Str(b.doc(i), "event_id")).second) << b.ev(i).json;
  };
  check(g.Backfill(kNow));
  for (int k = 1; k <= 6; ++k) check(g.Tick(kNow + k * 20'000));
}

TEST(DemoGenerator, TickYieldsOneProbePerServiceAndLocationPer30s) {
  const auto& s = Services();
  size_t active = std::count_if(s.begin(), s.end(), [](const ServiceDef& d) { return !d.retired; });
  Generator g(5);
  EXPECT_EQ(g.ProbesPerInterval(), active * 3);
  g.Tick(kNow - 30'000);
  EXPECT_EQ(g.Tick(kNow).size(), active * 3);
  EXPECT_EQ(g.Tick(kNow + 30'000).size(), active * 3);
  EXPECT_EQ(g.Tick(kNow + 90'000).size(), active * 3 * 2);
  EXPECT_TRUE(g.Tick(kNow + 90'000).empty());  // nothing new
  EXPECT_TRUE(g.Tick(kNow).empty());           // clock went back
  // A long pause is not caught up beyond 30 minutes.
  EXPECT_EQ(g.Tick(kNow + 90'000 + 3 * 3'600'000).size(), active * 3 * 60);

  Generator fresh(5);  // the first Tick covers the last 30 s
  auto first = fresh.Tick(kNow);
  EXPECT_EQ(first.size(), active * 3);
  Batch b(first);
  std::set<std::pair<std::string, std::string>> pairs;
  for (size_t i = 0; i < b.size(); ++i) {
    const Doc& d = b.doc(i);
    TimeMs at = *ParseRfc3339(Str(d, "occurred_at"));
    EXPECT_GT(at, kNow - 30'000);
    EXPECT_LE(at, kNow);
    EXPECT_EQ(at % 1000, 0);
    pairs.insert({Str(d, "service_id"), Str(d, "location")});
  }
  EXPECT_EQ(pairs.size(), active * 3);
}

TEST(DemoGenerator, RegeneratingATimeRangeGivesIdenticalProbes) {
  Generator a(9), b(9);
  a.Backfill(kNow);
  b.Backfill(kNow);
  std::vector<OutEvent> ea, eb;
  for (int k = 1; k <= 4; ++k) {
    auto t = a.Tick(kNow + k * 15'000);
    ea.insert(ea.end(), t.begin(), t.end());
  }
  eb = b.Tick(kNow + 60'000);
  ASSERT_EQ(ea.size(), eb.size());
  for (size_t i = 0; i < ea.size(); ++i) EXPECT_EQ(ea[i].json, eb[i].json);

  // A later backfill overlaps the earlier one: shared probes are identical.
  Generator c(9);
  auto later = c.Backfill(kNow + 10 * 60'000);
  std::map<std::string, std::string> by_id;
  Batch ba(ea), bl(later);
  for (size_t i = 0; i < ba.size(); ++i) by_id[Str(ba.doc(i), "event_id")] = ba.ev(i).json;
  size_t shared = 0;
  for (size_t i = 0; i < bl.size(); ++i) {
    auto it = by_id.find(Str(bl.doc(i), "event_id"));
    if (it == by_id.end()) continue;
    ++shared;
    EXPECT_EQ(it->second, bl.ev(i).json);
  }
  EXPECT_EQ(shared, ea.size());
}

TEST(DemoGenerator, UsagePeriodsAreWholeMonthsInsideOneQuarter) {
  for (TimeMs now : {kNow, At("2026-07-01T00:30:00+02:00"), At("2026-04-01T05:10:00+02:00"),
                     At("2026-03-31T23:59:59+02:00"), At("2027-01-15T12:00:00+01:00")}) {
    Generator g(3);
    auto events = g.Backfill(now);
    Batch b(events);
    std::set<QuarterId> quarters;
    int n = 0;
    for (const char* type : {"usage.v1", "adoption.v1"}) {
      for (size_t i : b.OfType(type)) {
        ++n;
        const Doc& d = b.doc(i);
        std::string ps = Str(d, "period_start"), pe = Str(d, "period_end");
        TimeMs start = *ParseRfc3339(ps), end = *ParseRfc3339(pe);
        ASSERT_LT(start, end) << b.ev(i).json;
        EXPECT_LE(end, now);
        EXPECT_EQ(QuarterOf(start), QuarterOf(end - 1)) << b.ev(i).json;
        quarters.insert(QuarterOf(start));
        LocalTime ls = ToStockholm(start);
        EXPECT_EQ(ls.day, 1);
        EXPECT_EQ(ls.hour, 0);
        EXPECT_EQ(ls.minute, 0);
        EXPECT_EQ(end % 3'600'000, 0);
        for (auto [str, t] : {std::pair{ps, start}, std::pair{pe, end}}) {
          int off = StockholmOffsetMinutes(t);
          EXPECT_EQ(str.substr(19), off == 120 ? "+02:00" : "+01:00") << str;
        }
      }
    }
    EXPECT_GT(n, 0);
    EXPECT_TRUE(quarters.count(QuarterOf(now) - 1));
    EXPECT_LE(quarters.size(), 2u);
    for (QuarterId q : quarters) EXPECT_TRUE(q == QuarterOf(now) || q == QuarterOf(now) - 1);
  }
}

TEST(DemoGenerator, MonthlyFiguresAreConsistent) {
  Generator g(21);
  auto events = g.Backfill(kNow);
  Batch b(events);
  // Both DST offsets show up in November's backfill.
  bool summer = false, winter = false;
  for (size_t i : b.OfType("usage.v1")) {
    summer |= Str(b.doc(i), "period_start") == "2026-10-01T00:00:00+02:00";
    winter |= Str(b.doc(i), "period_end") == "2026-11-01T00:00:00+01:00";
  }
  EXPECT_TRUE(summer);
  EXPECT_TRUE(winter);
  std::set<std::string> channels;
  int64_t digital = 0, all = 0;
  for (size_t i : b.OfType("usage.v1")) {
    const Doc& d = b.doc(i);
    std::string ch = Str(d, "channel");
    channels.insert(ch);
    double cases = Number(d, "cases");
    EXPECT_GE(cases, 0);
    all += int64_t(cases);
    if (ch == "digital") {
      digital += int64_t(cases);
      double wc = Number(d, "cases_with_contact_details");
      EXPECT_GE(wc, 0);
      EXPECT_LE(wc, cases);
    }
  }
  EXPECT_EQ(channels.size(), 4u);
  double share = double(digital) / double(all);
  EXPECT_GT(share, 0.5);
  EXPECT_LT(share, 0.9);
  for (size_t i : b.OfType("adoption.v1")) {
    const Doc& d = b.doc(i);
    EXPECT_GE(Number(d, "licensed_users"), 1);
    EXPECT_LE(Number(d, "active_users"), Number(d, "licensed_users"));
  }
  bool negative = false;
  std::set<std::string> funding, kinds, months;
  for (size_t i : b.OfType("cost.v1")) {
    const Doc& d = b.doc(i);
    negative |= Number(d, "amount_sek") < 0;
    funding.insert(Str(d, "funding"));
    kinds.insert(Str(d, "kind"));
    months.insert(Str(d, "month"));
  }
  EXPECT_TRUE(negative);
  EXPECT_EQ(funding.size(), 2u);
  EXPECT_EQ(kinds.size(), 4u);
  EXPECT_EQ(months, (std::set<std::string>{"2026-07", "2026-08", "2026-09", "2026-10", "2026-11"}));
  for (size_t i : b.OfType("benefit.v1")) {
    EXPECT_GE(Number(b.doc(i), "realized_sek"), 0);
    EXPECT_GE(Number(b.doc(i), "hours_saved"), 0);
  }
  // The retired service has its catalog entries but no figures and no probes.
  for (size_t i = 0; i < b.size(); ++i) {
    if (b.ev(i).key != "felanmalan-sms") continue;
    EXPECT_EQ(Str(b.doc(i), "type"), "service.v1");
  }
}

TEST(DemoGenerator, SurveysCoverAllQuestionsAndGroups) {
  Generator g(4);
  auto events = g.Backfill(kNow);
  Batch b(events);
  const std::map<std::string, std::set<std::string>> allowed = {
      {"satisfaction", {"citizen", "business", "visitor"}},
      {"easy_to_find", {"citizen", "business", "visitor"}},
      {"meets_expectations", {"citizen", "business", "visitor"}},
      {"eased_contact", {"citizen", "business", "visitor"}},
      {"drift_info_found", {"citizen", "business", "visitor"}},
      {"it_ability", {"staff"}},
      {"cost_defensible", {"manager"}},
      {"influence", {"manager"}}};
  std::set<std::string> questions;
  std::set<int> scales;
  int city_wide = 0, positive = 0, n = 0;
  for (size_t i : b.OfType("survey.v1")) {
    const Doc& d = b.doc(i);
    std::string q = Str(d, "question");
    ASSERT_TRUE(allowed.count(q)) << q;
    EXPECT_TRUE(allowed.at(q).count(Str(d, "respondent_group"))) << b.ev(i).json;
    questions.insert(q);
    int scale = int(Number(d, "scale_max")), score = int(Number(d, "score"));
    scales.insert(scale);
    EXPECT_GE(score, 1);
    EXPECT_LE(score, scale);
    positive += 5 * score >= 4 * scale;
    ++n;
    EXPECT_FALSE(Str(d, "survey_id").empty());
    if (IsNull(d, "service_id")) {
      ++city_wide;
      EXPECT_EQ(b.ev(i).key, "city");
    }
    auto at = *ParseRfc3339(Str(d, "occurred_at"));
    EXPECT_LT(at, kNow);
    EXPECT_GE(QuarterOf(at), QuarterOf(kNow) - 1);
  }
  EXPECT_EQ(questions.size(), 8u);
  EXPECT_EQ(scales, (std::set<int>{5, 10}));
  EXPECT_GT(city_wide, 0);
  EXPECT_GT(positive, n / 3);
  EXPECT_LT(positive, n);
}

TEST(DemoGenerator, AnnouncementsLastWeekTonightAndLastQuarter) {
  for (TimeMs now : {kNow, At("2026-11-26T22:30:00+01:00"), At("2026-07-03T01:00:00+02:00")}) {
    Generator g(8);
    auto events = g.Backfill(now);
    Batch b(events);
    std::map<std::string, std::pair<int, size_t>> latest;  // announcement_id -> (revision, index)
    for (size_t i : b.OfType("announcement.v1")) {
      const Doc& d = b.doc(i);
      int rev = int(Number(d, "revision"));
      auto& l = latest[Str(d, "announcement_id")];
      if (rev > l.first) l = {rev, i};
    }
    ASSERT_EQ(latest.size(), 3u);
    int incidents = 0, tonight = 0, last_quarter = 0;
    for (const auto& [id, rev_idx] : latest) {
      const Doc& d = b.doc(rev_idx.second);
      TimeMs starts = *ParseRfc3339(Str(d, "starts_at"));
      TimeMs ends = *ParseRfc3339(Str(d, "ends_at"));
      EXPECT_LT(starts, ends);
      if (Str(d, "kind") == "incident") {
        ++incidents;
        EXPECT_EQ(Str(d, "state"), "resolved");
        EXPECT_LT(ends, now - 5 * 86'400'000LL);
        EXPECT_GT(starts, now - 9 * 86'400'000LL);
      } else if (starts > now) {
        ++tonight;
        EXPECT_EQ(Str(d, "state"), "scheduled");
        EXPECT_EQ(ToStockholm(starts).hour, 22);
        EXPECT_EQ(ToStockholm(ends).hour, 2);
        EXPECT_LT(starts - now, 86'400'000LL);
        EXPECT_EQ(NightMinutesIn(starts, ends), MinutesIn(starts, ends));
      } else {
        ++last_quarter;
        EXPECT_EQ(QuarterOf(starts), QuarterOf(now) - 1);
        EXPECT_EQ(NightMinutesIn(starts, ends), MinutesIn(starts, ends));
      }
    }
    EXPECT_EQ(incidents, 1);
    EXPECT_EQ(tonight, 1);
    EXPECT_EQ(last_quarter, 1);
  }
}

// Per service: failing locations and mean passing latency over the last minute.
struct Minute {
  std::set<std::string> failing_locs;
  double latency_sum = 0;
  int passing = 0;
};
std::map<std::string, Minute> LastMinute(const Batch& b, TimeMs now) {
  std::map<std::string, Minute> m;
  for (size_t i : b.OfType("probe.v1")) {
    const Doc& d = b.doc(i);
    if (*ParseRfc3339(Str(d, "occurred_at")) <= now - 60'000) continue;
    bool ok = Bool(d, "ok");
    auto& x = m[Str(d, "service_id")];
    if (ok) {
      x.latency_sum += Number(d, "latency_ms");
      ++x.passing;
    } else {
      x.failing_locs.insert(Str(d, "location"));
      EXPECT_FALSE(Str(d, "error").empty()) << b.ev(i).json;
    }
  }
  return m;
}

TEST(DemoGenerator, BackfillHasFailingProbes) {
  Generator g(123);
  auto events = g.Backfill(kNow);
  Batch b(events);
  int failing = 0, probes = 0;
  for (size_t i : b.OfType("probe.v1")) {
    ++probes;
    failing += !Bool(b.doc(i), "ok");
  }
  EXPECT_EQ(probes, int(g.ProbesPerInterval() * 60));  // 30 minutes
  EXPECT_GT(failing, 0);
  EXPECT_LT(failing, probes / 5);
}

TEST(DemoGenerator, ProbesShowEveryLevelAtAnyTime) {
  std::map<std::string, int> threshold;
  for (const auto& s : Services())
    threshold[s.id] = s.latency_threshold_ms > 0 ? s.latency_threshold_ms : 2000;
  // Sample in 37-minute steps (every phase of the 2 h cycles), across the DST switch.
  for (TimeMs start : {kNow, At("2026-03-28T20:00:00Z")}) {
    for (int k = 0; k < 40; ++k) {
      TimeMs now = start + k * 37 * 60'000LL;
      Generator g(123);
      g.Tick(now - 60'000);
      std::vector<OutEvent> events = g.Tick(now - 30'000), more = g.Tick(now);
      events.insert(events.end(), more.begin(), more.end());
      Batch b(events);
      int outage = 0, degraded = 0, slow = 0;
      for (const auto& [svc, m] : LastMinute(b, now)) {
        if (m.failing_locs.size() >= 2)
          ++outage;
        else if (m.failing_locs.size() == 1)
          ++degraded;
        else if (m.passing && m.latency_sum / m.passing > threshold[svc])
          ++slow;
      }
      EXPECT_GE(outage, 1) << "at " << FormatRfc3339Utc(now);
      EXPECT_GE(degraded, 1) << "at " << FormatRfc3339Utc(now);
      EXPECT_GE(slow, 1) << "at " << FormatRfc3339Utc(now);
      EXPECT_LE(outage + degraded + slow, 12) << "most services should be operational";
    }
  }
}

TEST(DemoGenerator, ProbeFieldsFollowTheContract) {
  Generator g(77);
  auto events = g.Backfill(kNow);
  Batch b(events);
  std::set<std::string> locations;
  double min_ok = 1e9, max_ok = 0;
  for (size_t i : b.OfType("probe.v1")) {
    const Doc& d = b.doc(i);
    locations.insert(Str(d, "location"));
    double lat = Number(d, "latency_ms");
    EXPECT_GE(lat, 0);
    bool ok = Bool(d, "ok");
    if (Has(d, "http_status")) {
      double code = Number(d, "http_status");
      EXPECT_GE(code, 100);
      EXPECT_LE(code, 599);
    }
    if (ok) {
      min_ok = std::min(min_ok, lat);
      max_ok = std::max(max_ok, lat);
    }
    EXPECT_EQ(
        Str(d, "event_id").rfind("demo-probe-" + Str(d, "location") + "-" + Str(d, "service_id") + "-", 0),
        0u);
  }
  EXPECT_EQ(locations, (std::set<std::string>{"kista", "liljeholmen", "skarholmen"}));
  EXPECT_LT(min_ok, 120);
  EXPECT_GT(max_ok, 600);
}

TEST(DemoGenerator, ProbesFailDuringTonightsMaintenance) {
  Generator g(5);
  auto events = g.Backfill(kNow);
  Batch b(events);
  TimeMs starts = 0;
  for (size_t i : b.OfType("announcement.v1"))
    if (Str(b.doc(i), "kind") == "planned_maintenance" && *ParseRfc3339(Str(b.doc(i), "starts_at")) > kNow)
      starts = *ParseRfc3339(Str(b.doc(i), "starts_at"));
  ASSERT_GT(starts, kNow);
  g.Tick(starts + 60'000);  // catch-up is capped at 30 minutes
  auto during = g.Tick(starts + 90'000);
  Batch d(during);
  int maint = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    std::string svc = Str(d.doc(i), "service_id");
    if (svc != "bostadsanpassning" && svc != "nybyggnadskarta") continue;
    ++maint;
    EXPECT_FALSE(Bool(d.doc(i), "ok"));
    EXPECT_EQ(Number(d.doc(i), "http_status"), 503);
  }
  EXPECT_EQ(maint, 6);
}

}  // namespace
}  // namespace followup::demo
