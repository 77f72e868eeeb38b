// The positioned JSON reader the scenario loader's sections share: typed field readers that convert one
// member of a JSON object into a C++ value and record a positioned problem when it is not valid.
//
// A JsonReader reads one parsed document (JsonDocument) of one file. Every problem and warning it records
// carries that file's name, the line:column of the offending value (or key) and its JSON pointer; nothing
// stops at the first problem. When a strategy's merge patch was applied, a pointer that the patch sets is
// positioned at the patch in the file (`/strategies/<name>/patch/...`), anything else at the document.
//
// The field readers all follow one contract: `read_X(object, pointer, key, out, ...)` looks up `key` in
// `object` (whose JSON pointer is `pointer`); when the key is absent it returns false and leaves `out` (the
// default) untouched; when present and valid it writes `out` and returns true; when present and invalid it
// records a problem at `pointer/key`, leaves `out` untouched and returns false. The `X_value(value, at, out)`
// forms read a value already in hand at pointer `at`. Durations and datetimes are simulated seconds.
//
// To add a key to a section: add it to the catalog (scenario_keys.cc), then read it in the section's
// load_*.cc with one of these readers into the field of Scenario (include/hospsim/scenario.h) that holds
// its default.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/scenario.h"
#include "hospsim/status.h"
#include "scenario/json_document.h"
#include "scenario/units.h"

namespace hospsim::loader {

using nlohmann::json;

// ---- message text ----------------------------------------------------------------------------------------

// "; did you mean "x"?" for the candidate equal to `word` but for case, else the closest one within
// max(1, length / 3) edits (an adjacent swap is one edit); "" when none is close. Long words are not compared
// (bounded cost). The candidate is quoted with units::quote(candidate, max_chars).
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates,
                         std::size_t max_chars = 40);
// The one wording of an unknown key in every file hospsim reads (scenarios, sweeps, expectation files):
// `unknown key "KEY"; did you mean "NEAR"?` when a key of `allowed` is near (did_you_mean()), else
// `unknown key "KEY"; expected one of: A, B, C`.
std::string unknown_key_message(std::string_view key, const std::vector<std::string>& allowed);
// The same wording for a name of any kind: `unknown WHAT "NAME"; did you mean "NEAR"?`, else
// `unknown WHAT "NAME"; expected one of: A, B` (every message about an unknown key, service, class, strategy
// or choice in scenario, sweep and expectation files). REQUIRES: `allowed` is not empty.
std::string unknown_name_message(std::string_view what, std::string_view name,
                                 const std::vector<std::string>& allowed);
// `items` joined by `separator`.
std::string join(const std::vector<std::string>& items, const char* separator = ", ");
// At most `limit` items, then ", ... (N in all)".
std::string join_limited(const std::vector<std::string>& items, std::size_t limit = 12);
// A short description of a JSON value for messages: `"abc"`, `-3`, `true`, `null`, `an array`, `an object`.
std::string describe(const json& value);
// A number in messages: 15 significant digits, shortest form ("0.5", "1e+20").
std::string format_number(double value);
// The keys of `object` in the document's order; none when it is not an object.
std::vector<std::string> keys_of(const json& object);
// The JSON pointer of member `key` of the object at `pointer`.
std::string child(const std::string& pointer, std::string_view key);
// An entity id: 1 to 64 characters, lowercase letters, digits, '_' or '-', starting with a letter or digit.
bool is_valid_id(const std::string& id);

// What the parameters of a distribution are written as.
enum class DistributionUnit { kDuration, kDatetime };

class JsonReader {
 public:
  // `patch` (may be null) is the strategy merge patch applied to the document, found at `patch_prefix` in
  // it. The reader keeps references to `document` and `patch`: both must outlive it.
  JsonReader(const JsonDocument& document, std::string file, const json* patch, std::string patch_prefix);

  // ---- problems ------------------------------------------------------------------------------------------

  std::vector<Problem>& problems() { return problems_; }
  std::vector<Problem>& warnings() { return warnings_; }
  std::size_t problem_count() const { return problems_.size(); }

  // Records a problem positioned at the value (problem) or the key (key_problem) of `pointer`.
  void problem(const std::string& pointer, std::string message);
  void key_problem(const std::string& pointer, std::string message);
  // A warning: the input is valid but cannot have an effect (or is deprecated). Same position rules; the
  // message gets the prefix "warning: ".
  void warning(const std::string& pointer, const std::string& message);
  void key_warning(const std::string& pointer, const std::string& message);

