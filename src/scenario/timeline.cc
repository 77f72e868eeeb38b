#include "hospsim/timeline.h"

namespace hospsim {

namespace {

const char* const kTimelineMetricNames[kTimelineMetricCount] = {"ed_arrivals",
                                                                "ed_ambulance_arrivals",
                                                                "ed_lwbs",
                                                                "surgeries_performed",
                                                                "surgeries_cancelled",
                                                                "outpatient_cancelled",
                                                                "transfers_out",
                                                                "transfers_in",
                                                                "surgeries_moved_out",
                                                                "surgeries_moved_in",
                                                                "ed_test_delays",
                                                                "ed_los_median_min",
                                                                "ed_census",
                                                                "beds_occupied",
                                                                "surgery_backlog",
                                                                "services_down",
                                                                "on_diversion",
                                                                "surge_spaces",
                                                                "attack_hosts_infected",
                                                                "attack_hosts_down",
                                                                "attack_hosts_restored"};

const std::string kNoHospitalId;

}  // namespace

const char* timeline_metric_name(TimelineMetric metric) {
  const auto index = static_cast<std::uint32_t>(metric);
  return index < kTimelineMetricCount ? kTimelineMetricNames[index] : "?";
}

std::optional<TimelineMetric> timeline_metric_from_name(std::string_view name) {
  for (std::uint32_t i = 0; i < kTimelineMetricCount; ++i) {
    if (name == kTimelineMetricNames[i]) return static_cast<TimelineMetric>(i);
  }
  return std::nullopt;
}

const char* incident_event_name(const IncidentRow& row) {
  switch (row.kind) {
    case IncidentKind::kServiceState:
      return "service_state";
    case IncidentKind::kInfrastructure:
      return infrastructure_kind_name(row.infrastructure);
    case IncidentKind::kDiversionOn:
      return "diversion_on";
    case IncidentKind::kDiversionOff:
      return "diversion_off";
    case IncidentKind::kSurgeOpen:
      return "surge_open";
    case IncidentKind::kSurgeClose:
      return "surge_close";
  }
  return "?";
}

std::optional<IncidentRow> incident_from_event_name(std::string_view event) {
  IncidentRow row{0.0, 0, 0, kNoHospital, IncidentKind::kServiceState};
  // The words of the kinds other than kInfrastructure, as incident_event_name() gives them.
  for (IncidentKind kind : {IncidentKind::kServiceState, IncidentKind::kDiversionOn, IncidentKind::kDiversionOff,
                            IncidentKind::kSurgeOpen, IncidentKind::kSurgeClose}) {
    row.kind = kind;
    if (event == incident_event_name(row)) return row;
  }
  const std::optional<InfrastructureKind> kind = infrastructure_kind_from_name(event);
  if (!kind) return std::nullopt;
  row.kind = IncidentKind::kInfrastructure;
  row.infrastructure = *kind;
  return row;
}

const std::string& RunLog::hospital_id(std::int32_t hospital) const {
  return hospital == kNoHospital ? kNoHospitalId : hospitals[static_cast<std::size_t>(hospital)];
}

RunLogTables::RunLogTables(RunLog& log) : log_(&log) {
  for (std::size_t i = 0; i < log.hospitals.size(); ++i)
    hospitals_.emplace(log.hospitals[i], static_cast<std::int32_t>(i));
  for (std::size_t i = 0; i < log.texts.size(); ++i)
    texts_.emplace(log.texts[i], static_cast<std::uint32_t>(i));
}

std::int32_t RunLogTables::hospital(std::string_view id) {
  auto [it, added] =
      hospitals_.try_emplace(std::string(id), static_cast<std::int32_t>(log_->hospitals.size()));
  if (added) log_->hospitals.emplace_back(id);
  return it->second;
}

std::uint32_t RunLogTables::text(std::string_view text) {
  auto [it, added] = texts_.try_emplace(std::string(text), static_cast<std::uint32_t>(log_->texts.size()));
  if (added) log_->texts.emplace_back(text);
  return it->second;
}

}  // namespace hospsim
