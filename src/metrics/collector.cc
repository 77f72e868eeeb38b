#include "metrics/collector.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace hospsim {

namespace {

// Timeline metric indices (order of kTimelineMetrics).
enum TimelineMetric : int {
  kTlEdArrivals,
  kTlEdAmbulanceArrivals,
  kTlEdLwbs,
  kTlSurgeriesPerformed,
  kTlSurgeriesCancelled,
  kTlOutpatientCancelled,
  kTlTransfersOut,
  kTlTransfersIn,
  kTlSurgeriesMovedOut,
  kTlSurgeriesMovedIn,
  kTlEdTestDelays,
  kTlCountMetrics,  // metrics above are counts during the hour
  // the median length of stay of the hour's departures (no row for an hour without departures)
  kTlEdLosMedian = kTlCountMetrics,
  kTlFirstState,  // metrics from here on are the state at the hour's start
  kTlEdCensus = kTlFirstState,
  kTlBedsOccupied,
  kTlSurgeryBacklog,
  kTlServicesDown,
  kTlOnDiversion,
  kTlSurgeSpaces,
  kTlMetricCount,
};

constexpr int kStateMetrics = kTlMetricCount - kTlFirstState;

// The NHS A&E standard: arrival to admission, transfer or discharge in four hours or less.
constexpr Seconds kFourHours = 4 * kHour;

// The events a detection delay is measured from (the last one before a service goes DOWN), as docs/model.md
// lists them: an injection's start (link, host, service down, degrade, DDoS, shutdown) or an infection.
bool is_fault_onset(InfrastructureKind kind) {
  switch (kind) {
    case InfrastructureKind::kDegradeStart:
    case InfrastructureKind::kLinkDown:
    case InfrastructureKind::kHostDown:
    case InfrastructureKind::kServiceDown:
    case InfrastructureKind::kDdosStart:
    case InfrastructureKind::kShutdown:
    case InfrastructureKind::kInfected:
    case InfrastructureKind::kEncrypted:
      return true;
    default:
      return false;
  }
}

}  // namespace

const std::vector<std::string> kTimelineMetrics = {
    "ed_arrivals",       "ed_ambulance_arrivals", "ed_lwbs",       "surgeries_performed", "surgeries_cancelled",
    "outpatient_cancelled", "transfers_out",      "transfers_in",  "surgeries_moved_out", "surgeries_moved_in",
    "ed_test_delays",
    "ed_los_median_min",    "ed_census",
    "beds_occupied",     "surgery_backlog",       "services_down", "on_diversion",        "surge_spaces"};

double quantile(std::vector<double>& values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(position));
  const std::size_t upper = std::min(lower + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(lower);
  return values[lower] + fraction * (values[upper] - values[lower]);
}

RunCollector::RunCollector(const Scenario& scenario)
    : scenario_(scenario),
      test_turnaround_(scenario.models_test_turnaround()),
      mutual_aid_(scenario.policies.mutual_aid),
      attack_(scenario) {
  for (const auto& [id, hospital] : scenario.hospitals) {
    index_.emplace(id, static_cast<int>(hospital_ids_.size()));
    hospital_ids_.push_back(id);
    HospitalTrack track;
    track.beds_count = hospital.beds.count;
    track.hour_counts.assign(kTlCountMetrics, 0.0);
    track.hour_start_state.assign(kStateMetrics, 0.0);
    hospitals_.push_back(std::move(track));
    std::map<std::string, ServiceTrack> services;
    for (const std::string& service : hospital.uses) services.emplace(service, ServiceTrack{});
    services_.push_back(std::move(services));
  }
}

