#include "check/checker.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "batch/statistics.h"
#include "check/text_diff.h"
#include "hospsim/loader.h"
#include "hospsim/run.h"
#include "run/process_pool.h"
#include "run/outputs.h"
#include "scenario/files.h"

namespace hospsim::check {

int CheckReport::exit_code() const {
  if (errors > 0) return kExitInternal;
  if (bad_input > 0) return kExitBadInput;
  if (failed > 0) return kExitCheckFailed;
  return kExitOk;
}

std::vector<std::string> expand_paths(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      out.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error)) {
      const std::string name = entry.path().filename().string();
      const std::string suffix = ".expect.json";
      if (entry.is_regular_file() && name.size() > suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        found.push_back(entry.path().string());
      }
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

namespace {

using Clock = std::chrono::steady_clock;

struct Loaded {
  ExpectationFile file;
  Scenario scenario;
  std::string text;  // the expectation file's text (rewritten by --update)
};

// One paired simulation of a scenario at one seed, and what it produced.
struct Job {
  std::size_t file = 0;  // index into the loaded files (its scenario)
  std::uint64_t seed = 0;
  bool ok = false;
  std::string error;
  std::string summary_json;  // summary.json bytes
  std::string events_csv;    // events.csv bytes
  double seconds = 0.0;
};

std::string read_text(const std::filesystem::path& path, bool* found) {
  std::ifstream in(path, std::ios::binary);
  *found = static_cast<bool>(in);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  return text.str();
}

Status write_text(const std::filesystem::path& path, const std::string& text) {
  return write_file_atomically(path.string(), text);
}

// ---- the process pool -------------------------------------------------------------------------------------

// The body of the child that simulates one paired run: its summary.json and events.csv.
ProcessPool::Body simulate_pair(const Scenario& scenario, std::uint64_t seed) {
  return [&scenario, seed]() -> Result<nlohmann::json> {
    Result<PairedOutput> output = run_with_baseline(scenario, seed, true, false);
    if (!output.is_ok()) return output.status();
    RunOutputTexts files = render_run_outputs(scenario, seed, output.value());
    return nlohmann::json{{"summary", std::move(files.summary_json)}, {"events", std::move(files.events_csv)}};
  };
}

void finish(Job& job, const ChildOutcome& outcome) {
  job.seconds = outcome.seconds;
  if (WIFSIGNALED(outcome.wait_status)) {
    job.error = "the simulation process was " + describe_signal(WTERMSIG(outcome.wait_status));
    return;
  }
  if (outcome.kind == ChildOutcome::Kind::kEmpty || outcome.kind == ChildOutcome::Kind::kUnreadable) {
    job.error = fmt::format("the simulation process exited with status {} without a result", outcome.exit_status());
    return;
  }
  if (outcome.kind == ChildOutcome::Kind::kError) {
    job.error = outcome.error;
    return;
  }
  job.ok = true;
  job.summary_json = outcome.value.at("summary").get<std::string>();
  job.events_csv = outcome.value.at("events").get<std::string>();
}

Status run_jobs(std::vector<Job>& jobs, const std::vector<Loaded>& files, const CheckOptions& options) {
  const int total = static_cast<int>(jobs.size());
  int done = 0;
  if (options.on_progress) options.on_progress(done, total);
  ProcessPool pool({0.0, false});
  std::size_t next = 0;
  while (next < jobs.size() || pool.running() > 0) {
    while (next < jobs.size() && static_cast<int>(pool.running()) < std::max(1, options.jobs)) {
      Result<int> pid = pool.spawn(next, simulate_pair(files[jobs[next].file].scenario, jobs[next].seed));
      if (!pid.is_ok()) return pid.status();
      ++next;
    }
    Result<std::vector<ChildOutcome>> ended = pool.wait_any();
    if (!ended.is_ok()) return ended.status();
    for (const ChildOutcome& outcome : ended.value()) {
      finish(jobs[outcome.task], outcome);
      ++done;
      if (options.on_progress) options.on_progress(done, total);
    }
  }
  return Status::ok();
}

// ---- judging ----------------------------------------------------------------------------------------------

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
  bool found = false;
  const std::string expected_text = read_text(copy_folder / label, &found);
  if (!found) {
    details += fmt::format("    (the recorded copy {} is missing)\n", (copy_folder / label).string());
  } else if (sha256_hex(expected_text) != recorded_hash) {
    details += fmt::format("    (the recorded copy {} does not match the recorded digest; it is stale)\n",
                           (copy_folder / label).string());
  } else {
    details += describe_difference(expected_text, got_text, 8, "    ");
  }
}

Outcome judge_exact(const Expectation& expectation, const Loaded& loaded, const Job& job, bool update,
                    std::string& text, int& updated) {
  Outcome outcome;
  outcome.name = expectation.name;
  outcome.kind = "exact";
  outcome.seconds = job.seconds;
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
    Status written = write_text(copy_folder / "summary.json", job.summary_json);
    if (written.is_ok()) written = write_text(copy_folder / "events.csv", job.events_csv);
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

// The names of the members of the object that holds `pointer`'s last token, for a "did you mean" list.
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

Outcome judge_statistical(const Expectation& expectation, const Loaded& loaded,
                          const std::vector<const Job*>& runs, bool update, std::string& text, int& updated) {
  Outcome outcome;
  outcome.name = expectation.name;
  outcome.kind = "statistical";
  const std::uint64_t first_seed = runs.front()->seed;
  const std::string seeds = runs.size() == 1 ? fmt::format("seed {}", first_seed)
                                             : fmt::format("seeds {}..{}", first_seed, runs.back()->seed);
  const std::string what =
      fmt::format("scenario {}{}: {} mean over {} run{} ({})", loaded.file.scenario_path,
                  loaded.file.strategy.empty() ? "" : " (strategy " + loaded.file.strategy + ")",
                  expectation.metric_label(), runs.size(), runs.size() == 1 ? "" : "s", seeds);
  const std::string pointer = expectation.summary_pointer();
  std::vector<double> values;
  for (const Job* job : runs) {
    outcome.seconds += job->seconds;
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
  const batch::Summary observed = batch::summarize(values, expectation.tolerance.confidence.value_or(0.95));
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
  return outcome;
}

}  // namespace

Result<CheckReport> run_check(const std::vector<std::string>& expectation_files,
                              const CheckOptions& options) {
  std::vector<Loaded> files;
  std::vector<Problem> problems;
  Status first_other;  // a non-problem failure (e.g. kNotFound) to report when there are no problems
  for (const std::string& path : expectation_files) {
    Result<ExpectationFile> parsed = load_expectations(path);
    if (!parsed.is_ok()) {
      if (parsed.status().problems().empty()) {
        problems.push_back(Problem{"", 0, 0, "", parsed.status().message()});  // names the file itself
      }
      problems.insert(problems.end(), parsed.status().problems().begin(), parsed.status().problems().end());
      continue;
    }
    Result<Scenario> scenario = load_scenario_file(parsed->scenario_path, LoadOptions{parsed->strategy});
    if (!scenario.is_ok()) {
      if (scenario.status().problems().empty()) {
        problems.push_back(Problem{path, 0, 0, "/scenario", scenario.status().message()});
      }
      problems.insert(problems.end(), scenario.status().problems().begin(),
                      scenario.status().problems().end());
      continue;
    }
    bool found = false;
    std::string text = read_text(path, &found);
    files.push_back(Loaded{parsed.value(), std::move(scenario.value()), std::move(text)});
  }
  if (expectation_files.empty()) return Status::invalid_argument("no expectation files given or found");
  if (!problems.empty()) return Status::from_problems(problems);

  // Plan the distinct simulations.
  std::vector<Job> jobs;
  std::map<std::pair<std::size_t, std::uint64_t>, std::size_t> job_of;
  auto job_for = [&](std::size_t file, std::uint64_t seed) {
    auto [it, inserted] = job_of.try_emplace({file, seed}, jobs.size());
    if (inserted) {
      Job job;
      job.file = file;
      job.seed = seed;
      jobs.push_back(std::move(job));
    }
    return it->second;
  };
  // needed[file][expectation] = job indices
  std::vector<std::vector<std::vector<std::size_t>>> needed(files.size());
  for (std::size_t f = 0; f < files.size(); ++f) {
    for (const Expectation& expectation : files[f].file.expectations) {
      const std::uint64_t seed = expectation.seed.value_or(files[f].scenario.seed);
      std::vector<std::size_t> runs;
      const int count = expectation.kind == Kind::kExact ? 1 : expectation.replications;
      for (int r = 0; r < count; ++r) runs.push_back(job_for(f, seed + static_cast<std::uint64_t>(r)));
      needed[f].push_back(std::move(runs));
    }
  }
  if (Status status = run_jobs(jobs, files, options); !status.is_ok()) return status;

  CheckReport report;
  report.simulations = static_cast<int>(jobs.size());
  for (std::size_t f = 0; f < files.size(); ++f) {
    Loaded& loaded = files[f];
    FileOutcome file_outcome;
    file_outcome.path = loaded.file.path;
    file_outcome.scenario = loaded.file.scenario_path;
    file_outcome.strategy = loaded.file.strategy;
    const std::string original_text = loaded.text;
    for (std::size_t e = 0; e < loaded.file.expectations.size(); ++e) {
      const Expectation& expectation = loaded.file.expectations[e];
      Outcome outcome;
      if (expectation.kind == Kind::kExact) {
        outcome = judge_exact(expectation, loaded, jobs[needed[f][e].front()], options.update, loaded.text,
                              report.updated);
      } else {
        std::vector<const Job*> runs;
        for (std::size_t j : needed[f][e]) runs.push_back(&jobs[j]);
        outcome = judge_statistical(expectation, loaded, runs, options.update, loaded.text, report.updated);
      }
      switch (outcome.verdict) {
        case Verdict::kPass:
          ++report.passed;
          break;
        case Verdict::kFail:
          ++report.failed;
          break;
        case Verdict::kBadInput:
          ++report.bad_input;
          break;
        case Verdict::kError:
          ++report.errors;
          break;
        case Verdict::kUpdated:
          break;
      }
      file_outcome.outcomes.push_back(std::move(outcome));
    }
    if (options.update && loaded.text != original_text) {
      if (Status written = write_text(loaded.file.path, loaded.text); !written.is_ok()) return written;
    }
    report.files.push_back(std::move(file_outcome));
  }
  return report;
}

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

// Text for XML attributes and content: escapes markup and drops characters XML 1.0 does not allow.
std::string xml_escape(const std::string& text, bool keep_newlines = false) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += keep_newlines ? "\n" : "&#10;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (byte < 0x20) continue;
        out += c;
    }
  }
  return out;
}

