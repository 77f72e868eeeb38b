// Tests of the platform layer: redundant paths over the link graph, and the built SimGrid platform.
#include <catch2/catch.hpp>

#include "platform/platform.h"

namespace hospsim {
namespace {

void add_link(Scenario& scenario, const std::string& id, const std::string& a, const std::string& b,
              Seconds latency, const std::string& carrier = "") {
  Link link;
  link.id = id;
  link.between = {a, b};
  link.latency = latency;
  link.bandwidth = 1e6;
  link.carrier = carrier;
  scenario.network.links[id] = link;
}

TEST_CASE("platform::paths: two carriers give two disjoint paths, shortest first", "[platform]") {
  Scenario scenario;
  add_link(scenario, "b1", "h", "r2", 0.004, "B");
  add_link(scenario, "b2", "r2", "dc", 0.004, "B");
  add_link(scenario, "a1", "h", "r1", 0.002, "A");
  add_link(scenario, "a2", "dc", "r1", 0.002, "A");
  const auto paths = find_paths(scenario, "h", "dc");
  REQUIRE(paths.size() == 2);
  CHECK(paths[0].links == std::vector<std::string>{"a1", "a2"});
  CHECK(paths[0].forward == std::vector<bool>{true, false});
  CHECK(paths[0].latency == Approx(0.004));
  CHECK(paths[1].links == std::vector<std::string>{"b1", "b2"});
  CHECK(paths[1].latency == Approx(0.008));
  // The reverse direction crosses the same links the other way.
  const auto back = find_paths(scenario, "dc", "h");
  REQUIRE(back.size() == 2);
  CHECK(back[0].links == std::vector<std::string>{"a2", "a1"});
  CHECK(back[0].forward == std::vector<bool>{true, false});
}

TEST_CASE("platform::paths: a shared access link leaves one disjoint path", "[platform]") {
  Scenario scenario;
  add_link(scenario, "access", "h", "r", 0.001);
  add_link(scenario, "x", "r", "dc", 0.002);
  add_link(scenario, "y", "r", "dc", 0.003);
  const auto paths = find_paths(scenario, "h", "dc");
  REQUIRE(paths.size() == 1);
  CHECK(paths[0].links == std::vector<std::string>{"access", "x"});
}

TEST_CASE("platform::paths: unconnected nodes have no path", "[platform]") {
  Scenario scenario;
  add_link(scenario, "l", "h", "r", 0.001);
  CHECK(find_paths(scenario, "h", "dc").empty());
  CHECK(find_paths(scenario, "h", "h").empty());
}

TEST_CASE("platform::build: hosts, routes and textbook transfer times", "[platform]") {
  Scenario scenario;
  scenario.datacenters["dc"] = Datacenter{"dc", "dc", std::nullopt, 1e9, false};
  scenario.datacenters["cold"] = Datacenter{"cold", "cold", std::nullopt, 1e9, true};
  Hospital hospital;
  hospital.id = "h";
  hospital.uses = {"ehr"};
  scenario.hospitals["h"] = hospital;
  Service& service = scenario.services["ehr"];
  service.id = "ehr";
  service.hosted_on = "dc";
  service.standby = "cold";
  add_link(scenario, "a1", "h", "r1", 0.01, "A");
  add_link(scenario, "a2", "r1", "dc", 0.02, "A");
  add_link(scenario, "b1", "h", "r2", 0.05, "B");
  add_link(scenario, "b2", "r2", "dc", 0.05, "B");
  add_link(scenario, "s", "r1", "cold", 0.01, "A");

  auto engine = create_engine();
  Platform platform = build_platform(scenario);
  REQUIRE(platform.control_host() != nullptr);
  REQUIRE(platform.clinic_host("h") != nullptr);
  CHECK(platform.endpoint_hosts("h").size() == 2);
  CHECK(platform.paths("h", "dc").size() == 2);
  CHECK(platform.paths("h", "cold").size() == 1);
  CHECK(platform.paths("cold", "dc").size() == 1);
  CHECK(platform.link("a1") != nullptr);
  CHECK(platform.link("nope") == nullptr);
  CHECK(platform.datacenter_host("dc")->is_on());
  CHECK_FALSE(platform.datacenter_host("cold")->is_on());
  CHECK(platform.ops_host("cold", 0)->is_on());

  double over_a = -1;
  double over_b = -1;
  double back_a = -1;
  simgrid::s4u::Actor::create("probe", platform.control_host(), [&] {
    namespace sg4 = simgrid::s4u;
    double t0 = sg4::Engine::get_clock();
    sg4::Comm::sendto(platform.endpoint_host("h", 0), platform.datacenter_host("dc"), 1000000);
    over_a = sg4::Engine::get_clock() - t0;
    t0 = sg4::Engine::get_clock();
    sg4::Comm::sendto(platform.endpoint_host("h", 1), platform.datacenter_host("dc"), 1000000);
    over_b = sg4::Engine::get_clock() - t0;
    t0 = sg4::Engine::get_clock();
    sg4::Comm::sendto(platform.datacenter_host("dc"), platform.endpoint_host("h", 0), 500000);
    back_a = sg4::Engine::get_clock() - t0;
  });
  engine->run();
  // latency + bytes / bandwidth: 0.03 + 1 s, 0.1 + 1 s, 0.03 + 0.5 s.
  CHECK(over_a == Approx(1.03).margin(1e-9));
  CHECK(over_b == Approx(1.10).margin(1e-9));
  CHECK(back_a == Approx(0.53).margin(1e-9));
}

}  // namespace
}  // namespace hospsim
