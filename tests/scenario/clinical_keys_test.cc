// The clinical keys of the v2 model: turnover and planned utilisation of theatre lists, the `delay` elective
// policy, the outpatient downtime policy (and its deprecated boolean), warm-up, and the acuity mix by arrival
// mode with the mixes the loader derives from it.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "hospsim/loader.h"
#include "load_support.h"

using namespace hospsim;
using nlohmann::json;
using hospsim::testing::load;
using hospsim::testing::Loaded;
using hospsim::testing::load_ok;
using hospsim::testing::with;

namespace {

json base() {
  return json::parse(R"({
    "format": "hospsim/1",
    "name": "base",
    "start": "2025-03-10T00:00",
    "horizon": "2d",
    "hospitals": {
      "h": {"name": "H", "location": [56, 10], "ed": {"arrivals_per_day": 100},
            "outpatient": {"visits_per_weekday": [10, 10, 10, 10, 10, 0, 0]}},
      "g": {"name": "G", "location": [55, 9]}
    }
  })");
}

// The one problem of an invalid document, as "pointer: message"; an invalid file yields no warnings.
std::string problem_of(const json& document) {
  CHECK(load(document).warnings.empty());
  return hospsim::testing::problem_of(document);
}

}  // namespace

TEST_CASE("scenario::clinical_keys: surgery turnover and planned utilisation", "[scenario]") {
  SECTION("defaults") {
    const Scenario s = load_ok(base());
    CHECK(s.hospitals.at("h").surgery.turnover == 15 * kMinute);
    CHECK(s.hospitals.at("h").surgery.planned_utilisation == 0.85);
  }
  SECTION("minutes become seconds; 0 is allowed") {
    const Scenario s = load_ok(with(with(base(), "/hospitals/h/surgery/turnover_minutes", 25),
                                    "/hospitals/g/surgery/turnover_minutes", 0));
    CHECK(s.hospitals.at("h").surgery.turnover == 1500);
    CHECK(s.hospitals.at("g").surgery.turnover == 0);
  }
  SECTION("planned utilisation in (0, 1]") {
    CHECK(load_ok(with(base(), "/hospitals/h/surgery/planned_utilisation", 1))
              .hospitals.at("h")
              .surgery.planned_utilisation == 1.0);
    CHECK(problem_of(with(base(), "/hospitals/h/surgery/planned_utilisation", 0)) ==
          "/hospitals/h/surgery/planned_utilisation: must be a share in (0, 1], got 0");
    CHECK(problem_of(with(base(), "/hospitals/h/surgery/planned_utilisation", 1.2)) ==
          "/hospitals/h/surgery/planned_utilisation: must be a share in (0, 1], got 1.2");
  }
  SECTION("bad turnover") {
    CHECK(problem_of(with(base(), "/hospitals/h/surgery/turnover_minutes", -5)) ==
          "/hospitals/h/surgery/turnover_minutes: must be a number of minutes >= 0, got -5");
    CHECK(problem_of(with(base(), "/hospitals/h/surgery/turnover_minutes", "15min")) ==
          "/hospitals/h/surgery/turnover_minutes: must be a number of minutes >= 0, got \"15min\"");
    CHECK(problem_of(with(base(), "/hospitals/h/surgery/turnover_minutes", 2000)) ==
          "/hospitals/h/surgery/turnover_minutes: must be at most 1440 minutes, got 2000 (larger values are "
          "refused as absurd)");
  }
}

TEST_CASE("scenario::clinical_keys: elective policy delay and suggestions", "[scenario]") {
  CHECK(load_ok(with(base(), "/policies/elective/on_downtime", "delay")).policies.elective ==
        ElectivePolicy::kDelay);
  CHECK(problem_of(with(base(), "/policies/elective/on_downtime", "dealy")) ==
        "/policies/elective/on_downtime: unknown policy \"dealy\"; did you mean \"delay\"?");
  CHECK(problem_of(with(base(), "/policies/elective/on_downtime", "postpone")) ==
        "/policies/elective/on_downtime: unknown policy \"postpone\"; expected one of: cancel_case, "
        "cancel_day, reduced, delay");
}

