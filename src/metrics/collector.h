// RunCollector: derives every metric of one run from the model's events (include/hospsim/events.h).
//
// It subscribes to the EventBus of a run and, from events alone, keeps:
//   - per hospital and for the region: surgery, outpatient, ED, bed and diversion counters and statistics,
//     and per (hospital, service): IT availability, minutes DOWN, outages, time to detect (run_metrics():
//     a typed record by metric id, include/hospsim/metrics.h; names and kinds in metrics/metric_table.h);
//   - an hourly tidy timeline (log().timeline, include/hospsim/timeline.h): per hospital and hour, counts
//     during the hour and the state at the start of the hour, then the region's ransomware recovery curve;
//   - the incident log (log().incidents): IT state changes, infrastructure events, diversion and surge
//     changes.
// Events must arrive in non-decreasing time order (the simulation guarantees it). Time is simulated seconds
// since the scenario's start. The collector keeps references to nothing but the Scenario it was built with.
// Its members are defined by subject: events and the timeline (collector.cc), the metric record and the
// diversion flows (collector_results.cc), the calibration figures (collector_calibration.cc).
//
// The hospital an incident is about (a service state, diversion or surge change) must be one of the
// scenario's: the loader refuses references to any other and the model emits only its own, so on() of such
// an event naming another throws std::logic_error rather than log an incident without its hospital. An
// infrastructure event is about the hospital its target names, or about none (a link, router or data centre:
// the hospital column of events.csv is empty).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/events.h"
#include "hospsim/metrics.h"
#include "hospsim/scenario.h"
#include "hospsim/timeline.h"
#include "metrics/attack_metrics.h"

namespace hospsim {

// A small ordered map kept as one sorted vector (a set with Value = bool unused): a hospital's few entries
// in one block, where a tree's nodes each cost a cache miss once the state of many hospitals no longer fits
// the cache. Iterates in key order, as std::map does.
template <class Key, class Value>
class FlatMap {
 public:
  using Item = std::pair<Key, Value>;
  typename std::vector<Item>::const_iterator begin() const { return items_.begin(); }
  typename std::vector<Item>::const_iterator end() const { return items_.end(); }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  // The value of `key`, or nullptr.
  Value* find(Key key) {
    auto it = lower(key);
    return it != items_.end() && it->first == key ? &it->second : nullptr;
  }
  // Sets `key` to `value`; true if the key was new.
  bool assign(Key key, Value value) {
    if (items_.empty() || items_.back().first < key) {  // the usual case: keys arrive in order
      items_.emplace_back(key, value);
      return true;
    }
    auto it = lower(key);
    if (it != items_.end() && it->first == key) {
      it->second = value;
      return false;
    }
    items_.emplace(it, key, value);
    return true;
  }
  // Every key of `keys` (in any order, repeats once) with a default value, replacing the contents.
  void assign_keys(std::vector<Key> keys) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    items_.clear();
    items_.reserve(keys.size());
    for (Key key : keys) items_.emplace_back(key, Value{});
  }
  // Removes `key`; the number removed (0 or 1).
  std::size_t erase(Key key) {
    auto it = lower(key);
    if (it == items_.end() || it->first != key) return 0;
    items_.erase(it);
    return 1;
  }

 private:
  typename std::vector<Item>::iterator lower(Key key) {
    return std::lower_bound(items_.begin(), items_.end(), key,
                            [](const Item& item, Key k) { return item.first < k; });
  }
  std::vector<Item> items_;
};

class RunCollector : public Observer {
 public:
  explicit RunCollector(const Scenario& scenario);
  RunCollector(const RunCollector&) = delete;  // its log's tables point into it
  RunCollector& operator=(const RunCollector&) = delete;

