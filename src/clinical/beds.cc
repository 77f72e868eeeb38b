// ClinicalModel, inpatient beds: initial occupancy, background admissions, ED boarders, elective inpatients.
#include <algorithm>
#include <cmath>

#include "clinical/model.h"

namespace hospsim {

using namespace clinical;

namespace {

double lognormal_mean(const MedianP90& m) {
  if (m.p90 <= m.median) return m.median;
  const double sigma = std::log(m.p90 / m.median) / kNormalQuantile90;
  return m.median * std::exp(0.5 * sigma * sigma);
}

}  // namespace

// Fills target beds at time `from` (the start of the warm-up) with residual stays of a steady state.
void ClinicalModel::Impl::init_beds(std::uint32_t i, Seconds from) {
  HospitalState& h = hospitals[i];
  const BedsConfig& beds = h.config->beds;
  if (beds.count <= 0) return;
  h.beds.count = beds.count;
  h.beds.target = std::clamp(static_cast<int>(std::lround(beds.count * beds.occupancy)), 0, beds.count);
  h.beds.occupied = h.beds.target;
  if (h.beds.target == 0) return;
  const double median = beds.los_days.median * kDay;
  const double mean = (deterministic ? beds.los_days.median : lognormal_mean(beds.los_days)) * kDay;
  // Background admissions are offered at kBackgroundOfferedLoad times the rate that keeps `target` beds
  // busy and are turned away at the target, so occupancy stays close below it (random mode only: the
  // deterministic schedule refills each bed exactly).
  h.beds.background_interval = mean / h.beds.target / (deterministic ? 1.0 : kBackgroundOfferedLoad);
  for (int k = 1; k <= h.beds.target; ++k) {
    Seconds residual;
    if (deterministic) {
      residual = median * (k - 0.5) / h.beds.target;
    } else {
      // Equilibrium residual stay: a uniform fraction of a length-biased stay. The length-biased version
      // of a lognormal(mu, sigma) is lognormal(mu + sigma^2, sigma).
      const double sigma = std::log(std::max(1.0, beds.los_days.p90 / beds.los_days.median)) / kNormalQuantile90;
      const double shift = std::exp(sigma * sigma);
      const MedianP90 biased{beds.los_days.median * shift,
                             std::max(beds.los_days.p90, beds.los_days.median) * shift};
      residual = draw_los(h.beds.stream, biased) * h.beds.stream.uniform_open0();
    }
    schedule(from + residual, BedDischarge{i});
  }
  const Seconds first =
      deterministic ? h.beds.background_interval : h.beds.stream.exponential(h.beds.background_interval);
  schedule(from + first, BackgroundAdmission{i});
}

Seconds ClinicalModel::Impl::draw_los(RandomStream& stream, const MedianP90& los_days) {
  if (deterministic) return los_days.median * kDay;
  return stream.lognormal(los_days.median, std::max(los_days.p90, los_days.median)) * kDay;
}

int ClinicalModel::Impl::usable_beds(const HospitalState& h) const {
  const Condition c = condition(h, Activity::kAdmission);
  const int beds = h.beds.count + h.beds.surge;
  if (c.capacity >= 1.0) return beds;
  return static_cast<int>(std::floor(beds * c.capacity + kShareEpsilon));
}

// A bed can be given now (always true when beds are not modelled).
bool ClinicalModel::Impl::bed_free(const HospitalState& h) const {
  return h.beds.count <= 0 || h.beds.occupied < usable_beds(h);
}

void ClinicalModel::Impl::set_occupied(std::uint32_t i, int occupied) {
  HospitalState& h = hospitals[i];
  h.beds.occupied = occupied;
  emit(BedOccupancy{now, *h.id, h.beds.occupied, h.beds.count});
}

// Takes a bed now until `until` (nothing when beds are not modelled). REQUIRES: bed_free().
void ClinicalModel::Impl::occupy_bed(std::uint32_t i, Seconds until) {
  HospitalState& h = hospitals[i];
  if (h.beds.count <= 0) return;
  set_occupied(i, h.beds.occupied + 1);
  schedule(until, BedDischarge{i});
}

// Gives free beds to boarding ED patients, first come first served.
void ClinicalModel::Impl::admit_boarders(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  while (!h.ed.boarders.empty()) {
    if (!bed_free(h)) return;
    const std::uint32_t index = h.ed.boarders.front();
    h.ed.boarders.pop_front();
    Patient& p = patients[index];
    occupy_bed(i, now + p.length_of_stay);
    if (p.emergency_surgery) start_emergency_case(i, p.emergency_case);
    depart(index, EdOutcome::kAdmitted);
  }
}

void ClinicalModel::Impl::on_bed_discharge(std::uint32_t i) {
  set_occupied(i, hospitals[i].beds.occupied - 1);
  if (!hospitals[i].ed.present) return;
  admit_boarders(i);
  start_treatments(i);
  update_diversion(i);
}

void ClinicalModel::Impl::on_background_admission(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  const Seconds next =
      deterministic ? h.beds.background_interval : h.beds.stream.exponential(h.beds.background_interval);
  const Seconds los = draw_los(h.beds.stream, h.config->beds.los_days);
  schedule(now + next, BackgroundAdmission{i});
  if (h.ed.boarders.empty() && h.beds.occupied < h.beds.target && h.beds.occupied < usable_beds(h)) {
    occupy_bed(i, now + los);
  }
}

}  // namespace hospsim
