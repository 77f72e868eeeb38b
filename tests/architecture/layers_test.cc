// The layer graph of docs/architecture.md, checked against the code: every `#include "..."` in src/ and
// include/ names a project header by its layer, and is an edge the layer table allows.
//
// The table, lowest first; a layer may include its own headers and those of any layer on a lower row, never
// those of a peer on its own row:
//   scenario
//   generate, platform, clinical, metrics
//   it
//   run
//   batch
//   check, report
//   cli
// The public headers include/hospsim/*.h belong to the scenario layer (the types and interfaces every layer
// shares, ServiceView among them: clinical reaches IT through it alone), except run.h, the run layer's.
//
// Tests obey the same table: the tests in tests/<folder>/ test one layer (test_layer()) and may include and
// link that layer and lower layers only, plus test support: a header of their own folder, included by its
// bare name ("clinical_test_support.h"), or of tests/support/ ("support/run_process.h"), which is shared by
// the tests of every layer and includes no project header.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const std::vector<std::vector<std::string>>& layer_rows() {
  static const std::vector<std::vector<std::string>> rows = {
      {"scenario"}, {"generate", "platform", "clinical", "metrics"}, {"it"}, {"run"}, {"batch"},
      {"check", "report"}, {"cli"}};
  return rows;
}

// The row of `layer`, or -1 for a folder the table does not know.
int row_of(const std::string& layer) {
  const auto& rows = layer_rows();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (std::find(rows[i].begin(), rows[i].end(), layer) != rows[i].end()) return static_cast<int>(i);
  }
  return -1;
}

// Whether code of layer `from` may include a header of layer `to`.
bool allowed(const std::string& from, const std::string& to) {
  if (from == to) return true;
  const int a = row_of(from);
  const int b = row_of(to);
  return a >= 0 && b >= 0 && b < a;
}

// The layer a quoted include names: "scenario/units.h" -> scenario, "hospsim/run.h" -> run, any other
// "hospsim/..." -> scenario; "" when it does not start with a folder.
std::string layer_of_include(const std::string& include) {
  const std::size_t slash = include.find('/');
  if (slash == std::string::npos) return "";
  const std::string folder = include.substr(0, slash);
  if (folder == "hospsim") return include == "hospsim/run.h" ? "run" : "scenario";
  return folder;
}

// Whether `include` names a header of the project: src/<include>, include/<include>, or a header generated
// from src/<name>.in (hospsim/version.h from src/version.h.in).
bool exists_in_project(const fs::path& root, const std::string& include) {
  if (fs::exists(root / "src" / include) || fs::exists(root / "include" / include)) return true;
  return fs::exists(root / "src" / (fs::path(include).filename().string() + ".in"));
}

struct Include {
  std::string file;  // relative to the root
  int line = 0;
  std::string header;
};

std::vector<Include> quoted_includes(const fs::path& root, const fs::path& folder) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s*"([^"]+)")re");
  std::vector<Include> found;
  for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
    if (!entry.is_regular_file()) continue;
    const std::string relative = fs::relative(entry.path(), root).generic_string();
    if (relative.find("node_modules") != std::string::npos) continue;
    const std::string extension = entry.path().extension().string();
    if (extension != ".h" && extension != ".cc" && extension != ".in") continue;
    std::ifstream in(entry.path());
    std::string text;
    int number = 0;
    while (std::getline(in, text)) {
      ++number;
      std::smatch match;
      if (std::regex_search(text, match, kInclude)) found.push_back({relative, number, match[1].str()});
    }
  }
  std::sort(found.begin(), found.end(), [](const Include& a, const Include& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });
  return found;
}

// The layer a file of the repository belongs to: src/<layer>/..., include/hospsim/* (scenario, but run.h:
// run); "" for a file directly under src/.
std::string layer_of_file(const std::string& relative) {
  if (relative.rfind("include/", 0) == 0) return layer_of_include(relative.substr(std::string("include/").size()));
  const fs::path path(relative);
  auto part = path.begin();
  ++part;  // "src"
  const std::string layer = part->string();
  return ++part == path.end() ? "" : layer;
}

