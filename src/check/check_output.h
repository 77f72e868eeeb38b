// What `hospsim check` prints and writes of a CheckReport (check/checker.h).
#pragma once

#include <string>

#include "check/checker.h"

namespace hospsim::check {

// The plain-text report: one line per expectation ("PASS"/"FAIL"/...) with details indented under failures,
// then a total line. `quiet` leaves out the passing lines.
std::string format_text(const CheckReport& report, bool quiet);

// JUnit XML: one <testsuite> per expectation file, one <testcase> per expectation, <failure> for a moved
// outcome and <error> for bad input or a failed simulation. A testcase's time is its own share of the wall
// time of the simulations it was judged on (a simulation shared by several expectations is split between
// them), a testsuite's the sum of its cases, the testsuites' the elapsed wall time of the whole check (less
// than the sum when simulations ran side by side with -j).
std::string format_junit(const CheckReport& report);

}  // namespace hospsim::check
