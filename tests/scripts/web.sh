#!/usr/bin/env bash
# Builds the web app (frontend/dist) from the committed lockfile with `npm ci`.
#
# The lockfile is complete: it was resolved where the registry serves every platform's optional
# packages (rollup's and esbuild's native binaries), and `npm ci` installs only the current
# platform's. So the same lockfile installs whether a machine's npm mirror serves all platforms or
# only some, and `npm ci` fails (rather than rewriting the lockfile) when it no longer matches
# package.json. After `npm install SOMETHING`, commit the lockfile it wrote.
#
# node_modules is reused while it was installed from the same lockfile (a stamp of its hash), so a
# second `make run` does not reinstall.
set -euo pipefail
cd "$(dirname "$0")/../../frontend"
stamp=node_modules/.warden-lockfile.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  printf '%s\n' "$want" >"$stamp"
fi
npm run build --silent
