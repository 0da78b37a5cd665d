#!/usr/bin/env bash
# Mutation testing of chosen modules (see tools/mutation.py and docs/testing.md).
# Uses the checkout's .venv (python3 -m venv .venv && .venv/bin/pip install '.[test]').
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-.venv/bin/python}" tools/mutation.py "$@"
