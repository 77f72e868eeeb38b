// The output files of one `hospsim run` (summary.json, timeline.csv, events.csv; docs/cli.md), read back
// for the run report, with every member of summary.json the report reads checked for the type `hospsim run`
// writes, so rendering never meets a surprise.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "hospsim/status.h"

namespace hospsim {

struct RunFiles {
  nlohmann::json summary;    // summary.json
  std::string timeline_csv;  // timeline.csv (may be empty)
  std::string events_csv;    // events.csv (may be empty)
};

// Reads DIR/summary.json, DIR/timeline.csv and DIR/events.csv (regular files only). Fails with kNotFound
// when the directory or one of the files does not exist or is not a regular file, kInvalidArgument when
// summary.json is not valid JSON or not a hospsim summary whose members have the types `hospsim run` writes
// (`FILE:LINE:COL: /pointer: message`).
Result<RunFiles> read_run_files(const std::string& directory);

// The checks of read_run_files() on texts already read; `summary_path` names summary.json in messages.
Result<RunFiles> parse_run_files(std::string summary_text, std::string timeline_csv, std::string events_csv,
                                 const std::string& summary_path);

}  // namespace hospsim
