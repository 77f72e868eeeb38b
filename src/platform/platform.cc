#include "platform/platform.h"

#include <algorithm>
#include <limits>
#include <queue>
#include <set>
#include <tuple>

#include <xbt/log.h>

namespace hospsim {
namespace sg4 = simgrid::s4u;

namespace {

// Speed of hosts that do no modelled work (endpoints, clinics, control): irrelevant but must be positive.
constexpr double kUtilityHostSpeed = 1e9;

// The scenario's link graph with nodes and links by index, built once for all the pairs a platform routes.
// Indices follow the ids' order (nodes sorted by id, links in scenario order, which is by id), so comparing
// indices compares ids: the searches break ties exactly as by id.
class LinkGraph {
 public:
  explicit LinkGraph(const Scenario& scenario) {
    std::set<std::string> names;
    for (const auto& [id, link] : scenario.network.links) {
      names.insert(link.between[0]);
      names.insert(link.between[1]);
    }
    for (const std::string& name : names) nodes_.emplace(name, static_cast<int>(nodes_.size()));
    adjacent_.resize(nodes_.size());
    for (const auto& [id, link] : scenario.network.links) {
      const int index = static_cast<int>(links_.size());
      links_.push_back(&id);
      const int a = nodes_.at(link.between[0]);
      const int b = nodes_.at(link.between[1]);
      adjacent_[a].push_back(Edge{index, b, true, link.latency});
      adjacent_[b].push_back(Edge{index, a, false, link.latency});
    }
    // Equal latencies: visit edges by the id of the node they lead to, then by link id.
    for (std::vector<Edge>& edges : adjacent_) {
      std::sort(edges.begin(), edges.end(),
                [](const Edge& x, const Edge& y) { return std::tie(x.to, x.link) < std::tie(y.to, y.link); });
    }
  }

  // See find_paths() in platform.h.
  std::vector<NetworkPath> paths(const std::string& from, const std::string& to, int max_paths) const {
    std::vector<NetworkPath> paths;
    const auto source = nodes_.find(from);
    const auto target = nodes_.find(to);
    if (from == to || source == nodes_.end() || target == nodes_.end()) return paths;
    std::vector<char> removed(links_.size(), 0);
    while (static_cast<int>(paths.size()) < max_paths) {
      NetworkPath path;
      if (!shortest_path(removed, source->second, target->second, &path)) break;
      paths.push_back(std::move(path));
    }
    return paths;
  }

 private:
  struct Edge {
    int link;
    int to;
    bool forward;
    Seconds latency;
  };

  // One Dijkstra search that ignores the links marked in `removed`, then marks the path's links. Returns
  // false when `to` is unreachable.
  bool shortest_path(std::vector<char>& removed, int from, int to, NetworkPath* path) const {
    struct Previous {
      int node = -1;
      const Edge* edge = nullptr;
    };
    const std::size_t n = adjacent_.size();
    std::vector<Seconds> distance(n, std::numeric_limits<Seconds>::infinity());
    std::vector<Previous> previous(n);
    std::vector<char> done(n, 0);
    using Item = std::pair<Seconds, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    distance[from] = 0.0;
    queue.push({0.0, from});
    while (!queue.empty()) {
      const auto [dist, node] = queue.top();
      queue.pop();
      if (done[node]) continue;
      done[node] = 1;
      if (node == to) break;
      for (const Edge& edge : adjacent_[node]) {
        if (removed[edge.link] || done[edge.to]) continue;
        const Seconds candidate = dist + edge.latency;
        if (candidate < distance[edge.to]) {
          distance[edge.to] = candidate;
          previous[edge.to] = Previous{node, &edge};
          queue.push({candidate, edge.to});
        }
      }
    }
    if (!done[to]) return false;
    path->latency = distance[to];
    for (int node = to; node != from; node = previous[node].node) {
      const Edge& edge = *previous[node].edge;
      path->links.push_back(*links_[edge.link]);
      path->forward.push_back(edge.forward);
      removed[edge.link] = 1;
    }
    std::reverse(path->links.begin(), path->links.end());
    std::reverse(path->forward.begin(), path->forward.end());
    return true;
  }

