// The positioned JSON reader of json_reader.h.

#include "scenario/json_reader.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "scenario/scenario_keys.h"
#include "scenario/suggest.h"

namespace hospsim::loader {
namespace {

const DeprecatedKey* deprecated_key(std::string_view path, const std::string& key) {
  for (const DeprecatedKey& entry : deprecated_keys()) {
    if (entry.path == path && entry.key == key) return &entry;
  }
  return nullptr;
}

}  // namespace

// ---- message text ----------------------------------------------------------------------------------------

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates,
                         std::size_t max_chars) {
  if (word.size() > 200) return "";
  SuggestionRule rule;
  rule.max_distance = std::max<std::size_t>(1, word.size() / 3);
  rule.count_transpositions = true;
  rule.ignore_case = true;
  rule.reject_rewrites = true;
  const std::string best = closest_candidate(word, candidates, rule);
  return best.empty() ? "" : "; did you mean " + units::quote(best, max_chars) + "?";
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  return fmt::format("{}", fmt::join(items, separator));
}

std::string unknown_name_message(std::string_view what, std::string_view name,
                                 const std::vector<std::string>& allowed) {
  const std::string suggestion = did_you_mean(name, allowed);
  return "unknown " + std::string(what) + " " + units::quote(name) +
         (suggestion.empty() ? "; expected one of: " + join(allowed) : suggestion);
}

std::string unknown_key_message(std::string_view key, const std::vector<std::string>& allowed) {
  return unknown_name_message("key", key, allowed);
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

std::string format_number(double value) { return fmt::format("{:.15g}", value); }

bool is_valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  const auto allowed = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!allowed(id[0])) return false;
  return std::all_of(id.begin(), id.end(), [&](char c) { return allowed(c) || c == '_' || c == '-'; });
}

// At most `limit` items, then ", ... (N in all)".
std::string join_limited(const std::vector<std::string>& items, std::size_t limit) {
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

JsonReader::JsonReader(const JsonDocument& document, std::string file, const json* patch,
                       std::string patch_prefix)
    : document_(document), file_(std::move(file)), patch_(patch), patch_prefix_(std::move(patch_prefix)) {}

// ---- problems ----------------------------------------------------------------------------------------

TextPosition JsonReader::position(const std::string& pointer, bool key) const {
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

void JsonReader::problem(const std::string& pointer, std::string message) {
  const TextPosition at = position(pointer, false);
  problems_.push_back(Problem{file_, at.line, at.column, pointer, std::move(message)});
}
void JsonReader::key_problem(const std::string& pointer, std::string message) {
  const TextPosition at = position(pointer, true);
  problems_.push_back(Problem{file_, at.line, at.column, pointer, std::move(message)});
}
// A warning: the input is valid but cannot have an effect (or is deprecated). Same position rules.
void JsonReader::warning(const std::string& pointer, const std::string& message) {
  const TextPosition at = position(pointer, false);
  warnings_.push_back(Problem{file_, at.line, at.column, pointer, "warning: " + message});
}
void JsonReader::key_warning(const std::string& pointer, const std::string& message) {
  const TextPosition at = position(pointer, true);
  warnings_.push_back(Problem{file_, at.line, at.column, pointer, "warning: " + message});
}

// ---- structure ---------------------------------------------------------------------------------------

// Checks `value` is an object with only the catalog's keys for `path` and all its required keys.
bool JsonReader::check_object(const json& value, const std::string& pointer, std::string_view path) {
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
        key_problem(child(pointer, item.key()), "has both " + units::quote(old->key) + " (deprecated) and " +
                                                    units::quote(old->replacement) + "; keep only " +
                                                    units::quote(old->replacement));
      } else {
        key_warning(child(pointer, item.key()), units::quote(old->key) + " is deprecated; write " +
                                                    units::quote(old->replacement) + " instead (" +
                                                    old->mapping + ")");
      }
      continue;
    }
    key_problem(child(pointer, item.key()), unknown_key_message(item.key(), allowed));
  }
  for (const std::string& key : keys.required) {
    if (!value.contains(key)) problem(pointer, "missing required key " + units::quote(key));
  }
  return true;
}

