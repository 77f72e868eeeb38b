// Patient-level records of one run (`hospsim run --records DIR`, docs/cli.md): what happened to each ED
// patient, each elective case and each outpatient visit, taken from the model's events (the model emits,
// this collector listens), so a user can check a mechanism by hand or compute their own measures.
//
// ed.csv: one row per ED patient: patient (1-based, in order of arrival), hospital, arrival_s, mode
//   (walk_in, ambulance), acuity, diverted_from (the nearest hospital an ambulance was diverted from, or
//   that told a walk-in to come here; "" otherwise), from_outpatient (1: a cancelled outpatient who came to
//   the ED instead), treatment_start_s (empty for LWBS or when still waiting), departure_s, outcome
//   (discharged, admitted, transferred, lwbs: left without being seen, or in_ed: still there at the
//   horizon), wait_min, length_of_stay_min, boarding_min. A patient of the warm-up (in the ED at t = 0) has
//   no arrival event: arrival_s is then negative (departure - length of stay), and mode, from_outpatient and
//   diverted_from are empty. A departure is matched to the patient of the same hospital and acuity who
//   arrived at departure - length_of_stay (patients that alike are interchangeable).
// surgery.csv: one row per event of an elective case: hospital, case (stable within the hospital across
//   rebookings), event (scheduled, started, performed, cancelled, rebooked, ...), time_s, planned_start_s
//   (empty when not on a list), rebooked_case (1: the case had been cancelled before), cause (of a
//   cancellation: downtime, session_time, no_bed; "" otherwise), reason.
// outpatient.csv: one row per visit that took place or was cancelled: hospital, time_s, outcome (attended,
//   cancelled), went_to_ed (1: the cancelled patient presented to an ED instead).
// Times are simulated seconds since `start`, as the shortest text that reads back to the same double, so
// the files are byte-identical run to run. Rows are in event order.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "hospsim/events.h"
#include "hospsim/scenario.h"

namespace hospsim {

struct RunRecords {
  std::string ed_csv;          // with its header line
  std::string surgery_csv;
  std::string outpatient_csv;
};

class RecordCollector : public Observer {
 public:
  void on(const EdArrival& event) override;
  void on(const EdDeparture& event) override;
  void on(const SurgeryEvent& event) override;
  void on(const OutpatientEvent& event) override;

  // The three files (REQUIRES: the run ended).
  RunRecords records() const;

 private:
  struct EdPatient {
    std::string hospital;
    double arrival = 0.0;
    bool arrived = false;  // an arrival event was seen (false: a warm-up patient)
    std::string mode;
    int acuity = 0;
    std::string diverted_from;
    bool from_outpatient = false;
    bool departed = false;
    EdOutcome outcome = EdOutcome::kDischarged;
    double departure = 0.0;
    double wait = 0.0;
    double length_of_stay = 0.0;
    double boarding = 0.0;
  };
  std::vector<EdPatient> patients_;
  // Patients in the ED by (hospital, acuity): arrival time -> indices into patients_.
  std::map<std::pair<std::string, int>, std::multimap<double, std::size_t>> in_ed_;
  std::string surgery_rows_;
  std::string outpatient_rows_;
};

}  // namespace hospsim
