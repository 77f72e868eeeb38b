#include "report/run_files.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "metrics/calibration.h"
#include "metrics/metric_table.h"
#include "report/html_page.h"
#include "scenario/files.h"
#include "scenario/json_document.h"

namespace hospsim {

namespace {

using html::civil_ms;
using nlohmann::json;

// A run's files are read whole; a national run's timeline is a few hundred MB.
constexpr std::size_t kMaxRunFileBytes = std::size_t{4} << 30;

// An integer from 0 to 2^64 - 1 (a seed, a count of events), however the parser stored it.
bool is_natural(const json& value) {
  return value.is_number_unsigned() || (value.is_number_integer() && value.get<std::int64_t>() >= 0);
}

// The shape of summary.json the report reads: every member it uses has the type `hospsim run` writes, so
// rendering never meets a surprise. Problems name the file, line:column and pointer, in the order of the
// sections below (identity, hospitals, metrics, calibration, flows, IT).
class SummaryCheck {
 public:
  SummaryCheck(const JsonDocument& document, const std::string& path) : document_(document), path_(path) {}

  Status check(const json& summary) {
    if (!summary.is_object() || summary.value("format", json()) != "hospsim-summary/1") {
      problem("", "not a hospsim summary (format hospsim-summary/1)");
      return Status::from_problems(std::move(problems_));
    }
    scenario_identity(summary);
    hospital_names(summary);
    metric_tables(summary);
    calibration_figures(summary);
    diversion_flows(summary);
    it_services(summary);
    model_events(summary);
    if (!problems_.empty()) return Status::from_problems(std::move(problems_));
    return Status::ok();
  }

 private:
  void problem(const std::string& pointer, const std::string& message) {
    const TextPosition at = document_.position_of(pointer);
    problems_.push_back(Problem{path_, at.line, at.column, pointer, message});
  }

  // parent[key] when it is an object; nullptr (and a problem unless it is absent and not `required`)
  // otherwise.
  const json* object_at(const json& parent, const std::string& pointer, const char* key, bool required) {
    if (!parent.contains(key)) {
      if (required) problem(pointer, std::string("missing required key \"") + key + "\"");
      return nullptr;
    }
    if (!parent.at(key).is_object()) {
      problem(pointer + "/" + key, "must be an object");
      return nullptr;
    }
    return &parent.at(key);
  }

  // A value of metric `name` that is a number: an integer when the metric table makes it a count (the
  // values read back, report/run_files.h summary_metrics()).
  void count_value(const json& value, const std::string& name, const std::string& pointer) {
    const MetricInfo* metric = find_metric(name);
    if (metric == nullptr || metric->kind != MetricKind::kCount) return;
    if (!value.is_number_integer() ||
        (value.is_number_unsigned() && value.get<std::uint64_t>() > std::uint64_t{INT64_MAX})) {
      problem(pointer, "must be an integer or null: " + name + " is a count");
    }
  }

  // A metric is a number, null or {value, baseline, delta, delta_pct} of numbers or nulls; the value and
  // baseline of a count are integers.
  void metric_values(const json& metrics, const std::string& pointer) {
    for (const auto& [name, entry] : metrics.items()) {
      const std::string at = pointer + "/" + escape_pointer_token(name);
      if (entry.is_null()) continue;
      if (entry.is_number()) {
        count_value(entry, name, at);
        continue;
      }
      if (!entry.is_object()) {
        problem(at, "must be a number or an object of numbers");
        continue;
      }
      for (const auto& [field, value] : entry.items()) {
        if (!value.is_number() && !value.is_null()) {
          problem(at + "/" + escape_pointer_token(field), "must be a number or null");
        } else if (value.is_number() && (field == "value" || field == "baseline")) {
          count_value(value, name, at + "/" + field);
        }
      }
    }
  }

