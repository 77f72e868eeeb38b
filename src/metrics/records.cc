#include "metrics/records.h"

#include <cmath>

#include <fmt/format.h>

#include "metrics/csv.h"

namespace hospsim {

namespace {

constexpr double kMinute = 60.0;

std::string minutes(double seconds) { return format_number(seconds / kMinute); }

}  // namespace

void RecordCollector::on(const EdArrival& event) {
  EdPatient patient;
  patient.hospital = event.hospital;
  patient.arrival = event.time;
  patient.arrived = true;
  patient.mode = event.mode == ArrivalMode::kAmbulance ? "ambulance" : "walk_in";
  patient.acuity = event.acuity;
  patient.diverted_from = event.diverted_from;
  patient.from_outpatient = event.from_outpatient;
  in_ed_[{patient.hospital, patient.acuity}].emplace(event.time, patients_.size());
  patients_.push_back(std::move(patient));
}

void RecordCollector::on(const EdDeparture& event) {
  const double arrival = event.time - event.length_of_stay;
  std::size_t index = patients_.size();
  auto found_group = in_ed_.find({event.hospital, event.acuity});
  if (found_group != in_ed_.end()) {
    // The patient who arrived at `arrival` (up to the rounding of time - length of stay).
    std::multimap<double, std::size_t>& waiting = found_group->second;
    const double tolerance = 1e-6 * std::max(1.0, std::fabs(arrival));
    auto it = waiting.lower_bound(arrival - tolerance);
    if (it != waiting.end() && it->first <= arrival + tolerance) {
      index = it->second;
      waiting.erase(it);
    }
  }
  if (index == patients_.size()) {  // in the ED since the warm-up: no arrival event
    EdPatient patient;
    patient.hospital = event.hospital;
    patient.arrival = arrival;
    patient.acuity = event.acuity;
    patients_.push_back(std::move(patient));
  }
  EdPatient& patient = patients_[index];
  patient.departed = true;
  patient.outcome = event.outcome;
  patient.departure = event.time;
  patient.wait = event.wait;
  patient.length_of_stay = event.length_of_stay;
  patient.boarding = event.boarding;
}

void RecordCollector::on(const SurgeryEvent& event) {
  if (event.emergency) return;
  surgery_rows_ += fmt::format("{},{},{},{},{},{},{},{}\n", csv_field(event.hospital), event.case_id,
                               surgery_event_name(event.kind), format_number(event.time),
                               event.planned_start >= 0.0 ? format_number(event.planned_start) : "",
                               event.is_rebooked_case ? 1 : 0,
                               event.cause == CancellationCause::kNone ? "" : cancellation_cause_name(event.cause),
                               csv_field(event.reason));
}

void RecordCollector::on(const OutpatientEvent& event) {
  if (event.kind == OutpatientEventKind::kScheduled) return;
  outpatient_rows_ += fmt::format("{},{},{},{}\n", csv_field(event.hospital), format_number(event.time),
                                  event.kind == OutpatientEventKind::kAttended ? "attended" : "cancelled",
                                  event.went_to_ed ? 1 : 0);
}

RunRecords RecordCollector::records() const {
  RunRecords out;
  out.ed_csv =
      "patient,hospital,arrival_s,mode,acuity,diverted_from,from_outpatient,treatment_start_s,departure_s,"
      "outcome,wait_min,length_of_stay_min,boarding_min\n";
  for (std::size_t i = 0; i < patients_.size(); ++i) {
    const EdPatient& p = patients_[i];
    const bool treated = p.departed && p.outcome != EdOutcome::kLeftWithoutBeingSeen;
    out.ed_csv += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{},{}\n", i + 1, csv_field(p.hospital), format_number(p.arrival),
        p.mode, p.acuity, csv_field(p.diverted_from), p.arrived ? (p.from_outpatient ? "1" : "0") : "",
        treated ? format_number(p.arrival + p.wait) : "", p.departed ? format_number(p.departure) : "",
        p.departed ? ed_outcome_name(p.outcome) : "in_ed", p.departed ? minutes(p.wait) : "",
        p.departed ? minutes(p.length_of_stay) : "", p.departed ? minutes(p.boarding) : "");
  }
  out.surgery_csv = "hospital,case,event,time_s,planned_start_s,rebooked_case,cause,reason\n" + surgery_rows_;
  out.outpatient_csv = "hospital,time_s,outcome,went_to_ed\n" + outpatient_rows_;
  return out;
}

}  // namespace hospsim
