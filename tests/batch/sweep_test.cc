#include <catch2/catch.hpp>

#include <string>

#include "batch/sweep.h"
#include "support/test_files.h"

namespace hospsim::batch {
namespace {

using testing::TempDir;
using testing::tiny_scenario;

// A sweep text with the tiny scenario and `extra` members appended.
std::string sweep_text(const std::string& extra) {
  return R"({"format": "hospsim-sweep/1", "name": "t", "description": "test sweep", "scenario": ")" +
         tiny_scenario() + "\"" + (extra.empty() ? "" : ", " + extra) + "}";
}

// "sweep.json:1:C" where C is the column of character `offset` of the `extra` members in sweep_text(extra):
// the columns depend on the length of the tiny scenario's absolute path, so on the checkout's location.
std::string at_extra(std::size_t offset) {
  const std::size_t first = sweep_text("").size() + 2;  // 1-based column of extra's first character
  return "sweep.json:1:" + std::to_string(first + offset);
}

std::string errors_of(const std::string& text) {
  Result<Sweep> sweep = parse_sweep(text, "sweep.json");
  REQUIRE_FALSE(sweep.is_ok());
  return sweep.status().message();
}

}  // namespace

TEST_CASE("batch::sweep: defaults are one configuration, strategy none, one replication, common seeds",
          "[batch]") {
  Result<Sweep> sweep = parse_sweep(sweep_text(""), "sweep.json");
  REQUIRE(sweep.is_ok());
  REQUIRE(sweep->configurations.size() == 1);
  CHECK(sweep->configurations[0].name == "base");
  CHECK(sweep->strategies == std::vector<std::string>{"none"});
  CHECK(sweep->replications == 1);
  CHECK(sweep->seed_policy == SeedPolicy::kCommon);
  CHECK(sweep->base_seed == 1);
  CHECK(sweep->scenario_path == tiny_scenario());
}

TEST_CASE("batch::sweep: a grid expands into configurations named after its values", "[batch]") {
  Result<Sweep> sweep = parse_sweep(sweep_text(R"("configurations": {"calm": {"description": "fewer patients",
                                                "patch": {"hospitals": {"hosp": {"ed": {"arrivals_per_day": 30}}}}},
                                       "busy": {"description": "as written"}},
                    "grid": {"/injections/cut/duration": ["1h", "6h"], "/seed": [5, 6]},
                    "strategies": ["none", "second-link"], "replications": 3, "seeds": {"base": 100})"),
                                    "sweep.json");
  REQUIRE(sweep.is_ok());
  REQUIRE(sweep->configurations.size() == 8);
  CHECK(sweep->configurations[0].name == "calm,duration=1h,seed=5");
  CHECK(sweep->configurations[1].name == "calm,duration=1h,seed=6");
  CHECK(sweep->configurations[2].name == "calm,duration=6h,seed=5");
  CHECK(sweep->configurations[7].name == "busy,duration=6h,seed=6");
  CHECK(sweep->configurations[0].description == "fewer patients");
  CHECK(sweep->scenario_of(0).value()["hospitals"]["hosp"]["ed"]["arrivals_per_day"] == 30);
  CHECK(sweep->scenario_of(7).value()["hospitals"]["hosp"]["ed"]["arrivals_per_day"] == 60);
  CHECK(sweep->scenario_of(2).value()["injections"]["cut"]["duration"] == "6h");
  CHECK(sweep->configurations[2].parameters.dump() == R"({"/injections/cut/duration":"6h","/seed":5})");

  const std::vector<PlannedRun> runs = plan_runs(sweep.value());
  REQUIRE(runs.size() == 8 * 2 * 3);
  // id = (configuration * 2 + strategy) * 3 + replication + 1; common random numbers: seed = 100 + r.
  const PlannedRun& run = runs[(5 * 2 + 1) * 3 + 2];
  CHECK(run.id == 36);
  CHECK(run.configuration == 5);
  CHECK(run.strategy == 1);
  CHECK(run.replication == 2);
  CHECK(run.seed == 102);
  CHECK(runs[0].seed == 100);
}

