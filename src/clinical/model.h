// Internals of ClinicalModel, shared by the files of src/clinical that implement its parts:
//   model.cc       construction, warm-up, the IT view (conditions), dispatch of calendar events, invariants
//   ed.cc          ED arrivals, patients, the treatment queue, LWBS, departures
//   beds.cc        inpatient beds, background admissions, boarders
//   surgery.cc     elective lists (planned starts), downtime policies, rebooking, emergency surgery
//   outpatient.cc  outpatient clinics
//   diversion.cc   ambulance diversion (dispatch, scope, regional cap, hysteresis), public advice, travel
//   regional.cc    regional response: ED surge capacity, regional incidents, boarder transfers
// Not a public header: only src/clinical includes it. docs/model.md ("Clinical layer") is the specification.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <vector>

#include "clinical/calendar.h"
#include "clinical/clinical_model.h"
#include "hospsim/random.h"
#include "hospsim/service_view.h"

namespace hospsim::clinical {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
// Guards the deterministic counters against floor(n * share) landing just below an integer.
inline constexpr double kShareEpsilon = 1e-9;
// A cancelled outpatient who presents to an ED does so this long after the visit's scheduled time.
inline constexpr Seconds kOutpatientToEdDelay = 2 * kHour;
// A clinic checks its patients in with logistics in batches: at most one request per this interval.
inline constexpr Seconds kClinicRequestInterval = 15 * kMinute;
// A case's planned duration is its own duration as the surgeon estimates it: the drawn duration times a
// lognormal error with this log-standard deviation (about 25% either way; assumption, docs/model.md).
inline constexpr double kCaseEstimateSigma = 0.25;
// A team still starts a case whose planned end is at most this long after the session end (lists overrun a
// little rather than cancel; assumption, docs/model.md).
inline constexpr Seconds kTolerableOverrun = 30 * kMinute;
// A theatre holding its list under the `delay` policy looks at its services again this often.
inline constexpr Seconds kDelayRecheck = 5 * kMinute;
// Relative likelihood of admission by acuity 1..5 (scaled so the mix's overall share is admit_share).
inline constexpr std::array<double, kAcuityLevels> kAdmitWeights{3.0, 2.2, 1.3, 0.5, 0.1};
inline constexpr double kEarthRadiusKm = 6371.0;
// Offered load of background admissions relative to the target occupancy (see init_beds).
inline constexpr double kBackgroundOfferedLoad = 1.25;
// A region looks this often whether any of its hospitals is in downtime (surge on_incident).
inline constexpr Seconds kIncidentPoll = 5 * kMinute;
// A boarder not transferred for want of a bed elsewhere is looked at again this often.
inline constexpr Seconds kTransferRecheck = 30 * kMinute;

// Deterministic share counter: the n-th trial is a success iff floor(n*share) > floor((n-1)*share).
bool counter_hit(std::uint64_t& n, double share);

// Largest-remainder rotation: the category most owed (n*share - count), ties to the lowest index.
template <std::size_t N>
int rotate(std::array<std::uint64_t, N>& counts, std::uint64_t& n, const std::array<double, N>& shares) {
  ++n;
  int best = -1;
  double best_owed = -kInfinity;
  for (std::size_t i = 0; i < N; ++i) {
    if (shares[i] <= 0) continue;
    const double owed = n * shares[i] - static_cast<double>(counts[i]);
    if (owed > best_owed + kShareEpsilon) {
      best_owed = owed;
      best = static_cast<int>(i);
    }
  }
  if (best < 0) best = 0;
  ++counts[best];
  return best;
}

// kTransferring: an admitted patient on the way to another hospital's bed (holds that bed, no ED space).
enum class PatientState : std::uint8_t { kTravelling, kWaiting, kTreatment, kBoarding, kTransferring, kGone };

// An ED patient: a plain record, reused once the patient is gone and no scheduled event refers to it.
struct Patient {
  std::uint32_t hospital = 0;  // where the patient presents (after any diversion)
  std::uint32_t diverted_from = kNone;
  int acuity = 3;
  ArrivalMode mode = ArrivalMode::kWalkIn;
  bool from_outpatient = false;
  bool admit = false;
  bool emergency_surgery = false;
  Seconds treatment = 0;  // before time effects
  Seconds patience = kInfinity;
  Seconds length_of_stay = 0;  // inpatient stay if admitted
  Seconds emergency_case = 0;  // before time effects
  double advice_draw = 0;      // uniform for public advice
  bool needs_lab = false;      // drawn only where a downtime turnaround is modelled (ed.tests)
  bool needs_imaging = false;
  Seconds arrival = 0;
  Seconds treatment_start = 0;
  Seconds treatment_end = 0;
  PatientState state = PatientState::kGone;
  int pending_events = 0;  // scheduled events that refer to this patient
};

enum class CaseState : std::uint8_t { kBooked, kCancelled, kPerformed, kMoved };  // kMoved: by mutual aid

// Widest fields first, so that a case is 56 bytes without padding: a national run keeps every case of the
// month, and a theatre reads one case per start.
struct ElectiveCase {
  std::uint64_t id = 0;
  Seconds duration = 0;  // drawn, before time effects
  Seconds planned = 0;   // the duration the list was planned with (estimate of `duration`)
  Seconds length_of_stay = 0;
  Seconds planned_start = -1;           // on today's list
  Seconds listed_from = 0;              // moved_in: the first day start at which it may be listed
  int priority = kPriorityClasses - 1;  // index into kPriorityClassNames (drawn only where read)
  bool inpatient = false;
  bool rebooked = false;
  CaseState state = CaseState::kBooked;
  bool moved_in = false;  // came from another hospital by mutual aid (not offered again)
};
static_assert(sizeof(ElectiveCase) == 56, "an elective case is 56 bytes: mind the field order");

struct EmergencyCase {
  std::uint64_t id = 0;
  Seconds duration = 0;
};

// One theatre's list for the day: cases in planned order with their planned starts.
struct Theatre {
  std::vector<std::uint32_t> list;  // indexes into HospitalState::cases
  std::size_t next = 0;             // the next case to start
  bool busy = false;                // a case is in progress
  bool held = false;                // the `delay` policy holds the list (a recheck is scheduled)
  bool delayed_today = false;       // the list was held today (a case that then no longer fits is a
                                    // downtime cancellation, not a session-time one)
  Seconds free_from = 0;            // the end of the last case + turnover: no case starts before
};

// Which ED test a service provides (by its kind): lab tests (`lab`) or imaging (`pacs`).
enum class TestKind : std::uint8_t { kNone, kLab, kImaging };

// Effects of one service on one activity at one hospital (only services the hospital uses, non-neutral).
struct ServiceEffect {
  std::uint32_t slot;  // index of the service in HospitalState::services
  Effect effect;
  TestKind test = TestKind::kNone;
  // The effect's priority entries by class index (elective: kPriorityClassNames; ED: acuity - 1).
  std::array<EffectOverride, kAcuityLevels> by_class{};
};

// The factors of one effect entry now: adapted to the time since DOWN and to a priority class.
struct EffectFactors {
  double capacity = 1.0;
  double time = 1.0;
  Seconds turnaround = 0.0;
};

// What the hospital's IT state does to an activity now.
struct Condition {
  double capacity = 1.0;       // product of capacity factors of DOWN services
  double time = 1.0;           // product of time factors of DOWN services, times 1/recovery_capacity once
                               // if any affecting service is RECOVERING
  bool capacity_down = false;  // a service with capacity < 1 is DOWN
};

// The downtime test path of an ED patient now.
struct TestDelay {
  Seconds delay = 0.0;  // extra time in the space: the longest (downtime turnaround - usual turnaround)
  bool lab = false;
  bool imaging = false;
};

// Hot first: the members most events read (counters, flags, queues) lead; the streams, the deterministic
// counters and the 168-entry arrival-rate table, each read by few events, come last.
struct EdState {
  bool present = false;
  bool on_diversion = false;
  // Surge: closed (surge_spaces == 0 and no call-in pending), called (staff on the way: opens at
  // surge_opens_at), or open.
  bool surge_called = false;
  bool surge_open = false;
  // Tests (only where an ed_treatment effect of a lab or pacs service gives a downtime turnaround).
  bool tests_modelled = false;
  int waiting = 0;
  int busy = 0;                               // spaces held (treatment or boarding)
  int surge_spaces = 0;                       // open now
  Seconds diversion_changed_at = -kInfinity;  // last change of on_diversion (hysteresis)
  Seconds diversion_recheck_at = -kInfinity;  // a DiversionRecheck is scheduled for then
  Seconds surge_opens_at = kInfinity;
  Seconds crowded_since = kInfinity;  // start of the current (or last) crowding episode; kInfinity: none yet
  Seconds crowd_end = kInfinity;      // when the last episode ended; kInfinity while crowded
  Seconds trigger_clear_since = kInfinity;  // open and without a trigger since then
  const std::string* surge_reason = nullptr;
  std::array<std::deque<std::uint32_t>, kAcuityLevels> queues;  // waiting patients by acuity, FIFO
  std::deque<std::uint32_t> boarders;
  std::array<double, kAcuityLevels> admit_probability{};
  AcuityMixes mixes;
  std::vector<std::pair<double, std::uint32_t>> nearest_eds;  // (road km, hospital) sorted, others only
  std::vector<double> dispatch_credit;  // `weighted` dispatch: per destination hospital, shares owed minus
                                        // ambulances sent (smooth largest-remainder rotation); empty until
                                        // the hospital's first such dispatch
  RandomStream arrivals_stream{0, ""};
  RandomStream patients_stream{0, ""};
  RandomStream outpatient_patients_stream{0, ""};
  RandomStream tests_stream{0, ""};             // "ed/<hospital>/tests": 2 draws per own patient
  RandomStream outpatient_tests_stream{0, ""};  // "outpatient/<hospital>/ed/tests"
  // Deterministic counters.
  std::uint64_t det_ambulance = 0;
  std::array<std::uint64_t, 2> det_patients_by_mode{};
  std::array<std::array<std::uint64_t, kAcuityLevels>, 2> det_acuity_by_mode{};
  std::array<std::uint64_t, kAcuityLevels> det_admit{};
  std::uint64_t det_emergency = 0;
  std::uint64_t det_advice = 0;
  std::array<std::uint64_t, 3> det_advice_counts{};
  std::uint64_t det_outpatient_patients = 0;
  std::array<std::uint64_t, 2> det_outpatient_acuity{};
  std::array<std::uint64_t, kAcuityLevels> det_lab{};
  std::array<std::uint64_t, kAcuityLevels> det_imaging{};
  std::array<double, 24 * 7> arrival_rate{};  // per second, by weekday*24 + hour
};

struct BedState {
  int count = 0;
  int surge = 0;  // surge beds open now (on top of count)
  int target = 0;
  int occupied = 0;
  Seconds background_interval = 0;  // mean time between background admissions
  RandomStream stream{0, ""};
};

struct SurgeryState {
  RandomStream cases_stream{0, ""};
  // Priority classes are drawn (from "surgery/<hospital>/priority", one draw per new case) only where an
  // elective_surgery effect has priority entries or mutual aid reads them.
  bool priority_modelled = false;
  RandomStream priority_stream{0, ""};
  std::array<std::uint64_t, kPriorityClasses> det_priority_counts{};
  std::uint64_t det_priority = 0;
  std::array<std::uint64_t, kPriorityClasses> reduced_counters{};  // `reduced` share counters by class
  std::vector<ElectiveCase> cases;
  std::deque<std::uint32_t> catchup_queue;
  std::deque<std::uint32_t> carried_over;  // booked cases no session had room for: first on the next list
  // Mutual aid: cases accepted from other hospitals, not yet listed, in order of acceptance, and the sum
  // of their planned durations; the offer draws (stochastic) or counters by class (deterministic).
  std::deque<std::uint32_t> aid_queue;
  Seconds aid_held = 0;
  RandomStream aid_stream{0, ""};
  std::array<std::uint64_t, kPriorityClasses> aid_counters{};
  std::vector<Theatre> theatres;
  bool cancel_day_active = false;
  std::uint64_t reduced_counter = 0;
  std::uint64_t det_inpatient = 0;
  std::uint64_t next_case_id = 1;
  std::vector<EmergencyCase> emergency_cases;
  std::deque<std::uint32_t> emergency_queue;
  int emergency_busy = 0;
};

// Today's visits are not stored: visit k (0 <= k < count) is due at visit_time(k), open + (k + 0.5) *
// spacing, and in random mode its patient would go to an ED if cancelled iff bit k of to_ed is set (drawn at
// clinic open, one uniform per visit in visit order).
struct OutpatientState {
  Seconds open = 0;                  // the clinic opened today at this time
  Seconds spacing = 0;               // between visits
  std::uint32_t count = 0;           // visits today
  std::uint32_t next_visit = 0;      // the next visit due
  std::vector<std::uint64_t> to_ed;  // bitset by visit index (random mode), reused day to day
  std::uint64_t reduced_counter = 0;
  std::uint64_t det_to_ed = 0;
  Seconds next_clinic_request = -kInfinity;  // the next check-in request to logistics is due from then
  RandomStream stream{0, ""};                // read at clinic open only

