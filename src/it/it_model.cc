#include "it/it_model.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <mutex>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>

#include "it/attack.h"

namespace hospsim {
namespace sg4 = simgrid::s4u;

namespace {

constexpr Seconds kForever = std::numeric_limits<double>::infinity();

enum class Outcome { kSuccess, kTimeout, kNetworkFailure, kEndpointDown };

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSuccess:
      return "success";
    case Outcome::kTimeout:
      return "timeout";
    case Outcome::kNetworkFailure:
      return "network failure";
    case Outcome::kEndpointDown:
      return "endpoint down";
  }
  return "?";
}

Seconds now() { return sg4::Engine::get_clock(); }

// Run-time state of a scenario link: overlapping injections combine.
struct LinkRuntime {
  const Link* spec = nullptr;
  sg4::SplitDuplexLink* link = nullptr;
  int off_count = 0;
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
  bool pending = false;  // a clinical request waits
  Seconds last_clinical = -kForever;  // completion of the last request that carried clinical work
  sg4::MutexPtr mutex;
  sg4::ConditionVariablePtr wake;

  // Quiet-path elision (docs/model.md, "Quiet-path elision"); unused with elision off.
  bool may_elide = false;  // update_modes(): the pair's component is quiet; the actor switches at its loop top
  bool elided = false;     // requests are accounted by advance(), not simulated; the actor waits
  Seconds duration = 0.0;  // textbook duration of one request on the current path (set by update_modes)
  bool busy = false;       // elided: a request is in flight until busy_until
  Seconds busy_until = 0.0;
  bool busy_clinical = false;  // the request in flight carries clinical work
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
  Seconds end;  // begins: when it ends (kForever when it lasts the run)
  Announcement* announcement = nullptr;  // elision: released once the action is applied
};

}  // namespace

struct ItModel::Impl {
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
  std::map<std::string, std::vector<sg4::CommPtr>> attack_flows;   // injection id -> flows
  std::vector<Action> actions;
  int attacks_in_force = 0;  // ddos injections begun and not yet finished
  std::deque<Injection> campaign_waves;        // ddos_campaign waves as ddos injections "<id>/wave-<k>"
  std::vector<RansomwarePlan> ransomware_plans;  // applied by one actor each (run_ransomware)
  Counters counters;
  bool started = false;

  // ----- quiet-path elision state -----
  bool elide = true;
  Seconds announce_margin = 0.0;                       // see announce()
  std::deque<Announcement> announcements;              // by nothing in particular; actions point into it
  std::vector<std::vector<Announcement*>> ransomware_announcements;  // per plan, per step (nullptr: none)
  std::map<std::string, int> link_announced;           // link id -> announcements in force
  std::map<const sg4::Host*, int> host_announced;
  std::map<std::string, int> service_announced;
  std::vector<std::string> link_ids;  // resources of update_modes(): links by index, then data centres
  std::vector<LinkRuntime*> link_by_index;
  std::map<std::string, int> link_index;
  std::vector<std::string> datacenter_ids;
  std::map<std::string, int> datacenter_index;
  std::map<const NetworkPath*, std::vector<int>> route_links;
  std::map<std::string, Orchestrator> orchestrators;  // service id -> its orchestrator
  // Clients and orchestrators (not done) that are not elided: clinical work may run ahead of the clock
  // only while this is 0 (quiet_until()).
  int simulated_members = 0;
  std::vector<Seconds> actor_wakes;  // next wake of the announcer, injector and ransomware actors
  Seconds clinical_time = 0.0;       // set_time(): the time of the clinical work being done

  Impl(const Scenario& s, const Platform& p, EventBus& b, std::uint64_t sd, bool e)
      : scenario(s), platform(p), bus(b), seed(sd), elide(e) {}

  bool can_emit() const { return scenario.horizon <= 0.0 || now() < scenario.horizon; }

  // ServiceView lookups. The clinical model passes the same id strings on every call, so a cache keyed by
  // the two strings' addresses (each hit checked against the pair's own ids, so that any caller gets the
  // right pair) spares building and comparing a pair of strings in the map for every state() and request().
  struct LookupEntry {
    const std::string* hospital = nullptr;
    const std::string* service = nullptr;
    Client* client = nullptr;
  };
  static constexpr int kLookupBits = 13;
  std::vector<LookupEntry> lookup_cache = std::vector<LookupEntry>(std::size_t{1} << kLookupBits);

