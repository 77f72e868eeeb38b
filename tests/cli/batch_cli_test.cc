// `hospsim batch` and `hospsim compare` through run_cli(), as the command line calls them.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "batch_test_support.h"
#include "cli_capture.h"

namespace hospsim::batch {
namespace {

using testing::TempDir;
using testing::tiny_scenario;

using Outcome = hospsim::testing::CliOutcome;

Outcome hospsim(std::vector<std::string> args) { return hospsim::testing::run_cli_captured(std::move(args)); }

std::string tiny_sweep(const TempDir& dir) {
  return dir.write("tiny.json", R"({"format": "hospsim-sweep/1", "name": "tiny", "description": "cli test",
      "scenario": ")" + tiny_scenario() +
                                    R"(", "strategies": ["none", "second-link"], "replications": 2,
      "grid": {"/injections/cut/duration": ["2h", "8h"]}})");
}

}  // namespace

TEST_CASE("batch::cli: batch then compare", "[batch]") {
  TempDir dir;
  const std::string db = dir.file("tiny.db");
  const Outcome batch = hospsim({"batch", tiny_sweep(dir), "-j", "2", "--db", db, "--quiet"});
  CHECK(batch.err == "");
  REQUIRE(batch.exit_code == 0);
  CHECK(batch.out == "");

  const Outcome csv = hospsim({"compare", "--db", db, "--format", "csv", "--metric", "hosp:ed_arrivals"});
  REQUIRE(csv.exit_code == 0);
  std::istringstream lines(csv.out);
  std::string header;
  std::getline(lines, header);
  CHECK_THAT(header, Catch::StartsWith("metric,scope,direction,configuration,strategy,n,"));
  int rows = 0;
  for (std::string line; std::getline(lines, line);) {
    CHECK_THAT(line, Catch::StartsWith("ed_arrivals,hosp,lower,duration="));
    ++rows;
  }
  CHECK(rows == 4);

  const Outcome table = hospsim({"compare", "--db", db, "--half-width", "5"});
  REQUIRE(table.exit_code == 0);
  CHECK_THAT(table.out,
             Catch::StartsWith("Sweep tiny: 8 runs, 0 not ok (left out). 95% confidence intervals"));
  CHECK_THAT(table.out, Catch::Contains("\nregion:surgeries_cancelled (lower is better)\n"));
  CHECK_THAT(table.out, Catch::Contains("n for ±5"));

  SECTION("running it again without --resume is refused") {
    const Outcome again = hospsim({"batch", tiny_sweep(dir), "--db", db, "--quiet"});
    CHECK(again.exit_code == 2);
    CHECK(again.err == "hospsim batch: '" + db +
                           "' already exists: use --resume to continue that batch, or choose another --db\n");
  }
  SECTION("--resume with nothing missing runs nothing") {
    const Outcome again = hospsim({"batch", tiny_sweep(dir), "--db", db, "--resume"});
    CHECK(again.exit_code == 0);
    CHECK(again.out ==
          "batch tiny: 8 runs (8 recorded before), 0 run now, 0 failed; results in " + db + "\n");
  }
}

TEST_CASE("batch::cli: an invalid sweep exits 2 with its problems", "[batch]") {
  TempDir dir;
  const std::string second_line = R"(      "description": "d", "scenario": ")" + tiny_scenario() +
                                  R"(", "replications": -1, "stratgies": []})";
  const std::string sweep =
      dir.write("bad.json", "{\"format\": \"hospsim-sweep/1\", \"name\": \"bad\",\n" + second_line);
  const Outcome outcome = hospsim({"batch", sweep, "--db", dir.file("bad.db")});
  CHECK(outcome.exit_code == 2);
  // line:column of the key for an unknown key, of the value otherwise.
  const std::string key_column = std::to_string(second_line.find("\"stratgies\"") + 1);
  const std::string value_column = std::to_string(second_line.find("-1") + 1);
  CHECK(outcome.err ==
        sweep + ":2:" + key_column + ": /stratgies: unknown key 'stratgies' (did you mean 'strategies'?)\n" +
            sweep + ":2:" + value_column + ": /replications: must be an integer from 1 to 100000, got -1\n");
}

