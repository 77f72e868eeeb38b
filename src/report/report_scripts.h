// The chart libraries the HTML report inlines: the minified bundles of vega, vega-lite and vega-embed
// (src/report/web/package.json, installed by scripts/setup.sh with `npm ci`).
//
// CMake embeds the three files into the hospsim binary when it finds them at configure time
// (HOSPSIM_REPORT_WEB_MODULES, default src/report/web/node_modules), so a report opens offline and the binary
// needs nothing next to it. Without them hospsim still builds; `complete()` is then false and writing a report
// fails with a message saying how to get them.
#pragma once

#include <string_view>

namespace hospsim {

struct ReportScripts {
  std::string_view vega;        // vega.min.js
  std::string_view vega_lite;   // vega-lite.min.js
  std::string_view vega_embed;  // vega-embed.min.js
  bool complete() const { return !vega.empty() && !vega_lite.empty() && !vega_embed.empty(); }
};

// The bundles compiled into this binary (empty views when it was built without them). Static storage.
ReportScripts embedded_report_scripts();

// What to do when complete() is false: one sentence for error messages.
inline constexpr std::string_view kMissingScriptsHelp =
    "this hospsim was built without the chart libraries (vega, vega-lite, vega-embed): run scripts/setup.sh "
    "(it runs `npm ci` in src/report/web), then configure and build again";

}  // namespace hospsim
