// Issue 14: every input path as strict as the scenario loader, outputs written atomically, no orphans. Each
// case runs the real hospsim executable (run_process), so a crash, a hang or an internal error is seen as
// the user would see it.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/run_process.h"
#include "support/test_files.h"

using namespace hospsim::testing;

namespace {

constexpr double kTimeoutSeconds = 120;

ProcessResult run_hospsim(std::vector<std::string> args) {
  args.insert(args.begin(), hospsim_path());
  return run_process(args, kTimeoutSeconds);
}

// Runs `script` with /bin/sh (for ulimit and redirections).
ProcessResult shell(const std::string& script) {
  return run_process({"/bin/sh", "-c", script}, kTimeoutSeconds);
}

// Exit 2, no crash, no hang, `fragment` on stderr.
void expect_bad_input(const ProcessResult& result, const std::string& fragment) {
  INFO("stderr: " << result.err.substr(0, 3000));
  CHECK_FALSE(result.timed_out);
  CHECK_FALSE(result.signaled);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find(fragment) != std::string::npos);
  CHECK(result.err.find("internal error") == std::string::npos);
}

std::string sweep_with(const std::string& scenario, const std::string& extra) {
  return R"({"format": "hospsim-sweep/1", "name": "t", "description": "d", "scenario": ")" + scenario + "\"" +
         (extra.empty() ? "" : ", " + extra) + "}";
}

std::string nested(int depth) { return std::string(depth, '[') + "1" + std::string(depth, ']'); }

