#include <catch2/catch.hpp>

#include <string>

#include "check/expectation.h"

using hospsim::check::Kind;
using hospsim::check::parse_expectations;

namespace {

std::string messages(const hospsim::Status& status) {
  std::string out;
  for (const hospsim::Problem& problem : status.problems()) out += problem.format() + "\n";
  return out;
}

}  // namespace

TEST_CASE("check::parse_expectations: reads both kinds in file order", "[check]") {
  const std::string text = R"({
  "format": "hospsim-expect/1",
  "scenario": "../s.json",
  "strategy": "drill",
  "expectations": {
    "z-outputs": {"kind": "exact", "seed": 3, "copy": "s.outputs"},
    "a-load": {"kind": "statistical", "metric": "auh:ed_arrivals", "of": "delta", "replications": 4,
               "mean": 12.5, "tolerance": {"relative": 0.1, "standard_errors": 3}}
  }
})";
  auto parsed = parse_expectations(text, "dir/e.expect.json");
  REQUIRE(parsed.is_ok());
  CHECK(parsed->scenario_path == "s.json");
  CHECK(parsed->strategy == "drill");
  REQUIRE(parsed->expectations.size() == 2);
  const auto& exact = parsed->expectations[0];
  CHECK(exact.name == "z-outputs");
  CHECK(exact.kind == Kind::kExact);
  CHECK(*exact.seed == 3);
  CHECK(exact.summary_sha256.empty());
  const auto& load = parsed->expectations[1];
  CHECK(load.kind == Kind::kStatistical);
  CHECK(load.summary_pointer() == "/metrics/hospitals/auh/ed_arrivals/delta");
  CHECK(load.metric_label() == "auh:ed_arrivals (delta)");
  CHECK(load.replications == 4);
  CHECK(*load.mean == 12.5);
  CHECK(*load.tolerance.relative == 0.1);
  CHECK(!load.tolerance.absolute);
}

TEST_CASE("check::parse_expectations: metric forms", "[check]") {
  auto metric = [](const std::string& name) {
    const std::string text = R"({"format": "hospsim-expect/1", "scenario": "s.json", "expectations": {"m":
      {"kind": "statistical", "metric": ")" +
                             name + R"(", "tolerance": {"absolute": 1}}}})";
    auto parsed = parse_expectations(text, "e.json");
    REQUIRE(parsed.is_ok());
    return parsed->expectations[0].summary_pointer();
  };
  CHECK(metric("surgeries_cancelled") == "/metrics/region/surgeries_cancelled/value");
  CHECK(metric("/it/auh/ehr/availability_pct") == "/it/auh/ehr/availability_pct");
}

TEST_CASE("check::parse_expectations: every problem with FILE:LINE:COL: /pointer: message", "[check]") {
  const std::string text = R"({
  "format": "hospsim-expect/2",
  "scenario": "s.json",
  "colour": "red",
  "expectations": {
    "a": {"kind": "exact", "summary_sha256": "abc", "copy": "../elsewhere"},
    "b": {"kind": "statistical", "metric": "x:y:z", "of": "median", "replications": 0,
          "tolerance": {"relative": -1, "standard_errors": 0}},
    "c": {"kind": "statistical", "metric": "m", "replications": 1, "tolerance": {"confidence": 0.95}},
    "d": {"kind": "fuzzy"},
    "e": {"kind": "statistical", "metric": "m"}
  }
})";
  auto parsed = parse_expectations(text, "e.expect.json");
  REQUIRE(!parsed.is_ok());
  CHECK(parsed.status().code() == hospsim::StatusCode::kInvalidArgument);
  CHECK(
      messages(parsed.status()) ==
      "e.expect.json:4:3: /colour: unknown key \"colour\"; expected one of: $schema, format, scenario, "
      "strategy, description, expectations\n"
      "e.expect.json:2:13: /format: must be \"hospsim-expect/1\", got \"hospsim-expect/2\"\n"
      "e.expect.json:6:46: /expectations/a/summary_sha256: must be a SHA-256 digest (64 lowercase hex "
      "digits), got \"abc\"\n"
      "e.expect.json:6:61: /expectations/a/copy: must be a folder inside the expectation file's folder, got "
      "\"../elsewhere\"\n"
      "e.expect.json:7:44: /expectations/b/metric: must be METRIC, HOSPITAL:METRIC or a JSON pointer into "
      "summary.json, got \"x:y:z\"\n"
      "e.expect.json:7:59: /expectations/b/of: must be one of value, baseline, delta, delta_pct, got "
      "\"median\"\n"
      "e.expect.json:7:85: /expectations/b/replications: must be an integer from 1 to 1000, got 0\n"
      "e.expect.json:8:37: /expectations/b/tolerance/relative: must be at least 0, got -1\n"
      "e.expect.json:8:60: /expectations/b/tolerance/standard_errors: must be greater than 0, got 0\n"
      "e.expect.json:9:81: /expectations/c/tolerance: standard_errors and confidence need at least 2 "
      "replications\n"
      "e.expect.json:10:19: /expectations/d/kind: must be \"exact\" or \"statistical\", got \"fuzzy\"\n"
      "e.expect.json:11:10: /expectations/e: missing required key \"tolerance\"\n");
}

