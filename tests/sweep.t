#!/bin/sh
# `msgflow sweep` end to end.  An M/M/1 load sweep (one server, categorizer
# exp(1s), store-delivery const(0), 0.5, 0.7 and 0.9 messages per second,
# 200000 s with a 20000 s warm-up, 10 replications) whose mean sojourn
# must be 1/(mu - lambda) within three 95% half-widths, with half-widths
# small enough for that to mean something; the same sweep.json (apart from
# the wall-clock figures) for -j 1 and -j 2, and for a range and the same
# list; common random numbers (a key the model ignores gives identical
# points); the cross product; the runs' folders; bad SPECs (unknown
# section, name, key, value) exit 2 with the message and write nothing;
# --time-limit and SIGTERM keep the finished jobs and mark the sweep
# incomplete; two --part halves (and three thirds) merged with --merge are
# the single run, and --merge refuses parts of other sweeps, missing and
# duplicate parts.  TAP, run by prove from `make check`; $MSGFLOW is the binary.
msgflow=${MSGFLOW:-./msgflow}
case $msgflow in /*) ;; *) msgflow=$(pwd)/$msgflow ;; esac
jc=$(pwd)/${BUILD:-build}/tests/json-check
case $jc in /*) ;; *) jc=$(pwd)/$jc ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; }
check () { if eval "$2"; then ok "$1"; else not_ok "$1"; sed 's/^/# /' "$tmp/err" 2>/dev/null | head -5; fi; }
expect () {
  desc=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok "$desc"; else
    not_ok "$desc (exit $got, want $want)"; sed 's/^/# /' "$tmp/err" | head -5; fi
}
# Column NAME (by header) of the row of sweep.csv FILE whose column KEY is VALUE.
csv () {
  awk -F, -v name="$2" -v key="$3" -v value="$4" '
    NR == 1 { for (i = 1; i <= NF; i++) { if ($i == name) c = i; if ($i == key) k = i }; next }
    c && k && $k == value { print $c; exit }' "$1"
}
# The wall-clock figures, which differ from run to run (and so does the
# SHA-256 of sweep.csv in sweep.json's manifest).
WALL="wall_s events_per_s sim_seconds_per_wall_second"
# sweep.csv FILE without the wall-clock columns.
csv_nowall () {
  awk -F, -v wall="$WALL" '
    NR == 1 { n = split(wall, w, " "); for (i = 1; i <= NF; i++) for (j = 1; j <= n; j++)
                if ($i == w[j] || $i == w[j] ".half_width") drop[i] = 1 }
    { line = ""; for (i = 1; i <= NF; i++) if (!drop[i]) line = line "," $i; print line }' "$1"
}

cd "$tmp" || exit 1
cat >mm1.topo <<'TOPO'
[organization]
name = MM1
seed = 11

[routing-group G]

[server S]
routing-group = G
categorizer = exp(1s)
store-delivery = const(0)

[flow load]
from = server S
to = server S
rate = 0.2/s
TOPO

MM1="--duration 200000s --warmup 20000s --replications 10"
expect "an M/M/1 load sweep on 2 workers exits 0" 0 \
  "$msgflow" sweep mm1.topo --vary "flow load.rate=0.5/s;0.7/s;0.9/s" $MM1 -j 2 -o j2
cp out j2.stdout
check "sweep.json, sweep.csv and the runs are there" "[ -s j2/sweep.json ] && [ -s j2/sweep.csv ] && [ -d j2/runs ]"
check "stdout lists each point" "grep -q 'flow load.rate=0.9/s  latency_s.mean' j2.stdout"
for lambda in 0.5 0.7 0.9; do
  m=$(csv j2/sweep.csv latency_s.mean "flow load.rate" "$lambda/s")
  h=$(csv j2/sweep.csv latency_s.mean.half_width "flow load.rate" "$lambda/s")
  check "lambda $lambda: mean sojourn $m ± $h is 1/(1 - $lambda) within three half-widths, half-width under 5% of it" \
    "awk -v m='$m' -v h='$h' -v l=$lambda 'BEGIN { t = 1 / (1 - l); d = m - t; if (d < 0) d = -d; exit !(m != \"\" && h > 0 && d < 3 * h && h < 0.05 * t) }'"
done
check "the means grow with the load (point order is the SPEC's)" \
  "awk -v a=\"\$(csv j2/sweep.csv latency_s.mean point 0)\" -v b=\"\$(csv j2/sweep.csv latency_s.mean point 2)\" 'BEGIN { exit !(a < b) }'"
check "sweep.json: 3 points, 10 runs each, complete" \
  "[ \"\$('$jc' length j2/sweep.json points)\" = 3 ] && [ \"\$('$jc' find j2/sweep.json points point=1 n)\" = 10 ] && [ \"\$('$jc' value j2/sweep.json complete)\" = true ] && [ \"\$('$jc' value j2/sweep.json jobs_done)\" = 30 ]"
check "sweep.json and sweep.csv agree on the runs of a point" \
  "[ \"\$(csv j2/sweep.csv runs point 2)\" = \"\$('$jc' find j2/sweep.json points point=2 n)\" ]"
check "each run has its own result folder with the point's topology" \
  "[ -s j2/runs/0002-9/summary.json ] && grep -qx 'rate = 0.9/s' j2/runs/0002-9/topology.topo && grep -qx 'rate = 0.5/s' j2/runs/0000-0/topology.topo"
check "replication r has the same seed and replication number at every point" \
  "[ \"\$('$jc' value j2/runs/0000-3/summary.json seed)\" = \"\$('$jc' value j2/runs/0002-3/summary.json seed)\" ] && [ \"\$('$jc' value j2/runs/0001-3/summary.json replication)\" = 3 ]"
check "the manifest in sweep.json lists sweep.csv" "grep -q '\"sweep.csv\"' j2/sweep.json"

expect "the same sweep on 1 worker exits 0" 0 \
  "$msgflow" sweep mm1.topo --vary "flow load.rate=0.5/s;0.7/s;0.9/s" $MM1 -j 1 -o j1 -q
check "-j 1 and -j 2 give the same sweep.json apart from the wall clock" "'$jc' same j1/sweep.json j2/sweep.json $WALL manifest"
check "... and the same sweep.csv apart from the wall clock" "csv_nowall j1/sweep.csv >j1.csv && csv_nowall j2/sweep.csv >j2.csv && cmp -s j1.csv j2.csv && grep -q latency_s.mean j1.csv"
check "... and the same run folders" "'$jc' same j1/runs/0001-4/summary.json j2/runs/0001-4/summary.json $WALL manifest"
check "... which the wall-clock figures alone tell apart" "! cmp -s j1/sweep.json j2/sweep.json"
expect "a range A..B step S exits 0" 0 \
  "$msgflow" sweep mm1.topo --vary "flow load.rate=0.5/s..0.9/s step 0.2/s" $MM1 -o range -q
check "the range gives the list's sweep.json (its spec apart)" "'$jc' same range/sweep.json j2/sweep.json $WALL spec manifest"

# --part I/N and --merge: job j is in part j mod N + 1; the parts merged
# are the single run, apart from the wall clock.
sweep_parts () { "$msgflow" sweep mm1.topo --vary "flow load.rate=0.5/s;0.7/s;0.9/s" --duration 2000s --warmup 200s --replications 3 -q "$@"; }
expect "the whole sweep for the parts exits 0" 0 sweep_parts -o whole -j 2
expect "--part 1/2 exits 0" 0 sweep_parts --part 1/2 -o half1 -j 2
expect "--part 2/2 exits 0 (on another -j)" 0 sweep_parts --part 2/2 -o half2 -j 1
check "a part says which it is in sweep.json" \
  "[ \"\$('$jc' value half1/sweep.json part.index)\" = 1 ] && [ \"\$('$jc' value half2/sweep.json part.of)\" = 2 ] && [ \"\$('$jc' value whole/sweep.json part)\" = null ]"
check "... and runs its jobs only: jobs 0, 2, 4... in part 1, 1, 3, 5... in part 2" \
  "[ -s half1/runs/0000-0/summary.json ] && [ ! -e half1/runs/0000-1 ] && [ -s half1/runs/0001-1/summary.json ] && [ -s half2/runs/0000-1/summary.json ] && [ ! -e half2/runs/0000-0 ] && [ \"\$('$jc' value half1/sweep.json jobs_done)\" = 5 ] && [ \"\$('$jc' value half2/sweep.json jobs_done)\" = 4 ]"
expect "--merge of the two halves (in any order) exits 0" 0 "$msgflow" sweep --merge half2 half1 -o merged -q
check "the halves merged give the whole sweep's sweep.json apart from the wall clock" \
  "'$jc' same whole/sweep.json merged/sweep.json $WALL manifest && [ \"\$('$jc' value merged/sweep.json jobs_done)\" = 9 ]"
check "... and its sweep.csv" "csv_nowall whole/sweep.csv >whole.csv && csv_nowall merged/sweep.csv >merged.csv && cmp -s whole.csv merged.csv && grep -q latency_s.mean whole.csv"
check "... and its run folders, from both halves" \
  "'$jc' same whole/runs/0000-1/summary.json merged/runs/0000-1/summary.json $WALL manifest && '$jc' same whole/runs/0002-2/summary.json merged/runs/0002-2/summary.json $WALL manifest && cmp -s whole/runs/0002-2/topology.topo merged/runs/0002-2/topology.topo"
expect "three parts merged exit 0" 0 sh -c "cd '$tmp' && for i in 1 2 3; do $(printf %s "$msgflow") sweep mm1.topo --vary 'flow load.rate=0.5/s;0.7/s;0.9/s' --duration 2000s --warmup 200s --replications 3 -q --part \$i/3 -o third\$i || exit 1; done; $(printf %s "$msgflow") sweep --merge third1 third2 third3 -o merged3 -q"
check "... and give the same sweep.json" "'$jc' same whole/sweep.json merged3/sweep.json $WALL manifest"
expect "a missing part exits 2" 2 "$msgflow" sweep --merge half1 -o bad
check "... saying which" "grep -qF 'part 2 of 2 is missing' err"
expect "a part given twice exits 2" 2 "$msgflow" sweep --merge half1 half2 half1 -o bad
check "... naming the folder" "grep -qF 'half1: part 1 of 2 is given twice' err"
expect "a part of another sweep (another seed) exits 2" 2 sh -c "$(printf %s "$msgflow") sweep mm1.topo --vary 'flow load.rate=0.5/s;0.7/s;0.9/s' --duration 2000s --warmup 200s --replications 3 -q --part 2/2 --seed 5 -o other && $(printf %s "$msgflow") sweep --merge half1 other -o bad"
check "... naming the folder and what differs" "grep -qF 'other: not a part of the same sweep as half1 (\"seed\" differs)' err"
expect "a part of another cut (1/2 with 2/3) exits 2" 2 "$msgflow" sweep --merge half1 third2 -o bad
expect "a folder that is no part exits 2" 2 "$msgflow" sweep --merge whole half1 -o bad
check "... naming it" "grep -qF 'whole: not a part of a sweep' err"
check "no bad merge wrote anything" "[ ! -e bad ]"
expect "--part 3/2 exits 2" 2 sweep_parts --part 3/2 -o bad
expect "--part x exits 2" 2 sweep_parts --part x -o bad
expect "more parts than jobs exits 2" 2 sweep_parts --part 1/10 -o bad

# Common random numbers: the name of the organisation changes nothing in the
# model, so both points are the same runs.
expect "a sweep of a key the model ignores exits 0" 0 \
  "$msgflow" sweep mm1.topo --vary "organization.name=A;B" --duration 2000s --warmup 200s --replications 3 -o crn -q
check "its two points have the same figures" \
  "[ \"\$(csv crn/sweep.csv latency_s.mean point 0)\" = \"\$(csv crn/sweep.csv latency_s.mean point 1)\" ] && [ -n \"\$(csv crn/sweep.csv latency_s.mean point 0)\" ]"
check "... and one replication is not the other" \
  "[ \"\$('$jc' value crn/runs/0000-0/summary.json latency_s.mean)\" != \"\$('$jc' value crn/runs/0000-1/summary.json latency_s.mean)\" ]"

expect "two --vary give the cross product" 0 \
  "$msgflow" sweep mm1.topo --vary "flow load.rate=0.5/s;0.6/s" --vary "server S.categorizer=exp(1s);exp(0.5s);const(1s)" \
  --duration 2000s --warmup 200s -o cross -q
check "6 points, the first --vary slowest" \
  "[ \"\$('$jc' length cross/sweep.json points)\" = 6 ] && [ \"\$(csv cross/sweep.csv 'server S.categorizer' point 4)\" = 'exp(0.5s)' ] && [ \"\$(csv cross/sweep.csv 'flow load.rate' point 4)\" = 0.6/s ]"
check "one replication: half-widths are null, n is 1" \
  "[ \"\$('$jc' find cross/sweep.json points point=0 n)\" = 1 ] && grep -q '\"half_width\" : null' cross/sweep.json"
check "a key the file leaves at its default is set: const(1s) service" \
  "grep -qx 'categorizer = const(1s)' cross/runs/0002-0/topology.topo"

bad () {
  expect "bad SPEC ($1) exits 2" 2 "$msgflow" sweep mm1.topo --vary "$2" --duration 100s --warmup 10s -o bad
  check "... naming the SPEC: $3" "grep -qF -- \"--vary $2\" err && grep -qF -- \"$3\" err"
}
bad "unknown section" "flw load.rate=1/s" "unknown section [flw]"
bad "unknown name" "flow nope.rate=1/s" "no [flow nope]"
bad "unknown key" "flow load.rat=1/s" "unknown key 'rat'"
bad "bad value" "flow load.rate=1/s;fast" "value fast: mm1.topo:"
bad "range without step" "flow load.rate=1/s..2/s" "is not a rate"
check "no bad sweep wrote anything" "[ ! -e bad ]"
expect "no --vary exits 2" 2 "$msgflow" sweep mm1.topo -o bad
expect "the same key twice exits 2" 2 "$msgflow" sweep mm1.topo --vary "flow load.rate=1/s" --vary "flow load.rate=2/s" -o bad
mkdir notresult && echo x >notresult/file
expect "a DIR that is not a result exits 2" 2 "$msgflow" sweep mm1.topo --vary "flow load.rate=1/s" --duration 100s --warmup 10s -o notresult
expect "a sweep replaces its own earlier result" 0 "$msgflow" sweep mm1.topo --vary "flow load.rate=0.3/s" --duration 100s --warmup 10s -o crn -q
check "... with the new points only" "[ \"\$('$jc' length crn/sweep.json points)\" = 1 ] && [ ! -e crn/runs/0001-0 ]"

# Stops: jobs of about a quarter second each, far more than fit in the limit.
LONG="--duration 200000s --warmup 100s --replications 40 -j 2"
RATES="flow load.rate=0.5/s;0.6/s;0.7/s;0.8/s"
expect "--time-limit stops the sweep with exit 1" 1 "$msgflow" sweep mm1.topo --vary "$RATES" $LONG --time-limit 3s -o limited -q
check "... sweep.json says incomplete, stopped by the time limit" \
  "[ \"\$('$jc' value limited/sweep.json complete)\" = false ] && [ \"\$('$jc' value limited/sweep.json stopped)\" = time-limit ]"
done_jobs=$("$jc" value limited/sweep.json jobs_done)
check "... keeps the finished jobs ($done_jobs of 160), each with its folder" \
  "[ '$done_jobs' -gt 0 ] && [ '$done_jobs' -lt 160 ] && [ -s limited/runs/0000-0/summary.json ] && [ \$(ls limited/runs | wc -l) = '$done_jobs' ]"
check "... and no leftover work folders" "! ls -a limited/runs limited/.. | grep -q 'tmp-'"
"$msgflow" sweep mm1.topo --vary "$RATES" $LONG -o termed -q >/dev/null 2>"$tmp/err" &
pid=$!
sleep 3
kill -TERM $pid
wait $pid
got=$?
check "SIGTERM stops the sweep with exit 143 (got $got)" "[ $got = 143 ]"
check "... sweep.json says stopped by SIGTERM, with the finished jobs" \
  "[ \"\$('$jc' value termed/sweep.json stopped)\" = SIGTERM ] && [ \"\$('$jc' value termed/sweep.json jobs_done)\" -gt 0 ]"

echo "1..$n"
