#!/usr/bin/env bash
# Build the intelmig Neo4j 5.26 launcher from Maven Central artifacts (idempotent).
# Result: target/classes (launcher), target/lib/*.jar (Neo4j runtime), target/browser/*.jar.
# Needs: Java 17 or 21 (java on PATH or JAVA_HOME) and Maven 3.6+ (mvn on PATH).
# Extra Maven flags can be passed through, e.g.  ./install.sh -o   (offline)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

echo "[install] directory: $(pwd)"
command -v mvn >/dev/null || { echo "[install] ERROR: mvn not found (Debian: apt-get install -y maven)"; exit 1; }
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$JAVA_BIN" -version >/dev/null 2>&1 || { echo "[install] ERROR: java not found (need 17 or 21)"; exit 1; }
echo "[install] java: $("$JAVA_BIN" -version 2>&1 | head -1)"
echo "[install] maven: $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"

if [[ -f target/classes/intelmig/neo4j/Launcher.class && -d target/lib ]] \
   && [[ target/classes/intelmig/neo4j/Launcher.class -nt pom.xml ]] \
   && [[ target/classes/intelmig/neo4j/Launcher.class -nt src/main/java/intelmig/neo4j/Launcher.java ]] \
   && ls target/browser/neo4j-browser-*.jar >/dev/null 2>&1 && [[ "${1:-}" != "--force" ]]; then
  echo "[install] already built (target/ is up to date); use --force to rebuild"
  exit 0
fi
[[ "${1:-}" == "--force" ]] && shift

echo "[install] mvn -B -q package -DskipTests $*  (first run downloads ~140 MB from Maven Central)"
rm -rf target/lib target/browser   # drop stale jars from older versions
mvn -B -q -Dstyle.color=never package -DskipTests "$@"

echo "[install] built: $(ls target/lib | wc -l) runtime jars in target/lib ($(du -sh target/lib | cut -f1)), browser: $(ls target/browser)"
echo "[install] run:   NEO4J_LAUNCHER_PASSWORD=... java -Xmx768m -cp 'target/classes:target/lib/*' intelmig.neo4j.Launcher --port 7687 --data DIR"
echo "[install]   or:  python3 $(pwd)/neo4j_launcher.py --port 7687 --data DIR"