  void on(const ServiceStateChanged& event) override;
  void on(const InfrastructureEvent& event) override;
  void on(const EdArrival& event) override;
  void on(const EdTreatmentStarted& event) override;
  void on(const EdDeparture& event) override;
  void on(const EdTestDelay& event) override;
  void on(const AmbulanceDiverted& event) override;
  void on(const WalkInAdvised& event) override;
  void on(const DiversionChanged& event) override;
  void on(const AmbulanceKept& event) override;
  void on(const SurgeChanged& event) override;
  void on(const PatientTransferred& event) override;
  void on(const SurgeryEvent& event) override;
  void on(const ElectiveMoved& event) override;
  void on(const OutpatientEvent& event) override;
  void on(const BedOccupancy& event) override;
  void on(const InitialState& event) override;
  void on_end(Seconds time) override;

  // REQUIRES: on_end() was called. Every metric of the table by id: per hospital (in id order) and its
  // services (in id order), and for the region; conditional metrics are set when their condition holds.
  RunMetrics run_metrics() const;
  // REQUIRES: on_end() was called. The calibration figures of this run (docs/model.md "Calibration view";
  // metrics/calibration.h names them), for the region and per hospital (in id order); a figure without a
  // denominator (no ED, no theatre list, no case start, no beds) has no value.
  RunCalibration calibration() const { return calibration(run_metrics()); }
  // The same from `metrics`, this run's run_metrics() computed already (its quantiles sort every wait and
  // length of stay of the run: computed once, not twice). REQUIRES: on_end() was called, and `metrics` is
  // run_metrics().
  RunCalibration calibration(const RunMetrics& metrics) const;
  // The timeline and the incident log so far; the region's rows are added by on_end().
  const RunLog& log() const { return log_; }
  // REQUIRES: on_end() was called. The timeline and the incident log, moved out (the collector's are left
  // empty): a national run's timeline is hundreds of MB.
  RunLog take_log();
  // The ransomware recovery curve and summary (src/metrics/attack_metrics.h); its summary metrics are part of
  // run_metrics().region when the scenario has a ransomware injection.
  const AttackMetrics& attack() const { return attack_; }
  const std::vector<std::string>& hospital_ids() const { return hospital_ids_; }
  // REQUIRES: on_end() was called. Patients sent from one hospital's ED to another's, one entry per (from,
  // to) pair with at least one, ordered by from then to: the ambulances diverted, the walk-ins told by public
  // advice to go there and the travel time the diversions added. Walk-ins advised to stay home are not flows
  // (they are the metric ed_stayed_home).
  std::vector<DiversionFlow> diversion_flows() const;

 private:
  struct ServiceTrack {
    ServiceState state = ServiceState::kUp;
    Seconds since = 0.0;
    double down_seconds = 0.0;
    double recovering_seconds = 0.0;
    int outages = 0;
    double detect_sum = 0.0;
    int detect_count = 0;
  };

  struct FlowTrack {
    std::int64_t ambulances = 0;
    std::int64_t walk_ins_advised = 0;
    double extra_travel_seconds = 0.0;
  };

  // A hospital's timeline metrics counted during the hour (TimelineMetric's before kEdLosMedianMin) and
  // those of the state at the hour's start (from kEdCensus to the region's kAttackHostsInfected).
  static constexpr int kHourCounts = static_cast<int>(TimelineMetric::kEdLosMedianMin);
  static constexpr int kHourStates =
      static_cast<int>(TimelineMetric::kAttackHostsInfected) - static_cast<int>(TimelineMetric::kEdCensus);

