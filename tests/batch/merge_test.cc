// Merging databases: written from hand-made runs (no simulation), so every value is known. The merged file
// against one database holding every run, and the refusals with their messages.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <filesystem>

#include "batch/merge.h"
#include "batch/store.h"
#include "support/database_rows.h"
#include "support/test_files.h"

namespace hospsim::batch {
namespace {

using hospsim::testing::TempDir;
using hospsim::testing::tiny_scenario;

// 2 strategies x `replications`: runs 1..2R.
Sweep sweep_with(int replications, bool baseline = false) {
  Result<Sweep> sweep = parse_sweep(R"({"format": "hospsim-sweep/1", "name": "merge-test", "description": "d",
      "scenario": ")" + tiny_scenario() +
                                        R"(", "strategies": ["none", "same"], "baseline": )" +
                                        (baseline ? "true" : "false") +
                                        ", \"replications\": " + std::to_string(replications) + "}",
                                    "sweep.json");
  REQUIRE(sweep.is_ok());
  return sweep.value();
}

// Run `id` of sweep_with(): its metrics are functions of the id, with a null and (baseline) a delta.
RunRecord run_of(const Sweep& sweep, int id) {
  const std::vector<PlannedRun> plan = plan_runs(sweep);
  const PlannedRun& planned = plan.at(id - 1);
  RunRecord run;
  run.id = id;
  run.configuration = sweep.configurations[planned.configuration].name;
  run.strategy = sweep.strategies[planned.strategy];
  run.replication = planned.replication;
  run.seed = planned.seed;
  run.wall_seconds = 0.25 * id;
  run.metrics = {{"hosp", "ed_arrivals", 20.0 + id},
                 {"region", "ed_arrivals", 20.0 + id},
                 {"region", "ed_wait_p90_min", std::nullopt}};
  if (sweep.baseline) {
    run.metrics[1].baseline = 20.0;
    run.metrics[1].delta = static_cast<double>(id);
  }
  return run;
}

// A database of `sweep` holding runs `ids`; the run `failed` (if any) is recorded as crashed.
std::string database(const TempDir& dir, const std::string& name, const Sweep& sweep, std::vector<int> ids,
                     int failed = 0) {
  const std::string path = dir.file(name);
  Result<Store> store = Store::open(path, Store::Mode::kCreate);
  REQUIRE(store.is_ok());
  REQUIRE(store->initialize(sweep).is_ok());
  for (int id : ids) {
    RunRecord run = run_of(sweep, id);
    if (id == failed) {
      run.status = RunStatus::kCrashed;
      run.error = "killed by signal 6 (Aborted)";
      run.metrics.clear();
    }
    REQUIRE(store->record(run).is_ok());
  }
  return path;
}

std::string rows(const std::string& path, const std::string& sql) {
  return hospsim::testing::database_rows(path, sql);
}
std::string content(const std::string& path) { return hospsim::testing::database_content(path); }

Status failure_of(const Result<MergeOutcome>& outcome) {
  REQUIRE_FALSE(outcome.is_ok());
  CHECK(outcome.status().code() == StatusCode::kInvalidArgument);
  return outcome.status();
}

}  // namespace

TEST_CASE("batch::merge: shards merge into the content of one whole database", "[batch]") {
  TempDir dir;
  for (const bool baseline : {false, true}) {
    INFO("baseline " << baseline);
    const Sweep sweep = sweep_with(3, baseline);  // runs 1..6
    const std::string tag = baseline ? "b" : "n";
    const std::string whole = database(dir, tag + "whole.db", sweep, {1, 2, 3, 4, 5, 6}, 4);
    // Shards in any order, one holding an identical copy of run 3, run 4 crashed in both.
    const std::string first = database(dir, tag + "s0.db", sweep, {1, 3, 4}, 4);
    const std::string second = database(dir, tag + "s1.db", sweep, {6, 2, 3, 5});
    {
      Result<Store> store = Store::open(first, Store::Mode::kWrite);
      REQUIRE(store.is_ok());
      REQUIRE(store->set_metadata_value("shard", "0/2").is_ok());
    }
    const std::string merged = dir.file(tag + "merged.db");
    Result<MergeOutcome> outcome = merge_databases(merged, {second, first}, false);
    REQUIRE(outcome.is_ok());
    CHECK(outcome->total == 6);
    CHECK(outcome->merged == 6);
    CHECK(outcome->duplicates == 1);
    CHECK(outcome->missing.empty());
    CHECK(outcome->written);
    CHECK(content(merged) == content(whole));
    CHECK_THAT(content(merged), Catch::Contains("\n4|base|same|0|1|crashed|killed by signal 6 (Aborted)\n"));
    CHECK(rows(merged, "SELECT count(*) FROM batch WHERE key = 'shard'") == "0\n");
    // Read back as a batch: compare and export read it this way.
    Result<Store> store = Store::open(merged, Store::Mode::kRead);
    REQUIRE(store.is_ok());
    Result<BatchData> data = store->read();
    REQUIRE(data.is_ok());
    CHECK(data->runs.size() == 6);
    CHECK(data->with_baseline == baseline);
    CHECK(data->runs[4].wall_seconds == 1.25);  // run 5, from the input that held it
    // No temporary file left beside it.
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.file(""))) {
      files += entry.path().filename().string().find("merging") != std::string::npos;
    }
    CHECK(files == 0);
  }
}

