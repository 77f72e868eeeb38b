// `hospsim run FILE [--strategy S] [--seed N] [--out DIR] [--no-baseline] [--sequential] [--strict] ...`
// (every option: add_run_command below)
//
// Loads the scenario (with the strategy merged in), runs it and its paired baseline (same seed, injections
// removed) as two sibling processes, writes DIR/summary.json, DIR/timeline.csv, DIR/events.csv and
// DIR/report.html (unless --no-report) as one set, all or none, and prints
// the table of cancelled surgeries, cancelled appointments and ED load shift per hospital on stdout.
// Default DIR: out/<scenario file name without .json>[-<strategy>].
// `--strategy all` runs no strategy and every strategy of the scenario (run_every_strategy below).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "cli/cli.h"
#include "cli/huge_pages.h"
#include "hospsim/loader.h"
#include "hospsim/run.h"
#include "report/html_report.h"
#include "report/run_tables.h"
#include "run/outputs.h"
#include "scenario/files.h"

namespace hospsim {
namespace {

struct RunArguments {
  std::string file;
  std::string strategy;
  std::optional<std::uint64_t> seed;
  std::string out;
  bool no_baseline = false;
  bool sequential = false;
  bool no_report = false;
  bool strict = false;
  std::string stats;
  std::string it_model = "elided";
  std::string records;  // --records DIR: the patient-level records of the run
};

ItModelMode it_model_of(const RunArguments& args) {
  return args.it_model == "full" ? ItModelMode::kFull : ItModelMode::kElided;
}

// The cost of one simulation process (--stats): not results, so not in summary.json.
nlohmann::json stats_of(const SimulationOutput& output) {
  return {{"wall_seconds", output.wall_seconds},
          {"cpu_seconds", output.cpu_seconds},
          {"events", output.events},
          {"it_requests", output.it_requests},
          {"it_requests_elided", output.it_requests_elided},
          {"peak_rss_kb", output.peak_rss_kb},
          {"simulated_seconds", output.simulated_seconds}};
}

Status write_stats(const std::string& path, const PairedOutput& output) {
  nlohmann::json stats = {{"run", stats_of(output.run)}, {"malloc_huge_pages", malloc_huge_pages()}};
  if (output.baseline) stats["baseline"] = stats_of(*output.baseline);
  return write_file_atomically(path, stats.dump(2) + "\n");
}

// Writes DIR/summary.json, timeline.csv, events.csv and (unless `no_report`) report.html as one set:
// summary.json from `summary` (run_summary() of `output`), the report drawn from `summary` and the run's
// typed timeline and incident log (what `hospsim report DIR` reads back from the files gives the same
// bytes), before anything is written. A binary built without the chart libraries still writes the other
// files and says why there is no report. Sets `*reported` when report.html was written; on failure prints
// the message and returns the exit code, else kExitOk. Either way the timelines and incident logs of
// `output` are freed (the texts hold them); nothing else of it changes.
int write_outputs(const Scenario& scenario, const RunSummary& summary, PairedOutput& output,
                  const std::string& out, bool no_report, const CliContext& context, bool* reported) {
  RunOutputTexts texts = render_run_outputs(summary, scenario.start, output);
  std::optional<std::string> report_html;
  if (!no_report) {
    const ReportScripts scripts = embedded_report_scripts();
    if (!scripts.complete()) {
      spdlog::get("hospsim")->warn("no report.html: {} (or pass --no-report)", kMissingScriptsHelp);
    } else {
      Result<std::string> html = render_run_report(
          summary, output.run.log, output.baseline ? &output.baseline->log : nullptr, scripts);
      if (!html.is_ok()) {
        release_run_logs(output);
        *context.err << "hospsim run: report.html: " << html.status().message() << "\n";
        return exit_code_for(html.status());
      }
      report_html = std::move(html.value());
    }
  }
  release_run_logs(output);
  Status written = write_run_outputs(out, texts, report_html);
  if (!written.is_ok()) {
    *context.err << "hospsim run: " << written.message() << "\n";
    return exit_code_for(written);
  }
  *reported = report_html.has_value();
  return kExitOk;
}

// Writes the patient-level records of `run` (--records) to DIR/ed.csv, surgery.csv and outpatient.csv; on
// failure prints the message and returns the exit code, else kExitOk.
int write_records(const std::string& dir, const SimulationOutput& run, const CliContext& context) {
  for (const auto& [name, text] : {std::pair<const char*, const std::string&>{"ed.csv", run.records_ed_csv},
                                   {"surgery.csv", run.records_surgery_csv},
                                   {"outpatient.csv", run.records_outpatient_csv}}) {
    if (Status written = write_file_atomically(dir + "/" + name, text); !written.is_ok()) {
      *context.err << "hospsim run: " << written.message() << "\n";
      return exit_code_for(written);
    }
  }
  return kExitOk;
}

// Creates `out`; refused (message, kExitBadInput) before simulating, so no results are computed only to be
// lost.
int make_output_directory(const std::string& out, const CliContext& context) {
  std::error_code dir_error;
  std::filesystem::create_directories(out, dir_error);
  if (dir_error) {
    *context.err << "hospsim run: cannot create output directory " << out << ": " << dir_error.message()
                 << "\n";
    return kExitBadInput;
  }
  return kExitOk;
}

// `--strategy all`: the scenario under no strategy and under each of its strategies (in name order), the
// same seed for all, each with its paired baseline; each one's files in DIR/<strategy>/ (DIR default
// out/<file name>-all); one table with a row per strategy on stdout.
int run_every_strategy(const RunArguments& args, const CliContext& context) {
  std::vector<Problem> warnings;
  Result<Scenario> base = load_scenario_file(args.file, LoadOptions{}, &warnings);
  if (!base.is_ok()) {
    for (const Problem& problem : base.status().problems()) *context.err << problem.format() << "\n";
    if (base.status().problems().empty()) *context.err << base.status().message() << "\n";
    return exit_code_for(base.status());
  }
  if (args.no_baseline) {
    *context.err
        << "hospsim run: --strategy all compares each strategy's change against its paired baseline; "
           "it cannot be combined with --no-baseline\n";
    return kExitBadInput;
  }
  std::vector<std::string> names = {"none"};
  for (const auto& [name, strategy] : base->strategies) names.push_back(name);
  if (names.size() == 1) {
    *context.err << args.file << ": the scenario has no strategies to compare (--strategy all)\n";
    return kExitBadInput;
  }
  // Every variant is loaded (and its warnings shown) before anything is simulated.
  std::vector<Scenario> variants;
  std::size_t warning_count = warnings.size();
  for (const Problem& warning : warnings) *context.err << warning.format() << "\n";
  for (const std::string& name : names) {
    if (name == "none") {
      variants.push_back(base.value());
      continue;
    }
    std::vector<Problem> strategy_warnings;
    Result<Scenario> loaded = load_scenario_file(args.file, LoadOptions{name}, &strategy_warnings);
    if (!loaded.is_ok()) {
      for (const Problem& problem : loaded.status().problems()) *context.err << problem.format() << "\n";
      if (loaded.status().problems().empty()) *context.err << loaded.status().message() << "\n";
      return exit_code_for(loaded.status());
    }
    std::vector<Problem> added;  // the warnings this strategy adds to the scenario's
    for (const Problem& warning : strategy_warnings) {
      const bool known = std::any_of(warnings.begin(), warnings.end(), [&](const Problem& other) {
        return other.format() == warning.format();
      });
      if (!known) added.push_back(warning);
    }
    if (!added.empty()) *context.err << args.file << ": with strategy \"" << name << "\":\n";
    for (const Problem& warning : added) *context.err << warning.format() << "\n";
    warning_count += added.size();
    variants.push_back(std::move(loaded.value()));
  }
  if (args.strict && warning_count > 0) {
    *context.err << args.file << ": " << warning_count << (warning_count == 1 ? " warning" : " warnings")
                 << " (--strict): not run\n";
    return kExitBadInput;
  }
  const std::uint64_t seed = args.seed.value_or(base->seed);
  const std::string out =
      args.out.empty() ? "out/" + std::filesystem::path(args.file).stem().string() + "-all" : args.out;
  for (const std::string& name : names) {
    if (int code = make_output_directory(out + "/" + name, context); code != kExitOk) return code;
    if (!args.records.empty()) {
      if (int code = make_output_directory(args.records + "/" + name, context); code != kExitOk) return code;
    }
  }
  const bool parallel = !args.sequential && std::thread::hardware_concurrency() >= 2;
  std::vector<std::pair<std::string, RunFiles>> summaries;
  bool every_reported = true;
  for (std::size_t i = 0; i < names.size(); ++i) {
    spdlog::get("hospsim")->info("running {} under strategy {} (seed {}, with paired baseline)", base->name,
                                 names[i], seed);
    Result<PairedOutput> output =
        run_with_baseline(variants[i], seed, true, parallel, it_model_of(args), !args.records.empty());
    if (!output.is_ok()) {
      *context.err << "hospsim run: strategy " << names[i] << ": " << output.status().message() << "\n";
      return exit_code_for(output.status());
    }
    RunSummary summary = run_summary(variants[i], seed, output.value());
    bool reported = false;
    if (int code = write_outputs(variants[i], summary, output.value(), out + "/" + names[i], args.no_report,
                                 context, &reported);
        code != kExitOk) {
      return code;
    }
    if (!args.records.empty()) {
      if (int code = write_records(args.records + "/" + names[i], output->run, context); code != kExitOk) {
        return code;
      }
    }
    every_reported = every_reported && reported;
    summaries.emplace_back(names[i], RunFiles{std::move(summary), {}, {}});
  }
  *context.out << format_strategy_table(base.value(), summaries);
  // DIR/report.html: the comparison, as `hospsim report DIR` builds it from the files written above.
  bool compared = false;
  if (!args.no_report && embedded_report_scripts().complete()) {
    Result<std::string> html = render_strategy_report(summaries, every_reported, embedded_report_scripts());
    Status written = html.is_ok() ? write_report_file(out + "/report.html", html.value()) : html.status();
    if (!written.is_ok()) {
      *context.err << "hospsim run: " << out << "/report.html: " << written.message() << "\n";
      return exit_code_for(written);
    }
    compared = true;
  }
  if (!context.quiet) {
    *context.out << "\nwrote " << out << "/{" << fmt::format("{}", fmt::join(names, ","))
                 << "}/ (summary.json, "
                 << "timeline.csv, events.csv" << (every_reported && !args.no_report ? ", report.html" : "")
                 << ")" << (compared ? " and " + out + "/report.html (the comparison)" : std::string())
                 << "\n";
    if (!args.records.empty()) {
      *context.out << "wrote " << args.records << "/{" << fmt::format("{}", fmt::join(names, ","))
                   << "}/ (ed.csv, surgery.csv, outpatient.csv)\n";
    }
  }
  return kExitOk;
}

int run_scenario(const RunArguments& args, const CliContext& context) {
  if (args.strategy == "all") return run_every_strategy(args, context);
  std::vector<Problem> warnings;
  Result<Scenario> loaded = load_scenario_file(args.file, LoadOptions{args.strategy}, &warnings);
  if (!loaded.is_ok()) {
    for (const Problem& problem : loaded.status().problems()) *context.err << problem.format() << "\n";
    if (loaded.status().problems().empty()) *context.err << loaded.status().message() << "\n";
    return exit_code_for(loaded.status());
  }
  // Warnings of the scenario actually run (strategy merged in); --strict refuses to run with any.
  for (const Problem& warning : warnings) *context.err << warning.format() << "\n";
  if (args.strict && !warnings.empty()) {
    *context.err << args.file << ": " << warnings.size() << (warnings.size() == 1 ? " warning" : " warnings")
                 << " (--strict): not run\n";
    return kExitBadInput;
  }
  const Scenario& scenario = loaded.value();
  const std::uint64_t seed = args.seed.value_or(scenario.seed);
  std::string out = args.out;
  if (out.empty()) {
    out = "out/" + std::filesystem::path(args.file).stem().string();
    if (!args.strategy.empty()) out += "-" + args.strategy;
  }
  // Refuse an unusable output directory before simulating, so no results are computed only to be lost.
  if (int code = make_output_directory(out, context); code != kExitOk) return code;
  if (!args.records.empty()) {
    if (int code = make_output_directory(args.records, context); code != kExitOk) return code;
  }
  const bool parallel = !args.sequential && std::thread::hardware_concurrency() >= 2;
  spdlog::get("hospsim")->info("running {} (seed {}{})", scenario.name, seed,
                               args.no_baseline ? ", no baseline" : ", with paired baseline");
  Result<PairedOutput> output = run_with_baseline(scenario, seed, !args.no_baseline, parallel,
                                                  it_model_of(args), !args.records.empty());
  if (!output.is_ok()) {
    *context.err << "hospsim run: " << output.status().message() << "\n";
    return exit_code_for(output.status());
  }
  // The files, all or none (report.html included unless --no-report).
  const RunSummary summary = run_summary(scenario, seed, output.value());
  bool reported = false;
  if (int code = write_outputs(scenario, summary, output.value(), out, args.no_report, context, &reported);
      code != kExitOk) {
    return code;
  }
  if (!args.records.empty()) {
    if (int code = write_records(args.records, output->run, context); code != kExitOk) return code;
    if (!context.quiet) {
      *context.out << "wrote " << args.records << "/ed.csv, " << args.records << "/surgery.csv, "
                   << args.records << "/outpatient.csv\n";
    }
  }
  if (!args.stats.empty()) {
    Status stats = write_stats(args.stats, output.value());
    if (!stats.is_ok()) {
      *context.err << "hospsim run: " << stats.message() << "\n";
      return exit_code_for(stats);
    }
  }
  *context.out << format_run_table(scenario, seed, summary.metrics);
  if (const std::string shift = format_ed_shift_table(scenario, summary.metrics); !shift.empty()) {
    *context.out << "\n" << shift;
  }
  *context.out << "\n" << format_calibration_table(scenario, *summary.calibration);
  if (!context.quiet) {
    *context.out << "\nwrote " << out << "/summary.json, " << out << "/timeline.csv, " << out << "/events.csv"
                 << (reported ? ", " + out + "/report.html" : std::string()) << "\n";
  }
  spdlog::get("hospsim")->info(
      "simulated {} events in {:.2f} s (run) {}", output->run.events, output->run.wall_seconds,
      output->baseline ? fmt::format("and {:.2f} s (baseline)", output->baseline->wall_seconds)
                       : std::string());
  return kExitOk;
}

}  // namespace

void add_run_command(CLI::App& app, CliContext& context) {
  CLI::App* command =
      app.add_subcommand("run", "Run a scenario and its paired baseline; write summary, timeline, events");
  auto args = std::make_shared<RunArguments>();
  command->add_option("FILE", args->file, "Scenario file (JSON, format hospsim/1)")->required();
  command->add_option(
      "--strategy", args->strategy,
      "Merge this strategy of the scenario into it before running; `all`: run no strategy and "
      "each strategy (same seed, each with its baseline) and print one row per strategy");
  command->add_option("--seed", args->seed, "Seed of the random streams (default: the scenario's seed)")
      ->check(seed_check());
  command->add_option("--out", args->out, "Output directory (default: out/<scenario>[-<strategy>])");
  command->add_flag("--no-baseline", args->no_baseline, "Skip the paired baseline run (no deltas)");
  command->add_flag("--sequential", args->sequential, "Run the baseline after the scenario, not beside it");
  command->add_flag("--no-report", args->no_report,
                    "Do not write DIR/report.html (the HTML report with charts)");
  command->add_flag("--strict", args->strict,
                    "Refuse (exit 2, nothing run) a scenario with any warning: an input that cannot have an "
                    "effect, or a deprecated key");
  command->add_option("--records", args->records,
                      "Also write the run's patient-level records to this folder: ed.csv (one row per ED "
                      "patient), surgery.csv (per elective case event), outpatient.csv (per visit); with "
                      "--strategy all, one subfolder per strategy");
  command
      ->add_option("--it-model", args->it_model,
                   "elided (default): requests on paths where nothing can fail are accounted, not "
                   "simulated; full: simulate every IT request (the reference; same outcomes, slower)")
      ->check(CLI::IsMember({"elided", "full"}));
  command->add_option("--stats", args->stats,
                      "Write the cost of each simulation process (wall and CPU seconds, model events, IT "
                      "requests, peak RSS in KiB) as JSON to this file");
  command->callback(
      [args, &context] { context.action = [args, &context] { return run_scenario(*args, context); }; });
}

}  // namespace hospsim
