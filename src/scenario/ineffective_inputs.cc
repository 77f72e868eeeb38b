#include "scenario/ineffective_inputs.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "scenario/json_reader.h"
#include "scenario/units.h"

namespace hospsim {
namespace {

using nlohmann::json;

bool given(const json& root, const std::string& pointer) {
  try {
    return root.contains(json::json_pointer(pointer));
  } catch (const json::exception&) {
    return false;
  }
}

bool uses(const Hospital& hospital, const std::string& service) {
  return std::find(hospital.uses.begin(), hospital.uses.end(), service) != hospital.uses.end();
}

bool has_elective_lists(const Hospital& hospital) {
  const auto& cases = hospital.surgery.elective_per_weekday;
  return hospital.surgery.theatres > 0 &&
         std::any_of(cases.begin(), cases.end(), [](int n) { return n > 0; });
}

bool has_visits(const Hospital& hospital) {
  const auto& visits = hospital.outpatient.visits_per_weekday;
  return std::any_of(visits.begin(), visits.end(), [](int n) { return n > 0; });
}

// A hospital with an ED that uses a service whose ed_treatment or admission capacity is < 1 there: only
// such a hospital can be "in downtime" (docs/model.md, "Ambulance diversion" and "Public advice").
bool can_be_in_downtime(const Scenario& scenario, const Hospital& hospital) {
  if (!hospital.has_ed) return false;
  for (const std::string& service : hospital.uses) {
    for (Activity activity : {Activity::kEdTreatment, Activity::kAdmission}) {
      const Effect effect = scenario.effect(hospital, service, activity);
      if (effect.capacity < 1.0) return true;
      for (const EffectStep& step : effect.adapt) {
        if (step.capacity < 1.0) return true;
      }
    }
  }
  return false;
}

// Whether a service the hospital uses has a non-neutral effect on any activity there (one DOWN is an IT
// incident for surge capacity, docs/model.md "Surge capacity").
bool has_acting_effect(const Scenario& scenario, const Hospital& hospital) {
  for (const std::string& service : hospital.uses) {
    for (int a = 0; a < kActivityCount; ++a) {
      const Effect e = scenario.effect(hospital, service, static_cast<Activity>(a));
      if (e.capacity != 1.0 || e.time != 1.0) return true;
    }
  }
  return false;
}

// Whether the factors of `effect` the model reads for `activity` differ from neutral.
bool used_factors_act(Activity activity, const Effect& effect) {
  if (!effect.adapt.empty() || !effect.priority.empty()) return true;
  if (activity == Activity::kEdTreatment && effect.turnaround > 0) return true;
  switch (activity) {
    case Activity::kEdTreatment:
    case Activity::kElectiveSurgery:
      return effect.capacity < 1.0 || effect.time > 1.0;
    case Activity::kAdmission:
    case Activity::kOutpatient:
      return effect.capacity < 1.0;
    case Activity::kEmergencySurgery:
      return effect.time > 1.0;
  }
  return false;
}

// Whether `activity` happens at `hospital` at all, for the factors the model reads.
bool activity_present(const Hospital& hospital, Activity activity) {
  switch (activity) {
    case Activity::kEdTreatment:
      return hospital.has_ed;
    case Activity::kAdmission:  // usable beds, and the downtime condition of an ED
      return hospital.beds.count > 0 || hospital.has_ed;
    case Activity::kElectiveSurgery:
      return has_elective_lists(hospital);
    case Activity::kEmergencySurgery:  // emergency cases come from ED admissions
      return hospital.has_ed && hospital.surgery.emergency_share > 0 && hospital.ed.admit_share > 0;
    case Activity::kOutpatient:
      return has_visits(hospital);
  }
  return false;
}

const char* activity_missing(Activity activity) {
  switch (activity) {
    case Activity::kEdTreatment:
      return "an ED";
    case Activity::kAdmission:
      return "beds (beds.count > 0) or an ED";
    case Activity::kElectiveSurgery:
      return "elective lists (surgery.theatres > 0 and elective_per_weekday)";
    case Activity::kEmergencySurgery:
      return "emergency surgery (an ED with admit_share and surgery.emergency_share > 0)";
    case Activity::kOutpatient:
      return "outpatient visits (visits_per_weekday)";
  }
  return "";
}

class Finder {
 public:
  Finder(const json& root, const Scenario& scenario, const WarningSink& warn)
      : root_(root), scenario_(scenario), warn_(warn) {}

