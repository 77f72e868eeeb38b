// Loader warnings through the real hospsim executable: `validate` and `run` print them on stderr as
// `FILE:LINE:COL: /pointer: warning: message` and exit 0; with --strict they exit 2.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "support/run_process.h"

using namespace hospsim::testing;

namespace {

constexpr double kTimeoutSeconds = 120;

std::string scenario() { return std::string(HOSPSIM_SOURCE_DIR) + "/tests/cli/data/warnings.json"; }

std::string out_dir(const std::string& name) {
  const std::string dir = std::string(HOSPSIM_BINARY_DIR) + "/tests/warnings_cli/" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

const std::string kAdvice =
    ":15:53: /policies/public_advice/stay_home_share: warning: public advice acts only while a hospital is "
    "in "
    "downtime; no hospital with an ED uses a service whose ed_treatment or admission capacity (effects, or "
    "the "
    "hospital's own effects) is < 1, and only such a service being DOWN puts a hospital in downtime, so "
    "stay_home_share 0.1 cannot have an effect\n";
const std::string kAdmissionTime =
    ":18:76: /effects/ehr/admission/time: warning: admission time factors are not used by the model "
    "(admission "
    "uses only capacity: the usable beds); this factor cannot have an effect\n";

}  // namespace

TEST_CASE("cli::warnings: validate prints warnings and exits 0", "[cli]") {
  const ProcessResult result = run_process({hospsim_path(), "validate", scenario()}, kTimeoutSeconds);
  REQUIRE(result.exited);
  CHECK(result.exit_code == 0);
  CHECK(result.out == scenario() + ": ok (strategies: slow-admission)\n");
  // the base scenario's warnings, then those a strategy adds (under a header)
  CHECK(result.err == scenario() + kAdvice + scenario() + ": with strategy \"slow-admission\":\n" +
                          scenario() + kAdmissionTime);
}

TEST_CASE("cli::warnings: validate --strict refuses a file with warnings, exit 2", "[cli]") {
  const ProcessResult result =
      run_process({hospsim_path(), "validate", "--strict", scenario()}, kTimeoutSeconds);
  REQUIRE(result.exited);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find(scenario() + kAdvice) != std::string::npos);
  CHECK(result.err.find(scenario() + ": 2 warnings (--strict)\n") != std::string::npos);
  // a file without warnings still passes
  const ProcessResult clean =
      run_process({hospsim_path(), "validate", "--strict",
                   std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/examples/minimal.json"},
                  kTimeoutSeconds);
  CHECK(clean.exit_code == 0);
  CHECK(clean.err.empty());
}

TEST_CASE("cli::warnings: run prints the warnings of the scenario it runs and exits 0", "[cli]") {
  const std::string dir = out_dir("run");
  const ProcessResult result = run_process(
      {hospsim_path(), "--quiet", "run", scenario(), "--no-baseline", "--no-report", "--out", dir},
      kTimeoutSeconds);
  REQUIRE(result.exited);
  CHECK(result.exit_code == 0);
  CHECK(result.err == scenario() + kAdvice);
  CHECK(std::filesystem::exists(dir + "/summary.json"));
  // with the strategy, its warning too
  const std::string strategy_dir = out_dir("strategy");
  const ProcessResult with_strategy =
      run_process({hospsim_path(), "--quiet", "run", scenario(), "--strategy", "slow-admission",
                   "--no-baseline", "--no-report", "--out", strategy_dir},
                  kTimeoutSeconds);
  CHECK(with_strategy.exit_code == 0);
  CHECK(with_strategy.err == scenario() + kAdvice + scenario() + kAdmissionTime);
}

TEST_CASE("cli::warnings: run --strict refuses to run a scenario with warnings, exit 2", "[cli]") {
  const std::string dir = out_dir("strict");
  const ProcessResult result = run_process(
      {hospsim_path(), "run", "--strict", scenario(), "--no-baseline", "--no-report", "--out", dir},
      kTimeoutSeconds);
  REQUIRE(result.exited);
  CHECK(result.exit_code == 2);
  CHECK(result.err == scenario() + kAdvice + scenario() + ": 1 warning (--strict): not run\n");
  CHECK(result.out.empty());
  CHECK_FALSE(std::filesystem::exists(dir + "/summary.json"));
}

TEST_CASE("cli::warnings: --help of validate and run lists --strict", "[cli]") {
  for (const char* command : {"validate", "run"}) {
    const ProcessResult result = run_process({hospsim_path(), command, "--help"}, kTimeoutSeconds);
    INFO(command);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("--strict") != std::string::npos);
  }
}
