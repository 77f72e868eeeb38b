#include "metrics/collector.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hospsim {

namespace {

// Timeline metric indices of a hospital's hour: TimelineMetric's (include/hospsim/timeline.h), as ints.
constexpr int tl(TimelineMetric metric) { return static_cast<int>(metric); }
constexpr int kTlEdArrivals = tl(TimelineMetric::kEdArrivals);
constexpr int kTlEdAmbulanceArrivals = tl(TimelineMetric::kEdAmbulanceArrivals);
constexpr int kTlEdLwbs = tl(TimelineMetric::kEdLwbs);
constexpr int kTlSurgeriesPerformed = tl(TimelineMetric::kSurgeriesPerformed);
constexpr int kTlSurgeriesCancelled = tl(TimelineMetric::kSurgeriesCancelled);
constexpr int kTlOutpatientCancelled = tl(TimelineMetric::kOutpatientCancelled);
constexpr int kTlTransfersOut = tl(TimelineMetric::kTransfersOut);
constexpr int kTlTransfersIn = tl(TimelineMetric::kTransfersIn);
constexpr int kTlSurgeriesMovedOut = tl(TimelineMetric::kSurgeriesMovedOut);
constexpr int kTlSurgeriesMovedIn = tl(TimelineMetric::kSurgeriesMovedIn);
constexpr int kTlEdTestDelays = tl(TimelineMetric::kEdTestDelays);
// the metrics before it are counts during the hour
constexpr int kTlCountMetrics = tl(TimelineMetric::kEdLosMedianMin);
// the median length of stay of the hour's departures (no row for an hour without departures)
constexpr int kTlEdLosMedian = tl(TimelineMetric::kEdLosMedianMin);
// the metrics from it on are the state at the hour's start
constexpr int kTlFirstState = tl(TimelineMetric::kEdCensus);
constexpr int kTlEdCensus = tl(TimelineMetric::kEdCensus);
constexpr int kTlBedsOccupied = tl(TimelineMetric::kBedsOccupied);
constexpr int kTlSurgeryBacklog = tl(TimelineMetric::kSurgeryBacklog);
constexpr int kTlServicesDown = tl(TimelineMetric::kServicesDown);
constexpr int kTlOnDiversion = tl(TimelineMetric::kOnDiversion);
constexpr int kTlSurgeSpaces = tl(TimelineMetric::kSurgeSpaces);
constexpr int kTlMetricCount = tl(TimelineMetric::kAttackHostsInfected);  // a hospital's hour ends here

constexpr int kStateMetrics = kTlMetricCount - kTlFirstState;
static_assert(kTlCountMetrics == kTlEdTestDelays + 1 && kTlFirstState == kTlEdLosMedian + 1);

// Rows reserved for the timeline up front at most (24 bytes each): a run longer or wider grows its array.
constexpr std::size_t kTimelineReserveLimit = std::size_t{1} << 27;

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

double quantile(std::vector<double>& values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double position = q * static_cast<double>(values.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(position));
  const double fraction = position - static_cast<double>(lower);
  // The closest ranks without sorting: the lower rank in place, the next the smallest of what follows.
  const auto at = values.begin() + static_cast<std::ptrdiff_t>(lower);
  std::nth_element(values.begin(), at, values.end());
  const double low = *at;
  const double high = lower + 1 < values.size() ? *std::min_element(at + 1, values.end()) : low;
  return low + fraction * (high - low);
}

RunCollector::RunCollector(const Scenario& scenario)
    : scenario_(scenario),
      test_turnaround_(scenario.models_test_turnaround()),
      mutual_aid_(scenario.policies.mutual_aid),
      attack_(scenario) {
  for (const auto& [id, hospital] : scenario.hospitals) {
    index_.emplace(id, static_cast<int>(hospital_ids_.size()));
    hospital_ids_.push_back(id);
    hospital_configs_.push_back(&hospital);
    log_.hospitals.push_back(id);
    HospitalTrack track;
    track.beds_count = hospital.beds.count;
    hospitals_.push_back(std::move(track));
    std::map<std::string, ServiceTrack> services;
    for (const std::string& service : hospital.uses) services.emplace(service, ServiceTrack{});
    services_.push_back(std::move(services));
  }
  static_assert(kHourCounts == kTlCountMetrics && kHourStates == kStateMetrics);
  // Every hour of the horizon writes at most kTlMetricCount rows per hospital, and with a ransomware attack
  // one row per attack metric for the region (on_end()): reserved, so that the array is neither copied as
  // it grows nor faulted in twice.
  const auto hours = static_cast<std::size_t>(std::max(0.0, std::ceil(scenario.horizon / kHour)));
  const std::size_t rows =
      hours * (hospital_ids_.size() * static_cast<std::size_t>(kTlMetricCount) +
               static_cast<std::size_t>(kTimelineMetricCount - static_cast<std::uint32_t>(kTlMetricCount)));
  if (rows <= kTimelineReserveLimit) log_.timeline.reserve(rows);
  // A quarter full with the scenario's own ids (at most half full before it starts again).
  index_cache_.resize(std::bit_ceil(std::max<std::size_t>(64, 4 * hospital_ids_.size())));
  start_index_cache();
}

namespace {

std::size_t index_slot(const std::string* id, std::size_t mask) {
  const std::uint64_t key = reinterpret_cast<std::uintptr_t>(id) * 0x9E3779B97F4A7C15ull;
  return static_cast<std::size_t>(key ^ (key >> 31)) & mask;
}

}  // namespace

void RunCollector::start_index_cache() const {
  std::fill(index_cache_.begin(), index_cache_.end(), IndexEntry{});
  index_cache_used_ = 0;
  const std::size_t mask = index_cache_.size() - 1;
  int index = 0;
  for (const auto& [id, hospital] : scenario_.hospitals) {
    std::size_t slot = index_slot(&id, mask);
    while (index_cache_[slot].id != nullptr) slot = (slot + 1) & mask;
    index_cache_[slot] = IndexEntry{&id, index++, true};
    ++index_cache_used_;
  }
}

int RunCollector::hospital_index(const std::string& id) const {
  const std::size_t mask = index_cache_.size() - 1;
  std::size_t slot = index_slot(&id, mask);
  for (; index_cache_[slot].id != nullptr; slot = (slot + 1) & mask) {
    IndexEntry& entry = index_cache_[slot];
    if (entry.id != &id) continue;
    if (entry.scenario_id || hospital_ids_[entry.index] == id) return entry.index;
    // Another string now lives at this address.
    auto it = index_.find(id);
    if (it == index_.end()) return -1;
    entry.index = it->second;
    return entry.index;
  }
  auto it = index_.find(id);
  if (it == index_.end()) return -1;  // not a hospital (not kept: rare)
  if (2 * (index_cache_used_ + 1) > index_cache_.size()) {
    start_index_cache();
    slot = index_slot(&id, mask);
    while (index_cache_[slot].id != nullptr) slot = (slot + 1) & mask;
  }
  index_cache_[slot] = IndexEntry{&id, it->second, false};
  ++index_cache_used_;
  return it->second;
}

int RunCollector::scenario_hospital(const std::string& id, const char* event) const {
  const int index = hospital_index(id);
  if (index < 0) {
    throw std::logic_error(std::string(event) + " names hospital \"" + id +
                           "\", not a hospital of the scenario");
  }
  return index;
}

RunCollector::ServiceTrack& RunCollector::service_track(int hospital, const std::string& service) {
  return services_[hospital][service];
}

void RunCollector::add_incident(Seconds time, IncidentKind kind, int hospital, const std::string& target,
                                const std::string& cause, InfrastructureKind infrastructure,
                                ServiceState from, ServiceState to) {
  IncidentRow row{time, log_tables_.text(target), log_tables_.text(cause),
                  hospital >= 0 ? hospital : kNoHospital, kind};
  row.infrastructure = infrastructure;
  row.from = from;
  row.to = to;
  log_.incidents.push_back(row);
}

RunLog RunCollector::take_log() {
  RunLog out = std::move(log_);
  log_ = RunLog{};
  log_tables_ = RunLogTables(log_);
  return out;
}

void RunCollector::count(HospitalTrack& track, int metric, double amount) {
  track.hour_counts[metric] += amount;
}

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
      log_.timeline.push_back({hour_start, track.hour_counts[m], h, static_cast<TimelineMetric>(m)});
      track.hour_counts[m] = 0.0;
    }
    if (!track.hour_los.empty()) {
      log_.timeline.push_back(
          {hour_start, quantile(track.hour_los, 0.5) / kMinute, h, TimelineMetric::kEdLosMedianMin});
      track.hour_los.clear();
    }
    for (int m = kTlFirstState; m < kTlMetricCount; ++m) {
      log_.timeline.push_back(
          {hour_start, track.hour_start_state[m - kTlFirstState], h, static_cast<TimelineMetric>(m)});
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
  const int h = scenario_hospital(event.hospital, "a service state change");
  add_incident(event.time, IncidentKind::kServiceState, h, event.service, event.cause,
               InfrastructureKind::kLinkDown, event.from, event.to);
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
  add_incident(event.time, IncidentKind::kInfrastructure, h, event.target, event.detail, event.kind);
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
    track.waits.push_back(
        event.wait);  // their time to leaving (a lower bound of the wait they would have had)
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
  FlowTrack& flow = flows_[{event.from, event.to}];
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
  const int h = scenario_hospital(event.hospital, "a diversion change");
  add_incident(event.time, event.on ? IncidentKind::kDiversionOn : IncidentKind::kDiversionOff, h,
               event.hospital, event.reason);
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
  const int h = scenario_hospital(event.hospital, "a surge change");
  add_incident(event.time, open ? IncidentKind::kSurgeOpen : IncidentKind::kSurgeClose, h, event.hospital,
               event.reason + " (" + std::to_string(event.spaces) + " spaces, " + std::to_string(event.beds) +
                   " beds)");
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
      track.list_days.assign(std::llround(day), true);
      break;
    }
    case SurgeryEventKind::kPerformed: {
      ++track.surgeries_performed;
      if (event.moved_in) ++track.surgeries_moved_in_performed;
      count(track, kTlSurgeriesPerformed);
      if (const Seconds* started = track.in_theatre.find(event.case_id)) {
        const Hospital& hospital = *hospital_configs_[h];
        const Seconds start = *started;
        track.case_seconds_in_session += in_session(hospital, start, event.time);
        ++track.cases_timed;
        if (event.time > midnight_of(start) + hospital.surgery.day_end) ++track.cases_overrun;
        track.in_theatre.erase(event.case_id);
      }
      if (track.backlog.erase(event.case_id) > 0 && track.backlog.empty())
        track.backlog_cleared_at = event.time;
      break;
    }
    case SurgeryEventKind::kCancelled:
      ++track.surgeries_cancelled;
      if (event.cause == CancellationCause::kDowntime) ++track.surgeries_cancelled_downtime;
      if (event.cause == CancellationCause::kNoBed) ++track.surgeries_cancelled_no_bed;
      if (event.cause == CancellationCause::kSessionTime) ++track.surgeries_cancelled_session;
      track.in_theatre.erase(event.case_id);
      count(track, kTlSurgeriesCancelled);
      track.backlog.assign(event.case_id, true);
      track.backlog_held = true;
      track.last_cancellation = event.time;
      break;
    case SurgeryEventKind::kStarted:
      track.case_started_seen = true;
      track.in_theatre.assign(event.case_id, event.time);
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
  for (std::uint64_t id : event.backlog) track.backlog.assign(id, true);
  if (!track.backlog.empty()) track.backlog_held = true;
  if (event.surge_spaces + event.surge_beds > 0)
    update_surge(track, event.time, event.surge_spaces, event.surge_beds);
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
  // The ransomware recovery curve: region rows after the hospitals' rows.
  for (const AttackTimelineRow& row : attack_.rows()) {
    log_.timeline.push_back(
        {row.hour_start, row.value, kNoHospital,
         static_cast<TimelineMetric>(static_cast<int>(TimelineMetric::kAttackHostsInfected) + row.metric)});
  }
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

}  // namespace hospsim
