import { afterEach, describe, expect, test } from 'vitest';
import { parseLine } from '../../../src/terminal/parse.ts';
import { testShell } from './harness.ts';

const shells: ReturnType<typeof testShell>[] = [];
function fresh() {
  const t = testShell();
  shells.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(shells.splice(0).map((t) => t.shell.dispose()));
});

describe('command lines', () => {
  test('quotes, backslashes and a trailing & are understood', () => {
    expect(parseLine(`curl -H "X-Name: a b" 'localhost:8090/?starts_with=d' &`)).toEqual({
      words: ['curl', '-H', 'X-Name: a b', 'localhost:8090/?starts_with=d'],
      background: true,
    });
    expect(parseLine('echo a\\ b').words).toEqual(['echo', 'a b']);
  });

  test('an unclosed quote or a pipe gets a clear message, not a crash', async () => {
    const t = fresh();
    expect((await t.run('curl "localhost:8090')).out).toContain('missing closing double quote');
    expect((await t.run('ls | wc')).out).toContain('not supported in this terminal');
  });
});

describe('files and help', () => {
  test('ls lists the modules and the README; cat shows text and refuses binaries kindly', async () => {
    const t = fresh();
    expect((await t.run('ls')).out).toBe('README.md  word_generator.wasm  word_generator_cli.wasm\n');
    expect((await t.run('ls -l')).out).toMatch(/\d+ {2}word_generator\.wasm {2}HTTP server/);
    expect((await t.run('cat README.md')).out).toContain('curl localhost:8090/?starts_with=d');
    const binary = await t.run('cat word_generator.wasm');
    expect(binary.out).toContain('binary WebAssembly module');
    expect(binary.status).toBe(1);
    expect((await t.run('cat nope.txt')).out).toContain('No such file');
  });

  test('an unknown command says so and guesses what was meant', async () => {
    const t = fresh();
    const r = await t.run('crul localhost:8090');
    expect(r.status).toBe(127);
    expect(r.out).toContain('crul: command not found. Did you mean curl?');
    expect((await t.run('frobnicate')).out).toContain('Type help');
  });

  test('tools for the learner\'s own machine or cluster point to the step to copy', async () => {
    const t = fresh();
    const cargo = await t.run('cargo build --target wasm32-wasip1 --release');
    expect(cargo.out).toContain('cargo: this runs on your own machine');
    expect(cargo.out).toContain('cargo build --target wasm32-wasip1 --release');
    expect(cargo.out).toContain('/learn/build/#step-build-module');
    const kubectl = await t.run('kubectl port-forward svc/word-generator 8080:8080');
    expect(kubectl.out).toContain('your own Kubernetes cluster');
    expect(kubectl.out).toContain('kubectl port-forward svc/word-generator');
    for (const tool of ['rustup', 'buildah', 'podman', 'docker', 'kind', 'helm']) {
      expect((await t.run(tool)).out, tool).toMatch(/this runs on your own (machine|Kubernetes cluster)/);
    }
  });
});

