// The reader of one scenario file: ids, references and the run window (scenario_reader.h).

#include "scenario/scenario_reader.h"

#include <algorithm>

namespace hospsim::loader {

// Reads start and horizon ahead of the main pass (injection times need both).
void ScenarioReader::prime(const json& root) {
  if (const json* start = member(root, "start"); start != nullptr && start->is_string()) {
    if (auto parsed = units::parse_datetime(start->get<std::string>()); parsed.is_ok()) {
      set_time_origin(parsed.value());
    }
  }
  if (const json* horizon = member(root, "horizon"); horizon != nullptr && horizon->is_string()) {
    if (auto parsed = units::parse_duration(horizon->get<std::string>()); parsed.is_ok()) {
      horizon_ = parsed.value();
    }
  }
}

void ScenarioReader::collect_ids(const json& root) {
  const auto collect = [&](const json* collection, const std::string& pointer, const char* kind) {
    if (collection == nullptr || !collection->is_object()) return;
    for (const auto& item : collection->items()) {
      if (!is_valid_id(item.key())) continue;
      auto [it, inserted] = node_kinds_.emplace(item.key(), kind);
      if (!inserted) {
        key_problem(child(pointer, item.key()),
                    "id " + units::quote(item.key()) + " is already used by a " + it->second +
                        "; hospitals, data centres, routers and links share one set of ids");
      }
    }
  };
  collect(member(root, "hospitals"), "/hospitals", "hospital");
  collect(member(root, "datacenters"), "/datacenters", "data centre");
  if (const json* network = member(root, "network")) {
    collect(member(*network, "routers"), "/network/routers", "router");
    collect(member(*network, "links"), "/network/links", "link");
  }
  if (const json* services = member(root, "services"); services != nullptr && services->is_object()) {
    for (const auto& item : services->items()) {
      service_ids_.insert(item.key());
      if (item.value().is_object() && item.value().contains("kind") && item.value()["kind"].is_string()) {
        service_kinds_[item.key()] = item.value()["kind"].get<std::string>();
      }
    }
  }
}

// `value` names an entity of one of `kinds`; reports a precise problem otherwise. `context` completes
// "<id> is a hospital; <context> a link id" (e.g. "a link_down injection targets").
bool ScenarioReader::check_reference(const std::string& at, const json& value,
                                     const std::vector<std::string>& kinds, const std::string& context) {
  if (!value.is_string()) {
    problem(at, "must be an id string, got " + describe(value));
    return false;
  }
  const std::string& id = value.get_ref<const std::string&>();
  const bool service = kinds.size() == 1 && kinds[0] == "service";
  std::vector<std::string> candidates;
  if (service) {
    if (service_ids_.count(id)) return true;
    candidates.assign(service_ids_.begin(), service_ids_.end());
  } else {
    auto found = node_kinds_.find(id);
    if (found != node_kinds_.end()) {
      if (std::find(kinds.begin(), kinds.end(), found->second) != kinds.end()) return true;
      problem(at, units::quote(id) + " is a " + found->second + "; " + context + " a " + join(kinds, " or ") +
                      " id");
      return false;
    }
    for (const auto& [other, kind] : node_kinds_) {
      if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) candidates.push_back(other);
    }
  }
  const std::string what = join(kinds, " or ");
  const std::string suggestion = did_you_mean(id, candidates);
  std::string message = "unknown " + what + " " + units::quote(id);
  if (!suggestion.empty()) {
    message += suggestion;
  } else if (candidates.empty()) {
    message += "; no " + what + " is defined";
  } else {
    message += "; expected one of: " + join_limited(candidates);
  }
  problem(at, message);
  return false;
}

}  // namespace hospsim::loader
