#include "clinical/clinical_model.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <queue>
#include <string>
#include <vector>

#include "hospsim/random.h"

namespace hospsim {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
// Guards the deterministic counters against floor(n * share) landing just below an integer.
constexpr double kShareEpsilon = 1e-9;
// A cancelled outpatient who presents to an ED does so this long after the visit's scheduled time.
constexpr Seconds kOutpatientToEdDelay = 2 * kHour;
// A clinic checks its patients in with logistics in batches: at most one request per this interval.
constexpr Seconds kClinicRequestInterval = 15 * kMinute;
// Relative likelihood of admission by acuity 1..5 (scaled so the mix's overall share is admit_share).
constexpr std::array<double, kAcuityLevels> kAdmitWeights{3.0, 2.2, 1.3, 0.5, 0.1};
constexpr double kEarthRadiusKm = 6371.0;
// Offered load of background admissions relative to the target occupancy (see init_beds).
constexpr double kBackgroundOfferedLoad = 1.25;

enum class EventType : std::uint8_t {
  kStart,                // t = 0: announce the initial bed occupancy
  kEdArrival,            // the next generated arrival of hospital's ED (its own stream)
  kEdPresent,            // patient `a` presents at hospital (after diversion travel or from a clinic)
  kPatienceEnd,          // patient `a` gives up waiting if still waiting
  kTreatmentEnd,         // patient `a` finishes treatment
  kBedDischarge,         // an inpatient leaves a bed of hospital
  kBackgroundAdmission,  // a non-ED, non-elective admission request
  kSurgeryDay,           // elective session start of the day
  kCaseStart,            // theatre `a` starts its next case
  kCaseEnd,              // theatre `a` finished case `b`
  kRebook,               // cancelled case `a` enters the catch-up queue
  kEmergencyEnd,         // an emergency theatre finished case `a` (index in emergency_cases)
  kClinicOpen,           // outpatient clinic opens
  kVisit,                // the next outpatient visit of the day
};

struct Event {
  Seconds time;
  std::uint64_t seq;
  EventType type;
  std::uint32_t hospital;
  std::uint32_t a;
  std::uint32_t b;
};

struct EventLater {
  bool operator()(const Event& x, const Event& y) const {
    if (x.time != y.time) return x.time > y.time;
    return x.seq > y.seq;
  }
};

enum class PatientState : std::uint8_t { kTravelling, kWaiting, kTreatment, kBoarding, kGone };

struct Patient {
  std::uint32_t hospital = 0;  // where the patient presents (after any diversion)
  std::uint32_t diverted_from = kNone;
  int acuity = 3;
  ArrivalMode mode = ArrivalMode::kWalkIn;
  bool from_outpatient = false;
  bool admit = false;
  bool emergency_surgery = false;
  Seconds treatment = 0;  // before time effects
  Seconds patience = kInfinity;
  Seconds length_of_stay = 0;  // inpatient stay if admitted
  Seconds emergency_case = 0;  // before time effects
  double advice_draw = 0;      // uniform for public advice
  Seconds arrival = 0;
  Seconds treatment_start = 0;
  Seconds treatment_end = 0;
  PatientState state = PatientState::kGone;
  int pending_events = 0;  // scheduled events that refer to this patient
};

struct ElectiveCase {
  std::uint64_t id = 0;
  Seconds duration = 0;  // before time effects
  bool inpatient = false;
  Seconds length_of_stay = 0;
  bool rebooked = false;
};

struct EmergencyCase {
  std::uint64_t id = 0;
  Seconds duration = 0;
};

struct Theatre {
  std::vector<std::uint32_t> list;  // indexes into cases, today's list
  std::size_t next = 0;
  bool busy = false;
};

struct Visit {
  Seconds time = 0;
  bool to_ed_draw = false;  // random mode: this visit's patient would go to an ED if cancelled
};

// Effects of one service on one activity at one hospital (only services the hospital uses, non-neutral).
struct ServiceEffect {
  std::uint32_t slot;  // index of the service in HospitalState::services
  Effect effect;
};

struct Condition {
  double capacity = 1.0;       // product of capacity factors of DOWN services
  double time = 1.0;           // product of time factors (DOWN) and 1/recovery_capacity (RECOVERING)
  bool capacity_down = false;  // a service with capacity < 1 is DOWN
};

// Deterministic share counter: the n-th trial is a success iff floor(n*share) > floor((n-1)*share).
bool counter_hit(std::uint64_t& n, double share) {
  ++n;
  return std::floor(n * share + kShareEpsilon) > std::floor((n - 1) * share + kShareEpsilon);
}

// Largest-remainder rotation: the category most owed (n*share - count), ties to the lowest index.
template <std::size_t N>
int rotate(std::array<std::uint64_t, N>& counts, std::uint64_t& n, const std::array<double, N>& shares) {
  ++n;
  int best = -1;
  double best_owed = -kInfinity;
  for (std::size_t i = 0; i < N; ++i) {
    if (shares[i] <= 0) continue;
    const double owed = n * shares[i] - static_cast<double>(counts[i]);
    if (owed > best_owed + kShareEpsilon) {
      best_owed = owed;
      best = static_cast<int>(i);
    }
  }
  if (best < 0) best = 0;
  ++counts[best];
  return best;
}

double lognormal_mean(const MedianP90& m) {
  if (m.p90 <= m.median) return m.median;
  const double sigma = std::log(m.p90 / m.median) / kNormalQuantile90;
  return m.median * std::exp(0.5 * sigma * sigma);
}

// Normalises a profile to mean 1; an all-zero (or negative-sum) profile becomes flat.
template <std::size_t N>
std::array<double, N> normalised(const std::array<double, N>& profile) {
  double sum = 0;
  for (double v : profile) sum += v;
  std::array<double, N> out;
  for (std::size_t i = 0; i < N; ++i) out[i] = sum > 0 ? profile[i] * N / sum : 1.0;
  return out;
}

double great_circle_km(const Location& a, const Location& b) {
  const double to_rad = M_PI / 180.0;
  const double dlat = (b.lat - a.lat) * to_rad;
  const double dlon = (b.lon - a.lon) * to_rad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(a.lat * to_rad) *
                                                                 std::cos(b.lat * to_rad) *
                                                                 std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

struct HospitalState {
  const Hospital* config = nullptr;
  const std::string* id = nullptr;
  double recovery_time_factor = 1.0;  // 1 / recovery_capacity

  // Effects by activity (index = Activity).
  std::array<std::vector<ServiceEffect>, kActivityCount> effects;
  // Services with an ed_treatment or admission effect of capacity < 1 (diversion and public advice).
  std::vector<std::uint32_t> downtime_services;  // slots
  // The services the hospital uses, and their state as last read from the ServiceView during the
  // advance_to() call numbered state_epoch[slot] (states cannot change within one call).
  std::vector<const std::string*> services;
  mutable std::vector<ServiceState> state_cache;
  mutable std::vector<std::uint64_t> state_epoch;
  std::vector<const std::string*> triage_requests;     // EHR and logistics services used
  std::vector<const std::string*> logistics_requests;  // logistics services used
  std::vector<const std::string*> lab_requests;        // lab services used

  // ED
  bool has_ed = false;
  std::array<double, 24 * 7> arrival_rate{};  // per second, by weekday*24 + hour
  RandomStream arrivals_stream{0, ""};
  RandomStream patients_stream{0, ""};
  RandomStream outpatient_ed_stream{0, ""};
  std::array<double, kAcuityLevels> admit_probability{};
  std::array<std::deque<std::uint32_t>, kAcuityLevels> queues;
  int waiting = 0;
  int busy = 0;  // spaces held (treatment or boarding)
  std::deque<std::uint32_t> boarders;
  bool on_diversion = false;
  std::vector<std::pair<double, std::uint32_t>> nearest_eds;  // (road km, hospital) sorted, others only
  // Deterministic counters.
  std::uint64_t det_patients = 0;
  std::array<std::uint64_t, kAcuityLevels> det_acuity_counts{};
  std::uint64_t det_ambulance = 0;
  std::array<std::uint64_t, kAcuityLevels> det_admit{};
  std::uint64_t det_emergency = 0;
  std::uint64_t det_advice = 0;
  std::array<std::uint64_t, 3> det_advice_counts{};
  std::uint64_t det_outpatient_ed_patients = 0;
  std::array<std::uint64_t, 2> det_outpatient_acuity{};

  // Beds
  int bed_count = 0;
  int bed_target = 0;
  int occupied = 0;
  RandomStream beds_stream{0, ""};
  Seconds background_interval = 0;  // mean time between background admissions

  // Surgery
  RandomStream cases_stream{0, ""};
  std::vector<ElectiveCase> cases;
  std::deque<std::uint32_t> catchup_queue;
  std::vector<Theatre> theatres;
  bool cancel_day_active = false;
  std::uint64_t reduced_counter = 0;
  std::uint64_t det_inpatient = 0;
  std::uint64_t next_case_id = 1;
  std::vector<EmergencyCase> emergency_cases;
  std::deque<std::uint32_t> emergency_queue;
  int emergency_busy = 0;

  // Outpatient
  RandomStream outpatient_stream{0, ""};
  std::vector<Visit> visits;
  std::size_t next_visit = 0;
  std::uint64_t outpatient_reduced_counter = 0;
  std::uint64_t det_outpatient_to_ed = 0;
  Seconds next_clinic_request = 0;  // the clinic's next check-in request to logistics is due from then
};

}  // namespace

struct ClinicalModel::Impl {
  const Scenario& scenario;
  ServiceView& view;
  EventBus& bus;
  ClinicalOptions options;
  bool deterministic;
  Seconds horizon;
  const Policies& policies;

