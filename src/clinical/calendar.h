// The clinical model's event calendar: typed events ordered by time and then by the order in which they were
// scheduled (a sequence number), so that events of equal time are processed in a deterministic order.
//
// Each event kind is a small struct naming what it is about by index (hospital, patient record, theatre,
// elective or emergency case); the calendar knows nothing of what they mean. Times are simulated seconds since
// the scenario's start (negative during the warm-up).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
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
// Events about a patient also carry the record's hospital when they were scheduled, a hint for the cache
// only (the model prefetches that hospital's record while it handles the event before): their handlers
// read the record.
// A patient (record index) reaches the ED of the hospital in the record after travel.
struct PatientPresents {
  std::uint32_t patient;
  std::uint32_t hospital_hint;
};
// A waiting patient's patience runs out (ignored if no longer waiting).
struct PatienceEnds {
  std::uint32_t patient;
  std::uint32_t hospital_hint;
};
// A patient's treatment ends.
struct TreatmentEnds {
  std::uint32_t patient;
  std::uint32_t hospital_hint;
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
// It also carries the case that was next on the list when it was scheduled, a hint for the cache only (the
// model prefetches that case while it handles the event before): the handler reads the list.
struct TheatreReady {
  std::uint32_t hospital;
  std::uint32_t theatre;
  std::uint32_t elective_case_hint;
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
  std::uint32_t hospital_hint;
};
// A transferred patient (record index) reaches the hospital in the record.
struct TransferArrives {
  std::uint32_t patient;
  std::uint32_t hospital_hint;
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
// An event kind holds at most three 32-bit indices, cache hints included, so that a scheduled event stays
// 32 bytes, two to a cache line.
static_assert(sizeof(ScheduledEvent) == 32, "a scheduled event is 32 bytes: mind the calendar's lines");

// Two rungs of buckets and a heap. Events of later windows (kWindow long) wait unsorted in one bucket per
// window. When its window comes, a bucket is spread over the window's slices, and the events of the current
// slice are in a binary heap; those of the window's later slices wait unsorted in one bucket per slice and
// enter the heap when their slice comes. A window has about one slice per kEventsPerSlice of its events (a
// power of two from kMinSlices to kMaxSlices, fixed while it is the current window), so the heap holds a
// few events at any scale: a window of a national run of 1,000 hospitals holds some 7,000 events and gets
// 1,024 slices; one of 25 hospitals some 180 and gets 64. The order is exactly that of a single heap (a
// total order on time and sequence): window and slice are non-decreasing functions of time, so every event
// of an earlier slice is earlier than every event of a later one, and events of equal time share a slice.
// A pop touches little memory and sifts through few levels; a window's bucket is written at its end only,
// so pushes touch few lines too.
class Calendar {
 public:
  // Width of a time window, simulated seconds; the slices of a window: at least, at most, and about one per
  // this many of its events.
  static constexpr Seconds kWindow = 300.0;
  static constexpr int kMinSlices = 64;
  static constexpr int kMaxSlices = 2048;
  static constexpr std::size_t kEventsPerSlice = 8;

