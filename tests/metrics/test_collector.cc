#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "hospsim/random.h"
#include "metrics/collector.h"
#include "metrics/csv.h"
#include "metrics/run_metrics.h"

using namespace hospsim;

namespace {

Scenario one_hospital(Seconds horizon) {
  Scenario scenario;
  scenario.name = "metrics";
  scenario.start = CivilTime{2025, 3, 13, 0, 0, 0};
  scenario.horizon = horizon;
  Hospital hospital;
  hospital.id = "h";
  hospital.name = "H";
  hospital.uses = {"ehr", "lab"};
  hospital.beds.count = 10;
  scenario.hospitals.emplace("h", hospital);
  return scenario;
}

const std::string kH = "h";
const std::string kNone;

}  // namespace

TEST_CASE("metrics::quantile: linear interpolation between closest ranks", "[metrics]") {
  std::vector<double> values = {4, 1, 3, 2};
  CHECK(quantile(values, 0.5) == Approx(2.5));
  CHECK(quantile(values, 0.9) == Approx(3.7));  // position 2.7 -> 3 + 0.7 * (4 - 3)
  CHECK(quantile(values, 0.0) == 1.0);
  CHECK(quantile(values, 1.0) == 4.0);
  std::vector<double> empty;
  CHECK(std::isnan(quantile(empty, 0.5)));
  std::vector<double> one = {7};
  CHECK(quantile(one, 0.9) == 7.0);
}

TEST_CASE("metrics::quantile: the closest ranks of the sorted values, bit for bit", "[metrics]") {
  RandomStream stream(11, "quantile-test");
  for (const std::size_t size : {2u, 3u, 10u, 101u, 5000u}) {
    std::vector<double> values;
    for (std::size_t k = 0; k < size; ++k) {
      // Many ties (rounded minutes) and a spread of magnitudes, in no order.
      values.push_back(std::round(stream.exponential(1800.0) / 60.0) * 60.0 + (k % 7 == 0 ? 0.25 : 0.0));
    }
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    for (const double q : {0.0, 0.1, 0.5, 0.9, 0.99, 1.0}) {
      const double position = q * static_cast<double>(size - 1);
      const auto lower = static_cast<std::size_t>(std::floor(position));
      const std::size_t upper = std::min(lower + 1, size - 1);
      const double expected =
          sorted[lower] + (position - static_cast<double>(lower)) * (sorted[upper] - sorted[lower]);
      std::vector<double> copy = values;
      INFO("size " << size << ", q " << q);
      CHECK(quantile(copy, q) == expected);
      std::sort(copy.begin(), copy.end());
      CHECK(copy == sorted);  // reordered, nothing lost
    }
  }
}

TEST_CASE("metrics::collector: ED counts, census, waits and boarding by hand", "[metrics]") {
  Scenario scenario = one_hospital(10 * kHour);
  RunCollector collector(scenario);
  const std::string diverted_from = "other";
  // Patient A: walk-in at 1 h, treated at 1.5 h (wait 30 min), discharged at 3 h.
  // Patient B: ambulance diverted here at 2 h, treated at 2 h (wait 0), admitted at 4 h after 1 h boarding.
  // Patient C: walk-in at 2 h, leaves without being seen at 3 h.
  collector.on(EdArrival{1 * kHour, kH, 4, ArrivalMode::kWalkIn, kNone, false});
  collector.on(EdTreatmentStarted{1.5 * kHour, kH, 4, 0.5 * kHour});
  collector.on(EdArrival{2 * kHour, kH, 2, ArrivalMode::kAmbulance, diverted_from, false});
  collector.on(EdArrival{2 * kHour, kH, 5, ArrivalMode::kWalkIn, kNone, false});
  collector.on(EdTreatmentStarted{2 * kHour, kH, 2, 0.0});
  collector.on(EdDeparture{3 * kHour, kH, 4, EdOutcome::kDischarged, 0.5 * kHour, 2 * kHour, 0.0});
  collector.on(EdDeparture{3 * kHour, kH, 5, EdOutcome::kLeftWithoutBeingSeen, 1 * kHour, 1 * kHour, 0.0});
  collector.on(EdDeparture{4 * kHour, kH, 2, EdOutcome::kAdmitted, 0.0, 2 * kHour, 1 * kHour});
  collector.on_end(10 * kHour);

  const nlohmann::json m = metrics_json(collector.run_metrics())["hospitals"]["h"];
  CHECK(m["ed_arrivals"] == 3);
  CHECK(m["ed_walk_in"] == 2);
  CHECK(m["ed_ambulance"] == 1);
  CHECK(m["ed_diverted_in"] == 1);
  CHECK(m["ed_lwbs"] == 1);
  CHECK(m["ed_admitted"] == 1);
  CHECK(m["ed_census_peak"] == 3);
  // Census: 1 patient during [1,2) h, 3 during [2,3) h, 1 during [3,4) h: 5 patient-hours over 10 h.
  CHECK(m["ed_census_mean"].get<double>() == Approx(0.5));
  // Waits: treated patients {0, 30} minutes and the LWBS patient's 60 minutes to leaving: {0, 30, 60}.
  CHECK(m["ed_wait_median_min"].get<double>() == Approx(30.0));
  CHECK(m["ed_wait_p90_min"].get<double>() == Approx(54.0));  // position 1.8 -> 30 + 0.8 * 30
  CHECK(m["ed_boarding_hours"].get<double>() == Approx(1.0));
  const nlohmann::json region = metrics_json(collector.run_metrics())["region"];
  CHECK(region["ed_arrivals"] == 3);
  CHECK(region["ed_census_mean"].get<double>() == Approx(0.5));
}

