# Sourced by bin/jstencil and bin/test: sets JSTENCIL_JAVA_HOME to a JDK >= 25, or exits with a
# message that says what to install. Order: JAVA_HOME, /usr/lib/jvm/*, then `java` on PATH.
# (A JDK is recognised by bin/javac next to bin/java: Maven needs the compiler, not just a JRE.)

JSTENCIL_MIN_JAVA=25

jstencil_java_feature() {   # prints the feature release of the JDK at $1 (e.g. 25), or nothing
  local home=$1 line v
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    line=$(grep '^JAVA_VERSION=' "$home/release" 2>/dev/null | head -n 1)
    v=${line#JAVA_VERSION=}; v=${v//\"/}
  fi
  if [ -z "${v:-}" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1)
  fi
  v=${v%%.*}; v=${v%%-*}
  [[ "$v" =~ ^[0-9]+$ ]] && printf '%s\n' "$v"
  return 0
}

jstencil_find_jdk() {
  local cand v tried=()
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for cand in /usr/lib/jvm/*; do [ -d "$cand" ] && candidates+=("$cand"); done
  if command -v java >/dev/null 2>&1; then
    cand=$(readlink -f "$(command -v java)"); candidates+=("${cand%/bin/java}")
  fi
  for cand in "${candidates[@]}"; do
    v=$(jstencil_java_feature "$cand")
    tried+=("$cand (${v:-not a JDK})")
    if [ -n "$v" ] && [ "$v" -ge "$JSTENCIL_MIN_JAVA" ]; then
      JSTENCIL_JAVA_HOME=$cand
      return 0
    fi
  done
  {
    echo "jstencil: no JDK >= $JSTENCIL_MIN_JAVA found."
    echo "  looked at: ${tried[*]:-nothing (JAVA_HOME unset, /usr/lib/jvm empty, no java on PATH)}"
    echo "  install one (e.g. Temurin 25: apt-get install temurin-25-jdk, or unpack it under /usr/lib/jvm)"
    echo "  or point JAVA_HOME at it."
  } >&2
  exit 3
}
