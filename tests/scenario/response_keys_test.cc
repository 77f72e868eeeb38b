// The keys of the hospital side of the regional response: ED tests and their downtime turnaround, effects
// that adapt with time since DOWN, priority entries and classes, public advice over time; strict validation
// with the pointer of each problem and warnings for settings that cannot act.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "hospsim/loader.h"
#include "load_support.h"

using namespace hospsim;
using nlohmann::json;
using namespace hospsim::testing;

namespace {

json base() {
  return json::parse(R"({
    "format": "hospsim/1",
    "name": "base",
    "start": "2025-03-10T00:00",
    "horizon": "20d",
    "datacenters": {"dc": {}},
    "services": {"lab": {"kind": "lab", "hosted_on": "dc"}, "ehr": {"kind": "ehr", "hosted_on": "dc"}},
    "hospitals": {
      "h": {"name": "H", "location": [56, 10], "uses": ["lab", "ehr"], "ed": {"arrivals_per_day": 100},
            "surgery": {"theatres": 2, "elective_per_weekday": [8, 8, 8, 8, 8, 0, 0]}},
      "g": {"name": "G", "location": [55, 9], "ed": {"arrivals_per_day": 50}}
    }
  })");
}

}  // namespace

TEST_CASE("scenario::response_keys: ED tests and the downtime turnaround", "[scenario]") {
  SECTION("defaults") {
    const Scenario s = load_ok(base());
    const EdConfig& ed = s.hospitals.at("h").ed;
    CHECK(ed.lab_share == std::array<double, 5>{0.9, 0.9, 0.75, 0.3, 0.1});
    CHECK(ed.imaging_share == std::array<double, 5>{0.53, 0.53, 0.53, 0.3, 0.3});
    CHECK(ed.lab_turnaround == kHour);
    CHECK_FALSE(s.models_test_turnaround());
  }
  SECTION("given") {
    json doc = with(base(), "/effects/lab/ed_treatment", json::parse(R"({"turnaround": "3h"})"));
    doc = with(doc, "/hospitals/h/ed/tests",
               json::parse(R"({"lab_share": [1, 1, 0.5, 0, 0], "lab_turnaround": "45min"})"));
    const Scenario s = load_ok(doc);
    CHECK(s.effects.at("lab").at(Activity::kEdTreatment).turnaround == 3 * kHour);
    CHECK(s.hospitals.at("h").ed.lab_share[2] == 0.5);
    CHECK(s.hospitals.at("h").ed.lab_turnaround == 45 * kMinute);
    CHECK(s.models_test_turnaround());
    CHECK(warnings_of(doc).empty());
  }
  SECTION("errors") {
    CHECK(problem_of(with(base(), "/effects/lab/outpatient", json::parse(R"({"turnaround": "3h"})"))) ==
          "/effects/lab/outpatient/turnaround: only ed_treatment effects have a test turnaround, not "
          "outpatient");
    CHECK(problem_of(with(base(), "/effects/lab/ed_treatment", json::parse(R"({"turnaround": 3})"))) ==
          "/effects/lab/ed_treatment/turnaround: must be a duration string with its unit, e.g. \"90s\" or "
          "\"1h30min\", got 3");
    CHECK(
        problem_of(with(base(), "/hospitals/h/ed/tests", json::parse(R"({"lab_share": [1, 1, 2, 0, 0]})"))) ==
        "/hospitals/h/ed/tests/lab_share/2: must be a share in [0, 1], got 2");
    CHECK(problem_of(with(base(), "/hospitals/h/ed/tests", json::parse(R"({"lab_turnround": "1h"})"))) ==
          "/hospitals/h/ed/tests/lab_turnround: unknown key \"lab_turnround\"; did you mean "
          "\"lab_turnaround\"?");
  }
  SECTION("warnings for settings that cannot act") {
    const auto ehr =
        warnings_of(with(base(), "/effects/ehr/ed_treatment", json::parse(R"({"turnaround": "3h"})")));
    REQUIRE(ehr.size() == 1);
    CHECK(ehr[0] ==
          "/effects/ehr/ed_treatment: warning: a test turnaround acts only for lab and pacs services (ED "
          "patients' lab "
          "tests and imaging); \"ehr\" is of kind \"ehr\", so its turnaround cannot have an effect");
    const auto tests =
        warnings_of(with(base(), "/hospitals/h/ed/tests", json::parse(R"({"lab_turnaround": "1h"})")));
    REQUIRE(tests.size() == 1);
    CHECK(tests[0].rfind("/hospitals/h/ed/tests: warning: tests are read only where", 0) == 0);
  }
}

