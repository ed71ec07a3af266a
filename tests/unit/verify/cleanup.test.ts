// verify against programs that misbehave: a stub kubectl that ignores SIGTERM, one that leaves a background child,
// one that answers nothing, and a port-forward left running when verify itself is told to stop.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubectl } from '../../../src/cli/verify/answers.ts';
import { deploymentReady } from '../../../src/cli/verify/checks/kubernetes.ts';
import { createRunner, createStarter, runningChildren } from '../../../src/cli/verify/process.ts';
import { context } from './fixtures.ts';
import { processAlive } from '../../support/process.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = mkdtempSync(join(tmpdir(), 'containerless-stub-kubectl-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function stub(name: string, body: string): string {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}


describe('the runner', () => {
  it('stops a program that ignores SIGTERM: SIGKILL after the grace period, and says it was stopped', async () => {
    const pidFile = join(bin, 'stubborn.pid');
    const path = stub('stubborn', `echo $$ > ${pidFile}\ntrap '' TERM\nwhile :; do sleep 0.1; done`);
    const run = createRunner(process.env, undefined, 300);
    const started = Date.now();
    // Long enough for even a loaded machine's shell to have written its pid before it is stopped.
    const result = await run(path, [], { timeoutMs: 1000 });
    const took = Date.now() - started;
    expect(result.code).toBeNull();
    expect(result.stderr).toContain('did not finish within 1000 ms and was stopped');
    expect(took).toBeLessThan(5000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => processAlive(pid), { timeout: 2000 }).toBe(false);
  });

  it('takes the result when the program exits, even if a background child keeps its output open, and ends that child', async () => {
    const pidFile = join(bin, 'child.pid');
    const path = stub('leaves-child', `sleep 30 &\necho $! > ${pidFile}\necho '{"items":[]}'\nexit 0`);
    const started = Date.now();
    const result = await createRunner()(path, []);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result).toMatchObject({ code: 0, stdout: '{"items":[]}\n', missing: false });
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await expect.poll(() => processAlive(pid), { timeout: 2000 }).toBe(false);
    expect(runningChildren()).toBe(0);
  });

  it('a started program that ignores SIGTERM is gone after stop()', async () => {
    const path = stub('forwarder', `trap '' TERM\necho 'Forwarding from 127.0.0.1:1 -> 8090'\nwhile :; do sleep 0.1; done`);
    const started = await createStarter(process.env, undefined, 300)(path, []);
    if ('missing' in started) throw new Error('missing');
    await expect.poll(() => started.output(), { timeout: 2000 }).toContain('Forwarding');
    await started.stop();
    expect(runningChildren()).toBe(0);
  });
});

describe('kubectl calls', () => {
  it('an API server that does not answer costs one timeout, then later calls fail at once with the same words', async () => {
    const calls = join(bin, 'calls.log');
    stub('kubectl', `echo call >> ${calls}\necho 'Unable to connect to the server: dial tcp 127.0.0.1:6443: i/o timeout' >&2\nexit 1`);
    const ctx = context(createRunner({ ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` }));
    const first = await kubectl(ctx, 'get', 'nodes');
    expect(first.code).toBe(1);
    const out = await deploymentReady.run(ctx);
    expect(out.ok).toBe(false);
    expect(out.detail).toContain('does not answer');
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('an empty answer from kubectl is a failed check that says so', async () => {
    const emptyBin = mkdtempSync(join(tmpdir(), 'containerless-stub-empty-'));
    try {
      writeFileSync(join(emptyBin, 'kubectl'), '#!/bin/sh\nexit 0\n');
      chmodSync(join(emptyBin, 'kubectl'), 0o755);
      const out = await deploymentReady.run(context(createRunner({ ...process.env, PATH: `${emptyBin}:${process.env['PATH'] ?? ''}` })));
      expect(out).toMatchObject({ ok: false, detail: 'kubectl get deployment word-generator printed nothing (an empty answer)' });
    } finally {
      rmSync(emptyBin, { recursive: true, force: true });
    }
  });
});

describe('containerless verify told to stop', () => {
  it('stops the port-forward it started when it gets SIGTERM', async () => {
    const forwardBin = mkdtempSync(join(tmpdir(), 'containerless-stub-forward-'));
    const pidFile = join(forwardBin, 'forward.pid');
    writeFileSync(join(forwardBin, 'kubectl'), `#!/bin/sh\necho $$ > ${pidFile}\ntrap '' TERM INT\nwhile :; do sleep 0.1; done\n`);
    chmodSync(join(forwardBin, 'kubectl'), 0o755);
    const child = spawn(process.execPath, [join(repo, 'bin/containerless.mjs'), 'verify', 'service-answers'], {
      env: { ...process.env, PATH: `${forwardBin}:${process.env['PATH'] ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    try {
      await expect.poll(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', { timeout: 15_000 }).toBe(true);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      const code = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      child.kill('SIGTERM');
      expect(await code).toBe(143);
      expect(err).toContain('SIGTERM, stopping what it started');
      await expect.poll(() => processAlive(pid), { timeout: 3000 }).toBe(false);
    } finally {
      child.kill('SIGKILL');
      rmSync(forwardBin, { recursive: true, force: true });
    }
  }, 30_000);
});
