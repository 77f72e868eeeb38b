// The loader's warnings: inputs that load but cannot have an effect in their scenario, each with its pointer
// and message (docs/scenario-format.md, "Warnings").
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "hospsim/loader.h"

using namespace hospsim;
using nlohmann::json;

namespace {

// Two hospitals with EDs, beds, lists and visits that use "ehr"; "lab" is used by nobody. No effects: no
// warning (checked below); each test adds one input that cannot act.
json base() {
  return json::parse(R"({
    "format": "hospsim/1",
    "name": "base",
    "start": "2025-03-10T00:00",
    "horizon": "2d",
    "datacenters": {"dc": {}},
    "services": {"ehr": {"hosted_on": "dc"}, "lab": {"hosted_on": "dc"}},
    "hospitals": {
      "a": {"name": "A", "location": [56, 10], "uses": ["ehr"], "ed": {"arrivals_per_day": 100},
            "beds": {"count": 100}, "surgery": {"theatres": 2, "elective_per_weekday": [8, 8, 8, 8, 8, 0, 0]},
            "outpatient": {"visits_per_weekday": [100, 100, 100, 100, 100, 0, 0]}},
      "b": {"name": "B", "location": [55, 9], "uses": ["ehr"], "ed": {"arrivals_per_day": 80}}
    }
  })");
}

json with(json document, const std::string& pointer, json value) {
  document[json::json_pointer(pointer)] = std::move(value);
  return document;
}

// "pointer: message" of every warning of a valid document, in file order.
std::vector<std::string> warnings_of(const json& document, const std::string& strategy = "") {
  std::vector<Problem> warnings;
  Result<Scenario> result = load_scenario_text(document.dump(2), "s.json", LoadOptions{strategy}, &warnings);
  INFO(result.status().message());
  REQUIRE(result.is_ok());
  std::vector<std::string> out;
  for (const Problem& warning : warnings) {
    CHECK(warning.message.rfind("warning: ", 0) == 0);
    out.push_back(warning.pointer + ": " + warning.message);
  }
  return out;
}

using Lines = std::vector<std::string>;

const char* kNoDowntime =
    "no hospital with an ED uses a service whose ed_treatment or admission capacity (effects, or the "
    "hospital's own effects) is < 1, and only such a service being DOWN puts a hospital in downtime";

}  // namespace

TEST_CASE("scenario::warnings: a scenario whose inputs all act has none", "[scenario]") {
  CHECK(warnings_of(base()).empty());
  json effects = with(base(), "/effects/ehr", json::parse(R"({
      "ed_treatment": {"capacity": 0.5, "time": 1.5}, "admission": {"capacity": 0.8},
      "elective_surgery": {"capacity": 0}, "emergency_surgery": {"time": 1.2}, "outpatient": {"capacity": 0}})"));
  effects = with(effects, "/policies/public_advice",
                 json::parse(R"({"elsewhere_share": 0.1, "stay_home_share": 0.1})"));
  effects = with(effects, "/policies/diversion/on_downtime", true);
  CHECK(warnings_of(effects).empty());
}

TEST_CASE("scenario::warnings: public advice without a service that can put an ED in downtime",
          "[scenario]") {
  // elective and outpatient effects do not put a hospital in downtime
  json doc = with(base(), "/effects/ehr/elective_surgery/capacity", 0);
  doc = with(doc, "/policies/public_advice/stay_home_share", 0.1);
  doc = with(doc, "/policies/public_advice/elsewhere_share", 0.05);
  CHECK(warnings_of(doc) ==
        Lines{std::string("/policies/public_advice/elsewhere_share: warning: public advice acts only while a "
                          "hospital is in downtime; ") +
                  kNoDowntime + ", so elsewhere_share 0.05 cannot have an effect",
              std::string("/policies/public_advice/stay_home_share: warning: public advice acts only while a "
                          "hospital is in downtime; ") +
                  kNoDowntime + ", so stay_home_share 0.1 cannot have an effect"});
  SECTION("an ed_treatment capacity < 1 in a hospital override is enough") {
    CHECK(warnings_of(with(doc, "/hospitals/b/effects/ehr/ed_treatment/capacity", 0.5)).empty());
  }
  SECTION("an admission capacity < 1 in the scenario table is enough") {
    CHECK(warnings_of(with(doc, "/effects/ehr/admission/capacity", 0.9)).empty());
  }
  SECTION("but not at a hospital without an ED") {
    json no_ed = with(doc, "/hospitals/c", json::parse(R"({"name": "C", "location": [55, 10], "uses": ["lab"],
        "beds": {"count": 10}, "effects": {"lab": {"admission": {"capacity": 0.5}}}})"));
    CHECK(warnings_of(no_ed).size() == 2);
  }
  SECTION("a time factor alone is not enough") {
    CHECK(warnings_of(with(doc, "/effects/ehr/ed_treatment/time", 2)).size() == 2);
  }
}

