#include <catch2/catch.hpp>

#include "scenario/json_document.h"

using namespace hospsim;

namespace {

std::string first_problem(std::string_view text) {
  Result<JsonDocument> result = parse_json_document(text, "f.json", "a scenario");
  REQUIRE_FALSE(result.is_ok());
  REQUIRE_FALSE(result.status().problems().empty());
  return result.status().problems().front().format();
}

}  // namespace

TEST_CASE("scenario::json: records the line and column of values and keys", "[scenario]") {
  const std::string text = "{\n  \"a\": [1, {\"b\": true}],\n  \"\xC3\xA6\": \"\xC3\xB8x\", \"c\": null\n}";
  Result<JsonDocument> result = parse_json_document(text, "f.json", "a scenario");
  REQUIRE(result.is_ok());
  const JsonDocument& doc = result.value();
  CHECK(doc.root["a"][1]["b"] == true);
  CHECK(doc.position_of("").line == 1);
  CHECK(doc.position_of("/a").line == 2);
  CHECK(doc.position_of("/a").column == 8);
  CHECK(doc.position_of("/a/1/b").column == 18);
  CHECK(doc.key_position_of("/a").column == 3);
  // columns count characters: the key "æ" is one character wide
  CHECK(doc.position_of("/c").line == 3);
  CHECK(doc.key_position_of("/c").column == 14);
  CHECK(doc.position_of("/missing/deeper").line == 1);  // falls back to the nearest ancestor
}

TEST_CASE("scenario::json: decodes escapes and keeps numbers exact", "[scenario]") {
  Result<JsonDocument> result = parse_json_document(
      R"({"s": "a\"\\\/\b\f\n\r\t\u00e6\ud83d\ude00", "i": -12, "u": 18446744073709551615,)"
      R"( "d": 1.5e3, "big": 1e308, "tiny": 1e-400})",
      "f.json", "a scenario");
  REQUIRE(result.is_ok());
  const nlohmann::json& root = result.value().root;
  CHECK(root["s"] == "a\"\\/\b\f\n\r\t\xC3\xA6\xF0\x9F\x98\x80");
  CHECK(root["i"].get<int>() == -12);
  CHECK(root["u"].get<std::uint64_t>() == 18446744073709551615ULL);
  CHECK(root["d"].get<double>() == 1500.0);
  CHECK(root["tiny"].get<double>() == 0.0);
}

TEST_CASE("scenario::json: reports malformed JSON with line and column", "[scenario]") {
  CHECK(first_problem("") ==
        "f.json:1:1: /: malformed JSON: empty file; expected a JSON object (a scenario starts with '{')");
  CHECK(first_problem("{\n  \"a\": 1,\n}") ==
        "f.json:3:1: /: malformed JSON: unexpected character '}' in an object; expected a key in double "
        "quotes");
  CHECK(first_problem("{\"a\": [1 2]}") ==
        "f.json:1:10: /a: malformed JSON: unexpected character '2' in an array; expected ',' or ']'");
  CHECK(first_problem("{\"a\": \"abc") ==
        "f.json:1:11: /a: malformed JSON: unterminated string; expected a closing '\"'");
  CHECK(first_problem("{\"a\": 1e999}") ==
        "f.json:1:7: /a: malformed JSON: number \"1e999\" is out of range; numbers must fit in a double");
  CHECK(first_problem("{\"a\": -1e400}") ==
        "f.json:1:7: /a: malformed JSON: number \"-1e400\" is out of range; numbers must fit in a double");
  CHECK(first_problem("{\"a\": NaN}") ==
        "f.json:1:7: /a: malformed JSON: unexpected character 'N'; expected a value (object, array, string, "
        "number, "
        "true, false or null)");
  CHECK(first_problem("{\"a\": tru}") ==
        "f.json:1:10: /a: malformed JSON: unexpected character '}' in a literal; expected true");
  CHECK(first_problem("{} x") ==
        "f.json:1:4: /: malformed JSON: unexpected character 'x' after the end of the JSON document");
  CHECK(first_problem("{\"a\": 01}") ==
        "f.json:1:8: /a: malformed JSON: number with a leading zero; write it without");
  CHECK(first_problem(std::string("{\"a\": \"x\0y\"}", 12)) ==
        "f.json:1:9: /a: malformed JSON: control character U+0000 inside a string; write it as an escape "
        "such as \\n "
        "or \\u0000");
  CHECK(first_problem(std::string("\0", 1)) ==
        "f.json:1:1: /: malformed JSON: unexpected byte 0x00; expected a value (object, array, string, "
        "number, true, "
        "false or null)");
  CHECK(first_problem("{\"a\": \"\xFF\"}") ==
        "f.json:1:8: /a: malformed JSON: invalid UTF-8 (byte 0xFF) in a string; the file must be UTF-8 text");
  CHECK(first_problem("{\"a\": \"\xC0\xAF\"}") ==
        "f.json:1:8: /a: malformed JSON: invalid UTF-8 (byte 0xC0) in a string; the file must be UTF-8 text");
  CHECK(first_problem(R"({"a": "\ud800"})") ==
        "f.json:1:14: /a: malformed JSON: high surrogate \\u escape not followed by a low surrogate");
  CHECK(first_problem(R"({"a": "\x"})") ==
        "f.json:1:10: /a: malformed JSON: invalid escape '\\x' in a string; expected one of \\\" \\\\ \\/ "
        "\\b \\f \\n "
        "\\r \\t \\uXXXX");
}