  void run() {
    policies();
    scenario_effects();
    for (const auto& [id, hospital] : scenario_.hospitals) hospital_inputs(hospital);
  }

 private:
  // The factors the model never reads, wherever an effects entry is (scenario table or hospital override).
  void unread_factors(const std::string& at, const std::string& service, Activity activity, const Effect& effect) {
    auto found = scenario_.services.find(service);
    const std::string kind = found == scenario_.services.end() ? "" : found->second.kind;
    if (effect.gives_turnaround() && kind != "lab" && kind != "pacs") {
      warn_(at, "a test turnaround acts only for lab and pacs services (ED patients' lab tests and imaging); " +
                    units::quote(service) + " is of kind " + units::quote(kind) +
                    ", so its turnaround cannot have an effect");
    }
    for (std::size_t k = 0; k < effect.adapt.size(); ++k) {
      if (effect.adapt[k].after >= scenario_.horizon) {
        warn_(at + "/adapt/" + std::to_string(k) + "/after",
              "the step starts at or after the horizon of the run, so it cannot have an effect");
      }
    }
    if (activity == Activity::kAdmission && effect.time != 1.0) {
      warn_(
          at + "/time",
          "admission time factors are not used by the model (admission uses only capacity: the usable beds); "
          "this factor cannot have an effect");
    }
    if (activity == Activity::kEmergencySurgery && effect.capacity != 1.0) {
      warn_(at + "/capacity",
            "emergency surgery is never cancelled or reduced (only its time factor is used); this factor "
            "cannot have an effect");
    }
    if (activity == Activity::kOutpatient && effect.time != 1.0) {
      warn_(at + "/time",
            "outpatient time factors are not used by the model (a visit is cancelled or takes place); this "
            "factor cannot have an effect");
    }
    if (activity == Activity::kEdTreatment && effect.capacity == 0.0 && effect.time > 1.0) {
      warn_(at + "/time",
            "with capacity 0 no ED treatment starts while this service is DOWN, so this time factor cannot "
            "have an effect");
    }
    if (activity == Activity::kElectiveSurgery && effect.capacity < 1.0 && effect.time > 1.0 &&
        scenario_.policies.elective != ElectivePolicy::kReduced) {
      warn_(at + "/time",
            "with capacity < 1 no elective case goes ahead while this service is DOWN unless "
            "policies.elective.on_downtime is \"reduced\", so this time factor cannot have an effect");
    }
  }

  void scenario_effects() {
    for (const auto& [service, by_activity] : scenario_.effects) {
      const std::string service_at = "/effects/" + service;
      std::vector<const Hospital*> users;
      for (const auto& [id, hospital] : scenario_.hospitals) {
        if (uses(hospital, service)) users.push_back(&hospital);
      }
      if (users.empty()) {
        warn_(service_at, "no hospital uses service " + units::quote(service) + "; its effects cannot act");
        continue;
      }
      for (const auto& [activity, effect] : by_activity) {
        const std::string at = service_at + "/" + activity_name(activity);
        unread_factors(at, service, activity, effect);
        // A preset describes a whole service: that an activity of it has no taker here is expected.
        if (!used_factors_act(activity, effect) || !effect.preset.empty()) continue;
        // The hospitals that take this entry: they use the service and do not replace the entry.
        bool taken = false;
        bool acts = false;
        for (const Hospital* hospital : users) {
          if (hospital->effects && hospital->effects->count(service) &&
              hospital->effects->at(service).count(activity)) {
            continue;
          }
          taken = true;
          acts = acts || activity_present(*hospital, activity);
        }
        if (!taken) {
          warn_(at, "every hospital that uses " + units::quote(service) +
                        " replaces this entry with its own effects; it cannot act");
        } else if (!acts) {
          warn_(at, std::string("no hospital that uses ") + units::quote(service) +
                        " and takes this entry has " + activity_missing(activity) +
                        "; this effect cannot act");
        }
      }
    }
  }

