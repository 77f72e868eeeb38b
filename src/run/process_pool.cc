#include "run/process_pool.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "run/child_io.h"

namespace hospsim {

namespace {

// Exit statuses of a child that followed the protocol.
constexpr int kChildValue = 0;
constexpr int kChildError = 3;
constexpr auto kPollInterval = std::chrono::milliseconds(5);

// The result file: an 8-byte little-endian length L, L bytes of a CBOR message ({"value": V, "texts": T} or
// {"error": E}), then the raw bytes of the value's long texts and binary values, in the order of T. Every
// string and every binary value of V at least kLongText bytes long travels outside the CBOR, as "" (or an
// empty binary value) in V and [JSON pointer, bytes] in T: nlohmann's CBOR reader appends a string or a
// byte string one byte at a time, which took seconds for a national run's timeline.
constexpr std::size_t kLongText = std::size_t{1} << 16;
constexpr std::size_t kLengthBytes = 8;

// A long text or binary value taken out of the message, written after it.
struct LongValue {
  std::string text;
  std::vector<std::uint8_t> bytes;
};

// Moves every string and binary value of `value` of at least kLongText bytes into `texts`, leaving an empty
// one in its place, and appends its [pointer, bytes] to `index`; depth first, members in the value's order.
void take_long_texts(nlohmann::json& value, const nlohmann::json::json_pointer& at, nlohmann::json& index,
                     std::vector<LongValue>& texts) {
  if (value.is_string()) {
    std::string& text = value.get_ref<std::string&>();
    if (text.size() < kLongText) return;
    index.push_back({at.to_string(), text.size()});
    texts.push_back({std::move(text), {}});
    text.clear();
  } else if (value.is_binary()) {
    std::vector<std::uint8_t>& bytes = value.get_binary();
    if (bytes.size() < kLongText) return;
    index.push_back({at.to_string(), bytes.size()});
    texts.push_back({{}, std::move(bytes)});
    value = nlohmann::json::binary({});
  } else if (value.is_object()) {
    for (auto& [key, member] : value.items()) take_long_texts(member, at / key, index, texts);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) take_long_texts(value[i], at / i, index, texts);
  }
}

void write_result(int fd, const Result<nlohmann::json>& returned, nlohmann::json value) {
  nlohmann::json message;
  std::vector<LongValue> texts;
  if (returned.is_ok()) {
    nlohmann::json index = nlohmann::json::array();
    take_long_texts(value, nlohmann::json::json_pointer(), index, texts);
    message = {{"value", std::move(value)}};
    if (!texts.empty()) message["texts"] = std::move(index);
  } else {
    message = {{"error", returned.status().message()}};
  }
  const std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(message);
  std::uint8_t length[kLengthBytes];
  for (std::size_t i = 0; i < kLengthBytes; ++i) length[i] = static_cast<std::uint8_t>(cbor.size() >> (8 * i));
  write_all(fd, length, kLengthBytes);
  write_all(fd, cbor.data(), cbor.size());
  for (const LongValue& text : texts) {
    write_all(fd, text.text.data(), text.text.size());
    write_all(fd, text.bytes.data(), text.bytes.size());
  }
}

// Reads exactly `size` bytes of `file` into `out`; false when the file ends first.
bool read_exactly(std::FILE* file, std::size_t size, std::string& out) {
  out.resize(size);
  return size == 0 || std::fread(out.data(), 1, size, file) == size;
}

// The message of a result file written by write_result() (its long texts put back into "value"), or a
// discarded value when the bytes are not one. `size` is the file's size.
nlohmann::json read_result(std::FILE* file, std::size_t size) {
  const nlohmann::json unreadable(nlohmann::json::value_t::discarded);
  std::string bytes;
  if (size < kLengthBytes || !read_exactly(file, kLengthBytes, bytes)) return unreadable;
  std::size_t length = 0;
  for (std::size_t i = 0; i < kLengthBytes; ++i) length |= std::size_t{static_cast<std::uint8_t>(bytes[i])} << (8 * i);
  if (length > size - kLengthBytes || !read_exactly(file, length, bytes)) return unreadable;
  nlohmann::json message = nlohmann::json::from_cbor(bytes, true, false);
  if (message.is_discarded() || !message.is_object()) return unreadable;
  std::size_t left = size - kLengthBytes - length;
  if (message.contains("texts")) {
    const nlohmann::json& index = message["texts"];
    if (!index.is_array() || !message.contains("value")) return unreadable;
    nlohmann::json& value = message["value"];
    for (const nlohmann::json& entry : index) {
      if (!entry.is_array() || entry.size() != 2 || !entry[0].is_string() || !entry[1].is_number_unsigned()) {
        return unreadable;
      }
      const std::size_t text_size = entry[1].get<std::size_t>();
      if (text_size > left) return unreadable;
      nlohmann::json* slot = nullptr;
      try {
        slot = &value.at(nlohmann::json::json_pointer(entry[0].get<std::string>()));
      } catch (const nlohmann::json::exception&) {
        return unreadable;
      }
      if (slot->is_string()) {
        if (!read_exactly(file, text_size, slot->get_ref<std::string&>())) return unreadable;
      } else if (slot->is_binary()) {
        std::vector<std::uint8_t>& bytes = slot->get_binary();
        bytes.resize(text_size);
        if (text_size > 0 && std::fread(bytes.data(), 1, text_size, file) != text_size) return unreadable;
      } else {
        return unreadable;
      }
      left -= text_size;
    }
    message.erase("texts");
  }
  return left == 0 ? message : unreadable;
}

// The child, after fork(): never returns.
[[noreturn]] void child_main(int parent, std::FILE* result, std::FILE* errors,
                             const ProcessPool::Body& body) {
  die_with_parent(parent);
  if (errors != nullptr) ::dup2(::fileno(errors), STDERR_FILENO);
  // A crash must end this process with its own signal, not run a handler the parent installed (a test
  // framework's, for instance), so the parent can record how it died.
  for (int signal : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTERM, SIGINT}) std::signal(signal, SIG_DFL);
  Result<nlohmann::json> returned = body();
  nlohmann::json value;
  if (returned.is_ok()) value = std::move(returned.value());
  write_result(::fileno(result), returned, std::move(value));
  std::fflush(nullptr);
  ::_exit(returned.is_ok() ? kChildValue : kChildError);
}

