// The batch result store: one SQLite database per batch (WAL mode, one transaction per run).
//
// Tables (docs/batch.md describes them for users who query the file directly):
//   batch(key, value)                      the sweep's metadata: name, description, files, fingerprint, seeds
//   configurations(id, name, description, parameters)   the expanded configurations, id = position + 1
//   strategies(id, name, description)      the compared strategies, id = position + 1
//   runs(id, configuration, strategy, replication, seed, status, error, wall_seconds)
//        id is derived from (configuration, strategy, replication) (see PlannedRun), so a batch run with
//        any number of workers, or interrupted and resumed, gives the same rows; status is one of
//        "ok", "failed" (the simulation reported an error), "crashed" (the process died), "timeout".
//   metrics(run_id, scope, metric, value, baseline, delta)  scope "region" or a hospital id; value NULL
//        when undefined (e.g. a wait percentile with no patients); baseline (the paired baseline's value) and
//        delta (value - baseline) NULL unless the sweep has "baseline": true (or either side is undefined)
// The schema version is SQLite's user_version: 2 since the baseline and delta columns; a version 1 database
// (written before them) is read as having no baselines, and is given the two columns when a batch resumes
// it; a later version is refused with a message naming it.
// A run and its metrics are written in one transaction, so an interrupted batch loses no finished run and
// never leaves half a run behind.
//
// A Store owns its database connection; it is movable, not copyable. Not for use across fork() (children
// must not touch it).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "batch/sweep.h"
#include "hospsim/metrics.h"
#include "hospsim/status.h"

struct sqlite3;

namespace hospsim::batch {

struct MetricValue {
  std::string scope;  // "region" or a hospital id
  std::string metric;
  std::optional<double> value;
  std::optional<double> baseline =
      std::nullopt;                            // the paired baseline's value (sweeps with "baseline": true)
  std::optional<double> delta = std::nullopt;  // value - baseline
};

// How a run of a batch ended (the runs table's status column holds its name).
enum class RunStatus {
  kOk,       // "ok": its metrics are recorded
  kFailed,   // "failed": the simulation reported an error
  kCrashed,  // "crashed": killed by a signal, or exited without a result
  kTimeout,  // "timeout": killed at the run time limit
};

// "ok", "failed", "crashed", "timeout".
const char* run_status_name(RunStatus status);

struct RunRecord {
  int id = 0;
  std::string configuration;
  std::string strategy;
  int replication = 0;
  std::uint64_t seed = 0;
  RunStatus status = RunStatus::kOk;
  std::string error;          // what went wrong (exit status, stderr tail); empty when ok
  double wall_seconds = 0.0;  // wall-clock time of the run's process
  std::vector<MetricValue> metrics;
};

// Everything `compare` needs from a database.
struct BatchData {
  std::map<std::string, std::string> metadata;        // the batch table
  std::vector<std::string> configurations;            // in sweep order
  std::vector<std::string> configuration_parameters;  // their grid values: JSON objects {pointer: value}
  std::vector<std::string> strategies;                // in sweep order
  bool common_random_numbers = true;                  // seed policy "common"
  bool with_baseline = false;                         // every run has its paired baseline
  std::vector<RunRecord> runs;                        // in id order
};

// Flattens a run's metrics into rows: the region first, then the hospitals in the record's order (by id);
// at each, the metrics summary.json reports there (metrics/run_metrics.h is_reported()) and
// it_availability_pct (the lowest availability_pct of the hospital's services; for the region, the lowest
// over the hospitals; none where a hospital has no service), in name order. A value is the record's number
// as a double; none where the record holds none (or one summary.json writes as null: not finite).
std::vector<MetricValue> flatten_metrics(const RunMetrics& run);

// As flatten_metrics(run), each row with the same row of flatten_metrics(baseline) as its baseline (none
// where the baseline has no such row or no value) and the delta value - baseline (none unless both are
// defined).
std::vector<MetricValue> flatten_paired_metrics(const RunMetrics& run, const RunMetrics& baseline);

// The schema version this hospsim writes (SQLite user_version).
inline constexpr int kStoreSchemaVersion = 2;

class Store {
 public:
  enum class Mode {
    kRead,    // read-only: never writes to the file or switches its journal mode (compare, report --db)
    kWrite,   // read-write, the file must exist
    kCreate,  // read-write, created when missing (batch)
  };
  // Opens the database at `path`. Fails with kNotFound when it does not exist (and mode is not kCreate),
  // kInvalidArgument when it is a directory, not a regular file, not an SQLite database (plain text,
  // truncated) or cannot be opened, kInternal on another SQLite error; every message starts with `path`.
  static Result<Store> open(const std::string& path, Mode mode);
  // open(path, create ? Mode::kCreate : Mode::kWrite).
  static Result<Store> open(const std::string& path, bool create);

