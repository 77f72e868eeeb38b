#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "batch/export.h"

namespace hospsim::batch {

// The grid key /seed would be named "seed", a column already: it keeps its pointer.
TEST_CASE("batch::export: one row per run, scope and metric, with the grid values as columns", "[batch]") {
  BatchData data;
  data.configurations = {"outage,duration=2h,seed=5", "no-outage"};
  data.configuration_parameters = {R"({"/injections/cut/duration":"2h","/seed":5})", "{}"};
  data.strategies = {"none"};
  RunRecord outage;
  outage.id = 1;
  outage.configuration = "outage,duration=2h,seed=5";
  outage.strategy = "none";
  outage.seed = 7;
  // As flatten_paired_metrics() orders them: region first, metrics in name order.
  outage.metrics = {{"region", "ed_wait_p90_min", 0.5},
                    {"region", "surgeries_cancelled", 2.0, 0.0, 2.0},
                    {"h", "surgeries_cancelled", 2.0, 0.0, 2.0}};
  // The store gives metrics ordered by scope name: put a hospital before the region to see it reordered.
  std::rotate(outage.metrics.begin(), outage.metrics.begin() + 2, outage.metrics.end());
  RunRecord crashed;
  crashed.id = 2;
  crashed.configuration = "no-outage";
  crashed.strategy = "none";
  crashed.replication = 1;
  crashed.seed = 8;
  crashed.status = RunStatus::kCrashed;
  data.runs = {outage, crashed};
  CHECK(export_csv(data) ==
        "configuration,strategy,replication,seed,status,scope,metric,value,baseline,delta,duration,/seed\n"
        "\"outage,duration=2h,seed=5\",none,0,7,ok,region,ed_wait_p90_min,0.5,,,2h,5\n"
        "\"outage,duration=2h,seed=5\",none,0,7,ok,region,surgeries_cancelled,2,0,2,2h,5\n"
        "\"outage,duration=2h,seed=5\",none,0,7,ok,h,surgeries_cancelled,2,0,2,2h,5\n"
        "no-outage,none,1,8,crashed,,,,,,,\n");
}

TEST_CASE("batch::export: grid columns that would share a name use their pointers", "[batch]") {
  BatchData data;
  data.configurations = {"c"};
  data.configuration_parameters = {R"({"/a/duration":"1h","/b/duration":"2h","/x/status":1})"};
  RunRecord run;
  run.id = 1;
  run.configuration = "c";
  run.strategy = "none";
  run.metrics = {{"region", "ed_arrivals", 3.0}};
  data.runs = {run};
  CHECK(export_csv(data) ==
        "configuration,strategy,replication,seed,status,scope,metric,value,baseline,delta,a/duration,b/duration,"
        "/x/status\n"
        "c,none,0,0,ok,region,ed_arrivals,3,,,1h,2h,1\n");
}

}  // namespace hospsim::batch
