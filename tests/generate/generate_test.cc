// Tests of the synthetic scenario generator: validity, determinism, counts and the size spread.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "generate/generate.h"
#include "hospsim/loader.h"

namespace hospsim {
namespace {

Scenario load(const std::string& text) {
  Result<Scenario> loaded = load_scenario_text(text, "generated.json");
  if (!loaded.is_ok()) FAIL(loaded.status().message());
  return loaded.value();
}

// Options with the default monitoring (designated initializers would leave the monitoring members out,
// which GCC warns about although they have defaults).
GenerateOptions options_of(int hospitals, int regions, int days, std::uint64_t seed) {
  GenerateOptions options;
  options.hospitals = hospitals;
  options.regions = regions;
  options.days = days;
  options.seed = seed;
  return options;
}

std::string text_of(const GenerateOptions& options) {
  Result<std::string> text = generate_scenario_text(options);
  if (!text.is_ok()) FAIL(text.status().message());
  return text.value();
}

}  // namespace

TEST_CASE("generate::scenario: output validates and has the requested counts", "[generate]") {
  const GenerateOptions options = options_of(40, 5, 14, 7);
  const Scenario scenario = load(text_of(options));
  CHECK(scenario.format == "hospsim/1");
  CHECK(scenario.hospitals.size() == 40);
  CHECK(scenario.horizon == 14 * kDay);
  CHECK(scenario.seed == 7);
  CHECK(scenario.services.size() == 4 * 5);
  CHECK(scenario.network.routers.size() == 5);
  CHECK(scenario.injections.size() == 1);

  std::set<std::string> regions;
  std::map<std::string, int> per_region;
  for (const auto& [id, hospital] : scenario.hospitals) {
    regions.insert(hospital.region);
    ++per_region[hospital.region];
    CHECK(hospital.uses.size() == 4);
    CHECK(hospital.has_ed);
    // Inside the country box.
    CHECK(hospital.location.lat >= 54.6);
    CHECK(hospital.location.lat <= 57.6);
    CHECK(hospital.location.lon >= 8.1);
    CHECK(hospital.location.lon <= 12.6);
  }
  CHECK(regions.size() == 5);  // every region has at least one hospital

  // One or two data centres per region; every service of a region has a standby.
  std::map<std::string, int> datacenters_per_region;
  for (const auto& [id, datacenter] : scenario.datacenters) ++datacenters_per_region[id.substr(0, 3)];
  CHECK(datacenters_per_region.size() == 5);
  for (const auto& [region, count] : datacenters_per_region) {
    CHECK(count >= 1);
    CHECK(count <= 2);
  }
  for (const auto& [id, service] : scenario.services) {
    REQUIRE(service.standby.has_value());
    CHECK(*service.standby != service.hosted_on);
  }
  // Every hospital has one link over telco-a, some a second over telco-b; the backbone is a ring.
  int telco_a = 0, backbone = 0;
  for (const auto& [id, link] : scenario.network.links) {
    if (link.carrier == "telco-a" && scenario.hospitals.count(link.between[0])) ++telco_a;
    if (link.carrier == "national") ++backbone;
  }
  CHECK(telco_a == 40);
  CHECK(backbone == 5);
  // The injection happens inside the run.
  const Injection& injection = scenario.injections.begin()->second;
  CHECK(injection.kind == InjectionKind::kLinkDown);
  CHECK(injection.at.a == 1 * kDay + 10 * kHour);
  CHECK(!injection.targets.empty());
}

TEST_CASE("generate::scenario: same seed gives the same bytes, another seed other bytes", "[generate]") {
  const GenerateOptions options = options_of(25, 7, 30, 1);
  GenerateOptions other = options;
  other.seed = 2;
  const std::string first = text_of(options);
  CHECK(text_of(options) == first);
  CHECK(text_of(other) != first);
  // Keys keep a stable, readable order: format first, strategies-free, injections last.
  CHECK(first.rfind("{\n  \"format\": \"hospsim/1\",\n  \"name\": \"synthetic-25h-7r-30d-seed1\"", 0) == 0);
  CHECK(first.find("\"injections\"") > first.find("\"hospitals\""));
}

TEST_CASE("generate::scenario: sizes follow the documented spread and scaling", "[generate]") {
  const GenerateOptions options = options_of(400, 7, 7, 3);
  const Scenario scenario = load(text_of(options));
  std::vector<double> arrivals;
  int universities = 0;
  for (const auto& [id, hospital] : scenario.hospitals) {
    const double a = hospital.ed.arrivals_per_day;
    arrivals.push_back(a);
    CHECK(a >= kMinArrivals);
    CHECK(a <= kMaxArrivals);
    // Scaling rules of generate.h, checked by hand for each hospital.
    CHECK(hospital.beds.count == std::max(20L, std::lround(3.5 * a)));
    CHECK(hospital.ed.treatment_spaces == std::max(4L, std::lround(0.22 * a + 2)));
    CHECK(hospital.surgery.theatres == std::max(2L, std::lround(0.18 * a)));
    CHECK(hospital.surgery.elective_per_weekday[0] == 4 * hospital.surgery.theatres);
    CHECK(hospital.surgery.elective_per_weekday[5] == 0);
    CHECK(hospital.outpatient.visits_per_weekday[2] == std::max(50L, std::lround(13.0 * a)));
    if (hospital.name.rfind("University", 0) == 0) ++universities;
  }
  CHECK(universities == 7);
  std::sort(arrivals.begin(), arrivals.end());
  const double median = arrivals[arrivals.size() / 2];
  const double p90 = arrivals[arrivals.size() * 9 / 10];
  // Lognormal median 60, p90 160 (universities doubled): the sample of 400 lands close to both.
  CHECK(median >= 50);
  CHECK(median <= 72);
  CHECK(p90 >= 130);
  CHECK(p90 <= 200);
  // Skewed: a few large hospitals, many small ones (mean above median, largest several times the median).
  double sum = 0;
  for (double a : arrivals) sum += a;
  CHECK(sum / arrivals.size() > median);
  CHECK(arrivals.back() > 4 * median);
}

TEST_CASE("generate::options: bad counts are refused with a message", "[generate]") {
  GenerateOptions options = options_of(3, 5, 30, 1);
  Status status = check_generate_options(options);
  CHECK(status.code() == StatusCode::kInvalidArgument);
  CHECK(status.message() == "--hospitals must be between the number of regions (5) and 10000, got 3");
  options = options_of(10, 2, 0, 1);
  CHECK(check_generate_options(options).message() == "--days must be between 1 and 366, got 0");
  options = options_of(10, 0, 3, 1);
  CHECK(check_generate_options(options).message() == "--regions must be between 1 and 99, got 0");
  CHECK(generate_scenario_text(options).status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("generate::scenario: --probe-every sets every service's probe period", "[generate]") {
  GenerateOptions options = options_of(8, 2, 2, 5);
  const Scenario defaults = load(text_of(options));
  CHECK(defaults.services.at("r01-ehr").probe_every == 60.0);
  CHECK(defaults.services.at("r01-pacs").probe_every == 300.0);
  options.probe_every = "5min";
  const Scenario slower = load(text_of(options));
  for (const auto& [id, service] : slower.services) CHECK(service.probe_every == 300.0);
  // Everything else is drawn as before: the hospitals are the same.
  CHECK(slower.hospitals.at("h005").ed.arrivals_per_day == defaults.hospitals.at("h005").ed.arrivals_per_day);
  options.probe_every = "5 minutes";
  const Status status = check_generate_options(options);
  CHECK(status.code() == StatusCode::kInvalidArgument);
  CHECK(status.message().rfind("--probe-every: ", 0) == 0);
}

TEST_CASE("generate::scenario: --probe passive makes every service monitor passively", "[generate]") {
  GenerateOptions options = options_of(8, 2, 2, 5);
  const std::string active_text = text_of(options);
  for (const auto& [id, service] : load(active_text).services) CHECK_FALSE(service.passive_probes);
  CHECK(active_text.find("\"probe\"") == std::string::npos);  // the default writes no key
  options.probe = "passive";
  for (const auto& [id, service] : load(text_of(options)).services) CHECK(service.passive_probes);
  options.probe = "quiet";
  const Status status = check_generate_options(options);
  CHECK(status.code() == StatusCode::kInvalidArgument);
  CHECK(status.message() == "--probe must be active or passive, got \"quiet\"");
}

TEST_CASE("generate::scenario: one region and a one-day run still validate", "[generate]") {
  const GenerateOptions options = options_of(1, 1, 1, 9);
  const Scenario scenario = load(text_of(options));
  CHECK(scenario.hospitals.size() == 1);
  CHECK(scenario.injections.begin()->second.at.a == 10 * kHour);
  CHECK(scenario.network.routers.size() == 1);
}

}  // namespace hospsim