TEST_CASE("scenario::response_keys: adapt steps fill what they leave out", "[scenario]") {
  json doc = with(base(), "/effects/ehr/elective_surgery", json::parse(R"({"capacity": 0.1, "time": 1.5,
                                  "adapt": [{"after": "7d", "capacity": 0.6}, {"after": "14d", "time": 1.2}]})"));
  const Scenario s = load_ok(doc);
  const Effect& e = s.effects.at("ehr").at(Activity::kElectiveSurgery);
  REQUIRE(e.adapt.size() == 2);
  CHECK(e.adapt[0].after == 7 * kDay);
  CHECK(e.adapt[0].capacity == 0.6);
  CHECK(e.adapt[0].time == 1.5);
  CHECK(e.adapt[1].capacity == 0.6);
  CHECK(e.adapt[1].time == 1.2);
  CHECK(problem_of(with(base(), "/effects/ehr/outpatient",
                        json::parse(R"({"capacity": 0, "adapt": [{"after": "2d"}, {"after": "1d"}]})"))) ==
        "/effects/ehr/outpatient/adapt/1/after: must be later than the step before (172800 s), got \"1d\"");
  CHECK(problem_of(with(base(), "/effects/ehr/outpatient", json::parse(R"({"adapt": []})"))) ==
        "/effects/ehr/outpatient/adapt: must be a non-empty array of steps {after, capacity, time, "
        "turnaround}, "
        "got an empty array");
  CHECK(
      problem_of(with(base(), "/effects/ehr/outpatient", json::parse(R"({"adapt": [{"capacity": 0.5}]})"))) ==
      "/effects/ehr/outpatient/adapt/0: missing required key \"after\"");
  const auto late =
      warnings_of(with(base(), "/effects/ehr/ed_treatment",
                       json::parse(R"({"capacity": 0.5, "adapt": [{"after": "30d", "capacity": 1}]})")));
  REQUIRE(late.size() == 1);
  CHECK(late[0] ==
        "/effects/ehr/ed_treatment/adapt/0/after: warning: the step starts at or after the horizon of the "
        "run, so it "
        "cannot have an effect");
}

TEST_CASE("scenario::response_keys: priority entries and classes", "[scenario]") {
  json doc = with(base(), "/effects/ehr/elective_surgery",
                  json::parse(R"({"capacity": 0, "priority": {"cancer": {"capacity": 1}}})"));
  doc = with(doc, "/hospitals/h/surgery/priority_shares", json::parse(R"({"cancer": 0.2, "routine": 0.8})"));
  const Scenario s = load_ok(doc);
  CHECK(s.effects.at("ehr").at(Activity::kElectiveSurgery).priority.at("cancer").capacity == 1.0);
  CHECK(s.hospitals.at("h").surgery.priority_shares == std::array<double, 3>{0.2, 0.0, 0.8});
  CHECK(warnings_of(doc).empty());
  CHECK(problem_of(
            with(base(), "/effects/ehr/elective_surgery", json::parse(R"({"priority": {"cancr": {}}})"))) ==
        "/effects/ehr/elective_surgery/priority/cancr: unknown class \"cancr\"; did you mean \"cancer\"?");
  CHECK(problem_of(with(base(), "/effects/ehr/ed_treatment",
                        json::parse(R"({"priority": {"2": {"capacity": 1}}})"))) ==
        "/effects/ehr/ed_treatment/priority/2/capacity: ED treatment spaces are shared by every acuity: an "
        "acuity's entry may give time and turnaround only");
  CHECK(
      problem_of(with(base(), "/effects/ehr/outpatient", json::parse(R"({"priority": {}})"))) ==
      "/effects/ehr/outpatient/priority: priority entries apply to elective_surgery (by priority class) and "
      "ed_treatment (by acuity), not outpatient");
  CHECK(problem_of(with(base(), "/hospitals/h/surgery/priority_shares", json::parse(R"({"cancer": 0.5})"))) ==
        "/hospitals/h/surgery/priority_shares: must sum to 1 (a class left out is 0), got a sum of 0.5");
  const auto unread = warnings_of(with(base(), "/hospitals/h/surgery/priority_shares",
                                       json::parse(R"({"cancer": 0.2, "routine": 0.8})")));
  REQUIRE(unread.size() == 1);
  CHECK(unread[0].rfind("/hospitals/h/surgery/priority_shares: warning: priority classes are read only by",
                        0) == 0);
}

TEST_CASE("scenario::response_keys: public advice over time", "[scenario]") {
  json doc = with(base(), "/effects/ehr/ed_treatment", json::parse(R"({"capacity": 0.5})"));
  doc = with(doc, "/policies/public_advice",
             json::parse(R"({"stay_home_share": 0.3, "adapt": [{"after": "2d", "stay_home_share": 0.1},
                                                               {"after": "5d", "elsewhere_share": 0.2}]})"));
  const Scenario s = load_ok(doc);
  REQUIRE(s.policies.advice_adapt.size() == 2);
  CHECK(s.policies.advice_adapt[0].stay_home_share == 0.1);
  CHECK(s.policies.advice_adapt[1].stay_home_share == 0.1);
  CHECK(s.policies.advice_adapt[1].elsewhere_share == 0.2);
  CHECK(warnings_of(doc).empty());
  CHECK(problem_of(with(doc, "/policies/public_advice/adapt/1/elsewhere_share", 0.95)) ==
        "/policies/public_advice/adapt/1: elsewhere_share + stay_home_share must be at most 1, got 1.05");
  const auto idle = warnings_of(with(base(), "/policies/public_advice",
                                     json::parse(R"({"adapt": [{"after": "2d", "stay_home_share": 0.1}]})")));
  REQUIRE(idle.size() == 1);
  CHECK(idle[0].rfind("/policies/public_advice/adapt: warning: public advice acts only while", 0) == 0);
}
