#include "report/metric_text.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "metrics/metric_table.h"

namespace hospsim {

namespace {

double as_double(const MetricNumber& number) {
  return std::visit([](auto value) { return static_cast<double>(value); }, number);
}

}  // namespace

const HospitalMetrics* find_hospital(const RunMetrics& metrics, std::string_view hospital) {
  const auto found = std::find_if(metrics.hospitals.begin(), metrics.hospitals.end(),
                                  [hospital](const HospitalMetrics& h) { return h.hospital == hospital; });
  return found == metrics.hospitals.end() ? nullptr : &*found;
}

PlaceMetrics region_metrics(const PairedRunMetrics& metrics) {
  PlaceMetrics out;
  out.place = MetricPlace::kRegion;
  out.run = &metrics.run;
  out.values = &metrics.run.region;
  if (metrics.baseline) {
    out.baseline = &*metrics.baseline;
    out.baseline_values = &metrics.baseline->region;
  }
  return out;
}

PlaceMetrics hospital_metrics(const PairedRunMetrics& metrics, std::string_view hospital) {
  PlaceMetrics out;
  out.place = MetricPlace::kHospital;
  out.run = &metrics.run;
  if (const HospitalMetrics* found = find_hospital(metrics.run, hospital)) out.values = &found->values;
  if (metrics.baseline) {
    out.baseline = &*metrics.baseline;
    if (const HospitalMetrics* found = find_hospital(*metrics.baseline, hospital))
      out.baseline_values = &found->values;
  }
  return out;
}

MetricCell metric_cell(const PlaceMetrics& place, MetricId id) {
  MetricCell out;
  if (place.run == nullptr || place.values == nullptr || !is_reported(*place.run, id, place.place))
    return out;
  const std::optional<MetricNumber> value = written_value(*place.values, id);
  if (value) {
    out.present = true;
    out.value = as_double(*value);
  }
  if (place.baseline == nullptr || place.baseline_values == nullptr ||
      !is_reported(*place.baseline, id, place.place)) {
    return out;
  }
  const std::optional<MetricNumber> base = written_value(*place.baseline_values, id);
  if (!base) return out;
  out.baseline = as_double(*base);
  if (!value) return out;
  // As paired_value() (metrics/summary.h): an integer change of two counts, else of the two reals.
  const double delta = out.value - *out.baseline;
  const auto* count = std::get_if<std::int64_t>(&*value);
  const auto* base_count = std::get_if<std::int64_t>(&*base);
  std::int64_t count_delta = 0;  // a read-back summary.json may hold any 64-bit counts: no overflow
  out.delta = count && base_count && !__builtin_sub_overflow(*count, *base_count, &count_delta)
                  ? static_cast<double>(count_delta)
                  : delta;
  if (!std::isfinite(*out.delta)) out.delta.reset();
  if (*out.baseline != 0.0 && std::isfinite(100.0 * delta / *out.baseline)) {
    out.delta_pct = 100.0 * delta / *out.baseline;
  }
  return out;
}

std::string count_text(double value) { return fmt::format("{:.0f}", value); }

namespace {

// The percentage is shown: the baseline is known and not small (or, for an older summary without the
// baseline, the percentage is defined).
bool percent_shown(const MetricCell& cell) {
  if (!cell.delta_pct) return false;
  return !cell.baseline || std::fabs(*cell.baseline) >= kSmallestBaselineForPercent;
}

}  // namespace

std::string change_suffix(const MetricCell& cell) {
  if (!cell.delta) return "";
  if (percent_shown(cell)) return fmt::format(" ({:+.0f}, {:+.1f}%)", *cell.delta, *cell.delta_pct);
  if (cell.baseline) return fmt::format(" ({:+.0f} from {:.0f})", *cell.delta, *cell.baseline);
  return fmt::format(" ({:+.0f})", *cell.delta);
}

std::string change_text(const MetricCell& cell) { return count_text(cell.value) + change_suffix(cell); }

std::string delta_text(const MetricCell& cell) {
  if (!cell.delta) return "-";
  if (percent_shown(cell)) return fmt::format("{:+.0f} ({:+.1f}%)", *cell.delta, *cell.delta_pct);
  if (cell.baseline) return fmt::format("{:+.0f} (from {:.0f})", *cell.delta, *cell.baseline);
  return fmt::format("{:+.0f}", *cell.delta);
}

}  // namespace hospsim
