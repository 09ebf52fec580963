#!/usr/bin/env bash
# Builds and runs the memory probes behind docs/BENCHMARKS.md's fifth evaluator round.
# Not part of the package or of CI; needs gcc. Numbers move with the host's load.
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp -d)
for p in stream latency links streams; do gcc -O2 -march=native "$p.c" -o "$out/$p"; done
"$out/stream"
"$out/latency"
for soa in 0 1; do "$out/links" 1000 9 9 1 "$soa" 0; done   # chosen link: records vs per-field arrays
"$out/links" 1000 9 9 1 0 1                                 # every user on server 0 (regular stride)
for aos in 0 1; do "$out/streams" 1 12 "$aos" 1; "$out/streams" 1000 12 "$aos" 1; done
rm -rf "$out"
