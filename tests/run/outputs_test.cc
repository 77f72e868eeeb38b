// The typed timeline and incident log of a simulation: across the process boundary (run/output_message.h
// through the process pool) and rendered as timeline.csv and events.csv (run/outputs.h).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "hospsim/timeline.h"
#include "run/output_message.h"
#include "run/outputs.h"
#include "run/process_pool.h"

using namespace hospsim;

namespace {

// A log of two hospitals with `rows` timeline rows, edge values first, and three incidents.
RunLog sample_log(std::size_t rows) {
  RunLog log;
  log.hospitals = {"a", "b,c"};
  log.texts = {"ehr", "no successful request for 600 s (link_down x, y)", "dc1", "say \"hi\"", ""};
  const double edges[] = {-0.0,
                          0.0,
                          std::numeric_limits<double>::max(),
                          -std::numeric_limits<double>::max(),
                          std::numeric_limits<double>::denorm_min(),
                          std::numeric_limits<double>::quiet_NaN(),
                          std::numeric_limits<double>::infinity(),
                          2.0 / 3.0,
                          1e300};
  for (std::size_t i = 0; i < rows; ++i) {
    const double value = i < std::size(edges) ? edges[i] : static_cast<double>(i) * 0.25;
    const auto metric = static_cast<TimelineMetric>(i % kTimelineMetricCount);
    const std::int32_t hospital =
        metric >= TimelineMetric::kAttackHostsInfected ? kNoHospital : static_cast<std::int32_t>(i % 2);
    log.timeline.push_back({static_cast<double>(i / 40) * 3600.0, value, hospital, metric});
  }
  IncidentRow state{5400.5, 0, 1, 0, IncidentKind::kServiceState};
  state.from = ServiceState::kUp;
  state.to = ServiceState::kDown;
  IncidentRow infected{-0.0, 2, 4, kNoHospital, IncidentKind::kInfrastructure};
  infected.infrastructure = InfrastructureKind::kInfected;
  log.incidents = {state, infected, {7200.0, 3, 3, 1, IncidentKind::kDiversionOn}};
  return log;
}

SimulationOutput sample_output(std::size_t rows) {
  SimulationOutput output;
  output.log = sample_log(rows);
  output.events = 42;
  output.wall_seconds = 1.5;
  output.simulated_seconds = 3600.0;
  output.calibration.region.put(CalibrationFigure::kEdUtilisationPct, 0.1 + 0.2);
  output.calibration.region.put(CalibrationFigure::kBedOccupancyPct, 0.0);
  CalibrationFigures a;
  a.put(CalibrationFigure::kDiversionHours, 1e-300);
  output.calibration.hospitals = {{"a", a}, {"b", {}}};
  output.diversions = {{"a", "b", std::int64_t{1} << 53, 0, 0.75}, {"b", "a", 0, 7, 1.0 / 3.0}};
  return output;
}

// `a` and `b` hold the same rows, byte for byte (NaN and -0 included).
template <class Row>
bool same_bytes(const std::vector<Row>& a, const std::vector<Row>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(Row)) == 0);
}

// The output after a trip through a forked child and the pool's result file.
SimulationOutput round_trip(std::size_t rows) {
  ProcessPool pool({0.0, false});
  REQUIRE(
      pool.spawn(0, [rows] { return Result<nlohmann::json>(output_message(sample_output(rows))); }).is_ok());
  Result<std::vector<ChildOutcome>> ended = pool.wait_all();
  REQUIRE(ended.is_ok());
  REQUIRE(ended->size() == 1);
  REQUIRE(ended->front().kind == ChildOutcome::Kind::kValue);
  Result<SimulationOutput> output = output_from_message(ended->front().value);
  REQUIRE(output.is_ok());
  return std::move(output.value());
}

}  // namespace

TEST_CASE("run::output_message: the typed timeline and incident log cross the process boundary exactly",
          "[run]") {
  // 100,000 rows (2.4 MB) travel as raw bytes after the CBOR message, 9 rows inside it; none is empty.
  for (std::size_t rows : {std::size_t{100000}, std::size_t{9}, std::size_t{0}}) {
    INFO(rows << " timeline rows");
    const RunLog sent = sample_log(rows);
    const SimulationOutput got = round_trip(rows);
    CHECK(got.log.hospitals == sent.hospitals);
    CHECK(got.log.texts == sent.texts);
    CHECK(same_bytes(got.log.timeline, sent.timeline));
    CHECK(same_bytes(got.log.incidents, sent.incidents));
    CHECK(got.events == 42);
    CHECK(got.simulated_seconds == 3600.0);
    // The calibration figures (none stays none, every value exact) and the flows.
    CHECK(got.calibration == sample_output(0).calibration);
    CHECK_FALSE(got.calibration.region.get(CalibrationFigure::kEdLwbsPct).has_value());
    CHECK(got.diversions == sample_output(0).diversions);
    if (rows > 5) {
      CHECK(std::signbit(got.log.timeline[0].value));
      CHECK(got.log.timeline[0].value == 0.0);
      CHECK(got.log.timeline[2].value == std::numeric_limits<double>::max());
      CHECK(std::isnan(got.log.timeline[5].value));
    }
  }
}