  std::vector<HospitalState> hospitals;
  std::priority_queue<Event, std::vector<Event>, EventLater> calendar;
  std::uint64_t next_seq = 0;
  std::uint64_t processed = 0;
  std::uint64_t epoch = 0;  // number of advance_to() calls so far (state cache validity)
  Seconds now = 0;
  std::vector<Patient> patients;
  std::vector<std::uint32_t> free_patients;

  const std::string empty;
  const std::string reason_cancel_case = "cancel_case: services down";
  const std::string reason_cancel_day = "cancel_day: services down";
  const std::string reason_cancel_day_continues = "cancel_day: services still down";
  const std::string reason_reduced = "reduced: capacity";
  const std::string reason_session = "session time exhausted";
  const std::string reason_downtime = "downtime";
  const std::string reason_occupancy = "occupancy";
  const std::string reason_cleared = "cleared";

  Impl(const Scenario& s, ServiceView& v, EventBus& b, std::uint64_t seed, ClinicalOptions o)
      : scenario(s),
        view(v),
        bus(b),
        options(o),
        deterministic(s.deterministic),
        horizon(s.horizon),
        policies(s.policies) {
    build(seed);
  }

  // ----- calendar -------------------------------------------------------------------------------------

  void schedule(Seconds time, EventType type, std::uint32_t hospital, std::uint32_t a = 0,
                std::uint32_t b = 0) {
    if (!(time < horizon)) return;
    calendar.push(Event{time, next_seq++, type, hospital, a, b});
  }

  void schedule_patient(Seconds time, EventType type, std::uint32_t patient) {
    if (!(time < horizon)) return;
    ++patients[patient].pending_events;
    calendar.push(Event{time, next_seq++, type, patients[patient].hospital, patient, 0});
  }

  std::uint32_t new_patient() {
    if (!free_patients.empty()) {
      const std::uint32_t index = free_patients.back();
      free_patients.pop_back();
      patients[index] = Patient{};
      return index;
    }
    patients.emplace_back();
    return static_cast<std::uint32_t>(patients.size() - 1);
  }

  void release_if_done(std::uint32_t index) {
    const Patient& p = patients[index];
    if (p.state == PatientState::kGone && p.pending_events == 0) free_patients.push_back(index);
  }

  // ----- construction ---------------------------------------------------------------------------------

