#include "report/run_charts.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "hospsim/events.h"

namespace hospsim::html {

using nlohmann::json;

std::string name_of(const RunContext& run, const std::string& id) {
  auto it = run.names.find(id);
  return it == run.names.end() ? id : it->second;
}

// A length of stay in minutes with its change, "-" when there is none (no ED departures).
std::string stay_text(const MetricCell& c) {
  if (!c.present) return "-";
  return count_text(c.value) + " min" + change_suffix(c);
}

std::string duration_text(double minutes) {
  if (minutes < 1.0) return fmt::format("{:.1f} min", minutes);
  const long long total = std::llround(minutes);
  if (total < 60) return fmt::format("{} min", total);
  if (total % 60 == 0) return fmt::format("{} h", total / 60);
  return fmt::format("{} h {} min", total / 60, total % 60);
}

namespace {

// One row of the Gantt chart: the state a service (or the ED's diversion) was in, interval by interval.
struct Track {
  std::string state = "UP";
  double since = 0.0;
  std::vector<std::tuple<std::string, double, double>> intervals;  // state, start, end (ms)
};

struct StateTracks {
  std::map<std::pair<std::string, std::string>, Track> services;  // (hospital, service) -> track
  std::map<std::string, Track> diversions;                        // hospital -> ambulance diversion track
};

// The service states of every (hospital, service) of the run's metrics and of the incident log, and the
// diversion periods of the incident log; closed intervals only (the state at the end is still open).
StateTracks read_state_tracks(const RunContext& run, const RunLog& log) {
  StateTracks out;
  auto& tracks = out.services;
  for (const Hospital& hospital : run.hospitals) {
    const HospitalMetrics* metrics = find_hospital(run.summary.metrics.run, hospital.id);
    if (metrics == nullptr) continue;
    for (const ServiceMetrics& service : metrics->services)
      tracks[{hospital.id, service.service}].since = run.start_ms;
  }
  for (const IncidentRow& row : log.incidents) {
    const double time = run.start_ms + row.time * 1000.0;
    if (row.kind == IncidentKind::kServiceState) {
      Track& track = tracks[{log.hospital_id(row.hospital), log.texts[row.target]}];
      if (track.intervals.empty() && track.since == 0.0) track.since = run.start_ms;
      if (time > track.since) track.intervals.emplace_back(track.state, track.since, time);
      track.state = service_state_name(row.to);
      track.since = time;
    } else if (row.kind == IncidentKind::kDiversionOn || row.kind == IncidentKind::kDiversionOff) {
      Track& track = out.diversions[log.hospital_id(row.hospital)];
      if (row.kind == IncidentKind::kDiversionOn && track.state != "ON DIVERSION") {
        track.state = "ON DIVERSION";
        track.since = time;
      } else if (row.kind == IncidentKind::kDiversionOff && track.state == "ON DIVERSION") {
        track.intervals.emplace_back("ON DIVERSION", track.since, time);
        track.state = "UP";
      }
    }
  }
  return out;
}

// The Gantt chart's data: one value per interval, rows ordered by hospital, and the span of the non-UP
// service states (for zooming in on them).
struct GanttRows {
  json values = json::array();
  std::vector<std::string> quiet;  // hospitals left out: many hospitals, and nothing changed at these
  double first_change = 0.0;
  double last_change = 0.0;
};

GanttRows gantt_rows(const RunContext& run, const StateTracks& state) {
  const auto& tracks = state.services;
  const auto& diversions = state.diversions;
  GanttRows rows;
  json& values = rows.values;
  std::vector<std::string>& quiet = rows.quiet;
  int order = 0;
  double first_change = run.end_ms;
  double last_change = run.start_ms;
  for (const Hospital& hospital : run.hospitals) {
    bool changed = diversions.count(hospital.id) > 0;
    for (const auto& [key, track] : tracks) {
      if (key.first == hospital.id && !track.intervals.empty()) changed = true;
    }
    if (!changed && run.hospitals.size() > kMaxHospitalPanels) {
      quiet.push_back(hospital.name);
      continue;
    }
    for (const auto& [key, track] : tracks) {
      if (key.first != hospital.id) continue;
      ++order;
      const std::string label = hospital.name + " \u00b7 " + key.second;
      std::vector<std::tuple<std::string, double, double>> intervals = track.intervals;
      if (run.end_ms > track.since) intervals.emplace_back(track.state, track.since, run.end_ms);
      for (const auto& [state, begin, end] : intervals) {
        if (state != "UP") {
          first_change = std::min(first_change, begin);
          last_change = std::max(last_change, end);
        }
        values.push_back({{"row", label},
                          {"order", order},
                          {"hospital", hospital.name},
                          {"service", key.second},
                          {"state", state},
                          {"start", begin},
                          {"end", end},
                          {"hours", (end - begin) / 3.6e6}});
      }
    }
    auto diversion = diversions.find(hospital.id);
    if (diversion != diversions.end()) {
      Track track = diversion->second;
      if (track.state == "ON DIVERSION" && run.end_ms > track.since) {
        track.intervals.emplace_back("ON DIVERSION", track.since, run.end_ms);
      }
      if (!track.intervals.empty()) {
        ++order;
        const std::string label = hospital.name + " \u00b7 ambulance diversion";
        for (const auto& [state, begin, end] : track.intervals) {
          values.push_back({{"row", label},
                            {"order", order},
                            {"hospital", hospital.name},
                            {"service", "diversion"},
                            {"state", state},
                            {"start", begin},
                            {"end", end},
                            {"hours", (end - begin) / 3.6e6}});
        }
      }
    }
  }
  rows.first_change = first_change;
  rows.last_change = last_change;
  return rows;
}

}  // namespace

std::optional<Chart> gantt_chart(const RunContext& run, const RunLog& log, std::vector<std::string>& notes) {
  GanttRows rows = gantt_rows(run, read_state_tracks(run, log));
  json& values = rows.values;
  const std::vector<std::string>& quiet = rows.quiet;
  double first_change = rows.first_change;
  double last_change = rows.last_change;
  if (last_change > first_change) {
    // A diversion that overlaps the IT trouble (with its context) stays in view whole, however long it
    // outlasts the outage; a diversion far from it (occupancy on another day) does not widen the view.
    const double context = std::max(2 * 3.6e6, 0.15 * (last_change - first_change));
    double from = first_change;
    double to = last_change;
    for (const json& entry : values) {
      if (entry["service"] != "diversion") continue;
      const double begin = entry["start"].get<double>();
      const double end = entry["end"].get<double>();
      if (begin <= last_change + context && end >= first_change - context) {
        from = std::min(from, begin);
        to = std::max(to, end);
      }
    }
    first_change = from;
    last_change = to;
  }
  if (values.empty()) {
    notes.push_back("No service-state chart: the summary lists no IT services per hospital.");
    return std::nullopt;
  }
  Chart chart;
  chart.id = "chart-service-states";
  chart.title = "IT service states per hospital";
  chart.caption =
      "Each hospital's own view of each IT service it uses (from events.csv): <b>DOWN</b> from detection (no "
      "successful request for the detection time) until requests succeed again, then <b>RECOVERING</b> "
      "(catching "
      "up on documentation) until back <b>UP</b>. Purple rows: the hospital's ED was on ambulance diversion.";
  if (!quiet.empty()) {
    chart.caption +=
        fmt::format(" {} hospitals whose services stayed UP throughout are left out.", quiet.size());
  }
  json spec = base_spec();
  spec["width"] = 400;  // + up to 250 px of row labels: within 680
  spec["height"] = {{"step", 13}};
  spec["data"] = {{"values", values}};
  spec["mark"] = {{"type", "bar"}, {"tooltip", true}};
  json x = time_encoding();
  x["field"] = "start";
  if (last_change > first_change) {
    // Zoom in on the IT trouble (an outage of hours is a hairline on a week), with some context either side.
    const double pad = std::max(2 * 3.6e6, 0.15 * (last_change - first_change));
    const double from = std::max(run.start_ms, first_change - pad);
    const double to = std::min(run.end_ms, last_change + pad);
    // Clip the intervals to the window (rather than setting a scale domain, which Vega-Lite merges with the
    // data's own and warns about).
    json clipped = json::array();
    for (json& entry : spec["data"]["values"]) {
      const double begin = std::max(entry["start"].get<double>(), from);
      const double end = std::min(entry["end"].get<double>(), to);
      if (end <= begin) continue;
      entry["start"] = begin;
      entry["end"] = end;
      clipped.push_back(std::move(entry));
    }
    spec["data"]["values"] = std::move(clipped);
    if (from > run.start_ms || to < run.end_ms) {
      chart.caption += " Zoomed in on the period with IT services not UP and the diversions overlapping it.";
    }
  }
  spec["encoding"] = {
      {"y",
       {{"field", "row"},
        {"type", "nominal"},
        {"sort", {{"field", "order"}, {"op", "min"}}},
        {"title", nullptr},
        {"axis", {{"labelLimit", 250}, {"labelFontSize", 9}}}}},
      {"x", x},
      {"x2", {{"field", "end"}}},
      {"color",
       {{"field", "state"},
        {"type", "nominal"},
        {"title", nullptr},
        {"scale",
         {{"domain", {"UP", "RECOVERING", "DOWN", "ON DIVERSION"}},
          {"range", {"#cfe6cf", "#f2b233", "#c62828", "#6a3d9a"}}}},
        {"legend", {{"orient", "top"}}}}},
      {"tooltip",
       {{{"field", "hospital"}, {"title", "hospital"}},
        {{"field", "service"}, {"title", "service"}},
        {{"field", "state"}, {"title", "state"}},
        {{"field", "start"},
         {"type", "temporal"},
         {"timeUnit", "utcyearmonthdatehoursminutes"},
         {"title", "from"}},
        {{"field", "hours"}, {"type", "quantitative"}, {"format", ".2f"}, {"title", "hours"}}}}};
  chart.spec = std::move(spec);
  return chart;
}

namespace {

// The hospitals with their own panels: all of them, or the kMaxHospitalPanels with the largest change in ED
// arrivals (largest arrivals without a baseline).
std::vector<Hospital> panel_hospitals(const RunContext& run) {
  if (run.hospitals.size() <= kMaxHospitalPanels) return run.hospitals;
  std::vector<std::pair<double, std::size_t>> ranked;
  for (std::size_t i = 0; i < run.hospitals.size(); ++i) {
    const MetricCell arrivals =
        metric_cell(hospital_metrics(run.summary.metrics, run.hospitals[i].id), MetricId::kEdArrivals);
    ranked.emplace_back(arrivals.delta ? std::fabs(*arrivals.delta) : arrivals.value, i);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < kMaxHospitalPanels; ++i) chosen.push_back(ranked[i].second);
  std::sort(chosen.begin(), chosen.end());
  std::vector<Hospital> out;
  for (std::size_t i : chosen) out.push_back(run.hospitals[i]);
  return out;
}

}  // namespace

Series series_of(const RunContext& run, const RunLog& scenario, const RunLog* baseline,
                 const std::vector<TimelineMetric>& metrics) {
  bool wanted[kTimelineMetricCount] = {};
  for (TimelineMetric metric : metrics) wanted[static_cast<std::uint32_t>(metric)] = true;
  Series series;
  const auto add = [&](const RunLog& log, const std::string& name) {
    // The series of each (hospital, metric), found once; slot 0 is the region's.
    std::vector<std::vector<std::pair<double, double>>*> slots(
        (log.hospitals.size() + 1) * kTimelineMetricCount, nullptr);
    for (const TimelineRow& row : log.timeline) {
      const auto metric = static_cast<std::uint32_t>(row.metric);
      if (!wanted[metric]) continue;
      auto*& points = slots[static_cast<std::size_t>(row.hospital + 1) * kTimelineMetricCount + metric];
      if (points == nullptr) {
        const std::string hospital = row.hospital == kNoHospital ? "region" : log.hospital_id(row.hospital);
        points = &series[{name, hospital, timeline_metric_name(row.metric)}];
      }
      points->emplace_back(run.start_ms + row.hour_start * 1000.0, row.value);
    }
  };
  add(scenario, "scenario");
  if (baseline != nullptr) add(*baseline, "baseline");
  return series;
}

std::optional<Chart> ed_chart(const RunContext& run, const Series& series) {
  const std::vector<Hospital> hospitals = panel_hospitals(run);
  const std::vector<std::pair<std::string, std::string>> metrics = {
      {"ed_arrivals", "ED arrivals per hour"}, {"ed_census", "ED census (patients present)"}};
  json values = json::array();
  json order = json::array();
  for (const Hospital& hospital : hospitals) {
    order.push_back(hospital.name);
    for (const char* run_name : {"scenario", "baseline"}) {
      for (const auto& [metric, label] : metrics) {
        auto found = series.find({run_name, hospital.id, metric});
        if (found == series.end()) continue;
        for (const auto& [time, value] : found->second) {
          values.push_back({{"time", time},
                            {"hospital", hospital.name},
                            {"metric", label},
                            {"run", run_name},
                            {"value", number_or_null(value)}});
        }
      }
    }
  }
  if (values.empty()) return std::nullopt;
  Chart chart;
  chart.id = "chart-ed-load";
  chart.title = "ED arrivals and census per hospital";
  chart.caption =
      run.paired ? "Hourly, from timeline.csv: the scenario run (red) against its paired baseline (grey: "
                   "the same patients without the injections). Arrivals are counts during each hour; the "
                   "census is the number of patients in the ED at the start of the hour."
                 : "Hourly, from timeline.csv (this run has no baseline): arrivals during each hour, "
                   "patients in the ED at the start of each hour.";
  if (hospitals.size() < run.hospitals.size()) {
    chart.caption += fmt::format(" The {} hospitals (of {}) with the largest change in ED arrivals.",
                                 hospitals.size(), run.hospitals.size());
  }
  json inner = {
      {"width", 285},
      {"height", 80},
      {"mark", {{"type", "line"}, {"strokeWidth", 1}, {"interpolate", "step-after"}}},
      {"encoding",
       {{"x", time_encoding()},
        {"y", {{"field", "value"}, {"type", "quantitative"}, {"title", nullptr}}},
        {"color",
         {{"field", "run"},
          {"type", "nominal"},
          {"title", nullptr},
          {"scale", run_colour_scale(run.paired)},
          {"legend", {{"orient", "top"}}}}},
        {"tooltip",
         {{{"field", "time"}, {"type", "temporal"}, {"timeUnit", "utcyearmonthdatehours"}, {"title", "hour"}},
          {{"field", "run"}},
          {{"field", "value"}, {"type", "quantitative"}}}}}}};
  inner["encoding"]["x"]["axis"]["tickCount"] = 4;
  inner["encoding"]["x"]["axis"]["format"] = "%a %d";
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["facet"] = {{"row",
                    {{"field", "hospital"},
                     {"type", "nominal"},
                     {"sort", order},
                     {"title", nullptr},
                     {"header",
                      {{"labelAngle", 0},
                       {"labelOrient", "top"},
                       {"labelAlign", "left"},
                       {"labelFontWeight", "bold"},
                       {"labelAnchor", "start"}}}}},
                   {"column",
                    {{"field", "metric"},
                     {"type", "nominal"},
                     {"sort", {metrics[0].second, metrics[1].second}},
                     {"title", nullptr}}}};
  spec["spec"] = inner;
  spec["resolve"] = {{"scale", {{"y", "independent"}}}};
  spec["spacing"] = {{"row", 6}, {"column", 16}};
  chart.spec = std::move(spec);
  return chart;
}

std::optional<Chart> surgery_chart(const RunContext& run, const Series& series) {
  const bool aggregate = run.hospitals.size() > 10;
  const std::string cumulative_label = "Cancelled planned operations (cumulative)";
  const std::string backlog_label = "Backlog: cancelled cases not yet operated";
  json values = json::array();
  json order = json::array();
  // (run, label) -> time -> value, summed over hospitals when aggregating.
  std::map<std::pair<std::string, std::string>, std::map<double, double>> region;
  for (const Hospital& hospital : run.hospitals) {
    if (!aggregate) order.push_back(hospital.name);
    for (const char* run_name : {"scenario", "baseline"}) {
      auto cancelled = series.find({run_name, hospital.id, "surgeries_cancelled"});
      if (cancelled != series.end() && !cancelled->second.empty()) {
        std::vector<std::pair<double, double>> points = {{cancelled->second.front().first, 0.0}};
        double total = 0.0;
        for (const auto& [time, value] : cancelled->second) {
          if (std::isfinite(value)) total += value;
          points.emplace_back(time + 3.6e6, total);  // the count is of the hour that starts at `time`
        }
        for (const auto& [time, value] : points) {
          if (aggregate) {
            region[{run_name, cumulative_label}][time] += value;
          } else {
            values.push_back({{"time", time},
                              {"hospital", hospital.name},
                              {"metric", cumulative_label},
                              {"run", run_name},
                              {"value", value}});
          }
        }
      }
      auto backlog = series.find({run_name, hospital.id, "surgery_backlog"});
      if (backlog != series.end()) {
        for (const auto& [time, value] : backlog->second) {
          if (aggregate) {
            region[{run_name, backlog_label}][time] += std::isfinite(value) ? value : 0.0;
          } else {
            values.push_back({{"time", time},
                              {"hospital", hospital.name},
                              {"metric", backlog_label},
                              {"run", run_name},
                              {"value", number_or_null(value)}});
          }
        }
      }
    }
  }
  if (aggregate) {
    order.push_back("Region");
    for (const auto& [key, points] : region) {
      for (const auto& [time, value] : points) {
        values.push_back({{"time", time},
                          {"hospital", "Region"},
                          {"metric", key.second},
                          {"run", key.first},
                          {"value", value}});
      }
    }
  }
  if (values.empty()) return std::nullopt;
  Chart chart;
  chart.id = "chart-surgery";
  chart.title = "Cancelled planned operations and backlog";
  chart.caption =
      "From timeline.csv: cancellations added up over the run, and the cancelled cases waiting for a new "
      "date (the backlog falls as catch-up capacity operates them).";
  if (run.paired) chart.caption += " Solid: the scenario run; dashed: the paired baseline.";
  if (aggregate) chart.caption += " All hospitals added up (the region).";
  json inner = {
      {"width", 600},
      {"height", 140},
      {"mark", {{"type", "line"}, {"strokeWidth", 1.5}, {"interpolate", "step-after"}}},
      {"encoding",
       {{"x", time_encoding()},
        {"y", {{"field", "value"}, {"type", "quantitative"}, {"title", "cases"}}},
        {"color",
         {{"field", "hospital"},
          {"type", "nominal"},
          {"sort", order},
          {"title", nullptr},
          {"scale", {{"scheme", "tableau10"}}},
          {"legend", {{"orient", "top"}, {"columns", 3}, {"labelLimit", 220}}}}},
        {"strokeDash",
         {{"field", "run"},
          {"type", "nominal"},
          {"title", nullptr},
          {"scale",
           {{"domain", run.paired ? json{"scenario", "baseline"} : json{"scenario"}},
            {"range", run.paired ? json{json::array(), {4, 3}} : json{json::array()}}}},
          {"legend", run.paired ? json{{"orient", "top"}} : json(nullptr)}}},
        {"tooltip",
         {{{"field", "time"}, {"type", "temporal"}, {"timeUnit", "utcyearmonthdatehours"}, {"title", "hour"}},
          {{"field", "hospital"}},
          {{"field", "run"}},
          {{"field", "value"}, {"type", "quantitative"}}}}}}};
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["facet"] = {{"row", row_panels("metric", json::array({cumulative_label, backlog_label}))}};
  spec["spec"] = inner;
  spec["resolve"] = {{"scale", {{"y", "independent"}}}};
  chart.spec = std::move(spec);
  return chart;
}

std::optional<Chart> flows_chart(const RunContext& run, std::vector<std::string>& notes) {
  if (!run.summary.diversions) {
    notes.push_back(
        "No diversion-flow chart: this summary.json has no \"diversions\" table (written by an older "
        "hospsim; run the scenario again).");
    return std::nullopt;
  }
  std::map<std::pair<std::string, std::string>, double> baseline;
  if (run.summary.baseline_diversions) {
    for (const DiversionFlow& flow : *run.summary.baseline_diversions) {
      baseline[{flow.from, flow.to}] = static_cast<double>(flow.ambulances);
    }
  }
  json values = json::array();
  for (const DiversionFlow& flow : *run.summary.diversions) {
    const auto ambulances = static_cast<double>(flow.ambulances);
    if (ambulances <= 0.0) continue;
    std::string label = count_text(ambulances);
    json entry = {{"from", name_of(run, flow.from)},
                  {"to", name_of(run, flow.to)},
                  {"ambulances", ambulances},
                  {"walk_ins_advised", static_cast<double>(flow.walk_ins_advised)},
                  {"extra_travel_hours", flow.extra_travel_hours}};
    if (run.paired) {
      auto it = baseline.find({flow.from, flow.to});
      const double base = it == baseline.end() ? 0.0 : it->second;
      entry["baseline_ambulances"] = base;
      label += " (" + count_text(base) + ")";
    }
    entry["label"] = label;
    values.push_back(entry);
  }
  if (values.empty()) {
    notes.push_back("No diversion-flow chart: no ambulance was diverted in the scenario run.");
    return std::nullopt;
  }
  json order = json::array();
  for (const Hospital& hospital : run.hospitals) order.push_back(hospital.name);
  Chart chart;
  chart.id = "chart-diversion-flows";
  chart.title = "Ambulance diversion between hospitals";
  chart.caption =
      "Ambulances sent from their nearest hospital (row) to another (column) because the nearest was on "
      "diversion, in the scenario run";
  chart.caption += run.paired ? "; in brackets, the same in the baseline." : ".";
  chart.caption += " Walk-ins redirected by public advice and the added travel time are in the tooltips.";
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  const json x = {{"field", "to"},
                  {"type", "nominal"},
                  {"sort", order},
                  {"title", "diverted to"},
                  {"axis", {{"labelAngle", -30}, {"labelLimit", 160}}}};
  const json y = {{"field", "from"},
                  {"type", "nominal"},
                  {"sort", order},
                  {"title", "nearest hospital (diverted from)"},
                  {"axis", {{"labelLimit", 200}}}};
  spec["width"] = {{"step", 70}};
  spec["height"] = {{"step", 28}};
  spec["layer"] = {
      {{"mark", {{"type", "rect"}, {"tooltip", true}}},
       {"encoding",
        {{"x", x},
         {"y", y},
         {"color",
          {{"field", "ambulances"},
           {"type", "quantitative"},
           {"title", "ambulances"},
           {"scale", {{"scheme", "oranges"}}}}},
         {"tooltip",
          {{{"field", "from"}, {"title", "from"}},
           {{"field", "to"}, {"title", "to"}},
           {{"field", "ambulances"}, {"type", "quantitative"}},
           {{"field", "walk_ins_advised"}, {"type", "quantitative"}, {"title", "walk-ins advised"}},
           {{"field", "extra_travel_hours"},
            {"type", "quantitative"},
            {"format", ".1f"},
            {"title", "extra travel (h)"}}}}}}},
      {{"mark", {{"type", "text"}, {"fontSize", 10}}},
       {"encoding", {{"x", x}, {"y", y}, {"text", {{"field", "label"}}}}}}};
  chart.spec = std::move(spec);
  return chart;
}

std::optional<Chart> attack_chart(const RunContext& run, const RunLog& log) {
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"infected", "infected"}, {"encrypted", "encrypted"}, {"restored", "restored"}};
  std::map<std::string, std::vector<double>> times;
  json markers = json::array();  // detection and containment: vertical rules
  for (const IncidentRow& row : log.incidents) {
    if (row.kind != IncidentKind::kInfrastructure) continue;
    const std::string name = infrastructure_kind_name(row.infrastructure);
    switch (row.infrastructure) {
      case InfrastructureKind::kDetected:
      case InfrastructureKind::kContained:
        markers.push_back({{"time", run.start_ms + row.time * 1000.0}, {"marker", name}});
        break;
      case InfrastructureKind::kInfected:
      case InfrastructureKind::kEncrypted:
      case InfrastructureKind::kRestored:
        times[name].push_back(run.start_ms + row.time * 1000.0);
        break;
      default:
        break;
    }
  }
  if (times.empty()) return std::nullopt;
  json values = json::array();
  for (const auto& [kind, label] : kinds) {
    auto found = times.find(kind);
    if (found == times.end()) continue;
    std::vector<double> list = found->second;
    std::sort(list.begin(), list.end());
    values.push_back({{"time", run.start_ms}, {"kind", label}, {"hosts", 0}});
    for (std::size_t i = 0; i < list.size(); ++i) {
      values.push_back({{"time", list[i]}, {"kind", label}, {"hosts", static_cast<double>(i + 1)}});
    }
    values.push_back({{"time", run.end_ms}, {"kind", label}, {"hosts", static_cast<double>(list.size())}});
  }
  Chart chart;
  chart.id = "chart-attack";
  chart.title = "Attack: infection and restoration";
  chart.caption =
      "Hosts infected, encrypted and restored so far (from the infected / encrypted / restored rows of "
      "events.csv). The gap between encrypted and restored is what the restoration team still has to "
      "rebuild.";
  json spec = base_spec();
  spec["width"] = 600;
  spec["height"] = 180;
  for (const json& marker : markers) values.push_back(marker);
  spec["data"] = {{"values", values}};
  json line;
  line["transform"] = {{{"filter", "isValid(datum.hosts)"}}};
  line["mark"] = {{"type", "line"}, {"interpolate", "step-after"}, {"strokeWidth", 2}};
  line["encoding"] = {
      {"x", time_encoding()},
      {"y", {{"field", "hosts"}, {"type", "quantitative"}, {"title", "hosts"}}},
      {"color",
       {{"field", "kind"},
        {"type", "nominal"},
        {"title", nullptr},
        {"scale",
         {{"domain", {"infected", "encrypted", "restored"}}, {"range", {"#f2b233", "#c62828", "#2e7d32"}}}},
        {"legend", {{"orient", "top"}}}}},
      {"tooltip",
       {{{"field", "time"},
         {"type", "temporal"},
         {"timeUnit", "utcyearmonthdatehoursminutes"},
         {"title", "time"}},
        {{"field", "kind"}},
        {{"field", "hosts"}, {"type", "quantitative"}}}}};
  spec["layer"] = json::array({line});
  if (!markers.empty()) {
    chart.caption += " Dashed lines: the attack was detected / contained.";
    const json filter = {{{"filter", "isValid(datum.marker)"}}};
    spec["layer"].push_back({{"transform", filter},
                             {"mark", {{"type", "rule"}, {"strokeDash", {4, 3}}, {"color", "#555555"}}},
                             {"encoding", {{"x", time_encoding()}}}});
    spec["layer"].push_back(
        {{"transform", filter},
         {"mark",
          {{"type", "text"}, {"align", "left"}, {"dx", 3}, {"y", 6}, {"fontSize", 10}, {"color", "#555555"}}},
         {"encoding", {{"x", time_encoding()}, {"text", {{"field", "marker"}}}}}});
  }
  chart.spec = std::move(spec);
  return chart;
}

}  // namespace hospsim::html
