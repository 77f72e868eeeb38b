// ClinicalModel, emergency department: arrivals, patients, the treatment queue, LWBS and departures.
#include <algorithm>
#include <cmath>

#include "clinical/model.h"

namespace hospsim {

using namespace clinical;

// The time at which the cumulative arrival intensity from t reaches `mass`, or +inf (none before horizon).
Seconds ClinicalModel::Impl::arrival_after(const HospitalState& h, Seconds t, double mass) const {
  if (mass <= 0) return t;
  while (t < horizon) {
    // The hour is read a microsecond after t, so that a t a rounding error short of an hour boundary
    // belongs to the next hour (segments are then never empty).
    const Seconds probe = t + 1e-6;
    const Seconds tod = scenario.time_of_day(probe);
    const int hour = std::min(23, static_cast<int>(tod / kHour));
    const double rate = h.ed.arrival_rate[scenario.weekday_at(probe) * 24 + hour];
    const Seconds segment = probe - tod + (hour + 1) * kHour - t;
    if (rate * segment >= mass) return t + mass / rate;
    mass -= rate * segment;
    t += segment;
  }
  return kInfinity;
}

// Draws every attribute of a new ED patient of hospital i (fixed number of draws per patient): arrival mode
// first, then acuity from that mode's mix.
std::uint32_t ClinicalModel::Impl::generate_patient(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  const EdConfig& ed = h.config->ed;
  const std::uint32_t index = new_patient();
  Patient& p = patients[index];
  p.hospital = i;
  p.arrival = now;
  if (deterministic) {
    p.mode = counter_hit(h.ed.det_ambulance, ed.ambulance_share) ? ArrivalMode::kAmbulance : ArrivalMode::kWalkIn;
    const int m = p.mode == ArrivalMode::kAmbulance ? 1 : 0;
    const auto& mix = m == 1 ? h.ed.mixes.ambulance : h.ed.mixes.walk_in;
    p.acuity = rotate(h.ed.det_acuity_by_mode[m], h.ed.det_patients_by_mode[m], mix) + 1;
    p.treatment = ed.treatment_minutes.median * ed.treatment_factor[p.acuity - 1] * kMinute;
    p.patience = ed.patience_minutes * kMinute;
    p.admit = counter_hit(h.ed.det_admit[p.acuity - 1], h.ed.admit_probability[p.acuity - 1]);
    p.length_of_stay = h.config->beds.los_days.median * kDay;
    p.emergency_surgery = p.admit && counter_hit(h.ed.det_emergency, h.config->surgery.emergency_share);
    p.emergency_case = h.config->surgery.emergency_case_minutes.median * kMinute;
    p.advice_draw = 0;
  } else {
    RandomStream& r = h.ed.patients_stream;
    p.mode = r.uniform() < ed.ambulance_share ? ArrivalMode::kAmbulance : ArrivalMode::kWalkIn;
    const auto& mix = p.mode == ArrivalMode::kAmbulance ? h.ed.mixes.ambulance : h.ed.mixes.walk_in;
    p.acuity = r.categorical(mix.data(), kAcuityLevels) + 1;
    const double median = ed.treatment_minutes.median * ed.treatment_factor[p.acuity - 1];
    if (options.exponential_treatment) {
      p.treatment = r.exponential(median) * kMinute;
    } else {
      const double p90 = ed.treatment_minutes.p90 * ed.treatment_factor[p.acuity - 1];
      p.treatment = r.lognormal(median, std::max(p90, median)) * kMinute;
    }
    p.patience = r.exponential(ed.patience_minutes) * kMinute;
    p.admit = r.uniform() < h.ed.admit_probability[p.acuity - 1];
    p.length_of_stay = r.lognormal(h.config->beds.los_days.median,
                                   std::max(h.config->beds.los_days.p90, h.config->beds.los_days.median)) *
                       kDay;
    const bool emergency = r.uniform() < h.config->surgery.emergency_share;
    p.emergency_surgery = p.admit && emergency;
    const MedianP90& ec = h.config->surgery.emergency_case_minutes;
    p.emergency_case = r.lognormal(ec.median, std::max(ec.p90, ec.median)) * kMinute;
    p.advice_draw = r.uniform();
  }
  if (p.acuity <= 3) p.patience = kInfinity;
  if (h.ed.tests_modelled) draw_tests(h, p, h.ed.tests_stream);
  p.state = PatientState::kTravelling;
  return index;
}

// Whether patient p of hospital h (the ED where the patient was generated) needs a lab test and imaging:
// two uniforms from `stream` in random mode, one counter per acuity and kind in deterministic mode.
void ClinicalModel::Impl::draw_tests(HospitalState& h, Patient& p, RandomStream& stream) {
  const EdConfig& ed = h.config->ed;
  const int a = p.acuity - 1;
  if (deterministic) {
    p.needs_lab = counter_hit(h.ed.det_lab[a], ed.lab_share[a]);
    p.needs_imaging = counter_hit(h.ed.det_imaging[a], ed.imaging_share[a]);
  } else {
    p.needs_lab = stream.uniform() < ed.lab_share[a];
    p.needs_imaging = stream.uniform() < ed.imaging_share[a];
  }
}

// Tests run in parallel: the patient waits for the slowest test whose service is DOWN with a downtime
// turnaround; a test of the usual path is part of the treatment time already.
TestDelay ClinicalModel::Impl::test_delay(const HospitalState& h, const Patient& p) const {
  TestDelay out;
  if (!h.ed.tests_modelled || !(p.needs_lab || p.needs_imaging)) return out;
  const EdConfig& ed = h.config->ed;
  for (const ServiceEffect& entry : h.effects[static_cast<int>(Activity::kEdTreatment)]) {
    const bool lab = entry.test == TestKind::kLab && p.needs_lab;
    const bool imaging = entry.test == TestKind::kImaging && p.needs_imaging;
    if (!(lab || imaging) || state_of(h, entry.slot) != ServiceState::kDown) continue;
    const Seconds turnaround = factors(h, entry, p.acuity - 1).turnaround;
    const Seconds extra = turnaround - (lab ? ed.lab_turnaround : ed.imaging_turnaround);
    if (turnaround <= 0 || extra <= 0) continue;
    out.delay = std::max(out.delay, extra);
    out.lab = out.lab || lab;
    out.imaging = out.imaging || imaging;
  }
  return out;
}

// A cancelled outpatient presenting at ED `i`: acuity 4 or 5 (in the ED's 4:5 ratio), walk-in, never
// admitted; drawn from "outpatient/<ed hospital>/ed".
std::uint32_t ClinicalModel::Impl::generate_outpatient_patient(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  const EdConfig& ed = h.config->ed;
  const std::uint32_t index = new_patient();
  Patient& p = patients[index];
  p.hospital = i;
  p.from_outpatient = true;
  p.mode = ArrivalMode::kWalkIn;
  std::array<double, 2> shares{ed.acuity_shares[3], ed.acuity_shares[4]};
  if (shares[0] + shares[1] <= 0) shares = {0.0, 1.0};
  if (deterministic) {
    p.acuity = 4 + rotate(h.ed.det_outpatient_acuity, h.ed.det_outpatient_patients, shares);
    p.treatment = ed.treatment_minutes.median * ed.treatment_factor[p.acuity - 1] * kMinute;
    p.patience = ed.patience_minutes * kMinute;
  } else {
    RandomStream& r = h.ed.outpatient_patients_stream;
    p.acuity = 4 + r.categorical(shares.data(), 2);
    const double median = ed.treatment_minutes.median * ed.treatment_factor[p.acuity - 1];
    const double p90 = std::max(median, ed.treatment_minutes.p90 * ed.treatment_factor[p.acuity - 1]);
    p.treatment = r.lognormal(median, p90) * kMinute;
    p.patience = r.exponential(ed.patience_minutes) * kMinute;
  }
  if (h.ed.tests_modelled) draw_tests(h, p, h.ed.outpatient_tests_stream);
  p.state = PatientState::kTravelling;
  return index;
}

void ClinicalModel::Impl::on_ed_arrival(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  // Schedule the next arrival first (the arrival stream never depends on anything else).
  const double mass = deterministic ? 1.0 : h.ed.arrivals_stream.exponential(1.0);
  schedule(arrival_after(h, now, mass), EdArrivalDue{i});

  const std::uint32_t index = generate_patient(i);
  if (patients[index].mode == ArrivalMode::kAmbulance) {
    if (divert_ambulance(i, index)) return;
  } else if (advise_walk_in(i, index)) {
    return;
  }
  present(index);
}

// The patient travels to p.hospital and presents at `time` (now if time == now).
void ClinicalModel::Impl::send(std::uint32_t index, Seconds time) {
  if (time <= now) {
    present(index);
    return;
  }
  schedule_patient(time, PatientPresents{index, patients[index].hospital}, index);
  if (patients[index].pending_events == 0) {  // beyond the horizon
    patients[index].state = PatientState::kGone;
    release_if_done(index);
  }
}

void ClinicalModel::Impl::present(std::uint32_t index) {
  Patient& p = patients[index];
  const std::uint32_t i = p.hospital;
  HospitalState& h = hospitals[i];
  p.arrival = now;
  p.state = PatientState::kWaiting;
  emit(EdArrival{now, *h.id, p.acuity, p.mode,
                 p.diverted_from == kNone ? empty : *hospitals[p.diverted_from].id, p.from_outpatient});
  request_all(h.triage_requests);
  h.ed.queues[p.acuity - 1].push_back(index);
  ++h.ed.waiting;
  if (p.patience < kInfinity) schedule_patient(now + p.patience, PatienceEnds{index, p.hospital}, index);
  admit_boarders(i);
  start_treatments(i);
  update_diversion(i);
}

int ClinicalModel::Impl::usable_spaces(const HospitalState& h) const {
  const int spaces = h.config->ed.treatment_spaces + h.ed.surge_spaces;
  const Condition c = condition(h, Activity::kEdTreatment);
  if (c.capacity >= 1.0) return spaces;
  if (c.capacity <= 0.0) return 0;
  return std::max(1, static_cast<int>(std::floor(spaces * c.capacity + kShareEpsilon)));
}

// The most urgent waiting patient, first come first served within an acuity level. The queues hold exactly
// the patients waiting at this hospital (a patient who leaves unseen is removed from its queue at once).
std::uint32_t ClinicalModel::Impl::pop_next_waiting(HospitalState& h) {
  for (auto& queue : h.ed.queues) {
    if (queue.empty()) continue;
    const std::uint32_t index = queue.front();
    queue.pop_front();
    return index;
  }
  return kNone;
}

void ClinicalModel::Impl::start_treatments(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  if (h.ed.waiting == 0) return;
  const int usable = usable_spaces(h);
  if (h.ed.busy >= usable) return;
  const Condition shared = condition(h, Activity::kEdTreatment);
  bool by_acuity = false;  // an ed_treatment entry has priority entries: the time factor depends on acuity
  for (const ServiceEffect& entry : h.effects[static_cast<int>(Activity::kEdTreatment)]) {
    by_acuity = by_acuity || !entry.effect.priority.empty();
  }
  while (h.ed.busy < usable && h.ed.waiting > 0) {
    const std::uint32_t index = pop_next_waiting(h);
    if (index == kNone) break;
    Patient& p = patients[index];
    --h.ed.waiting;
    ++h.ed.busy;
    p.state = PatientState::kTreatment;
    p.treatment_start = now;
    emit(EdTreatmentStarted{now, *h.id, p.acuity, now - p.arrival});
    request_all(h.lab_requests);
    const Condition c = by_acuity ? condition(h, Activity::kEdTreatment, p.acuity - 1) : shared;
    const TestDelay tests = test_delay(h, p);
    if (tests.delay > 0) emit(EdTestDelay{now, *h.id, p.acuity, tests.lab, tests.imaging, tests.delay});
    p.treatment_end = now + p.treatment * c.time + tests.delay;
    schedule_patient(p.treatment_end, TreatmentEnds{index, p.hospital}, index);
  }
  update_surge(i);
}

void ClinicalModel::Impl::on_patience_end(std::uint32_t index) {
  Patient& p = patients[index];
  --p.pending_events;
  if (p.state == PatientState::kWaiting) {
    HospitalState& h = hospitals[p.hospital];
    auto& queue = h.ed.queues[p.acuity - 1];
    queue.erase(std::find(queue.begin(), queue.end(), index));
    p.state = PatientState::kGone;
    --h.ed.waiting;
    const Seconds waited = now - p.arrival;
    emit(EdDeparture{now, *h.id, p.acuity, EdOutcome::kLeftWithoutBeingSeen, waited, waited, 0.0});
  }
  release_if_done(index);
}

void ClinicalModel::Impl::on_treatment_end(std::uint32_t index) {
  Patient& p = patients[index];
  --p.pending_events;
  const std::uint32_t i = p.hospital;
  HospitalState& h = hospitals[i];
  if (p.admit) {
    request_all(h.logistics_requests);
    start_boarding(i, index);
    admit_boarders(i);
  } else {
    depart(index, EdOutcome::kDischarged);
  }
  start_treatments(i);
  update_diversion(i);
}

void ClinicalModel::Impl::depart(std::uint32_t index, EdOutcome outcome) {
  Patient& p = patients[index];
  const std::uint32_t i = p.hospital;
  HospitalState& h = hospitals[i];
  --h.ed.busy;
  p.state = PatientState::kGone;
  const Seconds boarding =
      outcome == EdOutcome::kAdmitted || outcome == EdOutcome::kTransferred ? now - p.treatment_end : 0.0;
  emit(EdDeparture{now, *h.id, p.acuity, outcome, p.treatment_start - p.arrival, now - p.arrival, boarding});
  release_if_done(index);
  update_surge(i);
}

}  // namespace hospsim
