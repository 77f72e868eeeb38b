#include "hospsim/status.h"


#include <fmt/format.h>

namespace hospsim {
namespace {

// `text` with every ASCII control character (and DEL) written as \uXXXX.
std::string escape_controls(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\u{:04X}", static_cast<unsigned>(byte));
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

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
  if (!pointer.empty() || line > 0) {
    // A pointer can hold a user's key of any length: cut it so one message stays one readable line.
    constexpr std::size_t kMaxPointerChars = 200;
    std::string shown = pointer.empty() ? std::string("/") : escape_controls(pointer);
    if (shown.size() > kMaxPointerChars) {
      std::size_t cut = kMaxPointerChars;
      while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80)
        --cut;  // not inside a character
      shown = shown.substr(0, cut) + "...";
    }
    out += shown + ": ";
  }
  out += escape_controls(message);
  return out;
}

Status Status::from_problems(std::vector<Problem> problems) {
  const std::size_t count = problems.size();
  if (count > kMaxProblems) {
    const std::string file = problems.front().file;
    problems.resize(kMaxProblems);
    problems.push_back(Problem{file, 0, 0, "",
                               std::to_string(count - kMaxProblems) + " more problems not shown (the first " +
                                   std::to_string(kMaxProblems) + " are listed)"});
  }
  std::string message;
  for (const Problem& problem : problems) {
    if (!message.empty()) message += '\n';
    message += problem.format();
  }
  Status status(StatusCode::kInvalidArgument, std::move(message));
  status.problems_ = std::move(problems);
  status.problem_count_ = count;
  return status;
}

int Status::exit_code() const {
  switch (code_) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kFailedPrecondition:
      return kExitBadInput;
    case StatusCode::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace hospsim