  void build(std::uint64_t seed) {
    hospitals.resize(scenario.hospitals.size());
    std::uint32_t index = 0;
    for (const auto& [id, config] : scenario.hospitals) {
      HospitalState& h = hospitals[index++];
      h.config = &config;
      h.id = &id;
      h.recovery_time_factor =
          config.downtime.recovery_capacity > 0 ? 1.0 / config.downtime.recovery_capacity : 1.0;
      for (const std::string& service_id : config.uses) {
        const std::string* service = &service_id;
        const auto slot = static_cast<std::uint32_t>(h.services.size());
        h.services.push_back(service);
        h.state_cache.push_back(ServiceState::kUp);
        h.state_epoch.push_back(std::numeric_limits<std::uint64_t>::max());
        bool downtime_service = false;
        for (int a = 0; a < kActivityCount; ++a) {
          const Effect e = scenario.effect(config, service_id, static_cast<Activity>(a));
          if (e.capacity == 1.0 && e.time == 1.0) continue;
          h.effects[a].push_back(ServiceEffect{slot, e});
          if (e.capacity < 1.0 && (static_cast<Activity>(a) == Activity::kEdTreatment ||
                                   static_cast<Activity>(a) == Activity::kAdmission)) {
            downtime_service = true;
          }
        }
        if (downtime_service) h.downtime_services.push_back(slot);
        auto found = scenario.services.find(service_id);
        const std::string kind = found != scenario.services.end() ? found->second.kind : std::string();
        if (kind == "ehr" || kind == "logistics") h.triage_requests.push_back(service);
        if (kind == "logistics") h.logistics_requests.push_back(service);
        if (kind == "lab") h.lab_requests.push_back(service);
      }
      h.arrivals_stream = RandomStream(seed, "ed/" + id + "/arrivals");
      h.patients_stream = RandomStream(seed, "ed/" + id + "/patients");
      h.outpatient_ed_stream = RandomStream(seed, "outpatient/" + id + "/ed");
      h.beds_stream = RandomStream(seed, "beds/" + id);
      h.cases_stream = RandomStream(seed, "surgery/" + id + "/cases");
      h.outpatient_stream = RandomStream(seed, "outpatient/" + id);

      h.has_ed = config.has_ed && config.ed.arrivals_per_day >= 0;
      if (config.has_ed) {
        const EdConfig& ed = config.ed;
        const auto hourly = normalised(ed.hourly_profile);
        const auto weekday = normalised(ed.weekday_profile);
        for (int d = 0; d < 7; ++d) {
          for (int hour = 0; hour < 24; ++hour) {
            h.arrival_rate[d * 24 + hour] = ed.arrivals_per_day / kDay * hourly[hour] * weekday[d];
          }
        }
        double mix = 0;
        for (int a = 0; a < kAcuityLevels; ++a) mix += ed.acuity_shares[a] * kAdmitWeights[a];
        for (int a = 0; a < kAcuityLevels; ++a) {
          h.admit_probability[a] = mix > 0 ? std::min(1.0, ed.admit_share * kAdmitWeights[a] / mix) : 0.0;
        }
      }
      h.theatres.resize(std::max(0, config.surgery.theatres));
    }
    // Nearest EDs by road distance.
    for (std::uint32_t i = 0; i < hospitals.size(); ++i) {
      for (std::uint32_t j = 0; j < hospitals.size(); ++j) {
        if (i == j || !hospitals[j].has_ed) continue;
        const double km = great_circle_km(hospitals[i].config->location, hospitals[j].config->location) *
                          policies.road_factor;
        hospitals[i].nearest_eds.emplace_back(km, j);
      }
      std::sort(hospitals[i].nearest_eds.begin(), hospitals[i].nearest_eds.end());
    }

    schedule(0.0, EventType::kStart, 0);
    for (std::uint32_t i = 0; i < hospitals.size(); ++i) {
      HospitalState& h = hospitals[i];
      init_beds(i);
      if (h.has_ed) {
        const double mass = deterministic ? 0.5 : h.arrivals_stream.exponential(1.0);
        schedule(arrival_after(h, 0.0, mass), EventType::kEdArrival, i);
      }
      const SurgeryConfig& surgery = h.config->surgery;
      if (!h.theatres.empty()) schedule(next_time_of_day(0.0, surgery.day_start), EventType::kSurgeryDay, i);
      bool has_visits = false;
      for (int v : h.config->outpatient.visits_per_weekday) has_visits = has_visits || v > 0;
      if (has_visits) schedule(next_time_of_day(0.0, h.config->outpatient.open), EventType::kClinicOpen, i);
    }
  }

  // The first time >= t whose local time of day is `time_of_day`.
  Seconds next_time_of_day(Seconds t, Seconds time_of_day) const {
    Seconds candidate = t - scenario.time_of_day(t) + time_of_day;
    if (candidate < t) candidate += kDay;
    return candidate;
  }

  void init_beds(std::uint32_t i) {
    HospitalState& h = hospitals[i];
    const BedsConfig& beds = h.config->beds;
    if (beds.count <= 0) return;
    h.bed_count = beds.count;
    h.bed_target = static_cast<int>(std::lround(beds.count * beds.occupancy));
    h.bed_target = std::clamp(h.bed_target, 0, beds.count);
    h.occupied = h.bed_target;
    if (h.bed_target == 0) return;
    const double median = beds.los_days.median * kDay;
    const double mean = (deterministic ? beds.los_days.median : lognormal_mean(beds.los_days)) * kDay;
    // Background admissions are offered at kBackgroundOfferedLoad times the rate that keeps `target` beds
    // busy and are turned away at the target, so occupancy stays close below it (random mode only: the
    // deterministic schedule refills each bed exactly).
    h.background_interval = mean / h.bed_target / (deterministic ? 1.0 : kBackgroundOfferedLoad);
    for (int k = 1; k <= h.bed_target; ++k) {
      Seconds residual;
      if (deterministic) {
        residual = median * (k - 0.5) / h.bed_target;
      } else {
        // Equilibrium residual stay: a uniform fraction of a length-biased stay. The length-biased version
        // of a lognormal(mu, sigma) is lognormal(mu + sigma^2, sigma).
        const double sigma =
            std::log(std::max(1.0, beds.los_days.p90 / beds.los_days.median)) / kNormalQuantile90;
        const double shift = std::exp(sigma * sigma);
        const MedianP90 biased{beds.los_days.median * shift,
                               std::max(beds.los_days.p90, beds.los_days.median) * shift};
        residual = draw_los(h.beds_stream, biased) * h.beds_stream.uniform_open0();
      }
      schedule(residual, EventType::kBedDischarge, i);
    }
    const Seconds first =
        deterministic ? h.background_interval : h.beds_stream.exponential(h.background_interval);
    schedule(first, EventType::kBackgroundAdmission, i);
  }

