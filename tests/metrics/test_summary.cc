#include <catch2/catch.hpp>

#include "metrics/summary.h"

using namespace hospsim;

TEST_CASE("metrics::paired: delta and percentage against the baseline", "[metrics]") {
  nlohmann::json run = {{"region", {{"ed_arrivals", 120}, {"ed_wait_median_min", 30.0}, {"cleared", nullptr}}},
                        {"hospitals", {{"h", {{"ed_arrivals", 120}, {"surgeries_cancelled", 5}}}}}};
  nlohmann::json base = {{"region", {{"ed_arrivals", 100}, {"ed_wait_median_min", 20.0}, {"cleared", nullptr}}},
                         {"hospitals", {{"h", {{"ed_arrivals", 100}, {"surgeries_cancelled", 0}}}}}};
  nlohmann::json paired = paired_metrics(run, base);
  CHECK(paired["region"]["ed_arrivals"]["delta"] == 20);
  CHECK(paired["region"]["ed_arrivals"]["delta_pct"].get<double>() == Approx(20.0));
  CHECK(paired["region"]["ed_wait_median_min"]["delta"].get<double>() == Approx(10.0));
  CHECK(paired["region"]["ed_wait_median_min"]["delta_pct"].get<double>() == Approx(50.0));
  CHECK(paired["region"]["cleared"]["delta"].is_null());
  CHECK(paired["hospitals"]["h"]["surgeries_cancelled"]["delta"] == 5);
  CHECK(paired["hospitals"]["h"]["surgeries_cancelled"]["delta_pct"].is_null());  // baseline 0
}

TEST_CASE("metrics::paired: identical runs give zero deltas", "[metrics]") {
  nlohmann::json run = {{"region", {{"a", 3}, {"b", 2.5}}}, {"hospitals", nlohmann::json::object()}};
  nlohmann::json paired = paired_metrics(run, run);
  CHECK(paired["region"]["a"]["delta"] == 0);
  CHECK(paired["region"]["b"]["delta"].get<double>() == 0.0);
  CHECK(paired["region"]["b"]["delta_pct"].get<double>() == 0.0);
}
