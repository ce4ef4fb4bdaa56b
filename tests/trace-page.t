#!/bin/sh
# `msgflow trace --html FILE` end to end: the page is written, stdout is
# unchanged, it asks nothing of the network, write failures exit 1; then the
# page in headless Chromium through puppeteer-core (tests/trace-page.js):
# no console error or failed request, one .step per step of --json, next
# and prev move the marker and the highlight, the DOWN connector dashed, a
# click on a server shows its view, play advances.  TAP, run by prove from
# `make check`; $MSGFLOW is the binary under test.  The browser checks are
# skipped when node, puppeteer-core (${MSGFLOW_NPM:-/opt/msgflow-npm},
# installed by .ci/run) or Chromium is missing.
msgflow=${MSGFLOW:-./msgflow}
case $msgflow in /*) ;; *) msgflow=$(pwd)/$msgflow ;; esac
topo=$(pwd)/topologies/failure-drill.topo
# During the drill's CHI-DAL outage (02:00-03:00): Chicago > Atlanta > Dallas.
args="--from CHI-BH01 --to DAL-MBX01 --at 2h10m"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
BROWSER_CHECKS=12

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; }
skip () { n=$((n + 1)); echo "ok $n # SKIP $1"; }
check () { if eval "$2"; then ok "$1"; else not_ok "$1"; sed 's/^/# /' "$tmp/err" 2>/dev/null | head -5; fi; }
expect () {
  desc=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok "$desc"; else
    not_ok "$desc (exit $got, want $want)"; sed 's/^/# /' "$tmp/err" | head -5; fi
}

page=$tmp/trace.html
# shellcheck disable=SC2086
expect "trace --html exits 0" 0 "$msgflow" trace "$topo" $args --html "$page"
cp "$tmp/out" "$tmp/text-with-html"
check "the page is written" "[ -s '$page' ] && grep -q '<svg\\|id=\"trace-data\"' '$page'"
# shellcheck disable=SC2086
"$msgflow" trace "$topo" $args >"$tmp/text" 2>"$tmp/err"
check "the text on stdout is the same with --html" "cmp -s '$tmp/text' '$tmp/text-with-html'"
# shellcheck disable=SC2086
"$msgflow" trace "$topo" $args --json >"$tmp/json" 2>"$tmp/err"
sed -n 's/^<script type="application\/json" id="trace-data">//p' "$page" | sed 's/\\u003c/</g' >"$tmp/embedded"
check "the page embeds the trace exactly as --json prints it" "[ -s '$tmp/json' ] && cmp -s '$tmp/json' '$tmp/embedded'"
check "the page loads nothing from the network (no http(s) src, href, url(), @import)" \
  "! grep -Eiq '(src|href|action|poster|data)[[:space:]]*=[[:space:]]*[\"'\\'']?[[:space:]]*(https?:)?//|url\\([[:space:]]*[\"'\\'']?[[:space:]]*(https?:)?//|@import' '$page'"
check "... and its policy forbids it" "grep -q \"default-src 'none'\" '$page'"
check "the page has exactly one trace-data element" "[ \$(grep -o 'id=\"trace-data\"' '$page' | wc -l) -eq 1 ]"

# shellcheck disable=SC2086
expect "--html into a missing directory exits 1" 1 "$msgflow" trace "$topo" $args --html "$tmp/no/such/dir/page.html"
check "... names the file" "grep -q 'no/such/dir/page.html' '$tmp/err'"
# shellcheck disable=SC2086
expect "--html - is a usage error (exit 2)" 2 "$msgflow" trace "$topo" $args --html -
if [ -w /dev/full ]; then
  # shellcheck disable=SC2086
  expect "--html to a full disk exits 1" 1 "$msgflow" trace "$topo" $args --html /dev/full
  check "... and says it cannot write" "grep -q 'cannot write /dev/full' '$tmp/err'"
else
  skip "/dev/full is not writable: full disk"
  skip "/dev/full is not writable: its message"
fi

# What the browser checks need from the JSON: the step count, a server
# the message passes through that is not the sender, a connector DOWN.
steps=$("${BUILD:-build}/tests/json-check" length "$tmp/json" steps)
server=$(grep -o '"server": "[^"]*"' "$tmp/json" | sed 's/.*: "//; s/"$//' | grep -v '^CHI-BH01$' | head -1)
down=$(grep -o '"connectors_down": \["[^"]*"' "$tmp/json" | head -1 | sed 's/.*\["//; s/"$//')

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
  PUPPETEER_CORE_PATH=$pptr CHROMIUM=$chromium PAGE=$page STEPS=$steps SERVER=$server DOWN=$down \
    timeout 180 node "$(pwd)/tests/trace-page.js" >"$tmp/node.out" 2>"$tmp/node.err"
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
