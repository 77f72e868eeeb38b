// libFuzzer harness: the scenario loader, then every strategy of a valid scenario merged in (as `hospsim
// validate` does). Any input must give a Status, never a crash, a sanitizer report or an escaping exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hospsim/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  hospsim::Result<hospsim::Scenario> loaded = hospsim::load_scenario_text(text, "fuzz.json");
  if (!loaded.is_ok()) return 0;
  for (const auto& [name, strategy] : loaded->strategies) {
    (void)hospsim::load_scenario_text(text, "fuzz.json", hospsim::LoadOptions{name});
  }
  return 0;
}