TEST_CASE("scenario::clinical_keys: outpatient on_downtime and the deprecated cancel_whole_day",
          "[scenario]") {
  SECTION("default whole_day") {
    CHECK(load_ok(base()).policies.outpatient_on_downtime == OutpatientDowntime::kWholeDay);
  }
  SECTION("the three policies") {
    CHECK(load_ok(with(base(), "/policies/outpatient/on_downtime", "while_down"))
              .policies.outpatient_on_downtime == OutpatientDowntime::kWhileDown);
    CHECK(load_ok(with(base(), "/policies/outpatient/on_downtime", "rest_of_day"))
              .policies.outpatient_on_downtime == OutpatientDowntime::kRestOfDay);
    CHECK(load_ok(with(base(), "/policies/outpatient/on_downtime", "whole_day"))
              .policies.outpatient_on_downtime == OutpatientDowntime::kWholeDay);
  }
  SECTION("unknown policy, with a suggestion") {
    CHECK(problem_of(with(base(), "/policies/outpatient/on_downtime", "rest_of_the_day")) ==
          "/policies/outpatient/on_downtime: unknown policy \"rest_of_the_day\"; did you mean "
          "\"rest_of_day\"?");
    CHECK(problem_of(with(base(), "/policies/outpatient/on_downtime", true)) ==
          "/policies/outpatient/on_downtime: must be a string, got true");
  }
  SECTION("cancel_whole_day still loads, with a warning naming on_downtime") {
    Loaded yes = load(with(base(), "/policies/outpatient/cancel_whole_day", true));
    REQUIRE(yes.result.is_ok());
    CHECK(yes.result->policies.outpatient_on_downtime == OutpatientDowntime::kWholeDay);
    CHECK(yes.warnings ==
          std::vector<std::string>{
              "/policies/outpatient/cancel_whole_day: warning: \"cancel_whole_day\" is deprecated; "
              "write \"on_downtime\" instead (true = \"whole_day\", false = \"while_down\")"});
    Loaded no = load(with(base(), "/policies/outpatient/cancel_whole_day", false));
    REQUIRE(no.result.is_ok());
    CHECK(no.result->policies.outpatient_on_downtime == OutpatientDowntime::kWhileDown);
    CHECK(no.warnings.size() == 1);
  }
  SECTION("both keys are an error") {
    CHECK(problem_of(with(with(base(), "/policies/outpatient/cancel_whole_day", false),
                          "/policies/outpatient/on_downtime", "rest_of_day")) ==
          "/policies/outpatient/cancel_whole_day: has both \"cancel_whole_day\" (deprecated) and "
          "\"on_downtime\"; keep only \"on_downtime\"");
  }
  SECTION("the warning is positioned at the key") {
    const std::string text =
        R"({"format": "hospsim/1", "name": "n", "start": "2025-03-10T00:00", "horizon": "1d",
  "hospitals": {"h": {"name": "H", "location": [56, 10], "outpatient": {"visits_per_weekday": [1, 1, 1, 1, 1, 1, 1]}}},
  "policies": {"outpatient": {"cancel_whole_day": false}}})";
    std::vector<Problem> warnings;
    REQUIRE(load_scenario_text(text, "old.json", LoadOptions{}, &warnings).is_ok());
    REQUIRE(warnings.size() == 1);
    CHECK(
        warnings[0].format() ==
        "old.json:3:31: /policies/outpatient/cancel_whole_day: warning: \"cancel_whole_day\" is deprecated; "
        "write \"on_downtime\" instead (true = \"whole_day\", false = \"while_down\")");
  }
}

TEST_CASE("scenario::clinical_keys: warm-up", "[scenario]") {
  CHECK(load_ok(base()).warmup == 7 * kDay);
  CHECK(load_ok(with(base(), "/deterministic", true)).warmup == 0);
  CHECK(load_ok(with(with(base(), "/deterministic", true), "/warmup", "2d")).warmup == 2 * kDay);
  CHECK(load_ok(with(base(), "/warmup", "0s")).warmup == 0);
  CHECK(load_ok(with(base(), "/warmup", "36h")).warmup == 36 * kHour);
  CHECK(load_ok(with(base(), "/warmup", "366d")).warmup == 366 * kDay);
  CHECK(problem_of(with(base(), "/warmup", "367d")) ==
        "/warmup: must be at most 366 days, got \"367d\" (longer warm-ups are refused)");
  CHECK(problem_of(with(base(), "/warmup", 7)) ==
        "/warmup: must be a duration string with its unit, e.g. \"90s\" or \"1h30min\", got 7");
  CHECK(problem_of(with(base(), "/warmup", "-1d")) ==
        "/warmup: duration \"-1d\" is negative; expected a duration >= 0");
}

