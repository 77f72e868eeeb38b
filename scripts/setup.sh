#!/usr/bin/env bash
# Installs every Debian package hospsim needs to build, test and run. Idempotent; runs as root
# (or through sudo) on a fresh Debian 12 machine. Skips apt entirely when everything is present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libsimgrid-dev          # discrete-event engine (SimGrid 3.32)
  nlohmann-json3-dev      # JSON
  libspdlog-dev libfmt-dev
  catch2                  # unit tests (Catch2 v2)
  libcli11-dev            # command line
  libsqlite3-dev sqlite3  # batch result store
  libboost-dev            # SimGrid's public headers include Boost
  python3 python3-jsonschema  # tests: shipped scenarios checked against scenarios/schema.json
  libssl-dev              # hospsim check: SHA-256 fingerprints (OpenSSL EVP)
  clang libclang-rt-14-dev  # make test-sanitize and make fuzz: ASan, UBSan, libFuzzer runtimes
  munge slurmctld slurmd slurm-client  # tests/cluster: a single-node Slurm for `hospsim slurm --submit`
)

# The HTML report's chart libraries come from npm (src/report/web); its test renders reports in Chromium.
packages+=(chromium chromium-driver fonts-dejavu-core)
if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# vega, vega-lite and vega-embed, pinned by src/report/web/package-lock.json; CMake embeds their bundles into
# hospsim. Runs only when the installed tree is missing or older than the lock file.
web="$(cd "$(dirname "$0")/.." && pwd)/src/report/web"
if command -v npm >/dev/null 2>&1 && { [ ! -f "$web/node_modules/.package-lock.json" ] ||
    [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; }; then
  echo "setup: npm ci in src/report/web" >&2
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
