#include "batch/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <utility>
#include <variant>

#include "hospsim/version.h"
#include "metrics/metric_table.h"
#include "metrics/run_metrics.h"

namespace hospsim::batch {

const char* run_status_name(RunStatus status) {
  switch (status) {
    case RunStatus::kOk:
      return "ok";
    case RunStatus::kFailed:
      return "failed";
    case RunStatus::kCrashed:
      return "crashed";
    case RunStatus::kTimeout:
      return "timeout";
  }
  return "?";
}

namespace {

// The status a runs table holds (the schema allows only the four names); nullopt for anything else.
std::optional<RunStatus> run_status_of(const std::string& name) {
  for (RunStatus status : {RunStatus::kOk, RunStatus::kFailed, RunStatus::kCrashed, RunStatus::kTimeout}) {
    if (name == run_status_name(status)) return status;
  }
  return std::nullopt;
}

constexpr int kSchemaVersion = kStoreSchemaVersion;
constexpr const char* kStoreFormat = "hospsim-batch/1";

const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS batch (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS configurations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  parameters TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS strategies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  configuration TEXT NOT NULL REFERENCES configurations(name),
  strategy TEXT NOT NULL REFERENCES strategies(name),
  replication INTEGER NOT NULL,
  seed INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'crashed', 'timeout')),
  error TEXT NOT NULL,
  wall_seconds REAL NOT NULL,
  UNIQUE (configuration, strategy, replication)
);
CREATE TABLE IF NOT EXISTS metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  scope TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL,
  baseline REAL,
  delta REAL,
  PRIMARY KEY (run_id, scope, metric)
) WITHOUT ROWID;
)sql";

// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK) statement_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return statement_ != nullptr; }
  sqlite3_stmt* get() { return statement_; }
  void bind(int index, const std::string& text) {
    sqlite3_bind_text(statement_, index, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void bind(int index, long long value) { sqlite3_bind_int64(statement_, index, value); }
  void bind(int index, double value) { sqlite3_bind_double(statement_, index, value); }
  void bind_null(int index) { sqlite3_bind_null(statement_, index); }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(statement_); }
  void reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  std::string text(int column) {
    const unsigned char* value = sqlite3_column_text(statement_, column);
    return value == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(value));
  }
  long long integer(int column) { return sqlite3_column_int64(statement_, column); }
  double real(int column) { return sqlite3_column_double(statement_, column); }
  bool is_null(int column) { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

// A failed query. A corrupt or truncated file (SQLITE_CORRUPT, SQLITE_NOTADB) is bad input (the caller names
// the file).
Status sqlite_error(sqlite3* db, const std::string& what) {
  const int code = sqlite3_extended_errcode(db) & 0xFF;
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
    return Status::invalid_argument("is not a hospsim results database (SQLite error while " + what + ": " +
                                    sqlite3_errmsg(db) + ")");
  }
  return Status::internal("SQLite error while " + what + ": " + sqlite3_errmsg(db));
}

std::string strategy_description(const Sweep& sweep, const std::string& strategy) {
  if (strategy == kNoStrategy) return "the scenario as written, no strategy";
  if (sweep.configurations.empty()) return "";
  const Result<nlohmann::ordered_json> first = sweep.scenario_of(0);
  if (!first.is_ok()) return "";
  const nlohmann::ordered_json& scenario = first.value();
  if (!scenario.contains("strategies") || !scenario.at("strategies").is_object()) return "";
  const auto& strategies = scenario.at("strategies");
  if (!strategies.contains(strategy) || !strategies.at(strategy).is_object()) return "";
  const auto& body = strategies.at(strategy);
  if (!body.contains("description") || !body.at("description").is_string()) return "";
  return body.at("description").get<std::string>();
}

}  // namespace

