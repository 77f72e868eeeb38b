// Report layer: CSV reading and the HTML report's content (without a browser:
// tests/report/chromium_report_test.py checks that the charts render).
#include <catch2/catch.hpp>

#include <string>

#include "report/csv_reader.h"
#include "report/html_report.h"

using namespace hospsim;

namespace {

// Stand-ins for the chart libraries: the report's text does not depend on what they are.
const std::string kVega = "var vega = {}; // '</script>' inside a bundle\n//# sourceMappingURL=vega.min.js.map\n";
const std::string kVegaLite = "var vegaLite = {};\n";
const std::string kVegaEmbed = "var vegaEmbed = null;\n";
ReportScripts fake_scripts() { return {kVega, kVegaLite, kVegaEmbed}; }

// A paired run of two hospitals: a's EHR went DOWN for an hour, b sent two ambulances to a.
RunFiles two_hospital_run() {
  RunFiles files;
  files.summary = nlohmann::json::parse(R"({
    "format": "hospsim-summary/1",
    "scenario": {"name": "two", "strategy": "", "seed": 5, "start": "2025-03-13T00:00", "horizon_hours": 4,
                 "deterministic": true, "injections": ["cut"]},
    "hospitals": {"a": {"name": "Alpha Hospital", "region": "R"}, "b": {"name": "Beta Hospital", "region": "R"}},
    "baseline": true,
    "metrics": {
      "region": {"surgeries_cancelled": {"value": 12, "baseline": 7, "delta": 5, "delta_pct": 71.42857142857143},
                 "surgery_backlog_end": {"value": 3, "baseline": 0, "delta": 3, "delta_pct": null},
                 "outpatient_cancelled": {"value": 40, "baseline": 0, "delta": 40, "delta_pct": null},
                 "ed_arrivals": {"value": 110, "baseline": 100, "delta": 10, "delta_pct": 10},
                 "ed_diverted_in": {"value": 2, "baseline": 0, "delta": 2, "delta_pct": null},
                 "ed_diverted_out": {"value": 2, "baseline": 0, "delta": 2, "delta_pct": null}},
      "hospitals": {
        "a": {"surgeries_cancelled": {"value": 12, "baseline": 7, "delta": 5, "delta_pct": 71.42857142857143},
              "ed_arrivals": {"value": 62, "baseline": 50, "delta": 12, "delta_pct": 24}},
        "b": {"surgeries_cancelled": {"value": 0, "baseline": 0, "delta": 0, "delta_pct": null},
              "ed_arrivals": {"value": 48, "baseline": 50, "delta": -2, "delta_pct": -4}}}},
    "it": {"a": {"ehr": {"availability_pct": 75, "minutes_down": 60, "minutes_recovering": 30, "outages": 1,
                         "time_to_detect_min": 10}},
           "b": {"ehr": {"availability_pct": 100, "minutes_down": 0, "minutes_recovering": 0, "outages": 0,
                         "time_to_detect_min": null}}},
    "diversions": [{"from": "b", "to": "a", "ambulances": 2, "walk_ins_advised": 1, "extra_travel_hours": 0.5}],
    "baseline_diversions": []
  })");
  files.timeline_csv = "time,run,hospital,metric,value\n";
  for (const char* run : {"scenario", "baseline"}) {
    for (int hour = 0; hour < 4; ++hour) {
      for (const char* hospital : {"a", "b"}) {
        const std::string time = "2025-03-13T0" + std::to_string(hour) + ":00";
        const std::string prefix = time + "," + run + "," + hospital + ",";
        files.timeline_csv += prefix + "ed_arrivals," + std::to_string(10 + hour) + "\n";
        files.timeline_csv += prefix + "surgeries_cancelled," + std::to_string(hour == 1 ? 3 : 0) + "\n";
        files.timeline_csv += prefix + "ed_census,4\n" + prefix + "surgery_backlog," + std::to_string(hour) + "\n";
      }
    }
  }
  files.events_csv =
      "time,seconds,event,hospital,target,from,to,cause\n"
      "2025-03-13T01:00:00,3600,service_state,a,ehr,UP,DOWN,\"no successful request for 600 s (link_down x, y)\"\n"
      "2025-03-13T02:00:00,7200,service_state,a,ehr,DOWN,RECOVERING,requests succeed again\n"
      "2025-03-13T02:30:00,9000,service_state,a,ehr,RECOVERING,UP,recovered\n"
      "2025-03-13T01:10:00,4200,diversion_on,b,b,,,occupancy\n"
      "2025-03-13T01:40:00,6000,diversion_off,b,b,,,cleared\n";
  return files;
}

