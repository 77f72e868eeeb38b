#include "generate/generate.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "hospsim/loader.h"
#include "hospsim/random.h"
#include "scenario/units.h"

namespace hospsim {
namespace {

using Json = nlohmann::ordered_json;

// The country: a box of about 330 km (north-south) by 290 km (east-west), Denmark-sized.
constexpr double kSouth = 54.6, kNorth = 57.6, kWest = 8.1, kEast = 12.6;
constexpr double kKmPerDegreeLat = 111.2;

const char* const kServiceKinds[] = {"logistics", "ehr", "lab", "pacs"};

std::string padded(const char* prefix, int number, int width) {
  return fmt::format("{}{:0{}d}", prefix, number, width);
}

double round_to(double value, double step) { return std::round(value / step) * step; }

struct Point {
  double lat = 0.0;
  double lon = 0.0;
};

double distance_km(const Point& a, const Point& b) {
  const double dlat = (a.lat - b.lat) * kKmPerDegreeLat;
  const double dlon = (a.lon - b.lon) * kKmPerDegreeLat * std::cos((a.lat + b.lat) / 2 * M_PI / 180);
  return std::sqrt(dlat * dlat + dlon * dlon);
}

// One-way fibre latency: 0.5 ms of equipment plus 5 us per km, in tenths of a millisecond.
std::string latency_for(double km) { return fmt::format("{:.1f}ms", 0.5 + round_to(km * 0.005, 0.1)); }

// Four decimals (about 10 m), as the nearest double of the decimal text so that it prints short.
double four_decimals(double value) { return std::strtod(fmt::format("{:.4f}", value).c_str(), nullptr); }

Json location(const Point& p) { return Json::array({four_decimals(p.lat), four_decimals(p.lon)}); }

struct Region {
  std::string id;
  Point centre;
  double lat_span = 0.0, lon_span = 0.0;  // size of the region's cell
  int datacenters = 1;
  std::vector<int> hospitals;  // indices into the hospital list
};

struct HospitalDraw {
  std::string id;
  int region = 0;
  Point where;
  double arrivals = 0.0;
  bool university = false;
  bool dual_homed = false;
};

Json weekdays(int per_weekday) {
  return Json::array({per_weekday, per_weekday, per_weekday, per_weekday, per_weekday, 0, 0});
}

Json hospital_json(const HospitalDraw& h, const Region& region) {
  const double a = h.arrivals;
  const int spaces = std::max(4, static_cast<int>(std::lround(0.22 * a + 2)));
  const int beds = std::max(20, static_cast<int>(std::lround(3.5 * a)));
  const int theatres = std::max(2, static_cast<int>(std::lround(0.18 * a)));
  // 4 cases a theatre: 60/150-min cases (mean 77.5) with 15-min turnovers fill 85% of 08:00-15:30.
  const int elective = 4 * theatres;
  const int outpatient = std::max(50, static_cast<int>(std::lround(13.0 * a)));
  const int emergency_theatres = 1 + static_cast<int>(a / 100);
  Json uses = Json::array();
  for (const char* kind : kServiceKinds) uses.push_back(region.id + "-" + kind);
  Json j;
  j["name"] = (h.university ? "University Hospital " : "Hospital ") + h.id.substr(1) + " (" + region.id + ")";
  j["region"] = region.id;
  j["location"] = location(h.where);
  j["uses"] = uses;
  j["ed"] = {{"arrivals_per_day", std::lround(a)},
             {"ambulance_share", 0.25},
             {"treatment_spaces", spaces},
             {"treatment_minutes", {{"median", 150}, {"p90", 360}}},
             {"admit_share", h.university ? 0.3 : 0.5},
             {"patience_minutes", 300}};
  j["beds"] = {{"count", beds}, {"occupancy", 0.9}, {"los_days", {{"median", 1.8}, {"p90", 6.0}}}};
  j["surgery"] = {{"theatres", theatres},
                  {"day", {"08:00", "15:30"}},
                  {"elective_per_weekday", weekdays(elective)},
                  {"case_minutes", {{"median", 60}, {"p90", 150}}},
                  {"inpatient_share", 0.3},
                  {"emergency_theatres", emergency_theatres}};
  j["outpatient"] = {{"visits_per_weekday", weekdays(outpatient)}, {"hours", {"08:00", "16:00"}}};
  return j;
}

Json service_json(const std::string& kind, const std::string& hosted_on, const std::string& standby) {
  Json j;
  j["kind"] = kind;
  j["hosted_on"] = hosted_on;
  if (!standby.empty()) j["standby"] = standby;
  if (kind == "logistics") {
    j["failover_after"] = "15min";
    j["request"] = {{"bytes", "10kB"}, {"work", "5Mf"}};
    j["response_bytes"] = "50kB";
    j["timeout"] = "15s";
    j["probe_every"] = "1min";
  } else if (kind == "ehr") {
    j["failover_after"] = "15min";
    j["request"] = {{"bytes", "20kB"}, {"work", "20Mf"}};
    j["response_bytes"] = "200kB";
    j["timeout"] = "15s";
    j["probe_every"] = "1min";
  } else if (kind == "lab") {
    j["failover_after"] = "10min";
    j["request"] = {{"bytes", "5kB"}, {"work", "2Mf"}};
    j["response_bytes"] = "20kB";
    j["timeout"] = "15s";
    j["probe_every"] = "2min";
  } else {
    j["failover_after"] = "15min";
    j["request"] = {{"bytes", "2kB"}, {"work", "5Mf"}};
    j["response_bytes"] = "20MB";
    j["timeout"] = "60s";
    j["probe_every"] = "5min";
  }
  return j;
}

// The effects of losing each kind of service (those of the Denmark scenario).
Json effects_of(const std::string& kind) {
  auto effect = [](double capacity, double time) { return Json{{"capacity", capacity}, {"time", time}}; };
  if (kind == "logistics") {
    return {{"elective_surgery", effect(0.0, 1.0)}, {"outpatient", effect(0.0, 1.0)}};
  }
  if (kind == "ehr") {
    return {{"ed_treatment", effect(1.0, 1.25)},
            {"elective_surgery", effect(0.0, 1.0)},
            {"emergency_surgery", effect(1.0, 1.1)},
            {"outpatient", effect(0.0, 1.0)}};
  }
  if (kind == "lab") {
    return {{"ed_treatment", effect(1.0, 1.1)},
            {"elective_surgery", effect(0.5, 1.0)},
            {"emergency_surgery", effect(1.0, 1.05)},
            {"outpatient", effect(0.5, 1.0)}};
  }
  return {{"ed_treatment", effect(1.0, 1.1)},
          {"elective_surgery", effect(0.7, 1.0)},
          {"emergency_surgery", effect(1.0, 1.05)},
          {"outpatient", effect(0.7, 1.0)}};
}

Json link_json(const std::string& a, const std::string& b, const std::string& bandwidth, double km,
               const std::string& carrier) {
  return {{"between", {a, b}}, {"bandwidth", bandwidth}, {"latency", latency_for(km)}, {"carrier", carrier}};
}

}  // namespace

Status check_generate_options(const GenerateOptions& options) {
  if (options.regions < 1 || options.regions > 99) {
    return Status::invalid_argument("--regions must be between 1 and 99, got " +
                                    std::to_string(options.regions));
  }
  if (options.hospitals < options.regions || options.hospitals > kMaxHospitals) {
    return Status::invalid_argument(
        "--hospitals must be between the number of regions (" + std::to_string(options.regions) + ") and " +
        std::to_string(kMaxHospitals) + ", got " + std::to_string(options.hospitals));
  }
  if (options.days < 1 || options.days > static_cast<int>(kMaxHorizonDays)) {
    return Status::invalid_argument("--days must be between 1 and 366, got " + std::to_string(options.days));
  }
  if (!options.probe_every.empty()) {
    Result<Seconds> period = units::parse_duration(options.probe_every);
    if (!period.is_ok()) return Status::invalid_argument("--probe-every: " + period.status().message());
    if (period.value() <= 0) return Status::invalid_argument("--probe-every must be longer than 0s");
  }
  if (options.probe != "active" && options.probe != "passive") {
    return Status::invalid_argument("--probe must be active or passive, got \"" + options.probe + "\"");
  }
  return Status::ok();
}

namespace {

// A data centre's place in its region: the first north-west of the centre, the second south-east.
Point datacenter_point(const Region& region, int k) {
  return Point{region.centre.lat + (k == 1 ? 0.1 : -0.1) * region.lat_span,
               region.centre.lon + (k == 1 ? -0.15 : 0.15) * region.lon_span};
}

// Regions: cells of a grid over the country box, filled row by row from the north-west, each with one or
// two data centres and a relative population (`weights`), from the stream "generate/regions".
std::vector<Region> draw_regions(std::uint64_t seed, int r, std::vector<double>& weights) {
  const int columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(r))));
  const int rows = (r + columns - 1) / columns;
  RandomStream region_stream(seed, "generate/regions");
  std::vector<Region> regions(r);
  weights.assign(r, 0.0);
  for (int i = 0; i < r; ++i) {
    Region& region = regions[i];
    region.id = padded("r", i + 1, 2);
    region.lat_span = (kNorth - kSouth) / rows;
    region.lon_span = (kEast - kWest) / columns;
    region.centre = {kNorth - (i / columns + 0.5) * region.lat_span,
                     kWest + (i % columns + 0.5) * region.lon_span};
    region.datacenters = region_stream.bernoulli(0.6) ? 2 : 1;
    weights[i] = region_stream.uniform(0.5, 1.5);  // relative population
  }
  return regions;
}