  Seconds draw_los(RandomStream& stream, const MedianP90& los_days) {
    if (deterministic) return los_days.median * kDay;
    return stream.lognormal(los_days.median, std::max(los_days.p90, los_days.median)) * kDay;
  }

  // The time at which the cumulative arrival intensity from t reaches `mass`, or +inf (none before horizon).
  Seconds arrival_after(const HospitalState& h, Seconds t, double mass) const {
    if (mass <= 0) return t;
    while (t < horizon) {
      // The hour is read a microsecond after t, so that a t a rounding error short of an hour boundary
      // belongs to the next hour (segments are then never empty).
      const Seconds probe = t + 1e-6;
      const Seconds tod = scenario.time_of_day(probe);
      const int hour = std::min(23, static_cast<int>(tod / kHour));
      const double rate = h.arrival_rate[scenario.weekday_at(probe) * 24 + hour];
      const Seconds segment = probe - tod + (hour + 1) * kHour - t;
      if (rate * segment >= mass) return t + mass / rate;
      mass -= rate * segment;
      t += segment;
    }
    return kInfinity;
  }

  // ----- IT view --------------------------------------------------------------------------------------

  // The state of the hospital's service `slot`, read from the view once per advance_to() call.
  ServiceState state_of(const HospitalState& h, std::uint32_t slot) const {
    if (h.state_epoch[slot] != epoch) {
      h.state_cache[slot] = view.state(*h.id, *h.services[slot]);
      h.state_epoch[slot] = epoch;
    }
    return h.state_cache[slot];
  }

  Condition condition(const HospitalState& h, Activity activity) const {
    Condition c;
    for (const ServiceEffect& entry : h.effects[static_cast<int>(activity)]) {
      const ServiceState state = state_of(h, entry.slot);
      if (state == ServiceState::kDown) {
        c.capacity *= entry.effect.capacity;
        c.time *= entry.effect.time;
        if (entry.effect.capacity < 1.0) c.capacity_down = true;
      } else if (state == ServiceState::kRecovering) {
        c.time *= h.recovery_time_factor;
      }
    }
    return c;
  }

  // A service with an ed_treatment or admission effect of capacity < 1 is DOWN (diversion, public advice).
  bool in_downtime(const HospitalState& h) const {
    for (std::uint32_t slot : h.downtime_services) {
      if (state_of(h, slot) == ServiceState::kDown) return true;
    }
    return false;
  }

  void request_all(const HospitalState& h, const std::vector<const std::string*>& services) {
    for (const std::string* service : services) view.request(*h.id, *service);
  }

  // Re-evaluates and returns whether hospital i is on ambulance diversion; emits DiversionChanged on change.
  bool update_diversion(std::uint32_t i) {
    HospitalState& h = hospitals[i];
    if (!h.has_ed) return false;
    const std::string* reason = &reason_cleared;
    bool on = false;
    if (policies.divert_on_downtime && in_downtime(h)) {
      on = true;
      reason = &reason_downtime;
    } else if (policies.divert_occupancy <= 1.0 && h.config->ed.treatment_spaces > 0 &&
               static_cast<double>(h.busy) / h.config->ed.treatment_spaces >= policies.divert_occupancy) {
      on = true;
      reason = &reason_occupancy;
    }
    if (on != h.on_diversion) {
      h.on_diversion = on;
      bus.emit(DiversionChanged{now, *h.id, on, *reason});
    }
    return on;
  }

  // The nearest other ED not on diversion, or kNone.
  std::uint32_t nearest_open_ed(std::uint32_t i, double* road_km) {
    for (const auto& [km, j] : hospitals[i].nearest_eds) {
      if (!update_diversion(j)) {
        *road_km = km;
        return j;
      }
    }
    return kNone;
  }

  Seconds travel_time(double road_km) const {
    return policies.ambulance_speed_kmh > 0 ? road_km / policies.ambulance_speed_kmh * kHour : 0.0;
  }

  // ----- ED ---------------------------------------------------------------------------------------------

  // Draws every attribute of a new ED patient of hospital i (fixed number of draws per patient).
  std::uint32_t generate_patient(std::uint32_t i) {
    HospitalState& h = hospitals[i];
    const EdConfig& ed = h.config->ed;
    const std::uint32_t index = new_patient();
    Patient& p = patients[index];
    p.hospital = i;
    p.arrival = now;
    if (deterministic) {
      p.acuity = rotate(h.det_acuity_counts, h.det_patients, ed.acuity_shares) + 1;
      p.mode =
          counter_hit(h.det_ambulance, ed.ambulance_share) ? ArrivalMode::kAmbulance : ArrivalMode::kWalkIn;
      p.treatment = ed.treatment_minutes.median * ed.treatment_factor[p.acuity - 1] * kMinute;
      p.patience = ed.patience_minutes * kMinute;
      p.admit = counter_hit(h.det_admit[p.acuity - 1], h.admit_probability[p.acuity - 1]);
      p.length_of_stay = h.config->beds.los_days.median * kDay;
      p.emergency_surgery = p.admit && counter_hit(h.det_emergency, h.config->surgery.emergency_share);
      p.emergency_case = h.config->surgery.emergency_case_minutes.median * kMinute;
      p.advice_draw = 0;
    } else {
      RandomStream& r = h.patients_stream;
      p.acuity = r.categorical(ed.acuity_shares.data(), kAcuityLevels) + 1;
      p.mode = r.uniform() < ed.ambulance_share ? ArrivalMode::kAmbulance : ArrivalMode::kWalkIn;
      const double median = ed.treatment_minutes.median * ed.treatment_factor[p.acuity - 1];
      if (options.exponential_treatment) {
        p.treatment = r.exponential(median) * kMinute;
      } else {
        const double p90 = ed.treatment_minutes.p90 * ed.treatment_factor[p.acuity - 1];
        p.treatment = r.lognormal(median, std::max(p90, median)) * kMinute;
      }
      p.patience = r.exponential(ed.patience_minutes) * kMinute;
      p.admit = r.uniform() < h.admit_probability[p.acuity - 1];
      p.length_of_stay = r.lognormal(h.config->beds.los_days.median,
                                     std::max(h.config->beds.los_days.p90, h.config->beds.los_days.median)) *
                         kDay;
      const bool emergency = r.uniform() < h.config->surgery.emergency_share;
      p.emergency_surgery = p.admit && emergency;
      const MedianP90& ec = h.config->surgery.emergency_case_minutes;
      p.emergency_case = r.lognormal(ec.median, std::max(ec.p90, ec.median)) * kMinute;
      p.advice_draw = r.uniform();
    }
    if (p.acuity <= 3) p.patience = kInfinity;
    p.state = PatientState::kTravelling;
    return index;
  }