  Seconds visit_time(std::uint32_t k) const { return open + (k + 0.5) * spacing; }
  bool to_ed_draw(std::uint32_t k) const { return (to_ed[k / 64] >> (k % 64)) & 1u; }
};

// A service the hospital uses: its handle in the ServiceView, and its state as last read from the view, in
// the advance_to() call numbered `epoch` when the view's state_version() was `version` (a state is read once
// per call, see state_of()). One record, so one read touches one place.
struct ServiceSlot {
  ServiceView::Pair pair = 0;
  mutable ServiceState state = ServiceState::kUp;
  mutable std::uint64_t epoch = std::numeric_limits<std::uint64_t>::max();
  mutable std::uint64_t version = ServiceView::kUntracked;
};

// Hot first: what nearly every event reads (config, id, the service slots and effects, the outpatient and
// bed counters, the ED's counters and queues) leads; surgery's lists and the distance tables follow.
struct HospitalState {
  const Hospital* config = nullptr;
  const std::string* id = nullptr;
  std::uint32_t region = 0;           // index into Impl::regions
  // Every service of the hospital was UP at the view's state_version() `up_version`, and so in the
  // advance_to() call numbered `up_epoch` (see Impl::all_up()). Kept at the record's start, beside what every
  // event reads first: an event of a hospital whose IT is all up then reads neither its effects nor its
  // service slots.
  mutable bool up = false;
  double recovery_time_factor = 1.0;  // 1 / recovery_capacity
  mutable std::uint64_t up_epoch = std::numeric_limits<std::uint64_t>::max();
  mutable std::uint64_t up_version = ServiceView::kUntracked;
  // The services the hospital uses, by slot (see ServiceSlot).
  std::vector<ServiceSlot> services;
  // Effects by activity (index = Activity).
  std::array<std::vector<ServiceEffect>, kActivityCount> effects;
  // Services with an ed_treatment or admission effect of capacity < 1 (diversion and public advice).
  std::vector<std::uint32_t> downtime_services;  // slots
  // Services with any non-neutral effect at this hospital: one DOWN is an IT incident (surge on_incident).
  std::vector<std::uint32_t> incident_services;       // slots
  std::vector<ServiceView::Pair> triage_requests;     // EHR and logistics services used
  std::vector<ServiceView::Pair> logistics_requests;  // logistics services used
  std::vector<ServiceView::Pair> lab_requests;        // lab services used

