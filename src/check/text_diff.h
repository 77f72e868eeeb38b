// Fingerprints and readable differences of run outputs (summary.json, events.csv) for `hospsim check`.
//
// sha256_hex() is the SHA-256 digest (OpenSSL EVP) of a text as 64 lowercase hex digits.
// describe_difference() compares two texts line by line (longest common subsequence after trimming the common
// start and end, so an inserted line shows as one insertion, not as every following line changed) and renders
// the first differing lines as "expected N | ..." / "got N | ..." with the line before them as context.
#pragma once

#include <string>
#include <string_view>

namespace hospsim::check {

// 64 lowercase hex digits.
std::string sha256_hex(std::string_view text);

// Up to `max_changed` differing lines of `expected` vs `got`, one per output line, each indented by
// `indent`:
//     context  41 |     "surgeries_cancelled": {
//     expected 42 |       "baseline": 24,
//     got      42 |       "baseline": 19,
//     ... 3 more differing lines
// Line numbers are 1-based, in the expected text for context/expected lines and in the got text for got
// lines. Returns "" when the texts are equal. A missing final newline counts as a difference of the last
// line.
std::string describe_difference(std::string_view expected, std::string_view got, int max_changed = 8,
                                std::string_view indent = "    ");

}  // namespace hospsim::check
