#include "clinical/clinical_driver.h"

#include <simgrid/s4u.hpp>

namespace hospsim {

void start_clinical_driver(ClinicalModel& model, simgrid::s4u::Host* host, Seconds horizon) {
  simgrid::s4u::Actor::create("clinical", host, [&model, horizon] {
    simgrid::s4u::Actor::self()->daemonize();
    for (;;) {
      const Seconds t = model.next_event_time();
      if (!(t < horizon)) break;
      simgrid::s4u::this_actor::sleep_until(t);
      model.advance_to(t);
    }
  });
}

}  // namespace hospsim
