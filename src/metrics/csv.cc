#include "metrics/csv.h"

#include <fmt/format.h>

namespace hospsim {

std::string csv_field(std::string_view field) {
  if (field.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string format_number(double value) { return fmt::format("{}", value); }

std::string timeline_csv_header() { return "time,run,hospital,metric,value\n"; }

std::string timeline_csv_rows(const RunCollector& collector, const Scenario& scenario, std::string_view run) {
  std::string out;
  out.reserve(collector.timeline_rows().size() * 48);
  Seconds label_time = -1.0;
  std::string label;
  for (const TimelineRow& row : collector.timeline_rows()) {
    if (row.hour_start != label_time) {
      label_time = row.hour_start;
      label = format_civil(civil_after(scenario.start, row.hour_start));
    }
    out += label;
    out += ',';
    out += run;
    out += ',';
    out += collector.hospital_ids()[row.hospital];
    out += ',';
    out += kTimelineMetrics[row.metric];
    out += ',';
    out += format_number(row.value);
    out += '\n';
  }
  // Ransomware recovery curve (only when the scenario has a ransomware attack): region rows after the
  // hospitals' rows.
  for (const AttackTimelineRow& row : collector.attack().rows()) {
    out += format_civil(civil_after(scenario.start, row.hour_start));
    out += ',';
    out += run;
    out += ",region,";
    out += kAttackTimelineMetrics[row.metric];
    out += ',';
    out += format_number(row.value);
    out += '\n';
  }
  return out;
}

std::string incidents_csv_header() { return "time,seconds,event,hospital,target,from,to,cause\n"; }

std::string incidents_csv_rows(const RunCollector& collector, const Scenario& scenario) {
  std::string out;
  for (const IncidentRow& row : collector.incident_rows()) {
    CivilTime when = civil_after(scenario.start, row.time);
    out += fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", when.year, when.month, when.day, when.hour,
                       when.minute, when.second);
    out += ',';
    out += format_number(row.time);
    out += ',';
    out += csv_field(row.event);
    out += ',';
    out += csv_field(row.hospital);
    out += ',';
    out += csv_field(row.target);
    out += ',';
    out += row.from;
    out += ',';
    out += row.to;
    out += ',';
    out += csv_field(row.cause);
    out += '\n';
  }
  return out;
}

}  // namespace hospsim
