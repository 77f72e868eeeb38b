// Elective surgery under the three downtime policies, session limits and rebooking into catch-up slots.
// The scenario starts on Monday 00:00; lists run 08:00-16:00 with 60-minute cases (deterministic medians),
// assigned round-robin to the theatres: with 2 theatres and 8 cases each theatre does 08, 09, 10, 11 o'clock.
#include <catch2/catch.hpp>

#include "clinical_test_support.h"

namespace hospsim::testing {
namespace {

Scenario surgery_scenario(Seconds horizon, ElectivePolicy policy, int theatres = 2) {
  Scenario s = base_scenario(horizon);
  add_service(s, "pas", "logistics");
  s.effects["pas"][Activity::kElectiveSurgery] = Effect{0.0, 1.0};
  s.policies.elective = policy;
  Hospital h;
  h.id = "a";
  h.uses = {"pas"};
  h.surgery.theatres = theatres;
  h.surgery.day_start = 8 * kHour;
  h.surgery.day_end = 16 * kHour;
  h.surgery.elective_per_weekday = {8, 8, 8, 8, 8, 0, 0};
  h.surgery.case_minutes = {60, 120};
  h.surgery.inpatient_share = 0.0;
  s.hospitals["a"] = h;
  return s;
}

int count_reason(const Recorder& r, const std::string& reason) {
  int n = 0;
  for (const auto& e : r.surgery) n += (e.kind == SurgeryEventKind::kCancelled && e.reason == reason) ? 1 : 0;
  return n;
}

TEST_CASE("clinical::surgery: the day's list is scheduled at session start and performed", "[clinical]") {
  Run run;
  run.go(surgery_scenario(kDay, ElectivePolicy::kCancelCase));
  const Recorder& r = run.recorder;
  CHECK(r.count_surgery(SurgeryEventKind::kScheduled) == 8);
  CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 8);
  CHECK(r.count_surgery(SurgeryEventKind::kCancelled) == 0);
  CHECK(r.surgery.front().time == 8 * kHour);
  CHECK(r.surgery.back().time == 12 * kHour);
  CHECK(run.view.requests("a", "pas") == 8);  // one check-in per case
}

TEST_CASE("clinical::surgery: cancel_case cancels only the cases that start while DOWN", "[clinical]") {
  Run run;
  run.view.down("a", "pas", 9.5 * kHour, 10.5 * kHour);
  run.go(surgery_scenario(kDay, ElectivePolicy::kCancelCase));
  const Recorder& r = run.recorder;
  // The 10:00 case of each theatre; its slot stays empty and the 11:00 cases go ahead.
  CHECK(r.count_surgery(SurgeryEventKind::kCancelled) == 2);
  CHECK(count_reason(r, "cancel_case: services down") == 2);
  CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 6);
  CHECK(r.surgery.back().kind == SurgeryEventKind::kPerformed);
  CHECK(r.surgery.back().time == 12 * kHour);
}

TEST_CASE("clinical::surgery: cancel_day cancels exactly the remaining cases of the day", "[clinical]") {
  SECTION("an outage within the day") {
    Run run;
    run.view.down("a", "pas", 9.5 * kHour, 10.5 * kHour);
    run.go(surgery_scenario(2 * kDay, ElectivePolicy::kCancelDay));
    const Recorder& r = run.recorder;
    // At 10:00 the first case found DOWN cancels itself and the 3 cases not yet started (both theatres);
    // the 09:00 case of theatre 2 finishes. Tuesday's list is not affected.
    CHECK(r.count_surgery(SurgeryEventKind::kCancelled) == 4);
    CHECK(count_reason(r, "cancel_day: services down") == 4);
    for (const auto& e : r.surgery) {
      if (e.kind == SurgeryEventKind::kCancelled) CHECK(e.time == 10 * kHour);
    }
    CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 4 + 8);
  }
  SECTION("an outage into the next day cancels the next day's list until UP again") {
    Run run;
    run.view.down("a", "pas", 9.5 * kHour, kDay + 12 * kHour);
    run.go(surgery_scenario(3 * kDay, ElectivePolicy::kCancelDay));
    const Recorder& r = run.recorder;
    CHECK(count_reason(r, "cancel_day: services down") == 4);
    CHECK(count_reason(r, "cancel_day: services still down") == 8);
    CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 4 + 8);  // Monday morning and Wednesday
  }
}