int RunCollector::hospital_index(const std::string& id) const {
  if (index_cache_.empty()) index_cache_.resize(std::bit_ceil(std::max<std::size_t>(64, 8 * hospital_ids_.size())));
  const std::size_t mask = index_cache_.size() - 1;
  const std::uint64_t key = reinterpret_cast<std::uintptr_t>(&id) * 0x9E3779B97F4A7C15ull;
  std::size_t slot = static_cast<std::size_t>(key ^ (key >> 31)) & mask;
  for (; index_cache_[slot].id != nullptr; slot = (slot + 1) & mask) {
    IndexEntry& entry = index_cache_[slot];
    if (entry.id != &id) continue;
    if (hospital_ids_[entry.index] == id) return entry.index;
    // Another string now lives at this address.
    auto it = index_.find(id);
    if (it == index_.end()) return -1;
    entry.index = it->second;
    return entry.index;
  }
  auto it = index_.find(id);
  if (it == index_.end()) return -1;  // not a hospital (not kept: rare)
  if (2 * (index_cache_used_ + 1) > index_cache_.size()) {
    std::fill(index_cache_.begin(), index_cache_.end(), IndexEntry{});
    index_cache_used_ = 0;
    slot = static_cast<std::size_t>(key ^ (key >> 31)) & mask;
  }
  index_cache_[slot] = IndexEntry{&id, it->second};
  ++index_cache_used_;
  return it->second;
}

RunCollector::ServiceTrack& RunCollector::service_track(int hospital, const std::string& service) {
  return services_[hospital][service];
}

void RunCollector::count(HospitalTrack& track, int metric, double amount) { track.hour_counts[metric] += amount; }

void RunCollector::snapshot_hour_start() {
  for (HospitalTrack& track : hospitals_) {
    track.hour_start_state[kTlEdCensus - kTlFirstState] = track.ed_census;
    track.hour_start_state[kTlBedsOccupied - kTlFirstState] = track.beds_occupied;
    track.hour_start_state[kTlSurgeryBacklog - kTlFirstState] = static_cast<double>(track.backlog.size());
    track.hour_start_state[kTlServicesDown - kTlFirstState] = track.services_down;
    track.hour_start_state[kTlOnDiversion - kTlFirstState] = track.on_diversion ? 1.0 : 0.0;
    track.hour_start_state[kTlSurgeSpaces - kTlFirstState] = track.surge_spaces;
  }
}

void RunCollector::flush_hour() {
  const Seconds hour_start = static_cast<Seconds>(current_hour_) * kHour;
  for (int h = 0; h < static_cast<int>(hospitals_.size()); ++h) {
    HospitalTrack& track = hospitals_[h];
    for (int m = 0; m < kTlCountMetrics; ++m) {
      timeline_.push_back({hour_start, h, m, track.hour_counts[m]});
      track.hour_counts[m] = 0.0;
    }
    if (!track.hour_los.empty()) {
      timeline_.push_back({hour_start, h, kTlEdLosMedian, quantile(track.hour_los, 0.5) / kMinute});
      track.hour_los.clear();
    }
    for (int m = kTlFirstState; m < kTlMetricCount; ++m) {
      timeline_.push_back({hour_start, h, m, track.hour_start_state[m - kTlFirstState]});
    }
  }
}

void RunCollector::advance_timeline(Seconds time) {
  // Counts go to the hour bucket [k h, (k+1) h) holding the event; the state of hour k is the state after
  // every event at or before k h, taken lazily when the first later event (or the end) arrives.
  while (time >= static_cast<Seconds>(current_hour_ + 1) * kHour) {
    if (!hour_snapshot_taken_) snapshot_hour_start();
    flush_hour();
    ++current_hour_;
    hour_snapshot_taken_ = false;
  }
  if (!hour_snapshot_taken_ && time > static_cast<Seconds>(current_hour_) * kHour) {
    snapshot_hour_start();
    hour_snapshot_taken_ = true;
  }
}

void RunCollector::update_census(HospitalTrack& track, Seconds time, int delta) {
  track.ed_census_area += track.ed_census * (time - track.ed_census_since);
  track.ed_census_since = time;
  track.ed_census += delta;
  track.ed_census_peak = std::max(track.ed_census_peak, track.ed_census);
}

