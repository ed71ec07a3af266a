#!/usr/bin/env bash
# Step 5: call the service through a port-forward and print a word.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_tool kubectl "Install kubectl: https://kubernetes.io/docs/tasks/tools/"
need_tool curl "Install curl with your package manager."
kubectl --context "$KUBE_CONTEXT" port-forward svc/word-generator 8080:8080 >/dev/null &
forward=$!
trap 'kill "$forward" 2>/dev/null || true' EXIT

# The forward takes a moment to listen; retry for about ten seconds.
for _ in $(seq 1 20); do
  if curl -fsS "http://localhost:8080/?starts_with=d"; then
    echo
    exit 0
  fi
  sleep 0.5
done
die "no answer on localhost:8080; is port 8080 free, and is the deployment ready (containerless verify deployment-ready)?"
