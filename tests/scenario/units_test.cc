#include <catch2/catch.hpp>

#include "scenario/units.h"

using namespace hospsim;

namespace {

template <typename T>
std::string error_of(const Result<T>& result) {
  REQUIRE_FALSE(result.is_ok());
  return result.status().message();
}

}  // namespace

TEST_CASE("scenario::units: parses durations", "[scenario]") {
  CHECK(units::parse_duration("90s").value() == 90.0);
  CHECK(units::parse_duration("10min").value() == 600.0);
  CHECK(units::parse_duration("4h").value() == 14400.0);
  CHECK(units::parse_duration("2d").value() == 172800.0);
  CHECK(units::parse_duration("1h30min").value() == 5400.0);
  CHECK(units::parse_duration("1d2h3min4s5ms").value() == Approx(93784.005));
  CHECK(units::parse_duration("500ms").value() == Approx(0.5));
  CHECK(units::parse_duration("1.5h").value() == 5400.0);
  CHECK(units::parse_duration("0s").value() == 0.0);
}

TEST_CASE("scenario::units: refuses bad durations with precise messages", "[scenario]") {
  CHECK(error_of(units::parse_duration("90")) ==
        "duration \"90\" has no unit; write the unit, e.g. \"90s\" or \"90min\" (units: ms, s, min, h, d)");
  CHECK(error_of(units::parse_duration("")) ==
        "empty duration; expected a number with a unit, e.g. \"90s\", \"10min\" or \"1h30min\"");
  CHECK(error_of(units::parse_duration("5x")) ==
        "duration \"5x\" has an unknown unit \"x\"; expected ms, s, min, h or d");
  CHECK(error_of(units::parse_duration("-5min")) ==
        "duration \"-5min\" is negative; expected a duration >= 0");
  CHECK(error_of(units::parse_duration("30min1h")) ==
        "duration \"30min1h\": units must go from the largest to the smallest, each once (e.g. \"1h30min\")");
  CHECK(error_of(units::parse_duration("1h1h")) ==
        "duration \"1h1h\": units must go from the largest to the smallest, each once (e.g. \"1h30min\")");
  CHECK(error_of(units::parse_duration("h")) ==
        "duration \"h\" does not start with a number; expected a number with a unit, e.g. \"90s\", \"10min\" "
        "or "
        "\"1h30min\"");
  CHECK(error_of(units::parse_duration("1 h")) ==
        "duration \"1 h\" has an unknown unit \" h\"; expected ms, s, min, h or d");
}

TEST_CASE("scenario::units: parses datetimes and times of day", "[scenario]") {
  const CivilTime t = units::parse_datetime("2025-03-13T09:30").value();
  CHECK(t.year == 2025);
  CHECK(t.month == 3);
  CHECK(t.day == 13);
  CHECK(t.hour == 9);
  CHECK(t.minute == 30);
  CHECK(t.second == 0);
  CHECK(units::parse_datetime("2024-02-29T23:59:58").value().second == 58);
  CHECK(units::parse_time_of_day("08:00").value() == 8 * 3600.0);
  CHECK(units::parse_time_of_day("15:30").value() == 15.5 * 3600.0);
  CHECK(units::parse_time_of_day("24:00").value() == 86400.0);
}

TEST_CASE("scenario::units: refuses bad datetimes and times of day", "[scenario]") {
  const std::string expected = "; expected a local time YYYY-MM-DDTHH:MM[:SS], e.g. \"2025-03-13T09:30\"";
  CHECK(error_of(units::parse_datetime("2025-03-13 09:30")) ==
        "datetime \"2025-03-13 09:30\" is not in the expected form" + expected);
  CHECK(error_of(units::parse_datetime("2025-13-01T00:00")) ==
        "datetime \"2025-13-01T00:00\" has no month 13" + expected);
  CHECK(error_of(units::parse_datetime("2025-02-29T00:00")) ==
        "datetime \"2025-02-29T00:00\" has no day 29 in that month" + expected);
  CHECK(error_of(units::parse_datetime("2025-03-13T24:00")) ==
        "datetime \"2025-03-13T24:00\" is not a valid time of day" + expected);
  CHECK(error_of(units::parse_datetime("1800-01-01T00:00")) ==
        "datetime \"1800-01-01T00:00\" is before the year 1900" + expected);
  CHECK(error_of(units::parse_time_of_day("8:00")) ==
        "time of day \"8:00\" is not valid; expected HH:MM from \"00:00\" to \"24:00\", e.g. \"08:00\"");
  CHECK_FALSE(units::parse_time_of_day("24:01").is_ok());
  CHECK_FALSE(units::parse_time_of_day("12:60").is_ok());
}

