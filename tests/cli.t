#!/bin/sh
# The msgflow command line, end to end: exit codes, where output goes, and
# FILE:LINE: messages.  TAP, run by prove from `make check`.  $MSGFLOW is the
# binary under test (the sanitizer build sets its own).
msgflow=${MSGFLOW:-./msgflow}
case $msgflow in /*) ;; *) msgflow=$PWD/$msgflow ;; esac
# JSON is checked as parsed values (tests/json-check.c), never as text.
json_check=${BUILD:-build}/tests/json-check
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
# expect DESCRIPTION WANT_STATUS COMMAND...: run, keep stdout/stderr in $tmp.
expect () {
  desc=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok "$desc"; else
    not_ok "$desc (exit $got, want $want)"; sed 's/^/# /' "$tmp/err" | head -5; fi
}
# contains DESCRIPTION FILE TEXT
contains () {
  if grep -qF -- "$3" "$2"; then ok "$1"; else not_ok "$1"; sed 's/^/# /' "$2" | head -5; fi
}
# has_json DESCRIPTION FILE NAME[.NAME...]: the member exists
has_json () {
  if "$json_check" has "$2" "$3"; then ok "$1"; else not_ok "$1"; sed 's/^/# /' "$2" | head -5; fi
}
empty () {
  if [ ! -s "$2" ]; then ok "$1"; else not_ok "$1"; sed 's/^/# /' "$2" | head -5; fi
}

expect "--help exits 0" 0 "$msgflow" --help
contains "--help lists check" "$tmp/out" "check"
expect "--version exits 0" 0 "$msgflow" --version
contains "--version prints the version" "$tmp/out" "msgflow "
expect "no arguments is a usage error" 2 "$msgflow"
contains "no arguments prints the usage" "$tmp/err" "Usage: msgflow COMMAND"
expect "unknown command exits 2" 2 "$msgflow" frobnicate
contains "unknown command is named" "$tmp/err" "unknown command 'frobnicate'"
contains "unknown command points to --help" "$tmp/err" "Try 'msgflow --help'."
if [ "$(wc -l <"$tmp/err")" -eq 2 ]; then ok "unknown command: two lines, not the help"; else not_ok "unknown command: two lines, not the help"; fi
expect "unknown top-level option exits 2" 2 "$msgflow" --frobnicate
contains "unknown top-level option is named" "$tmp/err" "msgflow: unknown option '--frobnicate'"
contains "unknown top-level option points to --help" "$tmp/err" "Try 'msgflow --help'."
if [ "$(wc -l <"$tmp/err")" -eq 2 ]; then ok "unknown top-level option: two lines, not the help"; else not_ok "unknown top-level option: two lines, not the help"; fi
expect "--version with an argument exits 2" 2 "$msgflow" --version extra
contains "--version with an argument says so" "$tmp/err" "msgflow: --version takes no arguments"
empty "--version with an argument prints no version" "$tmp/out"
expect "check --help exits 0" 0 "$msgflow" check --help
contains "check --help shows usage" "$tmp/out" "msgflow check"
expect "check with an unknown option exits 2" 2 "$msgflow" check --frobnicate topologies/single-group.topo
contains "check names the bad option" "$tmp/err" "msgflow check: Unknown option --frobnicate"
contains "check points to its --help on a bad option" "$tmp/err" "Try 'msgflow check --help'."
if grep -q "Usage:" "$tmp/err"; then not_ok "check does not print its whole help on a bad option"; else ok "check does not print its whole help on a bad option"; fi
expect "check without a file exits 2" 2 "$msgflow" check

for f in topologies/*.topo; do
  expect "check accepts $f" 0 "$msgflow" check "$f"
  empty "check $f prints nothing on stderr" "$tmp/err"
  contains "check $f prints a summary" "$tmp/out" "routing groups"
done

printf '[organization]\nname = X\n[routing-group A]\n[server S]\nrouting-group = A\ncost = 5\n' >"$tmp/bad.topo"
expect "check rejects a bad file" 2 "$msgflow" check "$tmp/bad.topo"
contains "the error names FILE:LINE" "$tmp/err" "$tmp/bad.topo:6: server S: unknown key 'cost'"
empty "a rejected file prints nothing on stdout" "$tmp/out"

expect "one bad file among good ones exits 2" 2 "$msgflow" check topologies/single-group.topo "$tmp/bad.topo"
contains "the good file is still summarised" "$tmp/out" "single-group.topo"

expect "a missing file exits 2" 2 "$msgflow" check "$tmp/nope.topo"
contains "a missing file is named" "$tmp/err" "$tmp/nope.topo: cannot open"
expect "a directory exits 2" 2 "$msgflow" check "$tmp"

head -c 4096 /dev/urandom >"$tmp/random.topo"
expect "random bytes exit 2" 2 "$msgflow" check "$tmp/random.topo"
contains "random bytes get a located message" "$tmp/err" "$tmp/random.topo:"

printf '[organization]\nname = X\n[routing-group A]\n[routing-group B]\n[server S]\nrouting-group = A\n[server T]\nrouting-group = B\n[connector C]\ntype = routing-group\nfrom = A\nto = B\n' >"$tmp/oneway.topo"
expect "a one-way connector is only a warning" 0 "$msgflow" check "$tmp/oneway.topo"
contains "the warning names the connector and line" "$tmp/err" "$tmp/oneway.topo:9: warning: connector C is one-way"

# simulate
expect "simulate --help exits 0" 0 "$msgflow" simulate --help
expect "simulate writes its files" 0 "$msgflow" simulate --quiet --duration 2h -o "$tmp/sim" topologies/failure-drill.topo
empty "simulate --quiet prints nothing on stdout" "$tmp/out"
for f in summary.json queues.csv connectors.csv counts.csv link-state.csv latency-histogram.csv queue-stats.csv; do
  if [ -s "$tmp/sim/$f" ]; then ok "simulate wrote $f"; else not_ok "simulate wrote $f"; fi
done
has_json "summary.json has the conservation figures" "$tmp/sim/summary.json" recipients.in_flight
contains "queues.csv has Queue Viewer's columns" "$tmp/sim/queues.csv" "time_s,server,queue,length,state,oldest_age_s,next_retry_s,min_length,max_length"
contains "queue-stats.csv lists DSN messages pending submission" "$tmp/sim/queue-stats.csv" ",DSN messages pending submission,"
cp "$tmp/sim/summary.json" "$tmp/first.json"
cp "$tmp/sim/queues.csv" "$tmp/first-queues.csv"
expect "simulate again with the same seed" 0 "$msgflow" simulate --quiet --duration 2h -o "$tmp/sim" topologies/failure-drill.topo
if "$json_check" same "$tmp/first.json" "$tmp/sim/summary.json" wall_s events_per_s sim_seconds_per_wall_second && cmp -s "$tmp/first-queues.csv" "$tmp/sim/queues.csv"; then ok "same seed, same summary"; else not_ok "same seed, same summary"; fi
expect "simulate prints a summary" 0 "$msgflow" simulate --duration 1h -o "$tmp/sim2" topologies/single-group.topo
contains "the summary shows latency" "$tmp/out" "latency"
contains "the summary shows NDRs by status code" "$tmp/out" "NDR codes   4.4.6 0, 4.4.7 0, 5.2.3 0, 5.3.4 0, 5.4.0 0, 5.4.4 0"
has_json "summary.json has ndr_by_code" "$tmp/sim2/summary.json" ndr_by_code
expect "warmup not shorter than duration exits 2" 2 "$msgflow" simulate --warmup 2h --duration 1h -o "$tmp/sim3" topologies/single-group.topo
expect "a bad duration exits 2" 2 "$msgflow" simulate --duration soon -o "$tmp/sim3" topologies/single-group.topo
expect "a bad topology exits 2" 2 "$msgflow" simulate -o "$tmp/sim3" "$tmp/bad.topo"
contains "the topology error is located" "$tmp/err" "$tmp/bad.topo:6:"
touch "$tmp/file"
expect "an unwritable output directory exits 1" 1 "$msgflow" simulate --quiet --duration 1h -o "$tmp/file/out" topologies/single-group.topo
expect "replications" 0 "$msgflow" simulate --replications 3 --duration 1h -o "$tmp/sim4" topologies/single-group.topo
contains "replications print an interval" "$tmp/out" "±"
has_json "summary.json has the replications" "$tmp/sim4/summary.json" replications
# Send signal NAME (number NUM) to a command once it has installed its
# handler (its SigCgt mask in /proc says so), so a loaded machine cannot
# make the test race the command's start-up; then wait for its status.
# Usage: signal_when_caught NAME NUM OUT ERR COMMAND...  (status in $got)
# The signal goes SIGNAL_DELAY seconds (0.5) after the handler is seen.
signal_when_caught () {
  name=$1; num=$2; out=$3; err=$4; shift 4
  "$@" >"$out" 2>"$err" &
  pid=$!
  tries=0
  while [ $tries -lt 600 ]; do
    mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null)
    if [ -n "$mask" ] && [ $(( (0x$mask >> (num - 1)) & 1 )) = 1 ]; then break; fi
    sleep 0.05; tries=$((tries + 1))
  done
  sleep "${SIGNAL_DELAY:-0.5}" # into the run
  kill -s "$name" "$pid" 2>/dev/null
  wait "$pid"; got=$?
}
# analyze stops its failure scenarios at --time-limit or a signal and prints
# what it examined, marked incomplete.
# The failure scenarios of 1,000 groups take about a second, so the limit
# is set far below that and the signal goes as soon as the handler is in
# (during loading: the first scenario then stops); no race with a fast
# machine.
"${BUILD:-build}/tests/gen-org" 1000 1000 10000 5 > "$tmp/big.topo"
expect "analyze --time-limit exits 1" 1 "$msgflow" analyze --json --time-limit 1ms "$tmp/big.topo"
if [ "$("$json_check" value "$tmp/out" complete)" = false ] && [ "$("$json_check" value "$tmp/out" stopped)" = time-limit ]; then ok "analyze --time-limit says complete false, stopped time-limit"; else not_ok "analyze --time-limit says complete false, stopped time-limit"; fi
contains "analyze says how far it got" "$tmp/err" "failure scenarios; the output says it is incomplete"
SIGNAL_DELAY=0 signal_when_caught TERM 15 "$tmp/out" "$tmp/err" "$msgflow" analyze "$tmp/big.topo"
if [ "$got" = 143 ]; then ok "analyze on SIGTERM exits 143"; else not_ok "analyze on SIGTERM exits 143 (got $got)"; fi
contains "analyze on SIGTERM prints what it examined" "$tmp/out" "INCOMPLETE: stopped (SIGTERM)"
# A run whose tracking logs would pass 1 GB says so, with the estimate,
# before it starts (contoso-global's week writes about 1.4 GB; stopped at
# once here); a small one says nothing.
expect "simulate --tracking of a big run, stopped at once" 1 "$msgflow" simulate --quiet --tracking --time-limit 1ms -o "$tmp/bigtrack" topologies/contoso-global.topo
contains "simulate --tracking announces more than 1 GB" "$tmp/err" "warning: --tracking will write about 1.1 GB of logs into $tmp/bigtrack/tracking"
expect "simulate --tracking of a small run" 0 "$msgflow" simulate --quiet --tracking --duration 1h -o "$tmp/smalltrack" topologies/failure-drill.topo
if grep -q "will write about" "$tmp/err"; then not_ok "a small --tracking run announces nothing"; else ok "a small --tracking run announces nothing"; fi
expect "analyze with a bad --time-limit exits 2" 2 "$msgflow" analyze --time-limit 0 topologies/single-group.topo
# A run stopped early writes what it gathered: signals 130/143/129, limits 1.
stopped () { # NAME WANT-STATUS WANT-STOPPED DIR
  if [ "$("$json_check" value "$4/summary.json" complete)" = false ] \
     && [ "$("$json_check" value "$4/summary.json" stopped)" = "$3" ]; then
    ok "$1 writes complete false, stopped $3"
  else
    not_ok "$1 writes complete false, stopped $3"
  fi
}
for sig in INT:130 TERM:143 HUP:129; do
  name=${sig%%:*}; want=${sig##*:}
  case $name in INT) num=2 ;; TERM) num=15 ;; HUP) num=1 ;; esac
  signal_when_caught "$name" "$num" "$tmp/out" "$tmp/err" "$msgflow" simulate --quiet --duration 300d -o "$tmp/sig-$name" topologies/contoso-global.topo
  if [ "$got" = "$want" ]; then ok "SIG$name exits $want"; else not_ok "SIG$name exits $want (got $got)"; fi
  stopped "SIG$name" "$want" "SIG$name" "$tmp/sig-$name"
done
expect "--time-limit stops the run with exit 1" 1 "$msgflow" simulate --quiet --duration 300d --time-limit 1s -o "$tmp/time-limit" topologies/contoso-global.topo
stopped "--time-limit" 1 time-limit "$tmp/time-limit"
contains "--time-limit says why it stopped" "$tmp/err" "stopped (--time-limit reached)"
expect "--max-memory stops the run with exit 1" 1 "$msgflow" simulate --quiet --duration 300d --max-memory 1MB -o "$tmp/max-memory" topologies/contoso-global.topo
stopped "--max-memory" 1 memory "$tmp/max-memory"
contains "--max-memory says what grew" "$tmp/err" "messages in flight"
# Under `ulimit -v` malloc fails long before the resident memory is high,
# and GLib cannot report a failed allocation (it aborts, or overflows its
# stack): the guard must stop the run first.  The mailboxes at the
# documented maximum make the backlog grow by the second.  Not under the
# sanitizers, which reserve terabytes of address space at start.
sed 's/^mailboxes *=.*/mailboxes = 10000000/' topologies/contoso-global.topo > "$tmp/huge.topo"
case ${BUILD:-build} in
  build-asan*)
    n=$((n + 1)); echo "ok $n # SKIP ulimit -v under the sanitizers"
    n=$((n + 1)); echo "ok $n # SKIP ulimit -v under the sanitizers"
    n=$((n + 1)); echo "ok $n # SKIP ulimit -v under the sanitizers" ;;
  *)
    expect "ulimit -v: the run stops with exit 1, not a crash" 1 \
      sh -c 'ulimit -v 200000 && exec "$@"' sh "$msgflow" simulate --quiet --duration 2h -o "$tmp/as-limit" "$tmp/huge.topo"
    stopped "ulimit -v" 1 memory "$tmp/as-limit"
    contains "ulimit -v: the message names the address-space limit" "$tmp/err" "address-space limit (ulimit -v)" ;;
