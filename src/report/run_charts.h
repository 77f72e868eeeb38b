// The run report's view of one run (report/html_report.h): the hospitals and clock of its summary.json, the
// summary's metrics read as cells with their change against the baseline, and the charts drawn from
// summary.json, timeline.csv and events.csv. Each chart function returns nullopt when the run has nothing to
// draw; where the reader should know why, it adds a note (HTML) to `notes`.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/status.h"
#include "report/csv_reader.h"
#include "report/html_page.h"
#include "report/metric_text.h"

namespace hospsim::html {

// Hospitals beyond this many are left out of the per-hospital charts (the caption says which are shown).
inline constexpr std::size_t kMaxHospitalPanels = 12;

struct Hospital {
  std::string id;
  std::string name;
};

struct RunContext {
  const nlohmann::json& summary;             // summary.json, checked by parse_run_files()
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

// The rows of `timeline` whose metric is in `metrics`. Fails with kInvalidArgument naming the column or value
// that is not what timeline.csv holds.
Result<Series> read_series(const CsvTable& timeline, const std::set<std::string>& metrics);

// read_series() one row at a time, so that a national run's timeline need not be held as a table: pass
// add() as parse_csv's `keep` (it keeps no row), then finish() with the parsed table's header gives what
// read_series() gives for the same rows (the same series, or the same first error).
class SeriesReader {
 public:
  explicit SeriesReader(const std::set<std::string>& metrics) : metrics_(metrics.begin(), metrics.end()) {}
  // Takes the row's series point; returns false (parse_csv stores nothing).
  bool add(const std::vector<std::string>& header, const std::vector<std::string_view>& row);
  Result<Series> finish(const std::vector<std::string>& header);

 private:
  using Points = std::vector<std::pair<double, double>>;
  std::vector<std::string> metrics_;  // a handful: compared in turn
  bool columns_known_ = false;
  int c_time_ = -1, c_run_ = -1, c_hospital_ = -1, c_metric_ = -1, c_value_ = -1;
  std::map<std::string, double, std::less<>> times_;  // parsed once per distinct time text
  Series series_;
  std::unordered_map<std::string, Points*> points_;  // "<length>:run<length>:hospital" metric -> series_
  std::string key_;                                   // scratch: the current row's key
  std::string value_;                                 // scratch: the current row's value text
  Status error_ = Status::ok();                       // the first bad row's
};

// Service states per hospital and service (Gantt), plus ambulance diversion periods (events.csv).
std::optional<Chart> gantt_chart(const RunContext& run, const CsvTable& events,
                                 std::vector<std::string>& notes);
// ED arrivals and census per hospital against the baseline.
std::optional<Chart> ed_chart(const RunContext& run, const Series& series);
// Cumulative cancelled planned operations and the backlog.
std::optional<Chart> surgery_chart(const RunContext& run, const Series& series);
// Ambulance diversion flows between hospitals (summary.json "diversions").
std::optional<Chart> flows_chart(const RunContext& run, std::vector<std::string>& notes);
// The attack's infection and restoration curve (events.csv infected / encrypted / restored rows).
std::optional<Chart> attack_chart(const RunContext& run, const CsvTable& events);

}  // namespace hospsim::html