void RunCollector::update_spaces(HospitalTrack& track, Seconds time, int delta) {
  track.ed_spaces_area += track.ed_spaces_held * (time - track.ed_spaces_since);
  track.ed_spaces_since = time;
  track.ed_spaces_held += delta;
}

void RunCollector::update_surge(HospitalTrack& track, Seconds time, int spaces, int beds) {
  track.surge_space_seconds += track.surge_spaces * (time - track.surge_since);
  track.surge_bed_seconds += track.surge_beds * (time - track.surge_since);
  track.surge_since = time;
  if (track.surge_spaces + track.surge_beds == 0 && spaces + beds > 0) ++track.surge_openings;
  track.surge_spaces = spaces;
  track.surge_beds = beds;
}

Seconds RunCollector::midnight_of(Seconds t) const { return t - scenario_.time_of_day(t); }

double RunCollector::in_session(const Hospital& hospital, Seconds from, Seconds to) const {
  const Seconds midnight = midnight_of(from);
  const Seconds session_start = midnight + hospital.surgery.day_start;
  const Seconds session_end = midnight + hospital.surgery.day_end;
  return std::max(0.0, std::min(to, session_end) - std::max(from, session_start));
}

void RunCollector::on(const ServiceStateChanged& event) {
  advance_timeline(event.time);
  const int h = hospital_index(event.hospital);
  incidents_.push_back({event.time, "service_state", event.hospital, event.service, service_state_name(event.from),
                        service_state_name(event.to), event.cause});
  if (h < 0) return;
  ServiceTrack& track = service_track(h, event.service);
  const double elapsed = event.time - track.since;
  if (track.state == ServiceState::kDown) track.down_seconds += elapsed;
  if (track.state == ServiceState::kRecovering) track.recovering_seconds += elapsed;
  if (event.to == ServiceState::kDown && track.state != ServiceState::kDown) {
    ++track.outages;
    ++hospitals_[h].services_down;
    if (last_fault_onset_ >= 0.0) {
      track.detect_sum += event.time - last_fault_onset_;
      ++track.detect_count;
    }
  }
  if (track.state == ServiceState::kDown && event.to != ServiceState::kDown) --hospitals_[h].services_down;
  track.state = event.to;
  track.since = event.time;
}

void RunCollector::on(const InfrastructureEvent& event) {
  advance_timeline(event.time);
  if (is_fault_onset(event.kind)) last_fault_onset_ = event.time;
  attack_.on(event);
  const int h = hospital_index(event.target);
  incidents_.push_back({event.time, infrastructure_kind_name(event.kind), h >= 0 ? event.target : std::string(),
                        event.target, "", "", event.detail});
}

void RunCollector::on(const EdArrival& event) {
  advance_timeline(event.time);
  const int h = hospital_index(event.hospital);
  if (h < 0) return;
  HospitalTrack& track = hospitals_[h];
  ++track.ed_arrivals;
  count(track, kTlEdArrivals);
  if (event.mode == ArrivalMode::kAmbulance) {
    ++track.ed_ambulance;
    count(track, kTlEdAmbulanceArrivals);
    if (!event.diverted_from.empty()) ++track.ed_diverted_in;
  } else {
    ++track.ed_walk_in;
    if (!event.diverted_from.empty()) ++track.ed_advised_in;
  }
  if (event.from_outpatient) ++track.ed_from_outpatient;
  update_census(track, event.time, +1);
}

void RunCollector::on(const EdTreatmentStarted& event) {
  advance_timeline(event.time);
  const int h = hospital_index(event.hospital);
  if (h < 0) return;
  hospitals_[h].waits.push_back(event.wait);
  update_spaces(hospitals_[h], event.time, +1);
}