int count_of(const std::string& text, const std::string& what) {
  int count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++count;
  return count;
}

}  // namespace

TEST_CASE("report::csv: quoted fields, doubled quotes, CRLF; ragged rows are errors", "[report]") {
  Result<CsvTable> table = parse_csv("a,b,c\r\n1,\"x, \"\"y\"\"\",3\n\"multi\nline\",,\n", "t.csv");
  REQUIRE(table.is_ok());
  CHECK(table->header == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(table->rows.size() == 2);
  CHECK(table->rows[0][1] == "x, \"y\"");
  CHECK(table->rows[1][0] == "multi\nline");
  CHECK(table->rows[1][2].empty());
  CHECK(table->column("c") == 2);
  CHECK(table->column("d") == -1);

  Result<CsvTable> ragged = parse_csv("a,b\n1,2\n1,2,3\n", "t.csv");
  REQUIRE_FALSE(ragged.is_ok());
  CHECK(ragged.status().message() == "t.csv:3: 3 fields, the header has 2");
  Result<CsvTable> open = parse_csv("a\n\"never closed\n", "t.csv");
  REQUIRE_FALSE(open.is_ok());
  CHECK(open.status().message() == "t.csv:2: unterminated quoted field");
}

TEST_CASE("report::csv: a row filter keeps only the rows it accepts", "[report]") {
  Result<CsvTable> table =
      parse_csv("metric,value\ned_arrivals,1\nbeds_occupied,2\ned_arrivals,3\n", "t.csv",
                [](const std::vector<std::string>& header, const std::vector<std::string>& row) {
                  CHECK(header == std::vector<std::string>{"metric", "value"});
                  return row[0] == "ed_arrivals";
                });
  REQUIRE(table.is_ok());
  REQUIRE(table->rows.size() == 2);
  CHECK(table->rows[0][1] == "1");
  CHECK(table->rows[1][1] == "3");
}

TEST_CASE("report::html: without the chart libraries the report fails with how to get them", "[report]") {
  Result<std::string> html = render_run_report(two_hospital_run(), ReportScripts{});
  REQUIRE_FALSE(html.is_ok());
  CHECK(html.status().code() == StatusCode::kFailedPrecondition);
  CHECK(html.status().exit_code() == 2);
  CHECK(html.status().message().find("scripts/setup.sh") != std::string::npos);
  batch::BatchData data;
  batch::Comparison comparison;
  CHECK_FALSE(render_batch_report(data, comparison, ReportScripts{}).is_ok());
}

TEST_CASE("report::html: run report holds the headline numbers and its charts, byte-identical", "[report]") {
  const RunFiles files = two_hospital_run();
  Result<std::string> first = render_run_report(files, fake_scripts());
  REQUIRE(first.is_ok());
  Result<std::string> second = render_run_report(files, fake_scripts());
  REQUIRE(second.is_ok());
  CHECK(first.value() == second.value());
  const std::string& html = first.value();

  SECTION("headline") {
    CHECK(html.find("<b>Cancelled planned operations:</b> 12 (+5, +71.4%)") != std::string::npos);
    CHECK(html.find("<b>Cancelled outpatient appointments:</b> 40 (+40)") != std::string::npos);
    CHECK(html.find("largest increase: Alpha Hospital 62 (+12, +24.0%)") != std::string::npos);
    CHECK(html.find("1 (hospital, service) pairs were DOWN, 1.0 service-hours in all; longest: 1 h (ehr at Alpha "
                    "Hospital)") != std::string::npos);
  }
  SECTION("charts: states, ED, surgery, flows; no attack chart without attack rows") {
    CHECK(count_of(html, "<div class=\"chart\" id=") == 4);
    CHECK(html.find("id=\"chart-service-states\"") != std::string::npos);
    CHECK(html.find("id=\"chart-ed-load\"") != std::string::npos);
    CHECK(html.find("id=\"chart-surgery\"") != std::string::npos);
    CHECK(html.find("id=\"chart-diversion-flows\"") != std::string::npos);
    CHECK(html.find("chart-attack") == std::string::npos);
    // The diversion row of b and the cumulative cancellations (3 in hour 1: 0, 0, 3, 3, 3).
    CHECK(html.find("Beta Hospital \\u00b7 ambulance diversion") == std::string::npos);  // not escaped
    CHECK(html.find("Beta Hospital \xc2\xb7 ambulance diversion") != std::string::npos);
    CHECK(html.find("\"label\":\"2 (0)\"") != std::string::npos);
  }
  SECTION("inlined bundles: source-map comments dropped, </script broken up, no network") {
    CHECK(html.find("sourceMappingURL") == std::string::npos);
    CHECK(html.find("'<\\/script>' inside a bundle") != std::string::npos);
    CHECK(html.find("src=\"http") == std::string::npos);
    CHECK(html.find("@media print") != std::string::npos);
    CHECK(html.find("id=\"hospsim-report-status\" hidden data-state=\"pending\"") != std::string::npos);
  }
  SECTION("the attack chart appears with infected/encrypted/restored rows") {
    RunFiles attacked = files;
    attacked.events_csv += "2025-03-13T01:00:00,3600,infected,,dc,,,injection r\n"
                           "2025-03-13T01:30:00,5400,encrypted,,dc,,,injection r\n"
                           "2025-03-13T01:45:00,6300,detected,,r,,,injection r\n"
                           "2025-03-13T03:00:00,10800,restored,,dc,,,injection r\n";
    Result<std::string> with_attack = render_run_report(attacked, fake_scripts());
    REQUIRE(with_attack.is_ok());
    CHECK(count_of(with_attack.value(), "<div class=\"chart\" id=") == 5);
    CHECK(with_attack.value().find("id=\"chart-attack\"") != std::string::npos);
    CHECK(with_attack.value().find("\"marker\":\"detected\"") != std::string::npos);
  }
}

TEST_CASE("report::html: the calibration view and the median ED stay appear in the run report", "[report]") {
  RunFiles files = two_hospital_run();
  SECTION("without them (an older summary.json) the report has neither section") {
    Result<std::string> html = render_run_report(files, fake_scripts());
    REQUIRE(html.is_ok());
    CHECK(html->find("Calibration of the") == std::string::npos);
    CHECK(html->find("<b>ED length of stay</b>") == std::string::npos);
  }
  SECTION("with them") {
    files.summary["metrics"]["region"]["ed_los_median_min"] = {
        {"value", 150.0}, {"baseline", 120.0}, {"delta", 30.0}, {"delta_pct", 25.0}};
    files.summary["metrics"]["region"]["ed_within_4h_pct"] = {
        {"value", 80.0}, {"baseline", 90.0}, {"delta", -10.0}, {"delta_pct", -11.1}};
    files.summary["metrics"]["hospitals"]["a"]["ed_los_median_min"] = {
        {"value", 160.0}, {"baseline", 125.0}, {"delta", 35.0}, {"delta_pct", 28.0}};
    files.summary["calibration"] = nlohmann::json::parse(R"({
      "describes": "baseline",
      "hospitals": {"a": {"ed_utilisation_pct": 62.5, "ed_lwbs_pct": 0.0}, "b": {"ed_utilisation_pct": 40.0}},
      "region": {"ed_utilisation_pct": 51.25},
      "warnings": [{"hospital": "a", "figure": "ed_lwbs_pct", "value": 0.0, "low": 0.4, "high": 6.7},
                   {"hospital": "b", "figure": "ed_utilisation_pct", "value": 40.0, "low": 50.0, "high": 95.0}]})");
    Result<std::string> result = render_run_report(files, fake_scripts());
    REQUIRE(result.is_ok());
    const std::string& html = result.value();
    CHECK(html.find("<b>ED length of stay</b> (arrival to departure, median): 150 min (+30, +25.0%); within 4 "
                    "hours: 80.0% (-10.0 points).") != std::string::npos);
    CHECK(html.find("<td>160 min (+35, +28.0%)</td>") != std::string::npos);
    CHECK(html.find("<td>-</td>") != std::string::npos);  // b has no median stay
    CHECK(html.find("<h2>Calibration of the baseline (the scenario without injections)</h2>") != std::string::npos);
    CHECK(html.find("<tr><td>Alpha Hospital</td><td>62.5</td><td>0.0</td><td>-</td>") != std::string::npos);
    CHECK(html.find("<tr class=\"total\"><td>Region</td><td>51.2</td>") != std::string::npos);
    CHECK(html.find("<li>Alpha Hospital: LWBS % 0.0 (typical 0.4-6.7)</li>") != std::string::npos);
    CHECK(html.find("<li>Beta Hospital: ED utilisation % 40.0 (typical 50-95)</li>") != std::string::npos);
  }
}