TEST_CASE("metrics::collector: ED length of stay median and p90, admitted and discharged, within 4 hours",
          "[metrics]") {
  Scenario scenario = one_hospital(24 * kHour);
  RunCollector collector(scenario);
  // Departures (stay): discharged 1 h, 2 h, 3 h, 5 h; admitted 4 h, 6 h; LWBS 1.5 h; they fall in the hours 2
  // and 7. Events in time order: every arrival (at departure - stay) before the departures, but the LWBS one.
  auto arrive = [&](Seconds time) {
    collector.on(EdArrival{time, kH, 3, ArrivalMode::kWalkIn, kNone, false});
  };
  auto depart = [&](Seconds time, EdOutcome outcome, Seconds stay) {
    collector.on(EdDeparture{time, kH, 3, outcome, outcome == EdOutcome::kLeftWithoutBeingSeen ? stay : 0.0,
                             stay, 0.0});
  };
  arrive(1 * kHour);     // LWBS, leaves at 2.5 h
  arrive(1.75 * kHour);  // admitted at 7.75 h
  arrive(2.5 * kHour);   // discharged at 7.5 h
  depart(2.5 * kHour, EdOutcome::kLeftWithoutBeingSeen, 1.5 * kHour);
  arrive(3.75 * kHour);  // admitted at 7.75 h
  arrive(4.5 * kHour);   // discharged at 7.5 h
  arrive(5 * kHour);     // discharged at 7 h
  arrive(6 * kHour);     // discharged at 7 h
  depart(7 * kHour, EdOutcome::kDischarged, 1 * kHour);
  depart(7 * kHour, EdOutcome::kDischarged, 2 * kHour);
  depart(7.5 * kHour, EdOutcome::kDischarged, 3 * kHour);
  depart(7.5 * kHour, EdOutcome::kDischarged, 5 * kHour);
  depart(7.75 * kHour, EdOutcome::kAdmitted, 4 * kHour);
  depart(7.75 * kHour, EdOutcome::kAdmitted, 6 * kHour);
  collector.on_end(24 * kHour);

  const nlohmann::json m = metrics_json(collector.run_metrics())["hospitals"]["h"];
  CHECK(m["ed_departures"] == 7);
  // All stays, sorted (h): 1, 1.5, 2, 3, 4, 5, 6: median 3 h; p90 at position 5.4 -> 5 + 0.4 * 1 = 5.4 h.
  CHECK(m["ed_los_median_min"].get<double>() == Approx(180.0));
  CHECK(m["ed_los_p90_min"].get<double>() == Approx(324.0));
  // Discharged 1, 2, 3, 5 h: median 2.5 h; p90 at position 2.7 -> 3 + 0.7 * 2 = 4.4 h.
  CHECK(m["ed_los_discharged_median_min"].get<double>() == Approx(150.0));
  CHECK(m["ed_los_discharged_p90_min"].get<double>() == Approx(264.0));
  // Admitted 4, 6 h: median 5 h; p90 at position 0.9 -> 4 + 0.9 * 2 = 5.8 h.
  CHECK(m["ed_los_admitted_median_min"].get<double>() == Approx(300.0));
  CHECK(m["ed_los_admitted_p90_min"].get<double>() == Approx(348.0));
  // Within 4 hours (4 h or less, the NHS definition): 1, 1.5, 2, 3, 4 h: 5 of 7.
  CHECK(m["ed_within_4h_pct"].get<double>() == Approx(500.0 / 7));
  const nlohmann::json region = metrics_json(collector.run_metrics())["region"];
  CHECK(region["ed_los_median_min"].get<double>() == Approx(180.0));
  CHECK(region["ed_within_4h_pct"].get<double>() == Approx(500.0 / 7));

  // The timeline: the median stay of each hour's departures; no row for an hour without departures.
  std::map<double, double> hourly;
  for (const TimelineRow& row : collector.log().timeline) {
    if (std::string(timeline_metric_name(row.metric)) == "ed_los_median_min")
      hourly[row.hour_start / kHour] = row.value;
  }
  REQUIRE(hourly.size() == 2);
  CHECK(hourly[2] == Approx(90.0));   // the LWBS patient alone
  CHECK(hourly[7] == Approx(210.0));  // 1, 2, 3, 4, 5, 6 h: median 3.5 h
}

