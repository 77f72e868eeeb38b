// ItModel: construction, start(), the ServiceView interface and the horizon actor; ItModel::Impl's
// lookups, events and state changes. The rest of ItModel::Impl is defined by subject
// (src/it/it_model_impl.h).
#include "it/it_model.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <memory>

#include <simgrid/s4u.hpp>

#include "hospsim/random.h"
#include "it/it_model_impl.h"

namespace hospsim {
namespace sg4 = simgrid::s4u;

using it_runtime::Announcement;
using it_runtime::Client;
using it_runtime::LinkRuntime;
using it_runtime::now;
using it_runtime::Orchestrator;
using it_runtime::ServiceRuntime;

bool ItModel::Impl::can_emit() const { return scenario.horizon <= 0.0 || now() < scenario.horizon; }

namespace {

std::size_t lookup_slot(const std::string* hospital, const std::string* service, std::size_t mask) {
  const std::uint64_t key = reinterpret_cast<std::uintptr_t>(hospital) * 0x9E3779B97F4A7C15ull ^
                            reinterpret_cast<std::uintptr_t>(service) * 0xC2B2AE3D27D4EB4Full;
  return static_cast<std::size_t>(key ^ (key >> 31)) & mask;
}

}  // namespace

ItModel::Impl::Client* ItModel::Impl::find_client(const std::string& hospital, const std::string& service) {
  if (lookup_table.empty()) lookup_table.resize(std::bit_ceil(std::max<std::size_t>(64, 4 * clients.size())));
  const std::size_t mask = lookup_table.size() - 1;
  std::size_t slot = lookup_slot(&hospital, &service, mask);
  for (; lookup_table[slot].hospital != nullptr; slot = (slot + 1) & mask) {
    LookupEntry& entry = lookup_table[slot];
    if (entry.hospital != &hospital || entry.service != &service) continue;
    if (entry.pair->first.first == hospital && entry.pair->first.second == service) return &entry.pair->second;
    // Another string now lives at these addresses: look it up and keep the answer here if it is a pair.
    auto it = clients.find({hospital, service});
    if (it == clients.end()) return nullptr;
    entry.pair = &*it;
    return &it->second;
  }
  auto it = clients.find({hospital, service});
  if (it == clients.end()) return nullptr;
  if (2 * (lookup_used + 1) > lookup_table.size()) {
    // Full: grow up to 16 slots per pair, then start again (callers passing ever new strings).
    std::vector<LookupEntry> old;
    old.swap(lookup_table);
    const bool grow = old.size() < 16 * std::max<std::size_t>(4, clients.size());
    lookup_table.resize(grow ? 2 * old.size() : old.size());
    lookup_used = 0;
    if (grow) {
      for (const LookupEntry& entry : old) {
        if (entry.hospital == nullptr) continue;
        std::size_t s = lookup_slot(entry.hospital, entry.service, lookup_table.size() - 1);
        while (lookup_table[s].hospital != nullptr) s = (s + 1) & (lookup_table.size() - 1);
        lookup_table[s] = entry;
        ++lookup_used;
      }
    }
    slot = lookup_slot(&hospital, &service, lookup_table.size() - 1);
    while (lookup_table[slot].hospital != nullptr) slot = (slot + 1) & (lookup_table.size() - 1);
  }
  lookup_table[slot] = LookupEntry{&hospital, &service, &*it};
  ++lookup_used;
  return &it->second;
}

void ItModel::Impl::emit_infrastructure(InfrastructureKind kind, const std::string& target,
                                        const std::string& detail) {
  if (!can_emit()) return;
  bus.emit(InfrastructureEvent{now(), kind, target, detail});
}

void ItModel::Impl::change_state(Client& client, ServiceState to, const std::string& cause) {
  const ServiceState from = client.state;
  client.state = to;
  ++state_changes;
  client.state_since = now();
  if (can_emit()) {
    bus.emit(ServiceStateChanged{now(), client.hospital->id, client.service->spec->id, from, to, cause});
  }
  // Only UP counts for elision (update_modes()): between DOWN and RECOVERING no pair's mode can change.
  if (from == ServiceState::kUp || to == ServiceState::kUp) update_modes(&client);
}

ItModel::Impl::PathState& ItModel::Impl::path_state(const std::string& hospital,
                                                    const std::string& datacenter) {
  PathState& state = paths[{hospital, datacenter}];
  if (state.paths == nullptr) state.paths = &platform.paths(hospital, datacenter);
  return state;
}

ItModel::ItModel(const Scenario& scenario, const Platform& platform, EventBus& bus, std::uint64_t seed,
                 bool elide_quiet_paths)
    : impl_(std::make_unique<Impl>(scenario, platform, bus, seed, elide_quiet_paths)) {
  Impl& m = *impl_;
  for (const auto& [id, link] : scenario.network.links) {
    LinkRuntime& runtime = m.links[id];
    runtime.spec = &link;
    runtime.link = platform.link(id);
    runtime.scrubbing = scenario.network.scrubbing;
    m.link_index[id] = static_cast<int>(m.link_ids.size());
    m.link_ids.push_back(id);
    m.link_by_index.push_back(&runtime);
  }
  for (const auto& [id, datacenter] : scenario.datacenters) {
    m.datacenter_index[id] = static_cast<int>(m.datacenter_ids.size());
    m.datacenter_ids.push_back(id);
  }
  for (const auto& [id, service] : scenario.services) {
    ServiceRuntime& runtime = m.services[id];
    runtime.spec = &service;
    runtime.active = service.hosted_on;
    // No elided request may be in flight when an announced change happens: announce a timeout ahead, and a
    // probe period more so that the last success before it is a simulated one.
    m.announce_margin = std::max(m.announce_margin, service.timeout + service.probe_every);
    if (service.standby && *service.standby != service.hosted_on) {
      Orchestrator& orchestrator = m.orchestrators[id];
      orchestrator.service = &runtime;
      orchestrator.routes = &platform.paths(*service.standby, service.hosted_on);
      RandomStream stream(seed, "it/orchestrator/" + id);
      orchestrator.next = stream.uniform() * service.probe_every;
      if (!orchestrator.routes->empty()) ++m.simulated_members;
    }
  }
  for (const auto& [id, datacenter] : scenario.datacenters) {
    if (datacenter.starts_off) m.cold_standby_off["dc:" + id] = true;
  }
  for (const auto& [hospital_id, hospital] : scenario.hospitals) {
    for (const std::string& service_id : hospital.uses) {
      auto service = m.services.find(service_id);
      if (service == m.services.end()) continue;
      Client& client = m.clients[{hospital_id, service_id}];
      ++m.simulated_members;
      client.hospital = &hospital;
      client.service = &service->second;
      RandomStream stream(seed, "it/probe/" + hospital_id + "/" + service_id);
      client.phase = stream.uniform() * service->second.spec->probe_every;
      client.next_probe = client.phase;
    }
  }
  m.plan_injections();
}

ItModel::~ItModel() = default;

void ItModel::start() {
  Impl& m = *impl_;
  if (m.started) return;
  m.started = true;
  if (m.elide) {
    std::vector<Announcement*> later;
    for (Announcement& announcement : m.announcements) {
      if (m.scenario.horizon > 0.0 && announcement.at >= m.scenario.horizon) continue;  // never applied
      if (announcement.at - m.announce_margin <= 0.0) {
        m.announce(announcement);
      } else {
        later.push_back(&announcement);
      }
    }
    m.update_modes();
    if (!later.empty()) {
      const std::size_t wake = m.actor_wakes.size();
      m.actor_wakes.push_back(0.0);
      sg4::Actor::create("it-announcer", m.platform.control_host(), [&m, later, wake] {
        sg4::Actor::self()->daemonize();
        m.run_announcer(later, wake);
      });
    }
  }
  for (auto& [key, client] : m.clients) {
    Client* c = &client;
    sg4::Actor::create("it-client:" + key.first + "/" + key.second, m.platform.clinic_host(key.first),
                       [&m, c] {
                         sg4::Actor::self()->daemonize();
                         m.run_client(*c);
                       });
  }
  for (auto& [id, orchestrator] : m.orchestrators) {
    Orchestrator* o = &orchestrator;
    sg4::Actor::create("it-orchestrator:" + id, m.platform.control_host(), [&m, o] {
      sg4::Actor::self()->daemonize();
      m.run_orchestrator(*o);
    });
  }
  for (std::size_t i = 0; i < m.ransomware_plans.size(); ++i) {
    const RansomwarePlan* p = &m.ransomware_plans[i];
    const std::vector<Announcement*>* a = &m.ransomware_announcements[i];
    const std::size_t wake = m.actor_wakes.size();
    m.actor_wakes.push_back(0.0);
    sg4::Actor::create("it-ransomware", m.platform.control_host(), [&m, p, a, wake] {
      sg4::Actor::self()->daemonize();
      m.run_ransomware(*p, *a, wake);
    });
  }
  if (!m.actions.empty()) {
    const std::size_t wake = m.actor_wakes.size();
    m.actor_wakes.push_back(0.0);
    sg4::Actor::create("it-injector", m.platform.control_host(), [&m, wake] {
      sg4::Actor::self()->daemonize();
      m.run_injector(wake);
    });
  }
}

ServiceState ItModel::state(const std::string& hospital, const std::string& service) const {
  const Client* client = impl_->find_client(hospital, service);
  return client == nullptr ? ServiceState::kUp : client->state;
}

Seconds ItModel::state_since(const std::string& hospital, const std::string& service) const {
  const Client* client = impl_->find_client(hospital, service);
  return client == nullptr ? 0.0 : client->state_since;
}

void ItModel::request(const std::string& hospital, const std::string& service) {
  impl_->clinical_request(impl_->find_client(hospital, service));
}

ServiceView::Pair ItModel::pair(const std::string& hospital, const std::string& service) {
  auto it = impl_->clients.find({hospital, service});
  impl_->pair_clients.push_back(it == impl_->clients.end() ? nullptr : &it->second);
  return static_cast<Pair>(impl_->pair_clients.size() - 1);
}

ServiceState ItModel::pair_state(Pair pair) const {
  const Client* client = impl_->pair_clients[pair];
  return client == nullptr ? ServiceState::kUp : client->state;
}

Seconds ItModel::pair_since(Pair pair) const {
  const Client* client = impl_->pair_clients[pair];
  return client == nullptr ? 0.0 : client->state_since;
}

void ItModel::pair_request(Pair pair) { impl_->clinical_request(impl_->pair_clients[pair]); }

void ItModel::Impl::clinical_request(Client* client) {
  if (client == nullptr) return;
  ++counters.clinical_requests;
  if (client->elided) {
    elided_request(*client);
    return;
  }
  client->pending = true;
  if (client->wake) client->wake->notify_one();
}

std::uint64_t ItModel::state_version() const { return impl_->state_changes; }

Seconds ItModel::quiet_until() const { return impl_->quiet_until(); }

void ItModel::set_time(Seconds time) { impl_->clinical_time = time; }

std::string ItModel::active_datacenter(const std::string& service) const {
  auto it = impl_->services.find(service);
  return it == impl_->services.end() ? std::string() : it->second.active;
}

Seconds ItModel::first_probe(const std::string& hospital, const std::string& service) const {
  auto it = impl_->clients.find({hospital, service});
  return it == impl_->clients.end() ? -1.0 : it->second.phase;
}

const ItModel::Counters& ItModel::counters() const {
  Impl& m = *impl_;
  for (auto& [key, client] : m.clients) {
    if (client.elided) m.advance(client, now());
  }
  for (auto& [id, orchestrator] : m.orchestrators) {
    if (orchestrator.elided) m.advance(orchestrator, now());
  }
  return m.counters;
}

void start_horizon(const Platform& platform, Seconds horizon, EventBus& bus) {
  EventBus* events = &bus;
  sg4::Actor::create("horizon", platform.control_host(), [horizon, events] {
    sg4::this_actor::sleep_until(horizon);
    events->end(horizon);
  });
}

}  // namespace hospsim
