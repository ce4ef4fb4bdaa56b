#!/bin/sh
# Run every benchmark program (tests/bench-*.c) and the whole-process
# timings of msgflow, and print their figures.  Benchmarks print; they never
# assert a time.  Usage: bench.sh BUILD_DIR
set -e
build=${1:-build}
for b in "$build"/tests/bench-*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" "$build"
done

echo "== msgflow simulate, whole process (3 runs each)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/tests/gen-org" >"$tmp/org.topo"
for topo in tests/bench/tandem.topo "$tmp/org.topo"; do
  for i in 1 2 3; do
    /usr/bin/time -f "$topo: wall %e s, peak rss %M KB" ./msgflow simulate --quiet -o "$tmp/out" "$topo"
  done
done
