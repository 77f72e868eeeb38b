// Test support for the clinical layer: a scripted ServiceView, an event recorder and small scenario builders.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "clinical/clinical_model.h"
#include "hospsim/events.h"
#include "hospsim/scenario.h"
#include "hospsim/service_view.h"

namespace hospsim::testing {

// A ServiceView that replays a scripted timeline of states per (hospital, service), reading the current
// simulated time from the test loop. Unscripted pairs are UP. Counts requests per (hospital, service).
class ScriptedView : public ServiceView {
 public:
  explicit ScriptedView(const Seconds* clock) : clock_(clock) {}

  // From `time` on, `service` is in `state` at `hospital` (until a later entry). Add entries in time order.
  void set(const std::string& hospital, const std::string& service, Seconds time, ServiceState state) {
    timeline_[{hospital, service}].emplace_back(time, state);
  }
  // DOWN during [from, to).
  void down(const std::string& hospital, const std::string& service, Seconds from,
            Seconds to = std::numeric_limits<double>::infinity()) {
    set(hospital, service, from, ServiceState::kDown);
    if (to < std::numeric_limits<double>::infinity()) set(hospital, service, to, ServiceState::kUp);
  }

  ServiceState state(const std::string& hospital, const std::string& service) const override {
    auto found = timeline_.find({hospital, service});
    if (found == timeline_.end()) return ServiceState::kUp;
    ServiceState state = ServiceState::kUp;
    for (const auto& [time, value] : found->second) {
      if (time <= *clock_) state = value;
    }
    return state;
  }
  Seconds state_since(const std::string& hospital, const std::string& service) const override {
    auto found = timeline_.find({hospital, service});
    if (found == timeline_.end()) return 0.0;
    ServiceState state = ServiceState::kUp;
    Seconds since = 0.0;
    for (const auto& [time, value] : found->second) {
      if (time > *clock_) break;
      if (value != state) since = time;
      state = value;
    }
    return since;
  }
  void request(const std::string& hospital, const std::string& service) override {
    ++requests_[{hospital, service}];
  }
  // After track_versions(), state_version() is the number of scripted entries in force (a number that
  // changes whenever a state may have changed), as the IT layer's view gives one; before, kUntracked.
  void track_versions() { tracked_ = true; }
  std::uint64_t state_version() const override {
    if (!tracked_) return kUntracked;
    std::uint64_t in_force = 0;
    for (const auto& [pair, entries] : timeline_) {
      for (const auto& entry : entries) in_force += entry.first <= *clock_ ? 1 : 0;
    }
    return in_force;
  }
  int requests(const std::string& hospital, const std::string& service) const {
    auto found = requests_.find({hospital, service});
    return found == requests_.end() ? 0 : found->second;
  }

