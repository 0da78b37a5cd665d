#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine and run it:
# the Python package with its test tools, the local Neo4j 5.26 launcher (Maven), the
# Gephi Toolkit (Maven, one jar) for the Gephi import test, headless Chromium for the
# browser tests (Neo4j Browser, the HTML explorer), and TeX Live (pdflatex, bibtex,
# booktabs, Cyrillic fonts) for the test that compiles the exported tables and references.
# The tests start Neo4j themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
# The Debian packages install in the background while pip and Maven work (TeX Live alone
# takes minutes, most of it building its formats); the tests wait for them.
browser=()
command -v chromium >/dev/null 2>&1 || browser=(chromium)
tex=()
if ! { command -v bibtex && kpsewhich booktabs.sty && kpsewhich t2aenc.def; } >/dev/null 2>&1
then
    tex=(texlive-latex-base texlive-latex-recommended texlive-lang-cyrillic)
fi
debian_packages=("${browser[@]}" "${tex[@]}")
apt_pid=""
if [ ${#debian_packages[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1
then
    echo "installing Debian ${debian_packages[*]} (in the background)" >&2
    (
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        if [ ${#browser[@]} -gt 0 ]; then apt-get install -y -qq "${browser[@]}" >/dev/null; fi
        if [ ${#tex[@]} -gt 0 ]; then
            apt-get install -y -qq --no-install-recommends "${tex[@]}" >/dev/null
        fi
    ) &
    apt_pid=$!
fi
bash tools/setup.sh test
bash tools/neo4j/install.sh
bash tools/gephi/install.sh
if [ -n "$apt_pid" ] && ! wait "$apt_pid"; then
    echo "installing ${debian_packages[*]} failed; their tests will say what is missing" >&2
fi
exec .venv/bin/python -m pytest "$@"
