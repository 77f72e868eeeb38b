// RunCollector, the results of a run: the typed metric record per hospital, service and region
// (run_metrics()) and the diversion flows, computed from the tracks once the run has ended.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "metrics/collector.h"
#include "metrics/run_metrics.h"

namespace hospsim {

std::vector<DiversionFlow> RunCollector::diversion_flows() const {
  std::vector<DiversionFlow> out;
  out.reserve(flows_.size());
  for (const auto& [pair, flow] : flows_) {
    out.push_back(
        {pair.first, pair.second, flow.ambulances, flow.walk_ins_advised, flow.extra_travel_seconds / kHour});
  }
  return out;
}

MetricRecord RunCollector::hospital_record(const HospitalTrack& track) const {
  const double horizon = end_time_ > 0 ? end_time_ : 1.0;
  std::vector<double> waits = track.waits;
  std::vector<double> los_all = track.los_all;
  std::vector<double> los_admitted = track.los_admitted;
  std::vector<double> los_discharged = track.los_discharged;
  MetricRecord out;
  const auto count = [&out](MetricId id, std::int64_t value) { set_count(out, id, value); };
  const auto real = [&out](MetricId id, double value) { set_real(out, id, value); };
  // A quantile in minutes; none (NaN) without values.
  const auto minutes = [&real](MetricId id, double seconds) { real(id, seconds / kMinute); };
  count(MetricId::kSurgeriesScheduled, track.surgeries_scheduled);
  count(MetricId::kSurgeriesPerformed, track.surgeries_performed);
  count(MetricId::kSurgeriesCancelled, track.surgeries_cancelled);
  count(MetricId::kSurgeriesCancelledDowntime, track.surgeries_cancelled_downtime);
  count(MetricId::kSurgeriesRebooked, track.surgeries_rebooked);
  count(MetricId::kSurgeryBacklogEnd, static_cast<std::int64_t>(track.backlog.size()));
  count(MetricId::kEmergencySurgeries, track.emergency_surgeries);
  count(MetricId::kOutpatientScheduled, track.outpatient_scheduled);
  count(MetricId::kOutpatientAttended, track.outpatient_attended);
  count(MetricId::kOutpatientCancelled, track.outpatient_cancelled);
  count(MetricId::kOutpatientToEd, track.outpatient_to_ed);
  count(MetricId::kEdArrivals, track.ed_arrivals);
  count(MetricId::kEdWalkIn, track.ed_walk_in);
  count(MetricId::kEdAmbulance, track.ed_ambulance);
  count(MetricId::kEdDivertedIn, track.ed_diverted_in);
  count(MetricId::kEdDivertedOut, track.ed_diverted_out);
  count(MetricId::kEdAdvisedIn, track.ed_advised_in);
  count(MetricId::kEdAdvisedOut, track.ed_advised_out);
  count(MetricId::kEdStayedHome, track.ed_stayed_home);
  count(MetricId::kEdFromOutpatient, track.ed_from_outpatient);
  real(MetricId::kEdCensusMean, track.ed_census_area / horizon);
  count(MetricId::kEdCensusPeak, track.ed_census_peak);
  minutes(MetricId::kEdWaitMedianMin, quantile(waits, 0.5));
  minutes(MetricId::kEdWaitP90Min, quantile(waits, 0.9));
  count(MetricId::kEdDepartures, track.ed_departures);
  minutes(MetricId::kEdLosMedianMin, quantile(los_all, 0.5));
  minutes(MetricId::kEdLosP90Min, quantile(los_all, 0.9));
  minutes(MetricId::kEdLosAdmittedMedianMin, quantile(los_admitted, 0.5));
  minutes(MetricId::kEdLosAdmittedP90Min, quantile(los_admitted, 0.9));
  minutes(MetricId::kEdLosDischargedMedianMin, quantile(los_discharged, 0.5));
  minutes(MetricId::kEdLosDischargedP90Min, quantile(los_discharged, 0.9));
  if (track.ed_departures > 0) {
    real(MetricId::kEdWithin4hPct,
         100.0 * static_cast<double>(track.ed_within_4h) / static_cast<double>(track.ed_departures));
  }
  count(MetricId::kEdLwbs, track.ed_lwbs);
  count(MetricId::kEdAdmitted, track.ed_admitted);
  real(MetricId::kEdBoardingHours, track.ed_boarding_seconds / kHour);
  real(MetricId::kDiversionHours, track.diversion_seconds / kHour);
  real(MetricId::kDivertedExtraTravelHours, track.diverted_extra_travel_seconds / kHour);
  count(MetricId::kEdKeptScope, track.ed_kept_scope);
  count(MetricId::kEdKeptNoOpenEd, track.ed_kept_no_open_ed);
  count(MetricId::kSurgeOpenings, track.surge_openings);
  real(MetricId::kSurgeSpaceHours, track.surge_space_seconds / kHour);
  real(MetricId::kSurgeBedHours, track.surge_bed_seconds / kHour);
  count(MetricId::kTransfersOut, track.transfers_out);
  count(MetricId::kTransfersIn, track.transfers_in);
  real(MetricId::kTransferTravelHours, track.transfer_travel_seconds / kHour);
  real(MetricId::kBedsOccupiedMean, track.beds_area / horizon);
  count(MetricId::kBedsOccupiedPeak, track.beds_peak);
  if (mutual_aid_) {  // only for scenarios with mutual aid enabled (outputs of others unchanged)
    count(MetricId::kSurgeriesMovedOut, track.surgeries_moved_out);
    count(MetricId::kSurgeriesMovedIn, track.surgeries_moved_in);
    count(MetricId::kSurgeriesMovedInPerformed, track.surgeries_moved_in_performed);
  }
  if (test_turnaround_) {  // only for scenarios that model downtime test turnarounds (outputs of others
                           // unchanged)
    count(MetricId::kEdTestDelays, track.ed_test_delays);
    real(MetricId::kEdTestDelayHours, track.ed_test_delay_seconds / kHour);
  }
  return out;
}

RunMetrics RunCollector::run_metrics() const {
  RunMetrics out;
  out.mutual_aid = mutual_aid_;
  out.test_turnaround = test_turnaround_;
  out.ransomware = attack_.active();
  HospitalTrack region;
  std::vector<std::uint64_t> region_backlog;
  Seconds cleared = -1.0;
  bool all_cleared = true;
  for (std::size_t h = 0; h < hospitals_.size(); ++h) {
    const HospitalTrack& track = hospitals_[h];
    HospitalMetrics hospital{hospital_ids_[h], hospital_record(track), service_records(h)};
    // Clearance: when the backlog of cancelled cases was last emptied; none (null) if it never held a case
    // or still holds one at the end.
    if (track.backlog_held && !track.backlog.empty()) {
      all_cleared = false;
    } else if (track.backlog_held) {
      set_real(hospital.values, MetricId::kSurgeryBacklogClearedHours, track.backlog_cleared_at / kHour);
      cleared = std::max(cleared, track.backlog_cleared_at);
    }
    out.hospitals.push_back(std::move(hospital));

    region.surgeries_scheduled += track.surgeries_scheduled;
    region.surgeries_performed += track.surgeries_performed;
    region.surgeries_cancelled += track.surgeries_cancelled;
    region.surgeries_cancelled_downtime += track.surgeries_cancelled_downtime;
    region.surgeries_rebooked += track.surgeries_rebooked;
    region.emergency_surgeries += track.emergency_surgeries;
    for (const auto& [id, held] : track.backlog)
      region_backlog.push_back((static_cast<std::uint64_t>(h) << 40) ^ id);
    region.outpatient_scheduled += track.outpatient_scheduled;
    region.outpatient_attended += track.outpatient_attended;
    region.outpatient_cancelled += track.outpatient_cancelled;
    region.outpatient_to_ed += track.outpatient_to_ed;
    region.ed_arrivals += track.ed_arrivals;
    region.ed_walk_in += track.ed_walk_in;
    region.ed_ambulance += track.ed_ambulance;
    region.ed_diverted_in += track.ed_diverted_in;
    region.ed_diverted_out += track.ed_diverted_out;
    region.ed_advised_in += track.ed_advised_in;
    region.ed_advised_out += track.ed_advised_out;
    region.ed_stayed_home += track.ed_stayed_home;
    region.ed_from_outpatient += track.ed_from_outpatient;
    region.ed_lwbs += track.ed_lwbs;
    region.ed_admitted += track.ed_admitted;
    region.ed_boarding_seconds += track.ed_boarding_seconds;
    region.diverted_extra_travel_seconds += track.diverted_extra_travel_seconds;
    region.ed_test_delays += track.ed_test_delays;
    region.ed_test_delay_seconds += track.ed_test_delay_seconds;
    region.diversion_seconds += track.diversion_seconds;
    region.ed_kept_scope += track.ed_kept_scope;
    region.ed_kept_no_open_ed += track.ed_kept_no_open_ed;
    region.surge_openings += track.surge_openings;
    region.surge_space_seconds += track.surge_space_seconds;
    region.surge_bed_seconds += track.surge_bed_seconds;
    region.transfers_out += track.transfers_out;
    region.transfers_in += track.transfers_in;
    region.transfer_travel_seconds += track.transfer_travel_seconds;
    region.surgeries_moved_out += track.surgeries_moved_out;
    region.surgeries_moved_in += track.surgeries_moved_in;
    region.surgeries_moved_in_performed += track.surgeries_moved_in_performed;
    region.backlog_held = region.backlog_held || track.backlog_held;
    region.ed_departures += track.ed_departures;
    region.ed_within_4h += track.ed_within_4h;
    region.waits.insert(region.waits.end(), track.waits.begin(), track.waits.end());
    region.los_all.insert(region.los_all.end(), track.los_all.begin(), track.los_all.end());
    region.los_admitted.insert(region.los_admitted.end(), track.los_admitted.begin(),
                               track.los_admitted.end());
    region.los_discharged.insert(region.los_discharged.end(), track.los_discharged.begin(),
                                 track.los_discharged.end());
    region.ed_census_area += track.ed_census_area;
    region.ed_census_peak += track.ed_census_peak;
    region.beds_area += track.beds_area;
    region.beds_peak += track.beds_peak;
  }
  region.backlog.assign_keys(std::move(region_backlog));
  // Region peaks are sums of hospital peaks (an upper bound of the simultaneous peak): documented.
  out.region = hospital_record(region);
  if (region.backlog_held && all_cleared) {
    set_real(out.region, MetricId::kSurgeryBacklogClearedHours, cleared / kHour);
  }
  attack_.add_metrics(out.region);
  return out;
}

std::vector<ServiceMetrics> RunCollector::service_records(std::size_t hospital) const {
  const double horizon = end_time_ > 0 ? end_time_ : 1.0;
  std::vector<ServiceMetrics> out;
  for (const auto& [service, track] : services_[hospital]) {
    MetricRecord values;
    set_real(values, MetricId::kAvailabilityPct, 100.0 * (1.0 - track.down_seconds / horizon));
    set_real(values, MetricId::kMinutesDown, track.down_seconds / kMinute);
    set_real(values, MetricId::kMinutesRecovering, track.recovering_seconds / kMinute);
    set_count(values, MetricId::kOutages, track.outages);
    if (track.detect_count > 0) {
      set_real(values, MetricId::kTimeToDetectMin, track.detect_sum / track.detect_count / kMinute);
    }
    out.push_back({service, values});
  }
  return out;
}

}  // namespace hospsim