  void on_ed_arrival(std::uint32_t i) {
    HospitalState& h = hospitals[i];
    // Schedule the next arrival first (the arrival stream never depends on anything else).
    const double mass = deterministic ? 1.0 : h.arrivals_stream.exponential(1.0);
    schedule(arrival_after(h, now, mass), EventType::kEdArrival, i);

    const std::uint32_t index = generate_patient(i);
    Patient& p = patients[index];
    if (p.mode == ArrivalMode::kAmbulance) {
      if (update_diversion(i)) {
        double km = 0;
        const std::uint32_t target = nearest_open_ed(i, &km);
        if (target != kNone) {
          const Seconds extra = travel_time(km);
          bus.emit(AmbulanceDiverted{now, *h.id, *hospitals[target].id, km, extra});
          p.hospital = target;
          p.diverted_from = i;
          send(index, now + extra);
          return;
        }
      }
    } else if ((policies.walk_in_elsewhere_share > 0 || policies.walk_in_stay_home_share > 0) &&
               in_downtime(h)) {
      int choice;  // 0 elsewhere, 1 stay home, 2 come anyway
      if (deterministic) {
        const double stay = policies.walk_in_stay_home_share;
        const double elsewhere = policies.walk_in_elsewhere_share;
        choice = rotate(h.det_advice_counts, h.det_advice,
                        std::array<double, 3>{elsewhere, stay, std::max(0.0, 1.0 - elsewhere - stay)});
      } else {
        choice = p.advice_draw < policies.walk_in_elsewhere_share                                      ? 0
                 : p.advice_draw < policies.walk_in_elsewhere_share + policies.walk_in_stay_home_share ? 1
                                                                                                       : 2;
      }
      if (choice == 1) {
        bus.emit(WalkInAdvised{now, *h.id, empty});
        p.state = PatientState::kGone;
        release_if_done(index);
        return;
      }
      if (choice == 0) {
        double km = 0;
        const std::uint32_t target = nearest_open_ed(i, &km);
        if (target != kNone) {
          bus.emit(WalkInAdvised{now, *h.id, *hospitals[target].id});
          p.hospital = target;
          p.diverted_from = i;
          send(index, now + travel_time(km));
          return;
        }
      }
    }
    present(index);
  }

  // The patient travels to p.hospital and presents at `time` (now if time == now).
  void send(std::uint32_t index, Seconds time) {
    if (time <= now) {
      present(index);
      return;
    }
    schedule_patient(time, EventType::kEdPresent, index);
    if (patients[index].pending_events == 0) {  // beyond the horizon
      patients[index].state = PatientState::kGone;
      release_if_done(index);
    }
  }

  void present(std::uint32_t index) {
    Patient& p = patients[index];
    const std::uint32_t i = p.hospital;
    HospitalState& h = hospitals[i];
    p.arrival = now;
    p.state = PatientState::kWaiting;
    bus.emit(EdArrival{now, *h.id, p.acuity, p.mode,
                       p.diverted_from == kNone ? empty : *hospitals[p.diverted_from].id, p.from_outpatient});
    request_all(h, h.triage_requests);
    h.queues[p.acuity - 1].push_back(index);
    ++h.waiting;
    if (p.patience < kInfinity) schedule_patient(now + p.patience, EventType::kPatienceEnd, index);
    admit_boarders(i);
    start_treatments(i);
    update_diversion(i);
  }

  int usable_spaces(const HospitalState& h) const {
    const int spaces = h.config->ed.treatment_spaces;
    const Condition c = condition(h, Activity::kEdTreatment);
    if (c.capacity >= 1.0) return spaces;
    if (c.capacity <= 0.0) return 0;
    return std::max(1, static_cast<int>(std::floor(spaces * c.capacity + kShareEpsilon)));
  }

  std::uint32_t pop_next_waiting(HospitalState& h) {
    for (auto& queue : h.queues) {
      while (!queue.empty()) {
        const std::uint32_t index = queue.front();
        queue.pop_front();
        if (patients[index].state == PatientState::kWaiting) return index;
      }
    }
    return kNone;
  }

  void start_treatments(std::uint32_t i) {
    HospitalState& h = hospitals[i];
    if (h.waiting == 0) return;
    const int usable = usable_spaces(h);
    if (h.busy >= usable) return;
    const Condition c = condition(h, Activity::kEdTreatment);
    while (h.busy < usable && h.waiting > 0) {
      const std::uint32_t index = pop_next_waiting(h);
      if (index == kNone) break;
      Patient& p = patients[index];
      --h.waiting;
      ++h.busy;
      p.state = PatientState::kTreatment;
      p.treatment_start = now;
      bus.emit(EdTreatmentStarted{now, *h.id, p.acuity, now - p.arrival});
      request_all(h, h.lab_requests);
      p.treatment_end = now + p.treatment * c.time;
      schedule_patient(p.treatment_end, EventType::kTreatmentEnd, index);
    }
  }

  void on_patience_end(std::uint32_t index) {
    Patient& p = patients[index];
    --p.pending_events;
    if (p.state == PatientState::kWaiting) {
      HospitalState& h = hospitals[p.hospital];
      p.state = PatientState::kGone;
      --h.waiting;
      const Seconds waited = now - p.arrival;
      bus.emit(EdDeparture{now, *h.id, p.acuity, EdOutcome::kLeftWithoutBeingSeen, waited, waited, 0.0});
    }
    release_if_done(index);
  }

