// Private to src/it: the run-time state of ItModel (ItModel::Impl) and the types it is made of. The members
// are defined by subject:
//   it_model.cc    construction, start(), the ServiceView lookups, events and state changes
//   requests.cc    requests over the simulated network, client actors, the state machine, reroutes
//   elision.cc     quiet-path elision: which pairs are elided, accounting their requests, announcements
//   failover.cc    failover orchestrators
//   injections.cc  planning and applying injections, DDoS flows, ransomware steps
// src/it/it_model.h describes the model; all times are simulated seconds.
#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <simgrid/s4u.hpp>

#include "hospsim/events.h"
#include "hospsim/scenario.h"
#include "it/attack.h"
#include "it/it_model.h"
#include "platform/platform.h"

namespace hospsim::it_runtime {
namespace sg4 = simgrid::s4u;

inline constexpr Seconds kForever = std::numeric_limits<double>::infinity();

enum class Outcome { kSuccess, kTimeout, kNetworkFailure, kEndpointDown };

// The simulated clock.
inline Seconds now() { return sg4::Engine::get_clock(); }

// Run-time state of a scenario link: overlapping injections combine.
struct LinkRuntime {
  const Link* spec = nullptr;
  sg4::SplitDuplexLink* link = nullptr;
  int off_count = 0;
  int announced = 0;  // announcements in force that name the link (Impl::announce)
  std::map<std::string, std::pair<double, Seconds>> degrades;  // injection id -> (bandwidth factor, latency)
  std::map<std::string, double> attacks;                       // injection id -> traffic, bytes/s
  double scrubbing = 0.0;  // network.scrubbing: attack traffic removed before the link, bytes/s

  double bandwidth() const {
    double factor = 1.0;
    for (const auto& [id, degrade] : degrades) factor *= degrade.first;
    return spec->bandwidth * factor;
  }
  Seconds latency() const {
    Seconds latency = spec->latency;
    for (const auto& [id, degrade] : degrades) latency += degrade.second;
    return latency;
  }
  double attack_traffic() const {
    double traffic = 0.0;
    for (const auto& [id, rate] : attacks) traffic += rate;
    return scrubbed_traffic(traffic, scrubbing);
  }
  // Offered attack traffic at or above the link's capacity: the link's queue drops so much that no request
  // across it gets an answer in time.
  bool saturated() const {
    const double traffic = attack_traffic();
    return traffic > 0.0 && traffic >= bandwidth();
  }
};

struct ServiceRuntime {
  const Service* spec = nullptr;
  std::string active;          // data centre serving the service now
  int down_count = 0;          // service_down injections in force (the primary instance answers nothing)
  int announced = 0;           // announcements in force that name the service (Impl::announce)
  Seconds last_reached = 0.0;  // orchestrator: completion of its last successful probe of the primary
};

// A hospital's current path to one data centre, shared by that hospital's clients of services there.
struct PathState {
  const std::vector<NetworkPath>* paths = nullptr;
  int current = 0;
  bool failing = false;         // a network failure since the last success on the current path
  Seconds failing_since = 0.0;  // first such failure (or the last reroute)
  int tried = 0;                // reroutes in this failure episode
};

struct Client {
  const Hospital* hospital = nullptr;
  ServiceRuntime* service = nullptr;
  ServiceState state = ServiceState::kUp;
  Seconds state_since = 0.0;  // when `state` was entered
  Seconds last_success = 0.0;
  bool streak = false;         // DOWN: requests have succeeded without failure since streak_start
  Seconds streak_start = 0.0;  // start of the first request of the streak
  Seconds recovering_since = 0.0;
  Seconds phase = 0.0;
  Seconds next_probe = 0.0;
  bool pending = false;               // a clinical request waits
  Seconds last_clinical = -kForever;  // completion of the last request that carried clinical work
  sg4::MutexPtr mutex;
  sg4::ConditionVariablePtr wake;

  // Quiet-path elision (docs/model.md, "Quiet-path elision"); unused with elision off.
  bool may_elide =
      false;            // update_modes(): the pair's component is quiet; the actor switches at its loop top
  bool elided = false;  // requests are accounted by advance(), not simulated; the actor waits
  Seconds duration = 0.0;  // textbook duration of one request on the current path (set by update_modes)
  bool busy = false;       // elided: a request is in flight until busy_until
  Seconds busy_until = 0.0;
  bool busy_clinical = false;  // the request in flight carries clinical work
  // update_modes()'s lookups, kept for the data centre `mode_datacenter` (looked up again after a
  // failover): the hospital's path state to it, its resource index and host; the hospital's endpoints; the
  // link indices of the route `mode_route`.
  std::string mode_datacenter;
  PathState* mode_path = nullptr;
  int mode_server = -1;
  const sg4::Host* mode_server_host = nullptr;
  const std::vector<sg4::Host*>* mode_endpoints = nullptr;
  const NetworkPath* mode_route = nullptr;
  const std::vector<int>* mode_route_links = nullptr;
  int mode_component = -1;  // index into Impl::mode_components (-1: no route, never elided)
};

// A failover orchestrator (one per service with a standby elsewhere): its probes of the primary are elided
// like a client's requests (see Impl::update_modes).
struct Orchestrator {
  ServiceRuntime* service = nullptr;
  const std::vector<NetworkPath>* routes = nullptr;  // standby to primary
  Seconds next = 0.0;                                // start of the next probe
  bool done = false;                                 // failed over, or no route: probes no more
  bool may_elide = false;
  bool elided = false;
  Seconds duration = 0.0;
  bool busy = false;
  Seconds busy_until = 0.0;
  sg4::MutexPtr mutex;
  sg4::ConditionVariablePtr wake;
};

// Elements an upcoming injection or attack step will change (see Impl::announce).
struct Announcement {
  Seconds at = 0.0;  // when the change is applied
  bool in_force = false;
  std::vector<std::string> links;
  std::vector<sg4::Host*> hosts;
  std::vector<std::string> services;
};

struct Action {
  Seconds time;
  bool begins;
  const Injection* injection;
  Seconds end;                           // begins: when it ends (kForever when it lasts the run)
  Announcement* announcement = nullptr;  // elision: released once the action is applied
};

}  // namespace hospsim::it_runtime

