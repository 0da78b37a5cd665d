#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine and run it:
# the Python package with its test tools, the local Neo4j 5.26 launcher (Maven), the
# Gephi Toolkit (Maven, one jar) for the Gephi import test, headless Chromium for the
# Neo4j Browser test. The tests start Neo4j themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh test
bash tools/neo4j/install.sh
bash tools/gephi/install.sh
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian chromium for the browser test" >&2
        apt-get update -qq >/dev/null && \
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
fi
exec .venv/bin/python -m pytest "$@"
