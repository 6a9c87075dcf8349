#!/usr/bin/env bash
# Benchmark: roadshow's matching and scheduling engines against the Python peers in shared/bench.
#
# usage: Benchmarks/run.sh [SHARED_DIR]
#   SHARED_DIR  the shared/ folder holding bench/gen.py and the peers (default: ../shared beside the repo)
# environment:
#   SCRATCH=DIR     SwiftPM scratch path for the release build (default: .build-bench in the repo)
#   WORK=DIR        where workloads and outputs go (default: a fresh temp dir, removed unless KEEP=1)
#   SKIP_LARGE=1    skip the large scheduling workload
#   PEER_SECONDS=N  CP-SAT time limit (default 60, as peer_schedule.py)
#
# Steps: (1) generate the workloads with gen.py (seed 7), (2) build roadshow-bench in release,
# (3) run ours and the peer on each, timing the whole process (wall clock and peak RSS, from
# /usr/bin/time -v when present, otherwise Python's resource module), (4) re-check every output file
# independently (Benchmarks/check.py: recall@10 the way the peer computes it, schedule feasibility
# and objective), (5) print a side-by-side table.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="${1:-$repo/../shared}"
if [ ! -f "$shared/bench/gen.py" ]; then
  echo "error: no bench/gen.py under '$shared'; pass the path to shared/ as the first argument" >&2
  exit 2
fi
shared="$(cd "$shared" && pwd)"
command -v python3 >/dev/null || { echo "error: python3 is not installed" >&2; exit 2; }
command -v swift >/dev/null || { echo "error: swift is not on PATH" >&2; exit 2; }
if ! python3 - <<'PY'
import importlib.util, sys
missing = [m for m in ("numpy", "sklearn", "ortools") if importlib.util.find_spec(m) is None]
if missing:
    print("error: the Python peers need packages that are missing: " + ", ".join(missing), file=sys.stderr)
    print("       install them with:  pip install scikit-learn ortools", file=sys.stderr)
    sys.exit(1)
PY
then
  exit 2
fi

scratch="${SCRATCH:-$repo/.build-bench}"
peer_seconds="${PEER_SECONDS:-60}"
if [ -n "${WORK:-}" ]; then
  work="$WORK"
  mkdir -p "$work"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/roadshow-bench.XXXXXX")"
  if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$work"' EXIT; fi
fi

echo "== machine: $(nproc 2>/dev/null || echo '?') cores, $(uname -sm); work dir $work"
echo "== (1) generating workloads with gen.py, seed 7"
python3 "$shared/bench/gen.py" "$work/default" --seed 7
if [ "${SKIP_LARGE:-0}" != 1 ]; then
  python3 "$shared/bench/gen.py" "$work/large" --enterprises 2000 --holders 200 --requests 12000 --tables 200 --seed 7
fi

echo "== (2) building roadshow-bench (release, scratch path $scratch)"
swift build --package-path "$repo" --scratch-path "$scratch" --product roadshow-bench -c release 2>&1 | tail -n 3
bin="$(swift build --package-path "$repo" --scratch-path "$scratch" -c release --show-bin-path)/roadshow-bench"

# measure NAME CMD...: runs CMD with stdout to $work/NAME.out and writes "seconds peak_mib" to $work/NAME.cost.
measure() {
  local name="$1"
  shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out"
    python3 - "$work/$name.time" >"$work/$name.cost" <<'PY'
import sys
wall = rss = None
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("Elapsed (wall clock) time"):
        parts = [float(p) for p in line.rsplit(" ", 1)[1].split(":")]
        wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    elif line.startswith("Maximum resident set size"):
        rss = int(line.rsplit(" ", 1)[1]) / 1024
print(f"{wall} {rss}")
PY
  else
    python3 - "$work/$name.out" "$@" >"$work/$name.cost" <<'PY'
import resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "w") as out:
    code = subprocess.run(sys.argv[2:], stdout=out).returncode
wall = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
print(f"{wall} {rss}")
sys.exit(code)
PY
  fi
  sed 's/^/   /' "$work/$name.out"
  echo "   [$name: $(awk '{printf "%.2f s, %.0f MiB peak", $1, $2}' "$work/$name.cost")]"
}

field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

echo "== (3) matching: 100,000 achievements × 10,000 demands"
measure match-ours "$bin" match --dir "$work/default" --out "$work/ours-matches.csv"
measure match-peer python3 "$shared/bench/peer_match.py" "$work/default" --out "$work/peer-matches.csv"
python3 "$here/check.py" recall "$work/default" "$work/ours-matches.csv" >"$work/match-ours.json"
python3 "$here/check.py" recall "$work/default" "$work/peer-matches.csv" >"$work/match-peer.json"

workloads=(default)
[ "${SKIP_LARGE:-0}" != 1 ] && workloads+=(large)
for w in "${workloads[@]}"; do
  echo "== (3) scheduling: $w workload ($(tail -n 1 "$work/$w/event.csv") slots,tables; $(($(wc -l <"$work/$w/requests.csv") - 1)) requests)"
  measure "schedule-$w-ours" "$bin" schedule --dir "$work/$w" --out "$work/ours-meetings-$w.csv"
  measure "schedule-$w-peer" python3 "$shared/bench/peer_schedule.py" "$work/$w" --seconds "$peer_seconds" \
    --out "$work/peer-meetings-$w.csv"
  python3 "$here/check.py" schedule "$work/$w" "$work/ours-meetings-$w.csv" >"$work/schedule-$w-ours.json"
  python3 "$here/check.py" schedule "$work/$w" "$work/peer-meetings-$w.csv" >"$work/schedule-$w-peer.json"
done

echo "== (4) results"
python3 - "$work" "${workloads[@]}" >"$work/results.json" <<'PY'
import json, re, sys
work, names = sys.argv[1], sys.argv[2:]
def cost(name):
    seconds, mib = open(f"{work}/{name}.cost").read().split()
    return {"seconds": float(seconds), "peak_mib": float(mib)}
def result_line(name):
    for line in open(f"{work}/{name}.out"):
        if line.startswith("RESULT "):
            return dict(p.split("=", 1) for p in line.split()[1:])
    return {}
out = {"match": {"name": "matching 100k × 10k",
                 "ours": {**cost("match-ours"), **json.load(open(f"{work}/match-ours.json"))},
                 "peer": {**cost("match-peer"), **json.load(open(f"{work}/match-peer.json"))}},
       "schedule": []}
for n in names:
    peer_text = open(f"{work}/schedule-{n}-peer.out").read()
    status = re.search(r"status (\S+)", peer_text)
    bound = re.search(r"bound (\d+)", peer_text)
    ours = {**cost(f"schedule-{n}-ours"), **json.load(open(f"{work}/schedule-{n}-ours.json"))}
    ours["bound"] = int(result_line(f"schedule-{n}-ours").get("bound", 0))
    peer = {**cost(f"schedule-{n}-peer"), **json.load(open(f"{work}/schedule-{n}-peer.json"))}
    peer["status"] = status.group(1) if status else "?"
    peer["bound"] = int(bound.group(1)) if bound else 0
    out["schedule"].append({"name": f"scheduling {n}", "ours": ours, "peer": peer})
print(json.dumps(out, indent=1))
PY
python3 "$here/check.py" table "$work/results.json"
echo
echo "(all output files and timings are in $work$([ -z "${WORK:-}" ] && [ "${KEEP:-0}" != 1 ] && echo ', removed on exit'))"
