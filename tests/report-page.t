#!/bin/sh
# The page of `msgflow report` with events: the plots over time mark every
# [event] and link-state change (their names are in the SVG images), then
# the page in headless Chromium through puppeteer-core (tests/report-page.js):
# no console error or failed request, every image drawn, the Events section
# with a row per event in a scrolling box, the headline's event lines, the
# navigation link, the Queue Viewer tables of the Servers section.  TAP, run by prove from `make check`; $MSGFLOW is the
# binary under test.  The browser checks are skipped when node,
# puppeteer-core (${MSGFLOW_NPM:-/opt/msgflow-npm}, installed by .ci/run) or
# Chromium is missing; everything is skipped without gnuplot.
msgflow=${MSGFLOW:-./msgflow}
case $msgflow in /*) ;; *) msgflow=$(pwd)/$msgflow ;; esac
topo=$(pwd)/topologies/failure-drill.topo
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
BROWSER_CHECKS=11
OTHER_CHECKS=4

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; }
skip () { n=$((n + 1)); echo "ok $n # SKIP $1"; }
check () { if eval "$2"; then ok "$1"; else not_ok "$1"; sed 's/^/# /' "$tmp/err" 2>/dev/null | head -5; fi; }

if ! command -v gnuplot >/dev/null 2>&1; then
  i=0
  while [ $i -lt $((BROWSER_CHECKS + OTHER_CHECKS)) ]; do skip "gnuplot is not installed"; i=$((i + 1)); done
  echo "1..$n"
  exit 0
fi

"$msgflow" simulate "$topo" -q --duration 6h --out "$tmp/run" >"$tmp/out" 2>"$tmp/err"
check "simulate exits 0" "[ $? -eq 0 ]"
"$msgflow" report --format svg -q "$tmp/run" >"$tmp/out" 2>"$tmp/err"
check "report --format svg exits 0" "[ $? -eq 0 ]"
json_check=${BUILD:-build}/tests/json-check
events=$("$json_check" length "$tmp/run/summary.json" scheduled_events)
first=$(awk '/"scheduled_events"/ { on = 1 } on && /"name"/ { sub(/.*"name" *: *"/, ""); sub(/".*/, ""); print; exit }' \
  "$tmp/run/summary.json")
check "the drill has events within 6 h ($events)" "[ '${events:-0}' -gt 0 ] && [ -n '$first' ]"
missing=
for plot in queues throughput utilisation counts link-state; do
  grep -q ">$first<" "$tmp/run/$plot.svg" || missing="$missing $plot"
done
check "every plot over time labels the first event, $first (missing:$missing)" "[ -n '$first' ] && [ -z '$missing' ]"

npm_dir=${MSGFLOW_NPM:-/opt/msgflow-npm}
pptr=$npm_dir/node_modules/puppeteer-core
chromium=$(command -v chromium || command -v chromium-browser)
why=
if ! command -v node >/dev/null 2>&1; then why="node is not installed"
elif [ ! -f "$pptr/package.json" ]; then why="puppeteer-core not installed (.ci/run installs it)"
elif [ -z "$chromium" ]; then why="chromium is not installed"
fi
if [ -n "$why" ]; then
  i=0
  while [ $i -lt $BROWSER_CHECKS ]; do skip "$why: browser check $((i + 1))"; i=$((i + 1)); done
else
  PUPPETEER_CORE_PATH=$pptr CHROMIUM=$chromium PAGE=$tmp/run/index.html EVENTS=$events \
    EVENT_NAME=$first timeout 180 node "$(pwd)/tests/report-page.js" >"$tmp/node.out" 2>"$tmp/node.err"
  done_checks=0
  while IFS= read -r l; do
    case $l in
      "ok - "*) ok "${l#ok - }"; done_checks=$((done_checks + 1)) ;;
      "not ok - "*) not_ok "${l#not ok - }"; done_checks=$((done_checks + 1)) ;;
      *) echo "$l" ;;
    esac
  done <"$tmp/node.out"
  sed 's/^/# /' "$tmp/node.err" | head -20
  while [ $done_checks -lt $BROWSER_CHECKS ]; do
    not_ok "browser check $((done_checks + 1)) never ran (see the messages above)"
    done_checks=$((done_checks + 1))
  done
fi
echo "1..$n"
