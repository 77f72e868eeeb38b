#include "scenario/units.h"

#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace hospsim::units {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads a plain decimal number ("12", "1.5") at text[pos]; advances pos. False when there is none.
bool read_number(std::string_view text, std::size_t& pos, double& value) {
  const std::size_t begin = pos;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  const std::size_t integer_end = pos;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t fraction_begin = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    if (pos == fraction_begin) {  // "1." is not a number
      pos = begin;
      return false;
    }
  }
  if (integer_end == begin) {
    pos = begin;
    return false;
  }
  const std::string number(text.substr(begin, pos - begin));
  value = std::strtod(number.c_str(), nullptr);
  return std::isfinite(value);
}

struct UnitFactor {
  const char* unit;
  double factor;
};

// A "<number><unit>" quantity with one unit from `table`.
Result<double> parse_single(std::string_view text, const char* what, const std::vector<UnitFactor>& table,
                            const char* expected_units, const char* example) {
  if (text.empty()) {
    return Status::invalid_argument(std::string("empty ") + what + "; expected a number with a unit, e.g. " +
                                    example);
  }
  if (text[0] == '-') {
    return Status::invalid_argument(std::string(what) + " " + quote(text) +
                                    " is negative; expected a value >= 0");
  }
  std::size_t pos = 0;
  double value = 0.0;
  if (!read_number(text, pos, value)) {
    return Status::invalid_argument(std::string(what) + " " + quote(text) +
                                    " does not start with a number; expected a number with a unit, e.g. " +
                                    example);
  }
  const std::string_view unit = text.substr(pos);
  if (unit.empty()) {
    return Status::invalid_argument(std::string(what) + " " + quote(text) + " has no unit; expected one of " +
                                    expected_units + ", e.g. " + example);
  }
  for (const UnitFactor& entry : table) {
    if (unit == entry.unit) {
      const double result = value * entry.factor;
      if (!std::isfinite(result)) {
        return Status::invalid_argument(std::string(what) + " " + quote(text) + " is too large");
      }
      return result;
    }
  }
  return Status::invalid_argument(std::string(what) + " " + quote(text) + " has an unknown unit " +
                                  quote(unit) + "; expected one of " + expected_units);
}

