#include "report/csv_reader.h"

namespace hospsim {

int CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Result<CsvTable> parse_csv(
    std::string_view text, const std::string& what,
    const std::function<bool(const std::vector<std::string>& header, const std::vector<std::string>& row)>& keep) {
  CsvTable table;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;     // inside a quoted field
  bool row_open = false;   // something of the current row was read
  int line = 1;
  int row_line = 1;
  auto end_row = [&]() -> Status {
    row.push_back(std::move(field));
    field.clear();
    if (table.header.empty()) {
      table.header = std::move(row);
    } else if (row.size() != table.header.size()) {
      return Status::invalid_argument(what + ":" + std::to_string(row_line) + ": " + std::to_string(row.size()) +
                                      " fields, the header has " + std::to_string(table.header.size()));
    } else if (!keep || keep(table.header, row)) {
      table.rows.push_back(std::move(row));
    }
    row.clear();
    row_open = false;
    return Status::ok();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (!row_open) row_line = line;
    if (c == '"') {
      quoted = true;
      row_open = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      row_open = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      ++line;
      Status status = end_row();
      if (!status.is_ok()) return status;
    } else {
      field += c;
      row_open = true;
    }
  }
  if (quoted) return Status::invalid_argument(what + ":" + std::to_string(row_line) + ": unterminated quoted field");
  if (row_open) {
    Status status = end_row();
    if (!status.is_ok()) return status;
  }
  return table;
}

}  // namespace hospsim