  Store(Store&& other) noexcept;
  Store& operator=(Store&& other) noexcept;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

  // Creates the tables if missing and writes the sweep's metadata, configurations and strategies. When the
  // database already holds a sweep, fails with kFailedPrecondition unless its fingerprint is this sweep's.
  Status initialize(const Sweep& sweep);

  // The fingerprint of the sweep stored in the database, "" when there is none yet.
  Result<std::string> fingerprint();

  // The ids of runs already recorded (any status).
  Result<std::set<int>> recorded_run_ids();

  // Deletes the runs whose status is not "ok" (and their metrics), so they run again. Returns how many.
  Result<int> delete_unsuccessful_runs();

  // Writes a run and its metrics in one transaction. Fails with kInternal on an SQLite error (e.g. the id
  // is already recorded).
  Status record(const RunRecord& run);

  // The file's schema version (SQLite user_version: 1 or kStoreSchemaVersion); fails with kInvalidArgument
  // for one newer than this hospsim's.
  Result<int> schema_version();

  // Reads the whole batch. Fails with kFailedPrecondition when the file holds no batch, kInvalidArgument
  // when it is not a hospsim results database or has a newer schema, kInternal on another SQLite error
  // (messages without the path: read_batch_database() names it).
  Result<BatchData> read();

  // The value of `key` in the batch table, "" when it has none (or the file holds no batch yet).
  Result<std::string> metadata_value(const std::string& key);

  // Sets `key` of the batch table to `value`. REQUIRES: initialize() succeeded.
  Status set_metadata_value(const std::string& key, const std::string& value);

  // Makes this empty database hold the sweep of the database at `source_path` (a batch written by this
  // hospsim or an earlier one): creates the tables at kStoreSchemaVersion and copies the batch metadata
  // except the key "shard", the configurations and the strategies; no run. Used by `hospsim merge`. Fails
  // with kFailedPrecondition when this database already holds a batch, kInvalidArgument naming the source
  // when it cannot be read, kInternal on another SQLite error.
  Status initialize_from(const std::string& source_path);

 private:
  explicit Store(sqlite3* db) : db_(db) {}
  Status exec(const char* sql);
  sqlite3* db_ = nullptr;
};

// The whole batch of the database at `path`, for the commands that only read one (hospsim compare, export,
// report --db, merge): Store::open(path, Store::Mode::kRead), then Store::read(). Every failure says what is
// wrong with the file in one wording, starting with `path`:
//   kNotFound           "PATH: cannot open the database (no such file)"
//   kInvalidArgument    "PATH: is a directory; expected an SQLite results file" (or not a regular file),
//                       "PATH: is not a hospsim results database (SQLite: ...)" (plain text, truncated),
//                       "PATH: the database holds no batch" (an SQLite file no batch has written),
//                       "PATH: written by a newer hospsim (results schema version N; ...)"
//   kInternal           "PATH: SQLite error ..."
Result<BatchData> read_batch_database(const std::string& path);

}  // namespace hospsim::batch
