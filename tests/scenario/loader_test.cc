#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include <nlohmann/json.hpp>

#include "hospsim/loader.h"

using namespace hospsim;
using nlohmann::json;

namespace {

// A small valid scenario the tests below break one rule at a time.
json base() {
  return json::parse(R"({
    "format": "hospsim/1",
    "name": "base",
    "start": "2025-03-10T00:00",
    "horizon": "2d",
    "downtime": {"recovery": "1h"},
    "datacenters": {"dc": {}, "dc2": {}},
    "network": {
      "routers": {"r": {}},
      "links": {"l1": {"between": ["h", "r"]}, "l2": {"between": ["r", "dc"], "bandwidth": "10Gbps"}}
    },
    "services": {"ehr": {"hosted_on": "dc"}, "lab": {"hosted_on": "dc"}},
    "hospitals": {
      "h": {"name": "H", "location": [56, 10], "uses": ["ehr"], "ed": {"arrivals_per_day": 100}},
      "g": {"name": "G", "location": [55, 9], "downtime": {"detect_after": "5min"}}
    },
    "injections": {"cut": {"kind": "link_down", "at": "2025-03-10T12:00", "target": "l1", "duration": "2h"}},
    "strategies": {"fast": {"description": "d", "patch": {"downtime": {"recovery": "10min"}}}}
  })");
}

Result<Scenario> load(const json& document, const std::string& strategy = "") {
  return load_scenario_text(document.dump(2), "s.json", LoadOptions{strategy});
}

// "pointer: message" of every problem, in order.
std::vector<std::string> problems_of(const json& document, const std::string& strategy = "") {
  Result<Scenario> result = load(document, strategy);
  REQUIRE_FALSE(result.is_ok());
  CHECK(result.status().code() == StatusCode::kInvalidArgument);
  std::vector<std::string> out;
  for (const Problem& problem : result.status().problems())
    out.push_back(problem.pointer + ": " + problem.message);
  return out;
}

// The one problem of `document`.
std::string problem_of(const json& document) {
  std::vector<std::string> problems = problems_of(document);
  INFO(json(problems).dump(1));
  REQUIRE(problems.size() == 1);
  return problems[0];
}

json with(json document, const std::string& pointer, json value) {
  document[json::json_pointer(pointer)] = std::move(value);
  return document;
}

json without(json document, const std::string& pointer) {
  const json::json_pointer at(pointer);
  document[at.parent_pointer()].erase(at.back());
  return document;
}

Scenario load_file(const std::string& relative, const std::string& strategy = "") {
  Result<Scenario> result =
      load_scenario_file(std::string(HOSPSIM_SOURCE_DIR) + "/" + relative, LoadOptions{strategy});
  INFO(result.status().message());
  REQUIRE(result.is_ok());
  return result.value();
}

}  // namespace

TEST_CASE("scenario::loader: loads a valid scenario with defaults", "[scenario]") {
  Result<Scenario> result = load(base());
  INFO(result.status().message());
  REQUIRE(result.is_ok());
  const Scenario& s = result.value();
  CHECK(s.name == "base");
  CHECK(s.horizon == 2 * kDay);
  CHECK(s.seed == 1);
  CHECK(s.start.day == 10);
  CHECK(s.applied_strategy.empty());
  CHECK(s.network.links.at("l2").bandwidth == 1.25e9);
  CHECK(s.network.links.at("l1").bandwidth == 1.25e8);  // default 1Gbps
  CHECK(s.network.links.at("l1").latency == 0.005);
  CHECK(s.services.at("ehr").kind == "other");
  CHECK(s.services.at("ehr").name == "ehr");
  CHECK_FALSE(s.services.at("ehr").passive_probes);  // probe: active
  const Hospital& h = s.hospitals.at("h");
  CHECK(h.has_ed);
  CHECK_FALSE(s.hospitals.at("g").has_ed);
  CHECK(h.ed.treatment_spaces == 1);
  CHECK(h.ed.treatment_minutes.median == 146);  // scenario.h default
  CHECK(h.ed.treatment_minutes.p90 == 334);
  // downtime: hospital keys, then the scenario's, then scenario.h defaults
  CHECK(h.downtime.recovery == 3600);
  CHECK(h.downtime.detect_after == 900);
  CHECK(s.hospitals.at("g").downtime.detect_after == 300);
  CHECK(s.hospitals.at("g").downtime.recovery == 3600);
  CHECK(s.injections.at("cut").at.kind == Distribution::Kind::kFixed);
  CHECK(s.injections.at("cut").at.a == 12 * kHour);
  CHECK(s.injections.at("cut").duration->a == 2 * kHour);
  CHECK(s.strategies.at("fast").patch_json == R"({"downtime":{"recovery":"10min"}})");
}

TEST_CASE("scenario::loader: fills the default ED profiles, mean 1", "[scenario]") {
  const Scenario s = load(base()).value();
  const auto& hourly = s.hospitals.at("h").ed.hourly_profile;
  const auto& weekly = s.hospitals.at("h").ed.weekday_profile;
  CHECK(std::accumulate(hourly.begin(), hourly.end(), 0.0) == Approx(24.0));
  CHECK(std::accumulate(weekly.begin(), weekly.end(), 0.0) == Approx(7.0));
  const auto lowest = std::min_element(hourly.begin(), hourly.end()) - hourly.begin();
  const auto highest = std::max_element(hourly.begin(), hourly.end()) - hourly.begin();
  CHECK((lowest == 4 || lowest == 5));
  CHECK((highest >= 11 && highest <= 13));
  CHECK(hourly[lowest] == Approx(0.4).margin(0.05));
  CHECK(hourly[highest] == Approx(1.65).margin(0.06));
  CHECK(std::max_element(weekly.begin(), weekly.end()) - weekly.begin() == 0);  // Monday
  CHECK(weekly[5] == Approx(0.9).margin(0.02));
  CHECK(weekly[6] == Approx(0.9).margin(0.03));
}

