// The metric table against what the collector reports and what docs/model.md lists.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "hospsim/loader.h"
#include "metrics/collector.h"
#include "metrics/metric_table.h"
#include "metrics/run_metrics.h"
#include "support/test_files.h"

namespace hospsim {
namespace {

// The table's names of `scope` reported under the conditions `holds`.
std::set<std::string> table_names(MetricScope scope, const std::set<MetricCondition>& holds) {
  std::set<std::string> names;
  for (const MetricInfo& metric : metric_table()) {
    if (metric.scope == scope && holds.count(metric.condition) > 0) names.insert(std::string(metric.name));
  }
  return names;
}

std::set<std::string> keys(const nlohmann::json& object) {
  std::set<std::string> names;
  for (const auto& [key, value] : object.items()) names.insert(key);
  return names;
}

// Each value is written as its kind says: an integer for a count, a number or null for a real.
void check_kinds(const nlohmann::json& object) {
  for (const auto& [key, value] : object.items()) {
    const MetricInfo* metric = find_metric(key);
    REQUIRE(metric != nullptr);
    INFO(key << " = " << value.dump());
    if (metric->kind == MetricKind::kCount) {
      CHECK(value.is_number_integer());
    } else {
      CHECK((value.is_number_float() || value.is_null()));
    }
  }
}

std::set<std::string> with(std::set<std::string> a, const std::set<std::string>& b) {
  a.insert(b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("metrics::metric_table: one entry per name, found by name", "[metrics]") {
  std::set<std::string> names;
  for (const MetricInfo& metric : metric_table()) {
    CHECK(names.insert(std::string(metric.name)).second);
    CHECK_FALSE(metric.unit.empty());
    CHECK_FALSE(metric.description.empty());
  }
  REQUIRE(find_metric("ed_wait_p90_min") != nullptr);
  CHECK(find_metric("ed_wait_p90_min")->unit == "minutes");
  CHECK(find_metric("ed_wait_p90_min")->better == Better::kLower);
  CHECK(find_metric("surgeries_performed")->better == Better::kHigher);
  CHECK(find_metric("it_availability_pct")->scope == MetricScope::kBatch);
  CHECK(find_metric("ed_wait") == nullptr);
  std::set<std::string> higher;
  for (const MetricInfo& metric : metric_table()) {
    if (metric.better == Better::kHigher) higher.insert(std::string(metric.name));
  }
  CHECK(higher == std::set<std::string>{"surgeries_performed", "surgeries_rebooked", "outpatient_attended",
                                        "ed_within_4h_pct", "surgeries_moved_out", "surgeries_moved_in",
                                        "surgeries_moved_in_performed", "availability_pct",
                                        "it_availability_pct"});
}

TEST_CASE("metrics::metric_table: the collector reports exactly the table's metrics, with their kinds",
          "[metrics]") {
  SECTION("every mechanism on: mutual aid, test turnaround (full.json), a ransomware injection") {
    Result<Scenario> loaded =
        load_scenario_file(std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/examples/full.json");
    REQUIRE(loaded.is_ok());
    Scenario scenario = loaded.value();
    REQUIRE(scenario.models_test_turnaround());
    scenario.policies.mutual_aid = true;
    Injection ransomware;
    ransomware.id = "zz-ransomware";
    ransomware.kind = InjectionKind::kRansomware;
    scenario.injections[ransomware.id] = ransomware;
    RunCollector collector(scenario);
    collector.on_end(scenario.horizon);
    const nlohmann::json metrics = metrics_json(collector.run_metrics());
    const std::set<MetricCondition> all = {MetricCondition::kAlways, MetricCondition::kMutualAid,
                                           MetricCondition::kTestTurnaround, MetricCondition::kRansomware};
    const std::set<std::string> hospital = table_names(MetricScope::kHospitalAndRegion, all);
    CHECK(keys(metrics["region"]) == with(hospital, table_names(MetricScope::kRegion, all)));
    check_kinds(metrics["region"]);
    REQUIRE_FALSE(metrics["hospitals"].empty());
    for (const auto& [id, values] : metrics["hospitals"].items()) {
      INFO(id);
      CHECK(keys(values) == hospital);
      check_kinds(values);
    }
    const nlohmann::json it = it_json(collector.run_metrics());
    REQUIRE_FALSE(it.empty());
    for (const auto& [id, services] : it.items()) {
      for (const auto& [service, values] : services.items()) {
        CHECK(keys(values) == table_names(MetricScope::kService, all));
        check_kinds(values);
      }
    }
  }
  SECTION("no mechanism: only the metrics reported always") {
    Result<Scenario> loaded =
        load_scenario_file(std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/examples/minimal.json");
    REQUIRE(loaded.is_ok());
    const Scenario& scenario = loaded.value();
    REQUIRE_FALSE(scenario.models_test_turnaround());
    REQUIRE_FALSE(scenario.policies.mutual_aid);
    RunCollector collector(scenario);
    collector.on_end(scenario.horizon);
    const nlohmann::json metrics = metrics_json(collector.run_metrics());
    CHECK(keys(metrics["region"]) ==
          table_names(MetricScope::kHospitalAndRegion, {MetricCondition::kAlways}));
  }
}

TEST_CASE("metrics::metric_table: docs/model.md lists every metric of the table and no other", "[metrics]") {
  const std::string model = testing::read_file(std::string(HOSPSIM_SOURCE_DIR) + "/docs/model.md");
  const std::size_t start = model.find("\n## Metrics\n");
  REQUIRE(start != std::string::npos);
  const std::size_t end = model.find("\n## ", start + 1);
  const std::string section = model.substr(start, end == std::string::npos ? std::string::npos : end - start);
  // The names in the first column of the section's metrics table (up to the blank line after it).
  const std::size_t table_start = section.find("| metric | definition |");
  REQUIRE(table_start != std::string::npos);
  const std::string table = section.substr(table_start, section.find("\n\n", table_start) - table_start);
  std::set<std::string> listed;
  static const std::regex kRow(R"(\n\| ([^|]+)\|)");
  static const std::regex kName("`([a-z0-9_]+)`");
  for (std::sregex_iterator row(table.begin(), table.end(), kRow), rows_end; row != rows_end; ++row) {
    const std::string cell = (*row)[1].str();
    for (std::sregex_iterator name(cell.begin(), cell.end(), kName), names_end; name != names_end; ++name) {
      listed.insert((*name)[1].str());
    }
  }
  const std::set<MetricCondition> all = {MetricCondition::kAlways, MetricCondition::kMutualAid,
                                         MetricCondition::kTestTurnaround, MetricCondition::kRansomware};
  CHECK(listed ==
        with(table_names(MetricScope::kHospitalAndRegion, all), table_names(MetricScope::kRegion, all)));
  for (const std::string& name : table_names(MetricScope::kService, all)) {
    INFO(name);
    CHECK(section.find("`" + name) != std::string::npos);  // "`availability_pct = 100 * ...`"
  }
  const std::string batch = testing::read_file(std::string(HOSPSIM_SOURCE_DIR) + "/docs/batch.md");
  for (const std::string& name : table_names(MetricScope::kBatch, all)) {
    INFO(name);
    CHECK(batch.find("`" + name + "`") != std::string::npos);
  }
}

}  // namespace hospsim
