// The restart with transparent huge pages (src/cli/huge_pages.h): which commands restart, the tunable they
// restart with, and that outputs are byte-identical with and without huge pages.
#include <catch2/catch.hpp>

#include <gnu/libc-version.h>
#include <stdlib.h>

#include <cstdlib>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/huge_pages.h"
#include "support/run_process.h"
#include "support/test_files.h"

using namespace hospsim;
using namespace hospsim::testing;

namespace {

bool simulates_args(std::vector<const char*> args) {
  args.insert(args.begin(), "hospsim");
  return simulates(static_cast<int>(args.size()), args.data());
}

}  // namespace

TEST_CASE("cli::huge_pages: only run, batch and check restart", "[cli]") {
  CHECK(simulates_args({"run", "s.json"}));
  CHECK(simulates_args({"batch", "sweep.json"}));
  CHECK(simulates_args({"check", "e.json"}));
  CHECK(simulates_args({"-q", "run", "s.json"}));
  CHECK(simulates_args({"--quiet", "--log-level", "debug", "batch", "b.json"}));
  CHECK(simulates_args({"--log-level=info", "check", "e.json"}));
  CHECK_FALSE(simulates_args({}));
  CHECK_FALSE(simulates_args({"validate", "s.json"}));
  CHECK_FALSE(simulates_args({"generate", "--hospitals", "3"}));
  CHECK_FALSE(simulates_args({"--version"}));
  CHECK_FALSE(simulates_args({"report", "run"}));       // "run" is report's argument, not the subcommand
  CHECK_FALSE(simulates_args({"--log-level", "run"}));  // "run" is the option's value
}

TEST_CASE("cli::huge_pages: the tunable to restart with", "[cli]") {
  const std::string madvise = "always [madvise] never\n";
  SECTION("madvise or always mode, nothing set: the tunable alone") {
    CHECK(huge_page_tunables(madvise, nullptr, "2.36") ==
          std::optional<std::string>("glibc.malloc.hugetlb=1"));
    CHECK(huge_page_tunables("[always] madvise never\n", nullptr, "2.35") ==
          std::optional<std::string>("glibc.malloc.hugetlb=1"));
    CHECK(huge_page_tunables(madvise, "", "3.0") == std::optional<std::string>("glibc.malloc.hugetlb=1"));
  }
  SECTION("other tunables are kept") {
    CHECK(huge_page_tunables(madvise, "glibc.malloc.arena_max=2", "2.36") ==
          std::optional<std::string>("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"));
  }
  SECTION("no restart: huge pages off, glibc too old or unreadable, or the user chose") {
    CHECK_FALSE(huge_page_tunables("always madvise [never]\n", nullptr, "2.36"));
    CHECK_FALSE(huge_page_tunables("", nullptr, "2.36"));
    CHECK_FALSE(huge_page_tunables(madvise, nullptr, "2.34"));
    CHECK_FALSE(huge_page_tunables(madvise, nullptr, "2.9"));
    CHECK_FALSE(huge_page_tunables(madvise, nullptr, "unknown"));
    CHECK_FALSE(huge_page_tunables(madvise, "glibc.malloc.hugetlb=0", "2.36"));
    CHECK_FALSE(huge_page_tunables(madvise, "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1", "2.36"));
  }
}

TEST_CASE("cli::huge_pages: malloc_huge_pages reads the last glibc.malloc.hugetlb setting", "[cli]") {
  const char* saved = std::getenv("GLIBC_TUNABLES");
  const std::string kept = saved != nullptr ? saved : "";
  auto with = [](const char* tunables) {
    if (tunables == nullptr) {
      ::unsetenv("GLIBC_TUNABLES");
    } else {
      ::setenv("GLIBC_TUNABLES", tunables, 1);
    }
    return malloc_huge_pages();
  };
  CHECK_FALSE(with(nullptr));
  CHECK_FALSE(with(""));
  CHECK(with("glibc.malloc.hugetlb=1"));
  CHECK(with("glibc.malloc.hugetlb=2"));
  CHECK_FALSE(with("glibc.malloc.hugetlb=0"));
  CHECK_FALSE(with("glibc.malloc.hugetlb=10"));
  CHECK(with("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"));
  CHECK(with("glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2"));
  CHECK_FALSE(with("glibc.malloc.hugetlb=1:glibc.malloc.hugetlb=0"));  // the last one wins
  CHECK_FALSE(with("xglibc.malloc.hugetlb=1"));
  if (saved != nullptr) {
    ::setenv("GLIBC_TUNABLES", kept.c_str(), 1);
  } else {
    ::unsetenv("GLIBC_TUNABLES");
  }
}

TEST_CASE("cli::huge_pages: outputs are byte-identical with and without huge pages", "[cli]") {
  TempDir folder;
  const std::string scenario = std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/denmark-2025-midtjylland.json";
  // `tunables`: the GLIBC_TUNABLES the command starts with ("" unset).
  auto run = [&](const std::string& name, const std::string& tunables) {
    const std::string env = tunables.empty() ? "unset GLIBC_TUNABLES; " : "GLIBC_TUNABLES=" + tunables + " ";
    const std::string command = env + "exec '" + hospsim_path() + "' --quiet run '" + scenario + "' --out '" +
                                folder.file(name) + "' --stats '" + folder.file(name + ".stats.json") + "'";
    const ProcessResult result = run_process({"/bin/sh", "-c", command}, 300);
    INFO("stderr: " << result.err.substr(0, 2000));
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(read_file(folder.file(name + ".stats.json")));
  };
  const nlohmann::json plain = run("plain", "glibc.malloc.hugetlb=0");
  const nlohmann::json chosen = run("chosen", "");
  CHECK(plain["malloc_huge_pages"] == false);
  // What the command chooses on this machine: huge pages where the kernel offers them.
  std::ifstream thp("/sys/kernel/mm/transparent_hugepage/enabled");
  const std::string mode((std::istreambuf_iterator<char>(thp)), std::istreambuf_iterator<char>());
  const bool offered = thp && huge_page_tunables(mode, nullptr, gnu_get_libc_version()).has_value();
  CHECK(chosen["malloc_huge_pages"] == offered);
  for (const char* file : {"summary.json", "timeline.csv", "events.csv", "report.html"}) {
    INFO(file);
    const std::string expected = read_file(folder.file(std::string("plain/") + file));
    CHECK_FALSE(expected.empty());
    CHECK(read_file(folder.file(std::string("chosen/") + file)) == expected);
  }
}
