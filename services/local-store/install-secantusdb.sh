#!/usr/bin/env bash
# Installs SecantusDB (the MongoDB-compatible server used by the tests and the zero-config local
# run) into a virtual environment in the git-ignored folder .local/tools/secantusdb-venv, with pip
# from PyPI. The version is pinned; a stamp file written last records it, so the script does
# nothing when that version is installed and starts over when an earlier install was interrupted.
#
# Needs Python >= 3.10 with its venv module (Debian/Ubuntu: the python3-venv package). Set PYTHON
# to use another interpreter than python3. Not needed when MONGODB_URI is set or a mongod is on
# PATH, so those runs do not fail for want of Python.
set -euo pipefail

package="secantusdb"
version="0.7.0b3"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools="$root/.local/tools"
venv="$tools/secantusdb-venv"
stamp="$venv/installed-version"
say() { echo "install-secantusdb: $*" >&2; }

if [ -x "$venv/bin/secantusd-py" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$package==$version" ] &&
  "$venv/bin/python" -c '' 2>/dev/null; then
  exit 0
fi

# The launcher's order (services/local-store/store-server.ts): MONGODB_URI, else a mongod on PATH,
# else SecantusDB. With either of the first two, SecantusDB would not be used.
if [ -n "${MONGODB_URI:-}" ]; then exit 0; fi
if command -v mongod >/dev/null 2>&1 && mongod --version >/dev/null 2>&1; then exit 0; fi

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  say "needs Python ≥ 3.10 to install the local database server, and '$python' was not found."
  say "Install Python 3.10 or newer (Debian/Ubuntu: apt-get install python3 python3-venv), set PYTHON to"
  say "an interpreter, or set MONGODB_URI to a MongoDB server."
  exit 1
fi
found="$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null || echo unknown)"
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
  say "needs Python ≥ 3.10 (found $found at $(command -v "$python")). Install a newer Python and set"
  say "PYTHON to it, or set MONGODB_URI to a MongoDB server."
  exit 1
fi
# Debian and Ubuntu ship venv and ensurepip apart from python3; without them `-m venv` fails late.
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  say "$python -m venv is missing (Python $found): install python3-venv"
  say "(Debian/Ubuntu: apt-get install python3-venv, or python$(echo "$found" | cut -d. -f1,2)-venv), or set MONGODB_URI."
  exit 1
fi

mkdir -p "$tools"
# Two installs at once (two `npm test` in one clone) would build the same folder: one waits.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$tools/.secantusdb-install.lock"
  flock 9
  if [ -x "$venv/bin/secantusd-py" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$package==$version" ]; then exit 0; fi
fi

# The FerretDB this project used before is no longer needed.
rm -rf "$tools/bin/ferretdb" "$tools/bin/ferretdb.version" "$tools"/src/ferretdb-*
rmdir "$tools/bin" "$tools/src" 2>/dev/null || true

say "installing $package $version with Python $found into $venv (once; about 20 MB)"
rm -rf "$venv"
"$python" -m venv "$venv"
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "$package==$version"; then
  say "pip could not install $package==$version from the package index (see above); run again once it"
  say "can be reached, or set MONGODB_URI."
  exit 1
fi
"$venv/bin/secantusd-py" --help >/dev/null
echo "$package==$version" >"$stamp"
say "installed $venv/bin/secantusd-py"
if compgen -G "$root/.local/data/*.sqlite" >/dev/null; then
  say "note: .local/data/*.sqlite are FerretDB's files from before; the local run now keeps its data in"
  say ".local/data/secantusdb and does not read them (delete them when you no longer need them)."
fi
