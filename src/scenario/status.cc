#include "hospsim/status.h"

namespace hospsim {

std::string Problem::format() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) {
      out += ":" + std::to_string(line);
      if (column > 0) out += ":" + std::to_string(column);
    }
    out += ": ";
  }
  if (!pointer.empty() || line > 0) out += (pointer.empty() ? std::string("/") : pointer) + ": ";
  out += message;
  return out;
}

Status Status::from_problems(std::vector<Problem> problems) {
  std::string message;
  for (const Problem& problem : problems) {
    if (!message.empty()) message += '\n';
    message += problem.format();
  }
  Status status(StatusCode::kInvalidArgument, std::move(message));
  status.problems_ = std::move(problems);
  return status;
}

int Status::exit_code() const {
  switch (code_) {
    case StatusCode::kOk:
      return 0;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kFailedPrecondition:
      return 2;
    case StatusCode::kInternal:
      return 3;
  }
  return 3;
}

}  // namespace hospsim
