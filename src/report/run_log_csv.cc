#include "report/run_log_csv.h"

#include <optional>

#include "report/html_page.h"

namespace hospsim::html {

TimelineCsvReader::TimelineCsvReader(const std::vector<TimelineMetric>& metrics, double start_ms)
    : start_ms_(start_ms) {
  for (TimelineMetric metric : metrics) wanted_[static_cast<std::uint32_t>(metric)] = true;
}

bool TimelineCsvReader::add(const std::vector<std::string>& header,
                            const std::vector<std::string_view>& row) {
  if (!columns_known_) {
    columns_known_ = true;
    CsvTable columns{header, {}};
    c_time_ = columns.column("time");
    c_run_ = columns.column("run");
    c_hospital_ = columns.column("hospital");
    c_metric_ = columns.column("metric");
    c_value_ = columns.column("value");
  }
  if (c_time_ < 0 || c_run_ < 0 || c_hospital_ < 0 || c_metric_ < 0 || c_value_ < 0)
    return false;  // finish()
  if (!error_.is_ok()) return false;
  const std::optional<TimelineMetric> metric = timeline_metric_from_name(row[c_metric_]);
  if (!metric || !wanted_[static_cast<std::uint32_t>(*metric)]) return false;
  const std::string_view time = row[c_time_];
  auto known = times_.find(time);
  if (known == times_.end()) {
    const std::optional<double> ms = civil_ms(time);
    if (!ms) {
      error_ = Status::invalid_argument("timeline.csv: not a datetime: " + std::string(time.substr(0, 40)));
      return false;
    }
    known = times_.emplace(std::string(time), (*ms - start_ms_) / 1000.0).first;
  }
  value_.assign(row[c_value_]);
  const std::optional<double> value = parse_number(value_);
  if (!value) {
    error_ = Status::invalid_argument("timeline.csv: not a finite number in the value column: " +
                                      value_.substr(0, 40));
    return false;
  }
  const std::string_view run = row[c_run_];
  const bool baseline = run == "baseline";
  if (!baseline && run != "scenario") return false;  // no chart draws another run
  RunLog& log = baseline ? baseline_ : scenario_;
  RunLogTables& tables = baseline ? baseline_tables_ : scenario_tables_;
  log.timeline.push_back({known->second, *value, tables.hospital(row[c_hospital_]), *metric});
  return false;
}

Status TimelineCsvReader::finish(const std::vector<std::string>& header) {
  const CsvTable columns{header, {}};
  for (const char* name : {"time", "run", "hospital", "metric", "value"}) {
    if (columns.column(name) < 0) {
      return Status::invalid_argument("timeline.csv: expected the columns time,run,hospital,metric,value");
    }
  }
  return error_;
}


Status read_incidents(const CsvTable& events, RunLog& log) {
  const int c_seconds = events.column("seconds");
  const int c_event = events.column("event");
  const int c_hospital = events.column("hospital");
  const int c_target = events.column("target");
  const int c_from = events.column("from");
  const int c_to = events.column("to");
  const int c_cause = events.column("cause");
  if (c_seconds < 0 || c_event < 0 || c_hospital < 0 || c_target < 0 || c_to < 0) return Status::ok();
  RunLogTables tables(log);
  for (const auto& fields : events.rows) {
    std::optional<IncidentRow> row = incident_from_event_name(fields[c_event]);
    if (!row) continue;
    const std::optional<double> seconds = parse_number(fields[c_seconds]);
    if (!seconds) continue;
    row->time = *seconds;
    if (row->kind == IncidentKind::kServiceState) {
      const std::optional<ServiceState> to = service_state_from_name(fields[c_to]);
      if (!to) {
        return Status::invalid_argument(
            "events.csv: not a service state (UP, DOWN, RECOVERING) in the to column: " +
            fields[c_to].substr(0, 40));
      }
      row->to = *to;
      row->from = c_from >= 0 ? service_state_from_name(fields[c_from]).value_or(ServiceState::kUp)
                              : ServiceState::kUp;
    }
    if (!fields[c_hospital].empty()) row->hospital = tables.hospital(fields[c_hospital]);
    row->target = tables.text(fields[c_target]);
    row->cause = tables.text(c_cause >= 0 ? std::string_view(fields[c_cause]) : std::string_view());
    log.incidents.push_back(*row);
  }
  return Status::ok();
}

}  // namespace hospsim::html
