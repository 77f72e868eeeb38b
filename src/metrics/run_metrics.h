// Setting, reading and writing the typed metrics of a run (RunMetrics, include/hospsim/metrics.h) by the
// metric table (metrics/metric_table.h).
//
// The collector sets each value by id with the kind the table gives it; summary.json, the batch store and the
// child-to-parent message are written from the record and the table alone:
//   - a place reports a metric when the table's scope puts it there and its condition held in the run;
//   - a reported value is written as an integer (count), a real in nlohmann's shortest round-trip form, or
//     null when the record holds none.
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "hospsim/metrics.h"
#include "metrics/metric_table.h"

namespace hospsim {

// The places of a run's record.
enum class MetricPlace { kHospital, kRegion, kService };

// Sets `id` in `record`. set_count() REQUIRES a metric of kind kCount, set_real() one of kind kReal (both
// throw std::logic_error otherwise); set_real() of NaN clears the value (null in summary.json).
void set_count(MetricRecord& record, MetricId id, std::int64_t value);
void set_real(MetricRecord& record, MetricId id, double value);

// Whether `place` of `metrics` reports `id`: the table's scope puts the metric there (kHospitalAndRegion at
// hospitals and the region, kRegion at the region, kService at services; kBatch nowhere) and its condition
// held in the run.
bool is_reported(const RunMetrics& metrics, MetricId id, MetricPlace place);

// The value of `id` in `record` as summary.json writes it: an integer, a real, or null.
nlohmann::json metric_json(const MetricRecord& record, MetricId id);

// The value of `id` in `record` where summary.json writes a number: none where it writes null (the record
// holds no value, or a real that is not finite, which JSON cannot hold). What the batch store and the run
// tables read, so that they show what summary.json holds.
std::optional<MetricNumber> written_value(const MetricRecord& record, MetricId id);

// it_availability_pct of the metric table: the lowest availability_pct (as written_value()) of a service
// of `hospital`, or of any service of `metrics`; none when no service has one.
std::optional<double> lowest_availability(const HospitalMetrics& hospital);
std::optional<double> lowest_availability(const RunMetrics& metrics);

// The metrics `place` reports, as a JSON object keyed by metric name.
nlohmann::json metrics_object(const RunMetrics& metrics, const MetricRecord& record, MetricPlace place);

// {"region": {...}, "hospitals": {id: {...}}}: summary.json's "metrics" of a run without a baseline.
nlohmann::json metrics_json(const RunMetrics& metrics);
// {hospital: {service: {...}}}: summary.json's "it".
nlohmann::json it_json(const RunMetrics& metrics);

// The record as a message between processes, and back: every value exactly, by id (not by name).
// metrics_from_message() throws nlohmann::json::exception or std::invalid_argument on a message of another
// shape.
nlohmann::json to_message(const RunMetrics& metrics);
RunMetrics metrics_from_message(const nlohmann::json& message);

}  // namespace hospsim
