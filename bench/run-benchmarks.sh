#!/usr/bin/env bash
# The hospsim benchmark: fixed scenarios, each run with its paired baseline (`hospsim run --stats`), and
# `hospsim batch -j 1` against `-j 2` on 8 runs. Prints one table; docs/performance.md keeps the latest one.
# The generated national scenarios use passive monitoring with 15-minute probes (`--probe passive
# --probe-every 15min`, docs/performance.md, "Targets"); the Denmark scenario runs as shipped.
#
#   bench/run-benchmarks.sh [--quick] [--repeat N] [--out DIR]
#
#   --quick     generated scenarios over 3 days instead of 30 (a smoke test of the script, ~1 min)
#   --repeat N  runs per scenario (default 3 for Denmark, 1 for the generated ones); the median is printed
#   --out DIR   where scenarios, outputs and raw figures go (default bench-out/)
#   HOSPSIM     the hospsim executable (default build/hospsim)
#
# Per scenario and per simulation process (run and baseline): wall seconds, model events, events per wall
# second, peak RSS (MiB) and CPU milliseconds per hospital-day; plus the wall time and peak RSS of the whole
# `hospsim run` command measured from outside by /usr/bin/time. Tools: bash, GNU time (package `time`),
# python3 for the arithmetic. The machine is described at the top of the output (nproc, CPU, memory, load).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
hospsim="${HOSPSIM:-$root/build/hospsim}"
out="bench-out"
days=30
repeat_denmark=3
repeat_generated=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) days=3; shift ;;
    --repeat) repeat_denmark="$2"; repeat_generated="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "run-benchmarks.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -x "$hospsim" ]] || { echo "run-benchmarks.sh: no executable $hospsim (build it, or set HOSPSIM)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run-benchmarks.sh: /usr/bin/time missing (scripts/setup.sh installs package time)" >&2; exit 2; }
mkdir -p "$out/scenarios" "$out/runs"

echo "# hospsim benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# $("$hospsim" --version)"
echo "# machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) memory"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# One `hospsim run` with /usr/bin/time around it; appends a JSON line to $out/results.jsonl.
run_once() {
  local name="$1" file="$2" hospitals="$3" days="$4" k="$5"
  local dir="$out/runs/$name-$k"
  rm -rf "$dir"
  /usr/bin/time -f '%e %M' -o "$dir.time" "$hospsim" --quiet run "$file" --out "$dir" --stats "$dir.stats.json" >/dev/null
  python3 - "$name" "$hospitals" "$days" "$dir.time" "$dir.stats.json" >>"$out/results.jsonl" <<'PY'
import json, sys
name, hospitals, days, time_file, stats_file = sys.argv[1:]
wall, rss = open(time_file).read().split()[-2:]
stats = json.load(open(stats_file))
print(json.dumps({"scenario": name, "hospitals": int(hospitals), "days": float(days),
                  "command_wall": float(wall), "command_rss_kb": int(rss), **stats}))
PY
}

: >"$out/results.jsonl"
denmark="$root/scenarios/denmark-2025-midtjylland.json"
for k in $(seq 1 "$repeat_denmark"); do run_once denmark "$denmark" 5 7 "$k"; done
for n in 25 50 100 200; do
  file="$out/scenarios/national-${n}h-7r-${days}d.json"
  "$hospsim" --quiet generate --hospitals "$n" --regions 7 --days "$days" --seed 1 \
    --probe passive --probe-every 15min -o "$file"
  for k in $(seq 1 "$repeat_generated"); do run_once "national-${n}h" "$file" "$n" "$days" "$k"; done
done

# Batch -j 1 against -j 2 on 8 runs of the Denmark scenario (no baselines: a batch run is one simulation).
batch_line=""
if "$hospsim" batch --help >/dev/null 2>&1; then
  for j in 1 2; do
    rm -f "$out/batch-j$j.db"
    /usr/bin/time -f '%e' -o "$out/batch-j$j.time" "$hospsim" --quiet batch "$here/batch-denmark-8.json" -j "$j" \
      --db "$out/batch-j$j.db" >/dev/null
  done
  batch_line="$(python3 -c "
j1 = float(open('$out/batch-j1.time').read().split()[-1]); j2 = float(open('$out/batch-j2.time').read().split()[-1])
print(f'batch, 8 Denmark runs: -j 1 {j1:.2f} s, -j 2 {j2:.2f} s, speed-up {j1 / j2:.2f}x')")"
else
  batch_line="batch: this hospsim has no batch command; skipped"
fi

python3 - "$out/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
order = []
for r in rows:
    if r["scenario"] not in order: order.append(r["scenario"])
def med(values): return statistics.median(values)
print("| scenario | hosp x days | command wall s | command RSS MiB | sim | wall s | events | events/s | peak RSS MiB | CPU ms / hospital-day |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for name in order:
    runs = [r for r in rows if r["scenario"] == name]
    first = runs[0]
    hd = first["hospitals"] * first["days"]
    label = f'{first["hospitals"]} x {first["days"]:g}'
    cmd = f'{med([r["command_wall"] for r in runs]):.2f}'
    cmd_rss = f'{med([r["command_rss_kb"] for r in runs]) / 1024:.0f}'
    for sim in ("run", "baseline"):
        if sim not in first: continue
        wall = med([r[sim]["wall_seconds"] for r in runs])
        cpu = med([r[sim]["cpu_seconds"] for r in runs])
        events = first[sim]["events"]
        rss = med([r[sim]["peak_rss_kb"] for r in runs]) / 1024
        print(f'| {name} | {label} | {cmd} | {cmd_rss} | {sim} | {wall:.2f} | {events} | {events / wall:,.0f} | {rss:.0f} | {1000 * cpu / hd:.1f} |')
        name, label, cmd, cmd_rss = "", "", "", ""
print()
counts = ", ".join(f"{n}: {sum(1 for r in rows if r['scenario'] == n)}" for n in order)
print(f"runs per scenario: {counts} (medians shown)")
PY
echo "$batch_line"
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
