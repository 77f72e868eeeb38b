#include "report/run_tables.h"

#include <cmath>

#include <fmt/format.h>

#include "metrics/calibration.h"
#include "report/metric_text.h"

namespace hospsim {

namespace {

// At most `width` code points of `text` (UTF-8), with an ellipsis when cut.
std::string fit(const std::string& text, std::size_t width) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++points == width) {
      std::size_t end = i + 1;
      while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
      if (end == text.size()) return text;
      // Replace the last code point kept by the ellipsis.
      return text.substr(0, i) + "\u2026";
    }
  }
  return text;
}

// A duration in minutes as change_text, "-" when there is none (no ED departures).
std::string minutes_text(const MetricCell& c) { return c.present ? change_text(c) : std::string("-"); }

// A hospital's label in the tables: its name, or its id when it has none.
std::string label_of(const std::string& id, const Hospital& hospital) {
  return hospital.name.empty() ? id : hospital.name;
}

}  // namespace

std::optional<EdShiftBreakdown> ed_shift_breakdown(const PlaceMetrics& metrics) {
  const MetricCell arrivals = metric_cell(metrics, MetricId::kEdArrivals);
  if (!arrivals.delta) return std::nullopt;
  auto delta = [&metrics](MetricId id) { return metric_cell(metrics, id).delta.value_or(0.0); };
  EdShiftBreakdown out;
  out.arrivals = *arrivals.delta;
  out.from_outpatients = delta(MetricId::kEdFromOutpatient);
  out.ambulances_in = delta(MetricId::kEdDivertedIn);
  out.ambulances_out = delta(MetricId::kEdDivertedOut);
  out.advised_in = delta(MetricId::kEdAdvisedIn);
  out.advised_out = delta(MetricId::kEdAdvisedOut);
  out.stayed_home = delta(MetricId::kEdStayedHome);
  out.other = out.arrivals - (out.from_outpatients + out.ambulances_in - out.ambulances_out + out.advised_in -
                              out.advised_out - out.stayed_home);
  return out;
}

std::string ed_shift_text(const EdShiftBreakdown& b) {
  const std::pair<double, const char*> terms[] = {{b.from_outpatients, "cancelled outpatients"},
                                                  {b.ambulances_in, "ambulances diverted in"},
                                                  {-b.ambulances_out, "diverted out"},
                                                  {b.advised_in, "walk-ins advised in"},
                                                  {-b.advised_out, "advised out"},
                                                  {-b.stayed_home, "stayed home"},
                                                  {b.other, "other"}};
  std::string out;
  for (const auto& [value, label] : terms) {
    if (value == 0.0) continue;
    out += fmt::format("{}{:+.0f} {}", out.empty() ? "" : ", ", value + 0.0, label);
  }
  return out.empty() ? "no change by any cause" : out;
}

std::string format_ed_shift_table(const Scenario& scenario, const PairedRunMetrics& metrics) {
  if (!metrics.baseline) return "";
  std::string out =
      "ED arrivals change by cause (vs the paired baseline; the change = the sum of the cause columns)\n";
  const char* kRow = "{:<32} {:>9} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>7} {:>16} {:>18}\n";
  out += fmt::format(fmt::runtime(kRow), "", "ED arr.", "cancelled", "ambul.", "ambul.", "walk-ins",
                     "walk-ins", "walk-ins", "", "LWBS", "wait p90");
  out += fmt::format(fmt::runtime(kRow), "hospital", "change", "outpat.", "div. in", "div. out", "advised in",
                     "advis. out", "st. home", "other", "", "min");
  auto row = [&](const std::string& label, const PlaceMetrics& place) {
    const std::optional<EdShiftBreakdown> b = ed_shift_breakdown(place);
    if (!b) return;
    auto signed_count = [](double value) { return fmt::format("{:+.0f}", value + 0.0); };  // no "-0"
    out += fmt::format(fmt::runtime(kRow), fit(label, 32), signed_count(b->arrivals),
                       signed_count(b->from_outpatients), signed_count(b->ambulances_in),
                       signed_count(-b->ambulances_out), signed_count(b->advised_in),
                       signed_count(-b->advised_out), signed_count(-b->stayed_home), signed_count(b->other),
                       change_text(metric_cell(place, MetricId::kEdLwbs)),
                       minutes_text(metric_cell(place, MetricId::kEdWaitP90Min)));
  };
  for (const auto& [id, hospital] : scenario.hospitals)
    row(label_of(id, hospital), hospital_metrics(metrics, id));
  row("Region", region_metrics(metrics));
  return out;
}

