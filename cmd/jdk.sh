# Sourced by cmd/repo-search-eval, .ci/run and cmd/bench/scripted-suite: find_java prints the path
# of a JDK 25 `java`, looking at JAVA_HOME, then `java` on PATH, then the JDKs under /usr/lib/jvm.
# The version is read from the JDK's `release` file rather than by starting a JVM, which would double
# the start-up time, and with bash's own builtins: the launcher runs this before every command, and
# each program started here (dirname, sed) cost about a millisecond of it.

# java_major JAVA: sets `major` to the feature version of the JDK that JAVA belongs to ("" if none).
java_major() {
  local java line
  major=""
  java="$(readlink -f "$1" 2>/dev/null)" || return 0
  if [[ ! -f "${java%/bin/java}/release" ]]; then
    major="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    return 0
  fi
  while IFS= read -r line; do
    if [[ "$line" =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
      major="${BASH_REMATCH[1]}"
      return 0
    fi
  done <"${java%/bin/java}/release"
}

find_java() {
  local candidate major dir path_java=()
  local -a path_dirs
  IFS=: read -ra path_dirs <<<"${PATH:-}"
  for dir in "${path_dirs[@]}"; do
    if [[ -n "$dir" && -x "$dir/java" && ! -d "$dir/java" ]]; then
      path_java=("$dir/java")
      break
    fi
  done
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "${path_java[@]}" /usr/lib/jvm/*25*/bin/java /usr/lib/jvm/*/bin/java; do
    [[ -x "$candidate" ]] || continue
    java_major "$candidate"
    if [[ "$major" == 25 ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