// Hospitals: one per region first, the rest by region population; sizes lognormal, the largest of each
// region a university hospital; from the stream "generate/hospitals". Adds each to its region's list.
std::vector<HospitalDraw> draw_hospitals(std::uint64_t seed, int n, const std::vector<double>& weights,
                                         std::vector<Region>& regions) {
  const int r = static_cast<int>(regions.size());
  const int width = std::max(3, static_cast<int>(std::to_string(n).size()));
  RandomStream hospital_stream(seed, "generate/hospitals");
  std::vector<HospitalDraw> hospitals(n);
  for (int i = 0; i < n; ++i) {
    HospitalDraw& h = hospitals[i];
    h.id = padded("h", i + 1, width);
    h.region = i < r ? i : hospital_stream.categorical(weights.data(), r);
    const Region& region = regions[h.region];
    h.where = {region.centre.lat + hospital_stream.uniform(-0.4, 0.4) * region.lat_span,
               region.centre.lon + hospital_stream.uniform(-0.4, 0.4) * region.lon_span};
    h.arrivals =
        std::clamp(hospital_stream.lognormal(kMedianArrivals, kP90Arrivals), kMinArrivals, kMaxArrivals);
    regions[h.region].hospitals.push_back(i);
  }
  for (Region& region : regions) {
    int largest = region.hospitals.front();
    for (int i : region.hospitals) {
      if (hospitals[i].arrivals > hospitals[largest].arrivals) largest = i;
    }
    HospitalDraw& university = hospitals[largest];
    university.university = true;
    university.arrivals = std::min(university.arrivals * kUniversityFactor, kMaxArrivals);
  }
  for (HospitalDraw& h : hospitals) {
    h.arrivals = std::round(h.arrivals);  // the file holds whole arrivals; every size derives from them
    h.dual_homed = h.university || h.arrivals >= 100 || hospital_stream.bernoulli(0.3);
  }
  return hospitals;
}