TEST_CASE("metrics::collector: no ED departures give null stays and a null 4-hour share", "[metrics]") {
  Scenario scenario = one_hospital(2 * kHour);
  RunCollector collector(scenario);
  collector.on_end(2 * kHour);
  const nlohmann::json m = metrics_json(collector.run_metrics())["hospitals"]["h"];
  CHECK(m["ed_los_median_min"].is_null());
  CHECK(m["ed_los_admitted_p90_min"].is_null());
  CHECK(m["ed_within_4h_pct"].is_null());
  CHECK(m["ed_wait_median_min"].is_null());
}

TEST_CASE(
    "metrics::collector: the initial state starts the census and the backlog; its patients' departures count",
    "[metrics]") {
  Scenario scenario = one_hospital(10 * kHour);
  RunCollector collector(scenario);
  const std::vector<std::uint64_t> backlog = {7, 8};
  // At t = 0: 2 waiting, 3 in treatment, 1 boarding; cases 7 and 8 waiting for a new date.
  collector.on(InitialState{0.0, kH, 2, 3, 1, backlog});
  // One of them (arrived 1 h before 0) is discharged at 1 h; case 7 is performed at 5 h.
  collector.on(EdDeparture{1 * kHour, kH, 3, EdOutcome::kDischarged, 0.5 * kHour, 2 * kHour, 0.0});
  collector.on(SurgeryEvent{5 * kHour, kH, SurgeryEventKind::kPerformed, 7, true, false, kNone});
  collector.on(SurgeryEvent{6 * kHour, kH, SurgeryEventKind::kPerformed, 8, true, false, kNone});
  collector.on_end(10 * kHour);
  const nlohmann::json m = metrics_json(collector.run_metrics())["hospitals"]["h"];
  CHECK(m["ed_arrivals"] == 0);  // present at 0, not arrived in the run
  CHECK(m["ed_departures"] == 1);
  CHECK(m["ed_los_median_min"].get<double>() == Approx(120.0));
  CHECK(m["ed_census_peak"] == 6);
  // Census 6 during [0, 1) h, 5 during [1, 10) h: 51 patient-hours over 10 h.
  CHECK(m["ed_census_mean"].get<double>() == Approx(5.1));
  CHECK(m["surgery_backlog_end"] == 0);
  // The initial backlog emptied at 6 h: cleared then, although no case was cancelled in the run.
  CHECK(m["surgery_backlog_cleared_hours"].get<double>() == Approx(6.0));
  std::map<std::pair<double, std::string>, double> values;
  for (const TimelineRow& row : collector.log().timeline) {
    values[{row.hour_start / kHour, std::string(timeline_metric_name(row.metric))}] = row.value;
  }
  CHECK(values[{0, "ed_census"}] == 6);
  CHECK(values[{0, "surgery_backlog"}] == 2);
  CHECK(values[{5, "surgery_backlog"}] == 1);
}

