// The clinical calendar pops events by time, then in the order they were scheduled, across its time windows.
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
  // A window's slices are kWindow / kSlices long. Events just before, at and after slice edges, pushed in
  // reverse order, some after the first pop (into the current slice, a later slice and the next window).
  Calendar calendar;
  const Seconds slice = Calendar::kWindow / Calendar::kSlices;
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
  CHECK(calendar.empty());
  CHECK(calendar.size() == 0);
}

TEST_CASE("clinical::Calendar: interleaved pushes and pops match a sorted reference", "[clinical]") {
  // Times on a grid (many ties) spread over many windows; each push at or after the last popped time, as
  // the model schedules. The reference is an ordered set of (time, push number). Grids: coarser than a
  // slice, the slice itself (every time on an edge), and finer than a slice (times inside slices).
  const Seconds grid_step = GENERATE(30.0, Calendar::kWindow / Calendar::kSlices, 0.37);
  CAPTURE(grid_step);
  std::mt19937_64 rng(20261202);
  std::uniform_int_distribution<int> grid(0, static_cast<int>(12000.0 / grid_step));
  std::uniform_int_distribution<int> action(0, 2);
  Calendar calendar;
  std::set<std::pair<Seconds, std::uint32_t>> reference;
  std::uint32_t pushed = 0;
  Seconds now = -600.0;
  std::size_t popped = 0;
  for (int step = 0; step < 20000; ++step) {
    if (reference.empty() || action(rng) != 0) {
      const Seconds time = now + grid_step * grid(rng);  // up to 12,000 s ahead: 40 windows
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
}

}  // namespace
}  // namespace hospsim::clinical