TEST_CASE("scenario::warnings: walk-ins sent elsewhere with a single ED", "[scenario]") {
  json doc = with(base(), "/effects/ehr/ed_treatment/capacity", 0.5);
  doc.erase("hospitals");
  doc["hospitals"] = base()["hospitals"];
  doc["hospitals"].erase("b");
  doc = with(doc, "/policies/public_advice/elsewhere_share", 0.2);
  CHECK(warnings_of(doc) ==
        Lines{"/policies/public_advice/elsewhere_share: warning: walk-ins are sent "
              "elsewhere only to another ED and the scenario has 1 ED, so elsewhere_share "
              "0.2 cannot have an effect"});
  CHECK(warnings_of(with(doc, "/policies/public_advice/elsewhere_share", 0)).empty());
  CHECK(warnings_of(with(with(doc, "/policies/public_advice/elsewhere_share", 0),
                         "/policies/public_advice/stay_home_share", 0.2))
            .empty());  // staying home needs no other ED
}

TEST_CASE("scenario::warnings: diversion on downtime given without downtime", "[scenario]") {
  CHECK(warnings_of(with(base(), "/policies/diversion/on_downtime", true)) ==
        Lines{std::string("/policies/diversion/on_downtime: warning: diversion on downtime acts only while a "
                          "hospital is in downtime; ") +
              kNoDowntime + ", so this cannot have an effect"});
  CHECK(warnings_of(with(base(), "/policies/diversion/on_downtime", false)).empty());
  CHECK(
      warnings_of(with(base(), "/policies/diversion/occupancy_threshold", 0.9)).empty());  // default: silent
}

TEST_CASE("scenario::warnings: factors the model never reads", "[scenario]") {
  SECTION("admission time") {
    CHECK(warnings_of(
              with(base(), "/effects/ehr/admission", json::parse(R"({"capacity": 0.5, "time": 1.5})"))) ==
          Lines{"/effects/ehr/admission/time: warning: admission time factors are not used by the model "
                "(admission uses only capacity: the usable beds); this factor cannot have an effect"});
    CHECK(
        warnings_of(with(base(), "/hospitals/a/effects/ehr/admission/time", 2)) ==
        Lines{"/hospitals/a/effects/ehr/admission/time: warning: admission time factors are not used by the "
              "model (admission uses only capacity: the usable beds); this factor cannot have an effect"});
  }
  SECTION("emergency surgery capacity") {
    CHECK(warnings_of(with(base(), "/effects/ehr/emergency_surgery/capacity", 0.5)) ==
          Lines{"/effects/ehr/emergency_surgery/capacity: warning: emergency surgery is never cancelled or "
                "reduced (only its time factor is used); this factor cannot have an effect"});
  }
  SECTION("outpatient time") {
    CHECK(warnings_of(
              with(base(), "/effects/ehr/outpatient", json::parse(R"({"capacity": 0.5, "time": 2})"))) ==
          Lines{"/effects/ehr/outpatient/time: warning: outpatient time factors are not used by the model (a "
                "visit is cancelled or takes place); this factor cannot have an effect"});
  }
  SECTION("elective time with capacity < 1 unless the policy is reduced") {
    const json doc =
        with(base(), "/effects/ehr/elective_surgery", json::parse(R"({"capacity": 0.2, "time": 1.3})"));
    CHECK(
        warnings_of(doc) ==
        Lines{"/effects/ehr/elective_surgery/time: warning: with capacity < 1 no elective case goes ahead "
              "while this service is DOWN unless policies.elective.on_downtime is \"reduced\", so this time "
              "factor cannot have an effect"});
    CHECK(warnings_of(with(doc, "/policies/elective/on_downtime", "reduced")).empty());
    CHECK(warnings_of(with(doc, "/effects/ehr/elective_surgery/capacity", 1)).empty());
  }
  SECTION("ED time with capacity 0") {
    CHECK(warnings_of(
              with(base(), "/effects/ehr/ed_treatment", json::parse(R"({"capacity": 0, "time": 1.3})"))) ==
          Lines{"/effects/ehr/ed_treatment/time: warning: with capacity 0 no ED treatment starts while this "
                "service is DOWN, so this time factor cannot have an effect"});
  }
}

