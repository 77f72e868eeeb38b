// Comparing strategies from a batch database: per configuration and strategy the mean, standard deviation
// and 95% Student-t interval of each metric; the difference against a baseline strategy (paired by
// replication under common random numbers, Welch's interval for independent seeds); a ranking per
// configuration and metric; and the replications that would give a requested interval half-width.
//
// Direction: for most metrics lower is better (cancellations, waits, LWBS, diversion, backlog, boarding,
// ED arrivals, i.e. load); a few are higher-is-better (surgeries_performed, outpatient_attended,
// availability_pct). direction_of() reads it from the metric table (src/metrics/metric_table.h), the one
// place where it is written; docs/batch.md lists it.
// Runs that are not "ok" and null values (e.g. a percentile of no patients) are left out: n counts what
// remains, and a paired difference uses the replications where both strategies have a value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "batch/statistics.h"
#include "batch/store.h"
#include "hospsim/status.h"

namespace hospsim::batch {

// A metric of one scope: "ed_arrivals" (region) or "auh:ed_arrivals" (hospital auh).
struct MetricRef {
  std::string scope = "region";
  std::string metric;
  std::string label() const;  // "region:ed_arrivals" / "auh:ed_arrivals"
};

// Parses "METRIC" or "SCOPE:METRIC". Fails with kInvalidArgument on an empty part.
Result<MetricRef> parse_metric(const std::string& text);

// The metrics compared when none are named.
std::vector<MetricRef> default_metrics();

enum class Direction { kLowerIsBetter, kHigherIsBetter };
Direction direction_of(const std::string& metric);
const char* direction_text(Direction direction);  // "lower is better" / "higher is better"

struct CompareOptions {
  std::string baseline;            // "" = "none" when the batch has it, else its first strategy
  std::vector<MetricRef> metrics;  // empty = default_metrics()
  double half_width = 0.0;         // > 0: also report the replications for intervals of this half-width
  double confidence = 0.95;
};

struct ComparisonRow {
  std::string configuration;
  std::string strategy;
  int failed_runs = 0;    // runs of this cell that are not "ok"
  MeanInterval estimate;  // of the metric over replications
  bool is_baseline = false;
  std::optional<MeanInterval> difference;         // strategy - baseline; absent for the baseline itself
  int rank = 0;                                   // 1 = best within the configuration; 0 = no value
  long long replications_needed = -1;             // for the mean's half-width (-1: not requested/undefined)
  long long difference_replications_needed = -1;  // for the difference's half-width
};

struct MetricComparison {
  MetricRef metric;
  Direction direction = Direction::kLowerIsBetter;
  std::vector<ComparisonRow> rows;  // configurations in sweep order, strategies in sweep order within each
};

struct Comparison {
  std::string sweep_name;
  std::string baseline;
  bool paired = true;  // common random numbers: paired differences; otherwise Welch
  double confidence = 0.95;
  double half_width = 0.0;
  int runs = 0;
  int failed_runs = 0;
  std::vector<MetricComparison> metrics;
};

// Fails with kNotFound when the baseline strategy or a metric is not in the batch, kFailedPrecondition when
// no run succeeded.
Result<Comparison> compare(const BatchData& data, const CompareOptions& options);

// The comparison as aligned text tables (one per metric), CSV (one header, one row per metric, configuration
// and strategy; empty fields for undefined values; numbers with 10 significant digits) or Markdown tables.
std::string format_table(const Comparison& comparison);
std::string format_csv(const Comparison& comparison);
std::string format_markdown(const Comparison& comparison);

}  // namespace hospsim::batch
