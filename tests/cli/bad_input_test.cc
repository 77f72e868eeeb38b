// Runs every file of the bad-input corpus (tests/bad_input/expected.txt) plus generated ones through the real
// `hospsim validate` executable: each must exit 2 (no crash, no hang) and print its expected message.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "support/run_process.h"

using namespace hospsim::testing;

namespace {

constexpr double kTimeoutSeconds = 60;

std::string corpus_dir() { return std::string(HOSPSIM_SOURCE_DIR) + "/tests/bad_input"; }

std::string generated_dir() {
  const std::string dir = std::string(HOSPSIM_BINARY_DIR) + "/tests/bad_input_generated";
  std::filesystem::create_directories(dir);
  return dir;
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  REQUIRE(out.good());
}

// Validates `path` and checks: exit code 2, no signal, no timeout, `fragment` on stderr, stderr bounded.
void expect_refused(const std::string& path, const std::string& fragment) {
  INFO("file " << path);
  const ProcessResult result = run_process({hospsim_path(), "validate", path}, kTimeoutSeconds);
  CHECK_FALSE(result.timed_out);
  CHECK_FALSE(result.signaled);
  INFO("stderr: " << result.err.substr(0, 2000));
  CHECK(result.exited);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find(fragment) != std::string::npos);
  CHECK(result.err.size() < 20000);  // long values are truncated in messages
  CHECK(result.out.empty());
}

}  // namespace

TEST_CASE("cli::bad_input: every corpus file exits 2 with its message", "[cli]") {
  std::ifstream expected(corpus_dir() + "/expected.txt");
  REQUIRE(expected);
  std::set<std::string> listed;
  std::string line;
  while (std::getline(expected, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    const std::string file = line.substr(0, tab);
    listed.insert(file);
    expect_refused(corpus_dir() + "/" + file, line.substr(tab + 1));
  }
  CHECK(listed.size() >= 40);
  // every file of the corpus has an expectation
  for (const auto& entry : std::filesystem::directory_iterator(corpus_dir())) {
    const std::string name = entry.path().filename().string();
    if (name == "expected.txt") continue;
    INFO("corpus file without an expectation: " << name);
    CHECK(listed.count(name) == 1);
  }
}

TEST_CASE("cli::bad_input: generated large and binary inputs exit 2", "[cli]") {
  const std::string dir = generated_dir();
  SECTION("a 1 MB string") {
    const std::string path = dir + "/big_string.json";
    write_file(
        path,
        "{\"format\": \"hospsim/1\", \"name\": \"big\", \"start\": \"2025-03-10T00:00\", \"horizon\": \"" +
            std::string(1 << 20, 'x') +
            "\", \"hospitals\": {\"h\": {\"name\": \"H\", \"location\": [56, 10]}}}");
    expect_refused(
        path,
        "/horizon: duration \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\" does not start with a number");
  }
  SECTION("a 1 MB unknown key") {
    const std::string path = dir + "/big_key.json";
    write_file(path, "{\"" + std::string(1 << 20, 'k') + "\": 1}");
    expect_refused(path, ": unknown key \"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...\"");
  }
  SECTION("binary garbage") {
    const std::string path = dir + "/garbage.bin";
    std::string bytes(1 << 16, '\0');
    std::uint32_t state = 12345;
    for (char& byte : bytes) {
      state = state * 1664525u + 1013904223u;
      byte = static_cast<char>(state >> 24);
    }
    bytes[0] = static_cast<char>(0xFF);
    write_file(path, bytes);
    expect_refused(path, "garbage.bin:1:1: /: malformed JSON: unexpected byte 0xFF");
  }
  SECTION("100000 nested arrays") {
    const std::string path = dir + "/deep.json";
    write_file(path, std::string(100000, '[') + std::string(100000, ']'));
    expect_refused(path, "malformed JSON: nesting deeper than 64 levels");
  }
  SECTION("a missing file and a directory") {
    expect_refused(dir + "/does-not-exist.json",
                   "does-not-exist.json: cannot open the file (missing or unreadable)");
    expect_refused(dir, ": is a directory; expected a scenario file");
  }
}
