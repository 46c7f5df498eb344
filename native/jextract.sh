#!/usr/bin/env bash
# Regenerates src/main/java/dev/jstencil/ffm/jstencil_h.java from native/include/jstencil.h.
#
# jextract (https://jdk.java.net/jextract/, version 22 or later) is distributed only as a binary from
# the JDK's site: it is not on Maven Central or in Debian, so it cannot be installed on the build
# machines and the generated file is committed. Run this wherever jextract is on PATH (or JEXTRACT
# points at it) after changing the header; BindingDriftTest checks the result against the header.
#
# The header declares only function-pointer typedefs (every generated kernel library exports those
# functions; dev.jstencil.ffm.KernelLibrary finds them in each library and calls them through
# jstencil_*_fn.invoke), so no --library and no --include-function.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jextract=${JEXTRACT:-jextract}
command -v "$jextract" >/dev/null 2>&1 || {
  echo "native/jextract.sh: jextract not found (set JEXTRACT or put it on PATH; it is not installable here)" >&2
  exit 3
}
exec "$jextract" \
  --output "$root/src/main/java" \
  --target-package dev.jstencil.ffm \
  --header-class-name jstencil_h \
  --include-constant JSTENCIL_ABI_VERSION \
  --include-typedef jstencil_abi_version_fn \
  --include-typedef jstencil_noise_key_fn \
  --include-typedef jstencil_noise_bits_fn \
  --include-typedef jstencil_band_fn \
  --include-typedef jstencil_row_fn \
  --include-typedef jstencil_plane_fn \
  "$root/native/include/jstencil.h"
