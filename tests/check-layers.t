#!/bin/sh
# tests/check-layers.sh against fixture trees (tests/layers/): it passes a
# clean tree and rejects, by FILE:LINE, an include against the layer order,
# an include cycle and an include without its layer folder.  Then the real
# sim/ must pass.  TAP, run by prove from `make check`.
here=$(dirname "$0")
check="sh $here/check-layers.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out" | head -10; }
# run DESCRIPTION WANT_STATUS TREE: check TREE, keep its output in $tmp/out.
run () {
  $check "$3" >"$tmp/out" 2>&1
  got=$?
  if [ "$got" -eq "$2" ]; then ok "$1"; else not_ok "$1 (exit $got, want $2)"; fi
}
has () { if grep -qF -- "$2" "$tmp/out"; then ok "$1"; else not_ok "$1"; fi; }

run "a tree that follows the order passes" 0 "$here/layers/good"
run "an include of a higher layer fails" 1 "$here/layers/upward"
has "it names the offending line" "layers/upward/base/clock.c:3: #include \"model/org.h\": base may not include model"
if [ "$(wc -l <"$tmp/out")" -eq 1 ]; then ok "and only that line"; else not_ok "and only that line"; fi
run "an include cycle fails" 1 "$here/layers/cycle"
has "it names one side of the cycle" "layers/cycle/model/a.c:2: include cycle: model/a -> model/b"
has "and the other" "layers/cycle/model/b.c:2: include cycle: model/b -> model/a"
run "an include without its layer folder fails" 1 "$here/layers/unqualified"
has "it names the line" "layers/unqualified/base/clock.c:1: #include \"clock.h\""
run "a missing tree is a usage error" 2 "$tmp/nowhere"
run "sim/ follows the layer order" 0 "$here/../sim"

echo "1..$n"
