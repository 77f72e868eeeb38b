#include "scenario/suggest.h"

#include <algorithm>

namespace hospsim {
namespace {

std::size_t distance(std::string_view a, std::string_view b, bool count_transpositions) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (count_transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

bool equal_but_for_case(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) { return distance(a, b, false); }

std::size_t optimal_string_alignment_distance(std::string_view a, std::string_view b) {
  return distance(a, b, true);
}

std::string closest_candidate(std::string_view word, const std::vector<std::string>& candidates,
                              const SuggestionRule& rule) {
  std::string best;
  std::size_t best_distance = rule.max_distance + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t candidate_distance = rule.ignore_case && equal_but_for_case(word, candidate)
                                               ? 0
                                               : distance(word, candidate, rule.count_transpositions);
    if (rule.reject_rewrites && candidate_distance >= std::max(word.size(), candidate.size())) continue;
    if (candidate_distance < best_distance) {
      best_distance = candidate_distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace hospsim