std::vector<StrategyRow> strategy_rows(const std::vector<std::pair<std::string, RunFiles>>& runs) {
  std::vector<StrategyRow> rows;
  for (const auto& [name, files] : runs) {
    const PlaceMetrics region = region_metrics(files.summary.metrics);
    StrategyRow row;
    row.name = name;
    row.surgeries_cancelled = metric_cell(region, MetricId::kSurgeriesCancelled);
    row.outpatient_cancelled = metric_cell(region, MetricId::kOutpatientCancelled);
    row.ed_arrivals = metric_cell(region, MetricId::kEdArrivals);
    row.ed_lwbs = metric_cell(region, MetricId::kEdLwbs);
    row.ed_diverted = metric_cell(region, MetricId::kEdDivertedOut);
    row.lowest_availability = lowest_availability(files.summary.metrics.run).value_or(NAN);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string format_strategy_table(const Scenario& scenario,
                                  const std::vector<std::pair<std::string, RunFiles>>& runs) {
  std::string out;
  const std::uint64_t seed = runs.empty() ? scenario.seed : runs.front().second.summary.seed;
  out += fmt::format("{}  (seed {}; every strategy)\n", scenario.name, seed);
  out +=
      fmt::format("{} to {}; region; (change vs each strategy's paired baseline without injections)\n\n",
                  format_civil(scenario.start), format_civil(civil_after(scenario.start, scenario.horizon)));
  const char* kRow = "{:<24} {:>20} {:>20} {:>18} {:>14} {:>20} {:>8}\n";
  out += fmt::format(fmt::runtime(kRow), "", "planned ops", "appointments", "ED arrivals", "LWBS",
                     "ambulances", "IT min");
  out += fmt::format(fmt::runtime(kRow), "strategy", "cancelled", "cancelled", "change", "change", "diverted",
                     "avail %");
  for (const StrategyRow& row : strategy_rows(runs)) {
    out += fmt::format(fmt::runtime(kRow), fit(row.name, 24), change_text(row.surgeries_cancelled),
                       change_text(row.outpatient_cancelled), delta_text(row.ed_arrivals),
                       delta_text(row.ed_lwbs), change_text(row.ed_diverted),
                       std::isnan(row.lowest_availability) ? std::string("-")
                                                           : fmt::format("{:.1f}", row.lowest_availability));
  }
  return out;
}

std::string format_run_table(const Scenario& scenario, std::uint64_t seed, const PairedRunMetrics& metrics) {
  const bool paired = metrics.baseline.has_value();
  std::string out;
  out += fmt::format("{}  (seed {}{}{})\n", scenario.name, seed,
                     scenario.applied_strategy.empty() ? "" : ", strategy ", scenario.applied_strategy);
  out += fmt::format("{} to {}{}\n\n", format_civil(scenario.start),
                     format_civil(civil_after(scenario.start, scenario.horizon)),
                     paired ? "; (change vs the paired baseline without injections)" : "");
  const char* kRow = "{:<32} {:>17} {:>8} {:>17} {:>24} {:>18} {:>8} {:>8} {:>8}\n";
  out += fmt::format(fmt::runtime(kRow), "", "planned ops", "backlog", "appointments", "ED arrivals",
                     "ED stay", "ambul.", "ambul.", "IT min");
  out += fmt::format(fmt::runtime(kRow), "hospital", "cancelled", "at end", "cancelled", "", "median min",
                     "div. in", "div. out", "avail %");
  auto row = [&](const std::string& label, const PlaceMetrics& place, double availability) {
    out += fmt::format(fmt::runtime(kRow), fit(label, 32),
                       change_text(metric_cell(place, MetricId::kSurgeriesCancelled)),
                       count_text(metric_cell(place, MetricId::kSurgeryBacklogEnd).value),
                       change_text(metric_cell(place, MetricId::kOutpatientCancelled)),
                       change_text(metric_cell(place, MetricId::kEdArrivals)),
                       minutes_text(metric_cell(place, MetricId::kEdLosMedianMin)),
                       count_text(metric_cell(place, MetricId::kEdDivertedIn).value),
                       count_text(metric_cell(place, MetricId::kEdDivertedOut).value),
                       std::isnan(availability) ? std::string("-") : fmt::format("{:.1f}", availability));
  };
  for (const auto& [id, hospital] : scenario.hospitals) {
    const HospitalMetrics* run = find_hospital(metrics.run, id);
    row(label_of(id, hospital), hospital_metrics(metrics, id),
        run == nullptr ? NAN : lowest_availability(*run).value_or(NAN));
  }
  row("Region", region_metrics(metrics), lowest_availability(metrics.run).value_or(NAN));
  return out;
}

}  // namespace hospsim

namespace hospsim {

namespace {

std::string figure_text(const std::optional<double>& value) {
  return value ? fmt::format("{:.1f}", *value) : std::string("-");
}

// "12.5" or "0.4" as the range bounds are written: no trailing zeros.
std::string bound_text(double value) { return fmt::format("{}", value); }

}  // namespace

std::string format_calibration_table(const Scenario& scenario, const CalibrationView& view) {
  std::string out;
  out +=
      view.of_baseline
          ? "Calibration of the baseline (the scenario without injections); typical ranges in docs/model.md\n"
          : "Calibration of this run (no baseline: injections included); typical ranges in docs/model.md\n";
  std::string top = fmt::format("{:<32}", "");
  std::string bottom = fmt::format("{:<32}", "hospital");
  for (const CalibrationFigureInfo& info : calibration_figures()) {
    if (!info.tabled) continue;
    top += fmt::format(" {:>8}", info.top);
    bottom += fmt::format(" {:>8}", info.bottom);
  }
  out += top + "\n" + bottom + "\n";
  auto row = [&](const std::string& label, const CalibrationFigures& figures) {
    out += fmt::format("{:<32}", fit(label, 32));
    for (const CalibrationFigureInfo& info : calibration_figures()) {
      if (info.tabled) out += fmt::format(" {:>8}", figure_text(figures.get(info.id)));
    }
    out += "\n";
  };
  const auto name_of = [&scenario](const std::string& id) {
    auto it = scenario.hospitals.find(id);
    return it == scenario.hospitals.end() || it->second.name.empty() ? id : it->second.name;
  };
  for (const HospitalCalibration& hospital : view.figures.hospitals) {
    if (scenario.hospitals.count(hospital.hospital) != 0) row(name_of(hospital.hospital), hospital.figures);
  }
  row("Region", view.figures.region);
  for (const CalibrationWarning& warning : calibration_warnings(view)) {
    const CalibrationFigureInfo& info = calibration_info(warning.figure);
    const std::string unit = info.unit == "%" ? "%" : " " + std::string(info.unit);
    out += fmt::format("warning: {}: {} {:.1f}{} is outside the typical {}-{}{}\n", name_of(warning.hospital),
                       info.label, warning.value, unit, bound_text(info.low), bound_text(info.high), unit);
  }
  return out;
}

}  // namespace hospsim
