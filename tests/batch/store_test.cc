#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "batch/store.h"
#include "metrics/run_metrics.h"
#include "support/test_files.h"

namespace hospsim::batch {
namespace {

using testing::TempDir;
using testing::tiny_scenario;

Sweep two_strategy_sweep(int replications) {
  Result<Sweep> sweep = parse_sweep(R"({"format": "hospsim-sweep/1", "name": "store-test", "description": "d",
                                        "scenario": ")" +
                                        tiny_scenario() + R"(", "strategies": ["none", "same"],
                                        "replications": )" +
                                        std::to_string(replications) + "}",
                                    "sweep.json");
  REQUIRE(sweep.is_ok());
  return sweep.value();
}

}  // namespace

namespace {

// The rows of `rows` at `scope` holding a value or a baseline, as "metric=value/baseline/delta" ("-" for
// none).
std::vector<std::string> defined_rows(const std::vector<MetricValue>& rows, const std::string& scope) {
  auto text = [](const std::optional<double>& x) { return x ? fmt::format("{}", *x) : std::string("-"); };
  std::vector<std::string> out;
  for (const MetricValue& row : rows) {
    if (row.scope != scope || (!row.value && !row.baseline)) continue;
    out.push_back(row.metric + "=" + text(row.value) + "/" + text(row.baseline) + "/" + text(row.delta));
  }
  return out;
}

}  // namespace

TEST_CASE("batch::store: flattens region and hospital metrics, keeping nulls", "[batch]") {
  RunMetrics run;
  set_count(run.region, MetricId::kEdArrivals, 10);
  set_real(run.region, MetricId::kEdWaitMedianMin, 2.5);
  set_count(run.region, MetricId::kSurgeriesMovedOut, 3);  // not reported: the run has no mutual aid
  HospitalMetrics a{"a", {}, {}};
  set_count(a.values, MetricId::kEdArrivals, 6);
  set_real(a.values, MetricId::kEdCensusMean, 6.5);
  a.services.push_back({"ehr", {}});
  set_real(a.services.back().values, MetricId::kAvailabilityPct, 95.5);
  a.services.push_back({"lab", {}});
  set_real(a.services.back().values, MetricId::kAvailabilityPct, 99.0);
  HospitalMetrics b{"b", {}, {}};
  set_count(b.values, MetricId::kEdArrivals, 4);
  run.hospitals = {a, b};
  const std::vector<MetricValue> rows = flatten_metrics(run);

  // Region first, then the hospitals; at each every metric summary.json reports there, in name order, with
  // it_availability_pct where a service has an availability (the lowest: of the hospital's, of all).
  std::vector<std::string> expected;
  for (const MetricInfo& metric : metric_table()) {
    if (metric.scope == MetricScope::kHospitalAndRegion && metric.condition == MetricCondition::kAlways)
      expected.emplace_back(metric.name);
  }
  expected.emplace_back("it_availability_pct");
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> region_names;
  for (std::size_t i = 0; i < rows.size() && rows[i].scope == "region"; ++i)
    region_names.push_back(rows[i].metric);
  CHECK(region_names == expected);
  REQUIRE(rows.size() == 3 * expected.size() - 1);  // b has no service: no it_availability_pct
  CHECK(rows[expected.size()].scope == "a");
  CHECK(rows.back().scope == "b");
  CHECK(defined_rows(rows, "region") == std::vector<std::string>{"ed_arrivals=10/-/-",
                                                                 "ed_wait_median_min=2.5/-/-",
                                                                 "it_availability_pct=95.5/-/-"});
  CHECK(defined_rows(rows, "a") == std::vector<std::string>{"ed_arrivals=6/-/-", "ed_census_mean=6.5/-/-",
                                                            "it_availability_pct=95.5/-/-"});
  CHECK(defined_rows(rows, "b") == std::vector<std::string>{"ed_arrivals=4/-/-"});
  // A metric without a value is a row with a null value.
  const auto wait = std::find_if(rows.begin(), rows.end(), [](const MetricValue& row) {
    return row.scope == "b" && row.metric == "ed_wait_median_min";
  });
  REQUIRE(wait != rows.end());
  CHECK_FALSE(wait->value.has_value());
}