  void hospital_inputs(const Hospital& hospital) {
    const std::string at = "/hospitals/" + hospital.id;
    if (hospital.effects) {
      for (const auto& [service, by_activity] : *hospital.effects) {
        const std::string service_at = at + "/effects/" + service;
        if (!uses(hospital, service)) {
          warn_(service_at, "hospital " + units::quote(hospital.id) + " does not use service " +
                                units::quote(service) + " (not in its \"uses\"); this override cannot act");
          continue;
        }
        for (const auto& [activity, effect] : by_activity) {
          const std::string entry_at = service_at + "/" + activity_name(activity);
          unread_factors(entry_at, service, activity, effect);
          if (used_factors_act(activity, effect) && effect.preset.empty() && !activity_present(hospital, activity)) {
            warn_(entry_at, "hospital " + units::quote(hospital.id) + " does not have " +
                                activity_missing(activity) + "; this effect cannot act");
          }
        }
      }
    }
    // Beds not modelled: their figures are never read.
    if (hospital.beds.count == 0) {
      for (const char* key : {"occupancy", "los_days"}) {
        if (given(root_, at + "/beds/" + key)) {
          warn_(at + "/beds/" + key,
                "beds.count is 0 (beds are not modelled), so this cannot have an effect");
        }
      }
    }
    // Elective cases without theatres, and elective-only surgery keys without lists.
    if (hospital.surgery.theatres == 0 && has_elective_lists_ignoring_theatres(hospital)) {
      warn_(at + "/surgery/elective_per_weekday",
            "surgery.theatres is 0, so these elective cases are never scheduled");
    }
    // Emergency surgery comes only from ED admissions.
    if (!hospital.has_ed) {
      for (const char* key : {"emergency_theatres", "emergency_share", "emergency_case_minutes"}) {
        if (given(root_, at + "/surgery/" + key)) {
          warn_(at + "/surgery/" + key,
                "hospital " + units::quote(hospital.id) +
                    " has no ED and emergency surgery comes only from ED admissions, so this cannot have an "
                    "effect");
        }
      }
    }
    if (hospital.has_ed && hospital.ed.ambulance_acuity_given && hospital.ed.ambulance_share == 0.0) {
      warn_(at + "/ed/ambulance_acuity_shares",
            "ambulance_share is 0 (no ambulance arrivals), so this mix cannot have an effect");
    }
    surge_inputs(hospital, at + "/ed/surge");
    if (given(root_, at + "/ed/tests") && !scenario_.models_test_turnaround(hospital)) {
      warn_(at + "/ed/tests",
            "tests are read only where an ed_treatment effect of a lab or pacs service the hospital uses gives a "
            "turnaround, and none does here, so this cannot have an effect");
    }
    if (given(root_, at + "/surgery/priority_shares") && !elective_priority_read(hospital)) {
      warn_(at + "/surgery/priority_shares",
            "priority classes are read only by elective_surgery priority entries of the services the hospital "
            "uses (and it has elective lists), and none applies here, so this cannot have an effect");
    }
    if (!has_visits(hospital) && given(root_, at + "/outpatient/hours")) {
      warn_(at + "/outpatient/hours",
            "no outpatient visits (visits_per_weekday), so these hours cannot have an "
            "effect");
    }
  }

