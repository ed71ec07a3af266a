import { describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { spawn } from 'node:child_process';
import { kindCluster, shimConfigured, findRuntime } from '../../../src/cli/verify/checks/cluster.ts';
import { deploymentReady, runtimeClassPresent } from '../../../src/cli/verify/checks/kubernetes.ts';
import { serviceAnswers } from '../../../src/cli/verify/checks/service.ts';
import { allChecks } from '../../../src/cli/verify/checks/index.ts';
import { runChecks } from '../../../src/cli/verify/engine.ts';
import type { Started, Starter } from '../../../src/cli/verify/types.ts';
import { context, failed, fixture, ok, tableRunner } from './fixtures.ts';

// The cluster checks against recorded kind/kubectl/docker outputs: no cluster can run on the test machines.

const NODES = 'kubectl get nodes -o json';
const CLUSTERS = 'kind get clusters';
const DUMP = 'docker exec containerless-control-plane containerd config dump';
const SHIM_THERE = 'docker exec containerless-control-plane test -x /usr/local/bin/containerd-shim-wasmedge-v1';
const RC = 'kubectl get runtimeclass wasmedge -o json';
const DEPLOY = 'kubectl get deployment word-generator -o json';
const PODS = 'kubectl get pods -l app.kubernetes.io/name=word-generator -o json';
const EVENTS = 'kubectl get events -o json';

describe('kind cluster up', () => {
  it('passes when the cluster exists and its node is Ready', async () => {
    const out = await kindCluster.run(context(tableRunner({ [CLUSTERS]: ok(fixture('kind-get-clusters.txt')), [NODES]: ok(fixture('nodes-ready.json')) })));
    expect(out).toMatchObject({ ok: true });
    expect(out.detail).toContain('1 node Ready');
  });

  it('fails with the create script when there is no cluster of that name', async () => {
    const out = await kindCluster.run(context(tableRunner({ [CLUSTERS]: ok('kind\n') })));
    expect(out.ok).toBe(false);
    expect(out.detail).toContain('no kind cluster named containerless (found: kind)');
    expect(out.fix).toContain('02-create-cluster.sh');
  });

  it('names the node that is not Ready', async () => {
    const out = await kindCluster.run(context(tableRunner({ [CLUSTERS]: ok(fixture('kind-get-clusters.txt')), [NODES]: ok(fixture('nodes-not-ready.json')) })));
    expect(out).toMatchObject({ ok: false, detail: 'node not Ready: containerless-control-plane' });
  });

  it('says kind is missing instead of crashing', async () => {
    const out = await kindCluster.run(context(tableRunner({})));
    expect(out).toMatchObject({ ok: false, detail: 'kind is not installed' });
    expect(out.fix).toContain('kind.sigs.k8s.io');
  });

  it('reports an API server that does not answer', async () => {
    const out = await kindCluster.run(
      context(tableRunner({ [CLUSTERS]: ok('containerless\n'), [NODES]: failed('The connection to the server 127.0.0.1:39143 was refused - did you specify the right host or port?') })),
    );
    expect(out.ok).toBe(false);
    expect(out.detail).toContain('was refused');
  });
});

describe('shim configured on the node', () => {
  it('finds the wasmedge runtime in a containerd 2 dump', async () => {
    const out = await shimConfigured.run(context(tableRunner({ [DUMP]: ok(fixture('containerd-config-dump-wasmedge.toml')), [SHIM_THERE]: ok('') })));
    expect(out).toEqual({ ok: true, detail: 'containerless-control-plane: runtime wasmedge -> /usr/local/bin/containerd-shim-wasmedge-v1' });
  });

  it('fails on a node created without the kind config, quoting the pod error it leads to', async () => {
    const out = await shimConfigured.run(context(tableRunner({ [DUMP]: ok(fixture('containerd-config-dump-default.toml')) })));
    expect(out.ok).toBe(false);
    expect(out.detail).toContain('no runtime for "wasmedge" is configured');
    expect(out.fix).toContain('deploy/kind/cluster.yaml');
  });

  it('fails when the runtime is configured but the shim binary is not mounted', async () => {
    const out = await shimConfigured.run(context(tableRunner({ [DUMP]: ok(fixture('containerd-config-dump-wasmedge.toml')), [SHIM_THERE]: failed('', 1) })));
    expect(out.ok).toBe(false);
    expect(out.fix).toContain('01-install-shim.sh');
  });

  it('reads containerd 1.x dumps too', () => {
    const v1 = '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.wasmedge]\n  runtime_type = "io.containerd.wasmedge.v1"\n[plugins."io.containerd.grpc.v1.cri".cni]\n';
    expect(findRuntime(v1, 'wasmedge')).toEqual({ runtimeType: 'io.containerd.wasmedge.v1' });
    expect(findRuntime(v1, 'wasmtime')).toBeUndefined();
  });
});

describe('RuntimeClass present', () => {
  it('passes for handler wasmedge', async () => {
    expect(await runtimeClassPresent.run(context(tableRunner({ [RC]: ok(fixture('runtimeclass-wasmedge.json')) })))).toEqual({ ok: true, detail: 'wasmedge -> handler wasmedge' });
  });

  it('fails with the apply command when it is missing', async () => {
    const out = await runtimeClassPresent.run(context(tableRunner({ [RC]: failed('Error from server (NotFound): runtimeclasses.node.k8s.io "wasmedge" not found') })));
    expect(out).toEqual({ ok: false, detail: 'no RuntimeClass wasmedge', fix: 'kubectl apply -f deploy/k8s/runtimeclass.yaml' });
  });

  it('fails when the handler names another runtime', async () => {
    const other = fixture('runtimeclass-wasmedge.json').replace('"handler": "wasmedge"', '"handler": "crun"');
    const out = await runtimeClassPresent.run(context(tableRunner({ [RC]: ok(other) })));
    expect(out.ok).toBe(false);
    expect(out.detail).toContain('handler "crun"');
  });
});

describe('Deployment ready', () => {
  it('passes when every replica is ready under the wasmedge class', async () => {
    const out = await deploymentReady.run(context(tableRunner({ [DEPLOY]: ok(fixture('deployment-ready.json')) })));
    expect(out).toEqual({ ok: true, detail: 'word-generator: 1/1 ready, runtimeClassName wasmedge' });
  });

  it('catches a pod template without runtimeClassName (the exec format error case) before looking at pods', async () => {
    const run = tableRunner({ [DEPLOY]: ok(fixture('deployment-no-runtimeclass.json')) });
    const out = await deploymentReady.run(context(run));
    expect(out.ok).toBe(false);
    expect(out.detail).toContain('runtimeClassName (none)');
    expect(out.detail).toContain('exec format error');
    expect(run.calls).toEqual([DEPLOY]);
  });

  it.each([
    ['pods-container-creating.json', 'events-no-runtime.json', 'no runtime for "wasmedge" is configured', 'containerd config dump'],
    ['pods-exec-format-error.json', 'events-empty.json', 'exec format error', 'runtimeClassName: wasmedge'],
    ['pods-image-pull.json', 'events-empty.json', 'ImagePullBackOff', '03-build-image.sh'],
    ['pods-crashloop.json', 'events-empty.json', 'CrashLoopBackOff', 'journalctl -u containerd'],
  ])('explains an unready deployment from %s + %s', async (pods, events, detail, fix) => {
    const out = await deploymentReady.run(context(tableRunner({ [DEPLOY]: ok(fixture('deployment-unready.json')), [PODS]: ok(fixture(pods)), [EVENTS]: ok(fixture(events)) })));
    expect(out.ok).toBe(false);
    expect(out.detail).toContain('0/1 ready');
    expect(out.detail).toContain(detail);
    expect(out.fix).toContain(fix);
  });

  it('ignores warnings about other pods', async () => {
    const out = await deploymentReady.run(
      context(tableRunner({ [DEPLOY]: ok(fixture('deployment-unready.json')), [PODS]: ok('{"items":[]}'), [EVENTS]: ok(fixture('events-no-runtime.json').replace(/word-generator-7d9c6b8f5d-x2k8q/g, 'other-pod')) })),
    );
    expect(out.detail).not.toContain('Readiness probe');
    expect(out.detail).toContain('no pod events yet');
  });

  it('fails with the apply command when there is no deployment', async () => {
    const out = await deploymentReady.run(context(tableRunner({ [DEPLOY]: failed('Error from server (NotFound): deployments.apps "word-generator" not found') })));
    expect(out).toEqual({ ok: false, detail: 'no deployment word-generator', fix: 'kubectl apply -f deploy/k8s/' });
  });
});

describe('Service answers with a word', () => {
  async function wordServer(answer: (url: string) => [number, string]): Promise<{ server: Server; url: string }> {
    const server = createServer((req, res) => {
      const [status, body] = answer(req.url ?? '/');
      res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
  }

  it('calls a given URL and checks the word', async () => {
    const { server, url } = await wordServer((u) => (u === '/?starts_with=d' ? [200, 'dolphin'] : [404, 'no']));
    try {
      const out = await serviceAnswers.run(context(tableRunner({}), { serviceUrl: `${url}/` }));
      expect(out).toEqual({ ok: true, detail: `${url}/?starts_with=d answered "dolphin"` });
    } finally {
      server.close();
    }
  });

  it('fails on a word that does not start with the letter', async () => {
    const { server, url } = await wordServer(() => [200, 'walrus']);
    try {
      const out = await serviceAnswers.run(context(tableRunner({}), { serviceUrl: url }));
      expect(out.ok).toBe(false);
      expect(out.detail).toContain('"walrus" does not start with d');
    } finally {
      server.close();
    }
  });

  it('goes through kubectl port-forward on a free local port and stops it afterwards', async () => {
    // Stands in for `kubectl port-forward`: a real process that listens on the port it is given and prints what kubectl prints.
    const seen: string[][] = [];
    let stopped = false;
    const start: Starter = async (command, args) => {
      seen.push([command, ...args]);
      const [local] = (args.at(-1) ?? '').split(':');
      const child = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('dingo')).listen(${local}, '127.0.0.1', () => console.log('Forwarding from 127.0.0.1:${local} -> 8090'))`]);
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      const exited = new Promise<number | null>((r) => child.once('close', r));
      const started: Started = { output: () => output, exited, stop: async () => { stopped = true; child.kill(); await exited; } };
      return started;
    };
    const out = await serviceAnswers.run(context(tableRunner({}), { start }));
    expect(out.ok).toBe(true);
    expect(out.detail).toContain('answered "dingo" (through kubectl port-forward svc/word-generator)');
    expect(seen[0]?.slice(0, 5)).toEqual(['kubectl', '--context', 'kind-containerless', 'port-forward', 'svc/word-generator']);
    expect(seen[0]?.[5]).toMatch(/^\d+:8080$/);
    expect(stopped).toBe(true);
  });

  it('fails clearly when kubectl is missing', async () => {
    const out = await serviceAnswers.run(context(tableRunner({})));
    expect(out).toMatchObject({ ok: false, detail: 'kubectl is not installed' });
  });
});

describe('a full run against a healthy recorded cluster', () => {
  it('passes every cluster check and skips nothing', async () => {
    const run = tableRunner({
      [CLUSTERS]: ok(fixture('kind-get-clusters.txt')),
      [NODES]: ok(fixture('nodes-ready.json')),
      [DUMP]: ok(fixture('containerd-config-dump-wasmedge.toml')),
      [SHIM_THERE]: ok(''),
      [RC]: ok(fixture('runtimeclass-wasmedge.json')),
      [DEPLOY]: ok(fixture('deployment-ready.json')),
    });
    const ids = ['kind-cluster', 'shim-configured', 'runtimeclass-present', 'deployment-ready'];
    const results = await runChecks(allChecks.filter((c) => ids.includes(c.id)), context(run), { skipOnFailedNeeds: true });
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('skips the checks that need the cluster when it is down', async () => {
    const ids = ['kind-cluster', 'shim-configured', 'runtimeclass-present', 'deployment-ready', 'service-answers'];
    const results = await runChecks(allChecks.filter((c) => ids.includes(c.id)), context(tableRunner({ [CLUSTERS]: ok('') })), { skipOnFailedNeeds: true });
    expect(results.map((r) => r.status)).toEqual(['fail', 'skip', 'skip', 'skip', 'skip']);
    expect(results[4]?.detail).toBe('skipped: needs "Deployment ready" first');
  });
});

