// Shards of a sweep: the partition's properties for N = 1..64, its hand-computed cases, the shard from the
// environment of array schedulers, and a database tied to its shard.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "batch/runner.h"
#include "batch/shard.h"
#include "support/test_files.h"

namespace hospsim::batch {
namespace {

using hospsim::testing::TempDir;
using hospsim::testing::tiny_scenario;

Sweep sweep_of(const std::string& grid_and_rest) {
  Result<Sweep> sweep = parse_sweep(R"({"format": "hospsim-sweep/1", "name": "shards", "description": "d",
      "scenario": ")" + tiny_scenario() +
                                        R"(", "strategies": ["none", "same", "second-link"], )" +
                                        grid_and_rest + "}",
                                    "sweep.json");
  REQUIRE(sweep.is_ok());
  return sweep.value();
}

// Every run costs the same: 2 outage durations x 3 strategies x 7 replications = 42 runs.
Sweep uniform_sweep() {
  return sweep_of(R"("grid": {"/injections/cut/duration": ["2h", "8h"]}, "replications": 7)");
}

// Configurations of 1, 2 and 3 simulated days x 3 strategies x 5 replications = 45 runs.
Sweep weighted_sweep() { return sweep_of(R"("grid": {"/horizon": ["1d", "2d", "3d"]}, "replications": 5)"); }

using Environment = std::map<std::string, std::string>;

Result<Shard> shard_in(const Environment& environment) {
  return shard_from_environment([&environment](const char* name) -> const char* {
    const auto found = environment.find(name);
    return found == environment.end() ? nullptr : found->second.c_str();
  });
}

std::string message_of(const Result<Shard>& shard) {
  REQUIRE_FALSE(shard.is_ok());
  CHECK(shard.status().code() == StatusCode::kInvalidArgument);
  return shard.status().message();
}

}  // namespace

TEST_CASE("batch::shard: run costs are hospitals x simulated seconds of the configuration", "[batch]") {
  const Sweep sweep = weighted_sweep();
  const std::vector<PlannedRun> plan = plan_runs(sweep);
  const std::vector<std::uint64_t> costs = run_costs(sweep, plan);
  REQUIRE(costs.size() == 45);
  // One hospital; runs 1-15 are horizon=1d, 16-30 2d, 31-45 3d.
  CHECK(costs[0] == 86400);
  CHECK(costs[14] == 86400);
  CHECK(costs[15] == 172800);
  CHECK(costs[44] == 259200);
}

TEST_CASE("batch::shard: longest first, each run to the least loaded shard", "[batch]") {
  SECTION("hand-computed: costs 3 3 2 2 2 over 2 shards") {
    // 3 -> 0 (3), 3 -> 1 (3), 2 -> 0 (5), 2 -> 1 (5), 2 -> 0 (7).
    CHECK(assign_shards({3, 3, 2, 2, 2}, 2) == std::vector<int>{0, 1, 0, 1, 0});
  }
  SECTION("hand-computed: a heavy run late in the plan is dealt first") {
    // 10 -> shard 0; then the three 1s in plan order to the least loaded: shard 1, shard 2, shard 1 (loads
    // 10, 2, 1; between equal loads the lowest shard).
    CHECK(assign_shards({1, 1, 1, 10}, 3) == std::vector<int>{1, 2, 1, 0});
  }
  SECTION("equal costs: round robin in plan order") {
    const Sweep sweep = uniform_sweep();
    const std::vector<PlannedRun> plan = plan_runs(sweep);
    const std::vector<int> shards = assign_shards(run_costs(sweep, plan), 4);
    for (std::size_t i = 0; i < plan.size(); ++i) CHECK(shards[i] == (plan[i].id - 1) % 4);
  }
  SECTION("one shard holds everything") { CHECK(assign_shards({5, 1, 7}, 1) == std::vector<int>{0, 0, 0}); }
}

TEST_CASE("batch::shard: every run in exactly one shard, stable and balanced for N = 1..64", "[batch]") {
  for (const Sweep& sweep : {uniform_sweep(), weighted_sweep()}) {
    const std::vector<PlannedRun> plan = plan_runs(sweep);
    const std::vector<std::uint64_t> costs = run_costs(sweep, plan);
    const std::uint64_t heaviest = *std::max_element(costs.begin(), costs.end());
    const bool uniform =
        std::all_of(costs.begin(), costs.end(), [&](std::uint64_t c) { return c == costs[0]; });
    for (int count = 1; count <= 64; ++count) {
      INFO("sweep with " << plan.size() << " runs, N = " << count);
      std::map<int, int> shard_of_id;
      std::vector<std::uint64_t> load(count, 0);
      std::vector<std::size_t> size(count, 0);
      for (int index = 0; index < count; ++index) {
        const std::vector<PlannedRun> runs = runs_of_shard(sweep, plan, {index, count});
        // Stable: the same runs on a second call.
        const std::vector<PlannedRun> again = runs_of_shard(sweep, plan, {index, count});
        REQUIRE(runs.size() == again.size());
        for (std::size_t i = 0; i < runs.size(); ++i) CHECK(runs[i].id == again[i].id);
        for (std::size_t i = 0; i < runs.size(); ++i) {
          if (i > 0) CHECK(runs[i - 1].id < runs[i].id);         // plan order
          CHECK(shard_of_id.emplace(runs[i].id, index).second);  // in no other shard
          load[index] += costs[runs[i].id - 1];
        }
        size[index] = runs.size();
      }
      CHECK(shard_of_id.size() == plan.size());  // every run in some shard
      const auto [lightest, heaviest_load] = std::minmax_element(load.begin(), load.end());
      CHECK(*heaviest_load - *lightest <= heaviest);
      if (uniform) {
        const auto [smallest, largest] = std::minmax_element(size.begin(), size.end());
        CHECK(*largest - *smallest <= 1);
      }
    }
  }
}