  void surge_inputs(const Hospital& hospital, const std::string& at) {
    if (!hospital.has_ed || !given(root_, at)) return;
    const SurgeConfig& surge = hospital.ed.surge;
    if (!surge.active()) {
      warn_(at, "surge.spaces and surge.beds are both 0, so surge capacity never opens");
      return;
    }
    if (surge.beds > 0 && hospital.beds.count == 0) {
      warn_(at + "/beds", "beds.count is 0 (beds are not modelled), so surge beds cannot have an effect");
    }
    if (surge.on_incident) {
      bool region_incident = false;
      for (const auto& [id, other] : scenario_.hospitals) {
        region_incident = region_incident || (other.region == hospital.region && has_acting_effect(scenario_, other));
      }
      if (!region_incident) {
        warn_(at + "/on_incident",
              "no hospital of region " + units::quote(hospital.region) +
                  " uses a service with an effect (effects, or the hospital's own effects), and only such a "
                  "service being DOWN is an IT incident, so a regional incident never opens surge capacity");
      }
    } else if (surge.occupancy > 1.0) {
      warn_(at + "/occupancy_threshold",
            "an occupancy threshold above 1 is never reached and on_incident is false, so surge capacity "
            "never opens");
    }
  }

  bool elective_priority_read(const Hospital& hospital) const {
    if (!has_elective_lists(hospital)) return false;
    for (const std::string& service : hospital.uses) {
      if (!scenario_.effect(hospital, service, Activity::kElectiveSurgery).priority.empty()) return true;
    }
    return false;
  }

  static bool has_elective_lists_ignoring_theatres(const Hospital& hospital) {
    const auto& cases = hospital.surgery.elective_per_weekday;
    return std::any_of(cases.begin(), cases.end(), [](int n) { return n > 0; });
  }