TEST_CASE("batch::store: runs and metrics round-trip", "[batch]") {
  TempDir dir;
  const Sweep sweep = two_strategy_sweep(2);
  {
    Result<Store> store = Store::open(dir.file("b.db"), true);
    REQUIRE(store.is_ok());
    REQUIRE(store->initialize(sweep).is_ok());
    RunRecord run;
    run.id = 3;
    run.configuration = "base";
    run.strategy = "same";
    run.replication = 0;
    run.seed = 1;
    run.wall_seconds = 0.25;
    run.metrics = {{"region", "ed_arrivals", 12.0}, {"region", "ed_wait_p90_min", std::nullopt}};
    REQUIRE(store->record(run).is_ok());
    RunRecord crashed;
    crashed.id = 1;
    crashed.configuration = "base";
    crashed.strategy = "none";
    crashed.status = RunStatus::kCrashed;
    crashed.error = "killed by signal 6 (Aborted)";
    REQUIRE(store->record(crashed).is_ok());

    SECTION("a run id is recorded once") {
      const Status again = store->record(run);
      CHECK(again.code() == StatusCode::kInternal);
      CHECK_THAT(again.message(),
                 Catch::StartsWith("SQLite error while recording run 3: UNIQUE constraint failed"));
    }
  }
  Result<Store> store = Store::open(dir.file("b.db"), false);
  REQUIRE(store.is_ok());
  Result<BatchData> data = store->read();
  REQUIRE(data.is_ok());
  CHECK(data->metadata.at("sweep_name") == "store-test");
  CHECK(data->metadata.at("seed_policy") == "common");
  CHECK(data->configurations == std::vector<std::string>{"base"});
  CHECK(data->strategies == std::vector<std::string>{"none", "same"});
  REQUIRE(data->runs.size() == 2);
  CHECK(data->runs[0].id == 1);
  CHECK(data->runs[0].status == RunStatus::kCrashed);
  CHECK(data->runs[0].error == "killed by signal 6 (Aborted)");
  CHECK(data->runs[1].id == 3);
  CHECK(data->runs[1].wall_seconds == 0.25);
  REQUIRE(data->runs[1].metrics.size() == 2);
  CHECK(data->runs[1].metrics[0].metric == "ed_arrivals");
  CHECK(data->runs[1].metrics[0].value == 12.0);
  CHECK_FALSE(data->runs[1].metrics[1].value.has_value());

  Result<std::set<int>> ids = store->recorded_run_ids();
  REQUIRE(ids.is_ok());
  CHECK(ids.value() == std::set<int>{1, 3});
  Result<int> deleted = store->delete_unsuccessful_runs();
  REQUIRE(deleted.is_ok());
  CHECK(deleted.value() == 1);
  CHECK(store->recorded_run_ids().value() == std::set<int>{3});
}

TEST_CASE("batch::store: a database refuses another sweep", "[batch]") {
  TempDir dir;
  {
    Result<Store> store = Store::open(dir.file("b.db"), true);
    REQUIRE(store.is_ok());
    REQUIRE(store->initialize(two_strategy_sweep(2)).is_ok());
    REQUIRE(store->initialize(two_strategy_sweep(2)).is_ok());  // the same sweep again is fine
  }
  Result<Store> store = Store::open(dir.file("b.db"), false);
  REQUIRE(store.is_ok());
  const Sweep other = two_strategy_sweep(3);
  const Status status = store->initialize(other);
  CHECK(status.code() == StatusCode::kFailedPrecondition);
  CHECK(status.message() == "the database holds a different sweep (fingerprint " +
                                two_strategy_sweep(2).fingerprint() + ", this sweep " + other.fingerprint() +
                                "): it was changed since the batch started; use another --db");
}

TEST_CASE("batch::store: opening a missing database without create fails", "[batch]") {
  Result<Store> store = Store::open("no-such-folder/none.db", false);
  REQUIRE_FALSE(store.is_ok());
  CHECK(store.status().code() == StatusCode::kNotFound);
  CHECK(store.status().message() == "no-such-folder/none.db: cannot open the database (no such file)");
}

}  // namespace hospsim::batch

#include <sqlite3.h>