  void on_treatment_end(std::uint32_t index) {
    Patient& p = patients[index];
    --p.pending_events;
    const std::uint32_t i = p.hospital;
    HospitalState& h = hospitals[i];
    if (p.admit) {
      request_all(h, h.logistics_requests);
      p.state = PatientState::kBoarding;
      h.boarders.push_back(index);
      admit_boarders(i);
    } else {
      depart(index, EdOutcome::kDischarged);
    }
    start_treatments(i);
    update_diversion(i);
  }

  void depart(std::uint32_t index, EdOutcome outcome) {
    Patient& p = patients[index];
    HospitalState& h = hospitals[p.hospital];
    --h.busy;
    p.state = PatientState::kGone;
    const Seconds boarding = outcome == EdOutcome::kAdmitted ? now - p.treatment_end : 0.0;
    bus.emit(
        EdDeparture{now, *h.id, p.acuity, outcome, p.treatment_start - p.arrival, now - p.arrival, boarding});
    release_if_done(index);
  }

  // ----- beds -------------------------------------------------------------------------------------------

  int usable_beds(const HospitalState& h) const {
    const Condition c = condition(h, Activity::kAdmission);
    if (c.capacity >= 1.0) return h.bed_count;
    return static_cast<int>(std::floor(h.bed_count * c.capacity + kShareEpsilon));
  }

  void set_occupied(std::uint32_t i, int occupied) {
    HospitalState& h = hospitals[i];
    h.occupied = occupied;
    bus.emit(BedOccupancy{now, *h.id, h.occupied, h.bed_count});
  }

  // Gives free beds to boarding ED patients, first come first served.
  void admit_boarders(std::uint32_t i) {
    HospitalState& h = hospitals[i];
    while (!h.boarders.empty()) {
      if (h.bed_count > 0 && h.occupied >= usable_beds(h)) return;
      const std::uint32_t index = h.boarders.front();
      h.boarders.pop_front();
      Patient& p = patients[index];
      if (h.bed_count > 0) {
        set_occupied(i, h.occupied + 1);
        schedule(now + p.length_of_stay, EventType::kBedDischarge, i);
      }
      if (p.emergency_surgery) start_emergency_case(i, p.emergency_case);
      depart(index, EdOutcome::kAdmitted);
    }
  }

  void on_bed_discharge(std::uint32_t i) {
    set_occupied(i, hospitals[i].occupied - 1);
    if (!hospitals[i].has_ed) return;
    admit_boarders(i);
    start_treatments(i);
    update_diversion(i);
  }

  void on_background_admission(std::uint32_t i) {
    HospitalState& h = hospitals[i];
    const Seconds next =
        deterministic ? h.background_interval : h.beds_stream.exponential(h.background_interval);
    const Seconds los = draw_los(h.beds_stream, h.config->beds.los_days);
    schedule(now + next, EventType::kBackgroundAdmission, i);
    if (h.boarders.empty() && h.occupied < h.bed_target && h.occupied < usable_beds(h)) {
      set_occupied(i, h.occupied + 1);
      schedule(now + los, EventType::kBedDischarge, i);
    }
  }

  // An elective inpatient or other patient takes a bed if one is usable (else cared for outside the model).
  void take_bed_if_free(std::uint32_t i, Seconds los) {
    HospitalState& h = hospitals[i];
    if (h.bed_count <= 0 || h.occupied >= usable_beds(h)) return;
    set_occupied(i, h.occupied + 1);
    schedule(now + los, EventType::kBedDischarge, i);
  }

  // ----- emergency surgery ------------------------------------------------------------------------------

  void start_emergency_case(std::uint32_t i, Seconds duration) {
    HospitalState& h = hospitals[i];
    const std::uint32_t index = static_cast<std::uint32_t>(h.emergency_cases.size());
    h.emergency_cases.push_back(EmergencyCase{h.next_case_id++, duration});
    bus.emit(SurgeryEvent{now, *h.id, SurgeryEventKind::kScheduled, h.emergency_cases[index].id, false, true,
                          empty});
    h.emergency_queue.push_back(index);
    start_emergency_cases(i);
  }

  void start_emergency_cases(std::uint32_t i) {
    HospitalState& h = hospitals[i];
    const int theatres = h.config->surgery.emergency_theatres;
    while (!h.emergency_queue.empty() && (theatres <= 0 || h.emergency_busy < theatres)) {
      const std::uint32_t index = h.emergency_queue.front();
      h.emergency_queue.pop_front();
      ++h.emergency_busy;
      request_all(h, h.logistics_requests);
      const Condition c = condition(h, Activity::kEmergencySurgery);
      schedule(now + h.emergency_cases[index].duration * c.time, EventType::kEmergencyEnd, i, index);
    }
  }

  void on_emergency_end(std::uint32_t i, std::uint32_t index) {
    HospitalState& h = hospitals[i];
    --h.emergency_busy;
    bus.emit(SurgeryEvent{now, *h.id, SurgeryEventKind::kPerformed, h.emergency_cases[index].id, false, true,
                          empty});
    start_emergency_cases(i);
  }

  // ----- elective surgery -------------------------------------------------------------------------------