bool read_fixed_digits(std::string_view text, std::size_t pos, int count, int& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (int i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (!is_digit(c)) return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

int days_in_month(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::string quote(std::string_view text, std::size_t max_chars) {
  std::string out = "\"";
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) {  // a new UTF-8 character starts here
      if (chars == max_chars) {
        out += "...";
        break;
      }
      ++chars;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

Result<Seconds> parse_duration(std::string_view text) {
  static const char* kExample = "\"90s\", \"10min\" or \"1h30min\"";
  static const std::vector<UnitFactor> kUnits = {
      {"d", kDay}, {"h", kHour}, {"min", kMinute}, {"s", 1.0}, {"ms", 1e-3}};
  if (text.empty()) {
    return Status::invalid_argument(std::string("empty duration; expected a number with a unit, e.g. ") +
                                    kExample);
  }
  if (text[0] == '-') {
    return Status::invalid_argument("duration " + quote(text) + " is negative; expected a duration >= 0");
  }
  std::size_t pos = 0;
  double total = 0.0;
  int last_rank = -1;  // index in kUnits of the previous group's unit
  while (pos < text.size()) {
    double value = 0.0;
    if (!read_number(text, pos, value)) {
      if (pos == 0) {
        return Status::invalid_argument(
            "duration " + quote(text) +
            " does not start with a number; expected a number with a unit, e.g. " + kExample);
      }
      return Status::invalid_argument("duration " + quote(text) + " has no number at " +
                                      quote(text.substr(pos)) + "; expected groups like \"1h30min\"");
    }
    std::size_t unit_end = pos;
    while (unit_end < text.size() && !is_digit(text[unit_end]) && text[unit_end] != '.') ++unit_end;
    const std::string_view unit = text.substr(pos, unit_end - pos);
    if (unit.empty()) {
      return Status::invalid_argument(
          "duration " + quote(text) +
          " has no unit; write the unit, e.g. \"90s\" or \"90min\" (units: ms, s, "
          "min, h, d)");
    }
    int rank = -1;
    for (std::size_t i = 0; i < kUnits.size(); ++i) {
      if (unit == kUnits[i].unit) rank = static_cast<int>(i);
    }
    if (rank < 0) {
      return Status::invalid_argument("duration " + quote(text) + " has an unknown unit " + quote(unit) +
                                      "; expected ms, s, min, h or d");
    }
    if (rank <= last_rank) {
      return Status::invalid_argument("duration " + quote(text) +
                                      ": units must go from the largest to the smallest, each once (e.g. "
                                      "\"1h30min\")");
    }
    last_rank = rank;
    total += value * kUnits[rank].factor;
    pos = unit_end;
  }
  if (!std::isfinite(total)) return Status::invalid_argument("duration " + quote(text) + " is too large");
  return total;
}

Result<CivilTime> parse_datetime(std::string_view text) {
  const auto fail = [&](const std::string& why) {
    return Status::invalid_argument(
        "datetime " + quote(text) + " " + why +
        "; expected a local time YYYY-MM-DDTHH:MM[:SS], e.g. \"2025-03-13T09:30\"");
  };
  CivilTime t;
  const bool shape = (text.size() == 16 || text.size() == 19) && read_fixed_digits(text, 0, 4, t.year) &&
                     text[4] == '-' && read_fixed_digits(text, 5, 2, t.month) && text[7] == '-' &&
                     read_fixed_digits(text, 8, 2, t.day) && text[10] == 'T' &&
                     read_fixed_digits(text, 11, 2, t.hour) && text[13] == ':' &&
                     read_fixed_digits(text, 14, 2, t.minute) &&
                     (text.size() == 16 || (text[16] == ':' && read_fixed_digits(text, 17, 2, t.second)));
  if (!shape) return fail("is not in the expected form");
  if (t.year < 1900) return fail("is before the year 1900");
  if (t.month < 1 || t.month > 12) return fail("has no month " + std::to_string(t.month));
  if (t.day < 1 || t.day > days_in_month(t.year, t.month)) {
    return fail("has no day " + std::to_string(t.day) + " in that month");
  }
  if (t.hour > 23 || t.minute > 59 || t.second > 59) return fail("is not a valid time of day");
  return t;
}

Result<Seconds> parse_time_of_day(std::string_view text) {
  int hour = 0;
  int minute = 0;
  if (text.size() != 5 || !read_fixed_digits(text, 0, 2, hour) || text[2] != ':' ||
      !read_fixed_digits(text, 3, 2, minute) || minute > 59 || hour > 24 || (hour == 24 && minute != 0)) {
    return Status::invalid_argument(
        "time of day " + quote(text) +
        " is not valid; expected HH:MM from \"00:00\" to \"24:00\", e.g. \"08:00\"");
  }
  return hour * kHour + minute * kMinute;
}

Result<double> parse_bandwidth(std::string_view text) {
  static const std::vector<UnitFactor> kUnits = {
      {"bps", 1.0 / 8}, {"kbps", 1e3 / 8}, {"Mbps", 1e6 / 8}, {"Gbps", 1e9 / 8}, {"Tbps", 1e12 / 8},
      {"Bps", 1.0},     {"kBps", 1e3},     {"MBps", 1e6},     {"GBps", 1e9},     {"TBps", 1e12}};
  return parse_single(text, "bandwidth", kUnits,
                      "bps, kbps, Mbps, Gbps, Tbps (bits/s) or Bps, kBps, MBps, GBps, TBps (bytes/s)",
                      "\"10Gbps\" or \"100Mbps\"");
}

Result<double> parse_size(std::string_view text) {
  static const std::vector<UnitFactor> kUnits = {
      {"B", 1.0},         {"kB", 1e3},           {"MB", 1e6},
      {"GB", 1e9},        {"TB", 1e12},          {"KiB", 1024.0},
      {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"TiB", 1099511627776.0}};
  return parse_single(text, "size", kUnits, "B, kB, MB, GB, TB (decimal) or KiB, MiB, GiB, TiB (binary)",
                      "\"20kB\" or \"5MB\"");
}

Result<double> parse_work(std::string_view text) {
  static const std::vector<UnitFactor> kUnits = {
      {"f", 1.0}, {"kf", 1e3}, {"Mf", 1e6}, {"Gf", 1e9}, {"Tf", 1e12}};
  return parse_single(text, "work", kUnits, "f, kf, Mf, Gf, Tf (flops)", "\"2Mf\" or \"100Gf\"");
}

}  // namespace hospsim::units
