#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "cli/cli.h"
#include "cli_capture.h"
#include "hospsim/version.h"
#include "support/run_process.h"

using namespace hospsim;

namespace {

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun run(std::vector<std::string> args) {
  hospsim::testing::CliOutcome outcome = hospsim::testing::run_cli_captured(std::move(args));
  return {outcome.exit_code, std::move(outcome.out), std::move(outcome.err)};
}

std::string source(const std::string& relative) { return std::string(HOSPSIM_SOURCE_DIR) + "/" + relative; }

}  // namespace

TEST_CASE("cli::version: prints the version with SimGrid's", "[cli]") {
  const CliRun result = run({"--version"});
  CHECK(result.code == 0);
  CHECK(result.out == std::string("hospsim ") + HOSPSIM_VERSION + " (SimGrid 3.32)\n");
}

TEST_CASE("cli::help: lists the implemented subcommands and options", "[cli]") {
  const CliRun result = run({"--help"});
  CHECK(result.code == 0);
  CHECK(result.out.find("validate") != std::string::npos);
  CHECK(result.out.find("--log-level") != std::string::npos);
  CHECK(result.out.find("--quiet") != std::string::npos);
  CHECK(run({"validate", "--help"}).code == 0);
}

TEST_CASE("cli::usage: bad usage exits 2", "[cli]") {
  CHECK(run({}).code == 2);
  CHECK(run({}).err.find("hospsim: a subcommand is required") != std::string::npos);
  const CliRun unknown = run({"frobnicate"});
  CHECK(unknown.code == 2);
  CHECK(unknown.err.find("frobnicate") != std::string::npos);
  CHECK(run({"validate"}).code == 2);
  CHECK(run({"--log-level", "loud", "validate", source("scenarios/examples/minimal.json")}).code == 2);
}

TEST_CASE("cli::validate: prints FILE: ok for valid files and exits 0", "[cli]") {
  const std::string minimal = source("scenarios/examples/minimal.json");
  const std::string full = source("scenarios/examples/full.json");
  const CliRun result = run({"validate", minimal, full});
  CHECK(result.code == 0);
  CHECK(result.out ==
        minimal + ": ok (strategies: second-link)\n" + full + ": ok (strategies: drill no-standby)\n");
  CHECK(result.err.empty());
  const CliRun quiet = run({"--quiet", "validate", minimal});
  CHECK(quiet.code == 0);
  CHECK(quiet.out.empty());
}

TEST_CASE("cli::validate: lists every problem on stderr and exits 2", "[cli]") {
  const std::string bad = source("tests/bad_input/many_problems.json");
  const std::string minimal = source("scenarios/examples/minimal.json");
  const CliRun result = run({"validate", minimal, bad, "no/such/file.json"});
  CHECK(result.code == 2);
  CHECK(result.out == minimal + ": ok (strategies: second-link)\n");
  CHECK(result.err ==
        bad + ":3:11: /name: must be a string, got 7\n" + bad +
            ":5:14: /horizon: duration \"2\" has no unit; write the unit, e.g. \"90s\" or \"90min\" (units: "
            "ms, s, "
            "min, h, d)\n" +
            bad + ":37:29: /hospitals/h/ed/treatment_spaces: must be a positive integer, got 0\n" + bad +
            ":78:3: /hospitls: unknown key \"hospitls\"; did you mean \"hospitals\"?\n" + bad +
            ": 4 problems\n" + "no/such/file.json: cannot open the file (missing or unreadable)\n");
}

TEST_CASE("cli::validate: every shipped scenario is valid", "[cli]") {
  std::vector<std::string> args = {"validate"};
  for (const char* folder : {"scenarios", "scenarios/examples"}) {
    for (const auto& entry : std::filesystem::directory_iterator(source(folder))) {
      if (entry.path().extension() == ".json" && entry.path().filename() != "schema.json") {
        args.push_back(entry.path().string());
      }
    }
  }
  REQUIRE(args.size() >= 3);
  const CliRun result = run(args);
  INFO(result.err);
  CHECK(result.code == 0);
}

TEST_CASE("cli::executable: the hospsim binary runs validate end to end", "[cli]") {
  const auto result = testing::run_process(
      {testing::hospsim_path(), "validate", source("scenarios/examples/minimal.json")}, 60);
  REQUIRE(result.exited);
  CHECK(result.exit_code == 0);
  CHECK(result.out == source("scenarios/examples/minimal.json") + ": ok (strategies: second-link)\n");
  const auto version = testing::run_process({testing::hospsim_path(), "--version"}, 60);
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("hospsim ", 0) == 0);
}

TEST_CASE("cli::executable: -q and --quiet work after the subcommand as before it", "[cli]") {
  const std::string scenario = source("tests/run/data/hand.json");
  const std::string out = std::string(HOSPSIM_BINARY_DIR) + "/tests/cli/out-quiet";
  const auto before = testing::run_process({testing::hospsim_path(), "-q", "run", scenario, "--out", out}, 120);
  REQUIRE(before.exit_code == 0);
  CHECK(before.out.find("\nwrote ") == std::string::npos);
  for (const char* flag : {"-q", "--quiet"}) {
    INFO(flag);
    const auto after = testing::run_process({testing::hospsim_path(), "run", scenario, "--out", out, flag}, 120);
    INFO(after.err);
    REQUIRE(after.exit_code == 0);
    CHECK(after.out == before.out);
  }
  const auto loud = testing::run_process({testing::hospsim_path(), "run", scenario, "--out", out}, 120);
  CHECK(loud.out.find("\nwrote " + out + "/summary.json") != std::string::npos);
  const auto validate = testing::run_process({testing::hospsim_path(), "validate", scenario, "-q"}, 60);
  CHECK(validate.exit_code == 0);
  CHECK(validate.out == "");
}
