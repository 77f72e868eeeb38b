#include "batch/merge.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "batch/store.h"

namespace hospsim::batch {

namespace {

std::string number_text(const std::optional<double>& value) {
  return value ? fmt::format("{}", *value) : std::string("null");
}

// The first difference between two records of the same run, wall_seconds aside; "" when they are identical.
// `a` and `b` name their files.
std::string difference(const RunRecord& first, const std::string& a, const RunRecord& second,
                       const std::string& b) {
  auto differs = [&](const std::string& what, const std::string& x, const std::string& y) {
    return fmt::format("{} is {} in {} and {} in {}", what, x, a, y, b);
  };
  if (first.configuration != second.configuration) {
    return differs("the configuration", "'" + first.configuration + "'", "'" + second.configuration + "'");
  }
  if (first.strategy != second.strategy) {
    return differs("the strategy", "'" + first.strategy + "'", "'" + second.strategy + "'");
  }
  if (first.replication != second.replication) {
    return differs("the replication", std::to_string(first.replication), std::to_string(second.replication));
  }
  if (first.seed != second.seed) {
    return differs("the seed", std::to_string(first.seed), std::to_string(second.seed));
  }
  if (first.status != second.status) {
    return differs("the status", run_status_name(first.status), run_status_name(second.status));
  }
  if (first.error != second.error) return fmt::format("the error text differs between {} and {}", a, b);
  const std::size_t common = std::min(first.metrics.size(), second.metrics.size());
  for (std::size_t i = 0; i < common; ++i) {
    const MetricValue& x = first.metrics[i];
    const MetricValue& y = second.metrics[i];
    if (x.scope != y.scope || x.metric != y.metric) {
      return fmt::format("the metrics differ: {} has {}:{} where {} has {}:{}", a, x.scope, x.metric, b,
                         y.scope, y.metric);
    }
    const std::string name = x.scope + ":" + x.metric;
    if (x.value != y.value) return differs(name, number_text(x.value), number_text(y.value));
    if (x.baseline != y.baseline) {
      return differs(name + " (baseline)", number_text(x.baseline), number_text(y.baseline));
    }
    if (x.delta != y.delta) return differs(name + " (delta)", number_text(x.delta), number_text(y.delta));
  }
  if (first.metrics.size() != second.metrics.size()) {
    return fmt::format("{} has {} metrics and {} has {}", a, first.metrics.size(), b, second.metrics.size());
  }
  return "";
}

// Removes a database file and its SQLite companions.
void remove_database(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + suffix, ignored);
}

// The shards of N that no input is, when every input is a shard of the same N ("K/N" in increasing K).
std::vector<std::string> absent_shards(const std::vector<BatchData>& data) {
  std::set<int> present;
  int count = 0;
  for (const BatchData& input : data) {
    const auto found = input.metadata.find("shard");
    if (found == input.metadata.end()) return {};
    int index = 0;
    int of = 0;
    if (std::sscanf(found->second.c_str(), "%d/%d", &index, &of) != 2 || of < 1 ||
        (count != 0 && of != count)) {
      return {};
    }
    count = of;
    present.insert(index);
  }
  std::vector<std::string> absent;
  for (int index = 0; index < count; ++index) {
    if (present.count(index) == 0) absent.push_back(fmt::format("{}/{}", index, count));
  }
  return absent;
}

// The runs found in the inputs: id -> the first record of it and the index of the input it came from.
using RunsById = std::map<int, std::pair<const RunRecord*, std::size_t>>;

// Every input, read whole (read_batch_database: its failures name the input).
Result<std::vector<BatchData>> read_inputs(const std::vector<std::string>& inputs) {
  std::vector<BatchData> data;
  data.reserve(inputs.size());
  for (const std::string& input : inputs) {
    Result<BatchData> read = read_batch_database(input);
    if (!read.is_ok()) return read.status();
    data.push_back(std::move(read.value()));
  }
  return data;
}

// Fails unless every input holds the same sweep (the same fingerprint); the message names the files of each.
Status check_one_sweep(std::vector<BatchData>& data, const std::vector<std::string>& inputs) {
  std::map<std::string, std::vector<std::size_t>> by_fingerprint;  // fingerprint -> inputs, in input order
  std::vector<std::string> fingerprints;                           // in order of first appearance
  for (std::size_t i = 0; i < data.size(); ++i) {
    const std::string& fingerprint = data[i].metadata["fingerprint"];
    if (by_fingerprint.count(fingerprint) == 0) fingerprints.push_back(fingerprint);
    by_fingerprint[fingerprint].push_back(i);
  }
  if (fingerprints.size() <= 1) return Status::ok();
  std::string message = "the inputs hold different sweeps:";
  for (std::size_t f = 0; f < fingerprints.size(); ++f) {
    const std::vector<std::size_t>& members = by_fingerprint[fingerprints[f]];
    std::string files;
    for (std::size_t member : members) files += (files.empty() ? "" : ", ") + inputs[member];
    message += fmt::format("{} {} {} sweep '{}' (fingerprint {})", f == 0 ? "" : ";", files,
                           members.size() == 1 ? "holds" : "hold", data[members[0]].metadata["sweep_name"],
                           fingerprints[f]);
  }
  return Status::invalid_argument(message + "; merge the databases of one sweep only");
}

// The number of planned runs of the sweep `first` holds: configurations x strategies x replications
// (PlannedRun ids 1 .. that number). `file` names it in the failure (no valid "replications").
Result<long long> planned_run_count(const BatchData& first, const std::string& file) {
  long long replications = 0;
  const std::string& replications_text =
      first.metadata.count("replications") > 0 ? first.metadata.at("replications") : std::string();
  const auto [end, parse_error] = std::from_chars(
      replications_text.data(), replications_text.data() + replications_text.size(), replications);
  if (parse_error != std::errc() || end != replications_text.data() + replications_text.size() ||
      replications < 1) {
    return Status::invalid_argument(file + ": the batch table has no valid 'replications'");
  }
  return static_cast<long long>(first.configurations.size()) *
         static_cast<long long>(first.strategies.size()) * replications;
}

// The union of the inputs' runs, counting identical copies in outcome.duplicates. Fails on a run id outside
// 1 .. total and on a run with different results in two inputs (naming both and the first difference).
Result<RunsById> union_of_runs(const std::vector<BatchData>& data, const std::vector<std::string>& inputs,
                               long long total, MergeOutcome& outcome) {
  const BatchData& first = data.front();
  const std::string sweep_name =
      first.metadata.count("sweep_name") > 0 ? first.metadata.at("sweep_name") : std::string("?");
  RunsById runs;
  for (std::size_t i = 0; i < data.size(); ++i) {
    for (const RunRecord& run : data[i].runs) {
      if (run.id < 1 || run.id > total) {
        return Status::invalid_argument(fmt::format("{}: run {} is not a run of sweep '{}' (ids 1 to {})",
                                                    inputs[i], run.id, sweep_name, total));
      }
      const auto [found, inserted] = runs.emplace(run.id, std::make_pair(&run, i));
      if (inserted) continue;
      const std::string why = difference(*found->second.first, inputs[found->second.second], run, inputs[i]);
      if (!why.empty()) {
        return Status::invalid_argument(fmt::format(
            "run {} (configuration '{}', strategy '{}', replication {}) has different results in {} and {}: "
            "{}",
            run.id, run.configuration, run.strategy, run.replication, inputs[found->second.second], inputs[i],
            why));
      }
      ++outcome.duplicates;
    }
  }
  return runs;
}

// Writes `runs` with the sweep of `source` (Store::initialize_from) to a temporary database beside
// `output`, then renames it to `output`; on failure nothing is left behind.
Status write_merged(const std::string& output, const std::string& source, const RunsById& runs) {
  const std::filesystem::path target(output);
  const std::string temporary =
      (target.parent_path() / ("." + target.filename().string() + ".merging-" + std::to_string(::getpid())))
          .string();
  remove_database(temporary);
  Status written = [&]() -> Status {
    Result<Store> store = Store::open(temporary, Store::Mode::kCreate);
    if (!store.is_ok()) {
      return Status::invalid_argument("cannot write '" + output + "': " + store.status().message());
    }
    if (Status status = store->initialize_from(source); !status.is_ok()) return status;
    for (const auto& [id, entry] : runs) {
      if (Status status = store->record(*entry.first); !status.is_ok()) return status;
    }
    return Status::ok();
  }();  // the store is closed here: its write-ahead log is checkpointed into the file
  if (!written.is_ok()) {
    remove_database(temporary);
    return written;
  }
  std::error_code error;
  std::filesystem::rename(temporary, output, error);
  if (error) {
    remove_database(temporary);
    return Status::invalid_argument("cannot write '" + output + "': " + error.message());
  }
  return Status::ok();
}

}  // namespace

