// Report layer: summary.json read back into the records it was written from (report/run_files.h), checked
// against the plainest reading of its JSON, and the text of a metric's change (report/metric_text.h).
#include <catch2/catch.hpp>

#include <limits>
#include <string>
#include <vector>

#include "metrics/calibration.h"
#include "metrics/metric_table.h"
#include "metrics/run_metrics.h"
#include "metrics/summary.h"
#include "report/metric_text.h"
#include "report/run_files.h"
#include "run/outputs.h"

using namespace hospsim;

namespace {

// Metric `name` of a metrics object of summary.json's JSON (a number, or {value, baseline, delta, delta_pct})
// as a cell, read the plainest way: the oracle the typed cells are checked against. Not present when it is
// missing, null or `metrics` is not an object.
MetricCell json_cell(const nlohmann::json& metrics, const std::string& name) {
  MetricCell out;
  if (!metrics.is_object() || !metrics.contains(name)) return out;
  const nlohmann::json& entry = metrics.at(name);
  if (entry.is_object()) {
    out.present = entry.contains("value") && entry["value"].is_number();
    if (out.present) out.value = entry["value"].get<double>();
    if (entry.contains("baseline") && entry["baseline"].is_number()) {
      out.baseline = entry["baseline"].get<double>();
    }
    if (entry.contains("delta") && entry["delta"].is_number()) out.delta = entry["delta"].get<double>();
    if (entry.contains("delta_pct") && entry["delta_pct"].is_number()) {
      out.delta_pct = entry["delta_pct"].get<double>();
    }
  } else if (entry.is_number()) {
    out.present = true;
    out.value = entry.get<double>();
  }
  return out;
}

MetricCell json_cell(const nlohmann::json& metrics, MetricId id) {
  return json_cell(metrics, std::string(metric_info(id).name));
}

}  // namespace

TEST_CASE("report::metric_text: a percentage only on a baseline of at least 20, else the baseline",
          "[report]") {
  auto cell = [](const char* text) { return json_cell(nlohmann::json::parse(text), "m"); };
  // 8 -> 29: +262.5% would say more about the 8 than about the change.
  const MetricCell small = cell(R"({"m": {"value": 29, "baseline": 8, "delta": 21, "delta_pct": 262.5}})");
  CHECK(change_text(small) == "29 (+21 from 8)");
  CHECK(delta_text(small) == "+21 (from 8)");
  // At 20 the percentage is shown; below (19.5) it is not.
  const MetricCell twenty = cell(R"({"m": {"value": 25, "baseline": 20, "delta": 5, "delta_pct": 25}})");
  CHECK(change_text(twenty) == "25 (+5, +25.0%)");
  CHECK(delta_text(twenty) == "+5 (+25.0%)");
  CHECK(change_text(cell(R"({"m": {"value": 25, "baseline": 19.5, "delta": 5.5, "delta_pct": 28.2}})")) ==
        "25 (+6 from 20)");
  // A negative baseline counts by its size.
  CHECK(delta_text(cell(R"({"m": {"value": -10, "baseline": -40, "delta": 30, "delta_pct": -75}})")) ==
        "+30 (-75.0%)");
  // Baseline 0: the percentage is undefined (null in summary.json).
  CHECK(change_text(cell(R"({"m": {"value": 67, "baseline": 0, "delta": 67, "delta_pct": null}})")) ==
        "67 (+67 from 0)");
  // A summary without the baseline's value (delta only) keeps the percentage it has; none without a baseline.
  CHECK(change_text(cell(R"({"m": {"value": 29, "delta": 21, "delta_pct": 262.5}})")) == "29 (+21, +262.5%)");
  CHECK(change_text(cell(R"({"m": 29})")) == "29");
  CHECK(delta_text(cell(R"({"m": 29})")) == "-");
}

