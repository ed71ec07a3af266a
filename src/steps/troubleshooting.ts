import type { Troubleshooting } from './schema.ts';
import { KUBE_CONTEXT, NODE_CONTAINER, RUNTIME_CLASS } from './constants.ts';
import { SERVER_MODULE } from '../course/facts.ts';

// The failures learners hit on the way to a Wasm pod (see the project's kubernetes-wasm facts), written once and
// attached to every step where they can show up.

export const noRuntimeConfigured: Troubleshooting = {
  symptom: `Pod events say: no runtime for "${RUNTIME_CLASS}" is configured`,
  fix: `The node's containerd has no runtime named "${RUNTIME_CLASS}", or the RuntimeClass handler says something else. Compare \`kubectl get runtimeclass ${RUNTIME_CLASS} -o yaml\` with \`docker exec ${NODE_CONTAINER} containerd config dump | grep -A2 runtimes\`; recreate the cluster from deploy/kind/cluster.yaml if the runtime is missing.`,
};

export const execFormatError: Troubleshooting = {
  symptom: 'The container fails with: exec format error',
  fix: `The pod ran under runc, which cannot execute a .wasm file. The pod spec needs \`runtimeClassName: ${RUNTIME_CLASS}\` (an annotation alone never switches the runtime); reapply deploy/k8s/deployment.yaml.`,
};

export const executorCantHandleSpec: Troubleshooting = {
  symptom: "The shim says: executor can't handle spec",
  fix: `The image entrypoint must be the absolute path of the .wasm file (ENTRYPOINT ["/${SERVER_MODULE}"]). Rebuild from deploy/Containerfile.`,
};

export const noMatchForPlatform: Troubleshooting = {
  symptom: 'Pulling fails with: no match for platform in manifest',
  fix: 'The image is an index, usually because docker buildx added an attestation. Rebuild with `--provenance=false` (or with buildah/podman) and push again.',
};

export const kindLoadSnapshot: Troubleshooting = {
  symptom: 'After `kind load`: parent snapshot ... does not exist, or content digest not found',
  fix: 'Wasm images do not survive `kind load` intact. Push to the local registry (localhost:5001) instead and let the node pull.',
};

export const sockOpenOnWasmtime: Troubleshooting = {
  symptom: 'unknown import: wasi_snapshot_preview1::sock_open',
  fix: 'The server uses the WasmEdge socket extension; Wasmtime does not provide it. Run it with WasmEdge (or the WasmEdge shim), not Wasmtime.',
};

export const crashLoopEmptyLogs: Troubleshooting = {
  symptom: 'CrashLoopBackOff and `kubectl logs` prints nothing',
  fix: `Look at what containerd says: \`docker exec ${NODE_CONTAINER} journalctl -u containerd | grep -i wasm\`.`,
};

export const externalIpPending: Troubleshooting = {
  symptom: 'EXTERNAL-IP stays <pending>',
  fix: 'A LoadBalancer on kind needs cloud-provider-kind running on your machine. Without it use `kubectl port-forward svc/word-generator 8080:8080`.',
};

export const wrongContext: Troubleshooting = {
  symptom: 'kubectl talks to another cluster, or says: connection refused',
  fix: `Point kubectl at the kind cluster: \`kubectl config use-context ${KUBE_CONTEXT}\` (and check \`kind get clusters\`).`,
};