TEST_CASE("batch::sweep: independent seeds give every run its own seed", "[batch]") {
  Result<Sweep> sweep = parse_sweep(
      sweep_text(
          R"("strategies": ["none", "same"], "replications": 2, "seeds": {"policy": "independent", "base": 7})"),
      "sweep.json");
  REQUIRE(sweep.is_ok());
  const std::vector<PlannedRun> runs = plan_runs(sweep.value());
  REQUIRE(runs.size() == 4);
  CHECK(runs[0].seed == 7);
  CHECK(runs[1].seed == 8);
  CHECK(runs[2].seed == 9);
  CHECK(runs[3].seed == 10);
}

TEST_CASE("batch::sweep: the scenario path is relative to the sweep file", "[batch]") {
  TempDir dir;
  dir.write("scenario.json", "{}");
  const std::string path = dir.write(
      "sweep.json",
      R"({"format": "hospsim-sweep/1", "name": "t", "description": "d", "scenario": "scenario.json"})");
  Result<Sweep> sweep = load_sweep_file(path);
  REQUIRE(sweep.is_ok());
  CHECK(sweep->scenario_path == dir.file("scenario.json"));
}

TEST_CASE("batch::sweep: invalid sweeps are reported with file and pointer", "[batch]") {
  SECTION("unknown key with a suggestion") {
    CHECK(errors_of(sweep_text(R"("replication": 3)")) ==
          at_extra(0) + ": /replication: unknown key \"replication\"; did you mean \"replications\"?");
  }
  SECTION("wrong format and missing keys") {
    CHECK(errors_of(R"({"format": "hospsim/1", "scenario": ")" + tiny_scenario() + "\"}") ==
          "sweep.json:1:12: /format: must be \"hospsim-sweep/1\", got \"hospsim/1\"\n"
          "sweep.json:1:1: /: missing required key 'name'\n"
          "sweep.json:1:1: /: missing required key 'description'");
  }
  SECTION("replications out of range") {
    CHECK(errors_of(sweep_text(R"("replications": 0)")) ==
          at_extra(16) + ": /replications: must be an integer from 1 to 100000, got 0");
  }
  SECTION("unknown strategy lists the scenario's strategies") {
    CHECK(errors_of(sweep_text(R"("strategies": ["none", "standby"])")) ==
          at_extra(23) +
              ": /strategies/1: unknown strategy \"standby\"; expected one of: none, same, "
              "second-link");
  }
  SECTION("a strategy listed twice") {
    CHECK(errors_of(sweep_text(R"("strategies": ["same", "same"])")) ==
          at_extra(23) + ": /strategies/1: strategy 'same' is listed twice");
  }
  SECTION("a grid pointer into nothing") {
    CHECK(errors_of(sweep_text(R"("grid": {"/injections/flood/duration": ["1h"]})")) ==
          at_extra(39) +
              ": /grid/~1injections~1flood~1duration: the scenario has nothing at "
              "/injections/flood");
  }
  SECTION("a grid key that is not a pointer, and an empty list of values") {
    CHECK(errors_of(sweep_text(R"("grid": {"seed": [1], "/seed": []})")) ==
          at_extra(17) +
              ": /grid/seed: must be a JSON pointer into the scenario starting with '/', got "
              "\"seed\"\n" +
              at_extra(31) + ": /grid/~1seed: must be a non-empty array of values");
  }
  SECTION("bad seed policy") {
    CHECK(errors_of(sweep_text(R"("seeds": {"policy": "crn"})")) ==
          at_extra(20) + ": /seeds/policy: must be \"common\" or \"independent\", got \"crn\"");
  }
  SECTION("a configuration without description") {
    CHECK(errors_of(sweep_text(R"("configurations": {"a": {"patch": {}}})")) ==
          at_extra(24) + ": /configurations/a: missing required key 'description'");
  }
  SECTION("malformed JSON") {
    CHECK(errors_of("{\"format\": ") ==
          "sweep.json:1:12: /format: malformed JSON: unexpected end of file; expected a value");
  }
  SECTION("duplicate keys") {
    CHECK(errors_of(R"({"name": "a", "name": "b"})") ==
          "sweep.json:1:15: /name: duplicate key \"name\" (first at line 1); each key may appear once per "
          "object");
  }
}

