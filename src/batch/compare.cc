#include "batch/compare.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "metrics/metric_table.h"
#include "scenario/json_reader.h"

namespace hospsim::batch {

namespace {

constexpr const char* kNoStrategyName = "none";

// Fixed two decimals; never "-0.00".
std::string fixed(double value, bool sign = false) {
  if (std::isnan(value)) return "-";
  std::string text = sign ? fmt::format("{:+.2f}", value) : fmt::format("{:.2f}", value);
  if (text == "-0.00" || text == "+0.00") text = "0.00";
  return text;
}

std::string interval(const MeanInterval& estimate) {
  if (std::isnan(estimate.half_width)) return "-";
  return "[" + fixed(estimate.low()) + ", " + fixed(estimate.high()) + "]";
}

std::string exact(double value) {
  if (std::isnan(value)) return "";
  std::string text = fmt::format("{:.10g}", value);
  if (text == "-0") text = "0";
  return text;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string count_or_dash(long long value) { return value < 0 ? "-" : std::to_string(value); }

std::string half_width_text(double half_width) { return fmt::format("{:g}", half_width); }

// The header line of the whole comparison.
std::string preamble(const Comparison& comparison) {
  std::string text = "Sweep " + comparison.sweep_name + ": " + std::to_string(comparison.runs) + " runs, " +
                     std::to_string(comparison.failed_runs) + " not ok (left out). ";
  text += fmt::format("{:g}", comparison.confidence * 100) +
          "% confidence intervals (Student t); differences are strategy minus '" + comparison.baseline +
          "', ";
  text += comparison.paired ? "paired by replication (common random numbers)."
                            : "Welch intervals (independent seeds).";
  return text;
}

struct Table {
  std::vector<std::string> header;
  std::vector<bool> right;  // right-aligned columns
  std::vector<std::vector<std::string>> rows;
};

Table make_table(const Comparison& comparison, const MetricComparison& metric) {
  Table table;
  const bool show_failed = comparison.failed_runs > 0;
  const std::string h = half_width_text(comparison.half_width);
  table.header = {"configuration",
                  "strategy",
                  "n",
                  "mean",
                  "sd",
                  "95% CI",
                  "vs " + comparison.baseline,
                  comparison.paired ? "95% CI (paired)" : "95% CI (Welch)",
                  "rank"};
  table.right = {false, false, true, true, true, false, true, false, true};
  if (show_failed) {
    table.header.insert(table.header.begin() + 3, "failed");
    table.right.insert(table.right.begin() + 3, true);
  }
  if (comparison.half_width > 0) {
    table.header.push_back("n for ±" + h);
    table.header.push_back("diff n for ±" + h);
    table.right.push_back(true);
    table.right.push_back(true);
  }
  for (const ComparisonRow& row : metric.rows) {
    std::vector<std::string> cells = {
        row.configuration,        row.strategy,           std::to_string(row.estimate.n),
        fixed(row.estimate.mean), fixed(row.estimate.sd), interval(row.estimate)};
    if (row.difference.has_value()) {
      cells.push_back(fixed(row.difference->mean, true));
      cells.push_back(interval(*row.difference));
    } else {
      cells.push_back(row.is_baseline ? "(baseline)" : "-");
      cells.push_back("-");
    }
    cells.push_back(row.rank > 0 ? std::to_string(row.rank) : "-");
    if (show_failed) cells.insert(cells.begin() + 3, std::to_string(row.failed_runs));
    if (comparison.half_width > 0) {
      cells.push_back(count_or_dash(row.replications_needed));
      cells.push_back(count_or_dash(row.difference_replications_needed));
    }
    table.rows.push_back(std::move(cells));
  }
  return table;
}

// Display width in characters (the "±" is two bytes in UTF-8).
std::size_t width_of(const std::string& text) {
  std::size_t width = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++width;
  }
  return width;
}

std::string pad(const std::string& text, std::size_t width, bool right) {
  const std::size_t have = width_of(text);
  const std::string fill(width > have ? width - have : 0, ' ');
  return right ? fill + text : text + fill;
}

}  // namespace

std::string MetricRef::label() const { return scope + ":" + metric; }

Result<MetricRef> parse_metric(const std::string& text) {
  const std::size_t colon = text.find(':');
  MetricRef ref;
  if (colon == std::string::npos) {
    ref.metric = text;
  } else {
    ref.scope = text.substr(0, colon);
    ref.metric = text.substr(colon + 1);
  }
  if (ref.scope.empty() || ref.metric.empty() || ref.metric.find(':') != std::string::npos) {
    return Status::invalid_argument("--metric \"" + text + "\": expected METRIC or HOSPITAL:METRIC");
  }
  return ref;
}

std::vector<MetricRef> default_metrics() {
  std::vector<MetricRef> out;
  for (MetricId id : {MetricId::kSurgeriesCancelled, MetricId::kOutpatientCancelled, MetricId::kEdArrivals,
                      MetricId::kEdWaitP90Min, MetricId::kEdLwbs}) {
    out.push_back({"region", std::string(metric_info(id).name)});
  }
  return out;
}

Direction direction_of(const std::string& metric) {
  const MetricInfo* info = find_metric(metric);
  return info != nullptr && info->better == Better::kHigher ? Direction::kHigherIsBetter
                                                            : Direction::kLowerIsBetter;
}

const char* direction_text(Direction direction) {
  return direction == Direction::kHigherIsBetter ? "higher is better" : "lower is better";
}

namespace {

// The strategy the others are compared with: options.baseline, else "none" when the batch has it, else its
// first strategy.
Result<std::string> baseline_strategy(const BatchData& data, const CompareOptions& options) {
  if (data.strategies.empty()) return Status::failed_precondition("the batch has no strategies");
  const auto has = [&data](const std::string& strategy) {
    return std::find(data.strategies.begin(), data.strategies.end(), strategy) != data.strategies.end();
  };
  if (options.baseline.empty())
    return std::string(has(kNoStrategyName) ? kNoStrategyName : data.strategies.front());
  if (!has(options.baseline)) {
    return Status::not_found("baseline strategy '" + options.baseline +
                             "' is not in the batch; its strategies are " +
                             fmt::format("{}", fmt::join(data.strategies, ", ")));
  }
  return options.baseline;
}

// The batch's runs indexed for comparison.
using Cell = std::pair<std::string, std::string>;  // (configuration, strategy)
using Replications = std::map<int, double>;        // replication -> value
struct RunIndex {
  std::map<std::pair<std::string, std::string>, std::map<Cell, Replications>>
      values;                                                     // (scope, metric) -> ...
  std::map<Cell, int> failed;                                     // failed runs per cell
  std::map<std::string, std::set<std::string>> metrics_of_scope;  // metrics of successful runs
  int failed_runs = 0;
};

RunIndex index_runs(const BatchData& data) {
  RunIndex index;
  for (const RunRecord& run : data.runs) {
    const Cell cell{run.configuration, run.strategy};
    if (run.status != RunStatus::kOk) {
      ++index.failed[cell];
      ++index.failed_runs;
      continue;
    }
    for (const MetricValue& metric : run.metrics) {
      index.metrics_of_scope[metric.scope].insert(metric.metric);
      if (metric.value.has_value())
        index.values[{metric.scope, metric.metric}][cell][run.replication] = *metric.value;
    }
  }
  return index;
}

// Not found when the batch's successful runs have no such scope or metric (with the closest metric name).
Status check_metric(const MetricRef& ref, const RunIndex& index) {
  const auto scope = index.metrics_of_scope.find(ref.scope);
  if (scope == index.metrics_of_scope.end()) {
    std::vector<std::string> scopes;
    for (const auto& [known, unused] : index.metrics_of_scope) scopes.push_back(known);
    return Status::not_found("metric '" + ref.label() + "': the batch has no scope '" + ref.scope +
                             "'; its scopes are " + fmt::format("{}", fmt::join(scopes, ", ")));
  }
  if (scope->second.count(ref.metric) == 0) {
    return Status::not_found("metric '" + ref.label() + "' is not in the batch's results" +
                             loader::did_you_mean(ref.metric, std::vector<std::string>(scope->second.begin(),
                                                                                       scope->second.end())));
  }
  return Status::ok();
}

// The row of one strategy: its estimate and, unless it is the baseline, its difference from the baseline
// (paired by replication under common random numbers, else Welch), with the replications a half width needs.
ComparisonRow compare_row(const Replications& mine, const Replications& baseline, bool is_baseline,
                          bool paired, const CompareOptions& options) {
  ComparisonRow row;
  std::vector<double> sample;
  for (const auto& [replication, value] : mine) sample.push_back(value);
  row.estimate = summarize(sample, options.confidence);
  if (options.half_width > 0) {
    row.replications_needed =
        replications_for_half_width(row.estimate.sd, options.half_width, options.confidence);
  }
  if (is_baseline) return row;
  if (paired) {
    std::vector<double> a;
    std::vector<double> b;
    for (const auto& [replication, value] : mine) {
      const auto other = baseline.find(replication);
      if (other == baseline.end()) continue;
      a.push_back(value);
      b.push_back(other->second);
    }
    row.difference = paired_difference(a, b, options.confidence);
    if (options.half_width > 0) {
      row.difference_replications_needed =
          replications_for_half_width(row.difference->sd, options.half_width, options.confidence);
    }
  } else {
    std::vector<double> b;
    for (const auto& [replication, value] : baseline) b.push_back(value);
    row.difference = welch_difference(sample, b, options.confidence);
    if (options.half_width > 0) {
      const MeanInterval base = summarize(b, options.confidence);
      row.difference_replications_needed =
          replications_for_half_width(std::sqrt(row.estimate.sd * row.estimate.sd + base.sd * base.sd),
                                      options.half_width, options.confidence);
    }
  }
  return row;
}

// Ranks rows[first..] (one configuration's strategies) by mean in `direction`; competition ranking: equal
// means share a rank; rows without a value get none.
void rank(std::vector<ComparisonRow>& rows, std::size_t first, Direction direction) {
  for (std::size_t i = first; i < rows.size(); ++i) {
    ComparisonRow& row = rows[i];
    if (row.estimate.n == 0) continue;
    int better = 0;
    for (std::size_t j = first; j < rows.size(); ++j) {
      const ComparisonRow& other = rows[j];
      if (other.estimate.n == 0) continue;
      const bool is_better = direction == Direction::kLowerIsBetter ? other.estimate.mean < row.estimate.mean
                                                                    : other.estimate.mean > row.estimate.mean;
      if (is_better) ++better;
    }
    row.rank = better + 1;
  }
}

}  // namespace

Result<Comparison> compare(const BatchData& data, const CompareOptions& options) {
  Comparison comparison;
  comparison.confidence = options.confidence;
  comparison.half_width = options.half_width;
  comparison.paired = data.common_random_numbers;
  const auto name = data.metadata.find("sweep_name");
  comparison.sweep_name = name != data.metadata.end() ? name->second : "";
  comparison.runs = static_cast<int>(data.runs.size());
  Result<std::string> baseline = baseline_strategy(data, options);
  if (!baseline.is_ok()) return baseline.status();
  comparison.baseline = baseline.value();

  const RunIndex index = index_runs(data);
  comparison.failed_runs = index.failed_runs;
  if (index.metrics_of_scope.empty()) {
    return Status::failed_precondition("the batch has no successful run (" + std::to_string(comparison.runs) +
                                       " recorded)");
  }
  const std::vector<MetricRef> metrics = options.metrics.empty() ? default_metrics() : options.metrics;
  for (const MetricRef& ref : metrics) {
    if (Status known = check_metric(ref, index); !known.is_ok()) return known;
    MetricComparison result;
    result.metric = ref;
    result.direction = direction_of(ref.metric);
    static const std::map<Cell, Replications> kNoCells;
    static const Replications kEmpty;
    const auto values = index.values.find({ref.scope, ref.metric});
    const auto& cells = values == index.values.end() ? kNoCells : values->second;
    auto cell_values = [&cells](const std::string& configuration,
                                const std::string& strategy) -> const auto& {
      const auto found = cells.find({configuration, strategy});
      return found == cells.end() ? kEmpty : found->second;
    };
    for (const std::string& configuration : data.configurations) {
      const std::size_t first = result.rows.size();
      const Replications& base = cell_values(configuration, comparison.baseline);
      for (const std::string& strategy : data.strategies) {
        const bool is_baseline = strategy == comparison.baseline;
        ComparisonRow row =
            compare_row(cell_values(configuration, strategy), base, is_baseline, comparison.paired, options);
        row.configuration = configuration;
        row.strategy = strategy;
        row.is_baseline = is_baseline;
        const auto failed_count = index.failed.find({configuration, strategy});
        row.failed_runs = failed_count == index.failed.end() ? 0 : failed_count->second;
        result.rows.push_back(std::move(row));
      }
      rank(result.rows, first, result.direction);
    }
    comparison.metrics.push_back(std::move(result));
  }
  return comparison;
}

std::string format_table(const Comparison& comparison) {
  std::string out = preamble(comparison) + "\n";
  for (const MetricComparison& metric : comparison.metrics) {
    out += "\n" + metric.metric.label() + " (" + direction_text(metric.direction) + ")\n";
    const Table table = make_table(comparison, metric);
    std::vector<std::size_t> widths(table.header.size());
    for (std::size_t c = 0; c < table.header.size(); ++c) widths[c] = width_of(table.header[c]);
    for (const auto& row : table.rows) {
      for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width_of(row[c]));
    }
    auto line = [&](const std::vector<std::string>& cells) {
      std::string text;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        if (c > 0) text += "  ";
        text += pad(cells[c], widths[c], table.right[c]);
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      return text + "\n";
    };
    out += line(table.header);
    for (const auto& row : table.rows) out += line(row);
  }
  return out;
}