  // The pair (hospital, service), or nullptr when the hospital does not use the service.
  Client* find_client(const std::string& hospital, const std::string& service) {
    const std::uint64_t key = reinterpret_cast<std::uintptr_t>(&hospital) * 0x9E3779B97F4A7C15ull ^
                              reinterpret_cast<std::uintptr_t>(&service) * 0xC2B2AE3D27D4EB4Full;
    LookupEntry& entry = lookup_cache[key >> (64 - kLookupBits)];
    if (entry.hospital == &hospital && entry.service == &service && entry.client->hospital->id == hospital &&
        entry.client->service->spec->id == service) {
      return entry.client;
    }
    auto it = clients.find({hospital, service});
    if (it == clients.end()) return nullptr;
    entry = LookupEntry{&hospital, &service, &it->second};
    return &it->second;
  }

  void emit_infrastructure(const std::string& kind, const std::string& target, const std::string& detail) {
    if (!can_emit()) return;
    bus.emit(InfrastructureEvent{now(), kind, target, detail});
  }

  void change_state(Client& client, ServiceState to, const std::string& cause) {
    const ServiceState from = client.state;
    client.state = to;
    client.state_since = now();
    if (can_emit()) {
      bus.emit(ServiceStateChanged{now(), client.hospital->id, client.service->spec->id, from, to, cause});
    }
    update_modes();
  }

  PathState& path_state(const std::string& hospital, const std::string& datacenter) {
    PathState& state = paths[{hospital, datacenter}];
    if (state.paths == nullptr) state.paths = &platform.paths(hospital, datacenter);
    return state;
  }

  // ----- requests -----------------------------------------------------------------------------------------

  // Waits out the deadline: the request got no answer.
  Outcome no_answer(Seconds deadline) {
    if (deadline > now()) sg4::this_actor::sleep_until(deadline);
    return Outcome::kTimeout;
  }

  Outcome transfer(sg4::Host* from, sg4::Host* to, double bytes, Seconds deadline, sg4::Host* endpoint,
                   sg4::Host* server) {
    if (!endpoint->is_on()) return Outcome::kEndpointDown;
    if (!server->is_on())
      return no_answer(deadline);  // SimGrid refuses transfers to or from a host that is off
    const Seconds remaining = deadline - now();
    if (remaining <= 0.0) return Outcome::kTimeout;
    sg4::CommPtr comm = sg4::Comm::sendto_async(from, to, static_cast<std::uint64_t>(bytes));
    try {
      comm->wait_for(remaining);
      return Outcome::kSuccess;
    } catch (const simgrid::TimeoutException&) {
      comm->cancel();
      return Outcome::kTimeout;
    } catch (const simgrid::NetworkFailureException&) {
      if (!endpoint->is_on()) return Outcome::kEndpointDown;
      if (!server->is_on()) return no_answer(deadline);  // the server died: the client hears nothing
      return Outcome::kNetworkFailure;
    }
  }

  // One request from `endpoint` over `path` to `server` for `service`. `answers`: the service instance on
  // `server` is running. Returns when the outcome is known (at the latest at start + timeout).
  Outcome perform(sg4::Host* endpoint, const NetworkPath* path, sg4::Host* server, const Service& service,
                  bool answers) {
    ++counters.requests;
    const Seconds deadline = now() + service.timeout;
    Outcome outcome = Outcome::kSuccess;
    if (path == nullptr) {
      outcome = Outcome::kNetworkFailure;  // no route at all
    } else if (!endpoint->is_on()) {
      outcome = Outcome::kEndpointDown;
    } else {
      bool saturated = false;
      if (attacks_in_force > 0) {  // the scan looks links up by id: skip it in the common case
        for (const std::string& link : path->links) saturated = saturated || links.at(link).saturated();
      }
      if (saturated) {
        outcome = no_answer(deadline);
      } else {
        outcome = transfer(endpoint, server, service.request_bytes, deadline, endpoint, server);
        if (outcome == Outcome::kSuccess) outcome = work(server, service, answers, deadline);
        if (outcome == Outcome::kSuccess) {
          outcome = transfer(server, endpoint, service.response_bytes, deadline, endpoint, server);
        }
      }
    }
    switch (outcome) {
      case Outcome::kSuccess:
        ++counters.succeeded;
        break;
      case Outcome::kTimeout:
        ++counters.timed_out;
        break;
      case Outcome::kNetworkFailure:
        ++counters.network_failures;
        break;
      case Outcome::kEndpointDown:
        ++counters.endpoint_down;
        break;
    }
    return outcome;
  }

  Outcome work(sg4::Host* server, const Service& service, bool answers, Seconds deadline) {
    if (!answers || !server->is_on()) return no_answer(deadline);
    const Seconds remaining = deadline - now();
    if (remaining <= 0.0) return Outcome::kTimeout;
    sg4::ExecPtr exec = sg4::Exec::init();
    exec->set_flops_amount(service.request_work)->set_host(server);
    exec->start();
    try {
      exec->wait_for(remaining);
      return Outcome::kSuccess;
    } catch (const simgrid::TimeoutException&) {
      exec->cancel();
      return Outcome::kTimeout;
    } catch (const simgrid::HostFailureException&) {
      return no_answer(deadline);
    }
  }

