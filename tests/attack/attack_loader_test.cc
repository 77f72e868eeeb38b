// Loading the ransomware and ddos_campaign injection kinds and network.scrubbing: values and error messages.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "hospsim/loader.h"

using namespace hospsim;
using nlohmann::json;

namespace {

json base() {
  return json::parse(R"({
    "format": "hospsim/1",
    "name": "base",
    "start": "2025-03-10T00:00",
    "horizon": "2d",
    "datacenters": {"dc": {}, "dc2": {}},
    "network": {
      "routers": {"r": {}},
      "links": {"l1": {"between": ["h", "r"]}, "l2": {"between": ["r", "dc"]}, "l3": {"between": ["r", "dc2"]}}
    },
    "services": {"ehr": {"hosted_on": "dc"}},
    "hospitals": {"h": {"name": "H", "location": [56, 10], "uses": ["ehr"]}},
    "injections": {
      "ransom": {"kind": "ransomware", "at": "2025-03-10T12:00", "targets": ["dc"]},
      "waves": {"kind": "ddos_campaign", "at": "2025-03-10T08:00",
                "waves": [{"duration": "1h", "targets": ["l1"], "traffic": "2Gbps"}]}
    }
  })");
}

std::vector<std::string> problems_of(const json& document) {
  Result<Scenario> result = load_scenario_text(document.dump(2), "s.json", LoadOptions{});
  REQUIRE_FALSE(result.is_ok());
  std::vector<std::string> out;
  for (const Problem& problem : result.status().problems())
    out.push_back(problem.pointer + ": " + problem.message);
  return out;
}

std::string problem_of(const json& document) {
  std::vector<std::string> problems = problems_of(document);
  INFO(json(problems).dump(1));
  REQUIRE(problems.size() == 1);
  return problems[0];
}

}  // namespace

TEST_CASE("attack::loader: defaults of a ransomware attack and a campaign", "[attack]") {
  Result<Scenario> loaded = load_scenario_text(base().dump(), "s.json", LoadOptions{});
  REQUIRE(loaded.is_ok());
  const Scenario& s = loaded.value();
  const Injection& ransom = s.injections.at("ransom");
  REQUIRE(ransom.kind == InjectionKind::kRansomware);
  REQUIRE(ransom.ransomware.has_value());
  CHECK(ransom.targets == std::vector<std::string>{"dc"});
  CHECK(ransom.ransomware->dwell.a == 0.0);
  CHECK(ransom.ransomware->spread_delay.a == kHour);
  CHECK(ransom.ransomware->spread_probability == 1.0);
  CHECK(ransom.ransomware->over_network);
  CHECK_FALSE(ransom.ransomware->detect_after.has_value());
  CHECK_FALSE(ransom.ransomware->has_restore);
  CHECK(ransom.ransomware->isolate == IsolationPolicy::kInfected);
  const Injection& campaign = s.injections.at("waves");
  CHECK(campaign.kind == InjectionKind::kDdosCampaign);
  CHECK(campaign.targets.empty());
  REQUIRE(campaign.waves.size() == 1);
  CHECK(campaign.waves[0].after.a == 0.0);
  CHECK(campaign.waves[0].duration.a == kHour);
  CHECK(campaign.waves[0].traffic == 2.5e8);
  CHECK(s.network.scrubbing == 0.0);
}

TEST_CASE("attack::loader: the every-key example's attack values", "[attack]") {
  Result<Scenario> loaded =
      load_scenario_file(std::string(HOSPSIM_SOURCE_DIR) + "/scenarios/examples/full.json", LoadOptions{});
  REQUIRE(loaded.is_ok());
  const Scenario& s = loaded.value();
  CHECK(s.network.scrubbing == 1e9);
  const RansomwareSpec& r = *s.injections.at("ransom").ransomware;
  CHECK(r.dwell.a == 30 * kMinute);
  CHECK(r.spread_delay.kind == Distribution::Kind::kUniform);
  CHECK(r.spread_delay.b == 3 * kHour);
  CHECK(r.spread_probability == 0.5);
  CHECK(r.trust.size() == 1);
  CHECK(r.trust[0][1] == "dc-a");
  CHECK(r.blocked[0][0] == "h1");
  CHECK(r.zones.at("clinical") == std::vector<std::string>{"h1", "h2", "dc-a"});
  CHECK(r.detect_after->kind == Distribution::Kind::kLognormal);
  CHECK(r.isolate == IsolationPolicy::kListed);
  CHECK(r.isolate_ids == std::vector<std::string>{"dc-b"});
  CHECK(r.containment_after.kind == Distribution::Kind::kExponential);
  CHECK(r.containment_after.a == 30 * kMinute);
  CHECK(r.release_after->a == 12 * kHour);
  CHECK(r.has_restore);
  CHECK(r.team_size == 2);
  CHECK(r.forensics.a == kDay);
  CHECK(r.per_host.a == 8 * kHour);
  const Injection& campaign = s.injections.at("campaign");
  REQUIRE(campaign.waves.size() == 5);
  CHECK(campaign.waves[1].after.a == kDay);
  CHECK(campaign.waves[1].targets == std::vector<std::string>{"core-dca", "core-dcb"});
  CHECK(campaign.waves[1].traffic == 5e9);
}

