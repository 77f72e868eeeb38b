#include "check/judge.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "batch/statistics.h"
#include "check/text_diff.h"
#include "scenario/files.h"

namespace hospsim::check {

namespace {

// An expectation's share of the wall time of a simulation: a simulation judged by several expectations (an
// exact one and a statistical one at the same seed) is run once, so each gets an equal part of it, and the
// JUnit times of the cases add up to the time the simulations took instead of counting one several times.
double own_seconds(const Simulation& simulation) {
  return simulation.seconds / std::max(1, simulation.users);
}

// A recorded copy is read whole; its events.csv may be large.
constexpr std::size_t kMaxCopyBytes = std::size_t{4} << 30;

std::string number(double value) { return fmt::format("{:.6g}", value); }
std::string short_hash(const std::string& hash) { return hash.empty() ? "(none)" : hash.substr(0, 12); }

std::string update_hint(const std::string& path) {
  return "if the change is intended, record it with `hospsim check --update " + path + "`";
}

// What one output file (summary.json or events.csv) looks like against its recorded digest.
void compare_output(const std::string& label, const std::string& recorded_hash, const std::string& got_text,
                    const std::filesystem::path& copy_folder, bool has_copy,
                    std::vector<std::string>& changed, std::string& details) {
  const std::string got_hash = sha256_hex(got_text);
  if (got_hash == recorded_hash) return;
  changed.push_back(label);
  details += fmt::format("  {}: sha256 expected {}..., got {}...\n", label, short_hash(recorded_hash),
                         short_hash(got_hash));
  if (!has_copy) {
    details += "    (no recorded copy to show the difference: give the expectation a \"copy\" folder)\n";
    return;
  }
  const Result<std::string> copy =
      read_input_file((copy_folder / label).string(), kMaxCopyBytes, "a recorded copy");
  const std::string expected_text = copy.is_ok() ? copy.value() : std::string();
  if (!copy.is_ok()) {
    details += fmt::format("    (the recorded copy {} is missing)\n", (copy_folder / label).string());
  } else if (sha256_hex(expected_text) != recorded_hash) {
    details += fmt::format("    (the recorded copy {} does not match the recorded digest; it is stale)\n",
                           (copy_folder / label).string());
  } else {
    details += describe_difference(expected_text, got_text, 8, "    ");
  }
}

}  // namespace

Outcome judge_exact(const Expectation& expectation, const LoadedFile& loaded, const Simulation& job,
                    bool update, std::string& text, int& updated) {
  Outcome outcome;
  outcome.name = expectation.name;
  outcome.kind = Kind::kExact;
  outcome.seconds = own_seconds(job);
  const std::filesystem::path folder = std::filesystem::path(loaded.file.path).parent_path();
  if (!job.ok) {
    outcome.verdict = Verdict::kError;
    outcome.message = fmt::format("seed {}: the simulation failed: {}", job.seed, job.error);
    return outcome;
  }
  const std::string summary_hash = sha256_hex(job.summary_json);
  const std::string events_hash = sha256_hex(job.events_csv);
  if (update) {
    RecordedExact recorded{summary_hash, events_hash, expectation.copy};
    if (recorded.copy.empty()) {
      std::string stem = std::filesystem::path(loaded.file.path).filename().string();
      const std::string suffix = ".expect.json";
      if (stem.size() > suffix.size() &&
          stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) == 0) {
        stem.resize(stem.size() - suffix.size());
      } else {
        stem = std::filesystem::path(stem).stem().string();
      }
      recorded.copy = stem + "." + expectation.name;
    }
    const std::filesystem::path copy_folder = folder / recorded.copy;
    std::error_code error;
    std::filesystem::create_directories(copy_folder, error);
    Status written = write_file_atomically((copy_folder / "summary.json").string(), job.summary_json);
    if (written.is_ok())
      written = write_file_atomically((copy_folder / "events.csv").string(), job.events_csv);
    if (!written.is_ok()) {
      outcome.verdict = Verdict::kError;
      outcome.message = written.message();
      return outcome;
    }
    text = with_exact(text, expectation.name, recorded);
    outcome.verdict = Verdict::kUpdated;
    std::vector<std::string> parts;
    if (summary_hash != expectation.summary_sha256) {
      parts.push_back(fmt::format("summary.json {} -> {}", short_hash(expectation.summary_sha256),
                                  short_hash(summary_hash)));
    }
    if (events_hash != expectation.events_sha256) {
      parts.push_back(
          fmt::format("events.csv {} -> {}", short_hash(expectation.events_sha256), short_hash(events_hash)));
    }
    if (parts.empty()) {
      outcome.message = fmt::format("seed {}: unchanged; copy in {}", job.seed, copy_folder.string());
    } else {
      ++updated;
      outcome.changed = true;
      outcome.message =
          fmt::format("seed {}: {}; copy in {}", job.seed, fmt::join(parts, ", "), copy_folder.string());
    }
    return outcome;
  }
  if (expectation.summary_sha256.empty() || expectation.events_sha256.empty()) {
    outcome.verdict = Verdict::kFail;
    outcome.message =
        "no recorded fingerprint yet: record it with `hospsim check --update " + loaded.file.path + "`";
    return outcome;
  }
  std::vector<std::string> changed;
  const bool has_copy = !expectation.copy.empty();
  const std::filesystem::path copy_folder = folder / expectation.copy;
  compare_output("summary.json", expectation.summary_sha256, job.summary_json, copy_folder, has_copy, changed,
                 outcome.details);
  compare_output("events.csv", expectation.events_sha256, job.events_csv, copy_folder, has_copy, changed,
                 outcome.details);
  if (changed.empty()) {
    outcome.message = fmt::format("seed {}: summary.json and events.csv as recorded", job.seed);
    return outcome;
  }
  outcome.verdict = Verdict::kFail;
  outcome.message =
      fmt::format("scenario {}{}, seed {}: {} changed; {}", loaded.file.scenario_path,
                  loaded.file.strategy.empty() ? "" : " (strategy " + loaded.file.strategy + ")", job.seed,
                  fmt::join(changed, " and "), update_hint(loaded.file.path));
  return outcome;
}

