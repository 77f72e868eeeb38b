// Default ED arrival profiles used when a hospital's `ed` gives no `hourly_profile` / `weekday_profile`.
//
// ASSUMPTION (not fitted to any one hospital's data): the typical shape of emergency department arrivals in
// European EDs: lowest around 04:00-05:00 (about 0.4 of the daily mean rate), rising steeply from 07:00 to a
// peak around 11:00-13:00 (about 1.6-1.7 of the mean), then a slow decline through the evening; by weekday,
// Monday is the busiest day (about 1.1 of the mean) and the weekend the quietest (about 0.9). Both are
// normalised to mean 1 so they only shape arrivals; `arrivals_per_day` sets the level.
#pragma once

#include <array>

namespace hospsim {

// Relative arrival intensity for the hours 0..23 of the day, mean 1.
std::array<double, 24> default_hourly_profile();
// Relative arrival intensity Monday..Sunday, mean 1.
std::array<double, 7> default_weekday_profile();

}  // namespace hospsim
