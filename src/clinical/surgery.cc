// ClinicalModel, surgery: elective lists with planned starts, the downtime policies, beds for elective
// inpatients, rebooking into catch-up slots, mutual aid between hospitals, and emergency surgery from the ED.
#include <algorithm>
#include <cmath>

#include "clinical/model.h"

namespace hospsim {

using namespace clinical;

void ClinicalModel::Impl::on_surgery_day(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  const SurgeryConfig& surgery = h.config->surgery;
  schedule(now + kDay, SurgeryDayStarts{i});
  // A list left unfinished by yesterday (only possible when a case ran into today) is not carried over.
  for (Theatre& theatre : h.surgery.theatres) {
    while (theatre.next < theatre.list.size()) {
      cancel_case(i, theatre.list[theatre.next++], reason_session, CancellationCause::kSessionTime);
    }
  }
  const int weekday = scenario.weekday_at(now);
  const int normal = std::max(0, surgery.elective_per_weekday[weekday]);
  if (normal == 0) return;
  const int catchup = policies.catchup_share > 0
                          ? static_cast<int>(std::ceil(policies.catchup_share * normal - kShareEpsilon))
                          : 0;

  std::vector<std::uint32_t> today(h.surgery.carried_over.begin(), h.surgery.carried_over.end());
  h.surgery.carried_over.clear();
  for (int k = 0; k < normal; ++k) {
    ElectiveCase c;
    c.id = h.surgery.next_case_id++;
    if (deterministic) {
      c.duration = surgery.case_minutes.median * kMinute;
      c.inpatient = counter_hit(h.surgery.det_inpatient, surgery.inpatient_share);
      c.length_of_stay = h.config->beds.los_days.median * kDay;
    } else {
      RandomStream& r = h.surgery.cases_stream;
      c.duration =
          r.lognormal(surgery.case_minutes.median, std::max(surgery.case_minutes.p90, surgery.case_minutes.median)) *
          kMinute;
      c.inpatient = r.uniform() < surgery.inpatient_share;
      c.length_of_stay = draw_los(r, h.config->beds.los_days);
    }
    c.planned = deterministic ? c.duration
                              : c.duration * std::exp(kCaseEstimateSigma * h.surgery.cases_stream.standard_normal());
    if (h.surgery.priority_modelled) {
      const auto& shares = surgery.priority_shares;
      c.priority = deterministic ? rotate(h.surgery.det_priority_counts, h.surgery.det_priority, shares)
                                 : h.surgery.priority_stream.categorical(shares.data(), kPriorityClasses);
    }
    h.surgery.cases.push_back(c);
    today.push_back(static_cast<std::uint32_t>(h.surgery.cases.size() - 1));
  }
  for (int k = 0; k < catchup && !h.surgery.catchup_queue.empty(); ++k) {
    today.push_back(h.surgery.catchup_queue.front());
    h.surgery.catchup_queue.pop_front();
  }
  const std::vector<std::uint32_t> listed = build_lists(h, today);
  for (std::uint32_t c : listed) {
    const ElectiveCase& ec = h.surgery.cases[c];
    SurgeryEvent event{now, *h.id, SurgeryEventKind::kScheduled, ec.id, ec.rebooked, false, empty};
    event.planned_start = ec.planned_start;
    event.moved_in = ec.moved_in;
    emit(event);
  }
  if (!h.surgery.aid_queue.empty()) list_aid_cases(i);

  if (h.surgery.cancel_day_active) {
    if (condition(h, Activity::kElectiveSurgery).capacity_down) {
      cancel_rest_of_day(i, reason_cancel_day_continues);  // keeps the cases of unaffected priority classes
    } else {
      h.surgery.cancel_day_active = false;
    }
  }
  for (std::uint32_t t = 0; t < h.surgery.theatres.size(); ++t) {
    const Theatre& theatre = h.surgery.theatres[t];
    if (theatre.next < theatre.list.size()) schedule(now, TheatreReady{i, t, theatre.list[theatre.next]});
  }
}

// Assigns the day's cases, in order, to theatres as a planner fills sessions: each case goes to the first
// theatre where it still fits, that is where the booked work (planned case durations and the turnovers
// between them) stays within planned_utilisation of the session; a case that fits nowhere goes to the least-booked theatre (an overbooked list). Planned starts follow: session start,
// then each previous case's planned duration plus turnover. Each case is planned with its own estimated
// duration (ElectiveCase::planned), as lists are planned knowing the procedures.
std::vector<std::uint32_t> ClinicalModel::Impl::build_lists(HospitalState& h,
                                                             const std::vector<std::uint32_t>& today) {
  const SurgeryConfig& surgery = h.config->surgery;
  const Seconds session = surgery.day_end - surgery.day_start;
  const Seconds capacity = session * surgery.planned_utilisation;
  const std::size_t theatres = h.surgery.theatres.size();
  std::vector<Seconds> booked(theatres, 0.0);  // planned end of the last case, from the session start
  for (Theatre& theatre : h.surgery.theatres) {
    theatre = Theatre{};
    theatre.free_from = now;
  }
  constexpr Seconds kSlack = 1e-6;
  std::vector<std::uint32_t> listed;
  for (std::uint32_t c : today) {
    const Seconds planned = h.surgery.cases[c].planned;
    auto offset = [&](std::size_t t) {
      return h.surgery.theatres[t].list.empty() ? 0.0 : booked[t] + surgery.turnover;
    };
    std::size_t chosen = theatres;
    for (std::size_t t = 0; t < theatres; ++t) {
      if (offset(t) + planned <= capacity + kSlack) {
        chosen = t;
        break;
      }
    }
    if (chosen == theatres) {
      for (std::size_t t = 0; t < theatres && planned > capacity; ++t) {
        if (h.surgery.theatres[t].list.empty()) {
          chosen = t;  // longer than any planned session: it gets a theatre of its own
          break;
        }
      }
    }
    if (chosen == theatres) {
      h.surgery.carried_over.push_back(c);
      continue;
    }
    listed.push_back(c);
    const Seconds start = offset(chosen);
    h.surgery.cases[c].planned_start = now + start;
    booked[chosen] = start + planned;
    h.surgery.theatres[chosen].list.push_back(c);
  }
  return listed;
}

void ClinicalModel::Impl::cancel_case(std::uint32_t i, std::uint32_t c, const std::string& reason,
                                      CancellationCause cause) {
  if (cause == CancellationCause::kDowntime && policies.mutual_aid && offer_mutual_aid(i, c)) return;
  HospitalState& h = hospitals[i];
  ElectiveCase& ec = h.surgery.cases[c];
  ec.state = CaseState::kCancelled;
  SurgeryEvent event{now, *h.id, SurgeryEventKind::kCancelled, ec.id, ec.rebooked, false, reason, cause};
  event.planned_start = ec.planned_start;
  event.moved_in = ec.moved_in;
  emit(event);
  schedule(now + policies.rebook_after, CaseRebooked{i, c});
}

// Cancels every case of the day not yet started, except (with priority entries) the cases whose priority
// class is not affected now: they stay on their theatre's list, in order, with their planned starts.
void ClinicalModel::Impl::cancel_rest_of_day(std::uint32_t i, const std::string& reason) {
  HospitalState& h = hospitals[i];
  for (Theatre& theatre : h.surgery.theatres) {
    std::vector<std::uint32_t> kept;
    for (std::size_t k = theatre.next; k < theatre.list.size(); ++k) {
      const std::uint32_t c = theatre.list[k];
      if (h.surgery.priority_modelled &&
          !condition(h, Activity::kElectiveSurgery, h.surgery.cases[c].priority).capacity_down) {
        kept.push_back(c);
      } else {
        cancel_case(i, c, reason, CancellationCause::kDowntime);
      }
    }
    theatre.list.resize(theatre.next);
    theatre.list.insert(theatre.list.end(), kept.begin(), kept.end());
  }
}

// The theatre starts its next case when its planned start has come and the theatre is free (previous case
// done and turned over); cases that cannot start are cancelled or held by the policies, in list order.
void ClinicalModel::Impl::on_theatre_ready(std::uint32_t i, std::uint32_t t) {
  HospitalState& h = hospitals[i];
  const SurgeryConfig& surgery = h.config->surgery;
  Theatre& theatre = h.surgery.theatres[t];
  if (theatre.busy) return;  // the case in progress looks again when it ends
  theatre.held = false;
  const Seconds day_end = now - scenario.time_of_day(now) + surgery.day_end;
  while (theatre.next < theatre.list.size()) {
    const std::uint32_t c = theatre.list[theatre.next];
    ElectiveCase& ec = h.surgery.cases[c];
    const Seconds start_at = std::max(ec.planned_start, theatre.free_from);
    if (now < start_at) {
      schedule(start_at, TheatreReady{i, t, c});
      return;
    }
    request_all(h.logistics_requests);
    const int klass = h.surgery.priority_modelled ? ec.priority : -1;
    const Condition cond = condition(h, Activity::kElectiveSurgery, klass);
    // The team cannot know the drawn duration: a case is started when its planned duration, at the current
    // time factor, ends within the session or at most kTolerableOverrun after it; it may then overrun more.
    const bool fits = now + ec.planned * cond.time <= day_end + kTolerableOverrun;
    if (cond.capacity_down) {
      switch (policies.elective) {
        case ElectivePolicy::kCancelDay:
          h.surgery.cancel_day_active = true;
          cancel_rest_of_day(i, reason_cancel_day);
          continue;  // cases of unaffected priority classes stay (none without priority entries)
        case ElectivePolicy::kDelay:
          theatre.delayed_today = true;
          if (!fits) {  // no time left even if the services came back now
            while (theatre.next < theatre.list.size()) {
              cancel_case(i, theatre.list[theatre.next++], reason_delay, CancellationCause::kDowntime);
            }
            return;
          }
          theatre.held = true;
          schedule(now + kDelayRecheck, TheatreReady{i, t, c});
          return;
        case ElectivePolicy::kCancelCase:
          ++theatre.next;
          cancel_case(i, c, reason_cancel_case, CancellationCause::kDowntime);
          continue;  // the slot stays empty: the next case keeps its planned start
        case ElectivePolicy::kReduced:
          if (!counter_hit(klass >= 0 ? h.surgery.reduced_counters[klass] : h.surgery.reduced_counter,
                           cond.capacity)) {
            ++theatre.next;
            cancel_case(i, c, reason_reduced, CancellationCause::kDowntime);
            continue;
          }
          break;
      }
    }
    if (!fits) {  // neither this case nor any later one of the list can finish within the session
      while (theatre.next < theatre.list.size()) {
        const std::uint32_t rest = theatre.list[theatre.next++];
        if (theatre.delayed_today) {
          cancel_case(i, rest, reason_delay, CancellationCause::kDowntime);
        } else {
          cancel_case(i, rest, reason_session, CancellationCause::kSessionTime);
        }
      }
      return;
    }
    ++theatre.next;
    if (ec.inpatient && !bed_free(h)) {
      cancel_case(i, c, reason_no_bed, CancellationCause::kNoBed);
      continue;
    }
    const Seconds duration = ec.duration * cond.time;
    if (ec.inpatient) occupy_bed(i, now + duration + ec.length_of_stay);
    theatre.busy = true;
    SurgeryEvent event{now, *h.id, SurgeryEventKind::kStarted, ec.id, ec.rebooked, false, empty};
    event.planned_start = ec.planned_start;
    event.moved_in = ec.moved_in;
    emit(event);
    schedule(now + duration, ElectiveCaseEnds{i, t, c});
    return;
  }
}

void ClinicalModel::Impl::on_case_end(std::uint32_t i, std::uint32_t t, std::uint32_t c) {
  HospitalState& h = hospitals[i];
  Theatre& theatre = h.surgery.theatres[t];
  theatre.busy = false;
  theatre.free_from = now + h.config->surgery.turnover;
  ElectiveCase& ec = h.surgery.cases[c];
  ec.state = CaseState::kPerformed;
  SurgeryEvent event{now, *h.id, SurgeryEventKind::kPerformed, ec.id, ec.rebooked, false, empty};
  event.moved_in = ec.moved_in;
  emit(event);
  on_theatre_ready(i, t);
}

void ClinicalModel::Impl::on_rebook(std::uint32_t i, std::uint32_t c) {
  HospitalState& h = hospitals[i];
  ElectiveCase& ec = h.surgery.cases[c];
  ec.rebooked = true;
  ec.planned_start = -1;
  SurgeryEvent event{now, *h.id, SurgeryEventKind::kRebooked, ec.id, true, false, empty};
  event.moved_in = ec.moved_in;
  emit(event);
  h.surgery.catchup_queue.push_back(c);
}

std::vector<std::uint64_t> ClinicalModel::Impl::backlog_ids(const HospitalState& h) const {
  std::vector<std::uint64_t> ids;
  for (const ElectiveCase& ec : h.surgery.cases) {
    if (ec.state == CaseState::kCancelled) ids.push_back(ec.id);
  }
  return ids;
}

// ----- mutual aid ---------------------------------------------------------------------------------------

// A share of the downtime cancellations (by priority class) is offered. The case goes to the nearest
// hospital within aid_max_travel whose elective surgery is not itself in downtime and whose accepted,
// not yet listed cases still fit, with this one, into its spare theatre time over the window; it becomes a
// new case of that hospital's and is neither cancelled nor rebooked here. A case moved once is not offered
// again. Offers that find no receiver are cancelled as usual.
bool ClinicalModel::Impl::offer_mutual_aid(std::uint32_t i, std::uint32_t c) {
  HospitalState& h = hospitals[i];
  const ElectiveCase& ec = h.surgery.cases[c];
  if (ec.moved_in) return false;
  const double share = policies.aid_share[ec.priority];
  if (share <= 0.0) return false;
  const bool offered = deterministic ? counter_hit(h.surgery.aid_counters[ec.priority], share)
                                     : share >= 1.0 || h.surgery.aid_stream.uniform() < share;
  if (!offered) return false;
  const Seconds listed_from = now - scenario.time_of_day(now) + policies.aid_lead_days * kDay;
  for (const auto& [km, j] : h.nearest_lists) {
    if (travel_time(km) > policies.aid_max_travel + kShareEpsilon) break;
    HospitalState& r = hospitals[j];
    const int klass = r.surgery.priority_modelled ? ec.priority : -1;
    if (condition(r, Activity::kElectiveSurgery, klass).capacity_down) continue;
    if (r.surgery.aid_held + ec.planned > aid_capacity(r, listed_from) + kShareEpsilon) continue;
    ElectiveCase moved = ec;  // the same procedure: duration, planned duration, bed, length of stay, class
    moved.id = r.surgery.next_case_id++;
    moved.rebooked = false;
    moved.state = CaseState::kBooked;
    moved.planned_start = -1;
    moved.moved_in = true;
    moved.listed_from = listed_from;
    r.surgery.cases.push_back(moved);
    r.surgery.aid_queue.push_back(static_cast<std::uint32_t>(r.surgery.cases.size() - 1));
    r.surgery.aid_held += moved.planned;
    h.surgery.cases[c].state = CaseState::kMoved;
    emit(ElectiveMoved{now, *h.id, *r.id, ec.id, moved.id, ec.priority, km, listed_from});
    return true;
  }
  return false;
}

// Spare theatre time per operating day is what planned_utilisation leaves unbooked in every session
// (theatres x session x (1 - planned_utilisation)); operating days are the days of the window with a
// normal list (elective_per_weekday > 0).
Seconds ClinicalModel::Impl::aid_capacity(const HospitalState& h, Seconds from) const {
  const SurgeryConfig& surgery = h.config->surgery;
  const Seconds spare = static_cast<double>(h.surgery.theatres.size()) * (surgery.day_end - surgery.day_start) *
                        std::max(0.0, 1.0 - surgery.planned_utilisation);
  int days = 0;
  for (int d = 0; d < policies.aid_window_days; ++d) {
    // An hour into the day, clear of rounding at midnight.
    if (surgery.elective_per_weekday[scenario.weekday_at(from + d * kDay + kHour)] > 0) ++days;
  }
  return spare * days;
}

// After the day's own lists are built: each accepted case whose first day has come goes, in order of
// acceptance, to the first theatre where it still ends within the session (booked work, turnovers and its
// planned duration within day_end - day_start, the margin planned_utilisation leaves), or to an empty
// theatre; the others wait for a later day.
void ClinicalModel::Impl::list_aid_cases(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  const SurgeryConfig& surgery = h.config->surgery;
  const Seconds session = surgery.day_end - surgery.day_start;
  constexpr Seconds kSlack = 1e-6;
  std::deque<std::uint32_t> waiting;
  for (std::uint32_t c : h.surgery.aid_queue) {
    ElectiveCase& ec = h.surgery.cases[c];
    std::size_t chosen = h.surgery.theatres.size();
    Seconds start = 0;
    for (std::size_t t = 0; t < h.surgery.theatres.size() && ec.listed_from <= now; ++t) {
      const Theatre& theatre = h.surgery.theatres[t];
      Seconds offset = 0;
      if (!theatre.list.empty()) {
        const ElectiveCase& last = h.surgery.cases[theatre.list.back()];
        offset = last.planned_start - now + last.planned + surgery.turnover;
      }
      if (theatre.list.empty() || offset + ec.planned <= session + kSlack) {
        chosen = t;
        start = offset;
        break;
      }
    }
    if (chosen == h.surgery.theatres.size()) {
      waiting.push_back(c);
      continue;
    }
    ec.planned_start = now + start;
    h.surgery.theatres[chosen].list.push_back(c);
    h.surgery.aid_held = std::max(0.0, h.surgery.aid_held - ec.planned);
    SurgeryEvent event{now, *h.id, SurgeryEventKind::kScheduled, ec.id, false, false, empty};
    event.planned_start = ec.planned_start;
    event.moved_in = true;
    emit(event);
  }
  h.surgery.aid_queue = std::move(waiting);
}

// ----- emergency surgery --------------------------------------------------------------------------------

void ClinicalModel::Impl::start_emergency_case(std::uint32_t i, Seconds duration) {
  HospitalState& h = hospitals[i];
  const auto index = static_cast<std::uint32_t>(h.surgery.emergency_cases.size());
  h.surgery.emergency_cases.push_back(EmergencyCase{h.surgery.next_case_id++, duration});
  emit(SurgeryEvent{now, *h.id, SurgeryEventKind::kScheduled, h.surgery.emergency_cases[index].id, false, true,
                    empty});
  h.surgery.emergency_queue.push_back(index);
  start_emergency_cases(i);
}

void ClinicalModel::Impl::start_emergency_cases(std::uint32_t i) {
  HospitalState& h = hospitals[i];
  const int theatres = h.config->surgery.emergency_theatres;
  while (!h.surgery.emergency_queue.empty() && (theatres <= 0 || h.surgery.emergency_busy < theatres)) {
    const std::uint32_t index = h.surgery.emergency_queue.front();
    h.surgery.emergency_queue.pop_front();
    ++h.surgery.emergency_busy;
    request_all(h.logistics_requests);
    const Condition c = condition(h, Activity::kEmergencySurgery);
    emit(SurgeryEvent{now, *h.id, SurgeryEventKind::kStarted, h.surgery.emergency_cases[index].id, false, true,
                      empty});
    schedule(now + h.surgery.emergency_cases[index].duration * c.time, EmergencyCaseEnds{i, index});
  }
}

void ClinicalModel::Impl::on_emergency_end(std::uint32_t i, std::uint32_t index) {
  HospitalState& h = hospitals[i];
  --h.surgery.emergency_busy;
  emit(SurgeryEvent{now, *h.id, SurgeryEventKind::kPerformed, h.surgery.emergency_cases[index].id, false, true,
                    empty});
  start_emergency_cases(i);
}

}  // namespace hospsim
