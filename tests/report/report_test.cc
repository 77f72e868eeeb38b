// Report layer: CSV reading and the HTML report's content (without a browser:
// tests/report/chromium_report_test.py checks that the charts render).
#include <catch2/catch.hpp>

#include <limits>
#include <string>

#include "hospsim/timeline.h"
#include "metrics/run_metrics.h"
#include "metrics/summary.h"
#include "report/csv_reader.h"
#include "report/html_page.h"
#include "report/html_report.h"
#include "report/metric_text.h"
#include "report/run_charts.h"
#include "report/run_log_csv.h"
#include "report/run_tables.h"
#include "run/outputs.h"

#include <fmt/format.h>

using namespace hospsim;

namespace {

// Stand-ins for the chart libraries: the report's text does not depend on what they are.
const std::string kVega =
    "var vega = {}; // '</script>' inside a bundle\n//# sourceMappingURL=vega.min.js.map\n";
const std::string kVegaLite = "var vegaLite = {};\n";
const std::string kVegaEmbed = "var vegaEmbed = null;\n";
ReportScripts fake_scripts() { return {kVega, kVegaLite, kVegaEmbed}; }

// The files of a run, its summary.json as JSON (for tests that change it) and read back (files()).
struct TestRun {
  nlohmann::json summary;
  std::string timeline_csv;
  std::string events_csv;

  RunFiles files() const { return RunFiles{summary_of(summary), timeline_csv, events_csv}; }
};

// A paired run of two hospitals: a's EHR went DOWN for an hour, b sent two ambulances to a.
TestRun two_hospital_run() {
  TestRun files;
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
        files.timeline_csv +=
            prefix + "ed_census,4\n" + prefix + "surgery_backlog," + std::to_string(hour) + "\n";
      }
    }
  }
  files.events_csv =
      "time,seconds,event,hospital,target,from,to,cause\n"
      "2025-03-13T01:00:00,3600,service_state,a,ehr,UP,DOWN,\"no successful request for 600 s (link_down x, "
      "y)\"\n"
      "2025-03-13T02:00:00,7200,service_state,a,ehr,DOWN,RECOVERING,requests succeed again\n"
      "2025-03-13T02:30:00,9000,service_state,a,ehr,RECOVERING,UP,recovered\n"
      "2025-03-13T01:10:00,4200,diversion_on,b,b,,,occupancy\n"
      "2025-03-13T01:40:00,6000,diversion_off,b,b,,,cleared\n";
  return files;
}