// Checks a collection keyed by id; returns its valid ids (invalid ids are reported and skipped).
std::vector<std::string> JsonReader::check_collection(const json& value, const std::string& pointer,
                                                      const char* what, int max_count) {
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
      key_problem(child(pointer, item.key()),
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

const json* JsonReader::member(const json& object, const char* key) const {
  if (!object.is_object()) return nullptr;
  auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

bool JsonReader::read_string(const json& object, const std::string& pointer, const char* key,
                             std::string& out, bool non_empty) {
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

bool JsonReader::read_bool(const json& object, const std::string& pointer, const char* key, bool& out) {
  const json* value = member(object, key);
  if (value == nullptr) return false;
  if (!value->is_boolean()) {
    problem(child(pointer, key), "must be true or false, got " + describe(*value));
    return false;
  }
  out = value->get<bool>();
  return true;
}

std::optional<std::size_t> JsonReader::choice_index(const std::string& at, const std::string& value,
                                                    const std::vector<std::string>& names, const char* what) {
  const auto found = std::find(names.begin(), names.end(), value);
  if (found != names.end()) return static_cast<std::size_t>(found - names.begin());
  problem(at, unknown_name_message(what, value, names));
  return std::nullopt;
}

// A number accepted by `ok`; `expected` completes "must be ..." (e.g. "a share in [0, 1]").
bool JsonReader::number_value(const json& value, const std::string& at, double& out,
                              const std::function<bool(double)>& ok, const std::string& expected) {
  if (!value.is_number() || !ok(value.get<double>())) {
    problem(at, "must be " + expected + ", got " + describe(value));
    return false;
  }
  out = value.get<double>();
  return true;
}

bool JsonReader::read_number(const json& object, const std::string& pointer, const char* key, double& out,
                             const std::function<bool(double)>& ok, const std::string& expected) {
  const json* value = member(object, key);
  if (value == nullptr) return false;
  return number_value(*value, child(pointer, key), out, ok, expected);
}

bool JsonReader::read_share(const json& object, const std::string& pointer, const char* key, double& out) {
  return read_number(
      object, pointer, key, out, [](double v) { return v >= 0.0 && v <= 1.0; }, "a share in [0, 1]");
}

bool JsonReader::read_positive(const json& object, const std::string& pointer, const char* key, double& out) {
  return read_number(
      object, pointer, key, out, [](double v) { return v > 0.0; }, "a number > 0");
}

bool JsonReader::read_minutes(const json& object, const std::string& pointer, const char* key, Seconds& out,
                              int max_minutes) {
  double minutes = 0;
  if (!read_number(
          object, pointer, key, minutes, [max_minutes](double v) { return v >= 0 && v <= max_minutes; },
          "a number of minutes in [0, " + std::to_string(max_minutes) + "]")) {
    return false;
  }
  out = minutes * kMinute;
  return true;
}

bool JsonReader::int_value(const json& value, const std::string& at, int& out, int min, int max) {
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

bool JsonReader::read_int(const json& object, const std::string& pointer, const char* key, int& out, int min,
                          int max) {
  const json* value = member(object, key);
  if (value == nullptr) return false;
  return int_value(*value, child(pointer, key), out, min, max);
}

bool JsonReader::duration_value(const json& value, const std::string& at, Seconds& out) {
  return unit_value<Seconds>(value, at, out, units::parse_duration, "a duration", "\"90s\" or \"1h30min\"");
}

// `minimum` > 0 (written `minimum_text`) refuses shorter durations.
bool JsonReader::read_duration(const json& object, const std::string& pointer, const char* key, Seconds& out,
                               bool positive, Seconds minimum, const char* minimum_text) {
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
bool JsonReader::read_positive_quantity(const json& object, const std::string& pointer, const char* key,
                                        double& out,
                                        const std::function<Result<double>(std::string_view)>& parse,
                                        const char* what, const char* example, bool allow_zero,
                                        double maximum, const char* maximum_text) {
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

bool JsonReader::read_location(const json& object, const std::string& pointer, const char* key,
                               Location& out) {
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
bool JsonReader::read_median_p90(const json& object, const std::string& pointer, const char* key,
                                 const char* path, const char* unit, MedianP90& out) {
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

// ["HH:MM", "HH:MM"] with end > start.
bool JsonReader::read_hours(const json& object, const std::string& pointer, const char* key, Seconds& begin,
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

// A datetime string -> seconds since time_origin_.
bool JsonReader::datetime_value(const json& value, const std::string& at, Seconds& out) {
  CivilTime time;
  if (!unit_value<CivilTime>(value, at, time, units::parse_datetime, "a datetime", "\"2025-03-13T09:30\"")) {
    return false;
  }
  out = seconds_between(time_origin_, time);
  return true;
}

// A fixed value or {"distribution": ...} whose parameters are durations or datetimes.
std::optional<Distribution> JsonReader::read_distribution(const json& value, const std::string& at,
                                                          const char* path, DistributionUnit unit) {
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
      key_problem(child(at, item.key()), "key " + units::quote(item.key()) + " does not apply to a " + kind +
                                             " distribution; expected " + join(parameters, " and "));
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

std::optional<Distribution> JsonReader::read_duration_distribution(const json& object,
                                                                   const std::string& pointer,
                                                                   const char* key, const char* path) {
  const json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  return read_distribution(*value, child(pointer, key), path, DistributionUnit::kDuration);
}

}  // namespace hospsim::loader
