// The typed scenario: what a scenario file (format "hospsim/1") means once loaded, merged with a strategy and
// validated. This header is the one place where each field's meaning, unit and default is written; the JSON
// keys are given in brackets. docs/scenario-format.md and scenarios/schema.json describe the same contract.
//
// Units inside the program are SI: time in simulated seconds since `start`, sizes in bytes, bandwidth in
// bytes per second, work in flops, latitude/longitude in degrees. The loader converts the unit strings of the
// file (`90s`, `1h30min`, `10Gbps`, `20kB`, `2Mf`) into these.
//
// A Scenario is plain data: it knows nothing of SimGrid, clinical actors or metrics. It owns all its strings;
// entities refer to one another by id (std::string) and validation guarantees every id resolves.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hospsim {

using Seconds = double;  // simulated seconds

inline constexpr Seconds kMinute = 60.0;
inline constexpr Seconds kHour = 3600.0;
inline constexpr Seconds kDay = 86400.0;

// A local calendar date and time (no time zone: scenarios are written in the region's local time).
struct CivilTime {
  int year = 2025;
  int month = 1;   // 1..12
  int day = 1;     // 1..31
  int hour = 0;    // 0..23
  int minute = 0;  // 0..59
  int second = 0;  // 0..59
};

// A random quantity: a fixed value or a distribution. Parameters are in the unit of the field that holds it
// (seconds for durations and for datetimes, which are stored as seconds since `start`).
// JSON: a plain value ("2h", "2025-03-13T09:00", 0.5) is kFixed; otherwise an object
//   {"distribution": "exponential", "mean": X}
//   {"distribution": "lognormal", "median": X, "p90": Y}      (REQUIRES p90 >= median > 0)
//   {"distribution": "uniform", "min": X, "max": Y}           (REQUIRES max >= min)
struct Distribution {
  enum class Kind { kFixed, kExponential, kLognormal, kUniform };
  Kind kind = Kind::kFixed;
  double a = 0.0;  // fixed: value; exponential: mean; lognormal: median; uniform: min
  double b = 0.0;  // lognormal: p90; uniform: max; unused otherwise

  static Distribution fixed(double value) { return {Kind::kFixed, value, 0.0}; }
  static Distribution exponential(double mean) { return {Kind::kExponential, mean, 0.0}; }
  static Distribution lognormal(double median, double p90) { return {Kind::kLognormal, median, p90}; }
  static Distribution uniform(double min, double max) { return {Kind::kUniform, min, max}; }

  double mean() const;      // the expected value
  double minimum() const;   // smallest possible value (0 for exponential and lognormal)
  double maximum() const;   // largest possible value (+inf for exponential and lognormal)
  double median() const;    // the median (the value used in deterministic mode)
};

// A positive lognormal quantity given by its median and 90th percentile, e.g. treatment time.
// JSON: {"median": X, "p90": Y} with X, Y in the field's unit (minutes or days, see the field).
struct MedianP90 {
  double median = 0.0;
  double p90 = 0.0;
};

struct Source {
  std::string what;  // [what] the figure or assumption this source supports
  std::string ref;   // [ref] citation or URL; "assumption: ..." when the figure is ours
};

struct Location {
  double lat = 0.0;  // degrees north
  double lon = 0.0;  // degrees east
};

// ---------------------------------------------------------------------------------------------------------
// IT: data centres, network, services

struct Datacenter {
  std::string id;
  std::string name;                   // [name] display name; defaults to the id
  std::optional<Location> location;   // [location] [lat, lon]
  double speed = 1e11;                // [speed] work units: flops per second of the service host ("100Gf")
  bool starts_off = false;            // [starts_off] the host is off at t=0 (e.g. a cold standby)
};

struct Router {
  std::string id;
  std::string name;                   // [name]
  std::optional<Location> location;   // [location]
};

// A telecom link between two nodes (hospital, data centre or router ids). Full duplex: each direction has
// the full bandwidth.
struct Link {
  std::string id;
  std::array<std::string, 2> between;  // [between] [a, b], a != b
  double bandwidth = 1.25e8;           // [bandwidth] bytes/s ("1Gbps" = 1.25e8)
  Seconds latency = 0.005;             // [latency] one-way ("5ms")
  std::string carrier;                 // [carrier] operator of the path; "" = unnamed. Paths that share no
                                       // carrier are redundant: losing one costs a reroute, not a downtime.
};

