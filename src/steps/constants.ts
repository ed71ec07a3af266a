// Every name the guided steps, `containerless verify` and the files in deploy/ must agree on, in one place.
// tests/unit/deploy/agreement.test.ts reads deploy/ and fails when a file drifts from these values.
// The course's own facts (port, module files, app name) come from src/course/facts.ts.
import { APP_NAME as COURSE_APP_NAME, GUEST_PORT, HEALTH_PATH as COURSE_HEALTH_PATH, SERVER_MODULE, SERVICE_PORT as COURSE_SERVICE_PORT } from '../course/facts.ts';

/** Where kind's local-registry pattern publishes the registry on the learner's machine. */
export const REGISTRY_HOST = 'localhost:5001';
/** The registry container; kind nodes reach it by this name on the `kind` network. */
export const REGISTRY_CONTAINER = 'kind-registry';
/** Port the registry listens on inside its container. */
export const REGISTRY_CONTAINER_PORT = 5000;
export const REGISTRY_IMAGE = 'registry:3';

export const IMAGE_NAME = COURSE_APP_NAME;
/** A versioned tag: `:latest` would make the kubelet pull on every start. */
export const IMAGE_TAG = '0.1.0';
export const IMAGE = `${REGISTRY_HOST}/${IMAGE_NAME}:${IMAGE_TAG}`;
export const IMAGE_PLATFORM = 'wasi/wasm';
/** The docker-container buildx builder the image script creates when Docker's image store cannot hold a wasi/wasm image. */
export const BUILDX_BUILDER = 'containerless';

export const CLUSTER_NAME = 'containerless';
/** kind names the kubeconfig context and the node container after the cluster. */
export const KUBE_CONTEXT = `kind-${CLUSTER_NAME}`;
export const NODE_CONTAINER = `${CLUSTER_NAME}-control-plane`;

export const SHIM_VERSION = 'v0.6.0';
export const SHIM_BINARY = 'containerd-shim-wasmedge-v1';
/** Where the node's containerd finds the shim (mounted there by the kind config). */
export const SHIM_NODE_PATH = `/usr/local/bin/${SHIM_BINARY}`;
/** Where 01-install-shim.sh puts the downloaded shim, relative to the repository root. */
export const SHIM_CACHE_PATH = `deploy/.cache/${SHIM_BINARY}`;
export const SHIM_RELEASE_BASE = `https://github.com/containerd/runwasi/releases/download/containerd-shim-wasmedge%2F${SHIM_VERSION}`;

/** The RuntimeClass name and its handler: the runtime name in the node's containerd config. */
export const RUNTIME_CLASS = 'wasmedge';

export const APP_NAME = COURSE_APP_NAME;
export const APP_LABEL = `app.kubernetes.io/name=${APP_NAME}`;
/** The module listens here (0.0.0.0:8090). */
export const CONTAINER_PORT = GUEST_PORT;
/** The Service port, forwarded to CONTAINER_PORT. */
export const SERVICE_PORT = COURSE_SERVICE_PORT;
export const HEALTH_PATH = COURSE_HEALTH_PATH;

export const CONTAINERFILE = 'deploy/Containerfile';
export const MANIFEST_DIR = 'deploy/k8s';
export const KIND_CONFIG = 'deploy/kind/cluster.yaml';
export const SCRIPTS_DIR = 'deploy/scripts';

/** Rust target for WASI preview 1 (Rust 1.78+); Rust before 1.84 also knows it as `wasm32-wasi`. */
export const RUST_TARGET = 'wasm32-wasip1';
export const RUST_TARGET_LEGACY = 'wasm32-wasi';
export const MODULE_FILE = SERVER_MODULE;
/** The learner's own build, and the build context the image step uses. */
export const CARGO_OUTPUT_DIR = `wasm/target/${RUST_TARGET}/release`;
export const CARGO_OUTPUT_DIR_LEGACY = `wasm/target/${RUST_TARGET_LEGACY}/release`;
/** The module committed with the project (what CI packages). */
export const COMMITTED_MODULE_DIR = 'public/wasm';
