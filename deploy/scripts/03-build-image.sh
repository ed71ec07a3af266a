#!/usr/bin/env bash
# Step 3: package the module as a wasi/wasm OCI image and push it to the local registry.
# Usage: 03-build-image.sh [CONTEXT_DIR]   (default: your cargo build if present, else the committed module)
# BUILDER=buildah|podman|docker picks the tool; otherwise the first one found, in that order.
# REGISTRY_PUSH_HOST: where to push when the builder does not see the registry at localhost:5001 (a podman
# machine on macOS runs `podman push` inside its VM). Safe to run again: the same image is built and pushed again.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

check_os
context="${1:-}"
if [[ -z "$context" ]]; then
  for dir in "$CARGO_OUTPUT_DIR" "$CARGO_OUTPUT_DIR_LEGACY" "$COMMITTED_MODULE_DIR"; do
    if [[ -f "$dir/$MODULE_FILE" ]]; then context="$dir"; break; fi
  done
fi
[[ -n "$context" && -f "$context/$MODULE_FILE" ]] ||
  die "no $MODULE_FILE found; build it (cd wasm && cargo build --target wasm32-wasip1 --release) or pass a folder that holds it."
say "packaging $context/$MODULE_FILE"

builder="${BUILDER:-}"
if [[ -z "$builder" ]]; then
  for tool in buildah podman docker; do
    if have "$tool"; then builder="$tool"; break; fi
  done
fi
[[ -n "$builder" ]] || die "no image builder found: install buildah (https://buildah.io), podman (https://podman.io) or Docker with buildx."
case "$builder" in
  buildah | podman | docker) ;;
  *) die "BUILDER must be buildah, podman or docker, not '$builder'." ;;
esac
need_tool "$builder" "Install it, or unset BUILDER to use another tool."

push_host="${REGISTRY_PUSH_HOST:-$REGISTRY_HOST}"
destination="docker://$push_host/$IMAGE_NAME:$IMAGE_TAG"

# On macOS, podman runs builds and pushes inside its machine (a Linux VM): localhost there is the VM, not the Mac.
if [[ "$builder" == podman && "$(uname -s)" == Darwin ]]; then
  if ! podman machine ssh curl -fsS -o /dev/null "http://$push_host/v2/" >/dev/null 2>&1; then
    die "the podman machine cannot reach the registry at $push_host (podman push runs inside the machine, where localhost is not the Mac). Create the registry with Podman (bash deploy/scripts/02-create-cluster.sh, which uses the same machine), or point at an address the machine reaches: REGISTRY_PUSH_HOST=host.containers.internal:5001 bash deploy/scripts/03-build-image.sh"
  fi
fi

case "$builder" in
  buildah)
    buildah build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 "$context"
    buildah push --tls-verify=false localhost:5001/word-generator:0.1.0 "$destination"
    ;;
  podman)
    podman build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 "$context"
    podman push --tls-verify=false localhost:5001/word-generator:0.1.0 "$destination"
    ;;
  docker)
    docker buildx version >/dev/null 2>&1 || die "this Docker has no buildx plugin; install it (https://docs.docker.com/go/buildx/), or use BUILDER=podman or buildah."
    # Docker's classic image store cannot hold a wasi/wasm image ("cannot load wasi image on linux"); its containerd
    # image store can. With the classic store, a docker-container builder builds and pushes straight to the registry;
    # network=host lets it reach localhost:5001.
    store="$(docker info --format '{{json .DriverStatus}}' 2>/dev/null || true)"
    driver="$(docker buildx inspect 2>/dev/null | sed -n 's/^Driver:[[:space:]]*//p' | head -n 1)"
    use=()
    if [[ "$store" == *io.containerd.snapshotter* && "$driver" == docker ]]; then
      say "Docker uses the containerd image store: building with the default builder"
    elif [[ "$driver" == docker-container || "$driver" == remote ]]; then
      say "using the current buildx builder ($driver driver), which pushes straight to the registry"
    else
      if docker buildx inspect "$BUILDX_BUILDER" >/dev/null 2>&1; then
        say "using the buildx builder $BUILDX_BUILDER (Docker's classic image store cannot hold a wasi/wasm image)"
      else
        say "creating the buildx builder $BUILDX_BUILDER (docker-container driver): Docker's classic image store cannot hold a wasi/wasm image"
        docker buildx create --name "$BUILDX_BUILDER" --driver docker-container --driver-opt network=host >/dev/null
      fi
      use=(--builder "$BUILDX_BUILDER")
    fi
    [[ "$push_host" == "$REGISTRY_HOST" ]] || die "REGISTRY_PUSH_HOST is for podman and buildah; docker buildx pushes to the tag, $IMAGE."
    # Without --provenance=false buildx makes an index with an attestation, which the shim rejects.
    docker buildx build ${use[@]+"${use[@]}"} --platform wasi/wasm --provenance=false -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 --push "$context"
    ;;
esac
say "pushed $IMAGE (to $push_host)"
