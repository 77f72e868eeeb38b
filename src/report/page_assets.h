// The static parts of every HTML report page, kept as files in src/report/web/ and embedded into the binary
// at build time (page_assets.cc.in, HOSPSIM_INCBIN of report/incbin.h): the style sheet, the script that
// collects console errors from the start, and the script that embeds the charts and fills the status marker
// (report/html_report.h says what the marker holds). They are inlined into the page byte for byte.
#pragma once

#include <string_view>

namespace hospsim::html {

struct PageAssets {
  std::string_view style;          // web/page.css: screen and print (@media print, A4) styles
  std::string_view error_capture;  // web/error_capture.js: fills window.hospsimErrors
  std::string_view render;         // web/render.js: vegaEmbed for each chart, then #hospsim-report-status
};

// The files as compiled into this binary. Static storage; never empty.
PageAssets embedded_page_assets();

}  // namespace hospsim::html