  // The members most events touch come first (the hour's counts, the outpatient and ED arrival counters),
  // so that an event of a national run, where the tracks do not stay in the cache, touches few lines.
  struct HospitalTrack {
    // counts during the current timeline hour
    std::array<double, kHourCounts> hour_counts{};
    // outpatient
    std::int64_t outpatient_scheduled = 0;
    std::int64_t outpatient_attended = 0;
    std::int64_t outpatient_cancelled = 0;
    std::int64_t outpatient_to_ed = 0;
    // surgery
    std::int64_t surgeries_scheduled = 0;  // original bookings (rebookings excluded)
    std::int64_t surgeries_performed = 0;
    std::int64_t surgeries_cancelled = 0;  // cancellation events (a case cancelled twice counts twice)
    std::int64_t surgeries_cancelled_downtime = 0;
    std::int64_t surgeries_rebooked = 0;
    std::int64_t emergency_surgeries = 0;
    // theatre use (elective cases; calibration)
    std::int64_t list_placements = 0;  // kScheduled events: originals and rebookings
    std::int64_t surgeries_cancelled_no_bed = 0;
    std::int64_t surgeries_cancelled_session = 0;
    FlatMap<std::int64_t, bool> list_days;        // local midnights (seconds since start) of days with a list
    FlatMap<std::uint64_t, Seconds> in_theatre;   // started, not yet performed: case id -> start
    bool case_started_seen = false;               // the model reported case starts (kStarted)
    double case_seconds_in_session = 0.0;         // performed cases' time inside their session
    std::int64_t cases_timed = 0;                 // performed cases with a known start
    std::int64_t cases_overrun = 0;               // of those, ended after their session's end
    FlatMap<std::uint64_t, bool>
        backlog;                        // cancelled cases not yet performed (from InitialState, then events)
    bool backlog_held = false;          // the backlog held a case at some time
    Seconds backlog_cleared_at = -1.0;  // last time the backlog went back to zero
    Seconds last_cancellation = -1.0;
    // ED
    std::int64_t ed_arrivals = 0;
    std::int64_t ed_walk_in = 0;
    std::int64_t ed_ambulance = 0;
    std::int64_t ed_diverted_in = 0;
    std::int64_t ed_diverted_out = 0;
    std::int64_t ed_advised_in = 0;
    std::int64_t ed_advised_out = 0;
    std::int64_t ed_stayed_home = 0;
    std::int64_t ed_from_outpatient = 0;
    std::int64_t ed_lwbs = 0;
    std::int64_t ed_admitted = 0;
    std::int64_t ed_departures = 0;
    double ed_boarding_seconds = 0.0;
    double diverted_extra_travel_seconds = 0.0;
    std::int64_t ed_test_delays = 0;     // patients who waited for a downtime test turnaround
    double ed_test_delay_seconds = 0.0;  // the extra time they held their spaces
    // Waits (seconds): arrival to treatment start of treated patients, arrival to leaving of LWBS patients.
    std::vector<double> waits;
    // Lengths of stay (seconds, arrival to departure) of the departures during the run: all, admitted,
    // discharged (LWBS are in `los_all` only).
    std::vector<double> los_all;
    std::vector<double> los_admitted;
    std::vector<double> los_discharged;
    std::int64_t ed_within_4h = 0;  // departures with length of stay <= 4 h
    int ed_spaces_held = 0;         // patients in treatment or boarding
    double ed_spaces_area = 0.0;    // integral of spaces held over time (space-seconds)
    Seconds ed_spaces_since = 0.0;
    int ed_census = 0;
    int ed_census_peak = 0;
    double ed_census_area = 0.0;  // integral of census over time (patient-seconds)
    Seconds ed_census_since = 0.0;
    // beds
    int beds_occupied = 0;
    int beds_count = 0;
    int beds_peak = 0;
    double beds_area = 0.0;
    Seconds beds_since = 0.0;
    // diversion
    bool on_diversion = false;
    Seconds diversion_since = 0.0;
    double diversion_seconds = 0.0;
    std::int64_t ed_kept_scope = 0;       // ambulances kept while on diversion: outside diversion.scope
    std::int64_t ed_kept_no_open_ed = 0;  // ... and because every other ED was on diversion
    // surge
    std::int64_t surge_openings = 0;
    int surge_spaces = 0;  // open now
    int surge_beds = 0;
    double surge_space_seconds = 0.0;
    double surge_bed_seconds = 0.0;
    Seconds surge_since = 0.0;
    // transfers of boarders
    std::int64_t transfers_out = 0;
    std::int64_t transfers_in = 0;
    double transfer_travel_seconds = 0.0;  // of transfers out
    // mutual aid for planned surgery
    std::int64_t surgeries_moved_out = 0;           // downtime cancellations moved to another hospital
    std::int64_t surgeries_moved_in = 0;            // cases accepted from other hospitals
    std::int64_t surgeries_moved_in_performed = 0;  // ... and performed here
    int services_down = 0;
    std::vector<double> hour_los;  // lengths of stay of the departures in the current timeline hour
    // the state at the start of the current timeline hour (its metrics from TimelineMetric::kEdCensus on)
    std::array<double, kHourStates> hour_start_state{};
  };