esac
# trace stops on a signal too, and a journey cut short is no answer.
signal_when_caught TERM 15 "$tmp/out" "$tmp/err" "$msgflow" trace "$tmp/huge.topo" --from SEA-MBX01 --to SEA-BH01 --at 2h --tracking "$tmp/trace-sig"
if [ "$got" = 143 ]; then ok "trace on SIGTERM exits 143"; else not_ok "trace on SIGTERM exits 143 (got $got)"; fi
contains "trace on SIGTERM says nothing was written" "$tmp/err" "(SIGTERM); nothing written"
empty "trace on SIGTERM prints no journey" "$tmp/out"
if [ -d "$tmp/trace-sig" ] && ! find "$tmp/trace-sig" -name '*.tmp-*' | grep -q .; then ok "trace on SIGTERM leaves no temporary tracking file"; else not_ok "trace on SIGTERM leaves no temporary tracking file"; fi
expect "a bad --time-limit exits 2" 2 "$msgflow" simulate --time-limit soon topologies/single-group.topo
expect "a zero --max-memory exits 2" 2 "$msgflow" simulate --max-memory 0 topologies/single-group.topo
expect "a complete run says stopped null" 0 "$msgflow" simulate --quiet --duration 1h -o "$tmp/not-stopped" topologies/single-group.topo
if [ "$("$json_check" value "$tmp/not-stopped/summary.json" stopped)" = null ]; then ok "stopped is null when complete"; else not_ok "stopped is null when complete"; fi

