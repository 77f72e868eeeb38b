// ItModel::Impl: requests over the simulated network, the client actor of each (hospital, service) pair, its
// state machine and reroutes (src/it/it_model.h describes the mechanisms).
#include "it/it_model_impl.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>

namespace hospsim {
namespace sg4 = simgrid::s4u;

using it_runtime::kForever;
using it_runtime::now;
using it_runtime::Outcome;

namespace {

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

}  // namespace

// Waits out the deadline: the request got no answer.
Outcome ItModel::Impl::no_answer(Seconds deadline) {
  if (deadline > now()) sg4::this_actor::sleep_until(deadline);
  return Outcome::kTimeout;
}

Outcome ItModel::Impl::transfer(sg4::Host* from, sg4::Host* to, double bytes, Seconds deadline,
                                sg4::Host* endpoint, sg4::Host* server) {
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
Outcome ItModel::Impl::perform(sg4::Host* endpoint, const NetworkPath* path, sg4::Host* server,
                               const Service& service, bool answers) {
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

Outcome ItModel::Impl::work(sg4::Host* server, const Service& service, bool answers, Seconds deadline) {
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

bool ItModel::Impl::instance_answers(const ServiceRuntime& service, const std::string& datacenter) const {
  return !(service.down_count > 0 && datacenter == service.spec->hosted_on);
}

bool ItModel::Impl::reroute_due(const PathState& state, Seconds time) const {
  return state.failing && state.paths->size() > 1 &&
         state.tried + 1 < static_cast<int>(state.paths->size()) &&
         time >= state.failing_since + scenario.network.reroute_after;
}

void ItModel::Impl::reroute(const std::string& hospital, const std::string& datacenter, PathState& state) {
  const NetworkPath& before = (*state.paths)[state.current];
  state.current = (state.current + 1) % static_cast<int>(state.paths->size());
  ++state.tried;
  state.failing_since = now();
  modes_stale = true;  // the current path changed
  const NetworkPath& after = (*state.paths)[state.current];
  emit_infrastructure(InfrastructureKind::kReroute, hospital,
                      fmt::format("path to {} switched from {} to {}", datacenter,
                                  fmt::join(before.links, ","), fmt::join(after.links, ",")));
  update_modes();
}

void ItModel::Impl::run_client(Client& client) {
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
    const Outcome outcome =
        perform(endpoint, route, server, service, instance_answers(*client.service, datacenter));
    if (clinical) client.last_clinical = now();
    record(client, path, used, start, outcome);
  }
}

void ItModel::Impl::record(Client& client, PathState& path, int used, Seconds start, Outcome outcome) {
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
    if (path.failing != was_failing) update_modes(&client);  // the path's clients share a component
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

}  // namespace hospsim