// Data centres, core routers and links: backbone (bb-), data-centre access (rNN-), hospital access (hNNN-).
void add_network(const std::vector<Region>& regions, const std::vector<HospitalDraw>& hospitals,
                 Json& datacenters, Json& routers, Json& links) {
  const int r = static_cast<int>(regions.size());
  for (const Region& region : regions) {
    for (int k = 1; k <= region.datacenters; ++k) {
      const std::string id = region.id + "-dc" + std::to_string(k);
      datacenters[id] = {{"name", "Data centre " + std::to_string(k) + " of region " + region.id},
                         {"location", location(datacenter_point(region, k))},
                         {"speed", "200Gf"}};
    }
    routers[region.id + "-core"] = {{"name", "Core network of region " + region.id},
                                    {"location", location(region.centre)}};
  }
  // Links, sorted by id in the file: backbone (bb-), data-centre access (rNN-), hospital access (hNNN-).
  for (int i = 0; i < r && r > 1; ++i) {
    const int j = (i + 1) % r;
    if (r == 2 && i == 1) break;  // two regions: one backbone link
    links["bb-" + regions[i].id + "-" + regions[j].id] =
        link_json(regions[i].id + "-core", regions[j].id + "-core", "100Gbps",
                  distance_km(regions[i].centre, regions[j].centre), "national");
  }
  for (const Region& region : regions) {
    for (int k = 1; k <= region.datacenters; ++k) {
      const std::string dc = region.id + "-dc" + std::to_string(k);
      links[region.id + "-core-dc" + std::to_string(k)] =
          link_json(region.id + "-core", dc, "40Gbps",
                    distance_km(region.centre, datacenter_point(region, k)), "region-core");
    }
    if (region.datacenters == 2) {
      links[region.id + "-dc1-dc2"] =
          link_json(region.id + "-dc1", region.id + "-dc2", "10Gbps",
                    distance_km(datacenter_point(region, 1), datacenter_point(region, 2)), "telco-a");
    }
  }
  for (const HospitalDraw& h : hospitals) {
    const Region& region = regions[h.region];
    const double km = distance_km(h.where, region.centre);
    const std::string bandwidth = h.arrivals >= 100 ? "10Gbps" : "1Gbps";
    links[h.id + "-a"] = link_json(h.id, region.id + "-core", bandwidth, km, "telco-a");
    if (h.dual_homed)
      links[h.id + "-b"] = link_json(h.id, region.id + "-core", bandwidth, km * 1.2, "telco-b");
  }
}