namespace hospsim::batch {
namespace {

// Runs `sql` on the database at `path` (a test's own access to the file, beside the Store).
void execute(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  const std::string text = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  INFO(text);
  REQUIRE(code == SQLITE_OK);
}

// A database as hospsim wrote it before schema version 2 (no baseline and delta columns), holding
// `sweep` and one run with one metric.
void write_version_1(const std::string& path, const Sweep& sweep) {
  execute(path, R"sql(
CREATE TABLE batch (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE configurations (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL,
                             parameters TEXT NOT NULL);
CREATE TABLE strategies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY, configuration TEXT NOT NULL REFERENCES configurations(name),
  strategy TEXT NOT NULL REFERENCES strategies(name), replication INTEGER NOT NULL, seed INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'crashed', 'timeout')), error TEXT NOT NULL,
  wall_seconds REAL NOT NULL, UNIQUE (configuration, strategy, replication));
CREATE TABLE metrics (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, scope TEXT NOT NULL,
  metric TEXT NOT NULL, value REAL, PRIMARY KEY (run_id, scope, metric)) WITHOUT ROWID;
PRAGMA user_version = 1;
INSERT INTO batch VALUES ('format', 'hospsim-batch/1'), ('sweep_name', 'store-test'),
  ('seed_policy', 'common'), ('fingerprint', ')sql" +
                    sweep.fingerprint() + R"sql(');
INSERT INTO configurations VALUES (1, 'base', 'the scenario as written', '{}');
INSERT INTO strategies VALUES (1, 'none', ''), (2, 'same', '');
INSERT INTO runs VALUES (1, 'base', 'none', 0, 1, 'ok', '', 0.5);
INSERT INTO metrics VALUES (1, 'region', 'ed_arrivals', 61);
)sql");
}

}  // namespace

TEST_CASE("batch::store: paired metrics keep value, baseline and delta", "[batch]") {
  RunMetrics run;
  run.ransomware = true;
  set_count(run.region, MetricId::kEdArrivals, 70);
  set_real(run.region, MetricId::kEdWaitP90Min, 12.5);
  set_count(run.region, MetricId::kAttackHostsInfected, 2);
  HospitalMetrics a{"a", {}, {}};
  set_count(a.values, MetricId::kEdArrivals, 70);
  a.services.push_back({"ehr", {}});
  set_real(a.services.back().values, MetricId::kAvailabilityPct, 90.0);
  run.hospitals = {a};
  RunMetrics baseline;
  set_count(baseline.region, MetricId::kEdArrivals, 64);
  set_count(baseline.region, MetricId::kAttackHostsInfected, 0);  // not reported: no ransomware
  HospitalMetrics base_a{"a", {}, {}};
  set_count(base_a.values, MetricId::kEdArrivals, 64);
  set_real(base_a.values, MetricId::kEdWaitP90Min, 3.25);
  base_a.services.push_back({"ehr", {}});
  set_real(base_a.services.back().values, MetricId::kAvailabilityPct, 100.0);
  baseline.hospitals = {base_a};
  const std::vector<MetricValue> rows = flatten_paired_metrics(run, baseline);
  // A baseline without patients (no wait p90) gives no baseline and no delta; a metric only the run reports
  // (the attack's) none either.
  CHECK(defined_rows(rows, "region") ==
        std::vector<std::string>{"attack_hosts_infected=2/-/-", "ed_arrivals=70/64/6",
                                 "ed_wait_p90_min=12.5/-/-", "it_availability_pct=90/100/-10"});
  // A baseline value without the run's: the baseline, no delta.
  CHECK(defined_rows(rows, "a") == std::vector<std::string>{"ed_arrivals=70/64/6", "ed_wait_p90_min=-/3.25/-",
                                                            "it_availability_pct=90/100/-10"});
}

