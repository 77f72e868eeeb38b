// The SimGrid driver advances the model at the right simulated times: same events as the plain test loop,
// and every ServiceView call happens at the event's simulated time.
#include <xbt/log.h>
#include <simgrid/s4u.hpp>

#include <catch2/catch.hpp>

#include "clinical/clinical_driver.h"
#include "clinical_test_support.h"

namespace hospsim::testing {
namespace {

// Reads the SimGrid clock; DOWN from `down_from` on; records the clock of every request.
class ClockView : public ServiceView {
 public:
  explicit ClockView(Seconds down_from) : down_from_(down_from) {}
  ServiceState state(const std::string&, const std::string&) const override {
    return simgrid::s4u::Engine::get_clock() >= down_from_ ? ServiceState::kDown : ServiceState::kUp;
  }
  Seconds state_since(const std::string&, const std::string&) const override {
    return simgrid::s4u::Engine::get_clock() >= down_from_ ? down_from_ : 0.0;
  }
  void request(const std::string&, const std::string&) override {
    request_times.push_back(simgrid::s4u::Engine::get_clock());
  }
  std::vector<Seconds> request_times;

 private:
  Seconds down_from_;
};

TEST_CASE("clinical::driver: one daemon actor replays the model in simulated time", "[clinical]") {
  Scenario s = base_scenario(12 * kHour);
  add_service(s, "ehr", "ehr");
  s.effects["ehr"][Activity::kEdTreatment] = Effect{0.5, 2.0};
  Hospital h = ed_hospital("a", 48, 2, 45);
  h.uses = {"ehr"};
  s.hospitals["a"] = h;
  const Seconds down_from = 5 * kHour;

  // Reference: the plain loop with the same script.
  Run reference;
  reference.view.down("a", "ehr", down_from);
  reference.go(s);

  xbt_log_control_set("root.thres:critical");
  int argc = 1;
  char name[] = "clinical_tests";
  char* argv[] = {name, nullptr};
  simgrid::s4u::Engine engine(&argc, argv);
  auto* zone = simgrid::s4u::create_full_zone("world");
  simgrid::s4u::Host* host = zone->create_host("clinic", 1e9)->seal();
  zone->seal();

  ClockView view(down_from);
  EventBus bus;
  Recorder recorder;
  bus.subscribe(&recorder);
  ClinicalModel model(s, view, bus, 1);
  start_clinical_driver(model, host, s.horizon);
  simgrid::s4u::Actor::create("horizon", host, [&s] { simgrid::s4u::this_actor::sleep_until(s.horizon); });
  engine.run();

  CHECK(recorder.lines == reference.recorder.lines);
  REQUIRE(view.request_times.size() == recorder.arrivals.size());
  for (std::size_t k = 0; k < recorder.arrivals.size(); ++k)
    CHECK(view.request_times[k] == recorder.arrivals[k].time);
  CHECK(simgrid::s4u::Engine::get_clock() == s.horizon);
}

}  // namespace
}  // namespace hospsim::testing
