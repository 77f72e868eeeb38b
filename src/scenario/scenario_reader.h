// The reader of one scenario file, and the sections the loader reads it in.
//
// ScenarioReader is the JsonReader (json_reader.h) of the document being loaded plus what its sections share:
// the ids of its entities, so any section can check a reference to a hospital, data centre, router, link or
// service; and the run window (start, horizon), so injection times can be checked against it.
//
// load_scenario_text() (loader.cc) reads the top-level keys itself, then calls the sections in this order;
// each reads its part of the document into `scenario`, records every problem it meets in the reader and
// never stops at the first. One file a section:
//   load_it.cc          /datacenters, /network (routers, links), /services
//   load_effects.cc     /downtime and /effects (also inside each hospital)
//   load_hospitals.cc   /hospitals (ed, beds, surgery, outpatient)
//   load_policies.cc    /policies (elective, outpatient, diversion, public_advice)
//   load_injections.cc  /injections (ransomware, ddos campaign waves)
//   load_strategies.cc  /strategies
// The keys each object accepts are listed once, in scenario_keys.cc; a section reads them with the typed
// field readers of JsonReader.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "hospsim/scenario.h"
#include "scenario/json_reader.h"

namespace hospsim::loader {

// Entities of one collection (data centres, routers, services, injections, theatres, spaces, zones, waves)
// beyond which a file is refused as absurd.
inline constexpr int kMaxEntities = 10000;
// The largest bandwidth the engine represents exactly (SimGrid carries rates as doubles): bytes per second.
inline constexpr double kMaxBandwidth = 1e15;
inline constexpr const char* kMaxBandwidthText = "8Pbps";

class ScenarioReader : public JsonReader {
 public:
  using JsonReader::JsonReader;

  // Reads start and horizon ahead of the main pass (injection times need both); silent on invalid values
  // (the main pass reports them).
  void prime(const json& root);
  // Records the ids of every hospital, data centre, router, link and service of `root` (reporting ids used
  // twice across hospitals, data centres, routers and links), so that references can be checked wherever
  // they appear. Before any section.
  void collect_ids(const json& root);

  // True when `value` is the id of an entity of one of `kinds` ("hospital", "data centre", "router",
  // "link"; or only "service"); otherwise records a precise problem at `at` and returns false. `context`
  // completes "<id> is a hospital; <context> a link id" (e.g. "a link_down injection targets").
  bool check_reference(const std::string& at, const json& value, const std::vector<std::string>& kinds,
                       const std::string& context);
  const std::set<std::string>& service_ids() const { return service_ids_; }
  // The kind of service `id` as written ("ehr", ...); "" when it has none or is unknown (the services section
  // reports that).
  std::string service_kind(const std::string& id) const {
    auto found = service_kinds_.find(id);
    return found == service_kinds_.end() ? std::string() : found->second;
  }

  // The run window, as read by the top level: whether "start" and "horizon" are valid, and the horizon.
  void set_start(bool valid, const CivilTime& start) {
    has_start_ = valid;
    set_time_origin(start);
  }
  void set_horizon_valid() { has_horizon_ = true; }
  bool has_start() const { return has_start_; }
  bool has_horizon() const { return has_horizon_; }
  Seconds horizon() const { return horizon_; }

 private:
  std::map<std::string, std::string> node_kinds_;  // hospital/data centre/router/link id -> its kind
  std::set<std::string> service_ids_;
  std::map<std::string, std::string> service_kinds_;  // service id -> its "kind" when it is a string
  bool has_start_ = false;
  bool has_horizon_ = false;
  Seconds horizon_ = 0;
};

// Reads `key` of `object` at `at`: a non-empty array of steps that change something over the time since a
// start (effects' and public advice's "adapt"), each an object (its keys checked against the catalog path
// `step_path`) with a duration "after" later than the step before's. A step starts as a copy of the step
// before (the first, of `first`, whose `after` is 0); `read_rest(value, step_at, step)` reads its other keys
// and returns false to leave it out (it has recorded why). The steps read are appended to `out`. `keys`
// names a step's keys in the problem for a value that is not such an array ("{after, capacity}").
template <typename Step, typename ReadRest>
void read_steps(ScenarioReader& in, const json& object, const std::string& at, const char* key,
                const std::string& step_path, const char* keys, const Step& first, std::vector<Step>& out,
                ReadRest read_rest) {
  const json* steps = in.member(object, key);
  if (steps == nullptr) return;
  const std::string steps_at = child(at, key);
  if (!steps->is_array() || steps->empty()) {
    in.problem(steps_at, std::string("must be a non-empty array of steps ") + keys + ", got " +
                             (steps->is_array() ? std::string("an empty array") : describe(*steps)));
    return;
  }
  Step previous = first;
  for (std::size_t k = 0; k < steps->size(); ++k) {
    const std::string step_at = steps_at + "/" + std::to_string(k);
    const json& value = (*steps)[k];
    if (!in.check_object(value, step_at, step_path)) continue;
    Step step = previous;
    if (!in.read_duration(value, step_at, "after", step.after, true)) continue;
    if (step.after <= previous.after) {
      in.problem(step_at + "/after", "must be later than the step before (" + format_number(previous.after) +
                                         " s), got " + describe(value["after"]));
      continue;
    }
    if (!read_rest(value, step_at, step)) continue;
    out.push_back(step);
    previous = step;
  }
}

// ---- the sections (see the list above); each reads its keys of `root` into `scenario` ---------------------

void load_datacenters(ScenarioReader& in, const json& root, Scenario& scenario);
void load_network(ScenarioReader& in, const json& root, Scenario& scenario);
void load_services(ScenarioReader& in, const json& root, Scenario& scenario);
// A downtime object at `at` ({detect_after, restore_after, recovery, recovery_capacity}); `path` is its
// catalog path ("/downtime" or "/hospitals/*/downtime").
void load_downtime(ScenarioReader& in, const json& value, const std::string& at, const char* path,
                   DowntimeConfig& out);
// An effects object at `at`: {service id: {activity: {capacity, time}}}; `service_path` is the catalog path
// of its entries ("/effects/*" or "/hospitals/*/effects/*").
void load_effects(ScenarioReader& in, const json& value, const std::string& at, const char* service_path,
                  EffectTable& out);
// REQUIRES: scenario.downtime is read (each hospital starts from it).
void load_hospitals(ScenarioReader& in, const json& root, Scenario& scenario);
void load_policies(ScenarioReader& in, const json& root, Scenario& scenario);
void load_injections(ScenarioReader& in, const json& root, Scenario& scenario);
void load_strategies(ScenarioReader& in, const json& root, Scenario& scenario);

}  // namespace hospsim::loader
