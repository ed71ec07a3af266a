#!/usr/bin/env bash
# Step 3: package the module as a wasi/wasm OCI image and push it to the local registry.
# Usage: 03-build-image.sh [CONTEXT_DIR]   (default: your cargo build if present, else the committed module)
# BUILDER=buildah|podman|docker picks the tool; otherwise the first one found, in that order.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

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
    if command -v "$tool" >/dev/null 2>&1; then builder="$tool"; break; fi
  done
fi
[[ -n "$builder" ]] || die "no image builder found: install buildah (https://buildah.io), podman (https://podman.io) or Docker with buildx."
need_tool "$builder" "Install it, or unset BUILDER to use another tool."

case "$builder" in
  buildah)
    buildah build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 "$context"
    buildah push --tls-verify=false localhost:5001/word-generator:0.1.0
    ;;
  podman)
    podman build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 "$context"
    podman push --tls-verify=false localhost:5001/word-generator:0.1.0
    ;;
  docker)
    # Without --provenance=false buildx makes an index with an attestation, which the shim rejects.
    docker buildx build --platform wasi/wasm --provenance=false -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 --push "$context"
    ;;
  *) die "BUILDER must be buildah, podman or docker, not '$builder'." ;;
esac
say "pushed $IMAGE"
