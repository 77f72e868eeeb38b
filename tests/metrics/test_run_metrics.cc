// The typed metric record of a run: ids and the table, kinds, what each place reports, the JSON number
// forms of summary.json, the message between processes, and the record of a hand-computed run.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <variant>

#include "metrics/collector.h"
#include "metrics/metric_table.h"
#include "metrics/run_metrics.h"

using namespace hospsim;

TEST_CASE("metrics::run_metrics: every id names its own row of the table", "[metrics]") {
  REQUIRE(metric_table().size() == kMetricCount);
  for (std::size_t i = 0; i < kMetricCount; ++i) {
    const auto id = static_cast<MetricId>(i);
    CHECK(metric_table()[i].id == id);
    CHECK(&metric_info(id) == &metric_table()[i]);
  }
  CHECK(metric_info(MetricId::kSurgeriesScheduled).name == "surgeries_scheduled");
  CHECK(metric_info(MetricId::kEdWaitP90Min).name == "ed_wait_p90_min");
  CHECK(metric_info(MetricId::kItAvailabilityPct).name == "it_availability_pct");
}

TEST_CASE("metrics::run_metrics: values are set with the table's kind", "[metrics]") {
  MetricRecord record;
  set_count(record, MetricId::kEdArrivals, 7);
  set_real(record, MetricId::kEdCensusMean, 1.5);
  CHECK(std::get<std::int64_t>(*record.get(MetricId::kEdArrivals)) == 7);
  CHECK(std::get<double>(*record.get(MetricId::kEdCensusMean)) == 1.5);
  CHECK_FALSE(record.get(MetricId::kEdLwbs).has_value());
  SECTION("a count set as a real, or a real as a count, is refused with the metric's name") {
    CHECK_THROWS_WITH(set_real(record, MetricId::kEdArrivals, 7.0),
                      "metric ed_arrivals set with the wrong kind of value");
    CHECK_THROWS_AS(set_count(record, MetricId::kEdCensusMean, 1), std::logic_error);
  }
  SECTION("a real that is not a number leaves no value") {
    set_real(record, MetricId::kEdCensusMean, std::numeric_limits<double>::quiet_NaN());
    CHECK_FALSE(record.get(MetricId::kEdCensusMean).has_value());
  }
}

TEST_CASE("metrics::run_metrics: summary.json's number forms", "[metrics]") {
  MetricRecord record;
  set_count(record, MetricId::kEdArrivals, 2);
  set_real(record, MetricId::kEdCensusMean, 2.0);
  set_real(record, MetricId::kEdBoardingHours, 0.1);
  set_real(record, MetricId::kDiversionHours, 1.0 / 3.0);
  set_real(record, MetricId::kBedsOccupiedMean, 1e-7);
  CHECK(metric_json(record, MetricId::kEdArrivals).dump() == "2");         // an integer
  CHECK(metric_json(record, MetricId::kEdCensusMean).dump() == "2.0");     // a real stays a real
  CHECK(metric_json(record, MetricId::kEdBoardingHours).dump() == "0.1");  // shortest round-trip
  CHECK(metric_json(record, MetricId::kDiversionHours).dump() == "0.3333333333333333");
  CHECK(metric_json(record, MetricId::kBedsOccupiedMean).dump() == "1e-07");
  CHECK(metric_json(record, MetricId::kEdWaitMedianMin).dump() == "null");  // no value
}

TEST_CASE("metrics::run_metrics: the written value is none where summary.json writes null", "[metrics]") {
  MetricRecord record;
  set_count(record, MetricId::kEdArrivals, 3);
  set_real(record, MetricId::kEdCensusMean, 0.5);
  set_real(record, MetricId::kDiversionHours, std::numeric_limits<double>::infinity());
  set_real(record, MetricId::kEdBoardingHours, -std::numeric_limits<double>::infinity());
  CHECK(std::get<std::int64_t>(*written_value(record, MetricId::kEdArrivals)) == 3);
  CHECK(std::get<double>(*written_value(record, MetricId::kEdCensusMean)) == 0.5);
  CHECK_FALSE(written_value(record, MetricId::kEdLwbs).has_value());  // no value
  CHECK_FALSE(written_value(record, MetricId::kDiversionHours).has_value());
  CHECK_FALSE(written_value(record, MetricId::kEdBoardingHours).has_value());
  CHECK(nlohmann::json{{"x", metric_json(record, MetricId::kDiversionHours)}}.dump() == R"({"x":null})");
}