TEST_CASE("metrics::collector: surgery backlog and its clearance", "[metrics]") {
  Scenario scenario = one_hospital(48 * kHour);
  RunCollector collector(scenario);
  auto surgery = [&](Seconds t, SurgeryEventKind kind, std::uint64_t id, bool rebooked) {
    collector.on(SurgeryEvent{t, kH, kind, id, rebooked, false, kNone});
  };
  for (std::uint64_t id = 1; id <= 3; ++id) surgery(8 * kHour, SurgeryEventKind::kScheduled, id, false);
  surgery(9 * kHour, SurgeryEventKind::kPerformed, 1, false);
  collector.on(SurgeryEvent{10 * kHour, kH, SurgeryEventKind::kCancelled, 2, false, false, kNone,
                            CancellationCause::kDowntime});
  collector.on(SurgeryEvent{10 * kHour, kH, SurgeryEventKind::kCancelled, 3, false, false, kNone,
                            CancellationCause::kSessionTime});
  surgery(11 * kHour, SurgeryEventKind::kRebooked, 2, true);
  surgery(11 * kHour, SurgeryEventKind::kRebooked, 3, true);
  surgery(32 * kHour, SurgeryEventKind::kScheduled, 2, true);
  surgery(33 * kHour, SurgeryEventKind::kPerformed, 2, true);
  collector.on(
      SurgeryEvent{34 * kHour, kH, SurgeryEventKind::kPerformed, 99, false, true, kNone});  // emergency

  SECTION("one case still waiting at the end: backlog 1, not cleared") {
    collector.on_end(48 * kHour);
    const nlohmann::json m = metrics_json(collector.run_metrics())["hospitals"]["h"];
    CHECK(m["surgeries_scheduled"] == 3);  // rebookings are not new bookings
    CHECK(m["surgeries_performed"] == 2);
    CHECK(m["surgeries_cancelled"] == 2);
    CHECK(m["surgeries_cancelled_downtime"] == 1);
    CHECK(m["surgeries_rebooked"] == 2);
    CHECK(m["emergency_surgeries"] == 1);
    CHECK(m["surgery_backlog_end"] == 1);
    CHECK(m["surgery_backlog_cleared_hours"].is_null());
  }
  SECTION("the last rebooked case performed at 40 h clears the backlog then") {
    surgery(40 * kHour, SurgeryEventKind::kPerformed, 3, true);
    collector.on_end(48 * kHour);
    const nlohmann::json m = metrics_json(collector.run_metrics())["hospitals"]["h"];
    CHECK(m["surgery_backlog_end"] == 0);
    CHECK(m["surgery_backlog_cleared_hours"].get<double>() == Approx(40.0));
    CHECK(metrics_json(collector.run_metrics())["region"]["surgery_backlog_cleared_hours"].get<double>() ==
          Approx(40.0));
  }
}

TEST_CASE("metrics::collector: IT availability, minutes down, outages, time to detect", "[metrics]") {
  Scenario scenario = one_hospital(10 * kHour);
  RunCollector collector(scenario);
  const std::string ehr = "ehr", link = "l1", detail = "cut";
  const std::string cause_down = "no successful request", cause_up = "requests succeed";
  collector.on(InfrastructureEvent{1.75 * kHour, InfrastructureKind::kLinkDown, link, detail});
  collector.on(ServiceStateChanged{2 * kHour, kH, ehr, ServiceState::kUp, ServiceState::kDown, cause_down});
  collector.on(
      ServiceStateChanged{5 * kHour, kH, ehr, ServiceState::kDown, ServiceState::kRecovering, cause_up});
  collector.on(
      ServiceStateChanged{6 * kHour, kH, ehr, ServiceState::kRecovering, ServiceState::kUp, cause_up});
  collector.on_end(10 * kHour);
  const nlohmann::json it = it_json(collector.run_metrics());
  CHECK(it["h"]["ehr"]["availability_pct"].get<double>() == Approx(70.0));
  CHECK(it["h"]["ehr"]["minutes_down"].get<double>() == Approx(180.0));
  CHECK(it["h"]["ehr"]["minutes_recovering"].get<double>() == Approx(60.0));
  CHECK(it["h"]["ehr"]["outages"] == 1);
  CHECK(it["h"]["ehr"]["time_to_detect_min"].get<double>() == Approx(15.0));
  CHECK(it["h"]["lab"]["availability_pct"].get<double>() == Approx(100.0));
  CHECK(it["h"]["lab"]["time_to_detect_min"].is_null());
  const RunLog& log = collector.log();
  REQUIRE(log.incidents.size() == 4);
  CHECK(log.incidents[1].kind == IncidentKind::kServiceState);
  CHECK(std::string(incident_event_name(log.incidents[1])) == "service_state");
  CHECK(log.hospital_id(log.incidents[1].hospital) == "h");
  CHECK(log.texts[log.incidents[1].target] == "ehr");
  CHECK(log.incidents[1].from == ServiceState::kUp);
  CHECK(log.incidents[1].to == ServiceState::kDown);
}

TEST_CASE("metrics::collector: the timeline's reserve holds every row, a ransomware attack's too",
          "[metrics]") {
  Scenario scenario = one_hospital(3 * kHour);
  Injection ransomware;
  ransomware.id = "ransom";
  ransomware.kind = InjectionKind::kRansomware;
  scenario.injections["ransom"] = ransomware;
  RunCollector collector(scenario);
  const TimelineRow* storage = collector.log().timeline.data();
  // A departure in every hour, so that every hour has its median-stay row: the most rows an hour can have.
  for (int k = 0; k < 3; ++k) {
    collector.on(EdArrival{(k + 0.1) * kHour, kH, 3, ArrivalMode::kWalkIn, kNone, false});
    collector.on(
        EdDeparture{(k + 0.6) * kHour, kH, 3, EdOutcome::kDischarged, 0.1 * kHour, 0.5 * kHour, 0.0});
  }
  collector.on_end(3 * kHour);
  const RunLog& log = collector.log();
  // 3 hours x every hospital metric, and 3 hours x the 3 attack metrics for the region (on_end()).
  const auto hospital_metrics = static_cast<std::size_t>(TimelineMetric::kAttackHostsInfected);
  REQUIRE(log.timeline.size() == 3 * hospital_metrics + 3 * 3);
  CHECK(log.timeline.back().hospital == kNoHospital);
  CHECK(log.timeline.data() == storage);  // reserved up front: never copied as it grew
}

