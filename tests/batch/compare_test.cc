#include <catch2/catch.hpp>

#include <cmath>

#include "batch/compare.h"

namespace hospsim::batch {
namespace {

// A batch with one configuration, strategies none / a / b and the given region ed_lwbs values per
// replication.
BatchData batch(const std::vector<double>& none, const std::vector<double>& a, const std::vector<double>& b,
                bool common = true) {
  BatchData data;
  data.metadata["sweep_name"] = "hand";
  data.configurations = {"c"};
  data.strategies = {"none", "a", "b"};
  data.common_random_numbers = common;
  int id = 1;
  auto add = [&](const std::string& strategy, const std::vector<double>& values) {
    for (std::size_t r = 0; r < values.size(); ++r) {
      RunRecord run;
      run.id = id++;
      run.configuration = "c";
      run.strategy = strategy;
      run.replication = static_cast<int>(r);
      run.metrics = {{"region", "ed_lwbs", values[r]},
                     {"region", "surgeries_performed", values[r]},
                     {"h1", "ed_lwbs", 2 * values[r]}};
      data.runs.push_back(run);
    }
  };
  add("none", none);
  add("a", a);
  add("b", b);
  return data;
}

CompareOptions lwbs() {
  CompareOptions options;
  options.metrics = {{"region", "ed_lwbs"}};
  return options;
}

}  // namespace

TEST_CASE("batch::compare: means, intervals, paired differences and ranks of a hand-made batch", "[batch]") {
  // none = 1..5 (mean 3, half-width 1.96324); a = none + 1 (paired difference exactly 1); b = 5 - none + 1.
  Result<Comparison> comparison = compare(batch({1, 2, 3, 4, 5}, {2, 3, 4, 5, 6}, {5, 4, 3, 2, 1}), lwbs());
  REQUIRE(comparison.is_ok());
  CHECK(comparison->baseline == "none");
  CHECK(comparison->paired);
  REQUIRE(comparison->metrics.size() == 1);
  const MetricComparison& metric = comparison->metrics[0];
  CHECK(metric.direction == Direction::kLowerIsBetter);
  REQUIRE(metric.rows.size() == 3);
  const ComparisonRow& none = metric.rows[0];
  CHECK(none.is_baseline);
  CHECK_FALSE(none.difference.has_value());
  CHECK(none.estimate.mean == Approx(3.0));
  CHECK(none.estimate.half_width == Approx(1.96324).epsilon(1e-5));
  const ComparisonRow& a = metric.rows[1];
  REQUIRE(a.difference.has_value());
  CHECK(a.difference->n == 5);
  CHECK(a.difference->mean == Approx(1.0));
  CHECK(a.difference->half_width == 0.0);
  const ComparisonRow& b = metric.rows[2];
  // Differences 4, 2, 0, -2, -4: mean 0, s = sqrt(40 / 4) = 3.16228, half-width 2.77645 * 3.16228 / sqrt(5).
  CHECK(b.difference->mean == Approx(0.0).margin(1e-12));
  CHECK(b.difference->sd == Approx(3.16228).epsilon(1e-5));
  CHECK(b.difference->half_width == Approx(3.92648).epsilon(1e-5));
  // Lower is better: none and b tie at 3 (rank 1), a is worse (rank 3).
  CHECK(none.rank == 1);
  CHECK(b.rank == 1);
  CHECK(a.rank == 3);
}

TEST_CASE("batch::compare: identical strategies differ by zero with a zero-width interval", "[batch]") {
  Result<Comparison> comparison = compare(batch({3, 9, 4}, {3, 9, 4}, {3, 9, 4}), lwbs());
  REQUIRE(comparison.is_ok());
  for (const ComparisonRow& row : comparison->metrics[0].rows) {
    if (row.is_baseline) continue;
    CHECK(row.difference->mean == 0.0);
    CHECK(row.difference->half_width == 0.0);
    CHECK(row.rank == 1);
  }
}

TEST_CASE("batch::compare: higher-is-better metrics rank the other way", "[batch]") {
  CompareOptions options;
  options.metrics = {{"region", "surgeries_performed"}};
  Result<Comparison> comparison = compare(batch({1, 1}, {2, 2}, {3, 3}), options);
  REQUIRE(comparison.is_ok());
  CHECK(comparison->metrics[0].direction == Direction::kHigherIsBetter);
  CHECK(comparison->metrics[0].rows[0].rank == 3);
  CHECK(comparison->metrics[0].rows[2].rank == 1);
}

TEST_CASE("batch::compare: failed runs are left out and pairs need both replications", "[batch]") {
  BatchData data = batch({1, 2, 3, 4}, {2, 3, 4, 5}, {1, 1, 1, 1});
  data.runs[1].status = RunStatus::kCrashed;  // none, replication 1
  data.runs[1].metrics.clear();
  Result<Comparison> comparison = compare(data, lwbs());
  REQUIRE(comparison.is_ok());
  CHECK(comparison->failed_runs == 1);
  const ComparisonRow& none = comparison->metrics[0].rows[0];
  CHECK(none.estimate.n == 3);
  CHECK(none.failed_runs == 1);
  const ComparisonRow& a = comparison->metrics[0].rows[1];
  CHECK(a.estimate.n == 4);
  CHECK(a.difference->n == 3);
  CHECK(a.difference->mean == Approx(1.0));
}

TEST_CASE("batch::compare: independent seeds use Welch intervals", "[batch]") {
  Result<Comparison> comparison = compare(batch({1, 2, 3}, {2, 4, 6}, {1, 2, 3}, false), lwbs());
  REQUIRE(comparison.is_ok());
  CHECK_FALSE(comparison->paired);
  const ComparisonRow& a = comparison->metrics[0].rows[1];
  CHECK(a.difference->mean == Approx(2.0));
  CHECK(a.difference->degrees_of_freedom == Approx(50.0 / 17.0));
}

TEST_CASE("batch::compare: replications for a requested half-width", "[batch]") {
  CompareOptions options = lwbs();
  options.half_width = 2.0;
  Result<Comparison> comparison = compare(batch({1, 2, 3, 4, 5}, {2, 3, 4, 5, 6}, {5, 4, 3, 2, 1}), options);
  REQUIRE(comparison.is_ok());
  const auto& rows = comparison->metrics[0].rows;
  CHECK(rows[0].replications_needed == 5);             // s = 1.5811, see the statistics test
  CHECK(rows[1].difference_replications_needed == 2);  // no spread in the differences
  CHECK(rows[0].difference_replications_needed == -1);
}

TEST_CASE("batch::compare: metrics may be qualified by hospital", "[batch]") {
  CompareOptions options;
  options.metrics = {parse_metric("h1:ed_lwbs").value()};
  Result<Comparison> comparison = compare(batch({1, 2, 3}, {1, 2, 3}, {1, 2, 3}), options);
  REQUIRE(comparison.is_ok());
  CHECK(comparison->metrics[0].metric.label() == "h1:ed_lwbs");
  CHECK(comparison->metrics[0].rows[0].estimate.mean == Approx(4.0));
}

TEST_CASE("batch::compare: unknown names are errors that say what exists", "[batch]") {
  const BatchData data = batch({1, 2}, {1, 2}, {1, 2});
  SECTION("baseline") {
    CompareOptions options = lwbs();
    options.baseline = "standby";
    Result<Comparison> comparison = compare(data, options);
    REQUIRE_FALSE(comparison.is_ok());
    CHECK(comparison.status().code() == StatusCode::kNotFound);
    CHECK(comparison.status().message() ==
          "baseline strategy 'standby' is not in the batch; its strategies are "
          "none, a, b");
  }
  SECTION("metric") {
    CompareOptions options;
    options.metrics = {{"region", "ed_lbws"}};
    CHECK(compare(data, options).status().message() ==
          "metric 'region:ed_lbws' is not in the batch's results; did you mean \"ed_lwbs\"?");
    options.metrics = {{"region", "ED_LWBS"}};
    CHECK(compare(data, options).status().message() ==
          "metric 'region:ED_LWBS' is not in the batch's results; did you mean \"ed_lwbs\"?");
    options.metrics = {{"region", "beds"}};
    CHECK(compare(data, options).status().message() == "metric 'region:beds' is not in the batch's results");
  }
  SECTION("scope") {
    CompareOptions options;
    options.metrics = {{"h9", "ed_lwbs"}};
    CHECK(compare(data, options).status().message() ==
          "metric 'h9:ed_lwbs': the batch has no scope 'h9'; its scopes are h1, region");
  }
  SECTION("metric syntax") {
    CHECK(parse_metric("h1:").status().message() == "--metric \"h1:\": expected METRIC or HOSPITAL:METRIC");
    CHECK(parse_metric("ed_lwbs").value().label() == "region:ed_lwbs");
  }
}

TEST_CASE("batch::compare: output formats", "[batch]") {
  CompareOptions options = lwbs();
  Result<Comparison> comparison = compare(batch({1, 2, 3, 4, 5}, {2, 3, 4, 5, 6}, {5, 4, 3, 2, 1}), options);
  REQUIRE(comparison.is_ok());
  SECTION("table") {
    CHECK(format_table(comparison.value()) ==
          "Sweep hand: 15 runs, 0 not ok (left out). 95% confidence intervals (Student t); differences are "
          "strategy minus 'none', paired by replication (common random numbers).\n"
          "\n"
          "region:ed_lwbs (lower is better)\n"
          "configuration  strategy  n  mean    sd  95% CI           vs none  95% CI (paired)  rank\n"
          "c              none      5  3.00  1.58  [1.04, 4.96]  (baseline)  -                   1\n"
          "c              a         5  4.00  1.58  [2.04, 5.96]       +1.00  [1.00, 1.00]        3\n"
          "c              b         5  3.00  1.58  [1.04, 4.96]        0.00  [-3.93, 3.93]       1\n");
  }
  SECTION("csv") {
    const std::string csv = format_csv(comparison.value());
    CHECK_THAT(csv,
               Catch::StartsWith("metric,scope,direction,configuration,strategy,n,failed_runs,mean,sd,"));
    CHECK_THAT(csv,
               Catch::Contains("\ned_lwbs,region,lower,c,none,5,0,3,1.58113883,1.036756839,4.963243161,none,"
                               ",,,,,1,,\n"));
    CHECK_THAT(csv,
               Catch::Contains("\ned_lwbs,region,lower,c,a,5,0,4,1.58113883,2.036756839,5.963243161,none,1,5,"
                               "1,1,paired,3,,\n"));
  }
  SECTION("markdown") {
    const std::string markdown = format_markdown(comparison.value());
    CHECK_THAT(markdown,
               Catch::Contains("\n### region:ed_lwbs (lower is better)\n\n"
                               "| configuration | strategy | n | mean | sd | 95% CI | vs none | "
                               "95% CI (paired) | rank |\n"
                               "| --- | --- | ---: | ---: | ---: | --- | ---: | --- | ---: |\n"
                               "| c | none | 5 | 3.00 | 1.58 | [1.04, 4.96] | (baseline) | - | 1 |\n"));
  }
}

}  // namespace hospsim::batch
