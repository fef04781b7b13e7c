#!/usr/bin/env bash
# Builds the web app (frontend/dist) from the committed lockfile. `npm ci` would be the tool, but it
# refuses a lockfile without every platform's optional binaries (rollup, esbuild), and this
# machine's registry serves only some platforms' packages; so `npm install` runs against the
# lockfile and the build fails if that would change it: the same guarantee.
set -euo pipefail
cd "$(dirname "$0")/../../frontend"
before=$(mktemp)
cp package-lock.json "$before"
npm install --no-audit --no-fund --loglevel=error
if ! cmp -s package-lock.json "$before"; then
  cp "$before" package-lock.json
  rm -f "$before"
  echo "web: package-lock.json does not match package.json; run npm install in frontend/ and commit the lockfile" >&2
  exit 1
fi
rm -f "$before"
npm run build --silent
