// The clinical model's event calendar: typed events ordered by time and then by the order in which they were
// scheduled (a sequence number), so that events of equal time are processed in a deterministic order.
//
// Each event kind is a small struct naming what it is about by index (hospital, patient record, theatre,
// elective or emergency case); the calendar knows nothing of what they mean. Times are simulated seconds since
// the scenario's start (negative during the warm-up).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
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

// Events of the current time window (kWindow long) are in a binary heap; later ones wait unsorted in one
// bucket per window and enter the heap when their window comes. The order is exactly that of a single heap
// (a total order on time and sequence); the heap stays small (a national run holds hundreds of thousands of
// far-off bed discharges), so a pop touches little memory.
class Calendar {
 public:
  // Width of a time window, simulated seconds.
  static constexpr Seconds kWindow = 300.0;

  void push(Seconds time, const CalendarEvent& event) {
    const ScheduledEvent scheduled{time, next_++, event};
    const std::int64_t window = window_of(time);
    if (near_.empty()) {  // then no bucket holds anything either
      if (next_ == 1) first_ = current_ = window;
      current_ = std::max(current_, window);
    }
    if (window <= current_) {
      near_.push_back(scheduled);
      std::push_heap(near_.begin(), near_.end(), Later{});
      return;
    }
    const auto slot = static_cast<std::size_t>(window - first_);
    if (slot >= far_.size()) far_.resize(slot + 1);
    far_[slot].push_back(scheduled);
    ++far_count_;
  }
  bool empty() const { return near_.empty(); }
  // Events scheduled and not yet popped.
  std::size_t size() const { return near_.size() + far_count_; }
  // REQUIRES: !empty(). The earliest event (by time, then by the order of scheduling).
  const ScheduledEvent& top() const { return near_.front(); }
  // REQUIRES: !empty(). Removes top().
  void pop() {
    std::pop_heap(near_.begin(), near_.end(), Later{});
    near_.pop_back();
    if (!near_.empty() || far_count_ == 0) return;
    auto slot = static_cast<std::size_t>(current_ - first_) + 1;
    while (far_[slot].empty()) ++slot;
    current_ = first_ + static_cast<std::int64_t>(slot);
    near_.assign(far_[slot].begin(), far_[slot].end());
    std::vector<ScheduledEvent>().swap(far_[slot]);
    far_count_ -= near_.size();
    std::make_heap(near_.begin(), near_.end(), Later{});
  }

 private:
  struct Later {
    bool operator()(const ScheduledEvent& x, const ScheduledEvent& y) const {
      if (x.time != y.time) return x.time > y.time;
      return x.sequence > y.sequence;
    }
  };
  // Non-decreasing in time, so every event of an earlier window is earlier than every event of a later one.
  static std::int64_t window_of(Seconds time) {
    return static_cast<std::int64_t>(std::floor(std::clamp(time / kWindow, -1e15, 1e15)));
  }

  // Invariant: near_ holds every event of windows <= current_ (as a heap), far_[w - first_] those of each
  // window w > current_; near_ is empty only when far_ holds nothing.
  std::vector<ScheduledEvent> near_;
  std::vector<std::vector<ScheduledEvent>> far_;
  std::size_t far_count_ = 0;
  std::int64_t first_ = 0;    // the window of the first event scheduled
  std::int64_t current_ = 0;  // >= first_ once an event was scheduled
  std::uint64_t next_ = 0;
};

}  // namespace hospsim::clinical