# The output folder is one result (item: atomic results, full disks, paths).
expect "simulate --tracking" 0 "$msgflow" simulate --quiet --tracking --duration 1h -o "$tmp/res" topologies/single-group.topo
has_json "summary.json has the manifest" "$tmp/res/summary.json" manifest
if grep -q '"name" : "tracking/' "$tmp/res/summary.json" && grep -q '"name" : "topology.topo"' "$tmp/res/summary.json"; then ok "the manifest names the tracking logs and topology.topo"; else not_ok "the manifest names the tracking logs and topology.topo"; fi
expect "a rerun without --tracking" 0 "$msgflow" simulate --quiet --duration 1h -o "$tmp/res" topologies/single-group.topo
if [ ! -e "$tmp/res/tracking" ] && [ -s "$tmp/res/summary.json" ]; then ok "a rerun leaves no file of the earlier run"; else not_ok "a rerun leaves no file of the earlier run"; fi
if ls -d "$tmp"/res.tmp-* "$tmp"/res.old-* 2>/dev/null; then not_ok "no DIR.tmp-*/DIR.old-* left"; else ok "no DIR.tmp-*/DIR.old-* left"; fi
mkdir "$tmp/precious" && echo keep >"$tmp/precious/notes.txt"
expect "a folder that is not a result exits 2" 2 "$msgflow" simulate --quiet --duration 1h -o "$tmp/precious" topologies/single-group.topo
contains "... and says why" "$tmp/err" "neither empty nor a msgflow result"
if [ "$(ls "$tmp/precious")" = notes.txt ] && ! ls -d "$tmp"/precious.tmp-* 2>/dev/null; then ok "... and touches nothing"; else not_ok "... and touches nothing"; fi
expect "-o . exits 2" 2 "$msgflow" simulate --quiet --duration 1h -o . topologies/single-group.topo
# A swap cut between its first two renames: DIR missing, DIR.old-PID left
# by a process that is gone; the next run brings the earlier result back
# first (and then replaces it as usual).
mv "$tmp/res" "$tmp/res.old-999999999"
mkdir "$tmp/res.tmp-999999998" && echo partial >"$tmp/res.tmp-999999998/queues.csv"
expect "a run after a cut swap" 0 "$msgflow" simulate --quiet --duration 1h -o "$tmp/res" topologies/single-group.topo
if [ -s "$tmp/res/summary.json" ] && ! ls -d "$tmp"/res.tmp-* "$tmp"/res.old-* 2>/dev/null; then ok "the leftovers of a cut swap are recovered"; else not_ok "the leftovers of a cut swap are recovered"; fi
# A full disk during --tracking: the run stops, names the file and the
# cause, exit 1, and the earlier result stays byte for byte.
before=$(cd "$tmp/res" && find . -type f | sort | xargs cksum)
expect "a full disk during --tracking exits 1" 1 sh -c 'ulimit -f 8; exec "$0" simulate --quiet --tracking --duration 8h -o "$1" topologies/single-group.topo' "$msgflow" "$tmp/res"
contains "... and names the file and the cause" "$tmp/err" "File too large"
contains "... a file of the result" "$tmp/err" "$tmp/res/"
if [ "$(cd "$tmp/res" && find . -type f | sort | xargs cksum)" = "$before" ] && ! ls -d "$tmp"/res.tmp-* 2>/dev/null; then ok "... and the earlier result stays intact"; else not_ok "... and the earlier result stays intact"; fi
# Paths: "...topo" gets a folder of its own under out/, not the current one.
mkdir -p "$tmp/cwd" && cp topologies/single-group.topo "$tmp/cwd/...topo"
(cd "$tmp/cwd" && "$msgflow" simulate --quiet --duration 1h ...topo >"$tmp/out" 2>"$tmp/err")
if [ -s "$tmp/cwd/out/topology/summary.json" ] && [ ! -e "$tmp/cwd/summary.json" ] && [ ! -e "$tmp/cwd/out/summary.json" ]; then ok "...topo writes into out/topology"; else not_ok "...topo writes into out/topology"; fi
expect "a topology from stdin" 0 sh -c 'exec "$0" simulate --quiet --duration 1h -o "$1" - <topologies/single-group.topo' "$msgflow" "$tmp/stdin"
if cmp -s topologies/single-group.topo "$tmp/stdin/topology.topo"; then ok "stdin is kept as topology.topo"; else not_ok "stdin is kept as topology.topo"; fi

