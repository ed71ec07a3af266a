import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/verify.ts';
import { allChecks } from '../../../src/cli/verify/checks/index.ts';
import { createContext, type ContextOptions } from '../../../src/cli/verify/context.ts';
import { runChecks } from '../../../src/cli/verify/engine.ts';
import { freePort } from '../../../src/cli/verify/process.ts';
import { collect, waitForOutput } from '../../support/process.ts';
import type { CheckResult } from '../../../src/cli/verify/types.ts';

// `containerless verify` on this machine, for real: missing programs, a built module, a buildah image and a
// registry served by Debian's docker-registry. Parts whose tools are not installed are skipped.

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const serverModule = join(repo, 'public/wasm/word_generator.wasm');
const cliModule = join(repo, 'public/wasm/word_generator_cli.wasm');
const has = (tool: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), `containerless-${prefix}-`));

async function check(id: string, options: ContextOptions): Promise<CheckResult> {
  const [result] = await runChecks(allChecks.filter((c) => c.id === id), createContext(options), { skipOnFailedNeeds: false });
  if (!result) throw new Error(`no check ${id}`);
  return result;
}

async function cli(argv: string[], options: ContextOptions = {}): Promise<{ code: number; out: string; err: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await main(argv, (o) => createContext({ ...options, ...o }));
    return { code, out: log.mock.calls.map((c) => c.join(' ')).join('\n'), err: error.mock.calls.map((c) => c.join(' ')).join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('without the tools installed (PATH is an empty folder)', () => {
  const empty = temp('empty-path');
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('reports every missing program as a failed check with what to install, and exits 1', async () => {
    const ids = ['wasmedge-serves', 'image-built', 'kind-cluster', 'shim-configured', 'runtimeclass-present', 'deployment-ready', 'service-answers'];
    const { code, out } = await cli([...ids, '--json'], { env: { PATH: empty } });
    expect(code).toBe(1);
    const report = JSON.parse(out) as { ok: boolean; checks: CheckResult[] };
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => [c.id, c.status, c.detail])).toEqual([
      ['wasmedge-serves', 'fail', 'wasmedge is not installed (not on PATH)'],
      ['image-built', 'fail', 'no buildah, podman or docker on PATH'],
      ['kind-cluster', 'fail', 'kind is not installed'],
      ['shim-configured', 'fail', 'docker is not installed'],
      ['runtimeclass-present', 'fail', 'kubectl is not installed'],
      ['deployment-ready', 'fail', 'kubectl is not installed'],
      ['service-answers', 'fail', 'kubectl is not installed'],
    ]);
    expect(report.checks.every((c) => (c.fix ?? '').length > 10)).toBe(true);
  });

  it('prints one line per check with the fix, in text mode', async () => {
    const { code, out } = await cli(['kind-cluster'], { env: { PATH: empty } });
    expect(code).toBe(1);
    expect(out.split('\n')[0]).toBe('✗ kind cluster up: kind is not installed → fix: install kind: https://kind.sigs.k8s.io/docs/user/quick-start/#installation');
    expect(out).toContain('0 passed, 1 failed');
  });
});