TEST_CASE("scenario::loader: converts every key of the reference scenario", "[scenario]") {
  const Scenario s = load_file("scenarios/examples/full.json");
  CHECK(s.seed == 7);
  CHECK(s.horizon == 7 * kDay);
  CHECK(s.sources.size() == 1);
  CHECK(s.datacenters.at("dc-a").speed == 5e10);
  CHECK(s.datacenters.at("dc-b").speed == 1e12);
  CHECK(s.datacenters.at("dc-b").starts_off);
  CHECK(s.datacenters.at("dc-a").location->lat == 56.15);
  CHECK(s.network.reroute_after == 120);
  CHECK(s.network.routers.at("core").name == "Core router");
  CHECK(s.network.links.at("h1-core").bandwidth == 1.25e9);
  CHECK(s.network.links.at("h1-core").carrier == "telco-a");
  CHECK(s.network.links.at("core-dca").bandwidth == 1e8);
  CHECK(s.network.links.at("core-dca").latency == 0.5);
  const Service& ehr = s.services.at("ehr");
  CHECK(ehr.standby == std::optional<std::string>("dc-b"));
  CHECK(ehr.failover_after == 5400);
  CHECK(ehr.request_bytes == 5e6);
  CHECK(ehr.request_work == 1e9);
  CHECK(ehr.response_bytes == 2048);
  CHECK(ehr.timeout == 30);
  CHECK(ehr.probe_every == 300);
  CHECK_FALSE(ehr.passive_probes);  // "probe": "active", the default spelled out
  const Hospital& h1 = s.hospitals.at("h1");
  CHECK(h1.region == "Midt");
  CHECK(h1.uses == std::vector<std::string>{"ehr", "lab"});
  CHECK(h1.ed.acuity_shares[3] == Approx(0.45));
  CHECK(h1.ed.treatment_factor[0] == 3);
  CHECK(h1.ed.hourly_profile[0] == Approx(0.5));  // 12 ones and 12 threes: mean 2
  CHECK(h1.ed.hourly_profile[23] == Approx(1.5));
  CHECK(h1.ed.weekday_profile[0] == Approx(2.0));  // sums to 7 already
  CHECK(h1.ed.weekday_profile[5] == 0.0);
  CHECK(h1.beds.los_days.median == 2.5);
  CHECK(h1.surgery.day_start == 7.75 * kHour);
  CHECK(h1.surgery.day_end == 15.25 * kHour);
  CHECK(h1.surgery.elective_per_weekday[2] == 55);
  CHECK(h1.surgery.emergency_theatres == 3);
  CHECK(h1.outpatient.open == 7.5 * kHour);
  CHECK(h1.downtime.detect_after == 1200);  // own
  CHECK(h1.downtime.restore_after == 300);  // scenario-wide
  CHECK(h1.downtime.recovery_capacity == 0.7);
  CHECK(s.effect(h1, "lab", Activity::kEdTreatment).time == 1.5);          // hospital override
  CHECK(s.effect(h1, "ehr", Activity::kAdmission).capacity == 0.7);        // scenario table
  CHECK(s.effect(h1, "ehr", Activity::kElectiveSurgery).capacity == 0.0);  // time left at its default
  CHECK(s.effect(h1, "ehr", Activity::kElectiveSurgery).time == 1.0);
  // a hospital's entry replaces the scenario's entry for that (service, activity) as a whole
  CHECK(s.effect(s.hospitals.at("h2"), "ehr", Activity::kElectiveSurgery).capacity == 1.0);
  CHECK(s.effect(s.hospitals.at("h2"), "ehr", Activity::kElectiveSurgery).time == 1.2);
  CHECK(s.hospitals.at("h2").downtime.recovery_capacity == 0.5);
  CHECK(s.policies.elective == ElectivePolicy::kCancelCase);
  CHECK(s.policies.rebook_after == 14 * kDay);
  CHECK(s.policies.outpatient_on_downtime == OutpatientDowntime::kWhileDown);
  CHECK(s.policies.divert_occupancy == 0.95);
  CHECK(s.policies.walk_in_stay_home_share == 0.2);
  // injections: datetimes become seconds since start (2025-03-13T09:30)
  const Injection& slow = s.injections.at("slow");
  CHECK(slow.kind == InjectionKind::kDegrade);
  CHECK(slow.at.kind == Distribution::Kind::kUniform);
  CHECK(slow.at.a == 14.5 * kHour);
  CHECK(slow.at.b == 38.5 * kHour);
  CHECK(slow.duration->kind == Distribution::Kind::kLognormal);
  CHECK(slow.duration->b == 6 * kHour);
  CHECK(slow.bandwidth_factor == 0.25);
  CHECK(slow.added_latency == 0.05);
  CHECK(s.injections.at("flood").at.a == kDay);
  CHECK(s.injections.at("flood").traffic == 2.5e9);
  CHECK(s.injections.at("bug").duration->kind == Distribution::Kind::kUniform);
  CHECK_FALSE(s.injections.at("crash").duration.has_value());
  const Injection& plug = s.injections.at("pull-plug");
  CHECK(plug.at.a == 4 * kDay + 30);
  CHECK(plug.targets == std::vector<std::string>{"dc-b", "h1-core", "h2"});
  CHECK(s.strategies.size() == 2);
}

TEST_CASE("scenario::loader: applies a strategy as a merge patch", "[scenario]") {
  const Scenario drill = load_file("scenarios/examples/full.json", "drill");
  CHECK(drill.applied_strategy == "drill");
  CHECK(drill.effects.at("ehr").at(Activity::kElectiveSurgery).capacity == 0.5);
  CHECK(drill.effects.at("ehr").at(Activity::kAdmission).capacity == 0.7);  // untouched by the patch
  CHECK(drill.hospitals.at("h1").downtime.recovery == kHour);
  CHECK(drill.hospitals.at("h2").downtime.recovery == 30 * kMinute);  // its own key wins
  CHECK(drill.strategies.size() == 2);
  const Scenario no_standby = load_file("scenarios/examples/full.json", "no-standby");
  CHECK_FALSE(no_standby.services.at("ehr").standby.has_value());  // null deletes
}

