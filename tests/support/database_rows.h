// Reading a batch database row by row in tests, to compare two databases table by table.
#pragma once

#include <sqlite3.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace hospsim::testing {

// Every row of `sql` in the database at `path`, one line each: columns separated by "|", NULL as "NULL",
// reals as %.17g (exact), so two texts are equal only when the rows are. Throws std::runtime_error when the
// file cannot be opened or the query fails.
inline std::string database_rows(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + path);
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    const std::string message = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error(path + ": " + sql + ": " + message);
  }
  std::string text;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    for (int column = 0; column < sqlite3_column_count(statement); ++column) {
      if (column > 0) text += "|";
      switch (sqlite3_column_type(statement, column)) {
        case SQLITE_NULL:
          text += "NULL";
          break;
        case SQLITE_FLOAT: {
          char number[40];
          std::snprintf(number, sizeof number, "%.17g", sqlite3_column_double(statement, column));
          text += number;
          break;
        }
        default:
          text += reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
      }
    }
    text += "\n";
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return text;
}

// What a batch database holds that must not depend on how its runs were run (workers, shards, resumes):
// the schema version and every row of every table, the runs' wall_seconds aside.
inline std::string database_content(const std::string& path) {
  return database_rows(path, "PRAGMA user_version") +
         database_rows(path, "SELECT key, value FROM batch ORDER BY key") +
         database_rows(path, "SELECT * FROM configurations ORDER BY id") +
         database_rows(path, "SELECT * FROM strategies ORDER BY id") +
         database_rows(
             path,
             "SELECT id, configuration, strategy, replication, seed, status, error FROM runs ORDER BY id") +
         database_rows(path, "SELECT * FROM metrics ORDER BY run_id, scope, metric");
}

}  // namespace hospsim::testing
