#include "sweep.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "hospsim/loader.h"
#include "json_document.h"
#include "suggest.h"

namespace hospsim::batch {

namespace {

using Json = nlohmann::ordered_json;

const std::vector<std::string> kTopKeys = {"format",     "name", "description",  "scenario", "configurations",
                                           "strategies", "grid", "replications", "seeds"};
const std::vector<std::string> kConfigurationKeys = {"description", "patch"};
const std::vector<std::string> kSeedKeys = {"policy", "base"};
constexpr std::size_t kMaxSweepBytes = 16u << 20;

std::string unknown_key_message(const std::string& key, const std::vector<std::string>& allowed) {
  const std::string best = closest_candidate(key, allowed, SuggestionRule{.max_distance = 2});
  std::string message = "unknown key '" + key + "'";
  if (!best.empty()) message += " (did you mean '" + best + "'?)";
  return message;
}

bool valid_name(const std::string& name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

std::string value_text(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

class Checker {
 public:
  explicit Checker(std::string file) : file_(std::move(file)) {}

  void add(const std::string& pointer, std::string message) {
    problems_.push_back(Problem{file_, 0, 0, pointer, std::move(message)});
  }
  bool ok() const { return problems_.empty(); }
  Status status() { return Status::from_problems(std::move(problems_)); }

  void check_keys(const Json& object, const std::string& pointer, const std::vector<std::string>& allowed) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        add(pointer + "/" + escape_pointer_token(key), unknown_key_message(key, allowed));
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
      add(pointer + "/" + key, "must be a string, got " + value.dump());
      return false;
    }
    *out = value.get<std::string>();
    return true;
  }

 private:
  std::string file_;
  std::vector<Problem> problems_;
};

// Parses JSON, refusing duplicate keys (nlohmann keeps the last one silently).
Result<Json> parse_json(std::string_view text, const std::string& file_name) {
  std::vector<std::set<std::string>> keys_per_object;
  std::string duplicate;
  Json::parser_callback_t callback = [&](int /*depth*/, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start) {
      keys_per_object.emplace_back();
    } else if (event == Json::parse_event_t::object_end) {
      if (!keys_per_object.empty()) keys_per_object.pop_back();
    } else if (event == Json::parse_event_t::key && !keys_per_object.empty()) {
      const std::string key = parsed.get<std::string>();
      if (!keys_per_object.back().insert(key).second && duplicate.empty()) duplicate = key;
    }
    return true;
  };
  try {
    Json json = Json::parse(text.begin(), text.end(), callback);
    if (!duplicate.empty()) {
      return Status::invalid_argument(file_name + ": duplicate key '" + duplicate + "'");
    }
    return json;
  } catch (const Json::parse_error& error) {
    std::string what = error.what();
    const std::size_t bracket = what.find("] ");
    if (bracket != std::string::npos) what = what.substr(bracket + 2);
    return Status::invalid_argument(file_name + ": invalid JSON: " + what);
  }
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found("cannot read '" + path + "'");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > kMaxSweepBytes) return Status::invalid_argument("'" + path + "' is too large");
  return text;
}

struct NamedConfiguration {
  std::string name;
  std::string description;
  Json patch;  // null when absent
};

struct GridAxis {
  std::string key;  // the pointer as written
  Json::json_pointer pointer;
  std::string label;  // used in configuration names
  std::vector<Json> values;
};

}  // namespace

std::string Sweep::fingerprint() const {
  Json json = Json::object();
  Json configurations_json = Json::array();
  for (const Configuration& configuration : configurations) {
    configurations_json.push_back({{"name", configuration.name}, {"scenario", configuration.scenario}});
  }
  json["configurations"] = std::move(configurations_json);
  json["strategies"] = strategies;
  json["replications"] = replications;
  json["seed_policy"] = seed_policy == SeedPolicy::kCommon ? "common" : "independent";
  json["base_seed"] = base_seed;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(json.dump())));
  return hex;
}

