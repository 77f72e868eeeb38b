#include "check/expectation.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "hospsim/loader.h"
#include "scenario/files.h"
#include "scenario/json_document.h"
#include "scenario/json_reader.h"

namespace hospsim::check {

std::string_view kind_name(Kind kind) { return kind == Kind::kExact ? "exact" : "statistical"; }

std::string Expectation::summary_pointer() const {
  if (!metric.empty() && metric.front() == '/') return metric;
  const std::size_t colon = metric.find(':');
  if (colon == std::string::npos) return "/metrics/region/" + escape_pointer_token(metric) + "/" + of;
  return "/metrics/hospitals/" + escape_pointer_token(metric.substr(0, colon)) + "/" +
         escape_pointer_token(metric.substr(colon + 1)) + "/" + of;
}

std::string Expectation::metric_label() const {
  if (!metric.empty() && metric.front() == '/') return metric;
  const std::string scoped = metric.find(':') == std::string::npos ? "region:" + metric : metric;
  return scoped + " (" + of + ")";
}

namespace {

class Validator {
 public:
  Validator(const JsonDocument& document, std::string file) : document_(document), file_(std::move(file)) {}

  void problem(const std::string& pointer, const std::string& message) {
    const TextPosition position = document_.position_of(pointer);
    problems_.push_back(Problem{file_, position.line, position.column, pointer, message});
  }
  void key_problem(const std::string& pointer, const std::string& message) {
    const TextPosition position = document_.key_position_of(pointer);
    problems_.push_back(Problem{file_, position.line, position.column, pointer, message});
  }

  // Reports every key of `object` not in `allowed`.
  void known_keys(const nlohmann::json& object, const std::string& pointer,
                  const std::vector<std::string>& allowed) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      key_problem(pointer + "/" + escape_pointer_token(key), loader::unknown_key_message(key, allowed));
    }
  }

  std::optional<std::string> string(const nlohmann::json& object, const std::string& pointer,
                                    const std::string& key, bool required) {
    const std::string at = pointer + "/" + key;
    if (!object.contains(key)) {
      if (required) problem(pointer, "missing required key \"" + key + "\"");
      return std::nullopt;
    }
    const nlohmann::json& value = object.at(key);
    if (!value.is_string() || value.get<std::string>().empty()) {
      problem(at, "must be a non-empty string, got " + value.dump());
      return std::nullopt;
    }
    return value.get<std::string>();
  }

  // A finite number; `minimum_exclusive` / `minimum` bound it from below.
  std::optional<double> number(const nlohmann::json& object, const std::string& pointer,
                               const std::string& key, double minimum, bool exclusive) {
    if (!object.contains(key)) return std::nullopt;
    const nlohmann::json& value = object.at(key);
    const std::string at = pointer + "/" + key;
    if (!value.is_number() || !std::isfinite(value.get<double>())) {
      problem(at, "must be a number, got " + value.dump());
      return std::nullopt;
    }
    const double x = value.get<double>();
    if (exclusive ? !(x > minimum) : !(x >= minimum)) {
      problem(at, std::string("must be ") + (exclusive ? "greater than " : "at least ") +
                      fmt::format("{:g}", minimum) + ", got " + value.dump());
      return std::nullopt;
    }
    return x;
  }

  std::optional<std::uint64_t> seed(const nlohmann::json& object, const std::string& pointer) {
    if (!object.contains("seed")) return std::nullopt;
    const nlohmann::json& value = object.at("seed");
    if ((!value.is_number_unsigned() || value.get<std::uint64_t>() > kMaxSeed) &&
        !(value.is_number_integer() && value.get<std::int64_t>() >= 0)) {
      problem(pointer + "/seed",
              "must be an integer from 0 to " + std::to_string(kMaxSeed) + ", got " + value.dump());
      return std::nullopt;
    }
    return value.get<std::uint64_t>();
  }

  std::string sha256(const nlohmann::json& object, const std::string& pointer, const std::string& key) {
    if (!object.contains(key)) return "";
    const nlohmann::json& value = object.at(key);
    const bool ok = value.is_string() && value.get<std::string>().size() == 64 &&
                    value.get<std::string>().find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!ok) {
      problem(pointer + "/" + key, "must be a SHA-256 digest (64 lowercase hex digits), got " + value.dump());
      return "";
    }
    return value.get<std::string>();
  }

  std::vector<Problem>& problems() { return problems_; }

 private:
  const JsonDocument& document_;
  std::string file_;
  std::vector<Problem> problems_;
};

