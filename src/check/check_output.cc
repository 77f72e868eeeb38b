#include "check/check_output.h"

#include <algorithm>

#include <fmt/format.h>

#include "scenario/markup.h"

namespace hospsim::check {

namespace {

const char* verdict_label(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "PASS";
    case Verdict::kFail:
      return "FAIL";
    case Verdict::kBadInput:
      return "INVALID";
    case Verdict::kError:
      return "ERROR";
    case Verdict::kUpdated:
      return "UPDATED";
  }
  return "?";
}

// Text for XML attribute values and element content (scenario/markup.h): markup escaped, the characters
// XML 1.0 does not allow dropped; element content keeps its newlines.
std::string xml_attribute(const std::string& text) {
  return escape_markup(text, MarkupContext::kXmlAttribute);
}
std::string xml_text(const std::string& text) { return escape_markup(text, MarkupContext::kXmlText); }

}  // namespace

std::string format_text(const CheckReport& report, bool quiet) {
  std::string out;
  int expectations = 0;
  for (const FileOutcome& file : report.files) {
    for (const Outcome& outcome : file.outcomes) {
      ++expectations;
      const bool unchanged = outcome.verdict == Verdict::kUpdated && !outcome.changed;
      if (quiet && (outcome.verdict == Verdict::kPass || unchanged)) continue;
      out += fmt::format("{:<7} {}: {} ({}): {}\n", unchanged ? "SAME" : verdict_label(outcome.verdict),
                         file.path, outcome.name, kind_name(outcome.kind), outcome.message);
      out += outcome.details;
    }
  }
  if (report.updated > 0 || std::any_of(report.files.begin(), report.files.end(), [](const FileOutcome& f) {
        return std::any_of(f.outcomes.begin(), f.outcomes.end(),
                           [](const Outcome& o) { return o.verdict == Verdict::kUpdated; });
      })) {
    out +=
        fmt::format("check: {} file{}, {} expectation{}: {} updated, the rest unchanged ({} simulations)\n",
                    report.files.size(), report.files.size() == 1 ? "" : "s", expectations,
                    expectations == 1 ? "" : "s", report.updated, report.simulations);
    return out;
  }
  out += fmt::format("check: {} file{}, {} expectation{}: {} passed, {} failed", report.files.size(),
                     report.files.size() == 1 ? "" : "s", expectations, expectations == 1 ? "" : "s",
                     report.passed, report.failed);
  if (report.bad_input > 0) out += fmt::format(", {} invalid", report.bad_input);
  if (report.errors > 0) out += fmt::format(", {} errors", report.errors);
  out += fmt::format(" ({} simulations)\n", report.simulations);
  return out;
}

std::string format_junit(const CheckReport& report) {
  int tests = 0;
  double total_seconds = 0.0;
  for (const FileOutcome& file : report.files) {
    tests += static_cast<int>(file.outcomes.size());
    for (const Outcome& outcome : file.outcomes) total_seconds += outcome.seconds;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"hospsim check\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
      tests, report.failed, report.bad_input + report.errors,
      report.wall_seconds > 0.0 ? report.wall_seconds : total_seconds);
  for (const FileOutcome& file : report.files) {
    int failures = 0;
    int errors = 0;
    double seconds = 0.0;
    for (const Outcome& outcome : file.outcomes) {
      failures += outcome.verdict == Verdict::kFail ? 1 : 0;
      errors += outcome.verdict == Verdict::kBadInput || outcome.verdict == Verdict::kError ? 1 : 0;
      seconds += outcome.seconds;
    }
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" "
        "time=\"{:.3f}\">\n",
        xml_attribute(file.path), file.outcomes.size(), failures, errors, seconds);
    out += fmt::format("    <properties><property name=\"scenario\" value=\"{}\"/>",
                       xml_attribute(file.scenario));
    if (!file.strategy.empty()) {
      out += fmt::format("<property name=\"strategy\" value=\"{}\"/>", xml_attribute(file.strategy));
    }
    out += "</properties>\n";
    for (const Outcome& outcome : file.outcomes) {
      out += fmt::format(
          "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"", xml_attribute(file.path),
          xml_attribute(outcome.name + " (" + std::string(kind_name(outcome.kind)) + ")"), outcome.seconds);
      if (outcome.verdict == Verdict::kPass || outcome.verdict == Verdict::kUpdated) {
        out +=
            fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", xml_text(outcome.message));
        continue;
      }
      const char* element = outcome.verdict == Verdict::kFail ? "failure" : "error";
      out += fmt::format(">\n      <{} message=\"{}\" type=\"{}\">{}</{}>\n    </testcase>\n", element,
                         xml_attribute(outcome.message),
                         outcome.verdict == Verdict::kFail ? "regression" : "invalid",
                         xml_text(outcome.message + "\n" + outcome.details), element);
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace hospsim::check
