#!/usr/bin/env bash
# The hospsim benchmark: fixed scenarios, each run with its paired baseline (`hospsim run --stats`) in the
# default IT model (quiet-path elision) and, side by side, as one simulation in the full IT model
# (`--it-model full --no-baseline`); and `hospsim batch -j 1` against `-j 2` on 8 runs of two scenarios.
# Prints one table and the targets of docs/performance.md; docs/performance.md keeps the latest figures.
# The generated national scenarios use the generator's default monitoring (active probes every 1-5 min);
# the Denmark scenario runs as shipped.
#
#   bench/run-benchmarks.sh [--quick] [--repeat N] [--flat-repeat N] [--sizes "25 50 ..."] [--full-up-to N]
#                           [--out DIR]
#
#   --quick         generated scenarios over 3 days instead of 30 (a smoke test of the script)
#   --repeat N      runs per scenario (default 3 for Denmark, 1 for the generated ones); medians are printed
#   --flat-repeat N rounds of the flatness pass (default 3; 0: none): each round runs every generated size
#                   once as one simulation alone (`--no-baseline --no-report`), smallest to largest, and the
#                   flatness target is read from the medians of CPU per hospital-day over the rounds
#   --sizes LIST    hospitals of the generated scenarios (default "25 50 100 200 1000")
#   --full-up-to N  run the full IT model only for scenarios of at most N hospitals (default 1000: all; the
#                   full model of 1000 hospitals x 30 days takes about half an hour of CPU)
#   --out DIR       where scenarios, outputs and raw figures go (default bench-out/)
#   HOSPSIM         the hospsim executable (default build/hospsim)
#
# Per scenario: the whole `hospsim run` command measured from outside by /usr/bin/time (wall, CPU = user +
# system of the command and its two simulation children, peak RSS of the largest process); per simulation
# process (run and baseline, from --stats): CPU and wall seconds, model events, IT requests and the share
# of them elided, peak RSS, CPU milliseconds per hospital-day; the full model's CPU for the run and the
# speed-up. CPU time is what a shared machine disturbs least: compare CPU figures, and re-measure wall
# figures on an idle machine. The flatness pass measures CPU per hospital-day of one simulation with the
# other core idle, in interleaved rounds, so that a slow stretch of the machine falls on every size alike;
# the paired runs put the run beside its baseline, two large simulations sharing the last-level cache.
# Tools: bash, GNU time (package `time`), python3 for the arithmetic. The machine is described at the top
# of the output (nproc, CPU, memory, load at start and end).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
hospsim="${HOSPSIM:-$root/build/hospsim}"
out="bench-out"
days=30
repeat_denmark=3
repeat_generated=1
flat_repeat=3
sizes="25 50 100 200 1000"
full_up_to=1000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) days=3; shift ;;
    --repeat) repeat_denmark="$2"; repeat_generated="$2"; shift 2 ;;
    --flat-repeat) flat_repeat="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --full-up-to) full_up_to="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,34p' "$0"; exit 0 ;;
    *) echo "run-benchmarks.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -x "$hospsim" ]] || { echo "run-benchmarks.sh: no executable $hospsim (build it, or set HOSPSIM)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run-benchmarks.sh: /usr/bin/time missing (scripts/setup.sh installs package time)" >&2; exit 2; }
mkdir -p "$out/scenarios" "$out/runs"

echo "# hospsim benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# $("$hospsim" --version)"
echo "# machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) memory"
echo "# transparent huge pages: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown); GLIBC_TUNABLES: ${GLIBC_TUNABLES:-unset} (docs/cli.md, Memory pages)"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# One `hospsim run` with /usr/bin/time around it; appends a JSON line to $out/results.jsonl.
# $6: "elided" (with baseline and report) or "full" (--it-model full --no-baseline --no-report).
run_once() {
  local name="$1" file="$2" hospitals="$3" days="$4" k="$5" mode="$6"
  local dir="$out/runs/$name-$mode-$k"
  local extra=()
  [[ "$mode" == full ]] && extra=(--it-model full --no-baseline --no-report)
  rm -rf "$dir"
  /usr/bin/time -f '%e %U %S %M' -o "$dir.time" "$hospsim" --quiet run "$file" --out "$dir" \
    --stats "$dir.stats.json" "${extra[@]}" >/dev/null
  python3 - "$name" "$hospitals" "$days" "$mode" "$dir.time" "$dir.stats.json" >>"$out/results.jsonl" <<'PY'
import json, sys
name, hospitals, days, mode, time_file, stats_file = sys.argv[1:]
wall, user, system, rss = open(time_file).read().split()[-4:]
stats = json.load(open(stats_file))
print(json.dumps({"scenario": name, "hospitals": int(hospitals), "days": float(days), "mode": mode,
                  "command_wall": float(wall), "command_cpu": float(user) + float(system),
                  "command_rss_kb": int(rss), **stats}))
PY
}