  bool instance_answers(const ServiceRuntime& service, const std::string& datacenter) const {
    return !(service.down_count > 0 && datacenter == service.spec->hosted_on);
  }

  // ----- clients ------------------------------------------------------------------------------------------

  bool reroute_due(const PathState& state, Seconds time) const {
    return state.failing && state.paths->size() > 1 &&
           state.tried + 1 < static_cast<int>(state.paths->size()) &&
           time >= state.failing_since + scenario.network.reroute_after;
  }

  void reroute(const std::string& hospital, const std::string& datacenter, PathState& state) {
    const NetworkPath& before = (*state.paths)[state.current];
    state.current = (state.current + 1) % static_cast<int>(state.paths->size());
    ++state.tried;
    state.failing_since = now();
    const NetworkPath& after = (*state.paths)[state.current];
    emit_infrastructure("reroute", hospital,
                        fmt::format("path to {} switched from {} to {}", datacenter, fmt::join(before.links, ","),
                                    fmt::join(after.links, ",")));
    update_modes();
  }

  void run_client(Client& client) {
    const DowntimeConfig& downtime = client.hospital->downtime;
    const Service& service = *client.service->spec;
    const std::string& hospital = client.hospital->id;
    client.mutex = sg4::Mutex::create();
    client.wake = sg4::ConditionVariable::create();
    std::unique_lock<sg4::Mutex> lock(*client.mutex);
    // Looked up once per data centre rather than once per request (the active one changes only on failover).
    const std::vector<sg4::Host*>& endpoints = platform.endpoint_hosts(hospital);
    std::string datacenter;
    PathState* path_of_datacenter = nullptr;
    sg4::Host* server = nullptr;
    while (true) {
      if (client.may_elide) {
        elided_interval(client, lock);
        path_of_datacenter = nullptr;  // a failover may have happened meanwhile
        continue;
      }
      if (path_of_datacenter == nullptr || client.service->active != datacenter) {
        datacenter = client.service->active;
        path_of_datacenter = &path_state(hospital, datacenter);
        server = platform.datacenter_host(datacenter);
      }
      PathState& path = *path_of_datacenter;
      Seconds wake_at = client.next_probe;
      if (client.state == ServiceState::kRecovering) {
        wake_at = std::min(wake_at, client.recovering_since + downtime.recovery);
      }
      if (reroute_due(path, kForever)) {
        wake_at = std::min(wake_at, path.failing_since + scenario.network.reroute_after);
      }
      if (!client.pending && wake_at > now()) client.wake->wait_until(lock, wake_at);

      const Seconds time = now();
      if (client.state == ServiceState::kRecovering && time >= client.recovering_since + downtime.recovery) {
        change_state(client, ServiceState::kUp, fmt::format("recovery of {} s complete", downtime.recovery));
      }
      bool issue = client.pending;
      if (client.service->active != datacenter) continue;  // failed over while waiting: re-read the path
      if (reroute_due(path, time)) {
        reroute(hospital, datacenter, path);
        issue = true;
      }
      if (time >= client.next_probe) {
        // Passive monitoring: no health check while clinical requests show how the service is doing.
        if (!service.passive_probes || time - client.last_clinical >= service.probe_every) issue = true;
        client.next_probe +=
            service.probe_every * std::floor((time - client.next_probe) / service.probe_every + 1);
      }
      if (!issue) continue;
      const bool clinical = client.pending;
      client.pending = false;

      const int used = path.current;
      const NetworkPath* route = path.paths->empty() ? nullptr : &(*path.paths)[used];
      const int endpoint_index = route ? used : 0;
      sg4::Host* endpoint =
          endpoint_index < static_cast<int>(endpoints.size()) ? endpoints[endpoint_index] : nullptr;
      const Seconds start = now();
      const Outcome outcome = perform(endpoint, route, server, service,
                                      instance_answers(*client.service, datacenter));
      if (clinical) client.last_clinical = now();
      record(client, path, used, start, outcome);
    }
  }

