#include "readmodels/dump.h"

#include "common/bytes.h"
#include "common/decimal.h"
#include "common/sha256.h"
#include "events/names.h"
#include "projections/availability.h"
#include "projections/keys.h"
#include "projections/records.h"

namespace followup {
namespace {

std::string CatalogText(const CatalogRecord& r) {
  const ServiceEvent& s = r.service;
  std::string out = "name=" + s.name + " owner=" + s.owner + " category=" + Name(s.category) +
                    " focus=" + std::to_string(s.focus_area) + " url=" + s.url +
                    " case_status=" + std::to_string(s.presents_case_status) +
                    " wcag=" + std::to_string(s.wcag_aa) +
                    " investment_micro=" + std::to_string(s.investment_micro) +
                    " threshold_us=" + std::to_string(s.latency_threshold_us) +
                    " retired=" + std::to_string(s.retired) + " at=" + FormatRfc3339Utc(r.occurred_at);
  for (const auto& a : s.alternatives)
    out += std::string(" alt=") + Name(a.channel) + ":" + a.label + ":" + a.contact;
  return out;
}

std::string AnnouncementText(const AnnouncementRecord& r) {
  const AnnouncementEvent& a = r.announcement;
  std::string out = "rev=" + std::to_string(a.revision) + " kind=" + Name(a.kind) +
                    " state=" + Name(a.state) + " starts=" + FormatRfc3339Utc(a.starts_at) +
                    " ends=" + (a.ends_at ? FormatRfc3339Utc(*a.ends_at) : "-") + " services=";
  for (size_t i = 0; i < a.service_ids.size(); ++i) out += (i ? "," : "") + a.service_ids[i];
  out += " title_sv=" + a.title_sv + " event=" + r.event_id;
  return out;
}

}  // namespace

Status DumpProjections(const KvReader& store, std::string* out) {
  Status bad;
  Status s = store.Scan("", "\xff", [&](std::string_view k, std::string_view v) {
    std::string key(k);
    if (key.rfind("meta/log_identity", 0) == 0) return true;
    std::string line;
    if (key.rfind("m/", 0) == 0) {
      MinuteState m;
      if (!m.Decode(v)) {
        bad = Status::Corruption(key);
        return false;
      }
      auto slash = key.find('/', 2);
      line = "m/" + key.substr(2, slash - 2) + "/" +
             FormatRfc3339Utc(MinuteStart(ReadSortable64(std::string_view(key).substr(slash + 1)))) + " " +
             VerdictName(ProbeVerdict(m));
      for (const auto& l : m.locations)
        line += " " + l.location + "=" + std::to_string(l.passed) + "/" + std::to_string(l.failed) + "/" +
                FormatInt(l.passed_latency_us);
    } else if (key.rfind("q/", 0) == 0) {
      ServiceQuarter q;
      if (!q.Decode(v)) {
        bad = Status::Corruption(key);
        return false;
      }
      line = "q/" + QuarterName(QuarterId(ReadSortable64(std::string_view(key).substr(2)))) + "/" +
             key.substr(11) + q.ToText();
    } else if (key.rfind("v/", 0) == 0 || key.rfind("h/", 0) == 0) {
      DayCounts d;
      if (!d.Decode(v)) {
        bad = Status::Corruption(key);
        return false;
      }
      auto slash = key.find('/', 2);
      line = key.substr(0, slash) + "/" +
             std::to_string(ReadSortable64(std::string_view(key).substr(slash + 1))) +
             " up=" + std::to_string(d.minutes_up) + " degraded=" + std::to_string(d.minutes_degraded) +
             " down=" + std::to_string(d.minutes_down) + " probes=" + std::to_string(d.probes) +
             " failed=" + std::to_string(d.probes_failed);
    } else if (key.rfind("cat/", 0) == 0) {
      CatalogRecord r;
      if (!r.Decode(v)) {
        bad = Status::Corruption(key);
        return false;
      }
      line = key + " " + CatalogText(r);
    } else if (key.rfind(keys::kRevisionPrefix, 0) == 0) {
      AnnouncementRecord r;
      std::string id;
      int64_t revision = 0;
      if (!r.Decode(v) || !keys::RevisionKeyOf(key, &id, &revision)) {
        bad = Status::Corruption(key);
        return false;
      }
      line = "ar/" + id + "/" + std::to_string(revision) + " " + AnnouncementText(r) +
             " occurred=" + FormatRfc3339Utc(r.occurred_at);
    } else if (key.rfind("ann/", 0) == 0) {
      AnnouncementRecord r;
      if (!r.Decode(v)) {
        bad = Status::Corruption(key);
        return false;
      }
      line = key + " " + AnnouncementText(r);
    } else if (key.rfind(keys::kTargetPrefix, 0) == 0) {
      TargetRecord r;
      if (!r.Decode(v)) {
        bad = Status::Corruption(key);
        return false;
      }
      line = key + (r.target.withdrawn ? std::string(" withdrawn") : "") +
             " value=" + FormatMicro(r.target.value_micro) +
             " tolerance=" + FormatMicro(r.target.tolerance_micro) +
             " at=" + FormatRfc3339Utc(r.occurred_at) + " event=" + r.event_id;
    } else if (key.rfind("c/", 0) == 0) {
      IngestCounters c;
      if (!c.Decode(v)) {
        bad = Status::Corruption(key);
        return false;
      }
      line = key + " folded=" + std::to_string(c.folded) + " duplicates=" + std::to_string(c.duplicates) +
             " rejected=" + std::to_string(c.rejected) + " id_conflicts=" + std::to_string(c.id_conflicts) +
             " deadletters_dropped=" + std::to_string(c.deadletters_dropped);
    } else if (key.rfind(keys::kDedupPrefix, 0) == 0) {
      DedupRecord d;
      if (!d.Decode(v) || key.size() < 2 + 8 + 1) {
        bad = Status::Corruption(key);
        return false;
      }
      line = "d/" + std::to_string(ReadSortable64(std::string_view(key).substr(2))) + "/" + key.substr(11) +
             " sha256=" + HexBytes(d.digest) + " first=" + d.first.ToString();
    } else {
      line = key + " " + std::string(v);
    }
    *out += line;
    *out += '\n';
    return true;
  });
  if (!bad.ok()) return bad;
  return s;
}

}  // namespace followup
