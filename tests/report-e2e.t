#!/bin/sh
# `msgflow report` end to end: simulate --report on the default topology,
# exit codes and messages (no gnuplot, not a run's directory, a topology
# that moved), then the page in headless Chromium: every <img> must load
# (naturalWidth > 0) under the page's own Content-Security-Policy, and a
# screenshot is taken.  TAP, run by prove from `make check`; $MSGFLOW is the
# binary under test.  The Chromium tests are skipped when it is absent.
# E2E_KEEP=DIR keeps the report and the screenshot there, to look at.
msgflow=${MSGFLOW:-./msgflow}
case $msgflow in /*) ;; *) msgflow=$(pwd)/$msgflow ;; esac
topo=$(pwd)/topologies/contoso-global.topo
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; }
skip () { n=$((n + 1)); echo "ok $n # SKIP $1"; }
check () { if eval "$2"; then ok "$1"; else not_ok "$1"; sed 's/^/# /' "$tmp/err" 2>/dev/null | head -5; fi; }
# expect DESCRIPTION WANT_STATUS COMMAND...
expect () {
  desc=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok "$desc"; else
    not_ok "$desc (exit $got, want $want)"; sed 's/^/# /' "$tmp/err" | head -5; fi
}

run=$tmp/run
expect "simulate --report exits 0" 0 "$msgflow" simulate "$topo" -o "$run" -q --report
check "index.html is written" "[ -s '$run/index.html' ]"
missing=0
for img in $(grep -o '<img src="[^"]*"' "$run/index.html" | sed 's/<img src="//; s/"$//'); do
  [ -s "$run/$img" ] || { missing=$((missing + 1)); echo "# missing or empty: $img"; }
done
# Named plots, never a total: other parts of the report add their own.
for fig in map queues latency latency-cdf flows throughput utilisation link-state counts; do
  check "index.html shows the plot $fig" "grep -q '<figure id=\"fig-$fig\"><img src=\"$fig.png\"' '$run/index.html'"
done
check "every image of index.html exists and is not empty" "[ $missing -eq 0 ]"
check "the page has no script" "! grep -q '<script' '$run/index.html'"
check "summary.json flows have latency_p95_s" "grep -q '\"latency_p95_s\"' '$run/summary.json'"
check "the flow table shows p50/p95/p99" "grep -q '>p95<' '$run/index.html' && grep -q '>p99<' '$run/index.html'"
# Servers: Queue Viewer's tables at each server's peak backlog.
check "index.html has a Servers section linked from the menu" "grep -q '<section id=\"servers\">' '$run/index.html' && grep -q 'href=\"#servers\"' '$run/index.html'"
check "... with Queue Viewer's columns in a scrolling box" "grep -A1 '<div class=\"scroll\"><table class=\"queue-viewer\">' '$run/index.html' | grep -q '<th>state</th><th class=\"n\">messages</th><th>oldest message</th><th>submitted</th><th>next retry</th>'"
check "... a link queue's state and a submission clock time in a row" "grep -Eq '<td>(Active|Ready|Retry|Scheduled)</td><td class=\"n\">[0-9,]+</td><td class=\"n\">[^<]*</td><td>(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [0-9][0-9]:[0-9][0-9]:[0-9][0-9]' '$run/index.html'"
# perfmon.csv and its plots.
check "perfmon.csv is in the run's manifest" "grep -q '\"perfmon.csv\"' '$run/summary.json'"
check "perfmon.csv has the SMTP Server counters" "head -1 '$run/perfmon.csv' | grep -q 'messages_delivered_per_sec.*local_queue_length.*remote_queue_length.*categorizer_queue_length'"
check "the page shows the Performance Monitor plot of the busiest server" "grep -q '<figure id=\"fig-perfmon-1\"><img src=\"perfmon-1.png\"' '$run/index.html' && [ -s '$run/perfmon-1.png' ]"
check "... and links perfmon.csv" "grep -q '<a href=\"perfmon.csv\">perfmon.csv</a>' '$run/index.html'"
# Connectors in kbit/s against their bandwidth.
check "the page shows the bandwidth plot of the busiest limited connector" "grep -q '<figure id=\"fig-bandwidth-1\"><img src=\"bandwidth-1.png\"' '$run/index.html' && [ -s '$run/bandwidth-1.png' ]"
bw=$(sed -n 's/^BW = //p' "$run/gnuplot/bandwidth-1.gp")
peak=$(awk 'NF == 2 && $2 != "NaN" && $2 > m { m = $2 } END { print m + 0 }' "$run/gnuplot/bandwidth-1.dat")
check "... carried kbit/s above 0 and never above its bandwidth ($peak of $bw)" "awk -v p='$peak' -v b='$bw' 'BEGIN { exit !(b > 0 && p > 0 && p <= b * 1.000001) }'"
check "... with the 50% and 80% bands" "grep -q 'BW \\* 0.5' '$run/gnuplot/bandwidth-1.gp' && grep -q 'BW \\* 0.8' '$run/gnuplot/bandwidth-1.gp'"
# The map: Graphviz when it is there; without neato and dot in PATH the
# report is still written, igraph lays it out, and one line says so.
if command -v neato >/dev/null; then
  check "the map is laid out by Graphviz" "grep -q 'placed by Graphviz' '$run/index.html'"
else
  skip "neato is not installed: the map is laid out by Graphviz"
fi
mkdir -p "$tmp/bin" && ln -s "$(command -v gnuplot)" "$tmp/bin/gnuplot"
cp -r "$run" "$tmp/nogv"
expect "report without Graphviz exits 0" 0 env PATH="$tmp/bin" "$msgflow" report "$tmp/nogv" -q
check "... says so in one line on stderr" "[ \"\$(grep -c 'note: the map is laid out by igraph' '$tmp/err')\" -eq 1 ] && grep -q 'neato not found' '$tmp/err'"
check "... and draws the map with igraph's layout" "[ -s '$tmp/nogv/map.png' ] && grep -q 'placed by igraph' '$tmp/nogv/index.html'"
check "tables scroll sideways instead of being clipped" "grep -q 'overflow-x: auto' '$run/index.html'"

expect "report without gnuplot exits 1" 1 env PATH=/nonexistent "$msgflow" report "$run"
check "... and names the package to install" "grep -q 'gnuplot-nox' '$tmp/err'"
expect "simulate --report without gnuplot exits 1" 1 env PATH=/nonexistent "$msgflow" simulate "$topo" -o "$tmp/nognuplot" -q --duration 2h --report
check "... and still writes the run's data" "[ -s '$tmp/nognuplot/summary.json' ] && [ -s '$tmp/nognuplot/queues.csv' ]"
expect "report on a directory that is not a run's exits 2" 2 "$msgflow" report "$tmp"
check "... and says which file is missing" "grep -q 'summary.json' '$tmp/err'"
expect "report --format gif exits 2" 2 "$msgflow" report "$run" --format gif

# A result is checked against its manifest (summary.json) before the
# report reads it: a file changed or taken away is named, exit 2, and
# nothing is written.
cp -r "$run" "$tmp/moved"
cp "$topo" "$tmp/copy.topo"
rm -f "$tmp/moved/topology.topo"
echo tampered >>"$tmp/moved/queues.csv"
before=$(ls -R "$tmp/moved" | sort | cksum)
expect "report of a result that does not match its manifest exits 2" 2 "$msgflow" report "$tmp/moved"
check "... and names the first file that does not match" "grep -q 'moved/queues.csv does not match the manifest' '$tmp/err'"
check "... and changes nothing" "[ \"\$(ls -R '$tmp/moved' | sort | cksum)\" = '$before' ] && ! ls -d '$tmp'/moved.tmp-* 2>/dev/null"
expect "report --topology FILE exits 0" 0 "$msgflow" report "$run" --topology "$tmp/copy.topo"

# A full disk (here `ulimit -f`): the file is named with the cause, exit 1,
# and the earlier result stays as it was.
cp -r "$run" "$tmp/full"
before=$(cd "$tmp/full" && find . -type f | sort | xargs cksum)
expect "report on a full disk exits 1" 1 sh -c "ulimit -f 40; exec \"\$0\" report --format svg \"\$1\"" "$msgflow" "$tmp/full"
check "... and names the file and the cause" "grep -q 'full/[a-z/.-]*: File too large' '$tmp/err'"
check "... and leaves the earlier result intact" "[ \"\$(cd '$tmp/full' && find . -type f | sort | xargs cksum)\" = \"\$before\" ] && ! ls -d '$tmp'/full.tmp-* 2>/dev/null"

cp -r "$run" "$tmp/svg"
expect "report --format svg exits 0" 0 "$msgflow" report "$tmp/svg" --format svg -q
check "the SVG page shows SVG images" "grep -q '<img src=\"map.svg\"' '$tmp/svg/index.html' && grep -q '<svg' '$tmp/svg/map.svg'"
check "the SVG report replaces the PNG one: no map.png stays" "[ ! -e '$tmp/svg/map.png' ] && [ -s '$tmp/svg/report.json' ]"

chromium=$(command -v chromium || command -v chromium-browser)
if [ -z "$chromium" ]; then
  skip "chromium is not installed: every image loads"
  skip "chromium is not installed: SVG images load"
  skip "chromium is not installed: screenshot"
else
  chrome () {
    profile=$(mktemp -d "$tmp/profile.XXXXXX")
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$profile" "$@" 2>>"$tmp/chromium.log"
  }
  # A copy of the page that marks each image with its natural width once
  # loaded.  The copy keeps the page's policy for images; only inline
  # script is allowed in it, and only the copy gets the script.
  mark () {
    dir=$1
    sed -e "s|default-src 'none';|default-src 'none'; script-src 'unsafe-inline';|" \
        -e 's|</body>|<script>window.addEventListener("load", function () { document.querySelectorAll("img").forEach(function (i) { i.setAttribute("data-w", i.complete ? i.naturalWidth : 0); }); document.body.setAttribute("data-checked", "yes"); });</script></body>|' \
        "$dir/index.html" >"$dir/e2e-check.html"
    chrome --run-all-compositor-stages-before-draw --virtual-time-budget=10000 --dump-dom \
      "file://$dir/e2e-check.html" >"$tmp/dom.html"
    total=$(grep -o '<img ' "$tmp/dom.html" | wc -l)
    loaded=$(grep -o 'data-w="[1-9][0-9]*"' "$tmp/dom.html" | wc -l)
    grep -q 'data-checked="yes"' "$tmp/dom.html" && [ "$total" -gt 0 ] && [ "$loaded" -eq "$total" ]
  }
  cp -r "$run" "$tmp/check"
  check "Chromium loads every image of the PNG report" "mark '$tmp/check'"
  echo "# $loaded of $total images loaded"
  check "Chromium loads every image of the SVG report" "mark '$tmp/svg'"
  chrome --screenshot="$tmp/shot.png" --window-size=1400,4000 --hide-scrollbars "file://$run/index.html" >/dev/null
  check "Chromium takes a screenshot of the page" "[ -s '$tmp/shot.png' ]"
  if [ -n "$E2E_KEEP" ]; then
    mkdir -p "$E2E_KEEP" && cp -r "$run" "$E2E_KEEP/report" && cp "$tmp/shot.png" "$E2E_KEEP/"
  fi
fi
echo "1..$n"