  void record(Client& client, PathState& path, int used, Seconds start, Outcome outcome) {
    const DowntimeConfig& downtime = client.hospital->downtime;
    const Seconds time = now();
    if (used == path.current) {
      const bool was_failing = path.failing;
      if (outcome == Outcome::kSuccess) {
        path.failing = false;
        path.tried = 0;
      } else if (outcome == Outcome::kNetworkFailure && !path.failing) {
        path.failing = true;
        path.failing_since = time;
        path.tried = 0;
      }
      if (path.failing != was_failing) update_modes();
    }
    if (outcome == Outcome::kSuccess) {
      client.last_success = time;
      if (client.state == ServiceState::kDown) {
        if (!client.streak) {
          client.streak = true;
          client.streak_start = start;
        }
        if (time - client.streak_start >= downtime.restore_after) {
          client.recovering_since = time;
          change_state(client, ServiceState::kRecovering,
                       fmt::format("requests succeed again for {} s", downtime.restore_after));
        }
      }
      return;
    }
    client.streak = false;
    if (client.state != ServiceState::kDown && time - client.last_success >= downtime.detect_after) {
      change_state(
          client, ServiceState::kDown,
          fmt::format("no successful request for {} s ({})", downtime.detect_after, outcome_name(outcome)));
    }
  }

  // ----- quiet-path elision --------------------------------------------------------------------------------
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

  static bool counted(const std::map<std::string, int>& counts, const std::string& key) {
    auto it = counts.find(key);
    return it != counts.end() && it->second > 0;
  }

  bool link_quiet(const std::string& id, const LinkRuntime& link) const {
    return link.off_count == 0 && link.degrades.empty() && link.attacks.empty() && !counted(link_announced, id);
  }

  bool host_quiet(const sg4::Host* host) const {
    if (host == nullptr || !host->is_on()) return false;
    auto it = host_announced.find(host);
    return it == host_announced.end() || it->second == 0;
  }

