#include "scenario/json_document.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "hospsim/loader.h"
#include "scenario/units.h"

namespace hospsim {
namespace {

struct SyntaxError {
  TextPosition position;
  std::string pointer;
  std::string message;
};

class Parser {
 public:
  Parser(std::string_view text, JsonDocument& document, std::vector<Problem>& problems,
         const std::string& file, std::string_view kind)
      : text_(text), document_(document), problems_(problems), file_(file), kind_(kind) {}

  void parse_document() {
    if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // byte-order mark
    skip_whitespace();
    if (at_end()) fail("", "empty file; expected a JSON object (" + std::string(kind_) + " starts with '{')");
    document_.root = parse_value("", 0);
    skip_whitespace();
    if (!at_end()) fail("", "unexpected " + describe_here() + " after the end of the JSON document");
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  TextPosition here() const { return {line_, column_}; }

  void advance() {
    const auto c = static_cast<unsigned char>(text_[pos_++]);
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column_;
    }
  }

  [[noreturn]] void fail(const std::string& pointer, const std::string& message) {
    throw SyntaxError{here(), pointer, message};
  }

  std::string describe_here() const {
    if (at_end()) return "end of file";
    const auto c = static_cast<unsigned char>(peek());
    if (c >= 0x21 && c < 0x7F) return fmt::format("character '{}'", static_cast<char>(c));
    return fmt::format("byte 0x{:02X}", static_cast<unsigned>(c));
  }

  void skip_whitespace() {
    while (!at_end()) {
      const char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance();
      } else {
        break;
      }
    }
  }

  void expect_literal(const std::string& pointer, std::string_view word) {
    for (char expected : word) {
      if (at_end() || peek() != expected) {
        fail(pointer, "unexpected " + describe_here() + " in a literal; expected " + std::string(word));
      }
      advance();
    }
  }

  nlohmann::json parse_value(const std::string& pointer, int depth) {
    skip_whitespace();
    if (at_end()) fail(pointer, "unexpected end of file; expected a value");
    document_.value_positions[pointer] = here();
    const char c = peek();
    switch (c) {
      case '{':
        return parse_object(pointer, depth + 1);
      case '[':
        return parse_array(pointer, depth + 1);
      case '"':
        return parse_string(pointer);
      case 't':
        expect_literal(pointer, "true");
        return true;
      case 'f':
        expect_literal(pointer, "false");
        return false;
      case 'n':
        expect_literal(pointer, "null");
        return nullptr;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return parse_number(pointer);
        fail(pointer, "unexpected " + describe_here() +
                          "; expected a value (object, array, string, number, "
                          "true, false or null)");
    }
  }

  void check_depth(const std::string& pointer, int depth) {
    if (depth > kMaxJsonDepth) {
      fail(pointer,
           "nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels; " + std::string(kind_) +
               " never needs that");
    }
  }

  nlohmann::json parse_object(const std::string& pointer, int depth) {
    check_depth(pointer, depth);
    advance();  // '{'
    nlohmann::json object = nlohmann::json::object();
    skip_whitespace();
    if (!at_end() && peek() == '}') {
      advance();
      return object;
    }
    while (true) {
      skip_whitespace();
      if (at_end() || peek() != '"') {
        fail(pointer, "unexpected " + describe_here() + " in an object; expected a key in double quotes");
      }
      const TextPosition key_position = here();
      const std::string key = parse_string(pointer).get<std::string>();
      const std::string member = pointer + "/" + escape_pointer_token(key);
      skip_whitespace();
      if (at_end() || peek() != ':')
        fail(member, "unexpected " + describe_here() + " after a key; expected ':'");
      advance();
      const bool duplicate = object.contains(key);
      const TextPosition first_key = duplicate ? document_.key_positions[member] : TextPosition{};
      const TextPosition first_value = duplicate ? document_.value_positions[member] : TextPosition{};
      nlohmann::json value = parse_value(member, depth);
      if (duplicate) {
        problems_.push_back(Problem{file_, key_position.line, key_position.column, member,
                                    "duplicate key " + units::quote(key) + " (first at line " +
                                        std::to_string(first_key.line) +
                                        "); each key may appear once per object"});
        document_.key_positions[member] = first_key;  // keep the first occurrence, like its value
        document_.value_positions[member] = first_value;
      } else {
        document_.key_positions[member] = key_position;
        object[key] = std::move(value);
      }
      skip_whitespace();
      if (at_end()) fail(pointer, "unexpected end of file in an object; expected ',' or '}'");
      if (peek() == ',') {
        advance();
        continue;
      }
      if (peek() == '}') {
        advance();
        return object;
      }
      fail(pointer, "unexpected " + describe_here() + " in an object; expected ',' or '}'");
    }
  }

