#include "metrics/calibration.h"

namespace hospsim {

const std::vector<CalibrationFigureInfo>& calibration_figures() {
  // id, name, label, unit, tabled, top and bottom heading, ranged, low, high, basis
  static const std::vector<CalibrationFigureInfo> kFigures = {
      {CalibrationFigure::kEdUtilisationPct, "ed_utilisation_pct", "ED utilisation", "%", true, "ED",
       "util %", true, 50.0, 95.0,
       "assumption: below 50% of spaces held an ED rarely queues; above 95% its queue does not clear"},
      {CalibrationFigure::kEdLwbsPct, "ed_lwbs_pct", "LWBS", "%", true, "LWBS", "%", true, 0.4, 6.7,
       "range over 118 English trusts, Apr 2012-Sep 2013 (Emergency Medicine Journal); 5% or more marks a "
       "crowded ED"},
      {CalibrationFigure::kEdWaitMedianMin, "ed_wait_median_min", "median wait", "min", true, "wait",
       "med min", true, 0.0, 120.0,
       "English trusts' median time to treatment averaged 59 min, Apr 2012-Sep 2013 (Emergency Medicine "
       "Journal); "
       "the wait here is for a space, which the median patient of an ED with spare spaces does not have"},
      {CalibrationFigure::kEdWaitP90Min, "ed_wait_p90_min", "p90 wait", "min", true, "wait", "p90 min", false,
       0.0, 0.0, ""},
      {CalibrationFigure::kEdLosMedianMin, "ed_los_median_min", "median ED stay", "min", true, "ED stay",
       "med min", true, 90.0, 270.0,
       "England's median time in A&E 134-165 min, 2012-2019 (Nuffield Trust); bounds assumed"},
      {CalibrationFigure::kEdWithin4hPct, "ed_within_4h_pct", "within 4 h", "%", true, "within", "4 h %",
       true, 60.0, 99.0,
       "English trusts 71.4-98.6%, Apr 2012-Sep 2013 (Emergency Medicine Journal); England 75.7% in February "
       "2019 "
       "(Nuffield Trust); the NHS standard is 95%"},
      {CalibrationFigure::kDiversionHours, "diversion_hours", "diversion", "hours", true, "divert", "hours",
       false, 0.0, 0.0, ""},
      {CalibrationFigure::kDiversionPct, "diversion_pct", "time on diversion", "%", false, "", "", true, 0.0,
       5.0, "assumption: diversion is rare in normal operation"},
      {CalibrationFigure::kTheatreUtilisationPct, "theatre_utilisation_pct", "theatre utilisation", "%", true,
       "theatre", "util %", true, 70.0, 95.0,
       "NHS England target above 85% (GIRFT touch time, capped utilisation); 75-84% measured in UK "
       "hospitals, "
       "90.9% in one plastic surgery service"},
      {CalibrationFigure::kTheatreOverrunPct, "theatre_overrun_pct", "cases overrunning", "%", true,
       "overrun", "cases %", true, 0.0, 15.0,
       "45-50% of UK and Australian lists over-run; with 3-6 cases a list and one overrunning case, at most "
       "about 15% of cases"},
      {CalibrationFigure::kCancelledNoBedPct, "cancelled_no_bed_pct", "no-bed cancellations", "%", true,
       "no bed", "canc. %", true, 0.0, 1.1,
       "NHS England: last-minute non-clinical cancellations (all causes) 0.8-1.1% of elective activity, "
       "2012-16"},
      {CalibrationFigure::kCancelledSessionTimePct, "cancelled_session_time_pct",
       "session-time cancellations", "%", true, "session", "canc. %", true, 0.0, 1.1,
       "NHS England: last-minute non-clinical cancellations (all causes) 0.8-1.1% of elective activity, "
       "2012-16"},
      {CalibrationFigure::kBedOccupancyPct, "bed_occupancy_pct", "bed occupancy", "%", true, "beds", "occ. %",
       true, 75.0, 95.0, "above 85% bed shortages become regular (Bagust et al. 1999); bounds assumed"},
  };
  return kFigures;
}

const CalibrationFigureInfo& calibration_info(CalibrationFigure figure) {
  return calibration_figures()[static_cast<std::size_t>(figure)];
}

const CalibrationFigureInfo* find_calibration_figure(std::string_view name) {
  for (const CalibrationFigureInfo& info : calibration_figures()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::vector<CalibrationWarning> calibration_warnings(const CalibrationView& view) {
  std::vector<CalibrationWarning> out;
  for (const HospitalCalibration& hospital : view.figures.hospitals) {
    for (const CalibrationFigureInfo& info : calibration_figures()) {
      const std::optional<double>& value = hospital.figures.get(info.id);
      if (!info.ranged || !value || (*value >= info.low && *value <= info.high)) continue;
      out.push_back({hospital.hospital, info.id, *value});
    }
  }
  return out;
}

nlohmann::json calibration_figures_json(const CalibrationFigures& figures) {
  nlohmann::json out = nlohmann::json::object();
  for (const CalibrationFigureInfo& info : calibration_figures()) {
    const std::optional<double>& value = figures.get(info.id);
    out[std::string(info.name)] = value ? nlohmann::json(*value) : nlohmann::json(nullptr);
  }
  return out;
}

nlohmann::json calibration_json(const CalibrationView& view) {
  nlohmann::json out;
  out["describes"] = view.of_baseline ? "baseline" : "run";
  out["note"] = view.of_baseline
                    ? "figures of the paired baseline (the scenario without injections)"
                    : "figures of the run itself (no baseline was run: they include any injection)";
  out["region"] = calibration_figures_json(view.figures.region);
  nlohmann::json hospitals = nlohmann::json::object();
  for (const HospitalCalibration& hospital : view.figures.hospitals) {
    hospitals[hospital.hospital] = calibration_figures_json(hospital.figures);
  }
  out["hospitals"] = std::move(hospitals);
  nlohmann::json ranges = nlohmann::json::object();
  for (const CalibrationFigureInfo& info : calibration_figures()) {
    if (!info.ranged) continue;
    ranges[std::string(info.name)] = {{"low", info.low},
                                      {"high", info.high},
                                      {"unit", std::string(info.unit)},
                                      {"basis", std::string(info.basis)}};
  }
  out["ranges"] = std::move(ranges);
  nlohmann::json warnings = nlohmann::json::array();
  for (const CalibrationWarning& warning : calibration_warnings(view)) {
    const CalibrationFigureInfo& info = calibration_info(warning.figure);
    warnings.push_back({{"hospital", warning.hospital},
                        {"figure", std::string(info.name)},
                        {"value", warning.value},
                        {"low", info.low},
                        {"high", info.high}});
  }
  out["warnings"] = std::move(warnings);
  return out;
}

}  // namespace hospsim