struct Network {
  std::map<std::string, Router> routers;  // [routers]
  std::map<std::string, Link> links;      // [links]
  Seconds reroute_after = 60.0;           // [reroute_after] time for a client to switch to another path
  // [scrubbing] DDoS mitigation: up to this much attack traffic (bytes/s) is removed on each attacked link
  // (per direction) before it reaches the link; 0 = none. Applies to ddos injections and ddos_campaign waves.
  double scrubbing = 0.0;
};

// A clinical IT service reached by the hospitals over the network.
struct Service {
  std::string id;
  std::string name;                     // [name]
  std::string kind;                     // [kind] "logistics", "ehr", "lab", "pacs", "other"
  std::string hosted_on;                // [hosted_on] data centre id (primary)
  std::optional<std::string> standby;   // [standby] data centre id of a standby copy, if any
  Seconds failover_after = 900.0;       // [failover_after] primary unreachable this long -> move to standby
  double request_bytes = 2e4;           // [request.bytes] ("20kB")
  double request_work = 2e6;            // [request.work] flops of work on the service host ("2Mf")
  double response_bytes = 2e4;          // [response_bytes]
  Seconds timeout = 10.0;               // [timeout] a request without a reply by then has failed
  Seconds probe_every = 60.0;           // [probe_every] health probe period per hospital
  // [probe] "active" (false): a probe every probe_every. "passive" (true): a probe is skipped when a request
  // carrying clinical work from that hospital completed within the last probe_every.
  bool passive_probes = false;
};

// ---------------------------------------------------------------------------------------------------------
// Clinical

// The clinical activities an IT service can affect. Keys in JSON: "ed_treatment", "admission",
// "elective_surgery", "emergency_surgery", "outpatient".
enum class Activity { kEdTreatment, kAdmission, kElectiveSurgery, kEmergencySurgery, kOutpatient };
inline constexpr int kActivityCount = 5;
const char* activity_name(Activity activity);  // the JSON key

// One step of an effect's adaptation ([adapt] entries): from `after` since the service went DOWN at the
// hospital (the start of the current DOWN episode) the entry's factors are these, until a later step. The
// loader fills keys a step leaves out from the step before it (the first from the entry itself).
struct EffectStep {
  Seconds after = 0.0;     // [after] duration since the service went DOWN, > 0, strictly increasing
  double capacity = 1.0;   // [capacity]
  double time = 1.0;       // [time]
  Seconds turnaround = 0;  // [turnaround]
};

// A priority class's own factors within an effect entry ([priority] entries): they replace the entry's
// (adapted) factors for that class; a key left out keeps the entry's. Classes: the elective priority classes
// ("cancer", "urgent", "routine") for elective_surgery; the acuity levels "1".."5" for ed_treatment (time and
// turnaround only: ED spaces are shared by every acuity). docs/model.md "Adaptation and priority".
struct EffectOverride {
  std::optional<double> capacity;    // [capacity]
  std::optional<double> time;        // [time]
  std::optional<Seconds> turnaround;  // [turnaround]
};

// What losing a service does to one activity at a hospital while the service is DOWN there.
struct Effect {
  Effect() = default;
  Effect(double capacity_factor, double time_factor) : capacity(capacity_factor), time(time_factor) {}

  double capacity = 1.0;  // [capacity] factor on throughput/capacity, in [0, 1]; 0 = the activity stops
  double time = 1.0;      // [time] factor on durations, >= 1 (manual procedures are slower)
  // [turnaround] ed_treatment of a `lab` or `pacs` service only: while the service is DOWN an ED patient who
  // needs that kind of test (EdConfig::tests) holds the space until the test comes back by the downtime path
  // (courier, manual reporting), this long after the treatment start, instead of the usual turnaround:
  // treatment time + max(0, turnaround - usual turnaround). 0 = not modelled (only the time factor acts).
  Seconds turnaround = 0.0;
  std::vector<EffectStep> adapt;                   // [adapt] factors by time since DOWN; empty = constant
  std::map<std::string, EffectOverride> priority;  // [priority] class -> its own factors
  // The effect preset this entry comes from (the entry's service names it with "preset" and does not give
  // this activity itself; scenario/effect_presets.h); "" for an entry written in the scenario.
  std::string preset;

