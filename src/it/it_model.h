// The IT layer: services reached over the simulated network, each hospital's view of them, failover and
// injected faults. It implements ServiceView for the clinical layer and emits ServiceStateChanged and
// InfrastructureEvent on the EventBus. docs/model.md ("IT layer") describes the model in words.
//
// A run drives it in this order (one Engine per process):
//   auto engine = hospsim::create_engine();          // silences SimGrid logs, sets the network model
//   hospsim::Platform platform = hospsim::build_platform(scenario);
//   hospsim::ItModel it(scenario, platform, bus, seed);
//   it.start();                                       // client, orchestrator and injector actors (daemons)
//   ... start the clinical actors (daemonized, on platform.clinic_host(...) or platform.control_host()) ...
//   hospsim::start_horizon(platform, scenario.horizon, bus);   // the only non-daemon actor
//   engine->run();                                    // returns at the horizon; bus.end(horizon) was emitted
// `scenario`, `platform`, `bus` and the ItModel must outlive engine->run().
//
// Mechanisms (all times in simulated seconds):
//   - Requests: bytes out from the hospital's IT endpoint to the service's data centre host (Comm::sendto),
//     `request_work` flops on that host (Exec), `response_bytes` back; the whole request is bounded by the
//     service's `timeout` (deadline = start + timeout). Outcomes: success, timeout (no answer by the
//     deadline: destination host off, service down, saturated link, too slow), network failure (a link on
//     the route is off, or no route exists), endpoint down (the hospital's IT endpoint is off).
//   - One client actor per (hospital, service) pair, on the hospital's clinic host, issues the pair's
//     requests one at a time: health probes every `probe_every` (phase drawn from the CRN stream
//     "it/probe/<hospital>/<service>", uniform in [0, probe_every)), and clinical requests (request()): those
//     that arrive while one is in flight or queued are merged into the next request. A service with
//     `probe: passive` skips a probe when a request carrying clinical work completed less than `probe_every`
//     before it was due.
//   - State machine per pair, driven only by request outcomes: UP or RECOVERING -> DOWN when a request fails
//     and none has succeeded for `detect_after` (since the completion of the last success; t = 0 counts as a
//     success); DOWN -> RECOVERING when a request succeeds and requests have succeeded without failure since
//     the start of a request at least `restore_after` earlier; RECOVERING -> UP `recovery` after entering it.
//   - Paths: a client uses its hospital's current path to the data centre; after a network failure the path
//     is failing, and `network.reroute_after` later, if it has not succeeded since, every client of that
//     hospital switches to the next path (InfrastructureEvent "reroute") and issues a request at once. Each
//     path is tried at most once per failure episode. Timeouts do not trigger reroutes.
//   - Failover: for a service with a standby, an orchestrator probes the primary data centre from the
//     standby's management hosts (over every path in turn) every `probe_every`; once no probe has succeeded
//     for `failover_after` it turns the standby host on if it is a cold standby that is off only because of
//     `starts_off`, and makes the standby the service's active data centre (InfrastructureEvent "failover").
//     There is no failback. Its actor runs on the control host; it pauses while the standby site is off.
//   - Injections: applied by one injector actor on the control host, see docs/model.md.
//   - Quiet-path elision (on by default; `elide_quiet_paths` false is `hospsim run --it-model full`): while
//     a pair is UP and everything its requests use is healthy (and so is everything of every pair that
//     shares a link or a server with it), its requests are not simulated but accounted: each succeeds after
//     its textbook duration, which is what SimGrid would compute. The pair becomes simulated, with the state
//     it would have had, when anything on it or its component changes; changes planned by injections and
//     attack steps are announced a timeout plus a probe period ahead. Failover orchestrators are elided
//     likewise. While everything is elided, quiet_until() lets the clinical calendar run ahead of the clock
//     to the next planned change. docs/model.md ("Quiet-path elision") says why the outcomes are the same;
//     the test run::elision compares both modes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "hospsim/events.h"
#include "hospsim/random.h"
#include "hospsim/scenario.h"
#include "hospsim/service_view.h"
#include "platform/platform.h"

namespace hospsim {

// A DDoS is modelled as this many rate-limited background flows per direction of the target link.
inline constexpr int kAttackFlowsPerDirection = 16;

class ItModel final : public ServiceView {
 public:
  // Counts of requests by outcome since start() (probes, clinical requests and orchestrator probes).
  struct Counters {
    std::uint64_t requests = 0;
    std::uint64_t succeeded = 0;
    std::uint64_t timed_out = 0;
    std::uint64_t network_failures = 0;
    std::uint64_t endpoint_down = 0;
    std::uint64_t clinical_requests = 0;  // calls of request() for a used service
    std::uint64_t elided = 0;             // requests (of `requests`) accounted without being simulated
  };

  // REQUIRES: `scenario` is validated; `platform` was built from it. Nothing is simulated until start().
  // `elide_quiet_paths` false simulates every request (the reference for the elided default).
  ItModel(const Scenario& scenario, const Platform& platform, EventBus& bus, std::uint64_t seed,
          bool elide_quiet_paths = true);
  ~ItModel() override;
  ItModel(const ItModel&) = delete;
  ItModel& operator=(const ItModel&) = delete;

  // Creates the daemonized long-lived actors: one client per (hospital, used service), one orchestrator per
  // service with a standby, one injector when there are injections. REQUIRES: called once, before
  // Engine::run().
  void start();

  // ServiceView. state(): kUp for a pair the hospital does not use. request(): callable from any actor,
  // never blocks.
  ServiceState state(const std::string& hospital, const std::string& service) const override;
  Seconds state_since(const std::string& hospital, const std::string& service) const override;
  void request(const std::string& hospital, const std::string& service) override;
  // The same through a handle: no lookup (the handle holds the pair's client, or none for a pair the
  // hospital does not use).
  Pair pair(const std::string& hospital, const std::string& service) override;
  ServiceState pair_state(Pair pair) const override;
  Seconds pair_since(Pair pair) const override;
  void pair_request(Pair pair) override;
  // The number of state changes so far (every change goes through one place).
  std::uint64_t state_version() const override;
  // While every pair and orchestrator is elided, the next time an IT actor applies a planned change (an
  // announcement, injection action or attack step) or the horizon: no state can change before it.
  // Otherwise -infinity. Always -infinity with elision off.
  Seconds quiet_until() const override;
  void set_time(Seconds time) override;

  // The data centre currently serving `service` (its primary until a failover). "" for an unknown service.
  std::string active_datacenter(const std::string& service) const;
  // Start time of the first health probe of a pair (its phase), or -1 for a pair the hospital does not use.
  Seconds first_probe(const std::string& hospital, const std::string& service) const;
  // Counts up to now (elided requests are accounted up to the current simulated time).
  const Counters& counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Creates the horizon actor on the control host: it sleeps until `horizon`, then calls bus.end(horizon).
// It is the run's only non-daemon IT actor, so Engine::run() returns at the horizon. IT events are not
// emitted at or after the horizon.
void start_horizon(const Platform& platform, Seconds horizon, EventBus& bus);

}  // namespace hospsim
