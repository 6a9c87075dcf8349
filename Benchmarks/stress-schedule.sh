#!/usr/bin/env bash
# Scheduling beyond the two target workloads: instances where the per-participant bound is not
# tight (tables or enterprises are the bottleneck), ours against CP-SAT with a 120 s limit.
#
# usage: Benchmarks/stress-schedule.sh [SHARED_DIR]   (same environment variables as run.sh: SCRATCH, WORK, KEEP)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="$(cd "${1:-$repo/../shared}" && pwd)"
[ -f "$shared/bench/peer_schedule.py" ] || { echo "error: no bench/peer_schedule.py under $shared" >&2; exit 2; }
python3 -c 'import ortools' 2>/dev/null || { echo "error: CP-SAT peer needs ortools: pip install ortools" >&2; exit 2; }
scratch="${SCRATCH:-$repo/.build-bench}"
work="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/roadshow-stress.XXXXXX")}"
mkdir -p "$work"
[ -z "${WORK:-}" ] && [ "${KEEP:-0}" != 1 ] && trap 'rm -rf "$work"' EXIT
swift build --package-path "$repo" --scratch-path "$scratch" --product roadshow-bench -c release 2>&1 | tail -n 1
bin="$(swift build --package-path "$repo" --scratch-path "$scratch" -c release --show-bin-path)/roadshow-bench"

echo "| instance (gen.py options) | ours: objective / bound / seconds | CP-SAT: objective / bound / status / solve s | ours ÷ CP-SAT |"
echo "| --- | --- | --- | --- |"
while read -r name options; do
  # shellcheck disable=SC2086
  python3 "$shared/bench/gen.py" "$work/$name" --achievements 300 --demands 5 $options >/dev/null
  ours="$("$bin" schedule --dir "$work/$name" --out "$work/$name-ours.csv" | grep '^RESULT')"
  check="$(python3 "$here/check.py" schedule "$work/$name" "$work/$name-ours.csv")"
  peer="$(python3 "$shared/bench/peer_schedule.py" "$work/$name" --seconds 120 | tr '\n' ' ')"
  python3 - "$name" "$options" "$ours" "$check" "$peer" <<'PY'
import json, re, sys
name, options, ours, check, peer = sys.argv[1:]
o = dict(p.split("=", 1) for p in ours.split()[1:])
c = json.loads(check)
obj, bound = int(re.search(r"objective (\d+)", peer).group(1)), int(re.search(r"bound (\d+)", peer).group(1))
status, solve = re.search(r"status (\S+)", peer).group(1), float(re.search(r"solve ([\d.]+)s", peer).group(1))
feasible = "" if c["feasible"] else " INFEASIBLE"
print(f"| {name}: `{options}` | {c['objective']} / {o['bound']} / {float(o['seconds']):.2f}{feasible} | "
      f"{obj} / {bound} / {status} / {solve:.1f} | {100 * c['objective'] / obj:.2f} % |")
PY
done <<'LIST'
tables40 --tables 40
dense --enterprises 100 --holders 60 --requests 2500 --slots 12 --tables 50
seed1 --seed 1 --tables 35
seed2 --seed 2 --enterprises 150 --holders 80 --requests 2500 --slots 10 --tables 45
seed3 --seed 3 --enterprises 80 --holders 40 --requests 1800 --slots 16 --tables 30
seed4 --seed 4 --enterprises 300 --holders 100 --requests 4000 --slots 12 --tables 80
seed5 --seed 5 --enterprises 60 --holders 60 --requests 1500 --slots 20 --tables 40
LIST