TEST_CASE("metrics::collector: hourly timeline counts and states", "[metrics]") {
  Scenario scenario = one_hospital(3 * kHour);
  RunCollector collector(scenario);
  collector.on(BedOccupancy{0.0, kH, 7, 10});
  collector.on(EdArrival{0.25 * kHour, kH, 3, ArrivalMode::kAmbulance, kNone, false});
  collector.on(EdArrival{0.5 * kHour, kH, 3, ArrivalMode::kWalkIn, kNone, false});
  collector.on(BedOccupancy{1.0 * kHour, kH, 8, 10});  // exactly at the start of hour 1: part of its state
  collector.on(EdArrival{1.5 * kHour, kH, 3, ArrivalMode::kWalkIn, kNone, false});
  collector.on_end(3 * kHour);

  std::map<std::pair<double, std::string>, double> values;
  for (const TimelineRow& row : collector.log().timeline) {
    values[{row.hour_start / kHour, std::string(timeline_metric_name(row.metric))}] = row.value;
  }
  // 3 hours x every hospital metric but the median stay (no departures), one hospital; no region rows.
  CHECK(values.size() == 3 * (static_cast<std::size_t>(TimelineMetric::kAttackHostsInfected) - 1));
  CHECK(values[{0, "ed_arrivals"}] == 2);
  CHECK(values[{0, "ed_ambulance_arrivals"}] == 1);
  CHECK(values[{1, "ed_arrivals"}] == 1);
  CHECK(values[{2, "ed_arrivals"}] == 0);
  CHECK(values[{0, "beds_occupied"}] == 7);
  CHECK(values[{1, "beds_occupied"}] == 8);
  CHECK(values[{1, "ed_census"}] == 2);
  CHECK(values[{2, "ed_census"}] == 3);

  // Hour by hour, the hospital's rows in metric order.
  const TimelineRow& first = collector.log().timeline.front();
  CHECK(first.hour_start == 0.0);
  CHECK(first.metric == TimelineMetric::kEdArrivals);
  CHECK(first.value == 2);
  CHECK(collector.log().hospital_id(first.hospital) == "h");
}

TEST_CASE("metrics::collector: mutual aid moves by hand", "[metrics]") {
  Scenario scenario = one_hospital(30 * kHour);
  scenario.policies.mutual_aid = true;
  Hospital other;
  other.id = "g";
  other.name = "G";
  scenario.hospitals.emplace("g", other);
  RunCollector collector(scenario);
  const std::string kG = "g";
  const std::string none;
  // h's cases 1 and 2 move to g at 08:00 (cases 7 and 8 there), case 3 at 08:00 is cancelled at h; g lists
  // case 7 the next day and performs it; case 8 is still waiting at the end.
  collector.on(SurgeryEvent{8 * kHour, kH, SurgeryEventKind::kScheduled, 1, false, false, none});
  collector.on(SurgeryEvent{8 * kHour, kH, SurgeryEventKind::kScheduled, 2, false, false, none});
  collector.on(SurgeryEvent{8 * kHour, kH, SurgeryEventKind::kScheduled, 3, false, false, none});
  collector.on(ElectiveMoved{8 * kHour, kH, kG, 1, 7, 0, 15.0, 24 * kHour});
  collector.on(ElectiveMoved{8 * kHour, kH, kG, 2, 8, 0, 15.0, 24 * kHour});
  const std::string reason = "cancel_day: services down";
  collector.on(SurgeryEvent{8 * kHour, kH, SurgeryEventKind::kCancelled, 3, false, false, reason,
                            CancellationCause::kDowntime});
  SurgeryEvent listed{24 * kHour + 8 * kHour, kG, SurgeryEventKind::kScheduled, 7, false, false, none};
  listed.planned_start = 24 * kHour + 14 * kHour;
  listed.moved_in = true;
  collector.on(listed);
  SurgeryEvent done{24 * kHour + 15 * kHour, kG, SurgeryEventKind::kPerformed, 7, false, false, none};
  done.moved_in = true;
  collector.on(done);
  collector.on_end(30 * kHour);

  const nlohmann::json m = metrics_json(collector.run_metrics());
  const nlohmann::json& h = m["hospitals"]["h"];
  const nlohmann::json& g = m["hospitals"]["g"];
  CHECK(h["surgeries_scheduled"] == 3);
  CHECK(h["surgeries_cancelled"] == 1);  // the moved cases are not cancellations
  CHECK(h["surgery_backlog_end"] == 1);
  CHECK(h["surgeries_moved_out"] == 2);
  CHECK(h["surgeries_moved_in"] == 0);
  CHECK(g["surgeries_scheduled"] == 0);  // a moved-in case is not one of g's own bookings
  CHECK(g["surgeries_moved_in"] == 2);
  CHECK(g["surgeries_moved_in_performed"] == 1);
  CHECK(g["surgeries_performed"] == 1);
  CHECK(m["region"]["surgeries_moved_out"] == 2);
  CHECK(m["region"]["surgeries_moved_in"] == 2);
  CHECK(m["region"]["surgeries_moved_in_performed"] == 1);
  CHECK(m["region"]["surgeries_cancelled"] == 1);
  std::map<std::pair<std::string, double>, double> values;
  for (const TimelineRow& row : collector.log().timeline) {
    values[{collector.hospital_ids()[row.hospital] + "/" + std::string(timeline_metric_name(row.metric)),
            row.hour_start / kHour}] = row.value;
  }
  CHECK(values[{"h/surgeries_moved_out", 8}] == 2);
  CHECK(values[{"g/surgeries_moved_in", 8}] == 2);
  CHECK(values[{"h/surgeries_moved_out", 9}] == 0);
  CHECK(values[{"g/surgeries_moved_in", 7}] == 0);
}