TEST_CASE("batch::shard: the weighted sweep over 4 shards, by hand", "[batch]") {
  // 15 runs of 3 days, 15 of 2, 15 of 1: 90 days, 22.5 per shard. The 3-day runs go round robin (loads 12 12
  // 12 9); the 2-day runs fill shard 3 first (11, 13), then 0 1 2 3 0 1 2 3 0 1 2 3 0 (20 18 18 19); the
  // 1-day runs go to 1 2 1 2 3 (20 20 20 20), then round robin 0 1 2 3 0 1 2 3 0 1: 23 23 22 22.
  const Sweep sweep = weighted_sweep();
  const std::vector<PlannedRun> plan = plan_runs(sweep);
  std::vector<std::uint64_t> days;
  for (int index = 0; index < 4; ++index) {
    std::uint64_t total = 0;
    for (const PlannedRun& run : runs_of_shard(sweep, plan, {index, 4})) total += run.configuration + 1;
    days.push_back(total);
  }
  CHECK(days == std::vector<std::uint64_t>{23, 23, 22, 22});
}

TEST_CASE("batch::shard: K/N is parsed strictly, K from 0", "[batch]") {
  CHECK(parse_shard("0/1").value() == Shard{0, 1});
  CHECK(parse_shard("3/4").value() == Shard{3, 4});
  CHECK(parse_shard("3/4").value().text() == "3/4");
  for (const char* bad :
       {"4/4", "1/0", "-1/4", "1", "1/", "/4", "a/4", "1/4/2", " 1/4", "1/100001", "1.0/4"}) {
    INFO(bad);
    const Result<Shard> shard = parse_shard(bad);
    CHECK(message_of(shard) == std::string("--shard \"") + bad +
                                   "\": expected K/N with 0 <= K < N <= 100000 (shards are numbered from 0), "
                                   "e.g. 0/4");
  }
}

