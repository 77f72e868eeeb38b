// Metamorphic tests of `hospsim run`, through the real executable: relations between
// the outputs of two runs that must hold whatever the exact numbers are. They are the tests that would have
// caught the ED queue bug (a patient who left unseen stayed in its ED queue, its record was reused by a new
// patient, possibly at another hospital, and the first hospital could then treat that patient): it made one
// hospital's results depend on every other hospital's patients, and on the history of the record pool.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/run_process.h"
#include "support/test_files.h"

using hospsim::testing::hospsim_path;
using hospsim::testing::ProcessResult;
using hospsim::testing::run_process;

namespace {

std::string data(const std::string& name) {
  return std::string(HOSPSIM_SOURCE_DIR) + "/tests/run/data/" + name;
}

std::string out_dir(const std::string& name) {
  const std::string dir = std::string(HOSPSIM_BINARY_DIR) + "/tests/run/out/metamorphic/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// What one `hospsim run` wrote.
struct RunOutputs {
  std::string table;  // stdout: the run table and the calibration view
  nlohmann::json summary;
  std::string timeline;
  std::string events;
};

// Runs `hospsim --quiet run FILE --out DIR --no-report ARGS...`. REQUIRES (checked): it exits 0.
RunOutputs run_scenario(const std::string& file, const std::string& name,
                        const std::vector<std::string>& args) {
  const std::string dir = out_dir(name);
  std::vector<std::string> argv = {hospsim_path(), "--quiet", "run", file, "--out", dir, "--no-report"};
  argv.insert(argv.end(), args.begin(), args.end());
  const ProcessResult result = run_process(argv, 120.0);
  INFO(result.err);
  REQUIRE(result.exited);
  REQUIRE(result.exit_code == 0);
  return RunOutputs{result.out, nlohmann::json::parse(hospsim::testing::read_file(dir + "/summary.json")),
                    hospsim::testing::read_file(dir + "/timeline.csv"), hospsim::testing::read_file(dir + "/events.csv")};
}

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, separator)) fields.push_back(field);
  if (!line.empty() && line.back() == separator) fields.emplace_back();
  return fields;
}

// The lines of a CSV text whose field `column` (0-based) is `value`, in file order. Our CSV quotes only
// fields with a comma, a quote or a line break; ids have none, and the columns read here come before any
// free-text column, so splitting at commas finds them.
std::string rows_where(const std::string& csv, std::size_t column, const std::string& value) {
  std::string kept;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = split(line, ',');
    if (fields.size() > column && fields[column] == value) kept += line + "\n";
  }
  return kept;
}

std::size_t count_lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

// The per-hospital parts of a summary.json: every object keyed by this hospital's id.
nlohmann::json hospital_part(const nlohmann::json& summary, const std::string& id) {
  return nlohmann::json{{"metrics", summary.at("metrics").at("hospitals").at(id)},
                        {"calibration", summary.at("calibration").at("hospitals").at(id)},
                        {"it", summary.at("it").at(id)},
                        {"hospital", summary.at("hospitals").at(id)}};
}

// A copy of a JSON document with every object key and every string value that is exactly a key of
// `names` replaced by its value (ids are whole strings wherever they appear).
nlohmann::json renamed(const nlohmann::json& value, const std::map<std::string, std::string>& names) {
  auto name = [&names](const std::string& s) {
    const auto found = names.find(s);
    return found == names.end() ? s : found->second;
  };
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, member] : value.items()) out[name(key)] = renamed(member, names);
    return out;
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const nlohmann::json& element : value) out.push_back(renamed(element, names));
    return out;
  }
  if (value.is_string()) return name(value.get<std::string>());
  return value;
}

// A copy of a CSV text with every field that is exactly a key of `names` replaced by its value.
std::string renamed_csv(const std::string& csv, const std::map<std::string, std::string>& names) {
  std::string out;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = split(line, ',');
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const auto found = names.find(fields[k]);
      out += (k > 0 ? "," : "") + (found == names.end() ? fields[k] : found->second);
    }
    out += "\n";
  }
  return out;
}

}  // namespace