describe('modules and curl on the virtual network', () => {
  test('curl before any server gets "connection refused" and a hint to start it', async () => {
    const t = fresh();
    const r = await t.run('curl localhost:8090/?starts_with=d');
    expect(r.status).toBe(7);
    expect(r.out).toContain('curl: (7) Failed to connect to localhost port 8090');
    expect(r.out).toContain('Connection refused');
    expect(r.out).toContain('wasmedge word_generator.wasm &');
  });

  test('a background server answers curl with a word starting with the letter asked for', async () => {
    const t = fresh();
    const start = await t.run('wasmedge word_generator.wasm &');
    expect(start.status).toBe(0);
    expect(start.out).toContain('Listening on http://0.0.0.0:8090');
    expect(start.out).toContain('[1]');
    for (const letter of ['k', 'd', 'z']) {
      const r = await t.run(`curl localhost:8090/?starts_with=${letter}`);
      expect(r.status).toBe(0);
      const word = r.out.split('\n')[0] ?? '';
      expect(word, r.out).toMatch(new RegExp(`^${letter}[a-z]+$`));
    }
    expect((await t.run('jobs')).out).toMatch(/\[1\]\+ {2}Running +wasmedge word_generator\.wasm &/);
  });

  test('curl -i shows the status line and headers; -v shows the request; -X and bad input get real answers', async () => {
    const t = fresh();
    await t.run('wasmedge word_generator.wasm &');
    const health = await t.run('curl -i http://localhost:8090/healthz');
    expect(health.out).toMatch(/^HTTP\/1\.1 200 OK\n/);
    // Header names as the server wrote them, then a blank line, then the body.
    expect(health.out).toMatch(/\nContent-Type: text\/plain; charset=utf-8\n[\s\S]*\n\nok\n/);
    const verbose = await t.run('curl -v "localhost:8090/?starts_with=a"');
    expect(verbose.out).toContain('> GET /?starts_with=a HTTP/1.1');
    expect(verbose.out).toContain('< HTTP/1.1 200 OK');
    expect(verbose.out).toMatch(/< Content-Length: \d+\n/);
    const bad = await t.run('curl -i "localhost:8090/?starts_with=dd"');
    expect(bad.out).toContain('400 Bad Request');
    const post = await t.run('curl -i -X POST -H "Content-Type: text/plain" -d hello localhost:8090/');
    expect(post.out).toContain('405');
    expect((await t.run('curl -z localhost:8090/')).out).toContain('is unknown');
  });

  test('kill %1 stops the server; curl is refused again; a second start works', async () => {
    const t = fresh();
    await t.run('wasmedge word_generator.wasm &');
    const killed = await t.run('kill %1');
    expect(killed.out).toContain('Terminated');
    expect((await t.run('curl localhost:8090/')).status).toBe(7);
    expect((await t.run('kill %7')).out).toContain('no such job');
    await t.run('containerless run word_generator.wasm --port 9000 &');
    const r = await t.run('curl localhost:9000/?starts_with=m');
    expect(r.out).toMatch(/^m[a-z]+\n/);
    expect((await t.run('curl localhost:8090/')).out).toContain('your server listens on port 9000');
  });

  test('two servers on one port: the second one says the address is in use', async () => {
    const t = fresh();
    await t.run('wasmedge word_generator.wasm &');
    const second = await t.run('wasmedge word_generator.wasm &');
    expect(second.status).not.toBe(0);
    expect(second.out).toMatch(/in use/i);
  });

  test('the command-line module runs with arguments, and its exit code is kept', async () => {
    const t = fresh();
    const r = await t.run('wasmedge word_generator_cli.wasm --starts-with w --count 3');
    expect(r.status).toBe(0);
    const words = r.out.trim().split('\n');
    expect(words).toHaveLength(3);
    for (const w of words) expect(w).toMatch(/^w[a-z]+$/);
    const bad = await t.run('wasmedge word_generator_cli.wasm --starts-with 7');
    expect(bad.status).toBe(2);
    expect(bad.out).toContain('single letter');
    expect((await t.run('echo $?')).out).toBe('2\n');
    expect((await t.run('wasmedge nothing.wasm')).out).toContain('no such module');
  });

  test('a server in the foreground holds the prompt until interrupted', async () => {
    const t = fresh();
    const running = t.shell.run('wasmedge word_generator.wasm');
    await expect.poll(() => t.shell.holding).toBe(true);
    expect(t.screen()).toContain('Press Ctrl+C');
    expect(t.shell.interrupt()).toBe(true);
    expect(await running).toBe(130);
    expect(t.shell.holding).toBe(false);
  });
});

describe('npx', () => {
  test('npx containerless run works as on a machine; other packages say why not', async () => {
    const t = fresh();
    const r = await t.run('npx containerless run word_generator_cli.wasm -- --starts-with n --count 1');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^n[a-z]+\n$/);
    expect((await t.run('npx cowsay hi')).out).toContain('no npm registry');
  });
});
