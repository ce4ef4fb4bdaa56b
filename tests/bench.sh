#!/bin/sh
# Run every benchmark program (tests/bench-*.c) and print its figures.
# Benchmarks print; they never assert a time.  Usage: bench.sh BUILD_DIR
set -e
build=${1:-build}
for b in "$build"/tests/bench-*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b"
done