int count_of(const std::string& text, const std::string& what) {
  int count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
    ++count;
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

TEST_CASE("report::csv: rows with and without quotes read alike; lines are counted across quoted breaks",
          "[report]") {
  // Rows without a double quote are split where they lie, rows with one go through the quoting rules.
  Result<CsvTable> table = parse_csv("a,b\r\n1,2\n\"q\",x\r\n,\nlast,\r", "t.csv");
  REQUIRE(table.is_ok());
  REQUIRE(table->rows.size() == 4);
  CHECK(table->rows[0] == std::vector<std::string>{"1", "2"});
  CHECK(table->rows[1] == std::vector<std::string>{"q", "x"});
  CHECK(table->rows[2] == std::vector<std::string>{"", ""});
  CHECK(table->rows[3] == std::vector<std::string>{"last", "\r"});  // a CR is a line end only before LF
  Result<CsvTable> after_break = parse_csv("a,b\n\"x\ny\",1\n1,2,3\n", "t.csv");
  REQUIRE_FALSE(after_break.is_ok());
  CHECK(after_break.status().message() == "t.csv:4: 3 fields, the header has 2");
  Result<CsvTable> empty_line = parse_csv("a,b\n1,2\n\n3,4\n", "t.csv");
  REQUIRE_FALSE(empty_line.is_ok());
  CHECK(empty_line.status().message() == "t.csv:3: 1 fields, the header has 2");
}

TEST_CASE("report::series: the charted metrics of a timeline by run, hospital and metric, in file order",
          "[report]") {
  const std::string timeline =
      "time,run,hospital,metric,value\n"
      "2025-03-13T00:00:00,scenario,a,ed_census,1\n"
      "2025-03-13T00:00:00,scenario,a,beds_occupied,9\n"
      "2025-03-13T00:00:00,baseline,a,ed_census,2\n"
      "2025-03-13T01:00:00,scenario,a,ed_census,3.5\n"
      "2025-03-13T01:00:00,scenario,\"a,b\",ed_census,4\n"
      "2025-03-13T01:00:00,other,a,ed_census,5\n";
  const RunSummary summary;
  const double start = *html::civil_ms("2025-03-13T00:00:00");
  html::RunContext run{summary, {}, {}, start, start + 2 * 3.6e6, true};
  // Row by row through parse_csv's filter: the typed rows of the charted metric, no row kept as text.
  html::TimelineCsvReader reader({TimelineMetric::kEdCensus}, start);
  Result<CsvTable> filtered =
      parse_csv(timeline, "timeline.csv",
                [&](const std::vector<std::string>& header, const std::vector<std::string_view>& row) {
                  return reader.add(header, row);
                });
  REQUIRE(filtered.is_ok());
  CHECK(filtered->rows.empty());
  REQUIRE(reader.finish(filtered->header).is_ok());
  REQUIRE(reader.scenario().timeline.size() == 3);
  CHECK(reader.scenario().timeline[1].hour_start == 3600.0);
  CHECK(reader.scenario().timeline[1].metric == TimelineMetric::kEdCensus);
  CHECK(reader.scenario().hospitals == std::vector<std::string>{"a", "a,b"});
  REQUIRE(reader.has_baseline());

  const html::Series series =
      html::series_of(run, reader.scenario(), &reader.baseline(), {TimelineMetric::kEdCensus});
  REQUIRE(series.size() == 3);
  using Points = std::vector<std::pair<double, double>>;
  const double hour = 3.6e6;
  CHECK(series.at({"scenario", "a", "ed_census"}) == Points{{start, 1.0}, {start + hour, 3.5}});
  CHECK(series.at({"baseline", "a", "ed_census"}) == Points{{start, 2.0}});
  CHECK(series.at({"scenario", "a,b", "ed_census"}) == Points{{start + hour, 4.0}});
  CHECK(series.count({"scenario", "a", "beds_occupied"}) == 0);

  // Typed rows of a run in memory give the same series; a region row is the hospital "region".
  RunLog log;
  log.hospitals = {"a", "a,b"};
  log.timeline = {{0.0, 1.0, 0, TimelineMetric::kEdCensus},
                  {0.0, 9.0, 0, TimelineMetric::kBedsOccupied},
                  {3600.0, 3.5, 0, TimelineMetric::kEdCensus},
                  {3600.0, 4.0, 1, TimelineMetric::kEdCensus},
                  {3600.0, 2.0, kNoHospital, TimelineMetric::kAttackHostsDown}};
  const html::Series typed =
      html::series_of(run, log, nullptr, {TimelineMetric::kEdCensus, TimelineMetric::kAttackHostsDown});
  CHECK(typed.at({"scenario", "a", "ed_census"}) == series.at({"scenario", "a", "ed_census"}));
  CHECK(typed.at({"scenario", "a,b", "ed_census"}) == series.at({"scenario", "a,b", "ed_census"}));
  CHECK(typed.at({"scenario", "region", "attack_hosts_down"}) == Points{{start + hour, 2.0}});

  html::TimelineCsvReader refusing({TimelineMetric::kEdCensus}, start);
  Result<CsvTable> bad = parse_csv(
      "time,run,hospital,metric,value\n2025-03-13T00:00:00,scenario,a,ed_census,x\n", "timeline.csv",
      [&](const std::vector<std::string>& header, const std::vector<std::string_view>& row) {
        return refusing.add(header, row);
      });
  REQUIRE(bad.is_ok());
  const Status refused = refusing.finish(bad->header);
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.message() == "timeline.csv: not a finite number in the value column: x");
}

