// Tests of the IT layer on hand-computable scenarios: one hospital and one data centre where possible.
// Each TEST_CASE creates one SimGrid Engine (ctest runs each TEST_CASE in its own process).
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <simgrid/s4u.hpp>

#include "it/it_model.h"

namespace hospsim {
namespace {

struct StateRecord {
  Seconds time;
  std::string hospital;
  std::string service;
  ServiceState from;
  ServiceState to;
  std::string cause;
};

struct InfraRecord {
  Seconds time;
  std::string kind;
  std::string target;
  std::string detail;
};

class Recorder : public Observer {
 public:
  void on(const ServiceStateChanged& e) override {
    states.push_back({e.time, e.hospital, e.service, e.from, e.to, e.cause});
    lines.push_back(fmt::format("{} state {} {} {} {} {}", e.time, e.hospital, e.service,
                                service_state_name(e.from), service_state_name(e.to), e.cause));
  }
  void on(const InfrastructureEvent& e) override {
    infra.push_back({e.time, infrastructure_kind_name(e.kind), e.target, e.detail});
    lines.push_back(
        fmt::format("{} infra {} {} {}", e.time, infrastructure_kind_name(e.kind), e.target, e.detail));
  }
  void on_end(Seconds time) override {
    end = time;
    lines.push_back(fmt::format("{} end", time));
  }

  std::vector<StateRecord> states;
  std::vector<InfraRecord> infra;
  std::vector<std::string> lines;
  Seconds end = -1;