namespace hospsim {

struct ItModel::Impl {
  using Action = it_runtime::Action;
  using Announcement = it_runtime::Announcement;
  using Client = it_runtime::Client;
  using LinkRuntime = it_runtime::LinkRuntime;
  using Orchestrator = it_runtime::Orchestrator;
  using Outcome = it_runtime::Outcome;
  using PathState = it_runtime::PathState;
  using ServiceRuntime = it_runtime::ServiceRuntime;

  const Scenario& scenario;
  const Platform& platform;
  EventBus& bus;
  std::uint64_t seed;
  std::map<std::string, LinkRuntime> links;
  std::map<std::string, ServiceRuntime> services;
  std::map<std::pair<std::string, std::string>, PathState> paths;  // (hospital, data centre)
  std::map<std::pair<std::string, std::string>, Client> clients;   // (hospital, service)
  std::map<std::string, int> host_off_count;                       // host name -> injections holding it off
  std::map<std::string, bool> cold_standby_off;                    // host name -> off since t=0, not started
  std::map<std::string, std::vector<simgrid::s4u::CommPtr>> attack_flows;  // injection id -> flows
  std::vector<Action> actions;
  int attacks_in_force = 0;                      // ddos injections begun and not yet finished
  std::deque<Injection> campaign_waves;          // ddos_campaign waves as ddos injections "<id>/wave-<k>"
  std::vector<RansomwarePlan> ransomware_plans;  // applied by one actor each (run_ransomware)
  Counters counters;
  bool started = false;
  std::uint64_t state_changes = 0;  // ItModel::state_version()

  // ----- quiet-path elision state -----
  bool elide = true;
  Seconds announce_margin = 0.0;           // see announce()
  std::deque<Announcement> announcements;  // by nothing in particular; actions point into it
  std::vector<std::vector<Announcement*>> ransomware_announcements;  // per plan, per step (nullptr: none)
  std::map<const simgrid::s4u::Host*, int> host_announced;
  std::vector<std::string> link_ids;  // resources of update_modes(): links by index, then data centres
  std::vector<LinkRuntime*> link_by_index;
  std::map<std::string, int> link_index;
  std::vector<std::string> datacenter_ids;
  std::map<std::string, int> datacenter_index;
  std::map<const NetworkPath*, std::vector<int>> route_links;
  std::map<std::string, Orchestrator> orchestrators;  // service id -> its orchestrator
  // update_modes()'s structure: what each member (a client with a route, then an orchestrator that still
  // probes the primary) uses, the components of members that share a link or a server, and the members
  // crossing each resource. Rebuilt (build_modes()) after a change of a route, an active data centre or
  // an orchestrator's end (modes_stale).
  struct ModeView {
    Client* client = nullptr;
    Orchestrator* orchestrator = nullptr;
    const NetworkPath* route = nullptr;
    const std::vector<int>* route_links = nullptr;
    const simgrid::s4u::Host* source = nullptr;  // endpoint or management host
    const simgrid::s4u::Host* server_host = nullptr;
    const PathState* path = nullptr;  // clients: the path state of the current path
    int server = -1;
    int component = -1;
  };
  std::vector<ModeView> mode_views;
  std::vector<std::vector<int>> mode_components;  // member indices, ascending, by component
  std::vector<int> mode_load;                     // members crossing each resource
  bool modes_stale = true;
  // Clients and orchestrators (not done) that are not elided: clinical work may run ahead of the clock
  // only while this is 0 (quiet_until()).
  int simulated_members = 0;
  std::vector<Seconds> actor_wakes;  // next wake of the announcer, injector and ransomware actors
  Seconds clinical_time = 0.0;       // set_time(): the time of the clinical work being done

  Impl(const Scenario& s, const Platform& p, EventBus& b, std::uint64_t sd, bool e)
      : scenario(s), platform(p), bus(b), seed(sd), elide(e) {}

