// Elective surgery: lists that fill each theatre's session with planned starts, the four downtime policies,
// the session limit, beds for elective inpatients and rebooking into catch-up slots.
//
// The fixture starts on Monday 00:00; sessions run 08:00-16:00 (480 min) with 60-minute cases (deterministic
// medians), 15 minutes of turnover and a planned utilisation of 0.85, so a theatre books at most
// 0.85 x 480 = 408 minutes of work: 5 cases (5 x 60 + 4 x 15 = 360 min; 6 would take 435), planned at 08:00,
// 09:15, 10:30, 11:45 and 13:00. With 2 theatres and 8 cases, theatre 1 takes cases 1-5 and theatre 2 cases 6-8 (08:00, 09:15, 10:30).
#include <catch2/catch.hpp>

#include "clinical_test_support.h"
#include "hospsim/random.h"

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
  h.surgery.turnover = 15 * kMinute;
  h.surgery.planned_utilisation = 0.85;
  h.surgery.inpatient_share = 0.0;
  s.hospitals["a"] = h;
  return s;
}

constexpr Seconds kMonday[] = {8 * kHour, 9.25 * kHour, 10.5 * kHour, 11.75 * kHour, 13 * kHour};

int count_reason(const Recorder& r, const std::string& reason) {
  int n = 0;
  for (const auto& e : r.surgery) n += (e.kind == SurgeryEventKind::kCancelled && e.reason == reason) ? 1 : 0;
  return n;
}

std::vector<Seconds> planned_starts(const Recorder& r, SurgeryEventKind kind) {
  std::vector<Seconds> out;
  for (const auto& e : r.surgery) {
    if (e.kind == kind && !e.emergency) out.push_back(e.planned_start);
  }
  return out;
}

TEST_CASE("clinical::surgery: lists fill each theatre's session and cases start at their planned times",
          "[clinical]") {
  Run run;
  run.go(surgery_scenario(kDay, ElectivePolicy::kCancelCase));
  const Recorder& r = run.recorder;
  CHECK(r.surgery_times(SurgeryEventKind::kScheduled) == std::vector<Seconds>(8, 8 * kHour));
  const std::vector<Seconds> planned{kMonday[0], kMonday[1], kMonday[2], kMonday[3],
                                     kMonday[4], kMonday[0], kMonday[1], kMonday[2]};
  CHECK(planned_starts(r, SurgeryEventKind::kScheduled) == planned);
  // Started exactly at the planned starts (theatre 1's five, theatre 2's three, interleaved in time).
  CHECK(r.surgery_times(SurgeryEventKind::kStarted) ==
        std::vector<Seconds>{kMonday[0], kMonday[0], kMonday[1], kMonday[1], kMonday[2], kMonday[2], kMonday[3],
                             kMonday[4]});
  CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 8);
  CHECK(r.count_surgery(SurgeryEventKind::kCancelled) == 0);
  CHECK(r.surgery_times(SurgeryEventKind::kPerformed).back() == 14 * kHour);
  CHECK(run.view.requests("a", "pas") == 8);  // one check-in per case
}

TEST_CASE("clinical::surgery: a random case never starts before its planned start", "[clinical]") {
  Scenario s = surgery_scenario(14 * kDay, ElectivePolicy::kCancelCase, 3);
  s.deterministic = false;
  s.hospitals["a"].surgery.case_minutes = {60, 150};
  s.hospitals["a"].surgery.elective_per_weekday = {14, 14, 14, 14, 14, 0, 0};
  Run run;
  run.go(s, 11);
  const Recorder& r = run.recorder;
  int started = 0;
  for (const auto& e : r.surgery) {
    if (e.kind != SurgeryEventKind::kStarted) continue;
    ++started;
    CHECK(e.time >= e.planned_start);
  }
  CHECK(started > 100);
}

TEST_CASE("clinical::surgery: cancel_case cancels only the cases that start while DOWN", "[clinical]") {
  Run run;
  run.view.down("a", "pas", 10 * kHour, 11 * kHour);
  run.go(surgery_scenario(kDay, ElectivePolicy::kCancelCase));
  const Recorder& r = run.recorder;
  // The 10:30 case of each theatre; theatre 1's 11:45 case keeps its planned start.
  CHECK(r.surgery_times(SurgeryEventKind::kCancelled) == std::vector<Seconds>{kMonday[2], kMonday[2]});
  CHECK(count_reason(r, "cancel_case: services down") == 2);
  CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 6);
  CHECK(r.surgery_times(SurgeryEventKind::kStarted).back() == kMonday[4]);
}