TEST_CASE("scenario::loader: an unknown strategy: a near name is suggested, else the available ones listed",
          "[scenario]") {
  CHECK(problems_of(base(), "fsat") ==
        std::vector<std::string>{"/strategies: unknown strategy \"fsat\"; did you mean \"fast\"?"});
  CHECK(problems_of(base(), "backup") ==
        std::vector<std::string>{"/strategies: unknown strategy \"backup\"; expected one of: fast"});
  CHECK(problems_of(without(base(), "/strategies"), "x") ==
        std::vector<std::string>{"/strategies: unknown strategy \"x\"; the file defines no strategies"});
}

TEST_CASE("scenario::loader: problems from a patch point into the patch", "[scenario]") {
  const std::string text = R"({
  "format": "hospsim/1", "name": "n", "start": "2025-03-10T00:00", "horizon": "1d",
  "hospitals": {"h": {"name": "H", "location": [56, 10], "ed": {"arrivals_per_day": 10, "treatment_spaces": 2}}},
  "strategies": {"bad": {"patch": {"hospitals": {"h": {"ed": {"treatment_spaces": -3}}}}}}
})";
  Result<Scenario> ok = load_scenario_text(text, "p.json");
  REQUIRE(ok.is_ok());
  Result<Scenario> bad = load_scenario_text(text, "p.json", LoadOptions{"bad"});
  REQUIRE_FALSE(bad.is_ok());
  REQUIRE(bad.status().problems().size() == 1);
  CHECK(bad.status().problems()[0].format() ==
        "p.json:4:83: /hospitals/h/ed/treatment_spaces: must be a positive integer, got -3");
}

TEST_CASE("scenario::loader: reports positions, sorted, all in one pass", "[scenario]") {
  const std::string text = R"({
  "format": "hospsim/1", "name": "n", "start": "2025-03-10T00:00", "horizon": "1d",
  "hospitals": {
    "auh": {"name": "AUH", "location": [56, 10], "ed": {"arrivals_per_day": 10, "treatment_spaces": -3}},
    "b": {"name": "B", "location": [95, 10], "bedz": {}}
  }
})";
  Result<Scenario> result = load_scenario_text(text, "scenario.json");
  REQUIRE_FALSE(result.is_ok());
  CHECK(result.status().message() ==
        "scenario.json:4:101: /hospitals/auh/ed/treatment_spaces: must be a positive integer, got -3\n"
        "scenario.json:5:37: /hospitals/b/location/0: latitude must be in [-90, 90], got 95\n"
        "scenario.json:5:46: /hospitals/b/bedz: unknown key \"bedz\"; did you mean \"beds\"?");
  CHECK(result.status().exit_code() == 2);
}

TEST_CASE("scenario::loader: top-level rules", "[scenario]") {
  SECTION("required keys") {
    for (const char* key : {"format", "name", "start", "horizon"}) {
      CHECK(problem_of(without(base(), std::string("/") + key)) ==
            std::string(": missing required key \"") + key + "\"");
    }
  }
  SECTION("format") {
    CHECK(problem_of(with(base(), "/format", "hospsim/2")) ==
          "/format: unsupported format \"hospsim/2\"; expected \"hospsim/1\"");
  }
  SECTION("not an object") {
    CHECK(problems_of(json::array()) == std::vector<std::string>{": must be an object, got an array"});
  }
  SECTION("unknown key") {
    CHECK(problem_of(with(base(), "/hospitls", json::object())) ==
          "/hospitls: unknown key \"hospitls\"; did you mean \"hospitals\"?");
    CHECK(problem_of(with(base(), "/zzz", 1)) ==
          "/zzz: unknown key \"zzz\"; expected one of: format, name, start, horizon, hospitals, $schema, "
          "description, seed, deterministic, sources, datacenters, network, services, effects, policies, "
          "injections, strategies, downtime, warmup");
  }
  SECTION("horizon") {
    CHECK(problem_of(with(base(), "/horizon", 48)) ==
          "/horizon: must be a duration string with its unit, e.g. \"90s\" or \"1h30min\", got 48");
    CHECK(problem_of(with(base(), "/horizon", "367d")) ==
          "/horizon: must be at most 366 days, got \"367d\" (longer runs are refused)");
    CHECK(problem_of(with(base(), "/horizon", "0s")) == "/horizon: must be a duration > 0, got \"0s\"");
  }
  SECTION("seed and types") {
    CHECK(problem_of(with(base(), "/seed", -1)) ==
          "/seed: must be an integer from 0 to 9223372036854775807, got -1");
    CHECK(problem_of(with(base(), "/name", 3)) == "/name: must be a string, got 3");
    CHECK(problem_of(with(base(), "/name", "")) == "/name: must be a non-empty string");
    CHECK(problem_of(with(base(), "/deterministic", "yes")) ==
          "/deterministic: must be true or false, got \"yes\"");
    CHECK(problem_of(with(base(), "/start", "2025-03-10")) ==
          "/start: datetime \"2025-03-10\" is not in the expected form; expected a local time "
          "YYYY-MM-DDTHH:MM[:SS], "
          "e.g. \"2025-03-13T09:30\"");
  }
  SECTION("hospitals") {
    // without hospitals, the link to "h" dangles too: both are reported
    CHECK(problems_of(without(base(), "/hospitals")) ==
          std::vector<std::string>{
              ": missing required key \"hospitals\"",
              "/network/links/l1/between/0: unknown hospital or data centre or router \"h\"; "
              "expected one of: dc, dc2, r"});
    CHECK(problems_of(with(base(), "/hospitals", json::object())).front() ==
          "/hospitals: must contain at least one hospital");
  }
}

