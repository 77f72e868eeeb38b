#include "report/metric_text.h"

#include <cmath>

#include <fmt/format.h>

#include "metrics/metric_table.h"

namespace hospsim {

MetricCell metric_cell(const nlohmann::json& metrics, const std::string& name) {
  MetricCell out;
  if (!metrics.is_object() || !metrics.contains(name)) return out;
  const nlohmann::json& entry = metrics.at(name);
  if (entry.is_object()) {
    out.present = entry.contains("value") && entry["value"].is_number();
    if (out.present) out.value = entry["value"].get<double>();
    if (entry.contains("baseline") && entry["baseline"].is_number()) {
      out.baseline = entry["baseline"].get<double>();
    }
    if (entry.contains("delta") && entry["delta"].is_number()) out.delta = entry["delta"].get<double>();
    if (entry.contains("delta_pct") && entry["delta_pct"].is_number()) {
      out.delta_pct = entry["delta_pct"].get<double>();
    }
  } else if (entry.is_number()) {
    out.present = true;
    out.value = entry.get<double>();
  }
  return out;
}

MetricCell metric_cell(const nlohmann::json& metrics, MetricId id) {
  return metric_cell(metrics, std::string(metric_info(id).name));
}

std::string count_text(double value) { return fmt::format("{:.0f}", value); }

namespace {

// The percentage is shown: the baseline is known and not small (or, for an older summary without the baseline,
// the percentage is defined).
bool percent_shown(const MetricCell& cell) {
  if (!cell.delta_pct) return false;
  return !cell.baseline || std::fabs(*cell.baseline) >= kSmallestBaselineForPercent;
}

}  // namespace

std::string change_suffix(const MetricCell& cell) {
  if (!cell.delta) return "";
  if (percent_shown(cell)) return fmt::format(" ({:+.0f}, {:+.1f}%)", *cell.delta, *cell.delta_pct);
  if (cell.baseline) return fmt::format(" ({:+.0f} from {:.0f})", *cell.delta, *cell.baseline);
  return fmt::format(" ({:+.0f})", *cell.delta);
}

std::string change_text(const MetricCell& cell) { return count_text(cell.value) + change_suffix(cell); }

std::string delta_text(const MetricCell& cell) {
  if (!cell.delta) return "-";
  if (percent_shown(cell)) return fmt::format("{:+.0f} ({:+.1f}%)", *cell.delta, *cell.delta_pct);
  if (cell.baseline) return fmt::format("{:+.0f} (from {:.0f})", *cell.delta, *cell.baseline);
  return fmt::format("{:+.0f}", *cell.delta);
}

}  // namespace hospsim
