#include "hospsim/scenario.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

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

double walk_in_acuity_share(const EdConfig& ed, int level) {
  const auto i = static_cast<std::size_t>(level - 1);
  return (ed.acuity_shares[i] - ed.ambulance_share * ed.ambulance_acuity_shares[i]) /
         (1.0 - ed.ambulance_share);
}

int derive_acuity_mixes(EdConfig& ed) {
  constexpr double kTolerance = 1e-9;
  if (ed.ambulance_share <= 0.0) {
    ed.walk_in_acuity_mix = ed.acuity_shares;
    ed.ambulance_acuity_mix = ed.acuity_shares;
    return 0;
  }
  if (ed.ambulance_share >= 1.0) {
    ed.walk_in_acuity_mix = ed.acuity_shares;  // no walk-ins: unused
    ed.ambulance_acuity_mix = ed.ambulance_acuity_shares;
    return 0;
  }
  std::array<double, kAcuityLevels> walk_in{};
  double sum = 0.0;
  for (int level = 1; level <= kAcuityLevels; ++level) {
    const double share = walk_in_acuity_share(ed, level);
    if (share < -kTolerance) return level;
    walk_in[static_cast<std::size_t>(level - 1)] = std::max(0.0, share);
    sum += std::max(0.0, share);
  }
  if (sum <= 0.0) return 1;  // cannot happen when both mixes sum to 1 and ambulance_share < 1
  for (double& share : walk_in) share /= sum;
  ed.walk_in_acuity_mix = walk_in;
  ed.ambulance_acuity_mix = ed.ambulance_acuity_shares;
  return 0;
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
  char buffer[32];
  if (t.second != 0) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", t.year, t.month, t.day, t.hour, t.minute,
                  t.second);
  } else {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d", t.year, t.month, t.day, t.hour, t.minute);
  }
  return buffer;
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

}  // namespace hospsim
