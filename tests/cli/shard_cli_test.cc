// `hospsim batch --shard` and `hospsim merge` through the real executable: the shards of the shipped sweep
// scenarios/sweeps/minimal-shards.json run one after the other and merged equal one unsharded batch (every
// row of every table, wall times aside; compare and export print the same bytes), and the command line's
// refusals with their exit codes and messages.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/database_rows.h"
#include "support/run_process.h"
#include "support/test_files.h"

namespace hospsim {
namespace {

using testing::database_content;
using testing::database_rows;
using testing::ProcessResult;
using testing::read_file;
using testing::TempDir;

constexpr double kTimeoutSeconds = 300;

ProcessResult hospsim(std::vector<std::string> args) {
  args.insert(args.begin(), testing::hospsim_path());
  return testing::run_process(args, kTimeoutSeconds);
}

std::string shipped_sweep() {
  return std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/sweeps/minimal-shards.json";
}

}  // namespace

TEST_CASE("cli::shard: shards run one after the other and merged equal one unsharded batch", "[cli]") {
  TempDir dir;
  const ProcessResult whole =
      hospsim({"batch", shipped_sweep(), "-j", "2", "--db", dir.file("whole.db"), "-q"});
  REQUIRE(whole.exit_code == 0);
  // 24 runs over 5 shards: no shard count divides it, and the runs of 2-day configurations cost twice as
  // much.
  std::vector<std::string> shards;
  int runs = 0;
  for (int k = 0; k < 5; ++k) {
    const std::string db = dir.file("shard-" + std::to_string(k) + ".db");
    const ProcessResult shard =
        hospsim({"batch", shipped_sweep(), "-j", "2", "--shard", std::to_string(k) + "/5", "--db", db});
    INFO(shard.err);
    REQUIRE(shard.exit_code == 0);
    CHECK_THAT(shard.out, Catch::StartsWith("batch minimal-shards, shard " + std::to_string(k) + "/5: "));
    CHECK_THAT(shard.out, Catch::EndsWith(" failed; results in " + db + "\n"));
    runs += std::stoi(database_rows(db, "SELECT count(*) FROM runs"));
    CHECK(database_rows(db, "SELECT value FROM batch WHERE key = 'shard'") == std::to_string(k) + "/5\n");
    shards.push_back(db);
  }
  CHECK(runs == 24);

  std::vector<std::string> merge = {"merge", dir.file("merged.db")};
  merge.insert(merge.end(), shards.rbegin(), shards.rend());  // any order
  const ProcessResult merged = hospsim(merge);
  CHECK(merged.err == "");
  REQUIRE(merged.exit_code == 0);
  CHECK(merged.out == "merged 24 of 24 runs from 5 databases into " + dir.file("merged.db") + "\n");

  const std::string content = database_content(dir.file("merged.db"));
  CHECK(content == database_content(dir.file("whole.db")));
  CHECK_THAT(content, Catch::Contains("baseline|true\n"));
  CHECK(database_rows(dir.file("merged.db"), "SELECT count(*) FROM metrics WHERE delta IS NOT NULL") ==
        database_rows(dir.file("whole.db"), "SELECT count(*) FROM metrics WHERE delta IS NOT NULL"));

  // What reads a database sees the same batch.
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"compare", "--format", "csv"}, std::vector<std::string>{"export"}}) {
    std::vector<std::string> on_merged = command;
    on_merged.insert(on_merged.end(), {"--db", dir.file("merged.db")});
    std::vector<std::string> on_whole = command;
    on_whole.insert(on_whole.end(), {"--db", dir.file("whole.db")});
    const ProcessResult a = hospsim(on_merged);
    const ProcessResult b = hospsim(on_whole);
    INFO(command[0]);
    REQUIRE(a.exit_code == 0);
    CHECK(a.out.size() > 1000);
    CHECK(a.out == b.out);
  }
  const ProcessResult report =
      hospsim({"report", "--db", dir.file("merged.db"), "-o", dir.file("merged.html"), "-q"});
  CHECK(report.exit_code == 0);
  CHECK_THAT(read_file(dir.file("merged.html")), Catch::Contains("minimal-shards"));

  SECTION("a missing shard: exit 1 with the missing run ids, nothing written") {
    const ProcessResult partial =
        hospsim({"merge", dir.file("partial.db"), shards[0], shards[1], shards[3], shards[4]});
    CHECK(partial.exit_code == 1);
    CHECK(partial.out == "");
    CHECK_THAT(partial.err, Catch::StartsWith("hospsim merge: "));
    CHECK_THAT(partial.err, Catch::Contains(" of 24 runs are in none of the inputs: "));
    CHECK_THAT(partial.err,
               Catch::Contains("\nhospsim merge: missing shards: 2/5\nhospsim merge: nothing written;"));
    CHECK_FALSE(std::ifstream(dir.file("partial.db")).good());

    const ProcessResult allowed = hospsim(
        {"merge", "--allow-partial", dir.file("partial.db"), shards[0], shards[1], shards[3], shards[4]});
    CHECK(allowed.exit_code == 0);
    CHECK(database_rows(dir.file("partial.db"), "SELECT count(*) FROM runs") ==
          std::to_string(24 - std::stoi(database_rows(shards[2], "SELECT count(*) FROM runs"))) + "\n");
  }
  SECTION("the output exists") {
    const ProcessResult again = hospsim({"merge", dir.file("merged.db"), shards[0]});
    CHECK(again.exit_code == 2);
    CHECK(again.err ==
          "hospsim merge: '" + dir.file("merged.db") + "' already exists: choose another output file\n");
  }
  SECTION("a shard resumed as another shard") {
    const ProcessResult wrong =
        hospsim({"batch", shipped_sweep(), "--shard", "1/5", "--db", shards[0], "--resume"});
    CHECK(wrong.exit_code == 2);
    CHECK(wrong.err ==
          "hospsim batch: '" + shards[0] +
              "' holds shard 0/5 of the sweep, not 1/5: resume it with --shard 0/5, or choose another "
              "--db\n");
  }
}

