#!/usr/bin/env bash
# The head-to-head of jstencil against the C/OpenMP program, in one command:
#
#   benchmarks/compare.sh [--quick] [--rounds N] [--model gray-scott-3d] [more options: --help]
#
# Builds jstencil (with its C kernel and the C programs target/native/grayscott-bench and
# grayscott3d-bench) and the benchmarks jar with a JDK >= 25, measures memory bandwidth
# (benchmarks/src/c/triad.c), then runs C and the Java backends as separate processes on the same
# problems, interleaved over several rounds, and writes compare.csv, compare.md, compare.png and
# machine.txt into a new folder bench-results/<cpu>/gray-scott-2d/<UTC time>/ (<cpu>: `benchmarks/machine.sh
# slug`; --model gray-scott-3d compares the 3D model, into .../gray-scott-3d/...; --what NAME or
# --out DIR put a run elsewhere). --quick takes about 2-4 minutes, the default run about 12. The
# driver is dev.jstencil.bench.compare.Compare in benchmarks.jar.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)

for a in "$@"; do
  if [ "$a" = -h ] || [ "$a" = --help ]; then
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    jar="$root/benchmarks/target/benchmarks.jar"
    if [ -f "$jar" ]; then
      . "$root/bin/lib/find-jdk.sh"
      jstencil_find_jdk
      echo; "$JSTENCIL_JAVA_HOME/bin/java" -cp "$jar" dev.jstencil.bench.compare.Compare --help 2>&1 || true
    fi
    exit 0
  fi
done

. "$root/benchmarks/build-lib.sh"
command -v gcc >/dev/null 2>&1 || echo "compare.sh: warning: no gcc: neither the C program nor the triad can be built; the comparison will say so" >&2
jstencil_bench_build compare.sh

cd "$root"
exec "$JAVA_HOME/bin/java" -Djava.awt.headless=true -cp "$root/benchmarks/target/benchmarks.jar" \
  dev.jstencil.bench.compare.Compare --root "$root" --java-home "$JAVA_HOME" \
  --command "benchmarks/compare.sh${*:+ $*}" "$@"
