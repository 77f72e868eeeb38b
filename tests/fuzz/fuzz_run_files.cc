// libFuzzer harness: the run-directory readers of `hospsim report RUN_DIR`. The input is split at the first
// two lines "----" into summary.json, timeline.csv and events.csv (missing parts are empty), which are
// checked and rendered as the report would be (with stand-in chart scripts, so the HTML is built).
#include <cstddef>
#include <cstdint>
#include <string>

#include "report/html_report.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::string parts[3];
  std::size_t begin = 0;
  for (int i = 0; i < 3; ++i) {
    const std::size_t separator = i < 2 ? input.find("\n----\n", begin) : std::string::npos;
    parts[i] = input.substr(begin, separator == std::string::npos ? std::string::npos : separator - begin);
    if (separator == std::string::npos) break;
    begin = separator + 6;
  }
  hospsim::Result<hospsim::RunFiles> files =
      hospsim::parse_run_files(parts[0], parts[1], parts[2], "run/summary.json");
  if (!files.is_ok()) return 0;
  const hospsim::ReportScripts scripts{"vega", "vega-lite", "vega-embed"};
  (void)hospsim::render_run_report(files.value(), scripts);
  return 0;
}
