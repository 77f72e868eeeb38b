#include "metrics/calibration.h"

namespace hospsim {

const std::vector<CalibrationRange>& calibration_ranges() {
  static const std::vector<CalibrationRange> kRanges = {
      {"ed_utilisation_pct", "ED utilisation", "%", 50.0, 95.0,
       "assumption: below 50% of spaces held an ED rarely queues; above 95% its queue does not clear"},
      {"ed_lwbs_pct", "LWBS", "%", 0.4, 6.7,
       "range over 118 English trusts, Apr 2012-Sep 2013 (Emergency Medicine Journal); 5% or more marks a crowded ED"},
      {"ed_wait_median_min", "median wait", "min", 0.0, 120.0,
       "English trusts' median time to treatment averaged 59 min, Apr 2012-Sep 2013 (Emergency Medicine Journal); "
       "the wait here is for a space, which the median patient of an ED with spare spaces does not have"},
      {"ed_los_median_min", "median ED stay", "min", 90.0, 270.0,
       "England's median time in A&E 134-165 min, 2012-2019 (Nuffield Trust); bounds assumed"},
      {"ed_within_4h_pct", "within 4 h", "%", 60.0, 99.0,
       "English trusts 71.4-98.6%, Apr 2012-Sep 2013 (Emergency Medicine Journal); England 75.7% in February 2019 "
       "(Nuffield Trust); the NHS standard is 95%"},
      {"diversion_pct", "time on diversion", "%", 0.0, 5.0, "assumption: diversion is rare in normal operation"},
      {"theatre_utilisation_pct", "theatre utilisation", "%", 70.0, 95.0,
       "NHS England target above 85% (GIRFT touch time, capped utilisation); 75-84% measured in UK hospitals, "
       "90.9% in one plastic surgery service"},
      {"theatre_overrun_pct", "cases overrunning", "%", 0.0, 15.0,
       "45-50% of UK and Australian lists over-run; with 3-6 cases a list and one overrunning case, at most "
       "about 15% of cases"},
      {"cancelled_no_bed_pct", "no-bed cancellations", "%", 0.0, 1.1,
       "NHS England: last-minute non-clinical cancellations (all causes) 0.8-1.1% of elective activity, 2012-16"},
      {"cancelled_session_time_pct", "session-time cancellations", "%", 0.0, 1.1,
       "NHS England: last-minute non-clinical cancellations (all causes) 0.8-1.1% of elective activity, 2012-16"},
      {"bed_occupancy_pct", "bed occupancy", "%", 75.0, 95.0,
       "above 85% bed shortages become regular (Bagust et al. 1999); bounds assumed"},
  };
  return kRanges;
}

nlohmann::json calibration_view(const nlohmann::json& figures, bool of_baseline) {
  nlohmann::json out;
  out["describes"] = of_baseline ? "baseline" : "run";
  out["note"] = of_baseline ? "figures of the paired baseline (the scenario without injections)"
                            : "figures of the run itself (no baseline was run: they include any injection)";
  out["region"] = figures.value("region", nlohmann::json::object());
  out["hospitals"] = figures.value("hospitals", nlohmann::json::object());
  nlohmann::json ranges = nlohmann::json::object();
  for (const CalibrationRange& range : calibration_ranges()) {
    ranges[range.figure] = {{"low", range.low}, {"high", range.high}, {"unit", range.unit}, {"basis", range.basis}};
  }
  out["ranges"] = std::move(ranges);
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& [hospital, values] : out["hospitals"].items()) {
    for (const CalibrationRange& range : calibration_ranges()) {
      if (!values.contains(range.figure) || !values[range.figure].is_number()) continue;
      const double value = values[range.figure].get<double>();
      if (value >= range.low && value <= range.high) continue;
      warnings.push_back(
          {{"hospital", hospital}, {"figure", range.figure}, {"value", value}, {"low", range.low}, {"high", range.high}});
    }
  }
  out["warnings"] = std::move(warnings);
  return out;
}

}  // namespace hospsim
