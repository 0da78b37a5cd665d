#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine and run it:
# the Python package with its test tools, the local Neo4j 5.26 launcher (Maven), the
# Gephi Toolkit (Maven, one jar) for the Gephi import test, headless Chromium for the
# browser tests (Neo4j Browser, the HTML explorer), and TeX Live (pdflatex, bibtex,
# booktabs, Cyrillic fonts) for the test that compiles the exported tables and references.
# The tests start Neo4j themselves.
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
if ! { command -v bibtex && kpsewhich booktabs.sty && kpsewhich t2aenc.def; } >/dev/null 2>&1
then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian TeX Live (latex-base, latex-recommended, lang-cyrillic)" >&2
        apt-get update -qq >/dev/null && \
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            texlive-latex-base texlive-latex-recommended texlive-lang-cyrillic >/dev/null
    fi
fi
exec .venv/bin/python -m pytest "$@"