TEST_CASE("scenario::loader: ids", "[scenario]") {
  json bad_id = base();
  bad_id["datacenters"]["DC"] = json::object();
  CHECK(problem_of(bad_id) ==
        "/datacenters/DC: invalid id \"DC\"; expected 1 to 64 characters: lowercase letters, digits, '_' or "
        "'-', "
        "starting with a letter or digit");
  json long_id = base();
  long_id["datacenters"][std::string(65, 'a')] = json::object();
  CHECK(problem_of(long_id).find("invalid id") != std::string::npos);
  CHECK(problem_of(with(base(), "/datacenters/h", json::object())) ==
        "/datacenters/h: id \"h\" is already used by a hospital; hospitals, data centres, routers and links "
        "share "
        "one set of ids");
}

TEST_CASE("scenario::loader: references", "[scenario]") {
  CHECK(problem_of(with(base(), "/hospitals/h/uses/0", "ehrr")) ==
        "/hospitals/h/uses/0: unknown service \"ehrr\"; did you mean \"ehr\"?");
  CHECK(problem_of(with(base(), "/hospitals/h/uses/0", "xyzzy")) ==
        "/hospitals/h/uses/0: unknown service \"xyzzy\"; expected one of: ehr, lab");
  CHECK(problem_of(with(base(), "/hospitals/h/uses/1", "ehr")) ==
        "/hospitals/h/uses/1: service \"ehr\" is listed twice; expected each service once");
  CHECK(problem_of(with(base(), "/services/ehr/hosted_on", "dcc")) ==
        "/services/ehr/hosted_on: unknown data centre \"dcc\"; did you mean \"dc\"?");
  CHECK(problem_of(with(base(), "/services/ehr/hosted_on", "h")) ==
        "/services/ehr/hosted_on: \"h\" is a hospital; hosted_on must name a data centre id");
  CHECK(problem_of(with(base(), "/services/ehr/standby", "dc")) ==
        "/services/ehr/standby: standby \"dc\" is the primary data centre; expected a different data centre");
  CHECK(problem_of(with(base(), "/network/links/l1/between/1", "rr")) ==
        "/network/links/l1/between/1: unknown hospital or data centre or router \"rr\"; did you mean \"r\"?");
  CHECK(problem_of(with(base(), "/network/links/l1/between/1", "h")) ==
        "/network/links/l1/between: a link cannot connect \"h\" to itself; expected two different nodes");
  CHECK(problem_of(with(base(), "/network/links/l1/between", json::array({"h"}))) ==
        "/network/links/l1/between: must be [a, b]: two node ids (hospital, data centre or router), got an "
        "array");
  CHECK(problem_of(with(base(), "/effects", json::parse(R"({"ehx": {}})"))) ==
        "/effects/ehx: unknown service \"ehx\"; did you mean \"ehr\"? (effects are keyed by service id)");
}

TEST_CASE("scenario::loader: injection rules", "[scenario]") {
  CHECK(problem_of(with(base(), "/injections/cut/target", "dc")) ==
        "/injections/cut/target: \"dc\" is a data centre; a link_down injection targets a link id");
  CHECK(problem_of(with(base(), "/injections/cut/target", "l3")) ==
        "/injections/cut/target: unknown link \"l3\"; did you mean \"l1\"?");
  CHECK(problem_of(with(base(), "/injections/cut/kind", "link-down")) ==
        "/injections/cut/kind: unknown injection kind \"link-down\"; did you mean \"link_down\"?");
  CHECK(problem_of(with(base(), "/injections/cut/at", "2025-03-12T00:00")) ==
        "/injections/cut/at: time 2025-03-12T00:00 is outside the run; expected a time in [2025-03-10T00:00, "
        "2025-03-12T00:00)");
  CHECK(problem_of(with(base(), "/injections/cut/at", "2025-03-09T23:59")) ==
        "/injections/cut/at: time 2025-03-09T23:59 is outside the run; expected a time in [2025-03-10T00:00, "
        "2025-03-12T00:00)");
  CHECK(problem_of(with(base(), "/injections/cut/targets", json::array({"l1"}))) ==
        "/injections/cut: has both \"target\" and \"targets\"; expected one of them");
  CHECK(problem_of(without(base(), "/injections/cut/target")) ==
        "/injections/cut: missing required key \"target\" (one id) or \"targets\" (a list of ids)");
  CHECK(problem_of(with(base(), "/injections/cut/bandwidth_factor", 0.5)) ==
        "/injections/cut/bandwidth_factor: \"bandwidth_factor\" applies only to degrade injections, not to "
        "link_down");
  CHECK(problem_of(with(base(), "/injections/cut/kind", "ddos")) ==
        "/injections/cut: a ddos injection needs \"traffic\" (bytes/s of background flow, e.g. \"20Gbps\")");
  CHECK(problem_of(with(base(), "/injections/cut/kind", "degrade")) ==
        "/injections/cut: a degrade injection needs \"bandwidth_factor\" or \"added_latency\"");
  json host_down = with(base(), "/injections/cut/kind", "host_down");
  CHECK(
      problem_of(host_down) ==
      "/injections/cut/target: \"l1\" is a link; a host_down injection targets a data centre or hospital id");
  CHECK(load(with(host_down, "/injections/cut/target", "h")).is_ok());
  json shutdown = with(without(base(), "/injections/cut/target"), "/injections/cut/kind", "shutdown");
  CHECK(load(with(shutdown, "/injections/cut/targets", json::array({"l1", "dc", "h"}))).is_ok());
  CHECK(problem_of(with(shutdown, "/injections/cut/targets", json::array({"r"}))) ==
        "/injections/cut/targets/0: \"r\" is a router; a shutdown injection targets a data centre or link or "
        "hospital id");
  json service_down = with(base(), "/injections/cut/kind", "service_down");
  CHECK(problem_of(service_down) ==
        "/injections/cut/target: unknown service \"l1\"; expected one of: ehr, lab");
}