TEST_CASE("metrics::run_metrics: the lowest availability of a hospital's services and of the run",
          "[metrics]") {
  auto service = [](const std::string& id, double availability) {
    ServiceMetrics out;
    out.service = id;
    set_real(out.values, MetricId::kAvailabilityPct, availability);
    return out;
  };
  RunMetrics metrics;
  HospitalMetrics a{"a", MetricRecord{}, {service("ehr", 80.0), service("lab", 100.0)}};
  HospitalMetrics b{
      "b", MetricRecord{}, {service("ehr", -std::numeric_limits<double>::infinity()), service("pacs", 99.5)}};
  HospitalMetrics c{"c", MetricRecord{}, {ServiceMetrics{"ehr", MetricRecord{}}}};  // no value
  metrics.hospitals = {a, b, c};
  CHECK(lowest_availability(a) == 80.0);
  CHECK(lowest_availability(b) == 99.5);  // -infinity is null in summary.json: no value, not the lowest
  CHECK_FALSE(lowest_availability(c).has_value());
  CHECK_FALSE(lowest_availability(HospitalMetrics{}).has_value());
  CHECK(lowest_availability(metrics) == 80.0);
  CHECK_FALSE(lowest_availability(RunMetrics{}).has_value());
}

TEST_CASE("metrics::run_metrics: each place reports the table's metrics for the run's conditions",
          "[metrics]") {
  RunMetrics metrics;
  const nlohmann::json hospital = metrics_object(metrics, MetricRecord{}, MetricPlace::kHospital);
  CHECK(hospital.contains("ed_arrivals"));
  CHECK(hospital["ed_arrivals"].is_null());  // reported, no value set
  CHECK_FALSE(hospital.contains("surgeries_moved_in"));
  CHECK_FALSE(hospital.contains("ed_test_delays"));
  CHECK_FALSE(hospital.contains("availability_pct"));
  CHECK_FALSE(hospital.contains("it_availability_pct"));  // the batch store's, never summary.json's
  CHECK_FALSE(
      metrics_object(metrics, MetricRecord{}, MetricPlace::kRegion).contains("attack_hosts_infected"));
  metrics.mutual_aid = true;
  metrics.test_turnaround = true;
  metrics.ransomware = true;
  CHECK(metrics_object(metrics, MetricRecord{}, MetricPlace::kHospital).contains("surgeries_moved_in"));
  CHECK(metrics_object(metrics, MetricRecord{}, MetricPlace::kHospital).contains("ed_test_delays"));
  CHECK_FALSE(
      metrics_object(metrics, MetricRecord{}, MetricPlace::kHospital).contains("attack_hosts_infected"));
  CHECK(metrics_object(metrics, MetricRecord{}, MetricPlace::kRegion).contains("attack_hosts_infected"));
  const nlohmann::json service = metrics_object(metrics, MetricRecord{}, MetricPlace::kService);
  CHECK(service.size() == 5);
  CHECK(service.contains("time_to_detect_min"));
}

TEST_CASE("metrics::run_metrics: the record crosses the process boundary exactly", "[metrics]") {
  RunMetrics metrics;
  metrics.ransomware = true;
  set_count(metrics.region, MetricId::kEdArrivals, (std::int64_t{1} << 53) + 1);  // not exact as a double
  set_real(metrics.region, MetricId::kEdCensusMean, 0.1 + 0.2);
  set_real(metrics.region, MetricId::kAttackHostHoursDown, 2.0);
  set_real(metrics.region, MetricId::kDiversionHours, -1e-300);
  HospitalMetrics hospital;
  hospital.hospital = "b";
  set_real(hospital.values, MetricId::kBedsOccupiedMean, 123456789.123456789);
  set_count(hospital.values, MetricId::kBedsOccupiedPeak, -3);
  ServiceMetrics service;
  service.service = "ehr";
  set_real(service.values, MetricId::kAvailabilityPct, 99.99999999999999);
  set_count(service.values, MetricId::kOutages, 2);
  hospital.services.push_back(service);
  metrics.hospitals.push_back(hospital);
  metrics.hospitals.push_back(HospitalMetrics{"a", MetricRecord{}, {}});  // order kept as given

  // Through CBOR, as the result protocol of the child processes carries it.
  const RunMetrics back =
      metrics_from_message(nlohmann::json::from_cbor(nlohmann::json::to_cbor(to_message(metrics))));
  CHECK(back == metrics);
  CHECK(std::holds_alternative<double>(*back.region.get(MetricId::kAttackHostHoursDown)));  // 2.0 stays real
  CHECK(std::get<std::int64_t>(*back.region.get(MetricId::kEdArrivals)) == (std::int64_t{1} << 53) + 1);
  CHECK(back.hospitals[0].hospital == "b");
  CHECK_FALSE(back.region.get(MetricId::kEdLwbs).has_value());

  SECTION("a message of another shape is refused") {
    nlohmann::json message = to_message(metrics);
    message["region"].erase(message["region"].size() - 1);
    CHECK_THROWS_AS(metrics_from_message(message), std::invalid_argument);
  }
}

