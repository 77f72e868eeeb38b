// The HTML report: what a run (or a batch of runs) did, as charts a planner can read and print.
//
// One self-contained file: the page, its data, the Vega-Lite chart specifications and the chart libraries
// (vega, vega-lite, vega-embed; report_scripts.h) are all inlined, so it opens offline and can be mailed.
// Charts render as SVG. Readable in print: CSS @media print, every chart at most 680 CSS pixels wide (fits an
// A4 page with 12 mm margins).
//
// A run report (`hospsim report RUN_DIR`, and DIR/report.html written by `hospsim run`) is built from what
// the run's output files hold (summary.json, timeline.csv, events.csv; docs/cli.md), so it can be rebuilt
// later from a kept directory: `hospsim run` draws it from the run's typed rows in memory, `hospsim report`
// from the files read back into the same rows. It holds a text summary (cancelled planned operations,
// cancelled appointments, ED load shift per hospital, IT downtime) and the charts: service states per
// hospital (Gantt), ED arrivals and census against the baseline, cumulative cancelled operations and backlog,
// ambulance diversion flows between hospitals (when any), and the attack's infection and restoration curve
// (when the incident log, or events.csv read back, has "infected", "encrypted" or "restored" rows).
// A batch report (`hospsim report --db FILE`) shows the strategy comparison of `hospsim compare`
// (src/batch/compare.h): per metric and configuration, each strategy's mean with its 95% interval and its
// difference to the baseline strategy with its interval.
//
// The page reports its own rendering: when every chart has been attempted, the hidden element
// #hospsim-report-status gets data-state="done", data-charts (charts on the page), data-rendered (charts
// whose SVG exists and holds marks) and data-errors (a JSON list of console errors and failed charts). Tests
// read it.
//
// Same inputs give byte-identical HTML (no dates, paths or versions are written).
//
// Where it is written: the page shell, the static style sheet and scripts (src/report/web/) in html_page.h
// and page_assets.h; reading a run directory back in run_files.h (its CSV files into typed rows in
// run_log_csv.h); the run report's text in run_report.cc and its charts in run_charts.h; the batch report in
// batch_report.cc.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "batch/compare.h"
#include "batch/store.h"
#include "hospsim/status.h"
#include "hospsim/timeline.h"
#include "report/report_scripts.h"
#include "report/run_files.h"

namespace hospsim {

// The report of one run from its files (`hospsim report RUN_DIR`): timeline.csv and events.csv are read
// into typed rows (report/run_log_csv.h), then drawn as render_run_report() below draws a run in memory.
// Fails with kFailedPrecondition when `scripts` is incomplete (the message says how to install them),
// kInvalidArgument when a file is malformed (naming it and the line).
Result<std::string> render_run_report(const RunFiles& files, const ReportScripts& scripts);

// The report of a run in memory (`hospsim run`): `summary` is the record its summary.json is written from
// (run/outputs.h run_summary()), `log` the scenario run's timeline and incident log, `baseline` the paired
// baseline's (its timeline only is drawn; nullptr without one). The same bytes as the report of the files
// `hospsim run` writes for them. Fails as above.
Result<std::string> render_run_report(const RunSummary& summary, const RunLog& log, const RunLog* baseline,
                                      const ReportScripts& scripts);

// The report of a batch: `comparison` is compare(data, options) (its metrics, baseline and intervals).
// Fails with kFailedPrecondition when `scripts` is incomplete.
Result<std::string> render_batch_report(const batch::BatchData& data, const batch::Comparison& comparison,
                                        const ReportScripts& scripts);

// The strategy comparison of `hospsim run FILE --strategy all` (DIR/report.html; `hospsim report DIR`):
// `runs` are the strategies' runs (their summaries; the CSV texts are not read) in the order
// of the table (report/run_tables.h strategy_rows), each with its paired baseline. The page holds the table
// of `hospsim run`, which strategy changes each measure least, and a chart of each strategy's changes; with
// `link_run_reports` each strategy's name links to <strategy>/report.html. Fails with kFailedPrecondition
// when `scripts` is incomplete, kInvalidArgument when `runs` is empty.
Result<std::string> render_strategy_report(const std::vector<std::pair<std::string, RunFiles>>& runs,
                                           bool link_run_reports, const ReportScripts& scripts);

// Writes `html` to `path` atomically (a temporary file renamed into place: never a truncated report). Fails
// with kInvalidArgument when it cannot be written.
Status write_report_file(const std::string& path, const std::string& html);

}  // namespace hospsim
