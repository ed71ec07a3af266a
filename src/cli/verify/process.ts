// The real ways verify reaches other programs, and how it cleans up after them. Each child runs in its own process
// group, so a timeout or a stop ends the child and anything it started; a child that ignores SIGTERM gets SIGKILL
// after a grace period; the result is taken when the child exits, even if a background grandchild keeps its output
// open; and whatever is still running when verify ends (normally, or on SIGINT/SIGTERM) is stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Runner, Starter, Started } from './types.ts';

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/** How long a child has between SIGTERM and SIGKILL. */
export const GRACE_MS = 2000;
/** How long output may still arrive after the child exited (a grandchild may hold the pipe open forever). */
const DRAIN_MS = 200;
const MAX_OUTPUT = 32 * 1024 * 1024;

const live = new Set<ChildProcess>();

/** Sends a signal to the child's whole process group; quiet when it is already gone. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone
  }
}

/** Ends a child's group: SIGTERM, then SIGKILL after the grace period; resolves when the child has exited. */
function endGroup(child: ChildProcess, exited: Promise<unknown>, graceMs: number): Promise<void> {
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  return exited.then(() => {
    clearTimeout(timer);
    // Leftovers that ignored SIGTERM while the leader obeyed it.
    signalGroup(child, 'SIGKILL');
  });
}

function launch(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string | undefined): ChildProcess {
  const child = spawn(command, [...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

export function createRunner(env: NodeJS.ProcessEnv = process.env, cwd?: string, graceMs = GRACE_MS): Runner {
  return (command, args, options = {}) =>
    new Promise((resolve) => {
      const timeoutMs = options.timeoutMs ?? 20_000;
      const child = launch(command, args, env, cwd);
      let stdout = '';
      let stderr = '';
      const keep = (into: 'out' | 'err') => (d: string) => {
        if (into === 'out' && stdout.length < MAX_OUTPUT) stdout += d;
        if (into === 'err' && stderr.length < MAX_OUTPUT) stderr += d;
      };
      child.stdout?.setEncoding('utf8').on('data', keep('out'));
      child.stderr?.setEncoding('utf8').on('data', keep('err'));
      let timedOut = false;
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
      const timer = setTimeout(() => {
        timedOut = true;
        void endGroup(child, exited, graceMs);
      }, timeoutMs);
      child.once('error', (error) => {
        clearTimeout(timer);
        if (isMissing(error)) resolve({ code: null, stdout: '', stderr: '', missing: true });
        else resolve({ code: null, stdout: '', stderr: `${command}: ${error.message}`, missing: false });
      });
      void exited.then(async ({ code }) => {
        clearTimeout(timer);
        // A background child it left behind is ours to end; then give the pipes a moment, and stop waiting.
        signalGroup(child, 'SIGKILL');
        await Promise.race([new Promise((r) => child.once('close', r)), new Promise((r) => setTimeout(r, DRAIN_MS))]);
        child.stdout?.destroy();
        child.stderr?.destroy();
        const note = timedOut ? `\n(${command} did not finish within ${timeoutMs} ms and was stopped)` : '';
        resolve({ code: timedOut ? null : code, stdout, stderr: stderr + note, missing: false });
      });
    });
}

export function createStarter(env: NodeJS.ProcessEnv = process.env, cwd?: string, graceMs = GRACE_MS): Starter {
  return (command, args, options = {}) =>
    new Promise((resolve) => {
      const child = launch(command, args, { ...env, ...options.env }, cwd);
      let output = '';
      const keep = (d: string) => {
        if (output.length < MAX_OUTPUT) output += d;
      };
      child.stdout?.setEncoding('utf8').on('data', keep);
      child.stderr?.setEncoding('utf8').on('data', keep);
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      child.once('error', (error) => {
        if (isMissing(error)) resolve({ missing: true });
        else resolve({ output: () => `${command}: ${error.message}`, exited: Promise.resolve(null), stop: async () => {} });
      });
      child.once('spawn', () => {
        const started: Started = {
          output: () => output,
          exited,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) await endGroup(child, exited, graceMs);
            else signalGroup(child, 'SIGKILL');
            child.stdout?.destroy();
            child.stderr?.destroy();
          },
        };
        resolve(started);
      });
    });
}

/** How many children verify has running right now (tests look at this). */
export const runningChildren = (): number => live.size;

/** Stops every child still running: SIGTERM, then SIGKILL after the grace period. */
export async function stopAll(graceMs = GRACE_MS): Promise<void> {
  await Promise.all(
    [...live].map((child) => endGroup(child, new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r))), graceMs)),
  );
}

let installed = false;

/**
 * Stops the children when verify ends: on SIGINT/SIGTERM (then exits 130/143) and, as a last resort, on exit
 * (SIGKILL, since nothing can wait there).
 */
export function cleanUpOnExit(): void {
  if (installed) return;
  installed = true;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    // A second signal while stopping: end the children at once rather than leave them behind.
    if (stopping) {
      for (const child of live) signalGroup(child, 'SIGKILL');
      process.exit(code);
    }
    stopping = true;
    process.stderr.write(`\ncontainerless verify: ${signal}, stopping what it started\n`);
    void stopAll(500).finally(() => process.exit(code));
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));
  process.once('exit', () => {
    for (const child of live) signalGroup(child, 'SIGKILL');
  });
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
