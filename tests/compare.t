#!/bin/sh
# `msgflow compare` end to end: two runs of topologies/hub-and-spoke.topo
# that differ in one setting (a copy made with sed: Portland's links slowed
# to 64 kbit/s), compared without and with replications; compare.json
# checked against the runs' summary.json (json-check), the terminal lines,
# the default --out name, the manifest, a rerun, byte-identical output,
# the error cases; then the page in headless Chromium through
# puppeteer-core (tests/compare-page.js).  TAP, run by prove from
# `make check`; $MSGFLOW is the binary under test.  The plot checks are
# skipped without gnuplot, the browser checks without node,
# puppeteer-core (${MSGFLOW_NPM:-/opt/msgflow-npm}) or Chromium.
msgflow=${MSGFLOW:-./msgflow}
case $msgflow in /*) ;; *) msgflow=$(pwd)/$msgflow ;; esac
jc=$(pwd)/${BUILD:-build}/tests/json-check
case $jc in /*) ;; *) jc=$(pwd)/$jc ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
BROWSER_CHECKS=5

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
# The member NAME of the figure of the whole run called FIG in compare.json C.
fig () { "$jc" find "$1" figures name="$2" flow=null "$3"; }

cd "$tmp" || exit 1
cp "$OLDPWD/topologies/hub-and-spoke.topo" a.topo
sed 's/^bandwidth = 512kbit/bandwidth = 64kbit/' a.topo >b.topo
changed=$(diff a.topo b.topo | grep -c '^>')
check "the copy differs in some bandwidth lines" "[ '$changed' -gt 0 ]"

expect "simulate A exits 0" 0 "$msgflow" simulate a.topo -o runs/a -q --duration 12h
expect "simulate B exits 0" 0 "$msgflow" simulate b.topo -o runs/b -q --duration 12h
expect "compare exits 0" 0 "$msgflow" compare runs/a runs/b
cp "$tmp/out" stdout
c=runs/b-vs-a/compare.json
check "the default output folder is DIR2-vs-DIR1 beside DIR2" "[ -s $c ] && [ -s runs/b-vs-a/index.html ]"
check "the last line on stdout is the page" "[ \"\$(tail -1 stdout)\" = runs/b-vs-a/index.html ]"
check "stdout names the change: [connector HUB-PDX] bandwidth: 512kbit -> 64kbit" \
  "grep -qxF '  [connector HUB-PDX] bandwidth: 512kbit -> 64kbit' stdout"
check "stdout counts the topology changes as diff does" "grep -qx 'topology: $changed changes' stdout"
check "compare.json has one topology change per line sed changed" "[ \"\$('$jc' length $c topology_changes)\" = '$changed' ]"
check "... old and new value" \
  "[ \"\$('$jc' find $c topology_changes 'section=connector HUB-PDX' key=bandwidth old)\" = 512kbit ] && [ \"\$('$jc' find $c topology_changes 'section=connector HUB-PDX' key=bandwidth new)\" = 64kbit ]"
pa=$("$jc" value runs/a/summary.json latency_s.p99)
pb=$("$jc" value runs/b/summary.json latency_s.p99)
ca=$(fig $c latency_p99_s a)
cb=$(fig $c latency_p99_s b)
cd_=$(fig $c latency_p99_s delta)
check "latency p99: a and b are the runs' summary.json figures ($pa, $pb)" "[ -n '$pa' ] && [ '$ca' = '$pa' ] && [ '$cb' = '$pb' ]"
# summary.json and compare.json round measured figures to 6 significant digits.
check "latency p99: delta is b - a ($cd_)" "awk 'BEGIN { d = $pb - $pa - $cd_; e = 1e-5 * ($pb > $pa ? $pb : $pa); exit !(d < e && d > -e) }'"
check "slower links make p99 latency worse (delta > 0)" "awk 'BEGIN { exit !($cd_ > 0) }'"
da=$("$jc" value runs/a/summary.json recipients.delivered)
check "delivered recipients: a is summary.json's ($da)" "awk 'BEGIN { exit !($(fig $c delivered_recipients a) == $da) }'"
check "without replications: \"no replications\", no test" \
  "[ \"\$(fig $c latency_mean_s significance)\" = 'no replications' ] && [ \"\$(fig $c latency_mean_s test)\" = null ]"
check "stdout: a line per key figure, A -> B and the test" \
  "grep -q '^latency p95  *.* -> .*\\[no replications\\]\$' stdout && grep -q '^peak queue backlog  *.* -> ' stdout && grep -q '^NDRs (recipients)  *.* -> ' stdout"
fa=$("$jc" find runs/a/summary.json flows name=Denver-to-Miami latency_p95_s)
check "per flow: Denver-to-Miami's p95 latency of A is summary.json's ($fa)" \
  "[ -n '$fa' ] && [ '$fa' != null ] && [ \"\$('$jc' find $c figures name=latency_p95_s flow=Denver-to-Miami a)\" = '$fa' ]"
size=$(wc -c <runs/b-vs-a/index.html)
check "the manifest in compare.json lists index.html with its size" "[ \"\$('$jc' find $c manifest name=index.html size)\" = '$size' ]"

if command -v gnuplot >/dev/null 2>&1; then
  check "the overlaid latency CDF is drawn (PNG)" "od -An -c -N4 runs/b-vs-a/compare-latency-cdf.png | grep -q 'P   N   G'"
  check "the overlaid queue plot is drawn (PNG)" "od -An -c -N4 runs/b-vs-a/compare-queues.png | grep -q 'P   N   G'"
  check "... with its script and data in gnuplot/" "[ -s runs/b-vs-a/gnuplot/compare-latency-cdf.gp ] && [ -s runs/b-vs-a/gnuplot/compare-queues.dat ]"
  check "the page shows both plots" "grep -q 'src=\"compare-latency-cdf.png\"' runs/b-vs-a/index.html && grep -q 'src=\"compare-queues.png\"' runs/b-vs-a/index.html"
else
  for i in 1 2 3 4; do skip "gnuplot is not installed: plot check $i"; done
fi

expect "a second compare into the same folder exits 0" 0 "$msgflow" compare runs/a runs/b -q
check "... leaves no work folder behind" "! ls runs | grep -q 'tmp-\\|old-'"
expect "compare into another folder exits 0" 0 "$msgflow" compare runs/a runs/b -q --out other
check "... byte-identical compare.json and index.html" "cmp -s $c other/compare.json && cmp -s runs/b-vs-a/index.html other/index.html"

# With replications: the figures with per-replication values are tested.
expect "simulate A with 4 replications exits 0" 0 "$msgflow" simulate a.topo -o runs/ra -q --duration 12h --replications 4
expect "simulate B with 4 replications exits 0" 0 "$msgflow" simulate b.topo -o runs/rb -q --duration 12h --replications 4
check "summary.json has each replication's value" "[ \"\$('$jc' length runs/ra/summary.json replications.figures.latency_mean_s.values)\" = 4 ]"
expect "compare of replicated runs exits 0" 0 "$msgflow" compare runs/ra runs/rb -o rcmp
cp "$tmp/out" rstdout
r=rcmp/compare.json
check "mean latency: tested by Welch with 4 and 4 values" \
  "[ \"\$(fig $r latency_mean_s test.method)\" = welch ] && [ \"\$(fig $r latency_mean_s test.n_a)\" = 4 ] && [ \"\$(fig $r latency_mean_s test.n_b)\" = 4 ]"
p=$(fig $r latency_mean_s test.p)
check "... p ($p) is below 5% and the difference is called significant" \
  "awk 'BEGIN { exit !($p >= 0 && $p < 0.05) }' && [ \"\$(fig $r latency_mean_s significance)\" = 'significant at 5%' ]"
check "... stdout says so with p" "grep -q '^mean latency .*\\[significant at 5%, p = ' rstdout"
check "latency p99 has no per-replication values: \"not replicated\"" "[ \"\$(fig $r latency_p99_s significance)\" = 'not replicated' ]"
expect "a replicated run compared with itself exits 0" 0 "$msgflow" compare runs/ra runs/ra -o self -q
check "... every tested difference is not significant (p = 1)" \
  "[ \"\$(fig self/compare.json latency_mean_s significance)\" = 'not significant at 5%' ] && [ \"\$(fig self/compare.json latency_mean_s test.p)\" = 1 ]"
check "... and the topology is the same" "[ \"\$('$jc' length self/compare.json topology_changes)\" = 0 ]"

# Errors: exit 2, the folder named first, nothing written.
expect "one folder only: exit 2" 2 "$msgflow" compare runs/a
expect "a missing folder: exit 2" 2 "$msgflow" compare runs/a runs/nope
check "... 'DIR: no such folder'" "grep -q 'runs/nope: no such folder' '$tmp/err'"
mkdir plain && echo x >plain/x
expect "a folder that is not a result: exit 2" 2 "$msgflow" compare plain runs/b
check "... 'DIR: not a result of msgflow simulate'" "grep -q '^msgflow compare: plain: not a result of msgflow simulate' '$tmp/err'"
expect "a file instead of a folder: exit 2" 2 "$msgflow" compare a.topo runs/b
check "... 'FILE: not a folder'" "grep -q 'a.topo: not a folder' '$tmp/err'"
expect "--out the same as DIR1: exit 2" 2 "$msgflow" compare runs/a runs/b --out runs/a/
check "... and DIR1 is untouched" "[ -s runs/a/summary.json ] && [ ! -e runs/a/compare.json ]"
cp -r runs/a changed && echo 1 >>changed/counts.csv
expect "a run whose file does not match its manifest: exit 2" 2 "$msgflow" compare changed runs/b -o x
check "... names the file" "grep -q 'changed/counts.csv does not match the manifest' '$tmp/err' && [ ! -e x ]"
expect "--out a folder that is not a result: exit 2" 2 "$msgflow" compare runs/a runs/b -o plain
check "... and leaves it as it was" "[ \"\$(ls plain)\" = x ]"
expect "--format gif: exit 2" 2 "$msgflow" compare runs/a runs/b --format gif

# The page in headless Chromium.
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
  changes=$("$jc" length $r topology_changes)
  flows=$(grep -c '"flow" : "' $r)
  PUPPETEER_CORE_PATH=$pptr CHROMIUM=$chromium PAGE=$tmp/rcmp/index.html CHANGES=$changes \
    FLOW_ROWS=$flows GNUPLOT=$(command -v gnuplot) \
    timeout 180 node "$OLDPWD/tests/compare-page.js" >"$tmp/node.out" 2>"$tmp/node.err"
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