std::string known_members(const nlohmann::json& summary, const std::string& pointer) {
  std::string parent = pointer;
  while (!parent.empty()) {
    parent = parent.substr(0, parent.rfind('/'));
    const nlohmann::json::json_pointer at(parent);
    if (summary.contains(at) && summary.at(at).is_object()) {
      std::vector<std::string> names;
      for (const auto& [key, value] : summary.at(at).items()) names.push_back(key);
      if (names.size() > 40) {
        names.resize(40);
        names.push_back("...");
      }
      return fmt::format("{} has: {}", parent.empty() ? "/" : parent, fmt::join(names, ", "));
    }
  }
  return "";
}

namespace {

// The observed mean against the recorded one (REQUIRES: expectation.mean) within the widest deviation the
// tolerance allows: the message of `outcome`, and kFail when it is outside.
void judge_tolerance(const Expectation& expectation, const LoadedFile& loaded,
                     const batch::MeanInterval& observed, const std::string& what, Outcome& outcome) {
  const double expected = *expectation.mean;
  const Tolerance& tolerance = expectation.tolerance;
  double allowed = 0.0;
  std::vector<std::string> bounds;
  const double standard_error = observed.n >= 2 ? observed.sd / std::sqrt(double(observed.n)) : NAN;
  if (tolerance.absolute) {
    allowed = std::max(allowed, *tolerance.absolute);
    bounds.push_back(fmt::format("absolute {}", number(*tolerance.absolute)));
  }
  if (tolerance.relative) {
    const double bound = *tolerance.relative * std::fabs(expected);
    allowed = std::max(allowed, bound);
    bounds.push_back(fmt::format("relative {} -> {}", number(*tolerance.relative), number(bound)));
  }
  if (tolerance.standard_errors && std::isfinite(standard_error)) {
    const double bound = *tolerance.standard_errors * standard_error;
    allowed = std::max(allowed, bound);
    bounds.push_back(
        fmt::format("{} standard errors -> {}", number(*tolerance.standard_errors), number(bound)));
  }
  if (tolerance.confidence && std::isfinite(observed.half_width)) {
    allowed = std::max(allowed, observed.half_width);
    bounds.push_back(
        fmt::format("{}% interval -> {}", number(100 * *tolerance.confidence), number(observed.half_width)));
  }
  const double difference = observed.mean - expected;
  // Round-off of a mean of equal values must not fail an exact (zero-tolerance) expectation.
  const double slack = 1e-9 * std::max(1.0, std::fabs(expected));
  const std::string numbers = fmt::format(
      "expected {} ± {}, got {} (difference {:+.6g}; sd {}; tolerance: {})", number(expected),
      number(allowed), number(observed.mean), difference,
      std::isfinite(observed.sd) ? number(observed.sd) : std::string("-"), fmt::join(bounds, ", "));
  outcome.message = what + ": " + numbers;
  if (std::fabs(difference) > allowed + slack) {
    outcome.verdict = Verdict::kFail;
    outcome.message += "; " + update_hint(loaded.file.path);
  }
}

}  // namespace

