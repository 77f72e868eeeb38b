// `hospsim check`: runs the simulations that a set of expectation files needs and judges each expectation.
//
// run_check() loads every expectation file and its scenario first (any invalid one stops the check before
// anything is simulated: kInvalidArgument with every problem). It then plans the distinct (scenario, seed)
// simulations: an exact expectation needs one at its seed, a statistical one R at consecutive seeds; equal
// ones are shared. Each is a paired run (scenario + baseline, run_with_baseline()) in its own forked process,
// up to `jobs` at a time; its summary.json and events.csv are the bytes `hospsim run --seed N` writes.
//
// Judgement:
//   exact        pass when both SHA-256 digests equal the recorded ones. On a failure the details show the
//                first differing lines against the recorded copy (when the file names one and it is current).
//   statistical  the mean of the metric over the R runs; pass when |mean - recorded| <= the widest allowed
//                deviation of the tolerance. A metric missing from summary.json is bad input; a null value
//                (undefined, e.g. a percentile of no patients) in any run is a failure.
// With `update`, every recorded value is rewritten from what was observed (tolerances are kept), the copies
// are written, and each outcome says what changed; nothing fails.
//
// The parts: loading and planning in check/plan.h, judging in check/judge.h, text and JUnit output in
// check/check_output.h.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "check/expectation.h"
#include "hospsim/status.h"

namespace hospsim::check {

enum class Verdict {
  kPass,
  kFail,      // the outcome moved (exit 1)
  kBadInput,  // the expectation cannot be judged: e.g. its metric is not in summary.json (exit 2)
  kError,     // a simulation failed or crashed (exit 3)
  kUpdated,   // --update: the recorded values were rewritten (or were already current)
};

struct Outcome {
  std::string name;  // the expectation's name
  Kind kind = Kind::kExact;
  Verdict verdict = Verdict::kPass;
  std::string message;   // one line: what was expected and what came out
  std::string details;   // more lines (a diff), may be empty; each line ends with '\n'
  double seconds = 0.0;  // wall time of the simulations it used
  bool changed = false;  // kUpdated: a recorded value changed (else it was already current)
};

struct FileOutcome {
  std::string path;      // the expectation file as given
  std::string scenario;  // the scenario file, resolved
  std::string strategy;
  std::vector<Outcome> outcomes;  // in file order
};

struct CheckReport {
  std::vector<FileOutcome> files;
  int passed = 0;
  int failed = 0;
  int bad_input = 0;
  int errors = 0;
  int updated = 0;  // with --update: expectations whose recorded values changed
  int simulations = 0;
  double wall_seconds = 0.0;  // elapsed wall time of running the simulations (JUnit's total time)
  // 0 all passed (or updated), 1 some failed, 2 bad input, 3 a simulation failed (the worst wins).
  int exit_code() const;
};

struct CheckOptions {
  int jobs = 1;         // simulations (paired runs) in flight at once, >= 1
  bool update = false;  // rewrite the recorded values
  // Called once before the first simulation and after each one: (done, total). May be empty.
  std::function<void(int, int)> on_progress;
};

// Expands folders among `paths` into the *.expect.json files below them (sorted); other paths are kept.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths);

// Runs the check. Fails with kInvalidArgument (every problem listed) when an expectation file or a scenario
// is invalid, kNotFound when a file cannot be read, kInternal when no process can be started.
Result<CheckReport> run_check(const std::vector<std::string>& expectation_files, const CheckOptions& options);

}  // namespace hospsim::check