TEST_CASE("scenario::json: limits nesting depth", "[scenario]") {
  const std::string ok = std::string(64, '[') + std::string(64, ']');
  CHECK(parse_json_document(ok, "f.json", "a scenario").is_ok());
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string message = first_problem(deep);
  CHECK(message.find("malformed JSON: nesting deeper than 64 levels; a scenario never needs that") !=
        std::string::npos);
  CHECK(message.rfind("f.json:1:65: ", 0) == 0);
}

TEST_CASE("scenario::json: messages name the kind of document they were given", "[scenario]") {
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  std::string pointer;  // the 65th array: element 0 of 64 nested arrays
  for (int i = 0; i < 64; ++i) pointer += "/0";
  for (const std::string kind : {"a sweep file", "an expectation file", "a run summary"}) {
    Result<JsonDocument> nested = parse_json_document(deep, "f.json", kind);
    REQUIRE_FALSE(nested.is_ok());
    CHECK(nested.status().problems().front().format() == "f.json:1:65: " + pointer +
                                                            ": malformed JSON: nesting deeper than 64 levels; " +
                                                            kind + " never needs that");
    Result<JsonDocument> empty = parse_json_document("  \n", "f.json", kind);
    REQUIRE_FALSE(empty.is_ok());
    CHECK(empty.status().problems().front().format() ==
          "f.json:2:1: /: malformed JSON: empty file; expected a JSON object (" + kind + " starts with '{')");
  }
}

TEST_CASE("scenario::json: records every duplicate key and keeps the first value", "[scenario]") {
  Result<JsonDocument> result =
      parse_json_document("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2},\n \"a\": 3}", "f.json", "a scenario");
  REQUIRE(result.is_ok());
  CHECK(result.value().root["a"] == 1);
  CHECK(result.value().root["b"]["c"] == 1);
  const std::vector<Problem>& duplicates = result.value().duplicate_keys;
  REQUIRE(duplicates.size() == 2);
  CHECK(duplicates[0].format() ==
        "f.json:2:16: /b/c: duplicate key \"c\" (first at line 2); each key may appear once per object");
  CHECK(duplicates[1].format() ==
        "f.json:3:2: /a: duplicate key \"a\" (first at line 1); each key may appear once per object");
}

TEST_CASE("scenario::json: handles a 1 MB string and escapes pointer tokens", "[scenario]") {
  const std::string text = "{\"a/b~c\": \"" + std::string(1 << 20, 'x') + "\"}";
  Result<JsonDocument> result = parse_json_document(text, "f.json", "a scenario");
  REQUIRE(result.is_ok());
  CHECK(result.value().root["a/b~c"].get_ref<const std::string&>().size() == (1u << 20));
  CHECK(result.value().value_positions.count("/a~1b~0c") == 1);
}

TEST_CASE("scenario::status: Problem::format leaves out unknown parts and cuts long pointers", "[scenario]") {
  CHECK(Problem{"f.json", 3, 7, "/a/b", "bad"}.format() == "f.json:3:7: /a/b: bad");
  CHECK(Problem{"f.json", 3, 0, "", "bad"}.format() == "f.json:3: /: bad");
  CHECK(Problem{"f.json", 0, 0, "", "bad"}.format() == "f.json: bad");
  CHECK(Problem{"", 0, 0, "/x", "bad"}.format() == "/x: bad");
  const std::string formatted = Problem{"f.json", 1, 2, "/" + std::string(500, 'k'), "bad"}.format();
  CHECK(formatted == "f.json:1:2: /" + std::string(199, 'k') + "...: bad");
  Status status =
      Status::from_problems({Problem{"f.json", 1, 2, "/a", "x"}, Problem{"f.json", 3, 4, "/b", "y"}});
  CHECK(status.code() == StatusCode::kInvalidArgument);
  CHECK(status.message() == "f.json:1:2: /a: x\nf.json:3:4: /b: y");
  CHECK(status.exit_code() == 2);
  CHECK(Status::internal("boom").exit_code() == 3);
  CHECK(Status::ok().exit_code() == 0);
}
