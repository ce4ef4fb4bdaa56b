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
value () { "$build/tests/json-check" value "$1" "$2" 2>/dev/null || echo "?"; }
# ns_per_event WALL_S EVENTS
ns_per_event () { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.0f", $1 * 1e9 / $2; else print "?" }'; }

# mem_per_message NAME SMALL.topo LARGE.topo: memory per message in flight,
# as the slope of peak RSS against the messages in flight at the end
# (summary.json messages.in_flight) between two overloaded runs that end
# with different backlogs; what the organisation itself costs cancels out.
mem_per_message () {
  wall ./msgflow simulate --quiet -o "$tmp/m1" "$2" >/dev/null
  rss1=$(cat "$tmp/rss"); n1=$(value "$tmp/m1/summary.json" messages.in_flight)
  wall ./msgflow simulate --quiet -o "$tmp/m2" "$3" >/dev/null
  rss2=$(cat "$tmp/rss"); n2=$(value "$tmp/m2/summary.json" messages.in_flight)
  echo "$1: $(echo "$rss1 $rss2 $n1 $n2" | awk '{ if ($4 > $3) printf "%.0f", ($2 - $1) * 1024 / ($4 - $3); else printf "?" }') bytes per message in flight (peak RSS $rss1 KB with $n1 in flight, $rss2 KB with $n2)"
  rm -rf "$tmp/m1" "$tmp/m2"
}

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
events=$(value "$tmp/out/summary.json" events)
echo "tandem: $events events, $(ns_per_event "$sim" "$events") ns/event (whole process: median wall / events)"
# The tandem overloaded (2 messages/s into a categorizer that does 1/s):
# the backlog grows by ~1 message a second, so two lengths of run give
# two numbers of messages in flight at the end.
sed -e 's|^rate = 0.8/s|rate = 2/s|' -e 's|^duration = .*|duration = 100000s|' \
  tests/bench/tandem.topo >"$tmp/over1.topo"
sed -e 's|^rate = 0.8/s|rate = 2/s|' -e 's|^duration = .*|duration = 300000s|' \
  tests/bench/tandem.topo >"$tmp/over2.topo"
mem_per_message "tandem" "$tmp/over1.topo" "$tmp/over2.topo"

echo "== scaling: generated organisations (tests/gen-org GROUPS SERVERS 100000), one day, median of 3"
echo "groups servers | simulate: wall s, events/s, ns/event, peak MB | analyze (N-1, whole process): wall s"
for size in "10 100" "150 1000" "600 1000" "1000 1000"; do
  set -- $size
  "$build/tests/gen-org" "$1" "$2" 100000 >"$tmp/org.topo"
  : >"$tmp/sim"; : >"$tmp/ana"; : >"$tmp/mem"
  for i in 1 2 3; do
    wall ./msgflow simulate --quiet -o "$tmp/out" "$tmp/org.topo" >>"$tmp/sim"
    cat "$tmp/rss" >>"$tmp/mem"
    wall ./msgflow analyze "$tmp/org.topo" >>"$tmp/ana"
  done
  eps=$(value "$tmp/out/summary.json" events_per_s)
  wall_med=$(median <"$tmp/sim")
  printf "%6s %7s | %8s %12s %8s %6s | %8s\n" "$1" "$2" "$wall_med" "$eps" \
    "$(ns_per_event "$wall_med" "$(value "$tmp/out/summary.json" events)")" \
    "$(median <"$tmp/mem" | awk '{ printf "%.0f", $1 / 1024 }')" "$(median <"$tmp/ana")"
done
# The 150-group day with a tenth of the traffic and categorizers that never
# finish: every message stays in flight, with the day's shape (recipients,
# sizes); half a day and a whole day give the two backlogs.
"$build/tests/gen-org" 150 1000 100000 |
  sed -e 's|^messages-per-mailbox = 40/day|messages-per-mailbox = 4/day|' \
      -e 's|^mailboxes = .*|&\ncategorizer = const(1000000s)|' >"$tmp/org-stuck.topo"
sed -e 's|^duration = 24h|duration = 12h|' "$tmp/org-stuck.topo" >"$tmp/org-stuck-half.topo"
mem_per_message "150-group day" "$tmp/org-stuck-half.topo" "$tmp/org-stuck.topo"

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
