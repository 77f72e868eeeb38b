#include "report/html_report.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "hospsim/scenario.h"
#include "report/csv_reader.h"
#include "scenario/files.h"
#include "scenario/json_document.h"

namespace hospsim {

namespace {

using nlohmann::json;

constexpr const char* kVegaLiteSchema = "https://vega.github.io/schema/vega-lite/v5.json";
// Hospitals beyond this many are left out of the per-hospital charts (the caption says which are shown).
constexpr std::size_t kMaxHospitalPanels = 12;
// Colours: the scenario run in red, the baseline in grey; service states from calm to alarming.
constexpr const char* kScenarioColour = "#c62828";
constexpr const char* kBaselineColour = "#8c8c8c";

// ----- text helpers ---------------------------------------------------------------------------------------

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// JSON for a <script type="application/json"> block: every '<' escaped so no "</script>" can end it early.
std::string script_json(const json& value) {
  const std::string dumped = value.dump();
  std::string out;
  out.reserve(dumped.size());
  for (char c : dumped) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

// A bundle made safe to inline: its source-map comment removed (there is no map next to the report) and any
// "</script" broken up.
std::string inline_script(std::string_view bundle) {
  std::string text(bundle);
  const std::size_t map = text.rfind("//# sourceMappingURL=");
  if (map != std::string::npos) text.erase(map);
  std::size_t at = 0;
  while ((at = text.find("</script", at)) != std::string::npos) {
    text.replace(at, 2, "<\\/");
    at += 3;
  }
  return text;
}

// "2025-03-13T09:30" or "2025-03-13T09:30:15" (the scenario's local time) as milliseconds since the epoch,
// read as if it were UTC: the charts use UTC scales, so they show the scenario's local clock on any machine.
// Anything else (2025-99-99, trailing text, a 25th hour) is not a datetime.
std::optional<double> civil_ms(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  const auto digits = [&text](std::size_t at, std::size_t count, int& out) {
    if (at + count > text.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  const bool shape = (text.size() == 16 || text.size() == 19) && text[4] == '-' && text[7] == '-' &&
                     text[10] == 'T' && text[13] == ':' && (text.size() == 16 || text[16] == ':');
  if (!shape || !digits(0, 4, year) || !digits(5, 2, month) || !digits(8, 2, day) || !digits(11, 2, hour) ||
      !digits(14, 2, minute) || (text.size() == 19 && !digits(17, 2, second))) {
    return std::nullopt;
  }
  static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  if (day < 1 || day > kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0)) return std::nullopt;
  const long long days = days_from_civil(year, month, day);  // include/hospsim/scenario.h
  return static_cast<double>(((days * 24 + hour) * 60 + minute) * 60 + second) * 1000.0;
}

std::optional<double> parse_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(value)) return std::nullopt;
  return value;
}

// A number for JSON: null when it is not finite.
json number_or_null(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

// The value (and change against the baseline, when there is one) of a summary metric.
struct Cell {
  bool present = false;  // the value is a number (not null, not missing)
  double value = 0.0;
  std::optional<double> delta;
  std::optional<double> delta_pct;
};

Cell cell(const json& metrics, const std::string& name) {
  Cell out;
  if (!metrics.is_object() || !metrics.contains(name)) return out;
  const json& entry = metrics.at(name);
  if (entry.is_object()) {
    out.present = entry.contains("value") && entry["value"].is_number();
    if (out.present) out.value = entry["value"].get<double>();
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

std::string count_text(double value) { return fmt::format("{:.0f}", value); }

// "160 (+67 vs baseline)" / "4051 (+35, +0.9%)" / "160".
std::string change_text(const Cell& c) {
  if (!c.delta) return count_text(c.value);
  if (c.delta_pct) return fmt::format("{:.0f} ({:+.0f}, {:+.1f}%)", c.value, *c.delta, *c.delta_pct);
  return fmt::format("{:.0f} ({:+.0f})", c.value, *c.delta);
}

// A length of stay in minutes with its change, "-" when there is none (no ED departures).
std::string stay_text(const Cell& c) {
  if (!c.present) return "-";
  if (!c.delta) return fmt::format("{:.0f} min", c.value);
  if (c.delta_pct) return fmt::format("{:.0f} min ({:+.0f}, {:+.1f}%)", c.value, *c.delta, *c.delta_pct);
  return fmt::format("{:.0f} min ({:+.0f})", c.value, *c.delta);
}

std::string duration_text(double minutes) {
  if (minutes < 1.0) return fmt::format("{:.1f} min", minutes);
  const long long total = std::llround(minutes);
  if (total < 60) return fmt::format("{} min", total);
  if (total % 60 == 0) return fmt::format("{} h", total / 60);
  return fmt::format("{} h {} min", total / 60, total % 60);
}

// ----- the page -------------------------------------------------------------------------------------------

struct Chart {
  std::string id;       // element id, "chart-<name>"
  std::string title;    // section heading
  std::string caption;  // how to read it (HTML)
  json spec;            // Vega-Lite
};

struct Page {
  std::string title;
  std::string subtitle;   // HTML
  std::string summary;    // HTML: headline numbers and tables
  std::vector<Chart> charts;
  std::vector<std::string> notes;  // HTML paragraphs after the charts (charts left out and why)
};

constexpr const char* kStyle = R"css(
:root { --ink: #1f1f1f; --muted: #5f5f5f; --rule: #d0d0d0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: var(--ink);
       max-width: 760px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 4px; border-bottom: 1px solid var(--rule); padding-bottom: 2px; }
p.subtitle, p.caption, div.note { color: var(--muted); margin: 2px 0 8px; }
ul.headline { padding-left: 20px; margin: 8px 0; }
ul.headline li { margin: 2px 0; }
table { border-collapse: collapse; margin: 8px 0 4px; font-size: 12.5px; width: 100%; }
th, td { padding: 3px 6px; border-bottom: 1px solid var(--rule); text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
td.text, th.text { text-align: left; }
tr.total td { font-weight: 600; border-top: 1px solid var(--ink); }
.chart { width: 100%; max-width: 680px; overflow: hidden; }
.chart svg { max-width: 100%; height: auto; }
section.chart-section { break-inside: avoid; page-break-inside: avoid; }
@media print {
  @page { size: A4; margin: 12mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table { break-inside: auto; }
  tr { break-inside: avoid; }
  .chart { max-width: 186mm; }
}
)css";

// Collects console errors and uncaught failures from the very start, so the status marker can list them.
constexpr const char* kErrorCapture = R"js(
window.hospsimErrors = [];
(function () {
  var original = console.error;
  console.error = function () {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts.push(String(arguments[i]));
    window.hospsimErrors.push(parts.join(" "));
    return original.apply(console, arguments);
  };
  window.addEventListener("error", function (e) { window.hospsimErrors.push("error: " + e.message); });
  window.addEventListener("unhandledrejection", function (e) {
    window.hospsimErrors.push("unhandled rejection: " + String(e.reason));
  });
})();
)js";

// Embeds every chart, then fills the status marker.
constexpr const char* kRender = R"js(
(function () {
  var status = document.getElementById("hospsim-report-status");
  var charts = JSON.parse(document.getElementById("hospsim-charts").textContent);
  var failures = [];
  function finish(results) {
    var rendered = 0;
    results.forEach(function (result, i) {
      var element = document.getElementById(charts[i].id);
      var svg = element ? element.querySelector("svg") : null;
      var marks = svg ? svg.querySelectorAll("path, rect, line, text, circle").length : 0;
      var width = svg ? svg.getBoundingClientRect().width : 0;
      if (result.status === "fulfilled" && svg && marks > 0 && width > 0) {
        rendered++;
      } else {
        failures.push(charts[i].id + ": " + (result.status === "rejected" ? String(result.reason)
                                                                           : "no SVG with marks"));
      }
    });
    status.setAttribute("data-charts", String(charts.length));
    status.setAttribute("data-rendered", String(rendered));
    status.setAttribute("data-errors", JSON.stringify(window.hospsimErrors.concat(failures)));
    status.setAttribute("data-state", "done");
    status.textContent = rendered + " of " + charts.length + " charts rendered";
  }
  if (typeof vegaEmbed !== "function") {
    window.hospsimErrors.push("vega-embed did not load");
    finish(charts.map(function () { return {status: "rejected", reason: "vega-embed did not load"}; }));
    return;
  }
  var embeds = charts.map(function (chart) {
    return vegaEmbed("#" + chart.id, chart.spec, {actions: false, renderer: "svg"});
  });
  Promise.allSettled(embeds).then(finish);
})();
)js";

std::string render_page(const Page& page, const ReportScripts& scripts) {
  std::string out;
  out.reserve(scripts.vega.size() + scripts.vega_lite.size() + scripts.vega_embed.size() + 200000);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"hospsim report\">\n";
  out += "<title>" + html_escape(page.title) + "</title>\n";
  out += "<style>" + std::string(kStyle) + "</style>\n";
  out += "<script>" + std::string(kErrorCapture) + "</script>\n";
  out += "<script>/* vega */\n" + inline_script(scripts.vega) + "\n</script>\n";
  out += "<script>/* vega-lite */\n" + inline_script(scripts.vega_lite) + "\n</script>\n";
  out += "<script>/* vega-embed */\n" + inline_script(scripts.vega_embed) + "\n</script>\n";
  out += "</head>\n<body>\n<header>\n<h1>" + html_escape(page.title) + "</h1>\n";
  out += "<p class=\"subtitle\">" + page.subtitle + "</p>\n</header>\n";
  out += "<section class=\"summary\">\n" + page.summary + "</section>\n";
  json charts = json::array();
  for (const Chart& chart : page.charts) {
    out += "<section class=\"chart-section\">\n<h2>" + html_escape(chart.title) + "</h2>\n";
    out += "<p class=\"caption\">" + chart.caption + "</p>\n";
    out += "<div class=\"chart\" id=\"" + chart.id + "\"></div>\n</section>\n";
    charts.push_back({{"id", chart.id}, {"spec", chart.spec}});
  }
  for (const std::string& note : page.notes) out += "<div class=\"note\">" + note + "</div>\n";
  out += "<div id=\"hospsim-report-status\" hidden data-state=\"pending\"></div>\n";
  out += "<script type=\"application/json\" id=\"hospsim-charts\">" + script_json(charts) + "</script>\n";
  out += "<script>" + std::string(kRender) + "</script>\n";
  out += "</body>\n</html>\n";
  return out;
}

json base_spec() {
  return {{"$schema", kVegaLiteSchema},
          {"config",
           {{"font", "DejaVu Sans, Arial, sans-serif"},
            {"view", {{"stroke", "#d0d0d0"}}},
            {"axis", {{"labelFontSize", 10}, {"titleFontSize", 11}}},
            {"header", {{"labelFontSize", 11}, {"titleFontSize", 11}}},
            {"legend", {{"labelFontSize", 10}, {"titleFontSize", 11}}}}}};
}

// A time axis on a UTC scale (the data hold the scenario's local clock as UTC milliseconds).
json time_encoding() {
  return {{"field", "time"},
          {"type", "temporal"},
          {"scale", {{"type", "utc"}}},
          {"title", nullptr},
          {"axis", {{"format", "%a %d %b %H:%M"}, {"labelAngle", 0}, {"labelOverlap", true}, {"tickCount", 6}}}};
}

json run_colour_scale(bool paired) {
  if (!paired) return {{"domain", {"scenario"}}, {"range", {kScenarioColour}}};
  return {{"domain", {"scenario", "baseline"}}, {"range", {kScenarioColour, kBaselineColour}}};
}

// ----- run report -----------------------------------------------------------------------------------------

struct Hospital {
  std::string id;
  std::string name;
};

struct RunContext {
  const json& summary;
  std::vector<Hospital> hospitals;        // in summary order (ids sorted)
  std::map<std::string, std::string> names;  // id -> display name
  double start_ms = 0.0;
  double end_ms = 0.0;
  bool paired = false;
};

std::string name_of(const RunContext& run, const std::string& id) {
  auto it = run.names.find(id);
  return it == run.names.end() ? id : it->second;
}

std::string summary_html(const RunContext& run) {
  const json& metrics = run.summary["metrics"];
  const json& region = metrics.contains("region") ? metrics["region"] : json::object();
  const json& hospital_metrics = metrics.contains("hospitals") ? metrics["hospitals"] : json::object();
  const json& it = run.summary.contains("it") ? run.summary["it"] : json::object();
  std::string out = "<ul class=\"headline\">\n";
  const std::string versus = run.paired ? " (change against the paired baseline without injections)" : "";
  out += "<li><b>Cancelled planned operations:</b> " + change_text(cell(region, "surgeries_cancelled")) +
         "; cancelled cases still waiting at the end: " + count_text(cell(region, "surgery_backlog_end").value) +
         ".</li>\n";
  out += "<li><b>Cancelled outpatient appointments:</b> " + change_text(cell(region, "outpatient_cancelled")) +
         ".</li>\n";
  // The hospital whose ED gained most.
  std::string largest;
  double largest_delta = 0.0;
  for (const Hospital& hospital : run.hospitals) {
    if (!hospital_metrics.contains(hospital.id)) continue;
    const Cell arrivals = cell(hospital_metrics[hospital.id], "ed_arrivals");
    if (arrivals.delta && *arrivals.delta > largest_delta) {
      largest_delta = *arrivals.delta;
      largest = hospital.name + " " + change_text(arrivals);
    }
  }
  out += "<li><b>ED arrivals:</b> " + change_text(cell(region, "ed_arrivals")) +
         (largest.empty() ? std::string() : "; largest increase: " + html_escape(largest)) + ". Ambulances diverted: " +
         count_text(cell(region, "ed_diverted_out").value) + ".</li>\n";
  // Regional response (surge capacity, boarder transfers, ambulances a diverting hospital kept): only when
  // something of it happened in the run.
  const double surge_openings = cell(region, "surge_openings").value;
  const double transfers = cell(region, "transfers_out").value;
  const double kept = cell(region, "ed_kept_scope").value + cell(region, "ed_kept_no_open_ed").value;
  if (surge_openings > 0 || transfers > 0 || kept > 0) {
    out += fmt::format(
        "<li><b>Regional response:</b> surge capacity opened {} times ({:.1f} space-hours, {:.1f} bed-hours); "
        "ED boarders transferred to another hospital: {}; ambulances kept at a hospital on diversion: {} "
        "(outside the diversion scope: {}, no other ED open: {}).</li>\n",
        count_text(surge_openings), cell(region, "surge_space_hours").value,
        cell(region, "surge_bed_hours").value, count_text(transfers), count_text(kept),
        count_text(cell(region, "ed_kept_scope").value), count_text(cell(region, "ed_kept_no_open_ed").value));
  }
  const Cell stay = cell(region, "ed_los_median_min");
  if (stay.present) {
    const Cell within = cell(region, "ed_within_4h_pct");
    out += "<li><b>ED length of stay</b> (arrival to departure, median): " + stay_text(stay) +
           (within.present ? fmt::format("; within 4 hours: {:.1f}%", within.value) +
                                 (within.delta ? fmt::format(" ({:+.1f} points)", *within.delta) : std::string())
                           : std::string()) +
           ".</li>\n";
  }
  // Only for scenarios that model downtime test turnarounds (docs/model.md "Lab and imaging turnaround").
  const Cell test_delays = cell(region, "ed_test_delays");
  if (test_delays.present) {
    out += "<li><b>ED tests by the downtime path:</b> " + count_text(test_delays.value) +
           " patients waited for a lab test or imaging, holding their spaces " +
           fmt::format("{:.1f}", cell(region, "ed_test_delay_hours").value) + " hours longer.</li>\n";
  }
  // IT downtime: every (hospital, service) that was DOWN at some point.
  int affected = 0;
  double total_minutes = 0.0;
  double longest = 0.0;
  std::string longest_where;
  for (const auto& [hospital, services] : it.items()) {
    for (const auto& [service, entry] : services.items()) {
      const double minutes = entry.value("minutes_down", 0.0);
      if (minutes <= 0.0) continue;
      ++affected;
      total_minutes += minutes;
      if (minutes > longest) {
        longest = minutes;
        longest_where = service + " at " + name_of(run, hospital);
      }
    }
  }
  if (affected == 0) {
    out += "<li><b>IT downtime:</b> no hospital lost an IT service.</li>\n";
  } else {
    out += fmt::format("<li><b>IT downtime:</b> {} (hospital, service) pairs were DOWN, {} service-hours in all; longest: {} "
                       "({}).</li>\n",
                       affected, fmt::format("{:.1f}", total_minutes / 60.0), duration_text(longest),
                       html_escape(longest_where));
  }
  out += "</ul>\n";
  out += "<p class=\"caption\">Per hospital" + html_escape(versus) +
         ". IT down: the longest total time one of the hospital's services was DOWN.</p>\n";
  out += "<table>\n<thead><tr><th>hospital</th><th>planned ops cancelled</th><th>backlog at end</th>"
         "<th>appointments cancelled</th><th>ED arrivals</th><th>ED stay (median)</th>"
         "<th>ambulances diverted in / out</th>"
         "<th>IT down</th></tr></thead>\n<tbody>\n";
  auto row = [&](const std::string& label, const json& m, double it_minutes, bool total) {
    out += total ? "<tr class=\"total\">" : "<tr>";
    out += "<td>" + html_escape(label) + "</td>";
    out += "<td>" + change_text(cell(m, "surgeries_cancelled")) + "</td>";
    out += "<td>" + count_text(cell(m, "surgery_backlog_end").value) + "</td>";
    out += "<td>" + change_text(cell(m, "outpatient_cancelled")) + "</td>";
    out += "<td>" + change_text(cell(m, "ed_arrivals")) + "</td>";
    out += "<td>" + stay_text(cell(m, "ed_los_median_min")) + "</td>";
    out += "<td>" + count_text(cell(m, "ed_diverted_in").value) + " / " +
           count_text(cell(m, "ed_diverted_out").value) + "</td>";
    out += "<td>" + (it_minutes > 0.0 ? duration_text(it_minutes) : std::string("-")) + "</td></tr>\n";
  };
  for (const Hospital& hospital : run.hospitals) {
    double worst = 0.0;
    if (it.contains(hospital.id)) {
      for (const auto& [service, entry] : it[hospital.id].items()) worst = std::max(worst, entry.value("minutes_down", 0.0));
    }
    row(hospital.name, hospital_metrics.contains(hospital.id) ? hospital_metrics[hospital.id] : json::object(),
        worst, false);
  }
  row("Region", region, longest, true);
  out += "</tbody>\n</table>\n";
  return out;
}

// The calibration view (summary.json "calibration"): the baseline's figures per hospital and the figures outside
// their typical ranges; "" for a summary without one.
std::string calibration_html(const RunContext& run) {
  if (!run.summary.contains("calibration") || !run.summary["calibration"].is_object()) return "";
  const json& view = run.summary["calibration"];
  static const std::vector<std::pair<std::string, std::string>> kColumns = {
      {"ed_utilisation_pct", "ED utilisation %"},   {"ed_lwbs_pct", "LWBS %"},
      {"ed_wait_median_min", "median wait min"},    {"ed_wait_p90_min", "p90 wait min"},
      {"ed_los_median_min", "median ED stay min"},  {"ed_within_4h_pct", "within 4 h %"},
      {"diversion_hours", "diversion hours"},       {"theatre_utilisation_pct", "theatre utilisation %"},
      {"theatre_overrun_pct", "cases overrunning %"}, {"cancelled_no_bed_pct", "no-bed cancellations %"},
      {"cancelled_session_time_pct", "session-time cancellations %"}, {"bed_occupancy_pct", "bed occupancy %"}};
  const bool of_baseline = view.value("describes", "") == "baseline";
  std::string out = "<h2>Calibration of the " +
                    std::string(of_baseline ? "baseline (the scenario without injections)"
                                            : "run (no baseline: injections included)") +
                    "</h2>\n<table>\n<thead><tr><th>hospital</th>";
  for (const auto& [figure, label] : kColumns) out += "<th>" + html_escape(label) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  auto row = [&](const std::string& label, const json& figures, bool total) {
    out += total ? "<tr class=\"total\">" : "<tr>";
    out += "<td>" + html_escape(label) + "</td>";
    for (const auto& [figure, name] : kColumns) {
      const bool known = figures.is_object() && figures.contains(figure) && figures[figure].is_number();
      out += "<td>" + (known ? fmt::format("{:.1f}", figures[figure].get<double>()) : std::string("-")) + "</td>";
    }
    out += "</tr>\n";
  };
  const json& hospitals = view.contains("hospitals") ? view["hospitals"] : json::object();
  for (const Hospital& hospital : run.hospitals) {
    if (hospitals.contains(hospital.id)) row(hospital.name, hospitals[hospital.id], false);
  }
  row("Region", view.contains("region") ? view["region"] : json::object(), true);
  out += "</tbody>\n</table>\n";
  const json& warnings = view.contains("warnings") ? view["warnings"] : json::array();
  if (!warnings.empty()) {
    out += "<p class=\"caption\">Outside the typical ranges (docs/model.md, \"Calibration view\"):</p>\n<ul>\n";
    for (const json& warning : warnings) {
      const std::string figure = warning.value("figure", "");
      std::string label = figure;
      for (const auto& [key, name] : kColumns) {
        if (key == figure) label = name;
      }
      out += "<li>" + html_escape(name_of(run, warning.value("hospital", ""))) + ": " + html_escape(label) + " " +
             fmt::format("{:.1f} (typical {}-{})", warning.value("value", 0.0), warning.value("low", 0.0),
                         warning.value("high", 0.0)) +
             "</li>\n";
    }
    out += "</ul>\n";
  }
  return out;
}

// Service states per hospital and service, plus ambulance diversion periods.
std::optional<Chart> gantt_chart(const RunContext& run, const CsvTable& events, std::vector<std::string>& notes) {
  const json& it = run.summary.contains("it") ? run.summary["it"] : json::object();
  const int c_seconds = events.column("seconds");
  const int c_event = events.column("event");
  const int c_hospital = events.column("hospital");
  const int c_target = events.column("target");
  const int c_to = events.column("to");
  const bool usable = c_seconds >= 0 && c_event >= 0 && c_hospital >= 0 && c_target >= 0 && c_to >= 0;
  struct Track {
    std::string state = "UP";
    double since = 0.0;
    std::vector<std::tuple<std::string, double, double>> intervals;  // state, start, end (ms)
  };
  // (hospital, service) -> track; diversion tracks under service "".
  std::map<std::pair<std::string, std::string>, Track> tracks;
  for (const Hospital& hospital : run.hospitals) {
    if (!it.contains(hospital.id)) continue;
    for (const auto& [service, entry] : it[hospital.id].items()) tracks[{hospital.id, service}].since = run.start_ms;
  }
  std::map<std::string, Track> diversions;
  if (usable) {
    for (const auto& row : events.rows) {
      const std::string& kind = row[c_event];
      const std::optional<double> seconds = parse_number(row[c_seconds]);
      if (!seconds) continue;
      const double time = run.start_ms + *seconds * 1000.0;
      if (kind == "service_state") {
        Track& track = tracks[{row[c_hospital], row[c_target]}];
        if (track.intervals.empty() && track.since == 0.0) track.since = run.start_ms;
        if (time > track.since) track.intervals.emplace_back(track.state, track.since, time);
        track.state = row[c_to];
        track.since = time;
      } else if (kind == "diversion_on" || kind == "diversion_off") {
        Track& track = diversions[row[c_hospital]];
        if (kind == "diversion_on" && track.state != "ON DIVERSION") {
          track.state = "ON DIVERSION";
          track.since = time;
        } else if (kind == "diversion_off" && track.state == "ON DIVERSION") {
          track.intervals.emplace_back("ON DIVERSION", track.since, time);
          track.state = "UP";
        }
      }
    }
  }
  json values = json::array();
  std::set<std::string> shown;
  std::vector<std::string> quiet;
  int order = 0;
  double first_change = run.end_ms;  // span of the non-UP service states, for zooming in on them
  double last_change = run.start_ms;
  for (const Hospital& hospital : run.hospitals) {
    bool changed = diversions.count(hospital.id) > 0;
    for (auto& [key, track] : tracks) {
      if (key.first == hospital.id && !track.intervals.empty()) changed = true;
    }
    if (!changed && run.hospitals.size() > kMaxHospitalPanels) {
      quiet.push_back(hospital.name);
      continue;
    }
    for (auto& [key, track] : tracks) {
      if (key.first != hospital.id) continue;
      ++order;
      const std::string label = hospital.name + " \u00b7 " + key.second;
      std::vector<std::tuple<std::string, double, double>> intervals = track.intervals;
      if (run.end_ms > track.since) intervals.emplace_back(track.state, track.since, run.end_ms);
      for (const auto& [state, begin, end] : intervals) {
        if (state != "UP") {
          first_change = std::min(first_change, begin);
          last_change = std::max(last_change, end);
        }
        values.push_back({{"row", label}, {"order", order}, {"hospital", hospital.name}, {"service", key.second},
                          {"state", state}, {"start", begin}, {"end", end},
                          {"hours", (end - begin) / 3.6e6}});
      }
    }
    auto diversion = diversions.find(hospital.id);
    if (diversion != diversions.end()) {
      Track track = diversion->second;
      if (track.state == "ON DIVERSION" && run.end_ms > track.since) {
        track.intervals.emplace_back("ON DIVERSION", track.since, run.end_ms);
      }
      if (!track.intervals.empty()) {
        ++order;
        const std::string label = hospital.name + " \u00b7 ambulance diversion";
        for (const auto& [state, begin, end] : track.intervals) {
          values.push_back({{"row", label}, {"order", order}, {"hospital", hospital.name}, {"service", "diversion"},
                            {"state", state}, {"start", begin}, {"end", end}, {"hours", (end - begin) / 3.6e6}});
        }
      }
    }
  }
  if (values.empty()) {
    notes.push_back("No service-state chart: the summary lists no IT services per hospital.");
    return std::nullopt;
  }
  Chart chart;
  chart.id = "chart-service-states";
  chart.title = "IT service states per hospital";
  chart.caption =
      "Each hospital's own view of each IT service it uses (from events.csv): <b>DOWN</b> from detection (no "
      "successful request for the detection time) until requests succeed again, then <b>RECOVERING</b> (catching "
      "up on documentation) until back <b>UP</b>. Purple rows: the hospital's ED was on ambulance diversion.";
  if (!quiet.empty()) {
    chart.caption += fmt::format(" {} hospitals whose services stayed UP throughout are left out.", quiet.size());
  }
  json spec = base_spec();
  spec["width"] = 400;  // + up to 250 px of row labels: within 680
  spec["height"] = {{"step", 13}};
  spec["data"] = {{"values", values}};
  spec["mark"] = {{"type", "bar"}, {"tooltip", true}};
  json x = time_encoding();
  x["field"] = "start";
  if (last_change > first_change) {
    // Zoom in on the IT trouble (an outage of hours is a hairline on a week), with some context either side.
    const double pad = std::max(2 * 3.6e6, 0.15 * (last_change - first_change));
    const double from = std::max(run.start_ms, first_change - pad);
    const double to = std::min(run.end_ms, last_change + pad);
    // Clip the intervals to the window (rather than setting a scale domain, which Vega-Lite merges with the
    // data's own and warns about).
    json clipped = json::array();
    for (json& entry : spec["data"]["values"]) {
      const double begin = std::max(entry["start"].get<double>(), from);
      const double end = std::min(entry["end"].get<double>(), to);
      if (end <= begin) continue;
      entry["start"] = begin;
      entry["end"] = end;
      clipped.push_back(std::move(entry));
    }
    spec["data"]["values"] = std::move(clipped);
    if (from > run.start_ms || to < run.end_ms) {
      chart.caption += " Zoomed in on the period with IT services not UP.";
    }
  }
  spec["encoding"] = {
      {"y",
       {{"field", "row"},
        {"type", "nominal"},
        {"sort", {{"field", "order"}, {"op", "min"}}},
        {"title", nullptr},
        {"axis", {{"labelLimit", 250}, {"labelFontSize", 9}}}}},
      {"x", x},
      {"x2", {{"field", "end"}}},
      {"color",
       {{"field", "state"},
        {"type", "nominal"},
        {"title", nullptr},
        {"scale",
         {{"domain", {"UP", "RECOVERING", "DOWN", "ON DIVERSION"}},
          {"range", {"#cfe6cf", "#f2b233", "#c62828", "#6a3d9a"}}}},
        {"legend", {{"orient", "top"}}}}},
      {"tooltip",
       {{{"field", "hospital"}, {"title", "hospital"}},
        {{"field", "service"}, {"title", "service"}},
        {{"field", "state"}, {"title", "state"}},
        {{"field", "start"}, {"type", "temporal"}, {"timeUnit", "utcyearmonthdatehoursminutes"}, {"title", "from"}},
        {{"field", "hours"}, {"type", "quantitative"}, {"format", ".2f"}, {"title", "hours"}}}}};
  chart.spec = std::move(spec);
  return chart;
}

// Timeline rows as (run, hospital id, metric) -> [(time ms, value)] in file order.
using Series = std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::pair<double, double>>>;

Result<Series> read_series(const CsvTable& timeline, const std::set<std::string>& metrics) {
  Series series;
  const int c_time = timeline.column("time");
  const int c_run = timeline.column("run");
  const int c_hospital = timeline.column("hospital");
  const int c_metric = timeline.column("metric");
  const int c_value = timeline.column("value");
  if (c_time < 0 || c_run < 0 || c_hospital < 0 || c_metric < 0 || c_value < 0) {
    return Status::invalid_argument("timeline.csv: expected the columns time,run,hospital,metric,value");
  }
  std::map<std::string, double> times;  // parsed once per distinct time text
  for (const auto& row : timeline.rows) {
    if (metrics.count(row[c_metric]) == 0) continue;
    auto known = times.find(row[c_time]);
    if (known == times.end()) {
      const std::optional<double> ms = civil_ms(row[c_time]);
      if (!ms) return Status::invalid_argument("timeline.csv: not a datetime: " + row[c_time].substr(0, 40));
      known = times.emplace(row[c_time], *ms).first;
    }
    const std::optional<double> value = parse_number(row[c_value]);
    if (!value) {
      return Status::invalid_argument("timeline.csv: not a finite number in the value column: " +
                                      row[c_value].substr(0, 40));
    }
    series[{row[c_run], row[c_hospital], row[c_metric]}].emplace_back(known->second, *value);
  }
  return series;
}

// The hospitals with their own panels: all of them, or the kMaxHospitalPanels with the largest change in ED
// arrivals (largest arrivals without a baseline).
std::vector<Hospital> panel_hospitals(const RunContext& run) {
  if (run.hospitals.size() <= kMaxHospitalPanels) return run.hospitals;
  const json& metrics = run.summary["metrics"]["hospitals"];
  std::vector<std::pair<double, std::size_t>> ranked;
  for (std::size_t i = 0; i < run.hospitals.size(); ++i) {
    const Cell arrivals = cell(metrics.contains(run.hospitals[i].id) ? metrics[run.hospitals[i].id] : json::object(),
                               "ed_arrivals");
    ranked.emplace_back(arrivals.delta ? std::fabs(*arrivals.delta) : arrivals.value, i);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < kMaxHospitalPanels; ++i) chosen.push_back(ranked[i].second);
  std::sort(chosen.begin(), chosen.end());
  std::vector<Hospital> out;
  for (std::size_t i : chosen) out.push_back(run.hospitals[i]);
  return out;
}

std::optional<Chart> ed_chart(const RunContext& run, const Series& series) {
  const std::vector<Hospital> hospitals = panel_hospitals(run);
  const std::vector<std::pair<std::string, std::string>> metrics = {{"ed_arrivals", "ED arrivals per hour"},
                                                                    {"ed_census", "ED census (patients present)"}};
  json values = json::array();
  json order = json::array();
  for (const Hospital& hospital : hospitals) {
    order.push_back(hospital.name);
    for (const char* run_name : {"scenario", "baseline"}) {
      for (const auto& [metric, label] : metrics) {
        auto found = series.find({run_name, hospital.id, metric});
        if (found == series.end()) continue;
        for (const auto& [time, value] : found->second) {
          values.push_back({{"time", time}, {"hospital", hospital.name}, {"metric", label}, {"run", run_name},
                            {"value", number_or_null(value)}});
        }
      }
    }
  }
  if (values.empty()) return std::nullopt;
  Chart chart;
  chart.id = "chart-ed-load";
  chart.title = "ED arrivals and census per hospital";
  chart.caption = run.paired ? "Hourly, from timeline.csv: the scenario run (red) against its paired baseline (grey: "
                               "the same patients without the injections). Arrivals are counts during each hour; the "
                               "census is the number of patients in the ED at the start of the hour."
                             : "Hourly, from timeline.csv (this run has no baseline): arrivals during each hour, "
                               "patients in the ED at the start of each hour.";
  if (hospitals.size() < run.hospitals.size()) {
    chart.caption += fmt::format(" The {} hospitals (of {}) with the largest change in ED arrivals.", hospitals.size(),
                                 run.hospitals.size());
  }
  json inner = {{"width", 285},
                {"height", 80},
                {"mark", {{"type", "line"}, {"strokeWidth", 1}, {"interpolate", "step-after"}}},
                {"encoding",
                 {{"x", time_encoding()},
                  {"y", {{"field", "value"}, {"type", "quantitative"}, {"title", nullptr}}},
                  {"color",
                   {{"field", "run"},
                    {"type", "nominal"},
                    {"title", nullptr},
                    {"scale", run_colour_scale(run.paired)},
                    {"legend", {{"orient", "top"}}}}},
                  {"tooltip",
                   {{{"field", "time"}, {"type", "temporal"}, {"timeUnit", "utcyearmonthdatehours"}, {"title", "hour"}},
                    {{"field", "run"}},
                    {{"field", "value"}, {"type", "quantitative"}}}}}}};
  inner["encoding"]["x"]["axis"]["tickCount"] = 4;
  inner["encoding"]["x"]["axis"]["format"] = "%a %d";
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["facet"] = {
      {"row",
       {{"field", "hospital"},
        {"type", "nominal"},
        {"sort", order},
        {"title", nullptr},
        {"header", {{"labelAngle", 0}, {"labelOrient", "top"}, {"labelAlign", "left"}, {"labelFontWeight", "bold"},
                    {"labelAnchor", "start"}}}}},
      {"column",
       {{"field", "metric"},
        {"type", "nominal"},
        {"sort", {metrics[0].second, metrics[1].second}},
        {"title", nullptr}}}};
  spec["spec"] = inner;
  spec["resolve"] = {{"scale", {{"y", "independent"}}}};
  spec["spacing"] = {{"row", 6}, {"column", 16}};
  chart.spec = std::move(spec);
  return chart;
}

std::optional<Chart> surgery_chart(const RunContext& run, const Series& series) {
  const bool aggregate = run.hospitals.size() > 10;
  const std::string cumulative_label = "Cancelled planned operations (cumulative)";
  const std::string backlog_label = "Backlog: cancelled cases not yet operated";
  json values = json::array();
  json order = json::array();
  // (run, label) -> time -> value, summed over hospitals when aggregating.
  std::map<std::pair<std::string, std::string>, std::map<double, double>> region;
  for (const Hospital& hospital : run.hospitals) {
    if (!aggregate) order.push_back(hospital.name);
    for (const char* run_name : {"scenario", "baseline"}) {
      auto cancelled = series.find({run_name, hospital.id, "surgeries_cancelled"});
      if (cancelled != series.end() && !cancelled->second.empty()) {
        std::vector<std::pair<double, double>> points = {{cancelled->second.front().first, 0.0}};
        double total = 0.0;
        for (const auto& [time, value] : cancelled->second) {
          if (std::isfinite(value)) total += value;
          points.emplace_back(time + 3.6e6, total);  // the count is of the hour that starts at `time`
        }
        for (const auto& [time, value] : points) {
          if (aggregate) {
            region[{run_name, cumulative_label}][time] += value;
          } else {
            values.push_back({{"time", time}, {"hospital", hospital.name}, {"metric", cumulative_label},
                              {"run", run_name}, {"value", value}});
          }
        }
      }
      auto backlog = series.find({run_name, hospital.id, "surgery_backlog"});
      if (backlog != series.end()) {
        for (const auto& [time, value] : backlog->second) {
          if (aggregate) {
            region[{run_name, backlog_label}][time] += std::isfinite(value) ? value : 0.0;
          } else {
            values.push_back({{"time", time}, {"hospital", hospital.name}, {"metric", backlog_label},
                              {"run", run_name}, {"value", number_or_null(value)}});
          }
        }
      }
    }
  }
  if (aggregate) {
    order.push_back("Region");
    for (const auto& [key, points] : region) {
      for (const auto& [time, value] : points) {
        values.push_back({{"time", time}, {"hospital", "Region"}, {"metric", key.second}, {"run", key.first},
                          {"value", value}});
      }
    }
  }
  if (values.empty()) return std::nullopt;
  Chart chart;
  chart.id = "chart-surgery";
  chart.title = "Cancelled planned operations and backlog";
  chart.caption = "From timeline.csv: cancellations added up over the run, and the cancelled cases waiting for a new "
                  "date (the backlog falls as catch-up capacity operates them).";
  if (run.paired) chart.caption += " Solid: the scenario run; dashed: the paired baseline.";
  if (aggregate) chart.caption += " All hospitals added up (the region).";
  json inner = {
      {"width", 600},
      {"height", 140},
      {"mark", {{"type", "line"}, {"strokeWidth", 1.5}, {"interpolate", "step-after"}}},
      {"encoding",
       {{"x", time_encoding()},
        {"y", {{"field", "value"}, {"type", "quantitative"}, {"title", "cases"}}},
        {"color",
         {{"field", "hospital"},
          {"type", "nominal"},
          {"sort", order},
          {"title", nullptr},
          {"scale", {{"scheme", "tableau10"}}},
          {"legend", {{"orient", "top"}, {"columns", 3}, {"labelLimit", 220}}}}},
        {"strokeDash",
         {{"field", "run"},
          {"type", "nominal"},
          {"title", nullptr},
          {"scale", {{"domain", run.paired ? json{"scenario", "baseline"} : json{"scenario"}},
                     {"range", run.paired ? json{json::array(), {4, 3}} : json{json::array()}}}},
          {"legend", run.paired ? json{{"orient", "top"}} : json(nullptr)}}},
        {"tooltip",
         {{{"field", "time"}, {"type", "temporal"}, {"timeUnit", "utcyearmonthdatehours"}, {"title", "hour"}},
          {{"field", "hospital"}},
          {{"field", "run"}},
          {{"field", "value"}, {"type", "quantitative"}}}}}}};
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["facet"] = {{"row",
                    {{"field", "metric"},
                     {"type", "nominal"},
                     {"sort", {cumulative_label, backlog_label}},
                     {"title", nullptr},
                     {"header", {{"labelAngle", 0}, {"labelOrient", "top"}, {"labelAnchor", "start"},
                                 {"labelFontWeight", "bold"}}}}}};
  spec["spec"] = inner;
  spec["resolve"] = {{"scale", {{"y", "independent"}}}};
  chart.spec = std::move(spec);
  return chart;
}

std::optional<Chart> flows_chart(const RunContext& run, std::vector<std::string>& notes) {
  if (!run.summary.contains("diversions") || !run.summary["diversions"].is_array()) {
    notes.push_back("No diversion-flow chart: this summary.json has no \"diversions\" table (written by an older "
                    "hospsim; run the scenario again).");
    return std::nullopt;
  }
  std::map<std::pair<std::string, std::string>, double> baseline;
  if (run.summary.contains("baseline_diversions") && run.summary["baseline_diversions"].is_array()) {
    for (const json& flow : run.summary["baseline_diversions"]) {
      baseline[{flow.value("from", ""), flow.value("to", "")}] = flow.value("ambulances", 0.0);
    }
  }
  json values = json::array();
  for (const json& flow : run.summary["diversions"]) {
    const double ambulances = flow.value("ambulances", 0.0);
    if (ambulances <= 0.0) continue;
    const std::string from = flow.value("from", "");
    const std::string to = flow.value("to", "");
    std::string label = count_text(ambulances);
    json entry = {{"from", name_of(run, from)},
                  {"to", name_of(run, to)},
                  {"ambulances", ambulances},
                  {"walk_ins_advised", flow.value("walk_ins_advised", 0.0)},
                  {"extra_travel_hours", flow.value("extra_travel_hours", 0.0)}};
    if (run.paired) {
      auto it = baseline.find({from, to});
      const double base = it == baseline.end() ? 0.0 : it->second;
      entry["baseline_ambulances"] = base;
      label += " (" + count_text(base) + ")";
    }
    entry["label"] = label;
    values.push_back(entry);
  }
  if (values.empty()) {
    notes.push_back("No diversion-flow chart: no ambulance was diverted in the scenario run.");
    return std::nullopt;
  }
  json order = json::array();
  for (const Hospital& hospital : run.hospitals) order.push_back(hospital.name);
  Chart chart;
  chart.id = "chart-diversion-flows";
  chart.title = "Ambulance diversion between hospitals";
  chart.caption = "Ambulances sent from their nearest hospital (row) to another (column) because the nearest was on "
                  "diversion, in the scenario run";
  chart.caption += run.paired ? "; in brackets, the same in the baseline." : ".";
  chart.caption += " Walk-ins redirected by public advice and the added travel time are in the tooltips.";
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  const json x = {{"field", "to"}, {"type", "nominal"}, {"sort", order}, {"title", "diverted to"},
                  {"axis", {{"labelAngle", -30}, {"labelLimit", 160}}}};
  const json y = {{"field", "from"}, {"type", "nominal"}, {"sort", order}, {"title", "nearest hospital (diverted from)"},
                  {"axis", {{"labelLimit", 200}}}};
  spec["width"] = {{"step", 70}};
  spec["height"] = {{"step", 28}};
  spec["layer"] = {
      {{"mark", {{"type", "rect"}, {"tooltip", true}}},
       {"encoding",
        {{"x", x},
         {"y", y},
         {"color",
          {{"field", "ambulances"},
           {"type", "quantitative"},
           {"title", "ambulances"},
           {"scale", {{"scheme", "oranges"}}}}},
         {"tooltip",
          {{{"field", "from"}, {"title", "from"}},
           {{"field", "to"}, {"title", "to"}},
           {{"field", "ambulances"}, {"type", "quantitative"}},
           {{"field", "walk_ins_advised"}, {"type", "quantitative"}, {"title", "walk-ins advised"}},
           {{"field", "extra_travel_hours"}, {"type", "quantitative"}, {"format", ".1f"},
            {"title", "extra travel (h)"}}}}}}},
      {{"mark", {{"type", "text"}, {"fontSize", 10}}},
       {"encoding", {{"x", x}, {"y", y}, {"text", {{"field", "label"}}}}}}};
  chart.spec = std::move(spec);
  return chart;
}

std::optional<Chart> attack_chart(const RunContext& run, const CsvTable& events) {
  const int c_seconds = events.column("seconds");
  const int c_event = events.column("event");
  if (c_seconds < 0 || c_event < 0) return std::nullopt;
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"infected", "infected"}, {"encrypted", "encrypted"}, {"restored", "restored"}};
  std::map<std::string, std::vector<double>> times;
  json markers = json::array();  // detection and containment: vertical rules
  for (const auto& row : events.rows) {
    const std::string& kind = row[c_event];
    if (kind == "detected" || kind == "contained") {
      const std::optional<double> seconds = parse_number(row[c_seconds]);
      if (seconds) markers.push_back({{"time", run.start_ms + *seconds * 1000.0}, {"marker", kind}});
      continue;
    }
    if (kind != "infected" && kind != "encrypted" && kind != "restored") continue;
    const std::optional<double> seconds = parse_number(row[c_seconds]);
    if (seconds) times[kind].push_back(run.start_ms + *seconds * 1000.0);
  }
  if (times.empty()) return std::nullopt;
  json values = json::array();
  for (const auto& [kind, label] : kinds) {
    auto found = times.find(kind);
    if (found == times.end()) continue;
    std::vector<double> list = found->second;
    std::sort(list.begin(), list.end());
    values.push_back({{"time", run.start_ms}, {"kind", label}, {"hosts", 0}});
    for (std::size_t i = 0; i < list.size(); ++i) {
      values.push_back({{"time", list[i]}, {"kind", label}, {"hosts", static_cast<double>(i + 1)}});
    }
    values.push_back({{"time", run.end_ms}, {"kind", label}, {"hosts", static_cast<double>(list.size())}});
  }
  Chart chart;
  chart.id = "chart-attack";
  chart.title = "Attack: infection and restoration";
  chart.caption = "Hosts infected, encrypted and restored so far (from the infected / encrypted / restored rows of "
                  "events.csv). The gap between encrypted and restored is what the restoration team still has to "
                  "rebuild.";
  json spec = base_spec();
  spec["width"] = 600;
  spec["height"] = 180;
  for (const json& marker : markers) values.push_back(marker);
  spec["data"] = {{"values", values}};
  json line;
  line["transform"] = {{{"filter", "isValid(datum.hosts)"}}};
  line["mark"] = {{"type", "line"}, {"interpolate", "step-after"}, {"strokeWidth", 2}};
  line["encoding"] = {
      {"x", time_encoding()},
      {"y", {{"field", "hosts"}, {"type", "quantitative"}, {"title", "hosts"}}},
      {"color",
       {{"field", "kind"},
        {"type", "nominal"},
        {"title", nullptr},
        {"scale", {{"domain", {"infected", "encrypted", "restored"}}, {"range", {"#f2b233", "#c62828", "#2e7d32"}}}},
        {"legend", {{"orient", "top"}}}}},
      {"tooltip",
       {{{"field", "time"}, {"type", "temporal"}, {"timeUnit", "utcyearmonthdatehoursminutes"}, {"title", "time"}},
        {{"field", "kind"}},
        {{"field", "hosts"}, {"type", "quantitative"}}}}};
  spec["layer"] = json::array({line});
  if (!markers.empty()) {
    chart.caption += " Dashed lines: the attack was detected / contained.";
    const json filter = {{{"filter", "isValid(datum.marker)"}}};
    spec["layer"].push_back({{"transform", filter},
                             {"mark", {{"type", "rule"}, {"strokeDash", {4, 3}}, {"color", "#555555"}}},
                             {"encoding", {{"x", time_encoding()}}}});
    spec["layer"].push_back({{"transform", filter},
                             {"mark", {{"type", "text"}, {"align", "left"}, {"dx", 3}, {"y", 6}, {"fontSize", 10},
                                       {"color", "#555555"}}},
                             {"encoding", {{"x", time_encoding()}, {"text", {{"field", "marker"}}}}}});
  }
  chart.spec = std::move(spec);
  return chart;
}

Status missing_scripts() { return Status::failed_precondition(std::string(kMissingScriptsHelp)); }

// A run's files are read whole; a national run's timeline is a few hundred MB.
constexpr std::size_t kMaxRunFileBytes = std::size_t{4} << 30;

// The shape of summary.json the report reads: every member it uses has the type `hospsim run` writes, so
// rendering never meets a surprise. Problems name the file, line:column and pointer.
Status check_summary(const json& summary, const JsonDocument& document, const std::string& path) {
  std::vector<Problem> problems;
  auto problem = [&](const std::string& pointer, const std::string& message) {
    const TextPosition at = document.position_of(pointer);
    problems.push_back(Problem{path, at.line, at.column, pointer, message});
  };
  if (!summary.is_object() || summary.value("format", json()) != "hospsim-summary/1") {
    problem("", "not a hospsim summary (format hospsim-summary/1)");
    return Status::from_problems(std::move(problems));
  }
  auto object_at = [&](const json& parent, const std::string& pointer, const char* key,
                       bool required) -> const json* {
    if (!parent.contains(key)) {
      if (required) problem(pointer, std::string("missing required key \"") + key + "\"");
      return nullptr;
    }
    if (!parent.at(key).is_object()) {
      problem(pointer + "/" + key, "must be an object");
      return nullptr;
    }
    return &parent.at(key);
  };
  // A metric is a number, null or {value, baseline, delta, delta_pct} of numbers or nulls.
  auto check_metrics = [&](const json& metrics, const std::string& pointer) {
    for (const auto& [name, entry] : metrics.items()) {
      const std::string at = pointer + "/" + escape_pointer_token(name);
      if (entry.is_number() || entry.is_null()) continue;
      if (!entry.is_object()) {
        problem(at, "must be a number or an object of numbers");
        continue;
      }
      for (const auto& [field, value] : entry.items()) {
        if (!value.is_number() && !value.is_null()) {
          problem(at + "/" + escape_pointer_token(field), "must be a number or null");
        }
      }
    }
  };
  if (const json* identity = object_at(summary, "", "scenario", true)) {
    if (!identity->contains("start") || !identity->at("start").is_string() ||
        !civil_ms(identity->at("start").get<std::string>())) {
      problem("/scenario/start", "must be a datetime such as \"2025-03-13T09:30\"");
    }
    if (!identity->contains("horizon_hours") || !identity->at("horizon_hours").is_number() ||
        !(identity->at("horizon_hours").get<double>() >= 0) || identity->at("horizon_hours").get<double>() > 1e6) {
      problem("/scenario/horizon_hours", "must be a non-negative number of hours");
    }
    for (const char* key : {"name", "strategy"}) {
      if (identity->contains(key) && !identity->at(key).is_string()) {
        problem(std::string("/scenario/") + key, "must be a string");
      }
    }
    if (identity->contains("injections") && !identity->at("injections").is_array()) {
      problem("/scenario/injections", "must be an array");
    }
  }
  if (summary.contains("baseline") && !summary.at("baseline").is_boolean()) {
    problem("/baseline", "must be true or false");
  }
  if (const json* hospitals = object_at(summary, "", "hospitals", false)) {
    for (const auto& [id, entry] : hospitals->items()) {
      const std::string at = "/hospitals/" + escape_pointer_token(id);
      if (!entry.is_object()) {
        problem(at, "must be an object");
      } else {
        for (const char* key : {"name", "region"}) {
          if (entry.contains(key) && !entry.at(key).is_string()) problem(at + "/" + key, "must be a string");
        }
      }
    }
  }
  if (const json* metrics = object_at(summary, "", "metrics", true)) {
    if (const json* region = object_at(*metrics, "/metrics", "region", false)) check_metrics(*region, "/metrics/region");
    if (const json* hospitals = object_at(*metrics, "/metrics", "hospitals", false)) {
      for (const auto& [id, entry] : hospitals->items()) {
        const std::string at = "/metrics/hospitals/" + escape_pointer_token(id);
        if (!entry.is_object()) {
          problem(at, "must be an object of metrics");
        } else {
          check_metrics(entry, at);
        }
      }
    }
  }
  for (const char* key : {"diversions", "baseline_diversions"}) {
    if (!summary.contains(key) || !summary.at(key).is_array()) continue;  // absent or other: no flow chart
    const json& flows = summary.at(key);
    for (std::size_t i = 0; i < flows.size(); ++i) {
      const std::string at = std::string("/") + key + "/" + std::to_string(i);
      if (!flows[i].is_object()) {
        problem(at, "must be an object");
        continue;
      }
      for (const auto& [field, value] : flows[i].items()) {
        const bool text = field == "from" || field == "to";
        if (text ? !value.is_string() : !value.is_number()) {
          problem(at + "/" + escape_pointer_token(field), text ? "must be a string" : "must be a number");
        }
      }
    }
  }
  if (const json* it = object_at(summary, "", "it", false)) {
    for (const auto& [hospital, services] : it->items()) {
      const std::string at = "/it/" + escape_pointer_token(hospital);
      if (!services.is_object()) {
        problem(at, "must be an object of services");
        continue;
      }
      for (const auto& [service, entry] : services.items()) {
        const std::string here = at + "/" + escape_pointer_token(service);
        if (!entry.is_object()) {
          problem(here, "must be an object");
        } else if (entry.contains("availability_pct") && !entry.at("availability_pct").is_number()) {
          problem(here + "/availability_pct", "must be a number");
        }
      }
    }
  }
  if (!problems.empty()) return Status::from_problems(std::move(problems));
  return Status::ok();
}

}  // namespace

Result<RunFiles> read_run_files(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(directory, error)) return Status::not_found(directory + ": no such run directory");
  const fs::path dir(directory);
  auto read = [&dir, &directory](const char* name) -> Result<std::string> {
    const std::string path = (dir / name).string();
    std::error_code missing;
    if (!fs::exists(path, missing)) {
      return Status::not_found(path + ": missing (is " + directory + " the --out directory of `hospsim run`?)");
    }
    return read_input_file(path, kMaxRunFileBytes, std::string("the ") + name + " of `hospsim run`");
  };
  Result<std::string> summary_text = read("summary.json");
  if (!summary_text.is_ok()) return summary_text.status();
  Result<std::string> timeline = read("timeline.csv");
  if (!timeline.is_ok()) return timeline.status();
  Result<std::string> events = read("events.csv");
  if (!events.is_ok()) return events.status();
  return parse_run_files(std::move(summary_text.value()), std::move(timeline.value()), std::move(events.value()),
                         (dir / "summary.json").string());
}

