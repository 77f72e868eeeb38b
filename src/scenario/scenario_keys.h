// The keys the loader accepts in each object of a scenario file, and which of them are required.
//
// This catalog is the loader's own list (it rejects any other key with a "did you mean" suggestion), exposed
// so a test can hold scenarios/schema.json and docs/scenario-format.md in step with it. Paths are JSON
// pointers in which "*" stands for any entry of a collection (an id, an array index, or a service key of
// `effects`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hospsim {

struct ObjectKeys {
  std::string path;                   // e.g. "/hospitals/*/ed"
  std::vector<std::string> required;  // keys that must be present
  std::vector<std::string> optional;  // keys that may be present
};

// A key still accepted for old files: it loads with a warning naming its replacement; giving both is an
// error.
struct DeprecatedKey {
  std::string path;         // the object, as in ObjectKeys::path
  std::string key;          // the old key (not in that object's ObjectKeys)
  std::string replacement;  // the key to write instead, in the same object
  std::string mapping;      // how old values translate, e.g. `true = "whole_day", false = "while_down"`
};

// Every deprecated key of the format.
const std::vector<DeprecatedKey>& deprecated_keys();

// Every object of the format, root ("") first. Collections keyed by id (e.g. "/hospitals") are not listed:
// their keys are ids, and their entries are ("/hospitals/*").
const std::vector<ObjectKeys>& scenario_object_keys();

// The entry for `path`. REQUIRES: `path` is one of scenario_object_keys().
const ObjectKeys& object_keys(std::string_view path);

}  // namespace hospsim
