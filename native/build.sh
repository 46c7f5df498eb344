#!/usr/bin/env bash
# Builds the standalone C/OpenMP baselines the Java backends are measured against (hand-written,
# sharing no source with jstencil: the native backend's C is generated from the model at run time,
# see dev.jstencil.ffm.KernelCache). Maven runs it in phase process-classes as
#     bash native/build.sh <work-dir>
#   <work-dir>/grayscott-bench     the 2D Gray-Scott baseline
#   <work-dir>/grayscott3d-bench   the 3D Gray-Scott baseline
#
# Incremental: a target is rebuilt only when a source, this script or the compiler flags changed.
# Without a C compiler or OpenMP it warns and exits 0, so the Java build still succeeds (the tests
# and benchmarks that need the baselines say so).
#
# Environment: CC (default gcc); JSTENCIL_MARCH (default native).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: bash native/build.sh <work-dir>" >&2
  exit 2
fi
work_dir=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cc=${CC:-gcc}
march=${JSTENCIL_MARCH:-native}

warn() { echo "native/build.sh: warning: $*" >&2; }

if ! command -v "$cc" >/dev/null 2>&1; then
  warn "C compiler '$cc' not found: grayscott-bench and grayscott3d-bench are not built (install gcc, e.g. apt-get install gcc, and rebuild)"
  exit 0
fi

mkdir -p "$work_dir"

# -std=c99 alone already implies -ffp-contract=off; it is spelled out because the results must stay
# bit-identical to Java's, which never fuses a multiply and an add.
bench_flags=(-O3 "-march=$march" -std=c99 -ffp-contract=off -Wall -Wextra -fopenmp)

# up_to_date <target> <stamp> <flags-text> <source>...: the target exists, was built with these
# flags (recorded in <stamp>, kept in the work dir so it never lands in the jar), and is newer than
# every source and this script.
up_to_date() {
  local target=$1 stamp=$2 flags=$3
  shift 3
  [ -f "$target" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$flags" ] || return 1
  local src
  for src in "$@" "${BASH_SOURCE[0]}"; do
    [ "$src" -nt "$target" ] && return 1
  done
  return 0
}

# build <target> <stamp> <flags-text> <cc arguments...>: compiles into a temporary file and renames
# it, so nobody ever runs a half-written program.
build() {
  local target=$1 stamp=$2 flags_text=$3
  shift 3
  local tmp="$target.tmp.$$"
  if ! "$cc" "$@" -o "$tmp"; then
    rm -f "$tmp"
    echo "native/build.sh: error: compiling $(basename "$target") failed: $cc $*" >&2
    exit 1
  fi
  mv -f "$tmp" "$target"
  printf '%s' "$flags_text" >"$stamp"
  echo "native/build.sh: built $target" >&2
}

bench="$work_dir/grayscott-bench"
bench_stamp="$bench.flags"
bench_flags_text="$cc ${bench_flags[*]}"
bench3d="$work_dir/grayscott3d-bench"
bench3d_stamp="$bench3d.flags"
need_bench=0
need_bench3d=0
up_to_date "$bench" "$bench_stamp" "$bench_flags_text" "$here/bench/grayscott_bench.c" "$here/bench/gs_band.inc" || need_bench=1
up_to_date "$bench3d" "$bench3d_stamp" "$bench_flags_text" "$here/bench/grayscott3d_bench.c" || need_bench3d=1
if [ "$need_bench" = 0 ] && [ "$need_bench3d" = 0 ]; then
  exit 0
fi
if ! echo 'int main(void){return 0;}' | "$cc" -fopenmp -x c - -o "$work_dir/openmp-probe" >/dev/null 2>&1; then
  rm -f "$work_dir/openmp-probe"
  warn "$cc cannot build OpenMP programs (-fopenmp): grayscott-bench and grayscott3d-bench are not built (install gcc's OpenMP support, libgomp)"
  exit 0
fi
rm -f "$work_dir/openmp-probe"
if [ "$need_bench" = 1 ]; then
  build "$bench" "$bench_stamp" "$bench_flags_text" "${bench_flags[@]}" "$here/bench/grayscott_bench.c" -lm
fi
if [ "$need_bench3d" = 1 ]; then
  build "$bench3d" "$bench3d_stamp" "$bench_flags_text" "${bench_flags[@]}" "$here/bench/grayscott3d_bench.c" -lm
fi
