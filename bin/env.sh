# Sourced by the scripts in bin/ and by .ci/run: picks the JDK every command here is built and run with.
# Quarkus 3.33 recommends Java 25 (it needs at least 17); set JAVA_HOME yourself to use another one.
if [ -z "${JAVA_HOME:-}" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then
      JAVA_HOME=$candidate
      break
    fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
  echo "no JDK 25 found: install Temurin 25 or set JAVA_HOME to a JDK 21+" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
