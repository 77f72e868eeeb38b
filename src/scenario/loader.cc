// Scenario loading: text -> positioned JSON -> strategy merge patch -> one validation pass -> Scenario.
//
// The Validator walks the document once, converting each field into the typed Scenario and recording every
// problem it meets (it never stops at the first). Problems are sorted by position at the end.

#include "hospsim/loader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>
#include <tuple>

#include "files.h"
#include "ineffective_inputs.h"
#include "json_document.h"
#include "profiles.h"
#include "scenario_keys.h"
#include "suggest.h"
#include "units.h"

namespace hospsim {
namespace {

using nlohmann::json;

// What the engine represents exactly (SimGrid carries bytes as 64-bit integers and rates as doubles); larger
// values were silently wrapped (10000000TB became 0 bytes). Far beyond any hospital network.
constexpr double kMaxBytes = 1e15;  // per request or response
constexpr const char* kMaxBytesText = "1PB";
constexpr double kMaxWork = 1e18;  // flops per request
constexpr const char* kMaxWorkText = "1Ef";
constexpr double kMaxBandwidth = 1e15;  // bytes per second: 8 Pbps
constexpr const char* kMaxBandwidthText = "8Pbps";
// Shorter probe periods and timeouts only make a run endless (1 ms probes did not finish in 120 s).
constexpr double kMinProbeEvery = 1;  // seconds
constexpr const char* kMinProbeEveryText = "1s";
constexpr double kMinTimeout = 0.01;
constexpr const char* kMinTimeoutText = "10ms";
constexpr int kMaxEntities = 10000;  // data centres, routers, services, injections, theatres, spaces
constexpr int kMaxLinks = 100000;
constexpr double kMaxArrivalsPerDay = 100000;
constexpr int kMaxBeds = 100000;
constexpr int kMaxCasesPerDay = 10000;
constexpr int kMaxVisitsPerDay = 100000;
constexpr double kMaxTurnoverMinutes = 24 * 60;
constexpr double kDefaultWarmupDays = 7;  // Scenario::warmup outside deterministic mode

// "; did you mean "x"?" for the candidate equal to `word` but for case, else the closest one within
// max(1, length / 3) edits (an adjacent swap is one edit); "" when none is close. Long words are not compared
// (bounded cost).
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.size() > 200) return "";
  SuggestionRule rule;
  rule.max_distance = std::max<std::size_t>(1, word.size() / 3);
  rule.count_transpositions = true;
  rule.ignore_case = true;
  rule.reject_rewrites = true;
  const std::string best = closest_candidate(word, candidates, rule);
  return best.empty() ? "" : "; did you mean " + units::quote(best) + "?";
}

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// A short description of a JSON value for messages: `"abc"`, `-3`, `true`, `null`, `an array`, `an object`.
std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::string:
      return units::quote(value.get_ref<const std::string&>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return value.dump();
    case json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case json::value_t::null:
      return "null";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return "an unsupported value";
  }
}

std::string format_number(double value) {
  std::ostringstream out;
  out.precision(15);
  out << value;
  return out.str();
}

bool is_valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  const auto allowed = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!allowed(id[0])) return false;
  return std::all_of(id.begin(), id.end(), [&](char c) { return allowed(c) || c == '_' || c == '-'; });
}

// At most `limit` items, then ", ... (N in all)".
std::string join_limited(const std::vector<std::string>& items, std::size_t limit = 12) {
  if (items.size() <= limit) return join(items);
  std::vector<std::string> head(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(limit));
  return join(head) + ", ... (" + std::to_string(items.size()) + " in all)";
}

std::vector<std::string> keys_of(const json& object) {
  std::vector<std::string> keys;
  if (object.is_object()) {
    for (const auto& item : object.items()) keys.push_back(item.key());
  }
  return keys;
}

std::string child(const std::string& pointer, std::string_view key) {
  return pointer + "/" + escape_pointer_token(key);
}

enum class DistributionUnit { kDuration, kDatetime };

class Validator {
 public:
  Validator(const JsonDocument& document, std::string file, const json* patch, std::string patch_prefix)
      : document_(document), file_(std::move(file)), patch_(patch), patch_prefix_(std::move(patch_prefix)) {}

  std::vector<Problem>& problems() { return problems_; }
  std::vector<Problem>& warnings() { return warnings_; }

  // ---- problems ----------------------------------------------------------------------------------------

  TextPosition position(const std::string& pointer, bool key) const {
    if (patch_ != nullptr && !pointer.empty()) {
      try {
        if (patch_->contains(json::json_pointer(pointer))) {
          const std::string in_patch = patch_prefix_ + pointer;
          return key ? document_.key_position_of(in_patch) : document_.position_of(in_patch);
        }
      } catch (const json::exception&) {
        // not addressable in the patch: fall back to the document
      }
    }
    return key ? document_.key_position_of(pointer) : document_.position_of(pointer);
  }

  void problem(const std::string& pointer, std::string message) {
    const TextPosition at = position(pointer, false);
    problems_.push_back(Problem{file_, at.line, at.column, pointer, std::move(message)});
  }
  void key_problem(const std::string& pointer, std::string message) {
    const TextPosition at = position(pointer, true);
    problems_.push_back(Problem{file_, at.line, at.column, pointer, std::move(message)});
  }
  // A warning: the input is valid but cannot have an effect (or is deprecated). Same position rules.
  void warning(const std::string& pointer, const std::string& message) {
    const TextPosition at = position(pointer, false);
    warnings_.push_back(Problem{file_, at.line, at.column, pointer, "warning: " + message});
  }
  void key_warning(const std::string& pointer, const std::string& message) {
    const TextPosition at = position(pointer, true);
    warnings_.push_back(Problem{file_, at.line, at.column, pointer, "warning: " + message});
  }

  // ---- structure ---------------------------------------------------------------------------------------

  // Checks `value` is an object with only the catalog's keys for `path` and all its required keys.
  bool check_object(const json& value, const std::string& pointer, std::string_view path) {
    if (!value.is_object()) {
      problem(pointer, "must be an object, got " + describe(value));
      return false;
    }
    const ObjectKeys& keys = object_keys(path);
    std::vector<std::string> allowed = keys.required;
    allowed.insert(allowed.end(), keys.optional.begin(), keys.optional.end());
    for (const auto& item : value.items()) {
      if (std::find(allowed.begin(), allowed.end(), item.key()) != allowed.end()) continue;
      if (const DeprecatedKey* old = deprecated_key(path, item.key())) {
        if (value.contains(old->replacement)) {
          key_problem(child(pointer, item.key()), "has both " + units::quote(old->key) +
                                                      " (deprecated) and " + units::quote(old->replacement) +
                                                      "; keep only " + units::quote(old->replacement));
        } else {
          key_warning(child(pointer, item.key()), units::quote(old->key) + " is deprecated; write " +
                                                      units::quote(old->replacement) + " instead (" +
                                                      old->mapping + ")");
        }
        continue;
      }
      const std::string suggestion = did_you_mean(item.key(), allowed);
      key_problem(child(pointer, item.key()),
                  "unknown key " + units::quote(item.key()) +
                      (suggestion.empty() ? "; expected one of: " + join(allowed) : suggestion));
    }
    for (const std::string& key : keys.required) {
      if (!value.contains(key)) problem(pointer, "missing required key " + units::quote(key));
    }
    return true;
  }

  static const DeprecatedKey* deprecated_key(std::string_view path, const std::string& key) {
    for (const DeprecatedKey& entry : deprecated_keys()) {
      if (entry.path == path && entry.key == key) return &entry;
    }
    return nullptr;
  }

  // Checks a collection keyed by id; returns its valid ids (invalid ids are reported and skipped).
  std::vector<std::string> check_collection(const json& value, const std::string& pointer, const char* what,
                                            int max_count) {
    std::vector<std::string> ids;
    if (!value.is_object()) {
      problem(pointer, std::string("must be an object of ") + what + " keyed by id, got " + describe(value));
      return ids;
    }
    if (static_cast<long long>(value.size()) > max_count) {
      problem(pointer, "has " + std::to_string(value.size()) + " " + what + "; more than " +
                           std::to_string(max_count) + " is refused as absurd");
    }
    for (const auto& item : value.items()) {
      if (!is_valid_id(item.key())) {
        key_problem(
            child(pointer, item.key()),
            "invalid id " + units::quote(item.key()) +
                "; expected 1 to 64 characters: lowercase letters, digits, '_' or '-', starting with a "
                "letter or digit");
        continue;
      }
      ids.push_back(item.key());
    }
    return ids;
  }

  // ---- scalar fields (absent -> `out` keeps its default; returns true when present and valid) -----------

  const json* member(const json& object, const char* key) const {
    if (!object.is_object()) return nullptr;
    auto found = object.find(key);
    return found == object.end() ? nullptr : &*found;
  }

  bool read_string(const json& object, const std::string& pointer, const char* key, std::string& out,
                   bool non_empty = false) {
    const json* value = member(object, key);
    if (value == nullptr) return false;
    const std::string at = child(pointer, key);
    if (!value->is_string()) {
      problem(at, "must be a string, got " + describe(*value));
      return false;
    }
    if (non_empty && value->get_ref<const std::string&>().empty()) {
      problem(at, "must be a non-empty string");
      return false;
    }
    out = value->get<std::string>();
    return true;
  }

  bool read_bool(const json& object, const std::string& pointer, const char* key, bool& out) {
    const json* value = member(object, key);
    if (value == nullptr) return false;
    if (!value->is_boolean()) {
      problem(child(pointer, key), "must be true or false, got " + describe(*value));
      return false;
    }
    out = value->get<bool>();
    return true;
  }