namespace {

// A paired run of two hospitals by hand, as a collector fills it: counts and reals (one real integral, one
// without a short decimal form), values without one (no wait median at b; no baseline hospital c), the
// conditional metrics of mutual aid and ransomware in the run, mutual aid alone in the baseline.
PairedRunMetrics hand_metrics() {
  PairedRunMetrics metrics;
  RunMetrics& run = metrics.run;
  run.mutual_aid = true;
  run.ransomware = true;
  set_count(run.region, MetricId::kEdArrivals, std::int64_t{1} << 40);
  set_count(run.region, MetricId::kSurgeriesMovedOut, 9);
  set_real(run.region, MetricId::kEdWaitMedianMin, 0.1 + 0.2);
  set_real(run.region, MetricId::kEdCensusMean, 3.0);
  set_count(run.region, MetricId::kAttackHostsInfected, 4);
  set_real(run.region, MetricId::kAttackHoursToDetect, 1.0 / 3.0);
  HospitalMetrics a{"a", {}, {}};
  set_count(a.values, MetricId::kEdArrivals, 70);
  set_count(a.values, MetricId::kSurgeriesCancelled, 12);
  set_real(a.values, MetricId::kEdWaitMedianMin, 42.125);
  set_count(a.values, MetricId::kSurgeriesMovedOut, 9);
  ServiceMetrics ehr{"ehr", {}};
  set_real(ehr.values, MetricId::kAvailabilityPct, 100.0 * (1.0 - 3600.0 / 86400.0));
  set_real(ehr.values, MetricId::kMinutesDown, 60.0);
  set_count(ehr.values, MetricId::kOutages, 1);
  ServiceMetrics lab{"lab", {}};
  set_real(lab.values, MetricId::kAvailabilityPct, 100.0);
  set_count(lab.values, MetricId::kOutages, 0);
  a.services = {ehr, lab};
  HospitalMetrics b{"b", {}, {}};
  set_count(b.values, MetricId::kEdArrivals, 0);
  set_count(b.values, MetricId::kSurgeriesMovedOut, 0);
  HospitalMetrics c{"c", {}, {}};
  set_count(c.values, MetricId::kEdArrivals, 5);
  run.hospitals = {a, b, c};

  RunMetrics base;
  base.mutual_aid = true;
  set_count(base.region, MetricId::kEdArrivals, (std::int64_t{1} << 40) - 3);
  set_count(base.region, MetricId::kSurgeriesMovedOut, 0);
  set_real(base.region, MetricId::kEdWaitMedianMin, 0.25);
  set_real(base.region, MetricId::kEdCensusMean, 0.0);
  HospitalMetrics base_a{"a", {}, {}};
  set_count(base_a.values, MetricId::kEdArrivals, 64);
  set_count(base_a.values, MetricId::kSurgeriesCancelled, 12);
  set_real(base_a.values, MetricId::kEdWaitMedianMin, 40.0);
  set_count(base_a.values, MetricId::kSurgeriesMovedOut, 0);
  HospitalMetrics base_b{"b", {}, {}};
  set_count(base_b.values, MetricId::kEdArrivals, 2);
  set_real(base_b.values, MetricId::kEdWaitMedianMin, 5.5);
  set_count(base_b.values, MetricId::kSurgeriesMovedOut, 0);
  base.hospitals = {base_a, base_b};
  metrics.baseline = base;
  return metrics;
}

// The summary.json of `metrics` as summary_json() (run/outputs.h) writes its metrics and it sections.
nlohmann::json summary_json_of(const PairedRunMetrics& metrics) {
  nlohmann::json summary = {
      {"format", "hospsim-summary/1"},
      {"scenario", {{"name", "hand"}, {"seed", 1}, {"start", "2025-03-13T00:00"}, {"horizon_hours", 24}}},
      {"baseline", metrics.baseline.has_value()}};
  summary["metrics"] =
      metrics.baseline ? paired_metrics(metrics.run, *metrics.baseline) : metrics_json(metrics.run);
  summary["it"] = it_json(metrics.run);
  return summary;
}

void check_same_cell(const MetricCell& typed, const MetricCell& from_json) {
  CHECK(typed.present == from_json.present);
  CHECK(typed.value == from_json.value);
  CHECK(typed.baseline == from_json.baseline);
  CHECK(typed.delta == from_json.delta);
  CHECK(typed.delta_pct == from_json.delta_pct);
}

}  // namespace