TEST_CASE("check::parse_expectations: malformed JSON names its position", "[check]") {
  auto parsed = parse_expectations("{\"format\": }", "bad.expect.json");
  REQUIRE(!parsed.is_ok());
  REQUIRE(!parsed.status().problems().empty());
  CHECK(parsed.status().problems()[0].format().rfind("bad.expect.json:1:12: ", 0) == 0);
}

TEST_CASE("check::with_statistical: rewrites the recorded mean and keeps the rest", "[check]") {
  const std::string text = R"({"format": "hospsim-expect/1", "scenario": "s.json", "expectations": {"m":
      {"kind": "statistical", "metric": "m", "mean": 1, "tolerance": {"absolute": 1}}}})";
  CHECK(hospsim::check::with_statistical(text, "m", {2.5, 0.5}) ==
        "{\n"
        "  \"format\": \"hospsim-expect/1\",\n"
        "  \"scenario\": \"s.json\",\n"
        "  \"expectations\": {\n"
        "    \"m\": {\n"
        "      \"kind\": \"statistical\",\n"
        "      \"metric\": \"m\",\n"
        "      \"mean\": 2.5,\n"
        "      \"tolerance\": {\n"
        "        \"absolute\": 1\n"
        "      },\n"
        "      \"sd\": 0.5\n"
        "    }\n"
        "  }\n"
        "}\n");
}

#include "check/judge.h"
#include "check/plan.h"

// An exact and a statistical expectation at the same seed share one simulation: it is run once, and each
// expectation's JUnit time is its share of that simulation's wall time, not the whole of it.
TEST_CASE("check::plan: a shared simulation's time is split between the expectations judged on it", "[check]") {
  hospsim::check::LoadedFile loaded;
  loaded.file.path = "x.expect.json";
  loaded.scenario.seed = 10;
  hospsim::check::Expectation exact;
  exact.name = "outputs";
  exact.kind = Kind::kExact;
  hospsim::check::Expectation statistical;
  statistical.name = "mean";
  statistical.kind = Kind::kStatistical;
  statistical.metric = "ed_arrivals";
  statistical.replications = 3;
  loaded.file.expectations = {exact, statistical};
  hospsim::check::CheckPlan plan = hospsim::check::plan_simulations({loaded});
  REQUIRE(plan.simulations.size() == 3);  // seeds 10, 11, 12
  CHECK(plan.simulations[0].seed == 10);
  CHECK(plan.simulations[0].users == 2);
  CHECK(plan.simulations[1].users == 1);
  CHECK(plan.simulations[2].users == 1);
  for (hospsim::check::Simulation& simulation : plan.simulations) {
    simulation.ok = true;
    simulation.summary_json = R"({"metrics": {"region": {"ed_arrivals": {"value": 5}}}})";
    simulation.seconds = 3.0;
  }
  std::string text;
  int updated = 0;
  hospsim::check::Simulation failed = plan.simulations[0];  // the exact judge on a failed run: no files needed
  failed.ok = false;
  failed.error = "test";
  const hospsim::check::Outcome first = hospsim::check::judge_exact(exact, loaded, failed, false, text, updated);
  CHECK(first.seconds == 1.5);
  const hospsim::check::Outcome second = hospsim::check::judge_statistical(
      statistical, loaded, {&plan.simulations[0], &plan.simulations[1], &plan.simulations[2]}, false, text,
      updated);
  INFO(second.message);
  CHECK(second.seconds == 1.5 + 3.0 + 3.0);
}
