import { afterEach, describe, expect, test } from 'vitest';
import { holderOf, labelServer, pageNetwork } from '../../../src/client/page-network.ts';
import { workerHost, type GuestHost } from '../../../src/runtime/host/index.ts';
import { nodeWorker } from '../../../src/runtime/node/node-worker.ts';
import { deployed, kubeShell, testModel, workload } from './helpers.ts';

const shells: ReturnType<typeof kubeShell>[] = [];
const fresh = (base?: () => GuestHost) => {
  const t = kubeShell(testModel(), base);
  shells.push(t);
  return t;
};
afterEach(async () => {
  await Promise.all(shells.splice(0).map((t) => t.dispose()));
});

describe('kubectl run -it --rm debug ... -- sh: a shell inside the cluster', () => {
  test('opens with kubectl\'s line and the image\'s prompt; curl reaches the Service by its DNS names', async () => {
    const t = fresh();
    await deployed(t);
    const open = await t.run('kubectl run -it --rm debug --image=curlimages/curl --restart=Never -- sh');
    expect(open).toEqual({ out: "If you don't see a command prompt, try pressing enter.\n", status: 0 });
    expect(t.shell.prompt).toBe('~ $ ');
    const full = await t.run('curl word-generator.default.svc.cluster.local:8080/?starts_with=k');
    expect(full.status).toBe(0);
    expect(full.out).toMatch(/^k[a-z]+\n?$/);
    const short = await t.run('curl -s word-generator:8080/?starts_with=q');
    expect(short.out).toMatch(/^q[a-z]+\n?$/);
    // The pod's logs say a pod answered both.
    expect(t.model.cluster?.kubelet.logs(t.model.cluster.list('Pod').find((p) => p.metadata.labels?.['app.kubernetes.io/name'] === 'word-generator') as never, false)?.map((e) => e.text)).toEqual(
      expect.arrayContaining(['GET /?starts_with=k 200', 'GET /?starts_with=q 200']),
    );
    expect((await t.run('hostname')).out).toBe('debug\n');
  });

  test('inside, the terminal\'s localhost and its tools are not there: curl localhost is refused, kubectl is not found', async () => {
    const t = fresh();
    await deployed(t);
    await t.run('kubectl port-forward svc/word-generator 8080:8080 &');
    await t.run('kubectl run -it --rm debug --image=curlimages/curl --restart=Never -- sh');
    const local = await t.run('curl localhost:8080/?starts_with=k');
    expect(local.status).toBe(7);
    expect(local.out).toContain('Failed to connect to localhost port 8080');
    expect(await t.run('kubectl get pods')).toEqual({ out: 'sh: kubectl: not found\n', status: 127 });
    const nohost = await t.run('curl nope:8080/');
    expect(nohost.status).toBe(6);
    expect(nohost.out).toContain('Could not resolve host: nope');
  });

  test('exit ends it: --rm deletes the pod with kubectl\'s message and the terminal\'s own prompt is back', async () => {
    const t = fresh();
    await deployed(t);
    await t.run('kubectl run -it --rm debug --image=curlimages/curl --restart=Never -- sh');
    expect(await t.run('exit')).toEqual({ out: 'pod "debug" deleted from default namespace\n', status: 0 });
    expect(t.shell.prompt).toBe('$ ');
    // Back on the terminal: kubectl is there again, and so is its localhost.
    expect((await t.run('kubectl get deployment word-generator')).status).toBe(0);
  });

  test('exit N passes the code on, as kubectl run does for a pod that ran to completion', async () => {
    const t = fresh();
    await deployed(t);
    await t.run('kubectl run -it --rm debug --image=busybox --restart=Never -- sh');
    expect(t.shell.prompt).toBe('/ # ');
    expect(await t.run('exit 3')).toEqual({ out: 'pod "debug" deleted from default namespace\npod default/debug terminated (Error)\n', status: 3 });
  });

  test('without --restart=Never the pod restarts, so kubectl says how to attach again', async () => {
    const t = fresh();
    await deployed(t);
    await t.run('kubectl run -it --rm debug --image=curlimages/curl -- sh');
    expect((await t.run('exit')).out).toBe("Session ended, resume using 'kubectl attach debug -c debug -i -t' command when the pod is running\npod \"debug\" deleted from default namespace\n");
  });

  test('bad input: --rm without -i, sh without -it, an image without curl; nothing is opened', async () => {
    const t = fresh();
    await deployed(t);
    expect(await t.run('kubectl run --rm debug --image=curlimages/curl --restart=Never -- sh')).toEqual({ out: 'error: --rm should only be used for attached containers\n', status: 1 });
    const detached = await t.run('kubectl run debug --image=curlimages/curl --restart=Never -- sh');
    expect(detached.status).toBe(1);
    expect(detached.out).toContain('add -it');
    const nginx = await t.run('kubectl run -it --rm debug --image=nginx --restart=Never -- sh');
    expect(nginx.status).toBe(1);
    expect(nginx.out).toContain('an image with curl (curlimages/curl)');
    expect(t.shell.prompt).toBe('$ ');
  });
});

describe('the kube host wrapper names who holds a port', () => {
  test('a port-forward of this terminal holds its port, by name; other ports are the page host\'s to name', async () => {
    const t = fresh();
    await deployed(t);
    await t.run('kubectl port-forward svc/word-generator 8080:8080 &');
    const pod = t.model.cluster?.list('Pod').find((p) => p.metadata.labels?.['app.kubernetes.io/name'] === 'word-generator');
    expect(t.shell.host.holderOf?.(8080)).toBe(`kubectl port-forward (kubectl port-forward svc/word-generator 8080:8080 &) in this terminal, forwarding to pod ${pod?.metadata.name}`);
    expect(t.shell.host.holderOf?.(8090)).toBeUndefined();
    const again = await t.run('kubectl port-forward svc/word-generator 8080:8080 &');
    expect(again.status).toBe(1);
    expect(again.out).toContain('bind: address already in use');
    expect(again.out).toContain('(Port 8080 is held by job 1 of this terminal (kubectl port-forward svc/word-generator 8080:8080 &); kill %1 stops it.)');
  });
});

describe('the kube terminal on the page\'s network keeps the page\'s labels', () => {
  test('a demo holding 8090 is named to port-forward; a server started in the terminal is labelled for the page', async () => {
    // The page's own network and labels, as the lesson's terminal is mounted on them (src/terminal/view/mount.ts).
    const pageHost = () => workerHost({ createWorker: nodeWorker, network: pageNetwork(), holderOf, label: labelServer });
    const page = pageHost();
    const t = fresh(pageHost);
    try {
      await deployed(t);
      // The lesson's demo widget holds 8090, labelled as the page labels it.
      const demo = await page.startServer(await workload());
      page.label?.(demo, 'the word generator demo on this page');
      const taken = await t.run('kubectl port-forward svc/word-generator 8090:8080 &');
      expect(taken.status).toBe(1);
      expect(taken.out).toContain('(Port 8090 is held by the word generator demo on this page.)');
      await demo.stop();
      // A module started in the terminal is labelled through the wrapper, so the page can name it.
      expect((await t.run('wasmedge word_generator.wasm &')).status).toBe(0);
      expect(holderOf(8090)).toMatch(/^job 1 in the terminal \(wasmedge word_generator\.wasm &\)/);
    } finally {
      await pageNetwork().stopAll();
    }
  });
});
