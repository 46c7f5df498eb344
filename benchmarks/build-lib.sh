# Sourced by benchmarks/run-jmh.sh and benchmarks/compare.sh (not run on its own).
# jstencil_bench_build NAME: finds a JDK >= 25 (exported as JAVA_HOME), then builds and installs
# jstencil (jar, the C baselines target/native/grayscott-bench and grayscott3d-bench) and benchmarks/target/benchmarks.jar.
# On failure it prints the end of the build log, prefixed with NAME, and exits 3.

jstencil_bench_build() {
  local name=$1 root log
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  . "$root/bin/lib/find-jdk.sh"
  jstencil_find_jdk
  export JAVA_HOME=$JSTENCIL_JAVA_HOME
  command -v mvn >/dev/null 2>&1 || { echo "$name: Maven (mvn) is needed; install maven (apt-get install maven)." >&2; exit 3; }
  log="$root/benchmarks/target/build.log"; mkdir -p "$root/benchmarks/target"
  echo "$name: building jstencil and benchmarks/target/benchmarks.jar with $JAVA_HOME ..." >&2
  if ! (cd "$root" && mvn -B -q -DskipTests install && mvn -B -q -f benchmarks/pom.xml package -DskipTests) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "$name: build failed; full log in $log" >&2
    exit 3
  fi
}