Outcome judge_statistical(const Expectation& expectation, const LoadedFile& loaded,
                          const std::vector<const Simulation*>& runs, bool update, std::string& text,
                          int& updated) {
  Outcome outcome;
  outcome.name = expectation.name;
  outcome.kind = Kind::kStatistical;
  const std::uint64_t first_seed = runs.front()->seed;
  const std::string seeds = runs.size() == 1 ? fmt::format("seed {}", first_seed)
                                             : fmt::format("seeds {}..{}", first_seed, runs.back()->seed);
  const std::string what =
      fmt::format("scenario {}{}: {} mean over {} run{} ({})", loaded.file.scenario_path,
                  loaded.file.strategy.empty() ? "" : " (strategy " + loaded.file.strategy + ")",
                  expectation.metric_label(), runs.size(), runs.size() == 1 ? "" : "s", seeds);
  const std::string pointer = expectation.summary_pointer();
  std::vector<double> values;
  for (const Simulation* job : runs) {
    outcome.seconds += own_seconds(*job);
    if (!job->ok) {
      outcome.verdict = Verdict::kError;
      outcome.message = fmt::format("{}: the simulation at seed {} failed: {}", what, job->seed, job->error);
      return outcome;
    }
    const nlohmann::json summary = nlohmann::json::parse(job->summary_json);
    nlohmann::json::json_pointer at;
    bool valid_pointer = true;
    try {
      at = nlohmann::json::json_pointer(pointer);
    } catch (const nlohmann::json::exception&) {
      valid_pointer = false;
    }
    if (!valid_pointer || !summary.contains(at)) {
      outcome.verdict = Verdict::kBadInput;
      outcome.message = fmt::format("{}: {}: metric \"{}\" is not in summary.json (no {}); {}",
                                    loaded.file.path, expectation.pointer + "/metric", expectation.metric,
                                    pointer, known_members(summary, pointer));
      return outcome;
    }
    const nlohmann::json& value = summary.at(at);
    if (value.is_null()) {
      outcome.verdict = Verdict::kFail;
      outcome.message = fmt::format("{}: the metric is undefined (null) at seed {}", what, job->seed);
      return outcome;
    }
    if (!value.is_number()) {
      outcome.verdict = Verdict::kBadInput;
      outcome.message = fmt::format("{}: {}: {} in summary.json is not a number but {}", loaded.file.path,
                                    expectation.pointer + "/metric", pointer, value.dump());
      return outcome;
    }
    values.push_back(value.get<double>());
  }
  const batch::MeanInterval observed =
      batch::summarize(values, expectation.tolerance.confidence.value_or(0.95));
  if (update) {
    // The spread is information for choosing a tolerance: 6 significant digits, round-off noise shown as 0.
    double spread = observed.sd;
    if (std::isfinite(spread)) {
      spread = spread <= 1e-9 * std::max(1.0, std::fabs(observed.mean))
                   ? 0.0
                   : std::stod(fmt::format("{:.6g}", spread));
    }
    text = with_statistical(text, expectation.name, {observed.mean, spread});
    outcome.verdict = Verdict::kUpdated;
    if (expectation.mean && *expectation.mean == observed.mean) {
      outcome.message = fmt::format("{}: unchanged, {}", what, number(observed.mean));
    } else {
      ++updated;
      outcome.changed = true;
      outcome.message = fmt::format("{}: {} -> {}", what,
                                    expectation.mean ? number(*expectation.mean) : std::string("(none)"),
                                    number(observed.mean));
    }
    return outcome;
  }
  if (!expectation.mean) {
    outcome.verdict = Verdict::kFail;
    outcome.message =
        fmt::format("{}: no recorded mean yet (got {}): record it with `hospsim check --update {}`", what,
                    number(observed.mean), loaded.file.path);
    return outcome;
  }
  judge_tolerance(expectation, loaded, observed, what, outcome);
  return outcome;
}

}  // namespace hospsim::check
