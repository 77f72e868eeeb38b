#include "hospsim/run.h"

#include "run/child_io.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

namespace hospsim {

namespace {

// Exit statuses of a simulation child.
constexpr int kChildOk = 0;
constexpr int kChildFailed = 3;

nlohmann::json to_json(const SimulationOutput& output) {
  return {{"metrics", output.metrics},
          {"it", output.it},
          {"calibration", output.calibration},
          {"timeline_csv", output.timeline_csv},
          {"incidents_csv", output.incidents_csv},
          {"diversions", output.diversions},
          {"events", output.events},
          {"wall_seconds", output.wall_seconds},
          {"simulated_seconds", output.simulated_seconds},
          {"it_requests", output.it_requests},
          {"peak_rss_kb", output.peak_rss_kb},
          {"cpu_seconds", output.cpu_seconds}};
}

SimulationOutput from_json(const nlohmann::json& json) {
  SimulationOutput output;
  output.metrics = json.at("metrics");
  output.it = json.at("it");
  output.calibration = json.value("calibration", nlohmann::json::object());
  output.timeline_csv = json.at("timeline_csv").get<std::string>();
  output.incidents_csv = json.at("incidents_csv").get<std::string>();
  output.diversions = json.value("diversions", nlohmann::json::array());
  output.events = json.at("events").get<std::uint64_t>();
  output.wall_seconds = json.at("wall_seconds").get<double>();
  output.simulated_seconds = json.at("simulated_seconds").get<double>();
  output.it_requests = json.value("it_requests", std::uint64_t{0});
  output.peak_rss_kb = json.value("peak_rss_kb", std::uint64_t{0});
  output.cpu_seconds = json.value("cpu_seconds", 0.0);
  return output;
}

struct Child {
  pid_t pid = -1;
  std::FILE* channel = nullptr;  // anonymous temporary file the child writes its result to
};

Result<Child> spawn(const SimulationRequest& request, double time_limit) {
  Child child;
  child.channel = std::tmpfile();
  if (child.channel == nullptr) return Status::internal(std::string("cannot create a temporary file: ") +
                                                        std::strerror(errno));
  std::fflush(nullptr);
  spdlog::default_logger()->flush();
  const pid_t parent = getpid();
  child.pid = fork();
  if (child.pid < 0) {
    std::fclose(child.channel);
    return Status::internal(std::string("fork failed: ") + std::strerror(errno));
  }
  if (child.pid == 0) {
    die_with_parent(parent);
    if (time_limit > 0) alarm(static_cast<unsigned>(time_limit + 0.999));
    Result<SimulationOutput> result = simulate_here(request);
    nlohmann::json message;
    if (result.is_ok()) {
      message = {{"ok", to_json(result.value())}};
    } else {
      message = {{"error", result.status().message()}};
    }
    write_all(fileno(child.channel), nlohmann::json::to_cbor(message));
    std::fflush(nullptr);
    _exit(result.is_ok() ? kChildOk : kChildFailed);
  }
  return child;
}

std::string describe_wait_status(int status) {
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    if (signal == SIGALRM) return "exceeded its time limit and was stopped";
    return std::string("was killed by signal ") + std::to_string(signal) + " (" + strsignal(signal) + ")";
  }
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  return "ended abnormally";
}

Result<SimulationOutput> collect(Child child, const std::string& label) {
  int status = 0;
  while (waitpid(child.pid, &status, 0) < 0) {
    if (errno != EINTR) {
      std::fclose(child.channel);
      return Status::internal("waitpid failed: " + std::string(std::strerror(errno)));
    }
  }
  const std::string bytes = read_all(child.channel);
  std::fclose(child.channel);

  const bool clean_exit = WIFEXITED(status) && (WEXITSTATUS(status) == kChildOk || WEXITSTATUS(status) == kChildFailed);
  if (!clean_exit || bytes.empty()) {
    return Status::internal("the " + label + " simulation process " + describe_wait_status(status) +
                            " without a result");
  }
  nlohmann::json message = nlohmann::json::from_cbor(bytes, true, false);
  if (message.is_discarded()) return Status::internal("the " + label + " simulation wrote an unreadable result");
  if (message.contains("error")) {
    return Status::internal("the " + label + " simulation failed: " + message["error"].get<std::string>());
  }
  return from_json(message.at("ok"));
}

}  // namespace

Result<SimulationOutput> simulate_in_child(const SimulationRequest& request, double time_limit) {
  Result<Child> child = spawn(request, time_limit);
  if (!child.is_ok()) return child.status();
  return collect(child.value(), request.label);
}

Scenario baseline_of(const Scenario& scenario) {
  Scenario baseline = scenario;
  baseline.injections.clear();
  return baseline;
}

Result<PairedOutput> run_with_baseline(const Scenario& scenario, std::uint64_t seed, bool with_baseline,
                                       bool parallel) {
  const Scenario baseline = baseline_of(scenario);
  SimulationRequest run_request{&scenario, seed, "scenario"};
  SimulationRequest baseline_request{&baseline, seed, "baseline"};

  PairedOutput output;
  if (!with_baseline) {
    Result<SimulationOutput> run = simulate_in_child(run_request);
    if (!run.is_ok()) return run.status();
    output.run = std::move(run.value());
    return output;
  }
  if (parallel) {
    Result<Child> run_child = spawn(run_request, 0.0);
    if (!run_child.is_ok()) return run_child.status();
    Result<Child> baseline_child = spawn(baseline_request, 0.0);
    if (!baseline_child.is_ok()) {
      Result<SimulationOutput> ignored = collect(run_child.value(), "scenario");
      return baseline_child.status();
    }
    Result<SimulationOutput> run = collect(run_child.value(), "scenario");
    Result<SimulationOutput> base = collect(baseline_child.value(), "baseline");
    if (!run.is_ok()) return run.status();
    if (!base.is_ok()) return base.status();
    output.run = std::move(run.value());
    output.baseline = std::move(base.value());
    return output;
  }
  Result<SimulationOutput> run = simulate_in_child(run_request);
  if (!run.is_ok()) return run.status();
  Result<SimulationOutput> base = simulate_in_child(baseline_request);
  if (!base.is_ok()) return base.status();
  output.run = std::move(run.value());
  output.baseline = std::move(base.value());
  return output;
}

}  // namespace hospsim
