// The metrics of a run in one table: each metric's name, unit, kind of value, which way is better, where it
// is reported and what it means.
//
// summary.json holds exactly these names: its "metrics" section per hospital and for the region, its "it"
// section per hospital and service; the batch store adds it_availability_pct. A run's values are held by id
// (MetricId, include/hospsim/metrics.h, one per row in the table's order) in a RunMetrics record, and
// summary.json is written from that record and this table (metrics/run_metrics.h). `hospsim compare` takes
// its directions from here, and docs/model.md ("Metrics") lists the same names; the test
// metrics::metric_table checks the collector's record and the document against it.
#pragma once

#include <string_view>
#include <vector>

#include "hospsim/metrics.h"

namespace hospsim {

// How a value is written in summary.json: kCount an integer, kReal a number (or null where said).
enum class MetricKind { kCount, kReal };

// Which way is better when comparing strategies. Load (arrivals, census), cancellations, waits, LWBS,
// diversion, backlog and boarding are lower-is-better; work done and availability higher-is-better.
enum class Better { kLower, kHigher };

// Where a metric is reported.
enum class MetricScope {
  kHospitalAndRegion,  // summary.json metrics, per hospital and for the region
  kRegion,             // summary.json metrics, for the region only
  kService,            // summary.json it, per hospital and service
  kBatch,              // the batch store, per hospital and for the region (derived from the it section)
};

// When a metric is reported (the others' outputs do not change when a mechanism is added).
enum class MetricCondition {
  kAlways,
  kMutualAid,       // the scenario enables mutual aid for planned surgery
  kTestTurnaround,  // the scenario models a downtime test turnaround
  kRansomware,      // the scenario has a ransomware injection
};

struct MetricInfo {
  MetricId id;  // the row's id: metric_table()[i].id == MetricId(i)
  std::string_view name;
  std::string_view unit;  // "cases", "visits", "patients", "hours", "minutes", "%", ...
  MetricKind kind;
  Better better;
  MetricScope scope;
  MetricCondition condition;
  std::string_view description;  // one line; docs/model.md has the full definition
};

// Every metric, in the order of docs/model.md ("Metrics").
const std::vector<MetricInfo>& metric_table();

// The row of `id`.
const MetricInfo& metric_info(MetricId id);

// The metric called `name`, or nullptr when the table has none.
const MetricInfo* find_metric(std::string_view name);

}  // namespace hospsim
