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
