#!/usr/bin/env bash
# Step 2: a local registry at localhost:5001 and a kind cluster whose node runs Wasm through the WasmEdge shim.
# Follows kind's local-registry pattern (https://kind.sigs.k8s.io/docs/user/local-registry/). Works with Docker or
# Podman (kind's KIND_EXPERIMENTAL_PROVIDER=podman), and is safe to run again: each part is done only when missing.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

pick_engine
need_tool kind "Install kind v0.27 or newer: https://kind.sigs.k8s.io/docs/user/quick-start/#installation"
need_tool kubectl "Install kubectl: https://kubernetes.io/docs/tasks/tools/"
[[ -x "$SHIM_CACHE_PATH" ]] || die "$SHIM_CACHE_PATH is missing; run deploy/scripts/01-install-shim.sh first (the cluster mounts it)."

# 1. The registry container: started if stopped, created if absent (a stopped one would make `run` fail on its name).
state="$("$ENGINE" inspect -f '{{.State.Running}}' "$REGISTRY_CONTAINER" 2>/dev/null || true)"
case "$state" in
  true) say "registry $REGISTRY_CONTAINER already running on $REGISTRY_HOST" ;;
  false)
    say "starting the stopped registry $REGISTRY_CONTAINER"
    "$ENGINE" start "$REGISTRY_CONTAINER" >/dev/null ;;
  *)
    say "starting the registry $REGISTRY_CONTAINER on $REGISTRY_HOST ($ENGINE)"
    "$ENGINE" run -d --restart=always -p 127.0.0.1:5001:5000 --network bridge --name kind-registry registry:3 >/dev/null ;;
esac

# 2. The cluster. kind makes a relative hostPath absolute against the folder it runs in; lib.sh runs every script
#    from the repository root, so the shim mount deploy/.cache/... resolves there.
if kind get clusters 2>/dev/null | grep -qx "$CLUSTER_NAME"; then
  say "cluster $CLUSTER_NAME already exists"
else
  say "creating the kind cluster $CLUSTER_NAME ($ENGINE)"
  kind create cluster --config "$KIND_CONFIG"
fi

# 3. Each node pulls localhost:5001/... from the registry container (localhost inside a node is the node itself).
#    Rewriting the same file is harmless.
for node in $(kind get nodes --name "$CLUSTER_NAME"); do
  "$ENGINE" exec "$node" mkdir -p "/etc/containerd/certs.d/$REGISTRY_HOST"
  printf '[host."http://%s:%s"]\n' "$REGISTRY_CONTAINER" "$REGISTRY_CONTAINER_PORT" |
    "$ENGINE" exec -i "$node" cp /dev/stdin "/etc/containerd/certs.d/$REGISTRY_HOST/hosts.toml"
done

# 4. Put the registry on the cluster's network, once.
if [[ "$("$ENGINE" inspect -f '{{json .NetworkSettings.Networks.kind}}' "$REGISTRY_CONTAINER" 2>/dev/null || true)" != "{"* ]]; then
  "$ENGINE" network connect kind "$REGISTRY_CONTAINER"
fi

# 5. Publish where the registry is (KEP-1755).
kubectl --context "$KUBE_CONTEXT" apply -f deploy/kind/local-registry-hosting.yaml

say "cluster ready; the shim as the node's containerd sees it:"
"$ENGINE" exec "$NODE_CONTAINER" containerd config dump | grep -A2 runtimes.wasmedge
