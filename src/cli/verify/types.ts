import type { FailureMode } from '../../steps/failure-modes.ts';

// The shapes `containerless verify` is built from. External programs are reached only through `Runner` and
// `Starter`, so tests can feed recorded outputs (tests/fixtures/kubectl/) or point PATH at a bare folder.

export interface RunResult {
  /** Exit code; null when the program was killed (e.g. by the timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The program is not installed (not found on PATH). */
  missing: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
}

/** Runs a program to completion. Never throws for a missing program or a failing one: that is in the result. */
export type Runner = (command: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

/** A program left running for a moment (a server, a port-forward). */
export interface Started {
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** Resolves with the exit code when it ends by itself or is stopped. */
  readonly exited: Promise<number | null>;
  /** Ends it (SIGTERM, then SIGKILL) and waits until it is gone. */
  stop(): Promise<void>;
}

export type Starter = (
  command: string,
  args: readonly string[],
  options?: { env?: Record<string, string> },
) => Promise<Started | { missing: true }>;

export interface VerifyContext {
  /** The project root: relative paths (wasm/target/..., deploy/.cache/...) start here. */
  root: string;
  run: Runner;
  start: Starter;
  /** host:port of the registry to ask (default localhost:5001). */
  registry: string;
  /** The image reference the build step tags. */
  image: string;
  cluster: string;
  kubeContext: string;
  nodeContainer: string;
  /** The container engine that runs the kind node (default docker). */
  engine?: 'docker' | 'podman';
  /** Call the service here instead of through a port-forward (e.g. a LoadBalancer address). */
  serviceUrl?: string;
  /** Check this module file instead of the usual build outputs. */
  modulePath?: string;
}

export interface CheckOutcome {
  ok: boolean;
  /** What was found, in one line. */
  detail: string;
  /** What to do when it failed, in one line. */
  fix?: string;
  /** The known failure mode this is (src/steps/failure-modes.ts), when one was recognised. */
  failure?: { id: string; name: string };
}

export interface Check {
  id: string;
  title: string;
  /** Checks that must pass first in a full run; when one fails this one is skipped (it could only fail too). */
  needs?: readonly string[] | ((ctx: VerifyContext) => readonly string[]);
  run(ctx: VerifyContext): Promise<CheckOutcome>;
}

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
  failure?: { id: string; name: string };
}

export const pass = (detail: string): CheckOutcome => ({ ok: true, detail });
export const fail = (detail: string, fix: string): CheckOutcome => ({ ok: false, detail, fix });
/** A failure recognised as one of the known failure modes: its name and its one fix. */
export const failWith = (mode: FailureMode, detail: string): CheckOutcome => ({ ok: false, detail, fix: mode.fix, failure: { id: mode.id, name: mode.name } });
