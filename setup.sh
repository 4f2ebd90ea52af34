#!/bin/sh
# Set giar-gen up in a virtual environment, .venv, beside this file:
#   ./setup.sh            giar-gen itself (then: .venv/bin/giar-gen …)
#   ./setup.sh --test     with the test tools (pytest, import-linter, ruff)
# Works with the "externally managed" system Python of Debian 12 / Ubuntu 24
# (where `pip install .` is refused): nothing is installed into the system
# Python. What Debian/Ubuntu ship separately is installed with apt when missing:
# python3-venv (to create .venv) and Pango (WeasyPrint's text layout, for PDF).
# PYTHON=/path/to/python3 ./setup.sh uses another Python (3.11 or later).
set -eu
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
target=.
[ "${1:-}" = "--test" ] && target=".[test]"

if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup.sh: 需要 Python 3.11 及以上（$PY）" >&2
  exit 1
fi

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "setup.sh: 安装 $*"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv >/dev/null 2>&1; then
    rm -rf .venv  # Debian/Ubuntu: venv and ensurepip come in python3-venv
    ver=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    apt_install python3-venv "python$ver-venv" || true
    "$PY" -m venv .venv
  fi
fi

if command -v ldconfig >/dev/null 2>&1 && ! ldconfig -p | grep -q 'libpango-1.0.so'; then
  apt_install libpango-1.0-0 libpangoft2-1.0-0 || echo "setup.sh: 请安装 Pango（生成 PDF 需要）" >&2
fi

.venv/bin/python -m pip install -q --disable-pip-version-check "$target"
echo "setup.sh: 已安装到 .venv（$(.venv/bin/giar-gen --version)）"
