# Sourced by bin/ scripts: finds a JDK 21 or newer and exports JAVA_HOME, or explains why it cannot.
# Order: $JAVA_HOME if it is new enough, then the newest JDK under /usr/lib/jvm.

lading_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}

lading_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(lading_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      return 0
    fi
    echo "note: JAVA_HOME=$JAVA_HOME is Java $major; looking for Java 21+ in /usr/lib/jvm" >&2
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(lading_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "error: Lading needs a JDK 21 or newer; none in JAVA_HOME or /usr/lib/jvm (install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME)" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

lading_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
