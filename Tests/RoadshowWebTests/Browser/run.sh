#!/usr/bin/env bash
# The browser test: starts the platform on the main sample's library with demo accounts and runs
# flow.py in headless Chromium (a holder submits, the host clears it and runs the pipeline from its
# dashboard and publishes a notice, the public finds it, an enterprise reads the notice, registers
# for the event and answers interest, an expert scores a pitch of the on-site review).
# usage: Tests/RoadshowWebTests/Browser/run.sh [SCREENSHOT_DIR]   (default: a temporary folder)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$repo"
shots=${1:-$(mktemp -d)}
work=$(mktemp -d)
server=""
cleanup() {
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

swift build --product roadshow >/dev/null
swift build --product roadshow-web >/dev/null
bin=$(swift build --show-bin-path)
config=Samples/torch-express-2024.yaml
db=$work/library.sqlite
"$bin/roadshow" run "$config" --out "$work/out" --db "$db" --quiet >/dev/null
host=$(awk '/^host:/ {h = 1; next} h && /^  name:/ {sub(/^  name: */, ""); print; exit}' "$config")
add() { ROADSHOW_PASSWORD=demo-password "$bin/roadshow-web" users add "$@" --db "$db" >/dev/null; }
add demo-holder --role holder --display-name 示例成果持有方
add demo-host --role host --scope "$host" --display-name 示例承办单位
add demo-expert --role expert --scope OX01 --display-name 示例专家甲
add demo-enterprise --role enterprise --display-name 示例企业智能装备
# The September event's on-site review (现场评议), so the expert has pitches to score.
"$bin/roadshow" review onsite --event 2024-09-intelligent-manufacturing --round 2024-09-onsite \
  --experts Samples/data/onsite-experts-2024-09.csv --db "$db" >/dev/null
# The dashboard's "run the pipeline" writes the run's folder under the server's working folder.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$work" && exec "$bin/roadshow-web" serve "$repo/$config" --db "$db" --port "$port" --log-level warning) &
server=$!
for _ in $(seq 1 100); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null; then
    break
  fi
  sleep 0.2
done
(cd "$work" && python3 "$repo/Tests/RoadshowWebTests/Browser/flow.py" "http://127.0.0.1:$port" "$shots")