void close_files(std::FILE* result, std::FILE* errors) {
  if (result != nullptr) std::fclose(result);
  if (errors != nullptr) std::fclose(errors);
}

}  // namespace

int ChildOutcome::exit_status() const { return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1; }

bool ChildOutcome::clean_exit() const {
  return WIFEXITED(wait_status) && (exit_status() == kChildValue || exit_status() == kChildError);
}

std::string describe_signal(int signal) {
  return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
}

ProcessPool::ProcessPool(Options options) : options_(options) {}

ProcessPool::~ProcessPool() { kill_all(); }

Result<int> ProcessPool::spawn(std::size_t task, const Body& body) {
  Child child;
  child.task = task;
  child.result = std::tmpfile();
  if (options_.capture_stderr) child.errors = std::tmpfile();
  if (child.result == nullptr || (options_.capture_stderr && child.errors == nullptr)) {
    const int error = errno;
    close_files(child.result, child.errors);
    return Status::internal(std::string("cannot create a temporary file: ") + std::strerror(error));
  }
  std::fflush(nullptr);
  spdlog::default_logger()->flush();
  child.started = Clock::now();
  const pid_t parent = ::getpid();
  child.pid = ::fork();
  if (child.pid < 0) {
    const int fork_error = errno;
    close_files(child.result, child.errors);
    return Status::internal(std::string("fork failed: ") + std::strerror(fork_error));
  }
  if (child.pid == 0) child_main(parent, child.result, child.errors, body);
  children_.push_back(child);
  return child.pid;
}

ChildOutcome ProcessPool::collect(Child& child, int wait_status) {
  ChildOutcome outcome;
  outcome.task = child.task;
  outcome.wait_status = wait_status;
  outcome.timed_out = child.timed_out;
  outcome.seconds = std::chrono::duration<double>(Clock::now() - child.started).count();
  if (child.errors != nullptr) outcome.stderr_text = read_all(child.errors);
  std::fflush(child.result);
  long size = std::fseek(child.result, 0, SEEK_END) == 0 ? std::ftell(child.result) : -1;
  std::rewind(child.result);
  nlohmann::json message;
  if (size > 0) message = read_result(child.result, static_cast<std::size_t>(size));
  close_files(child.result, child.errors);
  child.result = child.errors = nullptr;
  if (size == 0) {
    outcome.kind = ChildOutcome::Kind::kEmpty;
    return outcome;
  }
  if (size < 0 || message.is_discarded() || !message.is_object()) {
    outcome.kind = ChildOutcome::Kind::kUnreadable;
  } else if (message.contains("value")) {
    outcome.kind = ChildOutcome::Kind::kValue;
    outcome.value = std::move(message["value"]);
  } else if (message.contains("error") && message["error"].is_string()) {
    outcome.kind = ChildOutcome::Kind::kError;
    outcome.error = message["error"].get<std::string>();
  } else {
    outcome.kind = ChildOutcome::Kind::kUnreadable;
  }
  return outcome;
}

Result<std::vector<ChildOutcome>> ProcessPool::wait_any(const std::function<bool()>& stop) {
  std::vector<ChildOutcome> ended;
  while (!children_.empty()) {
    for (std::size_t i = 0; i < children_.size();) {
      Child& child = children_[i];
      int wait_status = 0;
      const pid_t got = ::waitpid(child.pid, &wait_status, WNOHANG);
      if (got == 0) {
        const double running = std::chrono::duration<double>(Clock::now() - child.started).count();
        if (options_.time_limit > 0 && running > options_.time_limit && !child.timed_out) {
          child.timed_out = true;
          ::kill(child.pid, SIGKILL);
        }
        ++i;
        continue;
      }
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        const int wait_error = errno;
        kill_all();
        return Status::internal(std::string("waitpid failed: ") + std::strerror(wait_error));
      }
      ended.push_back(collect(child, wait_status));
      children_.erase(children_.begin() + static_cast<std::ptrdiff_t>(i));
    }
    if (!ended.empty() || (stop && stop())) break;
    std::this_thread::sleep_for(kPollInterval);
  }
  return ended;
}

Result<std::vector<ChildOutcome>> ProcessPool::wait_all() {
  std::vector<ChildOutcome> all;
  while (!children_.empty()) {
    Result<std::vector<ChildOutcome>> ended = wait_any();
    if (!ended.is_ok()) return ended.status();
    for (ChildOutcome& outcome : ended.value()) all.push_back(std::move(outcome));
  }
  return all;
}

void ProcessPool::kill_all() {
  for (Child& child : children_) ::kill(child.pid, SIGKILL);
  for (Child& child : children_) {
    int status = 0;
    while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
    close_files(child.result, child.errors);
  }
  children_.clear();
}

}  // namespace hospsim
