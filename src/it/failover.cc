// ItModel::Impl: the failover orchestrator of a service with a standby (src/it/it_model.h, "Failover").
#include "it/it_model_impl.h"

#include <string>
#include <vector>

#include <fmt/format.h>
#include <simgrid/s4u.hpp>

namespace hospsim {
namespace sg4 = simgrid::s4u;

using it_runtime::now;
using it_runtime::Outcome;

void ItModel::Impl::run_orchestrator(Orchestrator& orchestrator) {
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
  modes_stale = true;
  update_modes();
}

void ItModel::Impl::fail_over(ServiceRuntime& service) {
  const Service& spec = *service.spec;
  sg4::Host* host = platform.datacenter_host(*spec.standby);
  std::string started;
  if (!host->is_on()) {
    if (!cold_standby_off[host->get_name()] || host_off_count[host->get_name()] > 0) return;  // cannot start
    cold_standby_off[host->get_name()] = false;
    host->turn_on();
    started = " (cold standby started)";
  }
  service.active = *spec.standby;
  modes_stale = true;
  emit_infrastructure(InfrastructureKind::kFailover, spec.id,
                      fmt::format("{} moved from {} to {} after {} s without reaching the primary{}", spec.id,
                                  spec.hosted_on, *spec.standby, spec.failover_after, started));
  update_modes();
}

}  // namespace hospsim
