// AttackMetrics: the ransomware recovery curve and summary of one run, from InfrastructureEvents alone.
//
// It listens to the ransomware steps of the IT layer (InfrastructureKind kInfected, kEncrypted, kIsolated,
// kDetected, kRestored, kReleased; src/it/attack.h) and keeps, over every ransomware attack of the run:
//   - summary metrics for the region (add_metrics(); names in metrics/metric_table.h);
//   - an hourly region timeline (rows(), after on_end()): at the start of each hour, the hosts infected so
//     far, the hosts held off by an attack (encrypted or isolated, not yet restored or released), and the
//     hosts restored or released so far.
// Hosts are data centre and hospital ids. It is active only when the scenario has a ransomware injection,
// so other scenarios' outputs do not change. Time is simulated seconds since the scenario's start.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "hospsim/events.h"
#include "hospsim/metrics.h"
#include "hospsim/scenario.h"

namespace hospsim {

struct AttackTimelineRow {
  Seconds hour_start;
  int metric;  // 0, 1, 2: infected, down, restored (TimelineMetric::kAttackHostsInfected and on)
  double value;
};

class AttackMetrics {
 public:
  explicit AttackMetrics(const Scenario& scenario);

  bool active() const { return active_; }
  void on(const InfrastructureEvent& event);
  void on_end(Seconds time);

  // Adds attack_hosts_infected, attack_hosts_isolated, attack_hours_to_detect, attack_hours_to_restore and
  // attack_host_hours_down to `region` when active (a duration without its end stays unset: null).
  // REQUIRES: on_end() was called.
  void add_metrics(MetricRecord& region) const;
  // REQUIRES: on_end() was called. Empty when not active.
  const std::vector<AttackTimelineRow>& rows() const { return rows_; }

 private:
  struct Change {
    Seconds time;
    int infected;  // +1 when a host is first infected
    int down;      // +1 / -1 hosts held off
    int restored;  // +1 when a host is restored or released
  };

  bool active_ = false;
  std::set<std::string> infected_;
  std::set<std::string> isolated_;
  std::set<std::string> down_;
  std::set<std::string> pending_;  // infected or isolated, not yet restored or released
  Seconds first_infection_ = -1.0;
  Seconds first_detection_ = -1.0;
  Seconds all_restored_ = -1.0;  // last time pending_ became empty after a restoration
  double down_area_ = 0.0;       // host-seconds held off
  Seconds down_since_ = 0.0;
  std::vector<Change> changes_;
  std::vector<AttackTimelineRow> rows_;
};

}  // namespace hospsim
