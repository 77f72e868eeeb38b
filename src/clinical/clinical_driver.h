// The SimGrid driver of the clinical model: one daemon actor that advances a ClinicalModel in simulated time.
//
// The actor loops: t = model.next_event_time(); stop if t >= horizon; sleep_until(t); model.advance_to(t).
// So every ServiceView::request() the model makes from advance_to() happens at the right simulated time, from
// inside an actor. The actor is a daemon: it never keeps the simulation alive (the run's horizon actor does).
// With `view`, it skips the sleep while t < view->quiet_until() (nothing of IT can change before then, so
// the calendar runs ahead of the SimGrid clock) and tells the view each t (ServiceView::set_time).
#pragma once

#include "clinical/clinical_model.h"
#include "hospsim/scenario.h"
#include "hospsim/service_view.h"

namespace simgrid::s4u {
class Host;
}

namespace hospsim {

// Creates the driver actor on `host` (a host IT faults never turn off, e.g. a hospital's clinic host).
// The model must outlive the simulation. REQUIRES: a simgrid::s4u::Engine exists and `host` is sealed.
void start_clinical_driver(ClinicalModel& model, simgrid::s4u::Host* host, Seconds horizon,
                           ServiceView* view = nullptr);

}  // namespace hospsim