Result<RunFiles> parse_run_files(std::string summary_text, std::string timeline_csv, std::string events_csv,
                                 const std::string& summary_path) {
  Result<JsonDocument> parsed = parse_json_document(summary_text, summary_path, "a run summary");
  if (!parsed.is_ok()) return parsed.status();
  RunFiles files;
  files.summary = std::move(parsed->root);
  if (Status valid = check_summary(files.summary, parsed.value(), summary_path); !valid.is_ok()) return valid;
  files.timeline_csv = std::move(timeline_csv);
  files.events_csv = std::move(events_csv);
  return files;
}

namespace {
Result<std::string> render_checked_run_report(const RunFiles& files, const ReportScripts& scripts);
}  // namespace

Result<std::string> render_run_report(const RunFiles& files, const ReportScripts& scripts) {
  // read_run_files() checked every member the report reads; a summary built by other means that still has a
  // member of an unexpected type is refused here rather than ending the command as an internal error.
  try {
    return render_checked_run_report(files, scripts);
  } catch (const json::exception& error) {
    return Status::invalid_argument(std::string("summary.json: a member has an unexpected type (") +
                                    error.what() + ")");
  }
}

namespace {

Result<std::string> render_checked_run_report(const RunFiles& files, const ReportScripts& scripts) {
  if (!scripts.complete()) return missing_scripts();
  const json& summary = files.summary;
  const json& identity = summary["scenario"];
  RunContext run{summary, {}, {}, 0.0, 0.0, summary.value("baseline", false)};
  if (summary.contains("hospitals") && summary["hospitals"].is_object()) {
    for (const auto& [id, entry] : summary["hospitals"].items()) {
      const std::string name = entry.is_object() ? entry.value("name", id) : id;
      run.hospitals.push_back({id, name.empty() ? id : name});
      run.names[id] = name.empty() ? id : name;
    }
  }
  const std::optional<double> start = civil_ms(identity.value("start", ""));
  if (!start) return Status::invalid_argument("summary.json: /scenario/start is not a datetime");
  run.start_ms = *start;
  run.end_ms = run.start_ms + identity.value("horizon_hours", 0.0) * 3.6e6;

  // Only the metrics the charts draw are kept: a national run's timeline holds millions of rows.
  const std::set<std::string> charted = {"ed_arrivals", "ed_census", "surgeries_cancelled", "surgery_backlog"};
  int metric_column = -2;  // found from the header on the first row
  Result<CsvTable> timeline =
      parse_csv(files.timeline_csv, "timeline.csv",
                [&](const std::vector<std::string>& header, const std::vector<std::string>& row) {
                  if (metric_column == -2) {
                    metric_column = -1;
                    for (std::size_t i = 0; i < header.size(); ++i) {
                      if (header[i] == "metric") metric_column = static_cast<int>(i);
                    }
                  }
                  return metric_column < 0 || charted.count(row[metric_column]) > 0;
                });
  if (!timeline.is_ok()) return timeline.status();
  Result<CsvTable> events = parse_csv(files.events_csv, "events.csv");
  if (!events.is_ok()) return events.status();

  Page page;
  const std::string name = identity.value("name", "scenario");
  const std::string strategy = identity.value("strategy", "");
  page.title = "hospsim report: " + name + (strategy.empty() ? "" : " (strategy " + strategy + ")");
  std::string end_text;
  {
    // The end as the scenario's local datetime.
    const long long end_seconds = std::llround(run.end_ms / 1000.0);
    const long long days = end_seconds >= 0 ? end_seconds / 86400 : (end_seconds - 86399) / 86400;
    const long long rest = end_seconds - days * 86400;
    // civil_from_days (H. Hinnant)
    long long z = days + 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const long long y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
    end_text = fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}", y, m, d, rest / 3600, (rest % 3600) / 60);
  }
  std::string injections;
  if (identity.contains("injections") && identity["injections"].is_array()) {
    for (const json& id : identity["injections"]) {
      if (!injections.empty()) injections += ", ";
      injections += id.is_string() ? id.get<std::string>() : id.dump();
    }
  }
  page.subtitle = html_escape(fmt::format("{} to {}, seed {}{}. Injections: {}.", identity.value("start", ""), end_text,
                                          identity.contains("seed") ? identity["seed"].dump() : std::string("?"),
                                          run.paired ? ", with the paired baseline" : ", no baseline",
                                          injections.empty() ? std::string("none") : injections));
  page.summary = summary_html(run) + calibration_html(run);

