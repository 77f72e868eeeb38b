#include "metrics/summary.h"

#include <map>
#include <string>
#include <string_view>

#include "metrics/run_metrics.h"

namespace hospsim {

nlohmann::json paired_value(const nlohmann::json& value, const nlohmann::json& baseline) {
  nlohmann::json out;
  out["value"] = value;
  out["baseline"] = baseline;
  if (value.is_number() && baseline.is_number()) {
    const double delta = value.get<double>() - baseline.get<double>();
    if (value.is_number_integer() && baseline.is_number_integer()) {
      out["delta"] = value.get<std::int64_t>() - baseline.get<std::int64_t>();
    } else {
      out["delta"] = delta;
    }
    const double base = baseline.get<double>();
    out["delta_pct"] = base != 0.0 ? nlohmann::json(100.0 * delta / base) : nlohmann::json(nullptr);
  } else {
    out["delta"] = nullptr;
    out["delta_pct"] = nullptr;
  }
  return out;
}

namespace {

nlohmann::json pair_place(const RunMetrics& run, const MetricRecord& values, const RunMetrics& baseline,
                          const MetricRecord* base, MetricPlace place) {
  nlohmann::json out = nlohmann::json::object();
  for (const MetricInfo& metric : metric_table()) {
    if (!is_reported(run, metric.id, place)) continue;
    const bool paired = base != nullptr && is_reported(baseline, metric.id, place);
    out[std::string(metric.name)] = paired_value(metric_json(values, metric.id),
                                                 paired ? metric_json(*base, metric.id) : nlohmann::json());
  }
  return out;
}

}  // namespace

nlohmann::json paired_metrics(const RunMetrics& run, const RunMetrics& baseline) {
  std::map<std::string_view, const MetricRecord*> base_hospitals;
  for (const HospitalMetrics& hospital : baseline.hospitals)
    base_hospitals[hospital.hospital] = &hospital.values;
  nlohmann::json out;
  out["region"] = pair_place(run, run.region, baseline, &baseline.region, MetricPlace::kRegion);
  nlohmann::json hospitals = nlohmann::json::object();
  for (const HospitalMetrics& hospital : run.hospitals) {
    const auto base = base_hospitals.find(hospital.hospital);
    hospitals[hospital.hospital] =
        pair_place(run, hospital.values, baseline, base == base_hospitals.end() ? nullptr : base->second,
                   MetricPlace::kHospital);
  }
  out["hospitals"] = std::move(hospitals);
  return out;
}

}  // namespace hospsim
