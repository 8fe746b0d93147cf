#!/bin/bash
# run.sh [BUILD_DIR]: builds Lacquer (configuring BUILD_DIR, default "build", the first time)
# and runs the main job: Lacquer's window; with no display to open it on, it says so and runs
# `lacquer-cli demo` instead: it makes the demo album's project (once, in the cache folder),
# prints its analysis and ends with the next commands to try on it.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -f "$build/build.ninja" ] || meson setup "$build" --buildtype=release
ninja -C "$build"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$build/ui/lacquer" ]; then
  exec "$build/ui/lacquer"
fi
echo >&2
echo "No display available (neither DISPLAY nor WAYLAND_DISPLAY is set):" \
     "running 'lacquer-cli demo', the demo album's project and its analysis, instead." >&2
echo >&2
exec "$build/app/cli/lacquer-cli" demo
