#include "batch/shard.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <queue>
#include <utility>

#include <fmt/format.h>

#include "scenario/units.h"

namespace hospsim::batch {

namespace {

// A non-negative decimal integer (digits only, no sign, no spaces) that fits in a long long.
bool parse_count(std::string_view text, long long* value) {
  if (text.empty() || text.size() > 18) return false;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

// The simulated seconds of a scenario's duration member ("horizon", "warmup"), 0 when absent or unreadable.
double duration_of(const nlohmann::ordered_json& scenario, const char* key) {
  if (!scenario.is_object() || !scenario.contains(key) || !scenario.at(key).is_string()) return 0.0;
  Result<Seconds> seconds = units::parse_duration(scenario.at(key).get<std::string>());
  return seconds.is_ok() ? seconds.value() : 0.0;
}

}  // namespace

std::string Shard::text() const { return fmt::format("{}/{}", index, count); }

Result<Shard> parse_shard(std::string_view text) {
  auto invalid = [text] {
    return Status::invalid_argument(fmt::format(
        "--shard \"{}\": expected K/N with 0 <= K < N <= {} (shards are numbered from 0), e.g. 0/4",
        text.substr(0, 40), kMaxShards));
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return invalid();
  long long index = 0;
  long long count = 0;
  if (!parse_count(text.substr(0, slash), &index) || !parse_count(text.substr(slash + 1), &count)) {
    return invalid();
  }
  if (count < 1 || count > kMaxShards || index >= count) return invalid();
  return Shard{static_cast<int>(index), static_cast<int>(count)};
}

Result<Shard> shard_from_environment(const std::function<const char*(const char*)>& lookup) {
  auto value_of = [&lookup](const char* name) -> std::string_view {
    const char* value = lookup(name);
    return value == nullptr ? std::string_view() : std::string_view(value);
  };
  // The integer in variable `name`; `fallback` when unset and fallback >= 0, an error otherwise.
  auto number = [&value_of](const char* name, long long fallback) -> Result<long long> {
    const std::string_view text = value_of(name);
    if (text.empty() && fallback >= 0) return fallback;
    long long value = 0;
    if (text.empty()) {
      return Status::invalid_argument(fmt::format("--shard auto: {} is not set", name));
    }
    if (!parse_count(text, &value)) {
      return Status::invalid_argument(
          fmt::format("--shard auto: {}=\"{}\" is not a non-negative integer", name, text.substr(0, 40)));
    }
    return value;
  };
  auto shard_of = [](long long index, long long count, const std::string& what) -> Result<Shard> {
    if (count < 1 || count > kMaxShards || index < 0 || index >= count) {
      return Status::invalid_argument(
          fmt::format("--shard auto: {} gives shard {}/{}, not one of 0/{} .. {}/{}{}", what, index, count,
                      count, count > 0 ? count - 1 : 0, count,
                      count > kMaxShards ? fmt::format(" (at most {} shards)", kMaxShards) : std::string()));
    }
    return Shard{static_cast<int>(index), static_cast<int>(count)};
  };

  if (!value_of("SLURM_ARRAY_TASK_ID").empty()) {
    long long values[4] = {0, 0, 0, 0};  // id, count, min, step
    const std::pair<const char*, long long> variables[4] = {{"SLURM_ARRAY_TASK_ID", -1},
                                                            {"SLURM_ARRAY_TASK_COUNT", -1},
                                                            {"SLURM_ARRAY_TASK_MIN", 0},
                                                            {"SLURM_ARRAY_TASK_STEP", 1}};
    for (int i = 0; i < 4; ++i) {
      Result<long long> value = number(variables[i].first, variables[i].second);
      if (!value.is_ok()) return value.status();
      values[i] = value.value();
    }
    const auto [id, count, minimum, step] = values;
    const std::string what = fmt::format(
        "SLURM_ARRAY_TASK_ID={} with SLURM_ARRAY_TASK_MIN={}, SLURM_ARRAY_TASK_STEP={}, "
        "SLURM_ARRAY_TASK_COUNT={}",
        id, minimum, step, count);
    if (step < 1 || id < minimum || (id - minimum) % step != 0) {
      return Status::invalid_argument(
          "--shard auto: " + what + " is not a task of a range MIN-MAX[:STEP] (write --array as one range)");
    }
    return shard_of((id - minimum) / step, count, what);
  }
  if (!value_of("JOB_COMPLETION_INDEX").empty()) {
    Result<long long> index = number("JOB_COMPLETION_INDEX", -1);
    if (!index.is_ok()) return index.status();
    if (value_of("HOSPSIM_SHARD_COUNT").empty()) {
      return Status::invalid_argument(
          "--shard auto: JOB_COMPLETION_INDEX is set but HOSPSIM_SHARD_COUNT is not: set it to the indexed "
          "job's completions in the pod template (Kubernetes does not export that number)");
    }
    Result<long long> count = number("HOSPSIM_SHARD_COUNT", -1);
    if (!count.is_ok()) return count.status();
    return shard_of(
        index.value(), count.value(),
        fmt::format("JOB_COMPLETION_INDEX={} with HOSPSIM_SHARD_COUNT={}", index.value(), count.value()));
  }
  return Status::invalid_argument(
      "--shard auto: no array task in the environment: expected SLURM_ARRAY_TASK_ID and "
      "SLURM_ARRAY_TASK_COUNT (a Slurm job array) or JOB_COMPLETION_INDEX and HOSPSIM_SHARD_COUNT (a "
      "Kubernetes indexed job); elsewhere give --shard K/N");
}

std::vector<std::uint64_t> run_costs(const Sweep& sweep, const std::vector<PlannedRun>& plan) {
  std::vector<std::uint64_t> per_configuration(sweep.configurations.size(), 1);
  for (std::size_t c = 0; c < sweep.configurations.size(); ++c) {
    Result<nlohmann::ordered_json> scenario = sweep.scenario_of(c);
    if (!scenario.is_ok() || !scenario->is_object()) continue;
    const nlohmann::ordered_json& json = scenario.value();
    const std::uint64_t hospitals =
        json.contains("hospitals") && json.at("hospitals").is_object() ? json.at("hospitals").size() : 0;
    // Whole seconds: durations are at most a year each, so the product stays far below 2^64.
    const auto seconds =
        static_cast<std::uint64_t>(std::llround(duration_of(json, "horizon") + duration_of(json, "warmup")));
    per_configuration[c] = std::max<std::uint64_t>(1, hospitals * seconds);
  }
  std::vector<std::uint64_t> costs;
  costs.reserve(plan.size());
  for (const PlannedRun& run : plan) costs.push_back(per_configuration.at(run.configuration));
  return costs;
}

std::vector<int> assign_shards(const std::vector<std::uint64_t>& costs, int count) {
  std::vector<int> shard_of(costs.size(), 0);
  if (count <= 1) return shard_of;
  std::vector<std::size_t> order(costs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&costs](std::size_t a, std::size_t b) { return costs[a] > costs[b]; });
  // The least loaded shard first; among equal loads the lowest number.
  using Load = std::pair<std::uint64_t, int>;
  std::priority_queue<Load, std::vector<Load>, std::greater<Load>> loads;
  for (int shard = 0; shard < count; ++shard) loads.push({0, shard});
  for (const std::size_t run : order) {
    Load lightest = loads.top();
    loads.pop();
    shard_of[run] = lightest.second;
    lightest.first += costs[run];
    loads.push(lightest);
  }
  return shard_of;
}

std::vector<PlannedRun> runs_of_shard(const Sweep& sweep, const std::vector<PlannedRun>& plan, Shard shard) {
  const std::vector<int> shard_of = assign_shards(run_costs(sweep, plan), shard.count);
  std::vector<PlannedRun> runs;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (shard_of[i] == shard.index) runs.push_back(plan[i]);
  }
  return runs;
}

}  // namespace hospsim::batch

namespace hospsim::batch {

Status claim_shard(Store& store, const std::string& db_path, const std::optional<Shard>& shard,
                   bool created) {
  Result<std::string> stored = store.metadata_value("shard");
  if (!stored.is_ok()) return stored.status();
  const std::string wanted = shard ? shard->text() : std::string();
  if (created && stored->empty()) {
    return shard ? store.set_metadata_value("shard", wanted) : Status::ok();
  }
  if (stored.value() == wanted) return Status::ok();
  if (stored->empty()) {
    return Status::failed_precondition("'" + db_path + "' holds the whole sweep, not shard " + wanted +
                                       ": resume it without --shard, or choose another --db");
  }
  if (!shard) {
    return Status::failed_precondition("'" + db_path + "' holds shard " + stored.value() +
                                       " of the sweep: resume it with --shard " + stored.value() +
                                       ", or choose another --db (hospsim merge joins the shards)");
  }
  return Status::failed_precondition("'" + db_path + "' holds shard " + stored.value() +
                                     " of the sweep, not " + wanted + ": resume it with --shard " +
                                     stored.value() + ", or choose another --db");
}

}  // namespace hospsim::batch
