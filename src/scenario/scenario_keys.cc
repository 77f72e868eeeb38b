#include "scenario/scenario_keys.h"

#include <cstdlib>

namespace hospsim {
namespace {

#define HOSPSIM_ACTIVITY_KEYS \
  "ed_treatment", "admission", "elective_surgery", "emergency_surgery", "outpatient"
#define HOSPSIM_EFFECT_KEYS "capacity", "time", "turnaround", "adapt", "priority"
#define HOSPSIM_DOWNTIME_KEYS "detect_after", "restore_after", "recovery", "recovery_capacity"
#define HOSPSIM_DISTRIBUTION_KEYS "mean", "median", "p90", "min", "max"

std::vector<ObjectKeys> build_catalog() {
  return {
      {"",
       {"format", "name", "start", "horizon", "hospitals"},
       {"$schema", "description", "seed", "deterministic", "sources", "datacenters", "network", "services",
        "effects", "policies", "injections", "strategies", "downtime", "warmup"}},
      {"/sources/*", {"what", "ref"}, {}},
      {"/downtime", {}, {HOSPSIM_DOWNTIME_KEYS}},
      {"/datacenters/*", {}, {"name", "location", "speed", "starts_off"}},
      {"/network", {}, {"routers", "links", "reroute_after", "scrubbing"}},
      {"/network/routers/*", {}, {"name", "location"}},
      {"/network/links/*", {"between"}, {"bandwidth", "latency", "carrier"}},
      {"/services/*",
       {"hosted_on"},
       {"name", "kind", "standby", "failover_after", "request", "response_bytes", "timeout", "probe_every",
        "probe"}},
      {"/services/*/request", {}, {"bytes", "work"}},
      {"/hospitals/*",
       {"name", "location"},
       {"region", "uses", "ed", "beds", "surgery", "outpatient", "downtime", "effects"}},
      {"/hospitals/*/ed",
       {"arrivals_per_day"},
       {"ambulance_share", "treatment_spaces", "treatment_minutes", "admit_share", "patience_minutes",
        "acuity_shares", "treatment_factor", "hourly_profile", "weekday_profile", "ambulance_acuity_shares",
        "surge", "tests"}},
      {"/hospitals/*/ed/surge",
       {},
       {"spaces", "beds", "occupancy_threshold", "sustained_minutes", "on_incident", "delay_minutes",
        "stand_down_minutes"}},
      {"/hospitals/*/ed/tests", {}, {"lab_share", "imaging_share", "lab_turnaround", "imaging_turnaround"}},
      {"/hospitals/*/ed/treatment_minutes", {"median", "p90"}, {}},
      {"/hospitals/*/beds", {}, {"count", "occupancy", "los_days"}},
      {"/hospitals/*/beds/los_days", {"median", "p90"}, {}},
      {"/hospitals/*/surgery",
       {},
       {"theatres", "day", "elective_per_weekday", "case_minutes", "turnover_minutes", "planned_utilisation",
        "inpatient_share", "emergency_theatres", "emergency_share", "emergency_case_minutes", "priority_shares"}},
      {"/hospitals/*/surgery/priority_shares", {}, {"cancer", "urgent", "routine"}},
      {"/hospitals/*/surgery/case_minutes", {"median", "p90"}, {}},
      {"/hospitals/*/surgery/emergency_case_minutes", {"median", "p90"}, {}},
      {"/hospitals/*/outpatient", {}, {"visits_per_weekday", "hours"}},
      {"/hospitals/*/downtime", {}, {HOSPSIM_DOWNTIME_KEYS}},
      {"/hospitals/*/effects/*", {}, {"preset", HOSPSIM_ACTIVITY_KEYS}},
      {"/hospitals/*/effects/*/*", {}, {HOSPSIM_EFFECT_KEYS}},
      {"/hospitals/*/effects/*/*/adapt/*", {"after"}, {"capacity", "time", "turnaround"}},
      {"/hospitals/*/effects/*/*/priority/*", {}, {"capacity", "time", "turnaround"}},
      {"/effects/*", {}, {"preset", HOSPSIM_ACTIVITY_KEYS}},
      {"/effects/*/*", {}, {HOSPSIM_EFFECT_KEYS}},
      {"/effects/*/*/adapt/*", {"after"}, {"capacity", "time", "turnaround"}},
      {"/effects/*/*/priority/*", {}, {"capacity", "time", "turnaround"}},
      {"/policies", {}, {"elective", "outpatient", "diversion", "public_advice", "transfers", "mutual_aid"}},
      {"/policies/elective", {}, {"on_downtime", "rebook_after", "catchup_share"}},
      {"/policies/outpatient", {}, {"on_downtime", "to_ed_share"}},
      {"/policies/diversion",
       {},
       {"on_downtime", "occupancy_threshold", "ambulance_speed_kmh", "road_factor", "dispatch",
        "max_extra_minutes", "time_critical_acuity", "scope", "max_diverting", "max_diverting_share", "cap_action",
        "suspend_minutes", "min_on_minutes", "min_off_minutes"}},
      {"/policies/transfers", {}, {"enabled", "after_minutes", "max_travel_minutes"}},
      {"/policies/mutual_aid", {}, {"enabled", "share", "max_travel_minutes", "lead_days", "window_days"}},
      {"/policies/mutual_aid/share", {}, {"cancer", "urgent", "routine"}},
      {"/policies/public_advice", {}, {"elsewhere_share", "stay_home_share", "adapt"}},
      {"/policies/public_advice/adapt/*", {"after"}, {"elsewhere_share", "stay_home_share"}},
      {"/injections/*",
       {"kind", "at"},
       {"target", "targets", "duration", "bandwidth_factor", "added_latency", "traffic", "description",
        "dwell", "spread", "segmentation", "detect_after", "containment", "restore", "waves"}},
      {"/injections/*/at", {"distribution"}, {HOSPSIM_DISTRIBUTION_KEYS}},
      {"/injections/*/duration", {"distribution"}, {HOSPSIM_DISTRIBUTION_KEYS}},
      {"/injections/*/dwell", {"distribution"}, {HOSPSIM_DISTRIBUTION_KEYS}},
      {"/injections/*/spread", {}, {"delay", "probability", "over_network", "trust"}},
      {"/injections/*/spread/delay", {"distribution"}, {HOSPSIM_DISTRIBUTION_KEYS}},
      {"/injections/*/segmentation", {}, {"blocked", "zones"}},
      {"/injections/*/detect_after", {"distribution"}, {HOSPSIM_DISTRIBUTION_KEYS}},
      {"/injections/*/containment", {}, {"isolate", "after", "release_after"}},
      {"/injections/*/containment/after", {"distribution"}, {HOSPSIM_DISTRIBUTION_KEYS}},
      {"/injections/*/containment/release_after", {"distribution"}, {HOSPSIM_DISTRIBUTION_KEYS}},
      {"/injections/*/restore", {"per_host"}, {"team_size", "forensics"}},
      {"/injections/*/restore/forensics", {"distribution"}, {HOSPSIM_DISTRIBUTION_KEYS}},
      {"/injections/*/restore/per_host", {"distribution"}, {HOSPSIM_DISTRIBUTION_KEYS}},
      {"/injections/*/waves/*", {"duration", "targets", "traffic"}, {"after"}},
      {"/injections/*/waves/*/after", {"distribution"}, {HOSPSIM_DISTRIBUTION_KEYS}},
      {"/injections/*/waves/*/duration", {"distribution"}, {HOSPSIM_DISTRIBUTION_KEYS}},
      {"/strategies/*", {"patch"}, {"description"}},
  };
}

}  // namespace

const std::vector<DeprecatedKey>& deprecated_keys() {
  static const std::vector<DeprecatedKey> keys = {
      {"/policies/outpatient", "cancel_whole_day", "on_downtime",
       "true = \"whole_day\", false = \"while_down\""},
  };
  return keys;
}

const std::vector<ObjectKeys>& scenario_object_keys() {
  static const std::vector<ObjectKeys> catalog = build_catalog();
  return catalog;
}

const ObjectKeys& object_keys(std::string_view path) {
  for (const ObjectKeys& entry : scenario_object_keys()) {
    if (entry.path == path) return entry;
  }
  std::abort();  // a programming error: every path used by the loader is in the catalog
}

}  // namespace hospsim
