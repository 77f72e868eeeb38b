// Mutual aid for planned surgery: downtime cancellations moved to a neighbour's spare theatre time.
// Every case is deterministic and small enough to follow by hand.
#include <catch2/catch.hpp>

#include "clinical_test_support.h"

namespace hospsim::testing {
namespace {

// Three hospitals on the equator at longitudes 0, 0.1 and 0.25 degrees (b 14.45 min from a, c 36.13 min; 21.68
// min from b to c), each with one theatre, 08:00-16:00, five 60-min cases a weekday (planned 08:00, 09:15, 10:30,
// 11:45, 13:00; the last ends at 14:00), planned_utilisation 0.85: 72 min of spare theatre time a weekday. The
// PAS stops elective surgery where it is DOWN (capacity 0, cancel_day). Starts Monday 00:00.
Scenario aid_scenario(Seconds horizon) {
  Scenario s = base_scenario(horizon);
  add_service(s, "pas", "logistics");
  s.effects["pas"][Activity::kElectiveSurgery] = Effect{0.0, 1.0};
  s.policies.elective = ElectivePolicy::kCancelDay;
  s.policies.mutual_aid = true;
  s.policies.aid_share = {1.0, 1.0, 1.0};
  const double lons[] = {0.0, 0.1, 0.25};
  const char* ids[] = {"a", "b", "c"};
  for (int k = 0; k < 3; ++k) {
    Hospital h = one_theatre_hospital(ids[k]);
    h.location = Location{0.0, lons[k]};
    s.hospitals[ids[k]] = h;
  }
  return s;
}

std::vector<std::string> receivers(const Recorder& r) {
  std::vector<std::string> out;
  for (const auto& m : r.moves) out.push_back(m.to);
  return out;
}

std::vector<Seconds> times_at(const Recorder& r, const std::string& hospital, SurgeryEventKind kind,
                              bool moved_in) {
  std::vector<Seconds> out;
  for (const auto& e : r.surgery) {
    if (e.hospital == hospital && e.kind == kind && e.moved_in == moved_in) out.push_back(e.time);
  }
  return out;
}

constexpr Seconds kMon = 8 * kHour;  // Monday's list is built (and cancelled) at 08:00

TEST_CASE("clinical::mutual_aid: a's cancelled day goes to b, one case a day in b's spare session time",
          "[clinical]") {
  // a's PAS is DOWN all Monday: cancel_day at 08:00 offers its five cases; b (nearest, UP) holds
  // 72 min x 5 operating days (Tue-Fri and the next Monday) = 360 min of spare time and accepts all five.
  // On b's list (own cases end 14:00) one 60-min case fits after the 15-min turnover: 14:15-15:15; the
  // next would end at 16:30, so one a day, on Tue, Wed, Thu, Fri and the next Monday.
  Scenario s = aid_scenario(8 * kDay);
  Run run;
  run.view.down("a", "pas", 0, kDay);
  run.go(s);
  const Recorder& r = run.recorder;
  REQUIRE(r.moves.size() == 5);
  CHECK(receivers(r) == std::vector<std::string>(5, "b"));
  for (const auto& m : r.moves) {
    CHECK(m.time == kMon);
    CHECK(m.listed_from == kDay);  // from Tuesday's list
  }
  CHECK(r.moves[0].case_id == 1);
  CHECK(r.moves[4].case_id == 5);
  CHECK(times_at(r, "a", SurgeryEventKind::kCancelled, false).empty());  // moved, not cancelled
  CHECK(r.count_surgery(SurgeryEventKind::kRebooked) == 0);
  const Seconds at = 14.25 * kHour;
  // b's own cases all go ahead: five a day on Mon-Fri and the next Monday.
  CHECK(times_at(r, "b", SurgeryEventKind::kStarted, false).size() == 30);
  CHECK(times_at(r, "b", SurgeryEventKind::kStarted, true).size() == 5);
  std::vector<Seconds> starts;
  for (const auto& e : r.surgery) {
    if (e.hospital == "b" && e.kind == SurgeryEventKind::kScheduled && e.moved_in) starts.push_back(e.planned_start);
  }
  CHECK(starts == std::vector<Seconds>{kDay + at, 2 * kDay + at, 3 * kDay + at, 4 * kDay + at, 7 * kDay + at});
  const Seconds end = 15.25 * kHour;
  CHECK(times_at(r, "b", SurgeryEventKind::kPerformed, true) ==
        std::vector<Seconds>{kDay + end, 2 * kDay + end, 3 * kDay + end, 4 * kDay + end, 7 * kDay + end});
  CHECK(times_at(r, "c", SurgeryEventKind::kScheduled, true).empty());
}

TEST_CASE("clinical::mutual_aid: receivers accept only what fits their window, then the next one", "[clinical]") {
  Scenario s = aid_scenario(2 * kDay);
  SECTION("window_days 2: b and c each hold 144 min (two cases); the fifth case is cancelled at a") {
    s.policies.aid_window_days = 2;
    Run run;
    run.view.down("a", "pas", 0, kDay);
    run.go(s);
    const Recorder& r = run.recorder;
    CHECK(receivers(r) == std::vector<std::string>{"b", "b", "c", "c"});
    const auto cancelled = times_at(r, "a", SurgeryEventKind::kCancelled, false);
    REQUIRE(cancelled.size() == 1);
    bool fifth = false;
    for (const auto& e : r.surgery) {
      fifth = fifth || (e.hospital == "a" && e.kind == SurgeryEventKind::kCancelled && e.case_id == 5 &&
                        e.cause == CancellationCause::kDowntime);
    }
    CHECK(fifth);
  }
  SECTION("max_travel_minutes 20: c (36 min) is out of reach, so cases 3-5 are cancelled") {
    s.policies.aid_window_days = 2;
    s.policies.aid_max_travel = 20 * kMinute;
    Run run;
    run.view.down("a", "pas", 0, kDay);
    run.go(s);
    CHECK(receivers(run.recorder) == std::vector<std::string>{"b", "b"});
    CHECK(times_at(run.recorder, "a", SurgeryEventKind::kCancelled, false).size() == 3);
  }
  SECTION("b in downtime itself: every case goes to c") {
    Run run;
    run.view.down("a", "pas", 0, kDay);
    run.view.down("b", "pas", 0, kDay);
    run.go(s);
    // a's cancellations come first (its list is looked at first at 08:00): b is DOWN, c (UP) holds 360 min and
    // takes all five (300 min). Then b's own five: a is DOWN, c takes one more (360 min); the others are
    // cancelled at b.
    std::vector<std::string> from_a;
    std::vector<std::string> from_b;
    for (const auto& m : run.recorder.moves) (m.from == "a" ? from_a : from_b).push_back(m.to);
    CHECK(from_a == std::vector<std::string>(5, "c"));
    CHECK(from_b == std::vector<std::string>{"c"});
    CHECK(times_at(run.recorder, "b", SurgeryEventKind::kCancelled, false).size() == 4);
  }
}

TEST_CASE("clinical::mutual_aid: the share is by priority class; cancer first by default", "[clinical]") {
  // Classes by rotation with cancer 0.4, routine 0.6: routine, cancer, routine, cancer, routine.
  Scenario s = aid_scenario(2 * kDay);
  s.policies.aid_share = Policies{}.aid_share;  // the default: cancer 1, urgent 0, routine 0
  Run run;
  run.view.down("a", "pas", 0, kDay);
  run.go(s);
  const Recorder& r = run.recorder;
  REQUIRE(r.moves.size() == 2);
  CHECK(r.moves[0].case_id == 2);
  CHECK(r.moves[1].case_id == 4);
  CHECK(r.moves[0].priority == 0);
  CHECK(times_at(r, "a", SurgeryEventKind::kCancelled, false).size() == 3);
  SECTION("a share of 0.5 for every class moves every second case") {
    s.policies.aid_share = {0.5, 0.5, 0.5};
    Run half;
    half.view.down("a", "pas", 0, kDay);
    half.go(s);
    REQUIRE(half.recorder.moves.size() == 2);
    CHECK(half.recorder.moves[0].case_id == 2);
    CHECK(half.recorder.moves[1].case_id == 4);
  }
}

TEST_CASE("clinical::mutual_aid: a moved case cancelled at its receiver stays there (not moved again)",
          "[clinical]") {
  // a DOWN Monday (its cases go to b), b DOWN Tuesday: b's Tuesday list (5 own cases + a's first) is cancelled;
  // b's own cases are offered (to a, UP again on Tuesday), a's case is cancelled and rebooked at b.
  Scenario s = aid_scenario(2 * kDay);
  Run run;
  run.view.down("a", "pas", 0, kDay);
  run.view.down("b", "pas", kDay, 2 * kDay);
  run.go(s);
  const Recorder& r = run.recorder;
  std::vector<std::uint64_t> moved_in_ids;
  for (const auto& e : r.surgery) {
    if (e.hospital == "b" && e.kind == SurgeryEventKind::kScheduled && e.moved_in) moved_in_ids.push_back(e.case_id);
  }
  REQUIRE(moved_in_ids.size() == 1);
  bool cancelled_at_b = false;
  for (const auto& e : r.surgery) {
    cancelled_at_b = cancelled_at_b || (e.hospital == "b" && e.kind == SurgeryEventKind::kCancelled &&
                                        e.case_id == moved_in_ids[0]);
  }
  CHECK(cancelled_at_b);
  for (const auto& m : r.moves) {
    if (m.from == "b") CHECK(m.case_id != moved_in_ids[0]);
  }
}

TEST_CASE("clinical::mutual_aid: enabling it changes nothing without downtime (common random numbers)",
          "[clinical]") {
  Scenario s = aid_scenario(3 * kDay);
  s.deterministic = false;
  s.policies.mutual_aid = false;
  Run off;
  off.go(s, 7);
  s.policies.mutual_aid = true;
  s.policies.aid_share = Policies{}.aid_share;  // classes drawn from their own stream
  Run on;
  on.go(s, 7);
  CHECK(on.recorder.lines == off.recorder.lines);
  CHECK(on.recorder.moves.empty());
}

}  // namespace
}  // namespace hospsim::testing
