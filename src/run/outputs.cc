#include "run/outputs.h"

#include <filesystem>
#include <iterator>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "metrics/calibration.h"
#include "metrics/csv.h"
#include "metrics/run_metrics.h"
#include "metrics/summary.h"
#include "scenario/files.h"

namespace hospsim {

RunSummary run_summary(const Scenario& scenario, std::uint64_t seed, const PairedOutput& output) {
  RunSummary summary;
  summary.name = scenario.name;
  summary.strategy = scenario.applied_strategy;
  summary.seed = seed;
  summary.start = format_civil(scenario.start);
  summary.horizon_hours = scenario.horizon / kHour;
  summary.deterministic = scenario.deterministic;
  for (const auto& [id, injection] : scenario.injections) summary.injections.push_back(id);
  for (const auto& [id, hospital] : scenario.hospitals)
    summary.hospitals.push_back({id, hospital.name, hospital.region});
  summary.metrics.run = output.run.metrics;
  if (output.baseline) summary.metrics.baseline = output.baseline->metrics;
  summary.calibration = CalibrationView{
      output.baseline.has_value(), output.baseline ? output.baseline->calibration : output.run.calibration};
  summary.diversions = output.run.diversions;
  if (output.baseline) summary.baseline_diversions = output.baseline->diversions;
  summary.model_events = output.run.events;
  return summary;
}

namespace {

nlohmann::json flows_json(const std::vector<DiversionFlow>& flows) {
  nlohmann::json out = nlohmann::json::array();
  for (const DiversionFlow& flow : flows) {
    out.push_back({{"from", flow.from},
                   {"to", flow.to},
                   {"ambulances", flow.ambulances},
                   {"walk_ins_advised", flow.walk_ins_advised},
                   {"extra_travel_hours", flow.extra_travel_hours}});
  }
  return out;
}

}  // namespace

nlohmann::json summary_json(const RunSummary& summary) {
  nlohmann::json out;
  out["format"] = "hospsim-summary/1";
  nlohmann::json identity;
  identity["name"] = summary.name;
  identity["strategy"] = summary.strategy;
  identity["seed"] = summary.seed;
  identity["start"] = summary.start;
  identity["horizon_hours"] = summary.horizon_hours;
  identity["deterministic"] = summary.deterministic;
  identity["injections"] = summary.injections;
  out["scenario"] = identity;
  nlohmann::json hospitals = nlohmann::json::object();
  for (const SummaryHospital& hospital : summary.hospitals) {
    hospitals[hospital.id] = {{"name", hospital.name}, {"region", hospital.region}};
  }
  out["hospitals"] = hospitals;
  const PairedRunMetrics& metrics = summary.metrics;
  out["baseline"] = metrics.baseline.has_value();
  out["metrics"] =
      metrics.baseline ? paired_metrics(metrics.run, *metrics.baseline) : metrics_json(metrics.run);
  out["it"] = it_json(metrics.run);
  if (summary.calibration) out["calibration"] = calibration_json(*summary.calibration);
  if (summary.diversions) out["diversions"] = flows_json(*summary.diversions);
  if (summary.baseline_diversions) out["baseline_diversions"] = flows_json(*summary.baseline_diversions);
  out["model_events"] = summary.model_events;
  return out;
}

std::string timeline_csv_header() { return "time,run,hospital,metric,value\n"; }

namespace {

// An upper bound of the bytes append_timeline_csv() writes for `log` (so the text is allocated once): every
// datetime label at most 19 bytes, every number at most 24 (the shortest round-trip form of a double).
std::size_t timeline_csv_bound(const RunLog& log, std::string_view run) {
  std::vector<std::size_t> hospital_bytes;
  for (const std::string& id : log.hospitals) hospital_bytes.push_back(id.size());
  std::size_t metric_bytes[kTimelineMetricCount];
  for (std::uint32_t m = 0; m < kTimelineMetricCount; ++m) {
    metric_bytes[m] = std::string_view(timeline_metric_name(static_cast<TimelineMetric>(m))).size();
  }
  std::size_t total = 0;
  for (const TimelineRow& row : log.timeline) {
    total += (row.hospital == kNoHospital ? 6 : hospital_bytes[static_cast<std::size_t>(row.hospital)]) +
             metric_bytes[static_cast<std::uint32_t>(row.metric)];
  }
  return total + log.timeline.size() * (19 + run.size() + 24 + 5);
}

}  // namespace

void append_timeline_csv(std::string& out, const RunLog& log, const CivilTime& start, std::string_view run) {
  Seconds label_time = -1.0;
  std::string label;
  for (const TimelineRow& row : log.timeline) {
    if (row.hour_start != label_time) {
      label_time = row.hour_start;
      label = format_civil(civil_after(start, row.hour_start));
    }
    out += label;
    out += ',';
    out += run;
    out += ',';
    out += row.hospital == kNoHospital ? std::string_view("region")
                                       : std::string_view(log.hospital_id(row.hospital));
    out += ',';
    out += timeline_metric_name(row.metric);
    out += ',';
    append_number(out, row.value);
    out += '\n';
  }
}

std::string incidents_csv_header() { return "time,seconds,event,hospital,target,from,to,cause\n"; }

void append_incidents_csv(std::string& out, const RunLog& log, const CivilTime& start) {
  for (const IncidentRow& row : log.incidents) {
    const CivilTime when = civil_after(start, row.time);
    fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", when.year, when.month,
                   when.day, when.hour, when.minute, when.second);
    out += ',';
    append_number(out, row.time);
    out += ',';
    out += csv_field(incident_event_name(row));
    out += ',';
    out += csv_field(log.hospital_id(row.hospital));
    out += ',';
    out += csv_field(log.texts[row.target]);
    out += ',';
    if (row.kind == IncidentKind::kServiceState) out += service_state_name(row.from);
    out += ',';
    if (row.kind == IncidentKind::kServiceState) out += service_state_name(row.to);
    out += ',';
    out += csv_field(log.texts[row.cause]);
    out += '\n';
  }
}