  // Whether the entry, a step of its adaptation or one of its priority entries gives a downtime turnaround.
  bool gives_turnaround() const;
  // True when the entry changes nothing (the neutral Effect{1, 1}).
  bool neutral() const {
    return capacity == 1.0 && time == 1.0 && turnaround == 0.0 && adapt.empty() && priority.empty();
  }
};

// effects[service_id][activity] = Effect. Several DOWN services combine by product.
using EffectTable = std::map<std::string, std::map<Activity, Effect>>;

inline constexpr int kAcuityLevels = 5;  // 1 = resuscitation ... 5 = non-urgent (ESI/MTS-like)

// Share of ambulance arrivals triaged in the three most urgent of five levels (KTAS 1-3): 2,408,875 of
// 3,891,477 ambulance visits, Korean national ED data 2016-2018 (Emergency Medicine International 2021,
// doi:10.1155/2021/6647149, Table 3).
inline constexpr double kAmbulanceAcuity13Share = 0.619;

// [ed.surge] Surge capacity (docs/model.md "Surge capacity"): extra treatment spaces (and inpatient beds) a
// hospital opens after sustained crowding or when its region declares an incident, after a call-in delay, and
// closes again once the trigger has been absent for stand_down. Inactive while spaces and beds are both 0.
struct SurgeConfig {
  int spaces = 0;                  // [spaces] extra ED treatment spaces when open, 0..10000
  int beds = 0;                    // [beds] extra inpatient beds when open, 0..100000
  double occupancy = 1.0;          // [occupancy_threshold] crowded when the spaces held (treatment and
                                   // boarding) are at least this share of treatment_spaces; > 1: never
  Seconds sustained = 2 * kHour;   // [sustained_minutes] crowded this long without a break triggers surge
  bool on_incident = false;        // [on_incident] also triggered while any hospital of the region has an
                                   // IT incident: a service with a non-neutral effect there is DOWN (checked
                                   // every 5 minutes)
  Seconds delay = 30 * kMinute;    // [delay_minutes] trigger -> open (staff called in)
  Seconds stand_down = 2 * kHour;  // [stand_down_minutes] no trigger for this long -> closed
  bool active() const { return spaces > 0 || beds > 0; }
};

