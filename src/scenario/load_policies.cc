// The policies of a scenario: /policies (elective surgery and outpatient clinics in downtime, ambulance
// diversion, dispatch and its regional rules, public advice to walk-in patients, transfers of ED boarders,
// mutual aid for planned surgery).

#include "scenario/scenario_reader.h"

namespace hospsim::loader {
namespace {

// [diversion.scope]: "all" or a non-empty list of distinct acuity levels 1..5.
// [mutual_aid.share]: one share for every priority class, or an object by class (a class left out keeps
// its default).
void read_aid_share(ScenarioReader& in, const json& object, const std::string& pointer,
                    std::array<double, kPriorityClasses>& out) {
  const json* value = in.member(object, "share");
  if (value == nullptr) return;
  const std::string at = child(pointer, "share");
  if (value->is_number()) {
    double share = 0;
    if (in.read_share(object, pointer, "share", share)) out.fill(share);
    return;
  }
  if (!value->is_object()) {
    in.problem(at, "must be a share in [0, 1] or an object of shares by priority class (cancer, urgent, "
                   "routine), got " + describe(*value));
    return;
  }
  if (!in.check_object(*value, at, "/policies/mutual_aid/share")) return;
  std::array<double, kPriorityClasses> result = out;
  bool ok = true;
  for (int k = 0; k < kPriorityClasses; ++k) {
    if (in.member(*value, kPriorityClassNames[k]) == nullptr) continue;
    ok = in.read_share(*value, at, kPriorityClassNames[k], result[k]) && ok;
  }
  if (ok) out = result;
}

void read_scope(ScenarioReader& in, const json& object, const std::string& pointer,
                std::array<bool, 5>& out) {
  const json* value = in.member(object, "scope");
  if (value == nullptr) return;
  const std::string at = child(pointer, "scope");
  if (value->is_string() && value->get<std::string>() == "all") {
    out.fill(true);
    return;
  }
  if (!value->is_array() || value->empty()) {
    in.problem(at, "must be \"all\" or a non-empty array of acuity levels 1..5, got " + describe(*value));
    return;
  }
  std::array<bool, 5> result{};
  bool all_ok = true;
  for (std::size_t k = 0; k < value->size(); ++k) {
    const std::string item = at + "/" + std::to_string(k);
    int acuity = 0;
    if (!in.int_value((*value)[k], item, acuity, 1, 5)) {
      all_ok = false;
    } else if (result[acuity - 1]) {
      in.problem(item, "acuity " + std::to_string(acuity) + " is listed twice");
      all_ok = false;
    } else {
      result[acuity - 1] = true;
    }
  }
  if (all_ok) out = result;
}


// public_advice.adapt: [{after, elsewhere_share, stay_home_share}], `after` > 0 and increasing; a share a step
// leaves out keeps the previous step's (the first step's, public_advice's).
void load_advice_adapt(ScenarioReader& in, const json& advice, const std::string& at, Policies& policies) {
  read_steps(in, advice, at, "adapt", "/policies/public_advice/adapt/*",
             "{after, elsewhere_share, stay_home_share}",
             AdviceStep{0.0, policies.walk_in_elsewhere_share, policies.walk_in_stay_home_share},
             policies.advice_adapt, [&](const json& value, const std::string& step_at, AdviceStep& step) {
               in.read_share(value, step_at, "elsewhere_share", step.elsewhere_share);
               in.read_share(value, step_at, "stay_home_share", step.stay_home_share);
               if (step.elsewhere_share + step.stay_home_share > 1.0 + 1e-12) {
                 in.problem(step_at, "elsewhere_share + stay_home_share must be at most 1, got " +
                                         format_number(step.elsewhere_share + step.stay_home_share));
                 return false;
               }
               return true;
             });
}

}  // namespace

void load_policies(ScenarioReader& in, const json& root, Scenario& scenario) {
  const json* value = in.member(root, "policies");
  if (value == nullptr || !in.check_object(*value, "/policies", "/policies")) return;
  Policies& policies = scenario.policies;
  if (const json* elective = in.member(*value, "elective")) {
    const std::string at = "/policies/elective";
    if (in.check_object(*elective, at, at)) {
      in.read_choice<ElectivePolicy>(*elective, at, "on_downtime",
                                     {{"cancel_case", ElectivePolicy::kCancelCase},
                                      {"cancel_day", ElectivePolicy::kCancelDay},
                                      {"reduced", ElectivePolicy::kReduced},
                                      {"delay", ElectivePolicy::kDelay}},
                                     "policy", policies.elective);
      in.read_duration(*elective, at, "rebook_after", policies.rebook_after);
      in.read_share(*elective, at, "catchup_share", policies.catchup_share);
    }
  }
  if (const json* outpatient = in.member(*value, "outpatient")) {
    const std::string at = "/policies/outpatient";
    if (in.check_object(*outpatient, at, at)) {
      in.read_choice<OutpatientDowntime>(*outpatient, at, "on_downtime",
                                         {{"while_down", OutpatientDowntime::kWhileDown},
                                          {"rest_of_day", OutpatientDowntime::kRestOfDay},
                                          {"whole_day", OutpatientDowntime::kWholeDay}},
                                         "policy", policies.outpatient_on_downtime);
      // Deprecated (warned in check_object): true = "whole_day", false = "while_down".
      bool cancel_whole_day = true;
      if (!outpatient->contains("on_downtime") &&
          in.read_bool(*outpatient, at, "cancel_whole_day", cancel_whole_day)) {
        policies.outpatient_on_downtime =
            cancel_whole_day ? OutpatientDowntime::kWholeDay : OutpatientDowntime::kWhileDown;
      }
      in.read_share(*outpatient, at, "to_ed_share", policies.outpatient_to_ed_share);
    }
  }
  if (const json* diversion = in.member(*value, "diversion")) {
    const std::string at = "/policies/diversion";
    if (in.check_object(*diversion, at, at)) {
      in.read_bool(*diversion, at, "on_downtime", policies.divert_on_downtime);
      in.read_positive(*diversion, at, "occupancy_threshold", policies.divert_occupancy);
      in.read_positive(*diversion, at, "ambulance_speed_kmh", policies.ambulance_speed_kmh);
      in.read_number(
          *diversion, at, "road_factor", policies.road_factor, [](double v) { return v >= 1; },
          "a number >= 1");
      in.read_choice<Dispatch>(*diversion, at, "dispatch",
                               {{"nearest", Dispatch::kNearest},
                                {"balanced", Dispatch::kBalanced},
                                {"weighted", Dispatch::kWeighted}},
                               "dispatch rule", policies.dispatch);
      in.read_minutes(*diversion, at, "max_extra_minutes", policies.max_extra_travel, 24 * 60);
      in.read_int(*diversion, at, "time_critical_acuity", policies.time_critical_acuity, 0, 5);
      read_scope(in, *diversion, at, policies.divert_acuity);
      in.read_int(*diversion, at, "max_diverting", policies.max_diverting, 0, 1000);
      in.read_number(
          *diversion, at, "max_diverting_share", policies.max_diverting_share,
          [](double v) { return v > 0 && v <= 1; }, "a share in (0, 1]");
      in.read_choice<CapAction>(*diversion, at, "cap_action",
                                {{"refuse", CapAction::kRefuse}, {"suspend", CapAction::kSuspend}}, "cap action",
                                policies.cap_action);
      in.read_minutes(*diversion, at, "suspend_minutes", policies.suspend_for, 7 * 24 * 60);
      in.read_minutes(*diversion, at, "min_on_minutes", policies.min_on, 7 * 24 * 60);
      in.read_minutes(*diversion, at, "min_off_minutes", policies.min_off, 7 * 24 * 60);
    }
  }
  if (const json* transfers = in.member(*value, "transfers")) {
    const std::string at = "/policies/transfers";
    if (in.check_object(*transfers, at, at)) {
      in.read_bool(*transfers, at, "enabled", policies.transfers);
      in.read_minutes(*transfers, at, "after_minutes", policies.transfer_after, 7 * 24 * 60);
      in.read_minutes(*transfers, at, "max_travel_minutes", policies.transfer_max_travel, 24 * 60);
    }
  }
  if (const json* aid = in.member(*value, "mutual_aid")) {
    const std::string at = "/policies/mutual_aid";
    if (in.check_object(*aid, at, at)) {
      in.read_bool(*aid, at, "enabled", policies.mutual_aid);
      read_aid_share(in, *aid, at, policies.aid_share);
      in.read_minutes(*aid, at, "max_travel_minutes", policies.aid_max_travel, 24 * 60);
      in.read_int(*aid, at, "lead_days", policies.aid_lead_days, 1, 60);
      in.read_int(*aid, at, "window_days", policies.aid_window_days, 1, 365);
    }
  }
  if (const json* advice = in.member(*value, "public_advice")) {
    const std::string at = "/policies/public_advice";
    if (in.check_object(*advice, at, at)) {
      const bool a = in.read_share(*advice, at, "elsewhere_share", policies.walk_in_elsewhere_share);
      const bool b = in.read_share(*advice, at, "stay_home_share", policies.walk_in_stay_home_share);
      if ((a || b) && policies.walk_in_elsewhere_share + policies.walk_in_stay_home_share > 1.0 + 1e-12) {
        in.problem(at,
                   "elsewhere_share + stay_home_share must be at most 1, got " +
                       format_number(policies.walk_in_elsewhere_share + policies.walk_in_stay_home_share));
      }
      load_advice_adapt(in, *advice, at, policies);
    }
  }
}

}  // namespace hospsim::loader
