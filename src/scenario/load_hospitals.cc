// The clinical section of a scenario: /hospitals, each with its ED, beds, surgery and outpatient clinics
// (its own downtime and effects are read by load_effects.cc).

#include "scenario/scenario_reader.h"

#include <algorithm>
#include <cmath>

#include "hospsim/loader.h"
#include "scenario/profiles.h"

namespace hospsim::loader {
namespace {

constexpr double kMaxArrivalsPerDay = 100000;
constexpr int kMaxBeds = 100000;
constexpr int kMaxCasesPerDay = 10000;
constexpr int kMaxVisitsPerDay = 100000;
constexpr double kMaxTurnoverMinutes = 24 * 60;

template <std::size_t N>
bool has_positive(const std::array<double, N>& values) {
  return std::any_of(values.begin(), values.end(), [](double v) { return v > 0; });
}

// A profile of non-negative weights with a positive sum, normalised to mean 1.
template <std::size_t N>
void read_profile(ScenarioReader& in, const json& object, const std::string& at, const char* key,
                  std::array<double, N>& out, const char* what) {
  std::array<double, N> values{};
  if (!in.read_number_array(
          object, at, key, values, [](double v) { return v >= 0; }, "a relative intensity >= 0", what)) {
    return;
  }
  double sum = 0;
  for (double v : values) sum += v;
  if (sum <= 0) {
    in.problem(child(at, key), "must have at least one positive value");
    return;
  }
  for (double& v : values) v = v * static_cast<double>(N) / sum;
  out = values;
}

std::string format_shares(const std::array<double, kAcuityLevels>& shares) {
  std::string out = "[";
  for (std::size_t i = 0; i < shares.size(); ++i) out += (i > 0 ? ", " : "") + format_number(shares[i]);
  return out + "]";
}

// Reads `key`, shares of acuity 1..5 (`what`) each in [0, 1] that sum to 1 within 1e-3, into `out`, scaled
// to sum exactly 1. False when it is absent or refused (then a problem is recorded and `out` is unchanged).
bool read_acuity_shares(ScenarioReader& in, const json& object, const std::string& at, const char* key,
                        const char* what, std::array<double, kAcuityLevels>& out) {
  std::array<double, kAcuityLevels> shares{};
  if (!in.read_number_array(
          object, at, key, shares, [](double v) { return v >= 0 && v <= 1; }, "a share in [0, 1]", what)) {
    return false;
  }
  double sum = 0;
  for (double s : shares) sum += s;
  if (std::fabs(sum - 1.0) > 1e-3) {
    in.problem(child(at, key), "must sum to 1, got a sum of " + format_number(sum));
    return false;
  }
  for (double& s : shares) s /= sum;
  out = shares;
  return true;
}

// Checks the acuity mixes by arrival mode (acuity_mixes()). Given ambulance_acuity_shares that leave a
// walk-in share negative are an error; when the built-in re-weighting does, both modes use acuity_shares,
// with a warning.
void check_ed_mixes(ScenarioReader& in, const std::string& at, const EdConfig& ed) {
  const AcuityMixes mixes = acuity_mixes(ed);
  if (mixes.consistent) return;
  const int level = mixes.inconsistent_level;
  const auto i = static_cast<std::size_t>(level - 1);
  const std::string why = "the walk-in share of acuity " + std::to_string(level) + " would be (" +
                          format_number(ed.acuity_shares[i]) + " - " + format_number(ed.ambulance_share) +
                          " * " + format_number(mixes.requested_ambulance[i]) + ") / (1 - " +
                          format_number(ed.ambulance_share) +
                          ") = " + format_number(mixes.inconsistent_share);
  if (ed.ambulance_acuity_given) {
    in.problem(at + "/ambulance_acuity_shares",
               "does not fit acuity_shares " + format_shares(ed.acuity_shares) + " with ambulance_share " +
                   format_number(ed.ambulance_share) + ": " + why +
                   "; ambulance arrivals cannot hold more of an acuity level than all arrivals");
    return;
  }
  in.warning(
      at, "the default ambulance acuity mix " + format_shares(mixes.requested_ambulance) +
              " (acuity_shares re-weighted so that acuity 1-3 make 61.9% of ambulance arrivals) does not "
              "fit acuity_shares " +
              format_shares(ed.acuity_shares) + " with ambulance_share " + format_number(ed.ambulance_share) +
              " (" + why +
              "); both arrival modes use acuity_shares; give \"ambulance_acuity_shares\" to set the "
              "mix of ambulance arrivals");
}

// [ed.surge]: extra spaces and beds opened under pressure (docs/model.md "Surge capacity").
void load_surge(ScenarioReader& in, const json& value, const std::string& at, SurgeConfig& surge) {
  if (!in.check_object(value, at, "/hospitals/*/ed/surge")) return;
  in.read_int(value, at, "spaces", surge.spaces, 0, kMaxEntities);
  in.read_int(value, at, "beds", surge.beds, 0, 100000);
  in.read_positive(value, at, "occupancy_threshold", surge.occupancy);
  in.read_minutes(value, at, "sustained_minutes", surge.sustained, 7 * 24 * 60);
  in.read_bool(value, at, "on_incident", surge.on_incident);
  in.read_minutes(value, at, "delay_minutes", surge.delay, 7 * 24 * 60);
  in.read_minutes(value, at, "stand_down_minutes", surge.stand_down, 7 * 24 * 60);
}

// ed.tests: {lab_share, imaging_share (by acuity 1..5), lab_turnaround, imaging_turnaround}.
void load_tests(ScenarioReader& in, const json& value, const std::string& at, EdConfig& ed) {
  if (!in.check_object(value, at, "/hospitals/*/ed/tests")) return;
  in.read_number_array(
      value, at, "lab_share", ed.lab_share, [](double v) { return v >= 0 && v <= 1; }, "a share in [0, 1]",
      "shares of acuity 1..5 who need a lab test");
  in.read_number_array(
      value, at, "imaging_share", ed.imaging_share, [](double v) { return v >= 0 && v <= 1; },
      "a share in [0, 1]", "shares of acuity 1..5 who need imaging");
  in.read_duration(value, at, "lab_turnaround", ed.lab_turnaround);
  in.read_duration(value, at, "imaging_turnaround", ed.imaging_turnaround);
}

bool load_ed(ScenarioReader& in, const json& value, const std::string& at, EdConfig& ed) {
  if (!in.check_object(value, at, "/hospitals/*/ed")) return false;
  // Problems in acuity_shares or ambulance_share leave their defaults, so the derivation below would
  // report a consequence of an error already reported: it is skipped then.
  const std::size_t problems_before = in.problem_count();
  if (in.read_positive(value, at, "arrivals_per_day", ed.arrivals_per_day) &&
      ed.arrivals_per_day > kMaxArrivalsPerDay) {
    in.problem(at + "/arrivals_per_day", "must be at most " + format_number(kMaxArrivalsPerDay) + ", got " +
                                             format_number(ed.arrivals_per_day) +
                                             " (larger values are refused as absurd)");
  }
  in.read_share(value, at, "ambulance_share", ed.ambulance_share);
  in.read_int(value, at, "treatment_spaces", ed.treatment_spaces, 1, kMaxEntities);
  in.read_median_p90(value, at, "treatment_minutes", "/hospitals/*/ed/treatment_minutes", "minutes",
                     ed.treatment_minutes);
  in.read_share(value, at, "admit_share", ed.admit_share);
  in.read_positive(value, at, "patience_minutes", ed.patience_minutes);
  read_acuity_shares(in, value, at, "acuity_shares", "shares of acuity 1..5", ed.acuity_shares);
  if (read_acuity_shares(in, value, at, "ambulance_acuity_shares",
                         "shares of acuity 1..5 among ambulance arrivals", ed.ambulance_acuity_shares)) {
    ed.ambulance_acuity_given = true;
  }
  // The mixes derive from the shares and ambulance_share: checked only when all of the ED read cleanly.
  if (in.problem_count() == problems_before) check_ed_mixes(in, at, ed);
  in.read_number_array(
      value, at, "treatment_factor", ed.treatment_factor, [](double v) { return v > 0; }, "a factor > 0",
      "factors for acuity 1..5");
  read_profile(in, value, at, "hourly_profile", ed.hourly_profile, "hours 0..23");
  read_profile(in, value, at, "weekday_profile", ed.weekday_profile, "Monday..Sunday");
  if (const json* surge = in.member(value, "surge")) load_surge(in, *surge, at + "/surge", ed.surge);
  if (const json* tests = in.member(value, "tests")) load_tests(in, *tests, at + "/tests", ed);
  return true;
}

void load_beds(ScenarioReader& in, const json& value, const std::string& at, BedsConfig& beds) {
  if (!in.check_object(value, at, "/hospitals/*/beds")) return;
  in.read_int(value, at, "count", beds.count, 0, kMaxBeds);
  in.read_share(value, at, "occupancy", beds.occupancy);
  in.read_median_p90(value, at, "los_days", "/hospitals/*/beds/los_days", "days", beds.los_days);
}

void load_surgery(ScenarioReader& in, const json& value, const std::string& at, SurgeryConfig& surgery) {
  if (!in.check_object(value, at, "/hospitals/*/surgery")) return;
  in.read_int(value, at, "theatres", surgery.theatres, 0, kMaxEntities);
  in.read_hours(value, at, "day", surgery.day_start, surgery.day_end);
  in.read_int_array(value, at, "elective_per_weekday", surgery.elective_per_weekday, kMaxCasesPerDay,
                    "cases Monday..Sunday");
  in.read_median_p90(value, at, "case_minutes", "/hospitals/*/surgery/case_minutes", "minutes",
                     surgery.case_minutes);
  double turnover_minutes = 0;
  if (in.read_number(
          value, at, "turnover_minutes", turnover_minutes, [](double v) { return v >= 0; },
          "a number of minutes >= 0")) {
    if (turnover_minutes > kMaxTurnoverMinutes) {
      in.problem(at + "/turnover_minutes", "must be at most " + format_number(kMaxTurnoverMinutes) +
                                               " minutes, got " + format_number(turnover_minutes) +
                                               " (larger values are refused as absurd)");
    } else {
      surgery.turnover = turnover_minutes * kMinute;
    }
  }
  in.read_number(
      value, at, "planned_utilisation", surgery.planned_utilisation, [](double v) { return v > 0 && v <= 1; },
      "a share in (0, 1]");
  in.read_share(value, at, "inpatient_share", surgery.inpatient_share);
  in.read_int(value, at, "emergency_theatres", surgery.emergency_theatres, 0, kMaxEntities);
  in.read_share(value, at, "emergency_share", surgery.emergency_share);
  in.read_median_p90(value, at, "emergency_case_minutes", "/hospitals/*/surgery/emergency_case_minutes",
                     "minutes", surgery.emergency_case_minutes);
  if (const json* priority = in.member(value, "priority_shares")) {
    const std::string priority_at = at + "/priority_shares";
    if (in.check_object(*priority, priority_at, "/hospitals/*/surgery/priority_shares")) {
      std::array<double, kPriorityClasses> shares{};
      bool ok = true;
      for (int k = 0; k < kPriorityClasses; ++k) {
        if (!in.read_share(*priority, priority_at, kPriorityClassNames[k], shares[k])) {
          ok = ok && in.member(*priority, kPriorityClassNames[k]) == nullptr;
        }
      }
      const double sum = shares[0] + shares[1] + shares[2];
      if (ok && std::fabs(sum - 1.0) > 1e-3) {
        in.problem(priority_at, "must sum to 1 (a class left out is 0), got a sum of " + format_number(sum));
      } else if (ok) {
        for (double& share : shares) share /= sum;
        surgery.priority_shares = shares;
      }
    }
  }
}

}  // namespace

void load_hospitals(ScenarioReader& in, const json& root, Scenario& scenario) {
  const json* collection = in.member(root, "hospitals");
  if (collection == nullptr) return;
  const std::vector<std::string> ids =
      in.check_collection(*collection, "/hospitals", "hospitals", kMaxHospitals);
  if (collection->is_object() && collection->empty()) {
    in.problem("/hospitals", "must contain at least one hospital");
  }
  for (const std::string& id : ids) {
    const std::string at = "/hospitals/" + id;
    const json& value = (*collection)[id];
    if (!in.check_object(value, at, "/hospitals/*")) continue;
    Hospital hospital;
    hospital.id = id;
    hospital.downtime = scenario.downtime;
    in.read_string(value, at, "name", hospital.name, true);
    in.read_string(value, at, "region", hospital.region);
    in.read_location(value, at, "location", hospital.location);
    if (const json* uses = in.member(value, "uses")) {
      if (!uses->is_array()) {
        in.problem(at + "/uses", "must be an array of service ids, got " + describe(*uses));
      } else {
        for (std::size_t i = 0; i < uses->size(); ++i) {
          const std::string use_at = at + "/uses/" + std::to_string(i);
          if (!in.check_reference(use_at, (*uses)[i], {"service"}, "uses must name")) continue;
          const std::string service = (*uses)[i].get<std::string>();
          if (std::find(hospital.uses.begin(), hospital.uses.end(), service) != hospital.uses.end()) {
            in.problem(use_at,
                       "service " + units::quote(service) + " is listed twice; expected each service once");
            continue;
          }
          hospital.uses.push_back(service);
        }
      }
    }
    if (const json* ed = in.member(value, "ed")) hospital.has_ed = load_ed(in, *ed, at + "/ed", hospital.ed);
    if (!has_positive(hospital.ed.hourly_profile)) hospital.ed.hourly_profile = default_hourly_profile();
    if (!has_positive(hospital.ed.weekday_profile)) hospital.ed.weekday_profile = default_weekday_profile();
    if (const json* beds = in.member(value, "beds")) load_beds(in, *beds, at + "/beds", hospital.beds);
    if (const json* surgery = in.member(value, "surgery"))
      load_surgery(in, *surgery, at + "/surgery", hospital.surgery);
    if (const json* outpatient = in.member(value, "outpatient")) {
      const std::string outpatient_at = at + "/outpatient";
      if (in.check_object(*outpatient, outpatient_at, "/hospitals/*/outpatient")) {
        in.read_int_array(*outpatient, outpatient_at, "visits_per_weekday",
                          hospital.outpatient.visits_per_weekday, kMaxVisitsPerDay, "visits Monday..Sunday");
        in.read_hours(*outpatient, outpatient_at, "hours", hospital.outpatient.open,
                      hospital.outpatient.close);
      }
    }
    if (const json* downtime = in.member(value, "downtime")) {
      load_downtime(in, *downtime, at + "/downtime", "/hospitals/*/downtime", hospital.downtime);
    }
    if (const json* effects = in.member(value, "effects")) {
      EffectTable table;
      load_effects(in, *effects, at + "/effects", "/hospitals/*/effects/*", table);
      hospital.effects = std::move(table);
    }
    scenario.hospitals[id] = std::move(hospital);
  }
}

}  // namespace hospsim::loader