TEST_CASE("scenario::warnings: effects for services nobody uses", "[scenario]") {
  CHECK(warnings_of(with(base(), "/effects/lab/ed_treatment/time", 1.5)) ==
        Lines{"/effects/lab: warning: no hospital uses service \"lab\"; its effects cannot act"});
  CHECK(warnings_of(with(base(), "/hospitals/b/effects/lab/ed_treatment/time", 1.5)) ==
        Lines{"/hospitals/b/effects/lab: warning: hospital \"b\" does not use service \"lab\" (not in its "
              "\"uses\"); this override cannot act"});
}

TEST_CASE("scenario::warnings: effects on activities that do not happen", "[scenario]") {
  SECTION("scenario table: no hospital that uses the service has the activity") {
    json doc = with(base(), "/effects/ehr/elective_surgery/capacity", 0);
    doc["hospitals"]["a"].erase("surgery");
    CHECK(warnings_of(doc) ==
          Lines{"/effects/ehr/elective_surgery: warning: no hospital that uses \"ehr\" and "
                "takes this entry has elective lists (surgery.theatres > 0 and "
                "elective_per_weekday); this effect cannot act"});
  }
  SECTION("scenario table: every user replaces the entry") {
    json doc = with(base(), "/effects/ehr/outpatient/capacity", 0);
    doc = with(doc, "/hospitals/a/effects/ehr/outpatient/capacity", 0.5);
    doc = with(doc, "/hospitals/b/effects/ehr/outpatient/capacity", 1);
    CHECK(warnings_of(doc) ==
          Lines{"/effects/ehr/outpatient: warning: every hospital that uses \"ehr\" replaces "
                "this entry with its own effects; it cannot act"});
  }
  SECTION("a hospital override for an activity the hospital does not have") {
    CHECK(
        warnings_of(with(base(), "/hospitals/b/effects/ehr/outpatient/capacity", 0)) ==
        Lines{"/hospitals/b/effects/ehr/outpatient: warning: hospital \"b\" does not have outpatient visits "
              "(visits_per_weekday); this effect cannot act"});
    // a neutral override can cancel the scenario's entry: it acts
    CHECK(warnings_of(with(with(base(), "/effects/ehr/ed_treatment/time", 1.5),
                           "/hospitals/b/effects/ehr/ed_treatment/time", 1))
              .empty());
  }
}

TEST_CASE("scenario::warnings: hospital inputs that are never read", "[scenario]") {
  SECTION("bed figures without beds") {
    CHECK(
        warnings_of(with(base(), "/hospitals/b/beds",
                         json::parse(R"({"occupancy": 0.9, "los_days": {"median": 2, "p90": 6}})"))) ==
        Lines{"/hospitals/b/beds/los_days: warning: beds.count is 0 (beds are not modelled), so this cannot "
              "have an effect",
              "/hospitals/b/beds/occupancy: warning: beds.count is 0 (beds are not modelled), so this cannot "
              "have an effect"});  // file order: the keys are dumped sorted
  }
  SECTION("elective cases without theatres") {
    CHECK(
        warnings_of(with(base(), "/hospitals/b/surgery/elective_per_weekday", {5, 5, 5, 5, 5, 0, 0})) ==
        Lines{"/hospitals/b/surgery/elective_per_weekday: warning: surgery.theatres is 0, so these elective "
              "cases are never scheduled"});
  }
  SECTION("emergency surgery keys without an ED") {
    json doc = base();
    doc["hospitals"]["c"] = json::parse(R"({"name": "C", "location": [55, 10],
        "surgery": {"emergency_share": 0.1, "emergency_theatres": 2}})");
    CHECK(
        warnings_of(doc) ==
        Lines{"/hospitals/c/surgery/emergency_share: warning: hospital \"c\" has no ED and emergency surgery "
              "comes only from ED admissions, so this cannot have an effect",
              "/hospitals/c/surgery/emergency_theatres: warning: hospital \"c\" has no ED and emergency "
              "surgery comes only from ED admissions, so this cannot have an effect"});
  }
  SECTION("an ambulance mix without ambulances") {
    json doc = with(base(), "/hospitals/b/ed/ambulance_share", 0);
    doc = with(doc, "/hospitals/b/ed/ambulance_acuity_shares", {0.03, 0.2, 0.45, 0.27, 0.05});
    CHECK(warnings_of(doc) ==
          Lines{"/hospitals/b/ed/ambulance_acuity_shares: warning: ambulance_share is 0 (no "
                "ambulance arrivals), so this mix cannot have an effect"});
  }
  SECTION("clinic hours without visits") {
    CHECK(warnings_of(with(base(), "/hospitals/b/outpatient/hours", {"08:00", "12:00"})) ==
          Lines{"/hospitals/b/outpatient/hours: warning: no outpatient visits (visits_per_weekday), so these "
                "hours cannot have an effect"});
  }
}