struct EdConfig {
  double arrivals_per_day = 0.0;      // [arrivals_per_day] mean over the week, > 0
  double ambulance_share = 0.2;       // [ambulance_share] of arrivals, in [0, 1]
  int treatment_spaces = 1;           // [treatment_spaces] positive integer
  // [treatment_minutes] {median, p90} in minutes, acuity 3: the time a patient holds a treatment space
  // (assessment, tests, treatment, decision; not the wait for a space, not boarding). Default: the total ED
  // stay of all 1434 patients of a Dutch tertiary ED (median 156 min, IQR 98-225 min, so p90 344 min for a
  // lognormal) less its median wait for a room (10 min) (Scand J Trauma Resusc Emerg Med 2018;26:81,
  // doi:10.1186/s13049-018-0547-5, Table 3), given to the middle acuity level. docs/model.md "Defaults and
  // sources".
  MedianP90 treatment_minutes{146, 334};
  double admit_share = 0.3;           // [admit_share] share of treated patients admitted, in [0, 1]
  // [patience_minutes] mean patience of acuity 4-5 before LWBS (exponential). 240 is an assumption consistent
  // with the published mean time LWBS patients waited before leaving (70 min in a US ED with 1.1 % LWBS,
  // 154-171 min in a Karachi ED with 13 %: lower bounds of the mean patience); docs/model.md.
  double patience_minutes = 240.0;
  // [acuity_shares] shares of acuity 1..5, sum 1. Default: see docs/model.md (Danish/ESI-like mix).
  std::array<double, kAcuityLevels> acuity_shares{0.01, 0.09, 0.35, 0.40, 0.15};
  // [treatment_factor] multiplies treatment_minutes by acuity 1..5.
  std::array<double, kAcuityLevels> treatment_factor{2.0, 1.5, 1.0, 0.7, 0.5};
  // [hourly_profile] relative arrival intensity for hours 0..23 (normalised by the loader to mean 1).
  std::array<double, 24> hourly_profile{};  // default filled by the loader; see docs/model.md
  // [weekday_profile] relative intensity Monday..Sunday (normalised to mean 1).
  std::array<double, 7> weekday_profile{};
  // [ambulance_acuity_shares] acuity 1..5 mix of ambulance arrivals, sum 1. Walk-ins get the mix that keeps
  // the overall mix equal to acuity_shares (see acuity_mixes() below). Absent (ambulance_acuity_given false):
  // the overall mix re-weighted so that acuity 1-3 make kAmbulanceAcuity13Share of ambulance arrivals
  // (docs/model.md, "Acuity by arrival mode").
  std::array<double, kAcuityLevels> ambulance_acuity_shares{};
  bool ambulance_acuity_given = false;
  SurgeConfig surge;  // [surge] extra spaces and beds opened under pressure (none by default)
  // [tests] which ED patients need a lab test or imaging, by acuity 1..5, and the usual turnaround of each
  // (read only where an effect gives a downtime `turnaround`, docs/model.md "Lab and imaging turnaround").
  // Shares: imaging 0.53 for acuity 1-3 and 0.30 for 4-5 (US national ED visits 2006-2009: imaging in 52.9 %
  // of immediate/emergent/urgent visits and 29.8 % of non-urgent ones, Honigman, Wiler, Rooks and Ginde, "National
  // study of non-urgent ED visits", West J Emerg Med 2013; acuity 4 given the non-urgent figure: assumption);
  // lab tests 0.9, 0.9, 0.75, 0.3, 0.1
  // (assumption, in the order ESI's resource rule implies: acuity 3 needs two or more resources, 4 one, 5 none).
  // Usual turnarounds 60 min (assumption).
  std::array<double, kAcuityLevels> lab_share{0.9, 0.9, 0.75, 0.3, 0.1};        // [tests.lab_share]
  std::array<double, kAcuityLevels> imaging_share{0.53, 0.53, 0.53, 0.3, 0.3};  // [tests.imaging_share]
  Seconds lab_turnaround = 60 * kMinute;                                        // [tests.lab_turnaround]
  Seconds imaging_turnaround = 60 * kMinute;                                    // [tests.imaging_turnaround]
};

// The acuity mixes an ED draws from, by arrival mode (each sums to 1).
struct AcuityMixes {
  std::array<double, kAcuityLevels> walk_in{};
  std::array<double, kAcuityLevels> ambulance{};
  // false when ambulance_acuity_shares cannot be reconciled with acuity_shares and ambulance_share (a walk-in
  // share would be negative beyond 1e-9): then both mixes are acuity_shares.
  bool consistent = true;
  // When not consistent: the first acuity level (1..5) whose walk-in share would be negative, that share,
  // and the ambulance mix that caused it.
  int inconsistent_level = 0;
  double inconsistent_share = 0.0;
  std::array<double, kAcuityLevels> requested_ambulance{};
};
// ambulance = ambulance_acuity_shares (or the default re-weighting; when acuity 1-3 or 4-5 hold no share it is
// acuity_shares); walk_in = (acuity_shares - ambulance_share * ambulance) /
// (1 - ambulance_share), tiny negatives clipped and renormalised. With ambulance_share 0 the ambulance mix is
// acuity_shares; with ambulance_share 1 the walk-in mix is acuity_shares (neither is then used).
AcuityMixes acuity_mixes(const EdConfig& ed);

struct BedsConfig {
  int count = 0;                       // [count] staffed inpatient beds, >= 0 (0 = not modelled)
  double occupancy = 0.85;             // [occupancy] occupied share at t=0 and target of background admissions
  MedianP90 los_days{3.0, 9.0};        // [los_days] {median, p90} length of stay in days
};

