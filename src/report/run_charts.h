// The run report's view of one run (report/html_report.h): the hospitals and clock of its summary
// (RunSummary, run/outputs.h), its metrics read as cells with their change against the baseline, and the
// charts drawn from the summary and the typed timeline and incident log (include/hospsim/timeline.h: of a run
// in memory, or read back from timeline.csv and events.csv by report/run_log_csv.h). Each chart function
// returns nullopt when the run has nothing to draw; where the reader should know why, it adds a note (HTML)
// to `notes`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/status.h"
#include "hospsim/timeline.h"
#include "report/html_page.h"
#include "report/metric_text.h"
#include "run/outputs.h"

namespace hospsim::html {

// Hospitals beyond this many are left out of the per-hospital charts (the caption says which are shown).
inline constexpr std::size_t kMaxHospitalPanels = 12;

struct Hospital {
  std::string id;
  std::string name;
};

struct RunContext {
  const RunSummary& summary;                 // of a run in memory, or summary.json read back (run_files.h)
  std::vector<Hospital> hospitals;           // in summary order (ids sorted)
  std::map<std::string, std::string> names;  // id -> display name
  double start_ms = 0.0;                     // the run's start and end, ms (civil_ms())
  double end_ms = 0.0;
  bool paired = false;  // the summary holds deltas against a paired baseline
};

// The display name of hospital `id`; `id` itself when the summary names none.
std::string name_of(const RunContext& run, const std::string& id);

// A length of stay in minutes with its change, "-" when there is none (no ED departures).
std::string stay_text(const MetricCell& c);
// Minutes as "0.5 min", "45 min", "3 h", "3 h 20 min".
std::string duration_text(double minutes);

// Timeline rows as (run, hospital id, metric) -> [(time ms, value)] in file order.
using Series =
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::pair<double, double>>>;

// The points of `metrics` in the scenario run's timeline and, when given, the baseline's, keyed by run
// ("scenario", "baseline"), hospital id ("region" for a region row) and metric name, in row order; times in
// ms (RunContext::start_ms plus the row's hour start).
Series series_of(const RunContext& run, const RunLog& scenario, const RunLog* baseline,
                 const std::vector<TimelineMetric>& metrics);

// Service states per hospital and service (Gantt), plus ambulance diversion periods (the incident log).
std::optional<Chart> gantt_chart(const RunContext& run, const RunLog& log, std::vector<std::string>& notes);
// ED arrivals and census per hospital against the baseline.
std::optional<Chart> ed_chart(const RunContext& run, const Series& series);
// Cumulative cancelled planned operations and the backlog.
std::optional<Chart> surgery_chart(const RunContext& run, const Series& series);
// Ambulance diversion flows between hospitals (the summary's diversion flows).
std::optional<Chart> flows_chart(const RunContext& run, std::vector<std::string>& notes);
// The attack's infection and restoration curve (the incident log's infected / encrypted / restored rows).
std::optional<Chart> attack_chart(const RunContext& run, const RunLog& log);

}  // namespace hospsim::html
