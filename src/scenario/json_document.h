// A strict JSON parser that remembers where every value and key is in the text.
//
// nlohmann::json has no source positions, so the scenario loader parses with this small recursive-descent
// parser instead: it builds the same nlohmann::json value plus, for every JSON pointer, the line:column of
// the value and (for object members) of its key, so every diagnostic can say `FILE:LINE:COL: /pointer: ...`.
//
// Strict RFC 8259: UTF-8 text only (an initial UTF-8 byte-order mark is skipped), no comments, no trailing
// commas, no NaN/Infinity. Refused with a positioned problem: malformed syntax, invalid UTF-8, control
// characters (including NUL) inside strings, lone surrogate escapes, numbers that overflow a double, nesting
// deeper than kMaxJsonDepth. Duplicate keys in one object do not stop parsing: each is recorded in
// JsonDocument::duplicate_keys (the first occurrence is kept) for the caller to report with its other
// problems. Lines and columns are 1-based; columns count Unicode characters, not bytes.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/status.h"

namespace hospsim {

struct TextPosition {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based
};

struct JsonDocument {
  nlohmann::json root;
  std::map<std::string, TextPosition> value_positions;  // JSON pointer -> first character of the value
  std::map<std::string, TextPosition> key_positions;    // JSON pointer of a member -> its key's opening quote
  std::vector<Problem> duplicate_keys;                  // one problem per repeated key

  // The position of the value at `pointer`, else of its nearest ancestor that has one, else unknown.
  TextPosition position_of(const std::string& pointer) const;
  // The position of the key of member `pointer`, else position_of(pointer).
  TextPosition key_position_of(const std::string& pointer) const;
};

// Parses `text`. On malformed JSON, an invalid-argument Status whose problems() carry `file_name` and
// positions. `kind` says what the document is, with its article ("a scenario", "a sweep file", "an
// expectation file", "a run summary"), for the messages that name it ("nesting deeper than 64 levels; a sweep
// file never needs that").
Result<JsonDocument> parse_json_document(std::string_view text, const std::string& file_name,
                                         std::string_view kind);

// The document's root as an ordered_json whose object members (at every level) are in the order they appear
// in the text, as nlohmann::ordered_json::parse() would give. For callers whose output depends on the order
// the user wrote things in.
nlohmann::ordered_json in_file_order(const JsonDocument& document);

// RFC 6901 escaping of one reference token ("a/b" -> "a~1b", "~" -> "~0").
std::string escape_pointer_token(std::string_view token);

}  // namespace hospsim
