// ClinicalModel, outpatient clinics: the day's visits, the downtime policy, cancelled patients going to an ED.
#include <algorithm>

#include "clinical/model.h"

namespace hospsim {

using namespace clinical;

void ClinicalModel::Impl::on_clinic_open(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  const OutpatientConfig& clinic = h.config->outpatient;
  schedule(now + kDay, ClinicOpens{i});
  const int count = std::max(0, clinic.visits_per_weekday[scenario.weekday_at(now)]);
  h.outpatient.visits.clear();
  h.outpatient.next_visit = 0;
  if (count == 0) return;
  const Seconds spacing = (clinic.close - clinic.open) / count;
  for (int k = 0; k < count; ++k) {
    Visit v;
    v.time = now + (k + 0.5) * spacing;
    v.to_ed_draw = deterministic ? false : h.outpatient.stream.uniform() < policies.outpatient_to_ed_share;
    h.outpatient.visits.push_back(v);
    emit(OutpatientEvent{now, *h.id, OutpatientEventKind::kScheduled, false});
  }
  const Condition c = condition(h, Activity::kOutpatient);
  if (c.capacity_down && policies.outpatient_on_downtime != OutpatientDowntime::kWhileDown) {
    for (const Visit& v : h.outpatient.visits) cancel_visit(i, v);
    h.outpatient.visits.clear();
    return;
  }
  schedule(h.outpatient.visits[0].time, VisitDue{i});
}

void ClinicalModel::Impl::on_visit(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  const Visit v = h.outpatient.visits[h.outpatient.next_visit++];
  if (now >= h.outpatient.next_clinic_request) {  // the clinic desk checks patients in with logistics in batches
    request_all(h.logistics_requests);
    h.outpatient.next_clinic_request = now + kClinicRequestInterval;
  }
  const Condition c = condition(h, Activity::kOutpatient);
  if (c.capacity_down && policies.outpatient_on_downtime == OutpatientDowntime::kRestOfDay) {
    // Downtime declared: this visit and every later visit of the day are called off.
    cancel_visit(i, v);
    while (h.outpatient.next_visit < h.outpatient.visits.size()) {
      cancel_visit(i, h.outpatient.visits[h.outpatient.next_visit++]);
    }
    return;
  }
  if (h.outpatient.next_visit < h.outpatient.visits.size()) {
    schedule(h.outpatient.visits[h.outpatient.next_visit].time, VisitDue{i});
  }
  if (c.capacity_down && !counter_hit(h.outpatient.reduced_counter, c.capacity)) {
    cancel_visit(i, v);
    return;
  }
  emit(OutpatientEvent{now, *h.id, OutpatientEventKind::kAttended, false});
}

void ClinicalModel::Impl::cancel_visit(std::uint32_t i, const Visit& v) {
  HospitalState& h = hospitals[i];
  const bool to_ed =
      deterministic ? counter_hit(h.outpatient.det_to_ed, policies.outpatient_to_ed_share) : v.to_ed_draw;
  std::uint32_t ed = kNone;
  if (to_ed) {
    if (h.ed.present) {
      ed = i;
    } else if (!h.ed.nearest_eds.empty()) {
      ed = h.ed.nearest_eds.front().second;
    }
  }
  emit(OutpatientEvent{now, *h.id, OutpatientEventKind::kCancelled, ed != kNone});
  if (ed == kNone) return;
  const std::uint32_t index = generate_outpatient_patient(ed);
  send(index, v.time + kOutpatientToEdDelay);
}

}  // namespace hospsim