TEST_CASE("batch::merge: missing runs are listed; written only when partial merges are allowed", "[batch]") {
  TempDir dir;
  const Sweep sweep = sweep_with(4);  // runs 1..8
  const std::string input = database(dir, "s.db", sweep, {1, 4, 8});
  Result<MergeOutcome> refused = merge_databases(dir.file("out.db"), {input}, false);
  REQUIRE(refused.is_ok());
  CHECK(refused->missing == std::vector<int>{2, 3, 5, 6, 7});
  CHECK(format_run_ids(refused->missing) == "2-3, 5-7");
  CHECK_FALSE(refused->written);
  CHECK(refused->absent_shards.empty());  // not a shard database
  CHECK_FALSE(std::filesystem::exists(dir.file("out.db")));

  SECTION("the shards no input is") {
    const std::string first = database(dir, "s0.db", sweep, {1, 4});
    const std::string third = database(dir, "s2.db", sweep, {3, 6});
    for (const auto& [path, shard] : {std::pair{first, "0/3"}, std::pair{third, "2/3"}}) {
      Result<Store> store = Store::open(path, Store::Mode::kWrite);
      REQUIRE(store.is_ok());
      REQUIRE(store->set_metadata_value("shard", shard).is_ok());
    }
    Result<MergeOutcome> shards = merge_databases(dir.file("out.db"), {third, first}, false);
    REQUIRE(shards.is_ok());
    CHECK(shards->absent_shards == std::vector<std::string>{"1/3"});
    CHECK(format_run_ids(shards->missing) == "2, 5, 7-8");
  }
  Result<MergeOutcome> partial = merge_databases(dir.file("out.db"), {input}, true);
  REQUIRE(partial.is_ok());
  CHECK(partial->written);
  CHECK(partial->merged == 3);
  CHECK(rows(dir.file("out.db"), "SELECT id FROM runs ORDER BY id") == "1\n4\n8\n");
}

TEST_CASE("batch::merge: refusals name the files and the difference", "[batch]") {
  TempDir dir;
  const Sweep sweep = sweep_with(2);
  const std::string a = database(dir, "a.db", sweep, {1, 2});
  const std::string out = dir.file("out.db");

  SECTION("different sweeps") {
    const Sweep other = sweep_with(3);
    const std::string b = database(dir, "b.db", other, {3});
    const std::string c = database(dir, "c.db", sweep, {3, 4});
    CHECK(failure_of(merge_databases(out, {a, b, c}, false)).message() ==
          "the inputs hold different sweeps: " + a + ", " + c + " hold sweep 'merge-test' (fingerprint " +
              sweep.fingerprint() + "); " + b + " holds sweep 'merge-test' (fingerprint " +
              other.fingerprint() + "); merge the databases of one sweep only");
    CHECK_FALSE(std::filesystem::exists(out));
  }
  SECTION("a run with two different results") {
    const std::string b = database(dir, "b.db", sweep, {2, 3});
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(b.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "UPDATE metrics SET value = 22.5 WHERE run_id = 2 AND scope = 'region'", nullptr,
                         nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(failure_of(merge_databases(out, {a, b}, false)).message() ==
          "run 2 (configuration 'base', strategy 'none', replication 1) has different results in " + a +
              " and " + b + ": region:ed_arrivals is 22 in " + a + " and 22.5 in " + b);
    CHECK_FALSE(std::filesystem::exists(out));
  }
  SECTION("a run ok in one input and crashed in another") {
    const std::string b = database(dir, "b.db", sweep, {2}, 2);
    CHECK(failure_of(merge_databases(out, {a, b}, false)).message() ==
          "run 2 (configuration 'base', strategy 'none', replication 1) has different results in " + a +
              " and " + b + ": the status is ok in " + a + " and crashed in " + b);
  }
  SECTION("an existing output") {
    CHECK(failure_of(merge_databases(a, {a}, false)).message() ==
          "'" + a +
              "' already exists: choose another output "
              "file");
  }
  SECTION("an input that is not a database") {
    const std::string text = dir.write("notes.txt", "not a database\n");
    CHECK_THAT(failure_of(merge_databases(out, {a, text}, false)).message(),
               Catch::StartsWith(text + ": is not a hospsim results database"));
  }
  SECTION("an input without a batch") {
    const std::string empty = dir.file("empty.db");
    REQUIRE(Store::open(empty, Store::Mode::kCreate).is_ok());
    CHECK(failure_of(merge_databases(out, {a, empty}, false)).message() ==
          empty + ": the database holds no batch");
  }
}

}  // namespace hospsim::batch
