#!/usr/bin/env bash
# National-scale data-path benchmark: `roadshow run` of the main sample's config over a generated
# project library of 100,000 and 1,000,000 records (the 2018 list's format), against the pandas
# script a host's analyst would write (../shared/bench/peer_pipeline.py). See --help.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: Benchmarks/national.sh [--sizes N[,N...]] [--pairs N] [--csv-repeat N] [--work DIR]
                              [--shared DIR] [--no-build] [--no-write] [--help]

Measures the data path of `roadshow run` on national-scale libraries against the Python peer:

  * generates each library with ../shared/bench/gen_library.py N FILE (cached in the work folder);
  * writes a config derived from Samples/torch-express-2024.yaml whose library intake reads it;
  * runs `roadshow run CONFIG --out DIR --db FRESH.sqlite --quiet` and
    `python3 peer_pipeline.py LIB OUTDIR --assessments Samples/data/expert-assessments.csv`
    in interleaved pairs (the first of each pair alternates), each under /usr/bin/time with a
    fresh library; reports the median wall time and peak RSS of each side;
  * re-runs roadshow on the same library with unchanged data after each fresh run (time and
    library growth);
  * times the intake stage alone from the progress lines of one extra run;
  * times CSV reading of the largest library: Python's csv.reader, `wc -l` (the byte-scan floor)
    and `roadshow-bench csv` when the built bench offers it;
  * prints a Markdown table and writes it, with the date, load and commit, to Benchmarks/NATIONAL.md.

options:
  --sizes LIST      library sizes, comma-separated (default 100000,1000000)
  --pairs N         interleaved roadshow/peer pairs per size (default 3)
  --csv-repeat N    repeats of each CSV-reading measurement (default 3)
  --work DIR        work folder for libraries, configs and outputs (default .build/national-bench)
  --shared DIR      the shared folder with bench/ (default ../shared beside the repository)
  --no-build        use the binaries already in .build/release
  --no-write        print the table only; leave Benchmarks/NATIONAL.md alone
  -h, --help        this text

needs: python3 with pandas (pip install pandas), GNU time at /usr/bin/time (apt-get install time),
swift (unless --no-build). MB in the table are 10^6 bytes.
EOF
}

