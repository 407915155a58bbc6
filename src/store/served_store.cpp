#include "store/served_store.h"

#include <utility>

namespace followup {
namespace {

// A snapshot that keeps its store open.
class HeldSnapshot : public KvReader {
 public:
  HeldSnapshot(std::shared_ptr<Store> store) : store_(std::move(store)), snap_(store_->Snapshot()) {}
  ~HeldSnapshot() override { snap_.reset(); }  // before the store
  Status Get(std::string_view k, std::string* v) const override { return snap_->Get(k, v); }
  Status Scan(std::string_view f, std::string_view t,
              const std::function<bool(std::string_view, std::string_view)>& fn) const override {
    return snap_->Scan(f, t, fn);
  }
  Status ScanReverse(std::string_view f, std::string_view t,
                     const std::function<bool(std::string_view, std::string_view)>& fn) const override {
    return snap_->ScanReverse(f, t, fn);
  }

 private:
  std::shared_ptr<Store> store_;
  std::unique_ptr<KvReader> snap_;
};

constexpr int kSequenceBits = 40;

}  // namespace

ServedStore::ServedStore(std::shared_ptr<Store> store, int version)
    : store_(std::move(store)), version_(version) {}

std::unique_ptr<KvReader> ServedStore::Snapshot() const { return std::make_unique<HeldSnapshot>(Current()); }

uint64_t ServedStore::Sequence() const {
  std::shared_ptr<Store> s;
  uint64_t epoch;
  {
    std::lock_guard<std::mutex> l(mu_);
    s = store_;
    epoch = epoch_;
  }
  return (epoch << kSequenceBits) + s->Sequence();
}

int ServedStore::ProjectionVersion() const {
  std::lock_guard<std::mutex> l(mu_);
  return version_;
}

uint64_t ServedStore::SizeBytes() const { return Current()->SizeBytes(); }
uint64_t ServedStore::StallMicros() const { return Current()->StallMicros(); }

std::shared_ptr<Store> ServedStore::Current() const {
  std::lock_guard<std::mutex> l(mu_);
  return store_;
}

void ServedStore::Switch(std::shared_ptr<Store> store, int version) {
  std::shared_ptr<Store> old;
  {
    std::lock_guard<std::mutex> l(mu_);
    old = std::move(store_);
    store_ = std::move(store);
    version_ = version;
    ++epoch_;
  }
  // old closes here unless a reader still holds a snapshot of it.
}

}  // namespace followup