// (a) tests/run/data/add_hospital.json: north and south share a data centre that goes down 10:00-13:00; the
// strategy add-east adds east with its own data centre, EHR and link. Random mode (the bug needs real
// patience draws and queues), LWBS in the baseline and more during the outage, beds, theatres and clinics.
// A true no-interaction case needs:
// - diversion off both ways (diversion.on_downtime false and occupancy_threshold 2 > 1): distance alone is
//   not enough, since a diverting hospital sends ambulances to the nearest ED *not on diversion*, however
//   far, and keeps them only when every other ED is diverting; adding an ED changes both;
// - no public advice (shares 0): advised walk-ins would go to the nearest open ED, east among them;
// - cancelled outpatients present at their own hospital's ED (every hospital here has one);
// - east's IT on its own data centre and link, so its requests share no host or link with the others.
// Random streams are named after ids ("ed/north/arrivals"), so north's and south's draws do not depend on
// east; "east" sorts first, so north and south move to other hospital indices in the model, which must not
// matter either. The old code (stale queue entries) gave north and south other LWBS counts, waits, census
// and stays with east than without: LWBS 45 -> 37 at north and 42 -> 23 at south (baselines 17 -> 22 and
// 36 -> 15), south's p90 wait 21.1 -> 11.0 min.
TEST_CASE("run::metamorphic: adding a hospital with its own data centre changes no output of the others",
          "[run][metamorphic]") {
  const std::string file = data("add_hospital.json");
  const RunOutputs two = run_scenario(file, "two-hospitals", {});
  const RunOutputs three = run_scenario(file, "three-hospitals", {"--strategy", "add-east"});
  REQUIRE(!two.summary["metrics"]["hospitals"].contains("east"));
  REQUIRE(three.summary["metrics"]["hospitals"].contains("east"));
  CHECK(three.summary["metrics"]["hospitals"]["east"]["ed_lwbs"]["value"].get<int>() > 0);  // crowded too

  for (const std::string id : {"north", "south"}) {
    INFO("hospital " << id);
    // The relation is not vacuous: patients leave unseen in the baseline, the outage changes the results.
    const nlohmann::json& metrics = two.summary["metrics"]["hospitals"][id];
    CHECK(metrics["ed_lwbs"]["baseline"].get<int>() > 0);
    CHECK(metrics["ed_lwbs"]["delta"].get<int>() > 0);
    CHECK(metrics["ed_census_mean"]["delta"].get<double>() != 0.0);

    CHECK(hospital_part(two.summary, id).dump(1) == hospital_part(three.summary, id).dump(1));
    const std::string timeline = rows_where(two.timeline, 2, id);  // time,run,hospital,metric,value
    CHECK(count_lines(timeline) > 2 * 48 * 10);                    // scenario and baseline, 48 h, each metric
    CHECK(timeline == rows_where(three.timeline, 2, id));
    const std::string events = rows_where(two.events, 3, id);  // time,seconds,event,hospital,...
    CHECK(count_lines(events) >= 2);                           // its services DOWN and back at least
    CHECK(events == rows_where(three.events, 3, id));
  }
}

