// ClinicalModel, between hospitals: ambulance diversion, public advice to walk-ins, travel times.
#include <algorithm>
#include <cmath>

#include "clinical/model.h"

namespace hospsim {

using namespace clinical;

namespace {

double great_circle_km(const Location& a, const Location& b) {
  const double to_rad = M_PI / 180.0;
  const double dlat = (b.lat - a.lat) * to_rad;
  const double dlon = (b.lon - a.lon) * to_rad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat * to_rad) * std::cos(b.lat * to_rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

bool has_lists(const Hospital& hospital) {
  for (int n : hospital.surgery.elective_per_weekday) {
    if (n > 0) return true;
  }
  return false;
}

}  // namespace

// Other hospitals of each hospital by road distance, nearest first (ties by hospital order): EDs; with
// transfers, hospitals with beds; with mutual aid, hospitals with elective lists.
void ClinicalModel::Impl::init_distances() {
  for (std::uint32_t i = 0; i < hospitals.size(); ++i) {
    HospitalState& h = hospitals[i];
    for (std::uint32_t j = 0; j < hospitals.size(); ++j) {
      if (i == j) continue;
      const HospitalState& other = hospitals[j];
      const double km = great_circle_km(h.config->location, other.config->location) * policies.road_factor;
      if (other.ed.present) h.ed.nearest_eds.emplace_back(km, j);
      if (policies.transfers && other.config->beds.count > 0) h.nearest_beds.emplace_back(km, j);
      if (policies.mutual_aid && !other.surgery.theatres.empty() && has_lists(*other.config)) {
        h.nearest_lists.emplace_back(km, j);
      }
    }
    std::sort(h.ed.nearest_eds.begin(), h.ed.nearest_eds.end());
    std::sort(h.nearest_beds.begin(), h.nearest_beds.end());
    std::sort(h.nearest_lists.begin(), h.nearest_lists.end());
  }
}

// Re-evaluates and returns whether hospital i is on ambulance diversion; emits DiversionChanged on change.
bool ClinicalModel::Impl::update_diversion(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  if (!h.ed.present) return false;
  const std::string* reason = &reason_cleared;
  bool on = false;
  if (policies.divert_on_downtime && in_downtime(h)) {
    on = true;
    reason = &reason_downtime;
  } else if (policies.divert_occupancy <= 1.0 && h.config->ed.treatment_spaces > 0 &&
             static_cast<double>(h.ed.busy) / (h.config->ed.treatment_spaces + h.ed.surge_spaces) >=
                 policies.divert_occupancy) {
    on = true;
    reason = &reason_occupancy;
  }
  if (on && now < suspended_until[h.region]) {
    on = false;  // the region's diversion is suspended: looked at again when the suspension ends
    schedule_diversion_recheck(i, suspended_until[h.region]);
  } else if (on && !h.ed.on_diversion && !cap_allows(i)) {
    on = false;
    if (policies.cap_action == CapAction::kSuspend) suspend_diversion(h.region);
  }
  if (on != h.ed.on_diversion) {
    // Hysteresis: a status holds at least min_on (on) or min_off (off) from its last change; the change
    // wanted now is looked at again when the hold ends.
    const Seconds hold_until = h.ed.diversion_changed_at + (h.ed.on_diversion ? policies.min_on : policies.min_off);
    if (now < hold_until) {
      schedule_diversion_recheck(i, hold_until);
      return h.ed.on_diversion;
    }
    h.ed.on_diversion = on;
    h.ed.diversion_changed_at = now;
    emit(DiversionChanged{now, *h.id, on, *reason});
  }
  return on;
}

// Regional cap: going on diversion is refused while max_diverting other EDs of the region are on it, or when
// it would put more than floor(max_diverting_share x the region's EDs) on it (their stored status, not
// re-evaluated here); a hospital already on diversion stays on.
bool ClinicalModel::Impl::cap_allows(std::uint32_t i) const {
  if (policies.max_diverting <= 0 && policies.max_diverting_share >= 1.0) return true;
  int eds = 0;
  int others = 0;
  for (std::uint32_t j : regions[hospitals[i].region]) {
    if (!hospitals[j].ed.present) continue;
    ++eds;
    others += j != i && hospitals[j].ed.on_diversion;
  }
  if (policies.max_diverting > 0 && others >= policies.max_diverting) return false;
  if (policies.max_diverting_share < 1.0 &&
      others + 1 > static_cast<int>(std::floor(policies.max_diverting_share * eds + kShareEpsilon))) {
    return false;
  }
  return true;
}

// The suspension overrides min_on; each ED of the region looks at its status again when it ends.
void ClinicalModel::Impl::suspend_diversion(std::uint32_t r) {
  suspended_until[r] = now + policies.suspend_for;
  for (std::uint32_t j : regions[r]) {
    HospitalState& other = hospitals[j];
    if (!other.ed.present) continue;
    if (other.ed.on_diversion) {
      other.ed.on_diversion = false;
      other.ed.diversion_changed_at = now;
      emit(DiversionChanged{now, *other.id, false, reason_suspended});
    }
    schedule_diversion_recheck(j, suspended_until[r]);
  }
}

void ClinicalModel::Impl::schedule_diversion_recheck(std::uint32_t i, Seconds at) {
  EdState& ed = hospitals[i].ed;
  if (ed.diversion_recheck_at == at) return;
  ed.diversion_recheck_at = at;
  schedule(at, DiversionRecheck{i});
}

// The nearest other ED not on diversion, or kNone.
std::uint32_t ClinicalModel::Impl::nearest_open_ed(std::uint32_t i, double* road_km) {
  for (const auto& [km, j] : hospitals[i].ed.nearest_eds) {
    if (!update_diversion(j)) {
      *road_km = km;
      return j;
    }
  }
  return kNone;
}

// `nearest` (and time-critical patients): the nearest open ED. `balanced` and `weighted` choose among the
// open EDs whose travel time exceeds the nearest open ED's by at most max_extra_travel (the nearest is
// always one of them); only these rules look at the diversion state of EDs beyond the nearest open one.
std::uint32_t ClinicalModel::Impl::dispatch_ed(std::uint32_t i, int acuity, double* road_km) {
  const std::uint32_t nearest = nearest_open_ed(i, road_km);
  if (nearest == kNone || policies.dispatch == Dispatch::kNearest || acuity <= policies.time_critical_acuity) {
    return nearest;
  }
  EdState& ed = hospitals[i].ed;
  const Seconds limit = travel_time(*road_km) + policies.max_extra_travel;
  std::vector<std::pair<double, std::uint32_t>> candidates;  // nearest first
  for (const auto& [km, j] : ed.nearest_eds) {
    if (travel_time(km) > limit + kShareEpsilon) break;
    if (!update_diversion(j)) candidates.emplace_back(km, j);
  }
  std::size_t best = 0;
  if (policies.dispatch == Dispatch::kBalanced) {
    int best_free = -1;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
      const HospitalState& h = hospitals[candidates[k].second];
      const int free = h.config->ed.treatment_spaces + h.ed.surge_spaces - h.ed.busy;
      if (free > best_free) {
        best_free = free;
        best = k;
      }
    }
  } else {
    double total = 0;
    for (const auto& c : candidates) total += hospitals[c.second].config->ed.treatment_spaces;
    if (total <= 0) return nearest;
    // Credits start at zero, kept only for hospitals that dispatch this way (n per hospital: quadratic).
    if (ed.dispatch_credit.empty()) ed.dispatch_credit.assign(hospitals.size(), 0.0);
    double best_credit = -kInfinity;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
      const std::uint32_t j = candidates[k].second;
      ed.dispatch_credit[j] += hospitals[j].config->ed.treatment_spaces / total;
      if (ed.dispatch_credit[j] > best_credit + kShareEpsilon) {
        best_credit = ed.dispatch_credit[j];
        best = k;
      }
    }
    ed.dispatch_credit[candidates[best].second] -= 1.0;
  }
  *road_km = candidates[best].first;
  return candidates[best].second;
}

