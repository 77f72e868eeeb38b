// libFuzzer harness: the sweep parser. The sweep's scenario path resolves against tests/fuzz/, where
// "../batch/data/tiny.json" is the batch tests' one-hospital scenario (the seed corpus uses it). A valid
// sweep's fingerprint is computed and, when it is small, every variant is validated.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "batch/sweep.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string file = std::string(HOSPSIM_SOURCE_DIR) + "/tests/fuzz/sweep.json";
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  hospsim::Result<hospsim::batch::Sweep> sweep = hospsim::batch::parse_sweep(text, file);
  if (!sweep.is_ok()) return 0;
  (void)sweep->fingerprint();
  (void)hospsim::batch::plan_runs(sweep.value()).size();
  if (sweep->configurations.size() * sweep->strategies.size() <= 16) {
    (void)hospsim::batch::validate_variants(sweep.value());
  }
  return 0;
}
