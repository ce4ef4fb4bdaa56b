#!/bin/sh
# The bash completion offers the commands, each command's options and the
# values of --format and -k.  TAP, run by prove from `make check`.
n=0; fails=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
if ! command -v bash >/dev/null 2>&1; then echo "1..0 # SKIP bash is not installed"; exit 0; fi
# complete WORDS... : the completions bash offers for the last word.
complete_words () {
  bash -c '. completion/msgflow.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _msgflow; printf "%s\n" "${COMPREPLY[@]}"' bash "$@"
}
check () { # DESCRIPTION WANT WORDS...
  desc=$1 want=$2; shift 2
  if complete_words "$@" | grep -qx -- "$want"; then ok "$desc"; else not_ok "$desc"; fi
}
check "commands" simulate msgflow si
check "routes options" --down msgflow routes --do
check "simulate options" --max-memory msgflow simulate --max
check "trace options" --quiet-network msgflow trace --qu
check "export formats" dot msgflow export --format d
check "report formats" svg msgflow report --format s
check "analyze -k" 2 msgflow analyze --k ""
if complete_words msgflow check --j | grep -q .; then not_ok "check has no --json"; else ok "check has no --json"; fi
# Every option of each command's --help is offered.
msgflow=${MSGFLOW:-./msgflow}
for cmd in check routes simulate sweep report compare trace analyze export; do
  for o in $("$msgflow" "$cmd" --help | sed -n 's/^  *\(-[a-zA-Z], \)\{0,1\}--\([a-z0-9-]*\).*/\2/p'); do
    check "$cmd --$o is offered" "--$o" msgflow "$cmd" "--$o"
  done
done
echo "1..$n"
[ "$fails" -eq 0 ]