TEST_CASE("metrics::collector: without mutual aid the summary has no surgeries_moved_* keys", "[metrics]") {
  Scenario scenario = one_hospital(kHour);
  RunCollector collector(scenario);
  collector.on_end(kHour);
  const nlohmann::json m = metrics_json(collector.run_metrics());
  CHECK_FALSE(m["region"].contains("surgeries_moved_out"));
  CHECK_FALSE(m["hospitals"]["h"].contains("surgeries_moved_in"));
}

TEST_CASE("metrics::collector: surge hours, transfers and ambulances kept by hand", "[metrics]") {
  Scenario scenario = one_hospital(6 * kHour);
  Hospital other;
  other.id = "g";
  other.name = "G";
  scenario.hospitals.emplace("g", other);
  RunCollector collector(scenario);
  const std::string kG = "g";
  const std::string crowding = "crowding", stand_down = "stand_down";
  // h: surge 2 spaces and 4 beds open 1:30-3:30 (4 space-hours, 8 bed-hours), then 1 space from 5:00 to the
  // end at 6:00 (1 more space-hour). Two boarders leave h for g (travel 0.25 h each). Two ambulances kept.
  collector.on(SurgeChanged{1.5 * kHour, kH, 2, 4, crowding});
  collector.on(PatientTransferred{2.25 * kHour, kH, kG, 15.0, 0.25 * kHour, 4 * kHour});
  collector.on(AmbulanceKept{2.5 * kHour, kH, 3, KeptReason::kScope});
  collector.on(SurgeChanged{3.5 * kHour, kH, 0, 0, stand_down});
  collector.on(PatientTransferred{4.0 * kHour, kH, kG, 15.0, 0.25 * kHour, 5 * kHour});
  collector.on(AmbulanceKept{4.5 * kHour, kH, 2, KeptReason::kNoOpenEd});
  collector.on(SurgeChanged{5 * kHour, kH, 1, 0, crowding});
  collector.on_end(6 * kHour);

  const nlohmann::json m = metrics_json(collector.run_metrics());
  const nlohmann::json& h = m["hospitals"]["h"];
  CHECK(h["surge_openings"] == 2);
  CHECK(h["surge_space_hours"].get<double>() == Approx(5.0));
  CHECK(h["surge_bed_hours"].get<double>() == Approx(8.0));
  CHECK(h["transfers_out"] == 2);
  CHECK(h["transfers_in"] == 0);
  CHECK(h["transfer_travel_hours"].get<double>() == Approx(0.5));
  CHECK(h["ed_kept_scope"] == 1);
  CHECK(h["ed_kept_no_open_ed"] == 1);
  CHECK(m["hospitals"]["g"]["transfers_in"] == 2);
  CHECK(m["region"]["transfers_out"] == 2);
  CHECK(m["region"]["transfers_in"] == 2);
  CHECK(m["region"]["surge_space_hours"].get<double>() == Approx(5.0));

  std::map<std::pair<double, std::string>, double> values;
  for (const TimelineRow& row : collector.log().timeline) {
    if (collector.hospital_ids()[row.hospital] == "h")
      values[{row.hour_start / kHour, std::string(timeline_metric_name(row.metric))}] = row.value;
  }
  CHECK(values[{1, "surge_spaces"}] == 0);  // state at the hour's start
  CHECK(values[{2, "surge_spaces"}] == 2);
  CHECK(values[{4, "surge_spaces"}] == 0);
  CHECK(values[{5, "surge_spaces"}] == 1);
  CHECK(values[{2, "transfers_out"}] == 1);
  CHECK(values[{4, "transfers_out"}] == 1);
  CHECK(values[{3, "transfers_out"}] == 0);
  // The incident log has the surge changes.
  int surge_rows = 0;
  for (const IncidentRow& row : collector.log().incidents) {
    surge_rows += row.kind == IncidentKind::kSurgeOpen || row.kind == IncidentKind::kSurgeClose;
  }
  CHECK(surge_rows == 3);
}

