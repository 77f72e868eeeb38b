// `hospsim check` through the real executable, on a one-day copy of the minimal example scenario (one
// hospital; its only data-centre link is cut from 07:30 to 13:30 on the first day), so each case runs in
// about a second.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/run_process.h"
#include "support/test_files.h"

namespace fs = std::filesystem;
using hospsim::testing::hospsim_path;
using hospsim::testing::ProcessResult;
using hospsim::testing::run_process;
using hospsim::testing::TempDir;

namespace {

constexpr double kTimeout = 300.0;  // a hang fails the test; not a performance limit

void write(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// scenarios/examples/minimal.json made small: one day, the cut at 07:30 for 6 h (before the theatre list
// starts, so the cancel_day policy cancels the whole day), and a strategy "reduced" that flips the elective
// downtime policy to proceeding at the effects' reduced capacity.
void write_small_scenario(const fs::path& path, const std::string& duration = "6h") {
  nlohmann::ordered_json scenario =
      nlohmann::ordered_json::parse(hospsim::testing::read_file(fs::path(HOSPSIM_SOURCE_DIR) / "scenarios/examples/minimal.json"));
  scenario.erase("$schema");
  scenario["horizon"] = "1d";
  scenario["warmup"] = "0s";  // an ED that starts empty: no diversion lines before the link comes back
  scenario["injections"]["cut"]["at"] = "2025-03-10T07:30";
  scenario["injections"]["cut"]["duration"] = duration;
  scenario["strategies"]["reduced"] = {
      {"description", "elective cases proceed at reduced capacity during downtime"},
      {"patch", {{"policies", {{"elective", {{"on_downtime", "reduced"}}}}}}}};
  write(path, scenario.dump(2) + "\n");
}

ProcessResult check(const std::vector<std::string>& arguments) {
  std::vector<std::string> argv = {hospsim_path(), "check", "-j", "2"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return run_process(argv, kTimeout);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* kExactExpectation = R"({
  "format": "hospsim-expect/1",
  "scenario": "small.json",
  "expectations": {
    "outputs": {"kind": "exact"}
  }
}
)";

const char* kStatisticalExpectation = R"({
  "format": "hospsim-expect/1",
  "scenario": "small.json",
  "expectations": {
    "downtime-cancellations": {"kind": "statistical", "metric": "surgeries_cancelled_downtime",
                               "replications": 5, "tolerance": {"standard_errors": 4, "relative": 0.1}},
    "ed-arrivals": {"kind": "statistical", "metric": "hosp:ed_arrivals",
                    "replications": 5, "tolerance": {"standard_errors": 4, "relative": 0.1}}
  }
}
)";

}  // namespace

