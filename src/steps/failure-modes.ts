import { SERVER_MODULE } from '../course/facts.ts';
import { IMAGE, KUBE_CONTEXT, NODE_CONTAINER, REGISTRY_CONTAINER, REGISTRY_HOST, RUNTIME_CLASS } from './constants.ts';

// The failures learners meet on the way to a Wasm pod, each named once with the one fix: eight from the cluster
// (the project's kubernetes-wasm facts) and four from the laptop (container engine, image store, podman machine,
// registry container). `containerless verify` prints these names and fixes, the guided steps list them under
// "troubleshooting", and the in-page cluster model can show the same words. Plain data: no DOM, no Node APIs.

export type FailureArea = 'cluster' | 'laptop';

export interface FailureMode {
  /** Stable, kebab-case: used by tests, fixtures and other modules. */
  id: string;
  area: FailureArea;
  /** The name verify prints, short enough for one line. */
  name: string;
  /** What the learner sees, quoted as a tool prints it when possible. */
  symptom: string;
  /** The one thing to do. */
  fix: string;
  /** Patterns that recognise the failure in what the tools print (events, pod states, logs, stderr). */
  patterns: readonly RegExp[];
  /** Where the behaviour is documented or reported. */
  source: { label: string; url: string };
}

export const noRuntimeConfigured: FailureMode = {
  id: 'no-runtime-configured',
  area: 'cluster',
  name: 'no runtime for the RuntimeClass handler',
  symptom: `Pod events say: no runtime for "${RUNTIME_CLASS}" is configured`,
  fix: `The node's containerd has no runtime named "${RUNTIME_CLASS}", or the RuntimeClass handler says something else. Compare \`kubectl get runtimeclass ${RUNTIME_CLASS} -o yaml\` with \`docker exec ${NODE_CONTAINER} containerd config dump | grep -A2 runtimes\`; recreate the cluster from deploy/kind/cluster.yaml if the runtime is missing.`,
  patterns: [/no runtime for "?[\w-]+"? is configured/i, /RuntimeClass "?[\w-]+"? not found/i],
  source: { label: 'Kubernetes: RuntimeClass', url: 'https://kubernetes.io/docs/concepts/containers/runtime-class/' },
};

export const execFormatError: FailureMode = {
  id: 'exec-format-error',
  area: 'cluster',
  name: 'pod ran under runc, not the Wasm shim',
  symptom: 'The container fails with: exec format error',
  fix: `The pod ran under runc, which cannot execute a .wasm file. The pod spec needs \`runtimeClassName: ${RUNTIME_CLASS}\` (an annotation alone never switches the runtime); reapply deploy/k8s/deployment.yaml.`,
  patterns: [/exec format error/i],
  source: { label: 'Kubernetes: RuntimeClass usage', url: 'https://kubernetes.io/docs/concepts/containers/runtime-class/#usage' },
};

