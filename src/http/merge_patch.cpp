#include "http/merge_patch.h"

#include <simdjson.h>

#include <utility>
#include <vector>

#include "common/escape.h"

namespace followup::http {
namespace {

// A JSON value: an object as its members, anything else as its compact text.
// (A member is a struct of its own, not a std::pair: a pair of the incomplete
// Node is undefined, and clang's libstdc++ checks refuse it.)
struct Member;
struct Node {
  bool is_object = false;
  std::string text;
  std::vector<Member> members;
};
struct Member {
  std::string first;  // the key
  Node second;        // the value
};

Node FromElement(simdjson::dom::element e) {
  Node n;
  simdjson::dom::object o;
  if (e.get_object().get(o) == simdjson::SUCCESS) {
    n.is_object = true;
    for (auto field : o) n.members.push_back(Member{std::string(field.key), FromElement(field.value)});
  } else {
    n.text = simdjson::minify(e);
  }
  return n;
}

void Merge(Node* target, simdjson::dom::element patch) {
  simdjson::dom::object o;
  if (patch.get_object().get(o) != simdjson::SUCCESS) {
    *target = FromElement(patch);
    return;
  }
  if (!target->is_object) *target = Node{true, {}, {}};
  for (auto field : o) {
    auto& ms = target->members;
    auto it = ms.begin();
    while (it != ms.end() && it->first != field.key) ++it;
    if (field.value.is_null()) {
      if (it != ms.end()) ms.erase(it);
      continue;
    }
    if (it == ms.end()) {
      ms.push_back(Member{std::string(field.key), Node{}});
      it = ms.end() - 1;
    }
    Merge(&it->second, field.value);
  }
}

void Write(const Node& n, std::string* out) {
  if (!n.is_object) {
    *out += n.text;
    return;
  }
  *out += '{';
  for (size_t i = 0; i < n.members.size(); ++i) {
    if (i) *out += ',';
    *out += '"' + JsonEscape(n.members[i].first) + "\":";
    Write(n.members[i].second, out);
  }
  *out += '}';
}

}  // namespace

Status ApplyMergePatch(std::string_view target, std::string_view patch, std::string* out) {
  simdjson::dom::parser tp, pp;
  simdjson::dom::element t, p;
  if (tp.parse(target.data(), target.size()).get(t) != simdjson::SUCCESS)
    return Status::Invalid("the target is not valid JSON");
  if (pp.parse(patch.data(), patch.size()).get(p) != simdjson::SUCCESS)
    return Status::Invalid("the patch is not valid JSON");
  Node n = FromElement(t);
  Merge(&n, p);
  out->clear();
  Write(n, out);
  return Status::Ok();
}

}  // namespace followup::http
