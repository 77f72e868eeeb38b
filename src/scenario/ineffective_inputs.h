// Inputs that load but cannot have an effect in the scenario that holds them (the loader's warnings).
//
// The clinical model ignores some values silently: a factor it never reads (admission time, emergency surgery
// capacity, outpatient time), an effect for a service no hospital uses, public advice when no hospital with
// an ED can ever be in downtime, bed figures without beds. find_ineffective_inputs() states each such case
// with a JSON pointer into the file and a message that says why it cannot act; the loader turns them into
// positioned warnings. The rules follow docs/model.md ("Effects of IT on clinical work", "Ambulance
// diversion", "Public advice"); docs/scenario-format.md ("Warnings") lists them.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "hospsim/scenario.h"

namespace hospsim {

// Receives one warning: the JSON pointer of the value (or object) it is about and the message.
using WarningSink = std::function<void(const std::string& pointer, const std::string& message)>;

// Calls `warn` for every input of `root` (the document actually loaded, strategy merged in) that cannot have
// an effect in `scenario` (what `root` loaded into). REQUIRES: `scenario` is the valid result of `root`.
void find_ineffective_inputs(const nlohmann::json& root, const Scenario& scenario, const WarningSink& warn);

}  // namespace hospsim
