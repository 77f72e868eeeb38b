#include "batch/export.h"

#include <algorithm>
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "metrics/csv.h"

namespace hospsim::batch {

namespace {

const std::vector<std::string> kFixedColumns = {"configuration", "strategy", "replication", "seed", "status",
                                                "scope",         "metric",   "value",       "baseline", "delta"};

// The last token of a JSON pointer ("/a/b~1c" -> "b/c").
std::string last_token(const std::string& pointer) {
  try {
    const nlohmann::json::json_pointer parsed(pointer);
    return parsed.empty() ? pointer : parsed.back();
  } catch (const nlohmann::json::exception&) {
    return pointer;
  }
}

// The grid keys of the batch in order of first appearance, each with its column name (see export.h).
std::vector<std::pair<std::string, std::string>> grid_columns(const std::vector<nlohmann::ordered_json>& parameters) {
  std::vector<std::string> keys;
  for (const nlohmann::ordered_json& values : parameters) {
    if (!values.is_object()) continue;
    for (const auto& [key, unused] : values.items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  }
  std::vector<std::pair<std::string, std::string>> columns;
  for (const std::string& key : keys) {
    const std::string last = last_token(key);
    const auto same = std::count_if(keys.begin(), keys.end(),
                                    [&](const std::string& other) { return last_token(other) == last; });
    std::string name = same > 1 && !key.empty() ? key.substr(1) : last;
    if (std::find(kFixedColumns.begin(), kFixedColumns.end(), name) != kFixedColumns.end()) name = key;
    columns.emplace_back(key, name);
  }
  return columns;
}

std::string number_or_empty(const std::optional<double>& value) {
  return value.has_value() ? format_number(*value) : std::string();
}

std::string parameter_text(const nlohmann::ordered_json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

std::string export_csv(const BatchData& data) {
  std::vector<nlohmann::ordered_json> parameters;
  std::map<std::string, std::size_t> configuration_index;
  for (std::size_t i = 0; i < data.configurations.size(); ++i) {
    configuration_index[data.configurations[i]] = i;
    const std::string text = i < data.configuration_parameters.size() ? data.configuration_parameters[i] : "{}";
    parameters.push_back(nlohmann::ordered_json::parse(text, nullptr, false));  // discarded (not an object) on error
  }
  const std::vector<std::pair<std::string, std::string>> columns = grid_columns(parameters);

  std::string out;
  for (std::size_t i = 0; i < kFixedColumns.size(); ++i) out += (i == 0 ? "" : ",") + kFixedColumns[i];
  for (const auto& [key, name] : columns) out += "," + csv_field(name);
  out += "\n";
  for (const RunRecord& run : data.runs) {
    std::string grid;
    const auto found = configuration_index.find(run.configuration);
    for (const auto& [key, name] : columns) {
      grid += ",";
      if (found == configuration_index.end()) continue;
      const nlohmann::ordered_json& values = parameters[found->second];
      if (values.is_object() && values.contains(key)) grid += csv_field(parameter_text(values.at(key)));
    }
    const std::string prefix = csv_field(run.configuration) + "," + csv_field(run.strategy) + "," +
                               std::to_string(run.replication) + "," + std::to_string(run.seed) + "," +
                               csv_field(run_status_name(run.status)) + ",";
    if (run.status != RunStatus::kOk || run.metrics.empty()) {
      out += prefix + ",,,," + grid + "\n";
      continue;
    }
    // The region first, then the hospitals (the store gives scopes in name order).
    std::vector<const MetricValue*> rows;
    for (const MetricValue& metric : run.metrics) {
      if (metric.scope == "region") rows.push_back(&metric);
    }
    for (const MetricValue& metric : run.metrics) {
      if (metric.scope != "region") rows.push_back(&metric);
    }
    for (const MetricValue* metric : rows) {
      out += prefix + csv_field(metric->scope) + "," + csv_field(metric->metric) + "," +
             number_or_empty(metric->value) + "," + number_or_empty(metric->baseline) + "," +
             number_or_empty(metric->delta) + grid + "\n";
    }
  }
  return out;
}

}  // namespace hospsim::batch
