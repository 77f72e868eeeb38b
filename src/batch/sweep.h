// Sweep files: a named, described, repeated batch of simulations (docs/batch.md).
//
// A sweep (JSON, format "hospsim-sweep/1") names a base scenario (path relative to the sweep file), named
// configurations each with a description and an optional RFC 7386 merge patch over the scenario, a parameter
// grid over JSON pointers into the scenario (every combination of grid values is its own configuration,
// named after the values), the strategies to compare (names from the scenario's `strategies`, plus "none"),
// the number of replications, the seed policy and whether every run has a paired baseline:
//   common       (default) replication r (0-based) uses seed base + r in every configuration and strategy,
//                so differences between strategies are paired (common random numbers);
//   independent  run i (the run's id, 1-based, see plan_runs) uses seed base + i - 1: no two runs share one.
// With "baseline": true every run also simulates its paired baseline (the same variant and seed with every
// injection removed, hospsim/run.h baseline_of) and the store keeps value, baseline and delta per metric.
// A named configuration may opt out of grid keys that do not apply to it ("skip_grid": [keys] or true for
// all): it is then expanded over the other keys only (e.g. a no-outage configuration, patch
// {"injections": null}, under a grid over an injection's duration).
//
// parse_sweep() reads the sweep and its scenario with the scenario's positioned JSON reader (depth and size
// limits, duplicate keys refused), validates the sweep strictly (unknown keys, types, ranges, names) and
// reports every problem as `FILE:LINE:COL: /pointer: message`. It counts the runs before building anything
// and refuses more than kMaxConfigurations configurations or kMaxRuns runs; configurations are expanded
// lazily: each one's scenario JSON is built on demand by Sweep::scenario_of(), so memory stays bounded by
// one scenario whatever the grid. validate_variants() loads every (configuration, strategy) variant through
// load_scenario_text() one at a time, so invalid variants are reported before anything runs; load_variant()
// builds one for a run. Nothing here simulates.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/scenario.h"
#include "hospsim/status.h"

namespace hospsim::batch {

inline constexpr const char* kSweepFormat = "hospsim-sweep/1";
inline constexpr const char* kNoStrategy = "none";  // the scenario as written, no strategy patch
inline constexpr int kMaxReplications = 100000;
inline constexpr std::size_t kMaxRuns = 1000000;
inline constexpr std::size_t kMaxConfigurations = 10000;  // named configurations x grid combinations
inline constexpr std::size_t kMaxSweepBytes = 16u << 20;

enum class SeedPolicy { kCommon, kIndependent };

// One expanded configuration: a named configuration of the file combined with one combination of grid
// values. Its scenario JSON is built on demand (Sweep::scenario_of).
struct Configuration {
  std::string name;         // "<named>" or "<named>,<key>=<value>,..." or "<key>=<value>,..." (see .cc)
  std::string description;  // the named configuration's description
  nlohmann::ordered_json parameters =
      nlohmann::ordered_json::object();  // {pointer: value} of its grid values
  std::size_t named = 0;                 // index into Sweep::named
};

// A configuration as written under "configurations" (or the implicit "base").
struct NamedConfiguration {
  std::string name;
  std::string description;
  nlohmann::ordered_json patch;  // null when absent
  std::vector<std::string>
      skipped_axes;  // [skip_grid]: keys of "grid" this configuration is not crossed with
};

// One key of "grid": a JSON pointer into the scenario and its values.
struct GridAxis {
  std::string key;  // the pointer as written
  nlohmann::ordered_json::json_pointer pointer;
  std::string label;  // used in configuration names
  std::vector<nlohmann::ordered_json> values;
};

struct Sweep {
  std::string file;                              // the sweep file as given (used in messages)
  std::string name;                              // [name]
  std::string description;                       // [description]
  std::string scenario_file;                     // [scenario] as written in the sweep
  std::string scenario_path;                     // resolved against the sweep file's folder
  std::vector<Configuration> configurations;     // in file order, grid combinations last-key-fastest
  std::vector<std::string> strategies;           // [strategies], in file order
  int replications = 1;                          // [replications]
  SeedPolicy seed_policy = SeedPolicy::kCommon;  // [seeds.policy] "common" | "independent"
  std::uint64_t base_seed = 1;                   // [seeds.base]
  bool implicit_configuration = false;           // no "configurations": one named "base"
  bool baseline = false;                         // [baseline]: every run also runs its paired baseline
  nlohmann::ordered_json base_scenario;          // the scenario file's JSON, members in file order
  std::vector<NamedConfiguration> named;         // in file order
  std::vector<GridAxis> axes;                    // in file order

  // The scenario JSON of configuration `index` (the base scenario with its patch and grid values applied).
  // Fails with kInvalidArgument (`SWEEP: /grid/...: the scenario has nothing at ...`) when a grid pointer
  // has no parent in it. REQUIRES: index < configurations.size().
  Result<nlohmann::ordered_json> scenario_of(std::size_t index) const;

  // A canonical JSON text of everything that decides which runs exist and what they simulate; two sweeps
  // with the same fingerprint produce the same runs (used by --resume to refuse a different sweep). The
  // baseline flag enters only when set, so sweeps written before it existed keep their fingerprints; the
  // hash of the embedded effect preset library enters only when a configuration names a preset.
  std::string fingerprint() const;
  // The same with `preset_library` as the preset library's text (fingerprint() passes the embedded one).
  std::string fingerprint(std::string_view preset_library) const;
};

// One simulation of the batch. Ids are 1-based and derived from the position in the plan:
// id = (configuration * strategies + strategy) * replications + replication + 1, so they do not depend on
// the order in which runs finish.
struct PlannedRun {
  int id = 0;
  int configuration = 0;  // index into Sweep::configurations
  int strategy = 0;       // index into Sweep::strategies
  int replication = 0;    // 0-based
  std::uint64_t seed = 0;
};

// Parses and validates a sweep. `text` is the sweep file's content; `file_name` is used in messages and to
// resolve the scenario path, whose file is read here. Fails with kInvalidArgument listing every problem
// (`FILE: /pointer: message`), or kNotFound when the scenario file cannot be read.
Result<Sweep> parse_sweep(std::string_view text, const std::string& file_name);

// Reads `path` and parses it as above.
Result<Sweep> load_sweep_file(const std::string& path);

// Every run of the sweep in id order.
std::vector<PlannedRun> plan_runs(const Sweep& sweep);

// Loads every (configuration, strategy) variant, one at a time, keeping none. Fails with kInvalidArgument
// listing, for every invalid variant, `SWEEP: configuration 'C', strategy 'S': /pointer: message` (at most
// kMaxProblems of them).
Status validate_variants(const Sweep& sweep);

// The scenario of configuration `configuration` with strategy `strategy` (indices into the sweep), or why it
// is invalid (as validate_variants reports it).
Result<Scenario> load_variant(const Sweep& sweep, std::size_t configuration, std::size_t strategy);

}  // namespace hospsim::batch
