# Warden's image: a small Debian runtime with the warden binary, running as the unprivileged
# user `warden` (uid 10001), data in the volume /var/lib/warden. See docs/operations.md.
#
#   docker build -t warden:latest .                      # everything from the official images
#   docker build --target prebuilt -t warden:latest CTX  # CTX: a directory holding only a `warden`
#                                                        # binary built on Debian 12 (make build)
#
# Stages are ordered so that `--target prebuilt` needs only the runtime's base image and the
# Docker client's: the toolchain images (rust, node) come after it. The runtime is bookworm, so
# the builder is bookworm too: a binary linked against a newer glibc would not start here.

ARG DOCKER_CLI_IMAGE=docker:28-cli
ARG NODE_IMAGE=node:20-bookworm-slim
ARG RUST_IMAGE=rust:1-bookworm

# The Docker client for the sandbox's Docker backend (docker run --runtime=runsc).
FROM ${DOCKER_CLI_IMAGE} AS docker-cli

FROM debian:bookworm-slim AS runtime-base
# ca-certificates: HTTPS to model servers and webhooks; git: the git tools; procps: ps, free and
# friends for host commands; coreutils and util-linux (timeout, dmesg) come with the base and are
# what the Docker sandbox runs in this image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates git procps \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 warden \
 && useradd --system --uid 10001 --gid warden --home-dir /var/lib/warden --shell /usr/sbin/nologin warden \
 && install -d -o warden -g warden -m 0700 /var/lib/warden
COPY --from=docker-cli /usr/local/bin/docker /usr/local/bin/docker
# A fixed malloc mmap threshold: glibc's dynamic one rises past argon2's 19 MiB working memory
# after the first login and keeps that memory for good (docs/benchmarks.md, issue 22).
ENV WARDEN_LISTEN=0.0.0.0:8080 \
    WARDEN_DATA_DIR=/var/lib/warden \
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072
USER warden
WORKDIR /var/lib/warden
VOLUME ["/var/lib/warden"]
EXPOSE 8080
# Ready when /readyz answers 200 over plain HTTP on the listening port (no curl needed). With
# Warden's own TLS on, override it (docs/operations.md).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${WARDEN_LISTEN##*:} && printf 'GET /readyz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["warden"]
CMD ["serve"]

# A binary built on the host (Debian 12, like this runtime): `make build`, then copy
# target/release/warden alone into an empty directory and build with that directory as context.
FROM runtime-base AS prebuilt
COPY --chown=root:root warden /usr/local/bin/warden

# The web app, from the committed lockfile.
FROM ${NODE_IMAGE} AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend/ ./
RUN npm run build

# The binary, with the web app embedded by the server's build script.
FROM ${RUST_IMAGE} AS build
WORKDIR /src
COPY . .
COPY --from=web /src/frontend/dist frontend/dist
RUN cargo build --profile dist --locked -p warden-server \
 && install -m 0755 target/dist/warden /warden

# The default target: everything built from source.
FROM runtime-base AS runtime
COPY --from=build /warden /usr/local/bin/warden