TEST_CASE("batch::sweep: a missing scenario file is not found", "[batch]") {
  Result<Sweep> sweep = parse_sweep(
      R"({"format": "hospsim-sweep/1", "name": "t", "description": "d", "scenario": "no-such.json"})",
      "sweep.json");
  REQUIRE_FALSE(sweep.is_ok());
  CHECK(sweep.status().code() == StatusCode::kNotFound);
  CHECK(sweep.status().message() ==
        "sweep.json:1:76: /scenario: no-such.json: cannot open the file (missing or unreadable)");
}

TEST_CASE("batch::sweep: every variant is loaded before anything runs", "[batch]") {
  SECTION("valid variants load, one per configuration and strategy") {
    Result<Sweep> sweep = parse_sweep(
        sweep_text(
            R"("grid": {"/injections/cut/duration": ["1h", "2h"]}, "strategies": ["none", "second-link"])"),
        "sweep.json");
    REQUIRE(sweep.is_ok());
    CHECK(validate_variants(sweep.value()).is_ok());
    Result<Scenario> variant = load_variant(sweep.value(), 1, 0);
    REQUIRE(variant.is_ok());
    CHECK(variant->injections.size() == 1);
    CHECK(load_variant(sweep.value(), 1, 1).is_ok());
  }
  SECTION("an invalid grid value names the configuration and the scenario pointer") {
    Result<Sweep> sweep =
        parse_sweep(sweep_text(R"("grid": {"/injections/cut/duration": ["1h", "soon"]})"), "sweep.json");
    REQUIRE(sweep.is_ok());
    Status variants = validate_variants(sweep.value());
    REQUIRE_FALSE(variants.is_ok());
    CHECK(variants.code() == StatusCode::kInvalidArgument);
    CHECK_THAT(variants.message(), Catch::StartsWith("sweep.json: configuration 'duration=soon': " +
                                                     tiny_scenario() + ": /injections/cut/duration: "));
  }
}

}  // namespace hospsim::batch

