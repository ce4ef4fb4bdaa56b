#!/bin/sh
# Replay every fuzz target's corpus (see tests/fuzz-replay.c): for each
# target its seeds and every crash ever found (tests/fuzz/TARGET/*), and
# for topo also the examples and the malformed corpus.  A target without
# a corpus folder is an error: it would silently go unreplayed.
build=${BUILD:-build}
set --
for target in topo report values; do
  set -- "$@" "--target=$target"
  if [ "$target" = topo ]; then
    for f in topologies/*.topo tests/malformed/*; do
      [ -f "$f" ] && set -- "$@" "$f"
    done
  fi
  found=
  for f in "tests/fuzz/$target"/*; do
    [ -f "$f" ] && set -- "$@" "$f" && found=1
  done
  if [ -z "$found" ]; then
    echo "1..0 # tests/fuzz/$target/ holds no inputs" >&2
    exit 1
  fi
done
exec "$build/tests/fuzz-replay" "$@"