TEST_CASE("check::cli: a changed parameter fails the exact check with the first differing lines", "[check]") {
  TempDir dir;
  write_small_scenario(dir.path() / "small.json");
  const std::string expect = (dir.path() / "small.expect.json").string();
  write(expect, kExactExpectation);

  SECTION("without a recorded fingerprint the check fails and says how to record one") {
    const ProcessResult result = check({expect});
    CHECK(result.exit_code == 1);
    CHECK(contains(result.out, "FAIL    " + expect +
                                   ": outputs (exact): no recorded fingerprint yet: record it "
                                   "with `hospsim check --update " +
                                   expect + "`"));
  }

  const ProcessResult updated = check({"--update", expect});
  REQUIRE(updated.exit_code == 0);
  CHECK(contains(updated.out, "UPDATED " + expect + ": outputs (exact): seed 42: summary.json (none) -> "));
  CHECK(fs::exists(dir.path() / "small.outputs" / "summary.json"));
  CHECK(fs::exists(dir.path() / "small.outputs" / "events.csv"));
  const ProcessResult same = check({expect});
  CHECK(same.exit_code == 0);
  CHECK(contains(same.out, "PASS    " + expect +
                               ": outputs (exact): seed 42: summary.json and events.csv as "
                               "recorded\n"));
  CHECK(contains(same.out, "check: 1 file, 1 expectation: 1 passed, 0 failed (1 simulations)\n"));

  // The link comes back an hour later: the incident log's link_up line moves.
  write_small_scenario(dir.path() / "small.json", "7h");
  const ProcessResult moved = check({expect});
  CHECK(moved.exit_code == 1);
  CHECK(contains(moved.out, "FAIL    " + expect + ": outputs (exact): scenario " +
                                (dir.path() / "small.json").string() +
                                ", seed 42: summary.json and events.csv changed; if the change is intended, "
                                "record it with `hospsim check --update " +
                                expect + "`\n"));
  CHECK(contains(moved.out, "  events.csv: sha256 expected "));
  CHECK(contains(moved.out,
                 "    expected    4 | 2025-03-10T13:30:00,27000,link_up,,hosp-dc,,,injection cut: A "
                 "digger cuts the hospital's only fibre\n"));
  CHECK(contains(moved.out,
                 "    got         4 | 2025-03-10T14:30:00,30600,link_up,,hosp-dc,,,injection cut: A "
                 "digger cuts the hospital's only fibre\n"));
  CHECK(contains(moved.out, "check: 1 file, 1 expectation: 0 passed, 1 failed (1 simulations)\n"));

  SECTION("--update records the change on purpose, prints it, and the next check passes") {
    const std::string before = hospsim::testing::read_file(expect);
    const ProcessResult again = check({"--update", expect});
    CHECK(again.exit_code == 0);
    CHECK(contains(again.out, "UPDATED " + expect + ": outputs (exact): seed 42: summary.json "));
    CHECK(
        contains(again.out, "check: 1 file, 1 expectation: 1 updated, the rest unchanged (1 simulations)\n"));
    CHECK(hospsim::testing::read_file(expect) != before);
    CHECK(check({expect}).exit_code == 0);
  }
  SECTION("--quiet prints only the failure and the total") {
    const ProcessResult quiet = check({"--quiet", expect});
    CHECK(quiet.exit_code == 1);
    CHECK(quiet.out.rfind("FAIL    ", 0) == 0);
    CHECK(quiet.err.empty());
  }
}

TEST_CASE("check::cli: a statistical check passes under another seed and fails when the mechanism changes",
          "[check]") {
  TempDir dir;
  write_small_scenario(dir.path() / "small.json");
  const std::string recorded = (dir.path() / "recorded.expect.json").string();
  write(recorded, kStatisticalExpectation);
  const ProcessResult updated = check({"--update", recorded});
  REQUIRE(updated.exit_code == 0);
  CHECK(contains(updated.out, "UPDATED " + recorded + ": downtime-cancellations (statistical): scenario " +
                                  (dir.path() / "small.json").string() +
                                  ": region:surgeries_cancelled_downtime (value) mean over 5 runs (seeds "
                                  "42..46): (none) -> "));
  REQUIRE(check({recorded}).exit_code == 0);

  // The same recorded means, judged on other random streams (seeds 1000..1004).
  nlohmann::ordered_json other_seed = nlohmann::ordered_json::parse(hospsim::testing::read_file(recorded));
  for (auto& [name, expectation] : other_seed["expectations"].items()) expectation["seed"] = 1000;
  const std::string reseeded = (dir.path() / "reseeded.expect.json").string();
  write(reseeded, other_seed.dump(2));
  const ProcessResult passes = check({reseeded});
  CHECK(passes.exit_code == 0);
  CHECK(contains(passes.out, "PASS    " + reseeded + ": ed-arrivals (statistical): "));
  CHECK(!contains(passes.out, ": ed-arrivals (statistical): scenario " +
                                  (dir.path() / "small.json").string() +
                                  ": hosp:ed_arrivals (value) mean over 5 runs (seeds 42..46)"));

  // The elective downtime policy flipped from cancel_day to reduced.
  nlohmann::ordered_json flipped = nlohmann::ordered_json::parse(hospsim::testing::read_file(recorded));
  flipped["strategy"] = "reduced";
  const std::string mechanism = (dir.path() / "flipped.expect.json").string();
  write(mechanism, flipped.dump(2));
  const ProcessResult fails = check({mechanism});
  CHECK(fails.exit_code == 1);
  const double recorded_mean = flipped["expectations"]["downtime-cancellations"]["mean"].get<double>();
  std::ostringstream mean_text;
  mean_text << recorded_mean;
  CHECK(
      contains(fails.out, "FAIL    " + mechanism + ": downtime-cancellations (statistical): scenario " +
                              (dir.path() / "small.json").string() +
                              " (strategy reduced): region:surgeries_cancelled_downtime (value) mean over 5 "
                              "runs (seeds 42..46): expected " + mean_text.str() + " ± "));
  CHECK(contains(fails.out,
                 "if the change is intended, record it with `hospsim check --update " + mechanism + "`\n"));
  CHECK(contains(fails.out, "check: 1 file, 2 expectations: 1 passed, 1 failed (5 simulations)\n"));
}