  nlohmann::json parse_array(const std::string& pointer, int depth) {
    check_depth(pointer, depth);
    advance();  // '['
    nlohmann::json array = nlohmann::json::array();
    skip_whitespace();
    if (!at_end() && peek() == ']') {
      advance();
      return array;
    }
    while (true) {
      array.push_back(parse_value(pointer + "/" + std::to_string(array.size()), depth));
      skip_whitespace();
      if (at_end()) fail(pointer, "unexpected end of file in an array; expected ',' or ']'");
      if (peek() == ',') {
        advance();
        continue;
      }
      if (peek() == ']') {
        advance();
        return array;
      }
      fail(pointer, "unexpected " + describe_here() + " in an array; expected ',' or ']'");
    }
  }

  static void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  std::uint32_t read_hex4(const std::string& pointer) {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      if (at_end()) fail(pointer, "unexpected end of file in a \\u escape; expected 4 hexadecimal digits");
      const char c = peek();
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0)
        fail(pointer, "unexpected " + describe_here() + " in a \\u escape; expected 4 hexadecimal digits");
      value = value * 16 + static_cast<std::uint32_t>(digit);
      advance();
    }
    return value;
  }

  // Copies one UTF-8 encoded character (first byte >= 0x80) after checking it is well formed.
  void copy_utf8(const std::string& pointer, std::string& out) {
    const auto lead = static_cast<unsigned char>(peek());
    int length = 0;
    std::uint32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code = lead & 0x07;
    } else {
      fail(pointer, "invalid UTF-8 (" + describe_here() + ") in a string; the file must be UTF-8 text");
    }
    if (pos_ + length > text_.size()) fail(pointer, "truncated UTF-8 sequence at the end of the file");
    for (int i = 1; i < length; ++i) {
      const auto c = static_cast<unsigned char>(text_[pos_ + i]);
      if ((c & 0xC0) != 0x80)
        fail(pointer, "invalid UTF-8 sequence in a string; the file must be UTF-8 text");
      code = (code << 6) | (c & 0x3F);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    if (overlong || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
      fail(pointer, "invalid UTF-8 sequence in a string; the file must be UTF-8 text");
    }
    for (int i = 0; i < length; ++i) {
      out += peek();
      advance();
    }
  }

  nlohmann::json parse_string(const std::string& pointer) {
    advance();  // opening quote
    std::string out;
    while (true) {
      if (at_end()) fail(pointer, "unterminated string; expected a closing '\"'");
      const auto c = static_cast<unsigned char>(peek());
      if (c == '"') {
        advance();
        return out;
      }
      if (c < 0x20) {
        fail(pointer, fmt::format("control character U+{:04X} inside a string; write it as an escape such as "
                                  "\\n or \\u{:04x}",
                                  static_cast<unsigned>(c), static_cast<unsigned>(c)));
      }
      if (c >= 0x80) {
        copy_utf8(pointer, out);
        continue;
      }
      if (c != '\\') {
        out += static_cast<char>(c);
        advance();
        continue;
      }
      advance();  // backslash
      if (at_end()) fail(pointer, "unterminated escape at the end of the file");
      const char e = peek();
      advance();
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::uint32_t code = read_hex4(pointer);
          if (code >= 0xDC00 && code <= 0xDFFF) fail(pointer, "lone low surrogate \\u escape in a string");
          if (code >= 0xD800 && code <= 0xDBFF) {
            if (pos_ + 1 >= text_.size() || text_[pos_] != '\\' || text_[pos_ + 1] != 'u') {
              fail(pointer, "high surrogate \\u escape not followed by a low surrogate");
            }
            advance();
            advance();
            const std::uint32_t low = read_hex4(pointer);
            if (low < 0xDC00 || low > 0xDFFF)
              fail(pointer, "high surrogate \\u escape not followed by a low surrogate");
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, code);
          break;
        }
        default:
          fail(pointer, "invalid escape '\\" + std::string(1, e) +
                            "' in a string; expected one of \\\" \\\\ \\/ "
                            "\\b \\f \\n \\r \\t \\uXXXX");
      }
    }
  }

  nlohmann::json parse_number(const std::string& pointer) {
    const std::size_t begin = pos_;
    const auto digits = [&] {
      std::size_t count = 0;
      while (!at_end() && peek() >= '0' && peek() <= '9') {
        advance();
        ++count;
      }
      return count;
    };
    bool integer = true;
    if (peek() == '-') advance();
    if (at_end() || peek() < '0' || peek() > '9')
      fail(pointer, "'-' not followed by a digit; expected a number");
    if (peek() == '0') {
      advance();
      if (!at_end() && peek() >= '0' && peek() <= '9')
        fail(pointer, "number with a leading zero; write it without");
    } else {
      digits();
    }
    if (!at_end() && peek() == '.') {
      integer = false;
      advance();
      if (digits() == 0) fail(pointer, "'.' not followed by a digit in a number");
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      integer = false;
      advance();
      if (!at_end() && (peek() == '+' || peek() == '-')) advance();
      if (digits() == 0) fail(pointer, "exponent without digits in a number");
    }
    const std::string_view token = text_.substr(begin, pos_ - begin);
    if (integer) {
      std::int64_t signed_value = 0;
      auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), signed_value);
      if (error == std::errc()) return signed_value;
      std::uint64_t unsigned_value = 0;
      auto [end2, error2] = std::from_chars(token.data(), token.data() + token.size(), unsigned_value);
      if (error2 == std::errc()) return unsigned_value;
    }
    const std::string copy(token);
    const double value = std::strtod(copy.c_str(), nullptr);
    if (!std::isfinite(value)) {
      throw SyntaxError{document_.value_positions[pointer], pointer,
                        "number " + units::quote(token) + " is out of range; numbers must fit in a double"};
    }
    return value;
  }

  std::string_view text_;
  JsonDocument& document_;
  std::vector<Problem>& problems_;
  const std::string& file_;
  std::string_view kind_;  // "a scenario", "a sweep file", ...: what the document is, for messages
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

