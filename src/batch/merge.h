// Merging batch databases: the shards of a sweep (batch/shard.h), or any databases of the same sweep, into
// one database whose content equals that of one unsharded batch of the sweep (`hospsim merge`,
// docs/cluster.md).
//
// merge_databases() reads every input (Store::read, so schema versions 1 and 2 alike), and refuses, before
// writing anything:
//   - inputs holding different sweeps (their fingerprints differ), naming the files of each sweep;
//   - a run recorded in two inputs with different results (anything but wall_seconds differs: status,
//     error, seed, a metric's value, baseline or delta), naming the run, both files and the first difference;
//     identical copies are fine and written once (the first input's wall_seconds is kept);
//   - a run whose id is not one of the sweep's (1 .. configurations x strategies x replications).
// The output gets the first input's batch metadata without its "shard" key, its configurations and
// strategies (Store::initialize_from), and every run with its metrics, in id order; it is written to a
// temporary file beside OUT and renamed to OUT when complete, so OUT is never half written. Runs missing from
// every input are listed; the output is then written only with `allow_partial`.
// Memory: every input's runs are held at once (one database's worth of results).
#pragma once

#include <string>
#include <vector>

#include "hospsim/status.h"

namespace hospsim::batch {

struct MergeOutcome {
  int total = 0;             // runs of the sweep
  int merged = 0;            // distinct runs found (and written, when `written`)
  int duplicates = 0;        // identical copies of a run in a further input (not written again)
  std::vector<int> missing;  // ids of the runs in no input, ascending
  // When every input is a shard of the same N (its batch table's "shard" is K/N): the shards no input is,
  // "K/N" in increasing K; empty otherwise.
  std::vector<std::string> absent_shards;
  bool written = false;  // OUT was written (every run present, or allow_partial)
};

// Merges `inputs` into a new database `output`. Fails with kInvalidArgument when `output` exists, an input
// cannot be read or holds no batch (read_batch_database(), batch/store.h), or for the refusals above
// (messages in merge.cc, tested in tests/batch/merge_test.cc); kInternal on an SQLite or filesystem error.
// Missing runs are not a failure: the outcome lists them, with written = allow_partial. REQUIRES:
// !inputs.empty().
Result<MergeOutcome> merge_databases(const std::string& output, const std::vector<std::string>& inputs,
                                     bool allow_partial);

// Ascending ids as a compact list: "2, 5-7, 12".
std::string format_run_ids(const std::vector<int>& ids);

}  // namespace hospsim::batch
