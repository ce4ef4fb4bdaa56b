#!/bin/sh
# Run every benchmark program (tests/bench-*.c) and the whole-process
# timings of msgflow, and print their figures.  Benchmarks print; they never
# assert a time.  Usage: bench.sh BUILD_DIR
set -e
build=${1:-build}
for b in "$build"/tests/bench-*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b"
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

echo "== tracking logs for ~1,000,000 messages (tandem), whole process"
for i in 1 2 3; do
  rm -rf "$tmp/track"
  start=$(date +%s.%N)
  ./msgflow simulate --quiet --tracking -o "$tmp/track" tests/bench/tandem.topo
  end=$(date +%s.%N)
  bytes=$(du -sb "$tmp/track/tracking" | cut -f1)
  echo "tracking run $i: $(echo "$end - $start" | bc) s, $((bytes / 1048576)) MiB of logs"
done
rm -rf "$tmp/track"
echo "disk reference: dd of 1 GiB"
dd if=/dev/zero of="$tmp/dd" bs=1M count=1024 conv=fsync 2>&1 | tail -1
rm -f "$tmp/dd"