TEST_CASE("report::html: the mutual-aid line appears only when the summary has its metrics", "[report]") {
  RunFiles files = two_hospital_run();
  {
    Result<std::string> html = render_run_report(files, fake_scripts());
    REQUIRE(html.is_ok());
    CHECK(html->find("<b>Mutual aid:</b>") == std::string::npos);
  }
  files.summary["metrics"]["region"]["surgeries_moved_out"] = {
      {"value", 9}, {"baseline", 0}, {"delta", 9}, {"delta_pct", nullptr}};
  files.summary["metrics"]["region"]["surgeries_moved_in_performed"] = {
      {"value", 4}, {"baseline", 0}, {"delta", 4}, {"delta_pct", nullptr}};
  Result<std::string> html = render_run_report(files, fake_scripts());
  REQUIRE(html.is_ok());
  CHECK(html->find("<li><b>Mutual aid:</b> 9 elective cases moved to another hospital instead of a downtime "
                   "cancellation; operated there by the end: 4.</li>") != std::string::npos);
}

TEST_CASE("report::html: malformed inputs name the file", "[report]") {
  RunFiles files = two_hospital_run();
  files.timeline_csv += "2025-03-13T05:00,scenario,a\n";
  Result<std::string> html = render_run_report(files, fake_scripts());
  REQUIRE_FALSE(html.is_ok());
  CHECK(html.status().message().rfind("timeline.csv:", 0) == 0);
  Result<RunFiles> missing = read_run_files("/nonexistent/hospsim-run");
  REQUIRE_FALSE(missing.is_ok());
  CHECK(missing.status().code() == StatusCode::kNotFound);
  CHECK(missing.status().message() == "/nonexistent/hospsim-run: no such run directory");
}

