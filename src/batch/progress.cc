#include "batch/progress.h"

#include <unistd.h>

#include <cmath>

#include <fmt/format.h>

namespace hospsim::batch {

std::string format_duration(double seconds) {
  if (std::isnan(seconds) || seconds < 0) return "-";
  const long long total = std::llround(seconds);
  if (total < 60) return fmt::format("{}s", total);
  if (total < 3600) return fmt::format("{}m{:02d}s", total / 60, total % 60);
  return fmt::format("{}h{:02d}m", total / 3600, (total % 3600) / 60);
}

std::string progress_line(const BatchProgress& progress) {
  const int finished = progress.already_done + progress.done;
  std::string line = "batch: " + std::to_string(finished) + "/" + std::to_string(progress.total) + " runs";
  if (progress.already_done > 0) line += " (" + std::to_string(progress.already_done) + " from before)";
  line += ", " + std::to_string(progress.failed) + " failed, " + format_duration(progress.elapsed_seconds) +
          " elapsed";
  const int left = progress.total - finished;
  if (left > 0) {
    const double eta = progress.done > 0 ? progress.elapsed_seconds / progress.done * left : NAN;
    line += ", ETA " + format_duration(eta);
  }
  return line;
}

ProgressPrinter::Mode ProgressPrinter::mode_for(std::FILE* stream, bool quiet) {
  if (quiet) return Mode::kQuiet;
  return ::isatty(::fileno(stream)) ? Mode::kTerminal : Mode::kLines;
}

void ProgressPrinter::update(const BatchProgress& progress) {
  last_ = progress;
  if (mode_ == Mode::kQuiet) return;
  if (mode_ == Mode::kTerminal) {
    std::fprintf(stream_, "\r\033[K%s", progress_line(progress).c_str());
    std::fflush(stream_);
    line_open_ = true;
    return;
  }
  const int finished = progress.already_done + progress.done;
  const int tenth = progress.total > 0 ? finished * 10 / progress.total : 10;
  if (tenth != last_tenth_) {
    last_tenth_ = tenth;
    std::fprintf(stream_, "%s\n", progress_line(progress).c_str());
    std::fflush(stream_);
  }
}

void ProgressPrinter::finish() {
  if (mode_ == Mode::kTerminal && line_open_) {
    std::fprintf(stream_, "\n");
    std::fflush(stream_);
    line_open_ = false;
  }
}

}  // namespace hospsim::batch