namespace {

// A value as a row holds it: as summary.json writes it, none for null.
std::optional<double> row_value(const MetricRecord& values, MetricId id) {
  const std::optional<MetricNumber> value = written_value(values, id);
  if (!value) return std::nullopt;
  return std::visit([](auto n) { return static_cast<double>(n); }, *value);
}

// The rows of one place: the metrics `run` reports there and, when given, it_availability_pct, in name
// order.
void add_place(std::vector<MetricValue>& rows, const std::string& scope, const RunMetrics& run,
               const MetricRecord& values, MetricPlace place, std::optional<double> it_availability) {
  std::vector<MetricValue> place_rows;
  for (const MetricInfo& metric : metric_table()) {
    if (is_reported(run, metric.id, place))
      place_rows.push_back({scope, std::string(metric.name), row_value(values, metric.id)});
  }
  if (it_availability) {
    place_rows.push_back(
        {scope, std::string(metric_info(MetricId::kItAvailabilityPct).name), it_availability});
  }
  std::sort(place_rows.begin(), place_rows.end(),
            [](const MetricValue& a, const MetricValue& b) { return a.metric < b.metric; });
  rows.insert(rows.end(), place_rows.begin(), place_rows.end());
}

}  // namespace

std::vector<MetricValue> flatten_metrics(const RunMetrics& run) {
  std::vector<MetricValue> rows;
  add_place(rows, "region", run, run.region, MetricPlace::kRegion, lowest_availability(run));
  for (const HospitalMetrics& hospital : run.hospitals) {
    add_place(rows, hospital.hospital, run, hospital.values, MetricPlace::kHospital,
              lowest_availability(hospital));
  }
  return rows;
}

std::vector<MetricValue> flatten_paired_metrics(const RunMetrics& run, const RunMetrics& baseline) {
  std::vector<MetricValue> rows = flatten_metrics(run);
  std::map<std::pair<std::string, std::string>, std::optional<double>> base_rows;
  for (MetricValue& row : flatten_metrics(baseline))
    base_rows.emplace(std::pair(std::move(row.scope), std::move(row.metric)), row.value);
  for (MetricValue& row : rows) {
    const auto base = base_rows.find({row.scope, row.metric});
    if (base == base_rows.end() || !base->second) continue;
    row.baseline = base->second;
    if (row.value) row.delta = *row.value - *row.baseline;
  }
  return rows;
}

namespace {

// A failure of SQLite on the file at `path`: a file that is not an SQLite database (plain text, truncated,
// corrupt) is bad input (exit 2); anything else is ours (exit 3).
Status open_error(const std::string& path, int code, const std::string& message) {
  const int primary = code & 0xFF;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
    return Status::invalid_argument(path + ": is not a hospsim results database (SQLite: " + message + ")");
  }
  if (primary == SQLITE_CANTOPEN || primary == SQLITE_PERM || primary == SQLITE_READONLY) {
    return Status::invalid_argument(path + ": cannot open the database (SQLite: " + message + ")");
  }
  return Status::internal(path + ": SQLite error: " + message);
}

}  // namespace

Result<Store> Store::open(const std::string& path, bool create) {
  return open(path, create ? Mode::kCreate : Mode::kWrite);
}