# trace
expect "trace explains a delivery" 0 "$msgflow" trace topologies/contoso-global.topo --from SEA-MBX01 --to BRU-EX01
contains "trace names the routing decision" "$tmp/out" "lowest cost 20 via SEA-LON; LON-BRU"
contains "trace ends with the outcome" "$tmp/out" "Outcome: delivered."
expect "trace a message too big for the server" 0 "$msgflow" trace topologies/size-limits.topo --from HQ-EX01 --to LIS-EX01 --size 20MB
contains "trace gives the NDR's status code" "$tmp/out" "non-delivery report (5.3.4)"
if grep -q "1020  An SMTP session to LIS-EX01" "$tmp/out"; then not_ok "refused at MAIL FROM: no transfer to LIS-EX01"; else ok "refused at MAIL FROM: no transfer to LIS-EX01"; fi
expect "trace --json" 0 "$msgflow" trace topologies/contoso-global.topo --from SEA-MBX01 --to user@fabrikam.com --json
has_json "trace --json has steps" "$tmp/out" steps
# --at: a clock time alone is that time on the run's first day; a bare
# number other than 0 says both readings and exits 2.
expect "trace --at Mon 10:30" 0 "$msgflow" trace topologies/contoso-global.topo --from SEA-MBX01 --to BRU-EX01 --at "Mon 10:30"
cp "$tmp/out" "$tmp/at-week"
expect "trace --at 10:30" 0 "$msgflow" trace topologies/contoso-global.topo --from SEA-MBX01 --to BRU-EX01 --at 10:30
if cmp -s "$tmp/out" "$tmp/at-week"; then ok "--at 10:30 is Mon 10:30 on a run starting Monday"; else not_ok "--at 10:30 is Mon 10:30 on a run starting Monday"; fi
expect "trace --at 12 exits 2" 2 "$msgflow" trace topologies/contoso-global.topo --from SEA-MBX01 --to BRU-EX01 --at 12
contains "trace --at 12 suggests both readings" "$tmp/err" "--at '12' has no unit: write 12s for 12 seconds after the start, or a clock time such as 12:00"
expect "trace without --to exits 2" 2 "$msgflow" trace topologies/contoso-global.topo --from SEA-MBX01
expect "trace from an unknown server exits 2" 2 "$msgflow" trace topologies/contoso-global.topo --from NOPE --to BRU-EX01
contains "the unknown server is named" "$tmp/err" "no server named 'NOPE'"
expect "trace --help" 0 "$msgflow" trace --help
contains "trace --help offers --html" "$tmp/out" "Also write an animated page of the journey to FILE"
expect "trace to nowhere exits 2" 2 "$msgflow" trace topologies/contoso-global.topo --from SEA-MBX01 --to nowhere
expect "trace with a bad --at exits 2" 2 "$msgflow" trace topologies/contoso-global.topo --from SEA-MBX01 --to BRU-EX01 --at Funday
expect "trace during the drill's outage" 0 "$msgflow" trace topologies/failure-drill.topo --from CHI-BH01 --to DAL-MBX01 --at 2h10m
contains "trace sees CHI-DAL down at 2h10m" "$tmp/out" "not taken: CHI-DAL: down (cost 10)"
contains "trace prints the clock of each step" "$tmp/out" "Mon 02:10:00.000  0:00:00.000  +0:00:00.000  1027"
expect "trace --quiet-network --seed" 0 "$msgflow" trace topologies/failure-drill.topo --from CHI-BH01 --to DAL-MBX01 --at 2h10m --quiet-network --seed 7 --json
contains "trace --json has the outcome" "$tmp/out" '"outcome": "delivered", "ndr_code": null'
contains "trace --json has the seed" "$tmp/out" '"seed": 7, "quiet_network": true'
expect "trace with a bad --seed exits 2" 2 "$msgflow" trace topologies/failure-drill.topo --from CHI-BH01 --to DAL-MBX01 --seed abc
contains "trace names the bad --seed" "$tmp/err" "--seed abc: 'abc' is not a whole number"
expect "trace with a negative --seed exits 2" 2 "$msgflow" trace topologies/failure-drill.topo --from CHI-BH01 --to DAL-MBX01 --seed -1
expect "trace with an empty --seed exits 2" 2 "$msgflow" trace topologies/failure-drill.topo --from CHI-BH01 --to DAL-MBX01 --seed ""
contains "trace names the empty --seed" "$tmp/err" "--seed: empty value, give N"
expect "trace --json and --smtp together exit 2" 2 "$msgflow" trace topologies/failure-drill.topo --from CHI-BH01 --to DAL-MBX01 --json --smtp
contains "trace names the conflict" "$tmp/err" "--json and --smtp: choose one"
expect "trace --smtp during detection" 0 "$msgflow" trace topologies/failure-drill.topo --from CHI-BH01 --to DAL-MBX01 --at 2h00m30s --smtp
contains "trace --smtp says it is a reconstruction" "$tmp/out" "a RECONSTRUCTION"
contains "trace --smtp shows the failed connection" "$tmp/out" "(no answer: the TCP connection times out: the network under the connector is down)"
contains "trace --smtp shows the digest comparison" "$tmp/out" "C: X-LINK2STATE DIGEST="
contains "trace --smtp shows the envelope with SIZE" "$tmp/out" "C: MAIL FROM:<user-chi-bh01@contoso-drill.com> SIZE=25600 BODY=BINARYMIME"
expect "trace --smtp of a size NDR" 0 "$msgflow" trace topologies/size-limits.topo --from HQ-EX01 --to LIS-EX01 --size 20MB --smtp
expect "trace --tracking DIR" 0 "$msgflow" trace topologies/failure-drill.topo --from CHI-BH01 --to DAL-MBX01 --at 2h00m30s --tracking "$tmp/trace-tracking"
msgid=$(sed -n 's/^Message ID in the tracking logs: //p' "$tmp/out")
if [ -n "$msgid" ] && grep -rqF "$msgid" "$tmp/trace-tracking/tracking"; then
  ok "trace --tracking logs carry the trace's message id"