  std::vector<StateRecord> states_to(ServiceState to) const {
    std::vector<StateRecord> found;
    for (const auto& s : states) {
      if (s.to == to) found.push_back(s);
    }
    return found;
  }
  std::vector<InfraRecord> infra_of(const std::string& kind) const {
    std::vector<InfraRecord> found;
    for (const auto& i : infra) {
      if (i.kind == kind) found.push_back(i);
    }
    return found;
  }
};

void add_link(Scenario& scenario, const std::string& id, const std::string& a, const std::string& b,
              double bandwidth = 1.25e8, Seconds latency = 0.005, const std::string& carrier = "") {
  Link link;
  link.id = id;
  link.between = {a, b};
  link.bandwidth = bandwidth;
  link.latency = latency;
  link.carrier = carrier;
  scenario.network.links[id] = link;
}

void add_service(Scenario& scenario, const std::string& id, const std::string& datacenter) {
  Service service;
  service.id = id;
  service.hosted_on = datacenter;
  scenario.services[id] = service;  // 20 kB out, 2 Mf, 20 kB back, timeout 10 s, probe every 60 s
}

void add_hospital(Scenario& scenario, const std::string& id, std::vector<std::string> uses) {
  Hospital hospital;
  hospital.id = id;
  hospital.uses = std::move(uses);  // downtime: detect 900 s, restore 600 s, recovery 7200 s
  scenario.hospitals[id] = hospital;
}

void add_datacenter(Scenario& scenario, const std::string& id, bool starts_off = false) {
  scenario.datacenters[id] = Datacenter{id, id, std::nullopt, 1e11, starts_off};
}

Injection& add_injection(Scenario& scenario, const std::string& id, InjectionKind kind,
                         std::vector<std::string> targets, Seconds at, std::optional<Seconds> duration) {
  Injection& injection = scenario.injections[id];
  injection.id = id;
  injection.kind = kind;
  injection.targets = std::move(targets);
  injection.at = Distribution::fixed(at);
  if (duration) injection.duration = Distribution::fixed(*duration);
  return injection;
}

// One hospital "h", one data centre "dc", one 1 Gbps link "l" with 5 ms latency, one service "ehr".
Scenario one_hospital() {
  Scenario scenario;
  scenario.name = "it test";
  scenario.horizon = 5 * kHour;
  scenario.seed = 7;
  add_datacenter(scenario, "dc");
  add_service(scenario, "ehr", "dc");
  add_hospital(scenario, "h", {"ehr"});
  add_link(scenario, "l", "h", "dc");
  return scenario;
}

struct RunResult {
  Recorder recorder;
  ItModel::Counters counters;
  std::map<std::string, std::string> active;  // service -> data centre at the end
  std::map<std::string, Seconds> phase;       // "hospital/service" -> first probe
  std::map<std::string, ServiceState> final_state;
};

using Hook = std::function<void(ItModel&, const Platform&)>;

// Runs `scenario` to its horizon in this process's Engine.
RunResult simulate(const Scenario& scenario, const Hook& hook = {}) {
  RunResult result;
  auto engine = create_engine();
  Platform platform = build_platform(scenario);
  EventBus bus;
  bus.subscribe(&result.recorder);
  ItModel it(scenario, platform, bus, scenario.seed);
  it.start();
  if (hook) hook(it, platform);
  start_horizon(platform, scenario.horizon, bus);
  engine->run();
  result.counters = it.counters();
  for (const auto& [id, service] : scenario.services) result.active[id] = it.active_datacenter(id);
  for (const auto& [hid, hospital] : scenario.hospitals) {
    for (const auto& sid : hospital.uses) {
      result.phase[hid + "/" + sid] = it.first_probe(hid, sid);
      result.final_state[hid + "/" + sid] = it.state(hid, sid);
    }
  }
  return result;
}

// Duration of one default request on one 1 Gbps, 5 ms link: 2 x (5 ms + 20 kB / 125 MB/s) + 2 Mf / 100 Gf/s.
constexpr Seconds kRequestTime = 2 * (0.005 + 2e4 / 1.25e8) + 2e6 / 1e11;

TEST_CASE("it::state: link down goes DOWN, RECOVERING and UP at hand-computed times", "[it]") {
  Scenario scenario = one_hospital();
  add_injection(scenario, "cut", InjectionKind::kLinkDown, {"l"}, 3600, 1800);
  RunResult run = simulate(scenario);
  const Recorder& r = run.recorder;

  const Seconds phase = run.phase.at("h/ehr");
  REQUIRE(phase >= 0.0);
  REQUIRE(phase < 60.0);
  // Last probe before the cut starts at phase + 3540 and succeeds; later probes fail at once (link off).
  // The first failure at least 900 s after that success's completion is the 16th probe after it.
  const Seconds last_ok = phase + 3540;
  REQUIRE(r.states.size() == 3);
  CHECK(r.states[0].from == ServiceState::kUp);
  CHECK(r.states[0].to == ServiceState::kDown);
  CHECK(r.states[0].time == Approx(last_ok + 960).margin(1e-9));
  CHECK(r.states[0].cause == "no successful request for 900 s (network failure)");
  // Within one probe period of cut + detect_after.
  CHECK(r.states[0].time > 3600 + 900 - 60);
  CHECK(r.states[0].time <= 3600 + 900 + 60);
  // Link back at 5400: first success is the probe at phase + 5400; 600 s of successes later -> RECOVERING.
  CHECK(r.states[1].to == ServiceState::kRecovering);
  CHECK(r.states[1].time == Approx(phase + 5400 + 600 + kRequestTime).margin(1e-9));
  CHECK(r.states[1].cause == "requests succeed again for 600 s");
  CHECK(r.states[2].to == ServiceState::kUp);
  CHECK(r.states[2].time == Approx(phase + 6000 + kRequestTime + 7200).margin(1e-9));
  CHECK(r.states[2].cause == "recovery of 7200 s complete");
  CHECK(r.states[2].hospital == "h");
  CHECK(r.states[2].service == "ehr");

  REQUIRE(r.infra.size() == 2);
  CHECK(r.infra[0].kind == "link_down");
  CHECK(r.infra[0].time == 3600);
  CHECK(r.infra[0].target == "l");
  CHECK(r.infra[0].detail == "injection cut");
  CHECK(r.infra[1].kind == "link_up");
  CHECK(r.infra[1].time == 5400);
  CHECK(r.end == 5 * kHour);
  CHECK(run.final_state.at("h/ehr") == ServiceState::kUp);
  CHECK(run.counters.network_failures == 30);  // probes at phase + 3600 ... phase + 5340
  CHECK(run.counters.timed_out == 0);
}

// One hospital whose EHR gets only clinical requests (no probe within the run); the link is cut from 3600 s
// to 5400 s.
Scenario clinical_requests_only() {
  Scenario scenario = one_hospital();
  scenario.horizon = 3 * kHour;
  scenario.services["ehr"].probe_every = 1e9;
  add_injection(scenario, "cut", InjectionKind::kLinkDown, {"l"}, 3600, 1800);
  return scenario;
}

// The states and counts of clinical_requests_only() with a request at 15, 45, 75, ... s (`calls` of them).
void check_clinical_requests_only(const RunResult& run, int calls) {
  const auto& states = run.recorder.states;
  REQUIRE(states.size() == 2);
  // Last success completes at 3585 + d; failures at 3615, 3645, ...; first one >= 900 s later: 4515.
  CHECK(states[0].to == ServiceState::kDown);
  CHECK(states[0].time == 4515);
  // Link back at 5400: successes from 5415 on; the one started at 6015 completes the 600 s streak.
  CHECK(states[1].to == ServiceState::kRecovering);
  CHECK(states[1].time == Approx(6015 + kRequestTime).margin(1e-9));
  CHECK(run.counters.clinical_requests == static_cast<std::uint64_t>(calls));
  CHECK(run.counters.requests == static_cast<std::uint64_t>(calls));
}

TEST_CASE("it::request: clinical requests drive the state machine", "[it]") {
  const Scenario scenario = clinical_requests_only();
  int calls = 0;
  RunResult run = simulate(scenario, [&](ItModel& it, const Platform& platform) {
    simgrid::s4u::Actor::create("clinic", platform.clinic_host("h"), [&it, &calls] {
      simgrid::s4u::Actor::self()->daemonize();
      for (Seconds t = 15;; t += 30) {  // a lookup at 15, 45, 75, ... s
        simgrid::s4u::this_actor::sleep_until(t);
        it.request("h", "ehr");
        it.request("h", "nothing");  // a service the hospital does not use: ignored
        ++calls;
        CHECK(it.state("h", "nothing") == ServiceState::kUp);
      }
    });
  });
  REQUIRE(run.phase.at("h/ehr") > scenario.horizon);
  check_clinical_requests_only(run, calls);
}

// One hospital, probes every 300 s, a clinical request every 60 s from 30 s to 7170 s and none after (a quiet
// time); the link is cut from 3600 s to 5400 s (during the traffic) and from 9000 s to the end (when quiet).
struct ProbeModeRun {
  RunResult run;
  int calls = 0;
  std::vector<Seconds> probe_times;  // due times of the pair's probes within the horizon
};

ProbeModeRun run_probe_mode(bool passive) {
  Scenario scenario = one_hospital();
  scenario.horizon = 4 * kHour;
  scenario.services["ehr"].probe_every = 300;
  scenario.services["ehr"].passive_probes = passive;
  add_injection(scenario, "cut", InjectionKind::kLinkDown, {"l"}, 3600, 1800);
  add_injection(scenario, "quiet-cut", InjectionKind::kLinkDown, {"l"}, 9000, std::nullopt);
  ProbeModeRun result;
  int* calls = &result.calls;
  result.run = simulate(scenario, [calls](ItModel& it, const Platform& platform) {
    simgrid::s4u::Actor::create("clinic", platform.clinic_host("h"), [&it, calls] {
      simgrid::s4u::Actor::self()->daemonize();
      for (Seconds t = 30; t < 7200; t += 60) {
        simgrid::s4u::this_actor::sleep_until(t);
        it.request("h", "ehr");
        ++*calls;
      }
    });
  });
  for (Seconds t = result.run.phase.at("h/ehr"); t < scenario.horizon; t += 300) result.probe_times.push_back(t);
  return result;
}

TEST_CASE("it::pair: handles answer as the pair's strings do, and drive the state machine alike", "[it]") {
  // The scenario of it::request above, with every call made through pair handles.
  const Scenario scenario = clinical_requests_only();
  const std::string hospital = "h", ehr = "ehr", nothing = "nothing";
  int calls = 0;
  int mismatches = 0;
  RunResult run = simulate(scenario, [&](ItModel& it, const Platform& platform) {
    const ServiceView::Pair used = it.pair(hospital, ehr);
    const ServiceView::Pair unused = it.pair(hospital, nothing);
    CHECK(used != unused);
    simgrid::s4u::Actor::create("clinic", platform.clinic_host("h"), [&, used, unused] {
      simgrid::s4u::Actor::self()->daemonize();
      for (Seconds t = 15;; t += 30) {
        simgrid::s4u::this_actor::sleep_until(t);
        it.pair_request(used);
        it.pair_request(unused);  // a service the hospital does not use: ignored
        ++calls;
        if (it.pair_state(used) != it.state(hospital, ehr)) ++mismatches;
        if (it.pair_since(used) != it.state_since(hospital, ehr)) ++mismatches;
        if (it.pair_state(unused) != ServiceState::kUp || it.pair_since(unused) != 0.0) ++mismatches;
      }
    });
  });
  CHECK(mismatches == 0);
  REQUIRE(run.phase.at("h/ehr") > scenario.horizon);
  check_clinical_requests_only(run, calls);
}

TEST_CASE("it::probe: active monitoring probes every period on top of clinical requests", "[it]") {
  const ProbeModeRun active = run_probe_mode(false);
  REQUIRE(active.calls == 120);
  REQUIRE(active.probe_times.size() == 48);
  CHECK(active.run.counters.clinical_requests == 120);
  CHECK(active.run.counters.requests == 120 + 48);
}

TEST_CASE("it::probe: passive monitoring skips probes while clinical requests flow, not when quiet", "[it]") {
  const ProbeModeRun passive = run_probe_mode(true);
  REQUIRE(passive.calls == 120);
  // Probes are made only before the first clinical request (30 s) and from 300 s after the completion of
  // the last one (7170 s + d): none while the traffic flows, also none during the cut.
  std::uint64_t early_probes = 0, quiet_probes = 0;
  Seconds last_probe_before_cut = -1;
  for (Seconds t : passive.probe_times) {
    if (t < 30) ++early_probes;
    if (t - (7170 + kRequestTime) >= 300) ++quiet_probes;
    if (t < 9000) last_probe_before_cut = t;
  }
  REQUIRE(passive.probe_times.size() == 48);
  REQUIRE(quiet_probes >= 23);
  CHECK(passive.run.counters.clinical_requests == 120);
  CHECK(passive.run.counters.requests == 120 + early_probes + quiet_probes);
  const auto downs = passive.run.recorder.states_to(ServiceState::kDown);
  REQUIRE(downs.size() == 2);
  // During the traffic the failing clinical requests detect the cut: last success completes at 3570 + d,
  // failures at 3630, 3690, ...; the first one >= 900 s after that success is at 4530.
  CHECK(downs[0].time == 4530);
  CHECK(downs[0].cause == "no successful request for 900 s (network failure)");
  // Link back at 5400: clinical successes from 5430 on; the one started at 6030 completes the 600 s streak.
  const auto recovering = passive.run.recorder.states_to(ServiceState::kRecovering);
  REQUIRE(!recovering.empty());
  CHECK(recovering[0].time == Approx(6030 + kRequestTime).margin(1e-9));
  // When quiet, probes detect the second cut: the last successful probe is the one before 9000 s, DOWN at
  // the fourth failing probe after it (the third is 900 s - d after that success's completion).
  CHECK(downs[1].time == Approx(last_probe_before_cut + 1200).margin(1e-9));
  CHECK(passive.run.final_state.at("h/ehr") == ServiceState::kDown);
}

// h - r - dc1 (primary), r - dc2 (standby, cold); dc1 fails for good at 3600.
Scenario standby_scenario(Seconds failover_after) {
  Scenario scenario;
  scenario.horizon = 4 * kHour;
  scenario.seed = 11;
  add_datacenter(scenario, "dc1");
  add_datacenter(scenario, "dc2", /*starts_off=*/true);
  add_service(scenario, "ehr", "dc1");
  scenario.services["ehr"].standby = "dc2";
  scenario.services["ehr"].failover_after = failover_after;
  add_hospital(scenario, "h", {"ehr"});
  add_link(scenario, "h-r", "h", "r");
  add_link(scenario, "r-dc1", "r", "dc1");
  add_link(scenario, "r-dc2", "r", "dc2");
  add_injection(scenario, "fire", InjectionKind::kHostDown, {"dc1"}, 3600, std::nullopt);
  return scenario;
}

TEST_CASE("it::failover: a cold standby taking over before detection means no DOWN", "[it]") {
  Scenario scenario = standby_scenario(300);
  bool standby_on = false;
  RunResult run = simulate(scenario, [&](ItModel&, const Platform& platform) {
    simgrid::s4u::Actor::create("look", platform.control_host(), [&] {
      simgrid::s4u::Actor::self()->daemonize();
      CHECK_FALSE(platform.datacenter_host("dc2")->is_on());
      simgrid::s4u::this_actor::sleep_until(3 * kHour);
      standby_on = platform.datacenter_host("dc2")->is_on();
    });
  });
  const Recorder& r = run.recorder;
  CHECK(r.states.empty());
  const auto failovers = r.infra_of("failover");
  REQUIRE(failovers.size() == 1);
  // The orchestrator's last success precedes 3600 by less than a probe period; its probes of the dead primary
  // time out after 10 s; it fails over at the first timeout >= 300 s after that success.
  CHECK(failovers[0].time > 3600 + 300 - 60);
  CHECK(failovers[0].time <= 3600 + 300 + 60 + 10);
  CHECK(failovers[0].target == "ehr");
  CHECK(failovers[0].detail ==
        "ehr moved from dc1 to dc2 after 300 s without reaching the primary "
        "(cold standby started)");
  CHECK(run.active.at("ehr") == "dc2");
  CHECK(standby_on);
  CHECK(run.counters.timed_out > 0);
  CHECK(run.final_state.at("h/ehr") == ServiceState::kUp);
}

TEST_CASE("it::failover: downtime is bounded by failover_after plus detection", "[it]") {
  Scenario scenario = standby_scenario(1800);
  RunResult run = simulate(scenario);
  const Recorder& r = run.recorder;
  const auto failovers = r.infra_of("failover");
  REQUIRE(failovers.size() == 1);
  const Seconds failover = failovers[0].time;
  CHECK(failover > 3600 + 1800 - 60);
  CHECK(failover <= 3600 + 1800 + 60 + 10);
  REQUIRE(r.states.size() == 3);
  CHECK(r.states[0].to == ServiceState::kDown);
  CHECK(r.states[0].cause == "no successful request for 900 s (timeout)");
  CHECK(r.states[0].time > 3600 + 900 - 60 + 10);
  CHECK(r.states[0].time <= 3600 + 900 + 10);
  // After the failover the next probe reaches dc2; 600 s of successes later the service is RECOVERING.
  CHECK(r.states[1].to == ServiceState::kRecovering);
  CHECK(r.states[1].time >= failover + 600);
  CHECK(r.states[1].time <= failover + 60 + 600 + 1);
  CHECK(r.states[1].time - 3600 <= 1800 + 60 + 10 + 60 + 600 + 1);
  CHECK(r.states[2].to == ServiceState::kUp);
  CHECK(r.states[2].time == Approx(r.states[1].time + 7200).margin(1e-9));
}

// One hospital on a 10 Mbps link; requests of 1 MB each way: 2 x (0.005 + 0.8) s alone.
Scenario slow_link_scenario() {
  Scenario scenario = one_hospital();
  scenario.network.links["l"].bandwidth = 1.25e6;
  scenario.services["ehr"].request_bytes = 1e6;
  scenario.services["ehr"].response_bytes = 1e6;
  return scenario;
}

TEST_CASE("it::ddos: attack traffic below link capacity slows requests without DOWN", "[it]") {
  Scenario scenario = slow_link_scenario();
  Injection& attack = add_injection(scenario, "flood", InjectionKind::kDdos, {"l"}, 3600, 2 * kHour);
  attack.traffic = 0.5 * 1.25e6;  // requests get the other half: 1.6 s each way, 3.2 s < 10 s timeout
  RunResult run = simulate(scenario);
  CHECK(run.recorder.states.empty());
  CHECK(run.counters.timed_out == 0);
  REQUIRE(run.recorder.infra.size() == 2);
  CHECK(run.recorder.infra[0].kind == "ddos_start");
  CHECK(run.recorder.infra[0].detail ==
        "injection flood; 625000 B/s of attack traffic on a link of 1250000 B/s");
  CHECK(run.recorder.infra[1].kind == "ddos_end");
  CHECK(run.recorder.infra[1].time == 3600 + 2 * kHour);
}

TEST_CASE("it::ddos: attack traffic near link capacity slows requests past the timeout: DOWN", "[it]") {
  Scenario scenario = slow_link_scenario();
  Injection& attack = add_injection(scenario, "flood", InjectionKind::kDdos, {"l"}, 3600, 2 * kHour);
  attack.traffic = 0.9 * 1.25e6;  // requests get 125 kB/s: 8 s each way > 10 s timeout
  RunResult run = simulate(scenario);
  const auto down = run.recorder.states_to(ServiceState::kDown);
  REQUIRE(down.size() == 1);
  CHECK(down[0].cause == "no successful request for 900 s (timeout)");
  CHECK(run.counters.timed_out > 0);
}

TEST_CASE("it::ddos: attack traffic above link capacity times requests out: DOWN", "[it]") {
  Scenario scenario = slow_link_scenario();
  scenario.horizon = 6 * kHour;
  Injection& attack = add_injection(scenario, "flood", InjectionKind::kDdos, {"l"}, 3600, 2 * kHour);
  attack.traffic = 2 * 1.25e6;
  RunResult run = simulate(scenario);
  const auto& states = run.recorder.states;
  REQUIRE(states.size() == 3);
  CHECK(states[0].to == ServiceState::kDown);
  CHECK(states[0].cause == "no successful request for 900 s (timeout)");
  CHECK(states[0].time > 3600 + 900 - 60);
  CHECK(states[0].time <= 3600 + 900 + 10);
  CHECK(states[1].to == ServiceState::kRecovering);
  CHECK(states[1].time > 3600 + 2 * kHour + 600);
  CHECK(states[2].to == ServiceState::kUp);
}

TEST_CASE("it::reroute: cutting one of two carriers costs a reroute, no DOWN", "[it]") {
  Scenario scenario;
  scenario.horizon = 5 * kHour;
  scenario.seed = 3;
  add_datacenter(scenario, "dc");
  add_service(scenario, "ehr", "dc");
  add_service(scenario, "lab", "dc");
  add_hospital(scenario, "h", {"ehr", "lab"});
  add_link(scenario, "a1", "h", "r1", 1.25e8, 0.002, "A");
  add_link(scenario, "a2", "r1", "dc", 1.25e8, 0.002, "A");
  add_link(scenario, "b1", "h", "r2", 1.25e8, 0.004, "B");
  add_link(scenario, "b2", "r2", "dc", 1.25e8, 0.004, "B");
  add_injection(scenario, "digger", InjectionKind::kLinkDown, {"a1"}, 3600, 3 * kHour);
  RunResult run = simulate(scenario);
  CHECK(run.recorder.states.empty());
  const auto reroutes = run.recorder.infra_of("reroute");
  REQUIRE(reroutes.size() == 1);  // the path is the hospital's, shared by both services
  // First failure: the earliest first probe of the two services after 3600; reroute 60 s later.
  const Seconds first_failure = 3600 + std::min(run.phase.at("h/ehr"), run.phase.at("h/lab"));
  CHECK(reroutes[0].time == Approx(first_failure + 60).margin(1e-9));
  CHECK(reroutes[0].target == "h");
  CHECK(reroutes[0].detail == "path to dc switched from a1,a2 to b1,b2");
  CHECK(run.counters.network_failures >= 1);
  CHECK(run.counters.network_failures <= 2);
}

TEST_CASE("it::host_down: a data centre outage takes down its services for every hospital", "[it]") {
  Scenario scenario;
  scenario.horizon = 4 * kHour;
  add_datacenter(scenario, "dc1");
  add_datacenter(scenario, "dc2");
  add_service(scenario, "ehr", "dc1");
  add_service(scenario, "lab", "dc1");
  add_service(scenario, "pacs", "dc2");
  add_hospital(scenario, "h1", {"ehr", "lab", "pacs"});
  add_hospital(scenario, "h2", {"ehr", "pacs"});
  add_link(scenario, "h1-r", "h1", "r");
  add_link(scenario, "h2-r", "h2", "r");
  add_link(scenario, "r-dc1", "r", "dc1");
  add_link(scenario, "r-dc2", "r", "dc2");
  add_injection(scenario, "power", InjectionKind::kHostDown, {"dc1"}, 3600, kHour);
  RunResult run = simulate(scenario);
  std::vector<std::string> down;
  for (const auto& s : run.recorder.states_to(ServiceState::kDown)) {
    down.push_back(s.hospital + "/" + s.service);
    CHECK(s.cause == "no successful request for 900 s (timeout)");
  }
  std::sort(down.begin(), down.end());
  CHECK(down == std::vector<std::string>{"h1/ehr", "h1/lab", "h2/ehr"});
  CHECK(run.recorder.states_to(ServiceState::kRecovering).size() == 3);
  CHECK(run.recorder.infra_of("host_down").size() == 1);
  CHECK(run.recorder.infra_of("host_up").at(0).time == 3600 + kHour);
}

TEST_CASE("it::service_down: one service fails, the others stay UP", "[it]") {
  Scenario scenario = one_hospital();
  add_service(scenario, "lab", "dc");
  scenario.hospitals["h"].uses = {"ehr", "lab"};
  add_injection(scenario, "bug", InjectionKind::kServiceDown, {"ehr"}, 3600, kHour);
  RunResult run = simulate(scenario);
  const auto down = run.recorder.states_to(ServiceState::kDown);
  REQUIRE(down.size() == 1);
  CHECK(down[0].service == "ehr");
  CHECK(down[0].cause == "no successful request for 900 s (timeout)");
  for (const auto& s : run.recorder.states) CHECK(s.service == "ehr");
  REQUIRE(run.recorder.infra.size() == 2);
  CHECK(run.recorder.infra[0].kind == "service_down");
  CHECK(run.recorder.infra[1].kind == "service_up");
}

TEST_CASE("it::degrade: a mild bandwidth cut and added latency stay within the timeout", "[it]") {
  Scenario scenario = slow_link_scenario();
  Injection& degrade = add_injection(scenario, "congestion", InjectionKind::kDegrade, {"l"}, 3600, kHour);
  degrade.bandwidth_factor = 0.5;  // 1.6 s each way
  degrade.added_latency = 1.0;     // + 1 s each way: 5.2 s < 10 s
  RunResult run = simulate(scenario);
  CHECK(run.recorder.states.empty());
  CHECK(run.counters.timed_out == 0);
  REQUIRE(run.recorder.infra.size() == 2);
  CHECK(run.recorder.infra[0].kind == "degrade_start");
  CHECK(run.recorder.infra[0].detail == "injection congestion; bandwidth x0.5, latency +1 s");
  CHECK(run.recorder.infra[1].kind == "degrade_end");
}

TEST_CASE("it::degrade: added latency beyond the timeout causes DOWN", "[it]") {
  Scenario scenario = slow_link_scenario();
  Injection& degrade = add_injection(scenario, "congestion", InjectionKind::kDegrade, {"l"}, 3600, kHour);
  degrade.bandwidth_factor = 0.5;  // 1.6 s each way
  degrade.added_latency = 4.0;     // + 4 s each way: 11.2 s > 10 s
  RunResult run = simulate(scenario);
  const auto down = run.recorder.states_to(ServiceState::kDown);
  REQUIRE(down.size() == 1);
  CHECK(down[0].cause == "no successful request for 900 s (timeout)");
}

TEST_CASE("it::degrade: a severe bandwidth cut makes requests exceed the timeout: DOWN", "[it]") {
  Scenario scenario = slow_link_scenario();
  Injection& degrade = add_injection(scenario, "congestion", InjectionKind::kDegrade, {"l"}, 3600, kHour);
  degrade.bandwidth_factor = 0.1;  // 8 s each way
  RunResult run = simulate(scenario);
  const auto& states = run.recorder.states;
  REQUIRE(states.size() == 3);
  CHECK(states[0].to == ServiceState::kDown);
  CHECK(states[0].time > 3600 + 900 - 60);
  CHECK(states[0].time <= 3600 + 900 + 10);
  CHECK(states[1].to == ServiceState::kRecovering);
  CHECK(states[2].to == ServiceState::kUp);
}

TEST_CASE("it::shutdown: operators turn off the listed targets", "[it]") {
  Scenario scenario = one_hospital();
  add_datacenter(scenario, "dc2");
  add_service(scenario, "lab", "dc2");
  add_link(scenario, "l2", "h", "dc2");
  scenario.hospitals["h"].uses = {"ehr", "lab"};
  add_injection(scenario, "precaution", InjectionKind::kShutdown, {"dc", "l2"}, 3600, kHour);
  RunResult run = simulate(scenario);
  CHECK(run.recorder.states_to(ServiceState::kDown).size() == 2);
  std::vector<std::string> kinds;
  for (const auto& i : run.recorder.infra) kinds.push_back(i.kind + " " + i.target);
  CHECK(kinds ==
        std::vector<std::string>{"shutdown dc", "shutdown l2", "shutdown_end dc", "shutdown_end l2"});
}

TEST_CASE("it::host_down: a hospital's IT endpoint going down fails its requests at once", "[it]") {
  Scenario scenario = one_hospital();
  add_injection(scenario, "switch", InjectionKind::kHostDown, {"h"}, 3600, kHour);
  RunResult run = simulate(scenario);
  const auto down = run.recorder.states_to(ServiceState::kDown);
  REQUIRE(down.size() == 1);
  CHECK(down[0].cause == "no successful request for 900 s (endpoint down)");
  CHECK(run.counters.endpoint_down > 0);
}

// The serialised event log of a scenario with random injection times, computed in a child process.
std::string event_log_in_child(const Scenario& scenario) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    RunResult run = simulate(scenario);
    std::string text;
    for (const auto& line : run.recorder.lines) text += line + "\n";
    size_t written = 0;
    while (written < text.size()) {
      const ssize_t n = write(fds[1], text.data() + written, text.size() - written);
      if (n <= 0) _exit(1);
      written += static_cast<size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  return text;
}

TEST_CASE("it::determinism: same scenario and seed give identical event logs", "[it]") {
  Scenario scenario = standby_scenario(1200);
  scenario.horizon = 10 * kHour;
  add_service(scenario, "lab", "dc1");
  scenario.hospitals["h"].uses = {"ehr", "lab"};
  scenario.injections["fire"].at = Distribution::uniform(3000, 9000);
  Injection& cut = add_injection(scenario, "cut", InjectionKind::kLinkDown, {"h-r"}, 0, std::nullopt);
  cut.at = Distribution::exponential(4 * kHour);
  cut.duration = Distribution::lognormal(1800, 3600);
  const std::string first = event_log_in_child(scenario);
  const std::string second = event_log_in_child(scenario);
  CHECK(first.size() > 200);
  CHECK(first == second);
  scenario.seed = 12;
  const std::string other_seed = event_log_in_child(scenario);
  CHECK(other_seed != first);
}

}  // namespace
}  // namespace hospsim