void RunCollector::on(const EdDeparture& event) {
  advance_timeline(event.time);
  const int h = hospital_index(event.hospital);
  if (h < 0) return;
  HospitalTrack& track = hospitals_[h];
  ++track.ed_departures;
  if (event.outcome == EdOutcome::kLeftWithoutBeingSeen) {
    ++track.ed_lwbs;
    count(track, kTlEdLwbs);
    track.waits.push_back(event.wait);  // their time to leaving (a lower bound of the wait they would have had)
  }
  if (event.outcome == EdOutcome::kAdmitted) {
    ++track.ed_admitted;
    track.los_admitted.push_back(event.length_of_stay);
  }
  if (event.outcome == EdOutcome::kDischarged) track.los_discharged.push_back(event.length_of_stay);
  if (event.outcome != EdOutcome::kLeftWithoutBeingSeen) update_spaces(track, event.time, -1);
  track.los_all.push_back(event.length_of_stay);
  track.hour_los.push_back(event.length_of_stay);
  if (event.length_of_stay <= kFourHours) ++track.ed_within_4h;
  track.ed_boarding_seconds += event.boarding;
  update_census(track, event.time, -1);
}

void RunCollector::on(const EdTestDelay& event) {
  advance_timeline(event.time);
  const int h = hospital_index(event.hospital);
  if (h < 0) return;
  ++hospitals_[h].ed_test_delays;
  hospitals_[h].ed_test_delay_seconds += event.delay;
  count(hospitals_[h], kTlEdTestDelays);
}

void RunCollector::on(const AmbulanceDiverted& event) {
  advance_timeline(event.time);
  const int h = hospital_index(event.from);
  if (h < 0) return;
  ++hospitals_[h].ed_diverted_out;
  hospitals_[h].diverted_extra_travel_seconds += event.extra_travel;
  DiversionFlow& flow = flows_[{event.from, event.to}];
  ++flow.ambulances;
  flow.extra_travel_seconds += event.extra_travel;
}

void RunCollector::on(const WalkInAdvised& event) {
  advance_timeline(event.time);
  const int h = hospital_index(event.from);
  if (h < 0) return;
  if (event.to.empty()) {
    ++hospitals_[h].ed_stayed_home;
  } else {
    ++hospitals_[h].ed_advised_out;
    ++flows_[{event.from, event.to}].walk_ins_advised;
  }
}

void RunCollector::on(const DiversionChanged& event) {
  advance_timeline(event.time);
  incidents_.push_back({event.time, event.on ? "diversion_on" : "diversion_off", event.hospital, event.hospital, "",
                        "", event.reason});
  const int h = hospital_index(event.hospital);
  if (h < 0) return;
  HospitalTrack& track = hospitals_[h];
  if (event.on && !track.on_diversion) {
    track.on_diversion = true;
    track.diversion_since = event.time;
  } else if (!event.on && track.on_diversion) {
    track.on_diversion = false;
    track.diversion_seconds += event.time - track.diversion_since;
  }
}

void RunCollector::on(const AmbulanceKept& event) {
  advance_timeline(event.time);
  const int h = hospital_index(event.hospital);
  if (h < 0) return;
  if (event.reason == KeptReason::kScope) ++hospitals_[h].ed_kept_scope;
  if (event.reason == KeptReason::kNoOpenEd) ++hospitals_[h].ed_kept_no_open_ed;
}

void RunCollector::on(const SurgeChanged& event) {
  advance_timeline(event.time);
  const bool open = event.spaces + event.beds > 0;
  incidents_.push_back({event.time, open ? "surge_open" : "surge_close", event.hospital, event.hospital, "", "",
                        event.reason + " (" + std::to_string(event.spaces) + " spaces, " +
                            std::to_string(event.beds) + " beds)"});
  const int h = hospital_index(event.hospital);
  if (h < 0) return;
  update_surge(hospitals_[h], event.time, event.spaces, event.beds);
}

void RunCollector::on(const PatientTransferred& event) {
  advance_timeline(event.time);
  const int from = hospital_index(event.from);
  const int to = hospital_index(event.to);
  if (from >= 0) {
    ++hospitals_[from].transfers_out;
    hospitals_[from].transfer_travel_seconds += event.travel;
    count(hospitals_[from], kTlTransfersOut);
  }
  if (to >= 0) {
    ++hospitals_[to].transfers_in;
    count(hospitals_[to], kTlTransfersIn);
  }
}