# Elided (the default) then full, side by side, for one scenario.
bench_scenario() {
  local name="$1" file="$2" hospitals="$3" days="$4" repeat="$5"
  for k in $(seq 1 "$repeat"); do
    run_once "$name" "$file" "$hospitals" "$days" "$k" elided
    if (( hospitals <= full_up_to )); then run_once "$name" "$file" "$hospitals" "$days" "$k" full; fi
  done
}

: >"$out/results.jsonl"
bench_scenario denmark "$root/scenarios/denmark-2025-midtjylland.json" 5 7 "$repeat_denmark"
for n in $sizes; do
  file="$out/scenarios/national-${n}h-7r-${days}d.json"
  "$hospsim" --quiet generate --hospitals "$n" --regions 7 --days "$days" --seed 1 -o "$file"
  bench_scenario "national-${n}h" "$file" "$n" "$days" "$repeat_generated"
done

# The flatness pass: every generated size once per round as one simulation alone, rounds interleaved.
: >"$out/flat.jsonl"
for round in $(seq 1 "$flat_repeat"); do
  for n in $sizes; do
    dir="$out/runs/flat-${n}h-$round"
    rm -rf "$dir"
    "$hospsim" --quiet run "$out/scenarios/national-${n}h-7r-${days}d.json" --out "$dir" --no-baseline \
      --no-report --stats "$dir.stats.json" >/dev/null
    python3 -c "
import json
s = json.load(open('$dir.stats.json'))['run']
print(json.dumps({'hospitals': $n, 'days': $days, 'round': $round, 'cpu_seconds': s['cpu_seconds']}))" \
      >>"$out/flat.jsonl"
  done
done

# Batch -j 1 against -j 2 on 8 runs (no baselines: a batch run is one simulation): of the Denmark scenario
# (0.1-0.2 s each, so process start and the result store weigh in), and of the generated 25-hospital
# scenario (about 1 s each) when it was generated.
# Each -j is timed three times, alternating (-j 1, -j 2, -j 1, ...), and the fastest of each is compared: a
# wall-time ratio of one try each moves by 0.2x with whatever else the machine does for a second.
batch_lines=()
batch_pair() {
  local label="$1" sweep="$2" name="$3"
  for try in 1 2 3; do
    for j in 1 2; do
      rm -f "$out/$name-j$j.db"
      /usr/bin/time -f '%e' -o "$out/$name-j$j-$try.time" "$hospsim" --quiet batch "$sweep" -j "$j" \
        --db "$out/$name-j$j.db" >/dev/null
    done
  done
  batch_lines+=("$(python3 -c "
def times(j): return [float(open(f'$out/$name-j{j}-{t}.time').read().split()[-1]) for t in (1, 2, 3)]
t1, t2 = times(1), times(2); j1, j2 = min(t1), min(t2)
tries = ', '.join(f'{a:.2f}/{b:.2f}' for a, b in zip(t1, t2))
print(f'[{\"met\" if j1 / j2 >= 1.8 else \"NOT met\"}] batch -j 2 at least 1.8x of -j 1, $label: -j 1 {j1:.2f} s, -j 2 {j2:.2f} s (fastest of 3; tries -j 1/-j 2: {tries}), speed-up {j1 / j2:.2f}x (wall: needs two free cores)')")")
}
if "$hospsim" batch --help >/dev/null 2>&1; then
  batch_pair "8 Denmark runs" "$here/batch-denmark-8.json" batch-denmark
  national25="$out/scenarios/national-25h-7r-${days}d.json"
  if [[ -f "$national25" ]]; then
    cat >"$out/batch-national-25h-8.json" <<JSON
{"format": "hospsim-sweep/1", "name": "bench-national-25h-8",
 "description": "Benchmark of hospsim batch: the generated 25-hospital scenario, 8 replications.",
 "scenario": "scenarios/national-25h-7r-${days}d.json", "replications": 8, "seeds": {"policy": "common", "base": 1}}
JSON
    batch_pair "8 runs of the generated 25 hospitals x ${days} days" "$out/batch-national-25h-8.json" batch-national-25h
  fi
else
  batch_lines+=("batch: this hospsim has no batch command; skipped")
fi

python3 - "$out/results.jsonl" "$out/flat.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
flat_rows = [json.loads(line) for line in open(sys.argv[2])]
order = []
for r in rows:
    if r["scenario"] not in order: order.append(r["scenario"])