  OutpatientState outpatient;
  BedState beds;
  EdState ed;
  SurgeryState surgery;

  std::vector<std::pair<double, std::uint32_t>> nearest_beds;   // (road km, hospital) with beds, others only
  std::vector<std::pair<double, std::uint32_t>> nearest_lists;  // (road km, hospital) with elective lists
};

}  // namespace hospsim::clinical

namespace hospsim {

struct ClinicalModel::Impl {
  using Patient = clinical::Patient;
  using HospitalState = clinical::HospitalState;
  using Condition = clinical::Condition;

  const Scenario& scenario;
  ServiceView& view;
  EventBus& bus;
  ClinicalOptions options;
  bool deterministic;
  Seconds horizon;
  const Policies& policies;

  std::vector<HospitalState> hospitals;
  clinical::Calendar calendar;
  std::uint64_t processed = 0;
  std::uint64_t epoch = 0;  // number of advance_to() calls so far (state cache validity)
  Seconds now = 0;
  bool warming_up = false;       // before t = 0: IT is UP, nothing is emitted, no IT request is made
  bool advice_possible = false;  // some public-advice share (of public_advice or a step) is > 0
  std::vector<Patient> patients;
  std::vector<std::uint32_t> free_patients;
  std::vector<std::vector<std::uint32_t>> regions;  // hospital indexes by region (scenario order)
  std::vector<char> region_incident;                // a hospital of the region is in downtime (last poll)
  std::vector<Seconds> suspended_until;             // diversion suspended in the region until then

