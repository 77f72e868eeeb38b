#!/usr/bin/env bash
# The real Slurm test of issue 18: starts a single-node Slurm (munged, slurmctld, slurmd from Debian's
# packages, configuration in a temporary folder, no cgroups, no accounting), submits the shipped sweep
# scenarios/sweeps/minimal-shards.json with `hospsim slurm --tasks 4 --submit`, waits for the merge job and
# requires the merged database to equal an unsharded `hospsim batch` of the same sweep: every row of every
# table, the runs' wall_seconds aside. Then it resubmits after removing runs from one shard: only those run
# again and the merge gives the same database. The daemons it started are stopped on every exit (trap).
#
# Usage: slurm_test.sh HOSPSIM SOURCE_DIR
# Exit 0 when it passes, 1 when it fails, 77 (skipped) when the Slurm binaries are missing or it does not run
# as root, unless CI is set (CI=true, as CI services set it): then those are failures, because CI must run it.
# Each run uses its own temporary folder and two free TCP ports, so parallel ctest runs (-j) and other
# developers' runs on the same machine do not collide.
set -uo pipefail
hospsim=$1
source_dir=$2
sweep="$source_dir/scenarios/sweeps/minimal-shards.json"
export PATH="$PATH:/usr/sbin:/sbin"
start=$SECONDS

in_ci() { [ -n "${CI:-}" ] && [ "${CI:-}" != "false" ] && [ "${CI:-}" != "0" ]; }
skip_or_fail() {
  if in_ci; then
    echo "slurm test: FAILED: $1 (CI=$CI: this test must run in CI; scripts/setup.sh installs Slurm)" >&2
    exit 1
  fi
  echo "slurm test: skipped: $1 (scripts/setup.sh installs Slurm; with CI set this is a failure)"
  exit 77
}
fail() {
  echo "slurm test: FAILED: $*" >&2
  exit 1
}

missing=()
for binary in munged mungekey slurmctld slurmd sbatch scontrol sinfo sqlite3 python3; do
  command -v "$binary" >/dev/null 2>&1 || missing+=("$binary")
done
[ ${#missing[@]} -eq 0 ] || skip_or_fail "not installed: ${missing[*]}"
[ "$(id -u)" -eq 0 ] || skip_or_fail "slurmd must run as root to start jobs"

# Nothing of an enclosing Slurm job (a CI runner inside Slurm) may leak into this cluster's jobs.
for variable in $(compgen -e | grep '^SLURM_'); do unset "$variable"; done

# A short path: munge's socket path must fit in a sockaddr_un (108 bytes).
tmp=$(mktemp -d /tmp/hospsim-slurm.XXXXXX) || fail "mktemp"
chmod 755 "$tmp"
cleanup() {
  local status=$?
  for pidfile in "$tmp/slurmd.pid" "$tmp/slurmctld.pid" "$tmp/munge/munged.pid"; do
    if [ -s "$pidfile" ]; then
      local pid
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null
    fi
  done
  if [ $status -ne 0 ] && [ $status -ne 77 ]; then
    for log in "$tmp"/log/*.log "$tmp"/out/logs/*.out; do
      [ -f "$log" ] && { echo "==== $log"; tail -n 30 "$log"; }
    done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

read -r ctld_port slurmd_port < <(python3 -c '
import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in sockets])')
host=$(hostname -s)
node=$(slurmd -C | head -n 1 | sed 's/ UpTime=.*//')
case "$node" in NodeName=*) ;; *) fail "slurmd -C printed no NodeName line: $node" ;; esac

mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log"
chmod 700 "$tmp/munge"
mungekey --create --keyfile="$tmp/munge/munge.key" || fail "mungekey"
chmod 600 "$tmp/munge/munge.key"
chmod 755 "$tmp/munge"
munged --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/socket" --pid-file="$tmp/munge/munged.pid" \
  --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/seed" --force || fail "munged did not start"

cat > "$tmp/slurm.conf" <<CONF
ClusterName=hospsimtest
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MinJobAge=600
$node State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -i || fail "slurmctld did not start"
slurmd || fail "slurmd did not start"

idle=""
for _ in $(seq 120); do
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null)
  if [ "$state" = "idle" ]; then idle=yes; break; fi
  sleep 0.5
done
[ -n "$idle" ] || fail "the node did not become idle within 60 s (state '${state:-none}')"
echo "slurm test: single-node Slurm up after $((SECONDS - start)) s ($node)"

# Waits for job $1 to end; fails unless it (every task of an array) COMPLETED.
wait_for_job() {
  local job=$1 states=""
  for _ in $(seq 360); do
    states=$(scontrol -o show job "$job" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort | uniq -c | tr -s ' ')
    if [ -n "$states" ] && ! echo "$states" | grep -q -E 'PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUE'; then
      echo "$states" | grep -q -v 'COMPLETED' && fail "job $job ended as:$states"
      return 0
    fi
    sleep 0.5
  done
  fail "job $job did not end within 180 s:$states"
}