  // ---- structure -----------------------------------------------------------------------------------------

  // Checks `value` is an object with only the catalog's keys for `path` (scenario_keys.h) and all its
  // required keys; a deprecated key is warned about (or refused next to its replacement). Returns false only
  // when `value` is not an object (its members are then not to be read).
  bool check_object(const json& value, const std::string& pointer, std::string_view path);
  // Checks a collection keyed by id of at most `max_count` entries; returns its valid ids in document order
  // (invalid ids are reported and skipped). `what` names the entries in messages ("hospitals").
  std::vector<std::string> check_collection(const json& value, const std::string& pointer, const char* what,
                                            int max_count);
  // Member `key` of `object`, or null when absent (or `object` is not an object).
  const json* member(const json& object, const char* key) const;

  // ---- scalar fields -------------------------------------------------------------------------------------

  bool read_string(const json& object, const std::string& pointer, const char* key, std::string& out,
                   bool non_empty = false);
  bool read_bool(const json& object, const std::string& pointer, const char* key, bool& out);
  // The index of `value` in `names`; otherwise records a problem at `at` (`unknown <what> "x"` with a "did
  // you mean" or the list of `names`) and returns nothing.
  std::optional<std::size_t> choice_index(const std::string& at, const std::string& value,
                                          const std::vector<std::string>& names, const char* what);
  // A string naming one of `choices` (name, value): writes its value. `what` names the choices in messages
  // ("dispatch rule").
  template <typename T>
  bool read_choice(const json& object, const std::string& pointer, const char* key,
                   const std::vector<std::pair<std::string, T>>& choices, const char* what, T& out);
  // A number accepted by `ok`; `expected` completes "must be ..." (e.g. "a share in [0, 1]").
  bool number_value(const json& value, const std::string& at, double& out,
                    const std::function<bool(double)>& ok, const std::string& expected);
  bool read_number(const json& object, const std::string& pointer, const char* key, double& out,
                   const std::function<bool(double)>& ok, const std::string& expected);
  // A number in [0, 1].
  bool read_share(const json& object, const std::string& pointer, const char* key, double& out);
  // A number > 0.
  bool read_positive(const json& object, const std::string& pointer, const char* key, double& out);
  // A number of minutes in [0, max_minutes] (an integer max), stored in seconds.
  bool read_minutes(const json& object, const std::string& pointer, const char* key, Seconds& out,
                    int max_minutes);
  // An integer in [min, max]; `min` is 0 or 1 (the message says "non-negative" or "positive").
  bool int_value(const json& value, const std::string& at, int& out, int min, int max);
  bool read_int(const json& object, const std::string& pointer, const char* key, int& out, int min, int max);

  // A string parsed by a unit parser (units.h). `what` ("a duration") and `example` ("\"90s\"") describe the
  // expected form when something else is given.
  template <typename T>
  bool unit_value(const json& value, const std::string& at, T& out,
                  const std::function<Result<T>(std::string_view)>& parse, const char* what,
                  const char* example);
  // A duration string ("90s", "1h30min") in seconds.
  bool duration_value(const json& value, const std::string& at, Seconds& out);
  // A duration; `positive` refuses 0, `minimum` > 0 (written `minimum_text`) refuses shorter ones.
  bool read_duration(const json& object, const std::string& pointer, const char* key, Seconds& out,
                     bool positive = false, Seconds minimum = 0, const char* minimum_text = "");
  // A quantity with its unit, parsed by `parse` (sizes, bandwidths, work); > 0, or >= 0 with `allow_zero`;
  // at most `maximum` (written `maximum_text`): what the engine represents exactly.
  bool read_positive_quantity(const json& object, const std::string& pointer, const char* key, double& out,
                              const std::function<Result<double>(std::string_view)>& parse, const char* what,
                              const char* example, bool allow_zero = false,
                              double maximum = std::numeric_limits<double>::max(),
                              const char* maximum_text = "");
  // [latitude, longitude] in degrees.
  bool read_location(const json& object, const std::string& pointer, const char* key, Location& out);
  // {"median": X, "p90": Y} in `unit` (plain numbers > 0, p90 >= median); `path` is the object's catalog
  // path.
  bool read_median_p90(const json& object, const std::string& pointer, const char* key, const char* path,
                       const char* unit, MedianP90& out);
  // An array of exactly N numbers, each accepted by `ok`; `what` says what they are ("shares of
  // acuity 1..5").
  template <std::size_t N>
  bool read_number_array(const json& object, const std::string& pointer, const char* key,
                         std::array<double, N>& out, const std::function<bool(double)>& ok,
                         const std::string& expected_each, const char* what);
  // An array of exactly N integers in [0, max].
  template <std::size_t N>
  bool read_int_array(const json& object, const std::string& pointer, const char* key,
                      std::array<int, N>& out, int max, const char* what);
  // ["HH:MM", "HH:MM"] with end > start, as seconds since midnight.
  bool read_hours(const json& object, const std::string& pointer, const char* key, Seconds& begin,
                  Seconds& end);

