#include "it/attack.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>

#include <fmt/format.h>

#include "hospsim/random.h"

namespace hospsim {
namespace {

constexpr Seconds kNever = std::numeric_limits<double>::infinity();

bool is_host(const Scenario& scenario, const std::string& id) {
  return scenario.datacenters.count(id) > 0 || scenario.hospitals.count(id) > 0;
}

// The zones a host belongs to ("" = the implicit default zone of hosts listed in none).
std::set<std::string> zones_of(const RansomwareSpec& spec, const std::string& host) {
  std::set<std::string> zones;
  for (const auto& [zone, members] : spec.zones) {
    if (std::find(members.begin(), members.end(), host) != members.end()) zones.insert(zone);
  }
  if (zones.empty()) zones.insert("");
  return zones;
}

bool edge_allowed(const RansomwareSpec& spec, const std::string& a, const std::string& b) {
  for (const auto& pair : spec.blocked) {
    if ((pair[0] == a && pair[1] == b) || (pair[0] == b && pair[1] == a)) return false;
  }
  const std::set<std::string> zones_a = zones_of(spec, a);
  for (const std::string& zone : zones_of(spec, b)) {
    if (zones_a.count(zone)) return true;
  }
  return false;
}

std::string format_hours(Seconds seconds) { return fmt::format("{:.4g} h", seconds / kHour); }

}  // namespace

double scrubbed_traffic(double offered, double scrubbing) { return std::max(0.0, offered - scrubbing); }

std::vector<std::string> ransomware_neighbours(const Scenario& scenario, const RansomwareSpec& spec,
                                               const std::string& host) {
  std::set<std::string> found;
  if (spec.over_network) {
    // Breadth-first over links; routers are passed through, hosts end the walk.
    std::map<std::string, std::vector<std::string>> adjacent;
    for (const auto& [id, link] : scenario.network.links) {
      adjacent[link.between[0]].push_back(link.between[1]);
      adjacent[link.between[1]].push_back(link.between[0]);
    }
    std::set<std::string> seen{host};
    std::vector<std::string> frontier{host};
    while (!frontier.empty()) {
      std::vector<std::string> next;
      for (const std::string& node : frontier) {
        for (const std::string& other : adjacent[node]) {
          if (!seen.insert(other).second) continue;
          if (is_host(scenario, other)) {
            found.insert(other);
          } else if (scenario.network.routers.count(other)) {
            next.push_back(other);
          }
        }
      }
      frontier = std::move(next);
    }
  }
  for (const auto& pair : spec.trust) {
    if (pair[0] == host) found.insert(pair[1]);
    if (pair[1] == host) found.insert(pair[0]);
  }
  std::vector<std::string> neighbours;
  for (const std::string& other : found) {
    if (other != host && edge_allowed(spec, host, other)) neighbours.push_back(other);
  }
  return neighbours;
}

namespace {

// The spread: Dijkstra over the edges that transmit, with per-edge delays, cut at containment. Fills
// plan.infected and returns who infected each host that is not an entry host.
std::map<std::string, std::string> spread(const Scenario& scenario, const Injection& injection, Seconds at,
                                          std::uint64_t seed, RansomwarePlan& plan) {
  const RansomwareSpec& spec = *injection.ransomware;
  const std::string prefix = "ransomware/" + injection.id + "/";
  using Entry = std::pair<Seconds, std::string>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
  std::map<std::string, Seconds> best;
  for (const std::string& target : injection.targets) {
    if (!is_host(scenario, target) || best.count(target)) continue;
    best[target] = at;
    queue.push({at, target});
  }
  std::map<std::string, std::string> infected_by;
  while (!queue.empty()) {
    const auto [time, host] = queue.top();
    queue.pop();
    if (plan.infected.count(host) || time > best[host]) continue;
    plan.infected[host] = time;
    for (const std::string& neighbour : ransomware_neighbours(scenario, spec, host)) {
      if (plan.infected.count(neighbour)) continue;
      RandomStream edge(seed, prefix + "spread/" + host + "/" + neighbour);
      if (!edge.bernoulli(spec.spread_probability)) continue;
      const Seconds reached = time + std::max(0.0, edge.sample(spec.spread_delay));
      if (reached >= plan.contained) continue;
      auto known = best.find(neighbour);
      if (known != best.end() && known->second <= reached) continue;
      best[neighbour] = reached;
      infected_by[neighbour] = host;
      queue.push({reached, neighbour});
    }
  }
  return infected_by;
}

// The hosts isolated at containment.
std::set<std::string> isolated_hosts(const Scenario& scenario, const RansomwareSpec& spec,
                                     const RansomwarePlan& plan) {
  std::set<std::string> isolated;
  switch (spec.isolate) {
    case IsolationPolicy::kNone:
      break;
    case IsolationPolicy::kListed:
      isolated.insert(spec.isolate_ids.begin(), spec.isolate_ids.end());
      [[fallthrough]];
    case IsolationPolicy::kInfected:
      for (const auto& [host, time] : plan.infected) isolated.insert(host);
      break;
    case IsolationPolicy::kAll:
      for (const auto& [id, datacenter] : scenario.datacenters) isolated.insert(id);
      for (const auto& [id, hospital] : scenario.hospitals) isolated.insert(id);
      break;
  }
  return isolated;
}

// Restoration after forensics: data centres first, then hospitals, by id; team_size workers, each taking
// the next host as soon as it is free. host -> (start, end); `last_restored` is the end of the last one.
struct Restoration {
  std::map<std::string, std::pair<Seconds, Seconds>> windows;
  Seconds last_restored = kNever;
};

Restoration restoration_of(const Scenario& scenario, const Injection& injection, std::uint64_t seed,
                           const RansomwarePlan& plan) {
  const RansomwareSpec& spec = *injection.ransomware;
  const std::string prefix = "ransomware/" + injection.id + "/";
  Restoration restoration;
  std::map<std::string, std::pair<Seconds, Seconds>>& windows = restoration.windows;
  Seconds& last_restored = restoration.last_restored;
  RandomStream forensics(seed, prefix + "forensics");
  const Seconds begin = plan.contained + std::max(0.0, forensics.sample(spec.forensics));
  std::vector<std::string> order;
  for (const auto& [host, time] : plan.infected) {
    if (scenario.datacenters.count(host)) order.push_back(host);
  }
  for (const auto& [host, time] : plan.infected) {
    if (!scenario.datacenters.count(host)) order.push_back(host);
  }
  std::priority_queue<Seconds, std::vector<Seconds>, std::greater<Seconds>> free_at;
  for (int i = 0; i < spec.team_size; ++i) free_at.push(begin);
  last_restored = begin;
  for (const std::string& host : order) {
    const Seconds start = free_at.top();
    free_at.pop();
    RandomStream work(seed, prefix + "restore/" + host);
    const Seconds end = start + std::max(0.0, work.sample(spec.per_host));
    windows[host] = {start, end};
    free_at.push(end);
    last_restored = std::max(last_restored, end);
  }
  return restoration;
}

// The steps, grouped by kind in the order of InfrastructureKind (sorted by time by the caller).
std::vector<AttackStep> steps_of(const Injection& injection, Seconds at, std::uint64_t seed,
                                 const RansomwarePlan& plan,
                                 const std::map<std::string, std::string>& infected_by,
                                 const std::set<std::string>& isolated,
                                 const std::map<std::string, std::pair<Seconds, Seconds>>& restoration,
                                 Seconds release) {
  const RansomwareSpec& spec = *injection.ransomware;
  const std::string prefix = "ransomware/" + injection.id + "/";
  const bool contains = plan.contained < kNever;
  std::vector<AttackStep> steps;
  std::map<std::string, bool> off;  // host -> held off by this attack
  for (const auto& [host, time] : plan.infected) {
    auto source = infected_by.find(host);
    steps.push_back({time, InfrastructureKind::kInfected, host,
                     source == infected_by.end()
                         ? fmt::format("injection {}: entry host", injection.id)
                         : fmt::format("injection {}: from {}", injection.id, source->second),
                     0});
  }
  for (const auto& [host, time] : plan.infected) {
    RandomStream dwell(seed, prefix + "dwell/" + host);
    const Seconds encrypt = time + std::max(0.0, dwell.sample(spec.dwell));
    Seconds preempted = kNever;
    if (isolated.count(host)) preempted = plan.contained;
    if (auto r = restoration.find(host); r != restoration.end())
      preempted = std::min(preempted, r->second.first);
    if (encrypt >= preempted) continue;
    steps.push_back({encrypt, InfrastructureKind::kEncrypted, host,
                     fmt::format("injection {}: host encrypted", injection.id), -1});
    off[host] = true;
  }
  if (plan.detected < kNever) {
    steps.push_back(
        {plan.detected, InfrastructureKind::kDetected, injection.id,
         fmt::format("injection {}: {} host(s) infected so far; detected {} after the first infection",
                     injection.id,
                     std::count_if(plan.infected.begin(), plan.infected.end(),
                                   [&](const auto& item) { return item.second <= plan.detected; }),
                     format_hours(plan.detected - at)),
         0});
  }
  if (contains) {
    steps.push_back({plan.contained, InfrastructureKind::kContained, injection.id,
                     fmt::format("injection {}: spread stopped; {} host(s) infected, {} isolated",
                                 injection.id, plan.infected.size(), isolated.size()),
                     0});
    for (const std::string& host : isolated) {
      const bool was_off = off[host];
      steps.push_back({plan.contained, InfrastructureKind::kIsolated, host,
                       fmt::format("injection {}: {} isolated by containment", injection.id,
                                   plan.infected.count(host) ? "infected host" : "healthy host"),
                       was_off ? 0 : -1});
      off[host] = true;
    }
  }
  for (const auto& [host, window] : restoration) {
    steps.push_back({window.first, InfrastructureKind::kRestoreStarted, host,
                     fmt::format("injection {}: restoration started", injection.id), 0});
  }
  for (const auto& [host, window] : restoration) {
    steps.push_back({window.second, InfrastructureKind::kRestored, host,
                     fmt::format("injection {}: restored after {}", injection.id,
                                 format_hours(window.second - window.first)),
                     off[host] ? 1 : 0});
  }
  if (release < kNever) {
    for (const std::string& host : isolated) {
      if (plan.infected.count(host)) continue;
      steps.push_back({std::max(release, plan.contained), InfrastructureKind::kReleased, host,
                       fmt::format("injection {}: healthy host back in service", injection.id), 1});
    }
  }
  return steps;
}

}  // namespace

RansomwarePlan plan_ransomware(const Scenario& scenario, const Injection& injection, Seconds at,
                               std::uint64_t seed) {
  const RansomwareSpec& spec = *injection.ransomware;
  const std::string prefix = "ransomware/" + injection.id + "/";
  RansomwarePlan plan;

  // Detection and containment do not depend on the spread.
  if (spec.detect_after) {
    RandomStream detect(seed, prefix + "detect");
    plan.detected = at + std::max(0.0, detect.sample(*spec.detect_after));
  }
  RandomStream containment(seed, prefix + "containment");
  const Seconds contain_delay = std::max(0.0, containment.sample(spec.containment_after));
  const Seconds release_delay =
      spec.release_after ? std::max(0.0, containment.sample(*spec.release_after)) : kNever;
  plan.contained = plan.detected + contain_delay;

  const std::map<std::string, std::string> infected_by = spread(scenario, injection, at, seed, plan);
  const bool contains = plan.contained < kNever;
  const std::set<std::string> isolated =
      contains ? isolated_hosts(scenario, spec, plan) : std::set<std::string>();
  const Restoration restoration =
      contains && spec.has_restore ? restoration_of(scenario, injection, seed, plan) : Restoration();
  const Seconds release = spec.release_after ? plan.contained + release_delay : restoration.last_restored;

  std::vector<AttackStep> steps =
      steps_of(injection, at, seed, plan, infected_by, isolated, restoration.windows, release);
  std::stable_sort(steps.begin(), steps.end(),
                   [](const AttackStep& a, const AttackStep& b) { return a.time < b.time; });
  plan.steps = std::move(steps);
  return plan;
}

std::vector<PlannedWave> plan_ddos_campaign(const Injection& injection, Seconds at, std::uint64_t seed) {
  RandomStream stream(seed, "injection/" + injection.id + "/waves");
  std::vector<PlannedWave> waves;
  for (const DdosWave& wave : injection.waves) {
    PlannedWave planned;
    planned.start = at + std::max(0.0, stream.sample(wave.after));
    planned.end = planned.start + std::max(0.0, stream.sample(wave.duration));
    planned.targets = wave.targets;
    planned.traffic = wave.traffic;
    waves.push_back(std::move(planned));
  }
  return waves;
}

}  // namespace hospsim