# Compares every table of two batch databases, wall_seconds aside (EXCEPT in both directions: exact values).
same_database() {
  local a=$1 b=$2
  local tables=(
    "batch:key, value"
    "configurations:id, name, description, parameters"
    "strategies:id, name, description"
    "runs:id, configuration, strategy, replication, seed, status, error"
    "metrics:run_id, scope, metric, value, baseline, delta"
  )
  for entry in "${tables[@]}"; do
    local table=${entry%%:*} columns=${entry#*:}
    local counts
    counts=$(sqlite3 "$a" "ATTACH '$b' AS other;
      SELECT (SELECT count(*) FROM main.$table), (SELECT count(*) FROM other.$table),
             (SELECT count(*) FROM (SELECT $columns FROM main.$table EXCEPT SELECT $columns FROM other.$table)),
             (SELECT count(*) FROM (SELECT $columns FROM other.$table EXCEPT SELECT $columns FROM main.$table));")
    local n_a n_b only_a only_b
    IFS='|' read -r n_a n_b only_a only_b <<< "$counts"
    [ "$n_a" = "$n_b" ] && [ "$only_a" = 0 ] && [ "$only_b" = 0 ] && [ "$n_a" -gt 0 ] ||
      fail "table $table differs between $a and $b: $n_a and $n_b rows, $only_a and $only_b rows in only one"
    echo "slurm test: table $table: $n_a rows, identical"
  done
  [ "$(sqlite3 "$a" 'PRAGMA user_version')" = "$(sqlite3 "$b" 'PRAGMA user_version')" ] ||
    fail "schema versions differ"
}

out="$tmp/out"
submitted=$(cd "$tmp" && "$hospsim" slurm "$sweep" --tasks 4 --out "$out" --submit) || fail "hospsim slurm --submit"
echo "$submitted"
array_job=$(echo "$submitted" | sed -n 's/^submitted array job \([0-9]*\) (4 tasks) and merge job \([0-9]*\) .*/\1/p')
merge_job=$(echo "$submitted" | sed -n 's/^submitted array job \([0-9]*\) (4 tasks) and merge job \([0-9]*\) .*/\2/p')
[ -n "$array_job" ] && [ -n "$merge_job" ] || fail "no job ids in: $submitted"
grep -q -- "--array=0-3" "$out/shards.sbatch" || fail "shards.sbatch has no --array=0-3"

# The reference: one unsharded batch, while the cluster works.
(cd "$tmp" && "$hospsim" batch "$sweep" -j 1 --db "$tmp/whole.db" -q) || fail "the unsharded batch failed"

wait_for_job "$array_job"
wait_for_job "$merge_job"
echo "slurm test: array job $array_job and merge job $merge_job completed after $((SECONDS - start)) s"
for task in 0 1 2 3; do
  [ -s "$out/logs/shard-$task.out" ] || fail "no log for task $task"
  [ "$(sqlite3 "$out/shard-$task.db" "SELECT value FROM batch WHERE key = 'shard'")" = "$task/4" ] ||
    fail "shard-$task.db does not hold shard $task/4"
done
echo "slurm test: $out/logs/shard-1.out:"
grep -v '^batch: ' "$out/logs/shard-1.out"
merged="$out/minimal-shards.db"
[ -s "$merged" ] || fail "no merged database $merged"
same_database "$merged" "$tmp/whole.db"

# Resubmission resumes: remove two runs of shard 2 and the merged database, submit again.
removed=$(sqlite3 "$out/shard-2.db" "SELECT group_concat(id, ' ') FROM (SELECT id FROM runs ORDER BY id LIMIT 2)")
sqlite3 "$out/shard-2.db" "DELETE FROM metrics WHERE run_id IN (${removed// /,}); DELETE FROM runs WHERE id IN (${removed// /,});"
rm -f "$merged"
again=$(cd "$tmp" && "$hospsim" slurm "$sweep" --tasks 4 --out "$out" --submit) || fail "the resubmission"
echo "$again"
echo "$again" | grep -q '^resuming: 22 of 24 runs are recorded in the shard databases already$' ||
  fail "the resubmission does not say it resumes 22 of 24 runs"
array_job=$(echo "$again" | sed -n 's/^submitted array job \([0-9]*\) .*/\1/p')
merge_job=$(echo "$again" | sed -n 's/^submitted array job [0-9]* (4 tasks) and merge job \([0-9]*\) .*/\1/p')
wait_for_job "$array_job"
wait_for_job "$merge_job"
grep -q ', 2 run now, 0 failed' "$out/logs/shard-2.out" || fail "task 2 did not run exactly its 2 missing runs"
grep -q ', 0 run now, 0 failed' "$out/logs/shard-0.out" || fail "task 0 ran runs again"
same_database "$merged" "$tmp/whole.db"
echo "slurm test: passed in $((SECONDS - start)) s"
