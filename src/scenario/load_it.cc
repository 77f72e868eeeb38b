// The IT sections of a scenario: /datacenters, /network (routers, links) and /services.

#include "scenario/scenario_reader.h"

#include <algorithm>

namespace hospsim::loader {
namespace {

// What the engine represents exactly (SimGrid carries bytes as 64-bit integers and rates as doubles); larger
// values were silently wrapped (10000000TB became 0 bytes). Far beyond any hospital network.
constexpr double kMaxBytes = 1e15;  // per request or response
constexpr const char* kMaxBytesText = "1PB";
constexpr double kMaxWork = 1e18;  // flops per request
constexpr const char* kMaxWorkText = "1Ef";
// Shorter probe periods and timeouts only make a run endless (1 ms probes did not finish in 120 s).
constexpr double kMinProbeEvery = 1;  // seconds
constexpr const char* kMinProbeEveryText = "1s";
constexpr double kMinTimeout = 0.01;
constexpr const char* kMinTimeoutText = "10ms";
constexpr int kMaxLinks = 100000;

}  // namespace

void load_datacenters(ScenarioReader& in, const json& root, Scenario& scenario) {
  const json* collection = in.member(root, "datacenters");
  if (collection == nullptr) return;
  for (const std::string& id :
       in.check_collection(*collection, "/datacenters", "data centres", kMaxEntities)) {
    const std::string at = "/datacenters/" + id;
    const json& value = (*collection)[id];
    if (!in.check_object(value, at, "/datacenters/*")) continue;
    Datacenter datacenter;
    datacenter.id = id;
    datacenter.name = id;
    in.read_string(value, at, "name", datacenter.name, true);
    Location location;
    if (in.read_location(value, at, "location", location)) datacenter.location = location;
    in.read_positive_quantity(value, at, "speed", datacenter.speed, units::parse_work, "a work rate",
                              "\"100Gf\" (flops per second)");
    in.read_bool(value, at, "starts_off", datacenter.starts_off);
    scenario.datacenters[id] = datacenter;
  }
}

void load_network(ScenarioReader& in, const json& root, Scenario& scenario) {
  const json* network = in.member(root, "network");
  if (network == nullptr || !in.check_object(*network, "/network", "/network")) return;
  in.read_duration(*network, "/network", "reroute_after", scenario.network.reroute_after);
  in.read_positive_quantity(*network, "/network", "scrubbing", scenario.network.scrubbing,
                            units::parse_bandwidth, "a bandwidth", "\"8Gbps\"", true, kMaxBandwidth,
                            kMaxBandwidthText);
  if (const json* routers = in.member(*network, "routers")) {
    for (const std::string& id : in.check_collection(*routers, "/network/routers", "routers", kMaxEntities)) {
      const std::string at = "/network/routers/" + id;
      const json& value = (*routers)[id];
      if (!in.check_object(value, at, "/network/routers/*")) continue;
      Router router;
      router.id = id;
      router.name = id;
      in.read_string(value, at, "name", router.name, true);
      Location location;
      if (in.read_location(value, at, "location", location)) router.location = location;
      scenario.network.routers[id] = router;
    }
  }
  if (const json* links = in.member(*network, "links")) {
    for (const std::string& id : in.check_collection(*links, "/network/links", "links", kMaxLinks)) {
      const std::string at = "/network/links/" + id;
      const json& value = (*links)[id];
      if (!in.check_object(value, at, "/network/links/*")) continue;
      Link link;
      link.id = id;
      if (const json* between = in.member(value, "between")) {
        if (!between->is_array() || between->size() != 2) {
          in.problem(at + "/between", "must be [a, b]: two node ids (hospital, data centre or router), got " +
                                          describe(*between));
        } else {
          bool ok = true;
          for (int i = 0; i < 2; ++i) {
            ok &= in.check_reference(at + "/between/" + std::to_string(i), (*between)[i],
                                     {"hospital", "data centre", "router"}, "a link end must be");
            if ((*between)[i].is_string()) link.between[i] = (*between)[i].get<std::string>();
          }
          if (ok && link.between[0] == link.between[1]) {
            in.problem(at + "/between", "a link cannot connect " + units::quote(link.between[0]) +
                                            " to itself; expected two different nodes");
          }
        }
      }
      in.read_positive_quantity(value, at, "bandwidth", link.bandwidth, units::parse_bandwidth, "a bandwidth",
                                "\"10Gbps\"", false, kMaxBandwidth, kMaxBandwidthText);
      in.read_duration(value, at, "latency", link.latency);
      in.read_string(value, at, "carrier", link.carrier);
      scenario.network.links[id] = link;
    }
  }
}

void load_services(ScenarioReader& in, const json& root, Scenario& scenario) {
  const json* collection = in.member(root, "services");
  if (collection == nullptr) return;
  static const std::vector<std::string> kKinds = {"logistics", "ehr", "lab", "pacs", "other"};
  for (const std::string& id : in.check_collection(*collection, "/services", "services", kMaxEntities)) {
    const std::string at = "/services/" + id;
    const json& value = (*collection)[id];
    if (!in.check_object(value, at, "/services/*")) continue;
    Service service;
    service.id = id;
    service.name = id;
    service.kind = "other";
    in.read_string(value, at, "name", service.name, true);
    if (in.read_string(value, at, "kind", service.kind)) {
      (void)in.choice_index(at + "/kind", service.kind, kKinds, "service kind");
    }
    if (const json* hosted_on = in.member(value, "hosted_on")) {
      if (in.check_reference(at + "/hosted_on", *hosted_on, {"data centre"}, "hosted_on must name")) {
        service.hosted_on = hosted_on->get<std::string>();
      }
    }
    if (const json* standby = in.member(value, "standby")) {
      if (in.check_reference(at + "/standby", *standby, {"data centre"}, "standby must name")) {
        service.standby = standby->get<std::string>();
        if (*service.standby == service.hosted_on) {
          in.problem(at + "/standby", "standby " + units::quote(*service.standby) +
                                          " is the primary data centre; expected a different data centre");
        }
      }
    }
    in.read_duration(value, at, "failover_after", service.failover_after);
    if (const json* request = in.member(value, "request")) {
      if (in.check_object(*request, at + "/request", "/services/*/request")) {
        in.read_positive_quantity(*request, at + "/request", "bytes", service.request_bytes,
                                  units::parse_size, "a size", "\"20kB\"", true, kMaxBytes, kMaxBytesText);
        in.read_positive_quantity(*request, at + "/request", "work", service.request_work, units::parse_work,
                                  "an amount of work", "\"2Mf\"", true, kMaxWork, kMaxWorkText);
      }
    }
    in.read_positive_quantity(value, at, "response_bytes", service.response_bytes, units::parse_size,
                              "a size", "\"20kB\"", true, kMaxBytes, kMaxBytesText);
    in.read_duration(value, at, "timeout", service.timeout, true, kMinTimeout, kMinTimeoutText);
    in.read_duration(value, at, "probe_every", service.probe_every, true, kMinProbeEvery, kMinProbeEveryText);
    static const std::vector<std::string> kProbeModes = {"active", "passive"};
    std::string probe = "active";
    if (in.read_string(value, at, "probe", probe)) {
      (void)in.choice_index(at + "/probe", probe, kProbeModes, "probe mode");
      service.passive_probes = probe == "passive";
    }
    scenario.services[id] = service;
  }
}

}  // namespace hospsim::loader