TEST_CASE("scenario::clinical_keys: acuity mixes by arrival mode", "[scenario]") {
  const auto approx_equal = [](const std::array<double, kAcuityLevels>& actual,
                               const std::array<double, kAcuityLevels>& expected) {
    for (int i = 0; i < kAcuityLevels; ++i) {
      INFO("acuity " << i + 1 << ": " << actual[i] << " vs " << expected[i]);
      CHECK(actual[i] == Approx(expected[i]).margin(1e-12));
    }
  };
  SECTION("the default: ambulances re-weighted to 61.9% acuity 1-3, walk-ins keep the overall mix") {
    const Scenario s = load_ok(base());
    const EdConfig& ed = s.hospitals.at("h").ed;
    CHECK_FALSE(ed.ambulance_acuity_given);
    const AcuityMixes mixes = acuity_mixes(ed);
    CHECK(mixes.consistent);
    const double up = 0.619 / 0.45, down = 0.381 / 0.55;  // acuity 1-3 hold 0.45 of arrivals, 4-5 0.55
    approx_equal(mixes.ambulance, {0.01 * up, 0.09 * up, 0.35 * up, 0.40 * down, 0.15 * down});
    // walk-in = (overall - 0.2 * ambulance) / 0.8
    approx_equal(mixes.walk_in, {(0.01 - 0.2 * 0.01 * up) / 0.8, (0.09 - 0.2 * 0.09 * up) / 0.8,
                                 (0.35 - 0.2 * 0.35 * up) / 0.8, (0.40 - 0.2 * 0.40 * down) / 0.8,
                                 (0.15 - 0.2 * 0.15 * down) / 0.8});
  }
  SECTION("given shares") {
    json doc = with(base(), "/hospitals/h/ed/ambulance_share", 0.5);
    doc = with(doc, "/hospitals/h/ed/acuity_shares", {0.1, 0.2, 0.3, 0.3, 0.1});
    doc = with(doc, "/hospitals/h/ed/ambulance_acuity_shares", {0.2, 0.3, 0.3, 0.2, 0.0});
    Loaded loaded = load(doc);
    REQUIRE(loaded.result.is_ok());
    CHECK(loaded.warnings.empty());
    const EdConfig& ed = loaded.result->hospitals.at("h").ed;
    CHECK(ed.ambulance_acuity_given);
    const AcuityMixes mixes = acuity_mixes(ed);
    approx_equal(mixes.ambulance, {0.2, 0.3, 0.3, 0.2, 0.0});
    approx_equal(mixes.walk_in, {0.0, 0.1, 0.3, 0.4, 0.2});  // (0.1 - 0.1) / 0.5 = 0, ...
  }
  SECTION("ambulance_share 0 and 1") {
    json none = with(base(), "/hospitals/h/ed/ambulance_share", 0);
    none = with(none, "/hospitals/h/ed/ambulance_acuity_shares", {0.2, 0.2, 0.2, 0.2, 0.2});
    const AcuityMixes zero = acuity_mixes(load_ok(none).hospitals.at("h").ed);
    approx_equal(zero.ambulance, {0.01, 0.09, 0.35, 0.40, 0.15});
    approx_equal(zero.walk_in, {0.01, 0.09, 0.35, 0.40, 0.15});
    const AcuityMixes all =
        acuity_mixes(load_ok(with(base(), "/hospitals/h/ed/ambulance_share", 1)).hospitals.at("h").ed);
    approx_equal(all.walk_in, {0.01, 0.09, 0.35, 0.40, 0.15});
  }
  SECTION("tiny negatives are clipped and the walk-in mix renormalised") {
    json doc = with(base(), "/hospitals/h/ed/ambulance_share", 0.5);
    doc = with(doc, "/hospitals/h/ed/acuity_shares", {0.1, 0.2, 0.3, 0.3, 0.1});
    doc = with(doc, "/hospitals/h/ed/ambulance_acuity_shares", {0.2 + 1e-10, 0.3, 0.3, 0.2, 0.0});
    const AcuityMixes mixes = acuity_mixes(load_ok(doc).hospitals.at("h").ed);
    CHECK(mixes.walk_in[0] == 0.0);
    double sum = 0;
    for (double share : mixes.walk_in) sum += share;
    CHECK(sum == Approx(1.0).margin(1e-15));
  }
  SECTION("given shares that leave a walk-in share negative are an error") {
    json doc = with(base(), "/hospitals/h/ed/ambulance_share", 0.5);
    doc = with(doc, "/hospitals/h/ed/acuity_shares", {0.1, 0.2, 0.3, 0.3, 0.1});
    doc = with(doc, "/hospitals/h/ed/ambulance_acuity_shares", {0.1, 0.5, 0.2, 0.2, 0.0});
    CHECK(
        problem_of(doc) ==
        "/hospitals/h/ed/ambulance_acuity_shares: does not fit acuity_shares [0.1, 0.2, 0.3, 0.3, 0.1] with "
        "ambulance_share 0.5: the walk-in share of acuity 2 would be (0.2 - 0.5 * 0.5) / (1 - 0.5) = -0.1; "
        "ambulance arrivals cannot hold more of an acuity level than all arrivals");
  }
  SECTION("the default that does not fit falls back to the overall mix, with a warning") {
    // ambulance_share 0.8: acuity 1 of ambulances 0.01 * 0.619 / 0.45 = 0.01376 > 0.01 / 0.8
    Loaded loaded = load(with(base(), "/hospitals/h/ed/ambulance_share", 0.8));
    REQUIRE(loaded.result.is_ok());
    const AcuityMixes mixes = acuity_mixes(loaded.result->hospitals.at("h").ed);
    CHECK_FALSE(mixes.consistent);
    approx_equal(mixes.ambulance, {0.01, 0.09, 0.35, 0.40, 0.15});
    approx_equal(mixes.walk_in, {0.01, 0.09, 0.35, 0.40, 0.15});
    REQUIRE(loaded.warnings.size() == 1);
    CHECK(loaded.warnings[0].rfind("/hospitals/h/ed: warning: the default ambulance acuity mix [", 0) == 0);
    CHECK(loaded.warnings[0].find("does not fit acuity_shares [0.01, 0.09, 0.35, 0.4, 0.15] with ambulance_share "
                                  "0.8 (the walk-in share of acuity 1 would be (0.01 - 0.8 * ") != std::string::npos);
    CHECK(loaded.warnings[0].find("both arrival modes use acuity_shares") != std::string::npos);
  }
  SECTION("shape of the key") {
    CHECK(problem_of(with(base(), "/hospitals/h/ed/ambulance_acuity_shares", {0.5, 0.5, 0.5, 0, 0})) ==
          "/hospitals/h/ed/ambulance_acuity_shares: must sum to 1, got a sum of 1.5");
    CHECK(
        problem_of(with(base(), "/hospitals/h/ed/ambulance_acuity_shares", {0.5, 0.5})) ==
        "/hospitals/h/ed/ambulance_acuity_shares: must be an array of 5 numbers (shares of acuity 1..5 among "
        "ambulance arrivals), got an array of 2");
  }
}