else
  not_ok "trace --tracking logs carry the trace's message id ($msgid)"
fi
expect "trace --tracking with an empty DIR exits 2" 2 "$msgflow" trace topologies/failure-drill.topo --from CHI-BH01 --to DAL-MBX01 --tracking ""

# analyze and export
expect "analyze exits 0" 0 "$msgflow" analyze topologies/contoso-global.topo
contains "analyze names a single point of failure" "$tmp/out" "Single points of failure"
expect "analyze --json exits 0" 0 "$msgflow" analyze --json topologies/hub-and-spoke.topo
has_json "analyze --json has what_if" "$tmp/out" what_if
has_json "analyze --json has spof" "$tmp/out" spof
has_json "analyze --json has findings" "$tmp/out" findings
expect "analyze --k 3 exits 2" 2 "$msgflow" analyze --k 3 topologies/hub-and-spoke.topo
expect "export graphml exits 0" 0 "$msgflow" export topologies/full-mesh.topo --format graphml -o "$tmp/mesh.graphml"
contains "the GraphML file names its connectors" "$tmp/mesh.graphml" "SEA-LON"
expect "export dot to stdout" 0 "$msgflow" export topologies/full-mesh.topo --format dot
contains "DOT output is a digraph" "$tmp/out" "digraph"
expect "export without --format writes GraphML" 0 "$msgflow" export topologies/full-mesh.topo
contains "the default format is GraphML" "$tmp/out" "<graphml"
expect "export --format svg exits 2" 2 "$msgflow" export topologies/full-mesh.topo --format svg
# DOT that Graphviz reads back: group names bare DOT would misread (".",
# "-", "1.2.3", keywords), markup, quotes and backslashes in the
# organisation's name, a path with quotes, a newline and non-ASCII.
if command -v dot >/dev/null 2>&1 && command -v gvpr >/dev/null 2>&1; then
  hostile="$tmp/h\"o<s>t&i
'Zürich'.topo"
  cat >"$hostile" <<'EOF'