export const executorCantHandleSpec: FailureMode = {
  id: 'executor-cant-handle-spec',
  area: 'cluster',
  name: 'entrypoint is not the .wasm file',
  symptom: "The shim says: executor can't handle spec",
  fix: `The image entrypoint must be the absolute path of the .wasm file (ENTRYPOINT ["/${SERVER_MODULE}"]). Rebuild from deploy/Containerfile.`,
  patterns: [/can'?t handle spec/i],
  source: { label: 'runwasi: finding the Wasm module', url: 'https://github.com/containerd/runwasi#how-does-it-work' },
};

export const noMatchForPlatform: FailureMode = {
  id: 'no-match-for-platform',
  area: 'cluster',
  name: 'image is an index, not a single wasi/wasm manifest',
  symptom: 'Pulling fails with: no match for platform in manifest',
  fix: 'The image is an index, usually because docker buildx added an attestation. Rebuild with `--provenance=false` (or with buildah/podman) and push again.',
  patterns: [/no match for platform in manifest/i],
  source: { label: 'Docker: build attestations', url: 'https://docs.docker.com/build/metadata/attestations/' },
};

export const kindLoadSnapshot: FailureMode = {
  id: 'kind-load-snapshot',
  area: 'cluster',
  name: 'image loaded with kind load, not pulled',
  symptom: 'After `kind load`: parent snapshot ... does not exist, or content digest not found',
  fix: `\`kind load\` imports with \`ctr import --all-platforms\`, which breaks on images that are not complete for every platform (kind#3795, not specific to Wasm). Push to the local registry (${REGISTRY_HOST}) instead and let the node pull.`,
  patterns: [/parent snapshot .* does not exist/i, /content digest .* not found/i],
  source: { label: 'kind#3795', url: 'https://github.com/kubernetes-sigs/kind/issues/3795' },
};

export const sockOpenOnWasmtime: FailureMode = {
  id: 'sock-open-on-wasmtime',
  area: 'cluster',
  name: 'WasmEdge socket module run on Wasmtime',
  symptom: 'unknown import: wasi_snapshot_preview1::sock_open',
  fix: `The server uses the WasmEdge socket extension; Wasmtime does not provide it. Run it with WasmEdge (locally) or the WasmEdge shim (runtimeClassName: ${RUNTIME_CLASS}), not Wasmtime.`,
  patterns: [/unknown import:? `?wasi_snapshot_preview1::sock_\w+`?/i],
  source: { label: 'WasmEdge: socket extension', url: 'https://wasmedge.org/docs/develop/rust/socket_networking/' },
};

export const crashLoopEmptyLogs: FailureMode = {
  id: 'crashloop-empty-logs',
  area: 'cluster',
  name: 'crash loop with empty logs',
  symptom: 'CrashLoopBackOff and `kubectl logs` prints nothing',
  fix: `The shim failed before the module wrote anything; containerd's journal says why: \`docker exec ${NODE_CONTAINER} journalctl -u containerd | grep -i wasm\`.`,
  patterns: [/CrashLoopBackOff/],
  source: { label: 'Kubernetes: debug running pods', url: 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/' },
};

export const externalIpPending: FailureMode = {
  id: 'external-ip-pending',
  area: 'cluster',
  name: 'LoadBalancer without cloud-provider-kind',
  symptom: 'EXTERNAL-IP stays <pending>',
  fix: 'A LoadBalancer on kind needs cloud-provider-kind running on your machine. Without it use `kubectl port-forward svc/word-generator 8080:8080`.',
  patterns: [/<pending>/],
  source: { label: 'kind: LoadBalancer', url: 'https://kind.sigs.k8s.io/docs/user/loadbalancer/' },
};

export const podmanOnly: FailureMode = {
  id: 'podman-only',
  area: 'laptop',
  name: 'Podman is what runs, but kind or a command expects Docker',
  symptom: 'kind get clusters: ... failed with error: ... Cannot connect to the Docker daemon (a Docker CLI without its daemon makes kind pick Docker), or: docker: command not found',
  fix: 'Tell kind to use Podman: `export KIND_EXPERIMENTAL_PROVIDER=podman` (the deploy scripts do it themselves when Docker does not answer), and type `podman` wherever a lesson says `docker`.',
  patterns: [/exec: "docker": executable file not found/i, /docker: command not found/i],
  source: { label: 'kind quick start: KIND_EXPERIMENTAL_PROVIDER', url: 'https://kind.sigs.k8s.io/docs/user/quick-start/' },
};

export const classicImageStore: FailureMode = {
  id: 'classic-image-store',
  area: 'laptop',
  name: "Docker's classic image store cannot hold a wasi/wasm image",
  symptom: 'docker buildx: ERROR: failed to solve: ... cannot load wasi image on linux',
  fix: 'Build with a docker-container builder that pushes straight to the registry: `docker buildx create --name containerless --driver docker-container --driver-opt network=host`, then `docker buildx build --builder containerless ... --push` (deploy/scripts/03-build-image.sh does both). Or turn on the containerd image store.',
  patterns: [/cannot load wasi image/i],
  source: { label: 'containerd-shim-spin#6', url: 'https://github.com/spinframework/containerd-shim-spin/issues/6' },
};

export const podmanMachineLocalhost: FailureMode = {
  id: 'podman-machine-localhost',
  area: 'laptop',
  name: "podman machine: the VM's localhost is not the Mac",
  symptom: `podman push ${IMAGE}: dial tcp 127.0.0.1:${REGISTRY_HOST.split(':')[1]}: connect: connection refused`,
  fix: `\`podman push\` runs inside the podman machine. Run the registry in that machine (bash deploy/scripts/02-create-cluster.sh does, with the Podman provider), or push to an address the machine reaches: REGISTRY_PUSH_HOST=host.containers.internal:${REGISTRY_HOST.split(':')[1]} bash deploy/scripts/03-build-image.sh.`,
  patterns: [new RegExp(`dial tcp (127\\.0\\.0\\.1|\\[::1\\]):${REGISTRY_HOST.split(':')[1]}: connect: connection refused`, 'i'), /Failed to connect to localhost port 5001/i],
  source: { label: 'Podman: podman machine', url: 'https://docs.podman.io/en/latest/markdown/podman-machine.1.html' },
};

export const registryStopped: FailureMode = {
  id: 'registry-stopped',
  area: 'laptop',
  name: 'registry container stopped',
  symptom: `docker: Error response from daemon: Conflict. The container name "/${REGISTRY_CONTAINER}" is already in use`,
  fix: `Start the one you have: \`docker start ${REGISTRY_CONTAINER}\` (or \`podman start ${REGISTRY_CONTAINER}\`); bash deploy/scripts/02-create-cluster.sh does it for you.`,
  patterns: [new RegExp(`container name "/?${REGISTRY_CONTAINER}" is already in use`, 'i')],
  source: { label: 'kind: local registry', url: 'https://kind.sigs.k8s.io/docs/user/local-registry/' },
};

/** Every failure mode, cluster ones first, in the order a learner meets them. */
export const failureModes: readonly FailureMode[] = [
  noRuntimeConfigured,
  execFormatError,
  executorCantHandleSpec,
  noMatchForPlatform,
  kindLoadSnapshot,
  sockOpenOnWasmtime,
  crashLoopEmptyLogs,
  externalIpPending,
  podmanOnly,
  classicImageStore,
  podmanMachineLocalhost,
  registryStopped,
];

/** The first failure mode whose pattern matches one of these messages, with the message that matched. */
export function recognise(messages: readonly string[], among: readonly FailureMode[] = failureModes): { mode: FailureMode; message: string } | undefined {
  for (const mode of among) {
    for (const message of messages) if (mode.patterns.some((p) => p.test(message))) return { mode, message };
  }
  return undefined;
}

/** "name: fix" in one line, the way verify prints a recognised failure. */
export const namedFix = (mode: FailureMode): string => `${mode.name}. ${mode.fix}`;

/** A kubectl context mistake is common enough to name, though it is not a Wasm failure. */
export const wrongContextFix = `Point kubectl at the kind cluster: \`kubectl config use-context ${KUBE_CONTEXT}\` (and check \`kind get clusters\`).`;