Seconds ClinicalModel::Impl::travel_time(double road_km) const {
  return policies.ambulance_speed_kmh > 0 ? road_km / policies.ambulance_speed_kmh * kHour : 0.0;
}

bool ClinicalModel::Impl::divert_ambulance(std::uint32_t i, std::uint32_t index) {
  if (!update_diversion(i)) return false;
  Patient& p = patients[index];
  if (!policies.divert_acuity[p.acuity - 1]) {  // outside diversion.scope: comes anyway
    emit(AmbulanceKept{now, *hospitals[i].id, p.acuity, KeptReason::kScope});
    return false;
  }
  double km = 0;
  const std::uint32_t target = dispatch_ed(i, p.acuity, &km);
  // Looking at the destinations can suspend the region's diversion (cap_action "suspend"): then i is no
  // longer on diversion and the ambulance stays.
  if (!hospitals[i].ed.on_diversion) return false;
  if (target == kNone) {  // every other ED is on diversion: the ambulance stays
    emit(AmbulanceKept{now, *hospitals[i].id, p.acuity, KeptReason::kNoOpenEd});
    return false;
  }
  const Seconds extra = travel_time(km);
  emit(AmbulanceDiverted{now, *hospitals[i].id, *hospitals[target].id, km, extra, p.acuity});
  p.hospital = target;
  p.diverted_from = i;
  send(index, now + extra);
  return true;
}