  if (std::optional<Chart> chart = gantt_chart(run, events.value(), page.notes)) page.charts.push_back(*chart);
  Result<Series> series = read_series(timeline.value(), charted);
  if (!series.is_ok()) return series.status();
  if (std::optional<Chart> chart = ed_chart(run, series.value())) {
    page.charts.push_back(*chart);
  } else {
    page.notes.push_back("No ED chart: timeline.csv holds no ED rows.");
  }
  if (std::optional<Chart> chart = surgery_chart(run, series.value())) {
    page.charts.push_back(*chart);
  } else {
    page.notes.push_back("No surgery chart: timeline.csv holds no surgery rows.");
  }
  if (std::optional<Chart> chart = flows_chart(run, page.notes)) page.charts.push_back(*chart);
  if (std::optional<Chart> chart = attack_chart(run, events.value())) page.charts.push_back(*chart);
  return render_page(page, scripts);
}

}  // namespace

// ----- batch report ---------------------------------------------------------------------------------------

namespace {

std::string interval_text(const batch::Summary& summary) {
  if (summary.n == 0 || !std::isfinite(summary.mean)) return "-";
  if (!std::isfinite(summary.half_width)) return fmt::format("{:.2f}", summary.mean);
  return fmt::format("{:.2f} [{:.2f}, {:.2f}]", summary.mean, summary.low(), summary.high());
}

Chart comparison_chart(const batch::MetricComparison& metric, const batch::Comparison& comparison, int index,
                       const std::vector<std::string>& strategies, const std::vector<std::string>& configurations) {
  const std::string mean_panel = "mean, 95% interval";
  const std::string difference_panel = "difference to " + comparison.baseline + ", 95% interval";
  json values = json::array();
  for (const batch::ComparisonRow& row : metric.rows) {
    if (row.summary.n > 0) {
      values.push_back({{"configuration", row.configuration},
                        {"strategy", row.strategy},
                        {"panel", mean_panel},
                        {"center", number_or_null(row.summary.mean)},
                        {"low", number_or_null(row.summary.low())},
                        {"high", number_or_null(row.summary.high())},
                        {"n", row.summary.n},
                        {"rank", row.rank}});
    }
    if (row.difference && row.difference->n > 0) {
      values.push_back({{"configuration", row.configuration},
                        {"strategy", row.strategy},
                        {"panel", difference_panel},
                        {"center", number_or_null(row.difference->mean)},
                        {"low", number_or_null(row.difference->low())},
                        {"high", number_or_null(row.difference->high())},
                        {"n", row.difference->n},
                        {"rank", row.rank}});
    }
  }
  Chart chart;
  chart.id = fmt::format("chart-compare-{}", index + 1);
  chart.title = metric.metric.label() + " (" + batch::direction_text(metric.direction) + ")";
  chart.caption = "Left: each strategy's mean over its replications with the 95% confidence interval (Student t). "
                  "Right: its difference to <b>" +
                  html_escape(comparison.baseline) + "</b> with the 95% interval (" +
                  (comparison.paired ? "paired by replication: common random numbers" : "Welch: independent seeds") +
                  "). An interval clear of the zero line is a change at the 95% level.";
  const json y = {{"field", "strategy"}, {"type", "nominal"}, {"sort", strategies}, {"title", nullptr}};
  json inner = {
      {"width", 250},
      {"height", {{"step", 16}}},
      {"layer",
       {{{"mark", {{"type", "rule"}, {"color", "#9e9e9e"}, {"strokeDash", {2, 2}}}},
         {"encoding", {{"x", {{"datum", 0}, {"type", "quantitative"}}}}}},
        {{"mark", {{"type", "rule"}, {"strokeWidth", 2}, {"color", "#5b7fb5"}}},
         {"encoding",
          {{"y", y},
           {"x", {{"field", "low"}, {"type", "quantitative"}, {"title", nullptr}, {"scale", {{"zero", true}}}}},
           {"x2", {{"field", "high"}}}}}},
        {{"mark", {{"type", "point"}, {"filled", true}, {"size", 40}, {"color", "#1f3f73"}}},
         {"encoding",
          {{"y", y},
           {"x", {{"field", "center"}, {"type", "quantitative"}}},
           {"tooltip",
            {{{"field", "configuration"}},
             {{"field", "strategy"}},
             {{"field", "panel"}, {"title", "what"}},
             {{"field", "center"}, {"type", "quantitative"}, {"format", ".2f"}, {"title", "value"}},
             {{"field", "low"}, {"type", "quantitative"}, {"format", ".2f"}},
             {{"field", "high"}, {"type", "quantitative"}, {"format", ".2f"}},
             {{"field", "n"}, {"type", "quantitative"}},
             {{"field", "rank"}, {"type", "quantitative"}}}}}}}}}};
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["facet"] = {
      {"row",
       {{"field", "configuration"},
        {"type", "nominal"},
        {"sort", configurations},
        {"title", nullptr},
        {"header", {{"labelAngle", 0}, {"labelOrient", "top"}, {"labelAnchor", "start"}, {"labelFontWeight", "bold"}}}}},
      {"column", {{"field", "panel"}, {"type", "nominal"}, {"sort", {mean_panel, difference_panel}}, {"title", nullptr}}}};
  spec["spec"] = inner;
  spec["resolve"] = {{"scale", {{"x", "independent"}}}};
  spec["spacing"] = {{"row", 8}, {"column", 20}};
  chart.spec = std::move(spec);
  return chart;
}

std::string comparison_table(const batch::MetricComparison& metric, const batch::Comparison& comparison) {
  std::string out = "<table>\n<thead><tr><th>configuration</th><th class=\"text\">strategy</th><th>n</th>"
                    "<th>mean [95% CI]</th><th>vs " +
                    html_escape(comparison.baseline) + " [95% CI]</th><th>rank</th></tr></thead>\n<tbody>\n";
  for (const batch::ComparisonRow& row : metric.rows) {
    out += "<tr><td>" + html_escape(row.configuration) + "</td><td class=\"text\">" + html_escape(row.strategy) +
           "</td><td>" + std::to_string(row.summary.n) + "</td><td>" + interval_text(row.summary) + "</td><td>" +
           (row.is_baseline ? std::string("(baseline)") : row.difference ? interval_text(*row.difference) : "-") +
           "</td><td>" + (row.rank > 0 ? std::to_string(row.rank) : std::string("-")) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return out;
}

}  // namespace

Result<std::string> render_batch_report(const batch::BatchData& data, const batch::Comparison& comparison,
                                        const ReportScripts& scripts) {
  if (!scripts.complete()) return missing_scripts();
  Page page;
  const std::string name = comparison.sweep_name.empty() ? std::string("batch") : comparison.sweep_name;
  page.title = "hospsim batch report: " + name;
  auto meta = [&](const std::string& key) {
    auto it = data.metadata.find(key);
    return it == data.metadata.end() ? std::string() : it->second;
  };
  page.subtitle = html_escape(meta("sweep_description"));
  std::string summary = "<ul class=\"headline\">\n";
  summary += fmt::format("<li><b>Runs:</b> {} ({} not ok, left out); {} configurations x {} strategies; "
                         "seeds {}.</li>\n",
                         comparison.runs, comparison.failed_runs, data.configurations.size(), data.strategies.size(),
                         comparison.paired ? "common to all strategies (paired differences)"
                                           : "independent (Welch intervals)");
  summary += "<li><b>Compared with:</b> " + html_escape(comparison.baseline) + ".</li>\n";
  // Best strategy per metric and configuration.
  for (const batch::MetricComparison& metric : comparison.metrics) {
    std::string best;
    for (const std::string& configuration : data.configurations) {
      std::vector<std::string> winners;
      for (const batch::ComparisonRow& row : metric.rows) {
        if (row.configuration == configuration && row.rank == 1) winners.push_back(row.strategy);
      }
      if (winners.empty()) continue;
      std::string joined;
      for (const std::string& winner : winners) joined += (joined.empty() ? "" : " = ") + winner;
      best += (best.empty() ? "" : "; ") + (data.configurations.size() > 1 ? configuration + ": " : std::string()) + joined;
    }
    summary += "<li><b>" + html_escape(metric.metric.label()) + "</b> (" + batch::direction_text(metric.direction) +
               "), best: " + html_escape(best.empty() ? std::string("-") : best) + ".</li>\n";
  }
  summary += "</ul>\n";
  page.summary = summary;
  std::vector<std::string> strategies = data.strategies;
  std::vector<std::string> configurations = data.configurations;
  for (std::size_t i = 0; i < comparison.metrics.size(); ++i) {
    Chart chart = comparison_chart(comparison.metrics[i], comparison, static_cast<int>(i), strategies, configurations);
    page.charts.push_back(std::move(chart));
  }
  // Tables after the charts, one per metric (for print and for exact numbers).
  for (const batch::MetricComparison& metric : comparison.metrics) {
    page.notes.push_back("<b>" + html_escape(metric.metric.label()) + "</b>\n" + comparison_table(metric, comparison));
  }
  return render_page(page, scripts);
}

Status write_report_file(const std::string& path, const std::string& html) {
  return write_file_atomically(path, html);
}

}  // namespace hospsim
