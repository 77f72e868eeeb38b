// Cyberattack mechanisms of the IT layer: ransomware plans and DDoS campaign waves.
//
// Both are planned up front from the scenario, the run seed and the injection's drawn start time, as plain
// data (no SimGrid), so the mechanism can be tested by hand computation; the IT model's injector then applies
// the plan at its times (src/it/injections.cc). docs/model.md ("Ransomware", "DDoS campaigns") describes the
// model in words. Times are simulated seconds since the scenario's start.
//
// Random draws come from CRN streams named after the injection and the entity:
//   ransomware/<id>/spread/<from>/<to>  per directed edge: transmits? (bernoulli), then the delay
//   ransomware/<id>/dwell/<host>        infection -> encryption
//   ransomware/<id>/detect              detection delay from the first infection
//   ransomware/<id>/containment         detection -> containment, then containment -> release
//   ransomware/<id>/forensics           containment -> restoration starts
//   ransomware/<id>/restore/<host>      time to restore the host
//   injection/<id>/waves                (ddos_campaign) wave by wave: after, then duration
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "hospsim/events.h"
#include "hospsim/scenario.h"

namespace hospsim {

// One thing a ransomware attack does at a time. Applied in vector order.
struct AttackStep {
  Seconds time = 0.0;
  InfrastructureKind kind =
      InfrastructureKind::kInfected;  // one of the ransomware steps (kInfected .. kReleased)
  std::string target;  // a data centre or hospital id; the injection id for kDetected and kContained
  std::string detail;
  // -1: the attack turns the target's IT hosts off now (data centre hosts or the hospital's endpoints);
  // +1: the attack lets them on again (every -1 of a target is followed by at most one +1); 0: no change.
  int power = 0;
};

struct RansomwarePlan {
  std::vector<AttackStep> steps;            // by time; at equal times in the order of InfrastructureKind
  std::map<std::string, Seconds> infected;  // host -> infection time
  Seconds detected = std::numeric_limits<double>::infinity();   // +inf: never detected
  Seconds contained = std::numeric_limits<double>::infinity();  // spread stops here
};

// The hosts a ransomware attack can reach from `host` in one step: over the network (when `over_network`:
// hosts joined by a link or by a chain of links whose inner nodes are routers) and over trust edges, minus
// blocked edges and edges between hosts that share no zone. Sorted by id. Hosts are data centre and hospital
// ids.
std::vector<std::string> ransomware_neighbours(const Scenario& scenario, const RansomwareSpec& spec,
                                               const std::string& host);

// The plan of ransomware `injection` starting at `at`. REQUIRES: injection.kind == kRansomware and
// injection.ransomware is set (the loader guarantees both).
//   - Entry hosts (targets) are infected at `at`. An infected host u infects each neighbour v whose edge
//     transmits (probability) at t(u) + delay(u, v); a host's infection time is the earliest such time
//     (Dijkstra over the transmitting edges), for times before containment.
//   - Detection at `at` + detect_after; containment at detection + containment.after; restoration starts at
//     containment + forensics; hosts are restored data centres first, then hospitals, by id, by team_size
//     workers in parallel (each takes the next host as soon as it is free), each taking its per_host draw.
//   - An infected host is encrypted at infection + dwell unless it was isolated or its restoration began
//     before then. Encryption and isolation turn the host off; restoration (infected hosts) or release
//     (healthy isolated hosts: containment + release_after, or when the last infected host is restored)
//     turns it on again.
RansomwarePlan plan_ransomware(const Scenario& scenario, const Injection& injection, Seconds at,
                               std::uint64_t seed);

// One wave of a DDoS campaign expanded to absolute times.
struct PlannedWave {
  Seconds start = 0.0;
  Seconds end = 0.0;
  std::vector<std::string> targets;  // link ids
  double traffic = 0.0;              // bytes/s on each target
};

// The waves of ddos_campaign `injection` whose campaign starts at `at`, drawn from the stream
// "injection/<id>/waves", wave by wave (after, then duration). Waves are in the order of the file.
// REQUIRES: injection.kind == kDdosCampaign.
std::vector<PlannedWave> plan_ddos_campaign(const Injection& injection, Seconds at, std::uint64_t seed);

// Attack traffic that reaches a link when `offered` bytes/s are sent at it and `scrubbing` bytes/s can be
// removed upstream: max(0, offered - scrubbing).
double scrubbed_traffic(double offered, double scrubbing);

}  // namespace hospsim
