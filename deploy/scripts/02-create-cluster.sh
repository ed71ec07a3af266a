#!/usr/bin/env bash
# Step 2: a local registry at localhost:5001 and a kind cluster whose node runs Wasm through the WasmEdge shim.
# Follows kind's local-registry pattern (https://kind.sigs.k8s.io/docs/user/local-registry/).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_docker
need_tool kind "Install kind v0.27 or newer: https://kind.sigs.k8s.io/docs/user/quick-start/#installation"
need_tool kubectl "Install kubectl: https://kubernetes.io/docs/tasks/tools/"
[[ -x "$SHIM_CACHE_PATH" ]] || die "$SHIM_CACHE_PATH is missing; run deploy/scripts/01-install-shim.sh first (the cluster mounts it)."

# 1. The registry container, unless it already runs.
if [[ "$(docker inspect -f '{{.State.Running}}' "$REGISTRY_CONTAINER" 2>/dev/null || true)" != true ]]; then
  say "starting the registry $REGISTRY_CONTAINER on $REGISTRY_HOST"
  docker run -d --restart=always -p 127.0.0.1:5001:5000 --network bridge --name kind-registry registry:3
fi

# 2. The cluster. kind passes hostPath to docker unchanged, so make it absolute first.
if kind get clusters 2>/dev/null | grep -qx "$CLUSTER_NAME"; then
  say "cluster $CLUSTER_NAME already exists"
else
  say "creating the kind cluster $CLUSTER_NAME"
  sed "s|hostPath: deploy/|hostPath: $REPO_ROOT/deploy/|" deploy/kind/cluster.yaml | kind create cluster --config=-
fi

# 3. Each node pulls localhost:5001/... from the registry container (localhost inside a node is the node itself).
for node in $(kind get nodes --name "$CLUSTER_NAME"); do
  docker exec "$node" mkdir -p "/etc/containerd/certs.d/$REGISTRY_HOST"
  printf '[host."http://%s:%s"]\n' "$REGISTRY_CONTAINER" "$REGISTRY_CONTAINER_PORT" |
    docker exec -i "$node" cp /dev/stdin "/etc/containerd/certs.d/$REGISTRY_HOST/hosts.toml"
done

# 4. Put the registry on the cluster's network, once.
if [[ "$(docker inspect -f '{{json .NetworkSettings.Networks.kind}}' "$REGISTRY_CONTAINER")" == null ]]; then
  docker network connect kind "$REGISTRY_CONTAINER"
fi

# 5. Publish where the registry is (KEP-1755).
kubectl --context "$KUBE_CONTEXT" apply -f deploy/kind/local-registry-hosting.yaml

say "cluster ready; the shim as the node's containerd sees it:"
docker exec containerless-control-plane containerd config dump | grep -A2 runtimes.wasmedge