  // /scenario: start, horizon_hours, seed, name, strategy, deterministic, injections.
  void scenario_identity(const json& summary) {
    if (const json* identity = object_at(summary, "", "scenario", true)) {
      if (!identity->contains("seed") || !is_natural(identity->at("seed"))) {
        problem("/scenario/seed", "must be a seed (an integer from 0 to 2^64-1)");
      }
      if (identity->contains("deterministic") && !identity->at("deterministic").is_boolean()) {
        problem("/scenario/deterministic", "must be true or false");
      }
      if (identity->contains("injections") && identity->at("injections").is_array()) {
        const json& injections = identity->at("injections");
        for (std::size_t i = 0; i < injections.size(); ++i) {
          if (!injections[i].is_string())
            problem("/scenario/injections/" + std::to_string(i), "must be a string");
        }
      }
      if (!identity->contains("start") || !identity->at("start").is_string() ||
          !civil_ms(identity->at("start").get<std::string>())) {
        problem("/scenario/start", "must be a datetime such as \"2025-03-13T09:30\"");
      }
      if (!identity->contains("horizon_hours") || !identity->at("horizon_hours").is_number() ||
          !(identity->at("horizon_hours").get<double>() >= 0) ||
          identity->at("horizon_hours").get<double>() > 1e6) {
        problem("/scenario/horizon_hours", "must be a non-negative number of hours");
      }
      for (const char* key : {"name", "strategy"}) {
        if (identity->contains(key) && !identity->at(key).is_string()) {
          problem(std::string("/scenario/") + key, "must be a string");
        }
      }
      if (identity->contains("injections") && !identity->at("injections").is_array()) {
        problem("/scenario/injections", "must be an array");
      }
    }
  }

  // /baseline and /hospitals.
  void hospital_names(const json& summary) {
    if (summary.contains("baseline") && !summary.at("baseline").is_boolean()) {
      problem("/baseline", "must be true or false");
    }
    if (const json* hospitals = object_at(summary, "", "hospitals", false)) {
      for (const auto& [id, entry] : hospitals->items()) {
        const std::string at = "/hospitals/" + escape_pointer_token(id);
        if (!entry.is_object()) {
          problem(at, "must be an object");
        } else {
          for (const char* key : {"name", "region"}) {
            if (entry.contains(key) && !entry.at(key).is_string())
              problem(at + "/" + key, "must be a string");
          }
        }
      }
    }
  }

  // The region and each hospital of `section` (at `pointer`: "/metrics", "/calibration"), each read by
  // `read(place, pointer)`; a hospital's entry that is not an object is a problem ("must be an object of
  // <what>").
  template <typename Read>
  void places(const json& section, const std::string& pointer, const char* what, Read read) {
    if (const json* region = object_at(section, pointer, "region", false)) read(*region, pointer + "/region");
    if (const json* hospitals = object_at(section, pointer, "hospitals", false)) {
      for (const auto& [id, entry] : hospitals->items()) {
        const std::string at = pointer + "/hospitals/" + escape_pointer_token(id);
        if (!entry.is_object()) {
          problem(at, std::string("must be an object of ") + what);
        } else {
          read(entry, at);
        }
      }
    }
  }

  void metric_tables(const json& summary) {
    if (const json* metrics = object_at(summary, "", "metrics", true)) {
      places(*metrics, "/metrics", "metrics",
             [this](const json& place, const std::string& pointer) { metric_values(place, pointer); });
    }
  }

  // /calibration (absent: no calibration table): "describes" and the figures of the region and each
  // hospital, numbers or null.
  void calibration_figures(const json& summary) {
    const json* view = object_at(summary, "", "calibration", false);
    if (view == nullptr) return;
    if (view->contains("describes") && view->at("describes") != "baseline" &&
        view->at("describes") != "run") {
      problem("/calibration/describes", "must be \"baseline\" or \"run\"");
    }
    const auto figures = [&](const json& place, const std::string& pointer) {
      for (const auto& [name, value] : place.items()) {
        if (!value.is_number() && !value.is_null())
          problem(pointer + "/" + escape_pointer_token(name), "must be a number or null");
      }
    };
    places(*view, "/calibration", "figures", figures);
  }

  // /diversions and /baseline_diversions (absent or not an array: no flow chart).
  void diversion_flows(const json& summary) {
    for (const char* key : {"diversions", "baseline_diversions"}) {
      if (!summary.contains(key)) continue;  // absent (an older hospsim): no flow chart
      const json& flows = summary.at(key);
      if (!flows.is_array()) {
        problem(std::string("/") + key, "must be an array of flows");
        continue;
      }
      for (std::size_t i = 0; i < flows.size(); ++i) {
        const std::string at = std::string("/") + key + "/" + std::to_string(i);
        if (!flows[i].is_object()) {
          problem(at, "must be an object");
          continue;
        }
        const json& flow = flows[i];
        for (const char* field : {"from", "to", "ambulances", "walk_ins_advised", "extra_travel_hours"}) {
          const std::string here = at + "/" + field;
          if (!flow.contains(field)) {
            problem(at, std::string("missing required key \"") + field + "\"");
            continue;
          }
          const json& value = flow.at(field);
          const std::string_view name(field);
          if (name == "from" || name == "to") {
            if (!value.is_string()) problem(here, "must be a string");
          } else if (name == "ambulances" || name == "walk_ins_advised") {
            if (!is_natural(value) || value.get<std::uint64_t>() > std::uint64_t{INT64_MAX}) {
              problem(here, "must be a count (an integer from 0)");
            }
          } else if (!value.is_number()) {
            problem(here, "must be a number");
          }
        }
      }
    }
  }

