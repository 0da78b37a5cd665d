#!/usr/bin/env bash
# Fetch the Gephi Toolkit 0.10.1 from Maven Central and compile ImportReport (idempotent).
# The toolkit is one jar (classifier `all`, every module inside), fetched WITHOUT its
# transitive dependencies: its POM names a repository that cannot be reached. Maven keeps
# it in ~/.m2 (82 MB, once); this copies it to target/ and compiles target/classes.
# Needs: a JDK 17+ (java, javac on PATH or JAVA_HOME) and Maven 3.6+ (mvn on PATH).
# Extra Maven flags pass through, e.g.  ./install.sh -o   (offline)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

VERSION=0.10.1
JAR="target/gephi-toolkit-$VERSION-all.jar"
CLASS=target/classes/intelmig/gephi/ImportReport.class
SOURCE=src/intelmig/gephi/ImportReport.java

if [[ -f "$JAR" && -f "$CLASS" && "$CLASS" -nt "$SOURCE" && "${1:-}" != "--force" ]]; then
  echo "[gephi] already built (tools/gephi/target is up to date); use --force to rebuild"
  exit 0
fi
[[ "${1:-}" == "--force" ]] && shift
command -v mvn >/dev/null || { echo "[gephi] ERROR: mvn not found (Debian: apt-get install -y maven)"; exit 1; }
JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
"$JAVAC" -version >/dev/null 2>&1 || { echo "[gephi] ERROR: javac not found (need a JDK 17+)"; exit 1; }

if [[ ! -f "$JAR" ]]; then
  echo "[gephi] fetching org.gephi:gephi-toolkit:$VERSION:jar:all (82 MB the first time)"
  mvn -B -q -Dstyle.color=never \
    org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
    -Dartifact="org.gephi:gephi-toolkit:$VERSION:jar:all" -DoutputDirectory=target "$@"
fi
rm -rf target/classes
"$JAVAC" --release 17 -encoding UTF-8 -d target/classes -cp "$JAR" "$SOURCE"
echo "[gephi] built: $JAR, $CLASS"
echo "[gephi] run:   java -cp '$(pwd)/$JAR:$(pwd)/target/classes' intelmig.gephi.ImportReport FILE.gexf"
