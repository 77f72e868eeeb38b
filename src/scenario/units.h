// Unit strings of the scenario format -> SI numbers.
//
// Every quantity with a physical unit is written in the file as a string carrying its unit, so that a reader
// never has to guess (`"90s"`, not `90`). Each parser below accepts one family of units, returns the value in
// the program's SI unit (seconds, bytes, bytes per second, flops) and, when the text is not acceptable, an
// invalid-argument Status whose message quotes the text, says what is wrong and what was expected (the loader
// prefixes it with the file position and JSON pointer).
//
// Numbers inside unit strings are plain decimals: digits with an optional fraction ("1.5h"); no sign, no
// exponent, no spaces. Units are case-sensitive ("Mbps" = megabits, "MBps" = megabytes per second).
#pragma once

#include <string_view>

#include "hospsim/scenario.h"
#include "hospsim/status.h"

namespace hospsim::units {

// Durations: one or more <number><unit> groups from the largest unit to the smallest, each unit at most once:
// "500ms", "90s", "10min", "4h", "2d", "1h30min", "1d12h". Units: ms, s, min, h, d. Returns seconds (>= 0).
Result<Seconds> parse_duration(std::string_view text);

// Local datetimes "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" (proleptic Gregorian, year 1900..9999).
Result<CivilTime> parse_datetime(std::string_view text);

// Times of day "HH:MM" from "00:00" to "24:00". Returns seconds after midnight.
Result<Seconds> parse_time_of_day(std::string_view text);

// Bandwidths. Bits per second: bps, kbps, Mbps, Gbps, Tbps (divided by 8); bytes per second: Bps, kBps,
// MBps, GBps, TBps. Decimal prefixes (k = 1000). Returns bytes per second.
Result<double> parse_bandwidth(std::string_view text);

// Sizes: B, kB, MB, GB, TB (decimal, 1 kB = 1000 B) and KiB, MiB, GiB, TiB (binary). Returns bytes.
Result<double> parse_size(std::string_view text);

// Amounts of work: f, kf, Mf, Gf, Tf (flops, decimal prefixes). Returns flops.
Result<double> parse_work(std::string_view text);

// `text` in double quotes, cut to at most `max_chars` characters (then "..." is appended inside the quotes),
// with control characters escaped: for quoting user values in messages.
std::string quote(std::string_view text, std::size_t max_chars = 40);

}  // namespace hospsim::units
