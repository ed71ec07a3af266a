// The failure modes of Wasm on Kubernetes with the messages the real components print, each tied to the guided
// steps' troubleshooting entry that names its cause and fix, so the model, the lessons' hints and
// `containerless verify` speak of the same thing.
import {
  crashLoopEmptyLogs,
  execFormatError,
  executorCantHandleSpec,
  externalIpPending,
  noMatchForPlatform,
  noRuntimeConfigured,
  sockOpenOnWasmtime,
} from '../steps/troubleshooting.ts';
import type { Troubleshooting } from '../steps/schema.ts';

export interface FailureMode {
  /** the real message, filled in with the detail (handler, path, import, reference) */
  message: (detail: string) => string;
  /** the cause and fix the lessons show */
  fix: Troubleshooting | undefined;
}

export const failures = {
  noRuntime: { message: (handler: string) => `no runtime for "${handler}" is configured`, fix: noRuntimeConfigured },
  runtimeClassNotFound: { message: (name: string) => `RuntimeClass "${name}" not found`, fix: noRuntimeConfigured },
  execFormat: {
    message: (path: string) =>
      `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${path}": exec format error: unknown`,
    fix: execFormatError,
  },
  entrypoint: {
    message: (_detail: string) => 'failed to create containerd task: failed to create shim task: Others("executor can\'t handle spec"): unknown',
    fix: executorCantHandleSpec,
  },
  noCommand: { message: (_detail: string) => 'failed to create containerd task: failed to create shim task: no command specified: unknown', fix: executorCantHandleSpec },
  imageIndex: { message: (_detail: string) => 'no match for platform in manifest: not found', fix: noMatchForPlatform },
  unknownImport: { message: (name: string) => `Error: unknown import: \`${name}\` has not been defined`, fix: sockOpenOnWasmtime },
  registryOff: {
    message: (key: string) =>
      `rpc error: code = Unknown desc = failed to pull and unpack image "${key}": failed to resolve reference "${key}": failed to do request: Head "http://kind-registry:5000/v2/${key.replace(/^[^/]+\//, '').replace(/:([^:]+)$/, '/manifests/$1')}": dial tcp: lookup kind-registry: no such host`,
    fix: {
      symptom: 'ErrImagePull for a :latest image when the registry is stopped',
      fix: 'A `:latest` tag makes the kubelet pull on every start (imagePullPolicy Always), so a stopped registry stops new pods. Start the registry (`docker start kind-registry`) and use a versioned tag such as 0.1.0.',
    },
  },
  crashLoop: { message: (_detail: string) => 'CrashLoopBackOff', fix: crashLoopEmptyLogs },
  pendingExternalIp: { message: (_detail: string) => '<pending>', fix: externalIpPending },
} satisfies Record<string, FailureMode>;

export type FailureName = keyof typeof failures;