TEST_CASE("scenario::loader: distributions", "[scenario]") {
  const auto at = [](json value) { return with(base(), "/injections/cut/at", std::move(value)); };
  const auto duration = [](json value) { return with(base(), "/injections/cut/duration", std::move(value)); };
  Scenario s = load(duration(json::parse(R"({"distribution": "exponential", "mean": "30min"})"))).value();
  CHECK(s.injections.at("cut").duration->kind == Distribution::Kind::kExponential);
  CHECK(s.injections.at("cut").duration->a == 1800);
  s = load(at(json::parse(
               R"({"distribution": "lognormal", "median": "2025-03-10T06:00", "p90": "2025-03-11T00:00"})")))
          .value();
  CHECK(s.injections.at("cut").at.a == 6 * kHour);
  CHECK(s.injections.at("cut").at.b == kDay);
  CHECK(problem_of(duration(json::parse(R"({"distribution": "lognormal", "median": "2h", "p90": "1h"})"))) ==
        "/injections/cut/duration/p90: p90 (\"1h\") must be >= median (\"2h\")");
  CHECK(problem_of(duration(json::parse(R"({"distribution": "uniform", "min": "2h", "max": "1h"})"))) ==
        "/injections/cut/duration/max: max (\"1h\") must be >= min (\"2h\")");
  CHECK(problem_of(duration(json::parse(R"({"distribution": "normal", "mean": "2h"})"))) ==
        "/injections/cut/duration/distribution: unknown distribution \"normal\"; expected \"exponential\", "
        "\"lognormal\" or \"uniform\"");
  CHECK(problem_of(duration(json::parse(R"({"distribution": "exponential", "mean": "2h", "min": "1h"})"))) ==
        "/injections/cut/duration/min: key \"min\" does not apply to a exponential distribution; expected "
        "mean");
  CHECK(problem_of(duration(json::parse(R"({"distribution": "uniform", "min": "1h"})"))) ==
        "/injections/cut/duration: a uniform distribution needs \"max\"");
  CHECK(problem_of(duration(json::parse(R"({"distribution": "exponential", "mean": "0s"})"))) ==
        "/injections/cut/duration/mean: the mean of an exponential distribution must be > 0");
  CHECK(problem_of(duration(json::parse(R"({"mean": "1h"})"))) ==
        "/injections/cut/duration: missing required key \"distribution\"");
  CHECK(problem_of(at(json::parse(
            R"({"distribution": "uniform", "min": "2025-03-10T01:00", "max": "2025-03-13T00:00"})"))) ==
        "/injections/cut/at/max: max 2025-03-13T00:00 is outside the run; expected a time in "
        "[2025-03-10T00:00, "
        "2025-03-12T00:00)");
  CHECK(problem_of(duration(60)) ==
        "/injections/cut/duration: must be a duration string with its unit, e.g. \"90s\" or \"1h30min\", got "
        "60");
}

