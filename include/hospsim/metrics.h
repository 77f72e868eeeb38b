// Typed results of one run: the value of each metric of the metric table (src/metrics/metric_table.h: name,
// unit, kind, better direction, scope, condition) for every hospital, for the region and for every hospital's
// service, as the run's collector (src/metrics/collector.h) computed them; the calibration figures of the run
// and its diversion flows between hospitals.
//
// A value is an integer for a metric of kind count and a real for a metric of kind real; a metric with no
// value in a run (a median without any wait, a backlog never cleared) holds nothing and is written null in
// summary.json. Which metrics a place reports at all follows the table's scope and condition
// (metrics/run_metrics.h: is_reported()), with the conditions that held in the run recorded here.
// Units are the table's (hours, minutes, %, counts), not simulated seconds.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace hospsim {

// One id per row of the metric table, in the table's order (checked by the test metrics::metric_table).
enum class MetricId : std::uint8_t {
  kSurgeriesScheduled,
  kSurgeriesPerformed,
  kSurgeriesCancelled,
  kSurgeriesCancelledDowntime,
  kSurgeriesRebooked,
  kSurgeryBacklogEnd,
  kSurgeryBacklogClearedHours,
  kEmergencySurgeries,
  kOutpatientScheduled,
  kOutpatientAttended,
  kOutpatientCancelled,
  kOutpatientToEd,
  kEdArrivals,
  kEdWalkIn,
  kEdAmbulance,
  kEdDivertedIn,
  kEdDivertedOut,
  kEdAdvisedIn,
  kEdAdvisedOut,
  kEdStayedHome,
  kEdFromOutpatient,
  kEdCensusMean,
  kEdCensusPeak,
  kEdWaitMedianMin,
  kEdWaitP90Min,
  kEdDepartures,
  kEdLosMedianMin,
  kEdLosP90Min,
  kEdLosAdmittedMedianMin,
  kEdLosAdmittedP90Min,
  kEdLosDischargedMedianMin,
  kEdLosDischargedP90Min,
  kEdWithin4hPct,
  kEdLwbs,
  kEdAdmitted,
  kEdBoardingHours,
  kEdTestDelays,
  kEdTestDelayHours,
  kDiversionHours,
  kDivertedExtraTravelHours,
  kEdKeptScope,
  kEdKeptNoOpenEd,
  kSurgeOpenings,
  kSurgeSpaceHours,
  kSurgeBedHours,
  kTransfersOut,
  kTransfersIn,
  kTransferTravelHours,
  kSurgeriesMovedOut,
  kSurgeriesMovedIn,
  kSurgeriesMovedInPerformed,
  kBedsOccupiedMean,
  kBedsOccupiedPeak,
  kAttackHostsInfected,
  kAttackHostsIsolated,
  kAttackHoursToDetect,
  kAttackHoursToRestore,
  kAttackHostHoursDown,
  kAvailabilityPct,
  kMinutesDown,
  kMinutesRecovering,
  kOutages,
  kTimeToDetectMin,
  kItAvailabilityPct,
};

inline constexpr std::size_t kMetricCount = static_cast<std::size_t>(MetricId::kItAvailabilityPct) + 1;

// A metric's value: std::int64_t for a count, double for a real (the table's kind says which).
using MetricNumber = std::variant<std::int64_t, double>;

// The values of one place (a hospital, the region, or one service at one hospital), indexed by MetricId.
// Holds nothing for a metric without a value there.
class MetricRecord {
 public:
  const std::optional<MetricNumber>& get(MetricId id) const { return values_[static_cast<std::size_t>(id)]; }
  // Sets or (with nullopt) clears a value as it is: the kind is not checked here (set_count() and
  // set_real() of metrics/run_metrics.h check it against the table).
  void put(MetricId id, std::optional<MetricNumber> value) { values_[static_cast<std::size_t>(id)] = value; }

