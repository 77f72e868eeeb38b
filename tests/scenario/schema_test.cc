// Keeps scenarios/schema.json, scenarios/examples/full.json and docs/scenario-format.md in step with the
// loader's key catalog (src/scenario/scenario_keys.h).
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "scenario/scenario_keys.h"
#include "support/test_files.h"

using namespace hospsim;
using nlohmann::json;

namespace {

// The file at `relative` in the source tree; the test fails when it is missing or empty.
std::string read_text(const std::string& relative) {
  std::string text = testing::read_file(std::string(HOSPSIM_SOURCE_DIR) + "/" + relative);
  REQUIRE_FALSE(text.empty());
  return text;
}

struct Observed {
  std::set<std::string> keys;
  std::set<std::string> required;
  std::set<std::string> deprecated;  // properties marked "deprecated": true (not in `keys`)
};

// Object schemas reachable from `schema`, by path ("*" for additionalProperties/items). Alternatives of a
// oneOf at one path are merged: keys united, required keys intersected.
void walk_schema(const json& schema, const json& root, const std::string& path,
                 std::map<std::string, std::vector<Observed>>& out, int depth = 0) {
  REQUIRE(depth < 40);
  if (!schema.is_object()) return;
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    REQUIRE(ref.rfind("#/$defs/", 0) == 0);
    walk_schema(root["$defs"][ref.substr(8)], root, path, out, depth + 1);
  }
  for (const char* combinator : {"oneOf", "anyOf", "allOf"}) {
    if (schema.contains(combinator)) {
      for (const json& alternative : schema[combinator]) walk_schema(alternative, root, path, out, depth + 1);
    }
  }
  if (schema.contains("properties")) {
    INFO("schema object at " << path);
    CHECK(schema.value("additionalProperties", true) == false);
    Observed observed;
    for (const auto& item : schema["properties"].items()) {
      if (item.value().value("deprecated", false)) {
        observed.deprecated.insert(item.key());
        continue;
      }
      observed.keys.insert(item.key());
      INFO("key " << item.key());
      CHECK(item.value().contains("description"));
      walk_schema(item.value(), root, path + "/" + item.key(), out, depth + 1);
    }
    for (const json& key : schema.value("required", json::array()))
      observed.required.insert(key.get<std::string>());
    out[path].push_back(observed);
  }
  if (schema.contains("additionalProperties") && schema["additionalProperties"].is_object()) {
    walk_schema(schema["additionalProperties"], root, path + "/*", out, depth + 1);
  }
  if (schema.contains("items") && schema["items"].is_object()) {
    walk_schema(schema["items"], root, path + "/*", out, depth + 1);
  }
}

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t begin = 1;
  while (begin <= path.size() && !path.empty()) {
    const std::size_t end = path.find('/', begin);
    parts.push_back(path.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
    if (end == std::string::npos) break;
    begin = end + 1;
  }
  return parts;
}

// Does catalog `pattern` ("*" = any segment) match `path`?
bool matches(const std::string& pattern, const std::string& path) {
  const auto a = split(pattern);
  const auto b = split(path);
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != "*" && a[i] != b[i]) return false;
  }
  return true;
}

const ObjectKeys* catalog_entry_for(const std::string& path) {
  const ObjectKeys* best = nullptr;
  for (const ObjectKeys& entry : scenario_object_keys()) {
    if (entry.path == path) return &entry;
    if (matches(entry.path, path) && best == nullptr) best = &entry;
  }
  return best;
}

std::set<std::string> all_keys(const ObjectKeys& entry) {
  std::set<std::string> keys(entry.required.begin(), entry.required.end());
  keys.insert(entry.optional.begin(), entry.optional.end());
  return keys;
}

// Every object in a concrete document, by JSON pointer (array indices and object keys as they are).
void walk_document(const json& value, const std::string& path,
                   std::map<std::string, std::set<std::string>>& out) {
  if (value.is_object()) {
    auto& keys = out[path];
    for (const auto& item : value.items()) {
      keys.insert(item.key());
      walk_document(item.value(), path + "/" + item.key(), out);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      walk_document(value[i], path + "/" + std::to_string(i), out);
  }
}

}  // namespace

TEST_CASE("scenario::schema: schema.json has the loader's keys and required keys at every level",
          "[scenario]") {
  const json schema = json::parse(read_text("scenarios/schema.json"));
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  std::map<std::string, std::vector<Observed>> observed;
  walk_schema(schema, schema, "", observed);
  std::set<std::string> matched_catalog;
  for (const auto& [path, alternatives] : observed) {
    if (path.find("/patch") != std::string::npos) continue;  // free-form merge patch
    Observed merged;
    merged.required = alternatives.front().required;
    for (const Observed& alternative : alternatives) {
      merged.keys.insert(alternative.keys.begin(), alternative.keys.end());
      merged.deprecated.insert(alternative.deprecated.begin(), alternative.deprecated.end());
      std::set<std::string> common;
      for (const std::string& key : merged.required) {
        if (alternative.required.count(key)) common.insert(key);
      }
      merged.required = common;
    }
    INFO("schema path " << (path.empty() ? "(root)" : path));
    const ObjectKeys* entry = catalog_entry_for(path);
    REQUIRE(entry != nullptr);
    matched_catalog.insert(entry->path);
    CHECK(merged.keys == all_keys(*entry));
    CHECK(merged.required == std::set<std::string>(entry->required.begin(), entry->required.end()));
    std::set<std::string> deprecated;
    for (const DeprecatedKey& key : deprecated_keys()) {
      if (key.path == entry->path) deprecated.insert(key.key);
    }
    CHECK(merged.deprecated == deprecated);
  }
  for (const ObjectKeys& entry : scenario_object_keys()) {
    INFO("catalog path " << entry.path);
    CHECK(matched_catalog.count(entry.path) == 1);
  }
}

TEST_CASE("scenario::schema: the every-key example uses every key of the catalog", "[scenario]") {
  const json full = json::parse(read_text("scenarios/examples/full.json"));
  std::map<std::string, std::set<std::string>> objects;
  walk_document(full, "", objects);
  for (const ObjectKeys& entry : scenario_object_keys()) {
    std::set<std::string> seen;
    for (const auto& [path, keys] : objects) {
      if (path.find("/patch") == std::string::npos && matches(entry.path, path))
        seen.insert(keys.begin(), keys.end());
    }
    INFO("catalog path " << entry.path);
    CHECK(seen == all_keys(entry));
  }
}

TEST_CASE("scenario::schema: docs/scenario-format.md documents every key", "[scenario]") {
  const std::string doc = read_text("docs/scenario-format.md");
  for (const ObjectKeys& entry : scenario_object_keys()) {
    for (const std::string& key : all_keys(entry)) {
      INFO("key " << key << " of " << entry.path);
      CHECK(doc.find("`" + key + "`") != std::string::npos);
    }
  }
  for (const DeprecatedKey& key : deprecated_keys()) {
    INFO("deprecated key " << key.key << " of " << key.path);
    CHECK(doc.find("`" + key.key + "`") != std::string::npos);
    CHECK(object_keys(key.path).optional.size() + object_keys(key.path).required.size() > 0);
  }
}
