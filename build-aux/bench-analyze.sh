#!/bin/bash
# bench-analyze.sh: a benchmark (not a test) of `lacquer-cli analyze` against ffmpeg's
# ebur128 filter and loudgain on a long album.
#
#   build-aux/bench-analyze.sh [--minutes M] [--runs R] [--cli PATH] [--keep DIR]
#
#   --minutes M  album length in minutes (default 60), split into 12 equal stereo
#                24-bit 44.1 kHz WAV tracks of different content, loudness and tone.
#                Generated once with sox and cached in
#                ${XDG_CACHE_HOME:-$HOME/.cache}/lacquer/bench-album-<M>min.
#   --runs R     how many times each tool runs (default 3); medians are reported.
#   --cli PATH   the lacquer-cli to measure (default: $LQ_CLI, else lacquer-cli on PATH).
#   --keep DIR   keep the raw outputs (JSON, logs, timings) in DIR (default: a temporary
#                directory, removed at exit).
#
# One run of each tool reads the same files, sequentially, with the page cache warmed
# first. Tools: `lacquer-cli analyze --json` (one worker per core, and --jobs 1),
# `ffmpeg -af ebur128=peak=true` once per file (ffmpeg has no album mode), and
# `loudgain -a -s s` (album scan; -s s: writes no tags). Each is timed with
# /usr/bin/time (wall seconds, peak RSS). Exits 2 if a tool is missing. The goals
# (>= 2x faster than the faster peer, < 100 MB) are reported, not enforced: exit 0.
set -euo pipefail

export LC_ALL=C
GENERATOR_VERSION=1   # bump when the track recipes change: the cache is then rebuilt
N_TRACKS=12
RATE=44100
CHANNELS=2
BYTES_PER_SAMPLE=3
GOAL_SPEEDUP=2
GOAL_MEM_MB=100

minutes=60
runs=3
cli=${LQ_CLI:-}
keep=

usage () {
  sed -n '2,14s/^# \{0,1\}//p' "$0"
}