// (b) tests/run/data/rename.json, three hospitals that interact through ambulance diversion by occupancy,
// with LWBS, boarding for lack of beds, elective cases cancelled for lack of a bed, and clinics; and the same
// file with every hospital, data centre and link id renamed.
// - Deterministic mode: in random mode every clinical draw comes from a stream named after an id
//   ("ed/<hospital>/arrivals"), so a renamed hospital gets other patients and the outputs would agree only
//   in distribution. Deterministic mode draws no clinical numbers, so the renamed run must give the same.
// - No injection: even in deterministic mode each (hospital, service) probe phase is drawn from the stream
//   "it/probe/<hospital>/<service>" (docs/model.md), so a renamed hospital probes at other instants and
//   detects an outage up to one probe period earlier or later; that is a difference in more than names.
//   Without an outage the services stay UP and the probe instants cannot reach the clinical model.
// - The renaming keeps the ids' sort order (checked below): hospitals are held in id order, which is their
//   index in the model; it breaks ties between EDs at equal distance, orders events of equal time (in
//   deterministic mode EDs with the same profile have arrivals at the same instants), and orders the network
//   nodes (hospitals, data centres and links share one set of ids) in the platform. A renaming that permutes
//   the order is another relation (invariance under permutation), which holds only up to these ties.
TEST_CASE("run::metamorphic: renaming hospitals, data centres and links changes nothing but the names",
          "[run][metamorphic]") {
  const std::map<std::string, std::string> names = {
      {"alpha", "amber"},   {"alpha-dc-a", "amber-net"},   {"bravo", "birch"},  {"bravo-dc-a", "birch-net"},
      {"charlie", "cedar"}, {"charlie-dc-c", "cedar-net"}, {"dc-a", "dc-east"}, {"dc-c", "dc-west"}};
  std::map<std::string, std::string> back;
  for (const auto& [from, to] : names) back[to] = from;
  for (auto k = names.begin(), next = std::next(k); next != names.end(); ++k, ++next) {
    INFO(k->first << " < " << next->first);
    CHECK(k->second < next->second);  // the order of the old ids is the order of the new ones
  }

  const nlohmann::json original = nlohmann::json::parse(hospsim::testing::read_file(data("rename.json")));
  for (const char* collection : {"hospitals", "datacenters"}) {
    for (const auto& [id, entity] : original[collection].items()) CHECK(names.count(id) == 1);
  }
  for (const auto& [id, link] : original["network"]["links"].items()) CHECK(names.count(id) == 1);
  REQUIRE(original["deterministic"] == true);
  const std::string renamed_file = out_dir("renamed-input") + "/rename.json";
  std::ofstream(renamed_file) << renamed(original, names).dump(2) << "\n";

  const RunOutputs before = run_scenario(data("rename.json"), "original-names", {});
  const RunOutputs after = run_scenario(renamed_file, "new-names", {});

  // The new names are the ones in the outputs, and the run is not a trivial one.
  for (const char* id : {"amber", "birch", "cedar"})
    CHECK(after.summary["metrics"]["hospitals"].contains(id));
  CHECK(!after.summary["metrics"]["hospitals"].contains("alpha"));
  CHECK(after.events.find(",diversion_on,birch,birch,") != std::string::npos);
  const nlohmann::json& metrics = before.summary["metrics"]["hospitals"];
  CHECK(metrics["alpha"]["ed_lwbs"]["value"].get<int>() > 0);
  CHECK(metrics["bravo"]["ed_lwbs"]["value"].get<int>() > 0);
  CHECK(metrics["alpha"]["ed_boarding_hours"]["value"].get<double>() > 0);
  CHECK(metrics["alpha"]["surgeries_cancelled"]["value"].get<int>() > 0);  // no bed
  CHECK(metrics["bravo"]["ed_diverted_in"]["value"].get<int>() > 0);
  CHECK(metrics["bravo"]["ed_diverted_out"]["value"].get<int>() > 0);
  CHECK(metrics["charlie"]["ed_diverted_in"]["value"].get<int>() > 0);
  CHECK(!before.summary["diversions"].empty());

  // Every output, with the old names put back, is the original's: all of summary.json (every metric of
  // every hospital and the region, baseline and delta, calibration, IT, diversions between hospitals), every
  // timeline row and every event; the run table on stdout shows display names only, so it is the same text.
  CHECK(renamed(after.summary, back).dump(1) == before.summary.dump(1));
  CHECK(renamed_csv(after.timeline, back) == before.timeline);
  CHECK(renamed_csv(after.events, back) == before.events);
  CHECK(after.table == before.table);
}