// The public-advice shares (elsewhere, stay home) now at hospital h, which is in downtime: public_advice's,
// or those of the last adapt step reached by the time since h went into downtime.
std::pair<double, double> ClinicalModel::Impl::advice_shares(const HospitalState& h) const {
  double elsewhere = policies.walk_in_elsewhere_share;
  double stay = policies.walk_in_stay_home_share;
  if (policies.advice_adapt.empty()) return {elsewhere, stay};
  Seconds since = kInfinity;
  for (std::uint32_t slot : h.downtime_services) {
    if (state_of(h, slot) == ServiceState::kDown) since = std::min(since, view.pair_since(h.services[slot].pair));
  }
  for (const AdviceStep& step : policies.advice_adapt) {
    if (now - since + kShareEpsilon < step.after) break;
    elsewhere = step.elsewhere_share;
    stay = step.stay_home_share;
  }
  return {elsewhere, stay};
}

bool ClinicalModel::Impl::advise_walk_in(std::uint32_t i, std::uint32_t index) {
  HospitalState& h = hospitals[i];
  if (!advice_possible || !in_downtime(h)) return false;
  const auto [elsewhere, stay] = advice_shares(h);
  Patient& p = patients[index];
  int choice;  // 0 elsewhere, 1 stay home, 2 come anyway
  if (deterministic) {
    choice = rotate(h.ed.det_advice_counts, h.ed.det_advice,
                    std::array<double, 3>{elsewhere, stay, std::max(0.0, 1.0 - elsewhere - stay)});
  } else {
    choice = p.advice_draw < elsewhere ? 0 : p.advice_draw < elsewhere + stay ? 1 : 2;
  }
  if (choice == 1) {
    emit(WalkInAdvised{now, *h.id, empty});
    p.state = PatientState::kGone;
    release_if_done(index);
    return true;
  }
  if (choice == 0) {
    double km = 0;
    const std::uint32_t target = nearest_open_ed(i, &km);
    if (target != kNone) {
      emit(WalkInAdvised{now, *h.id, *hospitals[target].id});
      p.hospital = target;
      p.diverted_from = i;
      send(index, now + travel_time(km));
      return true;
    }
  }
  return false;
}

}  // namespace hospsim