die() { echo "national.sh: $*" >&2; exit 1; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command_line="Benchmarks/national.sh"
for arg in "$@"; do
  if [[ $arg =~ ^[A-Za-z0-9_./,=:+-]+$ ]]; then command_line+=" $arg"; else command_line+=" $(printf '%q' "$arg")"; fi
done

sizes="100000,1000000"
pairs=3
csv_repeat=3
work=""
shared=""
build=1
write=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) [[ $# -ge 2 ]] || die "--sizes needs a value"; sizes=$2; shift 2 ;;
    --sizes=*) sizes=${1#*=}; shift ;;
    --pairs) [[ $# -ge 2 ]] || die "--pairs needs a value"; pairs=$2; shift 2 ;;
    --pairs=*) pairs=${1#*=}; shift ;;
    --csv-repeat) [[ $# -ge 2 ]] || die "--csv-repeat needs a value"; csv_repeat=$2; shift 2 ;;
    --csv-repeat=*) csv_repeat=${1#*=}; shift ;;
    --work) [[ $# -ge 2 ]] || die "--work needs a value"; work=$2; shift 2 ;;
    --work=*) work=${1#*=}; shift ;;
    --shared) [[ $# -ge 2 ]] || die "--shared needs a value"; shared=$2; shift 2 ;;
    --shared=*) shared=${1#*=}; shift ;;
    --no-build) build=0; shift ;;
    --no-write) write=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

[[ $pairs =~ ^[1-9][0-9]*$ ]] || die "--pairs expects a positive whole number, got '$pairs'"
[[ $csv_repeat =~ ^[1-9][0-9]*$ ]] || die "--csv-repeat expects a positive whole number, got '$csv_repeat'"
IFS=',' read -r -a size_list <<<"$sizes"
[[ ${#size_list[@]} -gt 0 ]] || die "--sizes is empty"
for n in "${size_list[@]}"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "--sizes expects whole numbers separated by commas, got '$n'"
done

cd "$repo"

# --- prerequisites ---------------------------------------------------------------------------
command -v python3 >/dev/null || die "python3 is not on PATH"
python3 -c 'import pandas' 2>/dev/null || die "the peer needs pandas: pip install pandas"
[[ -x /usr/bin/time ]] || die "peak memory is read with GNU time at /usr/bin/time: apt-get install time"
/usr/bin/time -f '%e %M' true 2>/dev/null >/dev/null ||
  die "/usr/bin/time does not take -f '%e %M' (GNU time needed): apt-get install time"
if [[ -z $shared ]]; then
  shared=$repo/../shared
  if [[ ! -d $shared/bench ]]; then
    # A linked git worktree: ../shared sits beside the main checkout.
    common=$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
    if [[ -n $common && -d $(dirname "$common")/../shared/bench ]]; then
      shared=$(dirname "$common")/../shared
    fi
  fi
fi
[[ -f $shared/bench/gen_library.py && -f $shared/bench/peer_pipeline.py ]] ||
  die "no gen_library.py and peer_pipeline.py in $shared/bench (put ../shared beside the repository or pass --shared DIR)"
shared=$(cd "$shared" && pwd)
sample=$repo/Samples/torch-express-2024.yaml
assessments=$repo/Samples/data/expert-assessments.csv
[[ -f $sample && -f $assessments ]] || die "missing $sample or $assessments"
work=${work:-$repo/.build/national-bench}
mkdir -p "$work"
work=$(cd "$work" && pwd)

load_start=$(uptime)
cores=$(nproc)
echo "load: $load_start; nproc $cores"

# --- build -----------------------------------------------------------------------------------
bench_build_note=""
if [[ $build == 1 ]]; then
  command -v swift >/dev/null || die "swift is not on PATH (or pass --no-build)"
  echo "building roadshow (release)…"
  swift build -c release --product roadshow || die "swift build -c release --product roadshow failed"
  echo "building roadshow-bench (release)…"
  if ! swift build -c release --product roadshow-bench; then
    bench_build_note="roadshow-bench did not build"
    echo "national.sh: roadshow-bench did not build; its CSV row will say not available" >&2
  fi
fi
roadshow=$repo/.build/release/roadshow
bench=$repo/.build/release/roadshow-bench
[[ -x $roadshow ]] || die "no $roadshow (build it: swift build -c release --product roadshow)"
binary_note=$([[ $build == 1 ]] && echo "built by this script" || echo "prebuilt (--no-build), $(date -r "$roadshow" '+%Y-%m-%d %H:%M')")

# --- helpers ---------------------------------------------------------------------------------
median() { # numbers as arguments
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}
fsize() { stat -L -c %s "$1"; }
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b/1e6}'; }
fmt() { awk -v x="$1" -v d="${2:-2}" 'BEGIN {printf "%.*f", d, x}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b <= 0) print "n/a"; else printf "%.2f", a/b}'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a >= b)}'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a <= b)}'; }
yesno() { if "$@"; then echo yes; else echo no; fi; }
grouped() { sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta' <<<"$1"; }

# Runs a command under GNU time; sets t_wall (s) and t_rss (MB). A non-zero exit stops the script
# with the command's stderr shown.
timed() { # LABEL STDOUT STDERR -- command...
  local label=$1 out=$2 err=$3 tfile=$work/time.txt
  shift 4
  if ! /usr/bin/time -o "$tfile" -f '%e %M' "$@" >"$out" 2>"$err"; then
    echo "national.sh: $label failed: $*" >&2
    echo "--- its standard error ($err) ---" >&2
    tail -n 60 "$err" >&2
    [[ -s $tfile ]] && tail -n 2 "$tfile" >&2
    exit 1
  fi
  read -r t_wall t_rss < <(tail -n 1 "$tfile")
  t_rss=$(awk -v k="$t_rss" 'BEGIN {printf "%.1f", k*1024/1e6}')
}

# --- libraries and configs -------------------------------------------------------------------
mkdir -p "$work/data"
# The sample's other data files, beside the derived configs (the config reads data/… relative to itself).
for f in "$repo"/Samples/data/*.csv; do cp "$f" "$work/data/"; done

library_for() { echo "$work/library-$1.csv"; }
config_for() { echo "$work/torch-national-$1.yaml"; }

for n in "${size_list[@]}"; do
  lib=$(library_for "$n")
  if [[ ! -s $lib ]]; then
    echo "generating $(grouped "$n") records → $lib"
    python3 "$shared/bench/gen_library.py" "$n" "$lib.part" || die "gen_library.py $n failed"
    mv "$lib.part" "$lib"
  fi
  lines=$(wc -l <"$lib")
  [[ $lines -ge $n ]] || die "$lib has $lines lines for $n records; delete it to regenerate"
  cfg=$(config_for "$n")
  grep -q 'file: data/nkrdp-projects-2018.csv' "$sample" ||
    die "Samples/torch-express-2024.yaml no longer reads data/nkrdp-projects-2018.csv; update national.sh"
  # Same config as the sample, but the library intake reads the generated file and the library
  # file is the benchmark's own (--db is passed anyway).
  sed -e "s#file: data/nkrdp-projects-2018.csv#file: \"$lib\"#" \
    -e "s#^library: .*#library: national-bench.sqlite#" "$sample" >"$cfg"
  for ref in $(grep -o 'data/[A-Za-z0-9._-]*\.csv' "$cfg" | sort -u); do
    [[ -f $work/$ref ]] || die "the derived config reads $ref, which is not in $work/data"
  done
done

# --- runs ------------------------------------------------------------------------------------
declare -A phases rs_lib_fresh rs_wall rs_rss peer_wall peer_rss re_wall re_growth intake_mbps intake_s notes
run_roadshow() { # N OUTDIR DB LABEL
  timed "roadshow run ($4)" "$work/rs.stdout" "$work/rs.stderr" -- \
    "$roadshow" run "$(config_for "$1")" --out "$2" --db "$3" --quiet
}

for n in "${size_list[@]}"; do
  lib=$(library_for "$n")
  dir=$work/runs-$n
  rm -rf "$dir"
  mkdir -p "$dir"
  rw=() rr=() pw=() pr=() ew=() eg=()
  for ((i = 1; i <= pairs; i++)); do
    for side in $( ((i % 2)) && echo "roadshow peer" || echo "peer roadshow"); do
      if [[ $side == roadshow ]]; then
        db=$dir/roadshow.sqlite
        rm -rf "$dir/roadshow-out" "$db" "$db"-wal "$db"-shm "$db"-journal
        run_roadshow "$n" "$dir/roadshow-out" "$db" "fresh, $n records, pair $i"
        rw+=("$t_wall") rr+=("$t_rss")
        echo "  $n pair $i roadshow fresh   ${t_wall} s  ${t_rss} MB"
        cp "$work/rs.stdout" "$dir/roadshow-fresh.stdout"
        # Re-run with unchanged data on the same library.
        before=$(fsize "$db")
        rs_lib_fresh[$n]=$before
        run_roadshow "$n" "$dir/roadshow-out" "$db" "re-run, $n records, pair $i"
        after=$(fsize "$db")
        ew+=("$t_wall") eg+=("$(awk -v a="$after" -v b="$before" 'BEGIN {printf "%.2f", (a-b)/1e6}')")
        echo "  $n pair $i roadshow re-run  ${t_wall} s  ${t_rss} MB  library $(mb "$before") → $(mb "$after") MB"
        cp "$work/rs.stdout" "$dir/roadshow-rerun.stdout"
      else
        rm -rf "$dir/peer-out"
        timed "peer_pipeline.py ($n records, pair $i)" "$dir/peer.stdout" "$dir/peer.stderr" -- \
          python3 "$shared/bench/peer_pipeline.py" "$lib" "$dir/peer-out" --assessments "$assessments"
        pw+=("$t_wall") pr+=("$t_rss")
        echo "  $n pair $i peer             ${t_wall} s  ${t_rss} MB"
      fi
    done
  done
  rs_wall[$n]=$(median "${rw[@]}")
  rs_rss[$n]=$(median "${rr[@]}")
  peer_wall[$n]=$(median "${pw[@]}")
  peer_rss[$n]=$(median "${pr[@]}")
  re_wall[$n]=$(median "${ew[@]}")
  re_growth[$n]=$(median "${eg[@]}")

  # The intake stage alone: one more fresh run with progress on, each stderr line time-stamped.
  db=$dir/intake.sqlite
  rm -rf "$dir/intake-out" "$db" "$db"-wal "$db"-shm
  if ! python3 - "$dir/progress.txt" "$roadshow" run "$(config_for "$n")" --out "$dir/intake-out" --db "$db" \
    --lang en <<'PY'; then
import subprocess, sys, time
log = open(sys.argv[1], 'w')
start = time.monotonic()
child = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
for line in child.stderr:
    log.write(f"{time.monotonic() - start:.3f}\t{line.decode('utf-8', 'replace').rstrip()}\n")
log.write(f"{time.monotonic() - start:.3f}\t(exit {child.wait()})\n")
sys.exit(child.returncode)
PY
    echo "national.sh: roadshow run (intake timing, $n records) failed; its standard error:" >&2
    cut -f2- "$dir/progress.txt" | tail -n 60 >&2
    exit 1
  fi
  # Seconds between the first intake stage's "reading source…" line and its "… rows: …" line.
  secs=$(awk -F'\t' '
    $2 ~ /^\[[^]]* 1\/[0-9]+\]/ && start == "" { start = $1; prefix = substr($2, 1, index($2, "]")); next }
    start != "" && substr($2, 1, length(prefix)) == prefix && $2 ~ / rows: / { print $1 - start; exit }
  ' "$dir/progress.txt")
  if [[ -n $secs ]] && ge "$secs" 0.0005; then
    intake_s[$n]=$secs
    intake_mbps[$n]=$(awk -v b="$(fsize "$lib")" -v s="$secs" 'BEGIN {printf "%.1f", b/1e6/s}')
  else
    intake_s[$n]=""
    intake_mbps[$n]=""
    notes[$n]="the intake stage's progress lines were not found in $dir/progress.txt"
  fi
  # Where that run's time went: the first progress line of each kind of stage, and the exit.
  phases[$n]=$(awk -F'\t' '
    $2 ~ /^\[/ { kind = substr($2, 2, index($2, " ") - 2); if (!(kind in seen)) { seen[kind] = $1; order[++k] = kind } }
    $2 ~ /^\(exit/ { end = $1 }
    END {
      printf "start-up and library load %.2f s", seen[order[1]]
      for (i = 1; i <= k; i++) printf " · %s %.2f s", order[i], (i < k ? seen[order[i + 1]] : last) - seen[order[i]]
      printf " · after the last progress line (last stage, library write, outputs) %.2f s · total %.2f s", end - last, end
    }
    $2 ~ /^\[/ { last = $1 }
  ' "$dir/progress.txt")
  echo "  $n intake stage ${intake_s[$n]:-?} s (${intake_mbps[$n]:-?} MB/s); ${phases[$n]}"
done

# --- CSV reading -----------------------------------------------------------------------------
largest=$(printf '%s\n' "${size_list[@]}" | sort -n | tail -n 1)
csv_file=$(library_for "$largest")
csv_mb=$(mb "$(fsize "$csv_file")")
echo "CSV reading of $csv_file ($csv_mb MB), $csv_repeat× each…"
py_mbps=$(python3 - "$csv_file" "$csv_repeat" <<'PY'
import csv, os, sys, time
path, repeat = sys.argv[1], int(sys.argv[2])
size = os.path.getsize(path)
rates = []
for _ in range(repeat):
    t = time.perf_counter()
    with open(path, newline='', encoding='utf-8') as f:
        rows = sum(1 for _ in csv.reader(f))
    rates.append(size / 1e6 / (time.perf_counter() - t))
rates.sort()
print(f"{rates[len(rates) // 2]:.1f}")
PY
)
wc_rates=()
for ((i = 1; i <= csv_repeat; i++)); do
  t0=$(date +%s.%N)
  wc -l "$csv_file" >/dev/null
  t1=$(date +%s.%N)
  wc_rates+=("$(awk -v b="$(fsize "$csv_file")" -v s="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b-a}')" 'BEGIN {printf "%.1f", b/1e6/s}')")
done
wc_mbps=$(median "${wc_rates[@]}")
rs_csv_mbps=""
rs_csv_note="not available"
if [[ -x $bench ]]; then
  for form in "--file" ""; do
    args=(csv)
    [[ -n $form ]] && args+=("$form")
    args+=("$csv_file")
    [[ -n $form ]] && args+=(--repeat "$csv_repeat")
    if out=$("$bench" "${args[@]}" 2>&1) && line=$(grep -m1 '^RESULT kind=csv' <<<"$out"); then
      rs_csv_mbps=$(sed -n 's/.* read_mbps=\([0-9.]*\).*/\1/p' <<<"$line")
      [[ -n $rs_csv_mbps ]] && { rs_csv_note="roadshow-bench ${args[*]/$csv_file/FILE}"; break; }
    fi
  done
else
  rs_csv_note="not available (no .build/release/roadshow-bench${bench_build_note:+; $bench_build_note})"
fi
[[ -n $rs_csv_mbps ]] || [[ $rs_csv_note != "not available" ]] ||
  rs_csv_note="not available (roadshow-bench has no csv subcommand)"
echo "  python csv.reader $py_mbps MB/s; wc -l $wc_mbps MB/s; roadshow ${rs_csv_mbps:-$rs_csv_note}"

# --- report ----------------------------------------------------------------------------------
load_end=$(uptime)
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$repo" status --porcelain --untracked-files=no -- Sources Plugins Package.swift Package.resolved 2>/dev/null) ]]; then
  commit="$commit (with uncommitted changes to the sources)"
fi

table=$work/table.md
{
  echo "| workload | figure | Roadshow | peer | target | met |"
  echo "|---|---|---|---|---|---|"
  for n in "${size_list[@]}"; do
    if ((n <= 100000)); then mem_target=250 ref=100000; else mem_target=1500 ref=1000000; fi
    set_for=$([[ $n == "$ref" ]] && echo "" || echo " (set for $(grouped "$ref"))")
    w="$(grouped "$n") records, fresh library"
    speed=$(ratio "${peer_wall[$n]}" "${rs_wall[$n]}")
    echo "| $w | wall time, whole process (median of $pairs) | $(fmt "${rs_wall[$n]}") s | $(fmt "${peer_wall[$n]}") s | ≥ 3× faster$set_for | $(yesno ge "$speed" 3) (${speed}×) |"
    echo "| | peak memory (median) | $(fmt "${rs_rss[$n]}" 0) MB | $(fmt "${peer_rss[$n]}" 0) MB | ≤ $(grouped "$mem_target") MB$set_for | $(yesno le "${rs_rss[$n]}" "$mem_target") |"
    share=$(awk -v a="${re_wall[$n]}" -v b="${rs_wall[$n]}" 'BEGIN {printf "%.0f", 100*a/b}')
    echo "| $(grouped "$n") records, re-run with unchanged data | wall time (median of $pairs) | $(fmt "${re_wall[$n]}") s ($share % of fresh) | — | ≤ 60 % of fresh | $(yesno le "$share" 60) ($share %) |"
    if ((n <= 100000)); then
      echo "| | library growth | $(fmt "${re_growth[$n]}") MB | — | ≤ 5 MB$set_for | $(yesno le "${re_growth[$n]}" 5) |"
    else
      echo "| | library growth | $(fmt "${re_growth[$n]}") MB | — | (≤ 5 MB is set for 100,000) | — |"
    fi
    if [[ -n ${intake_mbps[$n]} ]]; then
      echo "| $(grouped "$n") records, intake stage ($(mb "$(fsize "$(library_for "$n")")") MB) | read + merge rate | ${intake_mbps[$n]} MB/s ($(fmt "${intake_s[$n]}") s) | — | ≥ 100 MB/s | $(yesno ge "${intake_mbps[$n]}" 100) |"
    else
      echo "| $(grouped "$n") records, intake stage | read + merge rate | not measured | — | ≥ 100 MB/s | — |"
    fi
  done
  csv_set=$([[ $largest == 1000000 ]] && echo "" || echo " (set for the 1,000,000-record file)")
  csv_w="CSV reading, $(grouped "$largest")-record file ($csv_mb MB)"
  if [[ -n $rs_csv_mbps ]]; then
    r=$(ratio "$rs_csv_mbps" "$py_mbps")
    echo "| $csv_w | read + parse rate (median of $csv_repeat) | $rs_csv_mbps MB/s | $py_mbps MB/s (csv.reader) | ≥ 2×$csv_set | $(yesno ge "$r" 2) (${r}×) |"
  else
    echo "| $csv_w | read + parse rate (median of $csv_repeat) | $rs_csv_note | $py_mbps MB/s (csv.reader) | ≥ 2×$csv_set | — |"
  fi
  echo "| | byte-scan floor (\`wc -l\`) | — | $wc_mbps MB/s | — | — |"
} >"$table"

outputs=$work/outputs.md
{
  echo "| library | side | decisions.csv | output folder | library file | funnel (stdout) |"
  echo "|---|---|---|---|---|---|"
  for n in "${size_list[@]}"; do
    dir=$work/runs-$n
    rs_dec=$(find "$dir/roadshow-out" -name decisions.csv -print -quit 2>/dev/null || true)
    rs_funnel=$(grep -m1 -E 'funnel|漏斗' "$dir/roadshow-fresh.stdout" | sed 's/^[^:：]*[:：] *//' || true)
    echo "| $(grouped "$n") | Roadshow | $([[ -n $rs_dec ]] && echo "$(mb "$(fsize "$rs_dec")") MB" || echo none) |" \
      "$(mb "$(du -sb "$dir/roadshow-out" | cut -f1)") MB | $(mb "${rs_lib_fresh[$n]}") MB fresh, $(mb "$(fsize "$dir/roadshow.sqlite")") MB after the re-run | ${rs_funnel:-—} |"
    peer_funnel=$(grep -m1 '^funnel' "$dir/peer.stdout" | sed 's/^funnel //; s/->/→/g' || true)
    echo "| | peer | $(mb "$(fsize "$dir/peer-out/decisions.csv")") MB | $(mb "$(du -sb "$dir/peer-out" | cut -f1)") MB |" \
      "$(mb "$(fsize "$dir/peer-out/library.sqlite")") MB | ${peer_funnel:-—} |"
  done
} >"$outputs"

echo
echo "command: $command_line"
echo
cat "$table"
echo
cat "$outputs"
echo
for n in "${size_list[@]}"; do echo "time of the intake-timing run, $(grouped "$n") records: ${phases[$n]}"; done
for n in "${!notes[@]}"; do echo "note ($n): ${notes[$n]}"; done

if [[ $write == 1 ]]; then
  {
    echo "# National-scale data path: Roadshow against the pandas peer"
    echo
    echo "Written by \`Benchmarks/national.sh\`. These figures were taken on the code of commit $commit"
    echo "under the load shown below, on a machine shared with other work; re-run the script before quoting them."
    echo
    echo "- date: $(date '+%Y-%m-%d %H:%M %Z')"
    echo "- commit: $commit; roadshow binary $binary_note"
    echo "- machine: $(uname -srm), nproc $cores, $(awk '/MemTotal/ {printf "%.1f GB RAM", $2*1024/1e9}' /proc/meminfo)"
    echo "- load at start: \`$load_start\`"
    echo "- load at end: \`$load_end\`"
    echo "- command: \`$command_line\`"
    echo "- peer: \`peer_pipeline.py LIB OUT --assessments Samples/data/expert-assessments.csv\` (pandas $(python3 -c 'import pandas; print(pandas.__version__)'), $(python3 --version 2>&1))"
    echo
    echo "Each size runs \`roadshow run\` (Samples/torch-express-2024.yaml, its library intake pointed at"
    echo "the generated file) and the peer in $pairs interleaved pair(s), each under \`/usr/bin/time\` with a"
    echo "fresh library; times are whole-process wall times, memory is peak RSS; MB are 10^6 bytes. The"
    echo "re-run runs the same config again on the library the fresh run left. The intake stage is"
    echo "timed from its progress lines in one extra run. Targets marked \"set for\" belong to the other"
    echo "library size and are applied as they stand."
    echo
    cat "$table"
    echo
    echo "Outputs of the last pair (the peer keeps its library inside its output folder):"
    echo
    cat "$outputs"
    echo
    echo "Where the time of the intake-timing run went (from its progress lines):"
    echo
    for n in "${size_list[@]}"; do echo "- $(grouped "$n") records: ${phases[$n]}"; done
    for n in "${!notes[@]}"; do echo; echo "Note ($n records): ${notes[$n]}"; done
  } >"$repo/Benchmarks/NATIONAL.md"
  echo
  echo "wrote Benchmarks/NATIONAL.md"
fi
