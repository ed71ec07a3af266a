# Shared by the deploy scripts: the names they agree on, and small helpers. Sourced, never run.
# These values mirror src/steps/constants.ts (a unit test compares them).
# shellcheck shell=bash disable=SC2034

REGISTRY_HOST=localhost:5001
REGISTRY_CONTAINER=kind-registry
REGISTRY_CONTAINER_PORT=5000
REGISTRY_IMAGE=registry:3
IMAGE=localhost:5001/word-generator:0.1.0
IMAGE_PLATFORM=wasi/wasm
CLUSTER_NAME=containerless
KUBE_CONTEXT=kind-containerless
NODE_CONTAINER=containerless-control-plane
SHIM_VERSION=v0.6.0
SHIM_BINARY=containerd-shim-wasmedge-v1
SHIM_NODE_PATH=/usr/local/bin/containerd-shim-wasmedge-v1
SHIM_CACHE_PATH=deploy/.cache/containerd-shim-wasmedge-v1
SHIM_RELEASE_BASE=https://github.com/containerd/runwasi/releases/download/containerd-shim-wasmedge%2Fv0.6.0
RUNTIME_CLASS=wasmedge
APP_NAME=word-generator
SERVICE_PORT=8080
CONTAINERFILE=deploy/Containerfile
MANIFEST_DIR=deploy/k8s
KIND_CONFIG=deploy/kind/cluster.yaml
CARGO_OUTPUT_DIR=wasm/target/wasm32-wasip1/release
CARGO_OUTPUT_DIR_LEGACY=wasm/target/wasm32-wasi/release
COMMITTED_MODULE_DIR=public/wasm
MODULE_FILE=word_generator.wasm

# Every path in the scripts is relative to the repository root, wherever they are called from.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT" || exit 1

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# need_tool NAME HOW-TO-INSTALL: stop with a clear message when a command is missing.
need_tool() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed. $2"
}

need_docker() {
  need_tool docker "Install Docker (https://docs.docker.com/get-docker/); kind runs its nodes as containers."
  docker info >/dev/null 2>&1 || die "docker is installed but its daemon does not answer ('docker info' fails). Start Docker and retry."
}
