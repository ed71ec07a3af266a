// `containerless run` as a learner runs it: a child process, real stdio, a real port, Ctrl-C.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleWithUnknownImport } from './helpers/fixtures.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/containerless.mjs');
const wasm = (p: string) => join(root, p);

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, 'run', ...args], { cwd: root, input: input ?? '', encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Resolves once the child's stderr shows `text`; rejects if it exits first. */
function stderrShows(child: ReturnType<typeof spawn>, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes(text)) resolve(stderr);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before saying ${JSON.stringify(text)}:\n${stderr}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('containerless run with a command module', () => {
  it('runs it with the arguments after -- and passes its output and exit code through', () => {
    const ok = run([wasm('public/wasm/word_generator_cli.wasm'), '--', '--starts-with', 'm', '--count', '4']);
    expect(ok.code).toBe(0);
    const words = ok.stdout.trim().split('\n');
    expect(words).toHaveLength(4);
    for (const w of words) expect(w[0]).toBe('m');
    const bad = run([wasm('public/wasm/word_generator_cli.wasm'), '--', '--starts-with', '9']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('a single letter from a to z');
  });

  it('gives the module this process stdin, env and a working filesystem', () => {
    const r = run([wasm('tests/fixtures/wasm/fs_tour.wasm'), '--env', 'GREETING=hey', '--', 'x'], 'piped in\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('env GREETING=hey\n');
    expect(r.stdout).toContain('stdin piped in\n');
  });

  it('reports a crash with the module message', () => {
    const r = run([wasm('tests/fixtures/wasm/crash.wasm')]);
    expect(r.code).toBe(134);
    expect(r.stderr).toContain('about to fail');
    expect(r.stderr).toMatch(/the module crashed: .*unreachable/);
  });
});

describe('containerless run errors', () => {
  it('says when the file is missing, is not wasm, or no file was given', () => {
    const missing = run(['nowhere/app.wasm']);
    expect([missing.code, missing.stderr.trim()]).toEqual([1, 'containerless run: no such file: nowhere/app.wasm']);
    const notWasm = run(['package.json']);
    expect(notWasm.code).toBe(1);
    expect(notWasm.stderr).toContain('package.json is not a WebAssembly module');
    const none = run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give the path of a .wasm file');
  });

  it('names the import it does not provide', () => {
    const dir = mkdtempSync(join(tmpdir(), 'containerless-'));
    const file = join(dir, 'odd.wasm');
    writeFileSync(file, moduleWithUnknownImport());
    const r = run([file]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('containerless run: this module imports wasi_snapshot_preview1::sock_foo, which containerless run does not provide');
  });

  it('rejects unknown options and bad values', () => {
    expect(run(['x.wasm', '--bogus']).stderr).toContain('unknown option --bogus');
    expect(run(['x.wasm', '--port', 'abc']).stderr).toContain('--port must be a number');
    expect(run(['x.wasm', '--env', 'NOVALUE']).stderr).toContain('--env takes NAME=VALUE');
  });

  it('says when the port is in use', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const r = run([wasm('public/wasm/word_generator.wasm'), '--port', String(port)]);
    blocker.close();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
  });
});

describe.each(['jspi', 'per-request'])('containerless run with the server module (%s)', (mode) => {
  it('serves a real client on localhost and stops cleanly on Ctrl-C', async () => {
    // Port 0: the system gives a free port and the CLI says which (no port freed here for another process to take).
    const child = spawn(process.execPath, [bin, 'run', wasm('public/wasm/word_generator.wasm'), '--port', '0', '--mode', mode], { cwd: root });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    // 'close': the exit code once its output has all been read.
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const serving = /serving word_generator\.wasm on http:\/\/127\.0\.0\.1:(\d+)/.exec(await stderrShows(child, 'Press Ctrl-C'));
    expect(serving).not.toBeNull();
    const port = Number(serving![1]);
    const res = await fetch(`http://localhost:${port}/?starts_with=d`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^d[a-z]+\n$/);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Listening on http://0.0.0.0:8090\nGET /?starts_with=d 200\n');
    expect(stderr).toContain('stopping');
  });
});

describe('containerless run with a server that computes forever', () => {
  it('still stops on Ctrl-C (the guest runs in a worker thread)', async () => {
    const child = spawn(process.execPath, [bin, 'run', wasm('tests/fixtures/wasm/counter_server.wasm'), '--port', '0'], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const port = Number(/on http:\/\/127\.0\.0\.1:(\d+)/.exec(await stderrShows(child, 'Press Ctrl-C'))?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(await (await fetch(`http://127.0.0.1:${port}/count`)).text()).toBe('1\n');
    // A request that sets the guest computing forever, on its way before Ctrl-C.
    const spin = net.connect(port, '127.0.0.1');
    spin.on('error', () => undefined);
    await new Promise<void>((resolve) => spin.write('GET /spin HTTP/1.1\r\nHost: localhost\r\n\r\n', () => resolve()));
    const spinClosed = new Promise<void>((resolve) => spin.on('close', () => resolve()));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('containerless run: stopping');
    await spinClosed;
  });
});
