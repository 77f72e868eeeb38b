#include "metrics/attack_metrics.h"

#include <cmath>
#include <cstdint>

#include "metrics/run_metrics.h"

namespace hospsim {

AttackMetrics::AttackMetrics(const Scenario& scenario) {
  for (const auto& [id, injection] : scenario.injections) {
    if (injection.kind == InjectionKind::kRansomware) active_ = true;
  }
}

void AttackMetrics::on(const InfrastructureEvent& event) {
  if (!active_) return;
  const std::string& host = event.target;
  Change change{event.time, 0, 0, 0};
  const auto set_down = [&](bool down) {
    down_area_ += static_cast<double>(down_.size()) * (event.time - down_since_);
    down_since_ = event.time;
    if (down && down_.insert(host).second) change.down = 1;
    if (!down && down_.erase(host) > 0) change.down = -1;
  };
  switch (event.kind) {
    case InfrastructureKind::kInfected:
      if (infected_.insert(host).second) change.infected = 1;
      pending_.insert(host);
      if (first_infection_ < 0.0) first_infection_ = event.time;
      break;
    case InfrastructureKind::kEncrypted:
      set_down(true);
      break;
    case InfrastructureKind::kIsolated:
      isolated_.insert(host);
      pending_.insert(host);
      set_down(true);
      break;
    case InfrastructureKind::kDetected:
      if (first_detection_ < 0.0) first_detection_ = event.time;
      break;
    case InfrastructureKind::kRestored:
    case InfrastructureKind::kReleased:
      set_down(false);
      change.restored = 1;
      if (pending_.erase(host) > 0 && pending_.empty()) all_restored_ = event.time;
      break;
    default:
      return;
  }
  changes_.push_back(change);
}

void AttackMetrics::on_end(Seconds time) {
  if (!active_) return;
  down_area_ += static_cast<double>(down_.size()) * (time - down_since_);
  down_since_ = time;
  // State at the start of each hour: every change at or before it.
  const long hours = static_cast<long>(std::ceil(time / kHour));
  std::size_t next = 0;
  double values[3] = {0, 0, 0};
  for (long k = 0; k < hours; ++k) {
    const Seconds hour_start = static_cast<Seconds>(k) * kHour;
    while (next < changes_.size() && changes_[next].time <= hour_start) {
      values[0] += changes_[next].infected;
      values[1] += changes_[next].down;
      values[2] += changes_[next].restored;
      ++next;
    }
    for (int m = 0; m < 3; ++m) rows_.push_back({hour_start, m, values[m]});
  }
}

void AttackMetrics::add_metrics(MetricRecord& region) const {
  if (!active_) return;
  const auto set_hours = [&region](MetricId id, Seconds from, Seconds to) {
    if (from >= 0.0 && to >= 0.0) set_real(region, id, (to - from) / kHour);
  };
  set_count(region, MetricId::kAttackHostsInfected, static_cast<std::int64_t>(infected_.size()));
  set_count(region, MetricId::kAttackHostsIsolated, static_cast<std::int64_t>(isolated_.size()));
  set_hours(MetricId::kAttackHoursToDetect, first_infection_, first_detection_);
  if (pending_.empty()) set_hours(MetricId::kAttackHoursToRestore, first_infection_, all_restored_);
  set_real(region, MetricId::kAttackHostHoursDown, down_area_ / kHour);
}

}  // namespace hospsim
