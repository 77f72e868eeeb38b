#include "run/output_message.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "metrics/run_metrics.h"

namespace hospsim {

namespace {

using nlohmann::json;

// The raw bytes of `rows` as a JSON binary value.
template <class Row>
json bytes_of(const std::vector<Row>& rows) {
  static_assert(std::is_trivially_copyable_v<Row>);
  std::vector<std::uint8_t> bytes(rows.size() * sizeof(Row));
  if (!bytes.empty()) std::memcpy(bytes.data(), rows.data(), bytes.size());
  return json::binary(std::move(bytes));
}

// The rows in the binary value `value` (freed), or false when it is not a whole number of rows.
template <class Row>
bool take_rows(json& value, std::vector<Row>& rows) {
  if (!value.is_binary()) return false;
  std::vector<std::uint8_t> bytes = std::move(value.get_binary());
  value = nullptr;
  if (bytes.size() % sizeof(Row) != 0) return false;
  rows.resize(bytes.size() / sizeof(Row));
  if (!bytes.empty()) std::memcpy(rows.data(), bytes.data(), bytes.size());
  return true;
}

bool take_strings(json& value, std::vector<std::string>& out) {
  if (!value.is_array()) return false;
  out.reserve(value.size());
  for (json& item : value) {
    if (!item.is_string()) return false;
    out.push_back(std::move(item.get_ref<std::string&>()));
  }
  return true;
}

json log_message(RunLog&& log) {
  json message = {{"hospitals", std::move(log.hospitals)},
                  {"texts", std::move(log.texts)},
                  {"timeline", bytes_of(log.timeline)},
                  {"incidents", bytes_of(log.incidents)}};
  log = RunLog{};
  return message;
}

// Whether every row of `log` names a hospital, metric, kind and text its tables hold.
bool consistent(const RunLog& log) {
  const auto hospitals = static_cast<std::int64_t>(log.hospitals.size());
  const auto known_hospital = [hospitals](std::int32_t h) {
    return h == kNoHospital || (h >= 0 && h < hospitals);
  };
  for (const TimelineRow& row : log.timeline) {
    if (!known_hospital(row.hospital) || static_cast<std::uint32_t>(row.metric) >= kTimelineMetricCount ||
        !std::isfinite(row.hour_start))
      return false;
  }
  for (const IncidentRow& row : log.incidents) {
    if (!known_hospital(row.hospital) || !std::isfinite(row.time) || row.target >= log.texts.size() ||
        row.cause >= log.texts.size() || row.kind > IncidentKind::kSurgeClose ||
        row.infrastructure > InfrastructureKind::kReleased || row.from > ServiceState::kRecovering ||
        row.to > ServiceState::kRecovering) {
      return false;
    }
  }
  return true;
}

bool take_log(json& message, RunLog& log) {
  if (!message.is_object()) return false;
  for (const char* key : {"hospitals", "texts", "timeline", "incidents"}) {
    if (!message.contains(key)) return false;
  }
  return take_strings(message["hospitals"], log.hospitals) && take_strings(message["texts"], log.texts) &&
         take_rows(message["timeline"], log.timeline) && take_rows(message["incidents"], log.incidents) &&
         consistent(log);
}

// Calibration figures as an array in CalibrationFigure order, null for none.
json figures_message(const CalibrationFigures& figures) {
  json out = json::array();
  for (std::size_t i = 0; i < kCalibrationFigureCount; ++i) {
    const std::optional<double>& value = figures.get(static_cast<CalibrationFigure>(i));
    out.push_back(value ? json(*value) : json(nullptr));
  }
  return out;
}

CalibrationFigures figures_from_message(const json& values) {
  if (!values.is_array() || values.size() != kCalibrationFigureCount) {
    throw std::invalid_argument("a calibration record of " + std::to_string(kCalibrationFigureCount) +
                                " figures was expected");
  }
  CalibrationFigures figures;
  for (std::size_t i = 0; i < kCalibrationFigureCount; ++i) {
    if (!values[i].is_null()) figures.put(static_cast<CalibrationFigure>(i), values[i].get<double>());
  }
  return figures;
}

// {"region": figures, "hospitals": [[id, figures], ...]}.
json calibration_message(const RunCalibration& calibration) {
  json hospitals = json::array();
  for (const HospitalCalibration& hospital : calibration.hospitals) {
    hospitals.push_back(json::array({hospital.hospital, figures_message(hospital.figures)}));
  }
  return {{"region", figures_message(calibration.region)}, {"hospitals", std::move(hospitals)}};
}

RunCalibration calibration_from_message(const json& message) {
  RunCalibration calibration;
  calibration.region = figures_from_message(message.at("region"));
  for (const json& hospital : message.at("hospitals")) {
    calibration.hospitals.push_back(
        {hospital.at(0).get<std::string>(), figures_from_message(hospital.at(1))});
  }
  return calibration;
}

// [[from, to, ambulances, walk_ins_advised, extra_travel_hours], ...].
json flows_message(const std::vector<DiversionFlow>& flows) {
  json out = json::array();
  for (const DiversionFlow& flow : flows) {
    out.push_back(
        json::array({flow.from, flow.to, flow.ambulances, flow.walk_ins_advised, flow.extra_travel_hours}));
  }
  return out;
}

std::vector<DiversionFlow> flows_from_message(const json& message) {
  if (!message.is_array()) throw std::invalid_argument("the diversion flows are not an array");
  std::vector<DiversionFlow> flows;
  flows.reserve(message.size());
  for (const json& flow : message) {
    flows.push_back({flow.at(0).get<std::string>(), flow.at(1).get<std::string>(),
                     flow.at(2).get<std::int64_t>(), flow.at(3).get<std::int64_t>(),
                     flow.at(4).get<double>()});
  }
  return flows;
}

}  // namespace

json output_message(SimulationOutput&& output) {
  return {{"metrics", to_message(output.metrics)},
          {"calibration", calibration_message(output.calibration)},
          {"log", log_message(std::move(output.log))},
          {"records_ed_csv", std::move(output.records_ed_csv)},
          {"records_surgery_csv", std::move(output.records_surgery_csv)},
          {"records_outpatient_csv", std::move(output.records_outpatient_csv)},
          {"diversions", flows_message(output.diversions)},
          {"events", output.events},
          {"wall_seconds", output.wall_seconds},
          {"simulated_seconds", output.simulated_seconds},
          {"it_requests", output.it_requests},
          {"it_requests_elided", output.it_requests_elided},
          {"peak_rss_kb", output.peak_rss_kb},
          {"cpu_seconds", output.cpu_seconds}};
}

Result<SimulationOutput> output_from_message(json& message) {
  try {
    auto take_text = [&message](const char* key) {
      if (!message.contains(key)) return std::string();
      return std::move(message.at(key).get_ref<std::string&>());
    };
    SimulationOutput output;
    output.metrics = metrics_from_message(message.at("metrics"));
    output.calibration = calibration_from_message(message.at("calibration"));
    if (!message.contains("log") || !take_log(message["log"], output.log)) {
      return Status::internal("the result holds no readable timeline and incident log");
    }
    output.records_ed_csv = take_text("records_ed_csv");
    output.records_surgery_csv = take_text("records_surgery_csv");
    output.records_outpatient_csv = take_text("records_outpatient_csv");
    output.diversions = flows_from_message(message.at("diversions"));
    output.events = message.at("events").get<std::uint64_t>();
    output.wall_seconds = message.at("wall_seconds").get<double>();
    output.simulated_seconds = message.at("simulated_seconds").get<double>();
    output.it_requests = message.value("it_requests", std::uint64_t{0});
    output.it_requests_elided = message.value("it_requests_elided", std::uint64_t{0});
    output.peak_rss_kb = message.value("peak_rss_kb", std::uint64_t{0});
    output.cpu_seconds = message.value("cpu_seconds", 0.0);
    return output;
  } catch (const json::exception& error) {
    return Status::internal(std::string("the result is not a simulation output: ") + error.what());
  } catch (const std::invalid_argument& error) {
    return Status::internal(std::string("the result is not a simulation output: ") + error.what());
  }
}

}  // namespace hospsim