// Services and their effects: logistics and EHR on the first data centre, lab and PACS on the second; the
// standby is the region's other data centre, or the next region's first data centre when the region has
// only one.
void add_services(const std::vector<Region>& regions, const GenerateOptions& options, Json& services,
                  Json& effects) {
  const int r = static_cast<int>(regions.size());
  for (int i = 0; i < r; ++i) {
    const Region& region = regions[i];
    const std::string dc1 = region.id + "-dc1";
    const std::string dc2 = region.datacenters == 2 ? region.id + "-dc2" : std::string();
    const std::string neighbour = r > 1 ? regions[(i + 1) % r].id + "-dc1" : std::string();
    for (const char* kind : kServiceKinds) {
      const bool second_site = std::string(kind) == "lab" || std::string(kind) == "pacs";
      std::string primary = dc1, standby = dc2.empty() ? neighbour : dc2;
      if (second_site && !dc2.empty()) std::swap(primary, standby);
      const std::string id = region.id + "-" + kind;
      Json full{{"name", std::string(kind) + " service of region " + region.id}};
      const Json spec = service_json(kind, primary, standby);
      for (const auto& [key, value] : spec.items()) full[key] = value;
      if (!options.probe_every.empty()) full["probe_every"] = options.probe_every;
      if (options.probe == "passive") full["probe"] = "passive";
      services[id] = full;
      effects[id] = effects_of(kind);
    }
  }
}

// The injection: one region (from the stream "generate/injection") loses both core links to its data
// centres on the second day (the first for a one-day run), 10:00, for six hours.
Json injection_json(std::uint64_t seed, const std::vector<Region>& regions, int days) {
  const int r = static_cast<int>(regions.size());
  RandomStream injection_stream(seed, "generate/injection");
  const Region& hit = regions[static_cast<int>(injection_stream.uniform() * r) % r];
  Json targets = Json::array();
  for (int k = 1; k <= hit.datacenters; ++k) targets.push_back(hit.id + "-core-dc" + std::to_string(k));
  const int day = days >= 2 ? 1 : 0;
  const std::string at = fmt::format("2025-03-{:02d}T10:00", 3 + day);
  return {{"regional-outage",
           {{"kind", "link_down"},
            {"at", at},
            {"targets", targets},
            {"duration", "6h"},
            {"description", "Region " + hit.id + "'s core network loses its data centres for six hours"}}}};
}

}  // namespace

