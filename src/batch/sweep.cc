#include "batch/sweep.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "hospsim/loader.h"
#include "hospsim/random.h"
#include "scenario/effect_presets.h"
#include "scenario/files.h"
#include "scenario/json_document.h"
#include "scenario/json_reader.h"
#include "scenario/units.h"

namespace hospsim::batch {

namespace {

using Json = nlohmann::ordered_json;

const std::vector<std::string> kTopKeys = {"format",     "name", "description",  "scenario", "configurations",
                                           "strategies", "grid", "replications", "seeds",    "baseline"};
// Grid keys are JSON pointers into the scenario, often longer than a key: messages quote up to this many.
constexpr std::size_t kPointerChars = 200;
const std::vector<std::string> kConfigurationKeys = {"description", "patch", "skip_grid"};
const std::vector<std::string> kSeedKeys = {"policy", "base"};

bool valid_name(const std::string& name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

// A value for a message: its JSON text, cut to 60 characters.
std::string shown(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

std::string value_text(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

class Checker {
 public:
  Checker(std::string file, const JsonDocument* document) : file_(std::move(file)), document_(document) {}

  // A problem at the value `pointer` (its line:column in the sweep file).
  void add(const std::string& pointer, std::string message) {
    const TextPosition at = document_ != nullptr ? document_->position_of(pointer) : TextPosition{};
    problems_.push_back(Problem{file_, at.line, at.column, pointer, std::move(message)});
  }
  // A problem at the key of member `pointer`.
  void add_at_key(const std::string& pointer, std::string message) {
    const TextPosition at = document_ != nullptr ? document_->key_position_of(pointer) : TextPosition{};
    problems_.push_back(Problem{file_, at.line, at.column, pointer, std::move(message)});
  }
  void add_all(const std::vector<Problem>& problems) {
    problems_.insert(problems_.end(), problems.begin(), problems.end());
  }
  bool ok() const { return problems_.empty(); }
  Status status() { return Status::from_problems(std::move(problems_)); }

  void check_keys(const Json& object, const std::string& pointer, const std::vector<std::string>& allowed) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        add_at_key(pointer + "/" + escape_pointer_token(key), loader::unknown_key_message(key, allowed));
      }
    }
  }

  // A required or optional string member; returns false (and records a problem) when present but not a
  // string, or absent and required.
  bool string_member(const Json& object, const std::string& pointer, const std::string& key, bool required,
                     std::string* out) {
    if (!object.contains(key)) {
      if (required) add(pointer, "missing required key '" + key + "'");
      return false;
    }
    const Json& value = object.at(key);
    if (!value.is_string()) {
      add(pointer + "/" + key, "must be a string, got " + shown(value));
      return false;
    }
    *out = value.get<std::string>();
    return true;
  }

 private:
  std::string file_;
  const JsonDocument* document_;
  std::vector<Problem> problems_;
};

// Reads and parses a JSON file with the positioned reader; duplicate keys are problems.
Result<JsonDocument> read_document(const std::string& path, std::string_view kind) {
  Result<std::string> text = read_input_file(path, kMaxSweepBytes, "a JSON file");
  if (!text.is_ok()) return text.status();
  Result<JsonDocument> parsed = parse_json_document(text.value(), path, kind);
  if (!parsed.is_ok()) return parsed.status();
  if (!parsed->duplicate_keys.empty()) return Status::from_problems(parsed->duplicate_keys);
  return parsed;
}

// The basis of the fingerprints' FNV-1a hash (include/hospsim/random.h). It is not FNV's standard offset
// basis (14695981039346656037; a digit is missing); it is kept, not fixed, because every batch database
// records the fingerprint it gives and --resume compares it.
constexpr std::uint64_t kFingerprintBasis = 1469598103934665603ull;

// Whether a scenario names an effect preset: an object member "preset" anywhere in it (effects entries of
// the scenario, of its hospitals or of a strategy's patch).
bool names_a_preset(const Json& value) {
  if (value.is_object()) {
    if (value.contains("preset")) return true;
    for (const auto& member : value.items()) {
      if (names_a_preset(member.value())) return true;
    }
  } else if (value.is_array()) {
    for (const Json& element : value) {
      if (names_a_preset(element)) return true;
    }
  }
  return false;
}

}  // namespace

// The hash of {"configurations": [{"name": N, "scenario": S}, ...], "strategies": [...], "replications": R,
// "seed_policy": P, "base_seed": B} dumped compactly, computed one configuration at a time so no text of the
// whole sweep is ever built (the same value as hashing that text: resumed databases keep their fingerprint).
// When a configuration names an effect preset, "presets" (the hash of the embedded preset library) follows,
// so a database resumed by a hospsim whose library differs is refused; sweeps without presets keep theirs.
std::string Sweep::fingerprint() const { return fingerprint(effect_presets_text()); }

std::string Sweep::fingerprint(std::string_view preset_library) const {
  Fnv1a hash(kFingerprintBasis);
  bool uses_presets = false;
  hash.add(R"({"configurations":[)");
  for (std::size_t i = 0; i < configurations.size(); ++i) {
    if (i > 0) hash.add(",");
    hash.add(R"({"name":)");
    hash.add(Json(configurations[i].name).dump());
    hash.add(R"(,"scenario":)");
    Result<Json> scenario = scenario_of(i);
    hash.add(scenario.is_ok() ? scenario->dump() : "null");
    hash.add("}");
    if (scenario.is_ok() && names_a_preset(scenario.value())) uses_presets = true;
  }
  Json rest = Json::object();
  rest["strategies"] = strategies;
  rest["replications"] = replications;
  rest["seed_policy"] = seed_policy == SeedPolicy::kCommon ? "common" : "independent";
  rest["base_seed"] = base_seed;
  if (baseline) rest["baseline"] = true;  // only when set: sweeps without it keep their fingerprints
  if (uses_presets) {
    Fnv1a library(kFingerprintBasis);
    library.add(preset_library);
    rest["presets"] = fmt::format("{:016x}", library.value());
  }
  const std::string tail = rest.dump();  // {"strategies":...}
  hash.add("],");
  hash.add(std::string_view(tail).substr(1));
  return fmt::format("{:016x}", hash.value());
}

Result<Json> Sweep::scenario_of(std::size_t index) const {
  const Configuration& configuration = configurations.at(index);
  const NamedConfiguration& base = named.at(configuration.named);
  Json scenario = base_scenario;
  if (!base.patch.is_null()) scenario.merge_patch(base.patch);
  for (const GridAxis& axis : axes) {
    if (!configuration.parameters.contains(axis.key)) continue;  // skipped by this configuration
    if (!scenario.contains(axis.pointer.parent_pointer())) {
      const bool implicit = implicit_configuration;
      std::string message = "the scenario" +
                            (implicit ? std::string() : " of configuration '" + base.name + "'") +
                            " has nothing at " + axis.pointer.parent_pointer().to_string();
      if (!implicit) {
        message += " (a configuration the key does not apply to lists it in its \"skip_grid\")";
      }
      return Status::from_problems({Problem{file, 0, 0, "/grid/" + escape_pointer_token(axis.key), message}});
    }
    scenario[axis.pointer] = configuration.parameters.at(axis.key);
  }
  return scenario;
}

namespace {

// "scenario": the base scenario's JSON into `scenario` (left null when it is not a readable JSON object: a
// problem). Fails only when the file does not exist (kNotFound, at the key's position): nothing more can be
// checked then.
Status read_base_scenario(const Json& root, const JsonDocument& document, const std::string& file_name,
                          Checker& check, Sweep& sweep, Json& scenario) {
  if (check.string_member(root, "", "scenario", true, &sweep.scenario_file)) {
    std::filesystem::path path(sweep.scenario_file);
    if (path.is_relative()) path = std::filesystem::path(file_name).parent_path() / path;
    sweep.scenario_path = path.lexically_normal().string();
    Result<JsonDocument> scenario_document = read_document(sweep.scenario_path, "a scenario");
    if (!scenario_document.is_ok()) {
      const Status& status = scenario_document.status();
      if (status.code() == StatusCode::kNotFound) {
        const TextPosition at = document.position_of("/scenario");
        return Status::not_found(
            Problem{file_name, at.line, at.column, "/scenario", status.message()}.format());
      }
      check.add("/scenario", "the scenario file is not valid JSON:");
      check.add_all(status.problems());
    } else if (!scenario_document->root.is_object()) {
      check.add("/scenario", "'" + sweep.scenario_path + "' is not a JSON object");
    } else {
      scenario = in_file_order(scenario_document.value());
    }
  }

  return Status::ok();
}

// "configurations": the named configurations, in file order; without the key, one implicit configuration
// "base" (the scenario as written) and `implicit_configuration` is set.
std::vector<NamedConfiguration> read_configurations(const Json& root, Checker& check,
                                                    bool& implicit_configuration) {
  std::vector<NamedConfiguration> named;
  implicit_configuration = false;
  if (root.contains("configurations")) {
    const Json& configurations = root.at("configurations");
    if (!configurations.is_object() || configurations.empty()) {
      check.add("/configurations", "must be a non-empty object of named configurations");
    } else {
      for (const auto& [name, body] : configurations.items()) {
        const std::string pointer = "/configurations/" + escape_pointer_token(name);
        if (!valid_name(name)) {
          check.add(pointer, "configuration names use letters, digits, '_', '-' and '.'");
        }
        if (!body.is_object()) {
          check.add(pointer, "must be an object with \"description\" and an optional \"patch\"");
          continue;
        }
        check.check_keys(body, pointer, kConfigurationKeys);
        NamedConfiguration configuration{name, "", nullptr, {}};
        check.string_member(body, pointer, "description", true, &configuration.description);
        if (body.contains("patch")) {
          if (!body.at("patch").is_object()) {
            check.add(pointer + "/patch", "must be a JSON merge patch object (RFC 7386)");
          } else {
            configuration.patch = body.at("patch");
          }
        }
        named.push_back(std::move(configuration));
      }
    }
  } else {
    implicit_configuration = true;
    named.push_back({"base", "the scenario as written", nullptr, {}});
  }

  return named;
}

// "strategies" into sweep.strategies (default: none alone); each must be a strategy of `scenario`.
void read_strategies(const Json& root, const Json& scenario, Checker& check, Sweep& sweep) {
  if (root.contains("strategies")) {
    const Json& strategies = root.at("strategies");
    if (!strategies.is_array() || strategies.empty()) {
      check.add("/strategies", "must be a non-empty array of strategy names");
    } else {
      std::set<std::string> seen;
      for (std::size_t i = 0; i < strategies.size(); ++i) {
        const std::string pointer = "/strategies/" + std::to_string(i);
        if (!strategies[i].is_string()) {
          check.add(pointer, "must be a strategy name (string), got " + shown(strategies[i]));
          continue;
        }
        const std::string name = strategies[i].get<std::string>();
        if (!seen.insert(name).second) {
          check.add(pointer, "strategy '" + name + "' is listed twice");
          continue;
        }
        if (name != kNoStrategy && scenario.is_object()) {
          const bool known = scenario.contains("strategies") && scenario["strategies"].is_object() &&
                             scenario["strategies"].contains(name);
          if (!known) {
            std::vector<std::string> names = {kNoStrategy};
            if (scenario.contains("strategies") && scenario["strategies"].is_object()) {
              for (const auto& [key, unused] : scenario["strategies"].items()) names.push_back(key);
            }
            check.add(pointer, loader::unknown_name_message("strategy", name, names));
            continue;
          }
        }
        sweep.strategies.push_back(name);
      }
    }
  } else {
    sweep.strategies.push_back(kNoStrategy);
  }
}

// "grid": one axis per JSON pointer, with its values and its label in configuration names.
std::vector<GridAxis> read_grid(const Json& root, Checker& check) {
  std::vector<GridAxis> axes;
  if (root.contains("grid")) {
    const Json& grid = root.at("grid");
    if (!grid.is_object()) {
      check.add("/grid", "must be an object mapping JSON pointers into the scenario to arrays of values");
    } else {
      for (const auto& [key, values] : grid.items()) {
        const std::string pointer = "/grid/" + escape_pointer_token(key);
        GridAxis axis;
        axis.key = key;
        if (key.empty() || key[0] != '/') {
          check.add(pointer,
                    "must be a JSON pointer into the scenario starting with '/', got \"" + key + "\"");
          continue;
        }
        try {
          axis.pointer = Json::json_pointer(key);
        } catch (const Json::exception& error) {
          check.add(pointer, "is not a valid JSON pointer (RFC 6901): \"" + key + "\"");
          continue;
        }
        if (!values.is_array() || values.empty()) {
          check.add(pointer, "must be a non-empty array of values");
          continue;
        }
        std::set<std::string> seen;
        bool unique = true;
        for (const Json& value : values) {
          if (!seen.insert(value.dump()).second) {
            check.add(pointer, "value " + shown(value) + " is listed twice");
            unique = false;
          }
          axis.values.push_back(value);
        }
        if (!unique) continue;
        axis.label = axis.pointer.back();
        axes.push_back(std::move(axis));
      }
      // Labels are the last token of each pointer unless two axes share it; then the whole pointer.
      for (GridAxis& axis : axes) {
        const std::string last = axis.pointer.back();
        const auto same = std::count_if(axes.begin(), axes.end(),
                                        [&](const GridAxis& other) { return other.pointer.back() == last; });
        if (same > 1) axis.label = axis.key.substr(1);
      }
    }
  }

  return axes;
}

// "replications" and "seeds" into the sweep.
void read_replications_and_seeds(const Json& root, Checker& check, Sweep& sweep) {
  if (root.contains("replications")) {
    const Json& replications = root.at("replications");
    if (!replications.is_number_integer() || replications.get<long long>() < 1 ||
        replications.get<long long>() > kMaxReplications) {
      check.add("/replications", "must be an integer from 1 to " + std::to_string(kMaxReplications) +
                                     ", got " + shown(replications));
    } else {
      sweep.replications = replications.get<int>();
    }
  }
  if (root.contains("seeds")) {
    const Json& seeds = root.at("seeds");
    if (!seeds.is_object()) {
      check.add("/seeds", "must be an object {\"policy\": \"common\" | \"independent\", \"base\": N}");
    } else {
      check.check_keys(seeds, "/seeds", kSeedKeys);
      std::string policy;
      if (check.string_member(seeds, "/seeds", "policy", false, &policy)) {
        if (policy == "common") {
          sweep.seed_policy = SeedPolicy::kCommon;
        } else if (policy == "independent") {
          sweep.seed_policy = SeedPolicy::kIndependent;
        } else {
          check.add("/seeds/policy", "must be \"common\" or \"independent\", got \"" + policy + "\"");
        }
      }
      if (seeds.contains("base")) {
        const Json& base = seeds.at("base");
        if ((!base.is_number_unsigned() || base.get<std::uint64_t>() > kMaxSeed) &&
            !(base.is_number_integer() && base.get<long long>() >= 0)) {
          check.add("/seeds/base",
                    "must be an integer from 0 to " + std::to_string(kMaxSeed) + ", got " + shown(base));
        } else {
          sweep.base_seed = base.get<std::uint64_t>();
        }
      }
    }
  }
}

// "skip_grid" of each named configuration (true: every grid key; or an array of keys of "grid") into its
// skipped_axes. `named` holds the configurations read_configurations() kept, in file order.
void read_skip_grid(const Json& root, Checker& check, std::vector<NamedConfiguration>& named) {
  if (!root.contains("configurations") || !root.at("configurations").is_object()) return;
  std::size_t n = 0;
  for (const auto& [name, body] : root.at("configurations").items()) {
    if (!body.is_object()) continue;  // reported, and not in `named`
    NamedConfiguration& configuration = named[n++];
    if (!body.contains("skip_grid")) continue;
    const std::string pointer = "/configurations/" + escape_pointer_token(name) + "/skip_grid";
    const Json& skip = body.at("skip_grid");
    if (!root.contains("grid") || !root.at("grid").is_object()) {
      check.add(pointer, "the sweep has no \"grid\" to skip");
      continue;
    }
    std::vector<std::string> keys;
    for (const auto& [key, unused] : root.at("grid").items()) keys.push_back(key);
    if (skip.is_boolean()) {
      if (skip.get<bool>()) configuration.skipped_axes = keys;
      continue;
    }
    if (!skip.is_array() || skip.empty()) {
      check.add(pointer,
                "must be true (every grid key) or a non-empty array of keys of \"grid\", got " + shown(skip));
      continue;
    }
    for (std::size_t i = 0; i < skip.size(); ++i) {
      const std::string at = pointer + "/" + std::to_string(i);
      if (!skip[i].is_string()) {
        check.add(at, "must be a key of \"grid\" (string), got " + shown(skip[i]));
        continue;
      }
      const std::string key = skip[i].get<std::string>();
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        check.add(at, units::quote(key, kPointerChars) + " is not a key of \"grid\"" +
                          loader::did_you_mean(key, keys, kPointerChars));
        continue;
      }
      std::vector<std::string>& skipped = configuration.skipped_axes;
      if (std::find(skipped.begin(), skipped.end(), key) != skipped.end()) {
        check.add(at, "\"" + key + "\" is listed twice");
        continue;
      }
      skipped.push_back(key);
    }
  }
}

// "baseline" into sweep.baseline (default false).
void read_baseline(const Json& root, Checker& check, Sweep& sweep) {
  if (!root.contains("baseline")) return;
  if (!root.at("baseline").is_boolean()) {
    check.add("/baseline", "must be true or false, got " + shown(root.at("baseline")));
    return;
  }
  sweep.baseline = root.at("baseline").get<bool>();
}

// Whether `configuration` is crossed with grid key `axis` (it does not skip it).
bool applies(const NamedConfiguration& configuration, const GridAxis& axis) {
  return std::find(configuration.skipped_axes.begin(), configuration.skipped_axes.end(), axis.key) ==
         configuration.skipped_axes.end();
}

// The number of grid combinations of each named configuration (of the keys it does not skip) into
// `combinations`; false (with a problem) when the sweep has too many configurations or runs, or its seeds
// would pass kMaxSeed.
bool count_plan(const Sweep& sweep, const std::vector<NamedConfiguration>& named,
                const std::vector<GridAxis>& axes, Checker& check, std::vector<std::size_t>& combinations) {
  // Count before building anything: per named configuration its grid combinations; x strategies x
  // replications.
  combinations.assign(named.size(), 1);
  std::size_t configurations = 0;
  for (std::size_t n = 0; n < named.size() && configurations <= kMaxConfigurations; ++n) {
    for (const GridAxis& axis : axes) {
      if (!applies(named[n], axis)) continue;
      combinations[n] *= axis.values.size();
      if (combinations[n] > kMaxConfigurations) break;
    }
    configurations += combinations[n];
  }
  if (configurations > kMaxConfigurations) {
    check.add("", "the sweep has more than " + std::to_string(kMaxConfigurations) +
                      " configurations (named configurations x grid combinations)");
    return false;
  }
  const std::size_t total =
      configurations * sweep.strategies.size() * static_cast<std::size_t>(sweep.replications);
  if (total > kMaxRuns) {
    check.add("", "the sweep has " + std::to_string(total) + " runs; at most " + std::to_string(kMaxRuns) +
                      " are allowed");
    return false;
  }
  // The largest seed of the plan (common: base + replications - 1; independent: base + runs - 1) must not
  // pass kMaxSeed: seeds never wrap.
  const std::uint64_t largest_offset = sweep.seed_policy == SeedPolicy::kCommon
                                           ? static_cast<std::uint64_t>(sweep.replications - 1)
                                           : static_cast<std::uint64_t>(total - 1);
  if (sweep.base_seed > kMaxSeed - largest_offset) {
    check.add("/seeds/base", "with " + std::to_string(largest_offset + 1) + " seeds from base " +
                                 std::to_string(sweep.base_seed) + " the last would pass " +
                                 std::to_string(kMaxSeed) + "; choose a smaller base");
    return false;
  }
  return true;
}

// The configurations of the sweep: every named configuration times every combination of the values of the
// grid keys it does not skip, last axis fastest, each with its name and parameters (scenarios are built on
// demand: Sweep::scenario_of()).
void expand_configurations(const std::vector<NamedConfiguration>& named, const std::vector<GridAxis>& axes,
                           const std::vector<std::size_t>& combinations, bool implicit_configuration,
                           Sweep& sweep) {
  for (std::size_t n = 0; n < named.size(); ++n) {
    for (std::size_t combination = 0; combination < combinations[n]; ++combination) {
      Configuration expanded;
      expanded.named = n;
      expanded.description = named[n].description;
      std::string name = implicit_configuration ? "" : named[n].name;
      std::vector<std::size_t> index(axes.size());
      std::size_t rest = combination;
      for (std::size_t a = axes.size(); a-- > 0;) {
        if (!applies(named[n], axes[a])) continue;
        index[a] = rest % axes[a].values.size();
        rest /= axes[a].values.size();
      }
      for (std::size_t a = 0; a < axes.size(); ++a) {
        if (!applies(named[n], axes[a])) continue;
        const Json& value = axes[a].values[index[a]];
        expanded.parameters[axes[a].key] = value;
        if (!name.empty()) name += ",";
        name += axes[a].label + "=" + value_text(value);
      }
      expanded.name = name.empty() ? named[n].name : name;
      sweep.configurations.push_back(std::move(expanded));
    }
  }
}

}  // namespace