[organization]
name = Fabrikam "R&D" <Zürich> & 'Co' \\ a\nb ]]> {;} -> --
[routing-group .]
[routing-group ..]
[routing-group -]
[routing-group 1.2.3]
[routing-group Node Edge Graph]
[routing-group digraph]
[server .]
routing-group = .
[server ..]
routing-group = ..
[server -]
routing-group = -
[server 1.2.3]
routing-group = 1.2.3
[server _]
routing-group = digraph
[connector - -]
type = routing-group
from = .
to = ..
reverse = true
[connector 1.2.3]
type = routing-group
from = -
to = 1.2.3
[connector edge]
type = x400
from = 1.2.3
to = digraph
[connector Node Edge Graph]
type = smtp
from = .
address-spaces = SMTP:* 9
EOF
  expect "export --format dot of hostile names exits 0" 0 "$msgflow" export "$hostile" --format dot -o "$tmp/hostile.dot"
  expect "dot -Tcanon reads the exported DOT" 0 dot -Tcanon "$tmp/hostile.dot" -o "$tmp/hostile.canon"
  empty "dot -Tcanon has no complaint" "$tmp/err"
  gvpr 'BEG_G{print("graph ", aget($G, "name"))} N{print("node ", $.name)}
        E{print("edge ", aget($, "name"), ": ", $.tail.name, " -> ", $.head.name)}' \
    "$tmp/hostile.canon" | LC_ALL=C sort >"$tmp/hostile.got"
  # Graphviz keeps a value's backslashes as written: only \" is DOT's own.
  LC_ALL=C sort >"$tmp/hostile.want" <<'EOF'
graph Fabrikam "R&D" <Zürich> & 'Co' \\\\ a\\nb ]]> {;} -> --
node .
node ..
node -
node 1.2.3
node Node Edge Graph
node digraph
node (external)
edge - -: . -> ..
edge - - (reverse): .. -> .
edge 1.2.3: - -> 1.2.3
edge edge: 1.2.3 -> digraph
edge Node Edge Graph: . -> (external)
EOF
  if cmp -s "$tmp/hostile.got" "$tmp/hostile.want"; then
    ok "Graphviz reads every group and connector back by name"
  else
    not_ok "Graphviz reads every group and connector back by name"
    diff "$tmp/hostile.want" "$tmp/hostile.got" | sed 's/^/# /' | head -20
  fi
else
  n=$((n + 1)); echo "ok $n # skip dot or gvpr (Graphviz) is not installed"
fi

# Exchange's own names: spaces, any case (topologies/exchange-names.topo)
names=topologies/exchange-names.topo
expect "routes --from a group with spaces, in another case" 0 "$msgflow" routes "$names" --from "branch  office" --to "FIRST ROUTING GROUP"
contains "the route names the mirror with spaces" "$tmp/out" "  Branch Office -[Branch Office RGC (reverse)]-> First Routing Group"
expect "routes --json with names with spaces" 0 "$msgflow" routes "$names" --from "Branch Office" --to "first routing group" --json
cp "$tmp/out" "$tmp/names-routes.json"
cat >"$tmp/names-routes-want.json" <<'EOF'
{"routes": [{"from": "Branch Office", "to": "First Routing Group", "cost": 10,
  "path": ["Branch Office", "First Routing Group"],
  "connectors": ["Branch Office RGC (reverse)"], "equal_cost_paths": 1, "alternatives": []}],
 "unreachable": [], "direct_dns": []}
EOF
if "$json_check" same "$tmp/names-routes.json" "$tmp/names-routes-want.json"; then ok "routes --json names the groups and the mirror as written"; else not_ok "routes --json names the groups and the mirror as written"; fi
expect "routes --down a connector named in another case" 0 "$msgflow" routes "$names" --to fabrikam.com --down "internet  CONNECTOR" --table
contains "the what-if shows the name as written" "$tmp/out" "What-if: down Internet Connector (connector)"
expect "routes --from an unknown group with spaces exits 2" 2 "$msgflow" routes "$names" --from "Brunch Office"
contains "the unknown group is named" "$tmp/err" "no routing group 'Brunch Office'"
expect "trace --from a server in lower case" 0 "$msgflow" trace "$names" --from br-ex01 --to user@fabrikam.com
contains "trace routes over connectors with spaces" "$tmp/out" "lowest cost 11 via Branch Office RGC, its Branch Office → First Routing Group direction; Internet Connector (path Branch Office > First Routing Group)"
expect "export --down a connector named in another case" 0 "$msgflow" export "$names" --format dot --down "connector branch office rgc"
contains "DOT quotes a name with spaces" "$tmp/out" 'name="Branch Office RGC (reverse)"'
expect "simulate and report names with spaces" 0 "$msgflow" simulate --quiet --tracking --report -o "$tmp/names" "$names"
contains "queues.csv names the link queue of the mirror" "$tmp/names/queues.csv" "3720,BR-EX01,Branch Office RGC (reverse),1"
contains "link-state.csv names the group with spaces" "$tmp/names/link-state.csv" "0,3874.615552,Branch Office RGC (reverse),down,10,minor,Branch Office,1,BR-EX01,BR-EX01,3874.615552"
tab=$(printf '\t')
contains "a tracking log field holds the connector's name" "$tmp/names/tracking/BR-EX01.log/20030811.log" "${tab}BR-EX01${tab}Branch Office RGC (reverse)${tab}BR-EX01${tab}"
contains "index.html shows the connector's name" "$tmp/names/index.html" "Branch Office RGC (reverse)"
contains "the map's gnuplot strings keep the spaces" "$tmp/names/gnuplot/map.gp" '["First Routing Group", "Branch Office",'
# the Internet edge: the DNS path where no connector matches
expect "routes to a domain with no connector exits 0" 0 "$msgflow" routes topologies/internet-edge.topo --to tailspin.com
contains "routes says no connector matches" "$tmp/out" "Branch -> tailspin.com: no connector (no address space matches); the virtual servers send directly"
contains "routes shows the DNS path" "$tmp/out" "  direct by DNS from BR-EX01's virtual server"
contains "routes shows a server's smart host" "$tmp/out" "  through HQ-EX02's smart host relay.isp.net"
contains "routes shows direct-internet = no" "$tmp/out" "  none from BR-EX02 (direct-internet = no: NDR 5.4.4)"
expect "routes --json to a domain exits 0" 0 "$msgflow" routes --json topologies/internet-edge.topo --to fabrikam.com
has_json "routes --json has direct_dns" "$tmp/out" direct_dns
expect "analyze of the Internet edge exits 0" 0 "$msgflow" analyze topologies/internet-edge.topo
contains "analyze flags a group reaching the Internet only by DNS" "$tmp/out" "internet-by-dns-only     routing group Branch has no SMTP connector"
contains "analyze lists a scoped-away address space under external-by-dns" "$tmp/out" "external-by-dns          1 routing groups see no connector for SMTP:fabrikam.com and send that mail directly by DNS: Branch"
expect "trace to an external address exits 0" 0 "$msgflow" trace topologies/internet-edge.topo --from BR-EX01 --to user@tailspin.com
contains "trace explains the DNS step" "$tmp/out" "looking up the domain's MX in DNS (link queue \"tailspin.com\")"
# servers in link state: the new event actions load, and a run counts master changes
printf '[organization]\nname = M\nduration = 3h\n[routing-group A]\n[server A1]\nrouting-group = A\n[server A2]\nrouting-group = A\nmailboxes = 10\n[event move]\nat = 1h\ntarget = routing-group A\naction = master A2\n[event stop]\nat = 2h\ntarget = server A1\naction = stop-smtp\nduration = 30m\n' >"$tmp/master.topo"
expect "check accepts master and stop-smtp events" 0 "$msgflow" check "$tmp/master.topo"
contains "check counts the new actions" "$tmp/out" "stop-smtp 1, start-smtp 0, master 1"
expect "simulate runs master and stop-smtp events" 0 "$msgflow" simulate "$tmp/master.topo" -o "$tmp/master"
has_json "summary.json counts master changes" "$tmp/master/summary.json" link_state.master_changes

