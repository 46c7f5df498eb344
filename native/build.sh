#!/usr/bin/env bash
# Builds jstencil's native parts; Maven runs it in phase process-classes as
#     bash native/build.sh <lib-out-dir> <work-dir>
#   <lib-out-dir>/libjstencil.so   the C kernel called through the FFM API (packaged into the jar)
#   <work-dir>/grayscott-bench     the standalone C/OpenMP baseline (same kernel source)
#   <work-dir>/grayscott3d-bench   the standalone, hand-written C/OpenMP baseline of the 3D model
#
# Incremental: a target is rebuilt only when a source, this script or the compiler flags changed.
# Without a C compiler it warns and exits 0, so the Java build still succeeds (the native backend
# then reports itself unavailable); without OpenMP only the benchmarks are skipped.
#
# Environment: CC (default gcc); JSTENCIL_MARCH (default native: the library is tuned for, and
# only runs on, CPUs like the build machine's; set e.g. x86-64-v3 to build a portable jar).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: bash native/build.sh <lib-out-dir> <work-dir>" >&2
  exit 2
fi
lib_dir=$1
work_dir=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cc=${CC:-gcc}
march=${JSTENCIL_MARCH:-native}

warn() { echo "native/build.sh: warning: $*" >&2; }

if ! command -v "$cc" >/dev/null 2>&1; then
  warn "C compiler '$cc' not found: libjstencil.so, grayscott-bench and grayscott3d-bench are not built, so the native backend will report itself unavailable (install gcc, e.g. apt-get install gcc, and rebuild)"
  exit 0
fi

mkdir -p "$lib_dir" "$work_dir"

# -std=c99 alone already implies -ffp-contract=off; it is spelled out because the results must stay
# bit-identical to Java's, which never fuses a multiply and an add.
common=(-O3 "-march=$march" -std=c99 -ffp-contract=off -Wall -Wextra -I "$here/include")
lib_flags=("${common[@]}" -fPIC -shared)
bench_flags=("${common[@]}" -fopenmp)
kernel_sources=("$here/include/jstencil.h" "$here/src/jstencil_grayscott.c" "$here/src/gs_band.inc")

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
# it, so a JVM that is loading the library never sees a half-written one.
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

lib="$lib_dir/libjstencil.so"
lib_stamp="$work_dir/libjstencil.so.flags"
lib_flags_text="$cc ${lib_flags[*]}"
if ! up_to_date "$lib" "$lib_stamp" "$lib_flags_text" "${kernel_sources[@]}"; then
  build "$lib" "$lib_stamp" "$lib_flags_text" "${lib_flags[@]}" "$here/src/jstencil_grayscott.c"
fi

bench="$work_dir/grayscott-bench"
bench_stamp="$bench.flags"
bench_flags_text="$cc ${bench_flags[*]}"
bench3d="$work_dir/grayscott3d-bench"
bench3d_stamp="$bench3d.flags"
need_bench=0
need_bench3d=0
up_to_date "$bench" "$bench_stamp" "$bench_flags_text" "${kernel_sources[@]}" "$here/bench/grayscott_bench.c" || need_bench=1
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
  build "$bench" "$bench_stamp" "$bench_flags_text" "${bench_flags[@]}" "$here/bench/grayscott_bench.c" "$here/src/jstencil_grayscott.c" -lm
fi
if [ "$need_bench3d" = 1 ]; then
  # hand-written on its own: it shares no source with the library
  build "$bench3d" "$bench3d_stamp" "$bench_flags_text" "${bench_flags[@]}" "$here/bench/grayscott3d_bench.c" -lm
fi