TEST_CASE("scenario::loader: value ranges", "[scenario]") {
  const std::string ed = "/hospitals/h/ed/";
  CHECK(problem_of(with(base(), ed + "treatment_spaces", -3)) ==
        "/hospitals/h/ed/treatment_spaces: must be a positive integer, got -3");
  CHECK(problem_of(with(base(), ed + "treatment_spaces", 2.5)) ==
        "/hospitals/h/ed/treatment_spaces: must be a positive integer, got 2.5");
  CHECK(problem_of(with(base(), ed + "treatment_spaces", 20000)) ==
        "/hospitals/h/ed/treatment_spaces: must be at most 10000, got 20000 (larger values are refused as "
        "absurd)");
  CHECK(load(with(base(), ed + "treatment_spaces", 3.0)).value().hospitals.at("h").ed.treatment_spaces == 3);
  CHECK(problem_of(with(base(), ed + "ambulance_share", 1.5)) ==
        "/hospitals/h/ed/ambulance_share: must be a share in [0, 1], got 1.5");
  CHECK(problem_of(with(base(), ed + "arrivals_per_day", 0)) ==
        "/hospitals/h/ed/arrivals_per_day: must be a number > 0, got 0");
  CHECK(problem_of(with(base(), ed + "arrivals_per_day", 200000)) ==
        "/hospitals/h/ed/arrivals_per_day: must be at most 100000, got 200000 (larger values are refused as "
        "absurd)");
  CHECK(problem_of(with(base(), ed + "treatment_minutes", json::parse(R"({"median": 60, "p90": 30})"))) ==
        "/hospitals/h/ed/treatment_minutes/p90: p90 (30) must be >= median (60)");
  CHECK(problem_of(with(base(), ed + "treatment_minutes", json::parse(R"({"median": 60})"))) ==
        "/hospitals/h/ed/treatment_minutes: missing required key \"p90\"");
  CHECK(problem_of(with(base(), ed + "acuity_shares", json::array({0.2, 0.2, 0.2, 0.2, 0.1}))) ==
        "/hospitals/h/ed/acuity_shares: must sum to 1, got a sum of 0.9");
  CHECK(problem_of(with(base(), ed + "hourly_profile", json::array({1, 2}))) ==
        "/hospitals/h/ed/hourly_profile: must be an array of 24 numbers (hours 0..23), got an array of 2");
  CHECK(problem_of(with(base(), ed + "weekday_profile", json::array({0, 0, 0, 0, 0, 0, 0}))) ==
        "/hospitals/h/ed/weekday_profile: must have at least one positive value");
  CHECK(problem_of(without(base(), "/hospitals/h/ed/arrivals_per_day")) ==
        "/hospitals/h/ed: missing required key \"arrivals_per_day\"");
  CHECK(problem_of(with(base(), "/hospitals/h/beds", json::parse(R"({"count": -1})"))) ==
        "/hospitals/h/beds/count: must be a non-negative integer, got -1");
  CHECK(problem_of(with(base(), "/hospitals/h/surgery", json::parse(R"({"theatres": 10001})"))) ==
        "/hospitals/h/surgery/theatres: must be at most 10000, got 10001 (larger values are refused as "
        "absurd)");
  CHECK(problem_of(with(base(), "/hospitals/h/surgery", json::parse(R"({"day": ["15:00", "08:00"]})"))) ==
        "/hospitals/h/surgery/day/1: end \"08:00\" must be after start \"15:00\"");
  CHECK(problem_of(
            with(base(), "/hospitals/h/surgery", json::parse(R"({"elective_per_weekday": [1, 2, 3]})"))) ==
        "/hospitals/h/surgery/elective_per_weekday: must be an array of 7 non-negative integers (cases "
        "Monday..Sunday), got an array of 3");
  CHECK(problem_of(with(base(), "/hospitals/h/location", json::array({56}))) ==
        "/hospitals/h/location: must be [latitude, longitude] in degrees, e.g. [56.19, 10.17], got an array");
  CHECK(problem_of(with(base(), "/hospitals/h/location/1", 200)) ==
        "/hospitals/h/location/1: longitude must be in [-180, 180], got 200");
  CHECK(problem_of(with(base(), "/effects", json::parse(R"({"ehr": {"admission": {"capacity": 2}}})"))) ==
        "/effects/ehr/admission/capacity: must be a share in [0, 1], got 2");
  CHECK(problem_of(with(base(), "/effects", json::parse(R"({"ehr": {"admission": {"time": 0.5}}})"))) ==
        "/effects/ehr/admission/time: must be a time factor >= 1 (manual work is not faster), got 0.5");
  CHECK(problem_of(with(base(), "/effects", json::parse(R"({"ehr": {"admision": {}}})"))) ==
        "/effects/ehr/admision: unknown key \"admision\"; did you mean \"admission\"?");
  CHECK(problem_of(with(base(), "/network/links/l1/bandwidth", "0Gbps")) ==
        "/network/links/l1/bandwidth: must be a bandwidth > 0, got \"0Gbps\"");
  CHECK(problem_of(with(base(), "/network/links/l1/bandwidth", "10gbit"))
            .rfind("/network/links/l1/bandwidth: bandwidth \"10gbit\" has an unknown unit \"gbit\"", 0) == 0);
  CHECK(problem_of(with(base(), "/services/ehr/timeout", "0s")) ==
        "/services/ehr/timeout: must be a duration > 0, got \"0s\"");
  CHECK(problem_of(with(base(), "/services/ehr/kind", "EHR")) ==
        "/services/ehr/kind: unknown service kind \"EHR\"; did you mean \"ehr\"?");
  CHECK(problem_of(with(base(), "/services/ehr/probe", "pasive")) ==
        "/services/ehr/probe: unknown probe mode \"pasive\"; did you mean \"passive\"?");
  CHECK(problem_of(with(base(), "/services/ehr/probe", "off")) ==
        "/services/ehr/probe: unknown probe mode \"off\"; expected one of: active, passive");
  {
    Result<Scenario> passive = load(with(base(), "/services/ehr/probe", "passive"));
    REQUIRE(passive.is_ok());
    CHECK(passive.value().services.at("ehr").passive_probes);
  }
  CHECK(problem_of(with(base(), "/policies", json::parse(R"({"elective": {"on_downtime": "cancel"}})"))) ==
        "/policies/elective/on_downtime: unknown policy \"cancel\"; expected one of: cancel_case, "
        "cancel_day, reduced, delay");
  CHECK(
      problem_of(with(base(), "/policies", json::parse(R"({"elective": {"on_downtime": "cancel_dya"}})"))) ==
      "/policies/elective/on_downtime: unknown policy \"cancel_dya\"; did you mean \"cancel_day\"?");
  CHECK(problem_of(
            with(base(), "/policies",
                 json::parse(R"({"public_advice": {"elsewhere_share": 0.6, "stay_home_share": 0.6}})"))) ==
        "/policies/public_advice: elsewhere_share + stay_home_share must be at most 1, got 1.2");
  CHECK(problem_of(with(base(), "/policies", json::parse(R"({"diversion": {"road_factor": 0.9}})"))) ==
        "/policies/diversion/road_factor: must be a number >= 1, got 0.9");
  const auto diversion = [](const char* text) {
    return with(base(), "/policies", json{{"diversion", json::parse(text)}});
  };
  CHECK(problem_of(diversion(R"({"dispatch": "balance"})")) ==
        "/policies/diversion/dispatch: unknown dispatch rule \"balance\"; did you mean \"balanced\"?");
  CHECK(problem_of(diversion(R"({"dispatch": "random"})")) ==
        "/policies/diversion/dispatch: unknown dispatch rule \"random\"; expected one of: nearest, balanced, "
        "weighted");
  CHECK(problem_of(diversion(R"({"max_extra_minutes": -1})")) ==
        "/policies/diversion/max_extra_minutes: must be a number of minutes in [0, 1440], got -1");
  CHECK(problem_of(diversion(R"({"time_critical_acuity": 6})")) ==
        "/policies/diversion/time_critical_acuity: must be at most 5, got 6 (larger values are refused as "
        "absurd)");
  CHECK(
      problem_of(diversion(R"({"scope": "some"})")) ==
      "/policies/diversion/scope: must be \"all\" or a non-empty array of acuity levels 1..5, got \"some\"");
  CHECK(
      problem_of(diversion(R"({"scope": []})")) ==
      "/policies/diversion/scope: must be \"all\" or a non-empty array of acuity levels 1..5, got an array");
  CHECK(problem_of(diversion(R"({"scope": [3, 6]})")) ==
        "/policies/diversion/scope/1: must be at most 5, got 6 (larger values are refused as absurd)");
  CHECK(problem_of(diversion(R"({"scope": [3, 3]})")) ==
        "/policies/diversion/scope/1: acuity 3 is listed twice");
  {
    Result<Scenario> none = load(base());
    REQUIRE(none.is_ok());
    const Policies& d = none.value().policies;
    CHECK(d.dispatch == Dispatch::kNearest);
    CHECK(d.max_extra_travel == 30 * kMinute);
    CHECK(d.time_critical_acuity == 1);
    CHECK(d.max_diverting == 0);
    CHECK(d.divert_acuity == std::array<bool, 5>{true, true, true, true, true});
    Result<Scenario> set = load(diversion(
        R"({"dispatch": "weighted", "max_extra_minutes": 20, "time_critical_acuity": 2, "scope": [5, 3, 4]})"));
    REQUIRE(set.is_ok());
    const Policies& p = set.value().policies;
    CHECK(p.dispatch == Dispatch::kWeighted);
    CHECK(p.max_extra_travel == 20 * kMinute);
    CHECK(p.time_critical_acuity == 2);
    CHECK(p.divert_acuity == std::array<bool, 5>{false, false, true, true, true});
    Result<Scenario> balanced = load(diversion(R"({"dispatch": "balanced", "scope": "all"})"));
    REQUIRE(balanced.is_ok());
    CHECK(balanced.value().policies.dispatch == Dispatch::kBalanced);
    CHECK(balanced.value().policies.divert_acuity == std::array<bool, 5>{true, true, true, true, true});
  }
}

