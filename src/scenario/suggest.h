// "Did you mean ...?" suggestions: edit distances between short names and the closest candidate to a word.
//
// Used wherever an unknown name is reported (scenario keys and enumerations, sweep keys, batch metric names).
// Each caller words its own message; this only measures and picks. Pure functions; a distance costs time and
// memory in proportion to |a| * |b|, so callers bound the length of the words they compare.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hospsim {

// Levenshtein distance: the fewest single-character insertions, deletions and substitutions that turn `a`
// into `b` ("kitten" -> "sitting" is 3; "ab" -> "ba" is 2). Bytes are compared exactly (case matters).
std::size_t edit_distance(std::string_view a, std::string_view b);

// Optimal string alignment distance: as edit_distance(), and an adjacent transposition also costs one edit
// ("ab" -> "ba" is 1). Each substring is edited at most once ("ca" -> "abc" is 3).
std::size_t optimal_string_alignment_distance(std::string_view a, std::string_view b);

// Which candidates closest_candidate() may suggest.
struct SuggestionRule {
  // Suggest only a candidate at most this many edits away.
  std::size_t max_distance = 2;
  // Measure with optimal_string_alignment_distance(), else with edit_distance().
  bool count_transpositions = false;
  // A candidate equal to the word but for ASCII case is at distance 0.
  bool ignore_case = false;
  // Never suggest a candidate at least as many edits away as the longer of it and the word is long (nothing
  // of the word is kept).
  bool reject_rewrites = false;
};

// The candidate nearest to `word` under `rule`, the first in `candidates` order among equally near ones;
// "" when none is within rule.max_distance.
std::string closest_candidate(std::string_view word, const std::vector<std::string>& candidates,
                              const SuggestionRule& rule);

}  // namespace hospsim
