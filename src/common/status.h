// Status: a value type that carries success or an error message across module
// boundaries (no exceptions cross a module boundary). Cheap to copy on success.
// [[nodiscard]]: a Status that is dropped is a build error (-Werror=unused-result
// in CMakeLists.txt). Where dropping one is right, cast it to void and say why.
#pragma once
#include <string>
#include <utility>

namespace followup {

class [[nodiscard]] Status {
 public:
  enum class Code { kOk, kInvalid, kNotFound, kIo, kCorruption, kUnavailable, kConflict };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status Invalid(std::string m) { return Status(Code::kInvalid, std::move(m)); }
  static Status NotFound(std::string m) { return Status(Code::kNotFound, std::move(m)); }
  static Status Io(std::string m) { return Status(Code::kIo, std::move(m)); }
  static Status Corruption(std::string m) { return Status(Code::kCorruption, std::move(m)); }
  static Status Unavailable(std::string m) { return Status(Code::kUnavailable, std::move(m)); }
  static Status Conflict(std::string m) { return Status(Code::kConflict, std::move(m)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;
  // The same code, with "<context>: " before the message.
  Status WithContext(const std::string& context) const {
    return ok() ? *this : Status(code_, context + ": " + message_);
  }

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

inline std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk:
      return "OK";
    case Code::kInvalid:
      return "invalid: " + message_;
    case Code::kNotFound:
      return "not found: " + message_;
    case Code::kIo:
      return "I/O error: " + message_;
    case Code::kCorruption:
      return "corruption: " + message_;
    case Code::kUnavailable:
      return "unavailable: " + message_;
    case Code::kConflict:
      return "conflict: " + message_;
  }
  return message_;
}

}  // namespace followup