struct SurgeryConfig {
  int theatres = 0;                    // [theatres] operating theatres for elective lists, >= 0
  Seconds day_start = 8 * kHour;       // [day] ["08:00", "15:30"]: session hours (seconds after midnight)
  Seconds day_end = 15.5 * kHour;
  std::array<int, 7> elective_per_weekday{};  // [elective_per_weekday] cases per day, Monday..Sunday
  MedianP90 case_minutes{90, 200};     // [case_minutes] {median, p90} in minutes
  Seconds turnover = 15 * kMinute;     // [turnover_minutes] theatre turnaround between two cases, minutes
  // [planned_utilisation] share of each theatre's session (day_end - day_start) that a list books with planned
  // work: each case's planned duration (its own duration as estimated, docs/model.md) and the turnovers between
  // cases, in (0, 1]. Lists are built theatre by theatre to this level; cases that fit no theatre are added to
  // the least-booked one (an overbooked list). Default 0.85: the NHS 'capped theatre utilisation' target.
  double planned_utilisation = 0.85;
  double inpatient_share = 0.5;        // [inpatient_share] elective cases that need a bed afterwards
  int emergency_theatres = 1;          // [emergency_theatres] theatres kept for emergency surgery, >= 0
  double emergency_share = 0.08;       // [emergency_share] admitted ED patients who need emergency surgery
  MedianP90 emergency_case_minutes{75, 180};  // [emergency_case_minutes] {median, p90} in minutes
  // [priority_shares] {"cancer", "urgent", "routine"}: the mix of elective priority classes, sum 1, drawn for
  // each new case (from its own stream, so the other draws of a case are unchanged). Read by effect `priority`
  // entries and mutual aid. Default 0.15 / 0.15 / 0.70: assumption (docs/model.md "Adaptation and priority").
  std::array<double, 3> priority_shares{0.15, 0.15, 0.70};
};

// Elective priority classes, in the order of SurgeryConfig::priority_shares.
inline constexpr int kPriorityClasses = 3;
inline constexpr std::array<const char*, kPriorityClasses> kPriorityClassNames{"cancer", "urgent", "routine"};

struct OutpatientConfig {
  std::array<int, 7> visits_per_weekday{};  // [visits_per_weekday] Monday..Sunday
  Seconds open = 8 * kHour;                 // [hours] ["08:00", "16:00"]
  Seconds close = 16 * kHour;
};

struct DowntimeConfig {
  Seconds detect_after = 900.0;    // [detect_after] no successful request this long -> DOWN
  Seconds restore_after = 600.0;   // [restore_after] successes this long -> RECOVERING
  Seconds recovery = 2 * kHour;    // [recovery] RECOVERING lasts this long, then UP
  double recovery_capacity = 0.8;  // [recovery_capacity] throughput factor while RECOVERING (backlog work)
};

struct Hospital {
  std::string id;
  std::string name;                     // [name]
  std::string region;                   // [region]
  Location location;                    // [location] [lat, lon], required (travel times)
  std::vector<std::string> uses;        // [uses] service ids this hospital depends on
  EdConfig ed;                          // [ed] optional: no ED when absent (has_ed = false)
  bool has_ed = false;
  BedsConfig beds;                      // [beds]
  SurgeryConfig surgery;                // [surgery]
  OutpatientConfig outpatient;          // [outpatient]
  DowntimeConfig downtime;              // [downtime] defaults from the scenario's [downtime] if given
  std::optional<EffectTable> effects;   // [effects] overrides the scenario's table entry by entry
};

// ---------------------------------------------------------------------------------------------------------
// Policies

// What the regional diversion cap does to a hospital whose diversion it would exceed.
enum class CapAction {
  kRefuse,   // "refuse": that hospital does not go on diversion (the others stay on)
  kSuspend,  // "suspend": every ED of the region comes off diversion and none may go on for suspend_minutes
};

enum class ElectivePolicy {
  kCancelCase,  // "cancel_case": each case whose services are DOWN at its start is cancelled
  kCancelDay,   // "cancel_day": the first such case cancels the rest of the day and every later day until
                //               the services are UP again
  kReduced,     // "reduced": proceed at the capacity/time factors of the effects table
  kDelay,       // "delay": a theatre holds its list while a service is DOWN and resumes when none is; a
                //          case that no longer fits the session is cancelled
};

// What a clinic does when an `outpatient`-affecting service is DOWN ([outpatient.on_downtime]).
enum class OutpatientDowntime {
  kWhileDown,  // "while_down": each visit is decided at its time (cancelled while DOWN, share c goes ahead)
  kRestOfDay,  // "rest_of_day": the first visit that finds a service DOWN cancels it and every later visit
               //                of that day (and a day that opens DOWN is cancelled whole)
  kWholeDay,   // "whole_day": a day that opens DOWN is cancelled whole; later visits as while_down
};

