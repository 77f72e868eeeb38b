// What IT downtime does: /downtime (when a service counts as down, and recovery) and /effects (capacity and
// time factors per service and activity while it is down); both also inside each hospital.

#include <algorithm>
#include <vector>

#include "scenario/effect_presets.h"
#include "scenario/scenario_reader.h"

namespace hospsim::loader {
namespace {

// [turnaround]: a duration >= 0, for ed_treatment only (the downtime path of ED tests).
bool read_turnaround(ScenarioReader& in, const json& object, const std::string& at, Activity activity,
                     Seconds& out) {
  if (in.member(object, "turnaround") == nullptr) return false;
  if (activity != Activity::kEdTreatment) {
    in.problem(
        child(at, "turnaround"),
        std::string("only ed_treatment effects have a test turnaround, not ") + activity_name(activity));
    return false;
  }
  return in.read_duration(object, at, "turnaround", out);
}

// [adapt]: [{after, capacity, time, turnaround}], `after` > 0 and increasing; keys a step leaves out keep the
// previous step's values (the first step's, the entry's).
void load_adapt(ScenarioReader& in, const json& entry, const std::string& at, const std::string& step_path,
                Activity activity, Effect& effect) {
  read_steps(in, entry, at, "adapt", step_path, "{after, capacity, time, turnaround}",
             EffectStep{0.0, effect.capacity, effect.time, effect.turnaround}, effect.adapt,
             [&](const json& value, const std::string& step_at, EffectStep& step) {
               in.read_share(value, step_at, "capacity", step.capacity);
               in.read_number(
                   value, step_at, "time", step.time, [](double v) { return v >= 1.0; },
                   "a time factor >= 1 (manual work is not faster)");
               read_turnaround(in, value, step_at, activity, step.turnaround);
               return true;
             });
}

// [priority]: {class: {capacity, time, turnaround}}; classes are the elective priority classes for
// elective_surgery and the acuity levels "1".."5" (time and turnaround only) for ed_treatment.
void load_priority(ScenarioReader& in, const json& entry, const std::string& at,
                   const std::string& class_path, Activity activity, Effect& effect) {
  const json* priority = in.member(entry, "priority");
  if (priority == nullptr) return;
  const std::string priority_at = child(at, "priority");
  std::vector<std::string> classes;
  if (activity == Activity::kElectiveSurgery) {
    classes.assign(kPriorityClassNames.begin(), kPriorityClassNames.end());
  } else if (activity == Activity::kEdTreatment) {
    for (int level = 1; level <= kAcuityLevels; ++level) classes.push_back(std::to_string(level));
  } else {
    in.problem(priority_at, std::string("priority entries apply to elective_surgery (by priority class) and "
                                        "ed_treatment (by acuity), not ") +
                                activity_name(activity));
    return;
  }
  if (!priority->is_object()) {
    in.problem(priority_at,
               "must be an object keyed by class (" + join(classes) + "), got " + describe(*priority));
    return;
  }
  for (const auto& item : priority->items()) {
    const std::string class_at = child(priority_at, item.key());
    if (std::find(classes.begin(), classes.end(), item.key()) == classes.end()) {
      in.key_problem(class_at, unknown_name_message("class", item.key(), classes));
      continue;
    }
    if (!in.check_object(item.value(), class_at, class_path)) continue;
    EffectOverride entry_for_class;
    double number = 0;
    if (in.member(item.value(), "capacity") != nullptr && activity == Activity::kEdTreatment) {
      in.problem(class_at + "/capacity",
                 "ED treatment spaces are shared by every acuity: an acuity's entry "
                 "may give time and turnaround only");
    } else if (in.read_share(item.value(), class_at, "capacity", number)) {
      entry_for_class.capacity = number;
    }
    if (in.read_number(
            item.value(), class_at, "time", number, [](double v) { return v >= 1.0; },
            "a time factor >= 1 (manual work is not faster)")) {
      entry_for_class.time = number;
    }
    Seconds turnaround = 0;
    if (read_turnaround(in, item.value(), class_at, activity, turnaround))
      entry_for_class.turnaround = turnaround;
    effect.priority[item.key()] = entry_for_class;
  }
}

// [preset]: the name of a preset of the library for the service's kind; nullptr (and a problem) otherwise.
const EffectPreset* read_preset(ScenarioReader& in, const json& value, const std::string& at,
                                const std::string& service) {
  const std::string kind = in.service_kind(service);
  const std::vector<std::string> names = effect_preset_names(kind);
  const std::string offer = names.empty()
                                ? "there are no presets for services of kind " + units::quote(kind)
                                : "presets for services of kind " + units::quote(kind) + ": " + join(names);
  if (!value.is_string()) {
    in.problem(at, "must be the name of an effect preset (a string; " + offer + "), got " + describe(value));
    return nullptr;
  }
  const std::string name = value.get<std::string>();
  const auto& library = effect_presets();
  auto found = library.find(name);
  if (found == library.end()) {
    std::vector<std::string> all;
    for (const auto& [preset_name, preset] : library) all.push_back(preset_name);
    const std::string suggestion = did_you_mean(name, names.empty() ? all : names);
    in.problem(at, "unknown effect preset " + units::quote(name) + suggestion + " (" + offer +
                       "; `hospsim presets` lists them)");
    return nullptr;
  }
  if (found->second.kind != kind) {
    in.problem(at, "effect preset " + units::quote(name) + " is for services of kind " +
                       units::quote(found->second.kind) + ", and " + units::quote(service) + " is of kind " +
                       units::quote(kind) + "; " + offer);
    return nullptr;
  }
  return &found->second;
}

}  // namespace

void load_downtime(ScenarioReader& in, const json& value, const std::string& at, const char* path,
                   DowntimeConfig& out) {
  if (!in.check_object(value, at, path)) return;
  in.read_duration(value, at, "detect_after", out.detect_after);
  in.read_duration(value, at, "restore_after", out.restore_after);
  in.read_duration(value, at, "recovery", out.recovery);
  in.read_share(value, at, "recovery_capacity", out.recovery_capacity);
}

// effects: {service id: {preset, activity: {capacity, time, turnaround, adapt, priority}}}
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
      in.key_problem(service_at, unknown_name_message("service", item.key(), candidates) +
                                     " (effects are keyed by service id)");
      continue;
    }
    if (!in.check_object(item.value(), service_at, service_path)) continue;
    const json* preset_name = in.member(item.value(), "preset");
    const EffectPreset* preset = preset_name == nullptr
                                     ? nullptr
                                     : read_preset(in, *preset_name, child(service_at, "preset"), item.key());
    auto& by_activity = out[item.key()];
    for (int a = 0; a < kActivityCount; ++a) {
      const auto activity = static_cast<Activity>(a);
      const json* entry = in.member(item.value(), activity_name(activity));
      std::string from_preset;
      // An activity the entry does not give comes from the preset, whole (the library is checked by the
      // tests, so its entries read without problems).
      if (entry == nullptr && preset != nullptr && preset->effects.contains(activity_name(activity))) {
        entry = &preset->effects.at(activity_name(activity));
        from_preset = preset->name;
      }
      if (entry == nullptr) continue;
      const std::string entry_at = child(service_at, activity_name(activity));
      if (!in.check_object(*entry, entry_at, activity_path)) continue;
      Effect effect;
      in.read_share(*entry, entry_at, "capacity", effect.capacity);
      in.read_number(
          *entry, entry_at, "time", effect.time, [](double v) { return v >= 1.0; },
          "a time factor >= 1 (manual work is not faster)");
      read_turnaround(in, *entry, entry_at, activity, effect.turnaround);
      load_adapt(in, *entry, entry_at, std::string(service_path) + "/*/adapt/*", activity, effect);
      load_priority(in, *entry, entry_at, std::string(service_path) + "/*/priority/*", activity, effect);
      effect.preset = from_preset;
      by_activity[activity] = effect;
    }
  }
}

}  // namespace hospsim::loader
