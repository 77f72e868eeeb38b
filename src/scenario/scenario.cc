#include "hospsim/scenario.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "hospsim/random.h"

namespace hospsim {

double Distribution::mean() const {
  switch (kind) {
    case Kind::kFixed:
    case Kind::kExponential:
      return a;
    case Kind::kLognormal: {
      const double sigma = std::log(b / a) / kNormalQuantile90;
      return a * std::exp(sigma * sigma / 2.0);
    }
    case Kind::kUniform:
      return (a + b) / 2.0;
  }
  return a;
}

double Distribution::minimum() const {
  switch (kind) {
    case Kind::kFixed:
    case Kind::kUniform:
      return a;
    case Kind::kExponential:
    case Kind::kLognormal:
      return 0.0;
  }
  return a;
}

double Distribution::maximum() const {
  switch (kind) {
    case Kind::kFixed:
      return a;
    case Kind::kUniform:
      return b;
    case Kind::kExponential:
    case Kind::kLognormal:
      return std::numeric_limits<double>::infinity();
  }
  return a;
}

double Distribution::median() const {
  switch (kind) {
    case Kind::kFixed:
    case Kind::kLognormal:
      return a;
    case Kind::kExponential:
      return a * std::log(2.0);
    case Kind::kUniform:
      return (a + b) / 2.0;
  }
  return a;
}

const char* activity_name(Activity activity) {
  switch (activity) {
    case Activity::kEdTreatment:
      return "ed_treatment";
    case Activity::kAdmission:
      return "admission";
    case Activity::kElectiveSurgery:
      return "elective_surgery";
    case Activity::kEmergencySurgery:
      return "emergency_surgery";
    case Activity::kOutpatient:
      return "outpatient";
  }
  return "?";
}

std::int64_t days_from_civil(int year, int month, int day) {
  // Howard Hinnant's algorithm.
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace {

void civil_from_days(std::int64_t z, int& year, int& month, int& day) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2));
}

double absolute_seconds(const CivilTime& t) {
  return static_cast<double>(days_from_civil(t.year, t.month, t.day)) * kDay + t.hour * kHour +
         t.minute * kMinute + t.second;
}

}  // namespace

int weekday_of(const CivilTime& t) {
  // 1970-01-01 was a Thursday (Monday = 0 -> Thursday = 3).
  const std::int64_t days = days_from_civil(t.year, t.month, t.day);
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

Seconds seconds_between(const CivilTime& from, const CivilTime& to) {
  return absolute_seconds(to) - absolute_seconds(from);
}

CivilTime civil_after(const CivilTime& start, Seconds t) {
  const double total = absolute_seconds(start) + t;
  const auto whole = static_cast<std::int64_t>(std::floor(total));
  std::int64_t days = whole / 86400;
  std::int64_t rest = whole % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  CivilTime out;
  civil_from_days(days, out.year, out.month, out.day);
  out.hour = static_cast<int>(rest / 3600);
  out.minute = static_cast<int>((rest % 3600) / 60);
  out.second = static_cast<int>(rest % 60);
  return out;
}

std::string format_civil(const CivilTime& t) {
  if (t.second != 0) {
    return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", t.year, t.month, t.day, t.hour, t.minute,
                       t.second);
  }
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}", t.year, t.month, t.day, t.hour, t.minute);
}

int Scenario::weekday_at(Seconds t) const {
  const double start_of_day = start.hour * kHour + start.minute * kMinute + start.second;
  const auto days = static_cast<std::int64_t>(std::floor((start_of_day + t) / kDay));
  return static_cast<int>(((weekday_of(start) + days) % 7 + 7) % 7);
}

Seconds Scenario::time_of_day(Seconds t) const {
  const double start_of_day = start.hour * kHour + start.minute * kMinute + start.second;
  const double value = std::fmod(start_of_day + t, kDay);
  return value < 0 ? value + kDay : value;
}

AcuityMixes acuity_mixes(const EdConfig& ed) {
  constexpr double kTolerance = 1e-9;
  AcuityMixes mixes;
  mixes.walk_in = ed.acuity_shares;
  mixes.ambulance = ed.acuity_shares;
  const double share = ed.ambulance_share;
  if (share <= 0.0 || share >= 1.0) return mixes;
  std::array<double, kAcuityLevels> ambulance = ed.ambulance_acuity_shares;
  if (!ed.ambulance_acuity_given) {
    const double urgent = ed.acuity_shares[0] + ed.acuity_shares[1] + ed.acuity_shares[2];
    const double other = ed.acuity_shares[3] + ed.acuity_shares[4];
    if (!(urgent > 0.0) || !(other > 0.0)) return mixes;
    for (int a = 0; a < kAcuityLevels; ++a) {
      ambulance[a] = ed.acuity_shares[a] *
                     (a < 3 ? kAmbulanceAcuity13Share / urgent : (1.0 - kAmbulanceAcuity13Share) / other);
    }
  }
  std::array<double, kAcuityLevels> walk_in{};
  double sum = 0.0;
  for (int a = 0; a < kAcuityLevels; ++a) {
    const double value = (ed.acuity_shares[a] - share * ambulance[a]) / (1.0 - share);
    if (value < -kTolerance) {
      mixes.consistent = false;
      mixes.inconsistent_level = a + 1;
      mixes.inconsistent_share = value;
      mixes.requested_ambulance = ambulance;
      return mixes;
    }
    walk_in[a] = std::max(0.0, value);
    sum += walk_in[a];
  }
  if (!(sum > 0.0)) {
    mixes.consistent = false;
    return mixes;
  }
  for (double& value : walk_in) value /= sum;
  mixes.walk_in = walk_in;
  mixes.ambulance = ambulance;
  return mixes;
}

Effect Scenario::effect(const Hospital& hospital, const std::string& service, Activity activity) const {
  if (hospital.effects) {
    auto by_service = hospital.effects->find(service);
    if (by_service != hospital.effects->end()) {
      auto by_activity = by_service->second.find(activity);
      if (by_activity != by_service->second.end()) return by_activity->second;
    }
  }
  auto by_service = effects.find(service);
  if (by_service != effects.end()) {
    auto by_activity = by_service->second.find(activity);
    if (by_activity != by_service->second.end()) return by_activity->second;
  }
  return Effect{};
}

bool Effect::gives_turnaround() const {
  if (turnaround > 0) return true;
  for (const EffectStep& step : adapt) {
    if (step.turnaround > 0) return true;
  }
  for (const auto& [klass, entry] : priority) {
    if (entry.turnaround.value_or(0.0) > 0) return true;
  }
  return false;
}

bool Scenario::models_test_turnaround(const Hospital& hospital) const {
  if (!hospital.has_ed) return false;
  for (const std::string& id : hospital.uses) {
    auto service = services.find(id);
    if (service == services.end() || (service->second.kind != "lab" && service->second.kind != "pacs")) continue;
    if (effect(hospital, id, Activity::kEdTreatment).gives_turnaround()) return true;
  }
  return false;
}

bool Scenario::models_test_turnaround() const {
  for (const auto& [id, hospital] : hospitals) {
    if (models_test_turnaround(hospital)) return true;
  }
  return false;
}

}  // namespace hospsim
