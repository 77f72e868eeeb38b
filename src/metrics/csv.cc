#include "metrics/csv.h"

#include <iterator>

#include <fmt/format.h>

namespace hospsim {

std::string csv_field(std::string_view field) {
  if (field.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void append_number(std::string& out, double value) { fmt::format_to(std::back_inserter(out), "{}", value); }

std::string format_number(double value) {
  std::string out;
  append_number(out, value);
  return out;
}

}  // namespace hospsim
