// The tidy export of a batch database (`hospsim export`, docs/batch.md): one CSV row per run, scope and
// metric, ready for pandas or R.
//
// Columns: configuration, strategy, replication (0-based), seed, status, scope ("region" or a hospital id),
// metric, value, baseline, delta, then one column per grid key of the sweep (the configuration's value of
// that key; empty for a configuration that skips it). A grid column is named after the last token of its
// JSON pointer, as configuration names are, or after the whole pointer without its leading '/' when two
// keys end alike, or the whole pointer when that name is already a column. Numbers are the shortest text
// that reads back to the same double; undefined values (a wait percentile without patients, the baseline
// of a sweep without "baseline": true) are empty fields. A run that is not "ok" has one row, with empty
// scope, metric and values, so failures stay visible. Rows follow the run ids; within a run the region
// comes first, then the hospitals in id order, metrics in name order.
#pragma once

#include <string>

#include "batch/store.h"

namespace hospsim::batch {

// The CSV text (header line first) of `data`. Deterministic: the same database gives the same bytes.
std::string export_csv(const BatchData& data);

}  // namespace hospsim::batch
