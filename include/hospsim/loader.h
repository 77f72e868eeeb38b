// Loading a scenario file: JSON text -> (strategy merge patch) -> validation -> typed Scenario.
//
// Every problem in the file is reported in one pass, each with the file name, line:column and JSON pointer of
// the offending value (`scenario.json:41:17: /hospitals/auh/ed/treatment_spaces: must be a positive integer,
// got -3`). Nothing is returned from an invalid file. Unknown keys are errors with a "did you mean"
// suggestion; duplicate keys in one object are errors; malformed JSON reports its line and column.
// When a strategy is applied, problems inside the patched part point to the patch in the file.
//
// Warnings: a valid file may hold inputs that cannot have an effect in that scenario (e.g. public advice
// without any service whose loss puts an ED in downtime) or deprecated keys. They are reported like problems
// (same file, line:column and pointer; the message starts with "warning: ", so Problem::format() gives
// `FILE:LINE:COL: /pointer: warning: message`), sorted by position, and never stop the load. They describe
// the scenario actually loaded, strategy included. docs/scenario-format.md ("Warnings") lists them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hospsim/scenario.h"
#include "hospsim/status.h"

namespace hospsim {

struct LoadOptions {
  std::string strategy;  // name of a strategy under /strategies to merge in; "" for none
};

// Limits beyond which a scenario is refused rather than attempted.
inline constexpr double kMaxHorizonDays = 366;
inline constexpr int kMaxHospitals = 10000;
inline constexpr std::size_t kMaxFileBytes = 64u << 20;  // 64 MiB
inline constexpr int kMaxJsonDepth = 64;
// Seeds are 0 .. 2^63 - 1 everywhere (scenario, --seed, sweeps, expectations), so a seed is stored exactly as
// a signed 64-bit integer (the batch database) and base + offset never wraps.
inline constexpr std::uint64_t kMaxSeed = 9223372036854775807ull;

// A seed written on the command line: decimal digits only, at most kMaxSeed ("-1" and "2^64" are refused,
// not wrapped or saturated). Fails with kInvalidArgument.
Result<std::uint64_t> parse_seed(std::string_view text);

// Reads and loads `path`. Fails with kNotFound when the file cannot be read, kInvalidArgument (with
// problems()) when it is not a valid scenario or the strategy does not exist. When `warnings` is not null it
// is cleared, then receives the warnings of a valid file (none when the load fails).
Result<Scenario> load_scenario_file(const std::string& path, const LoadOptions& options = {},
                                    std::vector<Problem>* warnings = nullptr);

// Loads from text; `file_name` is used in messages only.
Result<Scenario> load_scenario_text(std::string_view text, const std::string& file_name,
                                    const LoadOptions& options = {},
                                    std::vector<Problem>* warnings = nullptr);

}  // namespace hospsim