TEST_CASE("check::cli: the JUnit report is well-formed XML with one suite per file", "[check]") {
  TempDir dir;
  write_small_scenario(dir.path() / "small.json");
  const fs::path folder = dir.path() / "expectations";
  fs::create_directories(folder);
  write(folder / "a.expect.json",
        R"({"format": "hospsim-expect/1", "scenario": "../small.json", "expectations": {
             "outputs": {"kind": "exact"},
             "odd <name> & \"quotes\"": {"kind": "statistical", "metric": "surgeries_cancelled_downtime",
                                          "replications": 2, "mean": 0, "tolerance": {"absolute": 1}}}})");
  write(folder / "b.expect.json",
        R"({"format": "hospsim-expect/1", "scenario": "../small.json", "strategy": "reduced",
            "expectations": {"outputs": {"kind": "exact"}}})");
  const std::string junit = (dir.path() / "report.xml").string();
  // A folder argument finds both files.
  const ProcessResult result = check({"--junit", junit, folder.string()});
  CHECK(result.exit_code == 1);
  const ProcessResult parsed =
      run_process({"/usr/bin/python3", "-c",
                   "import sys, xml.etree.ElementTree as E\n"
                   "root = E.parse(sys.argv[1]).getroot()\n"
                   "print(root.tag, root.get('tests'), root.get('failures'), root.get('errors'))\n"
                   "for suite in root.findall('testsuite'):\n"
                   "    print(suite.get('name').split('/')[-1], suite.get('tests'), suite.get('failures'))\n"
                   "    for case in suite.findall('testcase'):\n"
                   "        failure = case.find('failure')\n"
                   "        print(' ', case.get('name'), 'FAIL' if failure is not None else 'PASS',\n"
                   "              failure.get('message').split(':')[0] if failure is not None else '')\n",
                   junit},
                  kTimeout);
  REQUIRE(parsed.exit_code == 0);
  CHECK(parsed.out ==
        "testsuites 3 3 0\n"
        "a.expect.json 2 2\n"
        "  outputs (exact) FAIL no recorded fingerprint yet\n"
        "  odd <name> & \"quotes\" (statistical) FAIL scenario " +
            (dir.path() / "small.json").string() +
            "\n"
            "b.expect.json 1 1\n"
            "  outputs (exact) FAIL no recorded fingerprint yet\n");
}

