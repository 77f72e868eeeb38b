#include "report/csv_reader.h"

namespace hospsim {

int CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

namespace {

// Calls on_row(fields, line) for each row of `text`, the header first, with `line` the 1-based line the row
// starts on. A row without a double quote is split where it lies (a national run's timeline is millions of
// such rows); a row with one goes through the quoting rules, and may span lines. Stops at on_row's first
// failure.
Status scan_csv(std::string_view text, const std::string& what,
                const std::function<Status(const std::vector<std::string_view>& fields, int line)>& on_row) {
  std::vector<std::string_view> fields;
  std::vector<std::string> unquoted;  // the fields of a row with quotes
  int line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    const int row_line = line;
    fields.clear();
    const std::size_t newline = text.find('\n', i);
    std::string_view row = text.substr(i, (newline == std::string_view::npos ? text.size() : newline) - i);
    if (row.find('"') == std::string_view::npos) {
      if (newline != std::string_view::npos && !row.empty() && row.back() == '\r') row.remove_suffix(1);
      for (std::size_t from = 0;;) {
        const std::size_t comma = row.find(',', from);
        if (comma == std::string_view::npos) {
          fields.push_back(row.substr(from));
          break;
        }
        fields.push_back(row.substr(from, comma - from));
        from = comma + 1;
      }
      i = newline == std::string_view::npos ? text.size() : newline + 1;
      ++line;
    } else {
      unquoted.clear();
      std::string field;
      bool quoted = false;  // inside a quoted field
      for (; i < text.size(); ++i) {
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
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          unquoted.push_back(std::move(field));
          field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
          continue;
        } else if (c == '\n') {
          ++line;
          ++i;
          break;
        } else {
          field += c;
        }
      }
      if (quoted) return Status::invalid_argument(what + ":" + std::to_string(row_line) + ": unterminated quoted field");
      unquoted.push_back(std::move(field));
      for (const std::string& text_field : unquoted) fields.emplace_back(text_field);
    }
    Status status = on_row(fields, row_line);
    if (!status.is_ok()) return status;
  }
  return Status::ok();
}

}  // namespace

Result<CsvTable> parse_csv(std::string_view text, const std::string& what,
                           const std::function<bool(const std::vector<std::string>& header,
                                                    const std::vector<std::string_view>& row)>& keep) {
  CsvTable table;
  bool have_header = false;
  Status status = scan_csv(text, what, [&](const std::vector<std::string_view>& fields, int line) {
    if (!have_header) {
      have_header = true;
      table.header.assign(fields.begin(), fields.end());
    } else if (fields.size() != table.header.size()) {
      return Status::invalid_argument(what + ":" + std::to_string(line) + ": " + std::to_string(fields.size()) +
                                      " fields, the header has " + std::to_string(table.header.size()));
    } else if (!keep || keep(table.header, fields)) {
      table.rows.emplace_back(fields.begin(), fields.end());
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return table;
}

}  // namespace hospsim