# Every command: 0 success, 1 the run failed, 2 bad usage or input.
topo=topologies/single-group.topo
expect "routes exits 0" 0 "$msgflow" routes "$topo"
expect "simulate for report exits 0" 0 "$msgflow" simulate --quiet --duration 1h -o "$tmp/run" "$topo"
expect "report exits 0" 0 "$msgflow" report --quiet "$tmp/run"
expect "report of a directory that is not a run's exits 2" 2 "$msgflow" report "$tmp/trace-tracking"
rm -f "$tmp/run/index.html"; mkdir "$tmp/run/index.html"
# The report is built in a fresh folder and swapped in: what was left in
# the old one (here a folder where the page goes) does not stay.  A report
# that cannot write (a full disk) exits 1: report-e2e.t.
expect "report over a stray index.html folder exits 0" 0 "$msgflow" report --quiet "$tmp/run"
if [ -f "$tmp/run/index.html" ]; then ok "... and index.html is the new page"; else not_ok "... and index.html is the new page"; fi
expect "export to an unwritable file exits 1" 1 "$msgflow" export "$topo" -o "$tmp/file/x.graphml"
expect "trace --html to an unwritable file exits 1" 1 "$msgflow" trace "$topo" --from NYC-EX01 --to NYC-MBX01 --html "$tmp/file/x.html"
expect "trace --tracking into an unwritable directory exits 1" 1 "$msgflow" trace "$topo" --from NYC-EX01 --to NYC-MBX01 --tracking "$tmp/file/t"
# A single output file is replaced in one step: a write that fails (here
# `ulimit -f`, as a full disk) leaves the earlier file as it was and no
# temporary file beside it.
limited () { sh -c 'ulimit -f 4 && exec "$@"' sh "$@"; }
for out in "export:$tmp/keep.graphml" "trace:$tmp/keep.html"; do
  cmd=${out%%:*} file=${out#*:}
  case $cmd in
    export) run () { "$@" export topologies/contoso-global.topo -o "$file"; } ;;
    trace) run () { "$@" trace "$topo" --from NYC-EX01 --to NYC-MBX01 --html "$file"; } ;;
  esac
  expect "$cmd writes its file" 0 run "$msgflow"
  before=$(cksum <"$file")
  if [ "$(wc -c <"$file")" -gt 4096 ]; then ok "$cmd: the file is bigger than the limit"; else not_ok "$cmd: the file is bigger than the limit"; fi
  expect "$cmd over ulimit -f exits 1" 1 run limited "$msgflow"
  contains "$cmd over ulimit -f names the file" "$tmp/err" "cannot write $file: File too large"
  if [ "$(cksum <"$file")" = "$before" ] && ! ls "$file".tmp-* 2>/dev/null; then ok "$cmd: the earlier file stays, no temporary left"; else not_ok "$cmd: the earlier file stays, no temporary left"; fi