TEST_CASE("scenario::loader: regional response (diversion rules, transfers, surge)", "[scenario]") {
  const auto policies = [](const char* text) { return with(base(), "/policies", json::parse(text)); };
  CHECK(problem_of(policies(R"({"diversion": {"max_diverting_share": 0}})")) ==
        "/policies/diversion/max_diverting_share: must be a share in (0, 1], got 0");
  CHECK(problem_of(policies(R"({"diversion": {"cap_action": "suspended"}})")) ==
        "/policies/diversion/cap_action: unknown cap action \"suspended\"; did you mean \"suspend\"?");
  CHECK(problem_of(policies(R"({"diversion": {"cap_action": "close"}})")) ==
        "/policies/diversion/cap_action: unknown cap action \"close\"; expected one of: refuse, suspend");
  CHECK(problem_of(policies(R"({"diversion": {"min_on_minutes": -5}})")) ==
        "/policies/diversion/min_on_minutes: must be a number of minutes in [0, 10080], got -5");
  CHECK(problem_of(policies(R"({"diversion": {"suspend_minutes": "4h"}})")) ==
        "/policies/diversion/suspend_minutes: must be a number of minutes in [0, 10080], got \"4h\"");
  CHECK(problem_of(policies(R"({"transfers": {"enabled": "yes"}})")) ==
        "/policies/transfers/enabled: must be true or false, got \"yes\"");
  CHECK(problem_of(policies(R"({"transfers": {"after_hours": 4}})"))
            .rfind("/policies/transfers/after_hours: unknown key \"after_hours\"", 0) == 0);
  CHECK(problem_of(policies(R"({"transfers": {"max_travel_minutes": 2000}})")) ==
        "/policies/transfers/max_travel_minutes: must be a number of minutes in [0, 1440], got 2000");
  CHECK(problem_of(policies(R"({"mutual_aid": {"share": "cancer"}})")) ==
        "/policies/mutual_aid/share: must be a share in [0, 1] or an object of shares by priority class "
        "(cancer, "
        "urgent, routine), got \"cancer\"");
  CHECK(problem_of(policies(R"({"mutual_aid": {"share": 1.5}})")) ==
        "/policies/mutual_aid/share: must be a share in [0, 1], got 1.5");
  CHECK(problem_of(policies(R"({"mutual_aid": {"share": {"cancer": 1, "elective": 0.5}}})"))
            .rfind("/policies/mutual_aid/share/elective: unknown key \"elective\"", 0) == 0);
  CHECK(problem_of(policies(R"({"mutual_aid": {"lead_days": 0}})")) ==
        "/policies/mutual_aid/lead_days: must be a positive integer, got 0");
  CHECK(problem_of(policies(R"({"mutual_aid": {"window_days": 2.5}})")) ==
        "/policies/mutual_aid/window_days: must be a positive integer, got 2.5");
  const auto surge = [](const char* text) {
    return with(base(), "/hospitals/h/ed/surge", json::parse(text));
  };
  CHECK(problem_of(surge(R"({"spaces": -1})")) ==
        "/hospitals/h/ed/surge/spaces: must be a non-negative integer, got -1");
  CHECK(problem_of(surge(R"({"spaces": 2, "occupancy_threshold": 0})")) ==
        "/hospitals/h/ed/surge/occupancy_threshold: must be a number > 0, got 0");
  CHECK(problem_of(surge(R"({"spaces": 2, "delay_minutes": 20000})")) ==
        "/hospitals/h/ed/surge/delay_minutes: must be a number of minutes in [0, 10080], got 20000");
  CHECK(problem_of(surge("[]")) == "/hospitals/h/ed/surge: must be an object, got an array");
  {
    Result<Scenario> none = load(base());
    REQUIRE(none.is_ok());
    const Policies& d = none.value().policies;
    CHECK(d.max_diverting_share == 1.0);
    CHECK(d.cap_action == CapAction::kRefuse);
    CHECK(d.suspend_for == 4 * kHour);
    CHECK(d.min_on == 0);
    CHECK(d.min_off == 0);
    CHECK_FALSE(d.transfers);
    CHECK(d.transfer_after == 4 * kHour);
    CHECK(d.transfer_max_travel == kHour);
    CHECK_FALSE(d.mutual_aid);
    CHECK(d.aid_share == std::array<double, kPriorityClasses>{1.0, 0.0, 0.0});
    CHECK(d.aid_max_travel == kHour);
    CHECK(d.aid_lead_days == 1);
    CHECK(d.aid_window_days == 7);
    const SurgeConfig& s = none.value().hospitals.at("h").ed.surge;
    CHECK_FALSE(s.active());
    CHECK(s.occupancy == 1.0);
    CHECK(s.sustained == 2 * kHour);
    CHECK(s.delay == 30 * kMinute);
    CHECK(s.stand_down == 2 * kHour);
    CHECK_FALSE(s.on_incident);
  }
  {
    Result<Scenario> set = load(with(
        policies(R"({"diversion": {"max_diverting": 3, "max_diverting_share": 0.8, "cap_action": "suspend",
                     "suspend_minutes": 120, "min_on_minutes": 90, "min_off_minutes": 15.5},
                     "transfers": {"enabled": true, "after_minutes": 360, "max_travel_minutes": 45},
                     "mutual_aid": {"enabled": true, "share": {"urgent": 0.5}, "max_travel_minutes": 90,
                                    "lead_days": 3, "window_days": 14}})"),
        "/hospitals/h/ed/surge",
        json::parse(R"({"spaces": 4, "beds": 12, "occupancy_threshold": 0.9, "sustained_minutes": 60,
                        "on_incident": true, "delay_minutes": 45, "stand_down_minutes": 180})")));
    REQUIRE(set.is_ok());
    const Policies& p = set.value().policies;
    CHECK(p.max_diverting == 3);
    CHECK(p.max_diverting_share == 0.8);
    CHECK(p.cap_action == CapAction::kSuspend);
    CHECK(p.suspend_for == 120 * kMinute);
    CHECK(p.min_on == 90 * kMinute);
    CHECK(p.min_off == 15.5 * kMinute);
    CHECK(p.transfers);
    CHECK(p.transfer_after == 6 * kHour);
    CHECK(p.transfer_max_travel == 45 * kMinute);
    CHECK(p.mutual_aid);
    CHECK(p.aid_share ==
          std::array<double, kPriorityClasses>{1.0, 0.5, 0.0});  // cancer and routine as default
    CHECK(p.aid_max_travel == 90 * kMinute);
    CHECK(p.aid_lead_days == 3);
    CHECK(p.aid_window_days == 14);
    const SurgeConfig& s = set.value().hospitals.at("h").ed.surge;
    CHECK(s.spaces == 4);
    CHECK(s.beds == 12);
    CHECK(s.occupancy == 0.9);
    CHECK(s.sustained == kHour);
    CHECK(s.on_incident);
    CHECK(s.delay == 45 * kMinute);
    CHECK(s.stand_down == 3 * kHour);
  }
}

