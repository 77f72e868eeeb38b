// The words of the model's enums in the output files, and reading an incident log's words back.
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "hospsim/events.h"

namespace hospsim {
namespace {

TEST_CASE("scenario::events: infrastructure kinds have their incident-log words", "[scenario]") {
  CHECK(std::string(infrastructure_kind_name(InfrastructureKind::kLinkDown)) == "link_down");
  CHECK(std::string(infrastructure_kind_name(InfrastructureKind::kDegradeStart)) == "degrade_start");
  CHECK(std::string(infrastructure_kind_name(InfrastructureKind::kShutdownEnd)) == "shutdown_end");
  CHECK(std::string(infrastructure_kind_name(InfrastructureKind::kReroute)) == "reroute");
  CHECK(std::string(infrastructure_kind_name(InfrastructureKind::kRestoreStarted)) == "restore_started");
  CHECK(std::string(infrastructure_kind_name(InfrastructureKind::kReleased)) == "released");
}

TEST_CASE("scenario::events: every infrastructure kind's word reads back to it, no other word does",
          "[scenario]") {
  for (int k = 0; k <= static_cast<int>(InfrastructureKind::kReleased); ++k) {
    const auto kind = static_cast<InfrastructureKind>(k);
    INFO(infrastructure_kind_name(kind));
    CHECK(std::string(infrastructure_kind_name(kind)) != "?");
    CHECK(infrastructure_kind_from_name(infrastructure_kind_name(kind)) == kind);
  }
  CHECK(infrastructure_kind_from_name("degrade") == std::nullopt);
  CHECK(infrastructure_kind_from_name("service_state") == std::nullopt);
  CHECK(infrastructure_kind_from_name("") == std::nullopt);
}

}  // namespace
}  // namespace hospsim
