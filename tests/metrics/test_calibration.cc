#include <catch2/catch.hpp>

#include "metrics/calibration.h"
#include "metrics/collector.h"

using namespace hospsim;

namespace {

const std::string kH = "h";
const std::string kNone;

// Hospital h: an ED of 2 spaces, 10 beds, 2 theatres with sessions 08:00-16:00; hospital k: nothing but a
// name.
Scenario two_hospitals(Seconds horizon) {
  Scenario scenario;
  scenario.name = "calibration";
  scenario.start = CivilTime{2025, 3, 13, 0, 0, 0};
  scenario.horizon = horizon;
  Hospital h;
  h.id = "h";
  h.name = "H";
  h.has_ed = true;
  h.ed.treatment_spaces = 2;
  h.beds.count = 10;
  h.surgery.theatres = 2;
  h.surgery.day_start = 8 * kHour;
  h.surgery.day_end = 16 * kHour;
  scenario.hospitals.emplace("h", h);
  Hospital k;
  k.id = "k";
  k.name = "K";
  scenario.hospitals.emplace("k", k);
  return scenario;
}

}  // namespace

// The hand computation, horizon 38 h:
// ED: one patient in treatment at t = 0 (arrived at -1 h) is discharged at 2 h; A arrives at 1 h, is treated
// at
//   once and admitted at 5 h; B arrives at 3 h and leaves unseen at 4 h. Spaces held: 1 in [0,1), 2 in [1,2),
//   1 in [2,5) h: 6 space-hours of 2 x 38 offered: 7.894...%. LWBS 1 of 3 departures. Waits {0, 60} min:
//   median 30. Stays 3, 4, 1 h: median 180 min, all within 4 h. Diversion 10-16 h: 6 h, 6/38 of the time.
// Theatres: day 1 list c1, c2, c3; day 2 list c4, c5, c6. c1 08-11 h (3 h in session); c2 13-17 h (3 h in
//   session, an overrun); c3 cancelled for lack of a bed; c4 32-34 h (2 h); c5 cancelled for session time;
//   c6 started at 35 h, still in theatre at the end (3 h). Offered: 2 theatres x 8 h on day 1, x 6 h on day 2
//   (the session 32-40 h is cut at 38 h): 28 h. Utilisation 11/28; overrun 1 of the 3 performed; 1 of 6
//   placements cancelled for each cause.
// Beds: 8 of 10 occupied in [0, 19) h, 9 in [19, 38) h: 323 of 380 bed-hours, 85%.
TEST_CASE("metrics::calibration: every figure of a hand-computed day and a half", "[metrics]") {
  Scenario scenario = two_hospitals(38 * kHour);
  RunCollector collector(scenario);
  const std::vector<std::uint64_t> no_backlog;
  const std::string reason = "r";
  auto surgery = [&](Seconds t, SurgeryEventKind kind, std::uint64_t id,
                     CancellationCause cause = CancellationCause::kNone, Seconds planned = -1.0) {
    collector.on(SurgeryEvent{t, kH, kind, id, false, false,
                              kind == SurgeryEventKind::kCancelled ? reason : kNone, cause, planned});
  };
  collector.on(InitialState{0.0, kH, 0, 1, 0, no_backlog});
  collector.on(BedOccupancy{0.0, kH, 8, 10});
  collector.on(EdArrival{1 * kHour, kH, 2, ArrivalMode::kAmbulance, kNone, false});
  collector.on(EdTreatmentStarted{1 * kHour, kH, 2, 0.0});
  collector.on(EdDeparture{2 * kHour, kH, 3, EdOutcome::kDischarged, 0.5 * kHour, 3 * kHour, 0.0});
  collector.on(EdArrival{3 * kHour, kH, 5, ArrivalMode::kWalkIn, kNone, false});
  collector.on(EdDeparture{4 * kHour, kH, 5, EdOutcome::kLeftWithoutBeingSeen, 1 * kHour, 1 * kHour, 0.0});
  collector.on(EdDeparture{5 * kHour, kH, 2, EdOutcome::kAdmitted, 0.0, 4 * kHour, 0.0});
  surgery(8 * kHour, SurgeryEventKind::kScheduled, 1, CancellationCause::kNone, 8 * kHour);
  surgery(8 * kHour, SurgeryEventKind::kScheduled, 2, CancellationCause::kNone, 13 * kHour);
  surgery(8 * kHour, SurgeryEventKind::kScheduled, 3, CancellationCause::kNone, 8 * kHour);
  surgery(8 * kHour, SurgeryEventKind::kStarted, 1, CancellationCause::kNone, 8 * kHour);
  surgery(8 * kHour, SurgeryEventKind::kCancelled, 3, CancellationCause::kNoBed, 8 * kHour);
  collector.on(DiversionChanged{10 * kHour, kH, true, reason});
  surgery(11 * kHour, SurgeryEventKind::kPerformed, 1);
  surgery(13 * kHour, SurgeryEventKind::kStarted, 2, CancellationCause::kNone, 13 * kHour);
  collector.on(DiversionChanged{16 * kHour, kH, false, reason});
  surgery(17 * kHour, SurgeryEventKind::kPerformed, 2);
  collector.on(BedOccupancy{19 * kHour, kH, 9, 10});
  surgery(32 * kHour, SurgeryEventKind::kScheduled, 4, CancellationCause::kNone, 32 * kHour);
  surgery(32 * kHour, SurgeryEventKind::kScheduled, 5, CancellationCause::kNone, 34 * kHour);
  surgery(32 * kHour, SurgeryEventKind::kScheduled, 6, CancellationCause::kNone, 35 * kHour);
  surgery(32 * kHour, SurgeryEventKind::kStarted, 4, CancellationCause::kNone, 32 * kHour);
  surgery(34 * kHour, SurgeryEventKind::kPerformed, 4);
  surgery(35 * kHour, SurgeryEventKind::kStarted, 6, CancellationCause::kNone, 35 * kHour);
  surgery(36 * kHour, SurgeryEventKind::kCancelled, 5, CancellationCause::kSessionTime, 34 * kHour);
  collector.on_end(38 * kHour);

  // From the run's metrics, as a simulation computes them once for both; the overload that computes them
  // itself gives the same figures.
  const RunCalibration calibration = collector.calibration(collector.run_metrics());
  // As summary.json writes them (the figures of a baseline).
  const nlohmann::json figures = calibration_json(CalibrationView{true, calibration});
  CHECK(calibration_json(CalibrationView{true, collector.calibration()}) == figures);
  const nlohmann::json& c = figures["hospitals"]["h"];
  CHECK(c["ed_utilisation_pct"].get<double>() == Approx(100.0 * 6 / 76));
  CHECK(c["ed_lwbs_pct"].get<double>() == Approx(100.0 / 3));
  CHECK(c["ed_wait_median_min"].get<double>() == Approx(30.0));
  CHECK(c["ed_wait_p90_min"].get<double>() == Approx(54.0));
  CHECK(c["ed_los_median_min"].get<double>() == Approx(180.0));
  CHECK(c["ed_within_4h_pct"].get<double>() == Approx(100.0));
  CHECK(c["diversion_hours"].get<double>() == Approx(6.0));
  CHECK(c["diversion_pct"].get<double>() == Approx(100.0 * 6 / 38));
  CHECK(c["theatre_utilisation_pct"].get<double>() == Approx(100.0 * 11 / 28));
  CHECK(c["theatre_overrun_pct"].get<double>() == Approx(100.0 / 3));
  CHECK(c["cancelled_no_bed_pct"].get<double>() == Approx(100.0 / 6));
  CHECK(c["cancelled_session_time_pct"].get<double>() == Approx(100.0 / 6));
  CHECK(c["bed_occupancy_pct"].get<double>() == Approx(85.0));

  SECTION("a hospital without an ED, theatres or beds has null figures") {
    const nlohmann::json& k = figures["hospitals"]["k"];
    for (const char* name :
         {"ed_utilisation_pct", "ed_lwbs_pct", "ed_los_median_min", "diversion_hours",
          "theatre_utilisation_pct", "theatre_overrun_pct", "cancelled_no_bed_pct", "bed_occupancy_pct"}) {
      INFO(name);
      CHECK(k[name].is_null());
    }
  }
  SECTION("the region pools the hospitals: k adds no ED, theatre or bed, so the region equals h") {
    const nlohmann::json& region = figures["region"];
    CHECK(region["ed_utilisation_pct"].get<double>() == Approx(100.0 * 6 / 76));
    CHECK(region["diversion_pct"].get<double>() == Approx(100.0 * 6 / 38));
    CHECK(region["theatre_utilisation_pct"].get<double>() == Approx(100.0 * 11 / 28));
    CHECK(region["bed_occupancy_pct"].get<double>() == Approx(85.0));
  }
  SECTION("the view flags each figure outside its typical range, in range order") {
    const nlohmann::json& view = figures;
    CHECK(view["describes"] == "baseline");
    CHECK(view["ranges"]["ed_lwbs_pct"]["high"].get<double>() == 6.7);
    std::vector<std::string> flagged;
    for (const nlohmann::json& warning : view["warnings"]) {
      CHECK(warning["hospital"] == "h");
      flagged.push_back(warning["figure"].get<std::string>());
    }
    // In range: median wait 30 min, median stay 180 min, beds 85%.
    CHECK(flagged == std::vector<std::string>{"ed_utilisation_pct", "ed_lwbs_pct", "ed_within_4h_pct",
                                              "diversion_pct", "theatre_utilisation_pct",
                                              "theatre_overrun_pct", "cancelled_no_bed_pct",
                                              "cancelled_session_time_pct"});
    CHECK(calibration_json(CalibrationView{false, calibration})["describes"] == "run");
    // The typed warnings are the same, with their values.
    const std::vector<CalibrationWarning> warnings = calibration_warnings(CalibrationView{true, calibration});
    REQUIRE(warnings.size() == flagged.size());
    for (std::size_t i = 0; i < warnings.size(); ++i) {
      CHECK(calibration_info(warnings[i].figure).name == flagged[i]);
      CHECK(warnings[i].value == view["warnings"][i]["value"].get<double>());
    }
    CHECK(warnings[0].value == Approx(100.0 * 6 / 76));
  }
  SECTION("the figures are kept by id: h's typed record holds what the JSON says, k's ED figures none") {
    REQUIRE(calibration.hospitals.size() == 2);
    CHECK(calibration.hospitals[0].hospital == "h");
    CHECK(calibration.hospitals[0].figures.get(CalibrationFigure::kDiversionHours) == Approx(6.0));
    CHECK(calibration.hospitals[1].hospital == "k");
    CHECK_FALSE(calibration.hospitals[1].figures.get(CalibrationFigure::kEdWaitMedianMin).has_value());
  }
}

