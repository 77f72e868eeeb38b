// Random streams for common random numbers (CRN).
//
// Every random quantity in a run is drawn from a named stream, seeded from (run seed, stream name) alone, so:
//   - the same scenario and seed give the same draws on every run (byte-identical outputs);
//   - a run and its paired baseline, or two strategies of one replication, draw the same numbers for the same
//     entity (e.g. "ed/auh/arrivals"), so their differences are caused by the model, not by sampling noise.
// Give each entity and purpose its own stream; never share a stream between things that can diverge.
//
// The generator (xoshiro256**, seeded through splitmix64) and every distribution are implemented here, not
// taken from <random>, whose distributions differ between standard libraries.
#pragma once

#include <cstdint>
#include <string_view>

#include "hospsim/scenario.h"

namespace hospsim {

class RandomStream {
 public:
  // A stream identified by the run seed and a stable name.
  RandomStream(std::uint64_t seed, std::string_view name);

  std::uint64_t next_u64();
  // Uniform in [0, 1) with 53 random bits.
  double uniform();
  // Uniform in (0, 1]: safe for log().
  double uniform_open0();
  double uniform(double min, double max);
  double exponential(double mean);
  double standard_normal();
  // Lognormal with the given median and 90th percentile. REQUIRES: p90 >= median > 0.
  double lognormal(double median, double p90);
  // True with probability p.
  bool bernoulli(double p);
  // An index drawn with probability proportional to weights[i]. REQUIRES: some weight > 0.
  int categorical(const double* weights, int count);
  // A draw from the distribution (the fixed value for kFixed).
  double sample(const Distribution& distribution);

 private:
  std::uint64_t state_[4];
  bool has_spare_normal_ = false;
  double spare_normal_ = 0.0;
};

// z such that P(Z <= z) = 0.9 for a standard normal Z.
inline constexpr double kNormalQuantile90 = 1.2815515655446004;

// The 64-bit FNV-1a hash of a text given in pieces (the same value as hashing the pieces joined). `basis`
// is the starting value: FNV's offset basis unless a caller must keep values it once recorded with another.
class Fnv1a {
 public:
  static constexpr std::uint64_t kOffsetBasis = 0xcbf29ce484222325ULL;

  explicit constexpr Fnv1a(std::uint64_t basis = kOffsetBasis) : hash_(basis) {}
  constexpr void add(std::string_view text) {
    for (const char c : text) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 0x100000001b3ULL;
    }
  }
  constexpr std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_;
};

// A stable 64-bit hash of a string (FNV-1a), for deriving stream seeds.
std::uint64_t stable_hash(std::string_view text);

}  // namespace hospsim