  friend bool operator==(const MetricRecord&, const MetricRecord&) = default;

 private:
  std::array<std::optional<MetricNumber>, kMetricCount> values_{};
};

struct ServiceMetrics {
  std::string service;  // service id
  MetricRecord values;  // the table's per-service metrics (availability_pct, ...)

  friend bool operator==(const ServiceMetrics&, const ServiceMetrics&) = default;
};

struct HospitalMetrics {
  std::string hospital;                  // hospital id
  MetricRecord values;                   // the table's per-hospital metrics
  std::vector<ServiceMetrics> services;  // ordered by service id

  friend bool operator==(const HospitalMetrics&, const HospitalMetrics&) = default;
};

// The metrics of one run.
struct RunMetrics {
  // The conditions of the table's conditional metrics that held in the run (metric_table.h, MetricCondition):
  // the scenario enables mutual aid, models a test turnaround, has a ransomware injection.
  bool mutual_aid = false;
  bool test_turnaround = false;
  bool ransomware = false;
  MetricRecord region;
  std::vector<HospitalMetrics> hospitals;  // ordered by hospital id

  friend bool operator==(const RunMetrics&, const RunMetrics&) = default;
};

// The metrics of a run and of its paired baseline (none for a run without one).
struct PairedRunMetrics {
  RunMetrics run;
  std::optional<RunMetrics> baseline;

  friend bool operator==(const PairedRunMetrics&, const PairedRunMetrics&) = default;
};

// The figures of the calibration view (src/metrics/calibration.h: their names, units and typical ranges;
// docs/model.md "Calibration view"), in the order of that table.
enum class CalibrationFigure : std::uint8_t {
  kEdUtilisationPct,
  kEdLwbsPct,
  kEdWaitMedianMin,
  kEdWaitP90Min,
  kEdLosMedianMin,
  kEdWithin4hPct,
  kDiversionHours,
  kDiversionPct,
  kTheatreUtilisationPct,
  kTheatreOverrunPct,
  kCancelledNoBedPct,
  kCancelledSessionTimePct,
  kBedOccupancyPct,
};

inline constexpr std::size_t kCalibrationFigureCount =
    static_cast<std::size_t>(CalibrationFigure::kBedOccupancyPct) + 1;

// The calibration figures of one place (a hospital or the region); none where a figure has no value there (a
// hospital without an ED has no ED figures; null in summary.json). A value that is not finite is kept as
// none: summary.json writes it null either way, so a run in memory and its files read back hold the same
// figures.
class CalibrationFigures {
 public:
  const std::optional<double>& get(CalibrationFigure figure) const {
    return values_[static_cast<std::size_t>(figure)];
  }
  void put(CalibrationFigure figure, std::optional<double> value) {
    if (value && !std::isfinite(*value)) value.reset();
    values_[static_cast<std::size_t>(figure)] = value;
  }

  friend bool operator==(const CalibrationFigures&, const CalibrationFigures&) = default;

 private:
  std::array<std::optional<double>, kCalibrationFigureCount> values_{};
};

struct HospitalCalibration {
  std::string hospital;  // hospital id
  CalibrationFigures figures;

  friend bool operator==(const HospitalCalibration&, const HospitalCalibration&) = default;
};

// The calibration figures of one run.
struct RunCalibration {
  CalibrationFigures region;
  std::vector<HospitalCalibration> hospitals;  // ordered by hospital id

  friend bool operator==(const RunCalibration&, const RunCalibration&) = default;
};

// Ambulances and advised walk-ins sent from one hospital (their nearest) to another, over a run.
struct DiversionFlow {
  std::string from;  // hospital id
  std::string to;    // hospital id
  std::int64_t ambulances = 0;
  std::int64_t walk_ins_advised = 0;
  double extra_travel_hours = 0.0;  // travel added by the diversions, summed over patients

  friend bool operator==(const DiversionFlow&, const DiversionFlow&) = default;
};

}  // namespace hospsim
