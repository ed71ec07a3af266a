// `containerless run`'s route: the guest in a worker thread (workerHost + nodeWorker), the localhost bridge in this
// one. A guest that computes forever after taking a request gets that request a 503 (a short answer bound: 2 s, not the 10 s default), is
// restarted in a fresh thread, and the next client is served; the word generator keeps its connections alive.
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, wordGenerator } from './helpers/fixtures.ts';
import { inProcessHost, workerHost, type HostedServer } from '../../../src/runtime/host/index.ts';
import { exposeOnLocalhost } from '../../../src/runtime/node/expose.ts';
import { nodeWorker } from '../../../src/runtime/node/node-worker.ts';

let server: HostedServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const host = () => workerHost({ createWorker: nodeWorker, expose: exposeOnLocalhost, traceEveryServer: false });

describe('a server exposed on localhost, apart from its guest', () => {
  it('answers 503 when the guest never answers, restarts it in a fresh thread, and serves the next request', async () => {
    const stages: string[] = [];
    let serving!: () => void;
    const servingAgain = new Promise<void>((resolve) => (serving = resolve));
    server = await host().startServer(await fixture('counter_server'), {
      mode: 'jspi',
      expose: { port: 0, answerTimeoutMs: 2000, onRestart: (stage, message) => (stages.push(`${stage}: ${message}`), stage === 'serving' && serving()) },
    });
    const base = `http://127.0.0.1:${server.exposed!.port}`;
    expect(await (await fetch(`${base}/count`)).text()).toBe('1\n');
    expect(await (await fetch(`${base}/count`)).text()).toBe('2\n');
    const stuck = await fetch(`${base}/spin`);
    expect(stuck.status).toBe(503);
    expect(await stuck.text()).toContain('did not answer within 2 s; it is being restarted');
    await servingAgain;
    expect(stages).toEqual(['restarting: the module did not answer a request in time; restarting it', 'serving: the module was restarted and serves again']);
    // A fresh guest: its count starts again, on the same real port.
    expect(await (await fetch(`${base}/count`)).text()).toBe('1\n');
    expect(server.status).toBe('listening');
  }, 30_000);

  it('serves the word generator to concurrent clients through the thread boundary, and closes its port on stop', async () => {
    server = await host().startServer(await wordGenerator(), { expose: { port: 0 } });
    const { port } = server.exposed!;
    const answers = await Promise.all(['a', 'b', 'c'].map((l) => fetch(`http://127.0.0.1:${port}/?starts_with=${l}`).then((r) => r.text())));
    expect(answers.map((a) => a[0])).toEqual(['a', 'b', 'c']);
    await server.stop();
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it('says why when it cannot serve on a real port', async () => {
    const guest = await wordGenerator();
    await expect(workerHost({ createWorker: nodeWorker }).startServer(guest, { expose: { port: 0 } })).rejects.toThrow('this host cannot serve on a real port');
    await expect(inProcessHost().startServer(guest, { expose: { port: 0 } })).rejects.toThrow('an in-process host serves on its virtual network only');
  });
});
