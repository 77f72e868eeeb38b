// The hourly timeline and the incident log of one simulation, as typed rows: what RunCollector records
// (src/metrics/collector.h), what SimulationOutput carries from the simulating process to its parent
// (include/hospsim/run.h), what src/run/outputs.h renders as timeline.csv and events.csv, and what the run
// report draws (src/report/run_charts.h).
//
// Rows are small fixed-size records (24 bytes, no pointers) that name hospitals, metrics and texts by index,
// so a national run's timeline (about 13 million rows at 1,000 hospitals) is one flat array that crosses the
// process boundary as raw bytes. Times are simulated seconds since the scenario's start.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hospsim/events.h"
#include "hospsim/scenario.h"

namespace hospsim {

// The metrics of the timeline, in the order a hospital's rows of one hour are written.
enum class TimelineMetric : std::uint32_t {
  // per hospital: counts during the hour
  kEdArrivals,
  kEdAmbulanceArrivals,
  kEdLwbs,
  kSurgeriesPerformed,
  kSurgeriesCancelled,
  kOutpatientCancelled,
  kTransfersOut,
  kTransfersIn,
  kSurgeriesMovedOut,
  kSurgeriesMovedIn,
  kEdTestDelays,
  // per hospital: the median length of stay (minutes) of the hour's departures; no row for an hour without
  kEdLosMedianMin,
  // per hospital: the state at the hour's start
  kEdCensus,
  kBedsOccupied,
  kSurgeryBacklog,
  kServicesDown,
  kOnDiversion,
  kSurgeSpaces,
  // the region's ransomware recovery curve (only with a ransomware injection; src/metrics/attack_metrics.h):
  // the state at the hour's start
  kAttackHostsInfected,
  kAttackHostsDown,
  kAttackHostsRestored,  // last
};
inline constexpr std::uint32_t kTimelineMetricCount =
    static_cast<std::uint32_t>(TimelineMetric::kAttackHostsRestored) + 1;

// The metric's name in timeline.csv ("ed_arrivals", ..., "attack_hosts_restored").
const char* timeline_metric_name(TimelineMetric metric);
// The metric named `name`, or nullopt.
std::optional<TimelineMetric> timeline_metric_from_name(std::string_view name);

// The `hospital` of a row about no single hospital (the region's rows; an incident about a link).
inline constexpr std::int32_t kNoHospital = -1;

// `value` of `metric` at hospital number `hospital` (or the region: kNoHospital) for the hour starting at
// `hour_start`.
struct TimelineRow {
  Seconds hour_start;
  double value;
  std::int32_t hospital;  // index into RunLog::hospitals, or kNoHospital for a region row
  TimelineMetric metric;
};
static_assert(sizeof(TimelineRow) == 24, "timeline rows are packed: a national run holds millions");

// What an incident-log line is about.
enum class IncidentKind : std::uint8_t {
  kServiceState,    // a (hospital, service) pair changed state: `from`, `to`
  kInfrastructure,  // an InfrastructureEvent: `infrastructure`
  kDiversionOn,     // a hospital's ED went on ambulance diversion
  kDiversionOff,
  kSurgeOpen,   // a hospital opened (or changed) surge capacity
  kSurgeClose,  // ... and closed it
};

// One incident-log line (events.csv). Texts are indices into RunLog::texts.
struct IncidentRow {
  Seconds time;
  std::uint32_t target;   // the service, link, data centre or hospital id concerned
  std::uint32_t cause;    // free text (why, or the event's detail)
  std::int32_t hospital;  // index into RunLog::hospitals, kNoHospital when not about one hospital
  IncidentKind kind;
  InfrastructureKind infrastructure = InfrastructureKind::kLinkDown;  // with kInfrastructure
  ServiceState from = ServiceState::kUp;                              // with kServiceState
  ServiceState to = ServiceState::kUp;                                // with kServiceState
};
static_assert(sizeof(IncidentRow) == 24, "incident rows are packed: raw bytes across the process boundary");

// The word of events.csv's `event` column: "service_state", the infrastructure kind's word
// (infrastructure_kind_name()), "diversion_on", "diversion_off", "surge_open", "surge_close".
const char* incident_event_name(const IncidentRow& row);
// The inverse: a row (time 0, no target, cause or hospital) of the kind whose word is `event`; none for a
// word incident_event_name() never gives.
std::optional<IncidentRow> incident_from_event_name(std::string_view event);

// The timeline and the incident log of one simulation.
struct RunLog {
  std::vector<std::string> hospitals;  // hospital ids, as the rows number them
  // Hour by hour, each hospital's rows in metric order, then the region's rows (hour by hour).
  std::vector<TimelineRow> timeline;
  std::vector<IncidentRow> incidents;  // in event order
  std::vector<std::string> texts;      // the incidents' targets and causes, each distinct text once

  // The id of hospital number `hospital` ("" for kNoHospital). REQUIRES: a valid number.
  const std::string& hospital_id(std::int32_t hospital) const;
};

// The indices of a RunLog's hospital ids and texts while its rows are built: each id or text is added to
// the log's table when first seen. Holds a pointer to the log, which must outlive it.
class RunLogTables {
 public:
  explicit RunLogTables(RunLog& log);  // starts from what the log's tables hold
  std::int32_t hospital(std::string_view id);
  std::uint32_t text(std::string_view text);

 private:
  RunLog* log_;
  std::unordered_map<std::string, std::int32_t> hospitals_;
  std::unordered_map<std::string, std::uint32_t> texts_;
};

}  // namespace hospsim