std::string format_run_ids(const std::vector<int>& ids) {
  std::string text;
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
    if (!text.empty()) text += ", ";
    text += j == i ? std::to_string(ids[i]) : fmt::format("{}-{}", ids[i], ids[j]);
    i = j + 1;
  }
  return text;
}

Result<MergeOutcome> merge_databases(const std::string& output, const std::vector<std::string>& inputs,
                                     bool allow_partial) {
  std::error_code error;
  if (std::filesystem::exists(output, error) || std::filesystem::is_symlink(output, error)) {
    return Status::invalid_argument("'" + output + "' already exists: choose another output file");
  }
  Result<std::vector<BatchData>> data = read_inputs(inputs);
  if (!data.is_ok()) return data.status();
  if (Status status = check_one_sweep(data.value(), inputs); !status.is_ok()) return status;
  Result<long long> total = planned_run_count(data->front(), inputs.front());
  if (!total.is_ok()) return total.status();

  MergeOutcome outcome;
  outcome.total = static_cast<int>(total.value());
  Result<RunsById> runs = union_of_runs(data.value(), inputs, total.value(), outcome);
  if (!runs.is_ok()) return runs.status();
  outcome.merged = static_cast<int>(runs->size());
  for (long long id = 1; id <= total.value(); ++id) {
    if (runs->count(static_cast<int>(id)) == 0) outcome.missing.push_back(static_cast<int>(id));
  }
  outcome.absent_shards = absent_shards(data.value());
  if (!outcome.missing.empty() && !allow_partial) return outcome;

  if (Status status = write_merged(output, inputs.front(), runs.value()); !status.is_ok()) return status;
  outcome.written = true;
  return outcome;
}

}  // namespace hospsim::batch