// One line per include outside the table (or not naming a project header by its layer).
std::vector<std::string> violations(const fs::path& root) {
  std::vector<std::string> problems;
  for (const fs::path& folder : {fs::path("src"), fs::path("include")}) {
    for (const Include& include : quoted_includes(root, folder)) {
      const std::string where = include.file + ":" + std::to_string(include.line) + ": ";
      const std::string from = layer_of_file(include.file);
      const std::string to = layer_of_include(include.header);
      if (to.empty() || !exists_in_project(root, include.header)) {
        problems.push_back(where + "\"" + include.header +
                           "\" does not name a project header by its layer (\"layer/header.h\")");
      } else if (from.empty()) {
        continue;  // src/*.in templates, below every layer
      } else if (!allowed(from, to)) {
        problems.push_back(where + from + " includes \"" + include.header + "\" of layer " + to +
                           ", which the layer table does not allow");
      }
    }
  }
  return problems;
}

// ----- tests/ -----

// The layer the tests of tests/<folder>/ test: the folder's name when it is a layer; "it" for attack (the
// attack mechanisms of the IT layer); "cli", the top row, for fuzz (a harness per input format of every
// layer) and architecture (this check, which includes nothing of the project); "support" for the shared
// test support; "" for a folder without a layer.
std::string test_layer(const std::string& folder) {
  if (row_of(folder) >= 0) return folder;
  if (folder == "attack") return "it";
  if (folder == "fuzz" || folder == "architecture") return "cli";
  if (folder == "support") return "support";
  return "";
}

// The folder under tests/ of a file of the repository ("tests/clinical/x.cc" -> "clinical").
std::string test_folder_of_file(const std::string& relative) {
  const fs::path path(relative);
  auto part = path.begin();
  ++part;  // "tests"
  return part == path.end() ? "" : part->string();
}

// The layer a test links by a library name of CMake: hospsim_<layer> (hospsim_cli_lib: cli); "" for the
// test support libraries (hospsim_test_main, hospsim_test_support).
std::string layer_of_library(const std::string& library) {
  if (library == "hospsim_test_main" || library == "hospsim_test_support") return "";
  if (library == "hospsim_cli_lib") return "cli";
  return library.substr(std::string("hospsim_").size());
}

// One line per include or library of tests/ outside the table.
std::vector<std::string> test_violations(const fs::path& root) {
  std::vector<std::string> problems;
  for (const Include& include : quoted_includes(root, "tests")) {
    const std::string where = include.file + ":" + std::to_string(include.line) + ": ";
    const std::string folder = test_folder_of_file(include.file);
    const std::string from = test_layer(folder);
    if (from.empty()) {
      problems.push_back(where + "tests/" + folder + "/ is not the folder of a layer's tests");
      continue;
    }
    const fs::path own_folder = (root / include.file).parent_path();
    if (include.header.find('/') == std::string::npos) {
      if (!fs::exists(own_folder / include.header)) {
        problems.push_back(where + "\"" + include.header + "\" is neither a header of its own folder nor named" +
                           " by its layer (\"layer/header.h\")");
      }
      continue;
    }
    if (include.header.rfind("support/", 0) == 0) {
      if (!fs::exists(root / "tests" / include.header)) {
        problems.push_back(where + "\"" + include.header + "\" is not a header of tests/support/");
      }
      continue;
    }
    const std::string to = layer_of_include(include.header);
    if (!exists_in_project(root, include.header)) {
      problems.push_back(where + "\"" + include.header + "\" does not name a project header by its layer");
    } else if (from == "support") {
      problems.push_back(where + "test support includes \"" + include.header + "\" of layer " + to +
                         "; tests/support/ includes no project header");
    } else if (!allowed(from, to)) {
      problems.push_back(where + "a test of layer " + from + " includes \"" + include.header + "\" of layer " +
                         to + ", which the layer table does not allow");
    }
  }
  static const std::regex kLibrary(R"re(\bhospsim_[a-z_]+)re");
  for (const auto& entry : fs::directory_iterator(root / "tests")) {
    const fs::path cmake = entry.path() / "CMakeLists.txt";
    if (!entry.is_directory() || !fs::exists(cmake)) continue;
    const std::string folder = entry.path().filename().string();
    const std::string from = test_layer(folder);
    std::ifstream in(cmake);
    std::string text;
    int number = 0;
    while (std::getline(in, text)) {
      ++number;
      const std::string code = text.substr(0, text.find('#'));
      for (std::sregex_iterator it(code.begin(), code.end(), kLibrary), end; it != end; ++it) {
        const std::string to = layer_of_library(it->str());
        if (to.empty()) continue;
        if (row_of(to) < 0 || from.empty() || !allowed(from, to)) {
          problems.push_back("tests/" + folder + "/CMakeLists.txt:" + std::to_string(number) + ": the tests of " +
                             (from.empty() ? "tests/" + folder + "/" : "layer " + from) + " link " + it->str() +
                             ", which the layer table does not allow");
        }
      }
    }
  }
  return problems;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

}  // namespace

