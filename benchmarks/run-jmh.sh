#!/usr/bin/env bash
# Builds jstencil and the JMH benchmarks with a JDK >= 25, then runs them.
#
#   benchmarks/run-jmh.sh quick [JMH args]   1 fork, 3 warm-up + 3 measured iterations of 1 s
#   benchmarks/run-jmh.sh full  [JMH args]   the settings in the annotations (2-3 forks, 5 + 5 x 1 s)
#   benchmarks/run-jmh.sh list               list the benchmarks
#
# JMH args follow the mode: a regular expression selects benchmarks, -p name=v1,v2 picks parameter
# values, e.g.  benchmarks/run-jmh.sh quick KernelBenchmark -p size=256,4096 -p precision=f64
# Results go to benchmarks/target/jmh-<mode>.json as well as the console (JMH_RESULT=path changes that).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
. "$root/benchmarks/build-lib.sh"

mode=${1:-quick}
case "$mode" in
  quick) settings=(-f 1 -wi 3 -i 3 -w 1s -r 1s) ;;
  full) settings=() ;;
  list) settings=() ;;
  -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "run-jmh.sh: unknown mode '$mode': use quick, full or list (then JMH arguments)" >&2; exit 2 ;;
esac
[ $# -gt 0 ] && shift

jstencil_bench_build run-jmh.sh

jar="$root/benchmarks/target/benchmarks.jar"
if [ "$mode" = list ]; then
  exec "$JAVA_HOME/bin/java" -jar "$jar" -l "$@"
fi
result=${JMH_RESULT:-$root/benchmarks/target/jmh-$mode.json}
mkdir -p "$(dirname "$result")"
echo "run-jmh.sh: java -jar $jar ${settings[*]} $* (results: $result)" >&2
exec "$JAVA_HOME/bin/java" -jar "$jar" "${settings[@]}" -rf json -rff "$result" "$@"
