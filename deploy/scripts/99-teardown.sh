#!/usr/bin/env bash
# Remove what 02-create-cluster.sh and 03-build-image.sh made: the kind cluster, the registry container and the
# buildx builder (when Docker needed one). The downloaded shim stays in deploy/.cache/ (delete that folder to remove it).
# Safe to run again: whatever is already gone is skipped.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_tool kind "Nothing to tear down without kind."
pick_engine

if kind get clusters 2>/dev/null | grep -qx "$CLUSTER_NAME"; then
  kind delete cluster --name containerless
else
  say "no cluster $CLUSTER_NAME"
fi
if "$ENGINE" inspect "$REGISTRY_CONTAINER" >/dev/null 2>&1; then
  "$ENGINE" rm -f kind-registry
else
  say "no registry container $REGISTRY_CONTAINER"
fi
if [[ "$ENGINE" == docker ]] && docker buildx inspect "$BUILDX_BUILDER" >/dev/null 2>&1; then
  docker buildx rm "$BUILDX_BUILDER"
fi
