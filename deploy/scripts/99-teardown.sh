#!/usr/bin/env bash
# Remove what 02-create-cluster.sh made: the kind cluster and the registry container.
# The downloaded shim stays in deploy/.cache/ (delete that folder to remove it).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_tool kind "Nothing to tear down without kind."
need_docker

if kind get clusters 2>/dev/null | grep -qx "$CLUSTER_NAME"; then
  kind delete cluster --name containerless
else
  say "no cluster $CLUSTER_NAME"
fi
if docker inspect "$REGISTRY_CONTAINER" >/dev/null 2>&1; then
  docker rm -f kind-registry
else
  say "no registry container $REGISTRY_CONTAINER"
fi
