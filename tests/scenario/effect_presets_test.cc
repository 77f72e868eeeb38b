// The library of downtime effect presets (scenarios/presets/effects.json): how a scenario names a preset and
// overrides it, the errors, and the library itself (every preset loads for its kind without a warning, every
// factor has a source, the schema and docs/effect-presets.md list exactly what the library holds).
#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "hospsim/loader.h"
#include "load_support.h"
#include "scenario/effect_presets.h"
#include "support/test_files.h"

using namespace hospsim;
using nlohmann::json;
using namespace hospsim::testing;

namespace {

// One hospital with every activity (ED with emergency surgery, beds, elective lists, outpatients) using a
// service of each kind that has presets.
json base() {
  return json::parse(R"({
    "format": "hospsim/1",
    "name": "presets",
    "start": "2025-03-10T00:00",
    "horizon": "20d",
    "datacenters": {"dc": {}},
    "services": {"ehr": {"kind": "ehr", "hosted_on": "dc"}, "lab": {"kind": "lab", "hosted_on": "dc"},
                 "pacs": {"kind": "pacs", "hosted_on": "dc"}, "book": {"kind": "logistics", "hosted_on": "dc"},
                 "web": {"kind": "other", "hosted_on": "dc"}},
    "policies": {"elective": {"on_downtime": "reduced"}},
    "hospitals": {
      "h": {"name": "H", "location": [56, 10], "uses": ["ehr", "lab", "pacs", "book", "web"],
            "ed": {"arrivals_per_day": 100, "admit_share": 0.3},
            "beds": {"count": 200},
            "surgery": {"theatres": 2, "elective_per_weekday": [8, 8, 8, 8, 8, 0, 0], "emergency_share": 0.1},
            "outpatient": {"visits_per_weekday": [300, 300, 300, 300, 300, 0, 0]}}
    }
  })");
}

// The leaves of an effects object as the library names them: "ed_treatment.time", "outpatient.adapt.0.capacity".
void leaves(const json& value, const std::string& prefix, std::set<std::string>& out) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) leaves(member, prefix.empty() ? key : prefix + "." + key, out);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) leaves(value[i], prefix + "." + std::to_string(i), out);
  } else {
    out.insert(prefix);
  }
}

}  // namespace

