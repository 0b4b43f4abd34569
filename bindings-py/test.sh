#!/usr/bin/env bash
# The Python package's tests: builds the extension into a venv and runs
#   - pytest on bindings-py/tests (every shared vector, conversions, errors, DataFrames,
#     check_many, the HTML report) and on tests/python (the calendar cross-check);
#   - mypy --strict on examples/analyst.py (the type stubs);
#   - examples/allocation-check.ipynb, executed headless.
# Idempotent: the venv is its own (.venv-test at the repository root, or FUNDCHECK_TEST_VENV;
# never the .venv the README has you make) and made once; the test tools are installed at the
# versions pinned in requirements-test.txt, again only when that file changes (delete the venv
# to start afresh); the extension is rebuilt only when a Rust source, the pack or the lock file
# is newer than it. Exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
venv="${FUNDCHECK_TEST_VENV:-$root/.venv-test}"
cd "$root"

step() { printf '\n== %s\n' "$*"; }

if [ ! -x "$venv/bin/python" ]; then
  step "creating $venv"
  python3 -m venv "$venv"
fi
# shellcheck disable=SC1091
source "$venv/bin/activate"
python="$venv/bin/python"

# The pinned test tools, installed when the venv has not got this very list yet.
requirements="$here/requirements-test.txt"
if ! cmp -s "$requirements" "$venv/requirements-test.txt"; then
  step "installing the test tools pinned in bindings-py/requirements-test.txt"
  "$python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements-test.txt"
fi

extension="$(ls "$here"/python/fundcheck/_fundcheck*.so 2>/dev/null | head -n 1 || true)"
stale=yes
if [ -n "$extension" ] && "$python" -c "import fundcheck" 2>/dev/null; then
  newer="$(find "$root/core" "$here/src" "$root/rules" "$here/Cargo.toml" "$here/pyproject.toml" "$root/Cargo.toml" "$root/Cargo.lock" \
    -type f -newer "$extension" -print -quit 2>/dev/null || true)"
  [ -z "$newer" ] && stale=no
fi
if [ "$stale" = yes ]; then
  # Without --release, which would pick cargo's `release` profile over pyproject.toml's
  # `release-py` (fat LTO, one codegen unit), the profile a wheel is built with.
  step "building the extension (maturin develop, profile release-py)"
  if ! (cd "$here" && maturin develop >"$venv/maturin.log" 2>&1); then
    cat "$venv/maturin.log"
    echo "maturin develop failed" >&2
    exit 1
  fi
  grep -E '(Finished|Installed)' "$venv/maturin.log" || true
  # maturin leaves an unchanged library as it was: mark it as built from the sources now.
  touch "$(ls "$here"/python/fundcheck/_fundcheck*.so | head -n 1)"
else
  step "extension up to date: $(basename "$extension")"
fi

# The byte-for-byte comparison with the command line, when its binary is built from this tree.
cli="$root/target/debug/fundcheck"
if [ -z "${FUNDCHECK_CLI:-}" ] && [ -x "$cli" ] && \
  [ -z "$(find "$root/core" "$root/cli/src" "$root/rules" -type f -newer "$cli" -print -quit 2>/dev/null)" ]; then
  export FUNDCHECK_CLI="$cli"
fi

status=0
step "pytest"
"$python" -m pytest "$here/tests" "$root/tests/python" -q -p no:cacheprovider || status=1

step "mypy --strict examples/analyst.py"
"$python" -m mypy --strict --cache-dir "$venv/mypy-cache" "$root/examples/analyst.py" || status=1

step "examples/allocation-check.ipynb"
if "$python" -m jupyter nbconvert --to notebook --execute --stdout "$root/examples/allocation-check.ipynb" \
  >/dev/null 2>"$venv/nbconvert.log"; then
  echo "notebook ran"
else
  cat "$venv/nbconvert.log"
  status=1
fi

exit "$status"