  void policies() {
    const Policies& policies = scenario_.policies;
    int eds = 0;
    bool downtime = false;
    for (const auto& [id, hospital] : scenario_.hospitals) {
      eds += hospital.has_ed ? 1 : 0;
      downtime = downtime || can_be_in_downtime(scenario_, hospital);
    }
    const std::string no_downtime =
        "no hospital with an ED uses a service whose ed_treatment or admission capacity (effects, or the "
        "hospital's own effects) is < 1, and only such a service being DOWN puts a hospital in downtime";
    const std::string advice = "/policies/public_advice/";
    const std::pair<const char*, double> shares[] = {{"elsewhere_share", policies.walk_in_elsewhere_share},
                                                     {"stay_home_share", policies.walk_in_stay_home_share}};
    for (const auto& [key, share] : shares) {
      if (share <= 0) continue;
      if (!downtime) {
        warn_(advice + key, std::string("public advice acts only while a hospital is in downtime; ") +
                                no_downtime + ", so " + key + " " + loader::format_number(share) + " cannot have an effect");
      } else if (std::string(key) == "elsewhere_share" && eds < 2) {
        warn_(advice + key, "walk-ins are sent elsewhere only to another ED and the scenario has " +
                                std::to_string(eds) + " ED, so elsewhere_share " + loader::format_number(share) +
                                " cannot have an effect");
      }
    }
    if (!policies.advice_adapt.empty() && !downtime) {
      warn_(advice + "adapt", std::string("public advice acts only while a hospital is in downtime; ") +
                                  no_downtime + ", so these steps cannot have an effect");
    }
    for (std::size_t k = 0; k < policies.advice_adapt.size(); ++k) {
      if (policies.advice_adapt[k].after >= scenario_.horizon) {
        warn_(advice + "adapt/" + std::to_string(k) + "/after",
              "the step starts at or after the horizon of the run, so it cannot have an effect");
      }
    }
    if (policies.divert_on_downtime && !downtime && given(root_, "/policies/diversion/on_downtime")) {
      warn_("/policies/diversion/on_downtime",
            "diversion on downtime acts only while a hospital is in downtime; " + no_downtime +
                ", so this cannot have an effect");
    }
    const std::string diversion = "/policies/diversion/";
    const bool capped = policies.max_diverting > 0 || policies.max_diverting_share < 1.0;
    if (!capped) {
      for (const char* key : {"cap_action", "suspend_minutes"}) {
        if (given(root_, diversion + key)) {
          warn_(diversion + key,
                "no regional cap is set (max_diverting 0 and max_diverting_share 1), so this cannot have an "
                "effect");
        }
      }
    } else if (policies.cap_action != CapAction::kSuspend && given(root_, diversion + "suspend_minutes")) {
      warn_(diversion + "suspend_minutes",
            "cap_action is \"refuse\" (suspend_minutes is read only with \"suspend\"), so this cannot have an "
            "effect");
    }
    const std::string transfers = "/policies/transfers/";
    int with_beds = 0;
    for (const auto& [id, hospital] : scenario_.hospitals) with_beds += hospital.beds.count > 0 ? 1 : 0;
    if (!policies.transfers) {
      for (const char* key : {"after_minutes", "max_travel_minutes"}) {
        if (given(root_, transfers + key)) {
          warn_(transfers + key, "transfers.enabled is false, so this cannot have an effect");
        }
      }
    } else if (with_beds < 2) {
      warn_(transfers + "enabled",
            "a boarder is transferred only between two hospitals with beds (beds.count > 0) and the scenario has " +
                std::to_string(with_beds) + ", so transfers cannot happen");
    }
    const std::string aid = "/policies/mutual_aid/";
    int with_lists = 0;
    for (const auto& [id, hospital] : scenario_.hospitals) with_lists += has_elective_lists(hospital) ? 1 : 0;
    if (!policies.mutual_aid) {
      for (const char* key : {"share", "max_travel_minutes", "lead_days", "window_days"}) {
        if (given(root_, aid + key)) warn_(aid + key, "mutual_aid.enabled is false, so this cannot have an effect");
      }
    } else if (with_lists < 2) {
      warn_(aid + "enabled",
            "a case is moved only between two hospitals with elective lists and the scenario has " +
                std::to_string(with_lists) + ", so mutual aid cannot happen");
    } else if (*std::max_element(policies.aid_share.begin(), policies.aid_share.end()) <= 0.0) {
      warn_(aid + "share", "every priority class has share 0, so no case is offered");
    }
    bool any_elective = false;
    bool any_visits = false;
    for (const auto& [id, hospital] : scenario_.hospitals) {
      any_elective = any_elective || has_elective_lists(hospital);
      any_visits = any_visits || has_visits(hospital);
    }
    if (!any_elective) {
      for (const char* key : {"on_downtime", "rebook_after", "catchup_share"}) {
        if (given(root_, std::string("/policies/elective/") + key)) {
          warn_(std::string("/policies/elective/") + key,
                "no hospital has elective lists (surgery.theatres > 0 and elective_per_weekday), so this "
                "cannot "
                "have an effect");
        }
      }
    }
    if (!any_visits) {
      for (const char* key : {"on_downtime", "cancel_whole_day", "to_ed_share"}) {
        if (given(root_, std::string("/policies/outpatient/") + key)) {
          warn_(std::string("/policies/outpatient/") + key,
                "no hospital has outpatient visits (visits_per_weekday), so this cannot have an effect");
        }
      }
    } else if (eds == 0 && policies.outpatient_to_ed_share > 0 &&
               given(root_, "/policies/outpatient/to_ed_share")) {
      warn_("/policies/outpatient/to_ed_share",
            "no hospital has an ED for cancelled outpatients to present to, so this cannot have an effect");
    }
  }

  const json& root_;
  const Scenario& scenario_;
  const WarningSink& warn_;
};

}  // namespace

void find_ineffective_inputs(const json& root, const Scenario& scenario, const WarningSink& warn) {
  Finder(root, scenario, warn).run();
}

}  // namespace hospsim