void parse_exact(Validator& v, const nlohmann::json& object, Expectation& out) {
  v.known_keys(object, out.pointer,
               {"kind", "description", "seed", "summary_sha256", "events_sha256", "copy"});
  out.summary_sha256 = v.sha256(object, out.pointer, "summary_sha256");
  out.events_sha256 = v.sha256(object, out.pointer, "events_sha256");
  if (auto copy = v.string(object, out.pointer, "copy", false)) {
    const std::filesystem::path path(*copy);
    bool escapes = path.is_absolute();
    for (const auto& part : path) escapes = escapes || part == "..";
    if (escapes) {
      v.problem(out.pointer + "/copy",
                "must be a folder inside the expectation file's folder, got \"" + *copy + "\"");
    } else {
      out.copy = *copy;
    }
  }
}

void parse_statistical(Validator& v, const nlohmann::json& object, Expectation& out) {
  v.known_keys(object, out.pointer,
               {"kind", "description", "seed", "metric", "of", "replications", "mean", "sd", "tolerance"});
  if (auto metric = v.string(object, out.pointer, "metric", true)) {
    const std::string& text = *metric;
    const std::size_t colon = text.find(':');
    const bool pointer_form = text.front() == '/';
    const bool bad_scoped =
        !pointer_form && colon != std::string::npos &&
        (colon == 0 || colon + 1 == text.size() || text.find(':', colon + 1) != std::string::npos);
    if (bad_scoped) {
      v.problem(out.pointer + "/metric",
                "must be METRIC, HOSPITAL:METRIC or a JSON pointer into summary.json, got \"" + text + "\"");
    } else {
      out.metric = text;
    }
  }
  if (auto of = v.string(object, out.pointer, "of", false)) {
    static const std::vector<std::string> kFields = {"value", "baseline", "delta", "delta_pct"};
    if (std::find(kFields.begin(), kFields.end(), *of) == kFields.end()) {
      v.problem(out.pointer + "/of", "must be one of value, baseline, delta, delta_pct, got \"" + *of + "\"");
    } else if (!out.metric.empty() && out.metric.front() == '/') {
      v.problem(out.pointer + "/of", "is not used with a JSON pointer metric: put the field in the pointer");
    } else {
      out.of = *of;
    }
  }
  if (object.contains("replications")) {
    const nlohmann::json& value = object.at("replications");
    if (!value.is_number_integer() || value.get<std::int64_t>() < 1 ||
        value.get<std::int64_t>() > kMaxReplications) {
      v.problem(out.pointer + "/replications",
                "must be an integer from 1 to " + std::to_string(kMaxReplications) + ", got " + value.dump());
    } else {
      out.replications = value.get<int>();
    }
  }
  if (object.contains("mean") && !object.at("mean").is_null()) {
    out.mean = v.number(object, out.pointer, "mean", -INFINITY, false);
  }
  if (object.contains("sd") && !object.at("sd").is_null()) {
    (void)v.number(object, out.pointer, "sd", 0.0, false);
  }
  const std::string tolerance_pointer = out.pointer + "/tolerance";
  if (!object.contains("tolerance")) {
    v.problem(out.pointer, "missing required key \"tolerance\"");
    return;
  }
  const nlohmann::json& tolerance = object.at("tolerance");
  if (!tolerance.is_object()) {
    v.problem(tolerance_pointer, "must be an object with absolute, relative, standard_errors or confidence");
    return;
  }
  v.known_keys(tolerance, tolerance_pointer, {"absolute", "relative", "standard_errors", "confidence"});
  out.tolerance.absolute = v.number(tolerance, tolerance_pointer, "absolute", 0.0, false);
  out.tolerance.relative = v.number(tolerance, tolerance_pointer, "relative", 0.0, false);
  out.tolerance.standard_errors = v.number(tolerance, tolerance_pointer, "standard_errors", 0.0, true);
  out.tolerance.confidence = v.number(tolerance, tolerance_pointer, "confidence", 0.0, true);
  if (out.tolerance.confidence && *out.tolerance.confidence >= 1.0) {
    v.problem(tolerance_pointer + "/confidence",
              "must be below 1 (e.g. 0.99), got " + tolerance.at("confidence").dump());
    out.tolerance.confidence.reset();
  }
  if (tolerance.empty()) {
    v.problem(tolerance_pointer, "must give at least one of absolute, relative, standard_errors, confidence");
  }
  const bool needs_spread = tolerance.contains("standard_errors") || tolerance.contains("confidence");
  if (needs_spread && out.replications < 2) {
    v.problem(tolerance_pointer, "standard_errors and confidence need at least 2 replications");
  }
}

}  // namespace

