// Test support for the scenario layer: load a JSON document as a scenario file and read its problems and
// warnings as "pointer: message" lines.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/loader.h"

namespace hospsim::testing {

using nlohmann::json;

// The document with `value` at `pointer` (created or replaced).
inline json with(json document, const std::string& pointer, json value) {
  document[json::json_pointer(pointer)] = std::move(value);
  return document;
}

struct Loaded {
  Result<Scenario> result;
  std::vector<std::string> warnings;  // "pointer: message"
};

inline Loaded load(const json& document) {
  std::vector<Problem> warnings;
  Result<Scenario> result = load_scenario_text(document.dump(2), "s.json", LoadOptions{}, &warnings);
  Loaded loaded{std::move(result), {}};
  for (const Problem& warning : warnings) loaded.warnings.push_back(warning.pointer + ": " + warning.message);
  return loaded;
}

inline Scenario load_ok(const json& document) {
  Loaded loaded = load(document);
  INFO(loaded.result.status().message());
  REQUIRE(loaded.result.is_ok());
  return loaded.result.value();
}

// The one problem of an invalid document, as "pointer: message".
inline std::string problem_of(const json& document) {
  Loaded loaded = load(document);
  REQUIRE_FALSE(loaded.result.is_ok());
  const std::vector<Problem>& problems = loaded.result.status().problems();
  INFO(loaded.result.status().message());
  REQUIRE(problems.size() == 1);
  return problems[0].pointer + ": " + problems[0].message;
}

// The warnings of a valid document, in file order.
inline std::vector<std::string> warnings_of(const json& document) {
  Loaded loaded = load(document);
  INFO(loaded.result.status().message());
  REQUIRE(loaded.result.is_ok());
  return loaded.warnings;
}

}  // namespace hospsim::testing