TEST_CASE("clinical::surgery: reduced proceeds with capacity and time factors", "[clinical]") {
  Scenario s = surgery_scenario(kDay, ElectivePolicy::kReduced, 1);
  s.effects["pas"][Activity::kElectiveSurgery] = Effect{0.5, 1.5};
  Run run;
  run.view.down("a", "pas", 0);
  run.go(s);
  const Recorder& r = run.recorder;
  // Every 2nd case goes ahead (90 min), the others leave their 60-min slot empty: 08 cancel, 09-10:30,
  // 10:30 cancel, 11:30-13:00, 13:00 cancel, 14:00-15:30, 15:30 cancel, 16:30 does not fit the session.
  CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 3);
  CHECK(count_reason(r, "reduced: capacity") == 4);
  CHECK(count_reason(r, "session time exhausted") == 1);
  std::vector<Seconds> performed;
  for (const auto& e : r.surgery) {
    if (e.kind == SurgeryEventKind::kPerformed) performed.push_back(e.time);
  }
  CHECK(performed == std::vector<Seconds>{10.5 * kHour, 13 * kHour, 15.5 * kHour});
}

TEST_CASE("clinical::surgery: a case that would not finish in the session is not started", "[clinical]") {
  Scenario s = surgery_scenario(kDay, ElectivePolicy::kCancelCase, 1);
  s.hospitals["a"].surgery.elective_per_weekday = {10, 0, 0, 0, 0, 0, 0};
  Run run;
  run.go(s);
  const Recorder& r = run.recorder;
  CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 8);
  CHECK(count_reason(r, "session time exhausted") == 2);
}

TEST_CASE("clinical::surgery: cancelled cases are rebooked into catch-up slots, first in first out",
          "[clinical]") {
  Scenario s = surgery_scenario(10 * kDay, ElectivePolicy::kCancelCase);
  s.policies.rebook_after = 7 * kDay;
  s.policies.catchup_share = 0.1;  // ceil(0.1 x 8) = 1 catch-up slot per weekday with a list
  Run run;
  run.view.down("a", "pas", 9.5 * kHour, 10.5 * kHour);
  run.go(s);
  const Recorder& r = run.recorder;

  std::vector<std::pair<Seconds, std::uint64_t>> rebooked, rescheduled, reperformed;
  for (const auto& e : r.surgery) {
    if (e.kind == SurgeryEventKind::kRebooked) rebooked.emplace_back(e.time, e.case_id);
    if (e.kind == SurgeryEventKind::kScheduled && e.rebooked) rescheduled.emplace_back(e.time, e.case_id);
    if (e.kind == SurgeryEventKind::kPerformed && e.rebooked) reperformed.emplace_back(e.time, e.case_id);
  }
  // Cases 5 and 6 (the 10:00 cases of Monday) are rebooked a week later and wait in the backlog for one
  // catch-up slot each: Tuesday and Wednesday of the next week, as the 9th case of the list (theatre 1,
  // 12:00).
  CHECK(rebooked == std::vector<std::pair<Seconds, std::uint64_t>>{{7 * kDay + 10 * kHour, 5},
                                                                   {7 * kDay + 10 * kHour, 6}});
  CHECK(rescheduled ==
        std::vector<std::pair<Seconds, std::uint64_t>>{{8 * kDay + 8 * kHour, 5}, {9 * kDay + 8 * kHour, 6}});
  CHECK(reperformed == std::vector<std::pair<Seconds, std::uint64_t>>{{8 * kDay + 13 * kHour, 5},
                                                                      {9 * kDay + 13 * kHour, 6}});
  int scheduled_day8 = 0;
  for (const auto& e : r.surgery) {
    if (e.kind == SurgeryEventKind::kScheduled && e.time == 8 * kDay + 8 * kHour) ++scheduled_day8;
  }
  CHECK(scheduled_day8 == 9);
}

}  // namespace
}  // namespace hospsim::testing
