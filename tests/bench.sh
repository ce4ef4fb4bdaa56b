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

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Wall seconds of one whole process (output discarded); peak RSS in KB
# goes to $tmp/rss.
wall () {
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$tmp/rss" "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 ))" | awk '{ printf "%.3f\n", $1 / 1000 }'
}
median () { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "== msgflow simulate vs a bare C program doing the same queueing (tandem, ~1,000,000 messages)"
echo "   whole processes, 5 runs each, alternating; tests/bench/ref-tandem.c is the yardstick"
"$build/tests/ref-tandem"
: >"$tmp/ref"; : >"$tmp/sim"
for i in 1 2 3 4 5; do
  wall "$build/tests/ref-tandem" >>"$tmp/ref"
  wall ./msgflow simulate --quiet -o "$tmp/out" tests/bench/tandem.topo >>"$tmp/sim"
done
ref=$(median <"$tmp/ref"); sim=$(median <"$tmp/sim")
echo "ref-tandem median $ref s; msgflow simulate median $sim s; ratio $(echo "$sim $ref" | awk '{ printf "%.2f", $1 / $2 }')x (goal <= 3x)"

echo "== scaling: generated organisations (tests/gen-org GROUPS SERVERS 100000), one day, median of 3"
echo "groups servers | simulate: wall s, events/s, peak MB | analyze (N-1, whole process): wall s"
for size in "10 100" "150 1000" "600 1000" "1000 1000"; do
  set -- $size
  "$build/tests/gen-org" "$1" "$2" 100000 >"$tmp/org.topo"
  : >"$tmp/sim"; : >"$tmp/ana"; : >"$tmp/mem"
  for i in 1 2 3; do
    wall ./msgflow simulate --quiet -o "$tmp/out" "$tmp/org.topo" >>"$tmp/sim"
    cat "$tmp/rss" >>"$tmp/mem"
    wall ./msgflow analyze "$tmp/org.topo" >>"$tmp/ana"
  done
  eps=$("$build/tests/json-check" value "$tmp/out/summary.json" events_per_s 2>/dev/null || echo "?")
  printf "%6s %7s | %8s %12s %6s | %8s\n" "$1" "$2" "$(median <"$tmp/sim")" "$eps" \
    "$(median <"$tmp/mem" | awk '{ printf "%.0f", $1 / 1024 }')" "$(median <"$tmp/ana")"
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
