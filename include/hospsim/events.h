// Model events: what the IT and clinical layers emit and the metrics layer listens to.
//
// The model never computes a metric: it tells an EventBus what happened, when (simulated seconds since start)
// and where (ids from the scenario). Collectors (src/metrics) subscribe as Observers and derive every
// summary, timeline and incident-log line from these events alone. An Observer must not call back into the
// model. Events are delivered synchronously, in emission order, to observers in subscription order.
//
// Strings are ids from the scenario (hospital, service, link, data centre ids). Observers must copy what they
// keep: the references are valid only during the call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hospsim/scenario.h"

namespace hospsim {

// ----- IT -----------------------------------------------------------------------------------------------

enum class ServiceState : std::uint8_t { kUp, kDown, kRecovering };
const char* service_state_name(ServiceState state);  // "UP", "DOWN", "RECOVERING"
// The state whose word is `name` (reading an incident log back), or nullopt.
std::optional<ServiceState> service_state_from_name(std::string_view name);

// A (hospital, service) pair changed state in the hospital's view of its IT.
struct ServiceStateChanged {
  Seconds time;
  const std::string& hospital;
  const std::string& service;
  ServiceState from;
  ServiceState to;
  const std::string& cause;  // e.g. "no successful request for 900 s (link_down aarhus-dc1)"
};

// What happened to the infrastructure. Injections, failover and reroutes emit the first group; ransomware
// plans (src/it/attack.h, `AttackStep`) the second, which a plan lists, at equal times, in this order.
enum class InfrastructureKind : std::uint8_t {
  kLinkDown,
  kLinkUp,
  kHostDown,
  kHostUp,
  kServiceDown,
  kServiceUp,
  kDegradeStart,
  kDegradeEnd,
  kDdosStart,
  kDdosEnd,
  kShutdown,
  kShutdownEnd,
  kFailover,
  kReroute,
  // ransomware steps
  kInfected,
  kEncrypted,
  kDetected,
  kContained,
  kIsolated,
  kRestoreStarted,
  kRestored,
  kReleased,  // last (infrastructure_kind_from_name goes up to it)
};
// The kind's word in the incident log (events.csv, column `event`): "link_down", "link_up", "host_down",
// "host_up", "service_down", "service_up", "degrade_start", "degrade_end", "ddos_start", "ddos_end",
// "shutdown", "shutdown_end", "failover", "reroute", "infected", "encrypted", "detected", "contained",
// "isolated", "restore_started", "restored", "released".
const char* infrastructure_kind_name(InfrastructureKind kind);
// The kind whose word is `name` (reading an incident log back), or nullopt when no kind has that word.
std::optional<InfrastructureKind> infrastructure_kind_from_name(std::string_view name);

// Something happened to the infrastructure: an injection began or ended, a failover, a reroute, a host or
// link turned off or on, a ransomware step.
struct InfrastructureEvent {
  Seconds time;
  InfrastructureKind kind;
  const std::string& target;  // the link, data centre, service or hospital id concerned; the injection id
                              // for kDetected and kContained
  const std::string& detail;  // free text for the incident log
};

// ----- Clinical -----------------------------------------------------------------------------------------

enum class ArrivalMode { kWalkIn, kAmbulance };

// A patient arrived at an ED (after any diversion or travel).
struct EdArrival {
  Seconds time;
  const std::string& hospital;
  int acuity;  // 1..5
  ArrivalMode mode;
  const std::string& diverted_from;  // "" unless an ambulance was diverted or a walk-in advised here
  bool from_outpatient;              // a cancelled outpatient who presented to the ED instead
};

// A patient's ED treatment began after waiting `wait` seconds for a treatment space.
struct EdTreatmentStarted {
  Seconds time;
  const std::string& hospital;
  int acuity;
  Seconds wait;
};

// An ED patient needs a test (lab or imaging) whose service is DOWN at the hospital, with a downtime
// `turnaround` in its effect: the patient holds the treatment space `delay` longer than the treatment alone
// (the downtime turnaround less the usual one; tests run in parallel, so the longest). Emitted at the
// treatment start, after EdTreatmentStarted.
struct EdTestDelay {
  Seconds time;
  const std::string& hospital;
  int acuity;
  bool lab;      // a lab test is among the delayed tests
  bool imaging;  // imaging is among the delayed tests
  Seconds delay;
};

enum class EdOutcome {
  kDischarged,
  kAdmitted,
  kLeftWithoutBeingSeen,
  kTransferred,  // an admitted boarder taken to another hospital's bed (PatientTransferred)
};
const char* ed_outcome_name(EdOutcome outcome);

// A patient left the ED (freeing a space if they held one). `boarding` is the time spent holding a space
// after treatment while waiting for an inpatient bed (0 if none).
struct EdDeparture {
  Seconds time;
  const std::string& hospital;
  int acuity;
  EdOutcome outcome;
  Seconds wait;            // arrival to treatment start (to departure for LWBS)
  Seconds length_of_stay;  // arrival to departure
  Seconds boarding;
};

// An ambulance was sent from its nearest hospital to another one.
struct AmbulanceDiverted {
  Seconds time;
  const std::string& from;
  const std::string& to;
  double road_km;
  Seconds extra_travel;  // travel time added by the diversion
  int acuity = 0;        // of the patient, 1..5
};

// Why an ambulance of a hospital on diversion was not sent elsewhere.
enum class KeptReason {
  kScope,     // its acuity is outside diversion.scope: diversion does not turn it away
  kNoOpenEd,  // every other ED was on diversion
};
const char* kept_reason_name(KeptReason reason);  // "scope", "no_open_ed"

// An ambulance arrived at its nearest hospital while that hospital was on diversion and was kept there.
struct AmbulanceKept {
  Seconds time;
  const std::string& hospital;
  int acuity;
  KeptReason reason;
};

// Surge capacity at a hospital changed: `spaces` extra ED treatment spaces and `beds` extra inpatient beds
// are open from now on (both 0: surge closed).
struct SurgeChanged {
  Seconds time;
  const std::string& hospital;
  int spaces;
  int beds;
  const std::string& reason;  // "crowding", "incident" (opened) or "stand_down" (closed)
};

// An admitted ED boarder left hospital `from` for a free bed at hospital `to` (EdDeparture with outcome
// kTransferred at `from` at the same time; the bed at `to` is taken from now on).
struct PatientTransferred {
  Seconds time;
  const std::string& from;
  const std::string& to;
  double road_km;
  Seconds travel;
  Seconds boarding;  // time boarded at `from` before the transfer
};

// A walk-in patient was advised (public advice) to go elsewhere (`to` = hospital id) or to stay home (`to` =
// "").
struct WalkInAdvised {
  Seconds time;
  const std::string& from;
  const std::string& to;
};

// A hospital went on (true) or came off (false) ambulance diversion.
struct DiversionChanged {
  Seconds time;
  const std::string& hospital;
  bool on;
  const std::string& reason;
};

enum class SurgeryEventKind {
  kScheduled,  // a case was put on a day's list (original booking or rebooking)
  kPerformed,  // a case was completed
  kCancelled,  // a scheduled case was cancelled on the day
  kRebooked,   // a cancelled case was given a new date (catch-up capacity)
  kStarted,    // a scheduled case started in its theatre (elective or emergency)
};
const char* surgery_event_name(SurgeryEventKind kind);

// Why a case was cancelled (kCancelled only).
enum class CancellationCause {
  kNone,
  kDowntime,     // the elective downtime policy: a needed service was DOWN
  kSessionTime,  // the case would not have finished within the session hours
  kNoBed,        // the patient needs an inpatient bed after the case and none was usable at its start
};
const char* cancellation_cause_name(CancellationCause cause);  // "none", "downtime", "session_time", "no_bed"

struct SurgeryEvent {
  Seconds time;
  const std::string& hospital;
  SurgeryEventKind kind;
  std::uint64_t case_id;      // stable id of the case within the hospital (the same across its rebookings)
  bool is_rebooked_case;      // the case had been cancelled before
  bool emergency;             // emergency surgery from the ED (never cancelled)
  const std::string& reason;  // why it was cancelled ("" otherwise)
  CancellationCause cause = CancellationCause::kNone;
  // The case's planned start on that day's list (kScheduled, kStarted, kCancelled of elective cases); -1
  // when not on a list (rebooking, emergency cases).
  Seconds planned_start = -1.0;
  // The case came from another hospital by mutual aid (ElectiveMoved): every event of it at the receiving
  // hospital.
  bool moved_in = false;
};

// Mutual aid: an elective case that the downtime policy would have cancelled at `from` is moved to the
// waiting list of `to` (a new case there, listed from `listed_from`), instead of being cancelled and
// rebooked.
struct ElectiveMoved {
  Seconds time;
  const std::string& from;
  const std::string& to;
  std::uint64_t case_id;      // the case at `from`
  std::uint64_t new_case_id;  // the case at `to`
  int priority;               // index into kPriorityClassNames
  double road_km;
  Seconds listed_from;  // the first day start at which `to` may list it
};

enum class OutpatientEventKind { kScheduled, kAttended, kCancelled };

struct OutpatientEvent {
  Seconds time;
  const std::string& hospital;
  OutpatientEventKind kind;
  bool went_to_ed;  // kCancelled only: the patient presented to an ED instead
};

// Inpatient bed occupancy at a hospital changed to `occupied` (of `count`).
struct BedOccupancy {
  Seconds time;
  const std::string& hospital;
  int occupied;
  int count;
};

// The clinical state at t = 0 after the warm-up (emitted once per hospital at t = 0, before any other
// clinical event of that time; with no warm-up every count is 0 except beds, reported by BedOccupancy).
// Patients present at t = 0 arrived before it: their later departures are counted, their arrivals are not.
struct InitialState {
  Seconds time;
  const std::string& hospital;
  int ed_waiting;                             // patients waiting for a treatment space
  int ed_treatment;                           // patients in treatment (holding a space)
  int ed_boarding;                            // admitted patients holding a space while waiting for a bed
  const std::vector<std::uint64_t>& backlog;  // ids of cancelled elective cases not yet performed
  int surge_spaces = 0;                       // surge capacity open at t = 0 (opened during the warm-up)
  int surge_beds = 0;
};

// ----- The bus ------------------------------------------------------------------------------------------

// Subscribe by deriving and overriding what you need; the defaults ignore the event.
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on(const ServiceStateChanged&) {}
  virtual void on(const InfrastructureEvent&) {}
  virtual void on(const EdArrival&) {}
  virtual void on(const EdTreatmentStarted&) {}
  virtual void on(const EdDeparture&) {}
  virtual void on(const EdTestDelay&) {}
  virtual void on(const AmbulanceDiverted&) {}
  virtual void on(const WalkInAdvised&) {}
  virtual void on(const DiversionChanged&) {}
  virtual void on(const AmbulanceKept&) {}
  virtual void on(const SurgeChanged&) {}
  virtual void on(const PatientTransferred&) {}
  virtual void on(const SurgeryEvent&) {}
  virtual void on(const ElectiveMoved&) {}
  virtual void on(const OutpatientEvent&) {}
  virtual void on(const BedOccupancy&) {}
  virtual void on(const InitialState&) {}
  // The run reached its horizon at simulated time `time`; no event follows.
  virtual void on_end(Seconds time) {}
};

// Fans events out to observers. Not thread-safe (a run is one thread). Observers are not owned.
class EventBus {
 public:
  void subscribe(Observer* observer) { observers_.push_back(observer); }

  template <typename Event>
  void emit(const Event& event) {
    ++emitted_;
    for (Observer* observer : observers_) observer->on(event);
  }
  void end(Seconds time) {
    for (Observer* observer : observers_) observer->on_end(time);
  }
  // Number of events emitted so far (a measure of simulated work for benchmarks).
  std::uint64_t emitted() const { return emitted_; }

 private:
  std::vector<Observer*> observers_;
  std::uint64_t emitted_ = 0;
};

}  // namespace hospsim
