#!/bin/sh
# same-output.sh — are msgflow's outputs byte-identical to another commit's?
#
#   tests/same-output.sh [BASE]        BASE defaults to HEAD
#
# Builds BASE in a temporary worktree and the current work tree, runs the
# same commands in both (make demo, then every command with its main options
# on every bundled example), and compares every file written and every
# stdout/stderr, byte for byte.  Only the figures that measure the machine
# are blanked first (also the report page's size and hash in report.json):
# wall_s, events_per_s, sim_seconds_per_wall_second in
# JSON, the "events ... in Xs" line of simulate's summary and the same
# figures in the report page.  Exit 0 when identical, 1 with the differing
# files listed, 2 on bad usage.  For refactors that must not change
# behaviour; needs the build dependencies, not the network.
set -eu

base=${1:-HEAD}
top=$(git rev-parse --show-toplevel)
cd "$top"
git rev-parse --verify -q "$base^{commit}" >/dev/null ||
  { echo "same-output.sh: $base: not a commit" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/same-output.XXXXXX")
cleanup () {
  git worktree remove --force "$work/base-tree" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

git worktree add --detach -q "$work/base-tree" "$base"

# run_suite TREE OUT: every command on every example, outputs under OUT.
run_suite () {
  tree=$1 final=$2
  # Outputs are written inside the tree under one relative name, so the
  # paths that files quote are the same on both sides.
  out=.same-output
  (
    cd "$tree"
    rm -rf "$out"
    mkdir -p "$out"
    make -s -j2 all >/dev/null
    make -s demo >"$out/demo.stdout" 2>"$out/demo.stderr"
    cp -r out/contoso-global "$out/demo-out"
    m=./msgflow
    $m check topologies/*.topo >"$out/check-all.txt" 2>&1 || true
    for t in topologies/*.topo; do
      n=$(basename "$t" .topo)
      d="$out/$n"
      mkdir -p "$d"
      $m check "$t" >"$d/check.txt" 2>&1 || echo "rc=$?" >>"$d/check.txt"
      $m routes "$t" >"$d/routes.txt" 2>&1 || echo "rc=$?" >>"$d/routes.txt"
      $m routes --json "$t" >"$d/routes.json" 2>&1 || echo "rc=$?" >>"$d/routes.json"
      $m routes --size 20MB "$t" >"$d/routes-size.txt" 2>&1 || echo "rc=$?" >>"$d/routes-size.txt"
      $m analyze "$t" >"$d/analyze.txt" 2>&1 || echo "rc=$?" >>"$d/analyze.txt"
      $m analyze --json -k 2 "$t" >"$d/analyze-k2.json" 2>&1 || echo "rc=$?" >>"$d/analyze-k2.json"
      for f in graphml dot gml; do
        $m export -f $f "$t" >"$d/export.$f" 2>&1 || echo "rc=$?" >>"$d/export.$f"
      done
      $m simulate -o "$d/sim" --tracking --report "$t" >"$d/simulate.txt" 2>&1 ||
        echo "rc=$?" >>"$d/simulate.txt"
      $m simulate -q -o "$d/rep" --replications 3 --seed 7 "$t" >"$d/rep.txt" 2>&1 ||
        echo "rc=$?" >>"$d/rep.txt"
      $m report -q --format svg "$d/rep" >"$d/report-svg.txt" 2>&1 ||
        echo "rc=$?" >>"$d/report-svg.txt"
    done
    t=topologies/contoso-global.topo
    $m routes "$t" --from Seattle --to Brussels --down LON-BRU >"$out/routes-down.txt" 2>&1 || true
    $m routes "$t" --to fabrikam.com --json >"$out/routes-domain.json" 2>&1 || true
    $m export "$t" --down LON-BRU -f dot >"$out/export-down.dot" 2>&1 || true
    $m trace "$t" --from SEA-MBX01 --to BRU-EX01 --at "Mon 10:30" >"$out/trace.txt" 2>&1 || true
    $m trace "$t" --from SEA-MBX01 --to BRU-EX01 --at "Mon 10:30" --json >"$out/trace.json" 2>&1 || true
    $m trace "$t" --from SEA-MBX01 --to someone@fabrikam.com --size 1MB >"$out/trace-ext.txt" 2>&1 || true
    t=topologies/failure-drill.topo
    $m trace "$t" --from CHI-BH01 --to DAL-MBX01 --at 2h --json >"$out/trace-drill.json" 2>&1 || true
    for f in tests/malformed/*.topo; do
      $m check "$f" >>"$out/malformed.txt" 2>&1 || echo "rc=$?" >>"$out/malformed.txt"
    done
    mv "$out" "$final"
  )
  out=$final
  # The figures that measure the machine, not the model.
  find "$out" -type f \( -name '*.json' -o -name '*.txt' -o -name '*.html' -o -name '*.stdout' \) |
    while read -r f; do
      sed -E -i \
        -e 's/("(wall_s|events_per_s|sim_seconds_per_wall_second)" *: *)[-0-9.e+]+/\1X/g' \
        -e 's/^( *events +[0-9]+ in )[^ ]+: .*$/\1X/' \
        -e 's/events in [-0-9.e+]+ s of wall-clock time/events in X s of wall-clock time/' \
        "$f"
    done
  # The report page holds those figures, so its size and hash in the
  # report's manifest follow the machine too.
  find "$out" -type f -name report.json | while read -r f; do
    awk '/"name" *: *"index.html"/ { print; skip = 2; next }
         skip > 0 { sub(/: *[^,]*/, ": X"); skip--; print; next } { print }' "$f" >"$f.tmp"
    mv "$f.tmp" "$f"
  done
}

run_suite "$work/base-tree" "$work/base-out"
run_suite "$top" "$work/new-out"

if diff -r "$work/base-out" "$work/new-out" >"$work/diff" 2>&1; then
  n=$(find "$work/new-out" -type f | wc -l)
  echo "same-output: $n files identical to $base (wall-clock figures blanked)"
  exit 0
fi
echo "same-output: outputs differ from $base:" >&2
grep -E '^(Only in|diff -r|Binary files)' "$work/diff" | head -50 >&2
head -80 "$work/diff" >&2
exit 1