TEST_CASE("attack::loader: ransomware rules", "[attack]") {
  SECTION("ransomware keys on another kind") {
    json d = base();
    d["injections"]["cut"] = {
        {"kind", "link_down"}, {"at", "2025-03-10T12:00"}, {"target", "l1"}, {"dwell", "1h"}};
    CHECK(problem_of(d) ==
          "/injections/cut/dwell: \"dwell\" applies only to ransomware injections, not to link_down");
  }
  SECTION("a link is not a host") {
    json d = base();
    d["injections"]["ransom"]["targets"] = {"l1"};
    CHECK(problem_of(d) ==
          "/injections/ransom/targets/0: \"l1\" is a link; a ransomware injection targets a data centre or "
          "hospital id");
  }
  SECTION("no duration") {
    json d = base();
    d["injections"]["ransom"]["duration"] = "1h";
    CHECK(problem_of(d) ==
          "/injections/ransom/duration: a ransomware attack has no \"duration\"; it lasts until its "
          "hosts are restored (see \"restore\")");
  }
  SECTION("restore needs detection and per_host") {
    json d = base();
    d["injections"]["ransom"]["restore"] = {{"team_size", 2}};
    const std::vector<std::string> problems = problems_of(d);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0] == "/injections/ransom/restore: missing required key \"per_host\"");
    CHECK(problems[1] ==
          "/injections/ransom/restore: restoration follows detection; add \"detect_after\" to the attack");
  }
  SECTION("team size") {
    json d = base();
    d["injections"]["ransom"]["detect_after"] = "1h";
    d["injections"]["ransom"]["restore"] = {{"team_size", 0}, {"per_host", "2h"}};
    CHECK(problem_of(d) == "/injections/ransom/restore/team_size: must be a positive integer, got 0");
  }
  SECTION("isolation policy") {
    json d = base();
    d["injections"]["ransom"]["detect_after"] = "1h";
    d["injections"]["ransom"]["containment"] = {{"isolate", "everything"}};
    CHECK(problem_of(d) ==
          "/injections/ransom/containment/isolate: unknown isolation policy \"everything\"; "
          "expected \"infected\", \"all\", \"none\" or a list of ids");
  }
  SECTION("pairs") {
    json d = base();
    d["injections"]["ransom"]["spread"] = {{"trust", json::array({json::array({"dc", "dc"})})},
                                           {"probability", 1.5}};
    d["injections"]["ransom"]["segmentation"] = {{"blocked", {{"dc"}}}, {"zones", {{"z", {"nowhere"}}}}};
    const std::vector<std::string> problems = problems_of(d);
    REQUIRE(problems.size() == 4);  // in file order: segmentation sorts before spread
    CHECK(problems[0] ==
          "/injections/ransom/segmentation/blocked/0: must be a pair [id, id] of data centre or "
          "hospital ids, got an array");
    CHECK(problems[1] ==
          "/injections/ransom/segmentation/zones/z/0: unknown data centre or hospital "
          "\"nowhere\"; expected one of: dc, dc2, h");
    CHECK(problems[2] == "/injections/ransom/spread/probability: must be a share in [0, 1], got 1.5");
    CHECK(problems[3] == "/injections/ransom/spread/trust/0/1: the pair joins \"dc\" to itself");
  }
}

TEST_CASE("attack::loader: ddos_campaign rules", "[attack]") {
  SECTION("no target") {
    json d = base();
    d["injections"]["waves"]["target"] = "l1";
    CHECK(problem_of(d) ==
          "/injections/waves/target: a ddos_campaign has no target; each of its \"waves\" names "
          "its own link \"targets\"");
  }
  SECTION("waves required") {
    json d = base();
    d["injections"]["waves"].erase("waves");
    CHECK(problem_of(d) ==
          "/injections/waves: a ddos_campaign needs \"waves\" (a non-empty array of {after, "
          "duration, targets, traffic})");
  }
  SECTION("a wave's keys") {
    json d = base();
    d["injections"]["waves"]["waves"][0].erase("traffic");
    d["injections"]["waves"]["waves"][0]["targets"] = {"dc"};
    const std::vector<std::string> problems = problems_of(d);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0] == "/injections/waves/waves/0: missing required key \"traffic\"");
    CHECK(problems[1] ==
          "/injections/waves/waves/0/targets/0: \"dc\" is a data centre; a ddos_campaign wave "
          "targets a link id");
  }
  SECTION("scrubbing is a bandwidth") {
    json d = base();
    d["network"]["scrubbing"] = 8;
    CHECK(problem_of(d) ==
          "/network/scrubbing: must be a bandwidth string with its unit, e.g. \"8Gbps\", got 8");
  }
}
