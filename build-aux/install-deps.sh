#!/bin/bash
# install-deps.sh: installs every Debian 12 package Lacquer needs to build, run and test.
# Idempotent: returns at once when everything is there. Needs root (or sudo).
set -euo pipefail

PKGS=(
  # build
  gcc libc6-dev pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libjson-glib-dev
  libsndfile1-dev libflac-dev libebur128-dev libsqlite3-dev portaudio19-dev libsoxr-dev libfftw3-dev
  # data validation
  desktop-file-utils appstream libxml2-utils shared-mime-info
  # headless GUI tests: X server, accessibility bus, input and screenshots
  xvfb xauth xdotool imagemagick x11-utils fonts-dejavu-core dbus at-spi2-core
  python3 python3-gi python3-pyatspi gir1.2-atspi-2.0 gsettings-desktop-schemas
  # fuzzing the project file reader (libFuzzer)
  clang libclang-rt-14-dev
  # reference tools the tests and benchmarks compare against
  sox libsox-fmt-all ffmpeg loudgain flac time procps jq
  # reading back the CD's TOC (cdrdao show-toc, toc2cddb) and cue sheet (cuebreakpoints,
  # cueprint); shntool splits a CD image at its cue points
  cdrdao cuetools shntool
  # validating lacquer-cli's JSON output against data/json-schema
  python3-jsonschema
  # script(1), for the CLI's progress bar on a pseudo-terminal (essential, listed all the same)
  bsdutils
  # the engine suite: a private JACK server on the dummy driver (jackd, jack_wait, jack_lsp)
  # and the recorder of what reaches its outputs (build-aux/with-jack-dummy.sh, capture-playback.sh)
  jackd2 jack-capture
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages present"
  exit 0
fi

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "install-deps: installing ${missing[*]}"
# noninteractive also answers jackd2's debconf question (realtime priority for the audio
# group) with its default, no; CI runs as root, which may use realtime priority anyway.
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${PKGS[@]}" \
  >/tmp/lacquer-install-deps.log 2>&1 || { tail -30 /tmp/lacquer-install-deps.log >&2; exit 1; }
echo "install-deps: done"
