// CSV renderings of a run's timeline and incident log. Numbers use the shortest text that reads back to the
// same double, so equal runs give byte-identical files.
//
// timeline: `time,run,hospital,metric,value` (header from timeline_csv_header()); time is the local datetime
//   of the hour's start; count metrics are counts during that hour, state metrics the state at its start.
// incidents: `time,seconds,event,hospital,target,from,to,cause`.
#pragma once

#include <string>
#include <string_view>

#include "hospsim/scenario.h"
#include "metrics/collector.h"

namespace hospsim {

std::string timeline_csv_header();
// Rows (no header) of `collector`'s timeline, labelled with `run` ("scenario" or "baseline").
std::string timeline_csv_rows(const RunCollector& collector, const Scenario& scenario, std::string_view run);

std::string incidents_csv_header();
std::string incidents_csv_rows(const RunCollector& collector, const Scenario& scenario);

// `field` quoted for CSV when it holds a comma, quote or line break.
std::string csv_field(std::string_view field);
// Shortest round-trip text of a double ("3", "0.5", "2.3333333333333335").
std::string format_number(double value);

}  // namespace hospsim