void RunCollector::on(const SurgeryEvent& event) {
  advance_timeline(event.time);
  const int h = hospital_index(event.hospital);
  if (h < 0) return;
  HospitalTrack& track = hospitals_[h];
  if (event.emergency) {
    if (event.kind == SurgeryEventKind::kPerformed) ++track.emergency_surgeries;
    return;
  }
  switch (event.kind) {
    case SurgeryEventKind::kScheduled: {
      if (!event.is_rebooked_case && !event.moved_in) ++track.surgeries_scheduled;
      ++track.list_placements;
      const Seconds day = midnight_of(event.planned_start >= 0.0 ? event.planned_start : event.time);
      track.list_days.insert(std::llround(day));
      break;
    }
    case SurgeryEventKind::kPerformed: {
      ++track.surgeries_performed;
      if (event.moved_in) ++track.surgeries_moved_in_performed;
      count(track, kTlSurgeriesPerformed);
      auto started = track.in_theatre.find(event.case_id);
      if (started != track.in_theatre.end()) {
        const Hospital& hospital = scenario_.hospitals.at(hospital_ids_[h]);
        track.case_seconds_in_session += in_session(hospital, started->second, event.time);
        ++track.cases_timed;
        if (event.time > midnight_of(started->second) + hospital.surgery.day_end) ++track.cases_overrun;
        track.in_theatre.erase(started);
      }
      if (track.backlog.erase(event.case_id) > 0 && track.backlog.empty()) track.backlog_cleared_at = event.time;
      break;
    }
    case SurgeryEventKind::kCancelled:
      ++track.surgeries_cancelled;
      if (event.cause == CancellationCause::kDowntime) ++track.surgeries_cancelled_downtime;
      if (event.cause == CancellationCause::kNoBed) ++track.surgeries_cancelled_no_bed;
      if (event.cause == CancellationCause::kSessionTime) ++track.surgeries_cancelled_session;
      track.in_theatre.erase(event.case_id);
      count(track, kTlSurgeriesCancelled);
      track.backlog.insert(event.case_id);
      track.backlog_held = true;
      track.last_cancellation = event.time;
      break;
    case SurgeryEventKind::kStarted:
      track.case_started_seen = true;
      track.in_theatre[event.case_id] = event.time;
      break;
    case SurgeryEventKind::kRebooked:
      ++track.surgeries_rebooked;
      break;
  }
}

void RunCollector::on(const ElectiveMoved& event) {
  advance_timeline(event.time);
  const int from = hospital_index(event.from);
  const int to = hospital_index(event.to);
  if (from >= 0) {
    ++hospitals_[from].surgeries_moved_out;
    count(hospitals_[from], kTlSurgeriesMovedOut);
  }
  if (to >= 0) {
    ++hospitals_[to].surgeries_moved_in;
    count(hospitals_[to], kTlSurgeriesMovedIn);
  }
}

void RunCollector::on(const OutpatientEvent& event) {
  advance_timeline(event.time);
  const int h = hospital_index(event.hospital);
  if (h < 0) return;
  HospitalTrack& track = hospitals_[h];
  switch (event.kind) {
    case OutpatientEventKind::kScheduled:
      ++track.outpatient_scheduled;
      break;
    case OutpatientEventKind::kAttended:
      ++track.outpatient_attended;
      break;
    case OutpatientEventKind::kCancelled:
      ++track.outpatient_cancelled;
      count(track, kTlOutpatientCancelled);
      if (event.went_to_ed) ++track.outpatient_to_ed;
      break;
  }
}

void RunCollector::on(const BedOccupancy& event) {
  advance_timeline(event.time);
  const int h = hospital_index(event.hospital);
  if (h < 0) return;
  HospitalTrack& track = hospitals_[h];
  track.beds_area += track.beds_occupied * (event.time - track.beds_since);
  track.beds_since = event.time;
  track.beds_occupied = event.occupied;
  track.beds_count = event.count;
  track.beds_peak = std::max(track.beds_peak, event.occupied);
}