TEST_CASE("scenario::effect_presets: a preset fills the activities the entry does not give", "[scenario]") {
  // ehr-acute-only: elective 0, outpatient 0, ED time 1.22, emergency surgery time 1.1; no admission entry.
  const json doc = with(base(), "/effects/ehr", json::parse(R"({"preset": "ehr-acute-only",
                                                               "ed_treatment": {"time": 1.36}})"));
  const Scenario s = load_ok(doc);
  const auto& ehr = s.effects.at("ehr");
  CHECK(ehr.at(Activity::kEdTreatment).time == 1.36);  // given: replaces the preset's entry
  CHECK(ehr.at(Activity::kEdTreatment).capacity == 1.0);
  CHECK(ehr.at(Activity::kEdTreatment).preset.empty());
  CHECK(ehr.at(Activity::kElectiveSurgery).capacity == 0.0);
  CHECK(ehr.at(Activity::kElectiveSurgery).preset == "ehr-acute-only");
  CHECK(ehr.at(Activity::kOutpatient).capacity == 0.0);
  CHECK(ehr.at(Activity::kEmergencySurgery).time == 1.1);
  CHECK(ehr.count(Activity::kAdmission) == 0);
  CHECK(warnings_of(doc).empty());

  SECTION("a preset's adaptation steps and turnarounds come with it") {
    json two = with(base(), "/effects/ehr", json::parse(R"({"preset": "ehr-ransomware-paper"})"));
    two = with(two, "/effects/lab", json::parse(R"({"preset": "lab-manual-results"})"));
    const Scenario t = load_ok(two);
    const Effect& outpatient = t.effects.at("ehr").at(Activity::kOutpatient);
    CHECK(outpatient.capacity == 0.25);
    REQUIRE(outpatient.adapt.size() == 1);
    CHECK(outpatient.adapt[0].after == 10 * kDay);
    CHECK(outpatient.adapt[0].capacity == 0.4);
    CHECK(t.effects.at("lab").at(Activity::kEdTreatment).turnaround == 83 * kMinute);
  }
  SECTION("in a hospital's own effects, the same") {
    const Scenario h = load_ok(with(base(), "/hospitals/h/effects/book", json::parse(R"({"preset":
                                                                        "logistics-planned-stop"})")));
    REQUIRE(h.hospitals.at("h").effects.has_value());
    CHECK(h.hospitals.at("h").effects->at("book").at(Activity::kOutpatient).capacity == 0.0);
  }
  SECTION("a strategy can switch the preset (merge patch)") {
    json with_strategy = with(doc, "/strategies/continuity",
                              json::parse(R"({"patch": {"effects": {"ehr": {"preset": "ehr-paper-continuity"}}}})"));
    std::vector<Problem> warnings;
    Result<Scenario> merged =
        load_scenario_text(with_strategy.dump(), "s.json", LoadOptions{"continuity"}, &warnings);
    INFO(merged.status().message());
    REQUIRE(merged.is_ok());
    CHECK(merged->effects.at("ehr").at(Activity::kElectiveSurgery).capacity == 1.0);
    CHECK(merged->effects.at("ehr").at(Activity::kElectiveSurgery).time == 1.1);
    CHECK(merged->effects.at("ehr").at(Activity::kEdTreatment).time == 1.36);  // still the given entry
  }
}

TEST_CASE("scenario::effect_presets: unknown names, the wrong kind and non-strings are errors", "[scenario]") {
  CHECK(problem_of(with(base(), "/effects/ehr/preset", "ehr-acute-onyl")) ==
        "/effects/ehr/preset: unknown effect preset \"ehr-acute-onyl\"; did you mean \"ehr-acute-only\"? (presets "
        "for services of kind \"ehr\": ehr-acute-only, ehr-paper-continuity, ehr-ransomware-paper; `hospsim "
        "presets` lists them)");
  CHECK(problem_of(with(base(), "/effects/book/preset", "ehr")) ==
        "/effects/book/preset: unknown effect preset \"ehr\" (presets for services of kind \"logistics\": "
        "logistics-planned-stop; `hospsim presets` lists them)");
  CHECK(problem_of(with(base(), "/effects/ehr/preset", "lab-manual-results")) ==
        "/effects/ehr/preset: effect preset \"lab-manual-results\" is for services of kind \"lab\", and \"ehr\" is "
        "of kind \"ehr\"; presets for services of kind \"ehr\": ehr-acute-only, ehr-paper-continuity, "
        "ehr-ransomware-paper");
  CHECK(problem_of(with(base(), "/effects/web/preset", "ehr-acute-only")) ==
        "/effects/web/preset: effect preset \"ehr-acute-only\" is for services of kind \"ehr\", and \"web\" is of "
        "kind \"other\"; there are no presets for services of kind \"other\"");
  CHECK(problem_of(with(base(), "/hospitals/h/effects/lab/preset", 3)) ==
        "/hospitals/h/effects/lab/preset: must be the name of an effect preset (a string; presets for services of "
        "kind \"lab\": lab-manual-results), got 3");
}

TEST_CASE("scenario::effect_presets: every preset loads for its kind without a warning", "[scenario]") {
  const std::map<std::string, std::string> service_of_kind = {
      {"ehr", "ehr"}, {"lab", "lab"}, {"pacs", "pacs"}, {"logistics", "book"}};
  REQUIRE(effect_presets().size() >= 6);
  for (const auto& [name, preset] : effect_presets()) {
    INFO(name);
    REQUIRE(service_of_kind.count(preset.kind));
    const std::string service = service_of_kind.at(preset.kind);
    const Scenario s = load_ok(with(base(), "/effects/" + service, json{{"preset", name}}));
    CHECK(warnings_of(with(base(), "/effects/" + service, json{{"preset", name}})).empty());
    // Every activity of the preset is in the table, marked as coming from it.
    for (const auto& [activity, entry] : preset.effects.items()) {
      bool found = false;
      for (const auto& [loaded, effect] : s.effects.at(service)) {
        if (activity_name(loaded) == activity) found = effect.preset == name && !effect.neutral();
      }
      CHECK(found);
    }
  }
}

TEST_CASE("scenario::effect_presets: every factor has its source, every source a factor", "[scenario]") {
  for (const auto& [name, preset] : effect_presets()) {
    INFO(name);
    CHECK_FALSE(preset.summary.empty());
    std::set<std::string> factors;
    leaves(preset.effects, "", factors);
    std::set<std::string> sourced;
    for (const EffectPresetSource& source : preset.sources) {
      INFO(source.factor);
      sourced.insert(source.factor);
      CHECK_FALSE(source.what.empty());
      // A published source names where it is (a URL or a DOI); otherwise it says it is an assumption.
      const bool published = source.ref.find("http") != std::string::npos || source.ref.find("doi:") != std::string::npos;
      CHECK((published || source.ref.rfind("assumption", 0) == 0));
    }
    CHECK(factors == sourced);
  }
}

TEST_CASE("scenario::effect_presets: the schema and docs/effect-presets.md list the library", "[scenario]") {
  const json schema = json::parse(read_file(std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/schema.json"));
  std::vector<std::string> names;
  for (const auto& [name, preset] : effect_presets()) names.push_back(name);
  CHECK(schema["$defs"]["service_effects"]["properties"]["preset"]["enum"].get<std::vector<std::string>>() ==
        names);
  // The page is the output of `hospsim presets --markdown`; regenerate it with that command.
  CHECK(read_file(std::string(HOSPSIM_SOURCE_DIR) + "/docs/effect-presets.md") ==
        format_effect_presets("", true));
  CHECK(effect_presets_text() ==
        read_file(std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/presets/effects.json"));
}
