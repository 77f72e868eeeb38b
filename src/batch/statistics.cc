#include "batch/statistics.h"

#include <cmath>
#include <limits>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace hospsim::batch {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr long long kMaxReplicationsAnswer = 100000000;

double two_sided(double confidence) { return 1.0 - (1.0 - confidence) / 2.0; }

}  // namespace

double student_t_quantile(double p, double degrees_of_freedom) {
  boost::math::students_t distribution(degrees_of_freedom);
  return boost::math::quantile(distribution, p);
}

MeanInterval summarize(const std::vector<double>& values, double confidence) {
  MeanInterval out;
  out.n = static_cast<int>(values.size());
  if (values.empty()) {
    out.mean = out.sd = out.half_width = kNaN;
    return out;
  }
  double sum = 0.0;
  for (double value : values) sum += value;
  out.mean = sum / out.n;
  if (out.n < 2) {
    out.sd = out.half_width = kNaN;
    return out;
  }
  double squares = 0.0;
  for (double value : values) squares += (value - out.mean) * (value - out.mean);
  out.sd = std::sqrt(squares / (out.n - 1));
  out.degrees_of_freedom = out.n - 1;
  out.half_width =
      student_t_quantile(two_sided(confidence), out.degrees_of_freedom) * out.sd / std::sqrt(out.n);
  return out;
}

MeanInterval paired_difference(const std::vector<double>& a, const std::vector<double>& b,
                               double confidence) {
  std::vector<double> differences(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) differences[i] = a[i] - b[i];
  return summarize(differences, confidence);
}

MeanInterval welch_difference(const std::vector<double>& a, const std::vector<double>& b, double confidence) {
  const MeanInterval sa = summarize(a, confidence);
  const MeanInterval sb = summarize(b, confidence);
  MeanInterval out;
  out.n = std::min(sa.n, sb.n);
  out.mean = sa.mean - sb.mean;
  if (sa.n < 2 || sb.n < 2) {
    out.sd = out.half_width = kNaN;
    return out;
  }
  const double va = sa.sd * sa.sd / sa.n;
  const double vb = sb.sd * sb.sd / sb.n;
  const double standard_error = std::sqrt(va + vb);
  out.sd = standard_error;  // the standard error of the difference (there is no single sample sd)
  if (standard_error == 0.0) {
    out.half_width = 0.0;
    out.degrees_of_freedom = sa.n + sb.n - 2;
    return out;
  }
  out.degrees_of_freedom = (va + vb) * (va + vb) / (va * va / (sa.n - 1) + vb * vb / (sb.n - 1));
  out.half_width = student_t_quantile(two_sided(confidence), out.degrees_of_freedom) * standard_error;
  return out;
}

long long replications_for_half_width(double sd, double half_width, double confidence) {
  if (std::isnan(sd) || !(half_width > 0.0)) return -1;
  if (sd == 0.0) return 2;
  const double ratio = sd / half_width;
  // The normal approximation is a lower bound (t > z); walk up from it to the first n that satisfies the
  // t-based condition n >= (t(n - 1) * sd / h)^2 (the gap is a few replications).
  const double z = boost::math::quantile(boost::math::normal_distribution<double>(), two_sided(confidence));
  const double lower = std::ceil(z * z * ratio * ratio);
  if (lower > static_cast<double>(kMaxReplicationsAnswer)) return kMaxReplicationsAnswer;
  long long n = std::max<long long>(2, static_cast<long long>(lower));
  while (n < kMaxReplicationsAnswer) {
    const double t = student_t_quantile(two_sided(confidence), static_cast<double>(n - 1));
    if (static_cast<double>(n) >= std::ceil(t * t * ratio * ratio)) return n;
    ++n;  // the requirement shrinks as n grows, so the first n that meets it is the answer
  }
  return kMaxReplicationsAnswer;
}

}  // namespace hospsim::batch
