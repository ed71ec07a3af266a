#!/usr/bin/env bash
# Step 4: the RuntimeClass, the Deployment and the Service; then wait until the pod is ready.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_tool kubectl "Install kubectl: https://kubernetes.io/docs/tasks/tools/"
say "using the kubectl context $KUBE_CONTEXT"
kubectl config use-context "$KUBE_CONTEXT" >/dev/null ||
  die "no kubeconfig context $KUBE_CONTEXT; create the cluster first (deploy/scripts/02-create-cluster.sh)."

# The RuntimeClass first, so the Deployment's first pod finds it.
kubectl apply -f deploy/k8s/runtimeclass.yaml
kubectl apply -f deploy/k8s/
if ! kubectl rollout status deployment/word-generator --timeout=120s; then
  printf '\nThe pod is not ready. What it says:\n' >&2
  kubectl get pods -l app.kubernetes.io/name=word-generator -o wide >&2 || true
  kubectl describe pods -l app.kubernetes.io/name=word-generator | tail -n 20 >&2 || true
  die "see the events above, or run: containerless verify deployment-ready"
fi