namespace hospsim::batch {

TEST_CASE("batch::sweep: the shipped Denmark sweep is valid", "[batch]") {
  Result<Sweep> sweep =
      load_sweep_file(std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/sweeps/denmark-resilience.json");
  REQUIRE(sweep.is_ok());
  REQUIRE(sweep->configurations.size() == 3);
  CHECK(sweep->configurations[0].name == "as-reported,duration=1h30min");
  CHECK(sweep->configurations[2].name == "as-reported,duration=24h");
  CHECK(sweep->strategies ==
        std::vector<std::string>{"none", "standby_dc", "second_carrier", "offline_ehr", "drilled_downtime"});
  CHECK(plan_runs(sweep.value()).size() == 120);
  CHECK(validate_variants(sweep.value()).is_ok());
  Result<Scenario> variant = load_variant(sweep.value(), 2, 0);
  REQUIRE(variant.is_ok());
  CHECK(variant->injections.size() == 1);
}

TEST_CASE("batch::sweep: the shipped outage-effect sweep has baselines and a no-outage configuration",
          "[batch]") {
  Result<Sweep> sweep =
      load_sweep_file(std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/sweeps/denmark-2025-outage-effect.json");
  REQUIRE(sweep.is_ok());
  CHECK(sweep->baseline);
  REQUIRE(sweep->configurations.size() == 3);
  CHECK(sweep->configurations[1].name == "as-reported,duration=24h");
  CHECK(sweep->configurations[2].name == "no-outage");
  CHECK(plan_runs(sweep.value()).size() == 18);
  CHECK(validate_variants(sweep.value()).is_ok());
  Result<Scenario> variant = load_variant(sweep.value(), 2, 0);
  REQUIRE(variant.is_ok());
  CHECK(variant->injections.empty());
}

}  // namespace hospsim::batch

namespace hospsim::batch {

TEST_CASE("batch::sweep: the fingerprint changes only when baseline is set", "[batch]") {
  // The fingerprint a database records (and --resume compares) of a sweep written before "baseline" and
  // "skip_grid" existed, as the hospsim of that time computed it: it must not change.
  const std::string before = R"({"format": "hospsim-sweep/1", "name": "fp", "description": "fingerprint pin",
      "scenario": ")" + tiny_scenario() +
                             R"(", "strategies": ["none", "second-link"], "replications": 2,
      "configurations": {"as-written": {"description": "a"}, "longer": {"description": "b", "patch": {"horizon": "2d"}}},
      "grid": {"/injections/cut/duration": ["2h", "8h"]}, "seeds": {"base": 7})";
  Result<Sweep> old = parse_sweep(before + "}", "sweep.json");
  REQUIRE(old.is_ok());
  CHECK_FALSE(old->baseline);
  CHECK(old->fingerprint() == "32713cb9feb079f6");
  Result<Sweep> off = parse_sweep(before + R"(, "baseline": false})", "sweep.json");
  REQUIRE(off.is_ok());
  CHECK(off->fingerprint() == "32713cb9feb079f6");
  Result<Sweep> on = parse_sweep(before + R"(, "baseline": true})", "sweep.json");
  REQUIRE(on.is_ok());
  CHECK(on->baseline);
  CHECK(on->fingerprint() != "32713cb9feb079f6");
}

TEST_CASE("batch::sweep: the preset library enters the fingerprint only when a configuration names a preset",
          "[batch]") {
  const std::string library_a = R"({"presets": "a"})";
  const std::string library_b = R"({"presets": "b"})";
  SECTION("no preset: the library does not matter, and the embedded one gives the same fingerprint") {
    Result<Sweep> sweep = parse_sweep(sweep_text(R"("strategies": ["none"])"), "sweep.json");
    REQUIRE(sweep.is_ok());
    CHECK(sweep->fingerprint(library_a) == sweep->fingerprint(library_b));
    CHECK(sweep->fingerprint() == sweep->fingerprint(library_a));
  }
  SECTION("a configuration's patch names a preset: another library gives another fingerprint") {
    Result<Sweep> sweep = parse_sweep(sweep_text(R"("configurations": {"plain": {"description": "as written"},
            "preset": {"description": "with a preset", "patch": {"effects": {"ehr": {"preset": "ehr-acute-only"}}}}})"),
                                      "sweep.json");
    REQUIRE(sweep.is_ok());
    CHECK(sweep->fingerprint(library_a) != sweep->fingerprint(library_b));
    CHECK(sweep->fingerprint(library_a) == sweep->fingerprint(library_a));
  }
}

TEST_CASE("batch::sweep: a configuration skips the grid keys that do not apply to it", "[batch]") {
  const std::string grid = R"("grid": {"/injections/cut/duration": ["2h", "8h"], "/seed": [5, 6]})";
  SECTION("a no-outage configuration without the duration key") {
    Result<Sweep> sweep = parse_sweep(sweep_text(R"("configurations": {"outage": {"description": "the cut"},
            "no-outage": {"description": "no injection", "patch": {"injections": null},
                          "skip_grid": ["/injections/cut/duration"]}}, )" +
                                                 grid),
                                      "sweep.json");
    REQUIRE(sweep.is_ok());
    std::vector<std::string> names;
    for (const Configuration& configuration : sweep->configurations) names.push_back(configuration.name);
    CHECK(names == std::vector<std::string>{"outage,duration=2h,seed=5", "outage,duration=2h,seed=6",
                                            "outage,duration=8h,seed=5", "outage,duration=8h,seed=6",
                                            "no-outage,seed=5", "no-outage,seed=6"});
    CHECK(sweep->configurations[5].parameters.dump() == R"({"/seed":6})");
    Result<nlohmann::ordered_json> scenario = sweep->scenario_of(5);
    REQUIRE(scenario.is_ok());
    CHECK_FALSE(scenario->contains("injections"));
    CHECK(scenario->at("seed") == 6);
    CHECK(plan_runs(sweep.value()).size() == 6);
    CHECK(validate_variants(sweep.value()).is_ok());
  }
  SECTION("true skips every key") {
    Result<Sweep> sweep = parse_sweep(sweep_text(R"("configurations": {"outage": {"description": "the cut"},
            "none": {"description": "no injection", "patch": {"injections": null}, "skip_grid": true}}, )" +
                                                 grid),
                                      "sweep.json");
    REQUIRE(sweep.is_ok());
    REQUIRE(sweep->configurations.size() == 5);
    CHECK(sweep->configurations[4].name == "none");
    CHECK(sweep->configurations[4].parameters.empty());
  }
  SECTION("without skip_grid the grid key into nothing is an error that says how to skip it") {
    CHECK_THAT(
        errors_of(sweep_text(R"("configurations": {"no-outage": {"description": "d",
                                                "patch": {"injections": null}}}, )" +
                             grid)),
        Catch::EndsWith(": /grid/~1injections~1cut~1duration: the scenario of configuration 'no-outage' "
                        "has nothing at /injections/cut (a configuration the key does not apply to "
                        "lists it in its \"skip_grid\")"));
  }
}

