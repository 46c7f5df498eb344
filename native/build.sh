#!/usr/bin/env bash
# Placeholder until the C kernel lands: the Maven build calls this with <lib-out-dir> <work-dir>.
echo "native/build.sh: no native sources yet; the native backend will report itself unavailable" >&2
exit 0
