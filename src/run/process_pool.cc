#include "run/process_pool.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>
#include <utility>

#include <spdlog/spdlog.h>

#include "run/child_io.h"

namespace hospsim {

namespace {

// Exit statuses of a child that followed the protocol.
constexpr int kChildValue = 0;
constexpr int kChildError = 3;
constexpr auto kPollInterval = std::chrono::milliseconds(5);

// The child, after fork(): never returns.
[[noreturn]] void child_main(int parent, std::FILE* result, std::FILE* errors,
                             const ProcessPool::Body& body) {
  die_with_parent(parent);
  if (errors != nullptr) ::dup2(::fileno(errors), STDERR_FILENO);
  // A crash must end this process with its own signal, not run a handler the parent installed (a test
  // framework's, for instance), so the parent can record how it died.
  for (int signal : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTERM, SIGINT}) std::signal(signal, SIG_DFL);
  Result<nlohmann::json> returned = body();
  nlohmann::json message;
  if (returned.is_ok()) {
    message = {{"value", std::move(returned.value())}};
  } else {
    message = {{"error", returned.status().message()}};
  }
  write_all(::fileno(result), nlohmann::json::to_cbor(message));
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
  const std::string bytes = read_all(child.result);
  if (child.errors != nullptr) outcome.stderr_text = read_all(child.errors);
  close_files(child.result, child.errors);
  child.result = child.errors = nullptr;
  if (bytes.empty()) {
    outcome.kind = ChildOutcome::Kind::kEmpty;
    return outcome;
  }
  nlohmann::json message = nlohmann::json::from_cbor(bytes, true, false);
  if (message.is_discarded() || !message.is_object()) {
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