  // ServiceView lookups. The clinical model passes the same id strings on every call, so a hash table keyed
  // by the two strings' addresses (open addressing, linear probing; each hit checked against the pair's ids
  // in its map entry, so that any caller gets the right pair) spares building and comparing a pair of strings in the map
  // for every state() and request(). It holds every address pair found (one per pair for the clinical
  // model), at most half full; it starts again empty if callers' addresses keep changing.
  struct LookupEntry {
    const std::string* hospital = nullptr;  // nullptr: a free slot
    const std::string* service = nullptr;
    std::pair<const std::pair<std::string, std::string>, Client>* pair = nullptr;  // in `clients`
  };
  std::vector<LookupEntry> lookup_table;
  std::size_t lookup_used = 0;
  // The clients of the handles pair() gave, by handle (nullptr: a pair the hospital does not use).
  std::vector<Client*> pair_clients;

  // ----- it_model.cc -----
  // Events are emitted only before the horizon.
  bool can_emit() const;
  // The pair (hospital, service), or nullptr when the hospital does not use the service.
  Client* find_client(const std::string& hospital, const std::string& service);
  // request() of the pair's client: nothing for nullptr (a pair the hospital does not use).
  void clinical_request(Client* client);
  void emit_infrastructure(InfrastructureKind kind, const std::string& target, const std::string& detail);
  // Enters `to` now, emits ServiceStateChanged and re-decides the elided pairs.
  void change_state(Client& client, ServiceState to, const std::string& cause);
  // The hospital's path state to the data centre (created on first use).
  PathState& path_state(const std::string& hospital, const std::string& datacenter);

  // ----- requests.cc -----
  Outcome no_answer(Seconds deadline);
  Outcome transfer(simgrid::s4u::Host* from, simgrid::s4u::Host* to, double bytes, Seconds deadline,
                   simgrid::s4u::Host* endpoint, simgrid::s4u::Host* server);
  Outcome perform(simgrid::s4u::Host* endpoint, const NetworkPath* path, simgrid::s4u::Host* server,
                  const Service& service, bool answers);
  Outcome work(simgrid::s4u::Host* server, const Service& service, bool answers, Seconds deadline);
  bool instance_answers(const ServiceRuntime& service, const std::string& datacenter) const;
  bool reroute_due(const PathState& state, Seconds time) const;
  void reroute(const std::string& hospital, const std::string& datacenter, PathState& state);
  void run_client(Client& client);
  void record(Client& client, PathState& path, int used, Seconds start, Outcome outcome);

  // ----- elision.cc -----
  static bool link_quiet(const LinkRuntime& link);
  bool host_quiet(const simgrid::s4u::Host* host) const;
  void lazy_step(Client& client, Seconds time);
  void complete_elided(Client& client);
  void advance(Client& client, Seconds time);
  Seconds request_time() const;
  void elided_request(Client& client);
  void elided_interval(Client& client, std::unique_lock<simgrid::s4u::Mutex>& lock);
  void complete_elided(Orchestrator& orchestrator);
  void advance(Orchestrator& orchestrator, Seconds time);
  void elided_interval(Orchestrator& orchestrator, std::unique_lock<simgrid::s4u::Mutex>& lock);
  void sleep_until_planned(std::size_t wake, Seconds time);
  Seconds quiet_until() const;
  void announce(Announcement& announcement);
  void release(Announcement* announcement);
  Announcement* plan_announcement(Seconds at, const Injection& injection);
  void run_announcer(std::vector<Announcement*> pending, std::size_t wake);
  // Re-decides which pairs are elided: every pair, or with `changed`, only the pairs of its component (a
  // change of that pair's state or path cannot change another component's modes).
  void update_modes(const Client* changed = nullptr);
  // Rebuilds mode_views and mode_components from the current routes, data centres and orchestrators.
  void build_modes();
  // update_modes()'s lookups for a pair of `hospital`, refreshed in `client` when its data centre or current
  // route changed; returns its path state.
  const PathState& mode_lookups(const std::string& hospital, Client& client);
  const std::vector<int>& route_link_indices(const NetworkPath& route);

  // ----- failover.cc -----
  void run_orchestrator(Orchestrator& orchestrator);
  void fail_over(ServiceRuntime& service);

  // ----- injections.cc -----
  void host_off(simgrid::s4u::Host* host);
  void host_on(simgrid::s4u::Host* host);
  std::vector<simgrid::s4u::Host*> hosts_of(const std::string& id) const;
  void link_off(const std::string& id);
  void link_on(const std::string& id);
  void apply_link_performance(LinkRuntime& link);
  void start_attack(const Injection& injection, const std::string& link_id, Seconds end);
  void set_feed(const std::string& link_id);
  void stop_attack(const Injection& injection);
  static std::string detail_of(const Injection& injection);
  void begin(const Injection& injection, Seconds end);
  void finish(const Injection& injection);
  void run_ransomware(const RansomwarePlan& plan, const std::vector<Announcement*>& plan_announcements,
                      std::size_t wake);
  void run_injector(std::size_t wake);
  void plan_campaign(const Injection& campaign, Seconds at);
  void plan_injections();
};

}  // namespace hospsim
