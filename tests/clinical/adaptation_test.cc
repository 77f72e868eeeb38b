// Regional response, hospital side: lab and imaging turnaround into ED length of stay, effects that adapt with
// time since DOWN and priority entries, mutual aid for planned surgery. Deterministic cases computed by hand:
// 24 arrivals a day with flat profiles arrive at 00:30, 01:30, ... (cumulative intensity k - 0.5).
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "clinical_test_support.h"
#include "hospsim/random.h"

namespace hospsim::testing {
namespace {

// One ED of 10 spaces (never queues) with 60-minute treatments, acuity 3, a lab and a PACS service.
Scenario tests_scenario(Seconds horizon) {
  Scenario s = base_scenario(horizon);
  add_service(s, "lab", "lab");
  add_service(s, "pacs", "pacs");
  Hospital h = ed_hospital("a", 24, 10, 60);
  h.uses = {"lab", "pacs"};
  h.ed.lab_share = {0, 0, 0.5, 0, 0};  // counter: every second acuity-3 patient needs a lab test
  h.ed.imaging_share = {0, 0, 1.0, 0, 0};
  h.ed.lab_turnaround = kHour;
  h.ed.imaging_turnaround = 30 * kMinute;
  s.hospitals["a"] = h;
  Effect lab;
  lab.turnaround = 3 * kHour;  // extra 2 h over the usual hour
  s.effects["lab"][Activity::kEdTreatment] = lab;
  Effect pacs;
  pacs.turnaround = 2 * kHour;  // extra 90 min over the usual 30
  s.effects["pacs"][Activity::kEdTreatment] = pacs;
  return s;
}

TEST_CASE("clinical::tests: a patient whose test service is DOWN holds the space for the downtime turnaround",
          "[clinical]") {
  Run run;
  run.view.down("a", "lab", 0, 4 * kHour);
  run.view.down("a", "pacs", 0);
  run.go(tests_scenario(8 * kHour));
  const Recorder& r = run.recorder;
  // Patients 1..8 start at 00:30..07:30. Every one needs imaging (+90 min while PACS is DOWN); patients 2 and 4
  // also need a lab test while lab is DOWN (+120 min: the slowest test counts); patients 6 and 8 need one after
  // lab is back (the usual path: imaging only).
  REQUIRE(r.test_delays.size() == 8);
  const std::vector<Seconds> delays{90, 120, 90, 120, 90, 90, 90, 90};
  const std::vector<bool> lab{false, true, false, true, false, false, false, false};
  for (std::size_t k = 0; k < 8; ++k) {
    CHECK(r.test_delays[k].time == (k + 0.5) * kHour);
    CHECK(r.test_delays[k].delay == delays[k] * kMinute);
    CHECK(r.test_delays[k].lab == lab[k]);
    CHECK(r.test_delays[k].imaging);
  }
  // Stays 60 + delay: patient 1 leaves at 03:00 (150 min), 2 at 04:30 (180), 3 at 05:00, 4 at 06:30, 5 at 07:00;
  // patient 6 would leave at 08:00, the horizon.
  REQUIRE(r.departures.size() == 5);
  const std::vector<Seconds> leave{3, 4.5, 5, 6.5, 7};
  const std::vector<Seconds> stay{150, 180, 150, 180, 150};
  for (std::size_t k = 0; k < 5; ++k) {
    CHECK(r.departures[k].time == leave[k] * kHour);
    CHECK(r.departures[k].length_of_stay == stay[k] * kMinute);
  }
}

TEST_CASE("clinical::tests: no turnaround, or the services UP, leaves the ED as it was", "[clinical]") {
  Scenario with = tests_scenario(8 * kHour);
  Scenario without = with;
  without.effects.clear();
  Run up;
  up.go(with);
  Run plain;
  plain.go(without);
  CHECK(up.recorder.test_delays.empty());
  CHECK(up.recorder.lines == plain.recorder.lines);
  // A downtime turnaround no longer than the usual one adds nothing.
  Scenario fast = with;
  fast.effects["lab"][Activity::kEdTreatment].turnaround = 30 * kMinute;
  fast.effects["pacs"][Activity::kEdTreatment].turnaround = 30 * kMinute;
  Run down;
  down.view.down("a", "lab", 0);
  down.view.down("a", "pacs", 0);
  down.go(fast);
  CHECK(down.recorder.test_delays.empty());
  CHECK(down.recorder.lines == plain.recorder.lines);
}

TEST_CASE("clinical::tests: random mode draws tests from their own stream (common random numbers)", "[clinical]") {
  Scenario s = tests_scenario(3 * kDay);
  s.deterministic = false;
  Scenario without = s;
  without.effects.clear();
  Run with_tests;
  with_tests.go(s, 5);
  Run plain;
  plain.go(without, 5);
  // Services UP: the extra draws change nothing else.
  CHECK(with_tests.recorder.lines == plain.recorder.lines);
}


TEST_CASE("clinical::tests: a priority entry gives urgent patients the usual path", "[clinical]") {
  Scenario s = tests_scenario(8 * kHour);
  // Acuity 3 lab work first: the lab's downtime turnaround for acuity 3 is the usual hour.
  s.effects["lab"][Activity::kEdTreatment].priority["3"].turnaround = kHour;
  Run run;
  run.view.down("a", "lab", 0);
  run.view.down("a", "pacs", 0);
  run.go(s);
  REQUIRE(run.recorder.test_delays.size() == 8);
  for (const auto& d : run.recorder.test_delays) {
    CHECK(d.delay == 90 * kMinute);  // imaging only
    CHECK_FALSE(d.lab);
  }
}

TEST_CASE("clinical::adapt: factors step with the time since the service went DOWN", "[clinical]") {
  Scenario s = base_scenario(12 * kHour);
  add_service(s, "ehr", "ehr");
  Hospital h = ed_hospital("a", 24, 10, 60);
  h.uses = {"ehr"};
  s.hospitals["a"] = h;
  Effect effect{1.0, 2.0};
  effect.adapt = {EffectStep{3 * kHour, 1.0, 1.5, 0}, EffectStep{6 * kHour, 1.0, 1.0, 0}};
  s.effects["ehr"][Activity::kEdTreatment] = effect;
  Run run;
  run.view.down("a", "ehr", 2 * kHour);
  run.go(s);
  // DOWN from 02:00: treatments starting before 02:00 take 60 min, in [02:00, 05:00) x2 = 120 min, in
  // [05:00, 08:00) x1.5 = 90 min, from 08:00 x1 = 60 min (the procedures have become routine).
  std::map<Seconds, Seconds> stay_by_arrival;
  for (const auto& d : run.recorder.departures) stay_by_arrival[d.time - d.length_of_stay] = d.length_of_stay;
  const std::map<Seconds, Seconds> expected{
      {0.5 * kHour, 60 * kMinute},  {1.5 * kHour, 60 * kMinute},  {2.5 * kHour, 120 * kMinute},
      {3.5 * kHour, 120 * kMinute}, {4.5 * kHour, 120 * kMinute}, {5.5 * kHour, 90 * kMinute},
      {6.5 * kHour, 90 * kMinute},  {7.5 * kHour, 90 * kMinute},  {8.5 * kHour, 60 * kMinute},
      {9.5 * kHour, 60 * kMinute},  {10.5 * kHour, 60 * kMinute}};
  CHECK(stay_by_arrival == expected);
}

TEST_CASE("clinical::adapt: public advice shares change with the time in downtime", "[clinical]") {
  Scenario s = base_scenario(8 * kHour);
  add_service(s, "ehr", "ehr");
  s.effects["ehr"][Activity::kEdTreatment] = Effect{0.5, 1.0};
  s.policies.walk_in_stay_home_share = 1.0;
  s.policies.advice_adapt = {AdviceStep{4 * kHour, 0.0, 0.0}};
  Hospital h = ed_hospital("a", 24, 10, 30);
  h.uses = {"ehr"};
  s.hospitals["a"] = h;
  Run run;
  run.view.down("a", "ehr", kHour);
  run.go(s);
  // In downtime from 01:00: the walk-ins of 01:30 .. 04:30 stay home; from 05:00 on they come again.
  CHECK(run.recorder.advised.size() == 4);
  std::vector<Seconds> arrivals;
  for (const auto& a : run.recorder.arrivals) arrivals.push_back(a.time);
  CHECK(arrivals == std::vector<Seconds>{0.5 * kHour, 5.5 * kHour, 6.5 * kHour, 7.5 * kHour});
}

// One theatre, 5 cases of 60 min a weekday planned at 08:00, 09:15, 10:30, 11:45, 13:00; priority classes by
// rotation with cancer 0.4 and routine 0.6: routine, cancer, routine, cancer, routine.
Scenario priority_scenario(ElectivePolicy policy) {
  Scenario s = base_scenario(kDay);
  add_service(s, "pas", "logistics");
  Effect effect{0.0, 1.0};
  effect.priority["cancer"].capacity = 1.0;
  s.effects["pas"][Activity::kElectiveSurgery] = effect;
  s.policies.elective = policy;
  s.hospitals["a"] = one_theatre_hospital("a");
  return s;
}

TEST_CASE("clinical::priority: cancer cases go ahead while routine cases are cancelled", "[clinical]") {
  // (`delay` holds the list at its next case: a routine case first on the list holds the cancer cases behind it.)
  for (ElectivePolicy policy : {ElectivePolicy::kCancelDay, ElectivePolicy::kCancelCase, ElectivePolicy::kReduced}) {
    INFO("policy " << static_cast<int>(policy));
    Run run;
    run.view.down("a", "pas", 0);
    run.go(priority_scenario(policy));
    const Recorder& r = run.recorder;
    // Cases 2 and 4 (cancer) start at their planned starts; the three routine cases are cancelled.
    CHECK(r.surgery_times(SurgeryEventKind::kStarted) == std::vector<Seconds>{9.25 * kHour, 11.75 * kHour});
    CHECK(r.count_surgery(SurgeryEventKind::kPerformed) == 2);
    CHECK(r.count_surgery(SurgeryEventKind::kCancelled) == 3);
    std::vector<std::uint64_t> cancelled;
    for (const auto& e : r.surgery) {
      if (e.kind == SurgeryEventKind::kCancelled) cancelled.push_back(e.case_id);
    }
    std::sort(cancelled.begin(), cancelled.end());
    CHECK(cancelled == std::vector<std::uint64_t>{1, 3, 5});
  }
}

}  // namespace
}  // namespace hospsim::testing
