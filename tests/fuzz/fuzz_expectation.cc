// libFuzzer harness: the expectation-file parser, then the rewrites of `hospsim check --update` on the first
// expectation of a valid file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "check/expectation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  hospsim::Result<hospsim::check::ExpectationFile> parsed =
      hospsim::check::parse_expectations(text, "fuzz.expect.json");
  if (!parsed.is_ok() || parsed->expectations.empty()) return 0;
  const hospsim::check::Expectation& first = parsed->expectations.front();
  if (first.kind == hospsim::check::Kind::kExact) {
    (void)hospsim::check::with_exact(text, first.name, {std::string(64, 'a'), std::string(64, 'b'), "copy"});
  } else {
    (void)hospsim::check::with_statistical(text, first.name, {1.5, 0.25});
  }
  return 0;
}