TEST_CASE("clinical::surgery: cancel_day cancels exactly the remaining cases of the day", "[clinical]") {
  SECTION("an outage within the day") {
    Run run;
    run.view.down("a", "pas", 10 * kHour, 11 * kHour);
    run.go(surgery_scenario(2 * kDay, ElectivePolicy::kCancelDay));
    const Recorder& r = run.recorder;
    // At 10:30 the first case found DOWN cancels itself and the 3 cases not yet started (theatre 1: 10:30,
    // 11:45, 13:00; theatre 2: 10:30). Tuesday's list is not affected.
    CHECK(r.surgery_times(SurgeryEventKind::kCancelled) == std::vector<Seconds>(4, kMonday[2]));
    CHECK(count_reason(r, "cancel_day: services down") == 4);
    CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 4 + 8);
  }
  SECTION("an outage into the next day cancels the next day's list until UP again") {
    Run run;
    run.view.down("a", "pas", 10 * kHour, kDay + 12 * kHour);
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
  // One theatre: cases 1-5 fit the 408 minutes of work; 6-8 wait for the next list (none within the run).
  // Every 2nd affected case goes ahead (90 min; the slot of a cancelled case stays empty): 08:00 cancelled;
  // 09:15-10:45; the 10:30 case at 11:00 (turnover): cancelled; 11:45-13:15; the 13:00 case at 13:30:
  // cancelled.
  CHECK(r.count_surgery(SurgeryEventKind::kScheduled) == 5);
  CHECK(r.surgery_times(SurgeryEventKind::kPerformed) == std::vector<Seconds>{10.75 * kHour, 13.25 * kHour});
  CHECK(count_reason(r, "reduced: capacity") == 3);
  CHECK(r.surgery_times(SurgeryEventKind::kCancelled) ==
        std::vector<Seconds>{8 * kHour, 11 * kHour, 13.5 * kHour});
}

TEST_CASE("clinical::surgery: cases that fit no session today wait for the next day's list", "[clinical]") {
  Scenario s = surgery_scenario(2 * kDay, ElectivePolicy::kCancelCase, 1);
  s.hospitals["a"].surgery.elective_per_weekday = {8, 2, 0, 0, 0, 0, 0};
  Run run;
  run.go(s);
  const Recorder& r = run.recorder;
  // Monday lists cases 1-5; 6-8 go first on Tuesday's list, before Tuesday's 2 new cases (5 in all).
  std::vector<std::uint64_t> tuesday;
  for (const auto& e : r.surgery) {
    if (e.kind == SurgeryEventKind::kScheduled && e.time == kDay + 8 * kHour) tuesday.push_back(e.case_id);
  }
  CHECK(tuesday == std::vector<std::uint64_t>{6, 7, 8, 9, 10});
  CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 10);
  CHECK(r.count_surgery(SurgeryEventKind::kCancelled) == 0);
}

TEST_CASE("clinical::surgery: a case that would not finish in the session cancels the rest of its list",
          "[clinical]") {
  Scenario s = surgery_scenario(kDay, ElectivePolicy::kCancelCase, 1);
  s.effects["pas"][Activity::kElectiveSurgery] = Effect{1.0, 2.0};  // slower, nothing cancelled for IT
  s.hospitals["a"].surgery.elective_per_weekday = {5, 0, 0, 0, 0, 0, 0};
  Run run;
  run.view.down("a", "pas", 0);
  run.go(s);
  const Recorder& r = run.recorder;
  // 120-minute cases: 08:00-10:00, 10:15-12:15, 12:30-14:30; at 14:45 the 4th would end 16:45, more than
  // the tolerated 30 min after the 16:00 session end: it and the 5th are cancelled then.
  CHECK(r.surgery_times(SurgeryEventKind::kPerformed) == std::vector<Seconds>{10 * kHour, 12.25 * kHour, 14.5 * kHour});
  CHECK(count_reason(r, "session time exhausted") == 2);
  CHECK(r.surgery_times(SurgeryEventKind::kCancelled) == std::vector<Seconds>(2, 14.75 * kHour));
  for (const auto& e : r.surgery) {
    if (e.kind == SurgeryEventKind::kCancelled) CHECK(e.cause == CancellationCause::kSessionTime);
  }
}