std::string format_markdown(const Comparison& comparison) {
  std::string out = preamble(comparison) + "\n";
  for (const MetricComparison& metric : comparison.metrics) {
    out += "\n### " + metric.metric.label() + " (" + direction_text(metric.direction) + ")\n\n";
    const Table table = make_table(comparison, metric);
    auto line = [](const std::vector<std::string>& cells) {
      std::string text = "|";
      for (const std::string& cell : cells) text += " " + cell + " |";
      return text + "\n";
    };
    out += line(table.header);
    std::string rule = "|";
    for (bool right : table.right) rule += right ? " ---: |" : " --- |";
    out += rule + "\n";
    for (const auto& row : table.rows) out += line(row);
  }
  return out;
}

std::string format_csv(const Comparison& comparison) {
  std::string out =
      "metric,scope,direction,configuration,strategy,n,failed_runs,mean,sd,ci_low,ci_high,baseline,"
      "difference,"
      "difference_n,difference_ci_low,difference_ci_high,difference_method,rank,replications_needed,"
      "difference_replications_needed\n";
  for (const MetricComparison& metric : comparison.metrics) {
    for (const ComparisonRow& row : metric.rows) {
      std::vector<std::string> cells = {
          csv_field(metric.metric.metric),
          csv_field(metric.metric.scope),
          metric.direction == Direction::kLowerIsBetter ? "lower" : "higher",
          csv_field(row.configuration),
          csv_field(row.strategy),
          std::to_string(row.estimate.n),
          std::to_string(row.failed_runs),
          exact(row.estimate.mean),
          exact(row.estimate.sd),
          exact(row.estimate.low()),
          exact(row.estimate.high()),
          csv_field(comparison.baseline),
      };
      if (row.difference.has_value()) {
        cells.push_back(exact(row.difference->mean));
        cells.push_back(std::to_string(row.difference->n));
        cells.push_back(exact(row.difference->low()));
        cells.push_back(exact(row.difference->high()));
        cells.push_back(comparison.paired ? "paired" : "welch");
      } else {
        cells.insert(cells.end(), {"", "", "", "", ""});
      }
      cells.push_back(row.rank > 0 ? std::to_string(row.rank) : "");
      cells.push_back(row.replications_needed >= 0 ? std::to_string(row.replications_needed) : "");
      cells.push_back(
          row.difference_replications_needed >= 0 ? std::to_string(row.difference_replications_needed) : "");
      std::string text;
      for (std::size_t c = 0; c < cells.size(); ++c) text += (c > 0 ? "," : "") + cells[c];
      out += text + "\n";
    }
  }
  return out;
}

}  // namespace hospsim::batch