TEST_CASE("report::events: events.csv read into typed incident rows", "[report]") {
  Result<CsvTable> events = parse_csv(
      "time,seconds,event,hospital,target,from,to,cause\n"
      "2025-03-13T01:00:00,3600,service_state,a,ehr,UP,DOWN,\"lost, all\"\n"
      "2025-03-13T01:00:00,x,service_state,a,ehr,UP,DOWN,unreadable time: left out\n"
      "2025-03-13T01:10:00,4200,diversion_on,b,b,,,occupancy\n"
      "2025-03-13T01:20:00,4800,encrypted,,dc,,,injection r\n"
      "2025-03-13T01:30:00,5400,something_else,,dc,,,left out\n",
      "events.csv");
  REQUIRE(events.is_ok());
  RunLog log;
  log.hospitals = {"b"};
  REQUIRE(html::read_incidents(events.value(), log).is_ok());
  REQUIRE(log.incidents.size() == 3);
  CHECK(log.hospitals == std::vector<std::string>{"b", "a"});
  CHECK(log.incidents[0].kind == IncidentKind::kServiceState);
  CHECK(log.incidents[0].time == 3600.0);
  CHECK(log.hospital_id(log.incidents[0].hospital) == "a");
  CHECK(log.texts[log.incidents[0].target] == "ehr");
  CHECK(log.texts[log.incidents[0].cause] == "lost, all");
  CHECK(log.incidents[0].to == ServiceState::kDown);
  CHECK(log.incidents[1].kind == IncidentKind::kDiversionOn);
  CHECK(log.incidents[1].hospital == 0);
  CHECK(log.incidents[2].kind == IncidentKind::kInfrastructure);
  CHECK(log.incidents[2].infrastructure == InfrastructureKind::kEncrypted);
  CHECK(log.incidents[2].hospital == kNoHospital);

  Result<CsvTable> bad = parse_csv(
      "time,seconds,event,hospital,target,from,to,cause\n"
      "2025-03-13T01:00:00,3600,service_state,a,ehr,UP,SIDEWAYS,x\n",
      "events.csv");
  REQUIRE(bad.is_ok());
  RunLog refused;
  const Status status = html::read_incidents(bad.value(), refused);
  REQUIRE_FALSE(status.is_ok());
  CHECK(status.message() ==
        "events.csv: not a service state (UP, DOWN, RECOVERING) in the to column: SIDEWAYS");
}

TEST_CASE("report::csv: a row filter keeps only the rows it accepts", "[report]") {
  Result<CsvTable> table =
      parse_csv("metric,value\ned_arrivals,1\nbeds_occupied,2\ned_arrivals,3\n", "t.csv",
                [](const std::vector<std::string>& header, const std::vector<std::string_view>& row) {
                  CHECK(header == std::vector<std::string>{"metric", "value"});
                  return row[0] == "ed_arrivals";
                });
  REQUIRE(table.is_ok());
  REQUIRE(table->rows.size() == 2);
  CHECK(table->rows[0][1] == "1");
  CHECK(table->rows[1][1] == "3");
}

TEST_CASE("report::html: text is escaped for HTML content and attributes, control bytes dropped",
          "[report]") {
  CHECK(html::html_escape("<b>St Mary's & \"Co\"</b>\tnew\nline") ==
        "&lt;b&gt;St Mary's &amp; &quot;Co&quot;&lt;/b&gt;\tnew\nline");
  CHECK(html::html_escape(std::string("a\x01\x1B[31mb") + '\0' + "\x7F") == "a[31mb");
}

TEST_CASE("report::html: without the chart libraries the report fails with how to get them", "[report]") {
  Result<std::string> html = render_run_report(two_hospital_run().files(), ReportScripts{});
  REQUIRE_FALSE(html.is_ok());
  CHECK(html.status().code() == StatusCode::kFailedPrecondition);
  CHECK(html.status().exit_code() == 2);
  CHECK(html.status().message().find("scripts/setup.sh") != std::string::npos);
  batch::BatchData data;
  batch::Comparison comparison;
  CHECK_FALSE(render_batch_report(data, comparison, ReportScripts{}).is_ok());
}

