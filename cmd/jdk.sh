# Sourced by cmd/repo-search-eval and .ci/run: find_java prints the path of a JDK 25 `java`,
# looking at JAVA_HOME, then `java` on PATH, then the JDKs under /usr/lib/jvm. The version is read
# from the JDK's `release` file rather than by starting a JVM, which would double the start-up time.
java_major() {
  local home release
  home="$(dirname "$(dirname "$(readlink -f "$1")")")"
  release="$home/release"
  [[ -f "$release" ]] || { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; return; }
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

find_java() {
  local candidate
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && "$(java_major "$JAVA_HOME/bin/java")" == 25 ]]; then
    echo "$JAVA_HOME/bin/java"; return 0
  fi
  if candidate="$(command -v java)" && [[ "$(java_major "$candidate")" == 25 ]]; then
    echo "$candidate"; return 0
  fi
  for candidate in /usr/lib/jvm/*25*/bin/java /usr/lib/jvm/*/bin/java; do
    if [[ -x "$candidate" && "$(java_major "$candidate")" == 25 ]]; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}