TEST_CASE("scenario::loader: strategies", "[scenario]") {
  CHECK(problem_of(with(base(), "/strategies/fast/patch", 3)) ==
        "/strategies/fast/patch: must be an object (a JSON merge patch over the scenario), got 3");
  CHECK(problem_of(with(base(), "/strategies/fast/patch/strategies", json::object())) ==
        "/strategies/fast/patch/strategies: a strategy's patch cannot change /strategies");
  CHECK(problem_of(without(base(), "/strategies/fast/patch")) ==
        "/strategies/fast: missing required key \"patch\"");
  Result<Scenario> fast = load(base(), "fast");
  REQUIRE(fast.is_ok());
  CHECK(fast->applied_strategy == "fast");
  CHECK(fast->hospitals.at("h").downtime.recovery == 600);
}

TEST_CASE("scenario::loader: reports many problems at once", "[scenario]") {
  json document = base();
  document["horizon"] = "2";
  document["hospitals"]["h"]["ed"]["treatment_spaces"] = 0;
  document["hospitals"]["h"]["uses"] = json::array({"nope"});
  document["services"]["ehr"]["hosted_on"] = "nowhere";
  document["network"]["links"]["l1"]["between"] = json::array({"h", "h"});
  document["extra"] = true;
  CHECK(problems_of(document).size() == 6);
}

TEST_CASE("scenario::loader: files that cannot be read or are too large", "[scenario]") {
  Result<Scenario> missing = load_scenario_file("no/such/file.json");
  REQUIRE_FALSE(missing.is_ok());
  CHECK(missing.status().code() == StatusCode::kNotFound);
  CHECK(missing.status().message() == "no/such/file.json: cannot open the file (missing or unreadable)");
  CHECK(missing.status().exit_code() == 2);
  Result<Scenario> directory = load_scenario_file(HOSPSIM_SOURCE_DIR);
  REQUIRE_FALSE(directory.is_ok());
  CHECK(directory.status().message().find(": is a directory; expected a scenario file") != std::string::npos);
  const std::string huge(kMaxFileBytes + 1, ' ');
  Result<Scenario> too_large = load_scenario_text(huge, "big.json");
  REQUIRE_FALSE(too_large.is_ok());
  CHECK(too_large.status().message() ==
        "big.json: file is 67108865 bytes; more than 67108864 bytes is refused");
}

TEST_CASE("scenario::loader: same input, same result", "[scenario]") {
  const std::string text = base().dump();
  Result<Scenario> a = load_scenario_text(text, "s.json");
  Result<Scenario> b = load_scenario_text(text, "s.json");
  REQUIRE(a.is_ok());
  REQUIRE(b.is_ok());
  CHECK(a->hospitals.at("h").ed.hourly_profile == b->hospitals.at("h").ed.hourly_profile);
  json broken = base();
  broken["zz"] = 1;
  broken["hospitals"]["h"]["ed"]["treatment_spaces"] = -1;
  CHECK(load(broken).status().message() == load(broken).status().message());
}