  const std::string empty;
  const std::string reason_cancel_case = "cancel_case: services down";
  const std::string reason_cancel_day = "cancel_day: services down";
  const std::string reason_cancel_day_continues = "cancel_day: services still down";
  const std::string reason_reduced = "reduced: capacity";
  const std::string reason_delay = "delay: no longer fits the session after the hold";
  const std::string reason_session = "session time exhausted";
  const std::string reason_no_bed = "no bed";
  const std::string reason_downtime = "downtime";
  const std::string reason_occupancy = "occupancy";
  const std::string reason_cleared = "cleared";
  const std::string reason_suspended = "regional suspension";
  const std::string reason_crowding = "crowding";
  const std::string reason_incident = "incident";
  const std::string reason_stand_down = "stand_down";

  Impl(const Scenario& s, ServiceView& v, EventBus& b, std::uint64_t seed, ClinicalOptions o);

  // ----- model.cc: calendar, construction, warm-up, IT view, dispatch, invariants --------------------------
  void schedule(Seconds time, const clinical::CalendarEvent& event);
  void schedule_patient(Seconds time, const clinical::CalendarEvent& event, std::uint32_t patient);
  std::uint32_t new_patient();
  void release_if_done(std::uint32_t index);
  template <typename Event>
  void emit(const Event& event) {
    if (!warming_up) bus.emit(event);
  }
  void build(std::uint64_t seed);
  void warm_up();
  void on_run_start();
  void process(const clinical::ScheduledEvent& scheduled);
  // Asks the cache for the records the event will read first (hospital, theatre, case, patient): called for
  // the next event while the current one is handled. A hint only: changes no state. Always inlined (model.cc
  // alone uses it): GCC takes a function of prefetches alone for one without effects and drops the calls.
  [[gnu::always_inline]] inline void prefetch(const clinical::CalendarEvent& event) const;
  Seconds next_time_of_day(Seconds t, Seconds time_of_day) const;
  ServiceState state_of(const HospitalState& h, std::uint32_t slot) const;
  // The factors of `entry` now at hospital h while its service is DOWN: adapted to the time since it went
  // DOWN, then replaced by the entry's priority entry for class `klass` (-1: none).
  clinical::EffectFactors factors(const HospitalState& h, const clinical::ServiceEffect& entry,
                                  int klass) const;
  // `klass`: the priority class of the case (elective surgery) or acuity - 1 (ED); -1 for none.
  Condition condition(const HospitalState& h, Activity activity, int klass = -1) const;
  // Every service of the hospital is UP in this advance_to() call (as state_of() reads them).
  bool all_up(const HospitalState& h) const;
  // The extra time an ED patient holds the space for tests whose service is DOWN (ed.tests, turnaround).
  clinical::TestDelay test_delay(const HospitalState& h, const Patient& p) const;
  void draw_tests(HospitalState& h, Patient& p, RandomStream& stream);
  bool in_downtime(const HospitalState& h) const;
  bool in_incident(const HospitalState& h) const;
  void request_all(const std::vector<ServiceView::Pair>& pairs);
  void check_invariants() const;