done
echo precious >"$tmp/target.html"; ln -s "$tmp/target.html" "$tmp/link.html"
expect "trace --html over a symbolic link exits 0" 0 "$msgflow" trace "$topo" --from NYC-EX01 --to NYC-MBX01 --html "$tmp/link.html"
if [ ! -L "$tmp/link.html" ] && [ -s "$tmp/link.html" ] && [ "$(cat "$tmp/target.html")" = precious ]; then ok "... the link is replaced, its target untouched"; else not_ok "... the link is replaced, its target untouched"; fi
expect "export -o /dev/null writes through" 0 "$msgflow" export "$topo" -o /dev/null
if [ -c /dev/null ]; then ok "... and /dev/null is still a device"; else not_ok "... and /dev/null is still a device"; fi
expect "export -o DIRECTORY exits 1" 1 "$msgflow" export "$topo" -o "$tmp"
contains "export -o DIRECTORY says why" "$tmp/err" "Is a directory"
for cmd in check routes analyze export trace simulate report; do
  expect "$cmd with an unknown option exits 2" 2 "$msgflow" $cmd --frobnicate "$topo"
  contains "$cmd names the unknown option" "$tmp/err" "msgflow $cmd: Unknown option --frobnicate"
  contains "$cmd points to its --help" "$tmp/err" "Try 'msgflow $cmd --help'."
  if [ "$(wc -l <"$tmp/err")" -eq 2 ]; then ok "$cmd: two lines, not the help"; else not_ok "$cmd: two lines, not the help"; fi
  expect "$cmd --help exits 0" 0 "$msgflow" $cmd --help
done
# An empty option value is bad usage (exit 2), never a failed run (exit 1).
expect "simulate -o '' exits 2" 2 "$msgflow" simulate --quiet -o "" "$topo"
contains "simulate -o '' is named" "$tmp/err" "msgflow simulate: --out: empty value"
expect "export -o '' exits 2" 2 "$msgflow" export "$topo" -o ""
expect "export --format '' exits 2" 2 "$msgflow" export "$topo" --format ""
expect "routes --from '' exits 2" 2 "$msgflow" routes "$topo" --from ""
expect "routes --down '' exits 2" 2 "$msgflow" routes "$topo" --down ""
expect "trace --at '' exits 2" 2 "$msgflow" trace "$topo" --from NYC-EX01 --to NYC-MBX01 --at ""
expect "trace --html '' exits 2" 2 "$msgflow" trace "$topo" --from NYC-EX01 --to NYC-MBX01 --html ""
expect "analyze --k '' exits 2" 2 "$msgflow" analyze "$topo" --k ""
expect "report --topology '' exits 2" 2 "$msgflow" report "$tmp/run" --topology ""
expect "report --format '' exits 2" 2 "$msgflow" report "$tmp/run" --format ""
expect "simulate --seed 2^63 exits 2" 2 "$msgflow" simulate --quiet --seed 9223372036854775808 -o "$tmp/seed" "$topo"
expect "trace --seed 2^63 exits 2" 2 "$msgflow" trace "$topo" --from NYC-EX01 --to NYC-MBX01 --seed 9223372036854775808

# Inputs that are not regular files are refused, never read: a FIFO would
# block and /dev/zero never ends (timeout: a hang fails, it does not hang).
mkfifo "$tmp/fifo.topo"
for cmd in check routes analyze export simulate; do
  expect "$cmd refuses a FIFO" 2 timeout 20 "$msgflow" $cmd "$tmp/fifo.topo"
  contains "$cmd says the FIFO is not a regular file" "$tmp/err" "$tmp/fifo.topo: not a regular file"
  expect "$cmd refuses /dev/zero" 2 timeout 20 "$msgflow" $cmd /dev/zero
  contains "$cmd says /dev/zero is not a regular file" "$tmp/err" "/dev/zero: not a regular file"
done
expect "trace refuses a FIFO" 2 timeout 20 "$msgflow" trace "$tmp/fifo.topo" --from NYC-EX01 --to NYC-MBX01
contains "trace says the FIFO is not a regular file" "$tmp/err" "$tmp/fifo.topo: not a regular file"
expect "trace refuses /dev/zero" 2 timeout 20 "$msgflow" trace /dev/zero --from NYC-EX01 --to NYC-MBX01
expect "report --topology refuses a FIFO" 2 timeout 20 "$msgflow" report "$tmp/run" --topology "$tmp/fifo.topo"
contains "report says the FIFO is not a regular file" "$tmp/err" "$tmp/fifo.topo: not a regular file"
mv "$tmp/run/summary.json" "$tmp/run-summary.json"
mkfifo "$tmp/run/summary.json"
expect "report refuses a FIFO for summary.json" 2 timeout 20 "$msgflow" report "$tmp/run"
contains "report says summary.json is not a regular file" "$tmp/err" "summary.json: no manifest (not a regular file)"
# "-" is standard input, read once.
expect "check - reads standard input" 0 sh -c '"$1" check - <"$2"' sh "$msgflow" "$topo"
contains "check - summarises standard input" "$tmp/out" "-: organization"
expect "check - - exits 2" 2 sh -c '"$1" check - - <"$2"' sh "$msgflow" "$topo"
expect "simulate - reads standard input" 0 sh -c '"$1" simulate --quiet --duration 1h -o "$2" - <"$3"' sh "$msgflow" "$tmp/stdin-run" "$topo"
if cmp -s "$tmp/stdin-run/topology.topo" "$topo"; then ok "simulate - keeps the topology it read"; else not_ok "simulate - keeps the topology it read"; fi

# --tracking under the sanitizers (make check-asan runs this file with the
# ASan binary): the log is freed with the topology at the end of the run.
expect "simulate --tracking exits 0" 0 "$msgflow" simulate --quiet --tracking --duration 2h -o "$tmp/track" topologies/failure-drill.topo
if ls "$tmp"/track/tracking/*.log/*.log >/dev/null 2>&1; then ok "simulate --tracking wrote logs"; else not_ok "simulate --tracking wrote logs"; fi
empty "simulate --tracking prints nothing on stderr" "$tmp/err"
expect "trace --tracking exits 0" 0 "$msgflow" trace topologies/failure-drill.topo --from CHI-BH01 --to DAL-MBX01 --tracking "$tmp/track2"
empty "trace --tracking prints nothing on stderr" "$tmp/err"

echo "1..$n"
[ "$fails" -eq 0 ]
