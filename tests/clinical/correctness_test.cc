// Model correctness: LWBS never couples hospitals, the recovery penalty applies once, outpatient
// "rest of day", the warm-up and its initial state, and acuity by arrival mode. Every run here also checks the
// model's invariants after every event (Run::go).
#include <catch2/catch.hpp>

#include "clinical_test_support.h"

namespace hospsim::testing {
namespace {

// The recorded lines about hospital `id` (arrivals, starts, departures, ... name it as their third word).
std::vector<std::string> lines_of(const Recorder& r, const std::string& id) {
  std::vector<std::string> out;
  for (const std::string& line : r.lines) {
    const auto first = line.find(' ');
    const auto second = line.find(' ', first + 1);
    const auto third = line.find(' ', second + 1);
    if (line.compare(second + 1, third - second - 1, id) == 0) out.push_back(line);
  }
  return out;
}

TEST_CASE("clinical::ed: patients who leave unseen never touch another hospital's ED", "[clinical]") {
  // b alone, then b beside a crowded a (no IT, no diversion, no advice: nothing joins them). Random mode, so
  // records are reused across hospitals as patients come and go; b's events must be identical.
  Scenario alone = base_scenario(20 * kDay);
  alone.deterministic = false;
  Hospital b = ed_hospital("b", 120, 6, 40, 4);
  b.ed.acuity_shares = {0.02, 0.1, 0.3, 0.4, 0.18};
  b.ed.patience_minutes = 30;
  b.location = {0.0, 1.0};
  alone.hospitals["b"] = b;
  Scenario both = alone;
  Hospital a = ed_hospital("a", 200, 4, 60, 4);
  a.ed.acuity_shares = {0.02, 0.1, 0.3, 0.4, 0.18};
  a.ed.patience_minutes = 20;  // crowded: many leave unseen
  both.hospitals["a"] = a;

  Run run_alone, run_both;
  run_alone.go(alone, 5);
  run_both.go(both, 5);
  int lwbs_a = 0;
  for (const auto& d : run_both.recorder.departures) {
    lwbs_a += d.hospital == "a" && d.outcome == EdOutcome::kLeftWithoutBeingSeen ? 1 : 0;
  }
  CHECK(lwbs_a > 500);
  const auto lines_alone = lines_of(run_alone.recorder, "b");
  CHECK(lines_alone.size() > 5000);
  CHECK(lines_of(run_both.recorder, "b") == lines_alone);
}

TEST_CASE("clinical::effects: the recovery penalty applies once however many services recover",
          "[clinical]") {
  Scenario s = base_scenario(6 * kHour);
  for (const char* id : {"ehr", "pas", "lab"}) {
    add_service(s, id, id == std::string("ehr") ? "ehr" : id == std::string("pas") ? "logistics" : "lab");
    s.effects[id][Activity::kEdTreatment] = Effect{1.0, 1.5};
  }
  Hospital h = ed_hospital("a", 24, 10, 60);
  h.uses = {"ehr", "pas", "lab"};
  h.downtime.recovery_capacity = 0.8;
  s.hospitals["a"] = h;
  SECTION("three services RECOVERING: treatment 60 min / 0.8 = 75 min (not 60 / 0.8^3)") {
    Run run;
    for (const char* id : {"ehr", "pas", "lab"}) run.view.set("a", id, 0, ServiceState::kRecovering);
    run.go(s);
    REQUIRE(!run.recorder.departures.empty());
    CHECK(run.recorder.departures[0].length_of_stay == Approx(75 * kMinute));
  }
  SECTION("one DOWN, two RECOVERING: 60 x 1.5 / 0.8 = 112.5 min") {
    Run run;
    run.view.set("a", "ehr", 0, ServiceState::kDown);
    run.view.set("a", "pas", 0, ServiceState::kRecovering);
    run.view.set("a", "lab", 0, ServiceState::kRecovering);
    run.go(s);
    REQUIRE(!run.recorder.departures.empty());
    CHECK(run.recorder.departures[0].length_of_stay == Approx(112.5 * kMinute));
  }
}

// Clinic 08:00-16:00 on Mondays with 8 visits (08:30, 09:30, ..., 15:30), no ED visits from cancellations.
Scenario clinic(OutpatientDowntime policy) {
  Scenario s = base_scenario(kDay);
  add_service(s, "pas", "logistics");
  s.effects["pas"][Activity::kOutpatient] = Effect{0.0, 1.0};
  s.policies.outpatient_to_ed_share = 0.0;
  s.policies.outpatient_on_downtime = policy;
  Hospital h;
  h.id = "a";
  h.uses = {"pas"};
  h.outpatient.visits_per_weekday = {8, 0, 0, 0, 0, 0, 0};
  h.outpatient.open = 8 * kHour;
  h.outpatient.close = 16 * kHour;
  s.hospitals["a"] = h;
  return s;
}

std::vector<Seconds> cancelled_times(const Recorder& r) {
  std::vector<Seconds> out;
  for (const auto& o : r.outpatient) {
    if (o.kind == OutpatientEventKind::kCancelled) out.push_back(o.time);
  }
  return out;
}

TEST_CASE("clinical::outpatient: on_downtime while_down, rest_of_day and whole_day", "[clinical]") {
  SECTION("DOWN 10:00-12:00, while_down: the 10:30 and 11:30 visits") {
    Run run;
    run.view.down("a", "pas", 10 * kHour, 12 * kHour);
    run.go(clinic(OutpatientDowntime::kWhileDown));
    CHECK(cancelled_times(run.recorder) == std::vector<Seconds>{10.5 * kHour, 11.5 * kHour});
  }
  SECTION("DOWN 10:00-12:00, rest_of_day: the 10:30 visit finds it DOWN and calls off the six left") {
    Run run;
    run.view.down("a", "pas", 10 * kHour, 12 * kHour);
    run.go(clinic(OutpatientDowntime::kRestOfDay));
    CHECK(cancelled_times(run.recorder) == std::vector<Seconds>(6, 10.5 * kHour));
    CHECK(run.recorder.count_outpatient(OutpatientEventKind::kAttended) == 2);
  }
  SECTION("DOWN 07:00-09:00: whole_day and rest_of_day cancel the day at opening, while_down one visit") {
    for (auto policy : {OutpatientDowntime::kWholeDay, OutpatientDowntime::kRestOfDay}) {
      Run run;
      run.view.down("a", "pas", 7 * kHour, 9 * kHour);
      run.go(clinic(policy));
      CHECK(cancelled_times(run.recorder) == std::vector<Seconds>(8, 8 * kHour));
    }
    Run run;
    run.view.down("a", "pas", 7 * kHour, 9 * kHour);
    run.go(clinic(OutpatientDowntime::kWhileDown));
    CHECK(cancelled_times(run.recorder) == std::vector<Seconds>{8.5 * kHour});
  }
}

TEST_CASE("clinical::warmup: the warm-up is simulated, not emitted, and hands its state over at t = 0",
          "[clinical]") {
  // 24 arrivals a day (00:30, 01:30, ... from the start of the warm-up), 90-minute treatments, 1 space:
  // each patient waits behind the previous ones, so the queue grows by one every two hours.
  Scenario s = base_scenario(6 * kHour);
  add_service(s, "ehr", "ehr");
  Hospital h = ed_hospital("a", 24, 1, 90);
  h.uses = {"ehr"};
  s.hospitals["a"] = h;
  s.warmup = 12 * kHour;
  Run run;
  run.go(s);
  const Recorder& r = run.recorder;
  for (Seconds t : r.times()) CHECK(t >= 0.0);
  REQUIRE(r.initial.size() == 1);
  // From -12 h: arrivals at -11.5 h, -10.5 h, ..., -0.5 h; patient k is treated from -11.5 h + 1.5 (k - 1) h
  // for 1.5 h, so at t = 0 seven are done, the 8th is in treatment (-1 h to +0.5 h) and four wait.
  CHECK(r.initial[0].time == 0.0);
  CHECK(r.initial[0].treatment == 1);
  CHECK(r.initial[0].waiting == 4);
  CHECK(r.initial[0].boarding == 0);
  // The first departure after 0 is the 8th patient, who arrived at -4.5 h: 5 h in the ED.
  REQUIRE(!r.departures.empty());
  CHECK(r.departures[0].time == Approx(0.5 * kHour));
  CHECK(r.departures[0].length_of_stay == Approx(5 * kHour));
  // Arrivals emitted are those from t = 0 on (00:30, ..., 05:30); no IT request was made before 0.
  CHECK(r.arrivals.size() == 6);
  CHECK(r.arrivals.front().time == Approx(0.5 * kHour));
  CHECK(run.view.requests("a", "ehr") == 6);
}

TEST_CASE("clinical::ed: ambulance and walk-in patients draw their acuity from their own mix", "[clinical]") {
  Scenario s = base_scenario(2 * kDay);
  Hospital h = ed_hospital("a", 48, 100, 10);
  h.ed.acuity_shares = {0, 0, 0.5, 0.5, 0};
  h.ed.ambulance_share = 0.5;
  h.ed.ambulance_acuity_shares = {0, 0, 1, 0, 0};
  h.ed.ambulance_acuity_given = true;  // walk-ins: (0.5 - 0.5 x 1) / 0.5 = 0 at acuity 3, 1 at acuity 4
  s.hospitals["a"] = h;
  Run run;
  run.go(s);
  const Recorder& r = run.recorder;
  REQUIRE(r.arrivals.size() == 96);
  for (const auto& a : r.arrivals) CHECK(a.acuity == (a.mode == ArrivalMode::kAmbulance ? 3 : 4));

  SECTION("the default re-weighting keeps the overall mix and makes ambulances sicker") {
    EdConfig ed;
    ed.acuity_shares = {0.01, 0.09, 0.35, 0.40, 0.15};
    ed.ambulance_share = 0.25;
    const AcuityMixes mixes = acuity_mixes(ed);
    REQUIRE(mixes.consistent);
    // Ambulance: acuity 1-3 scaled by 0.619 / 0.45, 4-5 by 0.381 / 0.55.
    CHECK(mixes.ambulance[0] == Approx(0.01 * 0.619 / 0.45));
    CHECK(mixes.ambulance[3] == Approx(0.40 * 0.381 / 0.55));
    for (int a = 0; a < kAcuityLevels; ++a) {
      CHECK(0.25 * mixes.ambulance[a] + 0.75 * mixes.walk_in[a] == Approx(ed.acuity_shares[a]));
    }
  }
}

}  // namespace
}  // namespace hospsim::testing
