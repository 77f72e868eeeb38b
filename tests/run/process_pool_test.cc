// ProcessPool (src/run/process_pool.h): the result protocol, how a child ended, the time limit, stderr
// capture and kill_all, with small bodies that need no simulation.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "run/process_pool.h"

using namespace hospsim;

TEST_CASE("run::process_pool: values and errors come back tagged by task", "[run]") {
  ProcessPool pool({0.0, false});
  REQUIRE(pool.spawn(7, [] { return Result<nlohmann::json>(nlohmann::json{{"answer", 42}}); }).is_ok());
  REQUIRE(pool.spawn(8, [] { return Result<nlohmann::json>(Status::internal("no engine")); }).is_ok());
  CHECK(pool.running() == 2);
  Result<std::vector<ChildOutcome>> ended = pool.wait_all();
  REQUIRE(ended.is_ok());
  REQUIRE(ended->size() == 2);
  CHECK(pool.running() == 0);
  for (const ChildOutcome& outcome : ended.value()) {
    CHECK(outcome.clean_exit());
    CHECK_FALSE(outcome.timed_out);
    if (outcome.task == 7) {
      CHECK(outcome.kind == ChildOutcome::Kind::kValue);
      CHECK(outcome.value == nlohmann::json{{"answer", 42}});
      CHECK(outcome.exit_status() == 0);
    } else {
      CHECK(outcome.task == 8);
      CHECK(outcome.kind == ChildOutcome::Kind::kError);
      CHECK(outcome.error == "no engine");
      CHECK(outcome.exit_status() == 3);
    }
  }
}

TEST_CASE("run::process_pool: a crash ends the child with its own signal and no result", "[run]") {
  ProcessPool pool({0.0, true});
  REQUIRE(pool.spawn(0,
                     []() -> Result<nlohmann::json> {
                       std::fprintf(stderr, "about to abort\n");
                       std::fflush(stderr);
                       std::abort();
                     })
              .is_ok());
  Result<std::vector<ChildOutcome>> ended = pool.wait_all();
  REQUIRE(ended.is_ok());
  REQUIRE(ended->size() == 1);
  const ChildOutcome& outcome = ended->front();
  CHECK(outcome.kind == ChildOutcome::Kind::kEmpty);
  CHECK_FALSE(outcome.clean_exit());
  REQUIRE(WIFSIGNALED(outcome.wait_status));
  CHECK(WTERMSIG(outcome.wait_status) == SIGABRT);
  CHECK(outcome.stderr_text == "about to abort\n");
  CHECK(describe_signal(SIGKILL) == "killed by signal 9 (Killed)");
}

TEST_CASE("run::process_pool: a child past the time limit is killed and marked timed out", "[run]") {
  // The body never ends by itself, so only the pool's limit can end it.
  ProcessPool pool({0.2, false});
  REQUIRE(pool.spawn(0,
                     []() -> Result<nlohmann::json> {
                       for (;;) ::pause();
                     })
              .is_ok());
  Result<std::vector<ChildOutcome>> ended = pool.wait_all();
  REQUIRE(ended.is_ok());
  REQUIRE(ended->size() == 1);
  CHECK(ended->front().timed_out);
  CHECK(ended->front().seconds >= 0.2);  // killed at the limit, never before it
  REQUIRE(WIFSIGNALED(ended->front().wait_status));
  CHECK(WTERMSIG(ended->front().wait_status) == SIGKILL);
}

TEST_CASE("run::process_pool: wait_any returns early when told to stop; kill_all ends every child", "[run]") {
  ProcessPool pool({0.0, false});
  Result<int> pid = pool.spawn(0, []() -> Result<nlohmann::json> {
    for (;;) ::pause();
  });
  REQUIRE(pid.is_ok());
  Result<std::vector<ChildOutcome>> ended = pool.wait_any([] { return true; });
  REQUIRE(ended.is_ok());
  CHECK(ended->empty());
  CHECK(pool.running() == 1);
  pool.kill_all();
  CHECK(pool.running() == 0);
  int status = 0;
  CHECK(::waitpid(pid.value(), &status, WNOHANG) == -1);  // reaped: no longer a child of this process
  CHECK(errno == ECHILD);
}

TEST_CASE("run::process_pool: long texts anywhere in the value come back byte for byte", "[run]") {
  // Strings of 64 KiB and more travel outside the CBOR message; shorter ones inside it. Both kinds, with
  // bytes that need care (NUL, quote, newline, non-ASCII) and keys that need escaping in a JSON pointer.
  std::string long_text;
  const std::string piece("2025-03-13T08:00:00,h\"1\",\0ed_census,\xc3\xa6\xc3\xb8\n", 41);
  while (long_text.size() < 200000) long_text += piece;
  const std::string at_limit(std::size_t{1} << 16, 'x');
  const std::string below_limit((std::size_t{1} << 16) - 1, 'y');
  const nlohmann::json sent = {{"timeline_csv", long_text},
                               {"a/b~c", {{"limit", at_limit}, {"below", below_limit}}},
                               {"rows", {1, long_text + "tail", "short", nullptr}},
                               {"empty", ""},
                               {"count", 3}};
  ProcessPool pool({0.0, false});
  REQUIRE(pool.spawn(1, [&sent] { return Result<nlohmann::json>(sent); }).is_ok());
  Result<std::vector<ChildOutcome>> ended = pool.wait_all();
  REQUIRE(ended.is_ok());
  REQUIRE(ended->size() == 1);
  const ChildOutcome& outcome = ended->front();
  REQUIRE(outcome.kind == ChildOutcome::Kind::kValue);
  CHECK(outcome.value == sent);
  CHECK(outcome.value.dump() == sent.dump());
}
