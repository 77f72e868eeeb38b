// `hospsim slurm` through the real executable, without a cluster: the scripts it writes (run here with bash
// as Slurm would run them, so their shards merged equal one unsharded batch), its submission through a
// stand-in sbatch first in PATH that records its arguments, and its refusals (exit 2). The same command on a
// real Slurm is tests/cluster/slurm_test.sh.
#include <catch2/catch.hpp>

#include <sys/stat.h>

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
using testing::ProcessResult;
using testing::read_file;
using testing::TempDir;

constexpr double kTimeoutSeconds = 300;

ProcessResult hospsim(std::vector<std::string> args) {
  args.insert(args.begin(), testing::hospsim_path());
  return testing::run_process(args, kTimeoutSeconds);
}

ProcessResult shell(const std::string& script) {
  return testing::run_process({"/bin/sh", "-c", script}, kTimeoutSeconds);
}

std::string shipped_sweep() {
  return std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/sweeps/minimal-shards.json";
}

}  // namespace

TEST_CASE("cli::slurm: the scripts run as Slurm runs them give the unsharded batch", "[cli]") {
  TempDir dir;
  const std::string out = dir.file("cluster");
  const ProcessResult written = hospsim({"slurm", shipped_sweep(), "--tasks", "3", "--out", out, "--time",
                                         "0-01:00", "--partition", "short", "--cpus-per-task", "2"});
  INFO(written.err);
  REQUIRE(written.exit_code == 0);
  CHECK(written.out == "wrote " + out + "/shards.sbatch (3 array tasks for 24 runs) and " + out +
                           "/merge.sbatch (merges into " + out +
                           "/minimal-shards.db)\nsubmit with --submit, or: "
                           "sbatch --parsable " +
                           out +
                           "/shards.sbatch, then sbatch --dependency=afterok:<its job "
                           "id> " +
                           out + "/merge.sbatch\n");
  const std::string array = read_file(out + "/shards.sbatch");
  CHECK_THAT(array, Catch::StartsWith("#!/bin/bash\n"));
  CHECK_THAT(array, Catch::Contains("\n#SBATCH --array=0-2\n#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=2\n"
                                    "#SBATCH --output=" +
                                    out +
                                    "/logs/shard-%a.out\n#SBATCH --partition=short\n"
                                    "#SBATCH --time=0-01:00\nset -euo pipefail\n"));
  CHECK_THAT(array, Catch::EndsWith("\nexec '" + testing::hospsim_path() + "' batch '" + shipped_sweep() +
                                    "' --shard auto --db \"" + out +
                                    "/shard-${SLURM_ARRAY_TASK_ID}.db\" --retry-failed -j 2\n"));
  const std::string merge = read_file(out + "/merge.sbatch");
  CHECK_THAT(merge, Catch::Contains("\n#SBATCH --output=" + out + "/logs/merge.out\n"));
  CHECK_THAT(merge, Catch::Contains(" '" + out + "/shard-0.db' '" + out + "/shard-1.db' '" + out +
                                    "/shard-2.db'\n"));
  struct stat logs {};
  CHECK(::stat((out + "/logs").c_str(), &logs) == 0);

  // Writing them again gives the same bytes.
  REQUIRE(hospsim({"slurm", shipped_sweep(), "--tasks", "3", "--out", out, "--time", "0-01:00", "--partition",
                   "short", "--cpus-per-task", "2", "-q"})
              .exit_code == 0);
  CHECK(read_file(out + "/shards.sbatch") == array);

  // Each task as Slurm starts it (an --array=0-2 job: its variables), then the merge job.
  for (int task = 0; task < 3; ++task) {
    const ProcessResult ran =
        shell("SLURM_ARRAY_TASK_ID=" + std::to_string(task) +
              " SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=2 SLURM_ARRAY_TASK_COUNT=3 bash " + out +
              "/shards.sbatch");
    INFO(ran.err);
    REQUIRE(ran.exit_code == 0);
    CHECK_THAT(ran.out, Catch::StartsWith("batch minimal-shards, shard " + std::to_string(task) + "/3: "));
  }
  const ProcessResult merged = shell("bash " + out + "/merge.sbatch");
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  CHECK(merged.out == "merged 24 of 24 runs from 3 databases into " + out +
                          "/.minimal-shards.db.new\nmerged into " + out + "/minimal-shards.db\n");
  REQUIRE(hospsim({"batch", shipped_sweep(), "-j", "2", "--db", dir.file("whole.db"), "-q"}).exit_code == 0);
  CHECK(database_content(out + "/minimal-shards.db") == database_content(dir.file("whole.db")));

  // The merge job run again (a resubmission) replaces the merged database.
  CHECK(shell("bash " + out + "/merge.sbatch").exit_code == 0);
  CHECK(database_content(out + "/minimal-shards.db") == database_content(dir.file("whole.db")));
}

