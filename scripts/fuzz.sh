#!/usr/bin/env bash
# Runs every libFuzzer harness of tests/fuzz for SECONDS each (default 300), one after the other, at low
# priority. Builds them first in build-fuzz/ with clang (-DHOSPSIM_FUZZ=ON: libFuzzer + ASan + UBSan).
#   scripts/fuzz.sh [SECONDS] [HARNESS...]      e.g. scripts/fuzz.sh 1800 sweep
# New interesting inputs go to build-fuzz/corpus/<harness>/ (seeded from tests/fuzz/corpus/<harness>/ and the
# shipped files); a crash, leak or sanitizer finding is kept as tests/fuzz/crashes/<harness>/<kind>-<hash>, which
# the fuzz::replay ctest then replays on every build: fix the bug, keep the file. Exit 1 when a harness found
# something.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(scenario sweep expectation run_files)
build=build-fuzz
jobs="${JOBS:-2}"

if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz: clang++ is needed (scripts/setup.sh installs clang and libclang-rt-14-dev)" >&2
  exit 2
fi
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DHOSPSIM_FUZZ=ON >/dev/null || exit 2
targets=()
for h in "${harnesses[@]}"; do targets+=(--target "fuzz_$h"); done
nice cmake --build "$build" -j "$jobs" "${targets[@]}" > "$build/fuzz-build.log" 2>&1 || {
  tail -40 "$build/fuzz-build.log"
  exit 2
}

found=0
for h in "${harnesses[@]}"; do
  corpus="$build/corpus/$h"
  crashes="tests/fuzz/crashes/$h"
  mkdir -p "$corpus" "$crashes"
  seeds=(tests/fuzz/corpus/"$h")
  case "$h" in
    scenario) seeds+=(scenarios tests/bad_input tests/batch/data bench) ;;
    sweep) seeds+=(scenarios/sweeps) ;;
    expectation) seeds+=(scenarios/expectations) ;;
  esac
  existing=()
  for s in "${seeds[@]}"; do [ -d "$s" ] && existing+=("$s"); done
  echo "fuzz: $h for $seconds s (corpus $corpus, crashes kept in $crashes)" >&2
  # Each harness gets a dictionary-free run; -max_len keeps inputs about the size of a real file.
  ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    nice -n 19 "$build/tests/fuzz/fuzz_$h" "$corpus" "${existing[@]}" -max_total_time="$seconds" -max_len=65536 \
    -rss_limit_mb=2048 -timeout=30 -artifact_prefix="$crashes/" -print_final_stats=1 \
    > "$build/fuzz-$h.log" 2>&1
  status=$?
  grep -E "^stat::number_of_executed_units|^stat::new_units_added|^stat::peak_rss_mb" "$build/fuzz-$h.log" >&2
  # A slow unit is an input that took more than 10 s of wall time (libFuzzer's -report_slow_units). At nice 19
  # on a busy machine that is usually the fuzzer waiting for a core, not a slow input, and it is not a failure:
  # it moves out of the crashes folder (which the replay ctest reads and git keeps) to $build/slow-units/.
  # Time it again with `$build/tests/fuzz/fuzz_<harness> FILE` on an idle machine.
  for unit in "$crashes"/slow-unit-*; do
    [ -e "$unit" ] || continue
    mkdir -p "$build/slow-units/$h"
    mv "$unit" "$build/slow-units/$h/"
    echo "fuzz: $h: slow unit kept in $build/slow-units/$h/$(basename "$unit")" >&2
  done
  if [ $status -ne 0 ]; then
    echo "fuzz: $h found a problem (see $build/fuzz-$h.log; the input is in $crashes/)" >&2
    found=1
  fi
done
exit $found