TEST_CASE("scenario::warnings: policies for activities no hospital has", "[scenario]") {
  json doc = base();
  doc["hospitals"]["a"].erase("surgery");
  doc["hospitals"]["a"].erase("outpatient");
  doc = with(doc, "/policies/elective/on_downtime", "delay");
  doc = with(doc, "/policies/outpatient/to_ed_share", 0.1);
  CHECK(
      warnings_of(doc) ==
      Lines{
          "/policies/elective/on_downtime: warning: no hospital has elective lists (surgery.theatres > 0 and "
          "elective_per_weekday), so this cannot have an effect",
          "/policies/outpatient/to_ed_share: warning: no hospital has outpatient visits "
          "(visits_per_weekday), "
          "so this cannot have an effect"});
}

TEST_CASE("scenario::warnings: positions, order, and the scenario actually loaded", "[scenario]") {
  const std::string text =
      R"({"format": "hospsim/1", "name": "n", "start": "2025-03-10T00:00", "horizon": "1d",
  "datacenters": {"dc": {}}, "services": {"ehr": {"hosted_on": "dc"}},
  "hospitals": {"h": {"name": "H", "location": [56, 10], "uses": ["ehr"], "ed": {"arrivals_per_day": 10}}},
  "effects": {"ehr": {"admission": {"capacity": 0.5, "time": 2}}},
  "policies": {"public_advice": {"stay_home_share": 0.1}},
  "strategies": {"fix": {"patch": {"effects": {"ehr": {"admission": {"time": null}}}}},
                 "worse": {"patch": {"effects": {"ehr": {"admission": {"capacity": 1}}}}}}})";
  std::vector<Problem> warnings;
  REQUIRE(load_scenario_text(text, "w.json", LoadOptions{}, &warnings).is_ok());
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].format() ==
        "w.json:4:62: /effects/ehr/admission/time: warning: admission time factors are not used by the model "
        "(admission uses only capacity: the usable beds); this factor cannot have an effect");
  REQUIRE(load_scenario_text(text, "w.json", LoadOptions{"fix"}, &warnings).is_ok());
  CHECK(warnings.empty());
  // the strategy removes the only downtime capacity: public advice now cannot act (both warnings are about
  // values of the base document, so they point there)
  REQUIRE(load_scenario_text(text, "w.json", LoadOptions{"worse"}, &warnings).is_ok());
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].format().rfind("w.json:4:62: /effects/ehr/admission/time: warning: ", 0) == 0);
  CHECK(warnings[1].format().rfind("w.json:5:53: /policies/public_advice/stay_home_share: warning: public "
                                   "advice acts only while a hospital is in downtime",
                                   0) == 0);
  // an invalid file gives no warnings
  REQUIRE_FALSE(load_scenario_text("{}", "w.json", LoadOptions{}, &warnings).is_ok());
  CHECK(warnings.empty());
}

