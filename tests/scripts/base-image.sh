#!/usr/bin/env bash
# Builds the base image the Dockerfile names, `debian:bookworm-slim`, from Debian's own packages
# when it is not in the local Docker: no image registry can be reached here, Debian's mirror can.
# `debootstrap --variant=minbase` gives the same package set as the official slim image, and the
# same dpkg rules keep documentation, manuals and translations out of it (and out of what the
# Dockerfile installs on top), imported as one layer. Safe to run concurrently and repeatedly.
#
#   tests/scripts/base-image.sh            build debian:bookworm-slim unless present
set -euo pipefail
image=debian:bookworm-slim
mirror=${WARDEN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
log() { printf 'base-image: %s\n' "$*" >&2; }

exec 9>/tmp/warden-base-image.lock
flock 9
if docker image inspect "$image" >/dev/null 2>&1; then
  exit 0
fi
command -v debootstrap >/dev/null || { log "debootstrap is missing (tests/scripts/services.sh install)"; exit 1; }
root=$(mktemp -d /var/tmp/warden-bookworm.XXXXXX)
trap 'rm -rf "$root"' EXIT
log "debootstrap bookworm from $mirror (a few minutes)"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 \
  || { tail -20 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"
# As the official slim image: no docs, manuals or translations (now and for later installs), no
# package caches, apt lists fetched at build time.
cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'RULES'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
RULES
find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/lintian/*
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import \
  --change 'CMD ["bash"]' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - "$image" >/dev/null
log "built $image"
