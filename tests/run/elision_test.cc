// Quiet-path elision against the full IT model: every shipped scenario, and a generated scenario with each
// kind of injection, simulated in both modes (each simulation in its own child process) must give identical
// clinical metrics, timeline and diversion flows, the same incident log with times within 1 ms, the same IT
// metrics within the same margin, and the same number of IT requests (elided ones included).
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "generate/generate.h"
#include "hospsim/loader.h"
#include "hospsim/run.h"
#include "metrics/run_metrics.h"
#include "run/outputs.h"

namespace {

using hospsim::Distribution;
using hospsim::Injection;
using hospsim::InjectionKind;
using hospsim::it_json;
using hospsim::ItModelMode;
using hospsim::metrics_json;
using hospsim::Scenario;
using hospsim::SimulationOutput;

constexpr double kTimeTolerance = 1e-3;  // seconds

// The timeline.csv and events.csv rows (no header) of `output`, a run of `scenario`.
std::string timeline_text(const SimulationOutput& output, const Scenario& scenario) {
  std::string text;
  hospsim::append_timeline_csv(text, output.log, scenario.start, "scenario");
  return text;
}
std::string incidents_text(const SimulationOutput& output, const Scenario& scenario) {
  std::string text;
  hospsim::append_incidents_csv(text, output.log, scenario.start);
  return text;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Every number of `a` and `b` (the same structure) within `tolerance`; other values equal.
void check_close(const nlohmann::json& a, const nlohmann::json& b, double tolerance,
                 const std::string& where) {
  INFO(where);
  if (a.is_number() && b.is_number()) {
    CHECK(std::abs(a.get<double>() - b.get<double>()) <= tolerance);
    return;
  }
  REQUIRE(a.type() == b.type());
  if (a.is_object()) {
    REQUIRE(a.size() == b.size());
    for (auto it = a.begin(); it != a.end(); ++it) {
      REQUIRE(b.contains(it.key()));
      check_close(it.value(), b.at(it.key()), tolerance, where + "/" + it.key());
    }
  } else if (a.is_array()) {
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
      check_close(a[i], b[i], tolerance, where + "/" + std::to_string(i));
  } else {
    CHECK(a == b);
  }
}

// Incident-log rows: "datetime,seconds,event,hospital,target,from,to,cause". The same rows in the same order;
// `seconds` within kTimeTolerance, the rest (after the second comma) identical.
void check_incidents(const std::string& elided, const std::string& full) {
  const std::vector<std::string> a = lines(elided);
  const std::vector<std::string> b = lines(full);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("incident row " << i << "\n  elided: " << a[i] << "\n  full:   " << b[i]);
    const std::size_t a1 = a[i].find(','), b1 = b[i].find(',');
    const std::size_t a2 = a[i].find(',', a1 + 1), b2 = b[i].find(',', b1 + 1);
    REQUIRE(a2 != std::string::npos);
    REQUIRE(b2 != std::string::npos);
    const double ta = std::stod(a[i].substr(a1 + 1, a2 - a1 - 1));
    const double tb = std::stod(b[i].substr(b1 + 1, b2 - b1 - 1));
    CHECK(std::abs(ta - tb) <= kTimeTolerance);
    CHECK(a[i].substr(a2) == b[i].substr(b2));
  }
}

SimulationOutput simulate(const Scenario& scenario, ItModelMode mode) {
  hospsim::SimulationRequest request{&scenario, scenario.seed, "scenario", mode};
  hospsim::Result<SimulationOutput> output = hospsim::simulate_in_child(request);
  INFO((output.is_ok() ? std::string() : output.status().message()));
  REQUIRE(output.is_ok());
  return output.value();
}

// Returns the number of service-state transitions in the incident log.
std::size_t require_equivalent(const Scenario& scenario) {
  const SimulationOutput elided = simulate(scenario, ItModelMode::kElided);
  const SimulationOutput full = simulate(scenario, ItModelMode::kFull);
  CHECK(full.it_requests_elided == 0);
  CHECK(elided.it_requests_elided > 0);
  CHECK(elided.it_requests == full.it_requests);
  CHECK(elided.events == full.events);
  CHECK(metrics_json(elided.metrics) == metrics_json(full.metrics));  // exactly, but the services
  CHECK(elided.calibration == full.calibration);
  CHECK(elided.diversions == full.diversions);
  CHECK(timeline_text(elided, scenario) == timeline_text(full, scenario));
  check_incidents(incidents_text(elided, scenario), incidents_text(full, scenario));
  // Minutes down or recovering move by at most 1 ms per transition (1/60000 min); percentages less.
  check_close(it_json(elided.metrics), it_json(full.metrics), 1e-3, "it");
  std::size_t transitions = 0;
  for (const std::string& row : lines(incidents_text(full, scenario))) {
    if (row.find(",service_state,") != std::string::npos) ++transitions;
  }
  return transitions;
}

Scenario shipped(const std::string& name) {
  hospsim::Result<Scenario> loaded =
      hospsim::load_scenario_file(std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/" + name + ".json");
  REQUIRE(loaded.is_ok());
  return loaded.value();
}

// What `hospsim generate --hospitals 8 --regions 3 --days 2 --seed 3` writes: 8 hospitals in 3 regions over
// 2 days; regions r01 and r02 have one data centre each (standbys in the next region), r03 two. Its own
// injection (r03's core loses both data centres on day 2, 10:00-16:00) is replaced by `injections`.
Scenario generated(const std::vector<Injection>& injections) {
  hospsim::GenerateOptions options;
  options.hospitals = 8;
  options.regions = 3;
  options.days = 2;
  options.seed = 3;
  hospsim::Result<std::string> text = hospsim::generate_scenario_text(options);
  REQUIRE(text.is_ok());
  hospsim::Result<Scenario> loaded = hospsim::load_scenario_text(text.value(), "generated.json");
  REQUIRE(loaded.is_ok());
  Scenario scenario = loaded.value();
  if (injections.empty()) return scenario;
  scenario.injections.clear();
  for (const Injection& injection : injections) scenario.injections[injection.id] = injection;
  return scenario;
}

Injection injection(const std::string& id, InjectionKind kind, std::vector<std::string> targets,
                    double at_hours, double hours) {
  Injection made;
  made.id = id;
  made.kind = kind;
  made.targets = std::move(targets);
  made.at = Distribution::fixed(at_hours * 3600.0);
  made.duration = Distribution::fixed(hours * 3600.0);
  return made;
}

}  // namespace

TEST_CASE("run::elision: crowdstrike-2024 gives the full model's outcomes", "[run][elision]") {
  CHECK(require_equivalent(shipped("crowdstrike-2024")) > 0);
}
TEST_CASE("run::elision: ddos-telecom gives the full model's outcomes", "[run][elision]") {
  CHECK(require_equivalent(shipped("ddos-telecom")) > 0);
}
TEST_CASE("run::elision: denmark-2020-09-midtjylland gives the full model's outcomes", "[run][elision]") {
  CHECK(require_equivalent(shipped("denmark-2020-09-midtjylland")) > 0);
}
TEST_CASE("run::elision: denmark-2022-10-midtjylland gives the full model's outcomes", "[run][elision]") {
  CHECK(require_equivalent(shipped("denmark-2022-10-midtjylland")) > 0);
}
TEST_CASE("run::elision: denmark-2025-midtjylland gives the full model's outcomes", "[run][elision]") {
  CHECK(require_equivalent(shipped("denmark-2025-midtjylland")) > 0);
}
TEST_CASE("run::elision: duesseldorf-2020 gives the full model's outcomes", "[run][elision]") {
  CHECK(require_equivalent(shipped("duesseldorf-2020")) > 0);
}
TEST_CASE("run::elision: hse-2021 gives the full model's outcomes", "[run][elision]") {
  CHECK(require_equivalent(shipped("hse-2021")) > 0);
}
TEST_CASE("run::elision: synnovis-2024 gives the full model's outcomes", "[run][elision]") {
  CHECK(require_equivalent(shipped("synnovis-2024")) > 0);
}
TEST_CASE("run::elision: wannacry-2017 gives the full model's outcomes", "[run][elision]") {
  CHECK(require_equivalent(shipped("wannacry-2017")) > 0);
}

TEST_CASE("run::elision: a generated scenario without injections gives the full model's outcomes",
          "[run][elision]") {
  Scenario scenario = generated({});
  scenario.injections.clear();
  CHECK(require_equivalent(scenario) == 0);  // nothing fails
}
TEST_CASE("run::elision: generated, link_down (as generated) gives the full model's outcomes",
          "[run][elision]") {
  CHECK(require_equivalent(generated({})) > 0);
}
TEST_CASE("run::elision: generated, host_down of a data centre (failover across regions)", "[run][elision]") {
  CHECK(require_equivalent(generated({injection("dc-down", InjectionKind::kHostDown, {"r01-dc1"}, 34, 3)})) >
        0);
}
TEST_CASE("run::elision: generated, host_down of a hospital's endpoints", "[run][elision]") {
  CHECK(require_equivalent(generated({injection("it-down", InjectionKind::kHostDown, {"h004"}, 33.5, 2)})) >
        0);
}
TEST_CASE("run::elision: generated, service_down", "[run][elision]") {
  CHECK(require_equivalent(
            generated({injection("ehr-down", InjectionKind::kServiceDown, {"r02-ehr"}, 34, 2)})) > 0);
}
TEST_CASE("run::elision: generated, degrade", "[run][elision]") {
  Injection degrade = injection("slow-core", InjectionKind::kDegrade, {"r03-core-dc1"}, 32, 4);
  degrade.bandwidth_factor = 2e-6;  // 10 kB/s: the EHR (200 kB) times out, logistics (50 kB) slows down
  degrade.added_latency = 0.5;
  CHECK(require_equivalent(generated({degrade})) > 0);
}
TEST_CASE("run::elision: generated, ddos saturating and not", "[run][elision]") {
  Injection saturating = injection("flood", InjectionKind::kDdos, {"r02-core-dc1"}, 34, 1);
  saturating.traffic = 1e10;  // twice the link's 40 Gbps
  Injection sharing = injection("pressure", InjectionKind::kDdos, {"r02-core-dc1"}, 36, 1);
  sharing.traffic = 4.9e9;  // 98 % of it: requests share what is left
  CHECK(require_equivalent(generated({saturating, sharing})) > 0);
}
TEST_CASE("run::elision: generated, shutdown of a link and a hospital", "[run][elision]") {
  CHECK(require_equivalent(
            generated({injection("off", InjectionKind::kShutdown, {"h002", "h001-a"}, 33, 3)})) > 0);
}