// Element content keeps its newlines.
std::string xml_text(const std::string& text) { return xml_escape(text, true); }

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
                         file.path, outcome.name, outcome.kind, outcome.message);
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
      tests, report.failed, report.bad_input + report.errors, total_seconds);
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
        xml_escape(file.path), file.outcomes.size(), failures, errors, seconds);
    out +=
        fmt::format("    <properties><property name=\"scenario\" value=\"{}\"/>", xml_escape(file.scenario));
    if (!file.strategy.empty()) {
      out += fmt::format("<property name=\"strategy\" value=\"{}\"/>", xml_escape(file.strategy));
    }
    out += "</properties>\n";
    for (const Outcome& outcome : file.outcomes) {
      out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"", xml_escape(file.path),
                         xml_escape(outcome.name + " (" + outcome.kind + ")"), outcome.seconds);
      if (outcome.verdict == Verdict::kPass || outcome.verdict == Verdict::kUpdated) {
        out +=
            fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", xml_text(outcome.message));
        continue;
      }
      const char* element = outcome.verdict == Verdict::kFail ? "failure" : "error";
      out += fmt::format(">\n      <{} message=\"{}\" type=\"{}\">{}</{}>\n    </testcase>\n", element,
                         xml_escape(outcome.message),
                         outcome.verdict == Verdict::kFail ? "regression" : "invalid",
                         xml_text(outcome.message + "\n" + outcome.details), element);
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace hospsim::check
