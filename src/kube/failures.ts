// The failure modes of Wasm on Kubernetes with the messages the real components print, each tied to its entry in
// src/steps/failure-modes.ts (the one place that names each failure and its fix), so the model, the lessons' hints
// and `containerless verify` speak of the same thing.
import * as modes from '../steps/failure-modes.ts';
import type { FailureMode as NamedFailure } from '../steps/failure-modes.ts';

export interface FailureMode {
  /** the real message, filled in with the detail (handler, path, import, reference) */
  message: (detail: string) => string;
  /** the failure as src/steps/failure-modes.ts names it: the cause and fix the lessons and `containerless verify` show */
  mode: NamedFailure;
}

export const failures = {
  noRuntime: { message: (handler: string) => `no runtime for "${handler}" is configured`, mode: modes.noRuntimeConfigured },
  runtimeClassNotFound: { message: (name: string) => `RuntimeClass "${name}" not found`, mode: modes.noRuntimeConfigured },
  execFormat: {
    message: (path: string) =>
      `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${path}": exec format error: unknown`,
    mode: modes.execFormatError,
  },
  entrypoint: {
    message: (_detail: string) => 'failed to create containerd task: failed to create shim task: Others("executor can\'t handle spec"): unknown',
    mode: modes.executorCantHandleSpec,
  },
  noCommand: { message: (_detail: string) => 'failed to create containerd task: failed to create shim task: no command specified: unknown', mode: modes.executorCantHandleSpec },
  imageIndex: { message: (_detail: string) => 'no match for platform in manifest: not found', mode: modes.noMatchForPlatform },
  unknownImport: { message: (name: string) => `Error: unknown import: \`${name}\` has not been defined`, mode: modes.sockOpenOnWasmtime },
  registryOff: {
    message: (key: string) =>
      `rpc error: code = Unknown desc = failed to pull and unpack image "${key}": failed to resolve reference "${key}": failed to do request: Head "http://kind-registry:5000/v2/${key.replace(/^[^/]+\//, '').replace(/:([^:]+)$/, '/manifests/$1')}": dial tcp: lookup kind-registry: no such host`,
    mode: modes.registryStopped,
  },
  crashLoop: { message: (_detail: string) => 'CrashLoopBackOff', mode: modes.crashLoopEmptyLogs },
  pendingExternalIp: { message: (_detail: string) => '<pending>', mode: modes.externalIpPending },
} satisfies Record<string, FailureMode>;

export type FailureName = keyof typeof failures;
