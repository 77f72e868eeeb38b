// Regional response: diversion hysteresis, regional caps (count, share, suspension), ED surge capacity and
// transfers of boarders. Every case is deterministic and small enough to follow by hand.
#include <catch2/catch.hpp>

#include <tuple>

#include "clinical_test_support.h"

namespace hospsim::testing {
namespace {

using Log = std::vector<std::tuple<Seconds, std::string, bool>>;

Log diversion_log(const Recorder& r) {
  Log out;
  for (const auto& d : r.diversion_log) out.emplace_back(d.time, d.hospital, d.on);
  return out;
}

constexpr Seconds kHalf = 0.5 * kHour;

TEST_CASE("clinical::diversion: min_on_minutes keeps a hospital on diversion after its trigger ends",
          "[clinical]") {
  // a DOWN during [0, 1 h). Its status is looked at when its ambulances come (00:30, 01:30, ...).
  Scenario s = line_scenario(4 * kHour);
  SECTION("no hysteresis: on at 00:30, off at 01:30 (UP again)") {
    Run run;
    run.view.down("a", "ehr", 0, kHour);
    run.go(s);
    CHECK(diversion_log(run.recorder) == Log{{kHalf, "a", true}, {kHour + kHalf, "a", false}});
    CHECK(run.recorder.diverted_at == std::vector<Seconds>{kHalf});
  }
  SECTION("min_on 2 h: the 01:30 ambulance is still diverted; off when the hold ends at 02:30") {
    s.policies.min_on = 2 * kHour;
    Run run;
    run.view.down("a", "ehr", 0, kHour);
    run.go(s);
    CHECK(diversion_log(run.recorder) == Log{{kHalf, "a", true}, {2 * kHour + kHalf, "a", false}});
    CHECK(run.recorder.diverted_at == std::vector<Seconds>{kHalf, kHour + kHalf});
  }
  SECTION("min_on 100 min: the recheck at 02:10 takes it off between two ambulances") {
    s.policies.min_on = 100 * kMinute;
    Run run;
    run.view.down("a", "ehr", 0, kHour);
    run.go(s);
    CHECK(diversion_log(run.recorder) == Log{{kHalf, "a", true}, {130 * kMinute, "a", false}});
  }
}

TEST_CASE("clinical::diversion: a hospital the warm-up left on occupancy diversion is announced at t = 0",
          "[clinical]") {
  // A day of warm-up; a has one space and a walk-in every hour at hh:30 for 50 min: at t = 0 the 23:30 patient
  // holds the only space (until 00:20), so a is on diversion (occupancy 1 >= 1) from the warm-up and says so
  // at 0, then comes off at 00:20.
  Scenario s = line_scenario(kHour);
  s.warmup = kDay;
  s.hospitals["a"].ed.treatment_spaces = 1;
  s.hospitals["a"].ed.treatment_minutes = {50, 150};
  s.hospitals["a"].ed.ambulance_share = 0.0;
  s.policies.divert_occupancy = 1.0;
  s.policies.divert_on_downtime = false;
  Run run;
  run.go(s);
  REQUIRE_FALSE(run.recorder.diversion_log.empty());
  const auto& first = run.recorder.diversion_log.front();
  CHECK(first.time == 0.0);
  CHECK(first.hospital == "a");
  CHECK(first.on);
  CHECK(first.reason == "occupancy");
  REQUIRE(run.recorder.diversion_log.size() >= 2);
  CHECK(run.recorder.diversion_log[1].time == 20 * kMinute);
  CHECK_FALSE(run.recorder.diversion_log[1].on);
  SECTION("with two spaces it is not") {
    s.hospitals["a"].ed.treatment_spaces = 2;
    Run roomy;
    roomy.go(s);
    CHECK(roomy.recorder.diversion_log.empty());
  }
}

TEST_CASE("clinical::diversion: min_off_minutes keeps a hospital off diversion after it came off",
          "[clinical]") {
  // a DOWN during [0, 1 h) and from 2 h: off at 01:30; DOWN again at 02:30 but held off until 03:30.
  Scenario s = line_scenario(5 * kHour);
  s.policies.min_off = 2 * kHour;
  Run run;
  run.view.down("a", "ehr", 0, kHour);
  run.view.down("a", "ehr", 2 * kHour);
  run.go(s);
  CHECK(diversion_log(run.recorder) ==
        Log{{kHalf, "a", true}, {kHour + kHalf, "a", false}, {3 * kHour + kHalf, "a", true}});
  // 00:30 diverted; 02:30 kept at a (held off); 03:30 and 04:30 diverted.
  CHECK(run.recorder.diverted_at == std::vector<Seconds>{kHalf, 3 * kHour + kHalf, 4 * kHour + kHalf});
}

TEST_CASE("clinical::diversion: the regional cap counts EDs of the same region", "[clinical]") {
  // a goes on diversion at 00:30; b (DOWN) is then looked at as a destination.
  Scenario s = line_scenario(2 * kHour);
  SECTION("max_diverting_share 0.5 of 3 EDs: at most one on diversion, b refused and takes the ambulances") {
    s.policies.max_diverting_share = 0.5;
    Run run;
    run.view.down("a", "ehr", 0);
    run.view.down("b", "ehr", 0);
    run.go(s);
    CHECK(diversion_log(run.recorder) == Log{{kHalf, "a", true}});
    CHECK(run.recorder.diverted == std::vector<std::pair<std::string, std::string>>{{"a", "b"}, {"a", "b"}});
  }
  SECTION("max_diverting_share 0.7 of 3 EDs: two may divert, b diverts too and a's ambulances go to c") {
    s.policies.max_diverting_share = 0.7;
    Run run;
    run.view.down("a", "ehr", 0);
    run.view.down("b", "ehr", 0);
    run.go(s);
    CHECK(diversion_log(run.recorder) == Log{{kHalf, "a", true}, {kHalf, "b", true}});
    CHECK(run.recorder.diverted == std::vector<std::pair<std::string, std::string>>{{"a", "c"}, {"a", "c"}});
  }
  SECTION("b in another region is not held back by a's diversion") {
    s.policies.max_diverting = 1;
    s.hospitals["b"].region = "north";
    Run run;
    run.view.down("a", "ehr", 0);
    run.view.down("b", "ehr", 0);
    run.go(s);
    CHECK(diversion_log(run.recorder) == Log{{kHalf, "a", true}, {kHalf, "b", true}});
  }
}

TEST_CASE("clinical::diversion: cap_action suspend takes the whole region off diversion for suspend_minutes",
          "[clinical]") {
  // a DOWN from 0 goes on at 00:30 and diverts to b. b DOWN from 1 h: at 01:30 a's ambulance looks at b, b
  // wants diversion while 1 other ED diverts (cap 1): the region is suspended until 03:30, a comes off and
  // keeps that ambulance and the next (02:30). At 03:30 the rechecks put a back on and b's request suspends the
  // region again (a on and off at 03:30).
  Scenario s = line_scenario(4 * kHour);
  s.policies.max_diverting = 1;
  s.policies.cap_action = CapAction::kSuspend;
  s.policies.suspend_for = 2 * kHour;
  Run run;
  run.view.down("a", "ehr", 0);
  run.view.down("b", "ehr", kHour);
  run.go(s);
  const Recorder& r = run.recorder;
  CHECK(diversion_log(r) == Log{{kHalf, "a", true},
                                {kHour + kHalf, "a", false},
                                {3 * kHour + kHalf, "a", true},
                                {3 * kHour + kHalf, "a", false}});
  REQUIRE(r.diversion_log.size() == 4);
  CHECK(r.diversion_log[1].reason == "regional suspension");
  CHECK(r.diverted_at == std::vector<Seconds>{kHalf});
  int at_a = 0;
  for (const auto& arrival : r.arrivals) at_a += arrival.hospital == "a";
  CHECK(at_a == 3);  // 01:30, 02:30, 03:30
}

TEST_CASE("clinical::diversion: ambulances a diverting hospital keeps are counted by reason", "[clinical]") {
  Scenario s = line_scenario(3 * kHour);
  SECTION("outside diversion.scope") {
    s.policies.divert_acuity = {true, true, false, true, true};  // a's patients are all acuity 3
    Run run;
    run.view.down("a", "ehr", 0);
    run.go(s);
    CHECK(run.recorder.kept.size() == 3);
    for (const auto& [hospital, reason] : run.recorder.kept) CHECK(reason == KeptReason::kScope);
    CHECK(run.recorder.diverted.empty());
  }
  SECTION("every other ED on diversion") {
    Run run;
    for (const char* id : {"a", "b", "c"}) run.view.down(id, "ehr", 0);
    run.go(s);
    CHECK(run.recorder.kept.size() == 3);
    for (const auto& [hospital, reason] : run.recorder.kept) CHECK(reason == KeptReason::kNoOpenEd);
  }
}

// One ED, one treatment space, arrivals at 00:30, 01:30 and 02:30 only (hours 0-2 of the day), treatments of
// 120 min; surge: one extra space after 60 min at full occupancy, 30 min call-in, 60 min stand-down.
Scenario surge_scenario() {
  Scenario s = base_scenario(8 * kHour);
  Hospital h = ed_hospital("a", 3, 1, 120);
  h.ed.hourly_profile = {};
  h.ed.hourly_profile[0] = h.ed.hourly_profile[1] = h.ed.hourly_profile[2] = 1.0;
  h.ed.weekday_profile = {1, 1, 1, 1, 1, 1, 1};
  h.ed.surge.spaces = 1;
  h.ed.surge.occupancy = 1.0;
  h.ed.surge.sustained = kHour;
  h.ed.surge.delay = kHalf;
  h.ed.surge.stand_down = kHour;
  s.hospitals["a"] = h;
  return s;
}

TEST_CASE("clinical::surge: sustained crowding opens surge spaces after the call-in delay", "[clinical]") {
  // p1 00:30-02:30 fills the space: crowded from 00:30, trigger at 01:30, open at 02:00, when p2 (waiting since
  // 01:30) starts in the surge space. p3 (02:30) takes p1's space: p2 ends 04:00, p3 04:30, not crowded from
  // 04:30 (no one holds a space), closed an hour later at 05:30.
  Run run;
  run.go(surge_scenario());
  const Recorder& r = run.recorder;
  REQUIRE(r.surges.size() == 2);
  CHECK(r.surges[0].time == 2 * kHour);
  CHECK(r.surges[0].spaces == 1);
  CHECK(r.surges[0].reason == "crowding");
  CHECK(r.surges[1].time == 5.5 * kHour);
  CHECK(r.surges[1].spaces == 0);
  CHECK(r.surges[1].reason == "stand_down");
  std::vector<std::pair<Seconds, Seconds>> starts;  // (time, wait)
  for (const auto& st : r.starts) starts.emplace_back(st.time, st.wait);
  CHECK(starts == std::vector<std::pair<Seconds, Seconds>>{{kHalf, 0}, {2 * kHour, kHalf}, {2.5 * kHour, 0}});
}

TEST_CASE("clinical::surge: without a trigger long enough nothing opens", "[clinical]") {
  Scenario s = surge_scenario();
  // Without surge p1, p2 and p3 hold the space one after the other: crowded 00:30-06:30 in one stretch.
  s.hospitals["a"].ed.surge.sustained = 3 * kHour;
  SECTION("3 h of sustained crowding is reached at 03:30") {
    Run run;
    run.go(s);
    REQUIRE(!run.recorder.surges.empty());
    CHECK(run.recorder.surges[0].time == 4 * kHour);  // 03:30 + 30 min
  }
  SECTION("7 h is never reached") {
    s.hospitals["a"].ed.surge.sustained = 7 * kHour;
    Run run;
    run.go(s);
    CHECK(run.recorder.surges.empty());
  }
  SECTION("an occupancy threshold above 1 never crowds") {
    s.hospitals["a"].ed.surge.occupancy = 1.5;
    Run run;
    run.go(s);
    CHECK(run.recorder.surges.empty());
  }
}

TEST_CASE("clinical::surge: a regional incident opens surge at the next poll", "[clinical]") {
  // b's EHR is DOWN during [62 min, 3 h): the polls every 5 min see it at 01:05 and clear at 03:00. a (no
  // patients) is called at 01:05, opens 2 spaces and 3 beds at 01:35 and closes at 04:00 (stand-down 60 min).
  Scenario s = line_scenario(6 * kHour);
  s.hospitals["a"].ed.arrivals_per_day = 0;
  s.hospitals["a"].beds.count = 10;
  s.hospitals["a"].beds.occupancy = 0.0;
  SurgeConfig& surge = s.hospitals["a"].ed.surge;
  surge.spaces = 2;
  surge.beds = 3;
  surge.on_incident = true;
  surge.delay = kHalf;
  surge.stand_down = kHour;
  SECTION("same region") {
    Run run;
    run.view.down("b", "ehr", 62 * kMinute, 3 * kHour);
    run.go(s);
    const Recorder& r = run.recorder;
    REQUIRE(r.surges.size() == 2);
    CHECK(r.surges[0].time == Approx(95 * kMinute));
    CHECK(r.surges[0].spaces == 2);
    CHECK(r.surges[0].beds == 3);
    CHECK(r.surges[0].reason == "incident");
    CHECK(r.surges[1].time == Approx(4 * kHour));
    CHECK(r.surges[1].spaces == 0);
  }
  SECTION("an incident in another region does not count") {
    s.hospitals["b"].region = "north";
    Run run;
    run.view.down("b", "ehr", 62 * kMinute, 3 * kHour);
    run.go(s);
    CHECK(run.recorder.surges.empty());
  }
}

// a: one ED patient at 12:00 (1 a day), admitted after 60 min of treatment; a's only bed is taken for 5 days.
// b (14.45 min away) has one free bed; c (36.13 min) two.
Scenario transfer_scenario() {
  Scenario s = line_scenario(kDay);
  s.hospitals["a"].ed.arrivals_per_day = 1;
  s.hospitals["a"].ed.admit_share = 1.0;
  for (const char* id : {"a", "b", "c"}) {
    s.hospitals[id].beds.los_days = {10, 30};
    s.hospitals[id].beds.occupancy = 0.0;
  }
  s.hospitals["a"].beds.count = 1;
  s.hospitals["a"].beds.occupancy = 1.0;
  s.hospitals["b"].beds.count = 1;
  s.hospitals["c"].beds.count = 2;
  s.policies.transfers = true;
  s.policies.transfer_after = 4 * kHour;
  return s;
}

TEST_CASE("clinical::transfers: a boarder goes to the nearest free bed after transfer_after", "[clinical]") {
  SECTION("boarding from 13:00, transferred to b at 17:00") {
    Run run;
    run.go(transfer_scenario());
    const Recorder& r = run.recorder;
    REQUIRE(r.transfers.size() == 1);
    CHECK(r.transfers[0].time == 17 * kHour);
    CHECK(r.transfers[0].from == "a");
    CHECK(r.transfers[0].to == "b");
    CHECK(r.transfers[0].boarding == 4 * kHour);
    CHECK(r.transfers[0].travel == Approx(road_km(0.1) / 60.0 * kHour));
    REQUIRE(r.departures.size() == 1);
    CHECK(r.departures[0].outcome == EdOutcome::kTransferred);
    CHECK(r.departures[0].time == 17 * kHour);
    CHECK(r.departures[0].boarding == 4 * kHour);
    CHECK(r.departures[0].length_of_stay == 5 * kHour);
  }
  SECTION("b's bed taken: to c") {
    Scenario s = transfer_scenario();
    s.hospitals["b"].beds.occupancy = 1.0;
    Run run;
    run.go(s);
    REQUIRE(run.recorder.transfers.size() == 1);
    CHECK(run.recorder.transfers[0].to == "c");
  }
  SECTION("nothing within max_travel: rechecked every 30 min, still boarding at the end") {
    Scenario s = transfer_scenario();
    s.policies.transfer_max_travel = 10 * kMinute;
    Run run;
    run.go(s);
    CHECK(run.recorder.transfers.empty());
    CHECK(run.recorder.departures.empty());
  }
  SECTION("transfers disabled: the patient boards until a bed frees") {
    Scenario s = transfer_scenario();
    s.policies.transfers = false;
    Run run;
    run.go(s);
    CHECK(run.recorder.transfers.empty());
  }
}

}  // namespace
}  // namespace hospsim::testing