TEST_CASE("scenario::warnings: regional response settings that cannot act", "[scenario]") {
  SECTION("cap_action and suspend_minutes without a cap") {
    const json doc = with(base(), "/policies/diversion", json::parse(R"({"cap_action": "suspend", "suspend_minutes": 60})"));
    const std::string no_cap =
        ": warning: no regional cap is set (max_diverting 0 and max_diverting_share 1), so this cannot have an "
        "effect";
    CHECK(warnings_of(doc) ==
          Lines{"/policies/diversion/cap_action" + no_cap, "/policies/diversion/suspend_minutes" + no_cap});
    CHECK(warnings_of(with(doc, "/policies/diversion/max_diverting", 1)).empty());
  }
  SECTION("suspend_minutes with cap_action refuse") {
    const json doc =
        with(base(), "/policies/diversion", json::parse(R"({"max_diverting": 1, "suspend_minutes": 60})"));
    CHECK(warnings_of(doc) ==
          Lines{"/policies/diversion/suspend_minutes: warning: cap_action is \"refuse\" (suspend_minutes is read "
                "only with \"suspend\"), so this cannot have an effect"});
  }
  SECTION("transfer settings while transfers are disabled, and transfers without two hospitals with beds") {
    CHECK(warnings_of(with(base(), "/policies/transfers", json::parse(R"({"after_minutes": 60})"))) ==
          Lines{"/policies/transfers/after_minutes: warning: transfers.enabled is false, so this cannot have an "
                "effect"});
    CHECK(warnings_of(with(base(), "/policies/transfers", json::parse(R"({"enabled": true})"))) ==
          Lines{"/policies/transfers/enabled: warning: a boarder is transferred only between two hospitals with "
                "beds (beds.count > 0) and the scenario has 1, so transfers cannot happen"});
    json two = with(base(), "/hospitals/b/beds", json::parse(R"({"count": 50})"));
    CHECK(warnings_of(with(two, "/policies/transfers", json::parse(R"({"enabled": true})"))).empty());
  }
  SECTION("mutual aid settings while disabled, without two hospitals with lists, or with every share 0") {
    CHECK(warnings_of(with(base(), "/policies/mutual_aid", json::parse(R"({"lead_days": 2})"))) ==
          Lines{"/policies/mutual_aid/lead_days: warning: mutual_aid.enabled is false, so this cannot have an "
                "effect"});
    CHECK(warnings_of(with(base(), "/policies/mutual_aid", json::parse(R"({"enabled": true})"))) ==
          Lines{"/policies/mutual_aid/enabled: warning: a case is moved only between two hospitals with elective "
                "lists and the scenario has 1, so mutual aid cannot happen"});
    json two = with(base(), "/hospitals/b/surgery",
                    json::parse(R"({"theatres": 1, "elective_per_weekday": [4, 4, 4, 4, 4, 0, 0]})"));
    CHECK(warnings_of(with(two, "/policies/mutual_aid", json::parse(R"({"enabled": true})"))).empty());
    CHECK(warnings_of(with(two, "/policies/mutual_aid", json::parse(R"({"enabled": true, "share": {"cancer": 0}})"))) ==
          Lines{"/policies/mutual_aid/share: warning: every priority class has share 0, so no case is offered"});
  }
  SECTION("surge that never opens or cannot use its beds") {
    CHECK(warnings_of(with(base(), "/hospitals/a/ed/surge", json::parse(R"({"delay_minutes": 10})"))) ==
          Lines{"/hospitals/a/ed/surge: warning: surge.spaces and surge.beds are both 0, so surge capacity never "
                "opens"});
    CHECK(warnings_of(with(base(), "/hospitals/b/ed/surge", json::parse(R"({"beds": 5})"))) ==
          Lines{"/hospitals/b/ed/surge/beds: warning: beds.count is 0 (beds are not modelled), so surge beds "
                "cannot have an effect"});
    CHECK(warnings_of(with(base(), "/hospitals/a/ed/surge",
                           json::parse(R"({"spaces": 2, "occupancy_threshold": 1.2})"))) ==
          Lines{"/hospitals/a/ed/surge/occupancy_threshold: warning: an occupancy threshold above 1 is never "
                "reached and on_incident is false, so surge capacity never opens"});
    CHECK(warnings_of(with(base(), "/hospitals/a/ed/surge", json::parse(R"({"spaces": 2, "on_incident": true})"))) ==
          Lines{"/hospitals/a/ed/surge/on_incident: warning: no hospital of region \"\" uses a service with an "
                "effect (effects, or the hospital's own effects), and only such a service being DOWN is an IT "
                "incident, so a regional incident never opens surge capacity"});
    CHECK(warnings_of(with(base(), "/hospitals/a/ed/surge", json::parse(R"({"spaces": 2})"))).empty());
  }
}