TEST_CASE("clinical::surgery: delay holds the list while DOWN and cancels what no longer fits", "[clinical]") {
  SECTION("back within the session: everything is performed, later") {
    Run run;
    run.view.down("a", "pas", 10 * kHour, 11 * kHour);
    run.go(surgery_scenario(kDay, ElectivePolicy::kDelay));
    const Recorder& r = run.recorder;
    // Both 10:30 cases are held, rechecked every 5 min, and start at 11:00 when UP; theatre 1 then runs
    // 12:15-13:15 and 13:30-14:30 (turnover after each case).
    CHECK(r.count_surgery(SurgeryEventKind::kCancelled) == 0);
    CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 8);
    CHECK(r.surgery_times(SurgeryEventKind::kStarted) ==
          std::vector<Seconds>{kMonday[0], kMonday[0], kMonday[1], kMonday[1], 11 * kHour, 11 * kHour,
                               12.25 * kHour, 13.5 * kHour});
  }
  SECTION("back late: the cases that no longer fit are cancelled as downtime") {
    Run run;
    run.view.down("a", "pas", 10 * kHour, 14 * kHour);
    run.go(surgery_scenario(kDay, ElectivePolicy::kDelay));
    const Recorder& r = run.recorder;
    // Theatre 1 resumes at 14:00: case 3 to 15:00, case 4 15:15-16:15 (within the tolerated 30 min after
    // 16:00); at 16:30 case 5 would end 17:30: cancelled. Theatre 2's case 8 runs 14:00-15:00.
    CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 7);
    CHECK(count_reason(r, "delay: no longer fits the session after the hold") == 1);
    CHECK(r.surgery_times(SurgeryEventKind::kCancelled) == std::vector<Seconds>{16.5 * kHour});
    for (const auto& e : r.surgery) {
      if (e.kind == SurgeryEventKind::kCancelled) CHECK(e.cause == CancellationCause::kDowntime);
    }
  }
  SECTION("not back in time: held cases are cancelled when the session can no longer take them") {
    Run run;
    run.view.down("a", "pas", 10 * kHour, 16 * kHour);
    run.go(surgery_scenario(kDay, ElectivePolicy::kDelay));
    const Recorder& r = run.recorder;
    // Rechecks at 10:35 ... 15:30 find DOWN with time left (a 60-min case may end by 16:30); at 15:35 none
    // can: the four held cases are cancelled.
    CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 4);
    CHECK(r.surgery_times(SurgeryEventKind::kCancelled) == std::vector<Seconds>(4, 15.5 * kHour + 5 * kMinute));
    CHECK(count_reason(r, "delay: no longer fits the session after the hold") == 4);
  }
}

TEST_CASE("clinical::surgery: an elective inpatient without a usable bed is cancelled for no bed",
          "[clinical]") {
  Scenario s = surgery_scenario(kDay, ElectivePolicy::kCancelCase, 1);
  Hospital& h = s.hospitals["a"];
  h.surgery.elective_per_weekday = {5, 0, 0, 0, 0, 0, 0};
  h.surgery.inpatient_share = 1.0;
  h.beds.count = 2;
  h.beds.occupancy = 0.0;  // empty wards, no background admissions
  h.beds.los_days = {3, 6};
  Run run;
  run.go(s);
  const Recorder& r = run.recorder;
  // Cases 1 and 2 take the two beds at their start (until 3 days after their end); 3, 4 and 5 find none.
  CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 2);
  CHECK(count_reason(r, "no bed") == 3);
  CHECK(r.surgery_times(SurgeryEventKind::kCancelled) ==
        std::vector<Seconds>{kMonday[2], kMonday[3], kMonday[4]});
  for (const auto& e : r.surgery) {
    if (e.kind == SurgeryEventKind::kCancelled) CHECK(e.cause == CancellationCause::kNoBed);
  }
  REQUIRE(r.beds.size() >= 3);
  CHECK(r.beds[1] == std::pair<Seconds, int>{kMonday[0], 1});
  CHECK(r.beds[2] == std::pair<Seconds, int>{kMonday[1], 2});
}

