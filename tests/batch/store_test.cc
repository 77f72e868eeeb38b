#include <catch2/catch.hpp>

#include "batch/store.h"
#include "batch_test_support.h"

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

TEST_CASE("batch::store: flattens region and hospital metrics, keeping nulls", "[batch]") {
  const nlohmann::json metrics = nlohmann::json::parse(
      R"({"region": {"ed_arrivals": 10, "ed_wait_p90_min": null, "name": "skipped"},
          "hospitals": {"b": {"ed_arrivals": 4}, "a": {"ed_arrivals": 6.5}}})");
  const std::vector<MetricValue> rows = flatten_metrics(metrics);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].scope == "region");
  CHECK(rows[0].metric == "ed_arrivals");
  CHECK(rows[0].value == 10.0);
  CHECK(rows[1].metric == "ed_wait_p90_min");
  CHECK_FALSE(rows[1].value.has_value());
  CHECK(rows[2].scope == "a");
  CHECK(rows[2].value == 6.5);
  CHECK(rows[3].scope == "b");
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
    crashed.status = "crashed";
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
  CHECK(data->runs[0].status == "crashed");
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
  CHECK(store.status().message() == "cannot open 'no-such-folder/none.db': no such file");
}

}  // namespace hospsim::batch
