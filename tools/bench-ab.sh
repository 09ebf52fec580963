#!/usr/bin/env bash
# Alternates `offload bench evaluator` between release binaries and prints, per binary, the median and
# minimum cycles per evaluation of each batch size over the rounds (docs/BENCHMARKS.md, sixth round).
# Usage: tools/bench-ab.sh ROUNDS BINARY... (copy each build's .build/release/offload aside first).
# Extra arguments for the benchmark go in BENCH_ARGS (default: --seconds 1).
set -euo pipefail
rounds=$1; shift
out=$(mktemp)
for _ in $(seq "$rounds"); do
  for bin in "$@"; do
    # Last column of the table: cycles per evaluation, one line per batch size.
    echo "$bin $("$bin" bench evaluator ${BENCH_ARGS:---seconds 1} | awk 'NR > 2 { printf "%s ", $NF }')" >> "$out"
  done
done
python3 - "$out" "$@" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, *cycles = line.split()
    rows.setdefault(name, []).append([float(c) for c in cycles])
for name in sys.argv[2:]:
    runs = rows[name]
    med = [statistics.median(r[i] for r in runs) for i in range(len(runs[0]))]
    low = [min(r[i] for r in runs) for i in range(len(runs[0]))]
    print(f"{name}: median cycles/evaluation {' / '.join(f'{x:.1f}' for x in med)}; minimum {' / '.join(f'{x:.1f}' for x in low)}")
PY
rm -f "$out"
