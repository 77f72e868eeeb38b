#include "metrics/run_metrics.h"

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <variant>

namespace hospsim {

namespace {

void require_kind(MetricId id, MetricKind kind) {
  const MetricInfo& metric = metric_info(id);
  if (metric.kind != kind) {
    throw std::logic_error("metric " + std::string(metric.name) + " set with the wrong kind of value");
  }
}

bool condition_holds(const RunMetrics& metrics, MetricCondition condition) {
  switch (condition) {
    case MetricCondition::kAlways:
      return true;
    case MetricCondition::kMutualAid:
      return metrics.mutual_aid;
    case MetricCondition::kTestTurnaround:
      return metrics.test_turnaround;
    case MetricCondition::kRansomware:
      return metrics.ransomware;
  }
  return false;
}

bool scope_includes(MetricScope scope, MetricPlace place) {
  switch (place) {
    case MetricPlace::kHospital:
      return scope == MetricScope::kHospitalAndRegion;
    case MetricPlace::kRegion:
      return scope == MetricScope::kHospitalAndRegion || scope == MetricScope::kRegion;
    case MetricPlace::kService:
      return scope == MetricScope::kService;
  }
  return false;
}

// A record as an array indexed by id: null, an integer or a real.
nlohmann::json record_message(const MetricRecord& record) {
  nlohmann::json values = nlohmann::json::array();
  for (std::size_t i = 0; i < kMetricCount; ++i)
    values.push_back(metric_json(record, static_cast<MetricId>(i)));
  return values;
}

MetricRecord record_from_message(const nlohmann::json& values) {
  if (!values.is_array() || values.size() != kMetricCount) {
    throw std::invalid_argument("a metric record of " + std::to_string(kMetricCount) +
                                " values was expected");
  }
  MetricRecord record;
  for (std::size_t i = 0; i < kMetricCount; ++i) {
    const auto id = static_cast<MetricId>(i);
    const nlohmann::json& value = values[i];
    if (value.is_null()) continue;
    if (metric_info(id).kind == MetricKind::kCount) {
      record.put(id, value.get<std::int64_t>());
    } else {
      record.put(id, value.get<double>());
    }
  }
  return record;
}

}  // namespace

void set_count(MetricRecord& record, MetricId id, std::int64_t value) {
  require_kind(id, MetricKind::kCount);
  record.put(id, value);
}

void set_real(MetricRecord& record, MetricId id, double value) {
  require_kind(id, MetricKind::kReal);
  if (std::isnan(value)) {
    record.put(id, std::nullopt);
  } else {
    record.put(id, value);
  }
}

bool is_reported(const RunMetrics& metrics, MetricId id, MetricPlace place) {
  const MetricInfo& metric = metric_info(id);
  return scope_includes(metric.scope, place) && condition_holds(metrics, metric.condition);
}

nlohmann::json metric_json(const MetricRecord& record, MetricId id) {
  const std::optional<MetricNumber>& value = record.get(id);
  if (!value) return nullptr;
  if (const auto* count = std::get_if<std::int64_t>(&*value)) return *count;
  return std::get<double>(*value);
}

std::optional<MetricNumber> written_value(const MetricRecord& record, MetricId id) {
  const std::optional<MetricNumber>& value = record.get(id);
  if (const auto* real = value ? std::get_if<double>(&*value) : nullptr; real && !std::isfinite(*real))
    return std::nullopt;
  return value;
}

std::optional<double> lowest_availability(const HospitalMetrics& hospital) {
  std::optional<double> lowest;
  for (const ServiceMetrics& service : hospital.services) {
    const std::optional<MetricNumber> value = written_value(service.values, MetricId::kAvailabilityPct);
    if (!value) continue;
    const double availability = std::visit([](auto number) { return static_cast<double>(number); }, *value);
    if (!lowest || availability < *lowest) lowest = availability;
  }
  return lowest;
}

std::optional<double> lowest_availability(const RunMetrics& metrics) {
  std::optional<double> lowest;
  for (const HospitalMetrics& hospital : metrics.hospitals) {
    const std::optional<double> availability = lowest_availability(hospital);
    if (availability && (!lowest || *availability < *lowest)) lowest = availability;
  }
  return lowest;
}

nlohmann::json metrics_object(const RunMetrics& metrics, const MetricRecord& record, MetricPlace place) {
  nlohmann::json out = nlohmann::json::object();
  for (const MetricInfo& metric : metric_table()) {
    if (is_reported(metrics, metric.id, place))
      out[std::string(metric.name)] = metric_json(record, metric.id);
  }
  return out;
}

nlohmann::json metrics_json(const RunMetrics& metrics) {
  nlohmann::json hospitals = nlohmann::json::object();
  for (const HospitalMetrics& hospital : metrics.hospitals) {
    hospitals[hospital.hospital] = metrics_object(metrics, hospital.values, MetricPlace::kHospital);
  }
  nlohmann::json out;
  out["region"] = metrics_object(metrics, metrics.region, MetricPlace::kRegion);
  out["hospitals"] = std::move(hospitals);
  return out;
}

nlohmann::json it_json(const RunMetrics& metrics) {
  nlohmann::json out = nlohmann::json::object();
  for (const HospitalMetrics& hospital : metrics.hospitals) {
    nlohmann::json by_service = nlohmann::json::object();
    for (const ServiceMetrics& service : hospital.services) {
      by_service[service.service] = metrics_object(metrics, service.values, MetricPlace::kService);
    }
    out[hospital.hospital] = std::move(by_service);
  }
  return out;
}

nlohmann::json to_message(const RunMetrics& metrics) {
  nlohmann::json hospitals = nlohmann::json::array();
  for (const HospitalMetrics& hospital : metrics.hospitals) {
    nlohmann::json services = nlohmann::json::array();
    for (const ServiceMetrics& service : hospital.services) {
      services.push_back({{"service", service.service}, {"values", record_message(service.values)}});
    }
    hospitals.push_back({{"hospital", hospital.hospital},
                         {"values", record_message(hospital.values)},
                         {"services", services}});
  }
  return {{"mutual_aid", metrics.mutual_aid},
          {"test_turnaround", metrics.test_turnaround},
          {"ransomware", metrics.ransomware},
          {"region", record_message(metrics.region)},
          {"hospitals", std::move(hospitals)}};
}

RunMetrics metrics_from_message(const nlohmann::json& message) {
  RunMetrics metrics;
  metrics.mutual_aid = message.at("mutual_aid").get<bool>();
  metrics.test_turnaround = message.at("test_turnaround").get<bool>();
  metrics.ransomware = message.at("ransomware").get<bool>();
  metrics.region = record_from_message(message.at("region"));
  for (const nlohmann::json& entry : message.at("hospitals")) {
    HospitalMetrics hospital;
    hospital.hospital = entry.at("hospital").get<std::string>();
    hospital.values = record_from_message(entry.at("values"));
    for (const nlohmann::json& service_entry : entry.at("services")) {
      hospital.services.push_back(
          {service_entry.at("service").get<std::string>(), record_from_message(service_entry.at("values"))});
    }
    metrics.hospitals.push_back(std::move(hospital));
  }
  return metrics;
}

}  // namespace hospsim
