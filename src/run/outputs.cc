#include "run/outputs.h"

#include <filesystem>
#include <utility>
#include <vector>

#include "metrics/calibration.h"
#include "metrics/csv.h"
#include "metrics/run_metrics.h"
#include "metrics/summary.h"
#include "scenario/files.h"

namespace hospsim {

nlohmann::json build_summary(const Scenario& scenario, std::uint64_t seed, const PairedOutput& output) {
  nlohmann::json summary;
  summary["format"] = "hospsim-summary/1";
  nlohmann::json identity;
  identity["name"] = scenario.name;
  identity["strategy"] = scenario.applied_strategy;
  identity["seed"] = seed;
  identity["start"] = format_civil(scenario.start);
  identity["horizon_hours"] = scenario.horizon / kHour;
  identity["deterministic"] = scenario.deterministic;
  nlohmann::json injections = nlohmann::json::array();
  for (const auto& [id, injection] : scenario.injections) injections.push_back(id);
  identity["injections"] = injections;
  summary["scenario"] = identity;
  nlohmann::json hospitals = nlohmann::json::object();
  for (const auto& [id, hospital] : scenario.hospitals) {
    hospitals[id] = {{"name", hospital.name}, {"region", hospital.region}};
  }
  summary["hospitals"] = hospitals;
  summary["baseline"] = output.baseline.has_value();
  summary["metrics"] = output.baseline ? paired_metrics(output.run.metrics, output.baseline->metrics)
                                      : metrics_json(output.run.metrics);
  summary["it"] = it_json(output.run.metrics);
  summary["calibration"] =
      calibration_view(output.baseline ? output.baseline->calibration : output.run.calibration, output.baseline.has_value());
  summary["diversions"] = output.run.diversions;
  if (output.baseline) summary["baseline_diversions"] = output.baseline->diversions;
  summary["model_events"] = output.run.events;
  return summary;
}

RunOutputTexts render_run_outputs(const Scenario& scenario, std::uint64_t seed, const PairedOutput& output) {
  RunOutputTexts texts;
  texts.summary_json = build_summary(scenario, seed, output).dump(2) + "\n";
  const std::string header = timeline_csv_header();
  texts.timeline_csv.reserve(header.size() + output.run.timeline_csv.size() +
                             (output.baseline ? output.baseline->timeline_csv.size() : 0));
  texts.timeline_csv = header;
  texts.timeline_csv += output.run.timeline_csv;
  if (output.baseline) texts.timeline_csv += output.baseline->timeline_csv;
  texts.events_csv = incidents_csv_header() + output.run.incidents_csv;
  return texts;
}

RunOutputTexts take_run_outputs(const Scenario& scenario, std::uint64_t seed, PairedOutput& output) {
  RunOutputTexts texts = render_run_outputs(scenario, seed, output);
  std::string().swap(output.run.timeline_csv);
  if (output.baseline) std::string().swap(output.baseline->timeline_csv);
  return texts;
}

Status write_run_outputs(const std::string& directory, const RunOutputTexts& texts,
                         const std::optional<std::string>& report_html) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) return Status::invalid_argument("cannot create output directory " + directory + ": " + error.message());
  const std::filesystem::path dir(directory);
  std::vector<std::pair<std::string, std::string>> files = {{(dir / "summary.json").string(), texts.summary_json},
                                                            {(dir / "timeline.csv").string(), texts.timeline_csv},
                                                            {(dir / "events.csv").string(), texts.events_csv}};
  if (report_html) files.emplace_back((dir / "report.html").string(), *report_html);
  // All or none: a full disk leaves no partial set of outputs behind.
  return write_files_atomically(files);
}

}  // namespace hospsim
