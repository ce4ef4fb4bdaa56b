#!/bin/sh
# Every example topology does what its `# expect:` lines say: each
# topologies/*.topo is simulated as it is (its own duration and seed) and
# tests/expect-check.c checks its lines against the result.  Then the
# checker itself: a false line fails, an unknown or malformed one exits 2
# with FILE:LINE.  TAP, run by prove from `make check`.  $MSGFLOW is the
# binary under test.
msgflow=${MSGFLOW:-./msgflow}
case $msgflow in /*) ;; *) msgflow=$PWD/$msgflow ;; esac
expect_check=${BUILD:-build}/tests/expect-check
tmp=$(mktemp -d "${TMPDIR:-/tmp}/expect-t.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }

for topo in topologies/*.topo; do
  name=$(basename "$topo" .topo)
  lines=$(grep -c '^# expect:' "$topo")
  if [ "$lines" -ge 2 ] && [ "$lines" -le 6 ]; then ok "$name states $lines expectations"; else
    not_ok "$name states $lines expectations (want 2 to 6)"; fi
  if ! "$msgflow" simulate "$topo" -o "$tmp/$name" >/dev/null 2>"$tmp/err"; then
    not_ok "$name simulates"; sed 's/^/# /' "$tmp/err" | head -5; continue
  fi
  if "$expect_check" "$topo" "$tmp/$name" >"$tmp/check" 2>"$tmp/err"; then
    ok "$name does what it expects"
  else
    not_ok "$name does what it expects"
    grep -v '^ok' "$tmp/check" | sed 's/^/# /'; sed 's/^/# /' "$tmp/err" | head -5
  fi
done

# ------------------------------------------------- the checker can fail
# A copy of failure-drill with lines of our own, checked against its result.
drill=topologies/failure-drill.topo
with_lines () { { cat "$drill"; printf '%s\n' "$@"; } >"$tmp/t.topo"; }
last=$(($(wc -l <"$drill") + 1))

with_lines "# expect: CHI-DAL carries at least 1 message between 2h and 3h"
"$expect_check" "$tmp/t.topo" "$tmp/failure-drill" >"$tmp/check" 2>"$tmp/err"
st=$?
if [ "$st" -eq 1 ] && grep -q "^not ok .*t.topo:$last: CHI-DAL carries at least 1 message between 2h and 3h (measured 0)" "$tmp/check"
then ok "a false line fails with its measured value"; else
  not_ok "a false line fails with its measured value (exit $st)"; sed 's/^/# /' "$tmp/check" "$tmp/err"; fi

with_lines "# expect: CHI-DAL carries 100 to 200 messages" "# expect: flow CHI-to-DAL takes at least 1h on average"
"$expect_check" "$tmp/t.topo" "$tmp/failure-drill" >"$tmp/check" 2>"$tmp/err"
if [ "$(grep -c '^not ok' "$tmp/check")" -eq 2 ]; then ok "ranges and durations that do not hold fail"; else
  not_ok "ranges and durations that do not hold fail"; sed 's/^/# /' "$tmp/check"; fi

# Bad lines: exit 2, FILE:LINE on stderr, nothing checked.
bad_line () {
  with_lines "# expect: $1"
  "$expect_check" "$tmp/t.topo" "$tmp/failure-drill" >"$tmp/check" 2>"$tmp/err"
  st=$?
  if [ "$st" -eq 2 ] && grep -q "^$tmp/t.topo:$last: expect: $2" "$tmp/err" && ! grep -q '^ok' "$tmp/check"
  then ok "'$1' exits 2: $2"; else
    not_ok "'$1' exits 2: $2 (exit $st)"; sed 's/^/# /' "$tmp/err" "$tmp/check" | head -5; fi
}
bad_line "the sun rises" "unknown form"
bad_line "CHI-DAL carries many messages" "want 'CONNECTOR carries COUNT"
bad_line "CHI-DALLAS carries 0 messages" "no connector 'CHI-DALLAS'"
bad_line "CHI-DAL carries 0 messages between 3h and 2h" "the window ends before it starts"
bad_line "flow nobody has no NDRs" "no flow 'nobody'"
bad_line "queue Local delivery at NOWHERE holds 0 messages at the end" "no queue 'Local delivery' at 'NOWHERE'"
bad_line "5 NDRs with code 9.9.9" "msgflow writes no NDR code '9.9.9'"

echo "1..$n"
[ "$fails" -eq 0 ]
