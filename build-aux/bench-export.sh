#!/bin/bash
# bench-export.sh: a benchmark (not a test) of a Lacquer export to a delivery target
# against ffmpeg's two-pass loudnorm, on the same 4-minute track, in one run.
#
#   build-aux/bench-export.sh [--runs R] [--cli PATH] [--build DIR] [--keep DIR]
#
#   --runs R     how many times each side runs (default 3); medians are reported.
#   --cli PATH   the lacquer-cli to measure (default: build one, see --build).
#   --build DIR  the meson build directory to set up (release) and compile
#                lacquer-cli in (default: build-bench in the source tree).
#   --keep DIR   keep the raw outputs (track, exports, logs, timings) in DIR
#                (default: a temporary directory, removed at exit).
#
# The track: 4 minutes, stereo 24-bit 44.1 kHz WAV made with sox (pink-noise bed with
# a slow swell, 120 BPM noise hits, sine bursts), about -20 LUFS with true peaks near
# -3 dBTP, so bringing it to -14 LUFS / -1 dBTP needs about 4 dB of true-peak limiting.
#
# Lacquer, timed as a whole (wall clock of the five commands, highest peak RSS):
#   lacquer-cli new P.lacquer; add P TRACK; analyze P; match P --mode track --target spotify;
#   export P --out DIR --format wav --bits 24 --target spotify
# (export also re-reads and measures what it wrote). ffmpeg, timed as a whole:
#   pass 1: -af loudnorm=I=-14:TP=-1:LRA=20:print_format=json -f null -
#   pass 2: loudnorm with the measured_* values, offset and linear=true, -ar 44100,
#           24-bit WAV (loudnorm works at 192 kHz inside). loudnorm stays linear only
#           when the gain does not push the true peak over TP; otherwise it falls
#           back to its dynamic mode: its "normalization_type" is reported.
# Both outputs are then measured by `ffmpeg -af ebur128=peak=true`.
# Needs meson, ninja, ffmpeg, sox, jq, awk; /usr/bin/time for peak RSS (skipped
# without it). Exits 2 if a tool is missing, 1 if a step fails, else 0.
set -euo pipefail

export LC_ALL=C
RATE=44100
SECONDS_LONG=240
TARGET_I=-14
TARGET_TP=-1
TARGET_LRA=20

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
srcdir=$(cd "$here/.." && pwd)
runs=3
cli=${LQ_CLI:-}
build=
keep=

usage () {
  sed -n '2,13s/^# \{0,1\}//p' "$0"
}

