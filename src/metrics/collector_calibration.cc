// RunCollector, the calibration view's figures of a run (calibration()), from the tracks and the metric
// record once the run has ended.
#include <algorithm>
#include <cstdint>
#include <string>

#include "metrics/collector.h"
#include "metrics/run_metrics.h"

namespace hospsim {

namespace {

// 100 * part / whole, null when whole is 0.
nlohmann::json percent_or_null(double part, double whole) {
  if (whole <= 0.0) return nullptr;
  return 100.0 * part / whole;
}

// The sums behind the calibration figures of one hospital or of the region.
struct CalibrationSums {
  double spaces_area = 0.0;      // space-seconds held
  double spaces_offered = 0.0;   // treatment spaces x horizon of hospitals with an ED
  double lwbs = 0.0;
  double departures = 0.0;
  double diversion_seconds = 0.0;
  double diversion_offered = 0.0;  // horizon x hospitals with an ED
  double case_seconds = 0.0;       // elective case time inside sessions
  double session_seconds = 0.0;    // theatres x session time of days with a list
  bool case_starts_seen = false;
  double cases_timed = 0.0;
  double cases_overrun = 0.0;
  double placements = 0.0;
  double no_bed = 0.0;
  double session_time = 0.0;
  double beds_area = 0.0;
  double beds_offered = 0.0;       // beds x horizon

  void add(const CalibrationSums& other) {
    spaces_area += other.spaces_area;
    spaces_offered += other.spaces_offered;
    lwbs += other.lwbs;
    departures += other.departures;
    diversion_seconds += other.diversion_seconds;
    diversion_offered += other.diversion_offered;
    case_seconds += other.case_seconds;
    session_seconds += other.session_seconds;
    case_starts_seen = case_starts_seen || other.case_starts_seen;
    cases_timed += other.cases_timed;
    cases_overrun += other.cases_overrun;
    placements += other.placements;
    no_bed += other.no_bed;
    session_time += other.session_time;
    beds_area += other.beds_area;
    beds_offered += other.beds_offered;
  }
};

nlohmann::json calibration_figures(const CalibrationSums& sums, const MetricRecord& metrics) {
  nlohmann::json out = nlohmann::json::object();
  const bool has_ed = sums.spaces_offered > 0.0;
  out["ed_utilisation_pct"] = percent_or_null(sums.spaces_area, sums.spaces_offered);
  out["ed_lwbs_pct"] = has_ed ? percent_or_null(sums.lwbs, sums.departures) : nlohmann::json(nullptr);
  for (const MetricId id :
       {MetricId::kEdWaitMedianMin, MetricId::kEdWaitP90Min, MetricId::kEdLosMedianMin, MetricId::kEdWithin4hPct}) {
    out[std::string(metric_info(id).name)] = has_ed ? metric_json(metrics, id) : nlohmann::json(nullptr);
  }
  out["diversion_hours"] = has_ed ? nlohmann::json(sums.diversion_seconds / kHour) : nlohmann::json(nullptr);
  out["diversion_pct"] = percent_or_null(sums.diversion_seconds, sums.diversion_offered);
  out["theatre_utilisation_pct"] =
      sums.case_starts_seen ? percent_or_null(sums.case_seconds, sums.session_seconds) : nlohmann::json(nullptr);
  out["theatre_overrun_pct"] = percent_or_null(sums.cases_overrun, sums.cases_timed);
  out["cancelled_no_bed_pct"] = percent_or_null(sums.no_bed, sums.placements);
  out["cancelled_session_time_pct"] = percent_or_null(sums.session_time, sums.placements);
  out["bed_occupancy_pct"] = percent_or_null(sums.beds_area, sums.beds_offered);
  return out;
}

}  // namespace

nlohmann::json RunCollector::calibration() const {
  const double horizon = end_time_ > 0 ? end_time_ : 0.0;
  const RunMetrics all_metrics = run_metrics();
  nlohmann::json hospitals = nlohmann::json::object();
  CalibrationSums region;
  for (std::size_t h = 0; h < hospitals_.size(); ++h) {
    const HospitalTrack& track = hospitals_[h];
    const Hospital& hospital = scenario_.hospitals.at(hospital_ids_[h]);
    CalibrationSums sums;
    if (hospital.has_ed) {
      sums.spaces_area = track.ed_spaces_area;
      sums.spaces_offered = static_cast<double>(hospital.ed.treatment_spaces) * horizon;
      sums.lwbs = static_cast<double>(track.ed_lwbs);
      sums.departures = static_cast<double>(track.ed_departures);
      sums.diversion_seconds = track.diversion_seconds;
      sums.diversion_offered = horizon;
    }
    // Theatre time: every case started is counted inside its session, those still in theatre at the end up to
    // the end; the time offered is theatres x the session of each day with a list, within [0, end).
    sums.case_seconds = track.case_seconds_in_session;
    for (const auto& [id, start] : track.in_theatre) sums.case_seconds += in_session(hospital, start, horizon);
    for (std::int64_t midnight : track.list_days) {
      const double from = std::max(0.0, static_cast<double>(midnight) + hospital.surgery.day_start);
      const double to = std::min(horizon, static_cast<double>(midnight) + hospital.surgery.day_end);
      if (to > from) sums.session_seconds += hospital.surgery.theatres * (to - from);
    }
    sums.case_starts_seen = track.case_started_seen;
    sums.cases_timed = static_cast<double>(track.cases_timed);
    sums.cases_overrun = static_cast<double>(track.cases_overrun);
    sums.placements = static_cast<double>(track.list_placements);
    sums.no_bed = static_cast<double>(track.surgeries_cancelled_no_bed);
    sums.session_time = static_cast<double>(track.surgeries_cancelled_session);
    sums.beds_area = track.beds_area;
    sums.beds_offered = static_cast<double>(track.beds_count) * horizon;
    hospitals[hospital_ids_[h]] = calibration_figures(sums, all_metrics.hospitals[h].values);
    region.add(sums);
  }
  nlohmann::json out;
  out["region"] = calibration_figures(region, all_metrics.region);
  out["hospitals"] = std::move(hospitals);
  return out;
}

}  // namespace hospsim
