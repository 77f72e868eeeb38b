// The clinical keys of the v2 model: turnover and planned utilisation of theatre lists, the `delay` elective
// policy, the outpatient downtime policy (and its deprecated boolean), warm-up, and the acuity mix by arrival
// mode with the mixes the loader derives from it.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "hospsim/loader.h"

using namespace hospsim;
using nlohmann::json;

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

json with(json document, const std::string& pointer, json value) {
  document[json::json_pointer(pointer)] = std::move(value);
  return document;
}

struct Loaded {
  Result<Scenario> result;
  std::vector<std::string> warnings;  // "pointer: message"
};

Loaded load(const json& document) {
  std::vector<Problem> warnings;
  Result<Scenario> result = load_scenario_text(document.dump(2), "s.json", LoadOptions{}, &warnings);
  Loaded loaded{std::move(result), {}};
  for (const Problem& warning : warnings) loaded.warnings.push_back(warning.pointer + ": " + warning.message);
  return loaded;
}

Scenario load_ok(const json& document) {
  Loaded loaded = load(document);
  INFO(loaded.result.status().message());
  REQUIRE(loaded.result.is_ok());
  return loaded.result.value();
}

// The one problem of an invalid document, as "pointer: message".
std::string problem_of(const json& document) {
  Loaded loaded = load(document);
  REQUIRE_FALSE(loaded.result.is_ok());
  const std::vector<Problem>& problems = loaded.result.status().problems();
  INFO(loaded.result.status().message());
  REQUIRE(problems.size() == 1);
  CHECK(loaded.warnings.empty());  // an invalid file yields no warnings
  return problems[0].pointer + ": " + problems[0].message;
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
  SECTION("the default: walk-ins get what keeps the overall mix") {
    const Scenario s = load_ok(base());
    const EdConfig& ed = s.hospitals.at("h").ed;
    CHECK_FALSE(ed.ambulance_acuity_given);
    approx_equal(ed.ambulance_acuity_mix, {0.03, 0.20, 0.45, 0.27, 0.05});
    // (0.01 - 0.2 * 0.03) / 0.8 = 0.005; (0.09 - 0.04) / 0.8 = 0.0625; (0.35 - 0.09) / 0.8 = 0.325;
    // (0.40 - 0.054) / 0.8 = 0.4325; (0.15 - 0.01) / 0.8 = 0.175
    approx_equal(ed.walk_in_acuity_mix, {0.005, 0.0625, 0.325, 0.4325, 0.175});
    // a hospital without an ED gets the overall mix for both
    approx_equal(s.hospitals.at("g").ed.walk_in_acuity_mix, {0.01, 0.09, 0.35, 0.40, 0.15});
    approx_equal(s.hospitals.at("g").ed.ambulance_acuity_mix, {0.01, 0.09, 0.35, 0.40, 0.15});
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
    approx_equal(ed.ambulance_acuity_mix, {0.2, 0.3, 0.3, 0.2, 0.0});
    approx_equal(ed.walk_in_acuity_mix, {0.0, 0.1, 0.3, 0.4, 0.2});  // (0.1 - 0.1) / 0.5 = 0, ...
  }
  SECTION("ambulance_share 0 and 1") {
    json none = with(base(), "/hospitals/h/ed/ambulance_share", 0);
    none = with(none, "/hospitals/h/ed/ambulance_acuity_shares", {0.2, 0.2, 0.2, 0.2, 0.2});
    const EdConfig zero = load_ok(none).hospitals.at("h").ed;
    approx_equal(zero.ambulance_acuity_mix, {0.01, 0.09, 0.35, 0.40, 0.15});
    approx_equal(zero.walk_in_acuity_mix, {0.01, 0.09, 0.35, 0.40, 0.15});
    const EdConfig all = load_ok(with(base(), "/hospitals/h/ed/ambulance_share", 1)).hospitals.at("h").ed;
    approx_equal(all.ambulance_acuity_mix, {0.03, 0.20, 0.45, 0.27, 0.05});
    approx_equal(all.walk_in_acuity_mix, {0.01, 0.09, 0.35, 0.40, 0.15});
  }
  SECTION("tiny negatives are clipped and the walk-in mix renormalised") {
    json doc = with(base(), "/hospitals/h/ed/ambulance_share", 0.5);
    doc = with(doc, "/hospitals/h/ed/acuity_shares", {0.1, 0.2, 0.3, 0.3, 0.1});
    doc = with(doc, "/hospitals/h/ed/ambulance_acuity_shares", {0.2 + 1e-10, 0.3, 0.3, 0.2, 0.0});
    const EdConfig ed = load_ok(doc).hospitals.at("h").ed;
    CHECK(ed.walk_in_acuity_mix[0] == 0.0);
    double sum = 0;
    for (double share : ed.walk_in_acuity_mix) sum += share;
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
    Loaded loaded = load(with(base(), "/hospitals/h/ed/ambulance_share", 0.4));
    REQUIRE(loaded.result.is_ok());
    const EdConfig& ed = loaded.result->hospitals.at("h").ed;
    approx_equal(ed.ambulance_acuity_mix, {0.01, 0.09, 0.35, 0.40, 0.15});
    approx_equal(ed.walk_in_acuity_mix, {0.01, 0.09, 0.35, 0.40, 0.15});
    // (0.01 - 0.4 * 0.03) / 0.6 = -0.00333...
    CHECK(
        loaded.warnings ==
        std::vector<std::string>{
            "/hospitals/h/ed: warning: the default ambulance_acuity_shares [0.03, 0.2, 0.45, 0.27, 0.05] do "
            "not fit acuity_shares [0.01, 0.09, 0.35, 0.4, 0.15] with ambulance_share 0.4 (the walk-in share "
            "of acuity 1 would be (0.01 - 0.4 * 0.03) / (1 - 0.4) = -0.00333333333333333); both arrival "
            "modes use acuity_shares; give \"ambulance_acuity_shares\" to set the mix of ambulance "
            "arrivals"});
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

TEST_CASE("scenario::clinical_keys: derive_acuity_mixes on a hand-built config", "[scenario]") {
  EdConfig ed;
  ed.ambulance_share = 0.25;
  ed.acuity_shares = {0.1, 0.2, 0.3, 0.2, 0.2};
  ed.ambulance_acuity_shares = {0.4, 0.2, 0.2, 0.2, 0.0};
  REQUIRE(derive_acuity_mixes(ed) == 0);
  // (0.1 - 0.1) / 0.75 = 0; (0.2 - 0.05) / 0.75 = 0.2; (0.3 - 0.05) / 0.75 = 1/3; 0.2; 0.2 / 0.75
  CHECK(ed.walk_in_acuity_mix[0] == 0.0);
  CHECK(ed.walk_in_acuity_mix[1] == Approx(0.2));
  CHECK(ed.walk_in_acuity_mix[2] == Approx(1.0 / 3.0));
  CHECK(ed.walk_in_acuity_mix[4] == Approx(0.2 / 0.75));
  ed.ambulance_acuity_shares = {0.5, 0.2, 0.1, 0.2, 0.0};
  const auto before = ed.walk_in_acuity_mix;
  CHECK(derive_acuity_mixes(ed) == 1);  // (0.1 - 0.125) / 0.75 < 0
  CHECK(walk_in_acuity_share(ed, 1) == Approx(-0.025 / 0.75));
  CHECK(ed.walk_in_acuity_mix == before);  // unchanged
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
  CHECK(h1.ed.ambulance_acuity_mix[0] == Approx(0.04));
  CHECK(h1.ed.walk_in_acuity_mix[0] == Approx((0.02 - 0.25 * 0.04) / 0.75));
}