// (c) tests/run/data/after_outage.json: city's only link is cut 09:00-12:00; city goes DOWN, treats at
// 2 of its 5 spaces and 1.5x the time, diverts ambulances and advises 30% of its walk-ins to go to town; both
// EDs are crowded with a short patience (LWBS in the baseline). EDs only: inpatient stays of days would carry
// the outage into the next days through the beds. Random mode, seeds 1-3.
//
// T = 12 h after the cut's end (so from 2025-03-12T00:00 on), and why:
// - IT: the first successful request comes within a probe period after 12:00; RECOVERING restore_after
//   (5 min) later, about 12:05, ends the downtime, so diversion and advice stop; UP after the 30 min
//   recovery, about 12:35 (treatments take 1 / recovery_capacity = 1.25 times as long meanwhile);
// - travel: the last diverted or advised patient reaches town 30 min after leaving (23 km great-circle x
//   road_factor 1.3 at 60 km/h): from about 12:35 the arrivals at both EDs are the baseline's, patient for
//   patient;
// - the queues: under common random numbers every patient has the same attributes in the run and its
//   baseline, so the two sample paths become one as soon as an ED holds the same patients in the same states
//   in both, at the latest when it is empty in both at once. At about 60% utilisation a 4-5 space ED empties
//   several times a day, and reliably in the evening decline of the built-in hourly profile. Measured over
//   seeds 1-40: the hourly rows are the baseline's from 1 to 8 h after the cut's end on (median 4 h); 12 h
//   leaves a margin of 4 h over the worst of 40 seeds.
// From there on the rows are equal exactly, with no tolerance: the run *is* its baseline.
// The old code (stale queue entries) did not couple for seeds 1-3: 34, 46 and 36 of the 144 hourly rows
// compared differed, up to the last hours of the run (and 27 of seeds 1-40 differed after 12 h): the record
// pool differs between the run and its baseline, so stale entries hit other patients in each.
TEST_CASE("run::metamorphic: after an outage the EDs return to their baseline's hourly behaviour",
          "[run][metamorphic]") {
  const std::string from = "2025-03-12T00:00";  // the cut's end (2025-03-11T12:00) + T (12 h)
  for (const std::string seed : {"1", "2", "3"}) {
    INFO("seed " << seed);
    const RunOutputs run = run_scenario(data("after_outage.json"), "after-outage-" + seed, {"--seed", seed});
    // (time, hospital, metric) -> value, for the run and for its paired baseline.
    std::map<std::vector<std::string>, std::string> scenario_rows;
    std::map<std::vector<std::string>, std::string> baseline_rows;
    std::istringstream in(run.timeline);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      const std::vector<std::string> f = split(line, ',');  // time,run,hospital,metric,value
      REQUIRE(f.size() == 5);
      if (f[3] != "ed_arrivals" && f[3] != "ed_census" && f[3] != "ed_lwbs") continue;
      (f[1] == "baseline" ? baseline_rows : scenario_rows)[{f[0], f[2], f[3]}] = f[4];
    }
    REQUIRE(scenario_rows.size() == baseline_rows.size());
    REQUIRE(scenario_rows.size() == 48 * 2 * 3);  // every hour, both hospitals, three metrics

    std::map<std::string, int> differing_before;  // hospital -> rows that differ before cut end + T
    std::map<std::string, int> checked_after;
    std::map<std::string, int> lwbs_after;
    for (const auto& [key, value] : scenario_rows) {
      const std::string& time = key[0];
      const std::string& hospital = key[1];
      const std::string& baseline = baseline_rows.at(key);
      if (time < from) {
        if (value != baseline) ++differing_before[hospital];
        continue;
      }
      INFO(time << " " << hospital << " " << key[2]);
      CHECK(value == baseline);
      ++checked_after[hospital];
      if (key[2] == "ed_lwbs") lwbs_after[hospital] += std::stoi(baseline);
    }
    for (const std::string hospital : {"city", "town"}) {
      INFO(hospital);
      CHECK(differing_before[hospital] > 0);  // the outage did change both hospitals' hours
      CHECK(checked_after[hospital] == 24 * 3);
      CHECK(lwbs_after[hospital] > 0);  // and patients still leave unseen in the hours compared
    }
  }
}