TEST_CASE("scenario::units: parses bandwidths in bits and bytes per second", "[scenario]") {
  CHECK(units::parse_bandwidth("10Gbps").value() == 1.25e9);
  CHECK(units::parse_bandwidth("100Mbps").value() == 1.25e7);
  CHECK(units::parse_bandwidth("1Gbps").value() == 1.25e8);
  CHECK(units::parse_bandwidth("8bps").value() == 1.0);
  CHECK(units::parse_bandwidth("100MBps").value() == 1e8);
  CHECK(units::parse_bandwidth("2GBps").value() == 2e9);
  CHECK(error_of(units::parse_bandwidth("10gbit")) ==
        "bandwidth \"10gbit\" has an unknown unit \"gbit\"; expected one of bps, kbps, Mbps, Gbps, Tbps "
        "(bits/s) or "
        "Bps, kBps, MBps, GBps, TBps (bytes/s)");
  CHECK(error_of(units::parse_bandwidth("10")) ==
        "bandwidth \"10\" has no unit; expected one of bps, kbps, Mbps, Gbps, Tbps (bits/s) or Bps, kBps, "
        "MBps, "
        "GBps, TBps (bytes/s), e.g. \"10Gbps\" or \"100Mbps\"");
}

TEST_CASE("scenario::units: parses sizes, decimal and binary", "[scenario]") {
  CHECK(units::parse_size("20kB").value() == 20000.0);
  CHECK(units::parse_size("5MB").value() == 5e6);
  CHECK(units::parse_size("1GB").value() == 1e9);
  CHECK(units::parse_size("512B").value() == 512.0);
  CHECK(units::parse_size("2KiB").value() == 2048.0);
  CHECK(units::parse_size("1MiB").value() == 1048576.0);
  CHECK(error_of(units::parse_size("-1kB")) == "size \"-1kB\" is negative; expected a value >= 0");
  CHECK(error_of(units::parse_size("kB")) ==
        "size \"kB\" does not start with a number; expected a number with a unit, e.g. \"20kB\" or \"5MB\"");
  CHECK(error_of(units::parse_size("5mb")) ==
        "size \"5mb\" has an unknown unit \"mb\"; expected one of B, kB, MB, GB, TB (decimal) or KiB, MiB, "
        "GiB, TiB "
        "(binary)");
}

TEST_CASE("scenario::units: parses amounts of work", "[scenario]") {
  CHECK(units::parse_work("2Mf").value() == 2e6);
  CHECK(units::parse_work("1Gf").value() == 1e9);
  CHECK(units::parse_work("100Gf").value() == 1e11);
  CHECK(units::parse_work("7f").value() == 7.0);
  CHECK(units::parse_work("3kf").value() == 3000.0);
  CHECK(units::parse_work("1Tf").value() == 1e12);
  CHECK(error_of(units::parse_work("2MF")) ==
        "work \"2MF\" has an unknown unit \"MF\"; expected one of f, kf, Mf, Gf, Tf (flops)");
}

TEST_CASE("scenario::units: quote escapes and truncates", "[scenario]") {
  CHECK(units::quote("abc") == "\"abc\"");
  CHECK(units::quote("a\"b") == "\"a\\\"b\"");
  CHECK(units::quote(std::string("a\0b", 3)) == "\"a\\u0000b\"");
  CHECK(units::quote(std::string(100, 'x'), 5) == "\"xxxxx...\"");
  CHECK(units::quote("\xC3\xA6\xC3\xB8\xC3\xA5", 2) == "\"\xC3\xA6\xC3\xB8...\"");  // cut between characters
}
