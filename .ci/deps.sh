#!/bin/sh
# Install what msgflow needs to build, test and report, on Debian 12.
# Does nothing when everything is there; needs root (or sudo) otherwise.
set -e
PKGS="build-essential pkg-config libglib2.0-dev libjson-glib-dev libigraph-dev \
gnuplot-nox graphviz clang libclang-rt-14-dev"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
