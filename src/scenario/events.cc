#include "hospsim/events.h"

namespace hospsim {

const char* service_state_name(ServiceState state) {
  switch (state) {
    case ServiceState::kUp:
      return "UP";
    case ServiceState::kDown:
      return "DOWN";
    case ServiceState::kRecovering:
      return "RECOVERING";
  }
  return "?";
}

std::optional<ServiceState> service_state_from_name(std::string_view name) {
  for (ServiceState state : {ServiceState::kUp, ServiceState::kDown, ServiceState::kRecovering}) {
    if (name == service_state_name(state)) return state;
  }
  return std::nullopt;
}

const char* infrastructure_kind_name(InfrastructureKind kind) {
  switch (kind) {
    case InfrastructureKind::kLinkDown:
      return "link_down";
    case InfrastructureKind::kLinkUp:
      return "link_up";
    case InfrastructureKind::kHostDown:
      return "host_down";
    case InfrastructureKind::kHostUp:
      return "host_up";
    case InfrastructureKind::kServiceDown:
      return "service_down";
    case InfrastructureKind::kServiceUp:
      return "service_up";
    case InfrastructureKind::kDegradeStart:
      return "degrade_start";
    case InfrastructureKind::kDegradeEnd:
      return "degrade_end";
    case InfrastructureKind::kDdosStart:
      return "ddos_start";
    case InfrastructureKind::kDdosEnd:
      return "ddos_end";
    case InfrastructureKind::kShutdown:
      return "shutdown";
    case InfrastructureKind::kShutdownEnd:
      return "shutdown_end";
    case InfrastructureKind::kFailover:
      return "failover";
    case InfrastructureKind::kReroute:
      return "reroute";
    case InfrastructureKind::kInfected:
      return "infected";
    case InfrastructureKind::kEncrypted:
      return "encrypted";
    case InfrastructureKind::kDetected:
      return "detected";
    case InfrastructureKind::kContained:
      return "contained";
    case InfrastructureKind::kIsolated:
      return "isolated";
    case InfrastructureKind::kRestoreStarted:
      return "restore_started";
    case InfrastructureKind::kRestored:
      return "restored";
    case InfrastructureKind::kReleased:
      return "released";
  }
  return "?";
}

std::optional<InfrastructureKind> infrastructure_kind_from_name(std::string_view name) {
  for (int k = 0; k <= static_cast<int>(InfrastructureKind::kReleased); ++k) {
    const auto kind = static_cast<InfrastructureKind>(k);
    if (name == infrastructure_kind_name(kind)) return kind;
  }
  return std::nullopt;
}

const char* ed_outcome_name(EdOutcome outcome) {
  switch (outcome) {
    case EdOutcome::kDischarged:
      return "discharged";
    case EdOutcome::kAdmitted:
      return "admitted";
    case EdOutcome::kLeftWithoutBeingSeen:
      return "lwbs";
    case EdOutcome::kTransferred:
      return "transferred";
  }
  return "?";
}

const char* kept_reason_name(KeptReason reason) {
  switch (reason) {
    case KeptReason::kScope:
      return "scope";
    case KeptReason::kNoOpenEd:
      return "no_open_ed";
  }
  return "?";
}

const char* surgery_event_name(SurgeryEventKind kind) {
  switch (kind) {
    case SurgeryEventKind::kScheduled:
      return "scheduled";
    case SurgeryEventKind::kPerformed:
      return "performed";
    case SurgeryEventKind::kCancelled:
      return "cancelled";
    case SurgeryEventKind::kRebooked:
      return "rebooked";
    case SurgeryEventKind::kStarted:
      return "started";
  }
  return "?";
}

const char* cancellation_cause_name(CancellationCause cause) {
  switch (cause) {
    case CancellationCause::kNone:
      return "none";
    case CancellationCause::kDowntime:
      return "downtime";
    case CancellationCause::kSessionTime:
      return "session_time";
    case CancellationCause::kNoBed:
      return "no_bed";
  }
  return "?";
}

}  // namespace hospsim
