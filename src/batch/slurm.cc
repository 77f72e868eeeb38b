#include "batch/slurm.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <regex>

#include <fmt/format.h>

#include "batch/shard.h"
#include "batch/store.h"

extern char** environ;

namespace hospsim::batch {

namespace {

// `text` in single quotes for bash ('\'' for a quote inside).
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string stem_of(const SlurmOptions& options) {
  return std::filesystem::path(options.sweep_path).stem().string();
}

// The #SBATCH lines both jobs share: partition and time limit when given.
std::string common_directives(const SlurmOptions& options) {
  std::string text;
  if (!options.partition.empty()) text += "#SBATCH --partition=" + options.partition + "\n";
  if (!options.time_limit.empty()) text += "#SBATCH --time=" + options.time_limit + "\n";
  return text;
}

}  // namespace

Status validate_slurm_options(const SlurmOptions& options, std::size_t runs) {
  const std::size_t most = std::min<std::size_t>(runs, kMaxShards);
  if (options.tasks < 1 || static_cast<std::size_t>(options.tasks) > most) {
    return Status::invalid_argument(
        fmt::format("--tasks {}: must be from 1 to {} (the sweep has {} runs; a task runs at least one)",
                    options.tasks, most, runs));
  }
  if (options.cpus_per_task < 1 || options.cpus_per_task > 4096) {
    return Status::invalid_argument(
        fmt::format("--cpus-per-task {}: must be from 1 to 4096", options.cpus_per_task));
  }
  static const std::regex partition("[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*");
  if (!options.partition.empty() && !std::regex_match(options.partition, partition)) {
    return Status::invalid_argument("--partition \"" + options.partition.substr(0, 60) +
                                    "\": expected a Slurm partition name (letters, digits, '_', '-', '.'; "
                                    "several separated by ',')");
  }
  static const std::regex time(
      "([0-9]+(:[0-9]{1,2}){0,2})|([0-9]+-[0-9]+(:[0-9]{1,2}){0,2})|[Uu][Nn][Ll][Ii][Mm][Ii][Tt][Ee][Dd]|"
      "[Ii][Nn][Ff][Ii][Nn][Ii][Tt][Ee]");
  if (!options.time_limit.empty() && !std::regex_match(options.time_limit, time)) {
    return Status::invalid_argument("--time \"" + options.time_limit.substr(0, 60) +
                                    "\": expected a Slurm time limit: MINUTES, MINUTES:SECONDS, "
                                    "HOURS:MINUTES:SECONDS, DAYS-HOURS, DAYS-HOURS:MINUTES, "
                                    "DAYS-HOURS:MINUTES:SECONDS or UNLIMITED");
  }
  const auto bad = std::find_if(options.out_dir.begin(), options.out_dir.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) || std::strchr("%\"'\\$`", c) != nullptr;
  });
  if (bad != options.out_dir.end()) {
    return Status::invalid_argument(
        "--out \"" + options.out_dir + "\": the folder's path must not hold white " +
        "space or any of % \" ' \\ $ ` (Slurm's #SBATCH lines take it as written)");
  }
  return Status::ok();
}

std::string merged_database_path(const SlurmOptions& options) {
  return (std::filesystem::path(options.out_dir) / (stem_of(options) + ".db")).string();
}

std::string shard_database_path(const SlurmOptions& options, int shard) {
  return (std::filesystem::path(options.out_dir) / fmt::format("shard-{}.db", shard)).string();
}

std::string array_job_script(const Sweep& sweep, const SlurmOptions& options) {
  const std::filesystem::path dir(options.out_dir);
  std::string text = "#!/bin/bash\n";
  text += fmt::format(
      "# hospsim sweep '{}' as a Slurm job array: {} tasks, task K runs shard K/{} of the sweep's {} runs\n"
      "# into {}/shard-K.db (docs/cluster.md). Written by `hospsim slurm`; submitting it again resumes\n"
      "# every task's database (runs recorded as failed, crashed or timed out run again).\n",
      sweep.name, options.tasks, options.tasks, plan_runs(sweep).size(), options.out_dir);
  text += "#SBATCH --job-name=hospsim-" + sweep.name + "\n";
  text += fmt::format("#SBATCH --array=0-{}\n", options.tasks - 1);
  text += "#SBATCH --ntasks=1\n";
  text += fmt::format("#SBATCH --cpus-per-task={}\n", options.cpus_per_task);
  text += "#SBATCH --output=" + (dir / "logs" / "shard-%a.out").string() + "\n";
  text += common_directives(options);
  text += "set -euo pipefail\n";
  text += fmt::format(
      "exec {} batch {} --shard auto --db \"{}/shard-${{SLURM_ARRAY_TASK_ID}}.db\" --retry-failed -j {}\n",
      quoted(options.hospsim_path), quoted(options.sweep_path), options.out_dir, options.cpus_per_task);
  return text;
}