 private:
  const Seconds* clock_;
  bool tracked_ = false;
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<Seconds, ServiceState>>> timeline_;
  std::map<std::pair<std::string, std::string>, int> requests_;
};

struct ArrivalRecord {
  Seconds time;
  std::string hospital;
  int acuity;
  ArrivalMode mode;
  std::string diverted_from;
  bool from_outpatient;
};
struct StartRecord {
  Seconds time;
  std::string hospital;
  int acuity;
  Seconds wait;
};
struct DepartureRecord {
  Seconds time;
  std::string hospital;
  int acuity;
  EdOutcome outcome;
  Seconds wait;
  Seconds length_of_stay;
  Seconds boarding;
};
struct SurgeryRecord {
  Seconds time;
  std::string hospital;
  SurgeryEventKind kind;
  std::uint64_t case_id;
  bool rebooked;
  bool emergency;
  std::string reason;
  CancellationCause cause;
  Seconds planned_start;
  bool moved_in = false;
};
struct TestDelayRecord {
  Seconds time;
  std::string hospital;
  int acuity;
  bool lab;
  bool imaging;
  Seconds delay;
};
struct InitialRecord {
  Seconds time;
  std::string hospital;
  int waiting;
  int treatment;
  int boarding;
  std::vector<std::uint64_t> backlog;
};
struct OutpatientRecord {
  Seconds time;
  std::string hospital;
  OutpatientEventKind kind;
  bool went_to_ed;
};

// Keeps a typed copy of every clinical event and one text line per event ("%.17g" times) in emission order.
class Recorder : public Observer {
 public:
  std::vector<std::string> lines;
  std::vector<ArrivalRecord> arrivals;
  std::vector<StartRecord> starts;
  std::vector<DepartureRecord> departures;
  std::vector<SurgeryRecord> surgery;
  std::vector<OutpatientRecord> outpatient;
  std::vector<std::pair<std::string, std::string>> diverted;  // (from, to)
  std::vector<Seconds> diverted_extra;
  std::vector<Seconds> diverted_at;
  std::vector<double> diverted_km;
  std::vector<std::pair<std::string, std::string>> advised;  // (from, to)
  std::vector<std::pair<std::string, bool>> diversion_changes;
  struct DiversionRecord {
    Seconds time;
    std::string hospital;
    bool on;
    std::string reason;
  };
  std::vector<DiversionRecord> diversion_log;
  struct SurgeRecord {
    Seconds time;
    std::string hospital;
    int spaces;
    int beds;
    std::string reason;
  };
  std::vector<SurgeRecord> surges;
  struct TransferRecord {
    Seconds time;
    std::string from;
    std::string to;
    Seconds travel;
    Seconds boarding;
  };
  std::vector<TransferRecord> transfers;
  struct MoveRecord {
    Seconds time;
    std::string from;
    std::string to;
    std::uint64_t case_id;
    std::uint64_t new_case_id;
    int priority;
    Seconds listed_from;
  };
  std::vector<MoveRecord> moves;
  std::vector<std::pair<std::string, KeptReason>> kept;  // (hospital, reason)
  std::vector<std::pair<Seconds, int>> beds;
  std::vector<InitialRecord> initial;
  std::vector<TestDelayRecord> test_delays;

  void on(const EdArrival& e) override {
    arrivals.push_back({e.time, e.hospital, e.acuity, e.mode, e.diverted_from, e.from_outpatient});
    line("arrival %.17g %s %d %d %s %d", e.time, e.hospital.c_str(), e.acuity, static_cast<int>(e.mode),
         e.diverted_from.c_str(), e.from_outpatient ? 1 : 0);
  }
  void on(const EdTreatmentStarted& e) override {
    starts.push_back({e.time, e.hospital, e.acuity, e.wait});
    line("start %.17g %s %d %.17g", e.time, e.hospital.c_str(), e.acuity, e.wait);
  }
  void on(const EdDeparture& e) override {
    departures.push_back({e.time, e.hospital, e.acuity, e.outcome, e.wait, e.length_of_stay, e.boarding});
    line("departure %.17g %s %d %s %.17g %.17g %.17g", e.time, e.hospital.c_str(), e.acuity,
         ed_outcome_name(e.outcome), e.wait, e.length_of_stay, e.boarding);
  }
  void on(const EdTestDelay& e) override {
    test_delays.push_back({e.time, e.hospital, e.acuity, e.lab, e.imaging, e.delay});
    line("tests %.17g %s %d %d %d %.17g", e.time, e.hospital.c_str(), e.acuity, e.lab ? 1 : 0, e.imaging ? 1 : 0,
         e.delay);
  }
  void on(const AmbulanceDiverted& e) override {
    diverted.emplace_back(e.from, e.to);
    diverted_at.push_back(e.time);
    diverted_extra.push_back(e.extra_travel);
    diverted_km.push_back(e.road_km);
    line("diverted %.17g %s %s %.17g %.17g", e.time, e.from.c_str(), e.to.c_str(), e.road_km, e.extra_travel);
  }
  void on(const WalkInAdvised& e) override {
    advised.emplace_back(e.from, e.to);
    line("advised %.17g %s %s", e.time, e.from.c_str(), e.to.c_str());
  }
  void on(const DiversionChanged& e) override {
    diversion_changes.emplace_back(e.hospital, e.on);
    diversion_log.push_back({e.time, e.hospital, e.on, e.reason});
    line("diversion %.17g %s %d %s", e.time, e.hospital.c_str(), e.on ? 1 : 0, e.reason.c_str());
  }
  void on(const AmbulanceKept& e) override {
    kept.emplace_back(e.hospital, e.reason);
    line("kept %.17g %s %d %s", e.time, e.hospital.c_str(), e.acuity, kept_reason_name(e.reason));
  }
  void on(const SurgeChanged& e) override {
    surges.push_back({e.time, e.hospital, e.spaces, e.beds, e.reason});
    line("surge %.17g %s %d %d %s", e.time, e.hospital.c_str(), e.spaces, e.beds, e.reason.c_str());
  }
  void on(const PatientTransferred& e) override {
    transfers.push_back({e.time, e.from, e.to, e.travel, e.boarding});
    line("transfer %.17g %s %s %.17g %.17g", e.time, e.from.c_str(), e.to.c_str(), e.travel, e.boarding);
  }
  void on(const SurgeryEvent& e) override {
    surgery.push_back({e.time, e.hospital, e.kind, e.case_id, e.is_rebooked_case, e.emergency, e.reason, e.cause,
                       e.planned_start, e.moved_in});
    line("surgery %.17g %s %s %llu %d %d %s%s", e.time, e.hospital.c_str(), surgery_event_name(e.kind),
         static_cast<unsigned long long>(e.case_id), e.is_rebooked_case ? 1 : 0, e.emergency ? 1 : 0,
         e.reason.c_str(), e.moved_in ? " moved_in" : "");
  }
  void on(const ElectiveMoved& e) override {
    moves.push_back({e.time, e.from, e.to, e.case_id, e.new_case_id, e.priority, e.listed_from});
    line("moved %.17g %s %s %llu %llu %d %.17g", e.time, e.from.c_str(), e.to.c_str(),
         static_cast<unsigned long long>(e.case_id), static_cast<unsigned long long>(e.new_case_id), e.priority,
         e.listed_from);
  }
  void on(const OutpatientEvent& e) override {
    outpatient.push_back({e.time, e.hospital, e.kind, e.went_to_ed});
    line("outpatient %.17g %s %d %d", e.time, e.hospital.c_str(), static_cast<int>(e.kind),
         e.went_to_ed ? 1 : 0);
  }
  void on(const InitialState& e) override {
    initial.push_back({e.time, e.hospital, e.ed_waiting, e.ed_treatment, e.ed_boarding, e.backlog});
    line("initial %.17g %s %d %d %d %zu", e.time, e.hospital.c_str(), e.ed_waiting, e.ed_treatment, e.ed_boarding,
         e.backlog.size());
  }
  void on(const BedOccupancy& e) override {
    beds.emplace_back(e.time, e.occupied);
    line("beds %.17g %s %d %d", e.time, e.hospital.c_str(), e.occupied, e.count);
  }

