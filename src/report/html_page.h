// The page shell every HTML report shares (report/html_report.h says what a report holds): the page built
// from its title, text and charts, with the chart libraries (report/report_scripts.h) and the page's own
// style sheet and scripts (report/page_assets.h) inlined; the Vega-Lite pieces every chart uses; and the text
// helpers of the report layer (HTML escaping, datetimes and numbers read from the run's files).
//
// Everything here is a pure function of its arguments: same inputs, byte-identical page.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/status.h"
#include "report/report_scripts.h"

namespace hospsim::html {

// One chart of a page: a titled section with a caption and an element Vega-Lite renders into.
struct Chart {
  std::string id;       // element id, "chart-<name>"
  std::string title;    // section heading
  std::string caption;  // how to read it (HTML)
  nlohmann::json spec;  // Vega-Lite
};

struct Page {
  std::string title;
  std::string subtitle;  // HTML
  std::string headline;  // HTML: headline numbers and tables
  std::vector<Chart> charts;
  std::vector<std::string> notes;  // HTML paragraphs after the charts (charts left out and why)
};

// The whole HTML document of `page`. REQUIRES: scripts.complete().
std::string render_page(const Page& page, const ReportScripts& scripts);

// The kFailedPrecondition a renderer returns when the chart libraries are not in this binary.
Status missing_scripts();

// A Vega-Lite specification with the schema and the fonts, axes, headers and legends of every report chart.
nlohmann::json base_spec();
// A time axis on a UTC scale of the field "time" (the data hold the scenario's local clock as UTC
// milliseconds).
nlohmann::json time_encoding();
// The row facet of a chart with one panel per value of `field` (nominal, in the order `sort`), each panel headed
// by its value in bold at its top left.
nlohmann::json row_panels(const std::string& field, const nlohmann::json& sort);
// The colours of the runs: the scenario run in red and, when `paired`, the baseline in grey.
nlohmann::json run_colour_scale(bool paired);

// `text` for HTML element content or a double-quoted attribute: & < > " as entities, control bytes dropped
// (escape_markup() of scenario/markup.h, MarkupContext::kHtml).
std::string html_escape(std::string_view text);

// "2025-03-13T09:30" or "2025-03-13T09:30:15" (the scenario's local time) as milliseconds since the epoch,
// read as if it were UTC: the charts use UTC scales, so they show the scenario's local clock on any machine.
// Anything the scenario format does not read as a datetime (units::parse_datetime: 2025-99-99, trailing
// text, a 25th hour, a year before 1900) is nullopt.
std::optional<double> civil_ms(std::string_view text);

// The whole of `text` as a finite number; nullopt for anything else (empty, trailing text, inf, nan).
std::optional<double> parse_number(const std::string& text);

// A number for JSON: null when it is not finite.
nlohmann::json number_or_null(double value);

}  // namespace hospsim::html
