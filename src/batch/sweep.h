// Sweep files: a named, described, repeated batch of simulations (STYLE.md item 9; docs/batch.md).
//
// A sweep (JSON, format "hospsim-sweep/1") names a base scenario (path relative to the sweep file), named
// configurations each with a description and an optional RFC 7386 merge patch over the scenario, a parameter
// grid over JSON pointers into the scenario (every combination of grid values is its own configuration,
// named after the values), the strategies to compare (names from the scenario's `strategies`, plus "none"),
// the number of replications and the seed policy:
//   common       (default) replication r (0-based) uses seed base + r in every configuration and strategy,
//                so differences between strategies are paired (common random numbers);
//   independent  run i (the run's id, 1-based, see plan_runs) uses seed base + i - 1: no two runs share one.
//
// parse_sweep() validates the sweep strictly (unknown keys, types, ranges, names) and reports every problem
// as `FILE: /pointer: message`; load_variants() applies each configuration to the scenario JSON and loads
// every (configuration, strategy) variant through load_scenario_text(), so invalid variants are reported
// before anything runs. Nothing here simulates.
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

enum class SeedPolicy { kCommon, kIndependent };

// One expanded configuration: a named configuration of the file combined with one combination of grid
// values. `scenario` is the base scenario JSON with the patch and the grid values applied.
struct Configuration {
  std::string name;         // "<named>" or "<named>,<key>=<value>,..." or "<key>=<value>,..." (see .cc)
  std::string description;  // the named configuration's description
  nlohmann::ordered_json parameters =
      nlohmann::ordered_json::object();  // {pointer: value} of its grid values
  nlohmann::ordered_json scenario;
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

  // A canonical JSON text of everything that decides which runs exist and what they simulate; two sweeps
  // with the same fingerprint produce the same runs (used by --resume to refuse a different sweep).
  std::string fingerprint() const;
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

// The loaded scenarios, indexed [configuration][strategy]. Fails with kInvalidArgument listing, for every
// invalid variant, `SWEEP: configuration 'C', strategy 'S': /pointer: message`.
Result<std::vector<std::vector<Scenario>>> load_variants(const Sweep& sweep);

}  // namespace hospsim::batch
