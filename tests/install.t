#!/bin/sh
# `make install` into a scratch DESTDIR puts the program, man page, bash
# completion and docs where PREFIX says; the installed program runs; the man
# page renders without warnings (when man is there); `make uninstall`
# removes them.  TAP, run by prove from `make check`.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/install-t.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0; fails=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
build=${BUILD:-build}
make -s install BUILD="$build" DESTDIR="$tmp/root" PREFIX=/opt/mf >"$tmp/log" 2>&1 &&
  ok "make install" || { not_ok "make install"; sed 's/^/# /' "$tmp/log"; }
for f in bin/msgflow share/man/man1/msgflow.1 share/bash-completion/completions/msgflow \
         share/doc/msgflow/format.md share/doc/msgflow/exchange-routing.md share/doc/msgflow/README.md; do
  if [ -f "$tmp/root/opt/mf/$f" ]; then ok "installs $f"; else not_ok "installs $f"; fi
done
if "$tmp/root/opt/mf/bin/msgflow" --version >/dev/null 2>&1; then ok "the installed msgflow runs"; else not_ok "the installed msgflow runs"; fi
if command -v man >/dev/null 2>&1; then
  warnings=$(MANWIDTH=80 man --warnings -l "$tmp/root/opt/mf/share/man/man1/msgflow.1" 2>&1 >/dev/null)
  if [ -z "$warnings" ]; then ok "the man page renders without warnings"; else not_ok "the man page renders without warnings"; echo "$warnings" | sed 's/^/# /'; fi
else
  ok "# SKIP man is not installed"
fi
make -s uninstall DESTDIR="$tmp/root" PREFIX=/opt/mf >"$tmp/log" 2>&1 && ok "make uninstall" || not_ok "make uninstall"
left=$(find "$tmp/root" -type f | wc -l)
if [ "$left" -eq 0 ]; then ok "uninstall leaves no file"; else not_ok "uninstall leaves $left files"; fi
echo "1..$n"
[ "$fails" -eq 0 ]
