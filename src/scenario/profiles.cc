#include "scenario/profiles.h"

namespace hospsim {
namespace {

template <std::size_t N>
std::array<double, N> normalised(std::array<double, N> values) {
  double sum = 0;
  for (double v : values) sum += v;
  for (double& v : values) v = v * static_cast<double>(N) / sum;
  return values;
}

}  // namespace

std::array<double, 24> default_hourly_profile() {
  // Raw relative weights, hours 0..23 (see profiles.h); sum 24.25 before normalisation.
  return normalised<24>({0.62, 0.52, 0.45, 0.41, 0.39, 0.40, 0.48, 0.66, 0.95, 1.25, 1.48, 1.63,
                         1.66, 1.58, 1.50, 1.43, 1.38, 1.34, 1.30, 1.22, 1.10, 0.96, 0.82, 0.72});
}

std::array<double, 7> default_weekday_profile() {
  return normalised<7>({1.10, 1.04, 1.02, 1.01, 1.01, 0.90, 0.92});
}

}  // namespace hospsim
