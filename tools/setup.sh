#!/usr/bin/env bash
# Create .venv and install intelmig into it (a real wheel install, not editable).
# Usage: bash tools/setup.sh [extra]   e.g. `bash tools/setup.sh test` adds the test tools.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "intelmig needs Python >= 3.11 (found $("$PYTHON" --version 2>&1))" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
target="."
if [ -n "${1:-}" ]; then
    target=".[$1]"
fi
.venv/bin/python -m pip install --quiet --force-reinstall --no-deps "$target"
.venv/bin/python -m pip install --quiet "$target"
echo "intelmig $(.venv/bin/intelmig --version | awk '{print $3}') installed in .venv" >&2