Result<Sweep> parse_sweep(std::string_view text, const std::string& file_name) {
  if (Status size = check_input_size(file_name, text.size(), kMaxSweepBytes); !size.is_ok()) return size;
  Result<JsonDocument> parsed = parse_json_document(text, file_name, "a sweep file");
  if (!parsed.is_ok()) return parsed.status();
  Checker check(file_name, &parsed.value());
  if (!parsed->duplicate_keys.empty()) {
    check.add_all(parsed->duplicate_keys);
    return check.status();
  }
  const Json root = in_file_order(parsed.value());
  if (!root.is_object()) {
    check.add("", "a sweep must be a JSON object");
    return check.status();
  }
  check.check_keys(root, "", kTopKeys);

  Sweep sweep;
  sweep.file = file_name;
  std::string format;
  if (check.string_member(root, "", "format", true, &format) && format != kSweepFormat) {
    check.add("/format", "must be \"" + std::string(kSweepFormat) + "\", got \"" + format + "\"");
  }
  if (check.string_member(root, "", "name", true, &sweep.name) && !valid_name(sweep.name)) {
    check.add("/name",
              "must be a non-empty name of letters, digits, '_', '-' and '.', got \"" + sweep.name + "\"");
  }
  check.string_member(root, "", "description", true, &sweep.description);

  Json scenario;
  if (Status found = read_base_scenario(root, parsed.value(), file_name, check, sweep, scenario);
      !found.is_ok()) {
    return found;
  }
  bool implicit_configuration = false;
  std::vector<NamedConfiguration> named = read_configurations(root, check, implicit_configuration);
  read_strategies(root, scenario, check, sweep);
  std::vector<GridAxis> axes = read_grid(root, check);
  read_skip_grid(root, check, named);
  read_baseline(root, check, sweep);
  read_replications_and_seeds(root, check, sweep);
  if (!check.ok()) return check.status();

  std::vector<std::size_t> combinations;
  if (!count_plan(sweep, named, axes, check, combinations)) return check.status();
  expand_configurations(named, axes, combinations, implicit_configuration, sweep);
  sweep.implicit_configuration = implicit_configuration;
  sweep.base_scenario = std::move(scenario);
  sweep.named = std::move(named);
  sweep.axes = std::move(axes);
  // A grid pointer into nothing shows in the first combination of each named configuration (whether the
  // parent exists does not depend on the values but on the patch).
  for (std::size_t n = 0, first_index = 0; n < sweep.named.size(); first_index += combinations[n++]) {
    Result<Json> first = sweep.scenario_of(first_index);
    if (!first.is_ok()) {
      for (const Problem& problem : first.status().problems()) check.add(problem.pointer, problem.message);
    }
  }
  if (!check.ok()) return check.status();
  return sweep;
}