TEST_CASE("report::html: run report holds the headline numbers and its charts, byte-identical", "[report]") {
  const RunFiles files = two_hospital_run().files();
  Result<std::string> first = render_run_report(files, fake_scripts());
  REQUIRE(first.is_ok());
  Result<std::string> second = render_run_report(files, fake_scripts());
  REQUIRE(second.is_ok());
  CHECK(first.value() == second.value());
  const std::string& html = first.value();

  SECTION("headline") {
    // A baseline of 7 is too small for a percentage: the change is given with its baseline.
    CHECK(html.find("<b>Cancelled planned operations:</b> 12 (+5 from 7)") != std::string::npos);
    CHECK(html.find("<b>Cancelled outpatient appointments:</b> 40 (+40 from 0)") != std::string::npos);
    CHECK(html.find("largest increase: Alpha Hospital 62 (+12, +24.0%)") != std::string::npos);
    CHECK(html.find(
              "1 (hospital, service) pairs were DOWN, 1.0 service-hours in all; longest: 1 h (ehr at Alpha "
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
    attacked.events_csv +=
        "2025-03-13T01:00:00,3600,infected,,dc,,,injection r\n"
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
  TestRun files = two_hospital_run();
  SECTION("without them (an older summary.json) the report has neither section") {
    Result<std::string> html = render_run_report(files.files(), fake_scripts());
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
    Result<std::string> result = render_run_report(files.files(), fake_scripts());
    REQUIRE(result.is_ok());
    const std::string& html = result.value();
    CHECK(
        html.find("<b>ED length of stay</b> (arrival to departure, median): 150 min (+30, +25.0%); within 4 "
                  "hours: 80.0% (-10.0 points).") != std::string::npos);
    CHECK(html.find("<td>160 min (+35, +28.0%)</td>") != std::string::npos);
    CHECK(html.find("<td>-</td>") != std::string::npos);  // b has no median stay
    CHECK(html.find("<h2>Calibration of the baseline (the scenario without injections)</h2>") !=
          std::string::npos);
    CHECK(html.find("<tr><td>Alpha Hospital</td><td>62.5</td><td>0.0</td><td>-</td>") != std::string::npos);
    CHECK(html.find("<tr class=\"total\"><td>Region</td><td>51.2</td>") != std::string::npos);
    CHECK(html.find("<li>Alpha Hospital: LWBS % 0.0 (typical 0.4-6.7)</li>") != std::string::npos);
    CHECK(html.find("<li>Beta Hospital: ED utilisation % 40.0 (typical 50-95)</li>") != std::string::npos);
  }
}

TEST_CASE("report::html: the mutual-aid line appears only when the summary has its metrics", "[report]") {
  TestRun files = two_hospital_run();
  {
    Result<std::string> html = render_run_report(files.files(), fake_scripts());
    REQUIRE(html.is_ok());
    CHECK(html->find("<b>Mutual aid:</b>") == std::string::npos);
  }
  files.summary["metrics"]["region"]["surgeries_moved_out"] = {
      {"value", 9}, {"baseline", 0}, {"delta", 9}, {"delta_pct", nullptr}};
  files.summary["metrics"]["region"]["surgeries_moved_in_performed"] = {
      {"value", 4}, {"baseline", 0}, {"delta", 4}, {"delta_pct", nullptr}};
  Result<std::string> html = render_run_report(files.files(), fake_scripts());
  REQUIRE(html.is_ok());
  CHECK(html->find("<li><b>Mutual aid:</b> 9 elective cases moved to another hospital instead of a downtime "
                   "cancellation; operated there by the end: 4.</li>") != std::string::npos);
}

TEST_CASE("report::html: malformed inputs name the file", "[report]") {
  RunFiles files = two_hospital_run().files();
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
  TestRun files = two_hospital_run();
  nlohmann::json& metrics = files.summary["metrics"];
  metrics["region"]["ed_from_outpatient"] = {
      {"value", 10}, {"baseline", 0}, {"delta", 10}, {"delta_pct", nullptr}};
  metrics["hospitals"]["a"]["ed_from_outpatient"] = metrics["region"]["ed_from_outpatient"];
  metrics["hospitals"]["a"]["ed_diverted_in"] = {
      {"value", 2}, {"baseline", 0}, {"delta", 2}, {"delta_pct", nullptr}};
  metrics["hospitals"]["b"]["ed_diverted_out"] = metrics["hospitals"]["a"]["ed_diverted_in"];
  return files.files();
}

}  // namespace

TEST_CASE("report::run_tables: the ED arrivals change by cause adds up, with what is left as other",
          "[report]") {
  const RunFiles files = run_with_causes();
  const auto alpha = ed_shift_breakdown(hospital_metrics(files.summary.metrics, "a"));
  REQUIRE(alpha.has_value());
  CHECK(alpha->arrivals == 12);
  CHECK(alpha->from_outpatients == 10);
  CHECK(alpha->ambulances_in == 2);
  CHECK(alpha->other == 0);
  CHECK(ed_shift_text(*alpha) == "+10 cancelled outpatients, +2 ambulances diverted in");
  // Beta: -2 arrivals, of which 2 ambulances sent to Alpha; nothing left over.
  const auto beta = ed_shift_breakdown(hospital_metrics(files.summary.metrics, "b"));
  REQUIRE(beta.has_value());
  CHECK(ed_shift_text(*beta) == "-2 diverted out");
  // Without the causes, the whole change is "other".
  const auto plain = ed_shift_breakdown(hospital_metrics(two_hospital_run().files().summary.metrics, "a"));
  REQUIRE(plain.has_value());
  CHECK(ed_shift_text(*plain) == "+12 other");
  // Without a baseline there is nothing to break down.
  PairedRunMetrics unpaired;
  set_count(unpaired.run.region, MetricId::kEdArrivals, 5);
  CHECK_FALSE(ed_shift_breakdown(region_metrics(unpaired)).has_value());
}

TEST_CASE("report::html: the headline breaks the ED arrivals change down by cause", "[report]") {
  Result<std::string> html = render_run_report(run_with_causes(), fake_scripts());
  REQUIRE(html.is_ok());
  CHECK(html->find(
            "110 (+10, +10.0%), by cause: +10 cancelled outpatients, +2 ambulances diverted in, -2 diverted "
            "out; largest increase: Alpha Hospital 62 (+12, +24.0%): +10 cancelled outpatients, +2 "
            "ambulances diverted in.") != std::string::npos);
}

namespace {

// The run of one strategy, paired: region metrics from (value, baseline) pairs, one hospital's IT; read back
// from the text of its summary.json.
RunFiles strategy_run(int ops, int ops_base, int lwbs, int lwbs_base, double availability) {
  auto metric = [](int value, int baseline) {
    nlohmann::json entry = {{"value", value}, {"baseline", baseline}, {"delta", value - baseline}};
    entry["delta_pct"] =
        baseline == 0 ? nlohmann::json() : nlohmann::json((value - baseline) * 100.0 / baseline);
    return entry;
  };
  const nlohmann::json summary = {
      {"format", "hospsim-summary/1"},
      {"scenario",
       {{"name", "two <strategies>"},
        {"strategy", ""},
        {"seed", 9},
        {"start", "2025-03-13T00:00"},
        {"horizon_hours", 24},
        {"deterministic", true},
        {"injections", {"cut"}}}},
      {"baseline", true},
      {"metrics",
       {{"region",
         {{"surgeries_cancelled", metric(ops, ops_base)},
          {"outpatient_cancelled", metric(100, 0)},
          {"ed_arrivals", metric(210, 200)},
          {"ed_lwbs", metric(lwbs, lwbs_base)},
          {"ed_diverted_out", metric(3, 1)}}}}},
      {"it", {{"a", {{"ehr", {{"availability_pct", availability}}}, {"lab", {{"availability_pct", 100}}}}}}}};
  Result<RunFiles> files = parse_run_files(summary.dump(), "", "", "summary.json");
  REQUIRE(files.is_ok());
  return files.value();
}

}  // namespace

TEST_CASE("report::strategy: the comparison page of --strategy all, its table, best lines and chart",
          "[report]") {
  const std::vector<std::pair<std::string, RunFiles>> summaries = {
      {"none", strategy_run(60, 40, 5, 2, 80)},
      {"fast_restore", strategy_run(45, 40, 4, 2, 95)},
      {"backup", strategy_run(45, 40, 6, 2, 99.5)}};
  const std::vector<StrategyRow> rows = strategy_rows(summaries);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].name == "none");
  CHECK(*rows[1].surgeries_cancelled.delta == 5);
  CHECK(rows[0].lowest_availability == 80);  // the lowest of ehr 80 and lab 100
  CHECK(rows[2].lowest_availability == 99.5);

  Result<std::string> page = render_strategy_report(summaries, true, fake_scripts());
  REQUIRE(page.is_ok());
  const std::string& html = page.value();
  CHECK(render_strategy_report(summaries, true, fake_scripts()).value() == html);  // byte-identical
  CHECK(html.find("<title>hospsim strategy comparison: two &lt;strategies&gt;</title>") != std::string::npos);
  CHECK(html.find("From 2025-03-13T00:00 for 24 h, seed 9") != std::string::npos);
  // Ties are all named, in table order; the change is 45 - 40.
  CHECK(html.find("<b>Smallest change in planned operations cancelled:</b> fast_restore, backup (+5).") !=
        std::string::npos);
  CHECK(html.find("<b>Smallest change in left without being seen (LWBS):</b> fast_restore (+2).") !=
        std::string::npos);
  // The row of none: 60 against 40 (+50.0%), LWBS +3 from a baseline of 2, 3 diverted against 1, ehr 80%.
  CHECK(html.find("<tr><td class=\"text\"><a href=\"none/report.html\">none</a></td><td>60 (+20, +50.0%)</td>"
                  "<td>100 (+100 from 0)</td><td>+10 (+5.0%)</td><td>+3 (from 2)</td><td>3 (+2 from 1)</td>"
                  "<td>80.0%</td></tr>") != std::string::npos);
  CHECK(count_of(html, "<div class=\"chart\" id=") == 1);
  CHECK(html.find("{\"change\":20.0,\"measure\":\"planned operations cancelled\",\"strategy\":\"none\","
                  "\"value\":60.0}") != std::string::npos);
  // Without links (a strategy's report is missing) the names are plain.
  Result<std::string> plain = render_strategy_report(summaries, false, fake_scripts());
  REQUIRE(plain.is_ok());
  CHECK(plain->find("<a href=") == std::string::npos);
  CHECK(plain->find("<td class=\"text\">backup</td>") != std::string::npos);
  // Nothing to compare; no chart libraries.
  CHECK(render_strategy_report({}, false, fake_scripts()).status().code() == StatusCode::kInvalidArgument);
  CHECK(render_strategy_report(summaries, false, ReportScripts{}).status().code() ==
        StatusCode::kFailedPrecondition);
}