  // A number accepted by `ok`; `expected` completes "must be ..." (e.g. "a share in [0, 1]").
  bool number_value(const json& value, const std::string& at, double& out,
                    const std::function<bool(double)>& ok, const std::string& expected) {
    if (!value.is_number() || !ok(value.get<double>())) {
      problem(at, "must be " + expected + ", got " + describe(value));
      return false;
    }
    out = value.get<double>();
    return true;
  }

  bool read_number(const json& object, const std::string& pointer, const char* key, double& out,
                   const std::function<bool(double)>& ok, const std::string& expected) {
    const json* value = member(object, key);
    if (value == nullptr) return false;
    return number_value(*value, child(pointer, key), out, ok, expected);
  }

  bool read_share(const json& object, const std::string& pointer, const char* key, double& out) {
    return read_number(
        object, pointer, key, out, [](double v) { return v >= 0.0 && v <= 1.0; }, "a share in [0, 1]");
  }

  bool read_positive(const json& object, const std::string& pointer, const char* key, double& out) {
    return read_number(
        object, pointer, key, out, [](double v) { return v > 0.0; }, "a number > 0");
  }

  bool int_value(const json& value, const std::string& at, int& out, int min, int max) {
    const std::string expected = min == 1 ? "a positive integer" : "a non-negative integer";
    if (!value.is_number() || value.get<double>() != std::floor(value.get<double>()) ||
        value.get<double>() < min) {
      problem(at, "must be " + expected + ", got " + describe(value));
      return false;
    }
    if (value.get<double>() > max) {
      problem(at, "must be at most " + std::to_string(max) + ", got " + describe(value) +
                      " (larger values are refused as absurd)");
      return false;
    }
    out = static_cast<int>(value.get<double>());
    return true;
  }

  bool read_int(const json& object, const std::string& pointer, const char* key, int& out, int min, int max) {
    const json* value = member(object, key);
    if (value == nullptr) return false;
    return int_value(*value, child(pointer, key), out, min, max);
  }

  // A string parsed by a unit parser. `example` shows the expected form when a bare number is given.
  template <typename T>
  bool unit_value(const json& value, const std::string& at, T& out,
                  const std::function<Result<T>(std::string_view)>& parse, const char* what,
                  const char* example) {
    if (!value.is_string()) {
      problem(at, std::string("must be ") + what + " string with its unit, e.g. " + example + ", got " +
                      describe(value));
      return false;
    }
    Result<T> parsed = parse(value.get_ref<const std::string&>());
    if (!parsed.is_ok()) {
      problem(at, parsed.status().message());
      return false;
    }
    out = parsed.value();
    return true;
  }

  bool duration_value(const json& value, const std::string& at, Seconds& out) {
    return unit_value<Seconds>(value, at, out, units::parse_duration, "a duration", "\"90s\" or \"1h30min\"");
  }

  // `minimum` > 0 (written `minimum_text`) refuses shorter durations.
  bool read_duration(const json& object, const std::string& pointer, const char* key, Seconds& out,
                     bool positive = false, Seconds minimum = 0, const char* minimum_text = "") {
    const json* value = member(object, key);
    if (value == nullptr) return false;
    const std::string at = child(pointer, key);
    Seconds seconds = 0;
    if (!duration_value(*value, at, seconds)) return false;
    if (positive && seconds <= 0) {
      problem(at, "must be a duration > 0, got " + describe(*value));
      return false;
    }
    if (seconds < minimum) {
      problem(at, std::string("must be at least ") + minimum_text + ", got " + describe(*value));
      return false;
    }
    out = seconds;
    return true;
  }

  // `maximum` (written `maximum_text`) bounds the quantity to what the engine represents exactly.
  bool read_positive_quantity(const json& object, const std::string& pointer, const char* key, double& out,
                              const std::function<Result<double>(std::string_view)>& parse, const char* what,
                              const char* example, bool allow_zero = false,
                              double maximum = std::numeric_limits<double>::max(), const char* maximum_text = "") {
    const json* value = member(object, key);
    if (value == nullptr) return false;
    const std::string at = child(pointer, key);
    double parsed = 0;
    if (!unit_value<double>(*value, at, parsed, parse, what, example)) return false;
    if (parsed < 0 || (!allow_zero && parsed == 0)) {
      problem(at,
              std::string("must be ") + what + (allow_zero ? " >= 0" : " > 0") + ", got " + describe(*value));
      return false;
    }
    if (parsed > maximum) {
      problem(at, std::string("must be at most ") + maximum_text + ", got " + describe(*value));
      return false;
    }
    out = parsed;
    return true;
  }

  bool read_location(const json& object, const std::string& pointer, const char* key, Location& out) {
    const json* value = member(object, key);
    if (value == nullptr) return false;
    const std::string at = child(pointer, key);
    if (!value->is_array() || value->size() != 2 || !(*value)[0].is_number() || !(*value)[1].is_number()) {
      problem(at, "must be [latitude, longitude] in degrees, e.g. [56.19, 10.17], got " + describe(*value));
      return false;
    }
    Location location{(*value)[0].get<double>(), (*value)[1].get<double>()};
    bool ok = true;
    if (location.lat < -90 || location.lat > 90) {
      problem(at + "/0", "latitude must be in [-90, 90], got " + describe((*value)[0]));
      ok = false;
    }
    if (location.lon < -180 || location.lon > 180) {
      problem(at + "/1", "longitude must be in [-180, 180], got " + describe((*value)[1]));
      ok = false;
    }
    if (ok) out = location;
    return ok;
  }

  // {"median": X, "p90": Y} in `unit` (plain numbers).
  bool read_median_p90(const json& object, const std::string& pointer, const char* key, const char* path,
                       const char* unit, MedianP90& out) {
    const json* value = member(object, key);
    if (value == nullptr) return false;
    const std::string at = child(pointer, key);
    if (!check_object(*value, at, path)) return false;
    MedianP90 result;
    const std::string expected = std::string("a number of ") + unit + " > 0";
    const bool has_median = read_number(
        *value, at, "median", result.median, [](double v) { return v > 0; }, expected);
    const bool has_p90 = read_number(
        *value, at, "p90", result.p90, [](double v) { return v > 0; }, expected);
    if (!has_median || !has_p90) return false;
    if (result.p90 < result.median) {
      problem(at + "/p90", "p90 (" + format_number(result.p90) + ") must be >= median (" +
                               format_number(result.median) + ")");
      return false;
    }
    out = result;
    return true;
  }

  // An array of exactly N numbers, each accepted by `ok`.
  template <std::size_t N>
  bool read_number_array(const json& object, const std::string& pointer, const char* key,
                         std::array<double, N>& out, const std::function<bool(double)>& ok,
                         const std::string& expected_each, const char* what) {
    const json* value = member(object, key);
    if (value == nullptr) return false;
    const std::string at = child(pointer, key);
    if (!value->is_array() || value->size() != N) {
      problem(at,
              "must be an array of " + std::to_string(N) + " numbers (" + what + "), got " +
                  (value->is_array() ? "an array of " + std::to_string(value->size()) : describe(*value)));
      return false;
    }
    std::array<double, N> result{};
    bool all_ok = true;
    for (std::size_t i = 0; i < N; ++i) {
      all_ok &= number_value((*value)[i], at + "/" + std::to_string(i), result[i], ok, expected_each);
    }
    if (all_ok) out = result;
    return all_ok;
  }

  template <std::size_t N>
  bool read_int_array(const json& object, const std::string& pointer, const char* key,
                      std::array<int, N>& out, int max, const char* what) {
    const json* value = member(object, key);
    if (value == nullptr) return false;
    const std::string at = child(pointer, key);
    if (!value->is_array() || value->size() != N) {
      problem(at,
              "must be an array of " + std::to_string(N) + " non-negative integers (" + what + "), got " +
                  (value->is_array() ? "an array of " + std::to_string(value->size()) : describe(*value)));
      return false;
    }
    std::array<int, N> result{};
    bool all_ok = true;
    for (std::size_t i = 0; i < N; ++i)
      all_ok &= int_value((*value)[i], at + "/" + std::to_string(i), result[i], 0, max);
    if (all_ok) out = result;
    return all_ok;
  }

  // [diversion.scope]: "all" or a non-empty list of distinct acuity levels 1..5.
  void read_scope(const json& object, const std::string& pointer, std::array<bool, 5>& out) {
    const json* value = member(object, "scope");
    if (value == nullptr) return;
    const std::string at = child(pointer, "scope");
    if (value->is_string() && value->get<std::string>() == "all") {
      out.fill(true);
      return;
    }
    if (!value->is_array() || value->empty()) {
      problem(at, "must be \"all\" or a non-empty array of acuity levels 1..5, got " + describe(*value));
      return;
    }
    std::array<bool, 5> result{};
    bool all_ok = true;
    for (std::size_t k = 0; k < value->size(); ++k) {
      const std::string item = at + "/" + std::to_string(k);
      int acuity = 0;
      if (!int_value((*value)[k], item, acuity, 1, 5)) {
        all_ok = false;
      } else if (result[acuity - 1]) {
        problem(item, "acuity " + std::to_string(acuity) + " is listed twice");
        all_ok = false;
      } else {
        result[acuity - 1] = true;
      }
    }
    if (all_ok) out = result;
  }

