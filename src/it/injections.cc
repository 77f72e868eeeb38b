// ItModel::Impl: planning injections (times drawn from their CRN streams, DDoS campaign waves, ransomware
// plans), applying them from the injector and ransomware actors, and the DDoS background flows.
#include "it/it_model_impl.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <simgrid/s4u.hpp>

#include "hospsim/random.h"

namespace hospsim {
namespace sg4 = simgrid::s4u;

using it_runtime::kForever;
using it_runtime::now;

void ItModel::Impl::host_off(sg4::Host* host) {
  if (host_off_count[host->get_name()]++ == 0 && host->is_on()) host->turn_off();
}

void ItModel::Impl::host_on(sg4::Host* host) {
  if (--host_off_count[host->get_name()] == 0 && !cold_standby_off[host->get_name()]) host->turn_on();
}

// The IT hosts an id stands for: a data centre's service and management hosts, or a hospital's endpoints.
std::vector<sg4::Host*> ItModel::Impl::hosts_of(const std::string& id) const {
  std::vector<sg4::Host*> hosts;
  if (sg4::Host* host = platform.datacenter_host(id)) {
    hosts.push_back(host);
    for (sg4::Host* ops : platform.ops_hosts(id)) hosts.push_back(ops);
  }
  for (sg4::Host* endpoint : platform.endpoint_hosts(id)) hosts.push_back(endpoint);
  return hosts;
}

void ItModel::Impl::link_off(const std::string& id) {
  LinkRuntime& link = links.at(id);
  if (link.off_count++ == 0) link.link->turn_off();
}

void ItModel::Impl::link_on(const std::string& id) {
  LinkRuntime& link = links.at(id);
  if (--link.off_count == 0) link.link->turn_on();
}

void ItModel::Impl::apply_link_performance(LinkRuntime& link) {
  for (sg4::Link* direction : {link.link->get_link_up(), link.link->get_link_down()}) {
    direction->set_bandwidth(link.bandwidth());
    direction->set_latency(link.latency());
  }
}

// Starts kAttackFlowsPerDirection flows each way between the link's attack hosts; the feeder link, set to
// the attack traffic of every attack on the link, caps them, so together they offer that traffic.
void ItModel::Impl::start_attack(const Injection& injection, const std::string& link_id, Seconds end) {
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

void ItModel::Impl::set_feed(const std::string& link_id) {
  sg4::SplitDuplexLink* feed = platform.attack_feed(link_id);
  if (feed == nullptr) return;
  const double traffic = std::max(links.at(link_id).attack_traffic(), 1.0);
  feed->get_link_up()->set_bandwidth(traffic);
  feed->get_link_down()->set_bandwidth(traffic);
}

void ItModel::Impl::stop_attack(const Injection& injection) {
  for (sg4::CommPtr& flow : attack_flows[injection.id]) {
    if (flow->get_state() == sg4::Activity::State::STARTED) flow->cancel();
  }
  attack_flows.erase(injection.id);
}

std::string ItModel::Impl::detail_of(const Injection& injection) {
  return injection.description.empty() ? fmt::format("injection {}", injection.id)
                                       : fmt::format("injection {}: {}", injection.id, injection.description);
}

void ItModel::Impl::begin(const Injection& injection, Seconds end) {
  const std::string detail = detail_of(injection);
  for (const std::string& target : injection.targets) {
    switch (injection.kind) {
      case InjectionKind::kLinkDown:
        if (!links.count(target)) break;
        link_off(target);
        emit_infrastructure(InfrastructureKind::kLinkDown, target, detail);
        break;
      case InjectionKind::kHostDown:
        for (sg4::Host* host : hosts_of(target)) host_off(host);
        emit_infrastructure(InfrastructureKind::kHostDown, target, detail);
        break;
      case InjectionKind::kServiceDown:
        if (!services.count(target)) break;
        ++services.at(target).down_count;
        emit_infrastructure(InfrastructureKind::kServiceDown, target, detail);
        break;
      case InjectionKind::kDegrade: {
        if (!links.count(target)) break;
        LinkRuntime& link = links.at(target);
        link.degrades[injection.id] = {injection.bandwidth_factor, injection.added_latency};
        apply_link_performance(link);
        emit_infrastructure(InfrastructureKind::kDegradeStart, target,
                            fmt::format("{}; bandwidth x{}, latency +{} s", detail,
                                        injection.bandwidth_factor, injection.added_latency));
        break;
      }
      case InjectionKind::kDdos:
        if (!links.count(target)) break;
        links.at(target).attacks[injection.id] = injection.traffic;
        ++attacks_in_force;
        start_attack(injection, target, end);
        emit_infrastructure(
            InfrastructureKind::kDdosStart, target,
            fmt::format("{}; {} B/s of attack traffic on a link of {} B/s{}", detail, injection.traffic,
                        links.at(target).bandwidth(),
                        links.at(target).scrubbing > 0.0 ? fmt::format(" ({} B/s in all after scrubbing)",
                                                                       links.at(target).attack_traffic())
                                                         : std::string()));
        break;
      case InjectionKind::kShutdown:
        if (links.count(target)) link_off(target);
        for (sg4::Host* host : hosts_of(target)) host_off(host);
        emit_infrastructure(InfrastructureKind::kShutdown, target, detail);
        break;
      case InjectionKind::kRansomware:    // planned apart: plan_ransomware / run_ransomware
      case InjectionKind::kDdosCampaign:  // expanded into ddos waves by plan_campaign
        break;
    }
  }
}

void ItModel::Impl::finish(const Injection& injection) {
  const std::string detail = detail_of(injection);
  if (injection.kind == InjectionKind::kDdos) stop_attack(injection);
  for (const std::string& target : injection.targets) {
    switch (injection.kind) {
      case InjectionKind::kLinkDown:
        if (!links.count(target)) break;
        link_on(target);
        emit_infrastructure(InfrastructureKind::kLinkUp, target, detail);
        break;
      case InjectionKind::kHostDown:
        for (sg4::Host* host : hosts_of(target)) host_on(host);
        emit_infrastructure(InfrastructureKind::kHostUp, target, detail);
        break;
      case InjectionKind::kServiceDown:
        if (!services.count(target)) break;
        --services.at(target).down_count;
        emit_infrastructure(InfrastructureKind::kServiceUp, target, detail);
        break;
      case InjectionKind::kDegrade: {
        if (!links.count(target)) break;
        LinkRuntime& link = links.at(target);
        link.degrades.erase(injection.id);
        apply_link_performance(link);
        emit_infrastructure(InfrastructureKind::kDegradeEnd, target, detail);
        break;
      }
      case InjectionKind::kDdos:
        if (!links.count(target)) break;
        links.at(target).attacks.erase(injection.id);
        --attacks_in_force;
        set_feed(target);
        emit_infrastructure(InfrastructureKind::kDdosEnd, target, detail);
        break;
      case InjectionKind::kShutdown:
        if (links.count(target)) link_on(target);
        for (sg4::Host* host : hosts_of(target)) host_on(host);
        emit_infrastructure(InfrastructureKind::kShutdownEnd, target, detail);
        break;
      case InjectionKind::kRansomware:
      case InjectionKind::kDdosCampaign:
        break;
    }
  }
}

// Applies a ransomware plan's steps at their times (src/it/attack.h).
void ItModel::Impl::run_ransomware(const RansomwarePlan& plan,
                                   const std::vector<Announcement*>& plan_announcements, std::size_t wake) {
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

void ItModel::Impl::run_injector(std::size_t wake) {
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
void ItModel::Impl::plan_campaign(const Injection& campaign, Seconds at) {
  const std::vector<PlannedWave> waves = plan_ddos_campaign(campaign, at, seed);
  for (std::size_t k = 0; k < waves.size(); ++k) {
    Injection& wave = campaign_waves.emplace_back();
    wave.id = fmt::format("{}/wave-{}", campaign.id, k + 1);
    wave.kind = InjectionKind::kDdos;
    wave.targets = waves[k].targets;
    wave.traffic = waves[k].traffic;
    wave.description =
        campaign.description.empty() ? fmt::format("ddos_campaign {}", campaign.id) : campaign.description;
    actions.push_back(
        Action{waves[k].start, true, &wave, waves[k].end, plan_announcement(waves[k].start, wave)});
    actions.push_back(
        Action{waves[k].end, false, &wave, waves[k].end, plan_announcement(waves[k].end, wave)});
  }
}

void ItModel::Impl::plan_injections() {
  for (const auto& [id, injection] : scenario.injections) {
    RandomStream stream(seed, "injection/" + id);
    const Seconds at = std::max(0.0, stream.sample(injection.at));
    if (injection.kind == InjectionKind::kRansomware) {
      const RansomwarePlan& plan =
          ransomware_plans.emplace_back(plan_ransomware(scenario, injection, at, seed));
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

}  // namespace hospsim