  // Times of every recorded line (parsed back from the second word).
  std::vector<Seconds> times() const {
    std::vector<Seconds> out;
    for (const std::string& text : lines) out.push_back(std::stod(text.substr(text.find(' ') + 1)));
    return out;
  }

  // Times of the surgery events of one kind (elective unless `emergency`), in emission order.
  std::vector<Seconds> surgery_times(SurgeryEventKind kind, bool emergency = false) const {
    std::vector<Seconds> out;
    for (const auto& s : surgery) {
      if (s.kind == kind && s.emergency == emergency) out.push_back(s.time);
    }
    return out;
  }

  int count_surgery(SurgeryEventKind kind, bool emergency = false) const {
    int n = 0;
    for (const auto& s : surgery) n += (s.kind == kind && s.emergency == emergency) ? 1 : 0;
    return n;
  }
  int count_outpatient(OutpatientEventKind kind) const {
    int n = 0;
    for (const auto& o : outpatient) n += o.kind == kind ? 1 : 0;
    return n;
  }

 private:
  template <typename... Args>
  void line(const char* format, Args... args) {
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, format, args...);
    lines.emplace_back(buffer);
  }
};

// A scenario starting Monday 2025-03-10 00:00 with no hospitals yet.
inline Scenario base_scenario(Seconds horizon) {
  Scenario s;
  s.name = "test";
  s.start = CivilTime{2025, 3, 10, 0, 0, 0};
  s.horizon = horizon;
  s.deterministic = true;
  s.policies.walk_in_elsewhere_share = 0;
  s.policies.walk_in_stay_home_share = 0;
  s.policies.divert_occupancy = 2.0;  // disabled unless a test enables it
  return s;
}

