// The ransomware recovery curve and summary metrics from hand-made event sequences.
#include <catch2/catch.hpp>

#include <string>

#include "hospsim/timeline.h"
#include "metrics/attack_metrics.h"
#include "metrics/run_metrics.h"

namespace hospsim {
namespace {

void emit(AttackMetrics& metrics, Seconds time, InfrastructureKind kind, const std::string& target) {
  const std::string detail;
  metrics.on(InfrastructureEvent{time, kind, target, detail});
}

// The region's attack metrics in `record` as summary.json writes them.
nlohmann::json attack_json(const MetricRecord& record) {
  RunMetrics run;
  run.ransomware = true;
  const nlohmann::json region = metrics_object(run, record, MetricPlace::kRegion);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : region.items()) {
    if (name.rfind("attack_", 0) == 0) out[name] = value;
  }
  return out;
}

Scenario with_ransomware() {
  Scenario scenario;
  Injection injection;
  injection.id = "ransom";
  injection.kind = InjectionKind::kRansomware;
  scenario.injections["ransom"] = injection;
  return scenario;
}

}  // namespace

TEST_CASE("attack::metrics: recovery curve and summary from the attack's events", "[attack]") {
  const Scenario scenario = with_ransomware();
  AttackMetrics metrics(scenario);
  REQUIRE(metrics.active());
  emit(metrics, 0.5 * kHour, InfrastructureKind::kInfected, "dc-a");
  emit(metrics, 0.5 * kHour, InfrastructureKind::kEncrypted, "dc-a");  // dc-a off from 0.5 h
  emit(metrics, 1.5 * kHour, InfrastructureKind::kInfected, "h1");     // h1 infected, not encrypted
  emit(metrics, 2.5 * kHour, InfrastructureKind::kDetected, "ransom");
  emit(metrics, 2.5 * kHour, InfrastructureKind::kIsolated, "dc-a");  // already off
  emit(metrics, 2.5 * kHour, InfrastructureKind::kIsolated, "h1");    // off from 2.5 h
  emit(metrics, 2.5 * kHour, InfrastructureKind::kIsolated, "h2");    // healthy, off from 2.5 h
  emit(metrics, 4 * kHour, InfrastructureKind::kDdosStart, "l");      // ignored
  emit(metrics, 4.5 * kHour, InfrastructureKind::kRestored, "dc-a");
  emit(metrics, 6.5 * kHour, InfrastructureKind::kRestored, "h1");
  emit(metrics, 6.5 * kHour, InfrastructureKind::kReleased, "h2");
  metrics.on_end(8 * kHour);

  MetricRecord record;
  metrics.add_metrics(record);
  const nlohmann::json region = attack_json(record);
  CHECK(region["attack_hosts_infected"] == 2);
  CHECK(region["attack_hosts_isolated"] == 3);
  CHECK(region["attack_hours_to_detect"].get<double>() == 2.0);
  CHECK(region["attack_hours_to_restore"].get<double>() == 6.0);
  // dc-a 0.5 h -> 4.5 h, h1 and h2 2.5 h -> 6.5 h: 4 + 4 + 4 host-hours.
  CHECK(region["attack_host_hours_down"].get<double>() == Approx(12.0).margin(1e-12));

  // Rows: 8 hours x 3 metrics, state at each hour's start.
  const auto& rows = metrics.rows();
  REQUIRE(rows.size() == 24);
  const auto value = [&](int hour, int metric) { return rows[hour * 3 + metric].value; };
  CHECK(std::string(timeline_metric_name(static_cast<TimelineMetric>(
            static_cast<int>(TimelineMetric::kAttackHostsInfected) + 1))) == "attack_hosts_down");
  CHECK(value(0, 0) == 0);
  CHECK(value(1, 0) == 1);  // dc-a infected at 0.5 h
  CHECK(value(1, 1) == 1);
  CHECK(value(2, 0) == 2);
  CHECK(value(3, 1) == 3);  // after containment
  CHECK(value(5, 1) == 2);  // dc-a restored at 4.5 h
  CHECK(value(5, 2) == 1);
  CHECK(value(7, 1) == 0);
  CHECK(value(7, 2) == 3);
  CHECK(rows[7 * 3].hour_start == 7 * kHour);
}

TEST_CASE("attack::metrics: nothing without a ransomware injection; null when never restored", "[attack]") {
  Scenario plain;
  AttackMetrics inactive(plain);
  emit(inactive, 10, InfrastructureKind::kInfected, "dc-a");
  inactive.on_end(kHour);
  MetricRecord record;
  inactive.add_metrics(record);
  CHECK(record == MetricRecord{});
  CHECK(inactive.rows().empty());

  const Scenario scenario = with_ransomware();
  AttackMetrics metrics(scenario);
  emit(metrics, 0, InfrastructureKind::kInfected, "dc-a");
  emit(metrics, 0, InfrastructureKind::kEncrypted, "dc-a");
  metrics.on_end(2 * kHour);
  metrics.add_metrics(record);
  const nlohmann::json region = attack_json(record);
  CHECK(region["attack_hosts_infected"] == 1);
  CHECK(region["attack_hours_to_detect"].is_null());
  CHECK(region["attack_hours_to_restore"].is_null());
  CHECK(region["attack_host_hours_down"].get<double>() == 2.0);
}

}  // namespace hospsim
