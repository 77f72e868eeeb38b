// The files of one paired run, composed in one place: `hospsim run` writes them, `hospsim check` compares
// their bytes with its expectations, so the two cannot drift apart.
//
// DIR/summary.json  scenario identity, per-hospital and region metrics (paired with the baseline when there
//                   is one: {value, baseline, delta, delta_pct}), IT availability per hospital and service, the
//                   calibration view of the baseline (src/metrics/calibration.h) and the diversion flows
//                   (RunSummary below). Only behavioural state: no wall times, versions or paths, so equal
//                   runs give equal bytes.
// DIR/timeline.csv  time,run,hospital,metric,value (hourly; run = scenario | baseline): the typed timelines
//                   of the run and its baseline (SimulationOutput::log, include/hospsim/timeline.h) as text;
//                   time is the local datetime of the hour's start, hospital "region" for a region row
// DIR/events.csv    time,seconds,event,hospital,target,from,to,cause: the incident log of the scenario run
// DIR/report.html   optional: the HTML report (src/report/html_report.h)
// Numbers in the CSV files as the shortest text that reads back to the same double (metrics/csv.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/metrics.h"
#include "hospsim/run.h"
#include "hospsim/scenario.h"
#include "hospsim/status.h"
#include "hospsim/timeline.h"
#include "metrics/calibration.h"

namespace hospsim {

// A hospital as summary.json names it.
struct SummaryHospital {
  std::string id;
  std::string name;    // may be empty
  std::string region;  // may be empty

  friend bool operator==(const SummaryHospital&, const SummaryHospital&) = default;
};

// What summary.json says about one paired run, as records: `hospsim run` builds it once from the run in
// memory (run_summary()), writes summary.json from it (summary_json()) and hands it to its tables and its
// report; `hospsim report RUN_DIR` reads summary.json back into it (report/run_files.h).
struct RunSummary {
  // The scenario's identity.
  std::string name;
  std::string strategy;  // the strategy merged in; empty for none
  std::uint64_t seed = 0;
  std::string start;  // the scenario's start as summary.json writes it, "2025-03-12T00:00"
  double horizon_hours = 0.0;
  bool deterministic = false;
  std::vector<std::string> injections;     // injection ids
  std::vector<SummaryHospital> hospitals;  // ordered by id
  // The run's metrics and, when it had one, its paired baseline's (summary.json's "baseline" is whether it
  // had).
  PairedRunMetrics metrics;
  // The calibration figures of the baseline (of the run itself without one); none in a summary.json that
  // holds none (written by an older hospsim).
  std::optional<CalibrationView> calibration;
  // The run's and its baseline's diversion flows (none: summary.json holds no such table).
  std::optional<std::vector<DiversionFlow>> diversions;
  std::optional<std::vector<DiversionFlow>> baseline_diversions;
  std::uint64_t model_events = 0;

  friend bool operator==(const RunSummary&, const RunSummary&) = default;
};

// The summary of `output`, a run of `scenario` with `seed`: its metrics and flows copied, the calibration
// view of its baseline (of the run itself without one).
RunSummary run_summary(const Scenario& scenario, std::uint64_t seed, const PairedOutput& output);

// The content of summary.json for `summary`.
nlohmann::json summary_json(const RunSummary& summary);

// The texts of summary.json, timeline.csv and events.csv of one paired run, as they are written:
// summary.json from `summary`, the CSV files from the logs of `output` (`start`: the scenario's start).
struct RunOutputTexts {
  std::string summary_json;
  std::string timeline_csv;
  std::string events_csv;
};
RunOutputTexts render_run_outputs(const RunSummary& summary, const CivilTime& start,
                                  const PairedOutput& output);
// Frees the timelines and incident logs of `output` (left empty) once the texts hold them: a national run's
// are hundreds of MB.
void release_run_logs(PairedOutput& output);

// The header line of timeline.csv, and the timeline rows of `log` appended to `out`, labelled with `run`
// ("scenario" or "baseline"); `start` is the scenario's start.
std::string timeline_csv_header();
void append_timeline_csv(std::string& out, const RunLog& log, const CivilTime& start, std::string_view run);
// The header line of events.csv, and the incident rows of `log` appended to `out`.
std::string incidents_csv_header();
void append_incidents_csv(std::string& out, const RunLog& log, const CivilTime& start);

// Writes summary.json, timeline.csv, events.csv and, when `report_html` holds one, report.html into
// `directory` (created if missing), as one set: every file goes to a temporary file first and all are renamed
// into place only when all are complete, so a failure (a full disk, a directory in a file's place) leaves
// none of them created or changed. Fails with kInvalidArgument naming the file and the system's reason.
Status write_run_outputs(const std::string& directory, const RunOutputTexts& texts,
                         const std::optional<std::string>& report_html);

}  // namespace hospsim