RunOutputTexts render_run_outputs(const RunSummary& summary, const CivilTime& start,
                                  const PairedOutput& output) {
  RunOutputTexts texts;
  texts.summary_json = summary_json(summary).dump(2) + "\n";
  texts.timeline_csv = timeline_csv_header();
  texts.timeline_csv.reserve(texts.timeline_csv.size() + timeline_csv_bound(output.run.log, "scenario") +
                             (output.baseline ? timeline_csv_bound(output.baseline->log, "baseline") : 0));
  append_timeline_csv(texts.timeline_csv, output.run.log, start, "scenario");
  if (output.baseline) append_timeline_csv(texts.timeline_csv, output.baseline->log, start, "baseline");
  texts.events_csv = incidents_csv_header();
  append_incidents_csv(texts.events_csv, output.run.log, start);
  return texts;
}

void release_run_logs(PairedOutput& output) {
  output.run.log = RunLog{};
  if (output.baseline) output.baseline->log = RunLog{};
}

Status write_run_outputs(const std::string& directory, const RunOutputTexts& texts,
                         const std::optional<std::string>& report_html) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error)
    return Status::invalid_argument("cannot create output directory " + directory + ": " + error.message());
  const std::filesystem::path dir(directory);
  std::vector<std::pair<std::string, std::string_view>> files = {
      {(dir / "summary.json").string(), texts.summary_json},
      {(dir / "timeline.csv").string(), texts.timeline_csv},
      {(dir / "events.csv").string(), texts.events_csv}};
  if (report_html) files.emplace_back((dir / "report.html").string(), *report_html);
  // All or none: a full disk leaves no partial set of outputs behind.
  return write_files_atomically(files);
}

}  // namespace hospsim
