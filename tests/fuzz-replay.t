#!/bin/sh
# Replay the fuzz corpus through the loader (see tests/fuzz-replay.c): the
# examples, the malformed corpus and every crash ever found.
build=${BUILD:-build}
set --
for f in topologies/*.topo tests/malformed/* tests/fuzz-crashes/*; do
  [ -f "$f" ] && set -- "$@" "$f"
done
exec "$build/tests/fuzz-replay" "$@"