Result<Sweep> parse_sweep(std::string_view text, const std::string& file_name) {
  Result<Json> parsed = parse_json(text, file_name);
  if (!parsed.is_ok()) return parsed.status();
  const Json& root = parsed.value();
  Checker check(file_name);
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

  // The base scenario.
  Json scenario;
  if (check.string_member(root, "", "scenario", true, &sweep.scenario_file)) {
    std::filesystem::path path(sweep.scenario_file);
    if (path.is_relative()) path = std::filesystem::path(file_name).parent_path() / path;
    sweep.scenario_path = path.lexically_normal().string();
    Result<std::string> scenario_text = read_file(sweep.scenario_path);
    if (!scenario_text.is_ok()) {
      if (scenario_text.status().code() == StatusCode::kNotFound) {
        return Status::not_found(file_name + ": /scenario: " + scenario_text.status().message());
      }
      check.add("/scenario", scenario_text.status().message());
    } else {
      Result<Json> scenario_json = parse_json(scenario_text.value(), sweep.scenario_path);
      if (!scenario_json.is_ok()) {
        check.add("/scenario", scenario_json.status().message());
      } else if (!scenario_json.value().is_object()) {
        check.add("/scenario", "'" + sweep.scenario_path + "' is not a JSON object");
      } else {
        scenario = std::move(scenario_json.value());
      }
    }
  }

  // Named configurations.
  std::vector<NamedConfiguration> named;
  bool implicit_configuration = false;
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
        NamedConfiguration configuration{name, "", nullptr};
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
    named.push_back({"base", "the scenario as written", nullptr});
  }

  // Strategies.
  if (root.contains("strategies")) {
    const Json& strategies = root.at("strategies");
    if (!strategies.is_array() || strategies.empty()) {
      check.add("/strategies", "must be a non-empty array of strategy names");
    } else {
      std::set<std::string> seen;
      for (std::size_t i = 0; i < strategies.size(); ++i) {
        const std::string pointer = "/strategies/" + std::to_string(i);
        if (!strategies[i].is_string()) {
          check.add(pointer, "must be a strategy name (string), got " + strategies[i].dump());
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
            std::string message = "unknown strategy '" + name + "'; the scenario has";
            for (std::size_t k = 0; k < names.size(); ++k) message += (k == 0 ? " " : ", ") + names[k];
            check.add(pointer, message);
            continue;
          }
        }
        sweep.strategies.push_back(name);
      }
    }
  } else {
    sweep.strategies.push_back(kNoStrategy);
  }

  // Grid.
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
            check.add(pointer, "value " + value.dump() + " is listed twice");
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

  // Replications and seeds.
  if (root.contains("replications")) {
    const Json& replications = root.at("replications");
    if (!replications.is_number_integer() || replications.get<long long>() < 1 ||
        replications.get<long long>() > kMaxReplications) {
      check.add("/replications", "must be an integer from 1 to " + std::to_string(kMaxReplications) +
                                     ", got " + replications.dump());
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
        if (!base.is_number_unsigned() && !(base.is_number_integer() && base.get<long long>() >= 0)) {
          check.add("/seeds/base", "must be a non-negative integer, got " + base.dump());
        } else {
          sweep.base_seed = base.get<std::uint64_t>();
        }
      }
    }
  }
  if (!check.ok()) return check.status();

  // Expand: every named configuration times every combination of grid values (last axis fastest).
  std::size_t combinations = 1;
  for (const GridAxis& axis : axes) {
    combinations *= axis.values.size();
    if (combinations > kMaxRuns) break;
  }
  const std::size_t total =
      named.size() * combinations * sweep.strategies.size() * static_cast<std::size_t>(sweep.replications);
  if (combinations > kMaxRuns || total > kMaxRuns) {
    check.add("", "the sweep has more than " + std::to_string(kMaxRuns) + " runs");
    return check.status();
  }
  for (const NamedConfiguration& configuration : named) {
    Json patched = scenario;
    if (!configuration.patch.is_null()) patched.merge_patch(configuration.patch);
    for (std::size_t combination = 0; combination < combinations; ++combination) {
      Configuration expanded;
      expanded.description = configuration.description;
      expanded.scenario = patched;
      std::string name = implicit_configuration ? "" : configuration.name;
      std::size_t rest = combination;
      std::vector<std::size_t> index(axes.size());
      for (std::size_t a = axes.size(); a-- > 0;) {
        index[a] = rest % axes[a].values.size();
        rest /= axes[a].values.size();
      }
      bool applied = true;
      for (std::size_t a = 0; a < axes.size(); ++a) {
        const GridAxis& axis = axes[a];
        const Json& value = axis.values[index[a]];
        if (!expanded.scenario.contains(axis.pointer.parent_pointer())) {
          check.add("/grid/" + escape_pointer_token(axis.key),
                    "the scenario" +
                        (implicit_configuration ? std::string()
                                                : " of configuration '" + configuration.name + "'") +
                        " has nothing at " + axis.pointer.parent_pointer().to_string());
          applied = false;
          break;
        }
        expanded.scenario[axis.pointer] = value;
        expanded.parameters[axis.key] = value;
        if (!name.empty()) name += ",";
        name += axis.label + "=" + value_text(value);
      }
      if (!applied) break;
      expanded.name = name.empty() ? configuration.name : name;
      sweep.configurations.push_back(std::move(expanded));
    }
  }
  if (!check.ok()) return check.status();
  return sweep;
}

Result<Sweep> load_sweep_file(const std::string& path) {
  Result<std::string> text = read_file(path);
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

Result<std::vector<std::vector<Scenario>>> load_variants(const Sweep& sweep) {
  std::vector<Problem> problems;
  std::vector<std::vector<Scenario>> variants(sweep.configurations.size());
  auto report = [&](const Status& status, const std::string& what) {
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
  };
  for (std::size_t c = 0; c < sweep.configurations.size(); ++c) {
    const Configuration& configuration = sweep.configurations[c];
    const std::string text = configuration.scenario.dump(2);
    const std::string what = "configuration '" + configuration.name + "'";
    Result<Scenario> plain = load_scenario_text(text, sweep.scenario_file);
    if (!plain.is_ok()) {
      report(plain.status(), what);
      continue;
    }
    for (const std::string& strategy : sweep.strategies) {
      if (strategy == kNoStrategy) {
        variants[c].push_back(plain.value());
        continue;
      }
      LoadOptions options;
      options.strategy = strategy;
      Result<Scenario> loaded = load_scenario_text(text, sweep.scenario_file, options);
      if (!loaded.is_ok()) {
        report(loaded.status(), what + ", strategy '" + strategy + "'");
        continue;
      }
      variants[c].push_back(std::move(loaded.value()));
    }
  }
  if (!problems.empty()) return Status::from_problems(std::move(problems));
  return variants;
}

}  // namespace hospsim::batch