die () {
  echo "bench-analyze: $*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case $1 in
    --minutes) [ $# -ge 2 ] || die "--minutes needs a value"; minutes=$2; shift 2 ;;
    --minutes=*) minutes=${1#*=}; shift ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a value"; runs=$2; shift 2 ;;
    --runs=*) runs=${1#*=}; shift ;;
    --cli) [ $# -ge 2 ] || die "--cli needs a value"; cli=$2; shift 2 ;;
    --cli=*) cli=${1#*=}; shift ;;
    --keep) [ $# -ge 2 ] || die "--keep needs a value"; keep=$2; shift 2 ;;
    --keep=*) keep=${1#*=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 1 ;;
  esac
done

[[ $minutes =~ ^[0-9]+([.][0-9]+)?$ ]] && awk -v m="$minutes" 'BEGIN { exit !(m > 0) }' \
  || die "--minutes must be a positive number, not '$minutes'"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, not '$runs'"

# ---------------------------------------------------------------------------------------
# Tools
missing=()
need () {  # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 || missing+=("$1 (apt-get install $2)")
}
need ffmpeg ffmpeg
need loudgain loudgain
need sox sox
need soxi sox
need jq jq
need awk gawk
[ -x /usr/bin/time ] || missing+=("/usr/bin/time (apt-get install time)")
if [ -z "$cli" ]; then
  cli=$(command -v lacquer-cli 2>/dev/null || true)
fi
if [ -z "$cli" ] || [ ! -x "$cli" ]; then
  missing+=("lacquer-cli${cli:+ at $cli} (build it: ninja -C BUILDDIR, then pass --cli BUILDDIR/app/lacquer-cli)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench-analyze: missing tools:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 2
fi
cli=$(readlink -f "$cli")

start_time=$SECONDS
ncpu=$(nproc)

# ---------------------------------------------------------------------------------------
# The album
cache_root=${XDG_CACHE_HOME:-$HOME/.cache}/lacquer
album_dir=$cache_root/bench-album-${minutes}min
track_len=$(awk -v m="$minutes" -v n=$N_TRACKS 'BEGIN { printf "%.3f", m * 60 / n }')
track_frames=$(awk -v l="$track_len" -v r=$RATE 'BEGIN { printf "%d", int(l * r + 0.5) }')
track_bytes=$(( track_frames * CHANNELS * BYTES_PER_SAMPLE + 80 ))  # + WAVE_FORMAT_EXTENSIBLE header
stamp="v$GENERATOR_VERSION $minutes min, $N_TRACKS x $track_frames frames"

# Recipes: sox arguments after `synth LEN` (LEN is added by the caller), one per track.
# Different noise colours, chords, sweeps, filters, tremolo rates and gains give
# different loudness (about -36 to -12 LUFS), loudness range and tonal balance, and
# noise in every track keeps the files from being trivially compressible.
recipe () {
  local L=$1
  case $2 in
    1)  # bright pink-noise "band", fast pulse, loud
        echo "synth $L pinknoise pinknoise highpass 30 tremolo 4 35 gain -1" ;;
    2)  # dark brown-noise ambience with a slow swell
        echo "synth $L brownnoise brownnoise lowpass 800 tremolo 0.05 70 gain -4" ;;
    3)  # detuned A-major pad over soft pink noise
        echo "synth $L sine 220 sine 221 synth $L sine mix 277.18 sine mix 277.5" \
             "synth $L sine mix 329.63 sine mix 330.2 synth $L pinknoise mix pinknoise mix" \
             "tremolo 0.5 30 gain -10" ;;
    4)  # band-limited white noise, breathing
        echo "synth $L whitenoise whitenoise sinc 300-3000 tremolo 0.3 50 gain -15" ;;
    5)  # slow bass sweep under pink noise, bass-heavy, slow swell
        echo "synth $L sine 40:120 sine 41:121 synth $L pinknoise mix pinknoise mix" \
             "bass +6 tremolo 0.03 50 gain -8" ;;
    6)  # low-passed pink noise, hard 8 Hz pulse
        echo "synth $L pinknoise brownnoise lowpass 2500 tremolo 8 90 gain -12" ;;
    7)  # low-passed sawtooth fifths with a slow swell, quiet
        echo "synth $L sawtooth 110 sawtooth 110.4 synth $L sawtooth mix 164.8 sawtooth mix 165.1" \
             "synth $L whitenoise mix whitenoise mix lowpass 1800 tremolo 0.2 40 gain -20" ;;
    8)  # loud "club" track: pink noise and a 55 Hz kick-ish sine, bass boost
        echo "synth $L pinknoise pinknoise synth $L sine mix 55 sine mix 55" \
             "bass +8 tremolo 2 60 gain +1" ;;
    9)  # high-passed hiss, very quiet and bright
        echo "synth $L whitenoise whitenoise highpass 5000 gain -30" ;;
    10) # triangle sweep with brown noise and vibrato-like tremolo
        echo "synth $L triangle 196:392 triangle 197:394 synth $L brownnoise mix brownnoise mix" \
             "tremolo 6 30 gain -14" ;;
    11) # "telephone" band with a 1 kHz tone, uncorrelated channels
        echo "synth $L pinknoise whitenoise synth $L sine mix 1000 sine mix 1003" \
             "sinc 500-2500 tremolo 1.5 60 gain -18" ;;
    12) # quiet outro: brown and pink noise, very slow fade in and out
        echo "synth $L brownnoise pinknoise lowpass 5000 tremolo 0.02 80 gain -24" ;;
  esac
}

track_path () {
  printf '%s/track%02d.wav' "$album_dir" "$1"
}

make_track () {  # make_track N: writes to a temporary name, then renames
  local out tmp
  out=$(track_path "$1")
  tmp=$album_dir/.track$(printf %02d "$1").$$.tmp.wav
  # -R: repeatable noise, so every machine measures the same album.
  # shellcheck disable=SC2046
  if ! sox -R -n -r $RATE -c $CHANNELS -b 24 -e signed-integer -t wav "$tmp" \
       $(recipe "$track_len" "$1") 2>"$tmp.log"; then
    echo "bench-analyze: sox failed for track $1:" >&2
    cat "$tmp.log" >&2
    rm -f "$tmp" "$tmp.log"
    return 1
  fi
  rm -f "$tmp.log"
  mv -f "$tmp" "$out"
}

track_ok () {  # track_ok N: the track exists and has the right length
  [ "$(soxi -s "$(track_path "$1")" 2>/dev/null || echo 0)" = "$track_frames" ]
}

album_complete () {
  [ "$(cat "$album_dir/.complete" 2>/dev/null || true)" = "$stamp" ] || return 1
  local i
  for i in $(seq 1 $N_TRACKS); do
    track_ok "$i" || return 1
  done
}

