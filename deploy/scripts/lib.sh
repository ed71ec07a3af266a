# Shared by the deploy scripts: the names they agree on, and small helpers. Sourced, never run.
# These values mirror src/steps/constants.ts (a unit test compares them).
# shellcheck shell=bash disable=SC2034

REGISTRY_HOST=localhost:5001
REGISTRY_CONTAINER=kind-registry
REGISTRY_CONTAINER_PORT=5000
REGISTRY_IMAGE=registry:3
IMAGE_NAME=word-generator
IMAGE_TAG=0.1.0
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
BUILDX_BUILDER=containerless

# Every path in the scripts is relative to the repository root, wherever they are called from.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT" || exit 1

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# need_tool NAME HOW-TO-INSTALL: stop with a clear message when a command is missing.
need_tool() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed. $2"
}

have() { command -v "$1" >/dev/null 2>&1; }

# check_os: Linux and macOS run these scripts; Windows does through WSL2 (a Linux shell), never Git Bash or MSYS.
check_os() {
  case "$(uname -s)" in
    Linux | Darwin) ;;
    MINGW* | MSYS* | CYGWIN*)
      die "these scripts need a Linux shell: on Windows, run them inside WSL2 (e.g. Ubuntu) with Docker Desktop's WSL integration turned on, or Podman inside WSL2." ;;
    *) die "'$(uname -s)' is not supported; the scripts run on Linux and macOS (Windows through WSL2)." ;;
  esac
}

# pick_engine: sets ENGINE to the container engine kind runs its nodes with, docker or podman, and tells kind
# (KIND_EXPERIMENTAL_PROVIDER=podman) when it is Podman. KIND_EXPERIMENTAL_PROVIDER, when set, decides.
pick_engine() {
  check_os
  local docker_help="Start Docker (Docker Desktop, or: sudo systemctl start docker) and retry."
  local podman_help="Start it (on macOS and Windows: podman machine start) and retry."
  case "${KIND_EXPERIMENTAL_PROVIDER:-}" in
    podman)
      need_tool podman "Install Podman (https://podman.io), or unset KIND_EXPERIMENTAL_PROVIDER to use Docker."
      podman info >/dev/null 2>&1 || die "podman is installed but does not answer ('podman info' fails). $podman_help"
      ENGINE=podman ;;
    docker)
      need_tool docker "Install Docker (https://docs.docker.com/get-docker/)."
      docker info >/dev/null 2>&1 || die "docker is installed but its daemon does not answer ('docker info' fails). $docker_help"
      ENGINE=docker ;;
    "")
      if have docker && docker info >/dev/null 2>&1; then
        ENGINE=docker
      elif have podman && podman info >/dev/null 2>&1; then
        ENGINE=podman
        say "Docker is not available; using Podman (KIND_EXPERIMENTAL_PROVIDER=podman)"
      elif have docker; then
        die "docker is installed but its daemon does not answer ('docker info' fails). $docker_help"
      elif have podman; then
        die "podman is installed but does not answer ('podman info' fails). $podman_help"
      else
        die "neither Docker nor Podman is installed; kind runs its nodes as containers. Install Docker (https://docs.docker.com/get-docker/) or Podman (https://podman.io)."
      fi ;;
    *) die "KIND_EXPERIMENTAL_PROVIDER=${KIND_EXPERIMENTAL_PROVIDER}: these scripts support docker and podman; unset it or set one of those." ;;
  esac
  if [[ "$ENGINE" == podman ]]; then export KIND_EXPERIMENTAL_PROVIDER=podman; fi
}