def med(values): return statistics.median(values) if values else None
print("| scenario | hosp x days | command wall s | command CPU s | command RSS MiB | sim | CPU s | wall s | events | IT requests | elided | peak RSS MiB | CPU ms / hospital-day | full model: CPU s | speed-up |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
per_hd = {}
summary = {}
for name in order:
    runs = [r for r in rows if r["scenario"] == name and r["mode"] == "elided"]
    full = [r for r in rows if r["scenario"] == name and r["mode"] == "full"]
    first = runs[0]
    hd = first["hospitals"] * first["days"]
    label = f'{first["hospitals"]} x {first["days"]:g}'
    cmd_wall = med([r["command_wall"] for r in runs])
    cmd_cpu = med([r["command_cpu"] for r in runs])
    cmd_rss = med([r["command_rss_kb"] for r in runs]) / 1024
    cols = [name, label, f"{cmd_wall:.2f}", f"{cmd_cpu:.2f}", f"{cmd_rss:.0f}"]
    full_cpu = med([r["run"]["cpu_seconds"] for r in full])
    summary[name] = {"hospitals": first["hospitals"], "command_wall": cmd_wall, "command_rss": cmd_rss}
    for sim in ("run", "baseline"):
        if sim not in first: continue
        cpu = med([r[sim]["cpu_seconds"] for r in runs])
        wall = med([r[sim]["wall_seconds"] for r in runs])
        rss = med([r[sim]["peak_rss_kb"] for r in runs]) / 1024
        requests = first[sim]["it_requests"]
        elided = first[sim].get("it_requests_elided", 0)
        share = f"{100 * elided / requests:.1f} %" if requests else "-"
        speed = "-"
        full_col = "-"
        if sim == "run":
            summary[name]["run_cpu"] = cpu
            summary[name]["sim_rss"] = rss
            per_hd[name] = 1000 * cpu / hd
            if full_cpu is not None:
                full_col = f"{full_cpu:.2f}"
                speed = f"{full_cpu / cpu:.1f}x"
        print("| " + " | ".join(cols + [sim, f"{cpu:.2f}", f"{wall:.2f}", str(first[sim]["events"]),
                                        f"{requests:,}", share, f"{rss:.0f}", f"{1000 * cpu / hd:.2f}",
                                        full_col, speed]) + " |")
        cols = ["", "", "", "", ""]
print()
counts = ", ".join(f"{n}: {sum(1 for r in rows if r['scenario'] == n and r['mode'] == 'elided')}" for n in order)
print(f"runs per scenario: {counts} (medians shown)")
print()
print("targets (docs/performance.md):")
def line(ok, text): print(f"- [{'met' if ok else 'NOT met'}] {text}")
if "denmark" in summary:
    d = summary["denmark"]
    line(d["command_wall"] < 0.5, f"Denmark command with baseline and report under 0.5 s wall: {d['command_wall']:.2f} s")
if "national-200h" in summary:
    n = summary["national-200h"]
    line(n["run_cpu"] < 10, f"200 hospitals: one simulation under 10 s: {n['run_cpu']:.2f} s CPU")
    line(n["command_wall"] < 12, f"200 hospitals: command with baseline under 12 s wall: {n['command_wall']:.2f} s")
    line(n["command_rss"] < 1024, f"200 hospitals: under 1 GB peak: {n['command_rss']:.0f} MiB")
if "national-1000h" in summary:
    n = summary["national-1000h"]
    line(n["run_cpu"] < 60, f"1000 hospitals: one simulation under 60 s: {n['run_cpu']:.2f} s CPU")
national = [v for k, v in per_hd.items() if k.startswith("national-")]
flat = {}
for r in flat_rows:
    flat.setdefault(r["hospitals"], []).append(1000 * r["cpu_seconds"] / (r["hospitals"] * r["days"]))
if len(flat) >= 2:
    medians = {n: statistics.median(v) for n, v in sorted(flat.items())}
    ratio = max(medians.values()) / min(medians.values())
    rounds = min(len(v) for v in flat.values())
    figures = ", ".join(f"{n}: {m:.3f}" for n, m in medians.items())
    spread = ", ".join(f"{n}: {min(flat[n]):.3f}-{max(flat[n]):.3f}" for n in medians)
    line(ratio <= 1.3, f"CPU per hospital-day flat within 1.3x over the generated sizes (flatness pass, one "
         f"simulation alone, median of {rounds} interleaved rounds): max / min {ratio:.2f}x; ms per "
         f"hospital-day {figures} (rounds {spread})")
if len(national) >= 2:
    ratio = max(national) / min(national)
    if len(flat) >= 2:
        print(f"- [info] the same in the paired runs above (the run beside its baseline, one try each): max / min "
              f"{ratio:.2f}x")
    else:
        line(ratio <= 1.3, f"CPU per hospital-day flat within 1.3x over the generated sizes (paired runs, no "
             f"flatness pass): max / min {ratio:.2f}x")
PY
for batch_line in "${batch_lines[@]}"; do echo "- $batch_line"; done
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