TEST_CASE("report::run_files: summary.json reads back into the records it was written from", "[report]") {
  const PairedRunMetrics written = hand_metrics();
  Result<RunFiles> files =
      parse_run_files(summary_json_of(written).dump(2) + "\n", "", "", "run/summary.json");
  REQUIRE(files.is_ok());
  const PairedRunMetrics& read = files->summary.metrics;
  SECTION("the run's record: equal, integers as integers, reals as reals, exact") {
    CHECK(read.run == written.run);
    CHECK(std::holds_alternative<std::int64_t>(*read.run.region.get(MetricId::kEdArrivals)));
    CHECK(std::get<std::int64_t>(*read.run.region.get(MetricId::kEdArrivals)) == std::int64_t{1} << 40);
    CHECK(std::holds_alternative<double>(*read.run.region.get(MetricId::kEdCensusMean)));
    CHECK(std::get<double>(*read.run.region.get(MetricId::kEdWaitMedianMin)) == 0.1 + 0.2);
    CHECK_FALSE(read.run.hospitals[1].values.get(MetricId::kEdWaitMedianMin).has_value());
    CHECK(read.run.mutual_aid);
    CHECK(read.run.ransomware);
    CHECK_FALSE(read.run.test_turnaround);
  }
  SECTION("the baseline's record: equal but for its IT services, which summary.json does not hold") {
    REQUIRE(read.baseline.has_value());
    RunMetrics expected = *written.baseline;
    // c is not in the baseline: summary.json pairs it with nulls, read back as a hospital without values.
    expected.hospitals.push_back({"c", {}, {}});
    CHECK(*read.baseline == expected);
  }
  SECTION("every cell the tables and the report read is the cell of summary.json's JSON") {
    const nlohmann::json summary = summary_json_of(written);
    for (const MetricInfo& metric : metric_table()) {
      INFO(metric.name);
      check_same_cell(metric_cell(region_metrics(written), metric.id),
                      json_cell(summary["metrics"]["region"], metric.id));
      check_same_cell(metric_cell(region_metrics(read), metric.id),
                      json_cell(summary["metrics"]["region"], metric.id));
      for (const char* hospital : {"a", "b", "c", "d"}) {
        INFO(hospital);
        const nlohmann::json& hospitals = summary["metrics"]["hospitals"];
        const nlohmann::json none = nlohmann::json::object();
        const nlohmann::json& json = hospitals.contains(hospital) ? hospitals[hospital] : none;
        check_same_cell(metric_cell(hospital_metrics(written, hospital), metric.id),
                        json_cell(json, metric.id));
        check_same_cell(metric_cell(hospital_metrics(read, hospital), metric.id), json_cell(json, metric.id));
      }
    }
    // A count's change is the integers' (2^40 - (2^40 - 3)), its percentage the reals'.
    const MetricCell arrivals = metric_cell(region_metrics(read), MetricId::kEdArrivals);
    CHECK(arrivals.delta == 3.0);
    // Baseline 0: no percentage.
    CHECK_FALSE(metric_cell(region_metrics(read), MetricId::kEdCensusMean).delta_pct.has_value());
    // The attack metrics: the run's, without a baseline (the baseline has no injection).
    const MetricCell infected = metric_cell(region_metrics(read), MetricId::kAttackHostsInfected);
    CHECK(infected.present);
    CHECK_FALSE(infected.baseline.has_value());
  }
  SECTION("counts at the ends of the 64-bit range: the change is the reals' when the integers' overflows") {
    PairedRunMetrics extreme = written;
    set_count(extreme.run.region, MetricId::kEdArrivals, std::numeric_limits<std::int64_t>::min());
    set_count(extreme.baseline->region, MetricId::kEdArrivals, 1);
    const MetricCell cell = metric_cell(region_metrics(extreme), MetricId::kEdArrivals);
    REQUIRE(cell.delta.has_value());
    CHECK(*cell.delta == -0x1p63 - 1.0);                             // -2^63 - 1 in doubles: -2^63
    set_count(extreme.baseline->region, MetricId::kEdArrivals, -1);  // fits: -2^63 + 1, exactly as an integer
    CHECK(*metric_cell(region_metrics(extreme), MetricId::kEdArrivals).delta ==
          static_cast<double>(std::numeric_limits<std::int64_t>::min() + 1));
  }
  SECTION("without a baseline") {
    PairedRunMetrics unpaired = written;
    unpaired.baseline.reset();
    Result<RunFiles> alone = parse_run_files(summary_json_of(unpaired).dump(2), "", "", "run/summary.json");
    REQUIRE(alone.is_ok());
    CHECK(alone->summary.metrics == unpaired);
  }
}

