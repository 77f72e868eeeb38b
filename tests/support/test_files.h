// Files the tests share: reading a file whole, a fresh temporary folder per test (with the files a test writes
// into it) and the one-hospital, one-day scenario of tests/batch/data.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace hospsim::testing {

// The bytes of the file at `path`; "" when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The one-hospital, one-day scenario the batch and command-line tests simulate.
inline std::string tiny_scenario() { return std::string(HOSPSIM_SOURCE_DIR) + "/tests/batch/data/tiny.json"; }

// A new empty folder under the system's temporary folder, removed with everything in it when the object goes
// away (also after a test took away its permissions).
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("hospsim-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ignored);
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The path of `name` in the folder (it need not exist).
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  // Writes `text` (bytes as they are) to `name` in the folder; the test fails when it cannot. Returns its
  // path.
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream out(path_ / name, std::ios::binary);
    out << text;
    REQUIRE(out.good());
    return file(name);
  }
  // The names of the entries of the folder, sorted.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(path_))
      out.push_back(entry.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace hospsim::testing