void RunCollector::on(const InitialState& event) {
  advance_timeline(event.time);
  const int h = hospital_index(event.hospital);
  if (h < 0) return;
  HospitalTrack& track = hospitals_[h];
  // Patients present at t = 0 arrived before it: they enter the census (not the arrivals); their departures
  // are counted when they come.
  update_census(track, event.time, event.ed_waiting + event.ed_treatment + event.ed_boarding);
  update_spaces(track, event.time, event.ed_treatment + event.ed_boarding);
  for (std::uint64_t id : event.backlog) track.backlog.insert(id);
  if (!track.backlog.empty()) track.backlog_held = true;
  if (event.surge_spaces + event.surge_beds > 0) update_surge(track, event.time, event.surge_spaces, event.surge_beds);
}

void RunCollector::on_end(Seconds time) {
  // Close the partial hours: the timeline covers [0, horizon) hour by hour.
  while (static_cast<Seconds>(current_hour_) * kHour < time) {
    if (!hour_snapshot_taken_) snapshot_hour_start();
    flush_hour();
    ++current_hour_;
    hour_snapshot_taken_ = false;
  }
  end_time_ = time;
  attack_.on_end(time);
  for (HospitalTrack& track : hospitals_) {
    track.ed_census_area += track.ed_census * (time - track.ed_census_since);
    track.ed_census_since = time;
    track.ed_spaces_area += track.ed_spaces_held * (time - track.ed_spaces_since);
    track.ed_spaces_since = time;
    track.beds_area += track.beds_occupied * (time - track.beds_since);
    track.beds_since = time;
    if (track.on_diversion) {
      track.diversion_seconds += time - track.diversion_since;
      track.diversion_since = time;
    }
    update_surge(track, time, track.surge_spaces, track.surge_beds);
  }
  for (auto& services : services_) {
    for (auto& [id, track] : services) {
      const double elapsed = time - track.since;
      if (track.state == ServiceState::kDown) track.down_seconds += elapsed;
      if (track.state == ServiceState::kRecovering) track.recovering_seconds += elapsed;
      track.since = time;
    }
  }
}

namespace {

nlohmann::json number_or_null(double value) {
  if (std::isnan(value)) return nullptr;
  return value;
}

}  // namespace

