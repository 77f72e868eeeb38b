// The SimGrid platform of a scenario: hosts, telecom links and static routes, built in code.
//
// What is built (host names in brackets; ids are the scenario's):
//   - a host per data centre [dc:<id>] with the scenario's speed (flops/s): services run their work there;
//     turned off at t=0 when the data centre `starts_off` (cold standby);
//   - per data centre, management hosts [ops:<id>#<k>] at the same network position, one per redundant path
//     k: the failover orchestrator's probes leave from there (they stay on when a cold standby is off);
//   - per hospital, IT endpoint hosts [it:<id>#<k>], one per redundant path k: the hospital's requests leave
//     from there; an injected host_down of the hospital turns them off;
//   - per hospital, a clinic host [clinic:<id>]: clinical actors and the hospital's IT client actors live
//     there; IT faults never turn it off;
//   - a control host [control] that never fails: horizon, injector and run-driver actors live there;
//   - per link targeted by a ddos injection, two attack hosts [ddos:<link>:a] and [ddos:<link>:b] and a
//     private feeder link [ddos:<link>:feed] (latency 0): their route is the feeder then the target link, so
//     attack flows cross only the target among the scenario's links. The feeder's bandwidth is set to the
//     attack's traffic when it starts: it caps the attack flows (SimGrid 3.32 ignores Comm::set_rate on
//     host-to-host transfers, so this is how the attack rate is limited);
//   - a split-duplex SimGrid link per scenario link (each direction has the full bandwidth, as the scenario
//     format says), named after the link id.
// Routes are static in SimGrid (a route over a down link fails; nothing re-routes), so redundancy is modelled
// explicitly: for each (hospital, data centre) pair the hospital may need, and for each (standby, primary)
// data-centre pair of a service with a standby, find_paths() computes up to kMaxPaths link-disjoint paths,
// shortest one-way latency first; path k is the route between endpoint #k and the destination data centre.
// The IT layer decides which path a client uses (see src/it/it_model.h).
//
// Network model: CM02 with cross-traffic off and the TCP window bound off (network/TCP-gamma:0), so a
// transfer of S bytes over a route takes exactly sum(latency) + S / min(bandwidth) when alone, and flows
// share bandwidth max-min fairly. configure_engine() sets this; it must run before build_platform().
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <simgrid/s4u.hpp>

#include "hospsim/scenario.h"

namespace hospsim {

// At most this many link-disjoint paths are kept per pair of nodes.
inline constexpr int kMaxPaths = 3;

// A path over the scenario's link graph between two nodes (hospital, data centre or router ids).
struct NetworkPath {
  std::vector<std::string> links;  // link ids in order from the first node to the second
  std::vector<bool> forward;       // forward[i]: links[i] is crossed from between[0] to between[1]
  Seconds latency = 0.0;           // sum of the links' one-way latencies
};

// Up to `max_paths` link-disjoint paths from `from` to `to` over scenario.network.links, shortest latency
// first (Dijkstra, then the path's links are removed and the search repeated). Any node may be a transit
// node. Ties are broken by node id, so the result is deterministic. Empty when the nodes are not connected
// or from == to. Pure: needs no Engine.
std::vector<NetworkPath> find_paths(const Scenario& scenario, const std::string& from, const std::string& to,
                                    int max_paths = kMaxPaths);

// Silences SimGrid's own logging (xbt root threshold "critical"), creates the Engine and sets the network
// model described above. Call once per process, before anything else touches SimGrid; `extra_config` holds
// more "name:value" SimGrid options (e.g. "contexts/stack-size:64").
std::unique_ptr<simgrid::s4u::Engine> create_engine(const std::vector<std::string>& extra_config = {});

// Sets the network model options on an Engine created elsewhere. REQUIRES: no platform built yet.
void configure_engine();

// The built platform. Owns nothing: SimGrid owns hosts and links; the pointers stay valid while the Engine
// lives. Lookups by unknown id return nullptr (or an empty vector).
class Platform {
 public:
  simgrid::s4u::Host* control_host() const { return control_; }
  // The service host of a data centre.
  simgrid::s4u::Host* datacenter_host(const std::string& datacenter) const;
  // Management host #k of a data centre (source of the orchestrator's probes over path k).
  simgrid::s4u::Host* ops_host(const std::string& datacenter, int k) const;
  const std::vector<simgrid::s4u::Host*>& ops_hosts(const std::string& datacenter) const;
  simgrid::s4u::Host* clinic_host(const std::string& hospital) const;
  // IT endpoint #k of a hospital (source of its requests over path k).
  simgrid::s4u::Host* endpoint_host(const std::string& hospital, int k) const;
  const std::vector<simgrid::s4u::Host*>& endpoint_hosts(const std::string& hospital) const;
  // The split-duplex link of a scenario link.
  simgrid::s4u::SplitDuplexLink* link(const std::string& id) const;
  // The two attack hosts of a ddos-targeted link: first -> second crosses it from between[0] to between[1].
  std::pair<simgrid::s4u::Host*, simgrid::s4u::Host*> attack_hosts(const std::string& link) const;
  // The feeder link in front of a ddos-targeted link (nullptr for other links).
  simgrid::s4u::SplitDuplexLink* attack_feed(const std::string& link) const;
  // The paths built between `from` (hospital or data centre) and data centre `to`; route k joins endpoint
  // (or ops host) #k of `from` to the data centre host of `to`. Empty when none was needed or none exists.
  const std::vector<NetworkPath>& paths(const std::string& from, const std::string& to) const;

 private:
  friend Platform build_platform(const Scenario& scenario);

  simgrid::s4u::Host* control_ = nullptr;
  std::map<std::string, simgrid::s4u::Host*> datacenters_;
  std::map<std::string, std::vector<simgrid::s4u::Host*>> ops_;
  std::map<std::string, simgrid::s4u::Host*> clinics_;
  std::map<std::string, std::vector<simgrid::s4u::Host*>> endpoints_;
  std::map<std::string, simgrid::s4u::SplitDuplexLink*> links_;
  std::map<std::string, std::pair<simgrid::s4u::Host*, simgrid::s4u::Host*>> attack_;
  std::map<std::string, simgrid::s4u::SplitDuplexLink*> attack_feeds_;
  std::map<std::pair<std::string, std::string>, std::vector<NetworkPath>> paths_;
};

// Builds the platform of a validated scenario in one full zone named "hospsim" and seals it.
// REQUIRES: an Engine exists, configured by configure_engine() (create_engine() does both), and no platform
// was built in this process. Data centres with `starts_off` are turned off after sealing.
Platform build_platform(const Scenario& scenario);

}  // namespace hospsim
