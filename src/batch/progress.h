// The progress display of `hospsim batch` on stderr.
//
// On a terminal: one line rewritten in place ("batch: 12/45 runs, 1 failed, 2m30s elapsed, ETA 1m10s").
// Otherwise (CI logs, files): one line each time another tenth of the runs is done, and at the end.
// Quiet: nothing. The ETA is the mean time per run of this invocation times the runs left.
#pragma once

#include <cstdio>
#include <string>

#include "batch/runner.h"

namespace hospsim::batch {

// "45s", "2m05s", "1h02m", "-" for a negative or NaN duration.
std::string format_duration(double seconds);

// The text of one progress line (without "\r" or "\n").
std::string progress_line(const BatchProgress& progress);

class ProgressPrinter {
 public:
  enum class Mode { kTerminal, kLines, kQuiet };
  // Writes to `stream` (not owned).
  ProgressPrinter(std::FILE* stream, Mode mode) : stream_(stream), mode_(mode) {}
  // kTerminal when `stream` is a TTY, else kLines; kQuiet when `quiet`.
  static Mode mode_for(std::FILE* stream, bool quiet);

  void update(const BatchProgress& progress);
  // Ends the terminal line (call once when the batch ends).
  void finish();

 private:
  std::FILE* stream_;
  Mode mode_;
  int last_tenth_ = -1;
  bool line_open_ = false;
  BatchProgress last_;
};

}  // namespace hospsim::batch
