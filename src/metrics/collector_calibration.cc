// RunCollector, the calibration view's figures of a run (calibration()), from the tracks and the metric
// record once the run has ended.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "metrics/collector.h"
#include "metrics/run_metrics.h"

namespace hospsim {

namespace {

// 100 * part / whole, none when whole is 0.
std::optional<double> percent_or_none(double part, double whole) {
  if (whole <= 0.0) return std::nullopt;
  return 100.0 * part / whole;
}

// The sums behind the calibration figures of one hospital or of the region.
struct CalibrationSums {
  double spaces_area = 0.0;     // space-seconds held
  double spaces_offered = 0.0;  // treatment spaces x horizon of hospitals with an ED
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
  double beds_offered = 0.0;  // beds x horizon

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

CalibrationFigures figures_of(const CalibrationSums& sums, const MetricRecord& metrics) {
  CalibrationFigures out;
  const bool has_ed = sums.spaces_offered > 0.0;
  // A metric of the record as a figure: none without a value (summary.json's null either way).
  const auto metric = [&](MetricId id) -> std::optional<double> {
    const std::optional<MetricNumber>& value = metrics.get(id);
    if (!has_ed || !value) return std::nullopt;
    if (const auto* count = std::get_if<std::int64_t>(&*value)) return static_cast<double>(*count);
    return std::get<double>(*value);
  };
  out.put(CalibrationFigure::kEdUtilisationPct, percent_or_none(sums.spaces_area, sums.spaces_offered));
  out.put(CalibrationFigure::kEdLwbsPct, has_ed ? percent_or_none(sums.lwbs, sums.departures) : std::nullopt);
  out.put(CalibrationFigure::kEdWaitMedianMin, metric(MetricId::kEdWaitMedianMin));
  out.put(CalibrationFigure::kEdWaitP90Min, metric(MetricId::kEdWaitP90Min));
  out.put(CalibrationFigure::kEdLosMedianMin, metric(MetricId::kEdLosMedianMin));
  out.put(CalibrationFigure::kEdWithin4hPct, metric(MetricId::kEdWithin4hPct));
  out.put(CalibrationFigure::kDiversionHours,
          has_ed ? std::optional<double>(sums.diversion_seconds / kHour) : std::nullopt);
  out.put(CalibrationFigure::kDiversionPct, percent_or_none(sums.diversion_seconds, sums.diversion_offered));
  out.put(CalibrationFigure::kTheatreUtilisationPct,
          sums.case_starts_seen ? percent_or_none(sums.case_seconds, sums.session_seconds) : std::nullopt);
  out.put(CalibrationFigure::kTheatreOverrunPct, percent_or_none(sums.cases_overrun, sums.cases_timed));
  out.put(CalibrationFigure::kCancelledNoBedPct, percent_or_none(sums.no_bed, sums.placements));
  out.put(CalibrationFigure::kCancelledSessionTimePct, percent_or_none(sums.session_time, sums.placements));
  out.put(CalibrationFigure::kBedOccupancyPct, percent_or_none(sums.beds_area, sums.beds_offered));
  return out;
}

}  // namespace

RunCalibration RunCollector::calibration(const RunMetrics& all_metrics) const {
  const double horizon = end_time_ > 0 ? end_time_ : 0.0;
  RunCalibration out;
  CalibrationSums region;
  for (std::size_t h = 0; h < hospitals_.size(); ++h) {
    const HospitalTrack& track = hospitals_[h];
    const Hospital& hospital = *hospital_configs_[h];
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
    for (const auto& [id, start] : track.in_theatre)
      sums.case_seconds += in_session(hospital, start, horizon);
    for (const auto& [midnight, with_list] : track.list_days) {
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
    out.hospitals.push_back({hospital_ids_[h], figures_of(sums, all_metrics.hospitals[h].values)});
    region.add(sums);
  }
  out.region = figures_of(region, all_metrics.region);
  return out;
}

}  // namespace hospsim
