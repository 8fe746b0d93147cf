#!/bin/bash
# with-gui-session.sh [-s WIDTHxHEIGHTxDEPTH] [--] COMMAND [ARGUMENT...]
#
# Runs COMMAND in a private, headless desktop session and tears the session
# down afterwards, so that Lacquer's UI tests run the same on a laptop and on
# a CI machine with no display:
#
#   - an Xvfb X server on a free display number (-displayfd), DISPLAY set,
#     GDK_BACKEND=x11 (GTK 4.8 has AT-SPI on X11 only);
#   - a private D-Bus session bus, and on it the AT-SPI accessibility bus and
#     registry, started before COMMAND so that they are ready and their PIDs
#     known;
#   - XDG_RUNTIME_DIR, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME and
#     XDG_STATE_HOME in a temporary directory;
#   - GSK_RENDERER=cairo unless set (screenshots without Mesa), and
#     LQ_GUI_SESSION=1 so that scripts can tell they are inside.
#
# Every process it started is stopped by the PID it recorded; the temporary
# directory is removed. Exit status: COMMAND's (2 for a usage error, 1 when
# the session could not start).
set -u

size=1280x800x24
while [ $# -gt 0 ]; do
  case "$1" in
    -s) size=$2; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: $0 [-s WIDTHxHEIGHTxDEPTH] [--] COMMAND [ARGUMENT...]" >&2
  exit 2
fi

for tool in Xvfb dbus-daemon dbus-send; do
  if ! command -v "$tool" >/dev/null; then
    echo "$0: $tool is not installed (see build-aux/install-deps.sh)" >&2
    exit 1
  fi
done

session_dir=$(mktemp -d "${TMPDIR:-/tmp}/lacquer-gui-session.XXXXXX") || exit 1
xvfb_pid='' bus_pid='' a11y_launcher_pid='' a11y_bus_pid='' registry_pid='' command_pid=''

# A process is gone once it has exited, even if nobody reaped it yet.
is_running() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

# Stops one process by PID: TERM, up to 2.5 s, then KILL.
stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do
    is_running "$pid" || break
    sleep 0.05
  done
  is_running "$pid" && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null  # reaps it if it is our child
  return 0
}

cleanup() {
  trap - EXIT INT TERM
  stop_pid "$command_pid"
  # The D-Bus activated services are the session bus's children, not ours
  stop_pid "$registry_pid"
  stop_pid "$a11y_launcher_pid"
  stop_pid "$a11y_bus_pid"
  stop_pid "$bus_pid"
  stop_pid "$xvfb_pid"
  rm -rf "$session_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "$0: $1" >&2
  [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/  /' "$2" >&2
  exit 1
}

# 1. The X server, on whatever display number is free
exec {display_fd}>"$session_dir/display"
Xvfb -displayfd "$display_fd" -screen 0 "$size" -nolisten tcp -noreset \
  >"$session_dir/xvfb.log" 2>&1 &
xvfb_pid=$!
exec {display_fd}>&-
for _ in $(seq 200); do
  [ -s "$session_dir/display" ] && break
  is_running "$xvfb_pid" || break
  sleep 0.05
done
[ -s "$session_dir/display" ] || fail "Xvfb did not start" "$session_dir/xvfb.log"
export DISPLAY=":$(head -n 1 "$session_dir/display")"
export GDK_BACKEND=x11

# 2. The session environment: set before the bus starts, because the
#    services it activates (the accessibility bus) inherit it
mkdir -m 700 "$session_dir/runtime"
export XDG_RUNTIME_DIR="$session_dir/runtime"
export XDG_CONFIG_HOME="$session_dir/config"
export XDG_DATA_HOME="$session_dir/data"
export XDG_CACHE_HOME="$session_dir/cache"
export XDG_STATE_HOME="$session_dir/state"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
export GSK_RENDERER="${GSK_RENDERER:-cairo}"
export GSETTINGS_BACKEND="${GSETTINGS_BACKEND:-memory}"
export LQ_GUI_SESSION=1
unset WAYLAND_DISPLAY

# 3. The session bus
bus_address="unix:path=$session_dir/bus"
dbus-daemon --session --nofork --nopidfile --address="$bus_address" \
  >"$session_dir/dbus.log" 2>&1 &
bus_pid=$!
for _ in $(seq 200); do
  [ -S "$session_dir/bus" ] && break
  is_running "$bus_pid" || break
  sleep 0.05
done
[ -S "$session_dir/bus" ] || fail "dbus-daemon did not start" "$session_dir/dbus.log"
export DBUS_SESSION_BUS_ADDRESS="$bus_address"

# 4. The accessibility bus and its registry. Asking for the bus's address
#    starts at-spi-bus-launcher; pinging the registry starts at-spi2-registryd.
pid_of_name() {  # BUS-OPTION NAME
  dbus-send "$1" --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetConnectionUnixProcessID "string:$2" 2>/dev/null | awk '{ print $2 }'
}
a11y_address=$(dbus-send --session --print-reply=literal --reply-timeout=10000 \
  --dest=org.a11y.Bus /org/a11y/bus org.a11y.Bus.GetAddress 2>/dev/null | tr -d ' ')
a11y_launcher_pid=$(pid_of_name --session org.a11y.Bus)
if [ -n "$a11y_address" ]; then
  a11y_bus_pid=$(pid_of_name --bus="$a11y_address" org.freedesktop.DBus)
  dbus-send --bus="$a11y_address" --print-reply --reply-timeout=10000 \
    --dest=org.a11y.atspi.Registry /org/a11y/atspi/accessible/root \
    org.freedesktop.DBus.Peer.Ping >/dev/null 2>&1
  registry_pid=$(pid_of_name --bus="$a11y_address" org.a11y.atspi.Registry)
  [ -n "$registry_pid" ] || echo "$0: warning: the AT-SPI registry did not start" >&2
else
  echo "$0: warning: no AT-SPI bus (is at-spi2-core installed?)" >&2
fi

# 5. The command, in the background so that a TERM from the test harness
#    reaches the trap at once
"$@" &
command_pid=$!
wait "$command_pid"
status=$?
command_pid=''
exit "$status"