// A finished two-run batch database in `folder` (b.db).
std::string small_batch(const TempDir& folder) {
  const std::string sweep =
      folder.write("b.json", sweep_with(tiny_scenario(), R"("strategies": ["none", "second-link"])"));
  const ProcessResult result =
      run_hospsim({"--quiet", "batch", sweep, "--db", folder.file("b.db"), "-j", "2"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return folder.file("b.db");
}

// Process state letter from /proc/PID/stat ('Z' zombie), or 0 when the process is gone.
char process_state(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const std::size_t paren = text.rfind(')');
  if (paren == std::string::npos || paren + 2 >= text.size()) return 0;
  return text[paren + 2];
}

// The pids whose parent is `parent`.
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const std::size_t paren = text.rfind(')');
    if (paren == std::string::npos) continue;
    std::istringstream rest(text.substr(paren + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) out.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return out;
}

}  // namespace

TEST_CASE("reliability::nesting: deep nesting is refused with its position and the kind of file, not a crash",
          "[reliability]") {
  TempDir folder;
  SECTION("in the sweep") {
    const std::string sweep = folder.write(
        "deep.json", sweep_with(tiny_scenario(), "\"grid\": {\"/seed\": " + nested(100000) + "}"));
    const ProcessResult result = run_hospsim({"batch", sweep, "--db", folder.file("x.db")});
    expect_bad_input(result, sweep + ":1:");
    expect_bad_input(result, "/grid/~1seed/0/0/0");
    expect_bad_input(result, "malformed JSON: nesting deeper than 64 levels; a sweep file never needs that");
    CHECK_FALSE(std::filesystem::exists(folder.file("x.db")));
  }
  SECTION("in the scenario the sweep names") {
    std::string scenario = hospsim::testing::read_file(tiny_scenario());
    scenario.insert(scenario.find('{') + 1, "\"deep\": " + nested(100000) + ",\n");
    folder.write("scenario.json", scenario);
    const std::string sweep = folder.write("s.json", sweep_with("scenario.json", ""));
    const ProcessResult result = run_hospsim({"batch", sweep});
    expect_bad_input(result, folder.file("scenario.json") + ":1:");
    expect_bad_input(result, "/deep/0/0/0");
    expect_bad_input(result, "nesting deeper than 64 levels; a scenario never needs that");
  }
  SECTION("in a scenario given to validate") {
    const std::string scenario = folder.write("deep-scenario.json", "{\"deep\": " + nested(100) + "}");
    const ProcessResult result = run_hospsim({"validate", scenario});
    expect_bad_input(result, scenario + ":1:");
    expect_bad_input(result, "/deep/0/0/0");
    expect_bad_input(result, "malformed JSON: nesting deeper than 64 levels; a scenario never needs that");
  }
  SECTION("in a run summary given to report") {
    const std::string out = folder.file("run");
    REQUIRE(run_hospsim({"--quiet", "run", tiny_scenario(), "--out", out, "--no-report"}).exit_code == 0);
    {
      std::ofstream summary(out + "/summary.json", std::ios::binary | std::ios::trunc);
      summary << nested(100);
    }
    const ProcessResult result = run_hospsim({"report", out});
    expect_bad_input(result, out + "/summary.json:1:65: /0/0/0");
    expect_bad_input(result, "malformed JSON: nesting deeper than 64 levels; a run summary never needs that");
  }
}

TEST_CASE("reliability::sweep: a number too large for a double exits 2 with FILE:LINE:COL", "[reliability]") {
  TempDir folder;
  SECTION("in the sweep") {
    const std::string sweep =
        folder.write("big.json", "{\"format\": \"hospsim-sweep/1\",\n \"replications\": 2e551}");
    expect_bad_input(run_hospsim({"batch", sweep}),
                     sweep + ":2:18: /replications: malformed JSON: number \"2e551\" is out of range");
  }
  SECTION("the five bytes the fuzzer found") {
    const std::string sweep = folder.write("five.json", "2e551");
    expect_bad_input(run_hospsim({"batch", sweep}),
                     sweep + ":1:1: /: malformed JSON: number \"2e551\" is out of range");
  }
  SECTION("in the scenario the sweep names") {
    std::string scenario = hospsim::testing::read_file(tiny_scenario());
    scenario.insert(scenario.find('{') + 1, "\"x\": 1e999,\n");
    folder.write("scenario.json", scenario);
    const std::string sweep = folder.write("s.json", sweep_with("scenario.json", ""));
    expect_bad_input(run_hospsim({"batch", sweep}),
                     folder.file("scenario.json") + ":1:7: /x: malformed JSON");
  }
  SECTION("in an expectation file") {
    const std::string text = "{\"format\": \"hospsim-expect/1\", \"expectations\": {\"a\": 1e400}}";
    const std::string expect = folder.write("e.expect.json", text);
    expect_bad_input(run_hospsim({"check", expect}),
                     expect + ":1:" + std::to_string(text.find("1e400") + 1) +
                         ": /expectations/a: malformed JSON: number \"1e400\"");
  }
  SECTION("deep nesting in an expectation file") {
    const std::string expect = folder.write("d.expect.json", nested(1000));
    expect_bad_input(run_hospsim({"check", expect}),
                     "nesting deeper than 64 levels; an expectation file never needs that");
    CHECK(run_hospsim({"check", expect}).err.find("scenario never needs") == std::string::npos);
  }
}

TEST_CASE("reliability::sweep: a huge grid is refused before anything is built", "[reliability]") {
  TempDir folder;
  std::string seeds, arrivals;
  for (int i = 1; i <= 1000; ++i) {
    seeds += (i > 1 ? "," : "") + std::to_string(i);
    arrivals += (i > 1 ? "," : "") + std::to_string(i);
  }
  const std::string sweep = folder.write(
      "grid.json",
      sweep_with(tiny_scenario(), "\"grid\": {\"/seed\": [" + seeds +
                                      "], \"/hospitals/hosp/ed/arrivals_per_day\": [" + arrivals + "]}"));
  expect_bad_input(run_hospsim({"batch", sweep, "--db", folder.file("g.db")}),
                   sweep + ":1:1: /: the sweep has more than 10000 configurations");
  CHECK_FALSE(std::filesystem::exists(folder.file("g.db")));
}

TEST_CASE("reliability::inputs: a FIFO, a device or a directory is refused before it is opened",
          "[reliability]") {
  TempDir folder;
  const std::string fifo = folder.file("pipe.json");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  expect_bad_input(run_hospsim({"validate", fifo}), fifo + ": is a FIFO (named pipe), not a regular file");
  expect_bad_input(run_hospsim({"run", fifo, "--out", folder.file("out")}), fifo + ": is a FIFO");
  expect_bad_input(run_hospsim({"batch", fifo}), fifo + ": is a FIFO");
  expect_bad_input(run_hospsim({"check", fifo}), fifo + ": is a FIFO");
  expect_bad_input(run_hospsim({"validate", "/dev/zero"}),
                   "/dev/zero: is a character device, not a regular file");
  SECTION("a sweep whose scenario is a directory says so") {
    std::filesystem::create_directories(folder.file("dir.json"));
    const std::string sweep = folder.write("s.json", sweep_with("dir.json", ""));
    expect_bad_input(run_hospsim({"batch", sweep}), folder.file("dir.json") + ": is a directory");
  }
  SECTION("a sweep whose scenario is a FIFO says so") {
    const std::string sweep = folder.write("s.json", sweep_with("pipe.json", ""));
    expect_bad_input(run_hospsim({"batch", sweep}), fifo + ": is a FIFO");
  }
}

TEST_CASE("reliability::problems: the number printed is capped and control characters are escaped",
          "[reliability]") {
  TempDir folder;
  std::string scenario = hospsim::testing::read_file(tiny_scenario());
  std::string keys;
  for (int i = 0; i < 20000; ++i) keys += "\"unknown_" + std::to_string(i) + "\": 1,";
  scenario.insert(scenario.find('{') + 1, keys + "\"bell\\u0007\\u0000\": 1,");
  const std::string file = folder.write("many.json", scenario);
  const ProcessResult result = run_hospsim({"validate", file});
  expect_bad_input(result, "19901 more problems not shown (the first 100 are listed)");
  CHECK(result.err.size() < 40000);
  CHECK(result.err.find(file + ": 20001 problems") != std::string::npos);
  CHECK(result.err.find('\0') == std::string::npos);
  SECTION("a NUL in a key is printed as an escape") {
    const std::string one = folder.write("nul.json", hospsim::testing::read_file(tiny_scenario()).insert(1, "\"a\\u0000b\": 1,"));
    const ProcessResult nul = run_hospsim({"validate", one});
    expect_bad_input(nul, "/a\\u0000b: ");
    CHECK(nul.err.find('\0') == std::string::npos);
  }
}

TEST_CASE("reliability::db: compare and report --db read without writing", "[reliability]") {
  TempDir folder;
  const std::string db = small_batch(folder);
  // A database in rollback-journal mode (as a copy made with the sqlite3 shell is): reading it must not
  // switch it to WAL or touch it at all.
  REQUIRE(shell("sqlite3 '" + db + "' 'PRAGMA journal_mode=DELETE;' >/dev/null").exit_code == 0);
  const std::string before = hospsim::testing::read_file(db);
  REQUIRE(before.size() > 100);
  CHECK(before[18] == 1);  // file format versions: 1 = rollback journal, 2 = WAL
  REQUIRE(::chmod(db.c_str(), 0444) == 0);
  const ProcessResult compare = run_hospsim({"compare", "--db", db});
  INFO(compare.err);
  CHECK(compare.exit_code == 0);
  CHECK(compare.out.find("second-link") != std::string::npos);
  const ProcessResult report = run_hospsim({"report", "--db", db, "-o", folder.file("r.html")});
  INFO(report.err);
  CHECK(report.exit_code == 0);
  CHECK(hospsim::testing::read_file(db) == before);
  CHECK_FALSE(std::filesystem::exists(db + "-wal"));
  CHECK_FALSE(std::filesystem::exists(db + "-shm"));
}

TEST_CASE("reliability::db: reading a WAL database leaves no -wal or -shm file beside it", "[reliability]") {
  TempDir folder;
  const std::string db = small_batch(folder);  // as hospsim batch leaves it: WAL mode, no -wal file
  const std::string before = hospsim::testing::read_file(db);
  REQUIRE(before.size() > 100);
  REQUIRE(before[18] == 2);  // WAL
  REQUIRE_FALSE(std::filesystem::exists(db + "-wal"));
  CHECK(run_hospsim({"compare", "--db", db}).exit_code == 0);
  CHECK(run_hospsim({"export", "--db", db, "-o", folder.file("runs.csv")}).exit_code == 0);
  CHECK(run_hospsim({"report", "--db", db, "-o", folder.file("r.html")}).exit_code == 0);
  CHECK(run_hospsim({"merge", folder.file("merged.db"), db}).exit_code == 0);
  CHECK(hospsim::testing::read_file(db) == before);
  CHECK_FALSE(std::filesystem::exists(db + "-wal"));
  CHECK_FALSE(std::filesystem::exists(db + "-shm"));
}

TEST_CASE("reliability::db: malformed databases exit 2 naming the file", "[reliability]") {
  TempDir folder;
  const std::string text = folder.write("plain.db", "this is not a database\n");
  expect_bad_input(run_hospsim({"compare", "--db", text}), text + ": is not a hospsim results database");
  expect_bad_input(run_hospsim({"report", "--db", text}), text + ": is not a hospsim results database");
  expect_bad_input(run_hospsim({"export", "--db", text}), text + ": is not a hospsim results database");
  expect_bad_input(run_hospsim({"merge", folder.file("m.db"), text}),
                   text + ": is not a hospsim results database");
  const std::string sweep = folder.write("s.json", sweep_with(tiny_scenario(), ""));
  expect_bad_input(run_hospsim({"batch", sweep, "--db", text, "--resume"}),
                   text + ": is not a hospsim results database");
  SECTION("a truncated database") {
    const std::string db = small_batch(folder);
    const std::string bytes = hospsim::testing::read_file(db);
    const std::string truncated = folder.write("truncated.db", bytes.substr(0, bytes.size() / 2));
    const ProcessResult result = run_hospsim({"compare", "--db", truncated});
    expect_bad_input(result, truncated + ": is not a hospsim results database");
  }
  SECTION("a directory") {
    std::filesystem::create_directories(folder.file("dir.db"));
    expect_bad_input(run_hospsim({"compare", "--db", folder.file("dir.db")}),
                     folder.file("dir.db") + ": is a directory");
    expect_bad_input(run_hospsim({"batch", sweep, "--db", folder.file("dir.db")}),
                     folder.file("dir.db") + ": is a directory");
  }
}

TEST_CASE("reliability::report: the report of a run directory is the one hospsim run wrote",
          "[reliability]") {
  // hospsim run draws report.html from the run's typed rows in memory, hospsim report from timeline.csv and
  // events.csv read back into the same rows. The full example has region rows and most incident kinds.
  TempDir folder;
  const std::string out = folder.file("run");
  const ProcessResult run = run_hospsim(
      {"--quiet", "run", std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/examples/full.json", "--out", out});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const ProcessResult report = run_hospsim({"report", out, "-o", folder.file("again.html")});
  INFO(report.err);
  REQUIRE(report.exit_code == 0);
  const std::string written = hospsim::testing::read_file(out + "/report.html");
  CHECK(written.find("id=\"chart-attack\"") != std::string::npos);
  CHECK(hospsim::testing::read_file(folder.file("again.html")) == written);
}

TEST_CASE("reliability::report: malformed run directories exit 2 naming the file", "[reliability]") {
  TempDir folder;
  const std::string out = folder.file("run");
  const ProcessResult run = run_hospsim({"--quiet", "run", tiny_scenario(), "--out", out});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const std::string summary = hospsim::testing::read_file(out + "/summary.json");
  const std::string timeline = hospsim::testing::read_file(out + "/timeline.csv");
  auto restore = [&] {
    std::ofstream(out + "/summary.json", std::ios::binary) << summary;
    std::ofstream(out + "/timeline.csv", std::ios::binary) << timeline;
  };
  CHECK(run_hospsim({"report", out}).exit_code == 0);
  SECTION("wrong types in summary.json") {
    std::string bad = summary;
    const std::size_t at = bad.find("\"horizon_hours\": ");
    REQUIRE(at != std::string::npos);
    bad.replace(at, 17, "\"horizon_hours\": \"long\", \"was\": ");
    std::ofstream(out + "/summary.json", std::ios::binary) << bad;
    expect_bad_input(run_hospsim({"report", out}), out + "/summary.json:");
    expect_bad_input(run_hospsim({"report", out}),
                     "/scenario/horizon_hours: must be a non-negative number of hours");
    std::ofstream(out + "/summary.json", std::ios::binary)
        << "{\"format\": \"hospsim-summary/1\", \"scenario\": 1, "
           "\"metrics\": []}";
    expect_bad_input(run_hospsim({"report", out}), out + "/summary.json:1:45: /scenario: must be an object");
  }
  SECTION("impossible dates and non-finite values in timeline.csv") {
    for (const char* metric : {"ed_arrivals"}) {
      std::ofstream(out + "/timeline.csv", std::ios::binary)
          << "time,run,hospital,metric,value\n2025-99-99T00:00,scenario,hosp," << metric << ",1\n";
      expect_bad_input(run_hospsim({"report", out}), "timeline.csv: not a datetime: 2025-99-99T00:00");
      for (const char* value : {"nan", "1e999", "", "12abc"}) {
        std::ofstream(out + "/timeline.csv", std::ios::binary)
            << "time,run,hospital,metric,value\n2025-03-13T01:00,scenario,hosp," << metric << "," << value
            << "\n";
        expect_bad_input(run_hospsim({"report", out}),
                         "timeline.csv: not a finite number in the value column");
      }
    }
    restore();
  }
  SECTION("a missing events.csv") {
    std::filesystem::remove(out + "/events.csv");
    expect_bad_input(run_hospsim({"report", out}), out + "/events.csv: missing");
  }
}

TEST_CASE("reliability::outputs: a failed write leaves no partial file and fails", "[reliability]") {
  TempDir folder;
  SECTION("stdout on a full device") {
    const ProcessResult result = shell(hospsim_path() + " generate --hospitals 3 --regions 1 > /dev/full");
    expect_bad_input(result, "cannot write the results to standard output");
  }
  SECTION("-o on a full device is written in place, not replaced") {
    expect_bad_input(run_hospsim({"generate", "--hospitals", "3", "--regions", "1", "-o", "/dev/full"}),
                     "/dev/full: cannot write (No space left on device)");
    struct stat info {};
    REQUIRE(::stat("/dev/full", &info) == 0);
    CHECK(S_ISCHR(info.st_mode));
  }
  SECTION("run --out writes its three outputs or none") {
    // events.csv cannot be written (a directory stands in its place) after summary.json and timeline.csv
    // could have been: none of the three may appear, and no temporary file may stay.
    const std::string out = folder.file("out");
    std::filesystem::create_directories(out + "/events.csv");
    expect_bad_input(run_hospsim({"run", tiny_scenario(), "--out", out}),
                     out + "/events.csv: is a directory");
    CHECK(folder.names() == std::vector<std::string>{"out"});
    std::vector<std::string> left;
    for (const auto& entry : std::filesystem::directory_iterator(out))
      left.push_back(entry.path().filename());
    CHECK(left == std::vector<std::string>{"events.csv"});
    // An earlier complete set of outputs stays as it was when a later run cannot write.
    std::filesystem::remove(out + "/events.csv");
    REQUIRE(run_hospsim({"--quiet", "run", tiny_scenario(), "--out", out, "--no-report"}).exit_code == 0);
    const std::string summary = hospsim::testing::read_file(out + "/summary.json");
    std::filesystem::remove(out + "/events.csv");
    std::filesystem::create_directories(out + "/events.csv");
    expect_bad_input(run_hospsim({"run", tiny_scenario(), "--seed", "7", "--out", out}), "cannot write");
    CHECK(hospsim::testing::read_file(out + "/summary.json") == summary);
  }
  SECTION("run --out writes report.html with the three others as one set, all or none") {
    // report.html cannot be written (a directory stands in its place): it is the last of the four, built
    // after the three others could have been written; none of them may appear.
    const std::string out = folder.file("out");
    std::filesystem::create_directories(out + "/report.html");
    expect_bad_input(run_hospsim({"run", tiny_scenario(), "--out", out}),
                     out + "/report.html: is a directory");
    std::vector<std::string> left;
    for (const auto& entry : std::filesystem::directory_iterator(out))
      left.push_back(entry.path().filename());
    CHECK(left == std::vector<std::string>{"report.html"});
    // A complete earlier set of four stays as it was, report included, when a later run cannot write one.
    std::filesystem::remove(out + "/report.html");
    REQUIRE(run_hospsim({"--quiet", "run", tiny_scenario(), "--out", out}).exit_code == 0);
    REQUIRE(std::filesystem::is_regular_file(out + "/report.html"));  // the suite needs the chart libraries
    const std::string summary = hospsim::testing::read_file(out + "/summary.json");
    const std::string report = hospsim::testing::read_file(out + "/report.html");
    std::filesystem::remove(out + "/events.csv");
    std::filesystem::create_directories(out + "/events.csv");
    expect_bad_input(run_hospsim({"run", tiny_scenario(), "--seed", "7", "--out", out}),
                     out + "/events.csv: is a directory");
    CHECK(hospsim::testing::read_file(out + "/summary.json") == summary);
    CHECK(hospsim::testing::read_file(out + "/report.html") == report);
    // With nothing in the way, the next run replaces all four together.
    std::filesystem::remove(out + "/events.csv");
    REQUIRE(run_hospsim({"--quiet", "run", tiny_scenario(), "--seed", "7", "--out", out}).exit_code == 0);
    CHECK(hospsim::testing::read_file(out + "/summary.json") != summary);
    CHECK(hospsim::testing::read_file(out + "/report.html") != report);
    left.clear();
    for (const auto& entry : std::filesystem::directory_iterator(out))
      left.push_back(entry.path().filename());
    std::sort(left.begin(), left.end());
    CHECK(left == std::vector<std::string>{"events.csv", "report.html", "summary.json", "timeline.csv"});
  }
  SECTION("report -o, check --junit and generate -o into a missing folder leave nothing") {
    const std::string out = folder.file("run");
    REQUIRE(run_hospsim({"--quiet", "run", tiny_scenario(), "--out", out}).exit_code == 0);
    expect_bad_input(run_hospsim({"report", out, "-o", folder.file("no/r.html")}),
                     folder.file("no/r.html") + ": cannot write");
    expect_bad_input(run_hospsim({"generate", "-o", folder.file("no/g.json")}),
                     folder.file("no/g.json") + ": cannot write");
    const std::string expectation =
        std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/expectations/minimal.expect.json";
    expect_bad_input(run_hospsim({"--quiet", "check", "--junit", folder.file("no/j.xml"), expectation}),
                     folder.file("no/j.xml") + ": cannot write (No such file or directory)");
    expect_bad_input(run_hospsim({"--quiet", "check", "--junit", "/dev/full", expectation}),
                     "/dev/full: cannot write (No space left on device)");
    CHECK(folder.names() == std::vector<std::string>{"run"});
  }
}

TEST_CASE("reliability::batch: the children of a killed batch die with it", "[reliability]") {
  TempDir folder;
  const std::string sweep = folder.write("s.json", sweep_with(tiny_scenario(), R"("replications": 2)"));
  const pid_t batch = ::fork();
  REQUIRE(batch >= 0);
  if (batch == 0) {
    ::setenv("HOSPSIM_TEST_HANG_CONFIG", "base", 1);
    const std::string path = hospsim_path();
    const std::string db = folder.file("s.db");
    ::execl(path.c_str(), path.c_str(), "batch", sweep.c_str(), "--db", db.c_str(), "-j", "2",
            "--run-timeout", "0", "--quiet", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Wait (bounded) until both hanging runs are in flight.
  std::vector<pid_t> children;
  for (int i = 0; i < 3000 && children.size() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    children = children_of(batch);
  }
  REQUIRE(children.size() == 2);
  REQUIRE(::kill(batch, SIGKILL) == 0);
  int status = 0;
  REQUIRE(::waitpid(batch, &status, 0) == batch);
  // The children are killed by the kernel as their parent dies (gone, or a zombie awaiting its new parent).
  // The bound only keeps a failure from hanging the test: as long as the one above, not a speed.
  bool all_dead = false;
  for (int i = 0; i < 6000 && !all_dead; ++i) {
    all_dead = true;
    for (const pid_t child : children) {
      const char state = process_state(child);
      if (state != 0 && state != 'Z') all_dead = false;
    }
    if (!all_dead) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(all_dead);
  for (const pid_t child : children) {
    if (process_state(child) != 0 && process_state(child) != 'Z') ::kill(child, SIGKILL);
  }
}

TEST_CASE("reliability::seeds: out-of-range seeds exit 2 everywhere instead of wrapping", "[reliability]") {
  TempDir folder;
  for (const char* seed : {"-1", "18446744073709551616", "9223372036854775808", "1e3", ""}) {
    INFO("seed " << seed);
    expect_bad_input(run_hospsim({"run", tiny_scenario(), "--seed", seed, "--out", folder.file("o")}),
                     "a seed is an integer from 0 to 9223372036854775807");
    expect_bad_input(run_hospsim({"generate", "--seed", seed}), "a seed is an integer from 0 to");
  }
  CHECK_FALSE(std::filesystem::exists(folder.file("o")));
  SECTION("a sweep whose seeds would pass the largest seed") {
    const std::string sweep = folder.write(
        "s.json",
        sweep_with(tiny_scenario(), R"("replications": 2, "seeds": {"base": 9223372036854775807})"));
    expect_bad_input(run_hospsim({"batch", sweep}),
                     "/seeds/base: with 2 seeds from base 9223372036854775807");
    const std::string wrapped =
        folder.write("w.json", sweep_with(tiny_scenario(), R"("seeds": {"base": 18446744073709551615})"));
    expect_bad_input(run_hospsim({"batch", wrapped}),
                     "/seeds/base: must be an integer from 0 to 9223372036854775807");
  }
  SECTION("a scenario and an expectation seed") {
    std::string scenario = hospsim::testing::read_file(tiny_scenario());
    scenario.insert(scenario.find('{') + 1, "\"seed\": 18446744073709551615,");
    const std::string file = folder.write("seed.json", scenario);
    expect_bad_input(run_hospsim({"validate", file}),
                     "/seed: must be an integer from 0 to 9223372036854775807");
    const std::string expect = folder.write(
        "e.expect.json", R"({"format": "hospsim-expect/1", "scenario": ")" + tiny_scenario() +
                             R"(", "expectations": {"a": {"kind": "exact", "seed": 10000000000000000000}}})");
    expect_bad_input(run_hospsim({"check", expect}), "/expectations/a/seed: must be an integer from 0 to");
  }
}

TEST_CASE("reliability::it: sizes, work and bandwidth beyond the engine and tiny periods are refused",
          "[reliability]") {
  TempDir folder;
  const std::string base = hospsim::testing::read_file(tiny_scenario());
  // Replaces the first `"key": <value>` after `anchor` by `"key": replacement`.
  auto with = [&](const std::string& anchor, const std::string& key, const std::string& replacement) {
    std::string text = base;
    const std::size_t from = text.find(anchor);
    REQUIRE(from != std::string::npos);
    const std::size_t at = text.find("\"" + key + "\":", from);
    REQUIRE(at != std::string::npos);
    const std::size_t value = text.find_first_not_of(' ', at + key.size() + 3);
    const std::size_t end = text.find_first_of(",}\n", value);
    text.replace(value, end - value, replacement);
    return folder.write(key + ".json", text);
  };
  expect_bad_input(run_hospsim({"validate", with("\"request\"", "bytes", "\"10000000TB\"")}),
                   "/request/bytes: must be at most 1PB, got \"10000000TB\"");
  // Adds `"key": value` to the one service.
  auto adding = [&](const std::string& key, const std::string& value) {
    std::string text = base;
    const std::size_t at = text.find("\"timeout\": \"10s\"");
    REQUIRE(at != std::string::npos);
    text.insert(at, "\"" + key + "\": " + value + ", ");
    return folder.write("added-" + key + ".json", text);
  };
  expect_bad_input(run_hospsim({"validate", adding("response_bytes", "\"100000000TB\"")}),
                   "/services/ehr/response_bytes: must be at most 1PB");
  expect_bad_input(run_hospsim({"validate", with("\"request\"", "work", "\"10000000Tf\"")}),
                   "/request/work: must be at most 1Ef");
  expect_bad_input(run_hospsim({"validate", with("\"links\"", "bandwidth", "\"100000000Tbps\"")}),
                   "/bandwidth: must be at most 8Pbps");
  expect_bad_input(run_hospsim({"validate", adding("probe_every", "\"1ms\"")}),
                   "/probe_every: must be at least 1s, got \"1ms\"");
  expect_bad_input(run_hospsim({"validate", with("\"services\"", "timeout", "\"1ms\"")}),
                   "/timeout: must be at least 10ms, got \"1ms\"");
}

TEST_CASE("reliability::compare: a half-width that is not a finite positive number is refused",
          "[reliability]") {
  TempDir folder;
  for (const char* value : {"nan", "inf", "-1", "0", "1x"}) {
    INFO(value);
    expect_bad_input(run_hospsim({"compare", "--db", folder.file("none.db"), "--half-width", value}),
                     "must be a finite number > 0");
  }
}