  // /model_events: a count.
  void model_events(const json& summary) {
    if (summary.contains("model_events") && !is_natural(summary.at("model_events"))) {
      problem("/model_events", "must be a count (an integer from 0)");
    }
  }

  void it_services(const json& summary) {
    if (const json* it = object_at(summary, "", "it", false)) {
      for (const auto& [hospital, services] : it->items()) {
        const std::string at = "/it/" + escape_pointer_token(hospital);
        if (!services.is_object()) {
          problem(at, "must be an object of services");
          continue;
        }
        for (const auto& [service, entry] : services.items()) {
          const std::string here = at + "/" + escape_pointer_token(service);
          if (!entry.is_object()) {
            problem(here, "must be an object");
            continue;
          }
          for (const auto& [name, value] : entry.items()) {
            const std::string at = here + "/" + escape_pointer_token(name);
            if (name == "availability_pct" && !value.is_number()) {
              problem(at, "must be a number");
            } else if (value.is_number()) {
              count_value(value, name, at);
            } else if (!value.is_null()) {
              problem(at, "must be a number or null");
            }
          }
        }
      }
    }
  }

  const JsonDocument& document_;
  const std::string& path_;
  std::vector<Problem> problems_;
};

// A checked value of metric `id` (SummaryCheck): none for null or anything but a number.
std::optional<MetricNumber> number_of(const json& value, MetricId id) {
  if (!value.is_number()) return std::nullopt;
  if (metric_info(id).kind == MetricKind::kCount) return value.get<std::int64_t>();
  return value.get<double>();
}

// The conditions of the conditional metrics seen in a record being read.
void note_condition(RunMetrics& metrics, MetricCondition condition) {
  switch (condition) {
    case MetricCondition::kAlways:
      break;
    case MetricCondition::kMutualAid:
      metrics.mutual_aid = true;
      break;
    case MetricCondition::kTestTurnaround:
      metrics.test_turnaround = true;
      break;
    case MetricCondition::kRansomware:
      metrics.ransomware = true;
      break;
  }
}

// One place of summary.json's metrics or it section into `values` (and the paired baselines into
// `baseline_values`, when given).
void read_place(const json& place, RunMetrics& run, MetricRecord& values, RunMetrics* baseline,
                MetricRecord* baseline_values) {
  if (!place.is_object()) return;
  for (const auto& [name, entry] : place.items()) {
    const MetricInfo* metric = find_metric(name);
    if (metric == nullptr) continue;
    note_condition(run, metric->condition);
    if (!entry.is_object()) {
      values.put(metric->id, number_of(entry, metric->id));
      continue;
    }
    values.put(metric->id, number_of(entry.value("value", json()), metric->id));
    if (baseline_values == nullptr) continue;
    const std::optional<MetricNumber> base = number_of(entry.value("baseline", json()), metric->id);
    if (base) note_condition(*baseline, metric->condition);
    baseline_values->put(metric->id, base);
  }
}

}  // namespace

PairedRunMetrics summary_metrics(const json& summary) {
  PairedRunMetrics out;
  const bool paired = summary.contains("baseline") && summary.at("baseline").is_boolean() &&
                      summary.at("baseline").get<bool>();
  RunMetrics baseline;
  std::map<std::string, HospitalMetrics> hospitals;
  std::map<std::string, HospitalMetrics> baseline_hospitals;
  const json none = json::object();
  const json& metrics = summary.contains("metrics") ? summary.at("metrics") : none;
  if (metrics.is_object() && metrics.contains("region")) {
    read_place(metrics.at("region"), out.run, out.run.region, &baseline, paired ? &baseline.region : nullptr);
  }
  if (metrics.is_object() && metrics.contains("hospitals") && metrics.at("hospitals").is_object()) {
    for (const auto& [id, entry] : metrics.at("hospitals").items()) {
      HospitalMetrics& hospital = hospitals[id];
      hospital.hospital = id;
      HospitalMetrics& base = baseline_hospitals[id];
      base.hospital = id;
      read_place(entry, out.run, hospital.values, &baseline, paired ? &base.values : nullptr);
    }
  }
  if (summary.contains("it") && summary.at("it").is_object()) {
    for (const auto& [id, services] : summary.at("it").items()) {
      HospitalMetrics& hospital = hospitals[id];
      hospital.hospital = id;
      if (!services.is_object()) continue;
      for (const auto& [service, entry] : services.items()) {
        ServiceMetrics read{service, {}};
        read_place(entry, out.run, read.values, nullptr, nullptr);
        hospital.services.push_back(std::move(read));
      }
    }
  }
  for (auto& [id, hospital] : hospitals) out.run.hospitals.push_back(std::move(hospital));
  if (paired) {
    for (auto& [id, hospital] : baseline_hospitals) baseline.hospitals.push_back(std::move(hospital));
    out.baseline = std::move(baseline);
  }
  return out;
}

namespace {

// The figures of one place of summary.json's calibration view.
CalibrationFigures figures_of(const json& place) {
  CalibrationFigures figures;
  if (!place.is_object()) return figures;
  for (const auto& [name, value] : place.items()) {
    const CalibrationFigureInfo* info = find_calibration_figure(name);
    if (info != nullptr && value.is_number()) figures.put(info->id, value.get<double>());
  }
  return figures;
}

CalibrationView calibration_of(const json& view) {
  CalibrationView out;
  out.of_baseline = view.value("describes", json()) == "baseline";
  if (view.contains("region")) out.figures.region = figures_of(view.at("region"));
  if (view.contains("hospitals") && view.at("hospitals").is_object()) {
    for (const auto& [id, entry] : view.at("hospitals").items())
      out.figures.hospitals.push_back({id, figures_of(entry)});
  }
  return out;
}

std::vector<DiversionFlow> flows_of(const json& flows) {
  std::vector<DiversionFlow> out;
  for (const json& flow : flows) {
    if (!flow.is_object()) continue;
    out.push_back({flow.value("from", std::string()), flow.value("to", std::string()),
                   flow.value("ambulances", std::int64_t{0}), flow.value("walk_ins_advised", std::int64_t{0}),
                   flow.value("extra_travel_hours", 0.0)});
  }
  return out;
}

}  // namespace

RunSummary summary_of(const json& summary) {
  RunSummary out;
  const json none = json::object();
  const json& identity =
      summary.contains("scenario") && summary.at("scenario").is_object() ? summary.at("scenario") : none;
  out.name = identity.value("name", std::string("scenario"));
  out.strategy = identity.value("strategy", std::string());
  out.seed = identity.contains("seed") && is_natural(identity.at("seed"))
                 ? identity.at("seed").get<std::uint64_t>()
                 : 0;
  out.start = identity.value("start", std::string());
  out.horizon_hours = identity.contains("horizon_hours") && identity.at("horizon_hours").is_number()
                          ? identity.at("horizon_hours").get<double>()
                          : 0.0;
  out.deterministic = identity.value("deterministic", false);
  if (identity.contains("injections") && identity.at("injections").is_array()) {
    for (const json& id : identity.at("injections")) {
      if (id.is_string()) out.injections.push_back(id.get<std::string>());
    }
  }
  if (summary.contains("hospitals") && summary.at("hospitals").is_object()) {
    for (const auto& [id, entry] : summary.at("hospitals").items()) {
      SummaryHospital hospital{id, "", ""};
      if (entry.is_object()) {
        hospital.name = entry.value("name", std::string());
        hospital.region = entry.value("region", std::string());
      }
      out.hospitals.push_back(std::move(hospital));
    }
  }
  out.metrics = summary_metrics(summary);
  if (summary.contains("calibration") && summary.at("calibration").is_object()) {
    out.calibration = calibration_of(summary.at("calibration"));
  }
  if (summary.contains("diversions") && summary.at("diversions").is_array()) {
    out.diversions = flows_of(summary.at("diversions"));
  }
  if (summary.contains("baseline_diversions") && summary.at("baseline_diversions").is_array()) {
    out.baseline_diversions = flows_of(summary.at("baseline_diversions"));
  }
  if (summary.contains("model_events") && is_natural(summary.at("model_events"))) {
    out.model_events = summary.at("model_events").get<std::uint64_t>();
  }
  return out;
}

Result<RunFiles> read_run_files(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(directory, error)) return Status::not_found(directory + ": no such run directory");
  const fs::path dir(directory);
  auto read = [&dir, &directory](const char* name) -> Result<std::string> {
    const std::string path = (dir / name).string();
    std::error_code missing;
    if (!fs::exists(path, missing)) {
      return Status::not_found(path + ": missing (is " + directory +
                               " the --out directory of `hospsim run`?)");
    }
    return read_input_file(path, kMaxRunFileBytes, std::string("the ") + name + " of `hospsim run`");
  };
  Result<std::string> summary_text = read("summary.json");
  if (!summary_text.is_ok()) return summary_text.status();
  Result<std::string> timeline = read("timeline.csv");
  if (!timeline.is_ok()) return timeline.status();
  Result<std::string> events = read("events.csv");
  if (!events.is_ok()) return events.status();
  return parse_run_files(std::move(summary_text.value()), std::move(timeline.value()),
                         std::move(events.value()), (dir / "summary.json").string());
}