// A hospital with a flat-profile ED of one acuity level (3 unless given), no beds, no surgery, no clinics.
inline Hospital ed_hospital(const std::string& id, double arrivals_per_day, int spaces,
                            double treatment_minutes, int acuity = 3) {
  Hospital h;
  h.id = id;
  h.name = id;
  h.has_ed = true;
  h.ed.arrivals_per_day = arrivals_per_day;
  h.ed.treatment_spaces = spaces;
  h.ed.treatment_minutes = {treatment_minutes, treatment_minutes * 3};
  h.ed.treatment_factor = {1, 1, 1, 1, 1};
  h.ed.acuity_shares = {0, 0, 0, 0, 0};
  h.ed.acuity_shares[acuity - 1] = 1.0;
  h.ed.ambulance_share = 0.0;
  h.ed.admit_share = 0.0;
  h.surgery.emergency_share = 0.0;
  return h;
}

// A hospital with one theatre, 08:00-16:00, five 60-min day cases a weekday (planned 08:00, 09:15, 10:30, 11:45,
// 13:00 with the default 15-min turnover) and priority classes cancer 0.4, routine 0.6 (by rotation in
// deterministic mode: routine, cancer, routine, cancer, routine), using the PAS; no ED, no beds.
inline Hospital one_theatre_hospital(const std::string& id) {
  Hospital h;
  h.id = id;
  h.uses = {"pas"};
  h.surgery.theatres = 1;
  h.surgery.day_start = 8 * kHour;
  h.surgery.day_end = 16 * kHour;
  h.surgery.elective_per_weekday = {5, 5, 5, 5, 5, 0, 0};
  h.surgery.case_minutes = {60, 120};
  h.surgery.inpatient_share = 0.0;
  h.surgery.priority_shares = {0.4, 0.0, 0.6};
  return h;
}

inline void add_service(Scenario& s, const std::string& id, const std::string& kind) {
  Service service;
  service.id = id;
  service.name = id;
  service.kind = kind;
  service.hosted_on = "dc";
  s.services[id] = service;
}

// Three EDs on the equator at longitudes 0, 0.1 and 0.25 degrees (b is 14.45 road km = 14.45 min from a, c
// 36.13 km); a gets one ambulance an hour at hh:30 (24 a day, deterministic); b and c get no arrivals. The
// ED-treatment effect of the EHR (capacity 0.5) puts a hospital whose EHR is DOWN in downtime, so on diversion.
inline Scenario line_scenario(Seconds horizon) {
  Scenario s = base_scenario(horizon);
  add_service(s, "ehr", "ehr");
  s.effects["ehr"][Activity::kEdTreatment] = Effect{0.5, 1.0};
  const double lons[] = {0.0, 0.1, 0.25};
  const char* ids[] = {"a", "b", "c"};
  for (int k = 0; k < 3; ++k) {
    Hospital h = ed_hospital(ids[k], k == 0 ? 24 : 0, 10, 60);
    h.location = Location{0.0, lons[k]};
    h.uses = {"ehr"};
    s.hospitals[ids[k]] = h;
  }
  s.hospitals["a"].ed.ambulance_share = 1.0;
  return s;
}

// Road km of `degrees` of longitude on the equator (the model's great circle x road_factor 1.3).
inline double road_km(double degrees) { return 6371.0 * degrees * M_PI / 180.0 * 1.3; }

// Drives the model like the SimGrid driver does, keeping `clock` at the current simulated time.
inline void run_model(ClinicalModel& model, Seconds& clock, Seconds horizon) {
  for (;;) {
    const Seconds t = model.next_event_time();
    if (!(t < horizon)) break;
    clock = t;
    model.advance_to(t);
  }
}

// Builds, runs and records a scenario against a view script.
struct Run {
  Seconds clock = 0;
  ScriptedView view{&clock};
  EventBus bus;
  Recorder recorder;

  // Every test run checks the model's invariants after every event (ClinicalOptions::check_invariants).
  void go(const Scenario& scenario, std::uint64_t seed = 1, ClinicalOptions options = {}) {
    options.check_invariants = true;
    bus.subscribe(&recorder);
    ClinicalModel model(scenario, view, bus, seed, options);
    run_model(model, clock, scenario.horizon);
  }
};

}  // namespace hospsim::testing