nlohmann::json RunCollector::hospital_metrics(const HospitalTrack& track) const {
  const double horizon = end_time_ > 0 ? end_time_ : 1.0;
  std::vector<double> waits = track.waits;
  std::vector<double> los_all = track.los_all;
  std::vector<double> los_admitted = track.los_admitted;
  std::vector<double> los_discharged = track.los_discharged;
  const auto minutes = [](double seconds) { return number_or_null(seconds / kMinute); };
  nlohmann::json out = nlohmann::json::object();
  out["surgeries_scheduled"] = track.surgeries_scheduled;
  out["surgeries_performed"] = track.surgeries_performed;
  out["surgeries_cancelled"] = track.surgeries_cancelled;
  out["surgeries_cancelled_downtime"] = track.surgeries_cancelled_downtime;
  out["surgeries_rebooked"] = track.surgeries_rebooked;
  out["surgery_backlog_end"] = static_cast<std::int64_t>(track.backlog.size());
  out["emergency_surgeries"] = track.emergency_surgeries;
  out["outpatient_scheduled"] = track.outpatient_scheduled;
  out["outpatient_attended"] = track.outpatient_attended;
  out["outpatient_cancelled"] = track.outpatient_cancelled;
  out["outpatient_to_ed"] = track.outpatient_to_ed;
  out["ed_arrivals"] = track.ed_arrivals;
  out["ed_walk_in"] = track.ed_walk_in;
  out["ed_ambulance"] = track.ed_ambulance;
  out["ed_diverted_in"] = track.ed_diverted_in;
  out["ed_diverted_out"] = track.ed_diverted_out;
  out["ed_advised_in"] = track.ed_advised_in;
  out["ed_advised_out"] = track.ed_advised_out;
  out["ed_stayed_home"] = track.ed_stayed_home;
  out["ed_from_outpatient"] = track.ed_from_outpatient;
  out["ed_census_mean"] = track.ed_census_area / horizon;
  out["ed_census_peak"] = track.ed_census_peak;
  out["ed_wait_median_min"] = minutes(quantile(waits, 0.5));
  out["ed_wait_p90_min"] = minutes(quantile(waits, 0.9));
  out["ed_departures"] = track.ed_departures;
  out["ed_los_median_min"] = minutes(quantile(los_all, 0.5));
  out["ed_los_p90_min"] = minutes(quantile(los_all, 0.9));
  out["ed_los_admitted_median_min"] = minutes(quantile(los_admitted, 0.5));
  out["ed_los_admitted_p90_min"] = minutes(quantile(los_admitted, 0.9));
  out["ed_los_discharged_median_min"] = minutes(quantile(los_discharged, 0.5));
  out["ed_los_discharged_p90_min"] = minutes(quantile(los_discharged, 0.9));
  out["ed_within_4h_pct"] = track.ed_departures > 0
                                ? nlohmann::json(100.0 * static_cast<double>(track.ed_within_4h) /
                                                 static_cast<double>(track.ed_departures))
                                : nlohmann::json(nullptr);
  out["ed_lwbs"] = track.ed_lwbs;
  out["ed_admitted"] = track.ed_admitted;
  out["ed_boarding_hours"] = track.ed_boarding_seconds / kHour;
  out["diversion_hours"] = track.diversion_seconds / kHour;
  out["diverted_extra_travel_hours"] = track.diverted_extra_travel_seconds / kHour;
  out["ed_kept_scope"] = track.ed_kept_scope;
  out["ed_kept_no_open_ed"] = track.ed_kept_no_open_ed;
  out["surge_openings"] = track.surge_openings;
  out["surge_space_hours"] = track.surge_space_seconds / kHour;
  out["surge_bed_hours"] = track.surge_bed_seconds / kHour;
  out["transfers_out"] = track.transfers_out;
  out["transfers_in"] = track.transfers_in;
  out["transfer_travel_hours"] = track.transfer_travel_seconds / kHour;
  out["beds_occupied_mean"] = track.beds_area / horizon;
  out["beds_occupied_peak"] = track.beds_peak;
  if (mutual_aid_) {  // only for scenarios with mutual aid enabled (outputs of others unchanged)
    out["surgeries_moved_out"] = track.surgeries_moved_out;
    out["surgeries_moved_in"] = track.surgeries_moved_in;
    out["surgeries_moved_in_performed"] = track.surgeries_moved_in_performed;
  }
  if (test_turnaround_) {  // only for scenarios that model downtime test turnarounds (outputs of others unchanged)
    out["ed_test_delays"] = track.ed_test_delays;
    out["ed_test_delay_hours"] = track.ed_test_delay_seconds / kHour;
  }
  return out;
}

