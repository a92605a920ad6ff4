#!/usr/bin/env bash
# Creates (or reuses) the Python environment for TuneLab's interop tests: PyTorch (CPU),
# transformers, peft and accelerate, exactly as pinned in .ci/interop/requirements.txt.
#
#   bash .ci/interop/venv.sh        prints the environment's python on its last line
#
# The environment lives in ~/.cache/tunelab/venv-<hash of requirements.txt>, so changing a
# pin builds a new one and an unchanged list costs nothing. A half-built environment is
# never used: it is built in a temporary folder beside the final one and renamed when
# pip has finished. The lab itself never calls this; only the tests do.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/requirements.txt"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/tunelab"
key="$(sha256sum "$requirements" | cut -c1-16)"
venv="$cache/venv-$key"

if [ -x "$venv/bin/python" ] && [ -f "$venv/.complete" ]; then
    echo "$venv/bin/python"
    exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/venv.lock"
flock 9  # two test processes at once: the second waits for the first's environment
if [ -x "$venv/bin/python" ] && [ -f "$venv/.complete" ]; then
    echo "$venv/bin/python"
    exit 0
fi

# The venv module ships separately on Debian (python3-venv).
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    version="$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "python$version-venv" >&2 \
        || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >&2
fi

building="$(mktemp -d "$cache/venv-building-XXXXXX")"
trap 'rm -rf "$building"' EXIT
echo "interop: building the Python environment in $venv (PyTorch CPU, transformers, peft, accelerate; a few minutes, once)" >&2
python3 -m venv "$building"
# torch==2.13.0 resolves to the CPU wheel in pip's find-links folder (/opt/wheels) where
# one is configured; elsewhere the CPU index can be given with PIP_EXTRA_INDEX_URL.
"$building/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements" >&2
"$building/bin/python" -c 'import torch, transformers, peft, accelerate, safetensors, numpy' >&2
touch "$building/.complete"
rm -rf "$venv"
# A venv records its own path in its scripts; python itself runs from anywhere, so the
# tests call "$venv/bin/python -m ..." and never the moved console scripts.
mv "$building" "$venv"
trap - EXIT
echo "$venv/bin/python"
