#include "metrics/metric_table.h"

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace hospsim {

namespace {

// The table, in the order of docs/model.md ("Metrics"), then the it section and the batch store.
constexpr MetricInfo kMetrics[] = {
    {MetricId::kSurgeriesScheduled, "surgeries_scheduled", "cases", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "elective cases booked on a day's list"},
    {MetricId::kSurgeriesPerformed, "surgeries_performed", "cases", MetricKind::kCount, Better::kHigher,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "elective cases completed, original and rebooked"},
    {MetricId::kSurgeriesCancelled, "surgeries_cancelled", "cases", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "cancellation events, whatever the reason"},
    {MetricId::kSurgeriesCancelledDowntime, "surgeries_cancelled_downtime", "cases", MetricKind::kCount,
     Better::kLower, MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "cancellations decided by the elective downtime policy"},
    {MetricId::kSurgeriesRebooked, "surgeries_rebooked", "cases", MetricKind::kCount, Better::kHigher,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "cancelled cases given a new date in catch-up capacity"},
    {MetricId::kSurgeryBacklogEnd, "surgery_backlog_end", "cases", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "cancelled cases not yet performed at the horizon"},
    {MetricId::kSurgeryBacklogClearedHours, "surgery_backlog_cleared_hours", "hours", MetricKind::kReal,
     Better::kLower, MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "when the backlog last went back to zero; null if never held or not cleared"},
    {MetricId::kEmergencySurgeries, "emergency_surgeries", "operations", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "emergency operations performed"},
    {MetricId::kOutpatientScheduled, "outpatient_scheduled", "visits", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "outpatient visits scheduled"},
    {MetricId::kOutpatientAttended, "outpatient_attended", "visits", MetricKind::kCount, Better::kHigher,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "outpatient visits attended"},
    {MetricId::kOutpatientCancelled, "outpatient_cancelled", "visits", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "outpatient visits cancelled"},
    {MetricId::kOutpatientToEd, "outpatient_to_ed", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "cancelled visits whose patient presented to an ED instead"},
    {MetricId::kEdArrivals, "ed_arrivals", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "patients arriving at the ED, after diversion and advice"},
    {MetricId::kEdWalkIn, "ed_walk_in", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "walk-in arrivals"},
    {MetricId::kEdAmbulance, "ed_ambulance", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "ambulance arrivals"},
    {MetricId::kEdDivertedIn, "ed_diverted_in", "ambulances", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "ambulances diverted to this hospital"},
    {MetricId::kEdDivertedOut, "ed_diverted_out", "ambulances", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "ambulances diverted away from this hospital"},
    {MetricId::kEdAdvisedIn, "ed_advised_in", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "walk-ins sent here by public advice"},
    {MetricId::kEdAdvisedOut, "ed_advised_out", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "walk-ins sent elsewhere by public advice"},
    {MetricId::kEdStayedHome, "ed_stayed_home", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "walk-ins who stayed home on public advice"},
    {MetricId::kEdFromOutpatient, "ed_from_outpatient", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "arrivals who were cancelled outpatients"},
    {MetricId::kEdCensusMean, "ed_census_mean", "patients", MetricKind::kReal, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "time-average number of patients in the ED"},
    {MetricId::kEdCensusPeak, "ed_census_peak", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "highest number of patients in the ED at once"},
    {MetricId::kEdWaitMedianMin, "ed_wait_median_min", "minutes", MetricKind::kReal, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "median wait, arrival to treatment (or to leaving, for LWBS)"},
    {MetricId::kEdWaitP90Min, "ed_wait_p90_min", "minutes", MetricKind::kReal, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "90th percentile of the waits"},
    {MetricId::kEdDepartures, "ed_departures", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "patients who left the ED"},
    {MetricId::kEdLosMedianMin, "ed_los_median_min", "minutes", MetricKind::kReal, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "median ED length of stay"},
    {MetricId::kEdLosP90Min, "ed_los_p90_min", "minutes", MetricKind::kReal, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "90th percentile of the ED length of stay"},
    {MetricId::kEdLosAdmittedMedianMin, "ed_los_admitted_median_min", "minutes", MetricKind::kReal,
     Better::kLower, MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "median ED length of stay of admitted patients"},
    {MetricId::kEdLosAdmittedP90Min, "ed_los_admitted_p90_min", "minutes", MetricKind::kReal, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "90th percentile of the stay of admitted patients"},
    {MetricId::kEdLosDischargedMedianMin, "ed_los_discharged_median_min", "minutes", MetricKind::kReal,
     Better::kLower, MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "median ED length of stay of discharged patients"},
    {MetricId::kEdLosDischargedP90Min, "ed_los_discharged_p90_min", "minutes", MetricKind::kReal,
     Better::kLower, MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "90th percentile of the stay of discharged patients"},
    {MetricId::kEdWithin4hPct, "ed_within_4h_pct", "%", MetricKind::kReal, Better::kHigher,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "departures within four hours of arrival; null without departures"},
    {MetricId::kEdLwbs, "ed_lwbs", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "patients who left without being seen"},
    {MetricId::kEdAdmitted, "ed_admitted", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "ED patients admitted to a bed"},
    {MetricId::kEdBoardingHours, "ed_boarding_hours", "hours", MetricKind::kReal, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "time admitted patients held an ED space waiting for a bed"},
    {MetricId::kEdTestDelays, "ed_test_delays", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kTestTurnaround,
     "patients whose test waited for the downtime path"},
    {MetricId::kEdTestDelayHours, "ed_test_delay_hours", "hours", MetricKind::kReal, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kTestTurnaround,
     "extra time those patients held their spaces"},
    {MetricId::kDiversionHours, "diversion_hours", "hours", MetricKind::kReal, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "time on ambulance diversion"},
    {MetricId::kDivertedExtraTravelHours, "diverted_extra_travel_hours", "hours", MetricKind::kReal,
     Better::kLower, MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "travel time added to diverted ambulances"},
    {MetricId::kEdKeptScope, "ed_kept_scope", "ambulances", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "ambulances kept while on diversion: outside the diversion scope"},
    {MetricId::kEdKeptNoOpenEd, "ed_kept_no_open_ed", "ambulances", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "ambulances kept while on diversion: every other ED on diversion"},
    {MetricId::kSurgeOpenings, "surge_openings", "openings", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "times surge capacity opened"},
    {MetricId::kSurgeSpaceHours, "surge_space_hours", "hours", MetricKind::kReal, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "surge treatment spaces open over time"},
    {MetricId::kSurgeBedHours, "surge_bed_hours", "hours", MetricKind::kReal, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "surge beds open over time"},
    {MetricId::kTransfersOut, "transfers_out", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "ED boarders transferred to another hospital's bed"},
    {MetricId::kTransfersIn, "transfers_in", "patients", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "ED boarders received from another hospital"},
    {MetricId::kTransferTravelHours, "transfer_travel_hours", "hours", MetricKind::kReal, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways, "travel time of the transfers out"},
    {MetricId::kSurgeriesMovedOut, "surgeries_moved_out", "cases", MetricKind::kCount, Better::kHigher,
     MetricScope::kHospitalAndRegion, MetricCondition::kMutualAid,
     "elective cases moved to another hospital by mutual aid"},
    {MetricId::kSurgeriesMovedIn, "surgeries_moved_in", "cases", MetricKind::kCount, Better::kHigher,
     MetricScope::kHospitalAndRegion, MetricCondition::kMutualAid,
     "elective cases accepted from another hospital"},
    {MetricId::kSurgeriesMovedInPerformed, "surgeries_moved_in_performed", "cases", MetricKind::kCount,
     Better::kHigher, MetricScope::kHospitalAndRegion, MetricCondition::kMutualAid,
     "accepted cases operated here"},
    {MetricId::kBedsOccupiedMean, "beds_occupied_mean", "beds", MetricKind::kReal, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "time-average number of inpatient beds occupied"},
    {MetricId::kBedsOccupiedPeak, "beds_occupied_peak", "beds", MetricKind::kCount, Better::kLower,
     MetricScope::kHospitalAndRegion, MetricCondition::kAlways,
     "highest number of inpatient beds occupied at once"},
    {MetricId::kAttackHostsInfected, "attack_hosts_infected", "hosts", MetricKind::kCount, Better::kLower,
     MetricScope::kRegion, MetricCondition::kRansomware, "distinct hosts infected"},
    {MetricId::kAttackHostsIsolated, "attack_hosts_isolated", "hosts", MetricKind::kCount, Better::kLower,
     MetricScope::kRegion, MetricCondition::kRansomware, "distinct hosts isolated by containment"},
    {MetricId::kAttackHoursToDetect, "attack_hours_to_detect", "hours", MetricKind::kReal, Better::kLower,
     MetricScope::kRegion, MetricCondition::kRansomware,
     "first detection minus first infection; null if never detected"},
    {MetricId::kAttackHoursToRestore, "attack_hours_to_restore", "hours", MetricKind::kReal, Better::kLower,
     MetricScope::kRegion, MetricCondition::kRansomware,
     "first infection to every host restored or released; null if not by the horizon"},
    {MetricId::kAttackHostHoursDown, "attack_host_hours_down", "hours", MetricKind::kReal, Better::kLower,
     MetricScope::kRegion, MetricCondition::kRansomware,
     "sum over hosts of the time an attack held them off"},
    {MetricId::kAvailabilityPct, "availability_pct", "%", MetricKind::kReal, Better::kHigher,
     MetricScope::kService, MetricCondition::kAlways, "100 x (1 - time DOWN / horizon)"},
    {MetricId::kMinutesDown, "minutes_down", "minutes", MetricKind::kReal, Better::kLower,
     MetricScope::kService, MetricCondition::kAlways, "time DOWN"},
    {MetricId::kMinutesRecovering, "minutes_recovering", "minutes", MetricKind::kReal, Better::kLower,
     MetricScope::kService, MetricCondition::kAlways, "time RECOVERING"},
    {MetricId::kOutages, "outages", "outages", MetricKind::kCount, Better::kLower, MetricScope::kService,
     MetricCondition::kAlways, "transitions to DOWN"},
    {MetricId::kTimeToDetectMin, "time_to_detect_min", "minutes", MetricKind::kReal, Better::kLower,
     MetricScope::kService, MetricCondition::kAlways,
     "mean time from the latest fault onset to DOWN; null without one"},
    {MetricId::kItAvailabilityPct, "it_availability_pct", "%", MetricKind::kReal, Better::kHigher,
     MetricScope::kBatch, MetricCondition::kAlways,
     "the lowest availability_pct of the hospital's services (region: of all)"},
};

// Row i holds MetricId(i): the ids index the table.
constexpr bool ids_in_order() {
  std::size_t i = 0;
  for (const MetricInfo& metric : kMetrics) {
    if (static_cast<std::size_t>(metric.id) != i++) return false;
  }
  return i == kMetricCount;
}
static_assert(ids_in_order(), "kMetrics must list every MetricId once, in the order of the enum");

}  // namespace

const MetricInfo& metric_info(MetricId id) { return metric_table()[static_cast<std::size_t>(id)]; }

const std::vector<MetricInfo>& metric_table() {
  static const std::vector<MetricInfo> table(std::begin(kMetrics), std::end(kMetrics));
  return table;
}

const MetricInfo* find_metric(std::string_view name) {
  const std::vector<MetricInfo>& table = metric_table();
  const auto found =
      std::find_if(table.begin(), table.end(), [name](const MetricInfo& m) { return m.name == name; });
  return found == table.end() ? nullptr : &*found;
}

}  // namespace hospsim
