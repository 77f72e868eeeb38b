// Ransomware and DDoS campaigns in the simulated IT layer: what hospitals see. One Engine per TEST_CASE.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <simgrid/s4u.hpp>

#include "it/it_model.h"

namespace hospsim {
namespace {

struct Record {
  Seconds time;
  std::string kind;  // InfrastructureEvent kind, or "state:<TO>" for a service state change
  std::string target;
  std::string detail;
};

class Recorder : public Observer {
 public:
  void on(const ServiceStateChanged& e) override {
    records.push_back({e.time, std::string("state:") + service_state_name(e.to), e.hospital, e.cause});
  }
  void on(const InfrastructureEvent& e) override {
    records.push_back({e.time, infrastructure_kind_name(e.kind), e.target, e.detail});
  }
  std::vector<Record> of(const std::string& kind) const {
    std::vector<Record> found;
    for (const Record& r : records) {
      if (r.kind == kind) found.push_back(r);
    }
    return found;
  }
  std::vector<Record> records;
};

void add_link(Scenario& scenario, const std::string& id, const std::string& a, const std::string& b,
              double bandwidth = 1.25e8) {
  Link link;
  link.id = id;
  link.between = {a, b};
  link.bandwidth = bandwidth;
  scenario.network.links[id] = link;
}

// Hospital "h" uses "ehr" on data centre "dc" over link "l"; data centre "dc2" (no services) is linked to h.
Scenario region() {
  Scenario scenario;
  scenario.horizon = 8 * kHour;
  scenario.seed = 3;
  scenario.datacenters["dc"] = Datacenter{"dc", "dc", std::nullopt, 1e11, false};
  scenario.datacenters["dc2"] = Datacenter{"dc2", "dc2", std::nullopt, 1e11, false};
  Service ehr;
  ehr.id = "ehr";
  ehr.hosted_on = "dc";
  scenario.services["ehr"] = ehr;
  Hospital h;
  h.id = "h";
  h.uses = {"ehr"};  // detect 900 s, restore 600 s, recovery 2 h
  scenario.hospitals["h"] = h;
  add_link(scenario, "l", "h", "dc");
  add_link(scenario, "l2", "h", "dc2");
  return scenario;
}

Recorder simulate(const Scenario& scenario) {
  Recorder recorder;
  auto engine = create_engine();
  Platform platform = build_platform(scenario);
  EventBus bus;
  bus.subscribe(&recorder);
  ItModel it(scenario, platform, bus, scenario.seed);
  it.start();
  start_horizon(platform, scenario.horizon, bus);
  engine->run();
  return recorder;
}

}  // namespace

TEST_CASE("attack::ransomware: containment isolating a healthy data centre causes DOWN where it is used",
          "[attack]") {
  Scenario scenario = region();
  Injection& ransom = scenario.injections["ransom"];
  ransom.id = "ransom";
  ransom.kind = InjectionKind::kRansomware;
  ransom.at = Distribution::fixed(1800);
  ransom.targets = {"dc2"};
  ransom.ransomware = RansomwareSpec{};
  ransom.ransomware->over_network = false;                      // dc2 infects nobody
  ransom.ransomware->detect_after = Distribution::fixed(1800);  // detected and contained at 1 h
  ransom.ransomware->isolate = IsolationPolicy::kListed;
  ransom.ransomware->isolate_ids = {"dc"};
  ransom.ransomware->release_after = Distribution::fixed(2 * kHour);  // dc back at 3 h
  const Recorder r = simulate(scenario);
  REQUIRE(r.of("infected").size() == 1);
  CHECK(r.of("infected")[0].time == 1800);
  CHECK(r.of("encrypted")[0].target == "dc2");
  REQUIRE(r.of("isolated").size() == 2);
  CHECK(r.of("isolated")[0].target == "dc");
  CHECK(r.of("isolated")[0].time == kHour);
  CHECK(r.of("isolated")[0].detail == "injection ransom: healthy host isolated by containment");
  REQUIRE(r.of("released").size() == 1);
  CHECK(r.of("released")[0].time == 3 * kHour);
  // The hospital loses the EHR within a probe period of isolation + detect_after, and gets it back after
  // release + restore_after.
  const auto down = r.of("state:DOWN");
  REQUIRE(down.size() == 1);
  CHECK(down[0].target == "h");
  CHECK(down[0].time > kHour + 900 - 60);
  CHECK(down[0].time <= kHour + 900 + 60);
  const auto recovering = r.of("state:RECOVERING");
  REQUIRE(recovering.size() == 1);
  CHECK(recovering[0].time > 3 * kHour + 600);
  CHECK(recovering[0].time <= 3 * kHour + 600 + 61);
}

TEST_CASE("attack::ransomware: an encrypted hospital endpoint loses every service until restored",
          "[attack]") {
  Scenario scenario = region();
  Injection& ransom = scenario.injections["ransom"];
  ransom.id = "ransom";
  ransom.kind = InjectionKind::kRansomware;
  ransom.at = Distribution::fixed(kHour);
  ransom.targets = {"h"};
  ransom.ransomware = RansomwareSpec{};
  ransom.ransomware->spread_probability = 0.0;
  ransom.ransomware->detect_after = Distribution::fixed(kHour);
  ransom.ransomware->has_restore = true;
  ransom.ransomware->per_host = Distribution::fixed(kHour);  // restored at 3 h
  const Recorder r = simulate(scenario);
  REQUIRE(r.of("restored").size() == 1);
  CHECK(r.of("restored")[0].time == 3 * kHour);
  const auto down = r.of("state:DOWN");
  REQUIRE(down.size() == 1);
  CHECK(down[0].detail == "no successful request for 900 s (endpoint down)");
  CHECK(down[0].time <= kHour + 900 + 60);
  const auto recovering = r.of("state:RECOVERING");
  REQUIRE(recovering.size() == 1);
  CHECK(recovering[0].time > 3 * kHour + 600);
}

namespace {

// h - dc over a 10 Mbps link carrying 1 MB requests and responses (0.8 s each way alone).
Scenario campaign_region(double traffic, double scrubbing) {
  Scenario scenario = region();
  scenario.network.links["l"].bandwidth = 1.25e6;
  scenario.services["ehr"].request_bytes = 1e6;
  scenario.services["ehr"].response_bytes = 1e6;
  scenario.network.scrubbing = scrubbing;
  Injection& campaign = scenario.injections["campaign"];
  campaign.id = "campaign";
  campaign.kind = InjectionKind::kDdosCampaign;
  campaign.at = Distribution::fixed(kHour);
  campaign.waves.push_back(DdosWave{Distribution::fixed(0.0), Distribution::fixed(kHour), {"l"}, traffic});
  campaign.waves.push_back(
      DdosWave{Distribution::fixed(3 * kHour), Distribution::fixed(30 * kMinute), {"l", "l2"}, traffic});
  return scenario;
}

}  // namespace

TEST_CASE("attack::ddos_campaign: waves start and end at their times", "[attack]") {
  const Recorder r = simulate(campaign_region(2 * 1.25e6, 0.0));
  const auto starts = r.of("ddos_start");
  const auto ends = r.of("ddos_end");
  REQUIRE(starts.size() == 3);
  REQUIRE(ends.size() == 3);
  CHECK(starts[0].time == kHour);
  CHECK(starts[0].target == "l");
  CHECK(starts[0].detail ==
        "injection campaign/wave-1: ddos_campaign campaign; 2500000 B/s of attack traffic "
        "on a link of 1250000 B/s");
  CHECK(ends[0].time == 2 * kHour);
  CHECK(starts[1].time == 4 * kHour);
  CHECK(starts[2].time == 4 * kHour);
  CHECK(starts[2].target == "l2");
  CHECK(ends[2].time == 4.5 * kHour);
  // Each wave saturates the link: DOWN during the first wave (1 h > detect_after).
  const auto down = r.of("state:DOWN");
  REQUIRE_FALSE(down.empty());
  CHECK(down[0].time > kHour + 900 - 60);
  CHECK(down[0].time <= kHour + 900 + 60);
}

TEST_CASE("attack::ddos_campaign: scrubbing below the attack traffic leaves the link saturated", "[attack]") {
  const Recorder r = simulate(campaign_region(2 * 1.25e6, 0.5 * 1.25e6));  // 1.5x capacity gets through
  CHECK_FALSE(r.of("state:DOWN").empty());
  CHECK(
      r.of("ddos_start")[0].detail ==
      "injection campaign/wave-1: ddos_campaign campaign; 2500000 B/s of attack traffic on a link of 1250000 "
      "B/s (1875000 B/s in all after scrubbing)");
}

TEST_CASE("attack::ddos_campaign: scrubbing above the attack traffic removes it: no DOWN", "[attack]") {
  const Recorder r = simulate(campaign_region(2 * 1.25e6, 2.5e6));
  CHECK(r.of("ddos_start").size() == 3);
  CHECK(r.of("state:DOWN").empty());
}

}  // namespace hospsim
