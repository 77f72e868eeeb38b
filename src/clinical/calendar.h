// The clinical model's event calendar: typed events in a binary heap, ordered by time and then by the order
// in which they were scheduled (a sequence number), so that events of equal time are processed in a
// deterministic order.
//
// Each event kind is a small struct naming what it is about by index (hospital, patient record, theatre,
// elective or emergency case); the calendar knows nothing of what they mean. Times are simulated seconds since
// the scenario's start (negative during the warm-up).
#pragma once

#include <cstdint>
#include <queue>
#include <variant>
#include <vector>

#include "hospsim/scenario.h"

namespace hospsim::clinical {

// t = 0: the warm-up is over; announce the initial state of every hospital.
struct RunStarts {};
// The next generated arrival of a hospital's own ED arrival stream.
struct EdArrivalDue {
  std::uint32_t hospital;
};
// A patient (record index) reaches the ED of the hospital in the record after travel.
struct PatientPresents {
  std::uint32_t patient;
};
// A waiting patient's patience runs out (ignored if no longer waiting).
struct PatienceEnds {
  std::uint32_t patient;
};
// A patient's treatment ends.
struct TreatmentEnds {
  std::uint32_t patient;
};
// An inpatient leaves a bed.
struct BedDischarge {
  std::uint32_t hospital;
};
// A non-ED, non-elective admission request.
struct BackgroundAdmission {
  std::uint32_t hospital;
};
// The elective session of the day begins: the day's lists are built.
struct SurgeryDayStarts {
  std::uint32_t hospital;
};
// A theatre looks at its next case (planned start reached, previous case done, or a held list rechecks).
struct TheatreReady {
  std::uint32_t hospital;
  std::uint32_t theatre;
};
// A theatre finishes an elective case (index into the hospital's cases).
struct ElectiveCaseEnds {
  std::uint32_t hospital;
  std::uint32_t theatre;
  std::uint32_t elective_case;
};
// A cancelled elective case (index) is rebooked into the catch-up queue.
struct CaseRebooked {
  std::uint32_t hospital;
  std::uint32_t elective_case;
};
// An emergency theatre finishes an emergency case (index into the hospital's emergency cases).
struct EmergencyCaseEnds {
  std::uint32_t hospital;
  std::uint32_t emergency_case;
};
// A hospital's outpatient clinics open for the day.
struct ClinicOpens {
  std::uint32_t hospital;
};
// The next outpatient visit of the day is due.
struct VisitDue {
  std::uint32_t hospital;
};

// A hospital's minimum diversion on/off time ends: its diversion status is evaluated again.
struct DiversionRecheck {
  std::uint32_t hospital;
};
// A hospital's surge state is due for evaluation (crowding sustained long enough, staff arrive, stand-down).
struct SurgeDue {
  std::uint32_t hospital;
};
// Every kIncidentPoll: each region looks whether any of its hospitals has an IT incident (surge on_incident).
struct IncidentPoll {};
// A boarder (record index) has boarded long enough to be transferred if a bed is free elsewhere.
struct BoardingCheck {
  std::uint32_t patient;
};
// A transferred patient (record index) reaches the hospital in the record.
struct TransferArrives {
  std::uint32_t patient;
};

using CalendarEvent =
    std::variant<RunStarts, EdArrivalDue, PatientPresents, PatienceEnds, TreatmentEnds, BedDischarge,
                 BackgroundAdmission, SurgeryDayStarts, TheatreReady, ElectiveCaseEnds, CaseRebooked,
                 EmergencyCaseEnds, ClinicOpens, VisitDue, DiversionRecheck, SurgeDue, IncidentPoll,
                 BoardingCheck, TransferArrives>;

struct ScheduledEvent {
  Seconds time;
  std::uint64_t sequence;
  CalendarEvent event;
};

class Calendar {
 public:
  void push(Seconds time, const CalendarEvent& event) { heap_.push(ScheduledEvent{time, next_++, event}); }
  bool empty() const { return heap_.empty(); }
  // REQUIRES: !empty().
  const ScheduledEvent& top() const { return heap_.top(); }
  void pop() { heap_.pop(); }

 private:
  struct Later {
    bool operator()(const ScheduledEvent& x, const ScheduledEvent& y) const {
      if (x.time != y.time) return x.time > y.time;
      return x.sequence > y.sequence;
    }
  };
  std::priority_queue<ScheduledEvent, std::vector<ScheduledEvent>, Later> heap_;
  std::uint64_t next_ = 0;
};

}  // namespace hospsim::clinical
