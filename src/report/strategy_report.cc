// The strategy comparison report (report/html_report.h): the table of `hospsim run FILE --strategy all`
// (report/run_tables.h) and a chart of each strategy's changes against its paired baseline, in the page shell
// (report/html_page.h).
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "report/html_page.h"
#include "report/html_report.h"
#include "report/run_tables.h"

namespace hospsim::html {

namespace {

using nlohmann::json;

// The measures of the chart and the best-strategy lines, each a change against the strategy's own baseline
// (lower is better for all of them).
struct Measure {
  const char* label;
  MetricCell StrategyRow::*cell;
};
constexpr Measure kMeasures[] = {
    {"planned operations cancelled", &StrategyRow::surgeries_cancelled},
    {"appointments cancelled", &StrategyRow::outpatient_cancelled},
    {"ED arrivals", &StrategyRow::ed_arrivals},
    {"left without being seen (LWBS)", &StrategyRow::ed_lwbs},
    {"ambulances diverted", &StrategyRow::ed_diverted},
};

// "none, second_carrier" or "second_carrier": the strategies with the smallest change of `measure` (ties all
// named); "-" when no strategy has a change.
std::string best_of(const std::vector<StrategyRow>& rows, const Measure& measure) {
  double best = NAN;
  for (const StrategyRow& row : rows) {
    const MetricCell& cell = row.*measure.cell;
    if (cell.delta && (std::isnan(best) || *cell.delta < best)) best = *cell.delta;
  }
  if (std::isnan(best)) return "-";
  std::string names;
  for (const StrategyRow& row : rows) {
    const MetricCell& cell = row.*measure.cell;
    if (cell.delta && *cell.delta == best) names += (names.empty() ? "" : ", ") + row.name;
  }
  return fmt::format("{} ({:+.0f})", names, best + 0.0);
}

std::string table_html(const std::vector<StrategyRow>& rows, bool linked) {
  std::string out =
      "<p class=\"caption\">For the region, each strategy against its own paired baseline without injections "
      "(same seed for all). IT availability: the lowest of any service at any hospital." +
      std::string(linked ? " A strategy's name opens its own run report." : "") + "</p>\n";
  out +=
      "<table>\n<thead><tr><th class=\"text\">strategy</th><th>planned ops cancelled</th>"
      "<th>appointments cancelled</th><th>ED arrivals change</th><th>LWBS change</th>"
      "<th>ambulances diverted</th><th>lowest IT availability</th></tr></thead>\n<tbody>\n";
  for (const StrategyRow& row : rows) {
    const std::string name = html_escape(row.name);
    out += "<tr><td class=\"text\">" +
           (linked ? "<a href=\"" + name + "/report.html\">" + name + "</a>" : name) + "</td>";
    out += "<td>" + change_text(row.surgeries_cancelled) + "</td>";
    out += "<td>" + change_text(row.outpatient_cancelled) + "</td>";
    out += "<td>" + delta_text(row.ed_arrivals) + "</td>";
    out += "<td>" + delta_text(row.ed_lwbs) + "</td>";
    out += "<td>" + change_text(row.ed_diverted) + "</td>";
    out += "<td>" +
           (std::isnan(row.lowest_availability) ? std::string("-")
                                                : fmt::format("{:.1f}%", row.lowest_availability)) +
           "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return out;
}

// One bar per strategy and measure: the change against the strategy's baseline; a panel per measure, each
// with its own scale.
Chart changes_chart(const std::vector<StrategyRow>& rows) {
  json values = json::array();
  std::vector<std::string> order;
  std::vector<std::string> labels;
  for (const Measure& measure : kMeasures) labels.emplace_back(measure.label);
  for (const StrategyRow& row : rows) {
    order.push_back(row.name);
    for (const Measure& measure : kMeasures) {
      const MetricCell& cell = row.*measure.cell;
      if (!cell.delta) continue;
      values.push_back({{"strategy", row.name},
                        {"measure", measure.label},
                        {"change", number_or_null(*cell.delta)},
                        {"value", number_or_null(cell.value)}});
    }
  }
  Chart chart;
  chart.id = "chart-strategy-changes";
  chart.title = "Change against the paired baseline, per strategy";
  chart.caption =
      "Each bar is a strategy's change (run minus its baseline without injections) over the whole run, for "
      "the "
      "region: the shorter the bar, the less of the outage's effect remains under that strategy. Each panel "
      "has its own scale.";
  const json y = {{"field", "strategy"}, {"type", "nominal"}, {"sort", order}, {"title", nullptr}};
  json inner = {{"width", 420},
                {"height", {{"step", 14}}},
                {"layer",
                 {{{"mark", {{"type", "bar"}, {"color", "#5b7fb5"}}},
                   {"encoding",
                    {{"y", y},
                     {"x", {{"field", "change"}, {"type", "quantitative"}, {"title", nullptr}}},
                     {"tooltip",
                      {{{"field", "strategy"}},
                       {{"field", "measure"}},
                       {{"field", "change"}, {"type", "quantitative"}, {"format", "+.0f"}},
                       {{"field", "value"}, {"type", "quantitative"}, {"format", ".0f"}}}}}}},
                  {{"mark", {{"type", "rule"}, {"color", "#424242"}}},
                   {"encoding", {{"x", {{"datum", 0}, {"type", "quantitative"}}}}}}}}};
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["facet"] = {{"row", row_panels("measure", labels)}};
  spec["spec"] = inner;
  spec["resolve"] = {{"scale", {{"x", "independent"}}}};
  spec["spacing"] = {{"row", 10}};
  chart.spec = std::move(spec);
  return chart;
}

}  // namespace

}  // namespace hospsim::html

namespace hospsim {

Result<std::string> render_strategy_report(const std::vector<std::pair<std::string, RunFiles>>& runs,
                                           bool link_run_reports, const ReportScripts& scripts) {
  if (!scripts.complete()) return html::missing_scripts();
  if (runs.empty()) return Status::invalid_argument("no strategies to compare");
  const RunSummary& identity = runs.front().second.summary;
  const std::vector<StrategyRow> rows = strategy_rows(runs);
  html::Page page;
  page.title = "hospsim strategy comparison: " + identity.name;
  page.subtitle = html::html_escape(fmt::format(
      "From {} for {:g} h, seed {}: no strategy and each strategy of the scenario, each with its paired "
      "baseline.",
      identity.start, identity.horizon_hours, identity.seed));
  std::string headline = "<ul class=\"headline\">\n";
  headline += fmt::format("<li><b>Strategies:</b> {}.</li>\n", rows.size());
  for (const html::Measure& measure : html::kMeasures) {
    headline += "<li><b>Smallest change in " + html::html_escape(measure.label) + ":</b> " +
                html::html_escape(html::best_of(rows, measure)) + ".</li>\n";
  }
  headline += "</ul>\n";
  page.headline = headline + html::table_html(rows, link_run_reports);
  page.charts.push_back(html::changes_chart(rows));
  return html::render_page(page, scripts);
}

}  // namespace hospsim