  // ----- ed.cc ---------------------------------------------------------------------------------------------
  Seconds arrival_after(const HospitalState& h, Seconds t, double mass) const;
  std::uint32_t generate_patient(std::uint32_t i);
  std::uint32_t generate_outpatient_patient(std::uint32_t i);
  void on_ed_arrival(std::uint32_t i);
  void send(std::uint32_t index, Seconds time);
  void present(std::uint32_t index);
  int usable_spaces(const HospitalState& h) const;
  std::uint32_t pop_next_waiting(HospitalState& h);
  void start_treatments(std::uint32_t i);
  void on_patience_end(std::uint32_t index);
  void on_treatment_end(std::uint32_t index);
  void depart(std::uint32_t index, EdOutcome outcome);

  // ----- beds.cc -------------------------------------------------------------------------------------------
  void init_beds(std::uint32_t i, Seconds from);
  Seconds draw_los(RandomStream& stream, const MedianP90& los_days);
  int usable_beds(const HospitalState& h) const;
  bool bed_free(const HospitalState& h) const;
  void set_occupied(std::uint32_t i, int occupied);
  void occupy_bed(std::uint32_t i, Seconds until);
  void admit_boarders(std::uint32_t i);
  void on_bed_discharge(std::uint32_t i);
  void on_background_admission(std::uint32_t i);