TEST_CASE("check::cli: bad input exits 2 with the file, pointer and message", "[check]") {
  TempDir dir;
  write_small_scenario(dir.path() / "small.json");
  SECTION("an invalid expectation file: nothing is simulated") {
    const std::string expect = (dir.path() / "bad.expect.json").string();
    write(expect, R"({"format": "hospsim-expect/1", "scenario": "small.json",
  "expectations": {"x": {"kind": "statistical", "metric": "m", "tolerance": {"relative": -1}}}})");
    const ProcessResult result = check({expect});
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err == expect + ":2:90: /expectations/x/tolerance/relative: must be at least 0, got -1\n");
  }
  SECTION("a scenario that does not exist") {
    const std::string expect = (dir.path() / "missing.expect.json").string();
    write(expect, R"({"format": "hospsim-expect/1", "scenario": "nowhere.json",
  "expectations": {"outputs": {"kind": "exact"}}})");
    const ProcessResult result = check({expect});
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, expect + ": /scenario: "));
    CHECK(contains(result.err, "nowhere.json"));
  }
  SECTION("a scenario that is invalid: the loader's message") {
    write(dir.path() / "broken.json", R"({"format": "hospsim/1"})");
    const std::string expect = (dir.path() / "broken.expect.json").string();
    write(expect, R"({"format": "hospsim-expect/1", "scenario": "broken.json",
  "expectations": {"outputs": {"kind": "exact"}}})");
    const ProcessResult result = check({expect});
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, (dir.path() / "broken.json").string() + ":1:1: "));
  }
  SECTION("a strategy the scenario does not have") {
    const std::string expect = (dir.path() / "strategy.expect.json").string();
    write(expect, R"({"format": "hospsim-expect/1", "scenario": "small.json", "strategy": "nope",
  "expectations": {"outputs": {"kind": "exact"}}})");
    const ProcessResult result = check({expect});
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "nope"));
  }
  SECTION("a metric that summary.json does not have: found before anything is simulated") {
    const std::string expect = (dir.path() / "metric.expect.json").string();
    write(expect, R"({"format": "hospsim-expect/1", "scenario": "small.json", "expectations": {"m":
      {"kind": "statistical", "metric": "surgeries_canceled", "replications": 1, "mean": 1,
       "tolerance": {"absolute": 1}},
  "h": {"kind": "statistical", "metric": "nowhere:ed_arrivals", "replications": 1, "mean": 1,
       "tolerance": {"absolute": 1}}}})");
    const ProcessResult result = check({expect});
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());  // no PASS/FAIL line: nothing was run
    CHECK_THAT(result.err, Catch::StartsWith(expect + ":2:41: /expectations/m/metric: metric \"surgeries_canceled\" "
                                             "is not in summary.json (no /metrics/region/surgeries_canceled/value); "
                                             "/metrics/region has: beds_occupied_mean, "));
    CHECK(contains(result.err, "\n" + expect + ":4:42: /expectations/h/metric: metric \"nowhere:ed_arrivals\" is "
                               "not in summary.json (no /metrics/hospitals/nowhere/ed_arrivals/value); "
                               "/metrics/hospitals has: hosp\n"));
  }
  SECTION("an expectation file that does not exist") {
    const std::string expect = (dir.path() / "absent.expect.json").string();
    const ProcessResult result = check({expect});
    CHECK(result.exit_code == 2);
    CHECK(result.err == expect + ": cannot open the file (missing or unreadable)\n");
  }
  SECTION("no expectation file in a folder") {
    fs::create_directories(dir.path() / "empty");
    const ProcessResult result = check({(dir.path() / "empty").string()});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "hospsim check: no expectation files given or found\n");
  }
}

TEST_CASE("check::shipped: every shipped scenario has an expectation file", "[check]") {
  const fs::path scenarios = fs::path(HOSPSIM_SOURCE_DIR) / "scenarios";
  std::vector<fs::path> named;
  for (const auto& entry : fs::directory_iterator(scenarios / "expectations")) {
    const std::string name = entry.path().filename().string();
    if (name.size() < 12 || name.substr(name.size() - 12) != ".expect.json") continue;
    const auto file = nlohmann::json::parse(hospsim::testing::read_file(entry.path()));
    named.push_back(
        fs::weakly_canonical(entry.path().parent_path() / file.at("scenario").get<std::string>()));
  }
  std::vector<fs::path> shipped;
  for (const fs::path& folder : {scenarios, scenarios / "examples"}) {
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (entry.path().extension() == ".json" && entry.path().filename() != "schema.json") {
        shipped.push_back(fs::weakly_canonical(entry.path()));
      }
    }
  }
  REQUIRE(!shipped.empty());
  for (const fs::path& scenario : shipped) {
    INFO(scenario.filename().string() +
         " has no expectation file: write scenarios/expectations/<name>.expect.json (see docs/ci.md) and "
         "record "
         "it with `hospsim check --update`");
    CHECK(std::find(named.begin(), named.end(), scenario) != named.end());
  }
}