die () {
  echo "bench-export: $*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case $1 in
    --runs) [ $# -ge 2 ] || die "--runs needs a value"; runs=$2; shift 2 ;;
    --runs=*) runs=${1#*=}; shift ;;
    --cli) [ $# -ge 2 ] || die "--cli needs a value"; cli=$2; shift 2 ;;
    --cli=*) cli=${1#*=}; shift ;;
    --build) [ $# -ge 2 ] || die "--build needs a value"; build=$2; shift 2 ;;
    --build=*) build=${1#*=}; shift ;;
    --keep) [ $# -ge 2 ] || die "--keep needs a value"; keep=$2; shift 2 ;;
    --keep=*) keep=${1#*=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 1 ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, not '$runs'"

# ---------------------------------------------------------------------------------------
# Tools
missing=()
need () {  # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 || missing+=("$1 (apt-get install $2)")
}
need ffmpeg ffmpeg
need sox sox
need jq jq
need awk gawk
if [ -z "$cli" ]; then
  need meson meson
  need ninja ninja-build
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench-export: missing tools:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 2
fi
have_time=
[ -x /usr/bin/time ] && have_time=1

start_time=$SECONDS

# ---------------------------------------------------------------------------------------
# lacquer-cli: built here (release) unless given
if [ -z "$cli" ]; then
  build=${build:-$srcdir/build-bench}
  if [ ! -f "$build/build.ninja" ]; then
    echo "Setting up a release build in $build ..."
    meson setup "$build" "$srcdir" --buildtype=release -Dui=false >"${TMPDIR:-/tmp}/bench-export-setup.$$.log" 2>&1 \
      || { tail -n 30 "${TMPDIR:-/tmp}/bench-export-setup.$$.log" >&2
           rm -f "${TMPDIR:-/tmp}/bench-export-setup.$$.log"; die "meson setup failed"; }
    rm -f "${TMPDIR:-/tmp}/bench-export-setup.$$.log"
  else
    bt=$(meson introspect --buildoptions "$build" 2>/dev/null \
         | jq -r '.[] | select(.name == "buildtype") | .value' || true)
    if [ "$bt" != release ]; then
      echo "Switching $build to a release build (was ${bt:-unknown}) ..."
      meson configure "$build" -Dbuildtype=release >/dev/null || die "meson configure failed"
    fi
  fi
  echo "Compiling lacquer-cli in $build ..."
  log=$(meson compile -C "$build" app/lacquer-cli 2>&1) \
    || { printf '%s\n' "$log" | grep -v '^\[' | tail -n 30 >&2; die "building lacquer-cli failed"; }
  cli=$build/app/lacquer-cli
fi
[ -x "$cli" ] || die "no lacquer-cli at $cli"
cli=$(readlink -f "$cli")

# ---------------------------------------------------------------------------------------
# Working directory
if [ -n "$keep" ]; then
  mkdir -p "$keep"
  out=$(readlink -f "$keep")
else
  out=$(mktemp -d "${TMPDIR:-/tmp}/bench-export.XXXXXX")
  trap 'rm -rf "$out"' EXIT
fi
track=$out/track.wav

# timed NAME -- COMMAND...: runs COMMAND with stdout to $out/NAME.out, stderr to
# $out/NAME.err, and "wall_s rss_kb" to $out/NAME.time. Fails if COMMAND fails.
timed () {
  local name=$1 t0 t1 rc=0
  shift 2
  if [ -n "$have_time" ]; then
    /usr/bin/time -f '%e %M' -o "$out/$name.time" "$@" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
    # GNU time writes "Command exited with non-zero status" first on failure.
    tail -n 1 "$out/$name.time" > "$out/$name.time.tmp" && mv "$out/$name.time.tmp" "$out/$name.time"
  else
    t0=$(date +%s.%N)
    "$@" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f 0\n", b - a }' > "$out/$name.time"
  fi
  if [ "$rc" != 0 ]; then
    echo "bench-export: '$*' failed (exit $rc):" >&2
    tail -n 20 "$out/$name.err" "$out/$name.out" >&2
    exit 1
  fi
}

# sum_times OUT NAME...: "total wall, highest RSS" of the steps NAME into $out/OUT.time
sum_times () {
  local dst=$1
  shift
  local f
  for f in "$@"; do cat "$out/$f.time"; done \
    | awk '{ w += $1; if ($2 > m) m = $2 } END { printf "%.2f %d\n", w, m }' > "$out/$dst.time"
}

# ebur128 FILE: prints "integrated_lufs true_peak_dbtp lra_lu" as ffmpeg measures them
ebur128 () {
  ffmpeg -nostdin -nostats -hide_banner -i "$1" -af ebur128=peak=true -f null - 2>&1 \
    | awk '/Summary:/ { s = 1 } s && $1 == "I:" { i = $2 } s && $1 == "LRA:" { l = $2 }
           s && $1 == "Peak:" { p = $2 } END { if (i == "" || p == "") exit 1; print i, p, l }'
}

# ---------------------------------------------------------------------------------------
# The track
echo "Generating a ${SECONDS_LONG} s stereo 24-bit ${RATE} Hz track with sox ..."
# -R: repeatable noise. Bed: pink noise with a slow swell (uncorrelated L/R); hits: white
# noise with an exponential decay twice a second (120 BPM), low-passed, in the centre;
# bursts: a fifth (440 + 660 Hz) switched on and off every 2 s, with tremolo. The sample peak is set to -3.3 dBFS,
# which puts the whole at about -20 LUFS with a true peak near -3 dBTP.
sox -R -m \
  -v 0.3 "|sox -R -n -r $RATE -c 2 -p synth $SECONDS_LONG pinknoise pinknoise gain -12 highpass 25 tremolo 0.1 40" \
  -v 1.0 "|sox -R -n -r $RATE -c 2 -p synth $SECONDS_LONG whitenoise whitenoise synth exp amod 2 0 0 0.02 gain -6 lowpass 8000 remix 1 1" \
  -v 0.3 "|sox -R -n -r $RATE -c 2 -p synth $SECONDS_LONG sine 440 sine 660 synth square amod 0.25 gain -12 tremolo 6 30" \
  -r $RATE -c 2 -b 24 -e signed-integer -t wav "$track" gain -n -3.3 2>"$out/sox.err" \
  || { cat "$out/sox.err" >&2; die "sox failed"; }
read -r in_i in_tp in_lra < <(ebur128 "$track") || die "ffmpeg ebur128 failed on the track"
need_limit=$(awk -v i="$in_i" -v tp="$in_tp" -v ti=$TARGET_I -v ttp=$TARGET_TP \
  'BEGIN { o = tp + (ti - i); if (o > ttp) printf "yes: +%.1f dB of gain puts the true peak at %+.1f dBTP, %.1f dB over the ceiling", ti - i, o, o - ttp; else printf "no: +%.1f dB of gain puts the true peak at %+.1f dBTP", ti - i, o }')
cat "$track" > /dev/null   # page cache warm for every run

# ---------------------------------------------------------------------------------------
# One run of each side
lacquer_run () {  # lacquer_run R
  local r=$1 d=$out/lacquer.$1
  mkdir -p "$d"
  timed "lq-new.$r" -- "$cli" new "$d/P.lacquer"
  timed "lq-add.$r" -- "$cli" add "$d/P.lacquer" "$track"
  timed "lq-analyze.$r" -- "$cli" analyze "$d/P.lacquer"
  timed "lq-match.$r" -- "$cli" match "$d/P.lacquer" --mode track --target spotify
  timed "lq-export.$r" -- "$cli" export "$d/P.lacquer" --out "$d/out" --format wav --bits 24 \
    --target spotify --json
  sum_times "lacquer.$r" "lq-new.$r" "lq-add.$r" "lq-analyze.$r" "lq-match.$r" "lq-export.$r"
}

loudnorm_json () {  # loudnorm_json FILE: the JSON block loudnorm printed at the end of FILE
  awk '/^\{/ { j = "" ; on = 1 } on { j = j $0 "\n" } /^\}/ { on = 0 } END { printf "%s", j }' "$1"
}

ffmpeg_run () {  # ffmpeg_run R
  local r=$1 d=$out/ffmpeg.$1 j mi mtp mlra mth off
  mkdir -p "$d"
  timed "ff-pass1.$r" -- ffmpeg -nostdin -nostats -hide_banner -i "$track" \
    -af "loudnorm=I=$TARGET_I:TP=$TARGET_TP:LRA=$TARGET_LRA:print_format=json" -f null -
  j=$(loudnorm_json "$out/ff-pass1.$r.err")
  read -r mi mtp mlra mth off < <(jq -r '[.input_i, .input_tp, .input_lra, .input_thresh, .target_offset]
    | map(tonumber) | @tsv' <<< "$j" 2>/dev/null) \
    || die "no loudnorm JSON in pass 1 (see $out/ff-pass1.$r.err)"
  timed "ff-pass2.$r" -- ffmpeg -nostdin -nostats -hide_banner -y -i "$track" \
    -af "loudnorm=I=$TARGET_I:TP=$TARGET_TP:LRA=$TARGET_LRA:measured_I=$mi:measured_TP=$mtp:measured_LRA=$mlra:measured_thresh=$mth:offset=$off:linear=true:print_format=json" \
    -ar $RATE -c:a pcm_s24le "$d/out.wav"
  sum_times "ffmpeg.$r" "ff-pass1.$r" "ff-pass2.$r"
}

echo "Running each side $runs times (alternating); raw output in $out"
for r in $(seq 1 "$runs"); do
  lacquer_run "$r"
  ffmpeg_run "$r"
  printf '  run %d/%d: lacquer %ss, ffmpeg loudnorm %ss\n' "$r" "$runs" \
    "$(cut -d' ' -f1 "$out/lacquer.$r.time")" "$(cut -d' ' -f1 "$out/ffmpeg.$r.time")"
done

# ---------------------------------------------------------------------------------------
# Results
lq_file=$(find "$out/lacquer.1/out" -maxdepth 1 -name '*.wav' | head -n 1)
[ -n "$lq_file" ] || die "lacquer-cli export wrote no WAV in $out/lacquer.1/out"
ff_file=$out/ffmpeg.1/out.wav
read -r lq_i lq_tp lq_lra < <(ebur128 "$lq_file") || die "ffmpeg ebur128 failed on $lq_file"
read -r ff_i ff_tp ff_lra < <(ebur128 "$ff_file") || die "ffmpeg ebur128 failed on $ff_file"
ln_json=$(loudnorm_json "$out/ff-pass2.1.err")
ln_type=$(jq -r .normalization_type <<< "$ln_json" 2>/dev/null || echo "?")
lq_self=$(jq -r '.tracks[0].integrated_lufs // empty' "$out/lq-export.1.out" 2>/dev/null || true)
lq_self_tp=$(jq -r '.tracks[0].true_peak_dbtp // empty' "$out/lq-export.1.out" 2>/dev/null || true)
lq_plan=$(awk '$1 == "1" && NF >= 7 { print "gain " $(NF - 3) " dB, predicted " $(NF - 2) " LUFS, limiter " $(NF - 1) " dB"; exit }' \
  "$out/lq-match.1.out" 2>/dev/null || true)

median_wall () {  # median_wall NAME
  local r
  for r in $(seq 1 "$runs"); do cut -d' ' -f1 "$out/$1.$r.time"; done | sort -g \
    | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
max_rss_mb () {  # max_rss_mb NAME: the highest peak RSS of all runs, in MB
  local r
  [ -n "$have_time" ] || { printf 'n/a'; return; }
  for r in $(seq 1 "$runs"); do cut -d' ' -f2 "$out/$1.$r.time"; done | sort -g \
    | awk '{ m = $1 } END { printf "%.1f", m / 1024 }'
}
all_walls () {
  local r
  for r in $(seq 1 "$runs"); do printf '%s ' "$(cut -d' ' -f1 "$out/$1.$r.time")"; done
}
ratio () { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
xrt () { awk -v s="$SECONDS_LONG" -v t="$1" 'BEGIN { if (t > 0) printf "%.0fx", s / t; else print "inf" }'; }

t_lq=$(median_wall lacquer)
t_ff=$(median_wall ffmpeg)
cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)

echo
echo "== Export to -14 LUFS / -1 dBTP: Lacquer vs ffmpeg loudnorm (two-pass, linear=true) =="
echo "Machine:  $(nproc) CPUs (nproc), ${cpu_model:-unknown CPU}, $(uname -r)"
echo "Versions: $("$cli" --version 2>/dev/null || echo "lacquer-cli $cli"); $(ffmpeg -version | head -n1 | cut -d' ' -f1-3)"
echo "Track:    ${SECONDS_LONG} s stereo 24-bit ${RATE} Hz WAV: $in_i LUFS, $in_tp dBTP, LRA $in_lra LU (ffmpeg ebur128)"
echo "          limiting needed to reach the target: $need_limit"
echo "Runs:     $runs per side, alternating, page cache warm; median wall time, highest peak RSS"
echo
printf '%-42s %9s %10s %9s   %s\n' "" "wall (s)" "x-realtime" "peak MB" "all runs (s)"
printf '%-42s %9s %10s %9s   %s\n' "Lacquer: new+add+analyze+match+export" "$t_lq" "$(xrt "$t_lq")" \
  "$(max_rss_mb lacquer)" "$(all_walls lacquer)"
for s in lq-new lq-add lq-analyze lq-match lq-export; do
  printf '  %-40s %9s %10s %9s   %s\n' "${s#lq-}" "$(median_wall "$s")" "" "$(max_rss_mb "$s")" "$(all_walls "$s")"
done
printf '%-42s %9s %10s %9s   %s\n' "ffmpeg loudnorm: pass 1 + pass 2" "$t_ff" "$(xrt "$t_ff")" \
  "$(max_rss_mb ffmpeg)" "$(all_walls ffmpeg)"
for s in ff-pass1 ff-pass2; do
  printf '  %-40s %9s %10s %9s   %s\n' "${s#ff-}" "$(median_wall "$s")" "" "$(max_rss_mb "$s")" "$(all_walls "$s")"
done
echo
echo "Speed: ffmpeg / Lacquer = $(ratio "$t_ff" "$t_lq")x ($(awk -v a="$t_lq" -v b="$t_ff" \
  'BEGIN { print (a < b) ? "Lacquer faster" : "Lacquer NOT faster" }'))"
echo
echo "Outputs measured by ffmpeg ebur128=peak=true (target -14 LUFS, ceiling -1 dBTP):"
printf '  %-26s %12s %12s %8s\n' "" "integrated" "true peak" "LRA"
printf '  %-26s %12s %12s %8s\n' "input" "$in_i LUFS" "$in_tp dBTP" "$in_lra"
printf '  %-26s %12s %12s %8s\n' "Lacquer export" "$lq_i LUFS" "$lq_tp dBTP" "$lq_lra"
printf '  %-26s %12s %12s %8s\n' "ffmpeg loudnorm" "$ff_i LUFS" "$ff_tp dBTP" "$ff_lra"
echo "  loudnorm normalization_type: $ln_type (linear=true was asked for)"
[ -n "$lq_plan" ] && echo "  Lacquer's match plan: $lq_plan"
[ -n "$lq_self" ] && printf '  Lacquer'"'"'s own check of its file: %.2f LUFS, %.2f dBTP\n' "$lq_self" "$lq_self_tp"
ok () { awk -v i="$1" -v tp="$2" -v ti=$TARGET_I -v ttp=$TARGET_TP \
  'BEGIN { d = i - ti; if (d < 0) d = -d; print (d <= 1 && tp <= ttp) ? "within +-1 LU, at or below the ceiling" : "OFF TARGET" }'; }
echo "  Lacquer: $(ok "$lq_i" "$lq_tp"); ffmpeg: $(ok "$ff_i" "$ff_tp") (ebur128 rounds to 0.1)"
echo
echo "Benchmark took $(( SECONDS - start_time )) s."
