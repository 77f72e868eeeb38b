#include <catch2/catch.hpp>

#include <cmath>

#include "batch/statistics.h"

namespace hospsim::batch {

TEST_CASE("batch::statistics: mean, sd and t interval of 1..5 match a hand computation", "[batch]") {
  // mean 3; s = sqrt(10 / 4) = 1.58114; t(0.975, 4) = 2.77645; half-width = 2.77645 * 1.58114 / sqrt(5).
  const MeanInterval summary = summarize({1, 2, 3, 4, 5});
  CHECK(summary.n == 5);
  CHECK(summary.mean == Approx(3.0));
  CHECK(summary.sd == Approx(1.58114).epsilon(1e-5));
  CHECK(summary.degrees_of_freedom == 4);
  CHECK(summary.half_width == Approx(1.96324).epsilon(1e-5));
  CHECK(summary.low() == Approx(1.03676).epsilon(1e-5));
  CHECK(summary.high() == Approx(4.96324).epsilon(1e-5));
}

TEST_CASE("batch::statistics: Student t quantiles", "[batch]") {
  CHECK(student_t_quantile(0.975, 4) == Approx(2.776445).epsilon(1e-6));
  CHECK(student_t_quantile(0.975, 1) == Approx(12.706205).epsilon(1e-6));
  CHECK(student_t_quantile(0.975, 30) == Approx(2.042272).epsilon(1e-6));
}

TEST_CASE("batch::statistics: too few values give undefined spread", "[batch]") {
  SECTION("none") {
    const MeanInterval summary = summarize({});
    CHECK(summary.n == 0);
    CHECK(std::isnan(summary.mean));
    CHECK(std::isnan(summary.half_width));
  }
  SECTION("one") {
    const MeanInterval summary = summarize({7});
    CHECK(summary.mean == 7);
    CHECK(std::isnan(summary.sd));
    CHECK(std::isnan(summary.half_width));
  }
}

TEST_CASE("batch::statistics: identical samples give a zero paired difference of zero width", "[batch]") {
  const MeanInterval difference = paired_difference({4, 8, 15, 16, 23}, {4, 8, 15, 16, 23});
  CHECK(difference.n == 5);
  CHECK(difference.mean == 0.0);
  CHECK(difference.sd == 0.0);
  CHECK(difference.half_width == 0.0);
}

TEST_CASE("batch::statistics: paired difference removes the common noise", "[batch]") {
  // Differences 1, 1, 2, 1, 1 -> mean 1.2, s = sqrt(0.8 / 4) = 0.44721, half-width 2.77645 * 0.44721 /
  // sqrt(5).
  const MeanInterval difference = paired_difference({11, 21, 32, 41, 51}, {10, 20, 30, 40, 50});
  CHECK(difference.mean == Approx(1.2));
  CHECK(difference.sd == Approx(0.447214).epsilon(1e-5));
  CHECK(difference.half_width == Approx(0.555290).epsilon(1e-5));
}

TEST_CASE("batch::statistics: Welch interval of two independent samples", "[batch]") {
  // a = 1,2,3 (mean 2, s^2 1), b = 2,4,6 (mean 4, s^2 4): se = sqrt(1/3 + 4/3) = 1.29099,
  // dof = (5/3)^2 / ((1/3)^2 / 2 + (4/3)^2 / 2) = 50/17 = 2.94118.
  const MeanInterval difference = welch_difference({1, 2, 3}, {2, 4, 6});
  CHECK(difference.mean == Approx(-2.0));
  CHECK(difference.sd == Approx(1.290994).epsilon(1e-5));
  CHECK(difference.degrees_of_freedom == Approx(50.0 / 17.0));
  CHECK(difference.half_width == Approx(student_t_quantile(0.975, 50.0 / 17.0) * 1.290994).epsilon(1e-5));
}

TEST_CASE("batch::statistics: replications for a half-width", "[batch]") {
  SECTION("s = 1.5811, h = 2: n = 4 gives 3.1824 * 1.5811 / 2 = 2.52 > 2, n = 5 gives 1.963 <= 2") {
    CHECK(replications_for_half_width(std::sqrt(2.5), 2.0) == 5);
  }
  SECTION("s = 10, h = 1: the smallest n with t(n - 1) * 10 / sqrt(n) <= 1") {
    const long long n = replications_for_half_width(10.0, 1.0);
    CHECK(n > 385);  // the normal approximation (1.96 * 10)^2 = 384.2 is a lower bound
    CHECK(student_t_quantile(0.975, n - 1) * 10.0 / std::sqrt(n) <= 1.0);
    CHECK(student_t_quantile(0.975, n - 2) * 10.0 / std::sqrt(n - 1) > 1.0);
  }
  SECTION("no spread needs the minimum of two") { CHECK(replications_for_half_width(0.0, 1.0) == 2); }
  SECTION("undefined") {
    CHECK(replications_for_half_width(NAN, 1.0) == -1);
    CHECK(replications_for_half_width(1.0, 0.0) == -1);
  }
}

}  // namespace hospsim::batch