TEST_CASE("report::run_files: the whole summary reads back: identity, hospitals, calibration, flows",
          "[report]") {
  RunSummary written;
  written.name = "hand \"quoted\"";
  written.strategy = "backup";
  written.seed = std::numeric_limits<std::uint64_t>::max();
  written.start = "2025-03-13T00:00";
  written.horizon_hours = 36.5;
  written.deterministic = true;
  written.injections = {"cut", "ransom"};
  written.hospitals = {{"a", "Alpha", "North"}, {"b", "", ""}};
  written.metrics = hand_metrics();
  CalibrationView view;
  view.of_baseline = false;
  view.figures.region.put(CalibrationFigure::kEdUtilisationPct, 0.1 + 0.2);
  CalibrationFigures a;
  a.put(CalibrationFigure::kEdLwbsPct, 0.0);  // outside 0.4-6.7: a warning, not read back but derived
  a.put(CalibrationFigure::kDiversionHours, 12.25);
  view.figures.hospitals = {{"a", a}, {"b", {}}};
  written.calibration = view;
  written.diversions = std::vector<DiversionFlow>{{"a", "b", 3, 1, 0.75}, {"b", "a", 0, 2, 0.0}};
  written.baseline_diversions = std::vector<DiversionFlow>{};
  written.model_events = 123456789;
  const std::string text = summary_json(written).dump(2) + "\n";
  Result<RunFiles> files = parse_run_files(text, "", "", "run/summary.json");
  REQUIRE(files.is_ok());
  RunSummary read = files->summary;
  // summary.json holds no IT services of the baseline, and pairs a hospital the baseline lacks (c) with
  // nulls.
  REQUIRE(read.metrics.baseline.has_value());
  CHECK(read.metrics.run == written.metrics.run);
  read.metrics = written.metrics;
  CHECK(read == written);
  CHECK(summary_json(read).dump(2) + "\n" == text);  // written again, the same bytes
  const std::vector<CalibrationWarning> warnings = calibration_warnings(*read.calibration);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].hospital == "a");
  CHECK(warnings[0].figure == CalibrationFigure::kEdLwbsPct);
  SECTION("a summary without the calibration view and the flows (an older hospsim) reads back without them") {
    nlohmann::json older = nlohmann::json::parse(text);
    older.erase("calibration");
    older.erase("diversions");
    older.erase("baseline_diversions");
    Result<RunFiles> back = parse_run_files(older.dump(), "", "", "run/summary.json");
    REQUIRE(back.is_ok());
    CHECK_FALSE(back->summary.calibration.has_value());
    CHECK_FALSE(back->summary.diversions.has_value());
    CHECK_FALSE(back->summary.baseline_diversions.has_value());
  }
  SECTION("a flow without one of its members, or a key written twice, is refused") {
    nlohmann::json changed = nlohmann::json::parse(text);
    changed["diversions"][1].erase("to");
    Result<RunFiles> back = parse_run_files(changed.dump(), "", "", "run/summary.json");
    REQUIRE_FALSE(back.is_ok());
    CHECK(back.status().message().find("/diversions/1: missing required key \"to\"") != std::string::npos);
    std::string twice = text;
    twice.insert(twice.find("\"model_events\""), "\"model_events\": 1,\n  ");
    Result<RunFiles> duplicated = parse_run_files(twice, "", "", "run/summary.json");
    REQUIRE_FALSE(duplicated.is_ok());
    INFO(duplicated.status().message());
    CHECK(duplicated.status().message().find("model_events") != std::string::npos);
  }
  SECTION("members of the wrong type are refused with their pointers") {
    const auto refused = [&](const char* pointer, const nlohmann::json& value, const std::string& expected) {
      nlohmann::json changed = nlohmann::json::parse(text);
      changed[nlohmann::json::json_pointer(pointer)] = value;
      Result<RunFiles> back = parse_run_files(changed.dump(), "", "", "run/summary.json");
      REQUIRE_FALSE(back.is_ok());
      INFO(back.status().message());
      CHECK(back.status().message().find(std::string(pointer) + ": " + expected) != std::string::npos);
    };
    refused("/scenario/seed", -1, "must be a seed");
    refused("/scenario/seed", "7", "must be a seed");
    refused("/scenario/deterministic", 1, "must be true or false");
    refused("/scenario/injections/1", 2, "must be a string");
    refused("/calibration/describes", "both", "must be \"baseline\" or \"run\"");
    refused("/calibration/hospitals/a/ed_lwbs_pct", "0", "must be a number or null");
    refused("/calibration/region", 3, "must be an object");
    refused("/calibration/hospitals/a", 3, "must be an object of figures");
    refused("/metrics/hospitals/a", "x", "must be an object of metrics");
    refused("/metrics/region", 3, "must be an object");
    refused("/diversions/0/ambulances", 1.5, "must be a count (an integer from 0)");
    refused("/diversions/0/walk_ins_advised", -2, "must be a count (an integer from 0)");
    refused("/diversions", nlohmann::json::object(), "must be an array of flows");
    refused("/model_events", "many", "must be a count (an integer from 0)");
    refused("/diversions/0/from", 1, "must be a string");
    refused("/diversions/0/extra_travel_hours", "1", "must be a number");
  }
}

