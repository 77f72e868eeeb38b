// Scenario loading: text -> positioned JSON -> strategy merge patch -> one validation pass -> Scenario.
//
// This file reads the top-level keys (format, name, start, horizon, seed, warmup, sources) and calls the
// sections in order (scenario_reader.h lists them, one file each); every section reads with the typed field
// readers of json_reader.h into one ScenarioReader, which records every problem it meets (it never stops at
// the first). Problems are sorted by position at the end.

#include "hospsim/loader.h"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "scenario/files.h"
#include "scenario/ineffective_inputs.h"
#include "scenario/json_document.h"
#include "scenario/scenario_reader.h"
#include "scenario/units.h"

namespace hospsim {
namespace {

using loader::describe;
using loader::did_you_mean;
using loader::format_number;
using loader::join;
using loader::json;
using loader::keys_of;
using loader::ScenarioReader;

constexpr double kDefaultWarmupDays = 7;  // Scenario::warmup outside deterministic mode

void load_sources(ScenarioReader& in, const json& root, Scenario& scenario) {
  const json* sources = in.member(root, "sources");
  if (sources == nullptr) return;
  if (!sources->is_array()) {
    in.problem("/sources", "must be an array of {\"what\", \"ref\"} objects, got " + describe(*sources));
    return;
  }
  for (std::size_t i = 0; i < sources->size(); ++i) {
    const std::string at = "/sources/" + std::to_string(i);
    Source source;
    if (!in.check_object((*sources)[i], at, "/sources/*")) continue;
    in.read_string((*sources)[i], at, "what", source.what);
    in.read_string((*sources)[i], at, "ref", source.ref);
    scenario.sources.push_back(std::move(source));
  }
}

// The top-level keys, then every section in order (scenario_reader.h).
Scenario load(ScenarioReader& in, const json& root) {
  Scenario scenario;
  if (!in.check_object(root, "", "")) return scenario;

  std::string format;
  if (in.read_string(root, "", "format", format) && format != "hospsim/1") {
    in.problem("/format", "unsupported format " + units::quote(format) + "; expected \"hospsim/1\"");
  }
  in.read_string(root, "", "name", scenario.name, true);
  in.read_string(root, "", "description", scenario.description);
  std::string schema_reference;  // "$schema": lets editors find scenarios/schema.json; otherwise ignored
  in.read_string(root, "", "$schema", schema_reference);
  if (const json* start = in.member(root, "start")) {
    const bool valid = in.unit_value<CivilTime>(*start, "/start", scenario.start, units::parse_datetime,
                                                "a datetime", "\"2025-03-13T09:30\"");
    in.set_start(valid, scenario.start);
  }
  if (in.read_duration(root, "", "horizon", scenario.horizon, true)) {
    if (scenario.horizon > kMaxHorizonDays * kDay) {
      in.problem("/horizon", "must be at most " + format_number(kMaxHorizonDays) + " days, got " +
                                 describe(root["horizon"]) + " (longer runs are refused)");
    } else {
      in.set_horizon_valid();
    }
  }
  if (const json* seed = in.member(root, "seed")) {
    if ((seed->is_number_unsigned() && seed->get<std::uint64_t>() <= kMaxSeed) ||
        (seed->is_number_integer() && seed->get<std::int64_t>() >= 0)) {
      scenario.seed = seed->get<std::uint64_t>();
    } else {
      in.problem("/seed",
                 "must be an integer from 0 to " + std::to_string(kMaxSeed) + ", got " + describe(*seed));
    }
  }
  in.read_bool(root, "", "deterministic", scenario.deterministic);
  scenario.warmup = scenario.deterministic ? 0.0 : kDefaultWarmupDays * kDay;
  if (in.read_duration(root, "", "warmup", scenario.warmup) && scenario.warmup > kMaxHorizonDays * kDay) {
    in.problem("/warmup", "must be at most " + format_number(kMaxHorizonDays) + " days, got " +
                              describe(root["warmup"]) + " (longer warm-ups are refused)");
  }
  load_sources(in, root, scenario);

  // Ids first, so references can be checked wherever they appear.
  in.collect_ids(root);
  loader::load_datacenters(in, root, scenario);
  loader::load_network(in, root, scenario);
  loader::load_services(in, root, scenario);
  if (const json* downtime = in.member(root, "downtime")) {
    loader::load_downtime(in, *downtime, "/downtime", "/downtime", scenario.downtime);
  }
  loader::load_hospitals(in, root, scenario);
  if (const json* effects = in.member(root, "effects")) {
    loader::load_effects(in, *effects, "/effects", "/effects/*", scenario.effects);
  }
  loader::load_policies(in, root, scenario);
  loader::load_injections(in, root, scenario);
  loader::load_strategies(in, root, scenario);
  return scenario;
}

}  // namespace

Result<Scenario> load_scenario_text(std::string_view text, const std::string& file_name,
                                    const LoadOptions& options, std::vector<Problem>* warnings) {
  if (warnings != nullptr) warnings->clear();
  if (Status size = check_input_size(file_name, text.size(), kMaxFileBytes); !size.is_ok()) return size;
  Result<JsonDocument> parsed = parse_json_document(text, file_name, "a scenario");
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
      const TextPosition at = document.position_of(strategies != nullptr ? "/strategies" : "");
      return Status::from_problems({Problem{
          file_name, at.line, at.column, "/strategies",
          names.empty()
              ? "unknown strategy " + units::quote(options.strategy) + "; the file defines no strategies"
              : loader::unknown_name_message("strategy", options.strategy, names)}});
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

  ScenarioReader reader(document, file_name, patch, patch_prefix);
  if (effective.is_object()) reader.prime(effective);
  Scenario scenario = load(reader, effective);
  std::vector<Problem>& problems = reader.problems();
  problems.insert(problems.end(), document.duplicate_keys.begin(), document.duplicate_keys.end());
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return Status::from_problems(std::move(problems));
  }
  if (warnings != nullptr) {
    find_ineffective_inputs(effective, scenario,
                            [&reader](const std::string& pointer, const std::string& message) {
                              reader.warning(pointer, message);
                            });
    std::vector<Problem>& found = reader.warnings();
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
