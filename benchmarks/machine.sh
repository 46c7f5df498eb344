#!/usr/bin/env bash
# Which CPU a benchmark ran on, and where its results go: the one place that names a machine kind.
#
#   benchmarks/machine.sh slug                the CPU's folder under bench-results/ (e.g. amd-epyc-9r14,
#                                             intel-xeon-platinum-8488c, amd-epyc-family25-model17)
#   benchmarks/machine.sh info                machine.txt: CPU model name, lscpu family/model/stepping, CPUs,
#                                             L3, JDK ($JAVA_HOME, else java on PATH), gcc, kernel
#   benchmarks/machine.sh new-run WHAT        makes bench-results/<slug>/WHAT/<UTC yyyy-mm-ddThhmmZ>/, never an
#                                             existing one (-2, -3 ... within a minute), writes its machine.txt
#                                             (and <slug>/machine.txt if missing) and prints its path
#   benchmarks/machine.sh slug-of NAME FAMILY MODEL    the rule alone, for another CPU
#
# The slug: lscpu's "Model name" in lower case without (R), (TM), "CPU", "Processor", "N-Core" and
# "@ 2.90GHz", every run of other characters than [a-z0-9] one '-'. A name with no model number in it
# (no digit: "AMD EPYC", "Intel Xeon Processor", as some VMs report) gets "-family<F>-model<M>" from
# lscpu, so that two CPU generations behind one generic name never share a folder. Without lscpu,
# /proc/cpuinfo. Results measured on one kind of machine must never be read as another's.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)

# lscpu's (else /proc/cpuinfo's) value for the first of the given keys that it has.
cpu_field() {
  local v=""
  if command -v lscpu >/dev/null 2>&1; then
    v=$(LC_ALL=C lscpu 2>/dev/null | awk -F: -v k="$1" '$1 == k { sub(/^[ \t]+/, "", $2); print $2; exit }')
  fi
  if [ -z "$v" ] && [ -n "${2:-}" ] && [ -r /proc/cpuinfo ]; then
    v=$(awk -F: -v k="$2" '{ sub(/[ \t]+$/, "", $1) } $1 == k { sub(/^[ \t]+/, "", $2); print $2; exit }' /proc/cpuinfo)
  fi
  printf '%s\n' "$v"
}

slug_of() {   # NAME FAMILY MODEL
  local name=$1 family=$2 model=$3 s
  s=$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]' \
      | sed -E 's/\((r|tm)\)//g; s/@ *[0-9.]+ *[gm]hz//g; s/[0-9]+-core//g; s/\b(cpu|processor)\b//g; s/[^a-z0-9]+/-/g; s/^-+//; s/-+$//')
  [ -n "$s" ] || s=unknown-cpu
  if ! [[ "$s" =~ [0-9] ]]; then
    s="$s-family${family:-unknown}-model${model:-unknown}"
  fi
  printf '%s\n' "$s"
}

cpu_name() { local n; n=$(cpu_field "Model name" "model name"); printf '%s\n' "${n:-unknown CPU}"; }
cpu_family() { cpu_field "CPU family" "cpu family"; }
cpu_model() { cpu_field "Model" "model"; }
slug() { slug_of "$(cpu_name)" "$(cpu_family)" "$(cpu_model)"; }

info() {
  local java l3
  java=${JAVA_HOME:+$JAVA_HOME/bin/java}; java=${java:-java}
  l3=$(cpu_field "L3 cache" "")
  [ -n "$l3" ] || l3=$(cat /sys/devices/system/cpu/cpu0/cache/index3/size 2>/dev/null || echo unknown)
  cat <<EOF
cpu: $(cpu_name)
slug: $(slug)
vendor: $(cpu_field "Vendor ID" "vendor_id")
family: $(cpu_family)
model: $(cpu_model)
stepping: $(cpu_field "Stepping" "stepping")
cpus: $(cpu_field "CPU(s)" "" | grep . || nproc) (threads per core $(cpu_field "Thread(s) per core" ""), cores per socket $(cpu_field "Core(s) per socket" ""), sockets $(cpu_field "Socket(s)" ""))
l2: $(cpu_field "L2 cache" "")
l3: $l3
hypervisor: $(cpu_field "Hypervisor vendor" "")
jdk: $("$java" -version 2>&1 | head -n 2 | paste -sd';' - | sed 's/;/; /' || echo none)
gcc: $(gcc --version 2>/dev/null | head -n 1 || echo none)
kernel: $(uname -sr)
written: $(date -u '+%Y-%m-%d %H:%M UTC')
EOF
}

new_run() {   # WHAT
  local what=$1 base stamp dir n=1
  [[ "$what" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || { echo "machine.sh: bad folder name '$what'" >&2; exit 2; }
  base="$root/bench-results/$(slug)"
  mkdir -p "$base/$what"
  [ -f "$base/machine.txt" ] || info >"$base/machine.txt"
  stamp=$(date -u '+%Y-%m-%dT%H%MZ')
  dir="$base/$what/$stamp"
  until mkdir "$dir" 2>/dev/null; do   # mkdir fails on an existing folder: an earlier run is never written over
    n=$((n + 1)); dir="$base/$what/$stamp-$n"
    [ "$n" -lt 100 ] || { echo "machine.sh: cannot make a new folder under $base/$what" >&2; exit 3; }
  done
  info >"$dir/machine.txt"
  printf '%s\n' "$dir"
}

case "${1:-}" in
  slug) slug ;;
  info) info ;;
  new-run) [ $# -eq 2 ] || { echo "usage: machine.sh new-run WHAT" >&2; exit 2; }; new_run "$2" ;;
  slug-of) [ $# -eq 4 ] || { echo "usage: machine.sh slug-of NAME FAMILY MODEL" >&2; exit 2; }; slug_of "$2" "$3" "$4" ;;
  -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) echo "usage: machine.sh slug | info | new-run WHAT | slug-of NAME FAMILY MODEL (see --help)" >&2; exit 2 ;;
esac