  // What the actor would do when woken at `time` with no request in flight: issue a request if a clinical
  // request waits or a probe is due (as run_client does), accounted as a success after `duration`.
  void lazy_step(Client& client, Seconds time) {
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

  void complete_elided(Client& client) {
    client.busy = false;
    ++counters.succeeded;
    client.last_success = client.busy_until;
    if (client.busy_clinical) client.last_clinical = client.busy_until;
  }

  // Accounts an elided pair's requests up to `time`: completions and probes at or before it.
  void advance(Client& client, Seconds time) {
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
  Seconds request_time() const { return std::max(now(), clinical_time); }

  void elided_request(Client& client) {
    const Seconds time = request_time();
    advance(client, time);
    client.pending = true;
    if (!client.busy) lazy_step(client, time);
  }

  // The client actor's elided interval: from its switch (at the top of its loop, so no simulated request
  // of its own is in flight) until update_modes() makes it simulated again.
  void elided_interval(Client& client, std::unique_lock<sg4::Mutex>& lock) {
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

  void complete_elided(Orchestrator& orchestrator) {
    orchestrator.busy = false;
    ++counters.succeeded;
    orchestrator.service->last_reached = orchestrator.busy_until;
    while (orchestrator.next <= orchestrator.busy_until) orchestrator.next += orchestrator.service->spec->probe_every;
  }

  // Accounts an elided orchestrator's probes up to `time` (each reaches the primary over the first route).
  void advance(Orchestrator& orchestrator, Seconds time) {
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

  void elided_interval(Orchestrator& orchestrator, std::unique_lock<sg4::Mutex>& lock) {
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
  void sleep_until_planned(std::size_t wake, Seconds time) {
    actor_wakes[wake] = time;
    if (time > now()) sg4::this_actor::sleep_until(time);
    actor_wakes[wake] = now();
  }

  Seconds quiet_until() const {
    if (!elide || simulated_members > 0) return -kForever;
    Seconds until = scenario.horizon > 0.0 ? scenario.horizon : kForever;
    for (Seconds wake : actor_wakes) until = std::min(until, wake);
    return until;
  }

  void announce(Announcement& announcement) {
    announcement.in_force = true;
    for (const std::string& link : announcement.links) ++link_announced[link];
    for (const sg4::Host* host : announcement.hosts) ++host_announced[host];
    for (const std::string& service : announcement.services) ++service_announced[service];
  }

  void release(Announcement* announcement) {
    if (announcement != nullptr && announcement->in_force) {
      announcement->in_force = false;
      for (const std::string& link : announcement->links) --link_announced[link];
      for (const sg4::Host* host : announcement->hosts) --host_announced[host];
      for (const std::string& service : announcement->services) --service_announced[service];
    }
    update_modes();
  }

  // The elements an injection's begin or end changes. nullptr with elision off.
  Announcement* plan_announcement(Seconds at, const Injection& injection) {
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

  void run_announcer(std::vector<Announcement*> pending, std::size_t wake) {
    std::stable_sort(pending.begin(), pending.end(),
                     [](const Announcement* a, const Announcement* b) { return a->at < b->at; });
    for (Announcement* announcement : pending) {
      sleep_until_planned(wake, announcement->at - announce_margin);
      announce(*announcement);
      update_modes();
    }
    actor_wakes[wake] = kForever;
  }

  // Re-decides which pairs are elided (see above). Called after every change of a pair's state, of a
  // path's failing flag or current path, of a service's active data centre, and after each injection
  // action and attack step.
  void update_modes() {
    if (!elide || !started) return;
    const Seconds time = now();
    for (auto& [key, client] : clients) {
      if (client.elided) advance(client, time);
    }
    for (auto& [id, orchestrator] : orchestrators) {
      if (orchestrator.elided) advance(orchestrator, time);
    }
    // Resources: links by index, then the data-centre hosts. Members: clients, then orchestrators.
    const int link_count = static_cast<int>(link_ids.size());
    std::vector<int> parent(link_count + datacenter_ids.size());
    for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = static_cast<int>(i);
    auto root = [&parent](int i) {
      while (parent[i] != i) i = parent[i] = parent[parent[i]];
      return i;
    };
    std::vector<int> load(parent.size(), 0);
    struct View {
      Client* client = nullptr;
      Orchestrator* orchestrator = nullptr;
      const NetworkPath* route = nullptr;
      const std::vector<int>* route_links = nullptr;
      const sg4::Host* source = nullptr;  // endpoint or management host
      const sg4::Host* server_host = nullptr;
      int server = -1;
      bool quiet = false;
    };
    std::vector<View> views;
    views.reserve(clients.size() + orchestrators.size());
    auto add_route = [&](View& view, const NetworkPath& route, const std::string& datacenter) {
      view.route = &route;
      view.route_links = &route_link_indices(route);
      view.server = link_count + datacenter_index.at(datacenter);
      view.server_host = platform.datacenter_host(datacenter);
      ++load[view.server];
      for (int link : *view.route_links) {
        ++load[link];
        parent[root(link)] = root(view.server);
      }
    };
    for (auto& [key, client] : clients) {
      View& view = views.emplace_back();
      view.client = &client;
      const std::string& datacenter = client.service->active;
      PathState& path = path_state(key.first, datacenter);
      if (path.paths->empty()) continue;
      const std::vector<sg4::Host*>& endpoints = platform.endpoint_hosts(key.first);
      view.source = path.current < static_cast<int>(endpoints.size()) ? endpoints[path.current] : nullptr;
      add_route(view, (*path.paths)[path.current], datacenter);
    }
    for (auto& [id, orchestrator] : orchestrators) {
      const ServiceRuntime& service = *orchestrator.service;
      if (orchestrator.done || orchestrator.routes->empty() || service.active != service.spec->hosted_on) {
        continue;
      }
      View& view = views.emplace_back();
      view.orchestrator = &orchestrator;
      view.source = platform.ops_host(*service.spec->standby, 0);
      add_route(view, orchestrator.routes->front(), service.spec->hosted_on);
    }
    std::vector<bool> component_quiet(parent.size(), true);
    for (View& view : views) {
      if (view.route == nullptr) continue;
      const ServiceRuntime& service = view.client ? *view.client->service : *view.orchestrator->service;
      const Service& spec = *service.spec;
      bool quiet = service.down_count == 0 && !counted(service_announced, spec.id) && host_quiet(view.source) &&
                   host_quiet(view.server_host);
      if (view.client) {
        const PathState& path = paths.at({view.client->hospital->id, service.active});
        quiet = quiet && view.client->state == ServiceState::kUp && !path.failing;
      }
      double bandwidth = kForever;
      double shared = 0.0;  // max over the route's links of (members crossing it) / bandwidth, s/byte
      for (int link : *view.route_links) {
        quiet = quiet && link_quiet(link_ids[link], *link_by_index[link]);
        bandwidth = std::min(bandwidth, link_by_index[link]->spec->bandwidth);
        shared = std::max(shared, load[link] / link_by_index[link]->spec->bandwidth);
      }
      if (quiet) {
        const Seconds latency = view.route->latency;
        const double speed = view.server_host->get_speed();
        const Seconds duration = latency + spec.request_bytes / bandwidth + spec.request_work / speed + latency +
                                 spec.response_bytes / bandwidth;
        if (view.client) view.client->duration = duration;
        if (view.orchestrator) view.orchestrator->duration = duration;
        // Max-min sharing gives a flow at least the smallest bandwidth / n over its links (n: flows on the
        // link), and each of n requests on a server at least speed / n.
        const Seconds worst_case = 2 * latency + (spec.request_bytes + spec.response_bytes) * shared +
                                   spec.request_work * load[view.server] / speed;
        quiet = worst_case < spec.timeout;
      }
      view.quiet = quiet;
      if (!quiet) component_quiet[root(view.server)] = false;
    }
    for (View& view : views) {
      const bool quiet = view.quiet && component_quiet[root(view.server)];
      bool& elided = view.client ? view.client->elided : view.orchestrator->elided;
      bool& may_elide = view.client ? view.client->may_elide : view.orchestrator->may_elide;
      const sg4::ConditionVariablePtr& wake = view.client ? view.client->wake : view.orchestrator->wake;
      if (elided) {
        if (quiet) continue;
        elided = false;
        ++simulated_members;
        if (wake) wake->notify_one();
      } else {
        may_elide = quiet;
        if (quiet && wake && view.client) wake->notify_one();  // an orchestrator notices after its sleep
      }
    }
  }

  // Indices (into link_ids) of a route's links, computed once per route.
  const std::vector<int>& route_link_indices(const NetworkPath& route) {
    auto [it, inserted] = route_links.try_emplace(&route);
    if (inserted) {
      for (const std::string& link : route.links) it->second.push_back(link_index.at(link));
    }
    return it->second;
  }

  // ----- failover -----------------------------------------------------------------------------------------

  void run_orchestrator(Orchestrator& orchestrator) {
    ServiceRuntime& service = *orchestrator.service;
    const Service& spec = *service.spec;
    const std::string& standby = *spec.standby;
    const std::vector<NetworkPath>& routes = *orchestrator.routes;
    sg4::Host* primary = platform.datacenter_host(spec.hosted_on);
    if (routes.empty()) return;  // cannot observe the primary: never fails over (never counted as simulated)
    orchestrator.mutex = sg4::Mutex::create();
    orchestrator.wake = sg4::ConditionVariable::create();
    std::unique_lock<sg4::Mutex> lock(*orchestrator.mutex);
    Seconds& next = orchestrator.next;
    while (service.active == spec.hosted_on) {
      if (orchestrator.may_elide) {
        elided_interval(orchestrator, lock);
        continue;
      }
      sg4::this_actor::sleep_until(next);
      next += spec.probe_every;
      if (!platform.ops_host(standby, 0)->is_on()) continue;  // the standby site is down: nobody decides
      bool reached = false;
      for (int k = 0; k < static_cast<int>(routes.size()) && !reached; ++k) {
        reached = perform(platform.ops_host(standby, k), &routes[k], primary, spec,
                          instance_answers(service, spec.hosted_on)) == Outcome::kSuccess;
      }
      if (reached) {
        service.last_reached = now();
      } else if (now() - service.last_reached >= spec.failover_after) {
        fail_over(service);
      }
      while (next <= now()) next += spec.probe_every;
    }
    orchestrator.done = true;
    --simulated_members;
    update_modes();
  }

  void fail_over(ServiceRuntime& service) {
    const Service& spec = *service.spec;
    sg4::Host* host = platform.datacenter_host(*spec.standby);
    std::string started;
    if (!host->is_on()) {
      if (!cold_standby_off[host->get_name()] || host_off_count[host->get_name()] > 0)
        return;  // cannot start
      cold_standby_off[host->get_name()] = false;
      host->turn_on();
      started = " (cold standby started)";
    }
    service.active = *spec.standby;
    emit_infrastructure("failover", spec.id,
                        fmt::format("{} moved from {} to {} after {} s without reaching the primary{}",
                                    spec.id, spec.hosted_on, *spec.standby, spec.failover_after, started));
    update_modes();
  }

  // ----- injections ---------------------------------------------------------------------------------------

  void host_off(sg4::Host* host) {
    if (host_off_count[host->get_name()]++ == 0 && host->is_on()) host->turn_off();
  }
  void host_on(sg4::Host* host) {
    if (--host_off_count[host->get_name()] == 0 && !cold_standby_off[host->get_name()]) host->turn_on();
  }

  // The IT hosts an id stands for: a data centre's service and management hosts, or a hospital's endpoints.
  std::vector<sg4::Host*> hosts_of(const std::string& id) const {
    std::vector<sg4::Host*> hosts;
    if (sg4::Host* host = platform.datacenter_host(id)) {
      hosts.push_back(host);
      for (sg4::Host* ops : platform.ops_hosts(id)) hosts.push_back(ops);
    }
    for (sg4::Host* endpoint : platform.endpoint_hosts(id)) hosts.push_back(endpoint);
    return hosts;
  }

  void link_off(const std::string& id) {
    LinkRuntime& link = links.at(id);
    if (link.off_count++ == 0) link.link->turn_off();
  }
  void link_on(const std::string& id) {
    LinkRuntime& link = links.at(id);
    if (--link.off_count == 0) link.link->turn_on();
  }

  void apply_link_performance(LinkRuntime& link) {
    for (sg4::Link* direction : {link.link->get_link_up(), link.link->get_link_down()}) {
      direction->set_bandwidth(link.bandwidth());
      direction->set_latency(link.latency());
    }
  }

  // Starts kAttackFlowsPerDirection flows each way between the link's attack hosts; the feeder link, set to
  // the attack traffic of every attack on the link, caps them, so together they offer that traffic.
  void start_attack(const Injection& injection, const std::string& link_id, Seconds end) {
    auto [a, b] = platform.attack_hosts(link_id);
    sg4::SplitDuplexLink* feed = platform.attack_feed(link_id);
    if (a == nullptr || feed == nullptr) return;
    set_feed(link_id);
    const double rate = injection.traffic / kAttackFlowsPerDirection;
    const Seconds until = std::isfinite(end) ? end : scenario.horizon;
    const double seconds = std::max(until - now(), 0.0) + 3600.0;
    const double bytes = std::min(rate * seconds * 1.01 + 1e6, 1e18);
    for (auto [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
      for (int i = 0; i < kAttackFlowsPerDirection; ++i) {
        attack_flows[injection.id].push_back(
            sg4::Comm::sendto_async(from, to, static_cast<std::uint64_t>(bytes)));
      }
    }
  }

  void set_feed(const std::string& link_id) {
    sg4::SplitDuplexLink* feed = platform.attack_feed(link_id);
    if (feed == nullptr) return;
    const double traffic = std::max(links.at(link_id).attack_traffic(), 1.0);
    feed->get_link_up()->set_bandwidth(traffic);
    feed->get_link_down()->set_bandwidth(traffic);
  }

  void stop_attack(const Injection& injection) {
    for (sg4::CommPtr& flow : attack_flows[injection.id]) {
      if (flow->get_state() == sg4::Activity::State::STARTED) flow->cancel();
    }
    attack_flows.erase(injection.id);
  }

  static std::string detail_of(const Injection& injection) {
    return injection.description.empty()
               ? fmt::format("injection {}", injection.id)
               : fmt::format("injection {}: {}", injection.id, injection.description);
  }

  void begin(const Injection& injection, Seconds end) {
    const std::string detail = detail_of(injection);
    for (const std::string& target : injection.targets) {
      switch (injection.kind) {
        case InjectionKind::kLinkDown:
          if (!links.count(target)) break;
          link_off(target);
          emit_infrastructure("link_down", target, detail);
          break;
        case InjectionKind::kHostDown:
          for (sg4::Host* host : hosts_of(target)) host_off(host);
          emit_infrastructure("host_down", target, detail);
          break;
        case InjectionKind::kServiceDown:
          if (!services.count(target)) break;
          ++services.at(target).down_count;
          emit_infrastructure("service_down", target, detail);
          break;
        case InjectionKind::kDegrade: {
          if (!links.count(target)) break;
          LinkRuntime& link = links.at(target);
          link.degrades[injection.id] = {injection.bandwidth_factor, injection.added_latency};
          apply_link_performance(link);
          emit_infrastructure("degrade_start", target,
                              fmt::format("{}; bandwidth x{}, latency +{} s", detail,
                                          injection.bandwidth_factor, injection.added_latency));
          break;
        }
        case InjectionKind::kDdos:
          if (!links.count(target)) break;
          links.at(target).attacks[injection.id] = injection.traffic;
          ++attacks_in_force;
          start_attack(injection, target, end);
          emit_infrastructure("ddos_start", target,
                              fmt::format("{}; {} B/s of attack traffic on a link of {} B/s{}", detail,
                                          injection.traffic, links.at(target).bandwidth(),
                                          links.at(target).scrubbing > 0.0
                                              ? fmt::format(" ({} B/s in all after scrubbing)",
                                                            links.at(target).attack_traffic())
                                              : std::string()));
          break;
        case InjectionKind::kShutdown:
          if (links.count(target)) link_off(target);
          for (sg4::Host* host : hosts_of(target)) host_off(host);
          emit_infrastructure("shutdown", target, detail);
          break;
        case InjectionKind::kRansomware:  // planned apart: plan_ransomware / run_ransomware
        case InjectionKind::kDdosCampaign:  // expanded into ddos waves by plan_campaign
          break;
      }
    }
  }

  void finish(const Injection& injection) {
    const std::string detail = detail_of(injection);
    if (injection.kind == InjectionKind::kDdos) stop_attack(injection);
    for (const std::string& target : injection.targets) {
      switch (injection.kind) {
        case InjectionKind::kLinkDown:
          if (!links.count(target)) break;
          link_on(target);
          emit_infrastructure("link_up", target, detail);
          break;
        case InjectionKind::kHostDown:
          for (sg4::Host* host : hosts_of(target)) host_on(host);
          emit_infrastructure("host_up", target, detail);
          break;
        case InjectionKind::kServiceDown:
          if (!services.count(target)) break;
          --services.at(target).down_count;
          emit_infrastructure("service_up", target, detail);
          break;
        case InjectionKind::kDegrade: {
          if (!links.count(target)) break;
          LinkRuntime& link = links.at(target);
          link.degrades.erase(injection.id);
          apply_link_performance(link);
          emit_infrastructure("degrade_end", target, detail);
          break;
        }
        case InjectionKind::kDdos:
          if (!links.count(target)) break;
          links.at(target).attacks.erase(injection.id);
          --attacks_in_force;
          set_feed(target);
          emit_infrastructure("ddos_end", target, detail);
          break;
        case InjectionKind::kShutdown:
          if (links.count(target)) link_on(target);
          for (sg4::Host* host : hosts_of(target)) host_on(host);
          emit_infrastructure("shutdown_end", target, detail);
          break;
        case InjectionKind::kRansomware:
        case InjectionKind::kDdosCampaign:
          break;
      }
    }
  }

  // Applies a ransomware plan's steps at their times (src/it/attack.h).
  void run_ransomware(const RansomwarePlan& plan, const std::vector<Announcement*>& plan_announcements,
                      std::size_t wake) {
    for (const AttackStep& step : plan.steps) {
      if (scenario.horizon > 0.0 && step.time >= scenario.horizon) break;
      sleep_until_planned(wake, step.time);
      for (sg4::Host* host : step.power == 0 ? std::vector<sg4::Host*>{} : hosts_of(step.target)) {
        if (step.power < 0) host_off(host);
        if (step.power > 0) host_on(host);
      }
      emit_infrastructure(step.kind, step.target, step.detail);
      release(plan_announcements[&step - plan.steps.data()]);
    }
    actor_wakes[wake] = kForever;
  }

  void run_injector(std::size_t wake) {
    for (const Action& action : actions) {
      if (scenario.horizon > 0.0 && action.time >= scenario.horizon) break;
      sleep_until_planned(wake, action.time);
      if (action.begins) {
        begin(*action.injection, action.end);
      } else {
        finish(*action.injection);
      }
      release(action.announcement);
    }
    actor_wakes[wake] = kForever;
  }

  // Each wave becomes a ddos injection "<id>/wave-<k>" (k from 1) with the wave's times.
  void plan_campaign(const Injection& campaign, Seconds at) {
    const std::vector<PlannedWave> waves = plan_ddos_campaign(campaign, at, seed);
    for (std::size_t k = 0; k < waves.size(); ++k) {
      Injection& wave = campaign_waves.emplace_back();
      wave.id = fmt::format("{}/wave-{}", campaign.id, k + 1);
      wave.kind = InjectionKind::kDdos;
      wave.targets = waves[k].targets;
      wave.traffic = waves[k].traffic;
      wave.description = campaign.description.empty() ? fmt::format("ddos_campaign {}", campaign.id)
                                                      : campaign.description;
      actions.push_back(
          Action{waves[k].start, true, &wave, waves[k].end, plan_announcement(waves[k].start, wave)});
      actions.push_back(
          Action{waves[k].end, false, &wave, waves[k].end, plan_announcement(waves[k].end, wave)});
    }
  }

  void plan_injections() {
    for (const auto& [id, injection] : scenario.injections) {
      RandomStream stream(seed, "injection/" + id);
      const Seconds at = std::max(0.0, stream.sample(injection.at));
      if (injection.kind == InjectionKind::kRansomware) {
        const RansomwarePlan& plan = ransomware_plans.emplace_back(plan_ransomware(scenario, injection, at, seed));
        std::vector<Announcement*>& steps = ransomware_announcements.emplace_back();
        for (const AttackStep& step : plan.steps) {
          Announcement* announcement = nullptr;
          if (elide && step.power != 0) {
            announcement = &announcements.emplace_back();
            announcement->at = step.time;
            announcement->hosts = hosts_of(step.target);
          }
          steps.push_back(announcement);
        }
        continue;
      }
      if (injection.kind == InjectionKind::kDdosCampaign) {
        plan_campaign(injection, at);
        continue;
      }
      const Seconds end =
          injection.duration ? at + std::max(0.0, stream.sample(*injection.duration)) : kForever;
      actions.push_back(Action{at, true, &injection, end, plan_announcement(at, injection)});
      if (std::isfinite(end)) {
        actions.push_back(Action{end, false, &injection, end, plan_announcement(end, injection)});
      }
    }
    // By time; at equal times in scenario order (injection id), each begin before its own end.
    std::stable_sort(actions.begin(), actions.end(),
                     [](const Action& a, const Action& b) { return a.time < b.time; });
  }
};

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
  Client* found = impl_->find_client(hospital, service);
  if (found == nullptr) return;
  ++impl_->counters.clinical_requests;
  Client& client = *found;
  if (client.elided) {
    impl_->elided_request(client);
    return;
  }
  client.pending = true;
  if (client.wake) client.wake->notify_one();
}

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
