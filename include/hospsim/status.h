// Status and Result: errors as values up to the model's edge.
//
// Parsing, validation and the run API return a Status (or a Result<T>) that carries a precise code and a
// human-readable message; nothing deep inside throws past a layer boundary. A Status is cheap to copy.
// Diagnostics (many problems found in one pass) are carried as a list of Problem entries, each with its file,
// line:column and JSON pointer, formatted as `FILE:LINE:COL: /pointer: message`.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace hospsim {

// Process exit codes, for every subcommand (docs/cli.md lists them); Status::exit_code() maps a status to
// one. The one table of them.
enum ExitCode : int {
  kExitOk = 0,           // success
  kExitCheckFailed = 1,  // a check ran and failed (e.g. `hospsim check` found a regression)
  kExitBadInput = 2,     // invalid scenario, missing file, bad command-line usage
  kExitInternal = 3,     // a bug or an unexpected failure
};

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input: malformed or invalid scenario, bad CLI value (exit 2)
  kNotFound,            // a named thing does not exist: file, strategy, id (exit 2)
  kFailedPrecondition,  // the operation cannot run in this state (exit 2)
  kInternal,            // a bug or an unexpected failure of ours or of a library (exit 3)
};

// At most this many problems are kept in a Status (the rest are counted): a file with 200,000 unknown keys
// must not print 55 MB of messages.
inline constexpr std::size_t kMaxProblems = 100;

// One diagnostic. line/column are 1-based; 0 means "unknown" (e.g. the whole file).
struct Problem {
  std::string file;
  int line = 0;
  int column = 0;
  std::string pointer;  // RFC 6901 JSON pointer, "" for the document root
  std::string message;  // what is wrong and what was expected

  // "FILE:LINE:COL: /pointer: message" (parts that are unknown are left out; a pointer longer than 200
  // characters is cut and ends with "..."; control characters in the pointer and the message are written as
  // \uXXXX escapes so a raw NUL or escape sequence from a user's key never reaches the terminal).
  std::string format() const;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status invalid_argument(std::string message) { return {StatusCode::kInvalidArgument, std::move(message)}; }
  static Status not_found(std::string message) { return {StatusCode::kNotFound, std::move(message)}; }
  static Status failed_precondition(std::string message) {
    return {StatusCode::kFailedPrecondition, std::move(message)};
  }
  static Status internal(std::string message) { return {StatusCode::kInternal, std::move(message)}; }
  // An invalid-argument status carrying the problems found (the first kMaxProblems, then one problem saying
  // how many more there are); message() lists them one per line.
  static Status from_problems(std::vector<Problem> problems);

  bool is_ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<Problem>& problems() const { return problems_; }
  // How many problems were found (problems() keeps at most kMaxProblems + 1 of them).
  std::size_t problem_count() const { return problem_count_; }

  // The process exit code of this status (docs/cli.md): 0 ok, 2 bad input, 3 internal error.
  int exit_code() const;

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::vector<Problem> problems_;
  std::size_t problem_count_ = 0;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {}  // NOLINT(google-explicit-constructor)
  bool is_ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // REQUIRES: is_ok()
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace hospsim