  // ----- surgery.cc ----------------------------------------------------------------------------------------
  void on_surgery_day(std::uint32_t i);
  std::vector<std::uint32_t> build_lists(HospitalState& h, const std::vector<std::uint32_t>& today);
  void cancel_case(std::uint32_t i, std::uint32_t c, const std::string& reason, CancellationCause cause);
  void cancel_rest_of_day(std::uint32_t i, const std::string& reason);
  // Mutual aid (docs/model.md "Mutual aid for planned surgery"): offers case c of hospital i, about to be
  // cancelled for downtime, to the nearest hospital that can take it; true when it moved.
  bool offer_mutual_aid(std::uint32_t i, std::uint32_t c);
  // The spare theatre time of hospital j over the acceptance window that starts at `from`.
  Seconds aid_capacity(const HospitalState& h, Seconds from) const;
  // Puts the accepted cases whose time has come on today's lists where they fit in the session.
  void list_aid_cases(std::uint32_t i);
  void on_theatre_ready(std::uint32_t i, std::uint32_t t);
  void on_case_end(std::uint32_t i, std::uint32_t t, std::uint32_t c);
  void on_rebook(std::uint32_t i, std::uint32_t c);
  void start_emergency_case(std::uint32_t i, Seconds duration);
  void start_emergency_cases(std::uint32_t i);
  void on_emergency_end(std::uint32_t i, std::uint32_t index);
  std::vector<std::uint64_t> backlog_ids(const HospitalState& h) const;

  // ----- outpatient.cc -------------------------------------------------------------------------------------
  void on_clinic_open(std::uint32_t i);
  void on_visit(std::uint32_t i);
  void cancel_visit(std::uint32_t i, std::uint32_t k);  // visit k of today

  // ----- diversion.cc --------------------------------------------------------------------------------------
  void init_distances();
  bool update_diversion(std::uint32_t i);
  std::uint32_t nearest_open_ed(std::uint32_t i, double* road_km);
  // The ED a diverted ambulance of hospital i with a patient of `acuity` goes to by policies.dispatch, or
  // kNone when every other ED is on diversion.
  std::uint32_t dispatch_ed(std::uint32_t i, int acuity, double* road_km);
  Seconds travel_time(double road_km) const;
  // Public advice for a walk-in of hospital i's own stream while it is in downtime: true when the patient
  // was sent elsewhere or stayed home (the patient is then taken care of).
  bool advise_walk_in(std::uint32_t i, std::uint32_t index);
  std::pair<double, double> advice_shares(const HospitalState& h) const;
  // An ambulance of a hospital on diversion: true when it was sent to another ED.
  bool divert_ambulance(std::uint32_t i, std::uint32_t index);
  // Regional cap: whether hospital i may go on diversion now (diversion.max_diverting, max_diverting_share).
  bool cap_allows(std::uint32_t i) const;
  void schedule_diversion_recheck(std::uint32_t i, Seconds at);
  // cap_action "suspend": takes every ED of region r off diversion until now + suspend_for.
  void suspend_diversion(std::uint32_t r);

  // ----- regional.cc ---------------------------------------------------------------------------------------
  void init_regions();
  // Re-evaluates hospital i's surge state after its ED load, its region's incident state or time changed.
  void update_surge(std::uint32_t i);
  void open_surge(std::uint32_t i);
  void close_surge(std::uint32_t i);
  void on_incident_poll();
  // A patient starts boarding at hospital i: schedules its transfer check when transfers are enabled.
  void start_boarding(std::uint32_t i, std::uint32_t index);
  void on_boarding_check(std::uint32_t index);
  void on_transfer_arrival(std::uint32_t index);
  // Everything that follows a change of hospital i's ED load: boarders to beds, waiting patients to spaces,
  // diversion and surge re-evaluated.
  void after_ed_change(std::uint32_t i);
};

}  // namespace hospsim