TEST_CASE("scenario::clinical_keys: acuity_mixes on a hand-built config", "[scenario]") {
  EdConfig ed;
  ed.ambulance_share = 0.25;
  ed.acuity_shares = {0.1, 0.2, 0.3, 0.2, 0.2};
  ed.ambulance_acuity_shares = {0.4, 0.2, 0.2, 0.2, 0.0};
  ed.ambulance_acuity_given = true;
  AcuityMixes mixes = acuity_mixes(ed);
  REQUIRE(mixes.consistent);
  // (0.1 - 0.1) / 0.75 = 0; (0.2 - 0.05) / 0.75 = 0.2; (0.3 - 0.05) / 0.75 = 1/3; 0.2; 0.2 / 0.75
  CHECK(mixes.walk_in[0] == 0.0);
  CHECK(mixes.walk_in[1] == Approx(0.2));
  CHECK(mixes.walk_in[2] == Approx(1.0 / 3.0));
  CHECK(mixes.walk_in[4] == Approx(0.2 / 0.75));
  ed.ambulance_acuity_shares = {0.5, 0.2, 0.1, 0.2, 0.0};
  mixes = acuity_mixes(ed);
  CHECK_FALSE(mixes.consistent);  // (0.1 - 0.125) / 0.75 < 0
  CHECK(mixes.inconsistent_level == 1);
  CHECK(mixes.inconsistent_share == Approx(-0.025 / 0.75));
  CHECK(mixes.walk_in == ed.acuity_shares);  // both modes fall back to the overall mix
  CHECK(mixes.ambulance == ed.acuity_shares);
}

TEST_CASE("scenario::clinical_keys: the reference scenario's new keys", "[scenario]") {
  Result<Scenario> result =
      load_scenario_file(std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/examples/full.json");
  INFO(result.status().message());
  REQUIRE(result.is_ok());
  const Scenario& s = result.value();
  CHECK(s.warmup == 3 * kDay);
  const Hospital& h1 = s.hospitals.at("h1");
  CHECK(h1.surgery.turnover == 20 * kMinute);
  CHECK(h1.surgery.planned_utilisation == 0.9);
  CHECK(h1.ed.ambulance_acuity_given);
  CHECK(acuity_mixes(h1.ed).ambulance[0] == Approx(0.04));
  CHECK(acuity_mixes(h1.ed).walk_in[0] == Approx((0.02 - 0.25 * 0.04) / 0.75));
}
