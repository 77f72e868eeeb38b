#!/usr/bin/env bash
# The sanitizer suite (`make test-sanitize`, run by .ci/run): builds everything with AddressSanitizer +
# UndefinedBehaviorSanitizer in BUILD (default build-sanitize/), runs the whole ctest suite there, and fails
# when a test fails or when any process of the suite (test executables and every hospsim child they start)
# reported a sanitizer error.
#   scripts/test-sanitize.sh [BUILD]        JOBS=N sets the parallelism (default: the number of cores)
#
# Sanitizer reports go to files, not to the processes' stderr: BUILD/sanitizer-logs/sanitizer.<pid>. The CLI
# tests check the exact stderr of hospsim (e.g. `check --quiet` prints nothing there), and every process
# whose actor code throws an exception on a SimGrid context stack gets one ASan warning on it ("ASan is
# ignoring requested __asan_handle_no_return": ASan does not know the stacks SimGrid switches to; see
# docs/reliability.md). Writing the reports to files keeps stderr what the user sees, and this script reads
# every file afterwards: any "ERROR:" (AddressSanitizer, LeakSanitizer) or "runtime error" (UBSan) fails
# the suite, even when the process that hit it was one whose failure a test expected; the stack-switch
# warnings are counted and allowed.
set -uo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-sanitize}"
jobs="${JOBS:-$(nproc 2>/dev/null || echo 2)}"

# clang, because its UBSan is part of the ASan runtime and so writes to the same log_path; GCC's libubsan
# writes its reports to stderr whatever UBSAN_OPTIONS says.
if ! command -v clang++ >/dev/null 2>&1; then
  echo "test-sanitize: clang++ is needed (scripts/setup.sh installs clang and libclang-rt-14-dev)" >&2
  exit 2
fi
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DHOSPSIM_SANITIZE=ON \
  >/dev/null || exit 2
echo "building the sanitizer suite in $build/ (log: $build/build.log)"
cmake --build "$build" -j "$jobs" > "$build/build.log" 2>&1 || {
  cat "$build/build.log"
  exit 1
}

logs="$(cd "$build" && pwd)/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"
# detect_stack_use_after_return=0: the fake stacks of that mode do not follow SimGrid's stack switches.
# Leak checking stays on. halt_on_error: any UBSan finding ends the process (and so fails its test).
(cd "$build" &&
  ASAN_OPTIONS="detect_stack_use_after_return=0:detect_leaks=1:log_path=$logs/sanitizer" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
  ctest --output-on-failure -j "$jobs")
status=$?

reports=$(grep -l -E "ERROR: |runtime error" "$logs"/* 2>/dev/null)
warnings=$(grep -l "ignoring requested __asan_handle_no_return" "$logs"/* 2>/dev/null | wc -l)
if [ -n "$reports" ]; then
  echo "sanitizer reports (from $logs):"
  for report in $reports; do
    echo "==== $report"
    cat "$report"
  done
  status=1
fi
echo "sanitizers: $(ls "$logs" | wc -l) processes wrote a log: $(echo -n "$reports" | grep -c .) with an error," \
  "$warnings with the stack-switch warning"
exit $status
