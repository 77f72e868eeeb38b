// timeline.csv and events.csv (src/run/outputs.h) read back into the typed rows of a run's log
// (include/hospsim/timeline.h), for `hospsim report RUN_DIR`: the run report draws from typed rows alone,
// whether the run is in memory (`hospsim run`) or read from its files.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hospsim/status.h"
#include "hospsim/timeline.h"
#include "report/csv_reader.h"

namespace hospsim::html {

// The rows of timeline.csv whose metric is one of `metrics`, one row at a time, so that a national run's
// timeline need not be held as a table: pass add() as parse_csv's `keep` (it keeps no row), then finish()
// with the parsed table's header. Times become seconds since `start_ms` (the run's start, civil_ms()).
class TimelineCsvReader {
 public:
  TimelineCsvReader(const std::vector<TimelineMetric>& metrics, double start_ms);
  TimelineCsvReader(const TimelineCsvReader&) = delete;  // its tables point into it
  TimelineCsvReader& operator=(const TimelineCsvReader&) = delete;
  // Takes the row into scenario() or baseline() (by its `run` column; other runs are left out); returns
  // false (parse_csv stores nothing). Unlike a log the collector fills, where a region row has
  // kNoHospital, a region row read back names the hospital "region" of the log's table, as the file does
  // (the charts' series name both "region").
  bool add(const std::vector<std::string>& header, const std::vector<std::string_view>& row);
  // Fails with kInvalidArgument when the header lacks a column of timeline.csv, or on the first row of a
  // charted metric whose time is not a datetime or whose value is not a finite number.
  Status finish(const std::vector<std::string>& header);

  RunLog& scenario() { return scenario_; }
  RunLog& baseline() { return baseline_; }
  bool has_baseline() const { return !baseline_.timeline.empty(); }

 private:
  bool wanted_[kTimelineMetricCount] = {};
  double start_ms_;
  bool columns_known_ = false;
  int c_time_ = -1, c_run_ = -1, c_hospital_ = -1, c_metric_ = -1, c_value_ = -1;
  std::map<std::string, double, std::less<>> times_;  // seconds since the start, per distinct time text
  RunLog scenario_;
  RunLog baseline_;
  RunLogTables scenario_tables_{scenario_};
  RunLogTables baseline_tables_{baseline_};
  std::string value_;            // scratch: the current row's value text
  Status error_ = Status::ok();  // the first bad row's
};

// The incident rows of events.csv into `log` (its hospital table extended with the hospitals they name).
// Rows whose `seconds` is not a number, or whose event is not one hospsim writes, are left out; a table
// without the columns seconds, event, hospital, target and to gives no rows. Fails with kInvalidArgument on
// a service_state row whose `to` is not a service state.
Status read_incidents(const CsvTable& events, RunLog& log);

}  // namespace hospsim::html