Result<ExpectationFile> parse_expectations(std::string_view text, const std::string& path) {
  if (Status size = check_input_size(path, text.size(), kMaxExpectationBytes); !size.is_ok()) return size;
  Result<JsonDocument> parsed = parse_json_document(text, path, "an expectation file");
  if (!parsed.is_ok()) return parsed.status();
  const JsonDocument& document = parsed.value();
  Validator v(document, path);
  v.problems() = document.duplicate_keys;
  const nlohmann::json& root = document.root;
  ExpectationFile file;
  file.path = path;
  if (!root.is_object()) {
    v.problem("",
              "must be a JSON object (an expectation file, format \"" + std::string(kExpectFormat) + "\")");
    return Status::from_problems(v.problems());
  }
  v.known_keys(root, "", {"$schema", "format", "scenario", "strategy", "description", "expectations"});
  if (auto format = v.string(root, "", "format", true); format && *format != kExpectFormat) {
    v.problem("/format", "must be \"" + std::string(kExpectFormat) + "\", got \"" + *format + "\"");
  }
  if (auto scenario = v.string(root, "", "scenario", true)) {
    file.scenario = *scenario;
    const std::filesystem::path base = std::filesystem::path(path).parent_path();
    file.scenario_path = (base / *scenario).lexically_normal().string();
  }
  file.strategy = v.string(root, "", "strategy", false).value_or("");
  file.description = v.string(root, "", "description", false).value_or("");
  if (!root.contains("expectations")) {
    v.problem("", "missing required key \"expectations\"");
  } else if (!root.at("expectations").is_object() || root.at("expectations").empty()) {
    v.problem("/expectations", "must be a non-empty object of named expectations");
  } else {
    for (const auto& [name, object] : root.at("expectations").items()) {
      Expectation expectation;
      expectation.name = name;
      expectation.pointer = "/expectations/" + escape_pointer_token(name);
      if (!object.is_object()) {
        v.problem(expectation.pointer, "must be an object with a \"kind\"");
        continue;
      }
      if (auto description = v.string(object, expectation.pointer, "description", false)) {
        expectation.description = *description;
      }
      expectation.seed = v.seed(object, expectation.pointer);
      const std::optional<std::string> kind = v.string(object, expectation.pointer, "kind", true);
      if (!kind) continue;
      if (*kind == kind_name(Kind::kExact)) {
        expectation.kind = Kind::kExact;
        parse_exact(v, object, expectation);
      } else if (*kind == kind_name(Kind::kStatistical)) {
        expectation.kind = Kind::kStatistical;
        parse_statistical(v, object, expectation);
      } else {
        v.problem(expectation.pointer + "/kind",
                  "must be \"exact\" or \"statistical\", got \"" + *kind + "\"");
        continue;
      }
      file.expectations.push_back(std::move(expectation));
    }
    // File order (the parsed object is sorted by key).
    std::stable_sort(file.expectations.begin(), file.expectations.end(),
                     [&document](const Expectation& a, const Expectation& b) {
                       const TextPosition pa = document.key_position_of(a.pointer);
                       const TextPosition pb = document.key_position_of(b.pointer);
                       return std::tie(pa.line, pa.column) < std::tie(pb.line, pb.column);
                     });
  }
  if (!v.problems().empty()) return Status::from_problems(v.problems());
  return file;
}

namespace {

std::string rewrite(const std::string& text, const std::string& name,
                    const std::function<void(nlohmann::ordered_json&)>& edit) {
  nlohmann::ordered_json root = nlohmann::ordered_json::parse(text);
  edit(root.at("expectations").at(name));
  return root.dump(2) + "\n";
}

}  // namespace

std::string with_exact(const std::string& text, const std::string& name, const RecordedExact& recorded) {
  return rewrite(text, name, [&recorded](nlohmann::ordered_json& object) {
    object["summary_sha256"] = recorded.summary_sha256;
    object["events_sha256"] = recorded.events_sha256;
    if (!recorded.copy.empty()) object["copy"] = recorded.copy;
  });
}

std::string with_statistical(const std::string& text, const std::string& name,
                             const RecordedStatistical& recorded) {
  return rewrite(text, name, [&recorded](nlohmann::ordered_json& object) {
    object["mean"] = recorded.mean;
    if (std::isfinite(recorded.sd)) {
      object["sd"] = recorded.sd;
    } else {
      object["sd"] = nullptr;
    }
  });
}

}  // namespace hospsim::check