TEST_CASE("batch::sweep: baseline and skip_grid are validated strictly", "[batch]") {
  SECTION("baseline must be a boolean") {
    CHECK(errors_of(sweep_text(R"("baseline": "yes")")) ==
          at_extra(12) + ": /baseline: must be true or false, got \"yes\"");
  }
  SECTION("skip_grid without a grid") {
    const std::string extra = R"("configurations": {"a": {"description": "d", "skip_grid": true}})";
    CHECK(errors_of(sweep_text(extra)) ==
          at_extra(extra.find("true")) + ": /configurations/a/skip_grid: the sweep has no \"grid\" to skip");
  }
  SECTION("a skip_grid key near a long grid key: both quoted whole") {
    const std::string key = "/injections/core-network-outage/duration-of-the-outage";
    const std::string typo = "/injections/core-network-outage/duration-of-the-outgae";
    const std::string extra = R"("grid": {")" + key + R"(": ["1h", "2h"]}, "configurations": {"a": {)" +
                              R"("description": "d", "skip_grid": [")" + typo + R"("]}})";
    CHECK(errors_of(sweep_text(extra)) == at_extra(extra.find("\"" + typo + "\"")) +
                                              ": /configurations/a/skip_grid/0: \"" + typo +
                                              "\" is not a key of \"grid\"; did you mean \"" + key + "\"?");
  }
  SECTION("skip_grid names keys of the grid, once each") {
    const std::string extra = R"("grid": {"/seed": [1, 2]}, "configurations": {"a": {"description": "d",)"
                              R"( "skip_grid": ["/sede", "/seed", "/seed", 3]}})";
    CHECK(errors_of(sweep_text(extra)) ==
          at_extra(extra.find("\"/sede\"")) +
              ": /configurations/a/skip_grid/0: \"/sede\" is not a key of \"grid\"; did you mean "
              "\"/seed\"?\n" +
              at_extra(extra.rfind("\"/seed\"")) +
              ": /configurations/a/skip_grid/2: \"/seed\" is listed twice\n" + at_extra(extra.find("3]")) +
              ": /configurations/a/skip_grid/3: must be a key of \"grid\" (string), got 3");
  }
  SECTION("skip_grid of another type") {
    const std::string extra =
        R"("grid": {"/seed": [1]}, "configurations": {"a": {"description": "d", "skip_grid": []}})";
    CHECK(errors_of(sweep_text(extra)) ==
          at_extra(extra.find("[]}")) +
              ": /configurations/a/skip_grid: must be true (every grid key) or a "
              "non-empty array of keys of \"grid\", got []");
  }
}

}  // namespace hospsim::batch