TEST_CASE("metrics::csv: fields are quoted only when needed and numbers round-trip", "[metrics]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(format_number(3.0) == "3");
  CHECK(format_number(0.1) == "0.1");
  CHECK(std::stod(format_number(2.0 / 3.0)) == 2.0 / 3.0);
  std::string appended = "x=";
  append_number(appended, -0.0);
  CHECK(appended == "x=-0");
}

TEST_CASE("metrics::collector: an incident is about a hospital of the scenario, or about none", "[metrics]") {
  Scenario scenario = one_hospital(10 * kHour);
  RunCollector collector(scenario);
  const std::string link = "a1";
  const std::string ehr = "ehr";
  const std::string detail = "injection cut";
  collector.on(InfrastructureEvent{1 * kHour, InfrastructureKind::kLinkDown, link, detail});
  collector.on(InfrastructureEvent{2 * kHour, InfrastructureKind::kShutdown, kH, detail});
  REQUIRE(collector.log().incidents.size() == 2);
  CHECK(collector.log().incidents[0].hospital == kNoHospital);  // a link: the hospital column is empty
  CHECK(collector.log().incidents[1].hospital == 0);
  SECTION("a service state, diversion or surge change naming another hospital is refused, not logged") {
    const std::string nowhere = "nowhere";
    const std::string reason = "crowding";
    CHECK_THROWS_WITH(collector.on(ServiceStateChanged{3 * kHour, nowhere, ehr, ServiceState::kUp,
                                                       ServiceState::kDown, detail}),
                      "a service state change names hospital \"nowhere\", not a hospital of the scenario");
    CHECK_THROWS_WITH(collector.on(DiversionChanged{3 * kHour, nowhere, true, reason}),
                      "a diversion change names hospital \"nowhere\", not a hospital of the scenario");
    CHECK_THROWS_WITH(collector.on(SurgeChanged{3 * kHour, nowhere, 1, 0, reason}),
                      "a surge change names hospital \"nowhere\", not a hospital of the scenario");
    CHECK(collector.log().incidents.size() == 2);
  }
}

TEST_CASE("metrics::collector: diversions are counted per (from, to) pair", "[metrics]") {
  Scenario scenario;
  scenario.name = "flows";
  scenario.start = CivilTime{2025, 3, 13, 0, 0, 0};
  scenario.horizon = kHour;
  for (const char* id : {"a", "b", "c"}) {
    Hospital hospital;
    hospital.id = id;
    hospital.name = id;
    scenario.hospitals.emplace(id, hospital);
  }
  RunCollector collector(scenario);
  const std::string a = "a", b = "b", c = "c", home;
  collector.on(AmbulanceDiverted{10.0, b, a, 20.0, 600.0});
  collector.on(AmbulanceDiverted{20.0, b, a, 20.0, 1200.0});
  collector.on(AmbulanceDiverted{30.0, a, c, 30.0, 900.0});
  collector.on(WalkInAdvised{40.0, b, a});
  collector.on(WalkInAdvised{50.0, b, home});  // stayed home: not a flow
  collector.on_end(kHour);
  const std::vector<DiversionFlow> flows = collector.diversion_flows();
  REQUIRE(flows.size() == 2);
  CHECK(flows[0].from == "a");
  CHECK(flows[0].to == "c");
  CHECK(flows[0].ambulances == 1);
  CHECK(flows[0].walk_ins_advised == 0);
  CHECK(flows[0].extra_travel_hours == Approx(0.25));
  CHECK(flows[1].from == "b");
  CHECK(flows[1].to == "a");
  CHECK(flows[1].ambulances == 2);
  CHECK(flows[1].walk_ins_advised == 1);
  CHECK(flows[1].extra_travel_hours == Approx(0.5));
}

