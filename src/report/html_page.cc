#include "report/html_page.h"

#include <cmath>
#include <cstdlib>

#include "hospsim/scenario.h"
#include "report/html_report.h"
#include "report/page_assets.h"
#include "scenario/files.h"
#include "scenario/markup.h"
#include "scenario/units.h"

namespace hospsim::html {

namespace {

using nlohmann::json;

constexpr const char* kVegaLiteSchema = "https://vega.github.io/schema/vega-lite/v5.json";
// Colours: the scenario run in red, the baseline in grey.
constexpr const char* kScenarioColour = "#c62828";
constexpr const char* kBaselineColour = "#8c8c8c";

// JSON for a <script type="application/json"> block: every '<' escaped so no "</script>" can end it early.
std::string script_json(const json& value) {
  const std::string dumped = value.dump();
  std::string out;
  out.reserve(dumped.size());
  for (char c : dumped) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

// A bundle made safe to inline: its source-map comment removed (there is no map next to the report) and any
// "</script" broken up.
std::string inline_script(std::string_view bundle) {
  std::string text(bundle);
  const std::size_t map = text.rfind("//# sourceMappingURL=");
  if (map != std::string::npos) text.erase(map);
  std::size_t at = 0;
  while ((at = text.find("</script", at)) != std::string::npos) {
    text.replace(at, 2, "<\\/");
    at += 3;
  }
  return text;
}

}  // namespace

std::string html_escape(std::string_view text) { return escape_markup(text, MarkupContext::kHtml); }

std::optional<double> civil_ms(std::string_view text) {
  Result<CivilTime> time = units::parse_datetime(text);
  if (!time.is_ok()) return std::nullopt;
  return seconds_between(CivilTime{1970, 1, 1, 0, 0, 0}, time.value()) * 1000.0;
}

std::optional<double> parse_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(value)) return std::nullopt;
  return value;
}

// A number for JSON: null when it is not finite.
json number_or_null(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

std::string render_page(const Page& page, const ReportScripts& scripts) {
  std::string out;
  out.reserve(scripts.vega.size() + scripts.vega_lite.size() + scripts.vega_embed.size() + 200000);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"hospsim report\">\n";
  out += "<title>" + html_escape(page.title) + "</title>\n";
  const PageAssets assets = embedded_page_assets();
  out += "<style>\n" + std::string(assets.style) + "</style>\n";
  out += "<script>\n" + std::string(assets.error_capture) + "</script>\n";
  out += "<script>/* vega */\n" + inline_script(scripts.vega) + "\n</script>\n";
  out += "<script>/* vega-lite */\n" + inline_script(scripts.vega_lite) + "\n</script>\n";
  out += "<script>/* vega-embed */\n" + inline_script(scripts.vega_embed) + "\n</script>\n";
  out += "</head>\n<body>\n<header>\n<h1>" + html_escape(page.title) + "</h1>\n";
  out += "<p class=\"subtitle\">" + page.subtitle + "</p>\n</header>\n";
  out += "<section class=\"summary\">\n" + page.headline + "</section>\n";
  json charts = json::array();
  for (const Chart& chart : page.charts) {
    out += "<section class=\"chart-section\">\n<h2>" + html_escape(chart.title) + "</h2>\n";
    out += "<p class=\"caption\">" + chart.caption + "</p>\n";
    out += "<div class=\"chart\" id=\"" + chart.id + "\"></div>\n</section>\n";
    charts.push_back({{"id", chart.id}, {"spec", chart.spec}});
  }
  for (const std::string& note : page.notes) out += "<div class=\"note\">" + note + "</div>\n";
  out += "<div id=\"hospsim-report-status\" hidden data-state=\"pending\"></div>\n";
  out += "<script type=\"application/json\" id=\"hospsim-charts\">" + script_json(charts) + "</script>\n";
  out += "<script>\n" + std::string(assets.render) + "</script>\n";
  out += "</body>\n</html>\n";
  return out;
}

json base_spec() {
  return {{"$schema", kVegaLiteSchema},
          {"config",
           {{"font", "DejaVu Sans, Arial, sans-serif"},
            {"view", {{"stroke", "#d0d0d0"}}},
            {"axis", {{"labelFontSize", 10}, {"titleFontSize", 11}}},
            {"header", {{"labelFontSize", 11}, {"titleFontSize", 11}}},
            {"legend", {{"labelFontSize", 10}, {"titleFontSize", 11}}}}}};
}

json time_encoding() {
  return {
      {"field", "time"},
      {"type", "temporal"},
      {"scale", {{"type", "utc"}}},
      {"title", nullptr},
      {"axis", {{"format", "%a %d %b %H:%M"}, {"labelAngle", 0}, {"labelOverlap", true}, {"tickCount", 6}}}};
}

nlohmann::json row_panels(const std::string& field, const nlohmann::json& sort) {
  return {{"field", field},
          {"type", "nominal"},
          {"sort", sort},
          {"title", nullptr},
          {"header",
           {{"labelAngle", 0}, {"labelOrient", "top"}, {"labelAnchor", "start"}, {"labelFontWeight", "bold"}}}};
}

json run_colour_scale(bool paired) {
  if (!paired) return {{"domain", {"scenario"}}, {"range", {kScenarioColour}}};
  return {{"domain", {"scenario", "baseline"}}, {"range", {kScenarioColour, kBaselineColour}}};
}

Status missing_scripts() { return Status::failed_precondition(std::string(kMissingScriptsHelp)); }

}  // namespace hospsim::html

namespace hospsim {

Status write_report_file(const std::string& path, const std::string& html) {
  return write_file_atomically(path, html);
}

}  // namespace hospsim
