#!/bin/sh
# check-layers.sh — hold sim/ to its layer order and keep modules acyclic.
#
#   tests/check-layers.sh [SIMDIR]     SIMDIR defaults to sim
#
# The layers, lowest first: base < model < transport < analyze < report
# < cli (sim/README.md says what each owns).  A file may include a header of
# its own layer or of a layer listed before it, written by path
# ("base/evq.h").  A module is X.c with X.h and, where it has one,
# X-private.h; the includes between modules must not form a cycle.  Prints
# every offending include as FILE:LINE: message and exits 1 when there is
# one; exit 0 when the tree is clean; 2 on bad usage.  System headers
# (<...>) and generated headers without a folder (templates.h) are not
# layered.
set -eu

dir=${1:-sim}
[ -d "$dir" ] || { echo "check-layers: $dir: no such directory" >&2; exit 2; }

order="base model transport analyze report cli"

fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Files outside every layer folder are not allowed.
for f in "$dir"/*.c "$dir"/*.h; do
  [ -e "$f" ] || continue
  echo "$f:1: file outside the layer folders ($order)"
  fail=1
done

# One pass over every include: layer order, spelling, existence; the
# module edges go to $tmp/edges as "FROM TO FILE:LINE".
find "$dir" -mindepth 2 -name '*.[ch]' | LC_ALL=C sort > "$tmp/files"
if [ -s "$tmp/files" ]; then
  xargs grep -Hn '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' < "$tmp/files" |
    awk -v dir="$dir" -v order="$order" -v edges="$tmp/edges" '
      BEGIN { n = split(order, o, " "); for (i = 1; i <= n; i++) rank[o[i]] = i }
      function module(path) { sub(/\.[ch]$/, "", path); sub(/-private$/, "", path); return path }
      {
        split($0, part, ":"); f = part[1]; line = part[2]
        inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*$/, "", inc)
        rel = substr(f, length(dir) + 2); layer = rel; sub(/\/.*/, "", layer)
        if (!(layer in rank)) { printf "%s:%s: folder %s is not a layer (%s)\n", f, line, layer, order; bad = 1; next }
        if (inc == "templates.h") next   # generated at build time from reports/
        if (inc !~ /\//) { printf "%s:%s: #include \"%s\": write the layer folder (\"LAYER/%s\")\n", f, line, inc, inc; bad = 1; next }
        il = inc; sub(/\/.*/, "", il)
        if (!(il in rank)) { printf "%s:%s: #include \"%s\": %s is not a layer\n", f, line, inc, il; bad = 1; next }
        if (rank[il] > rank[layer]) { printf "%s:%s: #include \"%s\": %s may not include %s (order: %s)\n", f, line, inc, layer, il, order; bad = 1 }
        if ((getline junk < (dir "/" inc)) < 0) { printf "%s:%s: #include \"%s\": no such header\n", f, line, inc; bad = 1 }
        close(dir "/" inc)
        from = module(rel); to = module(inc)
        if (from != to) print from, to, f ":" line > edges
      }
      END { exit bad }' || fail=1
fi

# Cycles between modules.  tsort reports each loop it finds as a list of
# modules; show the includes that tie each loop together.
if [ -s "$tmp/edges" ]; then
  cut -d' ' -f1,2 "$tmp/edges" | LC_ALL=C sort -u > "$tmp/pairs"
  tsort "$tmp/pairs" 2>&1 >/dev/null |
    awk -v edges="$tmp/edges" '
      /input contains a loop/ { loop++; next }
      { sub(/^tsort: /, ""); member[loop, $0] = 1; n[loop]++ }
      END {
        while ((getline e < edges) > 0) {
          split(e, p, " ")
          for (l = 1; l <= loop; l++)
            if (member[l, p[1]] && member[l, p[2]]) printf "%s: include cycle: %s -> %s\n", p[3], p[1], p[2]
        }
        exit loop > 0
      }' | LC_ALL=C sort -u > "$tmp/cycles"
  if [ -s "$tmp/cycles" ]; then
    cat "$tmp/cycles"
    fail=1
  fi
fi

[ $fail -eq 0 ] && echo "check-layers: $dir: includes follow $order, no cycles"
exit $fail
