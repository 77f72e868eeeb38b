// Outpatient cancellation and the shift of cancelled patients to the ED; ambulance diversion (dispatch
// rules, scope); public advice to walk-ins.
#include <catch2/catch.hpp>

#include "clinical_test_support.h"
#include "hospsim/random.h"

namespace hospsim::testing {
namespace {

// Clinic 08:00-16:00 on Mondays with 8 visits (08:30, 09:30, ..., 15:30); an ED without own arrivals.
Scenario clinic_scenario() {
  Scenario s = base_scenario(kDay);
  add_service(s, "pas", "logistics");
  s.effects["pas"][Activity::kOutpatient] = Effect{0.0, 1.0};
  s.policies.outpatient_to_ed_share = 0.5;  // the 2nd, 4th, ... cancelled patient presents to the ED
  Hospital h = ed_hospital("a", 0, 1, 60);
  h.ed.acuity_shares = {0.01, 0.09, 0.35, 0.40, 0.15};
  h.uses = {"pas"};
  h.outpatient.visits_per_weekday = {8, 0, 0, 0, 0, 0, 0};
  h.outpatient.open = 8 * kHour;
  h.outpatient.close = 16 * kHour;
  s.hospitals["a"] = h;
  return s;
}

TEST_CASE("clinical::outpatient: visits are cancelled while DOWN and some patients go to the ED",
          "[clinical]") {
  SECTION("an outage during opening hours cancels the visits it covers") {
    Run run;
    run.view.down("a", "pas", 10 * kHour, 12 * kHour);
    run.go(clinic_scenario());
    const Recorder& r = run.recorder;
    CHECK(r.count_outpatient(OutpatientEventKind::kScheduled) == 8);
    CHECK(r.count_outpatient(OutpatientEventKind::kAttended) == 6);
    REQUIRE(r.count_outpatient(OutpatientEventKind::kCancelled) == 2);
    std::vector<std::pair<Seconds, bool>> cancelled;
    for (const auto& o : r.outpatient) {
      if (o.kind == OutpatientEventKind::kCancelled) cancelled.emplace_back(o.time, o.went_to_ed);
    }
    CHECK(cancelled == std::vector<std::pair<Seconds, bool>>{{10.5 * kHour, false}, {11.5 * kHour, true}});
    // The 11:30 patient presents to the ED 2 h after the visit's time.
    REQUIRE(r.arrivals.size() == 1);
    CHECK(r.arrivals[0].time == 13.5 * kHour);
    CHECK(r.arrivals[0].from_outpatient);
    CHECK(r.arrivals[0].acuity == 4);
    CHECK(r.arrivals[0].mode == ArrivalMode::kWalkIn);
    CHECK(run.view.requests("a", "pas") == 8 + 1);  // 8 clinic check-ins (1 h apart) + 1 ED triage
  }
  SECTION("DOWN at opening cancels the whole day") {
    Run run;
    run.view.down("a", "pas", 7 * kHour, 9 * kHour);
    run.go(clinic_scenario());
    const Recorder& r = run.recorder;
    CHECK(r.count_outpatient(OutpatientEventKind::kCancelled) == 8);
    CHECK(r.count_outpatient(OutpatientEventKind::kAttended) == 0);
    std::vector<Seconds> ed_times;
    for (const auto& a : r.arrivals) ed_times.push_back(a.time);
    CHECK(ed_times == std::vector<Seconds>{11.5 * kHour, 13.5 * kHour, 15.5 * kHour, 17.5 * kHour});
  }
  SECTION("without cancel_whole_day only the visits while DOWN are cancelled") {
    Scenario s = clinic_scenario();
    s.policies.outpatient_on_downtime = OutpatientDowntime::kWhileDown;
    Run run;
    run.view.down("a", "pas", 7 * kHour, 9 * kHour);
    run.go(s);
    const Recorder& r = run.recorder;
    CHECK(r.count_outpatient(OutpatientEventKind::kCancelled) == 1);
    CHECK(r.count_outpatient(OutpatientEventKind::kAttended) == 7);
    CHECK(r.arrivals.empty());
  }
}

// The model reads a hospital's states once per advance_to() call and, while the view's state_version() is
// unchanged, knows without reading them that all of them are still UP. With a view that tracks its version,
// every outage must still be seen from the first event after it starts, and a DOWN service without an
// outpatient effect must not cancel a visit.
TEST_CASE("clinical::outpatient: a view that tracks its state version gives the same visits", "[clinical]") {
  Scenario s = clinic_scenario();
  add_service(s, "ehr", "ehr");
  s.hospitals["a"].uses = {"pas", "ehr"};
  auto visits = [&s](bool tracked) {
    Run run;
    if (tracked) run.view.track_versions();
    run.view.down("a", "ehr", 8.75 * kHour, 9.75 * kHour);  // over the 09:30 visit: no outpatient effect
    run.view.down("a", "pas", 10 * kHour, 12 * kHour);      // 10:30 and 11:30
    run.view.down("a", "pas", 14 * kHour, 15 * kHour);      // 14:30
    run.go(s);
    std::vector<std::pair<Seconds, OutpatientEventKind>> out;
    for (const auto& o : run.recorder.outpatient) {
      if (o.kind != OutpatientEventKind::kScheduled) out.emplace_back(o.time, o.kind);
    }
    return out;
  };
  const auto tracked = visits(true);
  using K = OutpatientEventKind;
  const std::vector<std::pair<Seconds, OutpatientEventKind>> expected{
      {8.5 * kHour, K::kAttended},   {9.5 * kHour, K::kAttended},  {10.5 * kHour, K::kCancelled},
      {11.5 * kHour, K::kCancelled}, {12.5 * kHour, K::kAttended}, {13.5 * kHour, K::kAttended},
      {14.5 * kHour, K::kCancelled}, {15.5 * kHour, K::kAttended}};
  CHECK(tracked == expected);
  CHECK(visits(false) == expected);
}

TEST_CASE("clinical::outpatient: random mode sends the patients of its draws at clinic open to the ED",
          "[clinical]") {
  // 130 visits (more than two 64-visit words of draws), DOWN all day: the whole day is cancelled at 08:00.
  // Visit k is due at 08:00 + (k + 0.5) * 8 h / 130; its patient goes to the ED, 2 h later, iff the k-th
  // uniform of "outpatient/a" (drawn at opening, in visit order) is below the share.
  Scenario s = clinic_scenario();
  s.deterministic = false;
  s.hospitals["a"].outpatient.visits_per_weekday = {130, 0, 0, 0, 0, 0, 0};
  Run run;
  run.view.down("a", "pas", 7 * kHour);
  run.go(s, 7);
  const Recorder& r = run.recorder;
  RandomStream draws(7, "outpatient/a");
  const Seconds spacing = (16 * kHour - 8 * kHour) / 130;
  std::vector<bool> expected_to_ed;
  std::vector<Seconds> expected_times;
  for (int k = 0; k < 130; ++k) {
    const bool to_ed = draws.uniform() < 0.5;
    expected_to_ed.push_back(to_ed);
    if (to_ed) expected_times.push_back(8 * kHour + (k + 0.5) * spacing + 2 * kHour);
  }
  std::vector<bool> went_to_ed;
  for (const auto& o : r.outpatient) {
    if (o.kind == OutpatientEventKind::kCancelled) went_to_ed.push_back(o.went_to_ed);
  }
  CHECK(r.count_outpatient(OutpatientEventKind::kScheduled) == 130);
  CHECK(r.count_outpatient(OutpatientEventKind::kAttended) == 0);
  CHECK(went_to_ed == expected_to_ed);
  std::vector<Seconds> times;
  for (const auto& a : r.arrivals) {
    CHECK(a.from_outpatient);
    times.push_back(a.time);
  }
  CHECK(times == expected_times);
  CHECK(expected_times.size() > 40);  // the draws do send patients from every word
  CHECK(expected_times.size() < 90);
}

TEST_CASE("clinical::diversion: an ambulance goes to the nearest hospital not on diversion", "[clinical]") {
  SECTION("a DOWN: to b") {
    Run run;
    run.view.down("a", "ehr", 0);
    run.go(line_scenario(2 * kHour));
    const Recorder& r = run.recorder;
    REQUIRE(r.diverted.size() == 2);
    CHECK(r.diverted[0] == std::make_pair(std::string("a"), std::string("b")));
    CHECK(r.diverted_km[0] == Approx(road_km(0.1)));
    CHECK(r.diverted_extra[0] == Approx(road_km(0.1) / 60.0 * kHour));
    REQUIRE(r.arrivals.size() == 2);
    CHECK(r.arrivals[0].hospital == "b");
    CHECK(r.arrivals[0].diverted_from == "a");
    CHECK(r.arrivals[0].time == Approx(1800 + road_km(0.1) / 60.0 * kHour));
    REQUIRE(!r.diversion_changes.empty());
    CHECK(r.diversion_changes[0] == std::make_pair(std::string("a"), true));
  }
  SECTION("a and b DOWN: to c") {
    Run run;
    run.view.down("a", "ehr", 0);
    run.view.down("b", "ehr", 0);
    run.go(line_scenario(2 * kHour));
    const Recorder& r = run.recorder;
    REQUIRE(r.diverted.size() == 2);
    CHECK(r.diverted[0].second == "c");
    CHECK(r.diverted_km[0] == Approx(road_km(0.25)));
  }
  SECTION("all DOWN: the ambulance stays") {
    Run run;
    for (const char* id : {"a", "b", "c"}) run.view.down(id, "ehr", 0);
    run.go(line_scenario(2 * kHour));
    const Recorder& r = run.recorder;
    CHECK(r.diverted.empty());
    REQUIRE(r.arrivals.size() == 2);
    CHECK(r.arrivals[0].hospital == "a");
    CHECK(r.arrivals[0].diverted_from.empty());
    CHECK(r.arrivals[0].time == 1800);
  }
  SECTION("nothing DOWN: no diversion") {
    Run run;
    run.go(line_scenario(2 * kHour));
    CHECK(run.recorder.diverted.empty());
    CHECK(run.recorder.diversion_changes.empty());
  }
}

TEST_CASE("clinical::diversion: a full ED diverts when the occupancy threshold is reached", "[clinical]") {
  Scenario s = line_scenario(3 * kHour);
  s.hospitals["a"].ed.treatment_spaces = 1;
  s.hospitals["a"].ed.treatment_minutes = {120, 360};
  s.policies.divert_occupancy = 1.0;
  Run run;
  run.go(s);
  const Recorder& r = run.recorder;
  // 00:30 treated at a (a now full: on), 01:30 diverted to b, 02:30 a frees its space (off) then treats (on).
  using Change = std::pair<std::string, bool>;
  CHECK(r.diversion_changes == std::vector<Change>{{"a", true}, {"a", false}, {"a", true}});
  REQUIRE(r.diverted.size() == 1);
  CHECK(r.diverted[0].second == "b");
}

// The destinations of the diverted ambulances, in order.
std::vector<std::string> destinations(const Recorder& r) {
  std::vector<std::string> out;
  for (const auto& [from, to] : r.diverted) out.push_back(to);
  return out;
}

// a DOWN sends its ambulances (00:30, 01:30, 02:30, 03:30) away. b is 14.45 road km (14.45 min) from a,
// c 36.13 km (36.13 min): c is 21.68 min further than b, within the default max_extra_minutes of 30.
// Treatments of 600 min: every diverted patient still holds a space at the next dispatch.
TEST_CASE("clinical::diversion: the dispatch rule chooses among open EDs within max_extra_minutes",
          "[clinical]") {
  using V = std::vector<std::string>;
  Scenario s = line_scenario(4 * kHour);
  s.hospitals["a"].ed.treatment_minutes = {600, 1800};
  s.hospitals["c"].ed.treatment_spaces = 12;
  SECTION("nearest (the default): every ambulance to b") {
    Run run;
    run.view.down("a", "ehr", 0);
    run.go(s);
    CHECK(destinations(run.recorder) == V{"b", "b", "b", "b"});
  }
  SECTION("balanced: most free spaces, ties to the nearer") {
    // Free (b, c) at each dispatch: (10, 12) -> c, (10, 11) -> c, (10, 10) -> b, (9, 10) -> c.
    s.policies.dispatch = Dispatch::kBalanced;
    Run run;
    run.view.down("a", "ehr", 0);
    run.go(s);
    CHECK(destinations(run.recorder) == V{"c", "c", "b", "c"});
    REQUIRE(run.recorder.diverted_km.size() == 4);
    CHECK(run.recorder.diverted_km[0] == Approx(road_km(0.25)));
    CHECK(run.recorder.diverted_km[2] == Approx(road_km(0.1)));
  }
  SECTION("balanced: c beyond max_extra_minutes is not a candidate") {
    s.policies.dispatch = Dispatch::kBalanced;
    s.policies.max_extra_travel = 21 * kMinute;
    Run run;
    run.view.down("a", "ehr", 0);
    run.go(s);
    CHECK(destinations(run.recorder) == V{"b", "b", "b", "b"});
  }
  SECTION("balanced: b on diversion, c is the nearest open ED and the only candidate") {
    s.policies.dispatch = Dispatch::kBalanced;
    Run run;
    run.view.down("a", "ehr", 0);
    run.view.down("b", "ehr", 0);
    run.go(s);
    CHECK(destinations(run.recorder) == V{"c", "c", "c", "c"});
  }
  SECTION("time-critical patients (acuity <= time_critical_acuity) go to the nearest open ED") {
    s.policies.dispatch = Dispatch::kBalanced;
    s.policies.time_critical_acuity = 3;  // a's patients are all acuity 3
    Run run;
    run.view.down("a", "ehr", 0);
    run.go(s);
    CHECK(destinations(run.recorder) == V{"b", "b", "b", "b"});
  }
  SECTION("weighted: shares 10:30 by treatment spaces, largest remainder, ties to the nearer") {
    // Owed (b, c) before each choice: (0.25, 0.75) -> c, (0.5, 0.5) -> b, (-0.25, 1.25) -> c, (0, 1) -> c.
    s.policies.dispatch = Dispatch::kWeighted;
    s.hospitals["c"].ed.treatment_spaces = 30;
    Run run;
    run.view.down("a", "ehr", 0);
    run.go(s);
    CHECK(destinations(run.recorder) == V{"c", "b", "c", "c"});
  }
}

TEST_CASE("clinical::diversion: the regional cap refuses diversion while max_diverting others divert",
          "[clinical]") {
  // a goes on diversion at 00:30 (nobody else on it). b, DOWN, is evaluated as a destination with a already
  // on diversion: under a cap of 1 it is refused and takes the ambulance; without a cap it diverts (to c).
  Scenario s = line_scenario(2 * kHour);
  s.policies.max_diverting = 1;
  Run run;
  run.view.down("a", "ehr", 0);
  run.view.down("b", "ehr", 0);
  run.go(s);
  const Recorder& r = run.recorder;
  CHECK(destinations(r) == std::vector<std::string>{"b", "b"});
  using Change = std::pair<std::string, bool>;
  CHECK(r.diversion_changes == std::vector<Change>{{"a", true}});
}

TEST_CASE("clinical::diversion: scope turns away only the listed acuities", "[clinical]") {
  Scenario s = line_scenario(8 * kHour);
  s.hospitals["a"].ed.acuity_shares = {0, 0.5, 0.5, 0, 0};
  s.policies.divert_acuity = {false, false, true, true, true};
  Run run;
  run.view.down("a", "ehr", 0);
  run.go(s);
  const Recorder& r = run.recorder;
  int at_a = 0, at_b = 0;
  for (const auto& a : r.arrivals) {
    if (a.acuity == 2) {
      CHECK(a.hospital == "a");
      CHECK(a.diverted_from.empty());
      ++at_a;
    } else {
      CHECK(a.acuity == 3);
      CHECK(a.hospital == "b");
      CHECK(a.diverted_from == "a");
      ++at_b;
    }
  }
  CHECK(at_a + at_b == 8);
  CHECK(at_a > 0);
  CHECK(at_b > 0);
  CHECK(static_cast<int>(r.diverted.size()) == at_b);
}

TEST_CASE("clinical::advice: walk-ins are sent elsewhere or home in the advised shares", "[clinical]") {
  SECTION("deterministic: largest-remainder rotation over (elsewhere, home, come anyway)") {
    Scenario s = line_scenario(8 * kHour);
    s.hospitals["a"].ed.ambulance_share = 0.0;
    s.policies.walk_in_elsewhere_share = 0.25;
    s.policies.walk_in_stay_home_share = 0.25;
    Run run;
    run.view.down("a", "ehr", 0);
    run.go(s);
    const Recorder& r = run.recorder;
    using Advice = std::pair<std::string, std::string>;
    // Walk-ins 1..8: come, elsewhere, home, come, come, elsewhere, home, come.
    CHECK(r.advised == std::vector<Advice>{{"a", "b"}, {"a", ""}, {"a", "b"}, {"a", ""}});
    int at_a = 0, at_b = 0;
    for (const auto& a : r.arrivals) {
      if (a.hospital == "a") ++at_a;
      if (a.hospital == "b" && a.diverted_from == "a") ++at_b;
    }
    CHECK(at_a == 4);
    CHECK(at_b == 2);
  }
  SECTION("random: shares within 4 standard deviations over 10000 walk-ins") {
    Scenario s = line_scenario(50 * kDay);
    s.deterministic = false;
    s.hospitals["a"].ed.ambulance_share = 0.0;
    s.hospitals["a"].ed.arrivals_per_day = 200;
    s.policies.walk_in_elsewhere_share = 0.3;
    s.policies.walk_in_stay_home_share = 0.2;
    Run run;
    run.view.down("a", "ehr", 0);
    run.go(s, 7);
    const Recorder& r = run.recorder;
    int home = 0, elsewhere = 0;
    for (const auto& [from, to] : r.advised) (to.empty() ? home : elsewhere) += 1;
    int at_a = 0;
    for (const auto& a : r.arrivals) at_a += a.hospital == "a" ? 1 : 0;
    const double n = at_a + home + elsewhere;
    REQUIRE(n > 9000);
    CHECK(std::abs(elsewhere - 0.3 * n) < 4 * std::sqrt(n * 0.3 * 0.7));
    CHECK(std::abs(home - 0.2 * n) < 4 * std::sqrt(n * 0.2 * 0.8));
  }
}

}  // namespace
}  // namespace hospsim::testing
