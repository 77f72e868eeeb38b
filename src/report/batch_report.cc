// The batch report (report/html_report.h): the strategy comparison of `hospsim compare` as charts and tables,
// in the page shell (report/html_page.h).
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/html_page.h"
#include "report/html_report.h"

namespace hospsim::html {

namespace {

using nlohmann::json;

std::string interval_text(const batch::MeanInterval& estimate) {
  if (estimate.n == 0 || !std::isfinite(estimate.mean)) return "-";
  if (!std::isfinite(estimate.half_width)) return fmt::format("{:.2f}", estimate.mean);
  return fmt::format("{:.2f} [{:.2f}, {:.2f}]", estimate.mean, estimate.low(), estimate.high());
}

Chart comparison_chart(const batch::MetricComparison& metric, const batch::Comparison& comparison, int index,
                       const std::vector<std::string>& strategies,
                       const std::vector<std::string>& configurations) {
  const std::string mean_panel = "mean, 95% interval";
  const std::string difference_panel = "difference to " + comparison.baseline + ", 95% interval";
  json values = json::array();
  for (const batch::ComparisonRow& row : metric.rows) {
    if (row.estimate.n > 0) {
      values.push_back({{"configuration", row.configuration},
                        {"strategy", row.strategy},
                        {"panel", mean_panel},
                        {"center", number_or_null(row.estimate.mean)},
                        {"low", number_or_null(row.estimate.low())},
                        {"high", number_or_null(row.estimate.high())},
                        {"n", row.estimate.n},
                        {"rank", row.rank}});
    }
    if (row.difference && row.difference->n > 0) {
      values.push_back({{"configuration", row.configuration},
                        {"strategy", row.strategy},
                        {"panel", difference_panel},
                        {"center", number_or_null(row.difference->mean)},
                        {"low", number_or_null(row.difference->low())},
                        {"high", number_or_null(row.difference->high())},
                        {"n", row.difference->n},
                        {"rank", row.rank}});
    }
  }
  Chart chart;
  chart.id = fmt::format("chart-compare-{}", index + 1);
  chart.title = metric.metric.label() + " (" + batch::direction_text(metric.direction) + ")";
  chart.caption =
      "Left: each strategy's mean over its replications with the 95% confidence interval (Student t). "
      "Right: its difference to <b>" +
      html_escape(comparison.baseline) + "</b> with the 95% interval (" +
      (comparison.paired ? "paired by replication: common random numbers" : "Welch: independent seeds") +
      "). An interval clear of the zero line is a change at the 95% level.";
  const json y = {{"field", "strategy"}, {"type", "nominal"}, {"sort", strategies}, {"title", nullptr}};
  json inner = {
      {"width", 250},
      {"height", {{"step", 16}}},
      {"layer",
       {{{"mark", {{"type", "rule"}, {"color", "#9e9e9e"}, {"strokeDash", {2, 2}}}},
         {"encoding", {{"x", {{"datum", 0}, {"type", "quantitative"}}}}}},
        {{"mark", {{"type", "rule"}, {"strokeWidth", 2}, {"color", "#5b7fb5"}}},
         {"encoding",
          {{"y", y},
           {"x",
            {{"field", "low"}, {"type", "quantitative"}, {"title", nullptr}, {"scale", {{"zero", true}}}}},
           {"x2", {{"field", "high"}}}}}},
        {{"mark", {{"type", "point"}, {"filled", true}, {"size", 40}, {"color", "#1f3f73"}}},
         {"encoding",
          {{"y", y},
           {"x", {{"field", "center"}, {"type", "quantitative"}}},
           {"tooltip",
            {{{"field", "configuration"}},
             {{"field", "strategy"}},
             {{"field", "panel"}, {"title", "what"}},
             {{"field", "center"}, {"type", "quantitative"}, {"format", ".2f"}, {"title", "value"}},
             {{"field", "low"}, {"type", "quantitative"}, {"format", ".2f"}},
             {{"field", "high"}, {"type", "quantitative"}, {"format", ".2f"}},
             {{"field", "n"}, {"type", "quantitative"}},
             {{"field", "rank"}, {"type", "quantitative"}}}}}}}}}};
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["facet"] = {{"row", row_panels("configuration", configurations)},
                   {"column",
                    {{"field", "panel"},
                     {"type", "nominal"},
                     {"sort", {mean_panel, difference_panel}},
                     {"title", nullptr}}}};
  spec["spec"] = inner;
  spec["resolve"] = {{"scale", {{"x", "independent"}}}};
  spec["spacing"] = {{"row", 8}, {"column", 20}};
  chart.spec = std::move(spec);
  return chart;
}

std::string comparison_table(const batch::MetricComparison& metric, const batch::Comparison& comparison) {
  std::string out =
      "<table>\n<thead><tr><th>configuration</th><th class=\"text\">strategy</th><th>n</th>"
      "<th>mean [95% CI]</th><th>vs " +
      html_escape(comparison.baseline) + " [95% CI]</th><th>rank</th></tr></thead>\n<tbody>\n";
  for (const batch::ComparisonRow& row : metric.rows) {
    out += "<tr><td>" + html_escape(row.configuration) + "</td><td class=\"text\">" +
           html_escape(row.strategy) + "</td><td>" + std::to_string(row.estimate.n) + "</td><td>" +
           interval_text(row.estimate) + "</td><td>" +
           (row.is_baseline  ? std::string("(baseline)")
            : row.difference ? interval_text(*row.difference)
                             : "-") +
           "</td><td>" + (row.rank > 0 ? std::to_string(row.rank) : std::string("-")) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return out;
}

}  // namespace

}  // namespace hospsim::html

namespace hospsim {

using html::Chart;
using html::html_escape;
using html::Page;

Result<std::string> render_batch_report(const batch::BatchData& data, const batch::Comparison& comparison,
                                        const ReportScripts& scripts) {
  if (!scripts.complete()) return html::missing_scripts();
  Page page;
  const std::string name = comparison.sweep_name.empty() ? std::string("batch") : comparison.sweep_name;
  page.title = "hospsim batch report: " + name;
  auto meta = [&](const std::string& key) {
    auto it = data.metadata.find(key);
    return it == data.metadata.end() ? std::string() : it->second;
  };
  page.subtitle = html_escape(meta("sweep_description"));
  std::string headline = "<ul class=\"headline\">\n";
  headline += fmt::format(
      "<li><b>Runs:</b> {} ({} not ok, left out); {} configurations x {} strategies; "
      "seeds {}.</li>\n",
      comparison.runs, comparison.failed_runs, data.configurations.size(), data.strategies.size(),
      comparison.paired ? "common to all strategies (paired differences)" : "independent (Welch intervals)");
  headline += "<li><b>Compared with:</b> " + html_escape(comparison.baseline) + ".</li>\n";
  // Best strategy per metric and configuration.
  for (const batch::MetricComparison& metric : comparison.metrics) {
    std::string best;
    for (const std::string& configuration : data.configurations) {
      std::vector<std::string> winners;
      for (const batch::ComparisonRow& row : metric.rows) {
        if (row.configuration == configuration && row.rank == 1) winners.push_back(row.strategy);
      }
      if (winners.empty()) continue;
      best += (best.empty() ? "" : "; ") +
              (data.configurations.size() > 1 ? configuration + ": " : std::string()) +
              fmt::format("{}", fmt::join(winners, " = "));
    }
    headline += "<li><b>" + html_escape(metric.metric.label()) + "</b> (" +
               batch::direction_text(metric.direction) +
               "), best: " + html_escape(best.empty() ? std::string("-") : best) + ".</li>\n";
  }
  headline += "</ul>\n";
  page.headline = headline;
  std::vector<std::string> strategies = data.strategies;
  std::vector<std::string> configurations = data.configurations;
  for (std::size_t i = 0; i < comparison.metrics.size(); ++i) {
    Chart chart = html::comparison_chart(comparison.metrics[i], comparison, static_cast<int>(i), strategies,
                                         configurations);
    page.charts.push_back(std::move(chart));
  }
  // Tables after the charts, one per metric (for print and for exact numbers).
  for (const batch::MetricComparison& metric : comparison.metrics) {
    page.notes.push_back("<b>" + html_escape(metric.metric.label()) + "</b>\n" +
                         html::comparison_table(metric, comparison));
  }
  return html::render_page(page, scripts);
}

}  // namespace hospsim
