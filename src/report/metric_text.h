// A metric of a run as the tables of `hospsim run` (report/run_tables.h) and the HTML report
// (report/html_report.h) show it: its value and, for a run with its paired baseline, its change. The values
// are read by MetricId from the typed records of the run and its baseline (RunMetrics,
// include/hospsim/metrics.h): those the run computed, or summary.json read back (report/run_files.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hospsim/metrics.h"
#include "metrics/run_metrics.h"

namespace hospsim {

struct MetricCell {
  bool present = false;  // the value is a number (not null, not missing)
  double value = 0.0;
  std::optional<double> baseline;   // the paired baseline's value; none without one
  std::optional<double> delta;      // against the baseline; none without one
  std::optional<double> delta_pct;  // none also when the baseline is 0
};

// Below this baseline (in the metric's unit: patients, cases, minutes) a percentage change is not shown: one
// patient more is already 5% or more of it, so the percentage says more about the small baseline than about
// the change. The change is written with its baseline instead ("+21 from 8").
inline constexpr double kSmallestBaselineForPercent = 20.0;

// One place of a PairedRunMetrics, the region or one hospital: its records in the run and in the baseline
// (nullptr where the run has no baseline or no such hospital). Points into the PairedRunMetrics it was taken
// from, which must outlive it.
struct PlaceMetrics {
  MetricPlace place = MetricPlace::kRegion;
  const RunMetrics* run = nullptr;
  const MetricRecord* values = nullptr;
  const RunMetrics* baseline = nullptr;
  const MetricRecord* baseline_values = nullptr;
};
PlaceMetrics region_metrics(const PairedRunMetrics& metrics);
PlaceMetrics hospital_metrics(const PairedRunMetrics& metrics, std::string_view hospital);

// The hospital `hospital` of `metrics`, nullptr when it has none.
const HospitalMetrics* find_hospital(const RunMetrics& metrics, std::string_view hospital);

// Metric `id` of `place` as summary.json reports it (metrics/summary.h): present when the place reports the
// metric (is_reported(): its scope and condition) and holds a finite value (summary.json writes anything
// else as null); with a baseline, the baseline's value on the same terms, and the change as paired_value()
// computes it (delta_pct none when the baseline is 0).
MetricCell metric_cell(const PlaceMetrics& place, MetricId id);

// A count, rounded: "160".
std::string count_text(double value);

// The change of a metric against the baseline: " (+35, +0.9%)"; " (+21 from 8)" when the baseline is below
// kSmallestBaselineForPercent (or the percentage is undefined); "" without a baseline.
std::string change_suffix(const MetricCell& cell);

// A count with its change: "4051 (+35, +0.9%)", "29 (+21 from 8)", "160".
std::string change_text(const MetricCell& cell);

// The change alone: "+16 (+1.1%)", "+9 (from 3)" when the baseline is below kSmallestBaselineForPercent (or
// the percentage is undefined), "-" without a baseline.
std::string delta_text(const MetricCell& cell);

}  // namespace hospsim
