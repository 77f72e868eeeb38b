// ClinicalModel: the clinical side of a run (EDs, inpatient beds, elective and emergency surgery, outpatient
// clinics, ambulance diversion and public advice) as a plain discrete-event model with its own event
// calendar.
//
// The model knows nothing of SimGrid. It learns what each hospital can reach of its IT only through a
// ServiceView (state() at decision points, request() for the IT requests clinical work makes) and tells an
// EventBus what happened. One long-lived driver (see clinical_driver.h) advances it in simulated time:
//
//   for (;;) { Seconds t = model.next_event_time(); if (t >= horizon) break; sleep_until(t);
//   model.advance_to(t); }
//
// Tests drive it the same way without SimGrid. docs/model.md ("Clinical layer") is the full specification of
// every mechanism, default and the deterministic test mode. The parts live in one file each (see
// clinical/model.h) around one typed event calendar (clinical/calendar.h).
//
// Randomness: every draw comes from a RandomStream named after the entity and purpose
// ("ed/<hospital>/arrivals", "ed/<hospital>/patients", "beds/<hospital>", "surgery/<hospital>/cases",
// "outpatient/<hospital>", "outpatient/<hospital>/ed"), and every attribute of a patient or case is drawn
// when it is generated, so the consumption of a stream never depends on IT state (common random numbers).
//
// Ownership: the model keeps references to the Scenario, the ServiceView and the EventBus; all three must
// outlive it. It is not thread-safe. Times are simulated seconds since the scenario's start.
#pragma once

#include <cstdint>
#include <memory>

#include "hospsim/events.h"
#include "hospsim/scenario.h"
#include "hospsim/service_view.h"

namespace hospsim {

struct ClinicalOptions {
  // Test only: draw ED treatment times from an exponential distribution whose mean is the lognormal's median
  // (treatment_minutes.median * treatment_factor[acuity]) instead of the lognormal, so that a single ED can
  // be checked against the Erlang C (M/M/c) formula. Deterministic mode ignores it (durations are medians).
  bool exponential_treatment = false;
  // Test only: after every event, check that each hospital's counters equal the number of patients in each
  // state and that its queues hold exactly its waiting patients; abort with a message if not.
  bool check_invariants = false;
};

class ClinicalModel {
 public:
  // Builds the model, schedules the first events (first ED arrivals, surgery days, clinic openings, bed
  // discharges) from -scenario.warmup and runs the warm-up: every event before t = 0, with every service UP,
  // no IT request and nothing emitted. At t = 0 each hospital's InitialState is emitted. Nothing is emitted
  // before the first advance_to(). `seed` is the run seed of the streams.
  // REQUIRES: the scenario is valid (ids resolve, shares in [0, 1], positive durations).
  ClinicalModel(const Scenario& scenario, ServiceView& services, EventBus& bus, std::uint64_t seed,
                ClinicalOptions options = {});
  ~ClinicalModel();
  ClinicalModel(const ClinicalModel&) = delete;
  ClinicalModel& operator=(const ClinicalModel&) = delete;

  // Time of the next pending event, or +infinity when no event is pending before the scenario's horizon.
  Seconds next_event_time() const;

  // Processes every pending event with time <= t, in order of time then scheduling sequence (deterministic),
  // including events that processing schedules at times <= t. Events at or after the horizon are never
  // processed, so nothing is emitted at or after it. Each (hospital, service) state is read from the
  // ServiceView at most once per call, at its first use in the call, and that state holds for the rest of
  // the call. The view's states may change during a call (a request the model makes can change a pair's
  // state); such a change is seen from the next call on. REQUIRES: t >= the time of the last call.
  void advance_to(Seconds t);

  // Number of events processed so far (for benchmarks).
  std::uint64_t processed_events() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hospsim
