#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "hospsim/random.h"
#include "hospsim/scenario.h"

using namespace hospsim;

TEST_CASE("scenario::calendar: weekday_of and days_from_civil", "[scenario]") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(weekday_of(CivilTime{2025, 3, 13, 9, 30, 0}) == 3);  // Thursday
  CHECK(weekday_of(CivilTime{2025, 3, 10, 0, 0, 0}) == 0);   // Monday
  CHECK(weekday_of(CivilTime{2024, 2, 29, 0, 0, 0}) == 3);   // leap day, Thursday
  CHECK(weekday_of(CivilTime{1969, 12, 31, 0, 0, 0}) == 2);  // before the epoch: Wednesday
}

TEST_CASE("scenario::calendar: civil_after, seconds_between and format_civil", "[scenario]") {
  const CivilTime start{2025, 2, 28, 23, 30, 0};
  CHECK(format_civil(civil_after(start, 3600)) == "2025-03-01T00:30");
  CHECK(format_civil(civil_after(start, 59.9)) == "2025-02-28T23:30:59");
  CHECK(format_civil(civil_after(start, -86400)) == "2025-02-27T23:30");
  CHECK(format_civil(civil_after(CivilTime{2024, 12, 31, 23, 59, 59}, 1)) == "2025-01-01T00:00");
  CHECK(seconds_between(start, CivilTime{2025, 3, 1, 0, 0, 0}) == 1800);
  CHECK(seconds_between(CivilTime{2025, 3, 1, 0, 0, 0}, start) == -1800);
  CHECK(seconds_between(CivilTime{2024, 1, 1}, CivilTime{2025, 1, 1}) == 366 * kDay);
}

TEST_CASE("scenario::calendar: Scenario weekday_at and time_of_day", "[scenario]") {
  Scenario s;
  s.start = CivilTime{2025, 3, 13, 9, 30, 0};  // Thursday 09:30
  CHECK(s.weekday_at(0) == 3);
  CHECK(s.weekday_at(14.5 * kHour - 1) == 3);
  CHECK(s.weekday_at(14.5 * kHour) == 4);  // Friday 00:00
  CHECK(s.weekday_at(3 * kDay) == 6);      // Sunday
  CHECK(s.weekday_at(4 * kDay) == 0);      // Monday
  CHECK(s.time_of_day(0) == 9.5 * kHour);
  CHECK(s.time_of_day(kDay + kHour) == 10.5 * kHour);
}

TEST_CASE("scenario::random: same seed and name give the same draws", "[scenario]") {
  RandomStream a(42, "ed/auh/arrivals");
  RandomStream b(42, "ed/auh/arrivals");
  for (int i = 0; i < 1000; ++i) REQUIRE(a.next_u64() == b.next_u64());
  CHECK(stable_hash("") == 0xcbf29ce484222325ULL);
  CHECK(stable_hash("a") == 0xaf63dc4c8601ec8cULL);  // FNV-1a test vector
  // In pieces, the hash of the pieces joined; another basis, another value.
  Fnv1a pieces;
  pieces.add("ed/auh");
  pieces.add("");
  pieces.add("/arrivals");
  CHECK(pieces.value() == stable_hash("ed/auh/arrivals"));
  Fnv1a other(1);
  other.add("ed/auh/arrivals");
  CHECK(other.value() != pieces.value());
}

TEST_CASE("scenario::random: streams differ by name and by seed", "[scenario]") {
  RandomStream a(42, "ed/auh/arrivals");
  RandomStream b(42, "ed/rhg/arrivals");
  RandomStream c(43, "ed/auh/arrivals");
  int same_ab = 0;
  int same_ac = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto x = a.next_u64();
    same_ab += x == b.next_u64();
    same_ac += x == c.next_u64();
  }
  CHECK(same_ab == 0);
  CHECK(same_ac == 0);
  // drawing from one stream does not move another
  RandomStream d(1, "x");
  RandomStream e(1, "y");
  RandomStream e2(1, "y");
  for (int i = 0; i < 10; ++i) d.uniform();
  CHECK(e.uniform() == e2.uniform());
}

TEST_CASE("scenario::random: uniform, exponential and lognormal match their parameters on 1e5 draws",
          "[scenario]") {
  constexpr int kDraws = 100000;
  RandomStream stream(7, "test");
  double sum = 0;
  double minimum = 1;
  for (int i = 0; i < kDraws; ++i) {
    const double u = stream.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
    minimum = std::min(minimum, u);
  }
  CHECK(sum / kDraws == Approx(0.5).margin(0.005));
  sum = 0;
  for (int i = 0; i < kDraws; ++i) sum += stream.exponential(30.0);
  CHECK(sum / kDraws == Approx(30.0).epsilon(0.02));
  std::vector<double> draws(kDraws);
  for (double& x : draws) x = stream.lognormal(60.0, 180.0);
  std::sort(draws.begin(), draws.end());
  CHECK(draws[kDraws / 2] == Approx(60.0).epsilon(0.02));
  CHECK(draws[kDraws * 9 / 10] == Approx(180.0).epsilon(0.03));
  int heads = 0;
  for (int i = 0; i < kDraws; ++i) heads += stream.bernoulli(0.3);
  CHECK(heads / double(kDraws) == Approx(0.3).margin(0.005));
  const double weights[3] = {1, 0, 3};
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < kDraws; ++i) ++counts[stream.categorical(weights, 3)];
  CHECK(counts[1] == 0);
  CHECK(counts[2] / double(kDraws) == Approx(0.75).margin(0.01));
}

TEST_CASE("scenario::random: Distribution summaries and sampling", "[scenario]") {
  CHECK(Distribution::fixed(5).mean() == 5);
  RandomStream stream(1, "d");
  CHECK(stream.sample(Distribution::fixed(5)) == 5);
  const Distribution uniform = Distribution::uniform(10, 20);
  CHECK(uniform.mean() == 15);
  CHECK(uniform.minimum() == 10);
  CHECK(uniform.maximum() == 20);
  for (int i = 0; i < 1000; ++i) {
    const double x = stream.sample(uniform);
    REQUIRE(x >= 10);
    REQUIRE(x < 20);
  }
  const Distribution lognormal = Distribution::lognormal(60, 180);
  const double sigma = std::log(3.0) / kNormalQuantile90;
  CHECK(lognormal.mean() == Approx(60 * std::exp(sigma * sigma / 2)));
  CHECK(lognormal.median() == 60);
  CHECK(Distribution::exponential(10).median() == Approx(10 * std::log(2.0)));
  CHECK(std::isinf(Distribution::exponential(10).maximum()));
}
