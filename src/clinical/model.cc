// ClinicalModel: construction, warm-up, the IT view, dispatch of calendar events and the invariant checks.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

#include "clinical/model.h"

namespace hospsim {
namespace clinical {

bool counter_hit(std::uint64_t& n, double share) {
  ++n;
  return std::floor(n * share + kShareEpsilon) > std::floor((n - 1) * share + kShareEpsilon);
}

namespace {

// Normalises a profile to mean 1; an all-zero (or negative-sum) profile becomes flat.
template <std::size_t N>
std::array<double, N> normalised(const std::array<double, N>& profile) {
  double sum = 0;
  for (double v : profile) sum += v;
  std::array<double, N> out;
  for (std::size_t i = 0; i < N; ++i) out[i] = sum > 0 ? profile[i] * N / sum : 1.0;
  return out;
}

}  // namespace
}  // namespace clinical

using namespace clinical;

ClinicalModel::Impl::Impl(const Scenario& s, ServiceView& v, EventBus& b, std::uint64_t seed,
                          ClinicalOptions o)
    : scenario(s),
      view(v),
      bus(b),
      options(o),
      deterministic(s.deterministic),
      horizon(s.horizon),
      policies(s.policies) {
  build(seed);
  warm_up();
}

// ----- calendar -----------------------------------------------------------------------------------------

void ClinicalModel::Impl::schedule(Seconds time, const CalendarEvent& event) {
  if (!(time < horizon)) return;
  calendar.push(time, event);
}

void ClinicalModel::Impl::schedule_patient(Seconds time, const CalendarEvent& event, std::uint32_t patient) {
  if (!(time < horizon)) return;
  ++patients[patient].pending_events;
  calendar.push(time, event);
}

std::uint32_t ClinicalModel::Impl::new_patient() {
  if (!free_patients.empty()) {
    const std::uint32_t index = free_patients.back();
    free_patients.pop_back();
    patients[index] = Patient{};
    return index;
  }
  patients.emplace_back();
  return static_cast<std::uint32_t>(patients.size() - 1);
}

void ClinicalModel::Impl::release_if_done(std::uint32_t index) {
  const Patient& p = patients[index];
  if (p.state == PatientState::kGone && p.pending_events == 0) free_patients.push_back(index);
}

// ----- construction -------------------------------------------------------------------------------------

void ClinicalModel::Impl::build(std::uint64_t seed) {
  advice_possible = policies.walk_in_elsewhere_share > 0 || policies.walk_in_stay_home_share > 0;
  for (const AdviceStep& step : policies.advice_adapt) {
    advice_possible = advice_possible || step.elsewhere_share > 0 || step.stay_home_share > 0;
  }
  hospitals.resize(scenario.hospitals.size());
  std::uint32_t index = 0;
  for (const auto& [id, config] : scenario.hospitals) {
    HospitalState& h = hospitals[index++];
    h.config = &config;
    h.id = &id;
    h.recovery_time_factor =
        config.downtime.recovery_capacity > 0 ? 1.0 / config.downtime.recovery_capacity : 1.0;
    for (const std::string& service_id : config.uses) {
      const auto slot = static_cast<std::uint32_t>(h.services.size());
      const ServiceView::Pair pair = view.pair(id, service_id);
      h.services.push_back(ServiceSlot{pair});
      bool downtime_service = false;
      bool incident_service = false;
      auto found = scenario.services.find(service_id);
      const std::string kind = found != scenario.services.end() ? found->second.kind : std::string();
      const TestKind test = kind == "lab" ? TestKind::kLab : kind == "pacs" ? TestKind::kImaging : TestKind::kNone;
      for (int a = 0; a < kActivityCount; ++a) {
        const auto activity = static_cast<Activity>(a);
        const Effect e = scenario.effect(config, service_id, activity);
        if (e.neutral()) continue;
        incident_service = true;
        ServiceEffect entry{slot, e};
        if (activity == Activity::kEdTreatment) {
          entry.test = test;
          bool turnaround = e.turnaround > 0;
          for (const EffectStep& step : e.adapt) turnaround = turnaround || step.turnaround > 0;
          for (int level = 0; level < kAcuityLevels; ++level) {
            auto override = e.priority.find(std::to_string(level + 1));
            if (override == e.priority.end()) continue;
            entry.by_class[level] = override->second;
            turnaround = turnaround || override->second.turnaround.value_or(0) > 0;
          }
          if (turnaround && test != TestKind::kNone) h.ed.tests_modelled = true;
        } else if (activity == Activity::kElectiveSurgery) {
          for (int k = 0; k < kPriorityClasses; ++k) {
            auto override = e.priority.find(kPriorityClassNames[k]);
            if (override == e.priority.end()) continue;
            entry.by_class[k] = override->second;
            h.surgery.priority_modelled = true;
          }
        }
        h.effects[a].push_back(entry);
        // Whether the service can put the ED in downtime: its capacity for ED treatment or admissions is
        // below 1 at some time of a DOWN episode.
        bool reduces = e.capacity < 1.0;
        for (const EffectStep& step : e.adapt) reduces = reduces || step.capacity < 1.0;
        if (reduces && (activity == Activity::kEdTreatment || activity == Activity::kAdmission)) {
          downtime_service = true;
        }
      }
      if (downtime_service) h.downtime_services.push_back(slot);
      if (incident_service) h.incident_services.push_back(slot);
      if (kind == "ehr" || kind == "logistics") h.triage_requests.push_back(pair);
      if (kind == "logistics") h.logistics_requests.push_back(pair);
      if (kind == "lab") h.lab_requests.push_back(pair);
    }
    h.ed.arrivals_stream = RandomStream(seed, "ed/" + id + "/arrivals");
    h.ed.patients_stream = RandomStream(seed, "ed/" + id + "/patients");
    h.ed.outpatient_patients_stream = RandomStream(seed, "outpatient/" + id + "/ed");
    h.beds.stream = RandomStream(seed, "beds/" + id);
    h.surgery.cases_stream = RandomStream(seed, "surgery/" + id + "/cases");
    h.outpatient.stream = RandomStream(seed, "outpatient/" + id);
    h.ed.tests_stream = RandomStream(seed, "ed/" + id + "/tests");
    h.ed.outpatient_tests_stream = RandomStream(seed, "outpatient/" + id + "/ed/tests");
    h.surgery.priority_stream = RandomStream(seed, "surgery/" + id + "/priority");
    h.surgery.aid_stream = RandomStream(seed, "surgery/" + id + "/mutual_aid");
    if (policies.mutual_aid) {
      const auto& share = policies.aid_share;
      if (*std::min_element(share.begin(), share.end()) != *std::max_element(share.begin(), share.end())) {
        h.surgery.priority_modelled = true;  // the offers depend on the class
      }
    }

    h.ed.present = config.has_ed && config.ed.arrivals_per_day >= 0;
    if (config.has_ed) {
      const EdConfig& ed = config.ed;
      const auto hourly = normalised(ed.hourly_profile);
      const auto weekday = normalised(ed.weekday_profile);
      for (int d = 0; d < 7; ++d) {
        for (int hour = 0; hour < 24; ++hour) {
          h.ed.arrival_rate[d * 24 + hour] = ed.arrivals_per_day / kDay * hourly[hour] * weekday[d];
        }
      }
      h.ed.mixes = acuity_mixes(ed);
      double mix = 0;
      for (int a = 0; a < kAcuityLevels; ++a) mix += ed.acuity_shares[a] * kAdmitWeights[a];
      for (int a = 0; a < kAcuityLevels; ++a) {
        h.ed.admit_probability[a] = mix > 0 ? std::min(1.0, ed.admit_share * kAdmitWeights[a] / mix) : 0.0;
      }
    }
    h.surgery.theatres.resize(std::max(0, config.surgery.theatres));
  }
  init_distances();

  // Everything but the clinics starts at -warmup; the clinics start at 0 (a visit before the start would
  // change nothing that is counted).
  const Seconds from = -scenario.warmup;
  now = from;
  schedule(0.0, RunStarts{});
  init_regions();
  for (std::uint32_t i = 0; i < hospitals.size(); ++i) {
    HospitalState& h = hospitals[i];
    init_beds(i, from);
    if (h.ed.present) {
      const double mass = deterministic ? 0.5 : h.ed.arrivals_stream.exponential(1.0);
      schedule(arrival_after(h, from, mass), EdArrivalDue{i});
    }
    const SurgeryConfig& surgery = h.config->surgery;
    if (!h.surgery.theatres.empty()) {
      schedule(next_time_of_day(from, surgery.day_start), SurgeryDayStarts{i});
    }
    bool has_visits = false;
    for (int v : h.config->outpatient.visits_per_weekday) has_visits = has_visits || v > 0;
    if (has_visits) schedule(next_time_of_day(0.0, h.config->outpatient.open), ClinicOpens{i});
  }
}

// Runs every event before t = 0 with IT UP, emitting nothing and requesting nothing.
void ClinicalModel::Impl::warm_up() {
  warming_up = true;
  while (!calendar.empty() && calendar.top().time < 0.0) {
    const ScheduledEvent e = calendar.top();
    calendar.pop();
    if (!calendar.empty()) prefetch(calendar.top().event);
    now = e.time;
    process(e);
  }
  warming_up = false;
  now = 0.0;
}

void ClinicalModel::Impl::on_run_start() {
  // Patients in treatment, per hospital, in one pass over the records (spaces held = treatment + boarding).
  std::vector<int> treatment(hospitals.size(), 0);
  for (const Patient& p : patients) {
    if (p.state == PatientState::kTreatment) ++treatment[p.hospital];
  }
  for (std::uint32_t i = 0; i < hospitals.size(); ++i) {
    HospitalState& h = hospitals[i];
    const std::vector<std::uint64_t> backlog = backlog_ids(h);
    emit(InitialState{now, *h.id, h.ed.waiting, treatment[i], static_cast<int>(h.ed.boarders.size()), backlog,
                      h.ed.surge_spaces, h.beds.surge});
    // A hospital the warm-up left on diversion (occupancy is the only cause with IT UP) is on it from t = 0:
    // announced like any change, so the diversion hours, the timeline and the incident log count it.
    if (h.ed.on_diversion) emit(DiversionChanged{now, *h.id, true, reason_occupancy});
    if (h.beds.count > 0) set_occupied(i, h.beds.occupied);
  }
}

// The first time >= t whose local time of day is `time_of_day`.
Seconds ClinicalModel::Impl::next_time_of_day(Seconds t, Seconds time_of_day) const {
  Seconds candidate = t - scenario.time_of_day(t) + time_of_day;
  if (candidate < t) candidate += kDay;
  return candidate;
}

// ----- IT view ------------------------------------------------------------------------------------------

// The state of the hospital's service `slot`, read from the view once per advance_to() call: at the first
// use in the call, the state then. When the view's state_version() is what it was at the last read, the
// state is still the one read then, so the view is not asked.
ServiceState ClinicalModel::Impl::state_of(const HospitalState& h, std::uint32_t slot) const {
  if (warming_up) return ServiceState::kUp;
  const ServiceSlot& service = h.services[slot];
  if (service.epoch != epoch) {
    const std::uint64_t version = view.state_version();
    if (version == ServiceView::kUntracked || version != service.version) {
      service.state = view.pair_state(service.pair);
      service.version = version;
    }
    service.epoch = epoch;
  }
  return service.state;
}

EffectFactors ClinicalModel::Impl::factors(const HospitalState& h, const ServiceEffect& entry, int klass) const {
  const Effect& e = entry.effect;
  EffectFactors f{e.capacity, e.time, e.turnaround};
  if (!e.adapt.empty()) {
    const Seconds down_for = now - view.pair_since(h.services[entry.slot].pair);
    for (const EffectStep& step : e.adapt) {
      if (down_for + kShareEpsilon < step.after) break;
      f = EffectFactors{step.capacity, step.time, step.turnaround};
    }
  }
  if (klass >= 0) {
    const EffectOverride& o = entry.by_class[klass];
    if (o.capacity) f.capacity = *o.capacity;
    if (o.time) f.time = *o.time;
    if (o.turnaround) f.turnaround = *o.turnaround;
  }
  return f;
}

// Every service of the hospital is UP in this advance_to() call: the states state_of() gives. Asked once per
// call and hospital; between calls, while the view's state_version() is unchanged, the answer holds without
// reading a slot.
bool ClinicalModel::Impl::all_up(const HospitalState& h) const {
  if (warming_up) return true;
  if (h.up_epoch == epoch) return h.up;
  const std::uint64_t version = view.state_version();
  if (version == ServiceView::kUntracked || version != h.up_version) {
    h.up = true;
    for (std::uint32_t slot = 0; slot < h.services.size() && h.up; ++slot) {
      h.up = state_of(h, slot) == ServiceState::kUp;
    }
    h.up_version = version;
  }
  h.up_epoch = epoch;
  return h.up;
}

Condition ClinicalModel::Impl::condition(const HospitalState& h, Activity activity, int klass) const {
  Condition c;
  if (all_up(h)) return c;
  bool recovering = false;
  for (const ServiceEffect& entry : h.effects[static_cast<int>(activity)]) {
    const ServiceState state = state_of(h, entry.slot);
    if (state == ServiceState::kDown) {
      const EffectFactors f = factors(h, entry, klass);
      c.capacity *= f.capacity;
      c.time *= f.time;
      if (f.capacity < 1.0) c.capacity_down = true;
    } else if (state == ServiceState::kRecovering) {
      recovering = true;
    }
  }
  // The documentation backlog of a recovery slows the activity once, however many services recover.
  if (recovering) c.time *= h.recovery_time_factor;
  return c;
}

// A service with an ed_treatment or admission effect of capacity < 1 is DOWN (diversion, public advice).
bool ClinicalModel::Impl::in_downtime(const HospitalState& h) const {
  if (all_up(h)) return false;
  for (std::uint32_t slot : h.downtime_services) {
    if (state_of(h, slot) == ServiceState::kDown) return true;
  }
  return false;
}

bool ClinicalModel::Impl::in_incident(const HospitalState& h) const {
  if (all_up(h)) return false;
  for (std::uint32_t slot : h.incident_services) {
    if (state_of(h, slot) == ServiceState::kDown) return true;
  }
  return false;
}

void ClinicalModel::Impl::request_all(const std::vector<ServiceView::Pair>& pairs) {
  if (warming_up) return;
  for (ServiceView::Pair pair : pairs) view.pair_request(pair);
}

// ----- dispatch -----------------------------------------------------------------------------------------

namespace {
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;
}  // namespace

void ClinicalModel::Impl::process(const ScheduledEvent& scheduled) {
  ++processed;
  std::visit(Overloaded{
                 [&](const RunStarts&) { on_run_start(); },
                 [&](const EdArrivalDue& e) { on_ed_arrival(e.hospital); },
                 [&](const PatientPresents& e) {
                   --patients[e.patient].pending_events;
                   present(e.patient);
                 },
                 [&](const PatienceEnds& e) { on_patience_end(e.patient); },
                 [&](const TreatmentEnds& e) { on_treatment_end(e.patient); },
                 [&](const BedDischarge& e) { on_bed_discharge(e.hospital); },
                 [&](const BackgroundAdmission& e) { on_background_admission(e.hospital); },
                 [&](const SurgeryDayStarts& e) { on_surgery_day(e.hospital); },
                 [&](const TheatreReady& e) { on_theatre_ready(e.hospital, e.theatre); },
                 [&](const ElectiveCaseEnds& e) { on_case_end(e.hospital, e.theatre, e.elective_case); },
                 [&](const CaseRebooked& e) { on_rebook(e.hospital, e.elective_case); },
                 [&](const EmergencyCaseEnds& e) { on_emergency_end(e.hospital, e.emergency_case); },
                 [&](const ClinicOpens& e) { on_clinic_open(e.hospital); },
                 [&](const VisitDue& e) { on_visit(e.hospital); },
                 [&](const DiversionRecheck& e) {
                   hospitals[e.hospital].ed.diversion_recheck_at = -kInfinity;
                   update_diversion(e.hospital);
                 },
                 [&](const SurgeDue& e) {
                   EdState& ed = hospitals[e.hospital].ed;
                   if (ed.surge_called && now >= ed.surge_opens_at) open_surge(e.hospital);
                   update_surge(e.hospital);
                 },
                 [&](const IncidentPoll&) { on_incident_poll(); },
                 [&](const BoardingCheck& e) { on_boarding_check(e.patient); },
                 [&](const TransferArrives& e) { on_transfer_arrival(e.patient); },
             },
             scheduled.event);
  if (options.check_invariants) check_invariants();
}

namespace {
// Calls f with the alternative `event` holds, by a chain of index compares the compiler inlines (std::visit
// of 19 alternatives calls through a table of function pointers).
template <class F, std::size_t... I>
[[gnu::always_inline]] inline void visit_inline(const CalendarEvent& event, F&& f,
                                                std::index_sequence<I...>) {
  (void)((event.index() == I && (f(*std::get_if<I>(&event)), true)) || ...);
}
// Always inlined: GCC finds a function of prefetches alone free of effects and drops calls to it. The
// addresses are integers: a range may run past its array's end (a prefetch never faults), where pointer
// arithmetic would not be defined.
template <std::size_t Bytes>
[[gnu::always_inline]] inline void prefetch_lines(const void* p) {
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  for (std::size_t k = 0; k < Bytes; k += 64) __builtin_prefetch(reinterpret_cast<const void*>(at + k));
  // The last line too: a record need not start at a line.
  __builtin_prefetch(reinterpret_cast<const void*>(at + Bytes - 1));
}
// The lines of a hospital's record most events read first: the record's start and the ED's counters.
[[gnu::always_inline]] inline void prefetch_hospital(const HospitalState& h) {
  prefetch_lines<512>(&h);
  prefetch_lines<128>(&h.ed);
}
}  // namespace

// What an event reads first: its hospital's record (the first lines: config, IT state, effects, outpatient
// and bed counters; the ED's counters). For a theatre event, also the theatre and its list's next entry,
// and the case the theatre will look at: the one TheatreReady names as a hint, or for a case's end the
// case and the one after it (build_lists() fills theatres in case order, so that one is the list's next
// more often than not: at 56 % of the case ends with a next case in the generated 200-hospital run). For
// a patient's event, the patient's record and the record of the hospital it was at when the event was
// scheduled (hospital_hint). At a national run these are no longer in the cache when their event comes;
// asked for one event ahead, the wait for them overlaps the current event's work. A stale hint or a wrong
// guess costs one useless prefetch: the handlers read none of it.
void ClinicalModel::Impl::prefetch(const CalendarEvent& event) const {
  visit_inline(
      event,
      [&](const auto& e) __attribute__((always_inline)) {
        if constexpr (requires { e.hospital; }) {
          const HospitalState& h = hospitals[e.hospital];
          prefetch_hospital(h);
          if constexpr (requires { e.theatre; }) {
            const Theatre& theatre = h.surgery.theatres.data()[e.theatre];
            __builtin_prefetch(&theatre);
            if (!theatre.list.empty()) __builtin_prefetch(theatre.list.data() + theatre.next);
          }
          if constexpr (requires { e.elective_case; }) {
            prefetch_lines<2 * sizeof(ElectiveCase)>(h.surgery.cases.data() + e.elective_case);
          }
          if constexpr (requires { e.elective_case_hint; }) {
            prefetch_lines<sizeof(ElectiveCase)>(h.surgery.cases.data() + e.elective_case_hint);
          }
        } else if constexpr (requires { e.patient; }) {
          prefetch_lines<sizeof(Patient)>(&patients[e.patient]);
          prefetch_hospital(hospitals[e.hospital_hint]);
        }
      },
      std::make_index_sequence<std::variant_size_v<CalendarEvent>>{});
}

// Per hospital: the counters equal the number of patient records in each state, the queues hold exactly the
// waiting patients (each once, of the right hospital and acuity), boarders are boarding, beds within bounds.
void ClinicalModel::Impl::check_invariants() const {
  auto fail = [&](const HospitalState& h, const char* what) {
    std::fprintf(stderr, "clinical invariant broken at t=%.17g, hospital %s: %s\n", now, h.id->c_str(), what);
    std::abort();
  };
  std::vector<int> waiting(hospitals.size(), 0), treatment(hospitals.size(), 0), boarding(hospitals.size(), 0);
  for (const Patient& p : patients) {
    if (p.state == PatientState::kWaiting) ++waiting[p.hospital];
    if (p.state == PatientState::kTreatment) ++treatment[p.hospital];
    if (p.state == PatientState::kBoarding) ++boarding[p.hospital];
  }
  for (std::uint32_t i = 0; i < hospitals.size(); ++i) {
    const HospitalState& h = hospitals[i];
    std::size_t queued = 0;
    for (int a = 0; a < kAcuityLevels; ++a) {
      for (std::uint32_t index : h.ed.queues[a]) {
        const Patient& p = patients[index];
        if (p.state != PatientState::kWaiting || p.hospital != i || p.acuity != a + 1) {
          fail(h, "a queue holds a patient who is not waiting there");
        }
      }
      queued += h.ed.queues[a].size();
    }
    if (static_cast<int>(queued) != h.ed.waiting || h.ed.waiting != waiting[i]) {
      fail(h, "waiting counter, queues and waiting patients differ");
    }
    if (h.ed.busy != treatment[i] + boarding[i]) fail(h, "spaces held differ from patients holding them");
    if (static_cast<int>(h.ed.boarders.size()) != boarding[i]) fail(h, "boarder list differs");
    for (std::uint32_t index : h.ed.boarders) {
      if (patients[index].hospital != i || patients[index].state != PatientState::kBoarding) {
        fail(h, "the boarder list holds a patient who is not boarding there");
      }
    }
    // Surge beds closed with patients in them stay occupied until those leave.
    if (h.beds.occupied < 0 || (h.beds.count > 0 && h.beds.occupied > h.beds.count + h.config->ed.surge.beds)) {
      fail(h, "beds out of range");
    }
    if (h.surgery.emergency_busy < 0) fail(h, "emergency theatres busy < 0");
    Seconds held = 0;
    for (std::uint32_t c : h.surgery.aid_queue) {
      const ElectiveCase& ec = h.surgery.cases[c];
      if (!ec.moved_in || ec.state != CaseState::kBooked) fail(h, "the mutual-aid queue holds a case not moved in");
      held += ec.planned;
    }
    if (std::fabs(held - h.surgery.aid_held) > 1e-6 * (1.0 + held)) fail(h, "mutual-aid time held differs");
  }
}

// ----- public face --------------------------------------------------------------------------------------

ClinicalModel::ClinicalModel(const Scenario& scenario, ServiceView& services, EventBus& bus,
                             std::uint64_t seed, ClinicalOptions options)
    : impl_(std::make_unique<Impl>(scenario, services, bus, seed, options)) {}

ClinicalModel::~ClinicalModel() = default;

Seconds ClinicalModel::next_event_time() const {
  if (impl_->calendar.empty()) return kInfinity;
  const Seconds t = impl_->calendar.top().time;
  return t < impl_->horizon ? t : kInfinity;
}

void ClinicalModel::advance_to(Seconds t) {
  Impl& impl = *impl_;
  ++impl.epoch;
  while (!impl.calendar.empty()) {
    const ScheduledEvent e = impl.calendar.top();
    if (e.time > t || !(e.time < impl.horizon)) break;
    impl.calendar.pop();
    if (!impl.calendar.empty()) impl.prefetch(impl.calendar.top().event);
    impl.now = e.time;
    impl.process(e);
  }
  if (t > impl.now && t < impl.horizon) impl.now = t;
}

std::uint64_t ClinicalModel::processed_events() const { return impl_->processed; }

}  // namespace hospsim