TEST_CASE("clinical::surgery: cancelled cases are rebooked into catch-up slots, first in first out",
          "[clinical]") {
  Scenario s = surgery_scenario(10 * kDay, ElectivePolicy::kCancelCase);
  s.policies.rebook_after = 7 * kDay;
  s.policies.catchup_share = 0.1;  // ceil(0.1 x 8) = 1 catch-up slot per weekday with a list
  Run run;
  run.view.down("a", "pas", 10 * kHour, 11 * kHour);
  run.go(s);
  const Recorder& r = run.recorder;

  std::vector<std::pair<Seconds, std::uint64_t>> rebooked, rescheduled, reperformed;
  for (const auto& e : r.surgery) {
    if (e.kind == SurgeryEventKind::kRebooked) rebooked.emplace_back(e.time, e.case_id);
    if (e.kind == SurgeryEventKind::kScheduled && e.rebooked) rescheduled.emplace_back(e.time, e.case_id);
    if (e.kind == SurgeryEventKind::kPerformed && e.rebooked) reperformed.emplace_back(e.time, e.case_id);
  }
  // Cases 3 and 8 (Monday's 10:30 cases) are rebooked a week later and wait in the backlog for one catch-up
  // slot each: Tuesday and Wednesday of the next week, as the 9th case of the list (theatre 2's fourth, at
  // 11:45, ending 12:45).
  CHECK(rebooked == std::vector<std::pair<Seconds, std::uint64_t>>{{7 * kDay + 10.5 * kHour, 3},
                                                                   {7 * kDay + 10.5 * kHour, 8}});
  CHECK(rescheduled ==
        std::vector<std::pair<Seconds, std::uint64_t>>{{8 * kDay + 8 * kHour, 3}, {9 * kDay + 8 * kHour, 8}});
  CHECK(reperformed == std::vector<std::pair<Seconds, std::uint64_t>>{{8 * kDay + 12.75 * kHour, 3},
                                                                      {9 * kDay + 12.75 * kHour, 8}});
  int scheduled_day8 = 0;
  for (const auto& e : r.surgery) {
    if (e.kind == SurgeryEventKind::kScheduled && e.time == 8 * kDay + 8 * kHour) ++scheduled_day8;
  }
  CHECK(scheduled_day8 == 9);
}

}  // namespace
}  // namespace hospsim::testing

namespace hospsim::testing {
namespace {

TEST_CASE("clinical::surgery: lists book planned case time and leave room for the turnovers", "[clinical]") {
  Scenario s = surgery_scenario(kDay, ElectivePolicy::kCancelCase, 2);
  Hospital& h = s.hospitals["a"];
  SECTION("turnovers count as planned work: at 0.85 of 480 min (408) with 30-min turnovers, 4 cases of 60") {
    h.surgery.planned_utilisation = 0.85;
    h.surgery.turnover = 30 * kMinute;
    Run run;
    run.go(s);
    // 4 x 60 + 3 x 30 = 330 <= 408 but 5 x 60 + 4 x 30 = 420 > 408: theatre 1 cases 1-4 at 08:00, 09:30, 11:00,
    // 12:30, theatre 2 cases 5-8 likewise.
    const std::vector<Seconds> planned = planned_starts(run.recorder, SurgeryEventKind::kScheduled);
    CHECK(planned == std::vector<Seconds>{8 * kHour, 9.5 * kHour, 11 * kHour, 12.5 * kHour, 8 * kHour, 9.5 * kHour,
                                          11 * kHour, 12.5 * kHour});
  }
  SECTION("random mode: lists planned with each case's estimate rarely run out of session time") {
    s.deterministic = false;
    s.horizon = 28 * kDay;
    h.surgery.theatres = 4;
    h.surgery.case_minutes = {60, 150};  // mean 77.5 min: about 4 cases a theatre (408 min of work)
    h.surgery.planned_utilisation = 0.85;
    h.surgery.elective_per_weekday = {16, 16, 16, 16, 16, 0, 0};
    Run run;
    run.go(s, 3);
    const Recorder& r = run.recorder;
    int session = 0;
    for (const auto& e : r.surgery) {
      if (e.kind == SurgeryEventKind::kCancelled && e.cause == CancellationCause::kSessionTime) ++session;
    }
    const int scheduled = r.count_surgery(SurgeryEventKind::kScheduled);
    CHECK(scheduled >= 300);  // of the 320 booked, a few wait for a list beyond the horizon
    CHECK(session > 0);                  // possible: estimates err
    CHECK(session * 100 < 2 * scheduled);  // but rare: under 2% of the scheduled cases
  }
}

}  // namespace
}  // namespace hospsim::testing
