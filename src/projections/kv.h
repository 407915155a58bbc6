// The narrow storage interface the fold, the ingest loop and the read models
// see. RocksDB implements it in store/; tests use MemKv. Keeping them behind
// it makes their logic testable without RocksDB or Kafka.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace followup {

class KvReader {
 public:
  virtual ~KvReader() = default;
  // OK and *value filled, NotFound, or another error.
  virtual Status Get(std::string_view key, std::string* value) const = 0;
  // Visits keys in [from, to) in ascending order until fn returns false.
  virtual Status Scan(std::string_view from, std::string_view to,
                      const std::function<bool(std::string_view, std::string_view)>& fn) const = 0;
  // Same, descending from the last key < to down to from.
  virtual Status ScanReverse(std::string_view from, std::string_view to,
                             const std::function<bool(std::string_view, std::string_view)>& fn) const = 0;
};

class KvWriter {
 public:
  virtual ~KvWriter() = default;
  virtual void Put(std::string_view key, std::string_view value) = 0;
  virtual void Delete(std::string_view key) = 0;
};

// Writes collected for one KvStore::Write: applied all together or not at all.
class KvBatch : public KvWriter {};

// A store as its single writer sees it: the latest state, and atomic batches.
// This is how state, dedup records, counters and offsets land together.
// Thread-safety: the implementation's (store/store.h: one writer thread).
class KvStore {
 public:
  virtual ~KvStore() = default;
  // The latest state (no snapshot).
  virtual const KvReader& Live() const = 0;
  // An empty batch for Write on this store.
  virtual std::unique_ptr<KvBatch> NewBatch() = 0;
  // Applies a batch made by this store's NewBatch atomically: after a failure
  // none of it is applied. sync: durable (the write-ahead log synced) on OK.
  virtual Status Write(KvBatch* batch, bool sync) = 0;
};

// Ordered in-memory store; for tests and tools. Not thread-safe. As a KvStore
// it applies a batch's writes in order, and never fails.
class MemKv : public KvReader, public KvWriter, public KvStore {
 public:
  Status Get(std::string_view key, std::string* value) const override;
  Status Scan(std::string_view from, std::string_view to,
              const std::function<bool(std::string_view, std::string_view)>& fn) const override;
  Status ScanReverse(std::string_view from, std::string_view to,
                     const std::function<bool(std::string_view, std::string_view)>& fn) const override;
  void Put(std::string_view key, std::string_view value) override;
  void Delete(std::string_view key) override;
  const KvReader& Live() const override { return *this; }
  std::unique_ptr<KvBatch> NewBatch() override;
  Status Write(KvBatch* batch, bool sync) override;
  const std::map<std::string, std::string, std::less<>>& data() const { return data_; }

 private:
  std::map<std::string, std::string, std::less<>> data_;
};

// A KvReader that forwards to another one it does not own (for APIs that take
// ownership of a reader, e.g. reader factories, in tests and tools).
class KvReaderRef : public KvReader {
 public:
  explicit KvReaderRef(const KvReader& r) : r_(r) {}
  Status Get(std::string_view k, std::string* v) const override { return r_.Get(k, v); }
  Status Scan(std::string_view f, std::string_view t,
              const std::function<bool(std::string_view, std::string_view)>& fn) const override {
    return r_.Scan(f, t, fn);
  }
  Status ScanReverse(std::string_view f, std::string_view t,
                     const std::function<bool(std::string_view, std::string_view)>& fn) const override {
    return r_.ScanReverse(f, t, fn);
  }

 private:
  const KvReader& r_;
};

// Upper bound for a prefix scan: the prefix with its last byte incremented.
std::string PrefixEnd(std::string_view prefix);

}  // namespace followup
