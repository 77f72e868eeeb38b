// The files of one paired run, composed in one place: `hospsim run` writes them, `hospsim check` compares
// their bytes with its expectations, so the two cannot drift apart.
//
// DIR/summary.json  scenario identity, per-hospital and region metrics (paired with the baseline when there
// is
//                   one: {value, baseline, delta, delta_pct}), IT availability per hospital and service, and
//                   the calibration view of the baseline (src/metrics/calibration.h). Only behavioural state:
//                   no wall times, versions or paths, so equal runs give equal bytes.
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

#include <nlohmann/json.hpp>

#include "hospsim/run.h"
#include "hospsim/scenario.h"
#include "hospsim/status.h"
#include "hospsim/timeline.h"

namespace hospsim {

// The content of summary.json for `output`, a run of `scenario` with `seed`.
nlohmann::json build_summary(const Scenario& scenario, std::uint64_t seed, const PairedOutput& output);

// The texts of summary.json, timeline.csv and events.csv of one paired run, as they are written.
struct RunOutputTexts {
  std::string summary_json;
  std::string timeline_csv;
  std::string events_csv;
};
RunOutputTexts render_run_outputs(const Scenario& scenario, std::uint64_t seed, const PairedOutput& output);
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