  void push(Seconds time, const CalendarEvent& event) {
    const ScheduledEvent scheduled{time, next_++, event};
    const double position = position_of(time);
    const auto window = static_cast<std::int64_t>(std::floor(position));
    // An event of an earlier window goes to the heap, one of a later window to its bucket, whatever its
    // slice: the slice is worked out only where it decides (the current window, or an empty calendar).
    const bool empty_now = near_.empty();
    if (!empty_now && window != current_) {
      if (window < current_) {
        near_.push_back(scheduled);
        std::push_heap(near_.begin(), near_.end(), Later{});
      } else {
        push_far(window, scheduled);
      }
      return;
    }
    const int slice = slice_of(position, window);
    if (empty_now) {  // then no bucket holds anything either
      if (next_ == 1) {
        first_ = current_ = window;
        slice_ = slice;
      } else if (window > current_) {
        current_ = window;
        slice_ = slice;
      } else if (window == current_) {
        slice_ = std::max(slice_, slice);
      }
    }
    if (window < current_ || (window == current_ && slice <= slice_)) {
      near_.push_back(scheduled);
      std::push_heap(near_.begin(), near_.end(), Later{});
      return;
    }
    if (window == current_) {
      slices_[static_cast<std::size_t>(slice)].push_back(scheduled);
      ++slices_count_;
      return;
    }
    push_far(window, scheduled);
  }
  bool empty() const { return near_.empty(); }
  // Events scheduled and not yet popped.
  std::size_t size() const { return near_.size() + slices_count_ + far_count_; }
  // REQUIRES: !empty(). The earliest event (by time, then by the order of scheduling).
  const ScheduledEvent& top() const { return near_.front(); }
  // The slices of the current window (kMinSlices until a window's bucket was spread).
  int slices() const { return slice_count_; }
  // REQUIRES: !empty(). Removes top().
  void pop() {
    std::pop_heap(near_.begin(), near_.end(), Later{});
    near_.pop_back();
    if (!near_.empty()) return;
    if (slices_count_ == 0) {
      if (far_count_ == 0) return;
      // The next window with events: spread its bucket over its slices.
      auto slot = static_cast<std::size_t>(current_ - first_) + 1;
      while (far_[slot].empty()) ++slot;
      current_ = first_ + static_cast<std::int64_t>(slot);
      const std::size_t wanted = std::bit_ceil(far_[slot].size() / kEventsPerSlice);
      slice_count_ = static_cast<int>(std::clamp<std::size_t>(wanted, kMinSlices, kMaxSlices));
      for (const ScheduledEvent& e : far_[slot]) {
        slices_[static_cast<std::size_t>(slice_of(position_of(e.time), current_))].push_back(e);
      }
      slices_count_ = far_[slot].size();
      far_count_ -= slices_count_;
      std::vector<ScheduledEvent>().swap(far_[slot]);
      slice_ = -1;
    }
    // The next slice with events of the current window becomes the heap (its bucket keeps the heap's
    // emptied storage for reuse).
    auto next = static_cast<std::size_t>(slice_ + 1);
    while (slices_[next].empty()) ++next;
    slice_ = static_cast<int>(next);
    near_.swap(slices_[next]);
    slices_count_ -= near_.size();
    std::make_heap(near_.begin(), near_.end(), Later{});
  }

 private:
  struct Later {
    bool operator()(const ScheduledEvent& x, const ScheduledEvent& y) const {
      if (x.time != y.time) return x.time > y.time;
      return x.sequence > y.sequence;
    }
  };
  // REQUIRES: window > current_. Into the window's bucket.
  void push_far(std::int64_t window, const ScheduledEvent& scheduled) {
    const auto slot = static_cast<std::size_t>(window - first_);
    if (slot >= far_.size()) far_.resize(slot + 1);
    far_[slot].push_back(scheduled);
    ++far_count_;
  }
  // The time in windows (the window is its floor). Non-decreasing in time, so every event of an earlier
  // window is earlier than every event of a later one. A product, not a quotient: no division per push.
  static double position_of(Seconds time) { return std::clamp(time * (1.0 / kWindow), -1e15, 1e15); }
  // The slice of a position in its window (= floor(position)) of slice_count_ slices: non-decreasing in the
  // position too (each step rounds monotonically; the clamp catches a difference rounded up to the window's
  // end).
  int slice_of(double position, std::int64_t window) const {
    const double within = position - static_cast<double>(window);
    return std::clamp(static_cast<int>(std::floor(within * slice_count_)), 0, slice_count_ - 1);
  }

  // Invariant: near_ holds every event of windows < current_ and of slices <= slice_ of window current_ (as
  // a heap); slices_[k] those of each slice k > slice_ of window current_; far_[w - first_] those of each
  // window w > current_. near_ is empty only when no bucket holds anything.
  std::vector<ScheduledEvent> near_;
  std::array<std::vector<ScheduledEvent>, kMaxSlices> slices_;
  std::size_t slices_count_ = 0;
  std::vector<std::vector<ScheduledEvent>> far_;
  std::size_t far_count_ = 0;
  std::int64_t first_ = 0;    // the window of the first event scheduled
  std::int64_t current_ = 0;  // >= first_ once an event was scheduled
  int slice_ = 0;             // the current slice of window current_
  int slice_count_ = kMinSlices;  // the slices of window current_
  std::uint64_t next_ = 0;
};

}  // namespace hospsim::clinical