  void on_surgery_day(std::uint32_t i) {
    HospitalState& h = hospitals[i];
    const SurgeryConfig& surgery = h.config->surgery;
    schedule(now + kDay, EventType::kSurgeryDay, i);
    const int weekday = scenario.weekday_at(now);
    const int normal = std::max(0, surgery.elective_per_weekday[weekday]);
    if (normal == 0) return;
    const int catchup = policies.catchup_share > 0
                            ? static_cast<int>(std::ceil(policies.catchup_share * normal - kShareEpsilon))
                            : 0;

    std::vector<std::uint32_t> today;
    today.reserve(normal + catchup);
    for (int k = 0; k < normal; ++k) {
      ElectiveCase c;
      c.id = h.next_case_id++;
      if (deterministic) {
        c.duration = surgery.case_minutes.median * kMinute;
        c.inpatient = counter_hit(h.det_inpatient, surgery.inpatient_share);
        c.length_of_stay = h.config->beds.los_days.median * kDay;
      } else {
        RandomStream& r = h.cases_stream;
        c.duration = r.lognormal(surgery.case_minutes.median,
                                 std::max(surgery.case_minutes.p90, surgery.case_minutes.median)) *
                     kMinute;
        c.inpatient = r.uniform() < surgery.inpatient_share;
        c.length_of_stay = draw_los(r, h.config->beds.los_days);
      }
      h.cases.push_back(c);
      today.push_back(static_cast<std::uint32_t>(h.cases.size() - 1));
    }
    for (int k = 0; k < catchup && !h.catchup_queue.empty(); ++k) {
      today.push_back(h.catchup_queue.front());
      h.catchup_queue.pop_front();
    }
    for (std::uint32_t c : today) {
      bus.emit(SurgeryEvent{now, *h.id, SurgeryEventKind::kScheduled, h.cases[c].id, h.cases[c].rebooked,
                            false, empty});
    }
    for (Theatre& theatre : h.theatres) {
      theatre.list.clear();
      theatre.next = 0;
    }
    for (std::size_t k = 0; k < today.size(); ++k) h.theatres[k % h.theatres.size()].list.push_back(today[k]);

    if (h.cancel_day_active) {
      if (condition(h, Activity::kElectiveSurgery).capacity_down) {
        cancel_rest_of_day(i, reason_cancel_day_continues);
        return;
      }
      h.cancel_day_active = false;
    }
    for (std::uint32_t t = 0; t < h.theatres.size(); ++t) {
      if (!h.theatres[t].list.empty()) schedule(now, EventType::kCaseStart, i, t);
    }
  }

  void cancel_case(std::uint32_t i, std::uint32_t c, const std::string& reason,
                   CancellationCause cause = CancellationCause::kDowntime) {
    HospitalState& h = hospitals[i];
    ElectiveCase& ec = h.cases[c];
    bus.emit(SurgeryEvent{now, *h.id, SurgeryEventKind::kCancelled, ec.id, ec.rebooked, false, reason, cause});
    schedule(now + policies.rebook_after, EventType::kRebook, i, c);
  }

  void cancel_rest_of_day(std::uint32_t i, const std::string& reason) {
    HospitalState& h = hospitals[i];
    for (Theatre& theatre : h.theatres) {
      while (theatre.next < theatre.list.size()) cancel_case(i, theatre.list[theatre.next++], reason);
    }
  }

  void on_case_start(std::uint32_t i, std::uint32_t t) {
    HospitalState& h = hospitals[i];
    const SurgeryConfig& surgery = h.config->surgery;
    Theatre& theatre = h.theatres[t];
    const Seconds day_end = now - scenario.time_of_day(now) + surgery.day_end;
    while (theatre.next < theatre.list.size()) {
      const std::uint32_t c = theatre.list[theatre.next++];
      request_all(h, h.logistics_requests);
      const Condition cond = condition(h, Activity::kElectiveSurgery);
      if (cond.capacity_down) {
        if (policies.elective == ElectivePolicy::kCancelDay) {
          h.cancel_day_active = true;
          cancel_case(i, c, reason_cancel_day);
          cancel_rest_of_day(i, reason_cancel_day);
          return;
        }
        const bool proceed =
            policies.elective == ElectivePolicy::kReduced && counter_hit(h.reduced_counter, cond.capacity);
        if (!proceed) {
          // The cancelled case's slot stays empty: the theatre's next case starts when it would have ended.
          cancel_case(i, c,
                      policies.elective == ElectivePolicy::kCancelCase ? reason_cancel_case : reason_reduced);
          schedule(now + h.cases[c].duration, EventType::kCaseStart, i, t);
          return;
        }
      }
      const Seconds duration = h.cases[c].duration * cond.time;
      // The theatre team cannot know the drawn duration: it starts a case when the planned (median) duration
      // fits in what is left of the session; the case may then overrun the session end.
      const Seconds planned = surgery.case_minutes.median * kMinute * cond.time;
      if (now + planned > day_end) {  // would not finish within the session as planned: not started
        cancel_case(i, c, reason_session, CancellationCause::kSessionTime);
        continue;
      }
      theatre.busy = true;
      schedule(now + duration, EventType::kCaseEnd, i, t, c);
      return;
    }
  }

  void on_case_end(std::uint32_t i, std::uint32_t t, std::uint32_t c) {
    HospitalState& h = hospitals[i];
    h.theatres[t].busy = false;
    const ElectiveCase& ec = h.cases[c];
    bus.emit(SurgeryEvent{now, *h.id, SurgeryEventKind::kPerformed, ec.id, ec.rebooked, false, empty});
    if (ec.inpatient) take_bed_if_free(i, ec.length_of_stay);
    on_case_start(i, t);
  }

  void on_rebook(std::uint32_t i, std::uint32_t c) {
    HospitalState& h = hospitals[i];
    ElectiveCase& ec = h.cases[c];
    ec.rebooked = true;
    bus.emit(SurgeryEvent{now, *h.id, SurgeryEventKind::kRebooked, ec.id, true, false, empty});
    h.catchup_queue.push_back(c);
  }

  // ----- outpatient clinics -----------------------------------------------------------------------------

  void on_clinic_open(std::uint32_t i) {
    HospitalState& h = hospitals[i];
    const OutpatientConfig& clinic = h.config->outpatient;
    schedule(now + kDay, EventType::kClinicOpen, i);
    const int count = std::max(0, clinic.visits_per_weekday[scenario.weekday_at(now)]);
    h.visits.clear();
    h.next_visit = 0;
    if (count == 0) return;
    const Seconds spacing = (clinic.close - clinic.open) / count;
    for (int k = 0; k < count; ++k) {
      Visit v;
      v.time = now + (k + 0.5) * spacing;
      v.to_ed_draw = deterministic ? false : h.outpatient_stream.uniform() < policies.outpatient_to_ed_share;
      h.visits.push_back(v);
      bus.emit(OutpatientEvent{now, *h.id, OutpatientEventKind::kScheduled, false});
    }
    const Condition c = condition(h, Activity::kOutpatient);
    if (c.capacity_down && policies.outpatient_on_downtime != OutpatientDowntime::kWhileDown) {
      for (const Visit& v : h.visits) cancel_visit(i, v);
      h.visits.clear();
      return;
    }
    schedule(h.visits[0].time, EventType::kVisit, i);
  }

