#!/usr/bin/env bash
# Load benchmark of the work platform: `wrk` on loopback against the catalogue and an achievement
# page of `roadshow-web serve` over a generated library of N records (default 100,000). See --help.
set -euo pipefail

usage() {
  cat <<'TEXT'
usage: Benchmarks/web.sh [--size N] [--duration SECONDS] [--connections N] [--threads N]
                         [--work DIR] [--shared DIR] [--no-build] [--postgres] [--help]

  * generates the library with ../shared/bench/gen_library.py N FILE (cached in the work folder) and
    runs the main sample's config on it (release build) to fill a fresh SQLite library;
  * starts `roadshow-web serve` on 127.0.0.1 and warms the catalogue;
  * runs wrk on: the catalogue's first page, random catalogue pages (rendered each time, past
    the page cache), a filtered catalogue page, an achievement page and the JSON API; prints
    requests/s and p99 latency with the machine's load.

options:
  --size N          records in the library (default 100000)
  --duration S      seconds per wrk run (default 10)
  --connections N   open connections (default 16)
  --threads N       wrk threads (default 2)
  --work DIR        work folder (default .build/web-bench)
  --shared DIR      the shared folder with bench/ (default ../shared beside the repository)
  --no-build        use the binaries already in .build/release
  --postgres        serve from PostgreSQL: the SQLite library is imported (roadshow-web import) into
                    the rows of host `web-bench` of $ROADSHOW_POSTGRES_URL, or of a throwaway
                    server that .ci/postgres.sh starts when that is not set

needs: wrk (apt-get install wrk), python3, curl. Target on the 2-core machine: ≥ 2,000 req/s and
p99 ≤ 50 ms for catalogue pages.
TEXT
}

die() { echo "web.sh: $*" >&2; exit 1; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
size=100000
duration=10
connections=16
threads=2
work=""
shared=""
build=1
postgres=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size=${2:?}; shift 2 ;;
    --duration) duration=${2:?}; shift 2 ;;
    --connections) connections=${2:?}; shift 2 ;;
    --threads) threads=${2:?}; shift 2 ;;
    --work) work=${2:?}; shift 2 ;;
    --shared) shared=${2:?}; shift 2 ;;
    --no-build) build=0; shift ;;
    --postgres) postgres=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
for value in "$size" "$duration" "$connections" "$threads"; do
  [[ $value =~ ^[1-9][0-9]*$ ]] || die "expected a positive whole number, got '$value'"
done
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v curl >/dev/null || die "curl is not installed (apt-get install curl)"
shared=${shared:-$repo/../shared}
[[ -f $shared/bench/gen_library.py ]] || die "no $shared/bench/gen_library.py (pass --shared DIR)"
work=${work:-$repo/.build/web-bench}
mkdir -p "$work/data"
work=$(cd "$work" && pwd)
cd "$repo"

if [[ $build == 1 ]]; then
  echo "building roadshow and roadshow-web (release)…"
  swift build -c release --product roadshow >/dev/null
  swift build -c release --product roadshow-web >/dev/null
fi
bin=$repo/.build/release
[[ -x $bin/roadshow && -x $bin/roadshow-web ]] || die "no release binaries in $bin"

lib=$work/library-$size.csv
if [[ ! -s $lib ]]; then
  echo "generating $size records → $lib"
  python3 "$shared/bench/gen_library.py" "$size" "$lib.part"
  mv "$lib.part" "$lib"
fi
sample=Samples/torch-express-2024.yaml
grep -q 'file: data/nkrdp-projects-2018.csv' "$sample" || die "$sample no longer reads data/nkrdp-projects-2018.csv"
for f in Samples/data/*.csv; do cp "$f" "$work/data/"; done
config=$work/torch-web-$size.yaml
sed -e "s#file: data/nkrdp-projects-2018.csv#file: \"$lib\"#" -e "s#^library: .*#library: web-bench.sqlite#" \
  "$sample" >"$config"
db=$work/web-bench-$size.sqlite
if [[ ! -s $db ]]; then
  echo "filling the library (roadshow run)…"
  "$bin/roadshow" run "$config" --out "$work/out" --db "$db" --quiet >/dev/null
fi

store=(--db "$db")
if [[ $postgres == 1 ]]; then
  if [[ -z ${ROADSHOW_POSTGRES_URL:-} ]]; then
    source "$repo/.ci/postgres.sh" || die "could not start PostgreSQL"
    trap 'roadshow_postgres_stop' EXIT
  fi
  start=$(date +%s.%N)
  "$bin/roadshow-web" import --db "$db" --postgres "$ROADSHOW_POSTGRES_URL" --as-host web-bench
  echo "imported in $(python3 -c "print(round($(date +%s.%N) - $start, 2))") s"
  store=(--postgres "$ROADSHOW_POSTGRES_URL" --as-host web-bench)
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin/roadshow-web" serve "$config" "${store[@]}" --port "$port" --log-level warning &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; if [[ $postgres == 1 ]] && declare -F roadshow_postgres_stop >/dev/null; then roadshow_postgres_stop; fi' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 1 150); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.2; done
start=$(date +%s.%N)
curl -fs "$base/" >/dev/null || die "the catalogue did not answer"
echo "catalogue built and first page served in $(python3 -c "print(round($(date +%s.%N) - $start, 2))") s"
total=$(curl -fs "$base/api/achievements?perPage=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
id=$(curl -fs "$base/api/achievements?perPage=1&page=5000" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["url"])')
field=$(curl -fs "$base/api/achievements?perPage=1" | python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["items"][0]["field"]))')
echo "library: $size generated records, $total in the public catalogue"

printf '\n| page | requests/s | p50 | p99 |\n|---|---:|---:|---:|\n'
# Pages for visitors who are not logged in are kept once rendered (per library version); a wrk
# script asking for a random page among 5,000 (more than the 2,000 kept) measures rendering itself.
cat >"$work/random-page.lua" <<'LUA'
math.randomseed(os.time())
request = function() return wrk.format(nil, "/?page=" .. math.random(1, 5000)) end
LUA
measure() { # LABEL PATH [wrk options]
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "${@:3}" "$base$2")
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  if grep -q 'Non-2xx' <<<"$out"; then rps="$rps (errors: $(awk '/Non-2xx/ {print $NF}' <<<"$out"))"; fi
  printf '| %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99"
}
measure "catalogue, first page (/)" "/"
measure "catalogue, a random page of 5,000 each request (rendered, not kept)" "/" -s "$work/random-page.lua"
measure "catalogue, field + TRL filter, page 3" "/?field=$field&trl=5&page=3"
measure "achievement page" "$id"
measure "JSON API, first page" "/api/achievements"
echo
if [[ $postgres == 1 ]]; then echo "store: PostgreSQL, host web-bench"; else echo "store: SQLite"; fi
echo "wrk -t$threads -c$connections -d${duration}s on loopback; $(nproc) cores; load: $(uptime | sed 's/.*load average: //')"