TEST_CASE("architecture::layers: the table allows lower rows and refuses peers and higher rows",
          "[architecture]") {
  CHECK(allowed("run", "it"));
  CHECK(allowed("cli", "scenario"));
  CHECK(allowed("it", "clinical"));
  CHECK(allowed("check", "batch"));
  CHECK(allowed("report", "report"));
  CHECK_FALSE(allowed("check", "report"));
  CHECK_FALSE(allowed("report", "check"));
  CHECK_FALSE(allowed("clinical", "it"));
  CHECK_FALSE(allowed("clinical", "platform"));
  CHECK_FALSE(allowed("scenario", "run"));
  CHECK_FALSE(allowed("metrics", "generate"));
  CHECK_FALSE(allowed("unknown", "scenario"));
  CHECK(layer_of_include("hospsim/run.h") == "run");
  CHECK(layer_of_include("hospsim/service_view.h") == "scenario");
  CHECK(layer_of_include("units.h").empty());
  CHECK(layer_of_file("src/check/checker.cc") == "check");
  CHECK(layer_of_file("include/hospsim/run.h") == "run");
  CHECK(layer_of_file("src/version.h.in").empty());
}

TEST_CASE("architecture::layers: every folder of src/ is a layer of the table", "[architecture]") {
  const fs::path root(HOSPSIM_SOURCE_DIR);
  std::vector<std::string> unknown;
  for (const auto& entry : fs::directory_iterator(root / "src")) {
    if (entry.is_directory() && row_of(entry.path().filename().string()) < 0) {
      unknown.push_back(entry.path().filename().string());
    }
  }
  INFO("add a new layer to the table in this file and to docs/architecture.md");
  CHECK(joined(unknown) == "");
}

TEST_CASE("architecture::layers: every include in src/ and include/ is an edge of the layer table",
          "[architecture]") {
  const fs::path root(HOSPSIM_SOURCE_DIR);
  REQUIRE(quoted_includes(root, "src").size() > 100);  // the walk found the code
  CHECK(joined(violations(root)) == "");
}

TEST_CASE("architecture::layers: a test folder tests one layer", "[architecture]") {
  CHECK(test_layer("clinical") == "clinical");
  CHECK(test_layer("attack") == "it");
  CHECK(test_layer("fuzz") == "cli");
  CHECK(test_layer("support") == "support");
  CHECK(test_layer("bad_input").empty());
  CHECK(test_folder_of_file("tests/run/run_test.cc") == "run");
  CHECK(layer_of_library("hospsim_cli_lib") == "cli");
  CHECK(layer_of_library("hospsim_report") == "report");
  CHECK(layer_of_library("hospsim_test_support").empty());
}

TEST_CASE("architecture::layers: every include and library of tests/ is an edge of the layer table",
          "[architecture]") {
  const fs::path root(HOSPSIM_SOURCE_DIR);
  REQUIRE(quoted_includes(root, "tests").size() > 50);  // the walk found the tests
  CHECK(joined(test_violations(root)) == "");
}
