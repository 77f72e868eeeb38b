#include "hospsim/random.h"

#include <cmath>

namespace hospsim {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

std::uint64_t stable_hash(std::string_view text) {
  Fnv1a hash;
  hash.add(text);
  return hash.value();
}

RandomStream::RandomStream(std::uint64_t seed, std::string_view name) {
  std::uint64_t x = seed ^ rotl(stable_hash(name), 17);
  for (auto& word : state_) word = splitmix64(x);
}

std::uint64_t RandomStream::next_u64() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double RandomStream::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double RandomStream::uniform_open0() { return (static_cast<double>(next_u64() >> 11) + 1.0) * 0x1.0p-53; }

double RandomStream::uniform(double min, double max) { return min + (max - min) * uniform(); }

double RandomStream::exponential(double mean) { return -mean * std::log(uniform_open0()); }

double RandomStream::standard_normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  // Box-Muller: two independent normals from two uniforms.
  const double radius = std::sqrt(-2.0 * std::log(uniform_open0()));
  const double angle = 2.0 * M_PI * uniform();
  spare_normal_ = radius * std::sin(angle);
  has_spare_normal_ = true;
  return radius * std::cos(angle);
}

double RandomStream::lognormal(double median, double p90) {
  const double sigma = std::log(p90 / median) / kNormalQuantile90;
  return median * std::exp(sigma * standard_normal());
}

bool RandomStream::bernoulli(double p) { return uniform() < p; }

int RandomStream::categorical(const double* weights, int count) {
  double total = 0.0;
  for (int i = 0; i < count; ++i) total += weights[i];
  double u = uniform() * total;
  for (int i = 0; i < count; ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  for (int i = count - 1; i >= 0; --i) {
    if (weights[i] > 0) return i;
  }
  return 0;
}

double RandomStream::sample(const Distribution& distribution) {
  switch (distribution.kind) {
    case Distribution::Kind::kFixed:
      return distribution.a;
    case Distribution::Kind::kExponential:
      return exponential(distribution.a);
    case Distribution::Kind::kLognormal:
      return lognormal(distribution.a, distribution.b);
    case Distribution::Kind::kUniform:
      return uniform(distribution.a, distribution.b);
  }
  return distribution.a;
}

}  // namespace hospsim
