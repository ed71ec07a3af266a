import type { StepInput } from './schema.ts';
import { CLUSTER_NAME, NODE_CONTAINER, SHIM_CACHE_PATH, SHIM_NODE_PATH, SHIM_VERSION } from './constants.ts';
import { noRuntimeConfigured, podmanOnly } from './troubleshooting.ts';

/** The lesson that shows these steps (content/lessons/07-wasm-cluster.mdx). */
const LESSON = '07-wasm-cluster';

// A kind cluster whose node runs Wasm: the runwasi WasmEdge shim, a containerd runtime for it, a RuntimeClass.
export const clusterSteps: StepInput[] = [
  {
    id: 'shim-install',
    title: 'Download the containerd WasmEdge shim',
    command: 'bash deploy/scripts/01-install-shim.sh',
    where: 'machine',
    lesson: LESSON,
    summary: `Fetches runwasi's containerd-shim-wasmedge ${SHIM_VERSION} for your CPU (x86_64 or aarch64) into deploy/.cache/. The kind config mounts it into the node, so it comes before the cluster.`,
    expected: `==> shim ready: ${SHIM_CACHE_PATH}`,
    hint: 'The shim embeds WasmEdge 0.14.1; your node needs no other WasmEdge install. It runs core Wasm modules (not WASI 0.2 components).',
    troubleshooting: [
      {
        symptom: 'curl: (22) The requested URL returned error: 404',
        fix: 'No shim is published for this CPU or the release moved; check https://github.com/containerd/runwasi/releases for containerd-shim-wasmedge assets.',
      },
    ],
    check: 'shim-downloaded',
    script: 'deploy/scripts/01-install-shim.sh',
  },
  {
    id: 'cluster-create',
    title: 'Create the kind cluster with the shim and the registry',
    command: 'bash deploy/scripts/02-create-cluster.sh',
    where: 'machine',
    lesson: LESSON,
    summary: `Creates the cluster "${CLUSTER_NAME}" from deploy/kind/cluster.yaml: a containerd runtime named wasmedge that points at the shim, and registry wiring so the node pulls localhost:5001 images from kind-registry.`,
    expected: `Ends with the node's runtime config:\n[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.wasmedge]\n  runtime_type = '${SHIM_NODE_PATH}'`,
    hint: 'KWasm, which the 2024 talk used to install shims, is archived; on kind the shim is simply mounted into the node and named in containerd\'s config. On other clusters its successor, runtime-class-manager, installs shims.',
    troubleshooting: [
      {
        symptom: `bind source path does not exist: .../${SHIM_CACHE_PATH}`,
        fix: 'Download the shim first: bash deploy/scripts/01-install-shim.sh',
      },
      podmanOnly,
      {
        symptom: `ERROR: failed to create cluster: node(s) already exist for a cluster with the name "${CLUSTER_NAME}"`,
        fix: 'It exists already. To start over: bash deploy/scripts/99-teardown.sh',
      },
    ],
    check: 'kind-cluster',
    script: 'deploy/scripts/02-create-cluster.sh',
  },
  {
    id: 'shim-inspect',
    title: "Look at the node's containerd runtimes",
    command: `docker exec ${NODE_CONTAINER} containerd config dump | grep -A2 runtimes.wasmedge`,
    where: 'machine',
    lesson: LESSON,
    summary: 'The node is a container; its containerd now knows a runtime called wasmedge, served by the shim binary.',
    expected: `runtime_type = '${SHIM_NODE_PATH}'`,
    hint: 'containerd 2 prints the runtime under io.containerd.cri.v1.runtime even though the patch used the older io.containerd.grpc.v1.cri name: it migrates version 2 configs.',
    alternatives: [{ label: 'podman (KIND_EXPERIMENTAL_PROVIDER=podman)', command: `podman exec ${NODE_CONTAINER} containerd config dump | grep -A2 runtimes.wasmedge` }],
    troubleshooting: [noRuntimeConfigured],
    check: 'shim-configured',
    script: 'deploy/scripts/02-create-cluster.sh',
  },
];