  // ["HH:MM", "HH:MM"] with end > start.
  bool read_hours(const json& object, const std::string& pointer, const char* key, Seconds& begin,
                  Seconds& end) {
    const json* value = member(object, key);
    if (value == nullptr) return false;
    const std::string at = child(pointer, key);
    if (!value->is_array() || value->size() != 2) {
      problem(at, "must be [start, end] times of day, e.g. [\"08:00\", \"15:30\"], got " + describe(*value));
      return false;
    }
    Seconds first = 0;
    Seconds second = 0;
    const bool ok_first = unit_value<Seconds>((*value)[0], at + "/0", first, units::parse_time_of_day,
                                              "a time of day", "\"08:00\"");
    const bool ok_second = unit_value<Seconds>((*value)[1], at + "/1", second, units::parse_time_of_day,
                                               "a time of day", "\"15:30\"");
    if (!ok_first || !ok_second) return false;
    if (second <= first) {
      problem(at + "/1", "end " + units::quote((*value)[1].get<std::string>()) + " must be after start " +
                             units::quote((*value)[0].get<std::string>()));
      return false;
    }
    begin = first;
    end = second;
    return true;
  }

  // A datetime string -> seconds since `start_`.
  bool datetime_value(const json& value, const std::string& at, Seconds& out) {
    CivilTime time;
    if (!unit_value<CivilTime>(value, at, time, units::parse_datetime, "a datetime",
                               "\"2025-03-13T09:30\"")) {
      return false;
    }
    out = seconds_between(start_, time);
    return true;
  }

