// Judging one expectation (check/checker.h says how) on the simulations planned for it (check/plan.h).
// With `update`, the recorded values are rewritten into `text` (the expectation file's text) instead, the
// copies of an exact expectation are written next to the file, and `updated` counts the values that changed.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "check/checker.h"
#include "check/expectation.h"
#include "check/plan.h"

namespace hospsim::check {

// An exact expectation: the SHA-256 of summary.json and events.csv of `simulation` against the recorded ones;
// a failure shows the first differing lines against the recorded copy when there is a current one.
Outcome judge_exact(const Expectation& expectation, const LoadedFile& loaded, const Simulation& simulation,
                    bool update, std::string& text, int& updated);

// The names of the members of the object that holds `pointer`'s last token in `summary` ("/metrics/region
// has: a, b, ..."), at most 40, for a "did you mean" list; "" when no parent of `pointer` is an object.
std::string known_members(const nlohmann::json& summary, const std::string& pointer);

// A statistical expectation: the mean of its metric over `runs` against the recorded mean and tolerance.
// REQUIRES: !runs.empty().
Outcome judge_statistical(const Expectation& expectation, const LoadedFile& loaded,
                          const std::vector<const Simulation*>& runs, bool update, std::string& text,
                          int& updated);

}  // namespace hospsim::check