TEST_CASE("batch::cli: a crashing configuration is recorded and the batch exits 3", "[batch]") {
  TempDir dir;
  ::setenv("HOSPSIM_TEST_CRASH_CONFIG", "duration=2h", 1);
  const Outcome outcome = hospsim({"batch", tiny_sweep(dir), "-j", "2", "--db", dir.file("c.db"), "--quiet"});
  ::unsetenv("HOSPSIM_TEST_CRASH_CONFIG");
  CHECK(outcome.exit_code == 3);
  CHECK_THAT(outcome.err,
             Catch::EndsWith("hospsim batch: 4 run(s) failed and were recorded with their error; see "
                             "the runs table of " +
                             dir.file("c.db") + ", and --retry-failed to run them again\n"));
  const Outcome compare = hospsim({"compare", "--db", dir.file("c.db"), "--metric", "ed_arrivals"});
  CHECK(compare.exit_code == 0);
  CHECK_THAT(compare.out, Catch::StartsWith("Sweep tiny: 8 runs, 4 not ok (left out)."));
}

TEST_CASE("batch::cli: compare reports a missing database, metric or baseline", "[batch]") {
  SECTION("database") {
    const Outcome outcome = hospsim({"compare", "--db", "no-such.db"});
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.err == "hospsim compare: cannot open 'no-such.db': no such file\n");
  }
  SECTION("metric syntax") {
    const Outcome outcome = hospsim({"compare", "--db", "no-such.db", "--metric", ":x"});
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.err == "hospsim compare: --metric \":x\": expected METRIC or HOSPITAL:METRIC\n");
  }
}

}  // namespace hospsim::batch

#include "batch/store.h"
#include "run_process.h"

namespace hospsim::batch {

TEST_CASE("batch::cli: a sweep with baselines through the real executable stores value, baseline and delta",
          "[batch]") {
  TempDir dir;
  const std::string sweep = dir.write("paired.json", R"({"format": "hospsim-sweep/1", "name": "paired",
      "description": "cli test", "scenario": ")" + tiny_scenario() +
                                                         R"(", "baseline": true,
      "configurations": {"outage": {"description": "the cut"},
                         "no-outage": {"description": "no injection", "patch": {"injections": null},
                                       "skip_grid": ["/injections/cut/duration"]}},
      "grid": {"/injections/cut/duration": ["8h"]}, "replications": 1})");
  const std::string db = dir.file("paired.db");
  const hospsim::testing::ProcessResult result = hospsim::testing::run_process(
      {hospsim::testing::hospsim_path(), "batch", sweep, "-j", "2", "--db", db}, 300);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out ==
        "batch paired: 2 runs with paired baselines, 2 run now, 0 failed; results in " + db + "\n");
  Result<Store> store = Store::open(db, Store::Mode::kRead);
  REQUIRE(store.is_ok());
  Result<BatchData> data = store->read();
  REQUIRE(data.is_ok());
  REQUIRE(data->runs.size() == 2);
  CHECK(data->runs[0].configuration == "outage,duration=8h");
  CHECK(data->runs[1].configuration == "no-outage");
  // The outage run's baseline is the no-outage run (same seed, no injections).
  int checked = 0;
  for (std::size_t i = 0; i < data->runs[0].metrics.size(); ++i) {
    const MetricValue& outage = data->runs[0].metrics[i];
    const MetricValue& plain = data->runs[1].metrics[i];
    if (outage.metric != "surgeries_cancelled" && outage.metric != "it_availability_pct") continue;
    INFO(outage.scope << ":" << outage.metric);
    REQUIRE(outage.value.has_value());
    CHECK(outage.baseline == plain.value);
    CHECK(outage.delta == *outage.value - *plain.value);
    CHECK(plain.delta == 0.0);
    ++checked;
  }
  CHECK(checked == 4);  // region and hospital, two metrics
}

TEST_CASE("batch::cli: a bad skip_grid exits 2 with FILE:LINE:COL and nothing is created", "[batch]") {
  TempDir dir;
  const std::string sweep =
      dir.write("bad.json",
                "{\"format\": \"hospsim-sweep/1\", \"name\": \"bad\",\n"
                "\"description\": \"d\", \"scenario\": \"" +
                    tiny_scenario() +
                    "\",\n"
                    "\"grid\": {\"/seed\": [1]},\n"
                    "\"configurations\": {\"a\": {\"description\": \"d\", \"skip_grid\": [\"/sed\"]}}}");
  const std::string db = dir.file("bad.db");
  const hospsim::testing::ProcessResult result =
      hospsim::testing::run_process({hospsim::testing::hospsim_path(), "batch", sweep, "--db", db}, 120);
  CHECK(result.exit_code == 2);
  CHECK(result.err == sweep +
                          ":4:60: /configurations/a/skip_grid/0: \"/sed\" is not a key of \"grid\" (did you "
                          "mean \"/seed\"?)\n");
  CHECK_FALSE(std::filesystem::exists(db));
}

}  // namespace hospsim::batch