TEST_CASE("batch::shard: --shard auto reads Slurm's and Kubernetes' array variables", "[batch]") {
  SECTION("Slurm --array=0-3") {
    CHECK(shard_in(
              {{"SLURM_ARRAY_TASK_ID", "2"}, {"SLURM_ARRAY_TASK_COUNT", "4"}, {"SLURM_ARRAY_TASK_MIN", "0"}})
              .value() == Shard{2, 4});
  }
  SECTION("Slurm --array=1-4 starts at shard 0") {
    CHECK(shard_in(
              {{"SLURM_ARRAY_TASK_ID", "1"}, {"SLURM_ARRAY_TASK_COUNT", "4"}, {"SLURM_ARRAY_TASK_MIN", "1"}})
              .value() == Shard{0, 4});
    CHECK(shard_in(
              {{"SLURM_ARRAY_TASK_ID", "4"}, {"SLURM_ARRAY_TASK_COUNT", "4"}, {"SLURM_ARRAY_TASK_MIN", "1"}})
              .value() == Shard{3, 4});
  }
  SECTION("Slurm --array=10-16:2") {
    CHECK(shard_in({{"SLURM_ARRAY_TASK_ID", "14"},
                    {"SLURM_ARRAY_TASK_COUNT", "4"},
                    {"SLURM_ARRAY_TASK_MIN", "10"},
                    {"SLURM_ARRAY_TASK_STEP", "2"}})
              .value() == Shard{2, 4});
  }
  SECTION("Slurm wins over Kubernetes") {
    CHECK(shard_in({{"SLURM_ARRAY_TASK_ID", "1"},
                    {"SLURM_ARRAY_TASK_COUNT", "2"},
                    {"JOB_COMPLETION_INDEX", "0"},
                    {"HOSPSIM_SHARD_COUNT", "3"}})
              .value() == Shard{1, 2});
  }
  SECTION("Kubernetes indexed job") {
    CHECK(shard_in({{"JOB_COMPLETION_INDEX", "0"}, {"HOSPSIM_SHARD_COUNT", "3"}}).value() == Shard{0, 3});
    CHECK(shard_in({{"JOB_COMPLETION_INDEX", "2"}, {"HOSPSIM_SHARD_COUNT", "3"}}).value() == Shard{2, 3});
  }
  SECTION("nothing set") {
    CHECK(message_of(shard_in({})) ==
          "--shard auto: no array task in the environment: expected SLURM_ARRAY_TASK_ID and "
          "SLURM_ARRAY_TASK_COUNT (a Slurm job array) or JOB_COMPLETION_INDEX and HOSPSIM_SHARD_COUNT (a "
          "Kubernetes indexed job); elsewhere give --shard K/N");
  }
  SECTION("Slurm without the count") {
    CHECK(message_of(shard_in({{"SLURM_ARRAY_TASK_ID", "1"}})) ==
          "--shard auto: SLURM_ARRAY_TASK_COUNT is not set");
  }
  SECTION("not a number") {
    CHECK(message_of(shard_in({{"SLURM_ARRAY_TASK_ID", "x1"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})) ==
          "--shard auto: SLURM_ARRAY_TASK_ID=\"x1\" is not a non-negative integer");
  }
  SECTION("a task outside the count (an --array list with gaps)") {
    CHECK(message_of(shard_in({{"SLURM_ARRAY_TASK_ID", "7"},
                               {"SLURM_ARRAY_TASK_COUNT", "3"},
                               {"SLURM_ARRAY_TASK_MIN", "1"}})) ==
          "--shard auto: SLURM_ARRAY_TASK_ID=7 with SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_STEP=1, "
          "SLURM_ARRAY_TASK_COUNT=3 gives shard 6/3, not one of 0/3 .. 2/3");
  }
  SECTION("a task off the step") {
    CHECK(message_of(shard_in({{"SLURM_ARRAY_TASK_ID", "3"},
                               {"SLURM_ARRAY_TASK_COUNT", "3"},
                               {"SLURM_ARRAY_TASK_STEP", "2"}})) ==
          "--shard auto: SLURM_ARRAY_TASK_ID=3 with SLURM_ARRAY_TASK_MIN=0, SLURM_ARRAY_TASK_STEP=2, "
          "SLURM_ARRAY_TASK_COUNT=3 is not a task of a range MIN-MAX[:STEP] (write --array as one range)");
  }
  SECTION("Kubernetes without the count") {
    CHECK(message_of(shard_in({{"JOB_COMPLETION_INDEX", "1"}})) ==
          "--shard auto: JOB_COMPLETION_INDEX is set but HOSPSIM_SHARD_COUNT is not: set it to the indexed "
          "job's completions in the pod template (Kubernetes does not export that number)");
  }
  SECTION("Kubernetes index beyond the count") {
    CHECK(
        message_of(shard_in({{"JOB_COMPLETION_INDEX", "3"}, {"HOSPSIM_SHARD_COUNT", "3"}})) ==
        "--shard auto: JOB_COMPLETION_INDEX=3 with HOSPSIM_SHARD_COUNT=3 gives shard 3/3, not one of 0/3 .. "
        "2/3");
  }
}

TEST_CASE("batch::shard: a shard's database runs only its runs and resumes only as that shard", "[batch]") {
  TempDir dir;
  const Sweep sweep = sweep_of(R"("replications": 2)");  // 3 strategies x 2 = 6 runs
  BatchOptions options;
  options.db_path = dir.file("s1.db");
  options.jobs = 2;
  options.shard = Shard{1, 4};
  Result<BatchCounts> counts = run_batch(sweep, options);
  REQUIRE(counts.is_ok());
  CHECK(counts->total == 2);  // runs 2 and 6
  CHECK(counts->ran == 2);
  {
    Result<Store> store = Store::open(options.db_path, Store::Mode::kRead);
    REQUIRE(store.is_ok());
    CHECK(store->recorded_run_ids().value() == std::set<int>{2, 6});
    CHECK(store->metadata_value("shard").value() == "1/4");
  }
  options.resume = true;
  SECTION("resumed as the same shard: nothing to run") {
    Result<BatchCounts> again = run_batch(sweep, options);
    REQUIRE(again.is_ok());
    CHECK(again->already_done == 2);
    CHECK(again->ran == 0);
  }
  SECTION("resumed as another shard") {
    options.shard = Shard{2, 4};
    Result<BatchCounts> again = run_batch(sweep, options);
    REQUIRE_FALSE(again.is_ok());
    CHECK(again.status().code() == StatusCode::kFailedPrecondition);
    CHECK(again.status().message() == "'" + options.db_path +
                                          "' holds shard 1/4 of the sweep, not 2/4: resume it with --shard "
                                          "1/4, or choose another --db");
  }
  SECTION("resumed without a shard") {
    options.shard.reset();
    Result<BatchCounts> again = run_batch(sweep, options);
    REQUIRE_FALSE(again.is_ok());
    CHECK(again.status().message() ==
          "'" + options.db_path +
              "' holds shard 1/4 of the sweep: resume it with --shard 1/4, or choose "
              "another --db (hospsim merge joins the shards)");
  }
}

}  // namespace hospsim::batch