#include "report/run_tables.h"

namespace {

// two_hospital_run() with the causes of its ED changes: Alpha got 10 cancelled outpatients and 2 diverted
// ambulances (+12 arrivals); the region's +10 are the outpatients (the ambulances moved within it).
RunFiles run_with_causes() {
  RunFiles files = two_hospital_run();
  nlohmann::json& metrics = files.summary["metrics"];
  metrics["region"]["ed_from_outpatient"] = {{"value", 10}, {"baseline", 0}, {"delta", 10}, {"delta_pct", nullptr}};
  metrics["hospitals"]["a"]["ed_from_outpatient"] = metrics["region"]["ed_from_outpatient"];
  metrics["hospitals"]["a"]["ed_diverted_in"] = {{"value", 2}, {"baseline", 0}, {"delta", 2}, {"delta_pct", nullptr}};
  metrics["hospitals"]["b"]["ed_diverted_out"] = metrics["hospitals"]["a"]["ed_diverted_in"];
  return files;
}

}  // namespace

TEST_CASE("report::run_tables: the ED arrivals change by cause adds up, with what is left as other", "[report]") {
  const RunFiles files = run_with_causes();
  const auto alpha = ed_shift_breakdown(files.summary["metrics"]["hospitals"]["a"]);
  REQUIRE(alpha.has_value());
  CHECK(alpha->arrivals == 12);
  CHECK(alpha->from_outpatients == 10);
  CHECK(alpha->ambulances_in == 2);
  CHECK(alpha->other == 0);
  CHECK(ed_shift_text(*alpha) == "+10 cancelled outpatients, +2 ambulances diverted in");
  // Beta: -2 arrivals, of which 2 ambulances sent to Alpha; nothing left over.
  const auto beta = ed_shift_breakdown(files.summary["metrics"]["hospitals"]["b"]);
  REQUIRE(beta.has_value());
  CHECK(ed_shift_text(*beta) == "-2 diverted out");
  // Without the causes, the whole change is "other".
  const auto plain = ed_shift_breakdown(two_hospital_run().summary["metrics"]["hospitals"]["a"]);
  REQUIRE(plain.has_value());
  CHECK(ed_shift_text(*plain) == "+12 other");
  // Without a baseline there is nothing to break down.
  CHECK_FALSE(ed_shift_breakdown(nlohmann::json::parse(R"({"ed_arrivals": 5})")).has_value());
}

TEST_CASE("report::html: the headline breaks the ED arrivals change down by cause", "[report]") {
  Result<std::string> html = render_run_report(run_with_causes(), fake_scripts());
  REQUIRE(html.is_ok());
  CHECK(html->find("110 (+10, +10.0%), by cause: +10 cancelled outpatients, +2 ambulances diverted in, -2 diverted "
                   "out; largest increase: Alpha Hospital 62 (+12, +24.0%): +10 cancelled outpatients, +2 "
                   "ambulances diverted in.") != std::string::npos);
}