TEST_CASE("batch::store: a version 1 database is read, and resumed with the baseline columns added",
          "[batch]") {
  TempDir dir;
  const std::string path = dir.file("v1.db");
  const Sweep sweep = two_strategy_sweep(1);
  write_version_1(path, sweep);
  {
    Result<Store> store = Store::open(path, Store::Mode::kRead);
    REQUIRE(store.is_ok());
    Result<BatchData> data = store->read();
    REQUIRE(data.is_ok());
    CHECK_FALSE(data->with_baseline);
    REQUIRE(data->runs.size() == 1);
    REQUIRE(data->runs[0].metrics.size() == 1);
    CHECK(data->runs[0].metrics[0].value == 61.0);
    CHECK_FALSE(data->runs[0].metrics[0].baseline.has_value());
  }
  Result<Store> store = Store::open(path, false);
  REQUIRE(store.is_ok());
  REQUIRE(store->initialize(sweep).is_ok());  // --resume: same fingerprint, the file gains the two columns
  RunRecord run;
  run.id = 2;
  run.configuration = "base";
  run.strategy = "same";
  run.seed = 1;
  run.metrics = {{"region", "ed_arrivals", 61.0}};
  REQUIRE(store->record(run).is_ok());
  Result<BatchData> data = store->read();
  REQUIRE(data.is_ok());
  REQUIRE(data->runs.size() == 2);
  CHECK(data->runs[1].metrics[0].value == 61.0);
  CHECK(store->schema_version().value() == 2);
}

TEST_CASE("batch::store: a database of a newer schema is refused with its version", "[batch]") {
  TempDir dir;
  const std::string path = dir.file("v9.db");
  write_version_1(path, two_strategy_sweep(1));
  execute(path, "PRAGMA user_version = 9");
  Result<Store> store = Store::open(path, Store::Mode::kRead);
  REQUIRE(store.is_ok());
  Result<BatchData> data = store->read();
  REQUIRE_FALSE(data.is_ok());
  CHECK(data.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(data.status().message(),
             Catch::StartsWith("written by a newer hospsim (results schema version 9; this hospsim ") &&
                 Catch::EndsWith(" reads versions 1 to 2): use that hospsim or a newer one"));
}

}  // namespace hospsim::batch

namespace hospsim::batch {

TEST_CASE("batch::store: read_batch_database names the file and says what is wrong with it", "[batch]") {
  TempDir dir;
  SECTION("a missing file") {
    const std::string path = dir.file("none.db");
    Result<BatchData> data = read_batch_database(path);
    REQUIRE_FALSE(data.is_ok());
    CHECK(data.status().code() == StatusCode::kNotFound);
    CHECK(data.status().message() == path + ": cannot open the database (no such file)");
  }
  SECTION("a directory") {
    const std::string path = dir.file("folder.db");
    std::filesystem::create_directories(path);
    Result<BatchData> data = read_batch_database(path);
    REQUIRE_FALSE(data.is_ok());
    CHECK(data.status().code() == StatusCode::kInvalidArgument);
    CHECK(data.status().message() == path + ": is a directory; expected an SQLite results file");
  }
  SECTION("a file that is not a database") {
    const std::string path = dir.write("notes.db", "not a database\n");
    Result<BatchData> data = read_batch_database(path);
    REQUIRE_FALSE(data.is_ok());
    CHECK(data.status().code() == StatusCode::kInvalidArgument);
    CHECK(data.status().message() ==
          path + ": is not a hospsim results database (SQLite: file is not a database)");
  }
  SECTION("an SQLite database that is not a hospsim one") {
    const std::string path = dir.file("other.db");
    execute(path, "CREATE TABLE notes (text TEXT)");
    Result<BatchData> data = read_batch_database(path);
    REQUIRE_FALSE(data.is_ok());
    CHECK(data.status().code() == StatusCode::kInvalidArgument);
    CHECK(data.status().message() == path + ": the database holds no batch");
  }
  SECTION("a newer schema") {
    const std::string path = dir.file("v9.db");
    write_version_1(path, two_strategy_sweep(1));
    execute(path, "PRAGMA user_version = 9");
    Result<BatchData> data = read_batch_database(path);
    REQUIRE_FALSE(data.is_ok());
    CHECK(data.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(
        data.status().message(),
        Catch::StartsWith(path + ": written by a newer hospsim (results schema version 9; this hospsim ") &&
            Catch::EndsWith(" reads versions 1 to 2): use that hospsim or a newer one"));
  }
  SECTION("an older schema is read") {
    const std::string path = dir.file("v1.db");
    write_version_1(path, two_strategy_sweep(1));
    Result<BatchData> data = read_batch_database(path);
    REQUIRE(data.is_ok());
    REQUIRE(data->runs.size() == 1);
    CHECK(data->runs[0].metrics[0].value == 61.0);
  }
}

}  // namespace hospsim::batch
