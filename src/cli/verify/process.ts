import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { Runner, Starter, Started } from './types.ts';

// The real ways to reach other programs. Everything read-only: we run, read, and stop what we started.

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

export function createRunner(env: NodeJS.ProcessEnv = process.env, cwd?: string): Runner {
  return (command, args, options = {}) =>
    new Promise((resolve) => {
      execFile(
        command,
        [...args],
        { env, cwd, timeout: options.timeoutMs ?? 20_000, maxBuffer: 32 * 1024 * 1024, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (error && isMissing(error)) {
            resolve({ code: null, stdout: '', stderr: '', missing: true });
            return;
          }
          const exit = error as (Error & { code?: number | string; killed?: boolean }) | null;
          const code = !exit ? 0 : typeof exit.code === 'number' ? exit.code : null;
          const timedOut = exit?.killed ? `\n(stopped after ${options.timeoutMs ?? 20_000} ms)` : '';
          // A program that could not start at all (e.g. not executable) has only the error to show.
          const cannotStart = exit && typeof exit.code === 'string' ? `${command}: ${exit.message}` : '';
          resolve({ code, stdout, stderr: stderr + timedOut + cannotStart, missing: false });
        },
      );
    });
}

export function createStarter(env: NodeJS.ProcessEnv = process.env, cwd?: string): Starter {
  return (command, args, options = {}) =>
    new Promise((resolve) => {
      const child = spawn(command, [...args], { env: { ...env, ...options.env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
      const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
      child.once('error', (error) => {
        if (isMissing(error)) resolve({ missing: true });
        else resolve({ output: () => `${command}: ${error.message}`, exited: Promise.resolve(null), stop: async () => {} });
      });
      child.once('spawn', () => {
        const started: Started = {
          output: () => output,
          exited,
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
            await exited;
            clearTimeout(timer);
          },
        };
        resolve(started);
      });
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