  // A fixed value or {"distribution": ...} whose parameters are durations or datetimes.
  std::optional<Distribution> read_distribution(const json& value, const std::string& at, const char* path,
                                                DistributionUnit unit) {
    const auto scalar = [&](const json& v, const std::string& where, double& out) {
      return unit == DistributionUnit::kDuration ? duration_value(v, where, out)
                                                 : datetime_value(v, where, out);
    };
    if (!value.is_object()) {
      double fixed = 0;
      if (!scalar(value, at, fixed)) return std::nullopt;
      return Distribution::fixed(fixed);
    }
    if (!check_object(value, at, path)) return std::nullopt;
    std::string kind;
    if (!read_string(value, at, "distribution", kind)) return std::nullopt;
    std::vector<std::string> parameters;
    if (kind == "exponential") {
      parameters = {"mean"};
    } else if (kind == "lognormal") {
      parameters = {"median", "p90"};
    } else if (kind == "uniform") {
      parameters = {"min", "max"};
    } else {
      const std::string suggestion = did_you_mean(kind, {"exponential", "lognormal", "uniform"});
      problem(
          at + "/distribution",
          "unknown distribution " + units::quote(kind) +
              (suggestion.empty() ? "; expected \"exponential\", \"lognormal\" or \"uniform\"" : suggestion));
      return std::nullopt;
    }
    bool ok = true;
    for (const auto& item : value.items()) {
      if (item.key() == "distribution") continue;
      if (std::find(parameters.begin(), parameters.end(), item.key()) == parameters.end()) {
        key_problem(child(at, item.key()), "key " + units::quote(item.key()) + " does not apply to a " +
                                               kind + " distribution; expected " + join(parameters, " and "));
        ok = false;
      }
    }
    double values[2] = {0, 0};
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      const json* parameter = member(value, parameters[i].c_str());
      if (parameter == nullptr) {
        problem(at, "a " + kind + " distribution needs " + units::quote(parameters[i]));
        ok = false;
        continue;
      }
      ok &= scalar(*parameter, at + "/" + parameters[i], values[i]);
    }
    if (!ok) return std::nullopt;
    if (kind == "exponential") {
      if (values[0] <= 0) {
        problem(at + "/mean", "the mean of an exponential distribution must be > 0");
        return std::nullopt;
      }
      return Distribution::exponential(values[0]);
    }
    if (kind == "lognormal") {
      if (values[0] <= 0) {
        problem(at + "/median", "the median of a lognormal distribution must be > 0");
        return std::nullopt;
      }
      if (values[1] < values[0]) {
        problem(at + "/p90",
                "p90 (" + value["p90"].dump() + ") must be >= median (" + value["median"].dump() + ")");
        return std::nullopt;
      }
      return Distribution::lognormal(values[0], values[1]);
    }
    if (values[1] < values[0]) {
      problem(at + "/max", "max (" + value["max"].dump() + ") must be >= min (" + value["min"].dump() + ")");
      return std::nullopt;
    }
    return Distribution::uniform(values[0], values[1]);
  }

  // ---- the scenario ------------------------------------------------------------------------------------

  Scenario load(const json& root) {
    Scenario scenario;
    if (!check_object(root, "", "")) return scenario;

    std::string format;
    if (read_string(root, "", "format", format) && format != "hospsim/1") {
      problem("/format", "unsupported format " + units::quote(format) + "; expected \"hospsim/1\"");
    }
    read_string(root, "", "name", scenario.name, true);
    read_string(root, "", "description", scenario.description);
    std::string schema_reference;  // "$schema": lets editors find scenarios/schema.json; otherwise ignored
    read_string(root, "", "$schema", schema_reference);
    if (const json* start = member(root, "start")) {
      has_start_ = unit_value<CivilTime>(*start, "/start", scenario.start, units::parse_datetime,
                                         "a datetime", "\"2025-03-13T09:30\"");
      start_ = scenario.start;
    }
    if (read_duration(root, "", "horizon", scenario.horizon, true)) {
      if (scenario.horizon > kMaxHorizonDays * kDay) {
        problem("/horizon", "must be at most " + format_number(kMaxHorizonDays) + " days, got " +
                                describe(root["horizon"]) + " (longer runs are refused)");
      } else {
        has_horizon_ = true;
      }
    }
    if (const json* seed = member(root, "seed")) {
      if ((seed->is_number_unsigned() && seed->get<std::uint64_t>() <= kMaxSeed) ||
          (seed->is_number_integer() && seed->get<std::int64_t>() >= 0)) {
        scenario.seed = seed->get<std::uint64_t>();
      } else {
        problem("/seed", "must be an integer from 0 to " + std::to_string(kMaxSeed) + ", got " + describe(*seed));
      }
    }
    read_bool(root, "", "deterministic", scenario.deterministic);
    scenario.warmup = scenario.deterministic ? 0.0 : kDefaultWarmupDays * kDay;
    if (read_duration(root, "", "warmup", scenario.warmup) && scenario.warmup > kMaxHorizonDays * kDay) {
      problem("/warmup", "must be at most " + format_number(kMaxHorizonDays) + " days, got " +
                             describe(root["warmup"]) + " (longer warm-ups are refused)");
    }
    load_sources(root, scenario);

    // Ids first, so references can be checked wherever they appear.
    collect_ids(root, scenario);
    load_datacenters(root, scenario);
    load_network(root, scenario);
    load_services(root, scenario);
    if (const json* downtime = member(root, "downtime")) {
      load_downtime(*downtime, "/downtime", "/downtime", scenario.downtime);
    }
    load_hospitals(root, scenario);
    if (const json* effects = member(root, "effects")) {
      load_effects(*effects, "/effects", "/effects/*", scenario.effects);
    }
    load_policies(root, scenario);
    load_injections(root, scenario);
    load_strategies(root, scenario);
    return scenario;
  }

  void load_sources(const json& root, Scenario& scenario) {
    const json* sources = member(root, "sources");
    if (sources == nullptr) return;
    if (!sources->is_array()) {
      problem("/sources", "must be an array of {\"what\", \"ref\"} objects, got " + describe(*sources));
      return;
    }
    for (std::size_t i = 0; i < sources->size(); ++i) {
      const std::string at = "/sources/" + std::to_string(i);
      Source source;
      if (!check_object((*sources)[i], at, "/sources/*")) continue;
      read_string((*sources)[i], at, "what", source.what);
      read_string((*sources)[i], at, "ref", source.ref);
      scenario.sources.push_back(std::move(source));
    }
  }

  void collect_ids(const json& root, const Scenario& scenario) {
    const auto collect = [&](const json* collection, const std::string& pointer, const char* kind) {
      if (collection == nullptr || !collection->is_object()) return;
      for (const auto& item : collection->items()) {
        if (!is_valid_id(item.key())) continue;
        auto [it, inserted] = node_kinds_.emplace(item.key(), kind);
        if (!inserted) {
          key_problem(child(pointer, item.key()),
                      "id " + units::quote(item.key()) + " is already used by a " + it->second +
                          "; hospitals, data centres, routers and links share one set of ids");
        }
      }
    };
    collect(member(root, "hospitals"), "/hospitals", "hospital");
    collect(member(root, "datacenters"), "/datacenters", "data centre");
    if (const json* network = member(root, "network")) {
      collect(member(*network, "routers"), "/network/routers", "router");
      collect(member(*network, "links"), "/network/links", "link");
    }
    if (const json* services = member(root, "services"); services != nullptr && services->is_object()) {
      for (const auto& item : services->items()) service_ids_.insert(item.key());
    }
  }

  // `value` names an entity of one of `kinds`; reports a precise problem otherwise. `context` completes
  // "<id> is a hospital; <context> a link id" (e.g. "a link_down injection targets").
  bool check_reference(const std::string& at, const json& value, const std::vector<std::string>& kinds,
                       const std::string& context) {
    if (!value.is_string()) {
      problem(at, "must be an id string, got " + describe(value));
      return false;
    }
    const std::string& id = value.get_ref<const std::string&>();
    const bool service = kinds.size() == 1 && kinds[0] == "service";
    std::vector<std::string> candidates;
    if (service) {
      if (service_ids_.count(id)) return true;
      candidates.assign(service_ids_.begin(), service_ids_.end());
    } else {
      auto found = node_kinds_.find(id);
      if (found != node_kinds_.end()) {
        if (std::find(kinds.begin(), kinds.end(), found->second) != kinds.end()) return true;
        problem(at, units::quote(id) + " is a " + found->second + "; " + context + " a " +
                        join(kinds, " or ") + " id");
        return false;
      }
      for (const auto& [other, kind] : node_kinds_) {
        if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) candidates.push_back(other);
      }
    }
    const std::string what = join(kinds, " or ");
    const std::string suggestion = did_you_mean(id, candidates);
    std::string message = "unknown " + what + " " + units::quote(id);
    if (!suggestion.empty()) {
      message += suggestion;
    } else if (candidates.empty()) {
      message += "; no " + what + " is defined";
    } else {
      message += "; expected one of: " + join_limited(candidates);
    }
    problem(at, message);
    return false;
  }

  void load_datacenters(const json& root, Scenario& scenario) {
    const json* collection = member(root, "datacenters");
    if (collection == nullptr) return;
    for (const std::string& id :
         check_collection(*collection, "/datacenters", "data centres", kMaxEntities)) {
      const std::string at = "/datacenters/" + id;
      const json& value = (*collection)[id];
      if (!check_object(value, at, "/datacenters/*")) continue;
      Datacenter datacenter;
      datacenter.id = id;
      datacenter.name = id;
      read_string(value, at, "name", datacenter.name, true);
      Location location;
      if (read_location(value, at, "location", location)) datacenter.location = location;
      read_positive_quantity(value, at, "speed", datacenter.speed, units::parse_work, "a work rate",
                             "\"100Gf\" (flops per second)");
      read_bool(value, at, "starts_off", datacenter.starts_off);
      scenario.datacenters[id] = datacenter;
    }
  }

  void load_network(const json& root, Scenario& scenario) {
    const json* network = member(root, "network");
    if (network == nullptr || !check_object(*network, "/network", "/network")) return;
    read_duration(*network, "/network", "reroute_after", scenario.network.reroute_after);
    read_positive_quantity(*network, "/network", "scrubbing", scenario.network.scrubbing, units::parse_bandwidth,
                           "a bandwidth", "\"8Gbps\"", true, kMaxBandwidth, kMaxBandwidthText);
    if (const json* routers = member(*network, "routers")) {
      for (const std::string& id : check_collection(*routers, "/network/routers", "routers", kMaxEntities)) {
        const std::string at = "/network/routers/" + id;
        const json& value = (*routers)[id];
        if (!check_object(value, at, "/network/routers/*")) continue;
        Router router;
        router.id = id;
        router.name = id;
        read_string(value, at, "name", router.name, true);
        Location location;
        if (read_location(value, at, "location", location)) router.location = location;
        scenario.network.routers[id] = router;
      }
    }
    if (const json* links = member(*network, "links")) {
      for (const std::string& id : check_collection(*links, "/network/links", "links", kMaxLinks)) {
        const std::string at = "/network/links/" + id;
        const json& value = (*links)[id];
        if (!check_object(value, at, "/network/links/*")) continue;
        Link link;
        link.id = id;
        if (const json* between = member(value, "between")) {
          if (!between->is_array() || between->size() != 2) {
            problem(at + "/between", "must be [a, b]: two node ids (hospital, data centre or router), got " +
                                         describe(*between));
          } else {
            bool ok = true;
            for (int i = 0; i < 2; ++i) {
              ok &= check_reference(at + "/between/" + std::to_string(i), (*between)[i],
                                    {"hospital", "data centre", "router"}, "a link end must be");
              if ((*between)[i].is_string()) link.between[i] = (*between)[i].get<std::string>();
            }
            if (ok && link.between[0] == link.between[1]) {
              problem(at + "/between", "a link cannot connect " + units::quote(link.between[0]) +
                                           " to itself; expected two different nodes");
            }
          }
        }
        read_positive_quantity(value, at, "bandwidth", link.bandwidth, units::parse_bandwidth, "a bandwidth",
                               "\"10Gbps\"", false, kMaxBandwidth, kMaxBandwidthText);
        read_duration(value, at, "latency", link.latency);
        read_string(value, at, "carrier", link.carrier);
        scenario.network.links[id] = link;
      }
    }
  }

  void load_services(const json& root, Scenario& scenario) {
    const json* collection = member(root, "services");
    if (collection == nullptr) return;
    static const std::vector<std::string> kKinds = {"logistics", "ehr", "lab", "pacs", "other"};
    for (const std::string& id : check_collection(*collection, "/services", "services", kMaxEntities)) {
      const std::string at = "/services/" + id;
      const json& value = (*collection)[id];
      if (!check_object(value, at, "/services/*")) continue;
      Service service;
      service.id = id;
      service.name = id;
      service.kind = "other";
      read_string(value, at, "name", service.name, true);
      if (read_string(value, at, "kind", service.kind) &&
          std::find(kKinds.begin(), kKinds.end(), service.kind) == kKinds.end()) {
        const std::string suggestion = did_you_mean(service.kind, kKinds);
        problem(at + "/kind", "unknown service kind " + units::quote(service.kind) +
                                  (suggestion.empty() ? "; expected one of: " + join(kKinds) : suggestion));
      }
      if (const json* hosted_on = member(value, "hosted_on")) {
        if (check_reference(at + "/hosted_on", *hosted_on, {"data centre"}, "hosted_on must name")) {
          service.hosted_on = hosted_on->get<std::string>();
        }
      }
      if (const json* standby = member(value, "standby")) {
        if (check_reference(at + "/standby", *standby, {"data centre"}, "standby must name")) {
          service.standby = standby->get<std::string>();
          if (*service.standby == service.hosted_on) {
            problem(at + "/standby", "standby " + units::quote(*service.standby) +
                                         " is the primary data centre; expected a different data centre");
          }
        }
      }
      read_duration(value, at, "failover_after", service.failover_after);
      if (const json* request = member(value, "request")) {
        if (check_object(*request, at + "/request", "/services/*/request")) {
          read_positive_quantity(*request, at + "/request", "bytes", service.request_bytes, units::parse_size,
                                 "a size", "\"20kB\"", true, kMaxBytes, kMaxBytesText);
          read_positive_quantity(*request, at + "/request", "work", service.request_work, units::parse_work,
                                 "an amount of work", "\"2Mf\"", true, kMaxWork, kMaxWorkText);
        }
      }
      read_positive_quantity(value, at, "response_bytes", service.response_bytes, units::parse_size, "a size",
                             "\"20kB\"", true, kMaxBytes, kMaxBytesText);
      read_duration(value, at, "timeout", service.timeout, true, kMinTimeout, kMinTimeoutText);
      read_duration(value, at, "probe_every", service.probe_every, true, kMinProbeEvery, kMinProbeEveryText);
      static const std::vector<std::string> kProbeModes = {"active", "passive"};
      std::string probe = "active";
      if (read_string(value, at, "probe", probe)) {
        if (std::find(kProbeModes.begin(), kProbeModes.end(), probe) == kProbeModes.end()) {
          const std::string suggestion = did_you_mean(probe, kProbeModes);
          problem(at + "/probe", "unknown probe mode " + units::quote(probe) +
                                     (suggestion.empty() ? "; expected one of: " + join(kProbeModes) : suggestion));
        }
        service.passive_probes = probe == "passive";
      }
      scenario.services[id] = service;
    }
  }

  void load_downtime(const json& value, const std::string& at, const char* path, DowntimeConfig& out) {
    if (!check_object(value, at, path)) return;
    read_duration(value, at, "detect_after", out.detect_after);
    read_duration(value, at, "restore_after", out.restore_after);
    read_duration(value, at, "recovery", out.recovery);
    read_share(value, at, "recovery_capacity", out.recovery_capacity);
  }

  // effects: {service id: {activity: {capacity, time}}}
  void load_effects(const json& value, const std::string& at, const char* service_path, EffectTable& out) {
    if (!value.is_object()) {
      problem(at, "must be an object keyed by service id, got " + describe(value));
      return;
    }
    const std::string activity_path = std::string(service_path) + "/*";
    for (const auto& item : value.items()) {
      const std::string service_at = child(at, item.key());
      if (!service_ids_.count(item.key())) {
        const std::vector<std::string> candidates(service_ids_.begin(), service_ids_.end());
        const std::string suggestion = did_you_mean(item.key(), candidates);
        key_problem(service_at,
                    "unknown service " + units::quote(item.key()) + "; effects are keyed by service id" +
                        (suggestion.empty() ? ", expected one of: " + join(candidates) : suggestion));
        continue;
      }
      if (!check_object(item.value(), service_at, service_path)) continue;
      auto& by_activity = out[item.key()];
      for (int a = 0; a < kActivityCount; ++a) {
        const auto activity = static_cast<Activity>(a);
        const json* entry = member(item.value(), activity_name(activity));
        if (entry == nullptr) continue;
        const std::string entry_at = child(service_at, activity_name(activity));
        if (!check_object(*entry, entry_at, activity_path)) continue;
        Effect effect;
        read_share(*entry, entry_at, "capacity", effect.capacity);
        read_number(
            *entry, entry_at, "time", effect.time, [](double v) { return v >= 1.0; },
            "a time factor >= 1 (manual work is not faster)");
        by_activity[activity] = effect;
      }
    }
  }

  void load_hospitals(const json& root, Scenario& scenario) {
    const json* collection = member(root, "hospitals");
    if (collection == nullptr) return;
    const std::vector<std::string> ids =
        check_collection(*collection, "/hospitals", "hospitals", kMaxHospitals);
    if (collection->is_object() && collection->empty()) {
      problem("/hospitals", "must contain at least one hospital");
    }
    for (const std::string& id : ids) {
      const std::string at = "/hospitals/" + id;
      const json& value = (*collection)[id];
      if (!check_object(value, at, "/hospitals/*")) continue;
      Hospital hospital;
      hospital.id = id;
      hospital.downtime = scenario.downtime;
      read_string(value, at, "name", hospital.name, true);
      read_string(value, at, "region", hospital.region);
      read_location(value, at, "location", hospital.location);
      if (const json* uses = member(value, "uses")) {
        if (!uses->is_array()) {
          problem(at + "/uses", "must be an array of service ids, got " + describe(*uses));
        } else {
          for (std::size_t i = 0; i < uses->size(); ++i) {
            const std::string use_at = at + "/uses/" + std::to_string(i);
            if (!check_reference(use_at, (*uses)[i], {"service"}, "uses must name")) continue;
            const std::string service = (*uses)[i].get<std::string>();
            if (std::find(hospital.uses.begin(), hospital.uses.end(), service) != hospital.uses.end()) {
              problem(use_at,
                      "service " + units::quote(service) + " is listed twice; expected each service once");
              continue;
            }
            hospital.uses.push_back(service);
          }
        }
      }
      if (const json* ed = member(value, "ed")) hospital.has_ed = load_ed(*ed, at + "/ed", hospital.ed);
      if (!has_positive(hospital.ed.hourly_profile)) hospital.ed.hourly_profile = default_hourly_profile();
      if (!has_positive(hospital.ed.weekday_profile)) hospital.ed.weekday_profile = default_weekday_profile();
      if (const json* beds = member(value, "beds")) load_beds(*beds, at + "/beds", hospital.beds);
      if (const json* surgery = member(value, "surgery"))
        load_surgery(*surgery, at + "/surgery", hospital.surgery);
      if (const json* outpatient = member(value, "outpatient")) {
        const std::string outpatient_at = at + "/outpatient";
        if (check_object(*outpatient, outpatient_at, "/hospitals/*/outpatient")) {
          read_int_array(*outpatient, outpatient_at, "visits_per_weekday",
                         hospital.outpatient.visits_per_weekday, kMaxVisitsPerDay, "visits Monday..Sunday");
          read_hours(*outpatient, outpatient_at, "hours", hospital.outpatient.open,
                     hospital.outpatient.close);
        }
      }
      if (const json* downtime = member(value, "downtime")) {
        load_downtime(*downtime, at + "/downtime", "/hospitals/*/downtime", hospital.downtime);
      }
      if (const json* effects = member(value, "effects")) {
        EffectTable table;
        load_effects(*effects, at + "/effects", "/hospitals/*/effects/*", table);
        hospital.effects = std::move(table);
      }
      scenario.hospitals[id] = std::move(hospital);
    }
  }

  template <std::size_t N>
  static bool has_positive(const std::array<double, N>& values) {
    return std::any_of(values.begin(), values.end(), [](double v) { return v > 0; });
  }

  // A profile of non-negative weights with a positive sum, normalised to mean 1.
  template <std::size_t N>
  void read_profile(const json& object, const std::string& at, const char* key, std::array<double, N>& out,
                    const char* what) {
    std::array<double, N> values{};
    if (!read_number_array(
            object, at, key, values, [](double v) { return v >= 0; }, "a relative intensity >= 0", what)) {
      return;
    }
    double sum = 0;
    for (double v : values) sum += v;
    if (sum <= 0) {
      problem(child(at, key), "must have at least one positive value");
      return;
    }
    for (double& v : values) v = v * static_cast<double>(N) / sum;
    out = values;
  }

  bool load_ed(const json& value, const std::string& at, EdConfig& ed) {
    if (!check_object(value, at, "/hospitals/*/ed")) return false;
    // Problems in acuity_shares or ambulance_share leave their defaults, so the derivation below would
    // report a consequence of an error already reported: it is skipped then.
    const std::size_t problems_before = problems_.size();
    if (read_positive(value, at, "arrivals_per_day", ed.arrivals_per_day) &&
        ed.arrivals_per_day > kMaxArrivalsPerDay) {
      problem(at + "/arrivals_per_day", "must be at most " + format_number(kMaxArrivalsPerDay) + ", got " +
                                            format_number(ed.arrivals_per_day) +
                                            " (larger values are refused as absurd)");
    }
    read_share(value, at, "ambulance_share", ed.ambulance_share);
    read_int(value, at, "treatment_spaces", ed.treatment_spaces, 1, kMaxEntities);
    read_median_p90(value, at, "treatment_minutes", "/hospitals/*/ed/treatment_minutes", "minutes",
                    ed.treatment_minutes);
    read_share(value, at, "admit_share", ed.admit_share);
    read_positive(value, at, "patience_minutes", ed.patience_minutes);
    bool ambulance_acuity_ok = true;  // false when the mixes cannot be derived (a problem is reported)
    std::array<double, kAcuityLevels> shares{};
    if (read_number_array(
            value, at, "acuity_shares", shares, [](double v) { return v >= 0 && v <= 1; },
            "a share in [0, 1]", "shares of acuity 1..5")) {
      double sum = 0;
      for (double s : shares) sum += s;
      if (std::fabs(sum - 1.0) > 1e-3) {
        problem(at + "/acuity_shares", "must sum to 1, got a sum of " + format_number(sum));
        ambulance_acuity_ok = false;
      } else {
        for (double& s : shares) s /= sum;
        ed.acuity_shares = shares;
      }
    }
    std::array<double, kAcuityLevels> ambulance{};
    if (read_number_array(
            value, at, "ambulance_acuity_shares", ambulance, [](double v) { return v >= 0 && v <= 1; },
            "a share in [0, 1]", "shares of acuity 1..5 among ambulance arrivals")) {
      double sum = 0;
      for (double s : ambulance) sum += s;
      if (std::fabs(sum - 1.0) > 1e-3) {
        problem(at + "/ambulance_acuity_shares", "must sum to 1, got a sum of " + format_number(sum));
        ambulance_acuity_ok = false;
      } else {
        for (double& s : ambulance) s /= sum;
        ed.ambulance_acuity_shares = ambulance;
        ed.ambulance_acuity_given = true;
      }
    } else if (member(value, "ambulance_acuity_shares") != nullptr) {
      ambulance_acuity_ok = false;
    }
    if (ambulance_acuity_ok && problems_.size() == problems_before) check_ed_mixes(at, ed);
    read_number_array(
        value, at, "treatment_factor", ed.treatment_factor, [](double v) { return v > 0; }, "a factor > 0",
        "factors for acuity 1..5");
    read_profile(value, at, "hourly_profile", ed.hourly_profile, "hours 0..23");
    read_profile(value, at, "weekday_profile", ed.weekday_profile, "Monday..Sunday");
    return true;
  }

  static std::string format_shares(const std::array<double, kAcuityLevels>& shares) {
    std::string out = "[";
    for (std::size_t i = 0; i < shares.size(); ++i) out += (i > 0 ? ", " : "") + format_number(shares[i]);
    return out + "]";
  }

  // Checks the acuity mixes by arrival mode (acuity_mixes()). Given ambulance_acuity_shares that leave a
  // walk-in share negative are an error; when the built-in re-weighting does, both modes use acuity_shares,
  // with a warning.
  void check_ed_mixes(const std::string& at, const EdConfig& ed) {
    const AcuityMixes mixes = acuity_mixes(ed);
    if (mixes.consistent) return;
    const int level = mixes.inconsistent_level;
    const auto i = static_cast<std::size_t>(level - 1);
    const std::string why = "the walk-in share of acuity " + std::to_string(level) + " would be (" +
                            format_number(ed.acuity_shares[i]) + " - " + format_number(ed.ambulance_share) +
                            " * " + format_number(mixes.requested_ambulance[i]) + ") / (1 - " +
                            format_number(ed.ambulance_share) + ") = " + format_number(mixes.inconsistent_share);
    if (ed.ambulance_acuity_given) {
      problem(at + "/ambulance_acuity_shares",
              "does not fit acuity_shares " + format_shares(ed.acuity_shares) + " with ambulance_share " +
                  format_number(ed.ambulance_share) + ": " + why +
                  "; ambulance arrivals cannot hold more of an acuity level than all arrivals");
      return;
    }
    warning(at, "the default ambulance acuity mix " + format_shares(mixes.requested_ambulance) +
                    " (acuity_shares re-weighted so that acuity 1-3 make 61.9% of ambulance arrivals) does not "
                    "fit acuity_shares " + format_shares(ed.acuity_shares) + " with ambulance_share " +
                    format_number(ed.ambulance_share) + " (" + why +
                    "); both arrival modes use acuity_shares; give \"ambulance_acuity_shares\" to set the "
                    "mix of ambulance arrivals");
  }

  void load_beds(const json& value, const std::string& at, BedsConfig& beds) {
    if (!check_object(value, at, "/hospitals/*/beds")) return;
    read_int(value, at, "count", beds.count, 0, kMaxBeds);
    read_share(value, at, "occupancy", beds.occupancy);
    read_median_p90(value, at, "los_days", "/hospitals/*/beds/los_days", "days", beds.los_days);
  }

  void load_surgery(const json& value, const std::string& at, SurgeryConfig& surgery) {
    if (!check_object(value, at, "/hospitals/*/surgery")) return;
    read_int(value, at, "theatres", surgery.theatres, 0, kMaxEntities);
    read_hours(value, at, "day", surgery.day_start, surgery.day_end);
    read_int_array(value, at, "elective_per_weekday", surgery.elective_per_weekday, kMaxCasesPerDay,
                   "cases Monday..Sunday");
    read_median_p90(value, at, "case_minutes", "/hospitals/*/surgery/case_minutes", "minutes",
                    surgery.case_minutes);
    double turnover_minutes = 0;
    if (read_number(
            value, at, "turnover_minutes", turnover_minutes, [](double v) { return v >= 0; },
            "a number of minutes >= 0")) {
      if (turnover_minutes > kMaxTurnoverMinutes) {
        problem(at + "/turnover_minutes", "must be at most " + format_number(kMaxTurnoverMinutes) +
                                              " minutes, got " + format_number(turnover_minutes) +
                                              " (larger values are refused as absurd)");
      } else {
        surgery.turnover = turnover_minutes * kMinute;
      }
    }
    read_number(
        value, at, "planned_utilisation", surgery.planned_utilisation,
        [](double v) { return v > 0 && v <= 1; }, "a share in (0, 1]");
    read_share(value, at, "inpatient_share", surgery.inpatient_share);
    read_int(value, at, "emergency_theatres", surgery.emergency_theatres, 0, kMaxEntities);
    read_share(value, at, "emergency_share", surgery.emergency_share);
    read_median_p90(value, at, "emergency_case_minutes", "/hospitals/*/surgery/emergency_case_minutes",
                    "minutes", surgery.emergency_case_minutes);
  }

  void load_policies(const json& root, Scenario& scenario) {
    const json* value = member(root, "policies");
    if (value == nullptr || !check_object(*value, "/policies", "/policies")) return;
    Policies& policies = scenario.policies;
    if (const json* elective = member(*value, "elective")) {
      const std::string at = "/policies/elective";
      if (check_object(*elective, at, at)) {
        std::string on_downtime;
        if (read_string(*elective, at, "on_downtime", on_downtime)) {
          static const std::vector<std::string> kNames = {"cancel_case", "cancel_day", "reduced", "delay"};
          if (on_downtime == "cancel_case") {
            policies.elective = ElectivePolicy::kCancelCase;
          } else if (on_downtime == "cancel_day") {
            policies.elective = ElectivePolicy::kCancelDay;
          } else if (on_downtime == "reduced") {
            policies.elective = ElectivePolicy::kReduced;
          } else if (on_downtime == "delay") {
            policies.elective = ElectivePolicy::kDelay;
          } else {
            const std::string suggestion = did_you_mean(on_downtime, kNames);
            problem(at + "/on_downtime",
                    "unknown policy " + units::quote(on_downtime) +
                        (suggestion.empty() ? "; expected one of: " + join(kNames) : suggestion));
          }
        }
        read_duration(*elective, at, "rebook_after", policies.rebook_after);
        read_share(*elective, at, "catchup_share", policies.catchup_share);
      }
    }
    if (const json* outpatient = member(*value, "outpatient")) {
      const std::string at = "/policies/outpatient";
      if (check_object(*outpatient, at, at)) {
        std::string on_downtime;
        if (read_string(*outpatient, at, "on_downtime", on_downtime)) {
          static const std::vector<std::string> kNames = {"while_down", "rest_of_day", "whole_day"};
          if (on_downtime == "while_down") {
            policies.outpatient_on_downtime = OutpatientDowntime::kWhileDown;
          } else if (on_downtime == "rest_of_day") {
            policies.outpatient_on_downtime = OutpatientDowntime::kRestOfDay;
          } else if (on_downtime == "whole_day") {
            policies.outpatient_on_downtime = OutpatientDowntime::kWholeDay;
          } else {
            const std::string suggestion = did_you_mean(on_downtime, kNames);
            problem(at + "/on_downtime",
                    "unknown policy " + units::quote(on_downtime) +
                        (suggestion.empty() ? "; expected one of: " + join(kNames) : suggestion));
          }
        }
        // Deprecated (warned in check_object): true = "whole_day", false = "while_down".
        bool cancel_whole_day = true;
        if (!outpatient->contains("on_downtime") &&
            read_bool(*outpatient, at, "cancel_whole_day", cancel_whole_day)) {
          policies.outpatient_on_downtime =
              cancel_whole_day ? OutpatientDowntime::kWholeDay : OutpatientDowntime::kWhileDown;
        }
        read_share(*outpatient, at, "to_ed_share", policies.outpatient_to_ed_share);
      }
    }
    if (const json* diversion = member(*value, "diversion")) {
      const std::string at = "/policies/diversion";
      if (check_object(*diversion, at, at)) {
        read_bool(*diversion, at, "on_downtime", policies.divert_on_downtime);
        read_positive(*diversion, at, "occupancy_threshold", policies.divert_occupancy);
        read_positive(*diversion, at, "ambulance_speed_kmh", policies.ambulance_speed_kmh);
        read_number(
            *diversion, at, "road_factor", policies.road_factor, [](double v) { return v >= 1; },
            "a number >= 1");
        std::string dispatch;
        if (read_string(*diversion, at, "dispatch", dispatch)) {
          static const std::vector<std::string> kNames = {"nearest", "balanced", "weighted"};
          if (dispatch == "nearest") {
            policies.dispatch = Dispatch::kNearest;
          } else if (dispatch == "balanced") {
            policies.dispatch = Dispatch::kBalanced;
          } else if (dispatch == "weighted") {
            policies.dispatch = Dispatch::kWeighted;
          } else {
            const std::string suggestion = did_you_mean(dispatch, kNames);
            problem(at + "/dispatch",
                    "unknown dispatch rule " + units::quote(dispatch) +
                        (suggestion.empty() ? "; expected one of: " + join(kNames) : suggestion));
          }
        }
        double max_extra_minutes = 0;
        if (read_number(
                *diversion, at, "max_extra_minutes", max_extra_minutes,
                [](double v) { return v >= 0 && v <= 24 * 60; }, "a number of minutes in [0, 1440]")) {
          policies.max_extra_travel = max_extra_minutes * kMinute;
        }
        read_int(*diversion, at, "time_critical_acuity", policies.time_critical_acuity, 0, 5);
        read_scope(*diversion, at, policies.divert_acuity);
        read_int(*diversion, at, "max_diverting", policies.max_diverting, 0, 1000);
      }
    }
    if (const json* advice = member(*value, "public_advice")) {
      const std::string at = "/policies/public_advice";
      if (check_object(*advice, at, at)) {
        const bool a = read_share(*advice, at, "elsewhere_share", policies.walk_in_elsewhere_share);
        const bool b = read_share(*advice, at, "stay_home_share", policies.walk_in_stay_home_share);
        if ((a || b) && policies.walk_in_elsewhere_share + policies.walk_in_stay_home_share > 1.0 + 1e-12) {
          problem(at, "elsewhere_share + stay_home_share must be at most 1, got " +
                          format_number(policies.walk_in_elsewhere_share + policies.walk_in_stay_home_share));
        }
      }
    }
  }

  void load_injections(const json& root, Scenario& scenario) {
    const json* collection = member(root, "injections");
    if (collection == nullptr) return;
    static const std::vector<std::string> kKinds = {"link_down", "host_down", "service_down", "degrade",
                                                    "ddos",      "shutdown",  "ransomware",   "ddos_campaign"};
    for (const std::string& id : check_collection(*collection, "/injections", "injections", kMaxEntities)) {
      const std::string at = "/injections/" + id;
      const json& value = (*collection)[id];
      if (!check_object(value, at, "/injections/*")) continue;
      Injection injection;
      injection.id = id;
      read_string(value, at, "description", injection.description);
      std::string kind;
      bool kind_ok = false;
      if (read_string(value, at, "kind", kind)) {
        const auto found = std::find(kKinds.begin(), kKinds.end(), kind);
        if (found == kKinds.end()) {
          const std::string suggestion = did_you_mean(kind, kKinds);
          problem(at + "/kind", "unknown injection kind " + units::quote(kind) +
                                    (suggestion.empty() ? "; expected one of: " + join(kKinds) : suggestion));
        } else {
          injection.kind = static_cast<InjectionKind>(found - kKinds.begin());
          kind_ok = true;
        }
      }
      // at
      if (const json* when = member(value, "at"); when != nullptr && has_start_) {
        if (auto distribution =
                read_distribution(*when, at + "/at", "/injections/*/at", DistributionUnit::kDatetime)) {
          injection.at = *distribution;
          check_injection_time(*when, at + "/at", *distribution);
        }
      }
      // target / targets
      const json* target = member(value, "target");
      const json* targets = member(value, "targets");
      std::vector<std::pair<std::string, const json*>> references;
      const bool campaign = kind_ok && injection.kind == InjectionKind::kDdosCampaign;
      if (campaign && (target != nullptr || targets != nullptr)) {
        key_problem(child(at, target != nullptr ? "target" : "targets"),
                    "a ddos_campaign has no target; each of its \"waves\" names its own link \"targets\"");
      } else if (campaign) {
        // targets are read with the waves
      } else if (target != nullptr && targets != nullptr) {
        problem(at, "has both \"target\" and \"targets\"; expected one of them");
      } else if (target == nullptr && targets == nullptr) {
        problem(at, "missing required key \"target\" (one id) or \"targets\" (a list of ids)");
      } else if (target != nullptr) {
        references.emplace_back(at + "/target", target);
      } else if (!targets->is_array() || targets->empty()) {
        problem(at + "/targets", "must be a non-empty array of ids, got " + describe(*targets));
      } else {
        for (std::size_t i = 0; i < targets->size(); ++i) {
          references.emplace_back(at + "/targets/" + std::to_string(i), &(*targets)[i]);
        }
      }
      if (kind_ok) {
        for (const auto& [where, reference] : references) {
          const std::string context = "a " + kind + " injection targets";
          bool ok = false;
          switch (injection.kind) {
            case InjectionKind::kLinkDown:
            case InjectionKind::kDegrade:
            case InjectionKind::kDdos:
              ok = check_reference(where, *reference, {"link"}, context);
              break;
            case InjectionKind::kHostDown:
              ok = check_reference(where, *reference, {"data centre", "hospital"}, context);
              break;
            case InjectionKind::kServiceDown:
              ok = check_reference(where, *reference, {"service"}, context);
              break;
            case InjectionKind::kShutdown:
              ok = check_reference(where, *reference, {"data centre", "link", "hospital"}, context);
              break;
            case InjectionKind::kRansomware:
              ok = check_reference(where, *reference, {"data centre", "hospital"}, context);
              break;
            case InjectionKind::kDdosCampaign:
              break;
          }
          if (ok) injection.targets.push_back(reference->get<std::string>());
        }
      }
      if (const json* duration = member(value, "duration")) {
        if (kind_ok && (injection.kind == InjectionKind::kRansomware ||
                        injection.kind == InjectionKind::kDdosCampaign)) {
          key_problem(at + "/duration",
                      injection.kind == InjectionKind::kRansomware
                          ? "a ransomware attack has no \"duration\"; it lasts until its hosts are restored "
                            "(see \"restore\")"
                          : "a ddos_campaign has no \"duration\"; each wave has its own");
        } else {
          injection.duration = read_distribution(*duration, at + "/duration", "/injections/*/duration",
                                                 DistributionUnit::kDuration);
        }
      }
      // kind-specific keys
      const auto only_for = [&](const char* key, InjectionKind wanted, const char* wanted_name) {
        if (member(value, key) != nullptr && kind_ok && injection.kind != wanted) {
          key_problem(child(at, key),
                      units::quote(key) + " applies only to " + wanted_name + " injections, not to " + kind);
          return false;
        }
        return member(value, key) != nullptr;
      };
      if (only_for("bandwidth_factor", InjectionKind::kDegrade, "degrade")) {
        read_number(
            value, at, "bandwidth_factor", injection.bandwidth_factor,
            [](double v) { return v > 0 && v <= 1; }, "a factor in (0, 1]");
      }
      if (only_for("added_latency", InjectionKind::kDegrade, "degrade")) {
        read_duration(value, at, "added_latency", injection.added_latency);
      }
      if (only_for("traffic", InjectionKind::kDdos, "ddos")) {
        read_positive_quantity(value, at, "traffic", injection.traffic, units::parse_bandwidth, "a bandwidth",
                               "\"20Gbps\"", false, kMaxBandwidth, kMaxBandwidthText);
      }
      if (kind_ok && injection.kind == InjectionKind::kDdos && member(value, "traffic") == nullptr) {
        problem(at, "a ddos injection needs \"traffic\" (bytes/s of background flow, e.g. \"20Gbps\")");
      }
      if (kind_ok && injection.kind == InjectionKind::kDegrade &&
          member(value, "bandwidth_factor") == nullptr && member(value, "added_latency") == nullptr) {
        problem(at, "a degrade injection needs \"bandwidth_factor\" or \"added_latency\"");
      }
      for (const char* key : {"dwell", "spread", "segmentation", "detect_after", "containment", "restore"}) {
        only_for(key, InjectionKind::kRansomware, "ransomware");
      }
      if (kind_ok && injection.kind == InjectionKind::kRansomware) {
        injection.ransomware = load_ransomware(value, at);
      }
      if (only_for("waves", InjectionKind::kDdosCampaign, "ddos_campaign")) {
        load_waves(value["waves"], at + "/waves", injection);
      } else if (campaign) {
        problem(at, "a ddos_campaign needs \"waves\" (a non-empty array of {after, duration, targets, traffic})");
      }
      scenario.injections[id] = std::move(injection);
    }
  }

  // A list of [a, b] pairs of data centre or hospital ids (a != b).
  std::vector<std::array<std::string, 2>> read_host_pairs(const json& object, const std::string& pointer,
                                                          const char* key, const std::string& context) {
    std::vector<std::array<std::string, 2>> pairs;
    const json* value = member(object, key);
    if (value == nullptr) return pairs;
    const std::string at = child(pointer, key);
    if (!value->is_array()) {
      problem(at, "must be an array of [id, id] pairs, got " + describe(*value));
      return pairs;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& pair = (*value)[i];
      const std::string where = at + "/" + std::to_string(i);
      if (!pair.is_array() || pair.size() != 2) {
        problem(where, "must be a pair [id, id] of data centre or hospital ids, got " + describe(pair));
        continue;
      }
      const bool ok_a = check_reference(where + "/0", pair[0], {"data centre", "hospital"}, context);
      const bool ok_b = check_reference(where + "/1", pair[1], {"data centre", "hospital"}, context);
      if (!ok_a || !ok_b) continue;
      if (pair[0] == pair[1]) {
        problem(where + "/1", "the pair joins " + units::quote(pair[0].get<std::string>()) + " to itself");
        continue;
      }
      pairs.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
    }
    return pairs;
  }

  std::optional<Distribution> read_duration_distribution(const json& object, const std::string& pointer,
                                                         const char* key, const char* path) {
    const json* value = member(object, key);
    if (value == nullptr) return std::nullopt;
    return read_distribution(*value, child(pointer, key), path, DistributionUnit::kDuration);
  }

  RansomwareSpec load_ransomware(const json& value, const std::string& at) {
    RansomwareSpec spec;
    if (auto dwell = read_duration_distribution(value, at, "dwell", "/injections/*/dwell")) spec.dwell = *dwell;
    if (const json* spread = member(value, "spread");
        spread != nullptr && check_object(*spread, at + "/spread", "/injections/*/spread")) {
      const std::string here = at + "/spread";
      if (auto delay = read_duration_distribution(*spread, here, "delay", "/injections/*/spread/delay"))
        spec.spread_delay = *delay;
      read_share(*spread, here, "probability", spec.spread_probability);
      read_bool(*spread, here, "over_network", spec.over_network);
      spec.trust = read_host_pairs(*spread, here, "trust", "a ransomware trust edge joins");
    }
    if (const json* segmentation = member(value, "segmentation");
        segmentation != nullptr &&
        check_object(*segmentation, at + "/segmentation", "/injections/*/segmentation")) {
      const std::string here = at + "/segmentation";
      spec.blocked = read_host_pairs(*segmentation, here, "blocked", "a blocked ransomware edge joins");
      if (const json* zones = member(*segmentation, "zones")) {
        for (const std::string& zone : check_collection(*zones, here + "/zones", "zones", kMaxEntities)) {
          const json& members = (*zones)[zone];
          const std::string where = here + "/zones/" + zone;
          if (!members.is_array() || members.empty()) {
            problem(where, "must be a non-empty array of data centre or hospital ids, got " + describe(members));
            continue;
          }
          std::vector<std::string>& ids = spec.zones[zone];
          for (std::size_t i = 0; i < members.size(); ++i) {
            if (check_reference(where + "/" + std::to_string(i), members[i], {"data centre", "hospital"},
                                "a segmentation zone holds"))
              ids.push_back(members[i].get<std::string>());
          }
        }
      }
    }
    spec.detect_after = read_duration_distribution(value, at, "detect_after", "/injections/*/detect_after");
    if (const json* containment = member(value, "containment");
        containment != nullptr &&
        check_object(*containment, at + "/containment", "/injections/*/containment")) {
      const std::string here = at + "/containment";
      if (!spec.detect_after) {
        problem(here, "containment follows detection; add \"detect_after\" to the attack");
      }
      if (const json* isolate = member(*containment, "isolate")) {
        if (isolate->is_string()) {
          const std::string& policy = isolate->get_ref<const std::string&>();
          if (policy == "none") {
            spec.isolate = IsolationPolicy::kNone;
          } else if (policy == "infected") {
            spec.isolate = IsolationPolicy::kInfected;
          } else if (policy == "all") {
            spec.isolate = IsolationPolicy::kAll;
          } else {
            problem(here + "/isolate", "unknown isolation policy " + units::quote(policy) +
                                           "; expected \"infected\", \"all\", \"none\" or a list of ids" +
                                           did_you_mean(policy, {"infected", "all", "none"}));
          }
        } else if (isolate->is_array() && !isolate->empty()) {
          spec.isolate = IsolationPolicy::kListed;
          for (std::size_t i = 0; i < isolate->size(); ++i) {
            if (check_reference(here + "/isolate/" + std::to_string(i), (*isolate)[i],
                                {"data centre", "hospital"}, "containment isolates"))
              spec.isolate_ids.push_back((*isolate)[i].get<std::string>());
          }
        } else {
          problem(here + "/isolate", "must be \"infected\", \"all\", \"none\" or a non-empty array of ids, got " +
                                         describe(*isolate));
        }
      }
      if (auto after = read_duration_distribution(*containment, here, "after", "/injections/*/containment/after"))
        spec.containment_after = *after;
      spec.release_after = read_duration_distribution(*containment, here, "release_after",
                                                      "/injections/*/containment/release_after");
    }
    if (const json* restore = member(value, "restore");
        restore != nullptr && check_object(*restore, at + "/restore", "/injections/*/restore")) {
      const std::string here = at + "/restore";
      if (!spec.detect_after) {
        problem(here, "restoration follows detection; add \"detect_after\" to the attack");
      }
      spec.has_restore = true;
      read_int(*restore, here, "team_size", spec.team_size, 1, kMaxEntities);
      if (auto forensics = read_duration_distribution(*restore, here, "forensics", "/injections/*/restore/forensics"))
        spec.forensics = *forensics;
      if (auto per_host = read_duration_distribution(*restore, here, "per_host", "/injections/*/restore/per_host"))
        spec.per_host = *per_host;
    }
    return spec;
  }

  void load_waves(const json& waves, const std::string& at, Injection& injection) {
    if (!waves.is_array() || waves.empty()) {
      problem(at, "must be a non-empty array of waves {after, duration, targets, traffic}, got " + describe(waves));
      return;
    }
    if (static_cast<long long>(waves.size()) > kMaxEntities) {
      problem(at, "has " + std::to_string(waves.size()) + " waves; more than " + std::to_string(kMaxEntities) +
                      " is refused as absurd");
      return;
    }
    for (std::size_t i = 0; i < waves.size(); ++i) {
      const std::string where = at + "/" + std::to_string(i);
      const json& value = waves[i];
      if (!check_object(value, where, "/injections/*/waves/*")) continue;
      DdosWave wave;
      if (auto after = read_duration_distribution(value, where, "after", "/injections/*/waves/*/after"))
        wave.after = *after;
      if (auto duration = read_duration_distribution(value, where, "duration", "/injections/*/waves/*/duration"))
        wave.duration = *duration;
      read_positive_quantity(value, where, "traffic", wave.traffic, units::parse_bandwidth, "a bandwidth",
                             "\"20Gbps\"", false, kMaxBandwidth, kMaxBandwidthText);
      if (const json* targets = member(value, "targets")) {
        if (!targets->is_array() || targets->empty()) {
          problem(where + "/targets", "must be a non-empty array of link ids, got " + describe(*targets));
        } else {
          for (std::size_t k = 0; k < targets->size(); ++k) {
            if (check_reference(where + "/targets/" + std::to_string(k), (*targets)[k], {"link"},
                                "a ddos_campaign wave targets"))
              wave.targets.push_back((*targets)[k].get<std::string>());
          }
        }
      }
      injection.waves.push_back(std::move(wave));
    }
  }

  // An injection must start within [start, start + horizon): the fixed time, a uniform's bounds, the median
  // of a lognormal or the mean of an exponential (later draws mean no injection within that run).
  void check_injection_time(const json& value, const std::string& at, const Distribution& when) {
    if (!has_horizon_) return;
    const auto outside = [&](double t) { return t < 0 || t >= horizon_; };
    const std::string window =
        "[" + format_civil(start_) + ", " + format_civil(civil_after(start_, horizon_)) + ")";
    const auto report = [&](const std::string& where, const char* what, double t) {
      problem(where, std::string(what) + " " + format_civil(civil_after(start_, t)) +
                         " is outside the run; expected a time in " + window);
    };
    switch (when.kind) {
      case Distribution::Kind::kFixed:
        if (outside(when.a)) report(at, "time", when.a);
        break;
      case Distribution::Kind::kUniform:
        if (outside(when.a)) report(at + "/min", "min", when.a);
        if (outside(when.b)) report(at + "/max", "max", when.b);
        break;
      case Distribution::Kind::kLognormal:
        if (outside(when.a)) report(at + "/median", "median", when.a);
        break;
      case Distribution::Kind::kExponential:
        if (outside(when.a)) report(at + "/mean", "mean", when.a);
        break;
    }
  }

  void load_strategies(const json& root, Scenario& scenario) {
    const json* collection = member(root, "strategies");
    if (collection == nullptr) return;
    for (const std::string& id : check_collection(*collection, "/strategies", "strategies", kMaxEntities)) {
      const std::string at = "/strategies/" + id;
      const json& value = (*collection)[id];
      if (!check_object(value, at, "/strategies/*")) continue;
      Strategy strategy;
      strategy.id = id;
      read_string(value, at, "description", strategy.description);
      if (const json* patch = member(value, "patch")) {
        if (!patch->is_object()) {
          problem(at + "/patch",
                  "must be an object (a JSON merge patch over the scenario), got " + describe(*patch));
          continue;
        }
        if (patch->contains("strategies")) {
          key_problem(at + "/patch/strategies", "a strategy's patch cannot change /strategies");
        }
        strategy.patch_json = patch->dump();
      }
      scenario.strategies[id] = std::move(strategy);
    }
  }

  void set_horizon(Seconds horizon) { horizon_ = horizon; }

 private:
  const JsonDocument& document_;
  std::string file_;
  const json* patch_;
  std::string patch_prefix_;
  std::vector<Problem> problems_;
  std::vector<Problem> warnings_;
  std::map<std::string, std::string> node_kinds_;  // hospital/data centre/router/link id -> its kind
  std::set<std::string> service_ids_;
  CivilTime start_;
  bool has_start_ = false;
  bool has_horizon_ = false;
  Seconds horizon_ = 0;

 public:
  // Reads start and horizon ahead of the main pass (injection times need both).
  void prime(const json& root) {
    if (const json* start = member(root, "start"); start != nullptr && start->is_string()) {
      if (auto parsed = units::parse_datetime(start->get<std::string>()); parsed.is_ok()) {
        start_ = parsed.value();
      }
    }
    if (const json* horizon = member(root, "horizon"); horizon != nullptr && horizon->is_string()) {
      if (auto parsed = units::parse_duration(horizon->get<std::string>()); parsed.is_ok()) {
        horizon_ = parsed.value();
      }
    }
  }
};

}  // namespace