TEST_CASE("metrics::run_metrics: the record of a hand-computed run", "[metrics]") {
  Scenario scenario;
  scenario.name = "record";
  scenario.start = CivilTime{2025, 3, 13, 0, 0, 0};
  scenario.horizon = 4 * kHour;
  Hospital hospital;
  hospital.id = "h";
  hospital.name = "H";
  hospital.uses = {"ehr"};
  scenario.hospitals.emplace("h", hospital);
  const std::string h = "h";
  const std::string ehr = "ehr";
  const std::string none;
  RunCollector collector(scenario);
  // One walk-in at 1 h, treated at once, discharged at 3 h; the EHR is DOWN from 2 h to 3 h.
  collector.on(EdArrival{1 * kHour, h, 3, ArrivalMode::kWalkIn, none, false});
  collector.on(EdTreatmentStarted{1 * kHour, h, 3, 0.0});
  collector.on(ServiceStateChanged{2 * kHour, h, ehr, ServiceState::kUp, ServiceState::kDown, "test"});
  collector.on(ServiceStateChanged{3 * kHour, h, ehr, ServiceState::kDown, ServiceState::kUp, "test"});
  collector.on(EdDeparture{3 * kHour, h, 3, EdOutcome::kDischarged, 0.0, 2 * kHour, 0.0});
  collector.on_end(4 * kHour);

  const RunMetrics metrics = collector.run_metrics();
  CHECK_FALSE(metrics.mutual_aid);
  CHECK_FALSE(metrics.ransomware);
  REQUIRE(metrics.hospitals.size() == 1);
  const MetricRecord& values = metrics.hospitals[0].values;
  CHECK(std::get<std::int64_t>(*values.get(MetricId::kEdArrivals)) == 1);
  CHECK(std::get<std::int64_t>(*values.get(MetricId::kEdDepartures)) == 1);
  CHECK(std::get<double>(*values.get(MetricId::kEdCensusMean)) == 0.5);  // 2 patient-hours over 4 h
  CHECK(std::get<double>(*values.get(MetricId::kEdWaitMedianMin)) == 0.0);
  CHECK(std::get<double>(*values.get(MetricId::kEdLosMedianMin)) == 120.0);
  CHECK(std::get<double>(*values.get(MetricId::kEdWithin4hPct)) == 100.0);
  CHECK_FALSE(values.get(MetricId::kEdLosAdmittedMedianMin).has_value());      // nobody admitted
  CHECK_FALSE(values.get(MetricId::kSurgeryBacklogClearedHours).has_value());  // never held a case
  CHECK_FALSE(values.get(MetricId::kSurgeriesMovedIn).has_value());            // mutual aid is off
  CHECK(metrics.region == values);  // one hospital: the region is that hospital (no backlog either)
  REQUIRE(metrics.hospitals[0].services.size() == 1);
  const MetricRecord& service = metrics.hospitals[0].services[0].values;
  CHECK(metrics.hospitals[0].services[0].service == "ehr");
  CHECK(std::get<double>(*service.get(MetricId::kAvailabilityPct)) == 75.0);
  CHECK(std::get<double>(*service.get(MetricId::kMinutesDown)) == 60.0);
  CHECK(std::get<std::int64_t>(*service.get(MetricId::kOutages)) == 1);
  CHECK_FALSE(service.get(MetricId::kTimeToDetectMin).has_value());  // no fault onset before it
  // And summary.json's form of them.
  const nlohmann::json it = it_json(metrics);
  CHECK(it["h"]["ehr"]["availability_pct"].dump() == "75.0");
  CHECK(it["h"]["ehr"]["outages"].dump() == "1");
  CHECK(metrics_json(metrics)["hospitals"]["h"]["ed_los_admitted_median_min"].is_null());
}
