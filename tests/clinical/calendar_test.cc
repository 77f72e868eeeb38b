// The clinical calendar pops events by time, then in the order they were scheduled, across its time windows.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "clinical/calendar.h"

namespace hospsim::clinical {
namespace {

// The id an event was pushed with (carried as EdArrivalDue::hospital).
std::uint32_t id_of(const ScheduledEvent& e) { return std::get<EdArrivalDue>(e.event).hospital; }

std::vector<std::uint32_t> drain(Calendar& calendar) {
  std::vector<std::uint32_t> ids;
  while (!calendar.empty()) {
    ids.push_back(id_of(calendar.top()));
    calendar.pop();
  }
  return ids;
}

TEST_CASE("clinical::Calendar: time order, ties in scheduling order, across windows", "[clinical]") {
  Calendar calendar;
  const std::vector<std::pair<Seconds, std::uint32_t>> pushes = {
      {10.0, 0}, {5.0, 1}, {5.0, 2}, {400.0, 3}, {-3.0, 4}, {Calendar::kWindow, 5}, {5.0, 6}, {1e6, 7}};
  for (const auto& [time, id] : pushes) calendar.push(time, EdArrivalDue{id});
  CHECK(calendar.size() == pushes.size());
  // -3 first; the three at 5 s in the order pushed; the window's edge (300 s) before 400 s; the far one last.
  CHECK(drain(calendar) == std::vector<std::uint32_t>{4, 1, 2, 6, 0, 5, 3, 7});
  CHECK(calendar.size() == 0);
}

TEST_CASE("clinical::Calendar: ties and slice edges in one window, pushed while it is current",
          "[clinical]") {
  // A window of few events has kMinSlices slices, kWindow / kMinSlices long. Events just before, at and
  // after slice edges, pushed in reverse order, some after the first pop (into the current slice, a later
  // slice and the next window).
  Calendar calendar;
  const Seconds slice = Calendar::kWindow / Calendar::kMinSlices;
  const std::vector<std::pair<Seconds, std::uint32_t>> pushes = {
      {3 * slice, 0}, {std::nextafter(3 * slice, 0.0), 1}, {slice, 2},          {slice, 3},
      {0.0, 4},       {Calendar::kWindow - 1e-9, 5},       {2 * slice + 0.5, 6}};
  for (const auto& [time, id] : pushes) calendar.push(time, EdArrivalDue{id});
  std::vector<std::uint32_t> ids{id_of(calendar.top())};  // 0 s
  calendar.pop();
  calendar.push(0.0, EdArrivalDue{7});                          // the current slice, after 4
  calendar.push(slice, EdArrivalDue{8});                        // a later slice, after 2 and 3
  calendar.push(Calendar::kWindow, EdArrivalDue{9});            // the next window's first slice
  calendar.push(std::nextafter(slice, 0.0), EdArrivalDue{10});  // the end of the first slice
  const std::vector<std::uint32_t> rest = drain(calendar);
  ids.insert(ids.end(), rest.begin(), rest.end());
  CHECK(ids == std::vector<std::uint32_t>{4, 7, 10, 2, 3, 8, 6, 1, 0, 5, 9});
  CHECK(calendar.slices() == Calendar::kMinSlices);
  CHECK(calendar.empty());
  CHECK(calendar.size() == 0);
}

TEST_CASE("clinical::Calendar: a window of many events is spread over more slices", "[clinical]") {
  // 2,007 events wait in the second window: when it comes, it gets bit_ceil(2007 / kEventsPerSlice) = 256
  // slices of kWindow / 256. 767 of them sit just before, on and just after those slices' edges (the window's
  // own start but the one before it), 1,240 are spread over the window; pushed in descending time. Then,
  // while the window is current, one more on the edge of a later slice and one at the popped time.
  Calendar calendar;
  calendar.push(0.0, EdArrivalDue{100000});  // the first window
  const int slices = 256;
  const Seconds slice = Calendar::kWindow / slices;
  std::vector<Seconds> times;
  for (int k = slices - 1; k >= 0; --k) {
    const Seconds edge = Calendar::kWindow + k * slice;
    times.push_back(std::nextafter(edge, 1e9));
    times.push_back(edge);
    if (k > 0) times.push_back(std::nextafter(edge, 0.0));
  }
  for (int j = 1239; j >= 0; --j) times.push_back(Calendar::kWindow + (j + 0.5) * (Calendar::kWindow / 1240));
  REQUIRE(static_cast<std::size_t>(slices) == std::bit_ceil(times.size() / Calendar::kEventsPerSlice));
  std::vector<std::pair<Seconds, std::uint32_t>> expected;
  for (Seconds t : times) {
    calendar.push(t, EdArrivalDue{static_cast<std::uint32_t>(expected.size())});
    expected.emplace_back(t, static_cast<std::uint32_t>(expected.size()));
  }
  CHECK(calendar.slices() == Calendar::kMinSlices);  // the first window's
  CHECK(id_of(calendar.top()) == 100000);
  calendar.pop();
  REQUIRE(!calendar.empty());
  CHECK(calendar.slices() == slices);
  for (Seconds t : {Calendar::kWindow + 200 * slice, Calendar::kWindow}) {
    calendar.push(t, EdArrivalDue{static_cast<std::uint32_t>(expected.size())});
    expected.emplace_back(t, static_cast<std::uint32_t>(expected.size()));
  }
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::uint32_t> want;
  for (const auto& e : expected) want.push_back(e.second);
  CHECK(drain(calendar) == want);
}

TEST_CASE("clinical::Calendar: interleaved pushes and pops match a sorted reference", "[clinical]") {
  // Times on a grid (many ties) spread over many windows; each push at or after the last popped time, as
  // the model schedules. The reference is an ordered set of (time, push number). Grids: coarser than a
  // slice, the slice itself (every time on an edge), and finer than a slice (times inside slices).
  const Seconds grid_step = GENERATE(30.0, Calendar::kWindow / Calendar::kMinSlices, 0.37);
  // How far ahead a push goes: 40 windows (some 330 events a window: kMinSlices slices), or 2 (some 6,000
  // a window: more slices, changing from window to window).
  const Seconds ahead = GENERATE(12000.0, 600.0);
  CAPTURE(grid_step, ahead);
  std::mt19937_64 rng(20261202);
  std::uniform_int_distribution<int> grid(0, static_cast<int>(ahead / grid_step));
  std::uniform_int_distribution<int> action(0, 2);
  Calendar calendar;
  std::set<std::pair<Seconds, std::uint32_t>> reference;
  std::uint32_t pushed = 0;
  Seconds now = -600.0;
  std::size_t popped = 0;
  int most_slices = 0;
  for (int step = 0; step < 20000; ++step) {
    if (reference.empty() || action(rng) != 0) {
      const Seconds time = now + grid_step * grid(rng);
      calendar.push(time, EdArrivalDue{pushed});
      reference.emplace(time, pushed);
      ++pushed;
    } else {
      REQUIRE(!calendar.empty());
      const auto expected = *reference.begin();
      reference.erase(reference.begin());
      REQUIRE(calendar.top().time == expected.first);
      REQUIRE(id_of(calendar.top()) == expected.second);
      now = calendar.top().time;
      calendar.pop();
      most_slices = std::max(most_slices, calendar.slices());
      ++popped;
    }
    REQUIRE(calendar.size() == reference.size());
  }
  for (const auto& [time, id] : reference) {
    REQUIRE(calendar.top().time == time);
    REQUIRE(id_of(calendar.top()) == id);
    calendar.pop();
  }
  CHECK(calendar.empty());
  CHECK(popped > 5000);
  // The dense case spread windows over more slices than the least.
  CHECK((ahead > 1000.0 || most_slices > Calendar::kMinSlices));
}

}  // namespace
}  // namespace hospsim::clinical