Result<Store> Store::open(const std::string& path, Mode mode) {
  std::error_code error;
  const bool exists = std::filesystem::exists(path, error);
  if (mode != Mode::kCreate && !exists)
    return Status::not_found(path + ": cannot open the database (no such file)");
  if (exists && std::filesystem::is_directory(path, error)) {
    return Status::invalid_argument(path + ": is a directory; expected an SQLite results file");
  }
  if (exists && !std::filesystem::is_regular_file(path, error)) {
    return Status::invalid_argument(path + ": is not a regular file; expected an SQLite results file");
  }
  auto connect = [&path](const std::string& name, int flags) -> Result<Store> {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(name.c_str(), &db, flags, nullptr) != SQLITE_OK) {
      const int code = db != nullptr ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
      const std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      return open_error(path, code, message);
    }
    sqlite3_busy_timeout(db, 10000);
    sqlite3_extended_result_codes(db, 1);
    return Store(db);
  };
  if (mode == Mode::kRead) {
    // Where the file may be written, through a connection that can write but is query_only: nothing is
    // written to the database, and the last such connection to close removes the -wal and -shm files a
    // reader of a WAL database creates (a read-only connection leaves them behind). Any failure falls
    // through to the read-only connection below, which gives the error.
    {
      Result<Store> store = connect(path, SQLITE_OPEN_READWRITE);
      if (store.is_ok() && sqlite3_db_readonly(store->db_, "main") == 0 &&
          sqlite3_exec(store->db_, "PRAGMA query_only=ON; SELECT count(*) FROM sqlite_master", nullptr, nullptr,
                       nullptr) == SQLITE_OK) {
        return store;
      }
    }
    // Read-only: nothing is written (no journal mode switch), so a database on a read-only filesystem or
    // without write permission can be read. The first query reads the header, so a file that is not a
    // database fails here. A WAL database whose -shm file cannot be created (read-only folder) is read as
    // immutable when it has no -wal file (then every committed transaction is in the main file).
    for (const bool immutable : {false, true}) {
      if (immutable && std::filesystem::exists(path + "-wal", error)) break;
      const std::string name =
          immutable ? "file:" + path + "?immutable=1" : path;  // NOLINT: a path with '?' only matters below
      const int flags = SQLITE_OPEN_READONLY | (immutable ? SQLITE_OPEN_URI : 0);
      Result<Store> store = connect(name, flags);
      if (!store.is_ok()) return store.status();
      const int code =
          sqlite3_exec(store->db_, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
      if (code == SQLITE_OK) return store;
      const int extended = sqlite3_extended_errcode(store->db_);
      const std::string message = sqlite3_errmsg(store->db_);
      if ((extended & 0xFF) != SQLITE_CANTOPEN || immutable) return open_error(path, extended, message);
    }
    return Status::invalid_argument(path + ": cannot open the database read-only");
  }
  Result<Store> store =
      connect(path, SQLITE_OPEN_READWRITE | (mode == Mode::kCreate ? SQLITE_OPEN_CREATE : 0));
  if (!store.is_ok()) return store.status();
  // WAL: readers (compare) do not block the writer; with synchronous=NORMAL a committed run survives a crash
  // of this process.
  char* message = nullptr;
  if (sqlite3_exec(store->db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                   nullptr, nullptr, &message) != SQLITE_OK) {
    const int code = sqlite3_extended_errcode(store->db_);
    const std::string text = message != nullptr ? message : sqlite3_errmsg(store->db_);
    sqlite3_free(message);
    return open_error(path, code, text);
  }
  return store;
}

Store::Store(Store&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Store& Store::operator=(Store&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Store::~Store() { sqlite3_close(db_); }

Status Store::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message != nullptr ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return Status::internal("SQLite error: " + text);
  }
  return Status::ok();
}

