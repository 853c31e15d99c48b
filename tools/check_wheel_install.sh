#!/usr/bin/env bash
# A wheel-only install works: build the wheel, install it into a fresh venv in a temporary
# folder (no clone on the path), and check that it adds no generic top-level packages
# (`reference`, `implementations`) to site-packages, and that the installed commands check,
# show, run and report their version, and that the pytest plugin collects the spec.
#
# Usage: tools/check_wheel_install.sh  (PYTHON=python3.12 to pick the interpreter)
# Needs the package index for the build backend and the dependencies. Not part of the
# default pytest run: it installs a venv, which takes a minute.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
unset PYTHONPATH GROKKING_SPEC_ROOT

echo "== build the wheel"
"$python" -m pip wheel --quiet --no-deps --wheel-dir "$tmp/dist" "$repo"
wheel="$(ls "$tmp"/dist/grokking_spec-*.whl)"
echo "$(basename "$wheel")"

echo "== install it into a fresh venv"
"$python" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet "$wheel"
site="$("$tmp/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"

echo "== no generic top-level names in $site"
for name in reference implementations spec; do
  if [ -e "$site/$name" ]; then
    echo "FAIL: the wheel installs a top-level '$name'" >&2
    exit 1
  fi
done
for name in reference implementations spec; do
  if [ ! -d "$site/grokking_spec/$name" ]; then
    echo "FAIL: grokking_spec/$name is missing from the install" >&2
    exit 1
  fi
done

# Away from the checkout: only the installed package can answer.
cd "$tmp"
echo "== the installed commands"
"$tmp/venv/bin/python" -m grokking_spec --version
"$tmp/venv/bin/python" -c 'import grokking_spec, sys; assert "/venv/" in grokking_spec.__file__, grokking_spec.__file__'
"$tmp/venv/bin/grokking-spec" show ch04/alpha --variant meap > /dev/null
"$tmp/venv/bin/grokking-spec" schema ch04/alpha --variant published > /dev/null
test "$("$tmp/venv/bin/grokking-spec" run ch03/multiple-inputs --variant meap)" = "0.98"
"$tmp/venv/bin/grokking-spec" check > "$tmp/check.txt" || { cat "$tmp/check.txt"; exit 1; }
tail -1 "$tmp/check.txt"

echo "== the pytest plugin, in an empty folder"
mkdir "$tmp/empty" && cd "$tmp/empty"
"$tmp/venv/bin/python" -m pytest --grokking-spec --impl reference -k ch04 -q -p no:cacheprovider

echo "wheel install: OK"
