#include "metrics/summary.h"

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

nlohmann::json pair_flat(const nlohmann::json& run, const nlohmann::json& baseline) {
  nlohmann::json out = nlohmann::json::object();
  for (auto it = run.begin(); it != run.end(); ++it) {
    const nlohmann::json& base = baseline.contains(it.key()) ? baseline.at(it.key()) : nlohmann::json(nullptr);
    out[it.key()] = paired_value(it.value(), base);
  }
  return out;
}

}  // namespace

nlohmann::json paired_metrics(const nlohmann::json& run, const nlohmann::json& baseline) {
  nlohmann::json out;
  out["region"] = pair_flat(run.at("region"), baseline.at("region"));
  nlohmann::json hospitals = nlohmann::json::object();
  for (auto it = run.at("hospitals").begin(); it != run.at("hospitals").end(); ++it) {
    const nlohmann::json& base = baseline.at("hospitals").contains(it.key()) ? baseline.at("hospitals").at(it.key())
                                                                              : nlohmann::json::object();
    hospitals[it.key()] = pair_flat(it.value(), base);
  }
  out["hospitals"] = std::move(hospitals);
  return out;
}

}  // namespace hospsim