Result<std::string> Store::fingerprint() {
  {
    Statement has_table(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'batch'");
    if (!has_table.ok()) return sqlite_error(db_, "reading the schema");
    if (has_table.step() != SQLITE_ROW) return std::string();
  }
  Statement select(db_, "SELECT value FROM batch WHERE key = 'fingerprint'");
  if (!select.ok()) return sqlite_error(db_, "reading the batch metadata");
  if (select.step() != SQLITE_ROW) return std::string();
  return select.text(0);
}

Result<int> Store::schema_version() {
  Statement select(db_, "PRAGMA user_version");
  if (!select.ok() || select.step() != SQLITE_ROW) return sqlite_error(db_, "reading the schema version");
  const int version = static_cast<int>(select.integer(0));
  if (version > kSchemaVersion) {
    return Status::invalid_argument("written by a newer hospsim (results schema version " +
                                    std::to_string(version) +
                                    "; this hospsim " HOSPSIM_VERSION " reads versions 1 to " +
                                    std::to_string(kSchemaVersion) + "): use that hospsim or a newer one");
  }
  return version;
}

Status Store::initialize(const Sweep& sweep) {
  Result<std::string> existing = fingerprint();
  if (!existing.is_ok()) return existing.status();
  const std::string fingerprint = sweep.fingerprint();
  if (!existing.value().empty()) {
    Result<int> version = schema_version();
    if (!version.is_ok()) return version.status();
    if (existing.value() != fingerprint) {
      return Status::failed_precondition("the database holds a different sweep (fingerprint " +
                                         existing.value() + ", this sweep " + fingerprint +
                                         "): it was changed since the batch started; use another --db");
    }
    if (version.value() < 2) {
      // Written before the baseline columns: add them (NULL for the runs recorded), so the runs of this
      // resumed batch are written as every other; older hospsim versions still read the file.
      if (Status status = exec("BEGIN IMMEDIATE"); !status.is_ok()) return status;
      for (const char* sql : {"ALTER TABLE metrics ADD COLUMN baseline REAL",
                              "ALTER TABLE metrics ADD COLUMN delta REAL", "PRAGMA user_version = 2"}) {
        if (Status status = exec(sql); !status.is_ok()) {
          exec("ROLLBACK").is_ok();
          return status;
        }
      }
      return exec("COMMIT");
    }
    return Status::ok();
  }
  if (Status status = exec(kSchema); !status.is_ok()) return status;
  if (Status status = exec(("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
      !status.is_ok()) {
    return status;
  }
  if (Status status = exec("BEGIN IMMEDIATE"); !status.is_ok()) return status;
  auto fail = [this](const std::string& what) {
    Status status = sqlite_error(db_, what);
    exec("ROLLBACK").is_ok();
    return status;
  };
  {
    Statement insert(db_, "INSERT INTO batch (key, value) VALUES (?, ?)");
    if (!insert.ok()) return fail("preparing the metadata");
    const std::vector<std::pair<std::string, std::string>> metadata = {
        {"format", kStoreFormat},
        {"hospsim_version", HOSPSIM_VERSION},
        {"sweep_name", sweep.name},
        {"sweep_description", sweep.description},
        {"sweep_file", std::filesystem::path(sweep.file).filename().string()},
        {"scenario_file", sweep.scenario_file},
        {"fingerprint", fingerprint},
        {"replications", std::to_string(sweep.replications)},
        {"seed_policy", sweep.seed_policy == SeedPolicy::kCommon ? "common" : "independent"},
        {"base_seed", std::to_string(sweep.base_seed)},
        {"baseline", sweep.baseline ? "true" : "false"},
    };
    for (const auto& [key, value] : metadata) {
      insert.bind(1, key);
      insert.bind(2, value);
      if (insert.step() != SQLITE_DONE) return fail("writing the metadata");
      insert.reset();
    }
  }
  {
    Statement insert(db_,
                     "INSERT INTO configurations (id, name, description, parameters) VALUES (?, ?, ?, ?)");
    if (!insert.ok()) return fail("preparing the configurations");
    for (std::size_t i = 0; i < sweep.configurations.size(); ++i) {
      const Configuration& configuration = sweep.configurations[i];
      insert.bind(1, static_cast<long long>(i + 1));
      insert.bind(2, configuration.name);
      insert.bind(3, configuration.description);
      insert.bind(4, configuration.parameters.dump());
      if (insert.step() != SQLITE_DONE) return fail("writing the configurations");
      insert.reset();
    }
  }
  {
    Statement insert(db_, "INSERT INTO strategies (id, name, description) VALUES (?, ?, ?)");
    if (!insert.ok()) return fail("preparing the strategies");
    for (std::size_t i = 0; i < sweep.strategies.size(); ++i) {
      insert.bind(1, static_cast<long long>(i + 1));
      insert.bind(2, sweep.strategies[i]);
      insert.bind(3, strategy_description(sweep, sweep.strategies[i]));
      if (insert.step() != SQLITE_DONE) return fail("writing the strategies");
      insert.reset();
    }
  }
  return exec("COMMIT");
}

Result<std::set<int>> Store::recorded_run_ids() {
  Statement select(db_, "SELECT id FROM runs");
  if (!select.ok()) return sqlite_error(db_, "reading the runs");
  std::set<int> ids;
  int code;
  while ((code = select.step()) == SQLITE_ROW) ids.insert(static_cast<int>(select.integer(0)));
  if (code != SQLITE_DONE) return sqlite_error(db_, "reading the runs");
  return ids;
}

Result<int> Store::delete_unsuccessful_runs() {
  if (Status status = exec("BEGIN IMMEDIATE"); !status.is_ok()) return status;
  if (Status status = exec("DELETE FROM metrics WHERE run_id IN (SELECT id FROM runs WHERE status <> 'ok')");
      !status.is_ok()) {
    exec("ROLLBACK").is_ok();
    return status;
  }
  if (Status status = exec("DELETE FROM runs WHERE status <> 'ok'"); !status.is_ok()) {
    exec("ROLLBACK").is_ok();
    return status;
  }
  const int deleted = sqlite3_changes(db_);
  if (Status status = exec("COMMIT"); !status.is_ok()) return status;
  return deleted;
}

Status Store::record(const RunRecord& run) {
  if (Status status = exec("BEGIN IMMEDIATE"); !status.is_ok()) return status;
  auto fail = [this, &run](const std::string& what) {
    Status status = sqlite_error(db_, what + " run " + std::to_string(run.id));
    exec("ROLLBACK").is_ok();
    return status;
  };
  {
    Statement insert(
        db_,
        "INSERT INTO runs (id, configuration, strategy, replication, seed, status, error, wall_seconds) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert.ok()) return fail("preparing");
    insert.bind(1, static_cast<long long>(run.id));
    insert.bind(2, run.configuration);
    insert.bind(3, run.strategy);
    insert.bind(4, static_cast<long long>(run.replication));
    insert.bind(5, static_cast<long long>(run.seed));
    insert.bind(6, std::string(run_status_name(run.status)));
    insert.bind(7, run.error);
    insert.bind(8, run.wall_seconds);
    if (insert.step() != SQLITE_DONE) return fail("recording");
  }
  {
    Statement insert(
        db_, "INSERT INTO metrics (run_id, scope, metric, value, baseline, delta) VALUES (?, ?, ?, ?, ?, ?)");
    if (!insert.ok()) return fail("preparing the metrics of");
    for (const MetricValue& metric : run.metrics) {
      insert.bind(1, static_cast<long long>(run.id));
      insert.bind(2, metric.scope);
      insert.bind(3, metric.metric);
      int column = 4;
      for (const std::optional<double>& number : {metric.value, metric.baseline, metric.delta}) {
        if (number.has_value()) {
          insert.bind(column, *number);
        } else {
          insert.bind_null(column);
        }
        ++column;
      }
      if (insert.step() != SQLITE_DONE) return fail("recording the metrics of");
      insert.reset();
    }
  }
  return exec("COMMIT");
}

Result<BatchData> Store::read() {
  Result<std::string> stored = fingerprint();
  if (!stored.is_ok()) return stored.status();
  if (stored.value().empty()) return Status::failed_precondition("the database holds no batch");
  Result<int> version = schema_version();
  if (!version.is_ok()) return version.status();
  BatchData data;
  {
    Statement select(db_, "SELECT key, value FROM batch ORDER BY key");
    if (!select.ok()) return sqlite_error(db_, "reading the batch metadata");
    while (select.step() == SQLITE_ROW) data.metadata[select.text(0)] = select.text(1);
  }
  data.common_random_numbers = data.metadata["seed_policy"] != "independent";
  data.with_baseline = data.metadata.count("baseline") > 0 && data.metadata.at("baseline") == "true";
  {
    Statement select(db_, "SELECT name, parameters FROM configurations ORDER BY id");
    if (!select.ok()) return sqlite_error(db_, "reading the configurations");
    while (select.step() == SQLITE_ROW) {
      data.configurations.push_back(select.text(0));
      data.configuration_parameters.push_back(select.text(1));
    }
  }
  {
    Statement select(db_, "SELECT name FROM strategies ORDER BY id");
    if (!select.ok()) return sqlite_error(db_, "reading the strategies");
    while (select.step() == SQLITE_ROW) data.strategies.push_back(select.text(0));
  }
  std::map<int, std::size_t> index_of;
  {
    Statement select(db_,
                     "SELECT id, configuration, strategy, replication, seed, status, error, wall_seconds "
                     "FROM runs ORDER BY id");
    if (!select.ok()) return sqlite_error(db_, "reading the runs");
    int code;
    while ((code = select.step()) == SQLITE_ROW) {
      RunRecord run;
      run.id = static_cast<int>(select.integer(0));
      run.configuration = select.text(1);
      run.strategy = select.text(2);
      run.replication = static_cast<int>(select.integer(3));
      run.seed = static_cast<std::uint64_t>(select.integer(4));
      const std::optional<RunStatus> status = run_status_of(select.text(5));
      if (!status) {
        return Status::invalid_argument("run " + std::to_string(run.id) + " has an unknown status '" +
                                        select.text(5) + "'");
      }
      run.status = *status;
      run.error = select.text(6);
      run.wall_seconds = select.real(7);
      index_of[run.id] = data.runs.size();
      data.runs.push_back(std::move(run));
    }
    if (code != SQLITE_DONE) return sqlite_error(db_, "reading the runs");
  }
  {
    // A version 1 database has no baseline columns.
    Statement select(db_, version.value() >= 2
                              ? "SELECT run_id, scope, metric, value, baseline, delta FROM metrics "
                                "ORDER BY run_id, scope, metric"
                              : "SELECT run_id, scope, metric, value, NULL, NULL FROM metrics "
                                "ORDER BY run_id, scope, metric");
    if (!select.ok()) return sqlite_error(db_, "reading the metrics");
    int code;
    while ((code = select.step()) == SQLITE_ROW) {
      const auto found = index_of.find(static_cast<int>(select.integer(0)));
      if (found == index_of.end()) continue;
      MetricValue value{select.text(1), select.text(2), std::nullopt, std::nullopt, std::nullopt};
      if (!select.is_null(3)) value.value = select.real(3);
      if (!select.is_null(4)) value.baseline = select.real(4);
      if (!select.is_null(5)) value.delta = select.real(5);
      data.runs[found->second].metrics.push_back(std::move(value));
    }
    if (code != SQLITE_DONE) return sqlite_error(db_, "reading the metrics");
  }
  return data;
}

}  // namespace hospsim::batch

namespace hospsim::batch {

Result<std::string> Store::metadata_value(const std::string& key) {
  Result<std::string> stored = fingerprint();
  if (!stored.is_ok()) return stored.status();
  if (stored.value().empty()) return std::string();
  Statement select(db_, "SELECT value FROM batch WHERE key = ?");
  if (!select.ok()) return sqlite_error(db_, "reading the batch metadata");
  select.bind(1, key);
  const int code = select.step();
  if (code == SQLITE_ROW) return select.text(0);
  if (code != SQLITE_DONE) return sqlite_error(db_, "reading the batch metadata");
  return std::string();
}

Status Store::set_metadata_value(const std::string& key, const std::string& value) {
  Statement insert(db_, "INSERT OR REPLACE INTO batch (key, value) VALUES (?, ?)");
  if (!insert.ok()) return sqlite_error(db_, "preparing the batch metadata");
  insert.bind(1, key);
  insert.bind(2, value);
  if (insert.step() != SQLITE_DONE) return sqlite_error(db_, "writing the batch metadata");
  return Status::ok();
}

Status Store::initialize_from(const std::string& source_path) {
  Result<std::string> existing = fingerprint();
  if (!existing.is_ok()) return existing.status();
  if (!existing.value().empty()) return Status::failed_precondition("the database already holds a batch");
  if (Status status = exec(kSchema); !status.is_ok()) return status;
  if (Status status = exec(("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
      !status.is_ok()) {
    return status;
  }
  {
    Statement attach(db_, "ATTACH DATABASE ? AS source");
    if (!attach.ok()) return sqlite_error(db_, "preparing to read " + source_path);
    attach.bind(1, source_path);
    if (attach.step() != SQLITE_DONE) {
      return Status::invalid_argument(source_path + ": cannot be read (SQLite: " + sqlite3_errmsg(db_) + ")");
    }
  }
  Status copied = exec(
      "BEGIN IMMEDIATE;"
      "INSERT INTO main.batch (key, value) SELECT key, value FROM source.batch WHERE key <> 'shard';"
      "INSERT INTO main.configurations (id, name, description, parameters) "
      "  SELECT id, name, description, parameters FROM source.configurations ORDER BY id;"
      "INSERT INTO main.strategies (id, name, description) "
      "  SELECT id, name, description FROM source.strategies ORDER BY id;"
      "COMMIT;");
  if (!copied.is_ok()) exec("ROLLBACK").is_ok();
  if (Status detached = exec("DETACH DATABASE source"); copied.is_ok() && !detached.is_ok()) return detached;
  return copied;
}

Result<BatchData> read_batch_database(const std::string& path) {
  Result<Store> store = Store::open(path, Store::Mode::kRead);
  if (!store.is_ok()) return store.status();
  Result<BatchData> data = store->read();
  if (data.is_ok()) return data;
  // A file that holds no batch is a bad input to a command that reads one, as is one of a newer schema.
  const std::string message = path + ": " + data.status().message();
  return data.status().code() == StatusCode::kInternal ? Status::internal(message)
                                                       : Status::invalid_argument(message);
}

}  // namespace hospsim::batch