// Where an ambulance turned away by a hospital on diversion goes ([diversion.dispatch]).
enum class Dispatch {
  kNearest,   // "nearest": the nearest ED not on diversion
  kBalanced,  // "balanced": among EDs not on diversion within max_extra of the nearest one's travel time,
              //             the one with the most free treatment spaces (ties to the nearer)
  kWeighted,  // "weighted": among the same EDs, shares by treatment spaces, by a deterministic
              //             largest-remainder rotation per sending hospital (no random draw)
};

// One step of public advice over time ([public_advice.adapt] entries): from `after` since the hospital went
// into downtime, walk-ins follow these shares until a later step. The loader fills a share a step leaves out
// from the step before it (the first from public_advice itself).
struct AdviceStep {
  Seconds after = 0.0;             // [after] > 0, strictly increasing
  double elsewhere_share = 0.0;    // [elsewhere_share]
  double stay_home_share = 0.0;    // [stay_home_share]
};

struct Policies {
  // [elective]
  ElectivePolicy elective = ElectivePolicy::kCancelDay;  // [elective.on_downtime]
  Seconds rebook_after = 7 * kDay;      // [elective.rebook_after] delay before a cancelled case is rebooked
  double catchup_share = 0.1;           // [elective.catchup_share] extra daily slots for rebooked cases, as a
                                        // share of the normal list
  // [outpatient]
  OutpatientDowntime outpatient_on_downtime = OutpatientDowntime::kWholeDay;  // [outpatient.on_downtime]
  double outpatient_to_ed_share = 0.03;     // [outpatient.to_ed_share] cancelled visits that present to an ED
  // [diversion]
  bool divert_on_downtime = true;           // [diversion.on_downtime] divert ambulances while DOWN
  double divert_occupancy = 1.0;            // [diversion.occupancy_threshold] ED spaces busy share to divert
                                            // (> 1 disables)
  double ambulance_speed_kmh = 60.0;        // [diversion.ambulance_speed_kmh] for travel time from coordinates
  double road_factor = 1.3;                 // [diversion.road_factor] road km per great-circle km
  Dispatch dispatch = Dispatch::kNearest;   // [diversion.dispatch]
  Seconds max_extra_travel = 30 * kMinute;  // [diversion.max_extra_minutes] balanced/weighted: extra travel
                                            // over the nearest open ED
  int time_critical_acuity = 1;             // [diversion.time_critical_acuity] acuity <= this always goes to
                                            // the nearest open ED (0: none)
  int max_diverting = 0;  // [diversion.max_diverting] a hospital may not go on diversion while this many other
                          // EDs of its region are on diversion (0: no cap)
  double max_diverting_share = 1.0;  // [diversion.max_diverting_share] in (0, 1]: nor when it would make more
                                     // than this share of its region's EDs divert at once (1: no cap)
  CapAction cap_action = CapAction::kRefuse;  // [diversion.cap_action]
  Seconds suspend_for = 4 * kHour;            // [diversion.suspend_minutes] cap_action "suspend"
  Seconds min_on = 0;   // [diversion.min_on_minutes] once on, a hospital stays on at least this long
  Seconds min_off = 0;  // [diversion.min_off_minutes] once off, it stays off at least this long
  std::array<bool, 5> divert_acuity{true, true, true, true, true};  // [diversion.scope] acuities 1..5 turned
                                                                    // away; others stay ("all": every one)
  // [public_advice]
  double walk_in_elsewhere_share = 0.0;  // [public_advice.elsewhere_share] walk-ins sent to another ED while
                                         // their hospital is DOWN
  double walk_in_stay_home_share = 0.0;  // [public_advice.stay_home_share] walk-ins who stay home
  // [transfers] ED boarders moved to another hospital with a free bed (docs/model.md "Transfers")
  bool transfers = false;                  // [transfers.enabled]
  Seconds transfer_after = 4 * kHour;      // [transfers.after_minutes] boarding this long -> look for a bed
                                           // elsewhere (then again every kTransferRecheck)
  Seconds transfer_max_travel = kHour;     // [transfers.max_travel_minutes] by road at ambulance speed
  // [mutual_aid] elective cases cancelled for downtime operated at a neighbour with spare theatre time
  // (docs/model.md "Mutual aid for planned surgery")
  bool mutual_aid = false;  // [mutual_aid.enabled]
  std::array<double, kPriorityClasses> aid_share{1.0, 0.0, 0.0};  // [mutual_aid.share] by priority class:
                                                                  // the downtime cancellations offered
  Seconds aid_max_travel = kHour;  // [mutual_aid.max_travel_minutes] farthest receiver, by road
  int aid_lead_days = 1;           // [mutual_aid.lead_days] a moved case is listed from this many days after
                                   // the cancellation (1: from the next day's list)
  int aid_window_days = 7;         // [mutual_aid.window_days] a receiver accepts while the cases it holds fit
                                   // into its spare theatre time of this many days
  // [public_advice.adapt] the shares by time since the hospital went into downtime (the earliest DOWN
  // transition of its services that are DOWN and put it in downtime); empty = constant.
  std::vector<AdviceStep> advice_adapt;
};