TEST_CASE("cli::slurm: --submit runs sbatch for the array, then for the merge after it", "[cli]") {
  TempDir dir;
  // A stand-in sbatch: records its arguments, answers as `sbatch --parsable` on a federated cluster would.
  const std::string bin = dir.file("bin");
  REQUIRE(shell("mkdir -p " + bin).exit_code == 0);
  const std::string log = dir.file("sbatch.log");
  const std::string fake = dir.write("bin/sbatch", "#!/bin/sh\necho \"$*\" >> " + log + "\nn=$(wc -l < " +
                                                       log + ")\necho \"$((40 + n));cluster\"\n");
  REQUIRE(::chmod(fake.c_str(), 0755) == 0);
  const std::string path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "/usr/bin:/bin";
  const std::string out = dir.file("cluster");
  SECTION("submitted") {
    ::setenv("PATH", (bin + ":" + path).c_str(), 1);
    const ProcessResult submitted =
        hospsim({"slurm", shipped_sweep(), "--tasks", "4", "--out", out, "--submit", "-q"});
    ::setenv("PATH", path.c_str(), 1);
    INFO(submitted.err);
    CHECK(submitted.exit_code == 0);
    CHECK(submitted.out ==
          "submitted array job 41 (4 tasks) and merge job 42 (after every task succeeded)\n");
    CHECK(read_file(log) == "--parsable " + out +
                                "/shards.sbatch\n--parsable --dependency=afterok:41 "
                                "--kill-on-invalid-dep=yes " +
                                out + "/merge.sbatch\n");
  }
  SECTION("no sbatch") {
    ::setenv("PATH", dir.file("nothing").c_str(), 1);
    const ProcessResult submitted =
        hospsim({"slurm", shipped_sweep(), "--tasks", "4", "--out", out, "--submit", "-q"});
    ::setenv("PATH", path.c_str(), 1);
    CHECK(submitted.exit_code == 2);
    CHECK(submitted.err ==
          "hospsim slurm: sbatch: not found in PATH (submit from a Slurm login node, or load "
          "Slurm's module)\n");
  }
  SECTION("shard databases of another number of tasks") {
    REQUIRE(shell("mkdir -p " + out).exit_code == 0);
    REQUIRE(
        hospsim({"batch", shipped_sweep(), "--shard", "1/8", "--db", out + "/shard-1.db", "-q"}).exit_code ==
        0);
    ::setenv("PATH", (bin + ":" + path).c_str(), 1);
    const ProcessResult submitted =
        hospsim({"slurm", shipped_sweep(), "--tasks", "4", "--out", out, "--submit"});
    ::setenv("PATH", path.c_str(), 1);
    CHECK(submitted.exit_code == 2);
    CHECK_THAT(submitted.err,
               Catch::EndsWith("hospsim slurm: " + out +
                               "/shard-1.db holds shard 1/8, not 1/4: submit "
                               "with the --tasks it was written with, or use another --out\n"));
    CHECK_FALSE(std::ifstream(log).good());  // nothing submitted
  }
}

TEST_CASE("cli::slurm: invalid options exit 2 naming the option", "[cli]") {
  TempDir dir;
  const std::string out = dir.file("cluster");
  auto refused = [&](std::vector<std::string> extra, const std::string& message) {
    std::vector<std::string> args = {"slurm", shipped_sweep(), "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    const ProcessResult result = hospsim(args);
    INFO(result.out);
    CHECK(result.exit_code == 2);
    CHECK(result.err == "hospsim slurm: " + message + "\n");
  };
  refused({"--tasks", "0"},
          "--tasks 0: must be from 1 to 24 (the sweep has 24 runs; a task runs at least one)");
  refused({"--tasks", "25"},
          "--tasks 25: must be from 1 to 24 (the sweep has 24 runs; a task runs at least one)");
  refused({"--tasks", "2", "--cpus-per-task", "0"}, "--cpus-per-task 0: must be from 1 to 4096");
  refused({"--tasks", "2", "--time", "1h"},
          "--time \"1h\": expected a Slurm time limit: MINUTES, MINUTES:SECONDS, HOURS:MINUTES:SECONDS, "
          "DAYS-HOURS, "
          "DAYS-HOURS:MINUTES, DAYS-HOURS:MINUTES:SECONDS or UNLIMITED");
  refused({"--tasks", "2", "--partition", "a b"},
          "--partition \"a b\": expected a Slurm partition name (letters, digits, '_', '-', '.'; several "
          "separated by ',')");
  CHECK_FALSE(std::ifstream(out + "/shards.sbatch").good());
  const std::string file = dir.write("file", "");
  const ProcessResult not_folder = hospsim({"slurm", shipped_sweep(), "--tasks", "2", "--out", file});
  CHECK(not_folder.exit_code == 2);
  CHECK(not_folder.err == "hospsim slurm: --out " + file + ": is not a folder\n");
  const ProcessResult spaced = hospsim({"slurm", shipped_sweep(), "--tasks", "2", "--out", dir.file("a b")});
  CHECK(spaced.exit_code == 2);
  CHECK(spaced.err == "hospsim slurm: --out \"" + dir.file("a b") +
                          "\": the folder's path must not hold white space or any of % \" ' \\ $ ` (Slurm's "
                          "#SBATCH lines take it as written)\n");
  const ProcessResult missing = hospsim({"slurm", shipped_sweep(), "--out", out});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("--tasks is required"));
}

}  // namespace hospsim
