// End-to-end tests of `hospsim run` on small scenarios, through the real executable and the run API.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/loader.h"
#include "hospsim/run.h"
#include "run/outputs.h"
#include "support/run_process.h"
#include "support/test_files.h"

using hospsim::testing::hospsim_path;
using hospsim::testing::ProcessResult;
using hospsim::testing::run_process;

namespace {

std::string data(const std::string& name) { return std::string(HOSPSIM_SOURCE_DIR) + "/tests/run/data/" + name; }

std::string out_dir(const std::string& name) {
  const std::string dir = std::string(HOSPSIM_BINARY_DIR) + "/tests/run/out/" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

ProcessResult run_hospsim(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {hospsim_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, 120.0);
}

double value(const nlohmann::json& metrics, const std::string& name) {
  return metrics.at(name).at("value").get<double>();
}
double baseline(const nlohmann::json& metrics, const std::string& name) {
  return metrics.at(name).at("baseline").get<double>();
}

}  // namespace

// The hand computation (deterministic mode, tests/run/data/hand.json):
// - ED: 24 arrivals a day with flat profiles arrive at 00:30, 01:30, ..., 23:30; every 4th is an ambulance
//   (n = 4, 8, ..., 24: 6); one treatment space, 30 min each, so nobody waits. While the EHR is DOWN a
//   treatment takes 1.5 x 30 = 45 min. The link is cut 09:30-11:30; with probes every minute and
//   detect_after 10 min, DOWN comes in (09:39, 09:40]; the first success after 11:30 comes within a minute,
//   RECOVERING 5 min later (about 11:36), UP 30 min after that (about 12:06). The 10:30 and 11:30 patients
//   are treated while DOWN: census area = 22 x 0.5 h + 2 x 0.75 h = 12.5 patient-hours over 24 h.
// - Surgery: 4 cases of 60 min from 08:00 in one theatre; the 10:00 case finds the EHR DOWN: cancel_day
//   cancels it and the 11:00 case (2), both rebooked 2 h later (12:00); 2 performed; backlog 2 at the end.
// - Outpatients: 8 visits at 08:30, 09:30, ..., 15:30; the 10:30 and 11:30 ones fall while DOWN: 2 cancelled.
// - ED length of stay: the 23:30 patient is still in treatment at the horizon, so 23 departures: 21 stays of
//   30 min and the 10:30 and 11:30 patients' 45 min: median and p90 30 min, all within 4 h, none admitted.
//   They leave at 11:15 and 12:15: the timeline's hourly median stay is 45 min in the 11:00 and 12:00 hours,
//   30 min in the others from 01:00; the 00:00 hour has no departure, hence no row.
TEST_CASE("run::hand: every headline metric of a deterministic run equals the hand computation", "[run]") {
  const std::string dir = out_dir("hand");
  ProcessResult result = run_hospsim({"--quiet", "run", data("hand.json"), "--out", dir});
  INFO(result.err);
  REQUIRE(result.exited);
  REQUIRE(result.exit_code == 0);
  const nlohmann::json summary = nlohmann::json::parse(hospsim::testing::read_file(dir + "/summary.json"));
  const nlohmann::json& h = summary["metrics"]["hospitals"]["h"];

  CHECK(value(h, "ed_arrivals") == 24);
  CHECK(value(h, "ed_ambulance") == 6);
  CHECK(value(h, "ed_walk_in") == 18);
  CHECK(value(h, "ed_wait_median_min") == 0);
  CHECK(value(h, "ed_wait_p90_min") == 0);
  CHECK(value(h, "ed_lwbs") == 0);
  CHECK(value(h, "ed_census_peak") == 1);
  CHECK(value(h, "ed_census_mean") == Approx(12.5 / 24));
  CHECK(baseline(h, "ed_census_mean") == Approx(12.0 / 24));
  CHECK(value(h, "ed_departures") == 23);
  CHECK(value(h, "ed_los_median_min") == Approx(30.0));
  CHECK(value(h, "ed_los_p90_min") == Approx(30.0));
  CHECK(value(h, "ed_los_discharged_median_min") == Approx(30.0));
  CHECK(h["ed_los_admitted_median_min"]["value"].is_null());
  CHECK(value(h, "ed_within_4h_pct") == Approx(100.0));
  CHECK(h["ed_los_median_min"]["delta"].get<double>() == 0.0);

  // The run table on stdout: the median stay and its change per hospital.
  const std::string::size_type header = result.out.find("ED stay");
  CHECK(header != std::string::npos);
  CHECK(result.out.find("median min") != std::string::npos);
  const std::string::size_type line = result.out.find("Hand Hospital");
  REQUIRE(line != std::string::npos);
  const std::string row = result.out.substr(line, result.out.find('\n', line) - line);
  CHECK(row.find(" 24 (+0, +0.0%)     30 (+0, +0.0%) ") != std::string::npos);

  CHECK(value(h, "surgeries_scheduled") == 4);
  CHECK(value(h, "surgeries_performed") == 2);
  CHECK(value(h, "surgeries_cancelled") == 2);
  CHECK(value(h, "surgeries_cancelled_downtime") == 2);
  CHECK(value(h, "surgeries_rebooked") == 2);
  CHECK(value(h, "surgery_backlog_end") == 2);
  CHECK(h["surgery_backlog_cleared_hours"]["value"].is_null());
  CHECK(baseline(h, "surgeries_cancelled") == 0);
  CHECK(baseline(h, "surgeries_performed") == 4);
  CHECK(h["surgeries_cancelled"]["delta"] == 2);

  CHECK(value(h, "outpatient_scheduled") == 8);
  CHECK(value(h, "outpatient_cancelled") == 2);
  CHECK(value(h, "outpatient_attended") == 6);
  CHECK(h["outpatient_cancelled"]["delta_pct"].is_null());  // baseline 0

  const nlohmann::json& ehr = summary["it"]["h"]["ehr"];
  CHECK(ehr["outages"] == 1);
  CHECK(ehr["minutes_down"].get<double>() > 115.0);  // 09:40 .. 11:36 at the latest bounds
  CHECK(ehr["minutes_down"].get<double>() < 118.0);
  CHECK(ehr["time_to_detect_min"].get<double>() > 9.0);
  CHECK(ehr["time_to_detect_min"].get<double>() < 10.1);  // + the failing request's own network time
  CHECK(ehr["minutes_recovering"].get<double>() == Approx(30.0));

  // Region = the one hospital.
  CHECK(summary["metrics"]["region"]["surgeries_cancelled"]["value"] == 2);

  // The timeline: one arrival per hour; the 2 cancellations in the 10:00 hour; backlog from 11:00.
  const std::string timeline = hospsim::testing::read_file(dir + "/timeline.csv");
  CHECK(timeline.rfind("time,run,hospital,metric,value\n", 0) == 0);
  CHECK(timeline.find("2025-03-13T10:00,scenario,h,surgeries_cancelled,2\n") != std::string::npos);
  CHECK(timeline.find("2025-03-13T10:00,baseline,h,surgeries_cancelled,0\n") != std::string::npos);
  CHECK(timeline.find("2025-03-13T11:00,scenario,h,surgery_backlog,2\n") != std::string::npos);
  CHECK(timeline.find("2025-03-13T10:00,scenario,h,services_down,1\n") != std::string::npos);
  CHECK(timeline.find("2025-03-13T09:00,scenario,h,services_down,0\n") != std::string::npos);
  CHECK(timeline.find("2025-03-13T23:00,scenario,h,ed_arrivals,1\n") != std::string::npos);
  CHECK(timeline.find("2025-03-13T10:00,scenario,h,ed_los_median_min,30\n") != std::string::npos);
  CHECK(timeline.find("2025-03-13T11:00,scenario,h,ed_los_median_min,45\n") != std::string::npos);
  CHECK(timeline.find("2025-03-13T12:00,scenario,h,ed_los_median_min,45\n") != std::string::npos);
  CHECK(timeline.find("2025-03-13T11:00,baseline,h,ed_los_median_min,30\n") != std::string::npos);
  CHECK(timeline.find("2025-03-13T00:00,scenario,h,ed_los_median_min,") == std::string::npos);

  // The incident log: the cut, DOWN, link back, RECOVERING, UP, in order.
  const std::string events = hospsim::testing::read_file(dir + "/events.csv");
  const auto cut = events.find(",link_down,,h-dc,");
  const auto down = events.find(",service_state,h,ehr,UP,DOWN,");
  const auto up = events.find(",link_up,,h-dc,");
  const auto recovering = events.find(",service_state,h,ehr,DOWN,RECOVERING,");
  const auto back = events.find(",service_state,h,ehr,RECOVERING,UP,");
  REQUIRE(cut != std::string::npos);
  REQUIRE(down != std::string::npos);
  REQUIRE(up != std::string::npos);
  REQUIRE(recovering != std::string::npos);
  REQUIRE(back != std::string::npos);
  CHECK(cut < down);
  CHECK(down < up);
  CHECK(up < recovering);
  CHECK(recovering < back);
  CHECK(events.find("2025-03-13T09:30:00,") != std::string::npos);
}

// The calibration view of the same run describes the baseline: 24 patients each holding the one space for
// 30 min (the 23:30 one until the horizon): 12 of 24 space-hours, 50%; no LWBS, no wait, stays of 30 min, all
// within 4 h; 4 cases of 60 min a day in the one 8-hour session: theatre utilisation 240 / 480 = 50%; no beds.
TEST_CASE("run::calibration: the baseline's figures and warnings, in summary.json and on stdout", "[run]") {
  const std::string dir = out_dir("calibration");
  ProcessResult result = run_hospsim({"--quiet", "run", data("hand.json"), "--out", dir, "--no-report"});
  REQUIRE(result.exit_code == 0);
  const nlohmann::json summary = nlohmann::json::parse(hospsim::testing::read_file(dir + "/summary.json"));
  const nlohmann::json& view = summary["calibration"];
  CHECK(view["describes"] == "baseline");
  const nlohmann::json& h = view["hospitals"]["h"];
  CHECK(h["ed_utilisation_pct"].get<double>() == Approx(50.0));
  CHECK(h["ed_lwbs_pct"].get<double>() == 0.0);
  CHECK(h["ed_los_median_min"].get<double>() == Approx(30.0));
  CHECK(h["ed_within_4h_pct"].get<double>() == Approx(100.0));
  CHECK(h["cancelled_no_bed_pct"].get<double>() == 0.0);
  CHECK(h["theatre_utilisation_pct"].get<double>() == Approx(50.0));
  CHECK(h["bed_occupancy_pct"].is_null());
  CHECK(view["warnings"].size() == 4);  // LWBS, median stay, within 4 h, theatre utilisation

  CHECK(result.out.find("Calibration of the baseline (the scenario without injections)") != std::string::npos);
  const std::string::size_type line = result.out.find("Hand Hospital", result.out.find("Calibration of"));
  REQUIRE(line != std::string::npos);
  CHECK(result.out.substr(line, result.out.find('\n', line) - line) ==
        "Hand Hospital                        50.0      0.0      0.0      0.0     30.0    100.0      0.0     50.0"
        "      0.0      0.0      0.0        -");
  CHECK(result.out.find("warning: Hand Hospital: LWBS 0.0% is outside the typical 0.4-6.7%\n") != std::string::npos);
  CHECK(result.out.find("warning: Hand Hospital: median ED stay 30.0 min is outside the typical 90-270 min\n") !=
        std::string::npos);

  SECTION("with --no-baseline the view describes the run itself, and says so") {
    const std::string alone = out_dir("calibration-alone");
    ProcessResult single =
        run_hospsim({"--quiet", "run", data("hand.json"), "--out", alone, "--no-report", "--no-baseline"});
    REQUIRE(single.exit_code == 0);
    const nlohmann::json own = nlohmann::json::parse(hospsim::testing::read_file(alone + "/summary.json"));
    CHECK(own["calibration"]["describes"] == "run");
    // The run's two 45-minute treatments while the EHR is DOWN: 12.5 of 24 space-hours.
    CHECK(own["calibration"]["hospitals"]["h"]["ed_utilisation_pct"].get<double>() == Approx(100.0 * 12.5 / 24));
    CHECK(single.out.find("Calibration of this run (no baseline: injections included)") != std::string::npos);
  }
}

TEST_CASE("run::determinism: the same scenario and seed give byte-identical outputs", "[run]") {
  const std::string a = out_dir("same-a");
  const std::string b = out_dir("same-b");
  const std::string scenario = std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/examples/minimal.json";
  REQUIRE(run_hospsim({"--quiet", "run", scenario, "--out", a}).exit_code == 0);
  REQUIRE(run_hospsim({"--quiet", "run", scenario, "--out", b, "--sequential"}).exit_code == 0);
  for (const char* file : {"/summary.json", "/timeline.csv", "/events.csv"}) {
    INFO(file);
    const std::string first = hospsim::testing::read_file(a + file);
    CHECK(!first.empty());
    CHECK(first == hospsim::testing::read_file(b + file));
  }
  SECTION("another seed gives other outcomes") {
    const std::string c = out_dir("other-seed");
    REQUIRE(run_hospsim({"--quiet", "run", scenario, "--out", c, "--seed", "43"}).exit_code == 0);
    CHECK(hospsim::testing::read_file(a + "/summary.json") != hospsim::testing::read_file(c + "/summary.json"));
  }
}

TEST_CASE("run::crn: without injections every delta against the paired baseline is exactly zero", "[run]") {
  hospsim::Result<hospsim::Scenario> loaded =
      hospsim::load_scenario_file(std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/examples/minimal.json");
  REQUIRE(loaded.is_ok());
  hospsim::Scenario scenario = hospsim::baseline_of(loaded.value());
  hospsim::Result<hospsim::PairedOutput> output = hospsim::run_with_baseline(scenario, 11, true, true);
  REQUIRE(output.is_ok());
  REQUIRE(output->baseline.has_value());
  CHECK(output->run.metrics == output->baseline->metrics);
  const auto& arrivals = output->run.metrics.region.get(hospsim::MetricId::kEdArrivals);
  REQUIRE(arrivals.has_value());
  CHECK(std::get<std::int64_t>(*arrivals) > 100);  // a real run, not an empty one
  std::string run_incidents, baseline_incidents;
  hospsim::append_incidents_csv(run_incidents, output->run.log, scenario.start);
  hospsim::append_incidents_csv(baseline_incidents, output->baseline->log, scenario.start);
  CHECK(run_incidents == baseline_incidents);
}

TEST_CASE("run::crn: an injection changes nothing before it starts", "[run]") {
  hospsim::Result<hospsim::Scenario> loaded =
      hospsim::load_scenario_file(std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/examples/minimal.json");
  REQUIRE(loaded.is_ok());
  hospsim::Result<hospsim::PairedOutput> output = hospsim::run_with_baseline(loaded.value(), 5, true, true);
  REQUIRE(output.is_ok());
  // The cut is at 09:30 on the first day (3.5 h after the 06:00 start): the hourly timeline rows before it
  // are identical between the run and its baseline.
  auto rows_before = [](const std::string& csv, const std::string& cutoff) {
    std::string kept;
    std::istringstream in(csv);
    std::string line;
    while (std::getline(in, line)) {
      if (line.substr(0, 16) < cutoff) kept += line.substr(0, 17) + line.substr(line.find(',', 17)) + "\n";
    }
    return kept;
  };
  std::string run_timeline, baseline_timeline;
  hospsim::append_timeline_csv(run_timeline, output->run.log, loaded->start, "scenario");
  hospsim::append_timeline_csv(baseline_timeline, output->baseline->log, loaded->start, "baseline");
  const std::string run = rows_before(run_timeline, "2025-03-10T09:00");
  const std::string base = rows_before(baseline_timeline, "2025-03-10T09:00");
  CHECK(run.size() > 100);
  CHECK(run == base);
  CHECK(output->run.metrics != output->baseline->metrics);  // and the cut does change outcomes
}

TEST_CASE("run::errors: an invalid scenario exits 2 with its message and simulates nothing", "[run]") {
  const std::string dir = out_dir("invalid");
  ProcessResult result = run_hospsim({"run", data("hand.json"), "--strategy", "nope", "--out", dir});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("nope") != std::string::npos);
  CHECK(!std::filesystem::exists(dir + "/summary.json"));
}

TEST_CASE("run::errors: an output directory that cannot be created exits 2 before simulating", "[run]") {
  const std::string dir = out_dir("blocked");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/file") << "not a directory";
  ProcessResult result = run_hospsim({"run", data("hand.json"), "--out", dir + "/file/out"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("hospsim run: cannot create output directory " + dir + "/file/out") != std::string::npos);
}

// `hospsim run FILE --strategy all` on the one-day batch scenario (tests/batch/data/tiny.json: strategies
// "same", an empty patch, and "second-link", a second fibre that keeps the EHR reachable during the cut).
TEST_CASE("run::strategy_all: one row per strategy, each against its own paired baseline", "[run]") {
  const std::string dir = out_dir("strategy-all");
  const std::string scenario = std::string(HOSPSIM_SOURCE_DIR) + "/tests/batch/data/tiny.json";
  ProcessResult result = run_hospsim({"run", scenario, "--strategy", "all", "--out", dir, "--no-report"});
  INFO(result.err);
  REQUIRE(result.exited);
  REQUIRE(result.exit_code == 0);
  std::istringstream lines(result.out);
  std::vector<std::string> table;
  for (std::string line; std::getline(lines, line);) table.push_back(line);
  REQUIRE(table.size() >= 8);
  CHECK(table[0] == "Tiny: one hospital, one data centre, one day (batch tests)  (seed 42; every strategy)");
  CHECK(table[1] == "2025-03-10T06:00 to 2025-03-11T06:00; region; (change vs each strategy's paired baseline "
                    "without injections)");
  CHECK(table[3].find("planned ops") != std::string::npos);
  CHECK(table[4].rfind("strategy", 0) == 0);
  REQUIRE(table[5].rfind("none ", 0) == 0);
  REQUIRE(table[6].rfind("same ", 0) == 0);
  REQUIRE(table[7].rfind("second-link ", 0) == 0);
  // An empty patch changes nothing: the same numbers as no strategy.
  CHECK(table[6].substr(24) == table[5].substr(24));
  CHECK(table[7].substr(24) != table[5].substr(24));
  CHECK(table[8] == "");
  CHECK(table[9] == "wrote " + dir + "/{none,same,second-link}/ (summary.json, timeline.csv, events.csv)");
  // Each row is the region of that strategy's own summary.json.
  for (const auto& [row, strategy] : std::vector<std::pair<int, std::string>>{{5, "none"}, {7, "second-link"}}) {
    const nlohmann::json summary = nlohmann::json::parse(hospsim::testing::read_file(dir + "/" + strategy + "/summary.json"));
    CHECK(summary["scenario"]["strategy"] == (strategy == "none" ? std::string() : strategy));
    const nlohmann::json& region = summary["metrics"]["region"];
    const double cancelled = value(region, "surgeries_cancelled");
    const double delta = region["surgeries_cancelled"]["delta"].get<double>();
    INFO(table[row]);
    char cell[64];
    std::snprintf(cell, sizeof cell, " %.0f (%+.0f", cancelled, delta);
    CHECK(table[row].find(cell) != std::string::npos);
  }
  // The second fibre keeps the EHR up: nothing cancelled because of the cut, full IT availability.
  const nlohmann::json second = nlohmann::json::parse(hospsim::testing::read_file(dir + "/second-link/summary.json"));
  CHECK(second["metrics"]["region"]["surgeries_cancelled"]["delta"] == 0);
  CHECK(table[7].substr(table[7].size() - 5) == "100.0");
  CHECK(table[5].substr(table[5].size() - 5) != "100.0");
}

// With reports: DIR/report.html compares the strategies, links each one's own report, and is what
// `hospsim report DIR` builds again from the files.
TEST_CASE("run::strategy_all: DIR/report.html compares the strategies, as hospsim report DIR rebuilds it",
          "[run]") {
  const std::string dir = out_dir("strategy-all-report");
  const std::string scenario = std::string(HOSPSIM_SOURCE_DIR) + "/tests/batch/data/tiny.json";
  ProcessResult result = run_hospsim({"run", scenario, "--strategy", "all", "--out", dir});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  if (!std::filesystem::exists(dir + "/none/report.html")) {
    // A binary without the chart libraries writes no report at all (it says so); nothing to compare.
    CHECK_FALSE(std::filesystem::exists(dir + "/report.html"));
    return;
  }
  CHECK(result.out.find("and " + dir + "/report.html (the comparison)") != std::string::npos);
  const std::string html = hospsim::testing::read_file(dir + "/report.html");
  CHECK(html.find("<title>hospsim strategy comparison: Tiny: one hospital") != std::string::npos);
  for (const char* strategy : {"none", "same", "second-link"}) {
    CHECK(html.find(std::string("<a href=\"") + strategy + "/report.html\">" + strategy + "</a>") !=
          std::string::npos);
  }
  CHECK(html.find("id=\"chart-strategy-changes\"") != std::string::npos);
  ProcessResult again = run_hospsim({"-q", "report", dir, "-o", dir + "/again.html"});
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(hospsim::testing::read_file(dir + "/again.html") == html);
  // A strategy directory of another seed is refused, naming both files.
  ProcessResult other = run_hospsim({"-q", "run", scenario, "--seed", "7", "--out", dir + "/zz", "--no-report"});
  REQUIRE(other.exit_code == 0);
  ProcessResult mixed = run_hospsim({"report", dir, "-o", dir + "/mixed.html"});
  CHECK(mixed.exit_code == 2);
  CHECK(mixed.err.find(dir + "/zz/summary.json: scenario") != std::string::npos);
  CHECK(mixed.err.find("differs from " + dir + "/none/summary.json") != std::string::npos);
}

// --records with --strategy all: one folder per strategy; the empty patch "same" draws and does exactly what
// no strategy does, so its records are those of "none" to the byte; the second fibre changes them.
TEST_CASE("run::strategy_all: --records writes each strategy's records to its own folder", "[run]") {
  const std::string dir = out_dir("strategy-all-records");
  const std::string records = dir + "-records";
  std::filesystem::remove_all(records);
  const std::string scenario = std::string(HOSPSIM_SOURCE_DIR) + "/tests/batch/data/tiny.json";
  ProcessResult result =
      run_hospsim({"run", scenario, "--strategy", "all", "--out", dir, "--no-report", "--records", records});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("wrote " + records + "/{none,same,second-link}/ (ed.csv, surgery.csv, outpatient.csv)\n") !=
        std::string::npos);
  for (const char* file : {"/ed.csv", "/surgery.csv", "/outpatient.csv"}) {
    INFO(file);
    const std::string none = hospsim::testing::read_file(records + "/none" + file);
    CHECK_FALSE(none.empty());
    CHECK(hospsim::testing::read_file(records + "/same" + file) == none);
  }
  // The cut cancels cases under no strategy; with the second fibre nothing is cancelled for downtime.
  CHECK(hospsim::testing::read_file(records + "/none/surgery.csv").find(",downtime") != std::string::npos);
  CHECK(hospsim::testing::read_file(records + "/second-link/surgery.csv").find(",downtime") == std::string::npos);
}

TEST_CASE("run::strategy_all: a scenario without strategies, and --no-baseline, are refused", "[run]") {
  ProcessResult none = run_hospsim({"run", data("hand.json"), "--strategy", "all", "--out", out_dir("all-none")});
  CHECK(none.exit_code == 2);
  CHECK(none.err == data("hand.json") + ": the scenario has no strategies to compare (--strategy all)\n");
  const std::string scenario = std::string(HOSPSIM_SOURCE_DIR) + "/tests/batch/data/tiny.json";
  ProcessResult unpaired = run_hospsim({"run", scenario, "--strategy", "all", "--no-baseline"});
  CHECK(unpaired.exit_code == 2);
  CHECK(unpaired.err == "hospsim run: --strategy all compares each strategy's change against its paired "
                        "baseline; it cannot be combined with --no-baseline\n");
}

// The ED change by cause of the Denmark scenario (through the real executable): every row of the table adds
// up, its columns are the deltas of summary.json, and nothing is left unexplained.
TEST_CASE("run::ed_shift: the run table breaks each ED arrivals change down by cause", "[run]") {
  const std::string dir = out_dir("ed-shift");
  ProcessResult result = run_hospsim({"--quiet", "run", std::string(HOSPSIM_SOURCE_DIR) +
                                      "/scenarios/denmark-2025-midtjylland.json", "--out", dir, "--no-report"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const nlohmann::json summary = nlohmann::json::parse(hospsim::testing::read_file(dir + "/summary.json"));
  const std::size_t title = result.out.find("ED arrivals change by cause (vs the paired baseline");
  REQUIRE(title != std::string::npos);
  std::istringstream lines(result.out.substr(title));
  std::string line;
  std::getline(lines, line);  // title
  std::getline(lines, line);  // two header lines
  std::getline(lines, line);
  int rows = 0;
  int moved = 0;
  const std::vector<std::string> ids = {"auh", "goedstrup", "horsens", "randers", "viborg"};
  while (std::getline(lines, line) && !line.empty()) {
    INFO(line);
    const std::string numbers = line.substr(line.find_first_of("+-"));  // the names have no sign characters
    int change = 0, outpatients = 0, in = 0, out = 0, advised_in = 0, advised_out = 0, home = 0, other = 0;
    REQUIRE(std::sscanf(numbers.c_str(), "%d %d %d %d %d %d %d %d", &change, &outpatients, &in, &out, &advised_in,
                        &advised_out, &home, &other) == 8);
    CHECK(change == outpatients + in + out + advised_in + advised_out + home + other);
    CHECK(other == 0);
    const nlohmann::json& metrics = rows < static_cast<int>(ids.size())
                                        ? summary["metrics"]["hospitals"][ids[static_cast<std::size_t>(rows)]]
                                        : summary["metrics"]["region"];
    CHECK(change == metrics["ed_arrivals"]["delta"].get<int>());
    CHECK(outpatients == metrics["ed_from_outpatient"]["delta"].get<int>());
    CHECK(in == metrics["ed_diverted_in"]["delta"].get<int>());
    CHECK(out == -metrics["ed_diverted_out"]["delta"].get<int>());
    moved += std::abs(in) + std::abs(outpatients);
    ++rows;
  }
  CHECK(rows == 6);  // five hospitals and the region
  CHECK(moved > 0);  // the outage shifts load: the check above is not a sum of zeros
}

// `hospsim run --records DIR` on the hand-computed scenario (the computation above run::hand): the records
// add up to the summary's counts, and the two ED patients treated while the EHR was DOWN stayed 45 minutes.
TEST_CASE("run::records: patient-level records add up to the summary's counts", "[run]") {
  const std::string dir = out_dir("records");
  const std::string records = out_dir("records-files");
  ProcessResult result = run_hospsim({"run", data("hand.json"), "--out", dir, "--records", records, "--no-report"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("wrote " + records + "/ed.csv, " + records + "/surgery.csv, " + records +
                        "/outpatient.csv\n") != std::string::npos);
  const nlohmann::json summary = nlohmann::json::parse(hospsim::testing::read_file(dir + "/summary.json"));
  const nlohmann::json& h = summary["metrics"]["hospitals"]["h"];
  // Rows of a CSV file (header first) split into fields; no field of these files holds a comma.
  auto rows_of = [](const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      std::vector<std::string> fields;
      std::istringstream parts(line);
      for (std::string field; std::getline(parts, field, ',');) fields.push_back(field);
      if (!line.empty() && line.back() == ',') fields.push_back("");
      rows.push_back(std::move(fields));
    }
    return rows;
  };
  const auto ed = rows_of(hospsim::testing::read_file(records + "/ed.csv"));
  REQUIRE(ed.size() == 25);
  CHECK(ed[0] == std::vector<std::string>{"patient", "hospital", "arrival_s", "mode", "acuity", "diverted_from",
                                          "from_outpatient", "treatment_start_s", "departure_s", "outcome",
                                          "wait_min", "length_of_stay_min", "boarding_min"});
  int ambulances = 0, departed = 0, long_stays = 0;
  for (std::size_t i = 1; i < ed.size(); ++i) {
    INFO(i);
    REQUIRE(ed[i].size() == 13);
    CHECK(ed[i][0] == std::to_string(i));
    CHECK(ed[i][2] == std::to_string(1800 + 3600 * (i - 1)));  // 00:30, 01:30, ...
    ambulances += ed[i][3] == "ambulance" ? 1 : 0;
    if (ed[i][9] != "in_ed") {
      ++departed;
      CHECK(ed[i][9] == "discharged");
      CHECK(ed[i][7] == ed[i][2]);  // nobody waits: treatment starts at arrival
      if (ed[i][11] == "45") ++long_stays; else CHECK(ed[i][11] == "30");
    }
  }
  CHECK(ambulances == value(h, "ed_ambulance"));
  CHECK(departed == value(h, "ed_departures"));
  CHECK(ed[24][9] == "in_ed");  // the 23:30 patient is still in treatment at the horizon
  CHECK(long_stays == 2);       // the 10:30 and 11:30 patients, treated while DOWN (1.5 x 30 min)
  CHECK(ed[11][11] == "45");
  CHECK(ed[12][11] == "45");

  const auto surgery = rows_of(hospsim::testing::read_file(records + "/surgery.csv"));
  REQUIRE(!surgery.empty());
  CHECK(surgery[0] ==
        std::vector<std::string>{"hospital", "case", "event", "time_s", "planned_start_s", "rebooked_case", "cause",
                                 "reason"});
  int cancelled = 0, performed = 0;
  for (std::size_t i = 1; i < surgery.size(); ++i) {
    REQUIRE(surgery[i].size() == 8);
    if (surgery[i][2] == "cancelled") {
      ++cancelled;
      CHECK(surgery[i][6] == "downtime");
    }
    performed += surgery[i][2] == "performed" ? 1 : 0;
  }
  CHECK(cancelled == value(h, "surgeries_cancelled"));
  CHECK(cancelled == 2);
  CHECK(performed == value(h, "surgeries_performed"));

  const auto outpatient = rows_of(hospsim::testing::read_file(records + "/outpatient.csv"));
  REQUIRE(outpatient.size() == 9);  // 8 visits
  int visits_cancelled = 0;
  for (std::size_t i = 1; i < outpatient.size(); ++i) visits_cancelled += outpatient[i][2] == "cancelled" ? 1 : 0;
  CHECK(visits_cancelled == value(h, "outpatient_cancelled"));
  CHECK(visits_cancelled == 2);
}

// Effect presets through the real executable, on the hand-computed scenario (tests/run/data/hand.json: its
// EHR effects are elective 0, outpatient 0, ED time 1.5; the 10:30 and 11:30 patients are treated while the
// EHR is DOWN). ehr-acute-only has elective 0, outpatient 0, ED time 1.22 and emergency surgery time 1.1.
TEST_CASE("run::presets: a preset acts as its effects written out; overrides replace its activities", "[run]") {
  const nlohmann::json hand = nlohmann::json::parse(hospsim::testing::read_file(data("hand.json")));
  auto run_with_ehr = [&](const std::string& name, const nlohmann::json& ehr) {
    nlohmann::json scenario = hand;
    scenario["effects"]["ehr"] = ehr;
    const std::string dir = out_dir(name);
    std::filesystem::create_directories(dir);
    std::ofstream(dir + ".json") << scenario.dump(2);
    ProcessResult result = run_hospsim({"-q", "run", dir + ".json", "--out", dir, "--no-report"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return dir;
  };
  const std::string reference = out_dir("presets-hand");
  REQUIRE(run_hospsim({"-q", "run", data("hand.json"), "--out", reference, "--no-report"}).exit_code == 0);
  // The preset with ED time given as in hand.json: the same run to the byte (the preset's emergency surgery
  // factor has nothing to act on: no admitted patient needs surgery there).
  const std::string overridden = run_with_ehr(
      "presets-override", nlohmann::json::parse(R"({"preset": "ehr-acute-only",
                                                    "ed_treatment": {"capacity": 1, "time": 1.5}})"));
  for (const char* file : {"/summary.json", "/timeline.csv", "/events.csv"}) {
    INFO(file);
    CHECK(hospsim::testing::read_file(overridden + file) == hospsim::testing::read_file(reference + file));
  }
  // The preset alone: the same cancellations, and the two patients treated while DOWN stay 1.22 x 30 min.
  const std::string alone = run_with_ehr("presets-alone", nlohmann::json::parse(R"({"preset": "ehr-acute-only"})"));
  const nlohmann::json ours = nlohmann::json::parse(hospsim::testing::read_file(alone + "/summary.json"))["metrics"]["hospitals"]["h"];
  const nlohmann::json theirs = nlohmann::json::parse(hospsim::testing::read_file(reference + "/summary.json"))["metrics"]["hospitals"]["h"];
  CHECK(value(ours, "surgeries_cancelled") == value(theirs, "surgeries_cancelled"));
  CHECK(value(ours, "outpatient_cancelled") == value(theirs, "outpatient_cancelled"));
  const std::string timeline = hospsim::testing::read_file(alone + "/timeline.csv");
  for (const char* hour : {"2025-03-13T11:00", "2025-03-13T12:00"}) {
    const std::string key = std::string(hour) + ",scenario,h,ed_los_median_min,";
    const std::size_t at = timeline.find(key);
    REQUIRE(at != std::string::npos);
    CHECK(std::stod(timeline.substr(at + key.size())) == Approx(1.22 * 30.0));
  }
}

TEST_CASE("run::presets: hospsim presets lists the library; an unknown name exits 2", "[run]") {
  ProcessResult one = run_hospsim({"presets", "lab-manual-results"});
  REQUIRE(one.exit_code == 0);
  CHECK(one.out.rfind("lab-manual-results  (kind lab)\n", 0) == 0);
  CHECK(one.out.find("  ed_treatment.turnaround = 83min\n") != std::string::npos);
  CHECK(one.out.find("ehr-acute-only") == std::string::npos);
  ProcessResult markdown = run_hospsim({"presets", "--markdown"});
  REQUIRE(markdown.exit_code == 0);
  CHECK(markdown.out == hospsim::testing::read_file(std::string(HOSPSIM_SOURCE_DIR) + "/docs/effect-presets.md"));
  ProcessResult unknown = run_hospsim({"presets", "lab-manual"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.rfind("hospsim presets: unknown effect preset \"lab-manual\"", 0) == 0);
  CHECK(unknown.err.find("the presets are: ehr-acute-only, ") != std::string::npos);
}
