#!/usr/bin/env bash
# A stand-in for docker, podman, kind, kubectl, buildah, curl and uname in the deploy script tests. It is linked
# under each tool's name, appends every call to $STUB_LOG, keeps the machine's state as files in $STUB_STATE, and
# answers as the real tool does (its documented output and exit codes) for the calls the scripts make.
set -u
tool="$(basename "$0")"
state="$STUB_STATE"
get() { cat "$state/$1" 2>/dev/null || printf '%s' "${2:-}"; }
put() { printf '%s' "$2" > "$state/$1"; }
printf '%s %s%s\n' "$tool" "$*" "$([[ "$tool" == kind ]] && printf ' [provider=%s]' "${KIND_EXPERIMENTAL_PROVIDER:-}")" >> "$STUB_LOG"

engine() { # docker and podman answer alike for what the scripts ask
  local no_such="Error: No such object: kind-registry"
  [[ "$tool" == podman ]] && no_such='Error: no such object: "kind-registry"'
  case "$1" in
    info)
      if [[ "$(get "$tool-daemon" up)" != up ]]; then
        echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1
      fi
      if [[ "${2:-}" == --format ]]; then
        if [[ "$(get store classic)" == containerd ]]; then echo '[["driver-type","io.containerd.snapshotter.v1"]]'; else echo '[["Backing Filesystem","extfs"],["Supports d_type","true"]]'; fi
      else echo "Server Version: 29.0.1"; fi ;;
    inspect)
      local registry; registry="$(get registry absent)"
      if [[ "$registry" == absent ]]; then echo "$no_such" >&2; exit 1; fi
      case "$*" in
        *State.Running*) [[ "$registry" == running ]] && echo true || echo false ;;
        *Networks.kind*) [[ "$(get registry-network no)" == yes ]] && echo '{"IPAddress":"172.18.0.3","NetworkID":"4e6d"}' || echo null ;;
        *) echo '[{"Id":"5d1b2a3c4e5f"}]' ;;
      esac ;;
    run)
      if [[ "$(get registry absent)" != absent ]]; then
        echo "$tool: Error response from daemon: Conflict. The container name \"/kind-registry\" is already in use by container \"5d1b2a3c4e5f\". You have to remove (or rename) that container to be able to reuse that name." >&2; exit 125
      fi
      put registry running; echo 5d1b2a3c4e5f0a1b2c3d4e5f ;;
    start) put registry running; echo kind-registry ;;
    rm) put registry absent; echo kind-registry ;;
    network) put registry-network yes ;;
    exec)
      case "$*" in
        *"containerd config dump"*) printf "[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.wasmedge]\n  runtime_type = '/usr/local/bin/containerd-shim-wasmedge-v1'\n  runtime_path = ''\n" ;;
        *" cp /dev/stdin "*) cat > /dev/null ;;
      esac ;;
    buildx)
      case "${2:-}" in
        version)
          if [[ "$(get buildx yes)" == yes ]]; then echo "github.com/docker/buildx v0.19.3 48d6a39"; else echo "docker: 'buildx' is not a docker command." >&2; exit 1; fi ;;
        inspect)
          if [[ -n "${3:-}" ]]; then
            if grep -qx "$3" "$state/builders" 2>/dev/null; then printf 'Name:          %s\nDriver:        docker-container\n' "$3"; else echo "ERROR: no builder \"$3\" found" >&2; exit 1; fi
          else printf 'Name:          default\nDriver:        %s\nLast Activity: 2026-12-02 08:00:00 +0000 UTC\n\nNodes:\nName:             default\nEndpoint:         default\nStatus:           running\n' "$(get driver docker)"; fi ;;
        create) echo "$4" >> "$state/builders"; echo "$4" ;;
        rm) sed -i "/^${3}\$/d" "$state/builders"; echo "$3 removed" ;;
        build) echo "#8 pushing manifest for localhost:5001/word-generator:0.1.0 done" ;;
      esac ;;
    build) echo "COMMIT localhost:5001/word-generator:0.1.0" ;;
    push) echo "Writing manifest to image destination" ;;
    machine)
      if [[ "$(get machine-reaches-registry no)" == yes ]]; then exit 0; fi
      echo "curl: (7) Failed to connect to localhost port 5001 after 0 ms: Couldn't connect to server" >&2; exit 7 ;;
  esac
}

