// The strategies of a scenario: /strategies, named JSON merge patches over the scenario.

#include "scenario/scenario_reader.h"

namespace hospsim::loader {

void load_strategies(ScenarioReader& in, const json& root, Scenario& scenario) {
  const json* collection = in.member(root, "strategies");
  if (collection == nullptr) return;
  for (const std::string& id : in.check_collection(*collection, "/strategies", "strategies", kMaxEntities)) {
    const std::string at = "/strategies/" + id;
    const json& value = (*collection)[id];
    if (!in.check_object(value, at, "/strategies/*")) continue;
    Strategy strategy;
    strategy.id = id;
    in.read_string(value, at, "description", strategy.description);
    if (const json* patch = in.member(value, "patch")) {
      if (!patch->is_object()) {
        in.problem(at + "/patch",
                   "must be an object (a JSON merge patch over the scenario), got " + describe(*patch));
        continue;
      }
      if (patch->contains("strategies")) {
        in.key_problem(at + "/patch/strategies", "a strategy's patch cannot change /strategies");
      }
      strategy.patch_json = patch->dump();
    }
    scenario.strategies[id] = std::move(strategy);
  }
}

}  // namespace hospsim::loader