Result<Sweep> load_sweep_file(const std::string& path) {
  Result<std::string> text = read_input_file(path, kMaxSweepBytes, "a sweep file");
  if (!text.is_ok()) return text.status();
  return parse_sweep(text.value(), path);
}

std::vector<PlannedRun> plan_runs(const Sweep& sweep) {
  std::vector<PlannedRun> runs;
  const int configurations = static_cast<int>(sweep.configurations.size());
  const int strategies = static_cast<int>(sweep.strategies.size());
  runs.reserve(static_cast<std::size_t>(configurations) * strategies * sweep.replications);
  for (int c = 0; c < configurations; ++c) {
    for (int s = 0; s < strategies; ++s) {
      for (int r = 0; r < sweep.replications; ++r) {
        PlannedRun run;
        run.id = (c * strategies + s) * sweep.replications + r + 1;
        run.configuration = c;
        run.strategy = s;
        run.replication = r;
        run.seed = sweep.seed_policy == SeedPolicy::kCommon
                       ? sweep.base_seed + static_cast<std::uint64_t>(r)
                       : sweep.base_seed + static_cast<std::uint64_t>(run.id - 1);
        runs.push_back(run);
      }
    }
  }
  return runs;
}

namespace {

// `SWEEP: configuration 'C'[, strategy 'S']: <problem>` for every problem of `status`.
void add_variant_problems(const Sweep& sweep, const Status& status, const std::string& what,
                          std::vector<Problem>& problems) {
  if (status.problems().empty()) {
    problems.push_back(Problem{sweep.file, 0, 0, "", what + ": " + status.message()});
    return;
  }
  for (Problem problem : status.problems()) {
    // The variant text is generated, so its line:column would point nowhere useful.
    problem.line = 0;
    problem.column = 0;
    problems.push_back(Problem{sweep.file, 0, 0, "", what + ": " + problem.format()});
  }
}

std::string variant_label(const Sweep& sweep, std::size_t configuration, std::size_t strategy) {
  std::string what = "configuration '" + sweep.configurations[configuration].name + "'";
  if (sweep.strategies[strategy] != kNoStrategy) what += ", strategy '" + sweep.strategies[strategy] + "'";
  return what;
}

}  // namespace