describe('the command line', () => {
  it('maps a step id to its check', async () => {
    const root = temp('root');
    try {
      const { code, out } = await cli(['build-module'], { root });
      expect(code).toBe(1);
      expect(out).toMatch(/^✗ Module built and valid: no word_generator.wasm at wasm\/target\/wasm32-wasip1\/release\/word_generator.wasm/);
      expect(out).toContain('fix: cd wasm && cargo build --target wasm32-wasip1 --release');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('rejects an unknown step with the list of checks (exit 2)', async () => {
    const { code, err } = await cli(['deploy-everything']);
    expect(code).toBe(2);
    expect(err).toContain('no step or check named "deploy-everything"');
    expect(err).toContain('deployment-ready');
  });

  it('says when a step has nothing to check (exit 2)', async () => {
    const { code, err } = await cli(['teardown']);
    expect(code).toBe(2);
    expect(err).toContain('"teardown" has nothing to check');
  });

  it('rejects an unknown option (exit 2)', async () => {
    expect((await cli(['--frobnicate'])).code).toBe(2);
  });

  it('prints help and exits 0', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: containerless verify');
  });
});

describe('module built and valid (real files)', () => {
  const root = temp('module');
  const target = join(root, 'wasm/target/wasm32-wasip1/release');
  mkdirSync(target, { recursive: true });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('passes for the server module in the cargo output folder', async () => {
    copyFileSync(serverModule, join(target, 'word_generator.wasm'));
    const result = await check('module-built', { root });
    expect(result.status).toBe('pass');
    expect(result.detail).toMatch(/^wasm\/target\/wasm32-wasip1\/release\/word_generator.wasm: \d+ KiB core module, WASI preview 1 with WasmEdge sockets, sha256 [0-9a-f]{12}$/);
  });

  it('fails for a file that is not WebAssembly', async () => {
    const bad = join(root, 'not.wasm');
    writeFileSync(bad, '#!/bin/sh\necho hi\n');
    const result = await check('module-built', { root, modulePath: bad });
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('does not start with \\0asm');
  });

  it('fails for the command-line module: it lacks the socket imports', async () => {
    const result = await check('module-built', { root, modulePath: cliModule });
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('lacks the WasmEdge socket imports (sock_open, sock_bind, sock_listen, sock_accept)');
  });

  it('fails for a truncated module', async () => {
    const cut = join(root, 'cut.wasm');
    writeFileSync(cut, (await import('node:fs')).readFileSync(serverModule).subarray(0, 4096));
    const result = await check('module-built', { root, modulePath: cut });
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('does not compile');
  });
});

describe('WasmEdge present and the module serves', () => {
  it('fails with the install command when wasmedge is missing', async () => {
    const empty = temp('no-wasmedge');
    try {
      const result = await check('wasmedge-serves', { env: { PATH: empty } });
      expect(result).toMatchObject({ status: 'fail', detail: 'wasmedge is not installed (not on PATH)' });
      expect(result.fix).toContain('WasmEdge/WasmEdge/master/utils/install.sh');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('reports what a wasmedge that cannot serve printed', async () => {
    // A `wasmedge` that prints its version and then fails the way a broken install does.
    const bin = temp('broken-wasmedge');
    try {
      writeFileSync(join(bin, 'wasmedge'), '#!/bin/sh\nif [ "$1" = --version ]; then echo "wasmedge version 0.17.1"; exit 0; fi\necho "[error] instantiation failed: unknown import, Code: 0x62" >&2\nexit 1\n');
      chmodSync(join(bin, 'wasmedge'), 0o755);
      const result = await check('wasmedge-serves', { env: { PATH: `${bin}:/usr/bin:/bin` } });
      expect(result.status).toBe('fail');
      expect(result.detail).toContain('did not answer /healthz');
      expect(result.detail).toContain('unknown import');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

const imageTools = has('buildah') && has('docker-registry');
describe.skipIf(!imageTools)('image and registry, with buildah and docker-registry', () => {
  const dir = temp('image');
  const env = { ...process.env, CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf') };
  const image = 'localhost:5001/word-generator:0.1.0';
  let registry = '';
  let server: ChildProcess | undefined;
  const buildah = (...args: string[]) => execFileSync('buildah', ['--storage-driver', 'vfs', ...args], { env, stdio: 'pipe' });

  beforeAll(async () => {
    writeFileSync(env.CONTAINERS_STORAGE_CONF, `[storage]\ndriver = "vfs"\ngraphroot = "${dir}/storage"\nrunroot = "${dir}/run"\n`);
    buildah('build', '--platform', 'wasi/wasm', '-f', join(repo, 'deploy/Containerfile'), '-t', image, join(repo, 'public/wasm'));
    // The same module packaged for the wrong platform, as a learner who forgot --platform gets.
    buildah('build', '--platform', 'linux/amd64', '-f', join(repo, 'deploy/Containerfile'), '-t', 'localhost:5001/word-generator:linux', join(repo, 'public/wasm'));
    registry = `127.0.0.1:${await freePort()}`;
    // At level info the registry says when it listens: that line is what the pushes wait for.
    writeFileSync(join(dir, 'registry.yml'), `version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/registry\nhttp:\n  addr: ${registry}\n`);
    server = spawn('docker-registry', ['serve', join(dir, 'registry.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForOutput(server, collect(server), new RegExp(`listening on ${registry.replaceAll('.', '\\.')}`), 'docker-registry', 10_000);
    buildah('push', '--tls-verify=false', image, `docker://${registry}/word-generator:0.1.0`);
    buildah('push', '--tls-verify=false', 'localhost:5001/word-generator:linux', `docker://${registry}/word-generator:linux`);
  }, 60_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const gone = new Promise((r) => server?.once('exit', r));
      server.kill();
      await gone;
    }
    try {
      buildah('rmi', '-a', '-f');
    } catch {
      // the folder goes anyway
    }
    execFileSync('chmod', ['-R', 'u+w', dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the buildah image for wasi/wasm with the absolute .wasm entrypoint', async () => {
    const result = await check('image-built', { env });
    expect(result).toMatchObject({ status: 'pass', detail: 'buildah has localhost:5001/word-generator:0.1.0: wasi/wasm, entrypoint /word_generator.wasm' });
  });

  it('fails for an image built without --platform wasi/wasm', async () => {
    const result = await check('image-built', { env, image: 'localhost:5001/word-generator:linux' });
    expect(result.status).toBe('fail');
    expect(result.detail).toBe('buildah has localhost:5001/word-generator:linux for linux/amd64, not wasi/wasm');
    expect(result.fix).toContain('--platform wasi/wasm');
  });

  it('fails for an image that was never built, with the build command', async () => {
    const result = await check('image-built', { env, image: 'localhost:5001/word-generator:9.9.9' });
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('not found (buildah: no such image');
    expect(result.fix).toContain('03-build-image.sh');
  });

  it('finds the pushed image in the registry: one wasi/wasm layer', async () => {
    const result = await check('registry-has-image', { registry });
    expect(result.status).toBe('pass');
    expect(result.detail).toMatch(new RegExp(`^${registry}/word-generator:0.1.0: wasi/wasm, 1 layer \\(\\d+ KiB\\)$`));
  });

  it('fails for a tag the registry does not have, listing the ones it has', async () => {
    const result = await check('registry-has-image', { registry, image: 'localhost:5001/word-generator:0.2.0' });
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(/has tags \[(0\.1\.0, linux|linux, 0\.1\.0)\] but not 0\.2\.0/);
    expect(result.fix).toContain('buildah push --tls-verify=false localhost:5001/word-generator:0.2.0');
  });

  it('fails for a wrong-platform image in the registry', async () => {
    const result = await check('registry-has-image', { registry, image: 'localhost:5001/word-generator:linux' });
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('is linux/amd64, not wasi/wasm');
  });

  it('fails for a registry that is not running', async () => {
    const result = await check('registry-has-image', { registry: `127.0.0.1:${await freePort()}` });
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(/^no registry at 127\.0\.0\.1:\d+: connection refused$/);
    expect(result.fix).toContain('docker start kind-registry');
  });

  it('passes both through the command line, exit code 0', async () => {
    const { code, out } = await cli(['image-build', 'image-push', '--registry', registry], { env });
    expect(out).toContain('2 passed, 0 failed');
    expect(code).toBe(0);
  });
});
