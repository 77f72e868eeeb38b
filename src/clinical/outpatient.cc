// ClinicalModel, outpatient clinics: the day's visits, the downtime policy, cancelled patients sent to an ED.
#include <algorithm>

#include "clinical/model.h"

namespace hospsim {

using namespace clinical;

void ClinicalModel::Impl::on_clinic_open(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  OutpatientState& o = h.outpatient;
  const OutpatientConfig& clinic = h.config->outpatient;
  schedule(now + kDay, ClinicOpens{i});
  const int count = std::max(0, clinic.visits_per_weekday[scenario.weekday_at(now)]);
  o.count = 0;
  o.next_visit = 0;
  if (count == 0) return;
  o.open = now;
  o.spacing = (clinic.close - clinic.open) / count;
  o.count = static_cast<std::uint32_t>(count);
  o.to_ed.assign((o.count + 63) / 64, 0);
  for (std::uint32_t k = 0; k < o.count; ++k) {
    if (!deterministic && o.stream.uniform() < policies.outpatient_to_ed_share) {
      o.to_ed[k / 64] |= std::uint64_t{1} << (k % 64);
    }
    emit(OutpatientEvent{now, *h.id, OutpatientEventKind::kScheduled, false});
  }
  const Condition c = condition(h, Activity::kOutpatient);
  if (c.capacity_down && policies.outpatient_on_downtime != OutpatientDowntime::kWhileDown) {
    for (std::uint32_t k = 0; k < o.count; ++k) cancel_visit(i, k);
    o.next_visit = o.count;
    return;
  }
  schedule(o.visit_time(0), VisitDue{i});
}

void ClinicalModel::Impl::on_visit(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  OutpatientState& o = h.outpatient;
  const std::uint32_t k = o.next_visit++;
  if (now >= o.next_clinic_request) {  // the clinic desk checks patients in with logistics in batches
    request_all(h.logistics_requests);
    o.next_clinic_request = now + kClinicRequestInterval;
  }
  const Condition c = condition(h, Activity::kOutpatient);
  if (c.capacity_down && policies.outpatient_on_downtime == OutpatientDowntime::kRestOfDay) {
    // Downtime declared: this visit and every later visit of the day are called off.
    cancel_visit(i, k);
    while (o.next_visit < o.count) cancel_visit(i, o.next_visit++);
    return;
  }
  if (o.next_visit < o.count) schedule(o.visit_time(o.next_visit), VisitDue{i});
  if (c.capacity_down && !counter_hit(o.reduced_counter, c.capacity)) {
    cancel_visit(i, k);
    return;
  }
  emit(OutpatientEvent{now, *h.id, OutpatientEventKind::kAttended, false});
}

void ClinicalModel::Impl::cancel_visit(std::uint32_t i, std::uint32_t k) {
  HospitalState& h = hospitals[i];
  const bool to_ed = deterministic ? counter_hit(h.outpatient.det_to_ed, policies.outpatient_to_ed_share)
                                   : h.outpatient.to_ed_draw(k);
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
  send(index, h.outpatient.visit_time(k) + kOutpatientToEdDelay);
}

}  // namespace hospsim