case "$tool" in
  docker | podman) engine "$@" ;;
  buildah) case "$1" in build) echo "COMMIT localhost:5001/word-generator:0.1.0" ;; push) echo "Writing manifest to image destination" ;; esac ;;
  kind)
    case "$1 ${2:-}" in
      "get clusters") if [[ -s "$state/clusters" ]]; then cat "$state/clusters"; else echo "No kind clusters found." >&2; fi ;;
      "get nodes") echo containerless-control-plane ;;
      "create cluster")
        if grep -qx containerless "$state/clusters" 2>/dev/null; then echo 'ERROR: failed to create cluster: node(s) already exist for a cluster with the name "containerless"' >&2; exit 1; fi
        echo containerless >> "$state/clusters"; echo 'Creating cluster "containerless" ...' ;;
      "delete cluster") : > "$state/clusters"; echo 'Deleting cluster "containerless" ...' ;;
    esac ;;
  kubectl)
    args=()
    while [[ $# -gt 0 ]]; do
      if [[ "$1" == --context ]]; then shift 2; else args+=("$1"); shift; fi
    done
    case "${args[*]}" in
      "config use-context kind-containerless")
        if grep -qx containerless "$state/clusters" 2>/dev/null; then echo 'Switched to context "kind-containerless".'; else echo 'error: no context exists with the name: "kind-containerless"' >&2; exit 1; fi ;;
      "apply -f deploy/kind/local-registry-hosting.yaml") echo "configmap/local-registry-hosting created" ;;
      "apply -f deploy/k8s/runtimeclass.yaml")
        if [[ -e "$state/applied" ]]; then echo "runtimeclass.node.k8s.io/wasmedge unchanged"; else echo "runtimeclass.node.k8s.io/wasmedge created"; fi ;;
      "apply -f deploy/k8s/")
        if [[ -e "$state/applied" ]]; then v=unchanged; else v=created; fi
        printf 'deployment.apps/word-generator %s
runtimeclass.node.k8s.io/wasmedge unchanged
service/word-generator %s
' "$v" "$v"
        touch "$state/applied" ;;
      "rollout status deployment/word-generator --timeout=120s")
        if [[ "$(get rollout ok)" == ok ]]; then echo 'deployment "word-generator" successfully rolled out'; else echo 'error: timed out waiting for the condition' >&2; exit 1; fi ;;
      "get pods"*) printf 'NAME                              READY   STATUS             RESTARTS   AGE
word-generator-7d9c6b8f5d-x2k8q   0/1     CrashLoopBackOff   3          2m
' ;;
      "describe pods"*) echo "  Warning  Failed  12s  kubelet  Error: failed to create containerd task: no runtime for \"wasmedge\" is configured" ;;
      "port-forward svc/word-generator 8080:8080")
        echo $$ > "$state/forward.pid"
        echo "Forwarding from 127.0.0.1:8080 -> 8090"
        while :; do sleep 0.1; done ;;
    esac ;;
  uname) if [[ "${1:-}" == -m ]]; then echo x86_64; else get os Linux; echo; fi ;;
  curl)
    out=""; prev=""
    for a in "$@"; do [[ "$prev" == -o ]] && out="$a"; prev="$a"; done
    if [[ "$*" == *releases/download* ]]; then cp "$STUB_SHIM_TAR" "$out"; exit 0; fi
    if [[ "$*" == *"localhost:8080/?starts_with=d"* && -e "$state/forward.pid" ]]; then printf 'dolphin'; exit 0; fi
    echo "curl: (7) Failed to connect" >&2; exit 7 ;;
esac
exit 0