// ---------------------------------------------------------------------------------------------------------
// Injections

enum class InjectionKind {
  kLinkDown,     // "link_down": target = link id
  kHostDown,     // "host_down": target = data centre id (or "<hospital>" for its IT endpoint)
  kServiceDown,  // "service_down": target = service id (software fault; the host stays up)
  kDegrade,      // "degrade": target = link id; bandwidth_factor, added_latency
  kDdos,         // "ddos": target = link id; traffic (bytes/s of background flow)
  kShutdown,     // "shutdown": targets = ids of data centres/links turned off on purpose by operators
  kRansomware,    // "ransomware": targets = entry hosts (data centre or hospital ids); see RansomwareSpec
  kDdosCampaign,  // "ddos_campaign": no target; `waves` of ddos traffic on links, see DdosWave
};

// What `containment.isolate` of a ransomware attack turns off at containment.
enum class IsolationPolicy {
  kNone,      // "none": nothing is turned off on purpose
  kInfected,  // "infected": every host infected by then
  kAll,       // "all": every data centre and every hospital's IT endpoints
  kListed,    // ["ids"...]: the listed data centres/hospitals plus every infected host
};

// A ransomware attack (docs/model.md "Ransomware"). Hosts are data centres and hospitals' IT endpoints
// (a hospital id stands for its endpoints). The injection's `at` is the infection of `targets` (entry hosts).
struct RansomwareSpec {
  Distribution dwell = Distribution::fixed(0.0);  // [dwell] infection -> encryption (host turned off)
  // [spread]
  Distribution spread_delay = Distribution::fixed(kHour);  // [spread.delay] per edge, from the source's infection
  double spread_probability = 1.0;                 // [spread.probability] per edge, in [0, 1]
  bool over_network = true;                        // [spread.over_network] hosts joined by a link or by a chain
                                                   // of links through routers only are adjacent
  std::vector<std::array<std::string, 2>> trust;   // [spread.trust] extra edges (e.g. shared admin domain)
  // [segmentation]
  std::vector<std::array<std::string, 2>> blocked;           // [segmentation.blocked] edges never crossed
  std::map<std::string, std::vector<std::string>> zones;     // [segmentation.zones] zone -> host ids; hosts
                                                             // in no zone share an implicit default zone;
                                                             // spread only between hosts sharing a zone
  std::optional<Distribution> detect_after;        // [detect_after] from the first infection; absent = never
  // [containment] at detection + after: spread stops, `isolate` hosts are turned off
  IsolationPolicy isolate = IsolationPolicy::kInfected;  // [containment.isolate]
  std::vector<std::string> isolate_ids;            // [containment.isolate] when a list (kListed)
  Distribution containment_after = Distribution::fixed(0.0);  // [containment.after] detection -> containment
  std::optional<Distribution> release_after;       // [containment.release_after] containment -> healthy
                                                   // isolated hosts back on; absent = when the last infected
                                                   // host is restored
  // [restore] absent = infected hosts stay down for the rest of the run
  bool has_restore = false;
  int team_size = 1;                               // [restore.team_size] hosts restored in parallel, >= 1
  Distribution forensics = Distribution::fixed(0.0);  // [restore.forensics] containment -> restoration starts
  Distribution per_host = Distribution::fixed(0.0);   // [restore.per_host] (required in [restore]) per host
};