  int hospital_index(const std::string& id) const;  // -1: not a hospital of the scenario
  // hospital_index() of the hospital an incident is about; throws std::logic_error naming `event` (what the
  // incident is) when `id` is not a hospital of the scenario.
  int scenario_hospital(const std::string& id, const char* event) const;
  ServiceTrack& service_track(int hospital, const std::string& service);
  void advance_timeline(Seconds time);
  void snapshot_hour_start();
  void flush_hour();
  void update_census(HospitalTrack& track, Seconds time, int delta);
  void update_spaces(HospitalTrack& track, Seconds time, int delta);
  void update_surge(HospitalTrack& track, Seconds time, int spaces, int beds);
  // Local midnight (seconds since start) of the day holding time t.
  Seconds midnight_of(Seconds t) const;
  // Time of [from, to] inside the session (surgery.day) of the day on which `from` falls.
  double in_session(const Hospital& hospital, Seconds from, Seconds to) const;
  void count(HospitalTrack& track, int metric, double amount = 1.0);
  // The per-hospital metrics of `track` (a hospital's, or the region's sums), but the backlog clearance.
  MetricRecord hospital_record(const HospitalTrack& track) const;
  // The per-service metrics of hospital number `hospital`, by service id.
  std::vector<ServiceMetrics> service_records(std::size_t hospital) const;

  const Scenario& scenario_;
  std::vector<std::string> hospital_ids_;
  std::vector<const Hospital*> hospital_configs_;  // by index, as hospital_ids_ (no map lookup per event)
  std::unordered_map<std::string, int> index_;
  // hospital_index() through a table keyed by the id string's address (open addressing, at most half
  // full, started again when full): events carry references to the model's own id strings, the same few
  // on every event. It starts with the scenario's own id strings (the keys of Scenario::hospitals, which
  // the clinical model's events name): a hit on one of those is right without a compare, as no other
  // string can live at that address while the scenario does. Any other hit is checked against the id, so
  // any caller gets the right index.
  struct IndexEntry {
    const std::string* id = nullptr;  // nullptr: a free slot
    int index = -1;
    bool scenario_id = false;  // `id` is the key of Scenario::hospitals
  };
  // Empties the table and enters the scenario's ids.
  void start_index_cache() const;
  mutable std::vector<IndexEntry> index_cache_;
  mutable std::size_t index_cache_used_ = 0;
  std::vector<HospitalTrack> hospitals_;
  std::vector<std::map<std::string, ServiceTrack>> services_;  // per hospital, ordered by service id
  bool test_turnaround_ = false;  // the scenario models downtime test turnarounds: report ed_test_delay_*
  bool mutual_aid_ = false;       // policies.mutual_aid.enabled: report surgeries_moved_*
  Seconds last_fault_onset_ = -1.0;
  Seconds end_time_ = -1.0;
  long current_hour_ = 0;
  bool hour_snapshot_taken_ = false;
  RunLog log_;                     // its hospitals are hospital_ids_
  RunLogTables log_tables_{log_};  // the incidents' texts
  // Appends an incident line about hospital number `hospital` (kNoHospital: none).
  void add_incident(Seconds time, IncidentKind kind, int hospital, const std::string& target,
                    const std::string& cause,
                    InfrastructureKind infrastructure = InfrastructureKind::kLinkDown,
                    ServiceState from = ServiceState::kUp, ServiceState to = ServiceState::kUp);
  AttackMetrics attack_;
  std::map<std::pair<std::string, std::string>, FlowTrack> flows_;  // (from, to) -> what was sent
};

// Quantile q in [0,1] of `values` by linear interpolation between closest ranks (R type 7); NaN when empty.
// Reorders `values` (in linear time: the two closest ranks are selected, not sorted).
double quantile(std::vector<double>& values, double q);

}  // namespace hospsim