Result<Scenario> load_scenario_text(std::string_view text, const std::string& file_name,
                                    const LoadOptions& options, std::vector<Problem>* warnings) {
  if (warnings != nullptr) warnings->clear();
  if (text.size() > kMaxFileBytes) {
    return Status::from_problems({Problem{file_name, 0, 0, "",
                                          "file is " + std::to_string(text.size()) + " bytes; more than " +
                                              std::to_string(kMaxFileBytes) + " bytes is refused"}});
  }
  Result<JsonDocument> parsed = parse_json_document(text, file_name);
  if (!parsed.is_ok()) return parsed.status();
  const JsonDocument& document = parsed.value();
  const json& root = document.root;

  json merged;
  const json* patch = nullptr;
  std::string patch_prefix;
  if (!options.strategy.empty()) {
    const json* strategies = root.is_object() && root.contains("strategies") ? &root["strategies"] : nullptr;
    std::vector<std::string> names =
        strategies != nullptr ? keys_of(*strategies) : std::vector<std::string>{};
    if (strategies == nullptr || !strategies->contains(options.strategy)) {
      const std::string suggestion = did_you_mean(options.strategy, names);
      const TextPosition at = document.position_of(strategies != nullptr ? "/strategies" : "");
      return Status::from_problems(
          {Problem{file_name, at.line, at.column, "/strategies",
                   "unknown strategy " + units::quote(options.strategy) +
                       (names.empty() ? "; the file defines no strategies" : "; available: " + join(names)) +
                       suggestion}});
    }
    const json& strategy = (*strategies)[options.strategy];
    if (!strategy.is_object() || !strategy.contains("patch") || !strategy["patch"].is_object()) {
      const TextPosition at = document.position_of("/strategies/" + escape_pointer_token(options.strategy));
      return Status::from_problems(
          {Problem{file_name, at.line, at.column, "/strategies/" + escape_pointer_token(options.strategy),
                   "strategy has no \"patch\" object to apply"}});
    }
    patch = &strategy["patch"];
    patch_prefix = "/strategies/" + escape_pointer_token(options.strategy) + "/patch";
    merged = root;
    merged.erase("strategies");
    json patch_copy = *patch;
    patch_copy.erase("strategies");
    merged.merge_patch(patch_copy);
    merged["strategies"] = root["strategies"];
  }
  const json& effective = patch != nullptr ? merged : root;

  Validator validator(document, file_name, patch, patch_prefix);
  if (effective.is_object()) validator.prime(effective);
  Scenario scenario = validator.load(effective);
  std::vector<Problem>& problems = validator.problems();
  problems.insert(problems.end(), document.duplicate_keys.begin(), document.duplicate_keys.end());
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return Status::from_problems(std::move(problems));
  }
  if (warnings != nullptr) {
    find_ineffective_inputs(effective, scenario,
                            [&validator](const std::string& pointer, const std::string& message) {
                              validator.warning(pointer, message);
                            });
    std::vector<Problem>& found = validator.warnings();
    std::stable_sort(found.begin(), found.end(), [](const Problem& a, const Problem& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    *warnings = std::move(found);
  }
  scenario.applied_strategy = options.strategy;
  return scenario;
}

Result<std::uint64_t> parse_seed(std::string_view text) {
  std::uint64_t seed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || seed > kMaxSeed) {
    return Status::invalid_argument("a seed is an integer from 0 to " + std::to_string(kMaxSeed) + ", got " +
                                    units::quote(text.substr(0, 40)));
  }
  return seed;
}

Result<Scenario> load_scenario_file(const std::string& path, const LoadOptions& options,
                                    std::vector<Problem>* warnings) {
  if (warnings != nullptr) warnings->clear();
  Result<std::string> text = read_input_file(path, kMaxFileBytes, "a scenario file");
  if (!text.is_ok()) return text.status();
  return load_scenario_text(text.value(), path, options, warnings);
}

}  // namespace hospsim
