// The library of downtime effect presets (scenarios/presets/effects.json, embedded in the binary at build time):
// per service kind, named effects tables whose every factor carries its published source or is marked as an
// assumption. A scenario's effects entry names one with "preset" (docs/scenario-format.md, Effects) and may
// override any activity; `hospsim presets` lists them; docs/effect-presets.md is `hospsim presets --markdown`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hospsim {

struct EffectPresetSource {
  std::string factor;  // "ed_treatment.time", "outpatient.adapt.0.capacity"
  std::string what;    // the value and what it stands for
  std::string ref;     // the source; "assumption: ..." when there is none
};

struct EffectPreset {
  std::string name;
  std::string kind;     // the service kind it is for: "ehr", "logistics", "lab", "pacs"
  std::string summary;  // what situation it describes
  nlohmann::json effects;                   // {activity: entry}, the shape of a scenario's effects entry
  std::vector<EffectPresetSource> sources;  // in the library's order
};

// The library as embedded, by name. The text is checked by the tests (every preset loads into a scenario,
// every factor has a source); a malformed library is a build defect and throws std::logic_error.
const std::map<std::string, EffectPreset>& effect_presets();

// The library's text, as embedded (scenarios/presets/effects.json).
const std::string& effect_presets_text();

// The names of the presets for services of `kind`, in name order.
std::vector<std::string> effect_preset_names(const std::string& kind);

// `hospsim presets`: every preset (or only `name`) with its kind, summary, factors and sources; as Markdown
// (docs/effect-presets.md) when `markdown`.
std::string format_effect_presets(const std::string& name, bool markdown);

}  // namespace hospsim
