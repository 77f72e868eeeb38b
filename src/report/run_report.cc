// The run report (report/html_report.h): the text summary and calibration tables of a run, its charts
// (report/run_charts.h), in the page shell (report/html_page.h).
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hospsim/scenario.h"
#include "hospsim/timeline.h"
#include "metrics/calibration.h"
#include "report/csv_reader.h"
#include "report/html_page.h"
#include "report/html_report.h"
#include "report/run_charts.h"
#include "report/run_log_csv.h"
#include "report/run_tables.h"

namespace hospsim::html {

namespace {

using nlohmann::json;

// Every (hospital, service) that was DOWN at some point (the run's IT services).
struct ItDowntime {
  int affected = 0;            // (hospital, service) pairs
  double total_minutes = 0.0;  // summed over them
  double longest = 0.0;        // minutes, the longest of one pair
  std::string longest_where;   // "<service> at <hospital>"
};

// The minutes `service` of the run was DOWN; 0 when it holds none.
double minutes_down(const RunMetrics& metrics, const ServiceMetrics& service) {
  const MetricCell minutes =
      metric_cell(PlaceMetrics{MetricPlace::kService, &metrics, &service.values}, MetricId::kMinutesDown);
  return minutes.present ? minutes.value : 0.0;
}

ItDowntime it_downtime(const RunContext& run, const PairedRunMetrics& metrics) {
  ItDowntime downtime;
  for (const HospitalMetrics& hospital : metrics.run.hospitals) {
    for (const ServiceMetrics& service : hospital.services) {
      const double minutes = minutes_down(metrics.run, service);
      if (minutes <= 0.0) continue;
      ++downtime.affected;
      downtime.total_minutes += minutes;
      if (minutes > downtime.longest) {
        downtime.longest = minutes;
        downtime.longest_where = service.service + " at " + name_of(run, hospital.hospital);
      }
    }
  }
  return downtime;
}

// The headline list: cancellations, ED load, regional response, length of stay, tests, IT downtime.
std::string headline_html(const RunContext& run, const PairedRunMetrics& metrics,
                          const ItDowntime& downtime) {
  const PlaceMetrics region = region_metrics(metrics);
  std::string out = "<ul class=\"headline\">\n";
  out += "<li><b>Cancelled planned operations:</b> " +
         change_text(metric_cell(region, MetricId::kSurgeriesCancelled)) +
         "; cancelled cases still waiting at the end: " +
         count_text(metric_cell(region, MetricId::kSurgeryBacklogEnd).value) + ".</li>\n";
  out += "<li><b>Cancelled outpatient appointments:</b> " +
         change_text(metric_cell(region, MetricId::kOutpatientCancelled)) + ".</li>\n";
  // The hospital whose ED gained most; the change by cause (run_tables.h) of the region and of that hospital.
  std::string largest;
  double largest_delta = 0.0;
  for (const Hospital& hospital : run.hospitals) {
    const PlaceMetrics place = hospital_metrics(metrics, hospital.id);
    const MetricCell arrivals = metric_cell(place, MetricId::kEdArrivals);
    if (arrivals.delta && *arrivals.delta > largest_delta) {
      largest_delta = *arrivals.delta;
      largest = hospital.name + " " + change_text(arrivals);
      if (const auto causes = ed_shift_breakdown(place)) {
        largest += ": " + ed_shift_text(*causes);
      }
    }
  }
  const auto region_causes = ed_shift_breakdown(region);
  out += "<li><b>ED arrivals:</b> " + change_text(metric_cell(region, MetricId::kEdArrivals)) +
         (region_causes ? html_escape(", by cause: " + ed_shift_text(*region_causes)) : std::string()) +
         (largest.empty() ? std::string() : "; largest increase: " + html_escape(largest)) +
         ". Ambulances diverted: " + count_text(metric_cell(region, MetricId::kEdDivertedOut).value) +
         ".</li>\n";
  // Regional response (surge capacity, boarder transfers, ambulances a diverting hospital kept): only when
  // something of it happened in the run.
  const double surge_openings = metric_cell(region, MetricId::kSurgeOpenings).value;
  const double transfers = metric_cell(region, MetricId::kTransfersOut).value;
  const double kept = metric_cell(region, MetricId::kEdKeptScope).value +
                      metric_cell(region, MetricId::kEdKeptNoOpenEd).value;
  if (surge_openings > 0 || transfers > 0 || kept > 0) {
    out += fmt::format(
        "<li><b>Regional response:</b> surge capacity opened {} times ({:.1f} space-hours, {:.1f} "
        "bed-hours); "
        "ED boarders transferred to another hospital: {}; ambulances kept at a hospital on diversion: {} "
        "(outside the diversion scope: {}, no other ED open: {}).</li>\n",
        count_text(surge_openings), metric_cell(region, MetricId::kSurgeSpaceHours).value,
        metric_cell(region, MetricId::kSurgeBedHours).value, count_text(transfers), count_text(kept),
        count_text(metric_cell(region, MetricId::kEdKeptScope).value),
        count_text(metric_cell(region, MetricId::kEdKeptNoOpenEd).value));
  }
  // Mutual aid for planned surgery: only for scenarios with it enabled (docs/model.md "Mutual aid").
  const MetricCell moved = metric_cell(region, MetricId::kSurgeriesMovedOut);
  if (moved.present) {
    out +=
        "<li><b>Mutual aid:</b> " + count_text(moved.value) +
        " elective cases moved to another hospital instead of a downtime cancellation; operated there by the "
        "end: " +
        count_text(metric_cell(region, MetricId::kSurgeriesMovedInPerformed).value) + ".</li>\n";
  }
  const MetricCell stay = metric_cell(region, MetricId::kEdLosMedianMin);
  if (stay.present) {
    const MetricCell within = metric_cell(region, MetricId::kEdWithin4hPct);
    out +=
        "<li><b>ED length of stay</b> (arrival to departure, median): " + stay_text(stay) +
        (within.present ? fmt::format("; within 4 hours: {:.1f}%", within.value) +
                              (within.delta ? fmt::format(" ({:+.1f} points)", *within.delta) : std::string())
                        : std::string()) +
        ".</li>\n";
  }
  // Only for scenarios that model downtime test turnarounds (docs/model.md "Lab and imaging turnaround").
  const MetricCell test_delays = metric_cell(region, MetricId::kEdTestDelays);
  if (test_delays.present) {
    out += "<li><b>ED tests by the downtime path:</b> " + count_text(test_delays.value) +
           " patients waited for a lab test or imaging, holding their spaces " +
           fmt::format("{:.1f}", metric_cell(region, MetricId::kEdTestDelayHours).value) +
           " hours longer.</li>\n";
  }
  const int affected = downtime.affected;
  if (affected == 0) {
    out += "<li><b>IT downtime:</b> no hospital lost an IT service.</li>\n";
  } else {
    out += fmt::format(
        "<li><b>IT downtime:</b> {} (hospital, service) pairs were DOWN, {} service-hours in all; longest: "
        "{} "
        "({}).</li>\n",
        affected, fmt::format("{:.1f}", downtime.total_minutes / 60.0), duration_text(downtime.longest),
        html_escape(downtime.longest_where));
  }
  out += "</ul>\n";
  return out;
}

// The per-hospital table and the region's total row.
std::string hospital_table_html(const RunContext& run, const PairedRunMetrics& metrics,
                                const ItDowntime& downtime) {
  const std::string versus = run.paired ? " (change against the paired baseline without injections)" : "";
  std::string out;
  out += "<p class=\"caption\">Per hospital" + html_escape(versus) +
         ". IT down: the longest total time one of the hospital's services was DOWN.</p>\n";
  out +=
      "<table>\n<thead><tr><th>hospital</th><th>planned ops cancelled</th><th>backlog at end</th>"
      "<th>appointments cancelled</th><th>ED arrivals</th><th>ED stay (median)</th>"
      "<th>ambulances diverted in / out</th>"
      "<th>IT down</th></tr></thead>\n<tbody>\n";
  auto row = [&](const std::string& label, const PlaceMetrics& m, double it_minutes, bool total) {
    out += total ? "<tr class=\"total\">" : "<tr>";
    out += "<td>" + html_escape(label) + "</td>";
    out += "<td>" + change_text(metric_cell(m, MetricId::kSurgeriesCancelled)) + "</td>";
    out += "<td>" + count_text(metric_cell(m, MetricId::kSurgeryBacklogEnd).value) + "</td>";
    out += "<td>" + change_text(metric_cell(m, MetricId::kOutpatientCancelled)) + "</td>";
    out += "<td>" + change_text(metric_cell(m, MetricId::kEdArrivals)) + "</td>";
    out += "<td>" + stay_text(metric_cell(m, MetricId::kEdLosMedianMin)) + "</td>";
    out += "<td>" + count_text(metric_cell(m, MetricId::kEdDivertedIn).value) + " / " +
           count_text(metric_cell(m, MetricId::kEdDivertedOut).value) + "</td>";
    out += "<td>" + (it_minutes > 0.0 ? duration_text(it_minutes) : std::string("-")) + "</td></tr>\n";
  };
  for (const Hospital& hospital : run.hospitals) {
    double worst = 0.0;
    if (const HospitalMetrics* record = find_hospital(metrics.run, hospital.id)) {
      for (const ServiceMetrics& service : record->services)
        worst = std::max(worst, minutes_down(metrics.run, service));
    }
    row(hospital.name, hospital_metrics(metrics, hospital.id), worst, false);
  }
  row("Region", region_metrics(metrics), downtime.longest, true);
  out += "</tbody>\n</table>\n";
  return out;
}

// The calibration view: the baseline's figures per hospital and the figures outside their typical ranges; ""
// for a summary without one.
std::string calibration_html(const RunContext& run) {
  if (!run.summary.calibration) return "";
  const CalibrationView& view = *run.summary.calibration;
  // "ED utilisation %", "diversion hours".
  const auto label_of = [](const CalibrationFigureInfo& info) {
    return std::string(info.label) + " " + std::string(info.unit);
  };
  std::string out = "<h2>Calibration of the " +
                    std::string(view.of_baseline ? "baseline (the scenario without injections)"
                                                 : "run (no baseline: injections included)") +
                    "</h2>\n<table>\n<thead><tr><th>hospital</th>";
  for (const CalibrationFigureInfo& info : calibration_figures()) {
    if (info.tabled) out += "<th>" + html_escape(label_of(info)) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  auto row = [&](const std::string& label, const CalibrationFigures& figures, bool total) {
    out += total ? "<tr class=\"total\">" : "<tr>";
    out += "<td>" + html_escape(label) + "</td>";
    for (const CalibrationFigureInfo& info : calibration_figures()) {
      if (!info.tabled) continue;
      const std::optional<double>& value = figures.get(info.id);
      out += "<td>" + (value ? fmt::format("{:.1f}", *value) : std::string("-")) + "</td>";
    }
    out += "</tr>\n";
  };
  for (const Hospital& hospital : run.hospitals) {
    for (const HospitalCalibration& figures : view.figures.hospitals) {
      if (figures.hospital == hospital.id) row(hospital.name, figures.figures, false);
    }
  }
  row("Region", view.figures.region, true);
  out += "</tbody>\n</table>\n";
  const std::vector<CalibrationWarning> warnings = calibration_warnings(view);
  if (!warnings.empty()) {
    out +=
        "<p class=\"caption\">Outside the typical ranges (docs/model.md, \"Calibration view\"):</p>\n<ul>\n";
    for (const CalibrationWarning& warning : warnings) {
      const CalibrationFigureInfo& info = calibration_info(warning.figure);
      out += "<li>" + html_escape(name_of(run, warning.hospital)) + ": " + html_escape(label_of(info)) + " " +
             fmt::format("{:.1f} (typical {}-{})", warning.value, info.low, info.high) + "</li>\n";
    }
    out += "</ul>\n";
  }
  return out;
}

// The charted metrics of the timeline.
const std::vector<TimelineMetric> kCharted = {TimelineMetric::kEdArrivals, TimelineMetric::kEdCensus,
                                              TimelineMetric::kSurgeriesCancelled,
                                              TimelineMetric::kSurgeryBacklog};

// The report's view of `summary`: its hospitals and clock.
Result<RunContext> context_of(const RunSummary& summary) {
  RunContext run{summary, {}, {}, 0.0, 0.0, summary.metrics.baseline.has_value()};
  for (const SummaryHospital& hospital : summary.hospitals) {
    const std::string& name = hospital.name.empty() ? hospital.id : hospital.name;
    run.hospitals.push_back({hospital.id, name});
    run.names[hospital.id] = name;
  }
  const std::optional<double> start = civil_ms(summary.start);
  if (!start) return Status::invalid_argument("summary.json: /scenario/start is not a datetime");
  run.start_ms = *start;
  run.end_ms = run.start_ms + summary.horizon_hours * 3.6e6;
  return run;
}

// The report of `run` with the scenario run's timeline and incident log `log` and the baseline's timeline
// (nullptr: none); the metrics of the run and its baseline from `metrics`.
std::string render_run_page(const RunContext& run, const RunLog& log, const RunLog* baseline,
                            const ReportScripts& scripts) {
  const RunSummary& summary = run.summary;
  const PairedRunMetrics& metrics = summary.metrics;
  Page page;
  page.title = "hospsim report: " + summary.name +
               (summary.strategy.empty() ? "" : " (strategy " + summary.strategy + ")");
  // The end as the scenario's local datetime.
  CivilTime epoch;
  epoch.year = 1970;
  const CivilTime end = civil_after(epoch, static_cast<double>(std::llround(run.end_ms / 1000.0)));
  const std::string end_text =
      fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}", end.year, end.month, end.day, end.hour, end.minute);
  page.subtitle = html_escape(
      fmt::format("{} to {}, seed {}{}. Injections: {}.", summary.start, end_text, summary.seed,
                  run.paired ? ", with the paired baseline" : ", no baseline",
                  summary.injections.empty() ? std::string("none")
                                             : fmt::format("{}", fmt::join(summary.injections, ", "))));
  const ItDowntime downtime = it_downtime(run, metrics);
  page.headline = headline_html(run, metrics, downtime) + hospital_table_html(run, metrics, downtime) +
                  calibration_html(run);

  if (std::optional<Chart> chart = gantt_chart(run, log, page.notes)) page.charts.push_back(*chart);
  const Series series = series_of(run, log, baseline, kCharted);
  if (std::optional<Chart> chart = ed_chart(run, series)) {
    page.charts.push_back(*chart);
  } else {
    page.notes.push_back("No ED chart: timeline.csv holds no ED rows.");
  }
  if (std::optional<Chart> chart = surgery_chart(run, series)) {
    page.charts.push_back(*chart);
  } else {
    page.notes.push_back("No surgery chart: timeline.csv holds no surgery rows.");
  }
  if (std::optional<Chart> chart = flows_chart(run, page.notes)) page.charts.push_back(*chart);
  if (std::optional<Chart> chart = attack_chart(run, log)) page.charts.push_back(*chart);
  return render_page(page, scripts);
}

Result<std::string> render_report(const RunFiles& files, const ReportScripts& scripts) {
  if (!scripts.complete()) return missing_scripts();
  Result<RunContext> run = context_of(files.summary);
  if (!run.is_ok()) return run.status();
  // Only the series the charts draw are kept, read row by row: a national run's timeline holds millions of
  // rows.
  TimelineCsvReader timeline_reader(kCharted, run->start_ms);
  Result<CsvTable> timeline =
      parse_csv(files.timeline_csv, "timeline.csv",
                [&](const std::vector<std::string>& header, const std::vector<std::string_view>& row) {
                  return timeline_reader.add(header, row);
                });
  if (!timeline.is_ok()) return timeline.status();
  Result<CsvTable> events = parse_csv(files.events_csv, "events.csv");
  if (!events.is_ok()) return events.status();
  if (Status read = timeline_reader.finish(timeline->header); !read.is_ok()) return read;
  RunLog& log = timeline_reader.scenario();
  if (Status read = read_incidents(events.value(), log); !read.is_ok()) return read;
  return render_run_page(run.value(), log,
                         timeline_reader.has_baseline() ? &timeline_reader.baseline() : nullptr, scripts);
}

Result<std::string> render_report(const RunSummary& summary, const RunLog& log, const RunLog* baseline,
                                  const ReportScripts& scripts) {
  if (!scripts.complete()) return missing_scripts();
  Result<RunContext> run = context_of(summary);
  if (!run.is_ok()) return run.status();
  return render_run_page(run.value(), log, baseline, scripts);
}

}  // namespace

}  // namespace hospsim::html

namespace hospsim {

Result<std::string> render_run_report(const RunFiles& files, const ReportScripts& scripts) {
  return html::render_report(files, scripts);
}

Result<std::string> render_run_report(const RunSummary& summary, const RunLog& log, const RunLog* baseline,
                                      const ReportScripts& scripts) {
  return html::render_report(summary, log, baseline, scripts);
}

}  // namespace hospsim
