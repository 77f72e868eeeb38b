// The output files of one `hospsim run` (summary.json, timeline.csv, events.csv; docs/cli.md), read back
// for the run report, with every member of summary.json the report reads checked for the type `hospsim run`
// writes, so rendering never meets a surprise; summary.json is read back into the record it was written
// from (RunSummary, run/outputs.h), which a run in memory hands to the report as it is.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/status.h"
#include "report/metric_text.h"
#include "run/outputs.h"

namespace hospsim {

struct RunFiles {
  RunSummary summary;        // summary.json read back (summary_of())
  std::string timeline_csv;  // timeline.csv (may be empty)
  std::string events_csv;    // events.csv (may be empty)
};

// Reads DIR/summary.json, DIR/timeline.csv and DIR/events.csv (regular files only). Fails with kNotFound
// when the directory or one of the files does not exist or is not a regular file, kInvalidArgument when
// summary.json is not valid JSON or not a hospsim summary whose members have the types `hospsim run` writes
// (`FILE:LINE:COL: /pointer: message`; a metric of the metric table holds an integer when it is a count).
//
// The summary is read back as summary_of() reads it.
Result<RunFiles> read_run_files(const std::string& directory);

// `summary` (checked as read_run_files() checks it) as the record it was written from (run/outputs.h
// summary_json()): the identity, the hospitals, the metrics (summary_metrics()), the calibration figures and
// the diversion flows; members it does not hold are left at their defaults (none for the calibration view and
// the flows, "scenario" for the name). A figure or metric name the tables do not know is skipped. The
// calibration warnings are not read: they follow from the figures (metrics/calibration.h).
RunSummary summary_of(const nlohmann::json& summary);

// summary.json's "metrics" and "it" of `summary` (checked as read_run_files() checks it) as typed records:
// every value of a metric of the metric table (metrics/metric_table.h) at its place, a count as an integer,
// a real as a real, null as no value; names the table does not know are skipped. The baseline's record
// (when summary["baseline"] is true) holds the "baseline" values of the paired metrics and no IT services
// (summary.json's "it" is the run's alone). The conditions of conditional metrics (mutual aid, test
// turnaround, ransomware) hold in the run when summary.json reports one of their metrics, in the baseline
// when it holds a baseline value of one. So the record of a run that summary.json was written from reads
// back equal to what it reports (metrics/run_metrics.h is_reported()), and every cell the report reads
// (metric_cell()) is the same from either.
PairedRunMetrics summary_metrics(const nlohmann::json& summary);

// The checks of read_run_files() on texts already read; `summary_path` names summary.json in messages.
Result<RunFiles> parse_run_files(std::string summary_text, std::string timeline_csv, std::string events_csv,
                                 const std::string& summary_path);

// The summaries of `hospsim run FILE --strategy all --out DIR`: DIR holds no summary.json but one
// subdirectory per strategy, each with its run's summary.json (checked and read as read_run_files() does;
// the CSV texts are left empty). In the order `hospsim run` writes them: "none" first, then the others in
// name order. Fails with kNotFound when DIR has no such subdirectory, kInvalidArgument when a summary is
// malformed or belongs to another scenario or seed than the first one (naming both files).
Result<std::vector<std::pair<std::string, RunFiles>>> read_strategy_summaries(const std::string& directory);

// True when `directory` looks like the output of `--strategy all`: no summary.json of its own and at least
// one subdirectory holding one.
bool is_strategy_directory(const std::string& directory);

}  // namespace hospsim
