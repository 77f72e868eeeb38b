// `hospsim batch` and `hospsim compare` through run_cli(), as the command line calls them.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_files.h"
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
        sweep + ":2:" + key_column + ": /stratgies: unknown key \"stratgies\"; did you mean \"strategies\"?\n" +
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
    CHECK(outcome.err == "hospsim compare: no-such.db: cannot open the database (no such file)\n");
  }
  SECTION("metric syntax") {
    const Outcome outcome = hospsim({"compare", "--db", "no-such.db", "--metric", ":x"});
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.err == "hospsim compare: --metric \":x\": expected METRIC or HOSPITAL:METRIC\n");
  }
}

}  // namespace hospsim::batch

#include "batch/store.h"
#include "support/run_process.h"

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
                          ":4:60: /configurations/a/skip_grid/0: \"/sed\" is not a key of \"grid\"; did you "
                          "mean \"/seed\"?\n");
  CHECK_FALSE(std::filesystem::exists(db));
}

}  // namespace hospsim::batch

namespace hospsim::batch {

// tests/run/data/hand.json (deterministic; tests/run/run_test.cc computes it by hand): the link cut 09:30-11:30
// takes the EHR DOWN from about 09:40 to 12:06. The 10:00 surgery case finds it DOWN and cancel_day cancels it
// and the 11:00 case: 2 cancelled against 0 in the baseline, delta 2; the 10:30 and 11:30 outpatient visits
// are cancelled: 2 against 0; the ED census area is 12.5 patient-hours against 12 (two 30-minute treatments
// take 45 minutes while DOWN), so the mean census is 12.5/24 against 12/24, delta 0.5/24.
TEST_CASE("batch::cli: export through the real executable gives tidy rows with a hand-checked delta", "[batch]") {
  TempDir dir;
  const std::string sweep = dir.write("hand.json", R"({"format": "hospsim-sweep/1", "name": "hand",
      "description": "export test", "scenario": ")" + std::string(HOSPSIM_SOURCE_DIR) + R"(/tests/run/data/hand.json",
      "baseline": true,
      "configurations": {"outage": {"description": "the cut"},
                         "no-outage": {"description": "no injection", "patch": {"injections": null},
                                       "skip_grid": true}},
      "grid": {"/injections/cut/duration": ["2h"]}})");
  const std::string db = dir.file("hand.db");
  const std::string hospsim_binary = hospsim::testing::hospsim_path();
  const hospsim::testing::ProcessResult batch =
      hospsim::testing::run_process({hospsim_binary, "batch", sweep, "-j", "2", "--db", db, "-q"}, 300);
  INFO(batch.err);
  REQUIRE(batch.exit_code == 0);
  const std::string csv_path = dir.file("hand.csv");
  const hospsim::testing::ProcessResult exported =
      hospsim::testing::run_process({hospsim_binary, "export", "--db", db, "-o", csv_path}, 120);
  INFO(exported.err);
  REQUIRE(exported.exit_code == 0);
  CHECK(exported.out == "wrote " + csv_path + "\n");
  const hospsim::testing::ProcessResult to_stdout =
      hospsim::testing::run_process({hospsim_binary, "export", "--db", db}, 120);
  REQUIRE(to_stdout.exit_code == 0);
  const std::string csv = hospsim::testing::read_file(csv_path);
  CHECK(csv == to_stdout.out);
  std::istringstream lines(csv);
  std::string header;
  std::getline(lines, header);
  CHECK(header == "configuration,strategy,replication,seed,status,scope,metric,value,baseline,delta,duration");
  std::map<std::string, std::string> rows;  // "configuration|scope|metric" -> "value,baseline,delta,duration"
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    const std::string prefix = line.rfind("\"outage,duration=2h\",none,0,1,ok,", 0) == 0 ? "outage"
                               : line.rfind("no-outage,none,0,1,ok,", 0) == 0       ? "no-outage"
                                                                                     : "";
    REQUIRE(prefix != "");
    std::string rest = line.substr(prefix == "outage" ? 33 : 22);
    const std::size_t scope_end = rest.find(',');
    const std::size_t metric_end = rest.find(',', scope_end + 1);
    rows[prefix + "|" + rest.substr(0, metric_end)] = rest.substr(metric_end + 1);
  }
  CHECK(count == static_cast<int>(rows.size()));
  CHECK(rows.at("outage|region,surgeries_cancelled") == "2,0,2,2h");
  CHECK(rows.at("outage|h,surgeries_cancelled") == "2,0,2,2h");
  CHECK(rows.at("outage|h,outpatient_cancelled") == "2,0,2,2h");
  const std::string census = rows.at("outage|h,ed_census_mean");
  CHECK_THAT(census, Catch::EndsWith(",2h"));
  double value = 0, base = 0, delta = 0;
  REQUIRE(std::sscanf(census.c_str(), "%lf,%lf,%lf", &value, &base, &delta) == 3);
  CHECK(value == Approx(12.5 / 24));
  CHECK(base == Approx(12.0 / 24));
  CHECK(delta == Approx(0.5 / 24));
  CHECK(rows.at("no-outage|region,surgeries_cancelled") == "0,0,0,");
  CHECK(rows.at("outage|h,it_availability_pct").substr(0, 4) != "100,");
  CHECK_THAT(rows.at("outage|h,it_availability_pct"), Catch::Contains(",100,-"));
}

TEST_CASE("batch::cli: export reports a missing database", "[batch]") {
  const Outcome missing = hospsim({"export", "--db", "no-such.db"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "hospsim export: no-such.db: cannot open the database (no such file)\n");
}

}  // namespace hospsim::batch