// One wave of a ddos_campaign: `traffic` on each of `targets` from campaign start + `after`, for `duration`.
struct DdosWave {
  Distribution after = Distribution::fixed(0.0);  // [after] offset from the campaign's `at`
  Distribution duration = Distribution::fixed(0.0);  // [duration] required
  std::vector<std::string> targets;                // [targets] link ids, non-empty
  double traffic = 0.0;                            // [traffic] bytes/s on each target link, required
};

struct Injection {
  std::string id;
  InjectionKind kind = InjectionKind::kLinkDown;
  Distribution at;                         // [at] datetime or distribution of datetimes (seconds since start)
  std::vector<std::string> targets;        // [target] one id, or [targets] a list
  std::optional<Distribution> duration;    // [duration] absent = until the end of the run
  double bandwidth_factor = 1.0;           // [bandwidth_factor] degrade: in (0, 1]
  Seconds added_latency = 0.0;             // [added_latency] degrade
  double traffic = 0.0;                    // [traffic] ddos: bytes/s ("20Gbps")
  std::string description;                 // [description]
  std::optional<RansomwareSpec> ransomware;  // ransomware only: [dwell], [spread], [segmentation],
                                             // [detect_after], [containment], [restore]
  std::vector<DdosWave> waves;             // [waves] ddos_campaign only, non-empty
};

// ---------------------------------------------------------------------------------------------------------

struct Strategy {
  std::string id;
  std::string description;  // [description]
  // The RFC 7386 merge patch, serialised JSON text ([patch]); applied by the loader before validation.
  std::string patch_json;
};

struct Scenario {
  std::string format = "hospsim/1";                 // [format]
  std::string name;                                 // [name]
  std::string description;                          // [description]
  CivilTime start;                                  // [start] local datetime of t=0
  Seconds horizon = 0.0;                            // [horizon] duration of the run, <= 366 days
  // [warmup] clinical time simulated before `start` and not counted (IT is taken as UP meanwhile), so the
  // ED, beds and elective backlog start near steady state. Loader default: 7 days, 0 in deterministic mode.
  Seconds warmup = 0.0;
  std::uint64_t seed = 1;                           // [seed] default seed (CLI --seed overrides)
  bool deterministic = false;                       // [deterministic] test mode: see docs/model.md
  std::vector<Source> sources;                      // [sources]
  std::map<std::string, Datacenter> datacenters;    // [datacenters]
  Network network;                                  // [network]
  std::map<std::string, Service> services;          // [services]
  std::map<std::string, Hospital> hospitals;        // [hospitals] ordered by id
  // [downtime] scenario-wide defaults for every hospital's `downtime` (a hospital's own keys override them
  // key by key); the loader has already applied them to Hospital::downtime.
  DowntimeConfig downtime;
  EffectTable effects;                              // [effects]
  Policies policies;                                // [policies]
  std::map<std::string, Injection> injections;      // [injections]
  std::map<std::string, Strategy> strategies;       // [strategies]
  std::string applied_strategy;                     // the strategy merged in by the loader, "" for none

  // Monday = 0 ... Sunday = 6 of simulated time t.
  int weekday_at(Seconds t) const;
  // Seconds after local midnight of simulated time t.
  Seconds time_of_day(Seconds t) const;
  // The effect of losing `service` on `activity` at `hospital` (hospital override, then scenario table, then
  // the neutral Effect{1, 1}).
  Effect effect(const Hospital& hospital, const std::string& service, Activity activity) const;
  // Whether ED tests wait for a downtime turnaround at `hospital` (an ED that uses a `lab` or `pacs` service
  // whose ed_treatment effect gives a turnaround), or at any hospital.
  bool models_test_turnaround(const Hospital& hospital) const;
  bool models_test_turnaround() const;
};

// Calendar helpers (proleptic Gregorian).
int weekday_of(const CivilTime& t);                 // Monday = 0
std::int64_t days_from_civil(int year, int month, int day);  // days since 1970-01-01
// Seconds from `from` to `to` (may be negative).
Seconds seconds_between(const CivilTime& from, const CivilTime& to);
// `start` + t, as a civil time (seconds rounded down).
CivilTime civil_after(const CivilTime& start, Seconds t);
// "2025-03-13T09:30" (seconds appended only when non-zero).
std::string format_civil(const CivilTime& t);

}  // namespace hospsim
