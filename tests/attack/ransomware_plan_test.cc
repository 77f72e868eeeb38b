// Ransomware plans and DDoS campaign waves on hand-computable scenarios (fixed delays, probability 1 or 0).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "it/attack.h"

namespace hospsim {
namespace {

void add_link(Scenario& scenario, const std::string& id, const std::string& a, const std::string& b) {
  Link link;
  link.id = id;
  link.between = {a, b};
  scenario.network.links[id] = link;
}

// Data centres dc-a, dc-b and hospitals h1, h2, all linked to router "r" (so all are neighbours over the
// network). Spread: fixed 1 h per edge, probability 1.
Scenario star() {
  Scenario scenario;
  scenario.horizon = 10 * kDay;
  for (const char* id : {"dc-a", "dc-b"})
    scenario.datacenters[id] = Datacenter{id, id, std::nullopt, 1e11, false};
  for (const char* id : {"h1", "h2"}) {
    Hospital hospital;
    hospital.id = id;
    scenario.hospitals[id] = hospital;
  }
  scenario.network.routers["r"] = Router{"r", "r", std::nullopt};
  for (const char* id : {"dc-a", "dc-b", "h1", "h2"}) add_link(scenario, std::string("l-") + id, id, "r");
  return scenario;
}

Injection attack(std::vector<std::string> entry) {
  Injection injection;
  injection.id = "ransom";
  injection.kind = InjectionKind::kRansomware;
  injection.targets = std::move(entry);
  injection.ransomware = RansomwareSpec{};
  injection.ransomware->spread_delay = Distribution::fixed(kHour);
  return injection;
}

std::vector<AttackStep> steps_of(const RansomwarePlan& plan, InfrastructureKind kind) {
  std::vector<AttackStep> found;
  for (const AttackStep& step : plan.steps) {
    if (step.kind == kind) found.push_back(step);
  }
  return found;
}

// A chain dc-a - dc-b - h1 - h2 of trust edges only (no network adjacency).
Injection chain_attack(Seconds detect_after) {
  Injection injection = attack({"dc-a"});
  RansomwareSpec& spec = *injection.ransomware;
  spec.over_network = false;
  spec.trust = {{"dc-a", "dc-b"}, {"dc-b", "h1"}, {"h1", "h2"}};
  spec.detect_after = Distribution::fixed(detect_after);
  spec.has_restore = true;
  spec.team_size = 1;
  spec.per_host = Distribution::fixed(2 * kHour);
  return injection;
}

}  // namespace

TEST_CASE("attack::ransomware: neighbours over the network pass through routers only", "[attack]") {
  Scenario scenario = star();
  add_link(scenario, "h2-h3", "h2", "h3");  // h3: a hospital behind h2, not a router
  Hospital h3;
  h3.id = "h3";
  scenario.hospitals["h3"] = h3;
  RansomwareSpec spec;
  CHECK(ransomware_neighbours(scenario, spec, "dc-a") == std::vector<std::string>{"dc-b", "h1", "h2"});
  CHECK(ransomware_neighbours(scenario, spec, "h3") == std::vector<std::string>{"h2"});
  spec.over_network = false;
  spec.trust = {{"h3", "dc-a"}};
  CHECK(ransomware_neighbours(scenario, spec, "dc-a") == std::vector<std::string>{"h3"});
  CHECK(ransomware_neighbours(scenario, spec, "h1").empty());
}

TEST_CASE("attack::ransomware: spread respects segmentation", "[attack]") {
  Scenario scenario = star();
  SECTION("a blocked edge is never crossed: h1 is reached in two hops instead of one") {
    Injection injection = attack({"dc-a"});
    injection.ransomware->blocked = {{"h1", "dc-a"}};
    const RansomwarePlan plan = plan_ransomware(scenario, injection, 0.0, 1);
    REQUIRE(plan.infected.size() == 4);
    CHECK(plan.infected.at("dc-a") == 0.0);
    CHECK(plan.infected.at("dc-b") == kHour);
    CHECK(plan.infected.at("h2") == kHour);
    CHECK(plan.infected.at("h1") == 2 * kHour);
    const auto infected = steps_of(plan, InfrastructureKind::kInfected);
    REQUIRE(infected.size() == 4);
    CHECK(infected[0].detail == "injection ransom: entry host");
    CHECK(infected[3].target == "h1");
    CHECK(infected[3].detail == "injection ransom: from dc-b");  // the first host at 1 h, by id
  }
  SECTION("hosts in another zone are never infected") {
    Injection injection = attack({"dc-a"});
    injection.ransomware->zones = {{"admin", {"dc-a", "dc-b"}}, {"clinical", {"h1", "h2"}}};
    const RansomwarePlan plan = plan_ransomware(scenario, injection, 0.0, 1);
    CHECK(plan.infected == std::map<std::string, Seconds>{{"dc-a", 0.0}, {"dc-b", kHour}});
  }
  SECTION("hosts in no zone share the default zone") {
    Injection injection = attack({"h1"});
    injection.ransomware->zones = {{"admin", {"dc-a", "dc-b"}}};
    const RansomwarePlan plan = plan_ransomware(scenario, injection, 0.0, 1);
    CHECK(plan.infected == std::map<std::string, Seconds>{{"h1", 0.0}, {"h2", kHour}});
  }
  SECTION("probability 0: only the entry host") {
    Injection injection = attack({"h2"});
    injection.ransomware->spread_probability = 0.0;
    const RansomwarePlan plan = plan_ransomware(scenario, injection, 5.0, 1);
    CHECK(plan.infected == std::map<std::string, Seconds>{{"h2", 5.0}});
  }
}

TEST_CASE("attack::ransomware: restoration is limited by the team size", "[attack]") {
  Scenario scenario = star();
  Injection injection = attack({"h2", "dc-b", "h1", "dc-a"});  // all four infected at t = 0
  RansomwareSpec& spec = *injection.ransomware;
  spec.detect_after = Distribution::fixed(kHour);
  spec.has_restore = true;
  spec.forensics = Distribution::fixed(3 * kHour);  // restoration starts at 4 h
  spec.per_host = Distribution::fixed(2 * kHour);
  SECTION("team of 1: one host every 2 h, data centres first") {
    spec.team_size = 1;
    const RansomwarePlan plan = plan_ransomware(scenario, injection, 0.0, 1);
    const auto restored = steps_of(plan, InfrastructureKind::kRestored);
    REQUIRE(restored.size() == 4);
    CHECK(restored[0].target == "dc-a");
    CHECK(restored[0].time == 6 * kHour);
    CHECK(restored[1].target == "dc-b");
    CHECK(restored[1].time == 8 * kHour);
    CHECK(restored[2].target == "h1");
    CHECK(restored[3].target == "h2");
    CHECK(restored[3].time == 4 * kHour + 8 * kHour);
    const auto started = steps_of(plan, InfrastructureKind::kRestoreStarted);
    REQUIRE(started.size() == 4);
    CHECK(started[3].time == 10 * kHour);
  }
  SECTION("team of 2: two at a time") {
    spec.team_size = 2;
    const RansomwarePlan plan = plan_ransomware(scenario, injection, 0.0, 1);
    const auto restored = steps_of(plan, InfrastructureKind::kRestored);
    REQUIRE(restored.size() == 4);
    CHECK(restored[0].time == 6 * kHour);
    CHECK(restored[1].time == 6 * kHour);
    CHECK(restored[2].time == 8 * kHour);
    CHECK(restored[3].time == 4 * kHour + 4 * kHour);
  }
}

TEST_CASE("attack::ransomware: a later detection infects more hosts and restores later", "[attack]") {
  Scenario scenario = star();
  // Infections along the chain at 0, 1 h, 2 h, 3 h; team of 1, 2 h per host, no forensics delay.
  const RansomwarePlan early = plan_ransomware(scenario, chain_attack(1.5 * kHour), 0.0, 1);
  const RansomwarePlan late = plan_ransomware(scenario, chain_attack(2.5 * kHour), 0.0, 1);
  CHECK(early.infected.size() == 2);
  CHECK(late.infected.size() == 3);
  CHECK(late.infected.at("h1") == 2 * kHour);
  const auto early_restored = steps_of(early, InfrastructureKind::kRestored);
  const auto late_restored = steps_of(late, InfrastructureKind::kRestored);
  REQUIRE(early_restored.size() == 2);
  REQUIRE(late_restored.size() == 3);
  CHECK(early_restored.back().time == 1.5 * kHour + 4 * kHour);
  CHECK(late_restored.back().time == 2.5 * kHour + 6 * kHour);
  const auto detected = steps_of(late, InfrastructureKind::kDetected);
  REQUIRE(detected.size() == 1);
  CHECK(detected[0].time == 2.5 * kHour);
  CHECK(detected[0].detail ==
        "injection ransom: 3 host(s) infected so far; detected 2.5 h after the first infection");
  CHECK(steps_of(late, InfrastructureKind::kContained)[0].detail ==
        "injection ransom: spread stopped; 3 host(s) infected, 3 isolated");
}

TEST_CASE("attack::ransomware: encryption and isolation turn hosts off once, restoration on once",
          "[attack]") {
  Scenario scenario = star();
  Injection injection = chain_attack(2.5 * kHour);
  injection.ransomware->dwell =
      Distribution::fixed(kHour);  // dc-a at 1 h, dc-b at 2 h; h1's (3 h) pre-empted
  injection.ransomware->isolate = IsolationPolicy::kAll;
  const RansomwarePlan plan = plan_ransomware(scenario, injection, 0.0, 1);
  const auto encrypted = steps_of(plan, InfrastructureKind::kEncrypted);
  REQUIRE(encrypted.size() == 2);
  CHECK(encrypted[0].target == "dc-a");
  CHECK(encrypted[0].time == kHour);
  CHECK(encrypted[0].power == -1);
  CHECK(encrypted[1].time == 2 * kHour);
  const auto isolated = steps_of(plan, InfrastructureKind::kIsolated);
  REQUIRE(isolated.size() == 4);  // "all": every data centre and hospital
  CHECK(isolated[0].target == "dc-a");
  CHECK(isolated[0].power == 0);  // already off (encrypted)
  CHECK(isolated[2].target == "h1");
  CHECK(isolated[2].power == -1);  // infected, not yet encrypted
  CHECK(isolated[3].target == "h2");
  CHECK(isolated[3].detail == "injection ransom: healthy host isolated by containment");
  const auto restored = steps_of(plan, InfrastructureKind::kRestored);
  REQUIRE(restored.size() == 3);
  for (const AttackStep& step : restored) CHECK(step.power == 1);
  const auto released = steps_of(plan, InfrastructureKind::kReleased);
  REQUIRE(released.size() == 1);
  CHECK(released[0].target == "h2");
  CHECK(released[0].time == 2.5 * kHour + 6 * kHour);  // with the last restoration
  CHECK(released[0].power == 1);
  // Net power per host is zero at the end: every host that went off came back.
  std::map<std::string, int> net;
  for (const AttackStep& step : plan.steps) net[step.target] += step.power;
  for (const auto& [host, power] : net) CHECK(power == 0);
  // Steps are in time order.
  for (std::size_t i = 1; i < plan.steps.size(); ++i) CHECK(plan.steps[i - 1].time <= plan.steps[i].time);
}

TEST_CASE("attack::ransomware: no detection: spread to every reachable host, nothing restored", "[attack]") {
  Scenario scenario = star();
  const RansomwarePlan plan = plan_ransomware(scenario, attack({"h1"}), 0.0, 1);
  CHECK(plan.infected.size() == 4);
  CHECK(steps_of(plan, InfrastructureKind::kDetected).empty());
  CHECK(steps_of(plan, InfrastructureKind::kRestored).empty());
  CHECK(steps_of(plan, InfrastructureKind::kEncrypted).size() == 4);  // dwell 0: encrypted on infection
}

TEST_CASE("attack::ransomware: same seed, same plan; random delays differ by edge", "[attack]") {
  Scenario scenario = star();
  Injection injection = attack({"dc-a"});
  injection.ransomware->spread_delay = Distribution::exponential(kHour);
  injection.ransomware->spread_probability = 0.5;
  const RansomwarePlan a = plan_ransomware(scenario, injection, 0.0, 42);
  const RansomwarePlan b = plan_ransomware(scenario, injection, 0.0, 42);
  CHECK(a.infected == b.infected);
  REQUIRE(a.steps.size() == b.steps.size());
  for (std::size_t i = 0; i < a.steps.size(); ++i) CHECK(a.steps[i].time == b.steps[i].time);
}

TEST_CASE("attack::ddos_campaign: waves at the campaign start plus their offsets", "[attack]") {
  Injection campaign;
  campaign.id = "waves";
  campaign.kind = InjectionKind::kDdosCampaign;
  campaign.waves.push_back(DdosWave{Distribution::fixed(0.0), Distribution::fixed(kHour), {"l1"}, 1e9});
  campaign.waves.push_back(
      DdosWave{Distribution::fixed(3 * kHour), Distribution::fixed(30 * kMinute), {"l1", "l2"}, 2e9});
  const std::vector<PlannedWave> waves = plan_ddos_campaign(campaign, 100.0, 1);
  REQUIRE(waves.size() == 2);
  CHECK(waves[0].start == 100.0);
  CHECK(waves[0].end == 100.0 + kHour);
  CHECK(waves[1].start == 100.0 + 3 * kHour);
  CHECK(waves[1].end == 100.0 + 3.5 * kHour);
  CHECK(waves[1].targets == std::vector<std::string>{"l1", "l2"});
  CHECK(waves[1].traffic == 2e9);
  CHECK(scrubbed_traffic(5e9, 2e9) == 3e9);
  CHECK(scrubbed_traffic(1e9, 2e9) == 0.0);
}

}  // namespace hospsim
