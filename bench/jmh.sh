#!/usr/bin/env bash
# JMH: key minting, parsing and digest computation per second (one fork, 3 warm-up and 5 measured
# iterations of 2 s each). Prints JMH's own table.
set -euo pipefail
cd "$(dirname "$0")/.."
# JDK 25, as the build needs (README, "The two commands").
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
./mvnw -q -pl adapters-secrets -am test-compile -DskipTests
./mvnw -q -pl adapters-secrets exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
  -Dexec.args="-cp %classpath org.openjdk.jmh.Main KeyCryptoBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s"