TEST_CASE("cli::shard: the missing runs are listed by id", "[cli]") {
  TempDir dir;
  // Shard 1 of 4 of a 3-replication sweep whose runs all cost the same.
  const std::string sweep = dir.write("small.json", R"({"format": "hospsim-sweep/1", "name": "small",
      "description": "d", "scenario": ")" + testing::tiny_scenario() +
                                                        R"(", "strategies": ["none", "second-link"],
      "replications": 3})");
  const ProcessResult shard = hospsim({"batch", sweep, "--shard", "1/4", "--db", dir.file("s1.db"), "-q"});
  REQUIRE(shard.exit_code == 0);
  CHECK(database_rows(dir.file("s1.db"), "SELECT id FROM runs ORDER BY id") == "2\n6\n");
  const ProcessResult merged = hospsim({"merge", dir.file("out.db"), dir.file("s1.db")});
  CHECK(merged.exit_code == 1);
  CHECK(merged.err ==
        "hospsim merge: 4 of 6 runs are in none of the inputs: 1, 3-5\n"
        "hospsim merge: missing shards: 0/4, 2/4, 3/4\n"
        "hospsim merge: nothing written; run the missing runs (hospsim batch --shard K/N --resume on their "
        "shard), "
        "or give --allow-partial to merge the others\n");
}

TEST_CASE("cli::shard: --shard auto from the environment, and bad shards exit 2", "[cli]") {
  TempDir dir;
  const std::string sweep = dir.write("small.json", R"({"format": "hospsim-sweep/1", "name": "small",
      "description": "d", "scenario": ")" + testing::tiny_scenario() +
                                                        R"(", "replications": 4})");
  // Sections run one after the other in this process: each starts from no scheduler variable.
  for (const char* name : {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT",
                           "SLURM_ARRAY_TASK_STEP", "JOB_COMPLETION_INDEX", "HOSPSIM_SHARD_COUNT"}) {
    ::unsetenv(name);
  }
  SECTION("a Slurm array starting at 1") {
    ::setenv("SLURM_ARRAY_TASK_ID", "3", 1);
    ::setenv("SLURM_ARRAY_TASK_MIN", "1", 1);
    ::setenv("SLURM_ARRAY_TASK_COUNT", "3", 1);
    const ProcessResult shard = hospsim({"batch", sweep, "--shard", "auto", "--db", dir.file("s.db")});
    CHECK_THAT(shard.err, Catch::StartsWith("batch: 0/1 runs, 0 failed, "));  // the shard's progress
    CHECK(shard.exit_code == 0);
    CHECK(shard.out ==
          "batch small, shard 2/3: 1 of 4 runs, 1 run now, 0 failed; results in " + dir.file("s.db") + "\n");
    CHECK(database_rows(dir.file("s.db"), "SELECT id FROM runs") == "3\n");
  }
  SECTION("a Kubernetes indexed job") {
    ::setenv("JOB_COMPLETION_INDEX", "0", 1);
    ::setenv("HOSPSIM_SHARD_COUNT", "2", 1);
    const ProcessResult shard = hospsim({"batch", sweep, "--shard", "auto", "--db", dir.file("k.db"), "-q"});
    CHECK(shard.exit_code == 0);
    CHECK(database_rows(dir.file("k.db"), "SELECT id FROM runs ORDER BY id") == "1\n3\n");
  }
  SECTION("no scheduler") {
    const ProcessResult shard = hospsim({"batch", sweep, "--shard", "auto", "--db", dir.file("n.db")});
    CHECK(shard.exit_code == 2);
    CHECK_THAT(shard.err,
               Catch::StartsWith("hospsim batch: --shard auto: no array task in the environment: "));
  }
  SECTION("K not below N") {
    const ProcessResult shard = hospsim({"batch", sweep, "--shard", "4/4", "--db", dir.file("n.db")});
    CHECK(shard.exit_code == 2);
    CHECK(shard.err ==
          "hospsim batch: --shard \"4/4\": expected K/N with 0 <= K < N <= 100000 (shards are "
          "numbered from 0), e.g. 0/4\n");
  }
  CHECK_FALSE(std::ifstream(dir.file("n.db")).good());
}

}  // namespace hospsim
