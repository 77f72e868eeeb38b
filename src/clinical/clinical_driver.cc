#include "clinical/clinical_driver.h"

#include <simgrid/s4u.hpp>

namespace hospsim {

void start_clinical_driver(ClinicalModel& model, simgrid::s4u::Host* host, Seconds horizon,
                           ServiceView* view) {
  simgrid::s4u::Actor::create("clinical", host, [&model, horizon, view] {
    simgrid::s4u::Actor::self()->daemonize();
    for (;;) {
      const Seconds t = model.next_event_time();
      if (!(t < horizon)) break;
      if (view == nullptr || !(t < view->quiet_until())) simgrid::s4u::this_actor::sleep_until(t);
      if (view != nullptr) view->set_time(t);
      model.advance_to(t);
    }
  });
}

}  // namespace hospsim