Json generate_scenario(const GenerateOptions& options) {
  const std::uint64_t seed = options.seed;
  const int n = options.hospitals;
  const int r = options.regions;
  std::vector<double> weights;
  std::vector<Region> regions = draw_regions(seed, r, weights);
  const std::vector<HospitalDraw> hospitals = draw_hospitals(seed, n, weights, regions);

  Json scenario;
  scenario["format"] = "hospsim/1";
  scenario["name"] = "synthetic-" + std::to_string(n) + "h-" + std::to_string(r) + "r-" +
                     std::to_string(options.days) + "d-seed" + std::to_string(seed);
  scenario["description"] = "Synthetic national scenario made by `hospsim generate`: " + std::to_string(n) +
                            " hospitals in " + std::to_string(r) + " regions over " +
                            std::to_string(options.days) +
                            " days, with regional data centres, two carriers, a national backbone, four "
                            "services per region and one "
                            "regional network outage. Sizes are drawn, not real; see docs/performance.md.";
  scenario["start"] = "2025-03-03T00:00";
  scenario["horizon"] = std::to_string(options.days) + "d";
  scenario["seed"] = seed;
  scenario["sources"] = Json::array(
      {{{"what", "every figure"},
        {"ref",
         "assumption: synthetic, drawn by hospsim generate; size ratios from the Central Denmark hospitals "
         "of scenarios/denmark-2025-midtjylland.json (docs/performance.md)"}}});
  scenario["downtime"] = {
      {"detect_after", "10min"}, {"restore_after", "10min"}, {"recovery", "3h"}, {"recovery_capacity", 0.8}};

  Json datacenters = Json::object();
  Json routers = Json::object();
  Json links = Json::object();
  Json services = Json::object();
  Json effects = Json::object();
  add_network(regions, hospitals, datacenters, routers, links);
  add_services(regions, options, services, effects);
  scenario["datacenters"] = datacenters;
  scenario["network"] = {{"routers", routers}, {"links", links}, {"reroute_after", "60s"}};
  scenario["services"] = services;
  Json hospital_map = Json::object();
  for (const HospitalDraw& h : hospitals) hospital_map[h.id] = hospital_json(h, regions[h.region]);
  scenario["hospitals"] = hospital_map;
  scenario["effects"] = effects;
  scenario["policies"] = {
      {"elective", {{"on_downtime", "cancel_day"}, {"rebook_after", "7d"}, {"catchup_share", 0.1}}},
      {"outpatient", {{"on_downtime", "whole_day"}, {"to_ed_share", 0.02}}},
      {"diversion",
       {{"on_downtime", false},
        {"occupancy_threshold", 1.0},
        {"ambulance_speed_kmh", 60},
        {"road_factor", 1.3}}},
      {"public_advice", {{"elsewhere_share", 0.0}, {"stay_home_share", 0.0}}}};

  scenario["injections"] = injection_json(seed, regions, options.days);
  return scenario;
}

Result<std::string> generate_scenario_text(const GenerateOptions& options) {
  Status checked = check_generate_options(options);
  if (!checked.is_ok()) return checked;
  std::string text = generate_scenario(options).dump(2) + "\n";
  Result<Scenario> loaded = load_scenario_text(text, "generated scenario");
  if (!loaded.is_ok()) {
    std::string message = "the generated scenario does not validate (a bug in hospsim generate):";
    for (const Problem& problem : loaded.status().problems()) message += "\n  " + problem.format();
    if (loaded.status().problems().empty()) message += " " + loaded.status().message();
    return Status::internal(message);
  }
  return text;
}

}  // namespace hospsim