Result<Scenario> load_variant(const Sweep& sweep, std::size_t configuration, std::size_t strategy) {
  std::vector<Problem> problems;
  Result<Json> scenario = sweep.scenario_of(configuration);
  if (!scenario.is_ok()) {
    add_variant_problems(sweep, scenario.status(), variant_label(sweep, configuration, strategy), problems);
    return Status::from_problems(std::move(problems));
  }
  LoadOptions options;
  if (sweep.strategies[strategy] != kNoStrategy) options.strategy = sweep.strategies[strategy];
  Result<Scenario> loaded = load_scenario_text(scenario->dump(2), sweep.scenario_file, options);
  if (!loaded.is_ok()) {
    add_variant_problems(sweep, loaded.status(), variant_label(sweep, configuration, strategy), problems);
    return Status::from_problems(std::move(problems));
  }
  return loaded;
}

Status validate_variants(const Sweep& sweep) {
  std::vector<Problem> problems;
  for (std::size_t c = 0; c < sweep.configurations.size() && problems.size() < kMaxProblems; ++c) {
    Result<Json> scenario = sweep.scenario_of(c);
    if (!scenario.is_ok()) {
      add_variant_problems(sweep, scenario.status(), variant_label(sweep, c, 0), problems);
      continue;
    }
    const std::string text = scenario->dump(2);
    // An invalid configuration is reported once, without its strategies.
    Result<Scenario> plain = load_scenario_text(text, sweep.scenario_file);
    if (!plain.is_ok()) {
      add_variant_problems(sweep, plain.status(), "configuration '" + sweep.configurations[c].name + "'",
                           problems);
      continue;
    }
    for (std::size_t s = 0; s < sweep.strategies.size(); ++s) {
      if (sweep.strategies[s] == kNoStrategy) continue;
      Result<Scenario> loaded =
          load_scenario_text(text, sweep.scenario_file, LoadOptions{sweep.strategies[s]});
      if (!loaded.is_ok()) add_variant_problems(sweep, loaded.status(), variant_label(sweep, c, s), problems);
    }
  }
  if (!problems.empty()) return Status::from_problems(std::move(problems));
  return Status::ok();
}

}  // namespace hospsim::batch
