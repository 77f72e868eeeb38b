// The output files of one `hospsim run` (summary.json, timeline.csv, events.csv; docs/cli.md), read back
// for the run report, with every member of summary.json the report reads checked for the type `hospsim run`
// writes, so rendering never meets a surprise.
#pragma once

#include <string>
#include <utility>
#include <vector>

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

// The summaries of `hospsim run FILE --strategy all --out DIR`: DIR holds no summary.json but one
// subdirectory per strategy, each with its run's summary.json (checked as read_run_files() checks it). In the
// order `hospsim run` writes them: "none" first, then the others in name order. Fails with kNotFound when DIR
// has no such subdirectory, kInvalidArgument when a summary is malformed or belongs to another scenario or seed
// than the first one (naming both files).
Result<std::vector<std::pair<std::string, nlohmann::json>>> read_strategy_summaries(const std::string& directory);

// True when `directory` looks like the output of `--strategy all`: no summary.json of its own and at least one
// subdirectory holding one.
bool is_strategy_directory(const std::string& directory);

}  // namespace hospsim
