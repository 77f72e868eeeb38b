// ItModel::Impl: quiet-path elision.
//
// A pair (hospital, service) is quiet when its state is UP, its current path is not failing, and every
// element its requests use is healthy and unannounced: the endpoint and the server host are on, the
// service instance answers, every link of the route is on with its own bandwidth and latency and carries
// no attack; and a request is bound to succeed even if every other pair sharing its links and server asked
// at the same instant (worst_case() < timeout). Pairs sharing a link or a server host form a component;
// a component whose pairs are all quiet is elided: its requests are accounted by advance() (each succeeds
// after its textbook duration) instead of being simulated, so no SimGrid activity is created for them.
// Every other pair is simulated exactly as with elision off, and so are the pairs it could share
// bandwidth or a CPU with. update_modes() re-decides after every change that can make a pair unquiet or
// quiet; changes that injections and attack steps will make are announced `announce_margin` before they
// happen (announce()), so that no elided request is in flight when they happen.
#include "it/it_model_impl.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <simgrid/s4u.hpp>

namespace hospsim {
namespace sg4 = simgrid::s4u;

using it_runtime::Announcement;
using it_runtime::kForever;
using it_runtime::now;

bool ItModel::Impl::link_quiet(const LinkRuntime& link) {
  return link.off_count == 0 && link.announced == 0 && link.degrades.empty() && link.attacks.empty();
}

bool ItModel::Impl::host_quiet(const sg4::Host* host) const {
  if (host == nullptr || !host->is_on()) return false;
  auto it = host_announced.find(host);
  return it == host_announced.end() || it->second == 0;
}

// What the actor would do when woken at `time` with no request in flight: issue a request if a clinical
// request waits or a probe is due (as run_client does), accounted as a success after `duration`.
void ItModel::Impl::lazy_step(Client& client, Seconds time) {
  const Service& service = *client.service->spec;
  bool issue = client.pending;
  if (time >= client.next_probe) {
    if (!service.passive_probes || time - client.last_clinical >= service.probe_every) issue = true;
    client.next_probe +=
        service.probe_every * std::floor((time - client.next_probe) / service.probe_every + 1);
  }
  if (!issue) return;
  client.busy = true;
  client.busy_clinical = client.pending;
  client.busy_until = time + client.duration;
  client.pending = false;
  ++counters.requests;
  ++counters.elided;
}

void ItModel::Impl::complete_elided(Client& client) {
  client.busy = false;
  ++counters.succeeded;
  client.last_success = client.busy_until;
  if (client.busy_clinical) client.last_clinical = client.busy_until;
}

// Accounts an elided pair's requests up to `time`: completions and probes at or before it.
void ItModel::Impl::advance(Client& client, Seconds time) {
  while (true) {
    if (client.busy) {
      if (client.busy_until > time) return;
      complete_elided(client);
      lazy_step(client, client.busy_until);
      continue;
    }
    if (client.next_probe > time) return;
    lazy_step(client, client.next_probe);
  }
}

// The time of a request from clinical work: the clinical calendar may run ahead of the clock while
// nothing can change (quiet_until()).
Seconds ItModel::Impl::request_time() const { return std::max(now(), clinical_time); }

void ItModel::Impl::elided_request(Client& client) {
  const Seconds time = request_time();
  advance(client, time);
  client.pending = true;
  if (!client.busy) lazy_step(client, time);
}

// The client actor's elided interval: from its switch (at the top of its loop, so no simulated request
// of its own is in flight) until update_modes() makes it simulated again.
void ItModel::Impl::elided_interval(Client& client, std::unique_lock<sg4::Mutex>& lock) {
  client.may_elide = false;
  if (client.state != ServiceState::kUp) return;
  client.elided = true;
  --simulated_members;
  client.busy = false;
  lazy_step(client, now());  // a clinical request that waits, or a probe due now
  while (client.elided) client.wake->wait(lock);
  // Simulated again; update_modes() accounted everything before now. A request accounted as started
  // still completes as accounted (no change reaches it: changes are announced more than a timeout ahead).
  if (client.busy) {
    if (client.busy_until > now()) sg4::this_actor::sleep_until(client.busy_until);
    complete_elided(client);
  }
}

void ItModel::Impl::complete_elided(Orchestrator& orchestrator) {
  orchestrator.busy = false;
  ++counters.succeeded;
  orchestrator.service->last_reached = orchestrator.busy_until;
  while (orchestrator.next <= orchestrator.busy_until)
    orchestrator.next += orchestrator.service->spec->probe_every;
}

// Accounts an elided orchestrator's probes up to `time` (each reaches the primary over the first route).
void ItModel::Impl::advance(Orchestrator& orchestrator, Seconds time) {
  while (true) {
    if (orchestrator.busy) {
      if (orchestrator.busy_until > time) return;
      complete_elided(orchestrator);
      continue;
    }
    if (orchestrator.next > time) return;
    orchestrator.busy = true;
    orchestrator.busy_until = orchestrator.next + orchestrator.duration;
    orchestrator.next += orchestrator.service->spec->probe_every;
    ++counters.requests;
    ++counters.elided;
  }
}

void ItModel::Impl::elided_interval(Orchestrator& orchestrator, std::unique_lock<sg4::Mutex>& lock) {
  orchestrator.may_elide = false;
  orchestrator.elided = true;
  --simulated_members;
  orchestrator.busy = false;
  while (orchestrator.elided) orchestrator.wake->wait(lock);
  if (orchestrator.busy) {
    if (orchestrator.busy_until > now()) sg4::this_actor::sleep_until(orchestrator.busy_until);
    complete_elided(orchestrator);
  }
}

// The next wake of the IT actors that apply planned changes; quiet_until() is the earliest.
void ItModel::Impl::sleep_until_planned(std::size_t wake, Seconds time) {
  actor_wakes[wake] = time;
  if (time > now()) sg4::this_actor::sleep_until(time);
  actor_wakes[wake] = now();
}

Seconds ItModel::Impl::quiet_until() const {
  if (!elide || simulated_members > 0) return -kForever;
  Seconds until = scenario.horizon > 0.0 ? scenario.horizon : kForever;
  for (Seconds wake : actor_wakes) until = std::min(until, wake);
  return until;
}

void ItModel::Impl::announce(Announcement& announcement) {
  announcement.in_force = true;
  for (const std::string& link : announcement.links) ++links.at(link).announced;
  for (const sg4::Host* host : announcement.hosts) ++host_announced[host];
  for (const std::string& service : announcement.services) ++services.at(service).announced;
}

void ItModel::Impl::release(Announcement* announcement) {
  if (announcement != nullptr && announcement->in_force) {
    announcement->in_force = false;
    for (const std::string& link : announcement->links) --links.at(link).announced;
    for (const sg4::Host* host : announcement->hosts) --host_announced[host];
    for (const std::string& service : announcement->services) --services.at(service).announced;
  }
  update_modes();
}

// The elements an injection's begin or end changes. nullptr with elision off.
Announcement* ItModel::Impl::plan_announcement(Seconds at, const Injection& injection) {
  if (!elide) return nullptr;
  Announcement& announcement = announcements.emplace_back();
  announcement.at = at;
  for (const std::string& target : injection.targets) {
    if (links.count(target)) announcement.links.push_back(target);
    if (injection.kind == InjectionKind::kHostDown || injection.kind == InjectionKind::kShutdown) {
      for (sg4::Host* host : hosts_of(target)) announcement.hosts.push_back(host);
    }
    if (services.count(target)) announcement.services.push_back(target);
  }
  return &announcement;
}

void ItModel::Impl::run_announcer(std::vector<Announcement*> pending, std::size_t wake) {
  std::stable_sort(pending.begin(), pending.end(),
                   [](const Announcement* a, const Announcement* b) { return a->at < b->at; });
  for (Announcement* announcement : pending) {
    sleep_until_planned(wake, announcement->at - announce_margin);
    announce(*announcement);
    update_modes();
  }
  actor_wakes[wake] = kForever;
}

// Resources: links by index, then the data-centre hosts. Members: clients (in key order), then orchestrators.
void ItModel::Impl::build_modes() {
  modes_stale = false;
  mode_views.clear();
  mode_components.clear();
  const int link_count = static_cast<int>(link_ids.size());
  std::vector<int> parent(link_count + datacenter_ids.size());
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = static_cast<int>(i);
  auto root = [&parent](int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  mode_load.assign(parent.size(), 0);
  auto add_route = [&](ModeView& view, const NetworkPath& route, const std::vector<int>& links, int server,
                       const sg4::Host* server_host) {
    view.route = &route;
    view.route_links = &links;
    view.server = server;
    view.server_host = server_host;
    ++mode_load[view.server];
    for (int link : *view.route_links) {
      ++mode_load[link];
      parent[root(link)] = root(view.server);
    }
  };
  for (auto& [key, client] : clients) {
    client.mode_component = -1;
    const PathState& path = mode_lookups(key.first, client);
    if (path.paths->empty()) continue;
    ModeView& view = mode_views.emplace_back();
    view.client = &client;
    view.path = &path;
    const std::vector<sg4::Host*>& endpoints = *client.mode_endpoints;
    view.source = path.current < static_cast<int>(endpoints.size()) ? endpoints[path.current] : nullptr;
    add_route(view, (*path.paths)[path.current], *client.mode_route_links, client.mode_server,
              client.mode_server_host);
  }
  for (auto& [id, orchestrator] : orchestrators) {
    const ServiceRuntime& service = *orchestrator.service;
    if (orchestrator.done || orchestrator.routes->empty() || service.active != service.spec->hosted_on) {
      continue;
    }
    ModeView& view = mode_views.emplace_back();
    view.orchestrator = &orchestrator;
    view.source = platform.ops_host(*service.spec->standby, 0);
    const NetworkPath& route = orchestrator.routes->front();
    add_route(view, route, route_link_indices(route), link_count + datacenter_index.at(service.spec->hosted_on),
              platform.datacenter_host(service.spec->hosted_on));
  }
  // Components numbered in the order of their first member.
  std::vector<int> component_of_root(parent.size(), -1);
  for (std::size_t v = 0; v < mode_views.size(); ++v) {
    ModeView& view = mode_views[v];
    int& component = component_of_root[root(view.server)];
    if (component < 0) {
      component = static_cast<int>(mode_components.size());
      mode_components.emplace_back();
    }
    view.component = component;
    mode_components[component].push_back(static_cast<int>(v));
    if (view.client) view.client->mode_component = component;
  }
}

// Re-decides which pairs are elided (see above). Called after every change of a pair's state, of a
// path's failing flag or current path, of a service's active data centre, and after each injection
// action and attack step. A pair's state or failing flag changes only its own component's modes: only
// that component is re-decided (the others' inputs did not change, and their elided pairs are accounted
// when next used, as advance() gives the same accounting however its calls are split).
void ItModel::Impl::update_modes(const Client* changed) {
  if (!elide || !started) return;
  if (modes_stale) {
    build_modes();
    changed = nullptr;
  }
  const Seconds time = now();
  // Locals, not members read across the notifications at the end: these let other actors run, and one
  // of them may call update_modes() (and rebuild the structure) before this call has finished.
  std::vector<ModeView> views;
  if (changed == nullptr) {
    for (auto& [key, client] : clients) {
      if (client.elided) advance(client, time);
    }
    for (auto& [id, orchestrator] : orchestrators) {
      if (orchestrator.elided) advance(orchestrator, time);
    }
    views = mode_views;
  } else {
    if (changed->mode_component < 0) return;  // no route: never elided
    for (int v : mode_components[changed->mode_component]) {
      const ModeView& view = mode_views[v];
      if (view.client && view.client->elided) advance(*view.client, time);
      if (view.orchestrator && view.orchestrator->elided) advance(*view.orchestrator, time);
      views.push_back(view);
    }
  }
  std::vector<char> quiet(views.size(), 0);
  std::vector<char> component_quiet(mode_components.size(), 1);
  for (std::size_t v = 0; v < views.size(); ++v) {
    const ModeView& view = views[v];
    const ServiceRuntime& service = view.client ? *view.client->service : *view.orchestrator->service;
    const Service& spec = *service.spec;
    bool q = service.down_count == 0 && service.announced == 0 && host_quiet(view.source) &&
             host_quiet(view.server_host);
    if (view.client) {
      q = q && view.client->state == ServiceState::kUp && !view.path->failing;
    }
    double bandwidth = kForever;
    double shared = 0.0;  // max over the route's links of (members crossing it) / bandwidth, s/byte
    for (int link : *view.route_links) {
      q = q && link_quiet(*link_by_index[link]);
      bandwidth = std::min(bandwidth, link_by_index[link]->spec->bandwidth);
      shared = std::max(shared, mode_load[link] / link_by_index[link]->spec->bandwidth);
    }
    if (q) {
      const Seconds latency = view.route->latency;
      const double speed = view.server_host->get_speed();
      const Seconds duration = latency + spec.request_bytes / bandwidth + spec.request_work / speed +
                               latency + spec.response_bytes / bandwidth;
      if (view.client) view.client->duration = duration;
      if (view.orchestrator) view.orchestrator->duration = duration;
      // Max-min sharing gives a flow at least the smallest bandwidth / n over its links (n: flows on the
      // link), and each of n requests on a server at least speed / n.
      const Seconds worst_case = 2 * latency + (spec.request_bytes + spec.response_bytes) * shared +
                                 spec.request_work * mode_load[view.server] / speed;
      q = worst_case < spec.timeout;
    }
    quiet[v] = q;
    if (!q) component_quiet[view.component] = 0;
  }
  for (std::size_t v = 0; v < views.size(); ++v) {
    const ModeView& view = views[v];
    const bool q = quiet[v] && component_quiet[view.component];
    bool& elided = view.client ? view.client->elided : view.orchestrator->elided;
    bool& may_elide = view.client ? view.client->may_elide : view.orchestrator->may_elide;
    const sg4::ConditionVariablePtr& wake = view.client ? view.client->wake : view.orchestrator->wake;
    if (elided) {
      if (q) continue;
      elided = false;
      ++simulated_members;
      if (wake) wake->notify_one();
    } else {
      may_elide = q;
      if (q && wake && view.client) wake->notify_one();  // an orchestrator notices after its sleep
    }
  }
}

const ItModel::Impl::PathState& ItModel::Impl::mode_lookups(const std::string& hospital, Client& client) {
  const std::string& datacenter = client.service->active;
  if (client.mode_path == nullptr || client.mode_datacenter != datacenter) {
    client.mode_datacenter = datacenter;
    client.mode_path = &path_state(hospital, datacenter);
    client.mode_server = static_cast<int>(link_ids.size()) + datacenter_index.at(datacenter);
    client.mode_server_host = platform.datacenter_host(datacenter);
    client.mode_endpoints = &platform.endpoint_hosts(hospital);
  }
  const PathState& path = *client.mode_path;
  if (!path.paths->empty() && client.mode_route != &(*path.paths)[path.current]) {
    client.mode_route = &(*path.paths)[path.current];
    client.mode_route_links = &route_link_indices(*client.mode_route);
  }
  return path;
}

// Indices (into link_ids) of a route's links, computed once per route.
const std::vector<int>& ItModel::Impl::route_link_indices(const NetworkPath& route) {
  auto [it, inserted] = route_links.try_emplace(&route);
  if (inserted) {
    for (const std::string& link : route.links) it->second.push_back(link_index.at(link));
  }
  return it->second;
}

}  // namespace hospsim
