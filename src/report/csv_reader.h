// Reading back the CSV files hospsim writes (timeline.csv, events.csv) for the HTML report.
//
// RFC 4180: fields separated by commas, a field in double quotes may hold commas, quotes (doubled) and line
// breaks; lines end in LF or CRLF. The first row is the header.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hospsim/status.h"

namespace hospsim {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // every row has header.size() fields

  // The index of `name` in the header, -1 when absent.
  int column(std::string_view name) const;
};

// Parses `text`. Fails with kInvalidArgument (naming `what` and the line) on an unterminated quote or a row
// whose field count differs from the header's; an empty text gives an empty table.
// `keep`, when given, is asked for each data row (with the header) and only the rows it accepts are stored:
// large tables (a national run's timeline) need not be held whole. The row's fields are views valid only
// during the call.
Result<CsvTable> parse_csv(std::string_view text, const std::string& what,
                           const std::function<bool(const std::vector<std::string>& header,
                                                    const std::vector<std::string_view>& row)>& keep = nullptr);

}  // namespace hospsim
