#!/bin/sh
# Every command has its page in docs/ and the man page, and every option
# its --help lists is on both: the docs cannot fall behind the code.  Also:
# no file of the project points at a document that is not in it.  TAP, run
# by prove from `make check`.  $MSGFLOW is the binary under test.
msgflow=${MSGFLOW:-./msgflow}
case $msgflow in /*) ;; *) msgflow=$PWD/$msgflow ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/docs-pages-t.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The man page without troff's escapes (\-\-time\-limit is --time-limit).
sed 's/\\//g' docs/msgflow.1 >"$tmp/man.txt"
n=0
fails=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }

for cmd in check routes simulate sweep report compare trace analyze export; do
  page=docs/$cmd.md
  if [ -f "$page" ]; then ok "docs/$cmd.md exists"; else not_ok "docs/$cmd.md exists"; continue; fi
  if grep -q "^\.SS $cmd\$" docs/msgflow.1 2>/dev/null; then
    ok "msgflow.1 has a section for $cmd"
  else
    not_ok "msgflow.1 has a section for $cmd"
  fi
  # The long options of --help ("  --name=ARG  text" or "  -x, --name").
  opts=$("$msgflow" "$cmd" --help | sed -n 's/^  *\(-[a-zA-Z], \)\{0,1\}--\([a-z0-9-]*\).*/\2/p' | grep -v '^help$')
  if [ -n "$opts" ]; then ok "$cmd --help lists options"; else not_ok "$cmd --help lists options"; fi
  for o in $opts; do
    if grep -qF -- "--$o" "$page"; then ok "docs/$cmd.md documents --$o"; else not_ok "docs/$cmd.md documents --$o"; fi
    if grep -qF -- "--$o" "$tmp/man.txt"; then ok "msgflow.1 documents $cmd --$o"; else not_ok "msgflow.1 documents $cmd --$o"; fi
  done
done

# Links between the project's documents point at files that exist.
for f in README.md docs/*.md topologies/README.md; do
  for target in $(sed -n 's/.*](\([^)#:]*\.md\)[)#].*/\1/p' "$f"); do
    dir=$(dirname "$f")
    if [ -f "$dir/$target" ]; then ok "$f links to $target"; else not_ok "$f links to $target, which is missing"; fi
  done
done

echo "1..$n"
[ "$fails" -eq 0 ]
