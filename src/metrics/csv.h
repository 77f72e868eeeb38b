// The text of the numbers and fields of every CSV file hospsim writes (timeline.csv and events.csv in
// src/run/outputs.h, the patient-level records in metrics/records.h). Numbers use the shortest text that
// reads back to the same double, so equal runs give byte-identical files.
#pragma once

#include <string>
#include <string_view>

namespace hospsim {

// `field` quoted for CSV when it holds a comma, quote or line break.
std::string csv_field(std::string_view field);
// Shortest round-trip text of a double ("3", "0.5", "2.3333333333333335").
std::string format_number(double value);
// Appends format_number(value) to `out` (without a temporary string).
void append_number(std::string& out, double value);

}  // namespace hospsim