if ! album_complete; then
  mkdir -p "$album_dir"
  rm -f "$album_dir"/.track*.tmp.wav "$album_dir"/.track*.tmp.wav.log "$album_dir/.complete"
  # Tracks made by another generator version are stale.
  if [ "$(cat "$album_dir/.version" 2>/dev/null || true)" != "$stamp" ]; then
    rm -f "$album_dir"/track*.wav
    echo "$stamp" > "$album_dir/.version"
  fi
  # Finished tracks of an interrupted run are kept (sox writes to a temporary name).
  todo=()
  for i in $(seq 1 $N_TRACKS); do
    track_ok "$i" || todo+=("$i")
  done
  need_bytes=$(( ${#todo[@]} * track_bytes + 64 * 1024 * 1024 ))  # 64 MB to spare
  avail_bytes=$(df -P -B1 "$album_dir" | awk 'NR == 2 { print $4 }')
  if [ "$avail_bytes" -lt "$need_bytes" ]; then
    echo "bench-analyze: NOT ENOUGH DISK SPACE for the ${minutes}-minute album in $album_dir:" >&2
    echo "  need $(( need_bytes / 1048576 )) MB, only $(( avail_bytes / 1048576 )) MB free." >&2
    echo "  Free some space, set XDG_CACHE_HOME to a bigger disk, or use --minutes with less." >&2
    exit 1
  fi
  echo "Generating the ${minutes}-minute album (${#todo[@]} of $N_TRACKS tracks," \
       "$(( need_bytes / 1048576 )) MB) in $album_dir ..."
  gen_start=$SECONDS
  pids=()
  for i in "${todo[@]}"; do
    # At most one sox per core.
    while [ "$(jobs -rp | wc -l)" -ge "$ncpu" ]; do
      wait -n || die "generating the album failed"
    done
    make_track "$i" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do
    wait "$p" || die "generating the album failed"
  done
  echo "$stamp" > "$album_dir/.complete"
  echo "... done in $(( SECONDS - gen_start )) s."
  album_complete || die "the album in $album_dir is incomplete after generating it"
fi

files=()
for i in $(seq 1 $N_TRACKS); do
  files+=("$(track_path "$i")")
done
audio_seconds=$(soxi -D "${files[@]}" | awk '{ s += $1 } END { printf "%.3f", s }')

# ---------------------------------------------------------------------------------------
# Running
if [ -n "$keep" ]; then
  mkdir -p "$keep"
  out=$(readlink -f "$keep")
else
  out=$(mktemp -d "${TMPDIR:-/tmp}/bench-analyze.XXXXXX")
  trap 'rm -rf "$out"' EXIT
fi

# timed NAME -- COMMAND...: runs COMMAND with stdout to $out/NAME.out, stderr to
# $out/NAME.err, and "wall_s rss_kb" to $out/NAME.time. Fails if COMMAND fails.
timed () {
  local name=$1
  shift 2
  if ! /usr/bin/time -f '%e %M' -o "$out/$name.time" "$@" >"$out/$name.out" 2>"$out/$name.err"; then
    echo "bench-analyze: '$*' failed:" >&2
    tail -n 20 "$out/$name.err" >&2
    cat "$out/$name.time" >&2
    exit 1
  fi
  # GNU time puts "Command exited with non-zero status" first on failure; keep the last line.
  tail -n 1 "$out/$name.time" > "$out/$name.time.tmp" && mv "$out/$name.time.tmp" "$out/$name.time"
}

# Warm the page cache: every tool then reads the files from memory.
cat "${files[@]}" > /dev/null

echo "Running each tool $runs times on $N_TRACKS files, $(awk -v s="$audio_seconds" \
  'BEGIN { printf "%.1f", s / 60 }') minutes of audio; raw output in $out"
for r in $(seq 1 "$runs"); do
  timed "lacquer.$r" -- "$cli" analyze --json "${files[@]}"
  timed "lacquer-j1.$r" -- "$cli" analyze --json --jobs 1 "${files[@]}"
  wall=0 rss=0
  for i in $(seq 1 $N_TRACKS); do
    timed "ffmpeg.$r.$i" -- ffmpeg -nostats -hide_banner -i "${files[$((i - 1))]}" \
      -af ebur128=peak=true -f null -
    read -r w m < "$out/ffmpeg.$r.$i.time"
    wall=$(awk -v a="$wall" -v b="$w" 'BEGIN { printf "%.2f", a + b }')
    [ "$m" -gt "$rss" ] && rss=$m
  done
  echo "$wall $rss" > "$out/ffmpeg.$r.time"
  timed "loudgain.$r" -- loudgain -a -s s "${files[@]}"
  printf '  run %d/%d: lacquer %ss, lacquer -j1 %ss, ffmpeg %ss, loudgain %ss\n' "$r" "$runs" \
    "$(cut -d' ' -f1 "$out/lacquer.$r.time")" "$(cut -d' ' -f1 "$out/lacquer-j1.$r.time")" \
    "$wall" "$(cut -d' ' -f1 "$out/loudgain.$r.time")"
done

# Lacquer must have measured every file.
n_ok=$(jq '.tracks | length' "$out/lacquer.1.out")
n_err=$(jq '.errors | length' "$out/lacquer.1.out")
[ "$n_ok" = "$N_TRACKS" ] && [ "$n_err" = 0 ] \
  || die "lacquer-cli measured $n_ok tracks with $n_err errors (see $out/lacquer.1.out)"

# ---------------------------------------------------------------------------------------
# Report
median_wall () {  # median_wall TOOL
  local r
  for r in $(seq 1 "$runs"); do cut -d' ' -f1 "$out/$1.$r.time"; done | sort -g \
    | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
max_rss_mb () {  # max_rss_mb TOOL: the highest peak RSS of all runs, in MB
  local r
  for r in $(seq 1 "$runs"); do cut -d' ' -f2 "$out/$1.$r.time"; done | sort -g \
    | awk '{ m = $1 } END { printf "%.1f", m / 1024 }'
}
all_walls () {
  local r
  for r in $(seq 1 "$runs"); do printf '%s ' "$(cut -d' ' -f1 "$out/$1.$r.time")"; done
}

t_lq=$(median_wall lacquer)
t_lq1=$(median_wall lacquer-j1)
t_ff=$(median_wall ffmpeg)
t_lg=$(median_wall loudgain)
m_lq=$(max_rss_mb lacquer)
m_lq1=$(max_rss_mb lacquer-j1)
m_ff=$(max_rss_mb ffmpeg)
m_lg=$(max_rss_mb loudgain)
xrt () { awk -v s="$audio_seconds" -v t="$1" 'BEGIN { if (t > 0) printf "%.0fx", s / t; else print "inf" }'; }
ratio () { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo
echo "== Lacquer analyze benchmark =="
echo "Machine:  $ncpu CPUs (nproc), ${cpu_model:-unknown CPU}, $(uname -r)"
echo "Album:    $N_TRACKS tracks, $(awk -v s="$audio_seconds" 'BEGIN { printf "%.1f", s / 60 }') min," \
     "stereo 24-bit 44.1 kHz WAV, page cache warm ($album_dir)"
echo "Runs:     $runs per tool, sequential; median wall time, highest peak RSS"
echo "Versions: $("$cli" --version 2>/dev/null || echo "lacquer-cli $cli"); $(ffmpeg -version | head -n1 | cut -d' ' -f1-3);" \
     "$(loudgain --version 2>&1 | head -n1 | cut -d' ' -f1-2)"
echo
printf '%-34s %10s %11s %10s   %s\n' "tool" "wall (s)" "x-realtime" "peak MB" "all runs (s)"
printf '%-34s %10s %11s %10s   %s\n' "----" "--------" "----------" "-------" "------------"
row () { printf '%-34s %10s %11s %10s   %s\n' "$1" "$2" "$(xrt "$2")" "$3" "$4"; }
row "lacquer-cli analyze ($ncpu workers)" "$t_lq" "$m_lq" "$(all_walls lacquer)"
row "lacquer-cli analyze --jobs 1" "$t_lq1" "$m_lq1" "$(all_walls lacquer-j1)"
row "ffmpeg ebur128 (per file, summed)" "$t_ff" "$m_ff" "$(all_walls ffmpeg)"
row "loudgain -a -s s" "$t_lg" "$m_lg" "$(all_walls loudgain)"

faster_name=ffmpeg t_best=$t_ff
if awk -v a="$t_lg" -v b="$t_ff" 'BEGIN { exit !(a < b) }'; then faster_name=loudgain t_best=$t_lg; fi
s_best=$(ratio "$t_best" "$t_lq")
echo
echo "Lacquer speed-up (peer wall / Lacquer wall; >1 = Lacquer faster):"
printf '  %-22s %8s %14s\n' "" "$ncpu workers" "--jobs 1"
printf '  %-22s %7sx %13sx\n' "vs ffmpeg" "$(ratio "$t_ff" "$t_lq")" "$(ratio "$t_ff" "$t_lq1")"
printf '  %-22s %7sx %13sx\n' "vs loudgain" "$(ratio "$t_lg" "$t_lq")" "$(ratio "$t_lg" "$t_lq1")"
printf '  %-22s %7sx %13sx\n' "vs faster ($faster_name)" "$s_best" "$(ratio "$t_best" "$t_lq1")"
echo "  Lacquer parallel scaling: $(ratio "$t_lq1" "$t_lq")x with $ncpu workers"
speed_ok=$(awk -v s="$s_best" -v g=$GOAL_SPEEDUP 'BEGIN { print (s >= g) ? "MET" : "NOT MET" }')
mem_ok=$(awk -v m="$m_lq" -v g=$GOAL_MEM_MB 'BEGIN { print (m < g) ? "MET" : "NOT MET" }')
echo "Goal: >= ${GOAL_SPEEDUP}x faster than the faster peer: $speed_ok (${s_best}x)"
echo "Goal: peak memory < $GOAL_MEM_MB MB: $mem_ok (${m_lq} MB with $ncpu workers, ${m_lq1} MB with 1)"

# Agreement. Lacquer: run 1's JSON. loudgain: run 1's stdout. ffmpeg: run 1's summaries.
lg_album=$(awk '/^Album:/ { a = 1 } a && /Loudness:/ { l = $2 } a && /Peak:/ { gsub(/[()]/, "", $3); p = $3 }
                END { print l, p }' "$out/loudgain.1.out")
read -r lg_album_i lg_album_tp <<< "$lg_album"
lq_album_i=$(jq -r '.album.integrated_lufs' "$out/lacquer.1.out")
lq_album_tp=$(jq -r '.album.true_peak_dbtp' "$out/lacquer.1.out")
diff2 () {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "null") { print "?"; exit }
                                   d = a - b; if (d > -0.005 && d < 0.005) d = 0; printf "%+.2f", d }'
}
fmt () { awk -v a="$1" "BEGIN { if (a == \"\" || a == \"null\") print \"?\"; else printf \"%.${2:-2}f\", a }"; }

echo
echo "Agreement (Lacquer - peer; peers round to 0.01 dB (loudgain) and 0.1 dB (ffmpeg)):"
printf '  %-22s %12s %12s %8s\n' "album" "Lacquer" "loudgain" "diff"
printf '  %-22s %12s %12s %8s\n' "integrated (LUFS)" "$(fmt "$lq_album_i")" "$(fmt "$lg_album_i")" \
  "$(diff2 "$lq_album_i" "$lg_album_i")"
printf '  %-22s %12s %12s %8s\n' "true peak (dBTP)" "$(fmt "$lq_album_tp")" "$(fmt "$lg_album_tp")" \
  "$(diff2 "$lq_album_tp" "$lg_album_tp")"
echo
printf '  %-10s %10s %8s %6s %6s   %10s %8s %6s %6s\n' "track" "I Lacquer" "ffmpeg" "diff" "lg" \
  "TP Lacquer" "ffmpeg" "diff" "lg"
for i in 1 2 3; do
  read -r ff_i ff_tp < <(awk '/Summary:/ { s = 1 } s && $1 == "I:" { i = $2 } s && $1 == "Peak:" { p = $2 }
                              END { print i, p }' "$out/ffmpeg.1.$i.err")
  f=${files[$((i - 1))]}
  lq_i=$(jq -r --arg p "$f" '.tracks[] | select(.path == $p) | .integrated_lufs' "$out/lacquer.1.out")
  lq_tp=$(jq -r --arg p "$f" '.tracks[] | select(.path == $p) | .true_peak_dbtp' "$out/lacquer.1.out")
  read -r lg_i lg_tp < <(awk -v f="$f" '$1 == "Track:" { t = (substr($0, index($0, ":") + 2) == f) }
                         t && /Loudness:/ { l = $2 } t && /Peak:/ { gsub(/[()]/, "", $3); p = $3 }
                         END { print l, p }' "$out/loudgain.1.out")
  printf '  %-10s %10s %8s %6s %6s   %10s %8s %6s %6s\n' "$(basename "$f" .wav)" \
    "$(fmt "$lq_i")" "$(fmt "$ff_i" 1)" "$(diff2 "$lq_i" "$ff_i")" "$(fmt "$lg_i")" \
    "$(fmt "$lq_tp")" "$(fmt "$ff_tp" 1)" "$(diff2 "$lq_tp" "$ff_tp")" "$(fmt "$lg_tp")"
done
echo
echo "Benchmark took $(( SECONDS - start_time )) s (album generation included)."