  // ---- times and distributions ---------------------------------------------------------------------------

  // Datetimes are read as seconds since this origin (the scenario's start).
  void set_time_origin(const CivilTime& origin) { time_origin_ = origin; }
  const CivilTime& time_origin() const { return time_origin_; }
  // A datetime string -> seconds since time_origin().
  bool datetime_value(const json& value, const std::string& at, Seconds& out);
  // A fixed value or {"distribution": ...} whose parameters are durations or datetimes; `path` is the
  // object's catalog path. Nothing when invalid (a problem is recorded).
  std::optional<Distribution> read_distribution(const json& value, const std::string& at, const char* path,
                                                DistributionUnit unit);
  // read_distribution() of member `key` of `object`, in durations; nothing when absent or invalid.
  std::optional<Distribution> read_duration_distribution(const json& object, const std::string& pointer,
                                                         const char* key, const char* path);

 private:
  // An array of exactly N `elements` ("numbers"; `what` says what they are), each read by
  // `read_element(value, at, out)`: the shape check and message of read_number_array and read_int_array.
  template <typename T, std::size_t N, typename ReadElement>
  bool read_fixed_array(const json& object, const std::string& pointer, const char* key,
                        std::array<T, N>& out, const char* elements, const char* what,
                        ReadElement read_element);

  TextPosition position(const std::string& pointer, bool key) const;

  const JsonDocument& document_;
  std::string file_;
  const json* patch_;
  std::string patch_prefix_;
  std::vector<Problem> problems_;
  std::vector<Problem> warnings_;
  CivilTime time_origin_;
};

// ---- templates -------------------------------------------------------------------------------------------

template <typename T>
bool JsonReader::unit_value(const json& value, const std::string& at, T& out,
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

template <typename T>
bool JsonReader::read_choice(const json& object, const std::string& pointer, const char* key,
                             const std::vector<std::pair<std::string, T>>& choices, const char* what,
                             T& out) {
  std::string name;
  if (!read_string(object, pointer, key, name)) return false;
  std::vector<std::string> names;
  for (const auto& choice : choices) names.push_back(choice.first);
  const std::optional<std::size_t> index = choice_index(child(pointer, key), name, names, what);
  if (!index) return false;
  out = choices[*index].second;
  return true;
}

template <typename T, std::size_t N, typename ReadElement>
bool JsonReader::read_fixed_array(const json& object, const std::string& pointer, const char* key,
                                  std::array<T, N>& out, const char* elements, const char* what,
                                  ReadElement read_element) {
  const json* value = member(object, key);
  if (value == nullptr) return false;
  const std::string at = child(pointer, key);
  if (!value->is_array() || value->size() != N) {
    problem(at, "must be an array of " + std::to_string(N) + " " + elements + " (" + what + "), got " +
                    (value->is_array() ? "an array of " + std::to_string(value->size()) : describe(*value)));
    return false;
  }
  std::array<T, N> result{};
  bool all_ok = true;
  for (std::size_t i = 0; i < N; ++i)
    all_ok &= read_element((*value)[i], at + "/" + std::to_string(i), result[i]);
  if (all_ok) out = result;
  return all_ok;
}

template <std::size_t N>
bool JsonReader::read_number_array(const json& object, const std::string& pointer, const char* key,
                                   std::array<double, N>& out, const std::function<bool(double)>& ok,
                                   const std::string& expected_each, const char* what) {
  return read_fixed_array(object, pointer, key, out, "numbers", what,
                          [&](const json& value, const std::string& at, double& element) {
                            return number_value(value, at, element, ok, expected_each);
                          });
}

template <std::size_t N>
bool JsonReader::read_int_array(const json& object, const std::string& pointer, const char* key,
                                std::array<int, N>& out, int max, const char* what) {
  return read_fixed_array(object, pointer, key, out, "non-negative integers", what,
                          [&](const json& value, const std::string& at, int& element) {
                            return int_value(value, at, element, 0, max);
                          });
}

}  // namespace hospsim::loader
