// ProcessPool: the one place hospsim forks. Each child runs one function (a simulation, mostly) and ends;
// the parent waits for any of them, kills a child that runs past its time limit, and kills every child still
// running when it stops. Used by `hospsim run` (run + baseline, simulate_in_child()), the batch runner and
// `hospsim check`.
//
// A child, right after fork(): dies with the parent (PR_SET_PDEATHSIG, die_with_parent()), sends its stderr
// to a captured file when the pool captures stderr, resets the crash and interrupt signals to their default
// actions (so a crash ends it with its own signal, not in a handler the parent installed), runs the body,
// then writes the body's result to its result file and _exit()s (0 with a value, 3 with an error).
//
// The result protocol: the body returns a JSON value or a failed Status; the parent gets back the value, the
// error message, or that the child ended without a readable result (it crashed, was killed, or exited another
// way), with its wait status and what it wrote to stderr. Results travel through anonymous temporary files
// (run/child_io.h), so a child never blocks on a full pipe: a CBOR message, with the value's long strings
// and binary values (a run's typed timeline rows, run/output_message.h) as raw bytes after it, read straight
// into their strings and byte vectors.
//
// Not thread-safe; one pool at a time per process is the intended use. Times are wall-clock seconds.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/status.h"

namespace hospsim {

// What one child gave back.
struct ChildOutcome {
  enum class Kind {
    kValue,       // the body returned a value: `value`
    kError,       // the body returned a failed Status: `error` holds its message
    kEmpty,       // the child wrote nothing (it crashed, was killed, or exited before writing)
    kUnreadable,  // the child wrote bytes that are not a result
  };

  std::size_t task = 0;      // the caller's tag given to spawn()
  int wait_status = 0;       // as waitpid() reports it
  bool timed_out = false;    // killed (SIGKILL) by the pool after its time limit
  double seconds = 0.0;      // wall time from fork() to reaping
  Kind kind = Kind::kEmpty;  // what the child gave back
  nlohmann::json value;      // with kValue
  std::string error;         // with kError
  std::string stderr_text;   // what the child wrote to stderr, when the pool captures it; else ""

  // The exit status of a child that exited, else -1.
  int exit_status() const;
  // Whether the child exited through the protocol (status 0 or 3), not by a signal or another exit.
  bool clean_exit() const;
};

// "killed by signal 9 (Killed)".
std::string describe_signal(int signal);

class ProcessPool {
 public:
  struct Options {
    double time_limit = 0.0;      // seconds a child may run before it is killed (0 = no limit)
    bool capture_stderr = false;  // send each child's stderr to ChildOutcome::stderr_text
  };
  using Body = std::function<Result<nlohmann::json>()>;

  explicit ProcessPool(Options options);
  ~ProcessPool();  // kill_all()
  ProcessPool(const ProcessPool&) = delete;
  ProcessPool& operator=(const ProcessPool&) = delete;

  // Forks a child that runs `body` (see above); `task` tags its outcome. Returns the child's pid. Fails with
  // kInternal when no temporary file can be created or fork() fails (then no child was started).
  Result<int> spawn(std::size_t task, const Body& body);

  // Children started and not yet reaped.
  std::size_t running() const { return children_.size(); }

  // Waits until at least one child has ended and returns the outcomes of every child that has ended, in the
  // order they were spawned; kills (SIGKILL) any child past the time limit meanwhile. Returns early, with
  // no outcome, when `stop` (checked every few milliseconds) returns true, or at once when no child runs.
  // Fails with kInternal when waitpid() fails (the pool then kills its children).
  Result<std::vector<ChildOutcome>> wait_any(const std::function<bool()>& stop = {});

  // Every outcome, waiting for every child (the time limit still holds).
  Result<std::vector<ChildOutcome>> wait_all();

  // Kills (SIGKILL) and reaps every child still running; their outcomes are dropped.
  void kill_all();

 private:
  using Clock = std::chrono::steady_clock;
  struct Child {
    std::size_t task = 0;
    int pid = -1;
    std::FILE* result = nullptr;  // the child's result (process_pool.cc, write_result())
    std::FILE* errors = nullptr;  // the child's stderr, when captured
    Clock::time_point started;
    bool timed_out = false;
  };
  ChildOutcome collect(Child& child, int wait_status);

  Options options_;
  std::vector<Child> children_;
};

}  // namespace hospsim