  std::map<std::string, int> nodes_;
  std::vector<const std::string*> links_;  // link ids by index
  std::vector<std::vector<Edge>> adjacent_;
};

std::vector<sg4::LinkInRoute> route_links(const Platform& platform, const NetworkPath& path) {
  std::vector<sg4::LinkInRoute> links;
  for (size_t i = 0; i < path.links.size(); ++i) {
    links.emplace_back(platform.link(path.links[i]),
                       path.forward[i] ? sg4::LinkInRoute::Direction::UP : sg4::LinkInRoute::Direction::DOWN);
  }
  return links;
}

// The lookups of Platform: the value at `key`, or none (nullptr, a pair of nullptrs, an empty list).
template <typename Map>
typename Map::mapped_type value_or_none(const Map& map, const typename Map::key_type& key) {
  const auto found = map.find(key);
  return found == map.end() ? typename Map::mapped_type{} : found->second;
}

template <typename Map>
const typename Map::mapped_type& list_or_empty(const Map& map, const typename Map::key_type& key) {
  static const typename Map::mapped_type kNone;
  const auto found = map.find(key);
  return found == map.end() ? kNone : found->second;
}

sg4::Host* host_at(const std::vector<sg4::Host*>& hosts, int k) {
  return k >= 0 && k < static_cast<int>(hosts.size()) ? hosts[static_cast<std::size_t>(k)] : nullptr;
}

}  // namespace

std::vector<NetworkPath> find_paths(const Scenario& scenario, const std::string& from, const std::string& to,
                                    int max_paths) {
  return LinkGraph(scenario).paths(from, to, max_paths);
}

void configure_engine() {
  sg4::Engine::set_config("network/model:CM02");
  sg4::Engine::set_config("network/crosstraffic:0");
  sg4::Engine::set_config("network/TCP-gamma:0");
}

std::unique_ptr<sg4::Engine> create_engine(const std::vector<std::string>& extra_config) {
  xbt_log_control_set("root.thres:critical");
  auto engine = std::make_unique<sg4::Engine>("hospsim");
  configure_engine();
  for (const std::string& option : extra_config) sg4::Engine::set_config(option);
  return engine;
}

sg4::Host* Platform::datacenter_host(const std::string& datacenter) const {
  return value_or_none(datacenters_, datacenter);
}

const std::vector<sg4::Host*>& Platform::ops_hosts(const std::string& datacenter) const {
  return list_or_empty(ops_, datacenter);
}

sg4::Host* Platform::ops_host(const std::string& datacenter, int k) const {
  return host_at(ops_hosts(datacenter), k);
}

sg4::Host* Platform::clinic_host(const std::string& hospital) const {
  return value_or_none(clinics_, hospital);
}

const std::vector<sg4::Host*>& Platform::endpoint_hosts(const std::string& hospital) const {
  return list_or_empty(endpoints_, hospital);
}

sg4::Host* Platform::endpoint_host(const std::string& hospital, int k) const {
  return host_at(endpoint_hosts(hospital), k);
}

sg4::SplitDuplexLink* Platform::link(const std::string& id) const { return value_or_none(links_, id); }

std::pair<sg4::Host*, sg4::Host*> Platform::attack_hosts(const std::string& link) const {
  return value_or_none(attack_, link);
}

sg4::SplitDuplexLink* Platform::attack_feed(const std::string& link) const {
  return value_or_none(attack_feeds_, link);
}

const std::vector<NetworkPath>& Platform::paths(const std::string& from, const std::string& to) const {
  return list_or_empty(paths_, {from, to});
}

Platform build_platform(const Scenario& scenario) {
  Platform platform;
  sg4::NetZone* zone = sg4::create_full_zone("hospsim");

  // Which (source, data centre) pairs need routes: hospitals to the data centres of the services they use,
  // standby data centres to their primaries (the orchestrator's probes).
  for (const auto& [hospital_id, hospital] : scenario.hospitals) {
    for (const std::string& service_id : hospital.uses) {
      auto service = scenario.services.find(service_id);
      if (service == scenario.services.end()) continue;
      platform.paths_[{hospital_id, service->second.hosted_on}];
      if (service->second.standby) platform.paths_[{hospital_id, *service->second.standby}];
    }
  }
  for (const auto& [service_id, service] : scenario.services) {
    if (service.standby && *service.standby != service.hosted_on) {
      platform.paths_[{*service.standby, service.hosted_on}];
    }
  }
  std::map<std::string, int> sources;  // node -> number of endpoint/ops hosts it needs
  const LinkGraph graph(scenario);
  for (auto& [pair, paths] : platform.paths_) {
    paths = graph.paths(pair.first, pair.second, kMaxPaths);
    int& count = sources[pair.first];
    count = std::max<int>(count, static_cast<int>(paths.size()));
  }

  platform.control_ = zone->create_host("control", kUtilityHostSpeed)->seal();
  for (const auto& [id, datacenter] : scenario.datacenters) {
    platform.datacenters_[id] = zone->create_host("dc:" + id, datacenter.speed)->seal();
    const int count = std::max(1, sources[id]);
    for (int k = 0; k < count; ++k) {
      platform.ops_[id].push_back(
          zone->create_host("ops:" + id + "#" + std::to_string(k), kUtilityHostSpeed)->seal());
    }
  }
  for (const auto& [id, hospital] : scenario.hospitals) {
    platform.clinics_[id] = zone->create_host("clinic:" + id, kUtilityHostSpeed)->seal();
    const int count = std::max(1, sources[id]);
    for (int k = 0; k < count; ++k) {
      platform.endpoints_[id].push_back(
          zone->create_host("it:" + id + "#" + std::to_string(k), kUtilityHostSpeed)->seal());
    }
  }
  for (const auto& [id, link] : scenario.network.links) {
    sg4::SplitDuplexLink* created = zone->create_split_duplex_link(id, link.bandwidth);
    created->set_latency(link.latency);
    created->seal();
    platform.links_[id] = created;
  }

  for (const auto& [pair, paths] : platform.paths_) {
    sg4::Host* destination = platform.datacenter_host(pair.second);
    const bool from_hospital = scenario.hospitals.count(pair.first) > 0;
    for (int k = 0; k < static_cast<int>(paths.size()); ++k) {
      sg4::Host* source =
          from_hospital ? platform.endpoint_host(pair.first, k) : platform.ops_host(pair.first, k);
      zone->add_route(source->get_netpoint(), destination->get_netpoint(), nullptr, nullptr,
                      route_links(platform, paths[k]), true);
    }
  }

  std::set<std::string> attacked;
  for (const auto& [id, injection] : scenario.injections) {
    for (const DdosWave& wave : injection.waves) {  // ddos_campaign waves are ddos injections too
      for (const std::string& target : wave.targets) {
        if (scenario.network.links.count(target)) attacked.insert(target);
      }
    }
    if (injection.kind != InjectionKind::kDdos) continue;
    for (const std::string& target : injection.targets) {
      if (scenario.network.links.count(target)) attacked.insert(target);
    }
  }
  for (const std::string& link : attacked) {
    sg4::Host* a = zone->create_host("ddos:" + link + ":a", kUtilityHostSpeed)->seal();
    sg4::Host* b = zone->create_host("ddos:" + link + ":b", kUtilityHostSpeed)->seal();
    sg4::SplitDuplexLink* feed = zone->create_split_duplex_link("ddos:" + link + ":feed", 1.0);
    feed->set_latency(0.0);
    feed->seal();
    zone->add_route(a->get_netpoint(), b->get_netpoint(), nullptr, nullptr,
                    {sg4::LinkInRoute(feed, sg4::LinkInRoute::Direction::UP),
                     sg4::LinkInRoute(platform.link(link), sg4::LinkInRoute::Direction::UP)},
                    true);
    platform.attack_[link] = {a, b};
    platform.attack_feeds_[link] = feed;
  }
  zone->seal();

  for (const auto& [id, datacenter] : scenario.datacenters) {
    if (datacenter.starts_off) platform.datacenters_[id]->turn_off();
  }
  return platform;
}

}  // namespace hospsim