std::string merge_job_script(const Sweep& sweep, const SlurmOptions& options) {
  const std::filesystem::path dir(options.out_dir);
  const std::string merged = merged_database_path(options);
  const std::string partial = (dir / ("." + stem_of(options) + ".db.new")).string();
  std::string text = "#!/bin/bash\n";
  text += fmt::format(
      "# Merges the {} shard databases of hospsim sweep '{}' into {} once every task of\n"
      "# the array job has succeeded (submitted with --dependency=afterok). Written by `hospsim slurm`.\n",
      options.tasks, sweep.name, merged);
  text += "#SBATCH --job-name=hospsim-" + sweep.name + "-merge\n";
  text += "#SBATCH --ntasks=1\n";
  text += "#SBATCH --cpus-per-task=1\n";
  text += "#SBATCH --output=" + (dir / "logs" / "merge.out").string() + "\n";
  text += common_directives(options);
  text += "set -euo pipefail\n";
  text += "rm -f " + quoted(partial) + "\n";
  text += quoted(options.hospsim_path) + " merge " + quoted(partial);
  for (int shard = 0; shard < options.tasks; ++shard) {
    text += (shard % 4 == 0 ? " \\\n  " : " ") + quoted(shard_database_path(options, shard));
  }
  text += "\n";
  text += "mv -f " + quoted(partial) + " " + quoted(merged) + "\n";
  text += "echo \"merged into " + merged + "\"\n";
  return text;
}

Result<int> check_existing_shards(const Sweep& sweep, const SlurmOptions& options) {
  const std::string fingerprint = sweep.fingerprint();
  int recorded = 0;
  for (int shard = 0; shard < options.tasks; ++shard) {
    const std::string path = shard_database_path(options, shard);
    std::error_code error;
    if (!std::filesystem::exists(path, error)) continue;
    Result<Store> store = Store::open(path, Store::Mode::kRead);
    if (!store.is_ok()) return store.status();
    Result<std::string> stored = store->fingerprint();
    if (!stored.is_ok()) return Status::invalid_argument(path + ": " + stored.status().message());
    if (stored->empty()) continue;  // created, nothing written yet: the task initializes it
    if (stored.value() != fingerprint) {
      return Status::invalid_argument(path + " holds another sweep (fingerprint " + stored.value() +
                                      ", this sweep " + fingerprint + "): use another --out");
    }
    Result<std::string> held = store->metadata_value("shard");
    if (!held.is_ok()) return Status::invalid_argument(path + ": " + held.status().message());
    const std::string wanted = Shard{shard, options.tasks}.text();
    if (held.value() != wanted) {
      return Status::invalid_argument(
          path + " holds " + (held->empty() ? "the whole sweep" : "shard " + held.value()) + ", not " +
          wanted + ": submit with the --tasks it was written with, or use another --out");
    }
    Result<std::set<int>> ids = store->recorded_run_ids();
    if (!ids.is_ok()) return Status::invalid_argument(path + ": " + ids.status().message());
    recorded += static_cast<int>(ids->size());
  }
  return recorded;
}

Result<std::string> submit_batch_script(const std::string& script, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"sbatch", "--parsable"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back(script);
  std::vector<char*> pointers;
  for (std::string& arg : argv) pointers.push_back(arg.data());
  pointers.push_back(nullptr);

  int pipe_ends[2];
  if (::pipe(pipe_ends) != 0) return Status::internal(std::string("pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, pipe_ends[0]);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_ends[1]);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, "sbatch", &actions, nullptr, pointers.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_ends[1]);
  if (spawned != 0) {
    ::close(pipe_ends[0]);
    if (spawned == ENOENT) {
      return Status::not_found(
          "sbatch: not found in PATH (submit from a Slurm login node, or load Slurm's module)");
    }
    return Status::internal(std::string("cannot run sbatch: ") + std::strerror(spawned));
  }
  std::string output;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(pipe_ends[0], buffer, sizeof buffer);
    if (n > 0) {
      output.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(pipe_ends[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Status::internal(fmt::format("sbatch {} failed ({}): {}", script,
                                        WIFEXITED(status) ? fmt::format("exit status {}", WEXITSTATUS(status))
                                                          : fmt::format("signal {}", WTERMSIG(status)),
                                        output));
  }
  // The id is the last line ("ID" or "ID;CLUSTER"); warnings may come before it.
  const std::size_t line = output.rfind('\n');
  std::string id = output.substr(line == std::string::npos ? 0 : line + 1);
  id = id.substr(0, id.find(';'));
  if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Status::internal("sbatch " + script + " printed no job id: " + output);
  }
  return id;
}

}  // namespace hospsim::batch
