#!/usr/bin/env bash
# The generated Gray-Scott Vector API kernel against the hand-written one it replaced (commit
# 3e6cf25, the last with hand-written Java kernels), with JMH's KernelBenchmark.band: one thread,
# one band of 65536 cells per call, ns per lattice update. The two benchmark jars run alternately,
# one JMH fork each, several rounds; the summary gives each side's median and the ratio of medians
# (hand-written time / generated time: above 1 means the generated kernel is faster).
#
#   benchmarks/generated-vs-handwritten.sh [--rounds N] [--sizes 256,1024,4096] [--precisions f64,f32] [--out DIR]
#
# Builds the old jar once in a temporary git worktree (with its own copy of the local Maven
# repository, so the jstencil snapshot installed by the current build is not replaced), and the
# current one with benchmarks/build-lib.sh. Results (runs.csv, summary.txt, machine.txt) go to a new
# folder bench-results/<cpu>/generated-vs-handwritten/<UTC time>/ (benchmarks/machine.sh), or --out
# DIR; the jars and JMH's own files to benchmarks/target/generated-vs-handwritten/.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
rounds=3 sizes=256,1024,4096 precisions=f64,f32 old_commit=3e6cf25 results=
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --precisions) precisions=$2; shift 2 ;;
    --out) results=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "generated-vs-handwritten.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
. "$root/benchmarks/build-lib.sh"
jstencil_bench_build generated-vs-handwritten.sh
out="$root/benchmarks/target/generated-vs-handwritten"
mkdir -p "$out"
new_jar="$out/new-benchmarks.jar"
cp "$root/benchmarks/target/benchmarks.jar" "$new_jar"
old_jar="$out/old-benchmarks-$old_commit.jar"
if [ ! -f "$old_jar" ]; then
  work=$(mktemp -d)
  trap 'git -C "$root" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  echo "generated-vs-handwritten.sh: building the hand-written kernels' benchmarks at $old_commit ..." >&2
  git -C "$root" worktree add -q "$work/old" "$old_commit"
  cp -r "${HOME}/.m2/repository" "$work/repo"
  (cd "$work/old" && mvn -B -q -o -Dmaven.repo.local="$work/repo" install -DskipTests \
     && mvn -B -q -o -Dmaven.repo.local="$work/repo" -f benchmarks/pom.xml package -DskipTests) >"$out/old-build.log" 2>&1 \
     || { tail -20 "$out/old-build.log" >&2; echo "generated-vs-handwritten.sh: building $old_commit failed" >&2; exit 1; }
  cp "$work/old/benchmarks/target/benchmarks.jar" "$old_jar"
fi
if [ -n "$results" ]; then
  mkdir -p "$results" && "$root/benchmarks/machine.sh" info >"$results/machine.txt"
else
  results=$("$root/benchmarks/machine.sh" new-run generated-vs-handwritten)
fi
echo "generated-vs-handwritten.sh: results go to $results" >&2
java="$JAVA_HOME/bin/java"
jmh=(-f 1 -wi 5 -i 5 -w 1s -r 1s -rf csv)
csv="$results/runs.csv"
echo "round,side,size,precision,ns_per_update" >"$csv"
for ((r = 1; r <= rounds; r++)); do
  for size in ${sizes//,/ }; do
    for p in ${precisions//,/ }; do
      sides=(handwritten generated)
      (( (r + size / 256) % 2 == 0 )) && sides=(generated handwritten)   # alternate which goes first
      for side in "${sides[@]}"; do
        if [ "$side" = handwritten ]; then
          args=("$old_jar" 'KernelBenchmark.band$' -p backend=vector)
        else
          args=("$new_jar" 'KernelBenchmark.band$' -p backend=vector -p model=gray-scott)
        fi
        res="$out/r$r-$side-$size-$p.csv"
        "$java" -jar "${args[@]}" -p size="$size" -p precision="$p" "${jmh[@]}" -rff "$res" >"$out/r$r-$side-$size-$p.log" 2>&1 \
          || { echo "run failed: see $out/r$r-$side-$size-$p.log" >&2; exit 1; }
        score=$(awk -F, 'NR == 2 { print $5 }' "$res")
        echo "$r,$side,$size,$p,$score" >>"$csv"
        printf 'round %d  %-11s %5s %s  %s ns/update  (load %s)\n' "$r" "$side" "$size" "$p" "$score" "$(cut -d' ' -f1-3 /proc/loadavg)"
      done
    done
  done
done
echo
{
echo "medians over $rounds rounds (ns per update; MLUP/s = 1000 / ns; ratio = hand-written / generated time):"
awk -F, 'NR > 1 { k = $3 " " $4; v[k "," $2] = v[k "," $2] " " $5; keys[k] = 1 }
  function median(list,   a, n, i, j, t) { n = split(list, a, " ");
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END { for (k in keys) { h = median(v[k ",handwritten"]); g = median(v[k ",generated"]);
    printf "%-10s hand-written %7.3f  generated %7.3f  ratio %.3f   (hand-written:%s; generated:%s)\n", k, h, g, h / g, v[k ",handwritten"], v[k ",generated"] } }' "$csv" | sort -n
} | tee "$results/summary.txt"
