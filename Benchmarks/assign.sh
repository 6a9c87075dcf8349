#!/bin/sh
# Expert-review assignment: Roadshow's ReviewAssigner (roadshow-bench assign, release build) against
# the OR-tools min-cost-flow peer (../shared/bench/peer_assign.py), interleaved pairs, on
# gen_review.py workloads; both outputs checked by check_assign.py. Memory by /usr/bin/time.
#
# usage: Benchmarks/assign.sh [PAIRS] [WORKDIR]     (default 3 pairs, /tmp/roadshow-assign)
# needs: python3 with ortools and numpy (pip install ortools numpy)
set -e
PAIRS=${1:-3}
WORK=${2:-/tmp/roadshow-assign}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PEER=$HERE/../shared/bench
B=$HERE/.build/release/roadshow-bench
[ -x "$B" ] || (cd "$HERE" && swift build -c release --product roadshow-bench)
mkdir -p "$WORK"
[ -d "$WORK/w1k" ] || python3 "$PEER/gen_review.py" "$WORK/w1k" --achievements 1000 --experts 100
[ -d "$WORK/w10k" ] || python3 "$PEER/gen_review.py" "$WORK/w10k"
[ -d "$WORK/w30k" ] || python3 "$PEER/gen_review.py" "$WORK/w30k" --achievements 30000 --experts 1500
for w in w1k w10k; do
  i=1
  while [ $i -le "$PAIRS" ]; do
    echo "== $w pair $i  $(uptime | sed 's/.*load/load/')"
    /usr/bin/time -f "ours wall %e s maxrss %M KiB" "$B" assign --dir "$WORK/$w" --out "$WORK/ours-$w.csv" 2>&1 \
      | grep -E "RESULT|wall|assign best"
    /usr/bin/time -f "peer wall %e s maxrss %M KiB" python3 "$PEER/peer_assign.py" "$WORK/$w" --out "$WORK/peer-$w.csv" 2>&1
    i=$((i + 1))
  done
  python3 "$PEER/check_assign.py" "$WORK/$w" "$WORK/ours-$w.csv"
  python3 "$PEER/check_assign.py" "$WORK/$w" "$WORK/peer-$w.csv"
done
echo "== w30k ours only (the peer is not run at this size: 45 M arcs)  $(uptime | sed 's/.*load/load/')"
/usr/bin/time -f "ours wall %e s maxrss %M KiB" "$B" assign --dir "$WORK/w30k" --out "$WORK/ours-w30k.csv" --repeat 3 2>&1 \
  | grep -E "RESULT|wall|assign best|classes"
python3 "$PEER/check_assign.py" "$WORK/w30k" "$WORK/ours-w30k.csv"
