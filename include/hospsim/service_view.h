// ServiceView: what a hospital's clinical work can know of its IT.
//
// The clinical layer knows services only through this interface: the current state of each (hospital,
// service) pair in that hospital's own view (driven by the outcomes of its requests, simulated or, on paths
// where nothing can fail, accounted: see src/it), and a way to issue a request on behalf of clinical work (a triage looks up the EHR, a theatre
// check-in asks patient logistics). The IT layer implements it during a run; tests use a scripted fake.
//
// All calls happen inside the simulation (from an actor), at the current simulated time. None blocks.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "hospsim/events.h"

namespace hospsim {

class ServiceView {
 public:
  virtual ~ServiceView() = default;

  // The state of `service` as seen from `hospital` now. A service the hospital does not use is kUp.
  virtual ServiceState state(const std::string& hospital, const std::string& service) const = 0;

  // When the pair entered its current state (simulated seconds; 0 for a pair that has not changed state since
  // the start, or that the hospital does not use). Read by effects that adapt with time since DOWN.
  virtual Seconds state_since(const std::string& hospital, const std::string& service) const = 0;

  // Issue one request to `service` on behalf of clinical work at `hospital` (fire and forget: the outcome
  // feeds the hospital's state machine like a probe's). Does nothing for a service the hospital does not use.
  virtual void request(const std::string& hospital, const std::string& service) = 0;

  // A number that changes whenever the state of any pair seen through this view may have changed: while it
  // stays the same, state() returns what it returned before (the clinical model reads each state once
  // then). kUntracked, the default, promises nothing: states are read again at every event time.
  static constexpr std::uint64_t kUntracked = std::numeric_limits<std::uint64_t>::max();
  virtual std::uint64_t state_version() const { return kUntracked; }

  // A handle of the pair (`hospital`, `service`), for the three calls below: pair_state(), pair_since() and
  // pair_request() answer as state(), state_since() and request() with the two strings would, without
  // looking the pair up again (the clinical model asks for its handles once, when it is built). REQUIRES:
  // both strings outlive every use of the handle. The default numbers the pairs it is given and answers
  // through the calls with strings; the IT layer overrides all four.
  using Pair = std::uint32_t;
  virtual Pair pair(const std::string& hospital, const std::string& service) {
    names_.emplace_back(&hospital, &service);
    return static_cast<Pair>(names_.size() - 1);
  }
  virtual ServiceState pair_state(Pair pair) const { return state(*names_[pair].first, *names_[pair].second); }
  virtual Seconds pair_since(Pair pair) const {
    return state_since(*names_[pair].first, *names_[pair].second);
  }
  virtual void pair_request(Pair pair) { request(*names_[pair].first, *names_[pair].second); }

  // The clinical calendar may run ahead of the simulation clock (without synchronising with it) for work at
  // times before quiet_until(): no state seen through this view changes before then, whatever is
  // requested. The default, -infinity, never allows it.
  virtual Seconds quiet_until() const { return -std::numeric_limits<Seconds>::infinity(); }
  // The time of the clinical work being done (at or after the simulation clock, before quiet_until() when
  // after it); requests made until the next call are made at that time.
  virtual void set_time(Seconds time) {}

 private:
  std::vector<std::pair<const std::string*, const std::string*>> names_;  // by Pair (the default pair())
};

}  // namespace hospsim
