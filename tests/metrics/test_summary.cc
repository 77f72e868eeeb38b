#include <catch2/catch.hpp>

#include "metrics/run_metrics.h"
#include "metrics/summary.h"

using namespace hospsim;

namespace {

// One hospital "h" and the region, with the given arrivals, cancellations and median wait.
RunMetrics run_of(std::int64_t arrivals, std::int64_t cancelled, double wait_median) {
  RunMetrics metrics;
  set_count(metrics.region, MetricId::kEdArrivals, arrivals);
  set_real(metrics.region, MetricId::kEdWaitMedianMin, wait_median);
  HospitalMetrics hospital;
  hospital.hospital = "h";
  set_count(hospital.values, MetricId::kEdArrivals, arrivals);
  set_count(hospital.values, MetricId::kSurgeriesCancelled, cancelled);
  metrics.hospitals.push_back(hospital);
  return metrics;
}

}  // namespace

TEST_CASE("metrics::paired: delta and percentage against the baseline", "[metrics]") {
  const nlohmann::json paired = paired_metrics(run_of(120, 5, 30.0), run_of(100, 0, 20.0));
  CHECK(paired["region"]["ed_arrivals"]["delta"] == 20);
  CHECK(paired["region"]["ed_arrivals"]["delta"].is_number_integer());
  CHECK(paired["region"]["ed_arrivals"]["delta_pct"].get<double>() == Approx(20.0));
  CHECK(paired["region"]["ed_wait_median_min"]["delta"].get<double>() == Approx(10.0));
  CHECK(paired["region"]["ed_wait_median_min"]["delta_pct"].get<double>() == Approx(50.0));
  // Reported but without a value on either side: null value, baseline, delta and percentage.
  CHECK(paired["region"]["surgery_backlog_cleared_hours"]["value"].is_null());
  CHECK(paired["region"]["surgery_backlog_cleared_hours"]["delta"].is_null());
  CHECK(paired["hospitals"]["h"]["surgeries_cancelled"]["delta"] == 5);
  CHECK(paired["hospitals"]["h"]["surgeries_cancelled"]["delta_pct"].is_null());  // baseline 0
  // The region reports no attack metric without a ransomware injection, a hospital never.
  CHECK_FALSE(paired["region"].contains("attack_hosts_infected"));
  CHECK_FALSE(paired["hospitals"]["h"].contains("attack_hosts_infected"));
}

TEST_CASE("metrics::paired: identical runs give zero deltas", "[metrics]") {
  const RunMetrics run = run_of(3, 0, 2.5);
  const nlohmann::json paired = paired_metrics(run, run);
  CHECK(paired["region"]["ed_arrivals"]["delta"] == 0);
  CHECK(paired["region"]["ed_wait_median_min"]["delta"].get<double>() == 0.0);
  CHECK(paired["region"]["ed_wait_median_min"]["delta_pct"].get<double>() == 0.0);
}

TEST_CASE("metrics::paired: a metric the baseline does not report pairs with null", "[metrics]") {
  RunMetrics run = run_of(3, 0, 2.5);
  run.ransomware = true;
  set_count(run.region, MetricId::kAttackHostsInfected, 4);
  const RunMetrics baseline = run_of(3, 0, 2.5);  // no injection: no attack metrics
  const nlohmann::json pair = paired_metrics(run, baseline)["region"]["attack_hosts_infected"];
  CHECK(pair["value"] == 4);
  CHECK(pair["baseline"].is_null());
  CHECK(pair["delta"].is_null());
  CHECK(pair["delta_pct"].is_null());
}