TEST_CASE("report::run_files: a metric value of the wrong kind is refused with its pointer", "[report]") {
  nlohmann::json summary = summary_json_of(hand_metrics());
  auto refused = [&summary](const std::string& expected) {
    Result<RunFiles> files = parse_run_files(summary.dump(), "", "", "run/summary.json");
    REQUIRE_FALSE(files.is_ok());
    CHECK(files.status().code() == StatusCode::kInvalidArgument);
    INFO(files.status().message());
    CHECK(files.status().message().find(expected) != std::string::npos);
  };
  SECTION("a count that is not an integer") {
    summary["metrics"]["hospitals"]["a"]["ed_arrivals"]["value"] = 70.5;
    refused("run/summary.json:1:");
    refused(": /metrics/hospitals/a/ed_arrivals/value: must be an integer or null: ed_arrivals is a count");
  }
  SECTION("a count's baseline that is not an integer") {
    summary["metrics"]["region"]["surgeries_moved_out"]["baseline"] = 1e300;
    refused(
        ": /metrics/region/surgeries_moved_out/baseline: must be an integer or null: surgeries_moved_out is "
        "a count");
  }
  SECTION("a count of a summary without baseline") {
    summary["metrics"] = metrics_json(hand_metrics().run);
    summary["metrics"]["region"]["ed_arrivals"] = 18446744073709551615u;  // beyond std::int64_t
    refused(": /metrics/region/ed_arrivals: must be an integer or null: ed_arrivals is a count");
  }
  SECTION("IT values") {
    summary["it"]["a"]["ehr"]["minutes_down"] = "an hour";
    summary["it"]["a"]["lab"]["outages"] = 0.5;
    refused(": /it/a/ehr/minutes_down: must be a number or null");
    refused(": /it/a/lab/outages: must be an integer or null: outages is a count");
  }
  SECTION("a real may be written as an integer") {
    summary["metrics"]["region"]["ed_wait_median_min"]["value"] = 2;
    Result<RunFiles> files = parse_run_files(summary.dump(), "", "", "run/summary.json");
    REQUIRE(files.is_ok());
    CHECK(std::get<double>(*files->summary.metrics.run.region.get(MetricId::kEdWaitMedianMin)) == 2.0);
  }
}