TEST_CASE("report::html: the service-state chart keeps a diversion that outlasts the outage in view",
          "[report]") {
  TestRun run = two_hospital_run();
  run.summary["scenario"]["horizon_hours"] = 72;
  RunFiles files = run.files();
  // The EHR of a is DOWN 10:00-11:00, RECOVERING until 11:30; b diverts from 10:30 until 30:00 (long after)
  // and again at 60:00-61:00 (another day: not in view).
  files.events_csv =
      "time,seconds,event,hospital,target,from,to,cause\n"
      "2025-03-13T10:00:00,36000,service_state,a,ehr,UP,DOWN,cut\n"
      "2025-03-13T11:00:00,39600,service_state,a,ehr,DOWN,RECOVERING,back\n"
      "2025-03-13T11:30:00,41400,service_state,a,ehr,RECOVERING,UP,recovered\n"
      "2025-03-13T10:30:00,37800,diversion_on,b,b,,,downtime\n"
      "2025-03-14T06:00:00,108000,diversion_off,b,b,,,cleared\n"
      "2025-03-15T12:00:00,216000,diversion_on,b,b,,,occupancy\n"
      "2025-03-15T13:00:00,219600,diversion_off,b,b,,,cleared\n";
  Result<std::string> html = render_run_report(files, fake_scripts());
  REQUIRE(html.is_ok());
  // Epoch milliseconds of the scenario's clock read as UTC: 2025-03-13T00:00 is 1741824000000.
  const double start = 1741824000000.0;
  auto ms = [&](double hours) { return fmt::format("{:.1f}", start + hours * 3.6e6); };
  // The long diversion is whole, 10:30 to 30:00 (without it in view the window would end at 13:30, 2 h after
  // the recovery).
  CHECK(html->find("\"end\":" + ms(30) + ",\"hospital\":\"Beta Hospital\"") != std::string::npos);
  CHECK(html->find("\"start\":" + ms(10.5) + ",\"state\":\"ON DIVERSION\"") != std::string::npos);
  // The diversion on the third day is outside the window.
  CHECK(html->find("\"start\":" + ms(60) + ",") == std::string::npos);
  CHECK(html->find("Zoomed in on the period with IT services not UP and the diversions overlapping it.") !=
        std::string::npos);
}
