// Loading a scenario file: JSON text -> (strategy merge patch) -> validation -> typed Scenario.
//
// Every problem in the file is reported in one pass, each with the file name, line:column and JSON pointer of
// the offending value (`scenario.json:41:17: /hospitals/auh/ed/treatment_spaces: must be a positive integer,
// got -3`). Nothing is returned from an invalid file. Unknown keys are errors with a "did you mean"
// suggestion; duplicate keys in one object are errors; malformed JSON reports its line and column.
// When a strategy is applied, problems inside the patched part point to the patch in the file.
#pragma once

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

// Reads and loads `path`. Fails with kNotFound when the file cannot be read, kInvalidArgument (with
// problems()) when it is not a valid scenario or the strategy does not exist.
Result<Scenario> load_scenario_file(const std::string& path, const LoadOptions& options = {});

// Loads from text; `file_name` is used in messages only.
Result<Scenario> load_scenario_text(std::string_view text, const std::string& file_name,
                                    const LoadOptions& options = {});

}  // namespace hospsim
