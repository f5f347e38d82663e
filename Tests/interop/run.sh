#!/usr/bin/env bash
# Interop check: independent readers (bibtexparser, rispy) read Lectern's exports.
# Usage: Tests/interop/run.sh LECTERN_BINARY. Sets up .venv-interop with pinned versions on first use.
set -euo pipefail
cd "$(dirname "$0")/../.."
LECTERN="${1:-.build/debug/lectern}"
VENV=.venv-interop
REQUIREMENTS=Tests/interop/requirements.txt

if ! command -v python3 >/dev/null 2>&1; then
    echo "interop: python3 is missing (Debian: apt-get install python3 python3-venv)" >&2
    exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
    if ! python3 -m venv "$VENV"; then
        rm -rf "$VENV"
        echo "interop: cannot create a Python virtual environment (Debian: apt-get install python3-venv)" >&2
        exit 1
    fi
fi
# Install only when the pinned versions are not there yet.
if ! cmp -s "$REQUIREMENTS" "$VENV/.installed" 2>/dev/null; then
    if ! "$VENV/bin/python" -m pip install --disable-pip-version-check --quiet -r "$REQUIREMENTS"; then
        echo "interop: pip could not install $(tr '\n' ' ' < "$REQUIREMENTS")from PyPI; the interop check cannot run" >&2
        exit 1
    fi
    cp "$REQUIREMENTS" "$VENV/.installed"
fi
exec "$VENV/bin/python" Tests/interop/check_exports.py "$LECTERN" Tests/PaperModelTests/Fixtures/formats seeds
