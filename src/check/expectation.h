// Expectation files: the pinned outcomes of a scenario that `hospsim check` verifies (docs/ci.md).
//
// A file (JSON, format "hospsim-expect/1", by convention scenarios/expectations/<name>.expect.json) names one
// scenario file (path relative to the expectation file), an optional strategy merged into it, and named
// expectations of two kinds:
//   exact        the SHA-256 of summary.json and of events.csv of the paired run at one seed (exactly the
//                bytes `hospsim run FILE --seed N` writes); any change in behaviour changes them. `copy`
//                names a folder (relative to the expectation file) holding the expected summary.json and
//                events.csv, so a failure shows the first differing lines.
//   statistical  the mean of one metric over `replications` paired runs (seeds seed .. seed + R - 1) must
//                stay within a tolerance of the recorded mean: robust to changes of random streams, sensitive
//                to changes of mechanism.
// Recorded values (hashes, means) may be absent: `hospsim check --update` fills them in. parse_expectations()
// validates strictly (unknown keys, types, ranges) and reports every problem as `FILE:LINE:COL: /pointer:
// message`. Nothing here simulates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hospsim/status.h"

namespace hospsim::check {

inline constexpr const char* kExpectFormat = "hospsim-expect/1";
inline constexpr int kMaxReplications = 1000;
// An expectation file larger than this is refused (parse_expectations; check's load_files reads no more).
inline constexpr std::size_t kMaxExpectationBytes = std::size_t{16} << 20;

enum class Kind { kExact, kStatistical };

// "exact" or "statistical", as expectation files and check's output name the kind.
std::string_view kind_name(Kind kind);

// How far the observed mean may be from the recorded one. Each given bound allows a deviation; the widest
// applies. At least one is given.
struct Tolerance {
  std::optional<double> absolute;         // |got - expected| <= absolute
  std::optional<double> relative;         // |got - expected| <= relative * |expected|
  std::optional<double> standard_errors;  // |got - expected| <= k * sd / sqrt(R) of the observed runs
  std::optional<double> confidence;       // expected inside the observed Student-t interval at this level
};

struct Expectation {
  std::string name;
  std::string pointer;  // "/expectations/<name>" (for messages)
  Kind kind = Kind::kExact;
  std::string description;
  std::optional<std::uint64_t> seed;  // default: the scenario's seed

  // kExact: recorded hashes ("" = not recorded yet) and the folder of the expected files ("" = none).
  std::string summary_sha256;
  std::string events_sha256;
  std::string copy;

  // kStatistical
  std::string metric;        // "METRIC" (region), "HOSPITAL:METRIC", or a JSON pointer into summary.json
  std::string of = "value";  // for METRIC forms: "value", "baseline", "delta" or "delta_pct"
  int replications = 5;
  std::optional<double> mean;  // recorded mean (absent = not recorded yet)
  Tolerance tolerance;

  // The JSON pointer into summary.json that `metric` and `of` name.
  std::string summary_pointer() const;
  // "region:surgeries_cancelled (delta)" or the pointer as written.
  std::string metric_label() const;
};

struct ExpectationFile {
  std::string path;           // as given
  std::string scenario;       // [scenario] as written
  std::string scenario_path;  // resolved against the folder of `path`
  std::string strategy;       // [strategy], "" = none
  std::string description;
  std::vector<Expectation> expectations;  // in file order
};

// Parses and validates `text`; `path` is used in messages and to resolve the scenario path (which is not read
// here). Fails with kInvalidArgument listing every problem.
Result<ExpectationFile> parse_expectations(std::string_view text, const std::string& path);

// The recorded values of an update (see --update).
struct RecordedExact {
  std::string summary_sha256;
  std::string events_sha256;
  std::string copy;  // folder name written into the file
};
struct RecordedStatistical {
  double mean = 0.0;
  double sd = 0.0;  // informational: the spread of the replications at update time (NaN is written as null)
};

// Rewrites the recorded values of the expectation `name` in `text` (an expectation file that parses), keeping
// every other key, its order and values. Returns the new text (2-space indented JSON and a final newline).
std::string with_exact(const std::string& text, const std::string& name, const RecordedExact& recorded);
std::string with_statistical(const std::string& text, const std::string& name,
                             const RecordedStatistical& recorded);

}  // namespace hospsim::check
