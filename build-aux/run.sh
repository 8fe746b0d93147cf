#!/bin/bash
# run.sh [BUILD_DIR]: the main job. Opens Lacquer's window; with no display to open
# it on, says so and runs `lacquer-cli demo` instead: the demo album analysed in the terminal.
set -euo pipefail
build=${1:-build}
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$build/ui/lacquer" ]; then
  exec "$build/ui/lacquer"
fi
echo "No display available (neither DISPLAY nor WAYLAND_DISPLAY is set):" \
     "running 'lacquer-cli demo', the analysis of the demo album, instead." >&2
echo >&2
exec "$build/app/lacquer-cli" demo