// Depth is bounded by kMaxJsonDepth (the parser refuses deeper documents), so recursion is safe.
nlohmann::ordered_json ordered_copy(const JsonDocument& document, const nlohmann::json& value,
                                    const std::string& pointer) {
  if (value.is_object()) {
    std::vector<std::tuple<int, int, const std::string*, const nlohmann::json*>> members;
    members.reserve(value.size());
    for (const auto& [key, member] : value.items()) {
      const TextPosition at = document.key_position_of(pointer + "/" + escape_pointer_token(key));
      members.emplace_back(at.line, at.column, &key, &member);
    }
    std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) {
      return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
    });
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& [line, column, key, member] : members) {
      out[*key] = ordered_copy(document, *member, pointer + "/" + escape_pointer_token(*key));
    }
    return out;
  }
  if (value.is_array()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < value.size(); ++i) {
      out.push_back(ordered_copy(document, value[i], pointer + "/" + std::to_string(i)));
    }
    return out;
  }
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) return value.get<double>();
  return nullptr;
}

}  // namespace

nlohmann::ordered_json in_file_order(const JsonDocument& document) {
  return ordered_copy(document, document.root, "");
}

TextPosition JsonDocument::position_of(const std::string& pointer) const {
  std::string current = pointer;
  while (true) {
    auto found = value_positions.find(current);
    if (found != value_positions.end()) return found->second;
    if (current.empty()) return {};
    current.erase(current.rfind('/'));
  }
}

TextPosition JsonDocument::key_position_of(const std::string& pointer) const {
  auto found = key_positions.find(pointer);
  if (found != key_positions.end()) return found->second;
  return position_of(pointer);
}

Result<JsonDocument> parse_json_document(std::string_view text, const std::string& file_name,
                                         std::string_view kind) {
  JsonDocument document;
  std::vector<Problem> problems;
  Parser parser(text, document, problems, file_name, kind);
  try {
    parser.parse_document();
  } catch (const SyntaxError& error) {
    problems.push_back(Problem{file_name, error.position.line, error.position.column, error.pointer,
                               "malformed JSON: " + error.message});
  }
  if (!problems.empty() && problems.back().message.rfind("malformed JSON", 0) == 0) {
    return Status::from_problems(std::move(problems));
  }
  document.duplicate_keys = std::move(problems);
  return document;
}

}  // namespace hospsim