Result<RunFiles> parse_run_files(std::string summary_text, std::string timeline_csv, std::string events_csv,
                                 const std::string& summary_path) {
  Result<JsonDocument> parsed = parse_json_document(summary_text, summary_path, "a run summary");
  if (!parsed.is_ok()) return parsed.status();
  // `hospsim run` never writes a key twice; a summary.json that has one was edited, and which value the
  // report should show is not known.
  if (!parsed->duplicate_keys.empty()) return Status::from_problems(parsed->duplicate_keys);
  if (Status valid = SummaryCheck(parsed.value(), summary_path).check(parsed->root); !valid.is_ok())
    return valid;
  RunFiles files;
  try {
    files.summary = summary_of(parsed->root);
  } catch (const json::exception& error) {  // not expected: the check above covers every member read
    return Status::invalid_argument(summary_path + ": a member has an unexpected type (" + error.what() +
                                    ")");
  }
  files.timeline_csv = std::move(timeline_csv);
  files.events_csv = std::move(events_csv);
  return files;
}

namespace {

// The subdirectories of `directory` holding a summary.json, "none" first, then in name order.
std::vector<std::string> strategy_subdirectories(const std::string& directory) {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    std::error_code ignored;
    if (it->is_directory(ignored) && fs::is_regular_file(it->path() / "summary.json", ignored)) {
      names.push_back(it->path().filename().string());
    }
  }
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    if ((a == "none") != (b == "none")) return a == "none";
    return a < b;
  });
  return names;
}

}  // namespace

