#!/usr/bin/env bash
# MLUP/s of the parallel engine per mode, barrier and thread count, through the CLI, f64 vector:
#   benchmarks/modes.sh [rounds] [sizes...]      (default: 3 rounds; sizes 512 2048)
# Configurations are interleaved round-robin so machine noise spreads over all of them; the table
# gives the median (min-max) of the rounds. Each run times only its stepping loop (after --warmup).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
rounds=${1:-3}; shift || true
sizes=("${@:-512 2048}"); [ $# -gt 0 ] && sizes=("$@") || sizes=(512 2048)
configs=("serial jdk 1" "platform jdk 1" "platform jdk 2" "platform spin 1" "platform spin 2"
         "virtual jdk 1" "virtual jdk 2" "virtual spin 1" "virtual spin 2" "forkjoin jdk 1" "forkjoin jdk 2")
"$root/bin/jstencil" gray-scott --size 16 --steps 1 --no-png >/dev/null 2>&1 # build once, outside the timing
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
for r in $(seq "$rounds"); do
  for n in "${sizes[@]}"; do
    steps=$(( 1200000000 / (n * n) )); warm=$(( steps / 5 ))
    for c in "${configs[@]}"; do
      set -- $c
      m=$("$root/bin/jstencil" gray-scott --size "$n" --steps "$steps" --warmup "$warm" --parallel "$1" --barrier "$2" \
            --threads "$3" --no-png 2>/dev/null | tail -n 1 | sed -n 's/.*"mlups":\([0-9.]*\).*/\1/p')
      echo "$n $1 $2 $3 $m" >> "$tmp"
      echo "round $r: ${n}² $1/$2 $3 threads: $m MLUP/s" >&2
    done
  done
done
echo "| size | mode | barrier | threads | median MLUP/s | min | max |"
echo "|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  for c in "${configs[@]}"; do
    set -- $c
    awk -v n="$n" -v m="$1" -v b="$2" -v t="$3" '$1==n && $2==m && $3==b && $4==t {print $5}' "$tmp" | sort -g |
      awk -v n="$n" -v m="$1" -v b="$2" -v t="$3" '{v[NR]=$1} END {bb=(m=="platform"||m=="virtual")?b:"-";
        printf "| %s² | %s | %s | %s | %.0f | %.0f | %.0f |\n", n, m, bb, t, v[int((NR+1)/2)], v[1], v[NR]}'
  done
done