TEST_CASE("metrics::calibration: without case starts theatre utilisation is unknown, not 0", "[metrics]") {
  Scenario scenario = two_hospitals(24 * kHour);
  RunCollector collector(scenario);
  collector.on(SurgeryEvent{8 * kHour, kH, SurgeryEventKind::kScheduled, 1, false, false, kNone});
  collector.on(SurgeryEvent{10 * kHour, kH, SurgeryEventKind::kPerformed, 1, false, false, kNone});
  collector.on_end(24 * kHour);
  const nlohmann::json c = calibration_json(CalibrationView{true, collector.calibration()})["hospitals"]["h"];
  CHECK(c["theatre_utilisation_pct"].is_null());
  CHECK(c["theatre_overrun_pct"].is_null());
  CHECK(c["cancelled_no_bed_pct"].get<double>() == 0.0);
}

TEST_CASE("metrics::calibration: the figure table is in CalibrationFigure order, one name each",
          "[metrics]") {
  const std::vector<CalibrationFigureInfo>& figures = calibration_figures();
  REQUIRE(figures.size() == kCalibrationFigureCount);
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < figures.size(); ++i) {
    INFO(figures[i].name);
    CHECK(static_cast<std::size_t>(figures[i].id) == i);
    CHECK(names.insert(figures[i].name).second);
    CHECK(find_calibration_figure(figures[i].name) == &figures[i]);
    if (figures[i].ranged) CHECK(figures[i].low <= figures[i].high);
    if (figures[i].ranged) CHECK_FALSE(figures[i].basis.empty());
  }
  CHECK(find_calibration_figure("no_such_figure") == nullptr);
}