bool is_strategy_directory(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(directory, error) || fs::exists(fs::path(directory) / "summary.json", error))
    return false;
  return !strategy_subdirectories(directory).empty();
}

Result<std::vector<std::pair<std::string, RunFiles>>> read_strategy_summaries(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(directory, error)) return Status::not_found(directory + ": no such run directory");
  const std::vector<std::string> names = strategy_subdirectories(directory);
  if (names.empty()) {
    return Status::not_found(directory +
                             ": no strategy subdirectories with a summary.json (is it the --out directory of "
                             "`hospsim run --strategy all`?)");
  }
  std::vector<std::pair<std::string, RunFiles>> summaries;
  std::string first_path;
  for (const std::string& name : names) {
    const std::string path = (fs::path(directory) / name / "summary.json").string();
    Result<std::string> text = read_input_file(path, kMaxRunFileBytes, "the summary.json of `hospsim run`");
    if (!text.is_ok()) return text.status();
    Result<RunFiles> files = parse_run_files(std::move(text.value()), "", "", path);
    if (!files.is_ok()) return files.status();
    const RunSummary& summary = files->summary;
    if (!summaries.empty()) {
      const RunSummary& first = summaries.front().second.summary;
      if (summary.name != first.name || summary.seed != first.seed) {
        return Status::invalid_argument(fmt::format(
            "{}: scenario {} seed {} differs from {} (scenario {} seed {}): not one --strategy all run", path,
            json(summary.name).dump(), summary.seed, first_path, json(first.name).dump(), first.seed));
      }
    } else {
      first_path = path;
    }
    summaries.emplace_back(name, std::move(files.value()));
  }
  return summaries;
}

}  // namespace hospsim
