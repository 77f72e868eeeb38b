// The faults and attacks of a scenario: /injections (link, host and service faults, degradation, DDoS
// and DDoS campaigns, shutdowns, ransomware with spread, segmentation, containment and restoration).

#include "scenario/scenario_reader.h"

#include <array>
#include <utility>

namespace hospsim::loader {
namespace {

// A list of [a, b] pairs of data centre or hospital ids (a != b).
std::vector<std::array<std::string, 2>> read_host_pairs(ScenarioReader& in, const json& object,
                                                        const std::string& pointer, const char* key,
                                                        const std::string& context) {
  std::vector<std::array<std::string, 2>> pairs;
  const json* value = in.member(object, key);
  if (value == nullptr) return pairs;
  const std::string at = child(pointer, key);
  if (!value->is_array()) {
    in.problem(at, "must be an array of [id, id] pairs, got " + describe(*value));
    return pairs;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json& pair = (*value)[i];
    const std::string where = at + "/" + std::to_string(i);
    if (!pair.is_array() || pair.size() != 2) {
      in.problem(where, "must be a pair [id, id] of data centre or hospital ids, got " + describe(pair));
      continue;
    }
    const bool ok_a = in.check_reference(where + "/0", pair[0], {"data centre", "hospital"}, context);
    const bool ok_b = in.check_reference(where + "/1", pair[1], {"data centre", "hospital"}, context);
    if (!ok_a || !ok_b) continue;
    if (pair[0] == pair[1]) {
      in.problem(where + "/1", "the pair joins " + units::quote(pair[0].get<std::string>()) + " to itself");
      continue;
    }
    pairs.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
  }
  return pairs;
}

RansomwareSpec load_ransomware(ScenarioReader& in, const json& value, const std::string& at) {
  RansomwareSpec spec;
  if (auto dwell = in.read_duration_distribution(value, at, "dwell", "/injections/*/dwell"))
    spec.dwell = *dwell;
  if (const json* spread = in.member(value, "spread");
      spread != nullptr && in.check_object(*spread, at + "/spread", "/injections/*/spread")) {
    const std::string here = at + "/spread";
    if (auto delay = in.read_duration_distribution(*spread, here, "delay", "/injections/*/spread/delay"))
      spec.spread_delay = *delay;
    in.read_share(*spread, here, "probability", spec.spread_probability);
    in.read_bool(*spread, here, "over_network", spec.over_network);
    spec.trust = read_host_pairs(in, *spread, here, "trust", "a ransomware trust edge joins");
  }
  if (const json* segmentation = in.member(value, "segmentation");
      segmentation != nullptr &&
      in.check_object(*segmentation, at + "/segmentation", "/injections/*/segmentation")) {
    const std::string here = at + "/segmentation";
    spec.blocked = read_host_pairs(in, *segmentation, here, "blocked", "a blocked ransomware edge joins");
    if (const json* zones = in.member(*segmentation, "zones")) {
      for (const std::string& zone : in.check_collection(*zones, here + "/zones", "zones", kMaxEntities)) {
        const json& members = (*zones)[zone];
        const std::string where = here + "/zones/" + zone;
        if (!members.is_array() || members.empty()) {
          in.problem(where,
                     "must be a non-empty array of data centre or hospital ids, got " + describe(members));
          continue;
        }
        std::vector<std::string>& ids = spec.zones[zone];
        for (std::size_t i = 0; i < members.size(); ++i) {
          if (in.check_reference(where + "/" + std::to_string(i), members[i], {"data centre", "hospital"},
                                 "a segmentation zone holds"))
            ids.push_back(members[i].get<std::string>());
        }
      }
    }
  }
  spec.detect_after = in.read_duration_distribution(value, at, "detect_after", "/injections/*/detect_after");
  if (const json* containment = in.member(value, "containment");
      containment != nullptr &&
      in.check_object(*containment, at + "/containment", "/injections/*/containment")) {
    const std::string here = at + "/containment";
    if (!spec.detect_after) {
      in.problem(here, "containment follows detection; add \"detect_after\" to the attack");
    }
    if (const json* isolate = in.member(*containment, "isolate")) {
      if (isolate->is_string()) {
        const std::string& policy = isolate->get_ref<const std::string&>();
        if (policy == "none") {
          spec.isolate = IsolationPolicy::kNone;
        } else if (policy == "infected") {
          spec.isolate = IsolationPolicy::kInfected;
        } else if (policy == "all") {
          spec.isolate = IsolationPolicy::kAll;
        } else {
          in.problem(here + "/isolate", "unknown isolation policy " + units::quote(policy) +
                                            "; expected \"infected\", \"all\", \"none\" or a list of ids" +
                                            did_you_mean(policy, {"infected", "all", "none"}));
        }
      } else if (isolate->is_array() && !isolate->empty()) {
        spec.isolate = IsolationPolicy::kListed;
        for (std::size_t i = 0; i < isolate->size(); ++i) {
          if (in.check_reference(here + "/isolate/" + std::to_string(i), (*isolate)[i],
                                 {"data centre", "hospital"}, "containment isolates"))
            spec.isolate_ids.push_back((*isolate)[i].get<std::string>());
        }
      } else {
        in.problem(
            here + "/isolate",
            "must be \"infected\", \"all\", \"none\" or a non-empty array of ids, got " + describe(*isolate));
      }
    }
    if (auto after =
            in.read_duration_distribution(*containment, here, "after", "/injections/*/containment/after"))
      spec.containment_after = *after;
    spec.release_after = in.read_duration_distribution(*containment, here, "release_after",
                                                       "/injections/*/containment/release_after");
  }
  if (const json* restore = in.member(value, "restore");
      restore != nullptr && in.check_object(*restore, at + "/restore", "/injections/*/restore")) {
    const std::string here = at + "/restore";
    if (!spec.detect_after) {
      in.problem(here, "restoration follows detection; add \"detect_after\" to the attack");
    }
    spec.has_restore = true;
    in.read_int(*restore, here, "team_size", spec.team_size, 1, kMaxEntities);
    if (auto forensics =
            in.read_duration_distribution(*restore, here, "forensics", "/injections/*/restore/forensics"))
      spec.forensics = *forensics;
    if (auto per_host =
            in.read_duration_distribution(*restore, here, "per_host", "/injections/*/restore/per_host"))
      spec.per_host = *per_host;
  }
  return spec;
}

void load_waves(ScenarioReader& in, const json& waves, const std::string& at, Injection& injection) {
  if (!waves.is_array() || waves.empty()) {
    in.problem(
        at, "must be a non-empty array of waves {after, duration, targets, traffic}, got " + describe(waves));
    return;
  }
  if (static_cast<long long>(waves.size()) > kMaxEntities) {
    in.problem(at, "has " + std::to_string(waves.size()) + " waves; more than " +
                       std::to_string(kMaxEntities) + " is refused as absurd");
    return;
  }
  for (std::size_t i = 0; i < waves.size(); ++i) {
    const std::string where = at + "/" + std::to_string(i);
    const json& value = waves[i];
    if (!in.check_object(value, where, "/injections/*/waves/*")) continue;
    DdosWave wave;
    if (auto after = in.read_duration_distribution(value, where, "after", "/injections/*/waves/*/after"))
      wave.after = *after;
    if (auto duration =
            in.read_duration_distribution(value, where, "duration", "/injections/*/waves/*/duration"))
      wave.duration = *duration;
    in.read_positive_quantity(value, where, "traffic", wave.traffic, units::parse_bandwidth, "a bandwidth",
                              "\"20Gbps\"", false, kMaxBandwidth, kMaxBandwidthText);
    if (const json* targets = in.member(value, "targets")) {
      if (!targets->is_array() || targets->empty()) {
        in.problem(where + "/targets", "must be a non-empty array of link ids, got " + describe(*targets));
      } else {
        for (std::size_t k = 0; k < targets->size(); ++k) {
          if (in.check_reference(where + "/targets/" + std::to_string(k), (*targets)[k], {"link"},
                                 "a ddos_campaign wave targets"))
            wave.targets.push_back((*targets)[k].get<std::string>());
        }
      }
    }
    injection.waves.push_back(std::move(wave));
  }
}

// An injection must start within [start, start + horizon): the fixed time, a uniform's bounds, the median
// of a lognormal or the mean of an exponential (later draws mean no injection within that run).
void check_injection_time(ScenarioReader& in, const json& value, const std::string& at,
                          const Distribution& when) {
  if (!in.has_horizon()) return;
  const auto outside = [&](double t) { return t < 0 || t >= in.horizon(); };
  const std::string window = "[" + format_civil(in.time_origin()) + ", " +
                             format_civil(civil_after(in.time_origin(), in.horizon())) + ")";
  const auto report = [&](const std::string& where, const char* what, double t) {
    in.problem(where, std::string(what) + " " + format_civil(civil_after(in.time_origin(), t)) +
                          " is outside the run; expected a time in " + window);
  };
  switch (when.kind) {
    case Distribution::Kind::kFixed:
      if (outside(when.a)) report(at, "time", when.a);
      break;
    case Distribution::Kind::kUniform:
      if (outside(when.a)) report(at + "/min", "min", when.a);
      if (outside(when.b)) report(at + "/max", "max", when.b);
      break;
    case Distribution::Kind::kLognormal:
      if (outside(when.a)) report(at + "/median", "median", when.a);
      break;
    case Distribution::Kind::kExponential:
      if (outside(when.a)) report(at + "/mean", "mean", when.a);
      break;
  }
}

// The ids an injection's "target" (one id) or "targets" (a list) name, with their pointers; a ddos_campaign
// has none (its waves name their links).
std::vector<std::pair<std::string, const json*>> target_references(ScenarioReader& in, const json& value,
                                                                   const std::string& at, bool campaign) {
  const json* target = in.member(value, "target");
  const json* targets = in.member(value, "targets");
  std::vector<std::pair<std::string, const json*>> references;
  if (campaign && (target != nullptr || targets != nullptr)) {
    in.key_problem(child(at, target != nullptr ? "target" : "targets"),
                   "a ddos_campaign has no target; each of its \"waves\" names its own link \"targets\"");
  } else if (campaign) {
    // targets are read with the waves
  } else if (target != nullptr && targets != nullptr) {
    in.problem(at, "has both \"target\" and \"targets\"; expected one of them");
  } else if (target == nullptr && targets == nullptr) {
    in.problem(at, "missing required key \"target\" (one id) or \"targets\" (a list of ids)");
  } else if (target != nullptr) {
    references.emplace_back(at + "/target", target);
  } else if (!targets->is_array() || targets->empty()) {
    in.problem(at + "/targets", "must be a non-empty array of ids, got " + describe(*targets));
  } else {
    for (std::size_t i = 0; i < targets->size(); ++i) {
      references.emplace_back(at + "/targets/" + std::to_string(i), &(*targets)[i]);
    }
  }
  return references;
}

// The targets of a `kind` injection that name an entity of the kind it acts on.
void read_targets(ScenarioReader& in, const std::vector<std::pair<std::string, const json*>>& references,
                  const std::string& kind, Injection& injection) {
  for (const auto& [where, reference] : references) {
    const std::string context = "a " + kind + " injection targets";
    bool ok = false;
    switch (injection.kind) {
      case InjectionKind::kLinkDown:
      case InjectionKind::kDegrade:
      case InjectionKind::kDdos:
        ok = in.check_reference(where, *reference, {"link"}, context);
        break;
      case InjectionKind::kHostDown:
        ok = in.check_reference(where, *reference, {"data centre", "hospital"}, context);
        break;
      case InjectionKind::kServiceDown:
        ok = in.check_reference(where, *reference, {"service"}, context);
        break;
      case InjectionKind::kShutdown:
        ok = in.check_reference(where, *reference, {"data centre", "link", "hospital"}, context);
        break;
      case InjectionKind::kRansomware:
        ok = in.check_reference(where, *reference, {"data centre", "hospital"}, context);
        break;
      case InjectionKind::kDdosCampaign:
        break;
    }
    if (ok) injection.targets.push_back(reference->get<std::string>());
  }
}

// The keys of one kind of injection, refused on the others; the keys a kind requires.
void read_kind_keys(ScenarioReader& in, const json& value, const std::string& at, const std::string& kind,
                    bool kind_ok, Injection& injection) {
  const bool campaign = kind_ok && injection.kind == InjectionKind::kDdosCampaign;
  const auto only_for = [&](const char* key, InjectionKind wanted, const char* wanted_name) {
    if (in.member(value, key) != nullptr && kind_ok && injection.kind != wanted) {
      in.key_problem(child(at, key),
                     units::quote(key) + " applies only to " + wanted_name + " injections, not to " + kind);
      return false;
    }
    return in.member(value, key) != nullptr;
  };
  if (only_for("bandwidth_factor", InjectionKind::kDegrade, "degrade")) {
    in.read_number(
        value, at, "bandwidth_factor", injection.bandwidth_factor, [](double v) { return v > 0 && v <= 1; },
        "a factor in (0, 1]");
  }
  if (only_for("added_latency", InjectionKind::kDegrade, "degrade")) {
    in.read_duration(value, at, "added_latency", injection.added_latency);
  }
  if (only_for("traffic", InjectionKind::kDdos, "ddos")) {
    in.read_positive_quantity(value, at, "traffic", injection.traffic, units::parse_bandwidth, "a bandwidth",
                              "\"20Gbps\"", false, kMaxBandwidth, kMaxBandwidthText);
  }
  if (kind_ok && injection.kind == InjectionKind::kDdos && in.member(value, "traffic") == nullptr) {
    in.problem(at, "a ddos injection needs \"traffic\" (bytes/s of background flow, e.g. \"20Gbps\")");
  }
  if (kind_ok && injection.kind == InjectionKind::kDegrade &&
      in.member(value, "bandwidth_factor") == nullptr && in.member(value, "added_latency") == nullptr) {
    in.problem(at, "a degrade injection needs \"bandwidth_factor\" or \"added_latency\"");
  }
  for (const char* key : {"dwell", "spread", "segmentation", "detect_after", "containment", "restore"}) {
    only_for(key, InjectionKind::kRansomware, "ransomware");
  }
  if (kind_ok && injection.kind == InjectionKind::kRansomware) {
    injection.ransomware = load_ransomware(in, value, at);
  }
  if (only_for("waves", InjectionKind::kDdosCampaign, "ddos_campaign")) {
    load_waves(in, value["waves"], at + "/waves", injection);
  } else if (campaign) {
    in.problem(at,
               "a ddos_campaign needs \"waves\" (a non-empty array of {after, duration, targets, traffic})");
  }
}

}  // namespace

void load_injections(ScenarioReader& in, const json& root, Scenario& scenario) {
  const json* collection = in.member(root, "injections");
  if (collection == nullptr) return;
  static const std::vector<std::string> kKinds = {"link_down", "host_down", "service_down", "degrade",
                                                  "ddos",      "shutdown",  "ransomware",   "ddos_campaign"};
  for (const std::string& id : in.check_collection(*collection, "/injections", "injections", kMaxEntities)) {
    const std::string at = "/injections/" + id;
    const json& value = (*collection)[id];
    if (!in.check_object(value, at, "/injections/*")) continue;
    Injection injection;
    injection.id = id;
    in.read_string(value, at, "description", injection.description);
    std::string kind;
    bool kind_ok = false;
    if (in.read_string(value, at, "kind", kind)) {
      if (const auto index = in.choice_index(at + "/kind", kind, kKinds, "injection kind")) {
        injection.kind = static_cast<InjectionKind>(*index);  // kKinds is in the order of InjectionKind
        kind_ok = true;
      }
    }
    // at
    if (const json* when = in.member(value, "at"); when != nullptr && in.has_start()) {
      if (auto distribution =
              in.read_distribution(*when, at + "/at", "/injections/*/at", DistributionUnit::kDatetime)) {
        injection.at = *distribution;
        check_injection_time(in, *when, at + "/at", *distribution);
      }
    }
    // target / targets
    const bool campaign = kind_ok && injection.kind == InjectionKind::kDdosCampaign;
    const std::vector<std::pair<std::string, const json*>> references =
        target_references(in, value, at, campaign);
    if (kind_ok) read_targets(in, references, kind, injection);
    if (const json* duration = in.member(value, "duration")) {
      if (kind_ok &&
          (injection.kind == InjectionKind::kRansomware || injection.kind == InjectionKind::kDdosCampaign)) {
        in.key_problem(at + "/duration",
                       injection.kind == InjectionKind::kRansomware
                           ? "a ransomware attack has no \"duration\"; it lasts until its hosts are restored "
                             "(see \"restore\")"
                           : "a ddos_campaign has no \"duration\"; each wave has its own");
      } else {
        injection.duration = in.read_distribution(*duration, at + "/duration", "/injections/*/duration",
                                                  DistributionUnit::kDuration);
      }
    }
    read_kind_keys(in, value, at, kind, kind_ok, injection);
    scenario.injections[id] = std::move(injection);
  }
}

}  // namespace hospsim::loader
