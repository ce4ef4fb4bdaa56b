#!/bin/sh
# The README's "A short tour", run as written: every command of its code
# block is read from README.md (never copied here), run in order from a
# scratch folder that holds ./msgflow and a copy of topologies/, and must
# exit as the README shows (0, or N where its comment says "exits N") and
# write nothing outside out/.  TAP, run by prove from `make check`.
# $MSGFLOW is the binary under test; README is the file to read (the
# repository's README.md by default; the self-test points it elsewhere).
msgflow=${MSGFLOW:-./msgflow}
case $msgflow in /*) ;; *) msgflow=$PWD/$msgflow ;; esac
readme=${README:-README.md}
top=$PWD
tmp=$(mktemp -d "${TMPDIR:-/tmp}/readme-tour-t.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }

# The lines of the first ```sh block after the "## A short tour" heading.
tour_lines () {
  awk '/^## A short tour/ { intour = 1; next }
       intour && /^## / { exit }
       intour && !inblock && /^```sh/ { inblock = 1; next }
       inblock && /^```/ { exit }
       inblock && NF { print }' "$1"
}

# Everything outside out/ in the scratch folder, with a checksum per file:
# a file written, changed or removed outside out/ changes this listing.
snapshot () {
  (cd "$tmp/work" && find . -path ./out -prune -o -print | LC_ALL=C sort | while IFS= read -r f; do
     if [ -f "$f" ] && [ ! -L "$f" ]; then echo "$f $(cksum <"$f")"; else echo "$f"; fi
   done)
}

mkdir "$tmp/work"
ln -s "$msgflow" "$tmp/work/msgflow"
cp -R "$top/topologies" "$tmp/work/topologies"

tour_lines "$readme" >"$tmp/tour"
count=$(wc -l <"$tmp/tour")
if [ "$count" -ge 1 ]; then ok "the tour in $readme has $count commands"; else
  not_ok "the tour in $readme has no commands"; fi

while IFS= read -r line; do
  # The command is what comes before "  # comment"; the comment may say
  # "exits N".
  cmd=$(printf '%s\n' "$line" | sed 's/[[:space:]][[:space:]]*#.*$//')
  comment=$(printf '%s\n' "$line" | sed -n 's/^[^#]*[[:space:]]#[[:space:]]*//p')
  want=$(printf '%s\n' "$comment" | sed -n 's/.*\bexits \([0-9][0-9]*\).*/\1/p')
  want=${want:-0}
  case $cmd in
    ./msgflow*) ;;
    *) not_ok "tour line does not run ./msgflow: $line"; continue ;;
  esac
  snapshot >"$tmp/before"
  (cd "$tmp/work" && sh -c "$cmd") >"$tmp/out" 2>"$tmp/err" </dev/null
  got=$?
  if [ "$got" -eq "$want" ]; then ok "exits $want: $cmd"; else
    not_ok "exits $got, the README shows $want: $cmd"; sed 's/^/# /' "$tmp/err" | head -5; fi
  snapshot >"$tmp/after"
  if cmp -s "$tmp/before" "$tmp/after"; then ok "writes nothing outside out/: $cmd"; else
    not_ok "writes outside out/: $cmd"; diff "$tmp/before" "$tmp/after" | sed 's/^/# /' | head -8; fi
done <"$tmp/tour"

# Every output path a command names is under out/: what -o, --html and
# simulate's default wrote is there.
if [ -d "$tmp/work/out" ] && [ -n "$(ls -A "$tmp/work/out")" ]; then
  ok "the tour's outputs are under out/"; else not_ok "the tour wrote nothing under out/"; fi

# Self-test: a tour that writes into the root and exits otherwise than it
# shows fails on both counts (only from the real run, not from itself).
if [ -z "${README:-}" ]; then
  cat >"$tmp/bad.md" <<'EOF'
## A short tour

```sh
./msgflow export topologies/hub-and-spoke.topo --format graphml -o hub.graphml
./msgflow check topologies/no-such.topo      # exits 1
```
EOF
  README="$tmp/bad.md" sh "$0" >"$tmp/self" 2>&1
  self=$?
  if [ "$self" -ne 0 ] && grep -q '^not ok .*writes outside out/: ./msgflow export' "$tmp/self" \
     && grep -q '^not ok .*exits 2, the README shows 1' "$tmp/self"; then
    ok "self-test: a file written in the root and a wrong exit status fail"
  else
    not_ok "self-test: a bad tour passes"; sed 's/^/# /' "$tmp/self" | head -12
  fi
fi

echo "1..$n"
[ "$fails" -eq 0 ]