TEST_CASE("run::output_message: rows that do not fit their tables are refused", "[run]") {
  nlohmann::json message = output_message(sample_output(3));
  nlohmann::json bad = message;
  bad["log"]["texts"] = nlohmann::json::array();  // the incidents name texts that are not there
  Result<SimulationOutput> refused = output_from_message(bad);
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.status().message() == "the result holds no readable timeline and incident log");
  bad = message;
  bad["log"]["timeline"].get_binary().pop_back();  // not a whole number of rows
  CHECK_FALSE(output_from_message(bad).is_ok());
  CHECK(output_from_message(message).is_ok());
  // A time that is not finite (a value may be: an hour without departures has no median).
  for (const double time :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    SimulationOutput output = sample_output(3);
    output.log.timeline[1].hour_start = time;
    nlohmann::json sent = output_message(std::move(output));
    CHECK_FALSE(output_from_message(sent).is_ok());
    output = sample_output(3);
    REQUIRE_FALSE(output.log.incidents.empty());
    output.log.incidents[0].time = time;
    sent = output_message(std::move(output));
    CHECK_FALSE(output_from_message(sent).is_ok());
  }
}

TEST_CASE("run::outputs: every events.csv word reads back as the incident kind that wrote it", "[run]") {
  std::vector<IncidentRow> rows;
  for (IncidentKind kind :
       {IncidentKind::kServiceState, IncidentKind::kDiversionOn, IncidentKind::kDiversionOff,
        IncidentKind::kSurgeOpen, IncidentKind::kSurgeClose}) {
    rows.push_back(IncidentRow{0.0, 0, 0, kNoHospital, kind});
  }
  for (int k = 0; k <= static_cast<int>(InfrastructureKind::kReleased); ++k) {
    rows.push_back(IncidentRow{0.0, 0, 0, kNoHospital, IncidentKind::kInfrastructure,
                               static_cast<InfrastructureKind>(k)});
  }
  for (const IncidentRow& row : rows) {
    const std::string word = incident_event_name(row);
    INFO(word);
    const std::optional<IncidentRow> read = incident_from_event_name(word);
    REQUIRE(read.has_value());
    CHECK(read->kind == row.kind);
    if (row.kind == IncidentKind::kInfrastructure) CHECK(read->infrastructure == row.infrastructure);
  }
  CHECK_FALSE(incident_from_event_name("service_states").has_value());
  CHECK_FALSE(incident_from_event_name("").has_value());
}

TEST_CASE("run::outputs: timeline.csv and events.csv rows from the typed rows", "[run]") {
  PairedOutput output;
  output.run.log = sample_log(0);
  output.run.log.timeline = {{0.0, 2.0, 0, TimelineMetric::kEdArrivals},
                             {0.0, -0.0, 1, TimelineMetric::kEdCensus},
                             {3600.0, 2.0 / 3.0, 0, TimelineMetric::kSurgeryBacklog},
                             {3600.0, 1e300, kNoHospital, TimelineMetric::kAttackHostsDown}};
  const CivilTime start{2025, 3, 13, 23, 30, 0};
  // Hospital ids go into timeline.csv as they are (the scenario's ids hold no commas), fields of events.csv
  // quoted where needed.
  std::string timeline;
  append_timeline_csv(timeline, output.run.log, start, "baseline");
  CHECK(timeline ==
        "2025-03-13T23:30,baseline,a,ed_arrivals,2\n"
        "2025-03-13T23:30,baseline,b,c,ed_census,-0\n"
        "2025-03-14T00:30,baseline,a,surgery_backlog,0.6666666666666666\n"
        "2025-03-14T00:30,baseline,region,attack_hosts_down,1e+300\n");
  std::string events = incidents_csv_header();
  append_incidents_csv(events, output.run.log, start);
  CHECK(events ==
        "time,seconds,event,hospital,target,from,to,cause\n"
        "2025-03-14T01:00:00,5400.5,service_state,a,ehr,UP,DOWN,\"no successful request for 600 s (link_down "
        "x, "
        "y)\"\n"
        "2025-03-13T23:30:00,-0,infected,,dc1,,,\n"
        "2025-03-14T01:30:00,7200,diversion_on,\"b,c\",\"say \"\"hi\"\"\",,,\"say \"\"hi\"\"\"\n");
}
