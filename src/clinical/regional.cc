// ClinicalModel, regional response: ED surge capacity (after sustained crowding or a regional incident) and
// transfers of ED boarders to free beds at other hospitals. docs/model.md "Surge capacity" and "Transfers".
#include <algorithm>
#include <map>

#include "clinical/model.h"

namespace hospsim {

using namespace clinical;

// Groups hospitals by their `region` (scenario order; hospitals without a region form one region) and starts
// the incident polls when a hospital opens surge capacity on a regional incident.
void ClinicalModel::Impl::init_regions() {
  std::map<std::string, std::uint32_t> index;
  bool poll = false;
  for (std::uint32_t i = 0; i < hospitals.size(); ++i) {
    const auto [it, added] = index.emplace(hospitals[i].config->region, static_cast<std::uint32_t>(regions.size()));
    if (added) regions.emplace_back();
    hospitals[i].region = it->second;
    regions[it->second].push_back(i);
    const SurgeConfig& surge = hospitals[i].config->ed.surge;
    poll = poll || (hospitals[i].ed.present && surge.active() && surge.on_incident);
  }
  region_incident.assign(regions.size(), 0);
  suspended_until.assign(regions.size(), -kInfinity);
  // No hospital is in downtime during the warm-up (IT is UP), so the first look is at t = 0.
  if (poll) schedule(0.0, IncidentPoll{});
}

void ClinicalModel::Impl::on_incident_poll() {
  for (std::uint32_t r = 0; r < regions.size(); ++r) {
    bool incident = false;
    for (std::uint32_t j : regions[r]) incident = incident || in_incident(hospitals[j]);
    if (incident == static_cast<bool>(region_incident[r])) continue;
    region_incident[r] = incident;
    for (std::uint32_t j : regions[r]) update_surge(j);
  }
  schedule(now + kIncidentPoll, IncidentPoll{});
}

// Surge states: closed -> called (trigger seen; opens `delay` later, whatever happens meanwhile) -> open ->
// closed (neither crowded nor in a regional incident for `stand_down`). The trigger is crowding (spaces held
// >= occupancy_threshold x treatment_spaces without a break for `sustained`) or, with on_incident, a regional
// incident. Opening and the timed steps happen in SurgeDue events, never inside this function, so it can be
// called from anywhere the ED's load changes.
void ClinicalModel::Impl::update_surge(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  const SurgeConfig& surge = h.config->ed.surge;
  if (!surge.active() || !h.ed.present) return;
  EdState& ed = h.ed;
  const bool crowded = surge.occupancy <= 1.0 &&
                       ed.busy >= surge.occupancy * h.config->ed.treatment_spaces - kShareEpsilon;
  // A crowding episode survives a gap of zero length (a patient leaves and the next one takes the space at
  // the same instant).
  bool episode_starts = false;
  if (crowded) {
    if (ed.crowded_since == kInfinity || ed.crowd_end < now) {
      ed.crowded_since = now;
      episode_starts = true;
    }
    ed.crowd_end = kInfinity;
  } else if (ed.crowded_since != kInfinity && ed.crowd_end == kInfinity) {
    ed.crowd_end = now;
  }
  const bool sustained = crowded && now >= ed.crowded_since + surge.sustained;
  const bool incident = surge.on_incident && region_incident[h.region];
  const bool trigger = sustained || incident;
  if (ed.surge_called) return;  // staff are on the way: SurgeDue opens it
  if (!ed.surge_open) {
    if (trigger) {
      ed.surge_called = true;
      ed.surge_opens_at = now + surge.delay;
      ed.surge_reason = incident ? &reason_incident : &reason_crowding;
      schedule(ed.surge_opens_at, SurgeDue{i});
    } else if (episode_starts) {
      schedule(ed.crowded_since + surge.sustained, SurgeDue{i});
    }
    return;
  }
  if (crowded || incident) {
    ed.trigger_clear_since = kInfinity;
  } else if (ed.trigger_clear_since == kInfinity) {
    ed.trigger_clear_since = now;
    schedule(now + surge.stand_down, SurgeDue{i});
  } else if (now >= ed.trigger_clear_since + surge.stand_down) {
    close_surge(i);
  }
}

void ClinicalModel::Impl::open_surge(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  const SurgeConfig& surge = h.config->ed.surge;
  h.ed.surge_called = false;
  h.ed.surge_open = true;
  h.ed.trigger_clear_since = kInfinity;
  h.ed.surge_spaces = surge.spaces;
  h.beds.surge = h.beds.count > 0 ? surge.beds : 0;
  emit(SurgeChanged{now, *h.id, h.ed.surge_spaces, h.beds.surge, *h.ed.surge_reason});
  admit_boarders(i);
  start_treatments(i);
  update_diversion(i);
}

// Closing takes no one out of a surge space or bed: patients there stay until they leave; no new patient
// gets one.
void ClinicalModel::Impl::close_surge(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  h.ed.surge_open = false;
  h.ed.surge_spaces = 0;
  h.beds.surge = 0;
  h.ed.trigger_clear_since = kInfinity;
  emit(SurgeChanged{now, *h.id, 0, 0, reason_stand_down});
  update_diversion(i);
}

void ClinicalModel::Impl::start_boarding(std::uint32_t i, std::uint32_t index) {
  patients[index].state = PatientState::kBoarding;
  hospitals[i].ed.boarders.push_back(index);
  if (policies.transfers) schedule_patient(now + policies.transfer_after, BoardingCheck{index, i}, index);
}

// A boarder still waiting goes to the nearest hospital within transfer_max_travel that has a usable free bed
// and no boarders of its own; its bed there is taken from now (held during the journey). Otherwise it is
// looked at again kTransferRecheck later.
void ClinicalModel::Impl::on_boarding_check(std::uint32_t index) {
  Patient& p = patients[index];
  --p.pending_events;
  if (p.state != PatientState::kBoarding) {
    release_if_done(index);
    return;
  }
  const std::uint32_t i = p.hospital;
  HospitalState& h = hospitals[i];
  std::uint32_t target = kNone;
  double road_km = 0;
  for (const auto& [km, j] : h.nearest_beds) {
    if (travel_time(km) > policies.transfer_max_travel + kShareEpsilon) break;
    if (bed_free(hospitals[j]) && hospitals[j].ed.boarders.empty()) {
      target = j;
      road_km = km;
      break;
    }
  }
  if (target == kNone) {
    schedule_patient(now + kTransferRecheck, BoardingCheck{index, p.hospital}, index);
    return;
  }
  auto& boarders = h.ed.boarders;
  boarders.erase(std::find(boarders.begin(), boarders.end(), index));
  const Seconds travel = travel_time(road_km);
  occupy_bed(target, now + travel + p.length_of_stay);
  emit(PatientTransferred{now, *h.id, *hospitals[target].id, road_km, travel, now - p.treatment_end});
  --h.ed.busy;
  emit(EdDeparture{now, *h.id, p.acuity, EdOutcome::kTransferred, p.treatment_start - p.arrival, now - p.arrival,
                   now - p.treatment_end});
  p.state = PatientState::kTransferring;
  p.hospital = target;
  schedule_patient(now + travel, TransferArrives{index, p.hospital}, index);
  if (p.pending_events == 0) {  // arrives after the horizon
    p.state = PatientState::kGone;
    release_if_done(index);
  }
  start_treatments(i);
  update_diversion(i);
  update_surge(i);
}

// A transferred patient who needs emergency surgery has it at the receiving hospital on arrival.
void ClinicalModel::Impl::on_transfer_arrival(std::uint32_t index) {
  Patient& p = patients[index];
  --p.pending_events;
  if (p.emergency_surgery) start_emergency_case(p.hospital, p.emergency_case);
  p.state = PatientState::kGone;
  release_if_done(index);
}

}  // namespace hospsim
