#include "it/it_model.h"

#include <algorithm>
#include <cmath>
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
};

struct Action {
  Seconds time;
  bool begins;
  const Injection* injection;
  Seconds end;  // begins: when it ends (kForever when it lasts the run)
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

  Impl(const Scenario& s, const Platform& p, EventBus& b, std::uint64_t sd)
      : scenario(s), platform(p), bus(b), seed(sd) {}

  bool can_emit() const { return scenario.horizon <= 0.0 || now() < scenario.horizon; }

  void emit_infrastructure(const std::string& kind, const std::string& target, const std::string& detail) {
    if (!can_emit()) return;
    bus.emit(InfrastructureEvent{now(), kind, target, detail});
  }

  void change_state(Client& client, ServiceState to, const std::string& cause) {
    const ServiceState from = client.state;
    client.state = to;
    client.state_since = now();
    if (!can_emit()) return;
    bus.emit(ServiceStateChanged{now(), client.hospital->id, client.service->spec->id, from, to, cause});
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
      if (outcome == Outcome::kSuccess) {
        path.failing = false;
        path.tried = 0;
      } else if (outcome == Outcome::kNetworkFailure && !path.failing) {
        path.failing = true;
        path.failing_since = time;
        path.tried = 0;
      }
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

  // ----- failover -----------------------------------------------------------------------------------------

  void run_orchestrator(ServiceRuntime& service) {
    const Service& spec = *service.spec;
    const std::string& standby = *spec.standby;
    const std::vector<NetworkPath>& routes = platform.paths(standby, spec.hosted_on);
    sg4::Host* primary = platform.datacenter_host(spec.hosted_on);
    RandomStream stream(seed, "it/orchestrator/" + spec.id);
    Seconds next = stream.uniform() * spec.probe_every;
    if (routes.empty()) return;  // cannot observe the primary: never fails over
    while (service.active == spec.hosted_on) {
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
  void run_ransomware(const RansomwarePlan& plan) {
    for (const AttackStep& step : plan.steps) {
      if (scenario.horizon > 0.0 && step.time >= scenario.horizon) return;
      if (step.time > now()) sg4::this_actor::sleep_until(step.time);
      for (sg4::Host* host : step.power == 0 ? std::vector<sg4::Host*>{} : hosts_of(step.target)) {
        if (step.power < 0) host_off(host);
        if (step.power > 0) host_on(host);
      }
      emit_infrastructure(step.kind, step.target, step.detail);
    }
  }

  void run_injector() {
    for (const Action& action : actions) {
      if (scenario.horizon > 0.0 && action.time >= scenario.horizon) return;
      if (action.time > now()) sg4::this_actor::sleep_until(action.time);
      if (action.begins) {
        begin(*action.injection, action.end);
      } else {
        finish(*action.injection);
      }
    }
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
      actions.push_back(Action{waves[k].start, true, &wave, waves[k].end});
      actions.push_back(Action{waves[k].end, false, &wave, waves[k].end});
    }
  }

  void plan_injections() {
    for (const auto& [id, injection] : scenario.injections) {
      RandomStream stream(seed, "injection/" + id);
      const Seconds at = std::max(0.0, stream.sample(injection.at));
      if (injection.kind == InjectionKind::kRansomware) {
        ransomware_plans.push_back(plan_ransomware(scenario, injection, at, seed));
        continue;
      }
      if (injection.kind == InjectionKind::kDdosCampaign) {
        plan_campaign(injection, at);
        continue;
      }
      const Seconds end =
          injection.duration ? at + std::max(0.0, stream.sample(*injection.duration)) : kForever;
      actions.push_back(Action{at, true, &injection, end});
      if (std::isfinite(end)) actions.push_back(Action{end, false, &injection, end});
    }
    // By time; at equal times in scenario order (injection id), each begin before its own end.
    std::stable_sort(actions.begin(), actions.end(),
                     [](const Action& a, const Action& b) { return a.time < b.time; });
  }
};

ItModel::ItModel(const Scenario& scenario, const Platform& platform, EventBus& bus, std::uint64_t seed)
    : impl_(std::make_unique<Impl>(scenario, platform, bus, seed)) {
  Impl& m = *impl_;
  for (const auto& [id, link] : scenario.network.links) {
    LinkRuntime& runtime = m.links[id];
    runtime.spec = &link;
    runtime.link = platform.link(id);
    runtime.scrubbing = scenario.network.scrubbing;
  }
  for (const auto& [id, service] : scenario.services) {
    ServiceRuntime& runtime = m.services[id];
    runtime.spec = &service;
    runtime.active = service.hosted_on;
  }
  for (const auto& [id, datacenter] : scenario.datacenters) {
    if (datacenter.starts_off) m.cold_standby_off["dc:" + id] = true;
  }
  for (const auto& [hospital_id, hospital] : scenario.hospitals) {
    for (const std::string& service_id : hospital.uses) {
      auto service = m.services.find(service_id);
      if (service == m.services.end()) continue;
      Client& client = m.clients[{hospital_id, service_id}];
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
  for (auto& [key, client] : m.clients) {
    Client* c = &client;
    sg4::Actor::create("it-client:" + key.first + "/" + key.second, m.platform.clinic_host(key.first),
                       [&m, c] {
                         sg4::Actor::self()->daemonize();
                         m.run_client(*c);
                       });
  }
  for (auto& [id, service] : m.services) {
    if (!service.spec->standby || *service.spec->standby == service.spec->hosted_on) continue;
    ServiceRuntime* s = &service;
    sg4::Actor::create("it-orchestrator:" + id, m.platform.control_host(), [&m, s] {
      sg4::Actor::self()->daemonize();
      m.run_orchestrator(*s);
    });
  }
  for (const RansomwarePlan& plan : m.ransomware_plans) {
    const RansomwarePlan* p = &plan;
    sg4::Actor::create("it-ransomware", m.platform.control_host(), [&m, p] {
      sg4::Actor::self()->daemonize();
      m.run_ransomware(*p);
    });
  }
  if (!m.actions.empty()) {
    sg4::Actor::create("it-injector", m.platform.control_host(), [&m] {
      sg4::Actor::self()->daemonize();
      m.run_injector();
    });
  }
}

ServiceState ItModel::state(const std::string& hospital, const std::string& service) const {
  auto it = impl_->clients.find({hospital, service});
  return it == impl_->clients.end() ? ServiceState::kUp : it->second.state;
}

Seconds ItModel::state_since(const std::string& hospital, const std::string& service) const {
  auto it = impl_->clients.find({hospital, service});
  return it == impl_->clients.end() ? 0.0 : it->second.state_since;
}

void ItModel::request(const std::string& hospital, const std::string& service) {
  auto it = impl_->clients.find({hospital, service});
  if (it == impl_->clients.end()) return;
  ++impl_->counters.clinical_requests;
  Client& client = it->second;
  client.pending = true;
  if (client.wake) client.wake->notify_one();
}

std::string ItModel::active_datacenter(const std::string& service) const {
  auto it = impl_->services.find(service);
  return it == impl_->services.end() ? std::string() : it->second.active;
}

Seconds ItModel::first_probe(const std::string& hospital, const std::string& service) const {
  auto it = impl_->clients.find({hospital, service});
  return it == impl_->clients.end() ? -1.0 : it->second.phase;
}

const ItModel::Counters& ItModel::counters() const { return impl_->counters; }

void start_horizon(const Platform& platform, Seconds horizon, EventBus& bus) {
  EventBus* events = &bus;
  sg4::Actor::create("horizon", platform.control_host(), [horizon, events] {
    sg4::this_actor::sleep_until(horizon);
    events->end(horizon);
  });
}

}  // namespace hospsim
