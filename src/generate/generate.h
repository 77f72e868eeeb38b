// Synthetic national scenarios for benchmarks and what-if studies at scale (`hospsim generate`).
//
// generate_scenario() builds a valid hospsim/1 scenario from a handful of numbers: N hospitals in R regions of
// a country-sized box, with a realistic spread of sizes (a few large university hospitals, many small ones),
// regional data centres, carriers and telecom links, four services per region with standbys, and one injected
// regional outage so that runs exercise the IT path. Everything is drawn from RandomStream streams seeded by
// GenerateOptions::seed, so the same options give the same bytes.
//
// Sizes (docs/performance.md, "Synthetic scenarios", documents the same rules):
//   - ED arrivals per day a: lognormal with median kMedianArrivals and p90 kP90Arrivals, clamped to
//     [kMinArrivals, kMaxArrivals]; the largest hospital of each region is its university hospital and gets
//     a x kUniversityFactor (still clamped).
//   - Every other figure scales with a (rounded to integers, with floors): treatment spaces 0.22 a + 2,
//     beds 3.5 a, theatres 0.18 a, elective cases per weekday 4 per theatre, outpatient visits per weekday
//     13 a, emergency theatres 1 + a / 100. The ratios are those of the five Central Denmark hospitals of
//     scenarios/denmark-2025-midtjylland.json.
//
// The scenario layer is the only dependency: the text is checked with load_scenario_text() before it is
// returned, so a caller never sees an invalid scenario.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "hospsim/status.h"

namespace hospsim {

struct GenerateOptions {
  int hospitals = 25;       // >= 1, <= kMaxHospitals (loader.h); >= regions
  int regions = 7;          // >= 1, <= 99
  int days = 30;            // horizon in days, 1..366
  std::uint64_t seed = 1;   // seed of the generator, also written as the scenario's `seed`
  // Health-probe period of every service, as a duration string ("5min"); "" keeps the per-kind periods of
  // the Denmark scenario (1 min logistics and EHR, 2 min lab, 5 min PACS). Probes are most of the IT
  // requests, so this sets most of the cost of a run (docs/performance.md).
  std::string probe_every;
  // Health monitoring of every service: "active" (probes every period; writes no key, the scenario default)
  // or "passive" (writes `probe: passive`: a probe is skipped when clinical requests went through recently).
  std::string probe = "active";
};

inline constexpr double kMedianArrivals = 60.0;     // ED arrivals per day, median hospital
inline constexpr double kP90Arrivals = 160.0;       // ED arrivals per day, 90th percentile
inline constexpr double kMinArrivals = 10.0;
inline constexpr double kMaxArrivals = 400.0;
inline constexpr double kUniversityFactor = 2.0;    // the largest hospital of a region, before clamping

// Checks the options: kInvalidArgument naming the first bad one (probe_every must parse as a duration > 0;
// probe must be "active" or "passive").
Status check_generate_options(const GenerateOptions& options);

// The scenario as a JSON document whose keys keep the order they are written in (format, name, ... as in the
// shipped scenarios; entities sorted by id). Does not validate: use generate_scenario_text().
// REQUIRES: check_generate_options(options).is_ok().
nlohmann::ordered_json generate_scenario(const GenerateOptions& options);

// The scenario as text (2-space indented JSON, trailing newline), validated by the scenario loader.
// Fails with kInvalidArgument for bad options, kInternal when the loader rejects the generated text (a bug).
Result<std::string> generate_scenario_text(const GenerateOptions& options);

}  // namespace hospsim