TEST_CASE("metrics::collector: downtime test delays, reported only where the scenario models them",
          "[metrics]") {
  Scenario scenario = one_hospital(10 * kHour);
  SECTION("without a turnaround in the effects the keys are absent") {
    RunCollector collector(scenario);
    collector.on_end(10 * kHour);
    CHECK_FALSE(metrics_json(collector.run_metrics())["hospitals"]["h"].contains("ed_test_delays"));
    CHECK_FALSE(metrics_json(collector.run_metrics())["region"].contains("ed_test_delay_hours"));
  }
  SECTION("two patients wait 2 h and 30 min for the downtime path") {
    Service lab;
    lab.id = "lab";
    lab.kind = "lab";
    scenario.services["lab"] = lab;
    scenario.hospitals["h"].has_ed = true;
    Effect effect;
    effect.turnaround = 3 * kHour;
    scenario.effects["lab"][Activity::kEdTreatment] = effect;
    RunCollector collector(scenario);
    collector.on(EdTestDelay{1 * kHour, kH, 3, true, false, 2 * kHour});
    collector.on(EdTestDelay{2 * kHour, kH, 2, true, true, 0.5 * kHour});
    collector.on_end(10 * kHour);
    const nlohmann::json m = metrics_json(collector.run_metrics())["hospitals"]["h"];
    CHECK(m["ed_test_delays"] == 2);
    CHECK(m["ed_test_delay_hours"].get<double>() == Approx(2.5));
    CHECK(metrics_json(collector.run_metrics())["region"]["ed_test_delays"] == 2);
    // Timeline: one delay counted in hour 1 (its treatment start), one in hour 2.
    std::map<double, double> per_hour;
    for (const TimelineRow& row : collector.log().timeline) {
      if (std::string(timeline_metric_name(row.metric)) == "ed_test_delays")
        per_hour[row.hour_start / kHour] = row.value;
    }
    CHECK(per_hour[0] == 0);
    CHECK(per_hour[1] == 1);
    CHECK(per_hour[2] == 1);
    CHECK(per_hour[3] == 0);
  }
}

// A degrade is a fault onset too (docs/model.md): a service that goes DOWN 20 min after a degrade starts,
// with no other fault before it, was detected in 20 min; a degrade's end is not an onset.
TEST_CASE("metrics::collector: time to detect counts from the start of a degrade", "[metrics]") {
  Scenario scenario = one_hospital(10 * kHour);
  RunCollector collector(scenario);
  const std::string ehr = "ehr", link = "l1", detail = "slow";
  const std::string cause_down = "no successful request", cause_up = "requests succeed";
  collector.on(InfrastructureEvent{1 * kHour, InfrastructureKind::kDegradeStart, link, detail});
  collector.on(ServiceStateChanged{1 * kHour + 20 * kMinute, kH, ehr, ServiceState::kUp, ServiceState::kDown,
                                   cause_down});
  collector.on(ServiceStateChanged{3 * kHour, kH, ehr, ServiceState::kDown, ServiceState::kUp, cause_up});
  collector.on(InfrastructureEvent{4 * kHour, InfrastructureKind::kDegradeEnd, link, detail});
  collector.on(ServiceStateChanged{4 * kHour + 30 * kMinute, kH, ehr, ServiceState::kUp, ServiceState::kDown,
                                   cause_down});
  collector.on_end(10 * kHour);
  const nlohmann::json it = it_json(collector.run_metrics());
  CHECK(it["h"]["ehr"]["outages"] == 2);
  // Both outages measure from the degrade's start (the latest onset before each): (20 + 210) / 2 = 115 min.
  CHECK(it["h"]["ehr"]["time_to_detect_min"].get<double>() == Approx(115.0));
}

TEST_CASE("metrics::FlatMap: a sorted vector behaves as the ordered map it replaces", "[metrics]") {
  hospsim::FlatMap<std::uint64_t, double> map;
  CHECK(map.empty());
  CHECK(map.assign(5, 0.5));
  CHECK(map.assign(9, 0.9));
  CHECK(map.assign(2, 0.2));      // before the others
  CHECK(map.assign(7, 0.7));      // between
  CHECK_FALSE(map.assign(9, 9));  // an existing key: replaced, not added
  REQUIRE(map.size() == 4);
  std::vector<std::pair<std::uint64_t, double>> items(map.begin(), map.end());
  CHECK(items == std::vector<std::pair<std::uint64_t, double>>{{2, 0.2}, {5, 0.5}, {7, 0.7}, {9, 9.0}});
  REQUIRE(map.find(7) != nullptr);
  CHECK(*map.find(7) == 0.7);
  CHECK(map.find(6) == nullptr);
  CHECK(map.find(10) == nullptr);
  CHECK(map.erase(6) == 0);
  CHECK(map.erase(5) == 1);
  CHECK(map.erase(5) == 0);
  CHECK(map.find(5) == nullptr);
  CHECK(map.size() == 3);
  map.assign_keys({8, 3, 8, 1});  // repeats once, any order, default values
  items.assign(map.begin(), map.end());
  CHECK(items == std::vector<std::pair<std::uint64_t, double>>{{1, 0.0}, {3, 0.0}, {8, 0.0}});
}