nlohmann::json RunCollector::metrics() const {
  nlohmann::json hospitals = nlohmann::json::object();
  HospitalTrack region;
  Seconds cleared = -1.0;
  bool all_cleared = true;
  for (std::size_t h = 0; h < hospitals_.size(); ++h) {
    const HospitalTrack& track = hospitals_[h];
    nlohmann::json metrics = hospital_metrics(track);
    // Clearance: when the backlog of cancelled cases was last emptied; null if it never held a case or
    // still holds one at the end.
    if (!track.backlog_held) {
      metrics["surgery_backlog_cleared_hours"] = nullptr;
    } else if (!track.backlog.empty()) {
      metrics["surgery_backlog_cleared_hours"] = nullptr;
      all_cleared = false;
    } else {
      metrics["surgery_backlog_cleared_hours"] = track.backlog_cleared_at / kHour;
      cleared = std::max(cleared, track.backlog_cleared_at);
    }
    hospitals[hospital_ids_[h]] = std::move(metrics);

    region.surgeries_scheduled += track.surgeries_scheduled;
    region.surgeries_performed += track.surgeries_performed;
    region.surgeries_cancelled += track.surgeries_cancelled;
    region.surgeries_cancelled_downtime += track.surgeries_cancelled_downtime;
    region.surgeries_rebooked += track.surgeries_rebooked;
    region.emergency_surgeries += track.emergency_surgeries;
    for (std::uint64_t id : track.backlog) region.backlog.insert((static_cast<std::uint64_t>(h) << 40) ^ id);
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
    region.los_admitted.insert(region.los_admitted.end(), track.los_admitted.begin(), track.los_admitted.end());
    region.los_discharged.insert(region.los_discharged.end(), track.los_discharged.begin(),
                                 track.los_discharged.end());
    region.ed_census_area += track.ed_census_area;
    region.ed_census_peak += track.ed_census_peak;
    region.beds_area += track.beds_area;
    region.beds_peak += track.beds_peak;
  }
  nlohmann::json region_metrics = hospital_metrics(region);
  // Region peaks are sums of hospital peaks (an upper bound of the simultaneous peak): documented.
  region_metrics["surgery_backlog_cleared_hours"] =
      (!region.backlog_held || !all_cleared) ? nlohmann::json(nullptr) : nlohmann::json(cleared / kHour);
  attack_.add_metrics(region_metrics);
  nlohmann::json out;
  out["region"] = std::move(region_metrics);
  out["hospitals"] = std::move(hospitals);
  return out;
}

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

nlohmann::json calibration_figures(const CalibrationSums& sums, const nlohmann::json& metrics) {
  nlohmann::json out = nlohmann::json::object();
  const bool has_ed = sums.spaces_offered > 0.0;
  out["ed_utilisation_pct"] = percent_or_null(sums.spaces_area, sums.spaces_offered);
  out["ed_lwbs_pct"] = has_ed ? percent_or_null(sums.lwbs, sums.departures) : nlohmann::json(nullptr);
  for (const char* name : {"ed_wait_median_min", "ed_wait_p90_min", "ed_los_median_min", "ed_within_4h_pct"}) {
    out[name] = has_ed ? metrics.at(name) : nlohmann::json(nullptr);
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
  const nlohmann::json all_metrics = metrics();
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
    hospitals[hospital_ids_[h]] = calibration_figures(sums, all_metrics["hospitals"][hospital_ids_[h]]);
    region.add(sums);
  }
  nlohmann::json out;
  out["region"] = calibration_figures(region, all_metrics["region"]);
  out["hospitals"] = std::move(hospitals);
  return out;
}

nlohmann::json RunCollector::diversion_flows() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [pair, flow] : flows_) {
    out.push_back({{"from", pair.first},
                   {"to", pair.second},
                   {"ambulances", flow.ambulances},
                   {"walk_ins_advised", flow.walk_ins_advised},
                   {"extra_travel_hours", flow.extra_travel_seconds / kHour}});
  }
  return out;
}

nlohmann::json RunCollector::it_metrics() const {
  const double horizon = end_time_ > 0 ? end_time_ : 1.0;
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t h = 0; h < services_.size(); ++h) {
    nlohmann::json by_service = nlohmann::json::object();
    for (const auto& [service, track] : services_[h]) {
      nlohmann::json entry;
      entry["availability_pct"] = 100.0 * (1.0 - track.down_seconds / horizon);
      entry["minutes_down"] = track.down_seconds / kMinute;
      entry["minutes_recovering"] = track.recovering_seconds / kMinute;
      entry["outages"] = track.outages;
      entry["time_to_detect_min"] =
          track.detect_count > 0 ? nlohmann::json(track.detect_sum / track.detect_count / kMinute) : nullptr;
      by_service[service] = std::move(entry);
    }
    out[hospital_ids_[h]] = std::move(by_service);
  }
  return out;
}

}  // namespace hospsim
