// What IT downtime does: /downtime (when a service counts as down, and recovery) and /effects (capacity and
// time factors per service and activity while it is down); both also inside each hospital.

#include "scenario/scenario_reader.h"

#include <vector>

namespace hospsim::loader {

void load_downtime(ScenarioReader& in, const json& value, const std::string& at, const char* path,
                   DowntimeConfig& out) {
  if (!in.check_object(value, at, path)) return;
  in.read_duration(value, at, "detect_after", out.detect_after);
  in.read_duration(value, at, "restore_after", out.restore_after);
  in.read_duration(value, at, "recovery", out.recovery);
  in.read_share(value, at, "recovery_capacity", out.recovery_capacity);
}

// effects: {service id: {activity: {capacity, time}}}
void load_effects(ScenarioReader& in, const json& value, const std::string& at, const char* service_path,
                  EffectTable& out) {
  if (!value.is_object()) {
    in.problem(at, "must be an object keyed by service id, got " + describe(value));
    return;
  }
  const std::string activity_path = std::string(service_path) + "/*";
  for (const auto& item : value.items()) {
    const std::string service_at = child(at, item.key());
    if (!in.service_ids().count(item.key())) {
      const std::vector<std::string> candidates(in.service_ids().begin(), in.service_ids().end());
      const std::string suggestion = did_you_mean(item.key(), candidates);
      in.key_problem(service_at,
                     "unknown service " + units::quote(item.key()) + "; effects are keyed by service id" +
                         (suggestion.empty() ? ", expected one of: " + join(candidates) : suggestion));
      continue;
    }
    if (!in.check_object(item.value(), service_at, service_path)) continue;
    auto& by_activity = out[item.key()];
    for (int a = 0; a < kActivityCount; ++a) {
      const auto activity = static_cast<Activity>(a);
      const json* entry = in.member(item.value(), activity_name(activity));
      if (entry == nullptr) continue;
      const std::string entry_at = child(service_at, activity_name(activity));
      if (!in.check_object(*entry, entry_at, activity_path)) continue;
      Effect effect;
      in.read_share(*entry, entry_at, "capacity", effect.capacity);
      in.read_number(
          *entry, entry_at, "time", effect.time, [](double v) { return v >= 1.0; },
          "a time factor >= 1 (manual work is not faster)");
      by_activity[activity] = effect;
    }
  }
}

}  // namespace hospsim::loader