  void on_visit(std::uint32_t i) {
    HospitalState& h = hospitals[i];
    const Visit v = h.visits[h.next_visit++];
    if (h.next_visit < h.visits.size()) schedule(h.visits[h.next_visit].time, EventType::kVisit, i);
    if (now >= h.next_clinic_request) {  // the clinic desk checks patients in with logistics in batches
      request_all(h, h.logistics_requests);
      h.next_clinic_request = now + kClinicRequestInterval;
    }
    const Condition c = condition(h, Activity::kOutpatient);
    if (c.capacity_down && !counter_hit(h.outpatient_reduced_counter, c.capacity)) {
      cancel_visit(i, v);
      return;
    }
    bus.emit(OutpatientEvent{now, *h.id, OutpatientEventKind::kAttended, false});
  }

  void cancel_visit(std::uint32_t i, const Visit& v) {
    HospitalState& h = hospitals[i];
    const bool to_ed =
        deterministic ? counter_hit(h.det_outpatient_to_ed, policies.outpatient_to_ed_share) : v.to_ed_draw;
    std::uint32_t ed = kNone;
    if (to_ed) {
      if (h.has_ed) {
        ed = i;
      } else if (!h.nearest_eds.empty()) {
        ed = h.nearest_eds.front().second;
      }
    }
    bus.emit(OutpatientEvent{now, *h.id, OutpatientEventKind::kCancelled, ed != kNone});
    if (ed == kNone) return;
    const std::uint32_t index = generate_outpatient_patient(ed);
    send(index, v.time + kOutpatientToEdDelay);
  }

  // A cancelled outpatient presenting at ED `i`: acuity 4 or 5 (in the ED's 4:5 ratio), walk-in, never
  // admitted; drawn from "outpatient/<ed hospital>/ed".
  std::uint32_t generate_outpatient_patient(std::uint32_t i) {
    HospitalState& h = hospitals[i];
    const EdConfig& ed = h.config->ed;
    const std::uint32_t index = new_patient();
    Patient& p = patients[index];
    p.hospital = i;
    p.from_outpatient = true;
    p.mode = ArrivalMode::kWalkIn;
    std::array<double, 2> shares{ed.acuity_shares[3], ed.acuity_shares[4]};
    if (shares[0] + shares[1] <= 0) shares = {0.0, 1.0};
    if (deterministic) {
      p.acuity = 4 + rotate(h.det_outpatient_acuity, h.det_outpatient_ed_patients, shares);
      p.treatment = ed.treatment_minutes.median * ed.treatment_factor[p.acuity - 1] * kMinute;
      p.patience = ed.patience_minutes * kMinute;
    } else {
      RandomStream& r = h.outpatient_ed_stream;
      p.acuity = 4 + r.categorical(shares.data(), 2);
      const double median = ed.treatment_minutes.median * ed.treatment_factor[p.acuity - 1];
      const double p90 = std::max(median, ed.treatment_minutes.p90 * ed.treatment_factor[p.acuity - 1]);
      p.treatment = r.lognormal(median, p90) * kMinute;
      p.patience = r.exponential(ed.patience_minutes) * kMinute;
    }
    p.state = PatientState::kTravelling;
    return index;
  }

  // ----- dispatch ---------------------------------------------------------------------------------------

  void dispatch(const Event& e) {
    switch (e.type) {
      case EventType::kStart:
        for (std::uint32_t i = 0; i < hospitals.size(); ++i) {
          if (hospitals[i].bed_count > 0) set_occupied(i, hospitals[i].occupied);
        }
        break;
      case EventType::kEdArrival:
        on_ed_arrival(e.hospital);
        break;
      case EventType::kEdPresent:
        --patients[e.a].pending_events;
        present(e.a);
        break;
      case EventType::kPatienceEnd:
        on_patience_end(e.a);
        break;
      case EventType::kTreatmentEnd:
        on_treatment_end(e.a);
        break;
      case EventType::kBedDischarge:
        on_bed_discharge(e.hospital);
        break;
      case EventType::kBackgroundAdmission:
        on_background_admission(e.hospital);
        break;
      case EventType::kSurgeryDay:
        on_surgery_day(e.hospital);
        break;
      case EventType::kCaseStart:
        on_case_start(e.hospital, e.a);
        break;
      case EventType::kCaseEnd:
        on_case_end(e.hospital, e.a, e.b);
        break;
      case EventType::kRebook:
        on_rebook(e.hospital, e.a);
        break;
      case EventType::kEmergencyEnd:
        on_emergency_end(e.hospital, e.a);
        break;
      case EventType::kClinicOpen:
        on_clinic_open(e.hospital);
        break;
      case EventType::kVisit:
        on_visit(e.hospital);
        break;
    }
  }
};

ClinicalModel::ClinicalModel(const Scenario& scenario, ServiceView& services, EventBus& bus,
                             std::uint64_t seed, ClinicalOptions options)
    : impl_(std::make_unique<Impl>(scenario, services, bus, seed, options)) {}

ClinicalModel::~ClinicalModel() = default;

Seconds ClinicalModel::next_event_time() const {
  if (impl_->calendar.empty()) return kInfinity;
  const Seconds t = impl_->calendar.top().time;
  return t < impl_->horizon ? t : kInfinity;
}

void ClinicalModel::advance_to(Seconds t) {
  Impl& impl = *impl_;
  ++impl.epoch;
  while (!impl.calendar.empty()) {
    const Event e = impl.calendar.top();
    if (e.time > t || !(e.time < impl.horizon)) break;
    impl.calendar.pop();
    impl.now = e.time;
    ++impl.processed;
    impl.dispatch(e);
  }
  if (t > impl.now && t < impl.horizon) impl.now = t;
}

std::uint64_t ClinicalModel::processed_events() const { return impl_->processed; }

}  // namespace hospsim
