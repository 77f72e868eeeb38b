// Statistics of replications: mean, standard deviation, Student-t confidence intervals, paired and Welch
// differences, and the number of replications that gives a requested confidence-interval half-width.
//
// All intervals are two-sided at `confidence` (0.95 by default) and use the Student t distribution with the
// stated degrees of freedom (Boost.Math students_t quantile). With fewer than two values the standard
// deviation and the interval are undefined and given as NaN.
#pragma once

#include <vector>

namespace hospsim::batch {

// The mean of a sample with its two-sided Student-t confidence interval (or of a difference of means).
struct MeanInterval {
  int n = 0;
  double mean = 0.0;        // NaN when n == 0
  double sd = 0.0;          // sample standard deviation (n - 1 in the denominator); NaN when n < 2
  double half_width = 0.0;  // t(1 - (1 - confidence) / 2, dof) * standard error; NaN when undefined
  double degrees_of_freedom = 0.0;
  double low() const { return mean - half_width; }
  double high() const { return mean + half_width; }
};

// The quantile of Student's t distribution with `degrees_of_freedom` (> 0, may be fractional) at
// probability p (0 < p < 1).
double student_t_quantile(double p, double degrees_of_freedom);

// Mean, sd and the t interval of the mean of `values` (dof n - 1).
MeanInterval summarize(const std::vector<double>& values, double confidence = 0.95);

// The paired difference a[i] - b[i] (common random numbers): summarize() of the differences.
// REQUIRES: a.size() == b.size()
MeanInterval paired_difference(const std::vector<double>& a, const std::vector<double>& b,
                          double confidence = 0.95);

// The difference of means mean(a) - mean(b) of two independent samples, Welch's interval (Welch-Satterthwaite
// degrees of freedom); n is min(na, nb). Undefined (NaN) unless both have at least two values.
MeanInterval welch_difference(const std::vector<double>& a, const std::vector<double>& b,
                         double confidence = 0.95);

// The smallest n >= 2 with t(1 - (1 - confidence) / 2, n - 1) * sd / sqrt(n) <= half_width, i.e. the
// replications needed for a confidence interval of that half-width when the standard deviation is `sd`
// (n = ceil((t * sd / h)^2), iterated on t). Returns 2 when sd is 0, -1 when sd is NaN or half_width <= 0,
// and caps the answer at 100000000.
long long replications_for_half_width(double sd, double half_width, double confidence = 0.95);

}  // namespace hospsim::batch
