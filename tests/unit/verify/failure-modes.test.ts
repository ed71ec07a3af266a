// Every failure mode in src/steps/failure-modes.ts, recognised by verify from what the tools print in that state
// (recorded outputs in tests/fixtures/kubectl/), reported with its name and its one fix.
import { describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { kindCluster, shimConfigured } from '../../../src/cli/verify/checks/cluster.ts';
import { imageBuilt } from '../../../src/cli/verify/checks/image.ts';
import { deploymentReady, externalIp } from '../../../src/cli/verify/checks/kubernetes.ts';
import { machineReachesRegistry, registryHasImage } from '../../../src/cli/verify/checks/registry.ts';
import { freePort } from '../../../src/cli/verify/process.ts';
import { formatLine } from '../../../src/cli/verify/report.ts';
import type { CheckOutcome, RunResult } from '../../../src/cli/verify/types.ts';
import { failureModes, recognise, type FailureMode } from '../../../src/steps/failure-modes.ts';
import { context, failed, fixture, ok, tableRunner } from './fixtures.ts';

const DEPLOY = 'kubectl get deployment word-generator -o json';
const PODS = 'kubectl get pods -l app.kubernetes.io/name=word-generator -o json';
const EVENTS = 'kubectl get events -o json';
const LOGS = 'kubectl logs deployment/word-generator --tail=20';
const JOURNAL = 'docker exec containerless-control-plane journalctl -u containerd --no-pager -n 400';

/** A registry that answers from a table of paths; anything else is 404. */
async function fakeRegistry(routes: Record<string, { type: string; body: string }>): Promise<{ server: Server; host: string }> {
  const server = createServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (!route) res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
    else res.writeHead(200, { 'content-type': route.type }).end(route.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return { server, host: `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

const unready = (pods: string, events: string, more: Record<string, RunResult> = {}) =>
  deploymentReady.run(context(tableRunner({ [DEPLOY]: ok(fixture('deployment-unready.json')), [PODS]: ok(fixture(pods)), [EVENTS]: ok(fixture(events)), ...more })));

// One scenario per failure mode: the state as the tools print it, and the check that should name it.
const scenarios: Record<string, () => Promise<CheckOutcome>> = {
  'no-runtime-configured': () => shimConfigured.run(context(tableRunner({ 'docker exec containerless-control-plane containerd config dump': ok(fixture('containerd-config-dump-default.toml')) }))),
  'exec-format-error': () => unready('pods-exec-format-error.json', 'events-empty.json'),
  'executor-cant-handle-spec': () => unready('pods-cant-handle-spec.json', 'events-empty.json', { [LOGS]: ok('') }),
  'no-match-for-platform': () => unready('pods-image-pull-platform.json', 'events-no-match-platform.json'),
  'kind-load-snapshot': () => unready('pods-create-container-error.json', 'events-kind-load-snapshot.json'),
  'sock-open-on-wasmtime': () => unready('pods-sock-open-wasmtime.json', 'events-empty.json', { [LOGS]: ok('') }),
  'crashloop-empty-logs': () => unready('pods-crashloop.json', 'events-empty.json', { [LOGS]: ok(''), [JOURNAL]: ok(fixture('journalctl-containerd-wasm.txt')) }),
  'external-ip-pending': () => externalIp.run(context(tableRunner({ 'kubectl get services -l app.kubernetes.io/name=word-generator -o json': ok(fixture('services-loadbalancer-pending.json')) }))),
  'podman-only': () => kindCluster.run(context(tableRunner({ 'kind get clusters': failed(fixture('kind-get-clusters-no-docker.txt')) }))),
  'classic-image-store': async () => {
    const registry = `127.0.0.1:${await freePort()}`;
    const run = tableRunner({
      'docker image inspect localhost:5001/word-generator:0.1.0': failed('Error response from daemon: No such image: localhost:5001/word-generator:0.1.0'),
      'docker info --format {{json .DriverStatus}}': ok(fixture('docker-info-driver-status-classic.json')),
    });
    return imageBuilt.run(context(run, { registry }));
  },
  'podman-machine-localhost': async () => {
    const run = tableRunner({ 'podman machine ssh curl -sS -o /dev/null -w %{http_code} http://localhost:5001/v2/': failed(fixture('podman-machine-ssh-curl-refused.txt'), 7) });
    const out = await machineReachesRegistry(context(run, { engine: 'podman' }), 'darwin');
    if (!out) throw new Error('not recognised');
    return out;
  },
  'registry-stopped': async () => {
    const registry = `127.0.0.1:${await freePort()}`;
    return registryHasImage.run(context(tableRunner({ 'docker inspect -f {{.State.Running}} kind-registry': ok(fixture('docker-inspect-registry-stopped.txt')) }), { registry }));
  },
};

describe('each failure mode is named from what the tools print', () => {
  it('has a scenario for every failure mode, eight in the cluster and four on the laptop', () => {
    expect(Object.keys(scenarios).sort()).toEqual(failureModes.map((m) => m.id).sort());
    expect(failureModes.filter((m) => m.area === 'cluster')).toHaveLength(8);
    expect(failureModes.filter((m) => m.area === 'laptop')).toHaveLength(4);
  });

  it.each(failureModes.map((m) => [m.id, m] as [string, FailureMode]))('%s', async (id, mode) => {
    const scenario = scenarios[id];
    if (!scenario) throw new Error(`no scenario for ${id}`);
    const out = await scenario();
    expect(out.ok).toBe(false);
    expect(out.failure).toEqual({ id: mode.id, name: mode.name });
    expect(out.fix).toBe(mode.fix);
    const line = formatLine({ id: 'x', title: 'Check', status: 'fail', detail: out.detail, fix: out.fix ?? '', failure: out.failure ?? { id: '', name: '' } });
    expect(line).toContain(`[${mode.name}]`);
    expect(line).toContain(`→ fix: ${mode.fix}`);
  });

  it('quotes containerd\'s own words for a crash loop with empty logs', async () => {
    const out = await scenarios['crashloop-empty-logs']!();
    expect(out.detail).toContain('kubectl logs printed nothing');
    expect(out.detail).toContain('containerd says:');
    expect(out.detail).toContain('module is not a valid wasm file');
  });

  it('recognises the build and push errors the scripts may print', () => {
    expect(recognise(fixture('docker-buildx-load-classic.txt').split('\n'))?.mode.id).toBe('classic-image-store');
    expect(recognise(fixture('podman-push-machine-refused.txt').split('\n'))?.mode.id).toBe('podman-machine-localhost');
    expect(recognise(fixture('docker-run-registry-conflict.txt').split('\n'))?.mode.id).toBe('registry-stopped');
  });

  it('names an index in the registry as no-match-for-platform', async () => {
    const { server, host } = await fakeRegistry({
      '/v2/': { type: 'application/json', body: '{}' },
      '/v2/word-generator/tags/list': { type: 'application/json', body: '{"name":"word-generator","tags":["0.1.0"]}' },
      '/v2/word-generator/manifests/0.1.0': { type: 'application/vnd.oci.image.index.v1+json', body: fixture('registry-index-manifest.json') },
    });
    try {
      const out = await registryHasImage.run(context(tableRunner({}), { registry: host }));
      expect(out.failure?.id).toBe('no-match-for-platform');
    } finally {
      server.close();
    }
  });

  it('names a Docker CLI without its daemon as the Podman case when Podman is what runs', async () => {
    const run = tableRunner({ 'kind get clusters': failed(fixture('kind-get-clusters-docker-stopped.txt')) });
    const withPodman = await kindCluster.run(context(run, { engine: 'podman' }));
    expect(withPodman.failure?.id).toBe('podman-only');
  });

  it('passes the laptop states that are fine', async () => {
    const balanced = await externalIp.run(context(tableRunner({ 'kubectl get services -l app.kubernetes.io/name=word-generator -o json': ok(fixture('services-loadbalancer-ready.json')) })));
    expect(balanced).toEqual({ ok: true, detail: 'word-generator-lb at 172.18.0.3' });
    const linux = await machineReachesRegistry(context(tableRunner({}), { engine: 'podman' }), 'linux');
    expect(linux).toBeUndefined();
  });
});

describe('answers that are empty or not JSON are failed checks with a clear message', () => {
  it.each([
    ['', 'printed nothing (an empty answer)'],
    ['<html>proxy error</html>', 'did not print JSON (it began: "<html>proxy error</html>")'],
  ])('kubectl get deployment printing %j', async (stdout, words) => {
    const out = await deploymentReady.run(context(tableRunner({ [DEPLOY]: ok(stdout) })));
    expect(out.ok).toBe(false);
    expect(out.detail).toBe(`kubectl get deployment word-generator ${words}`);
  });

  it('a registry answering HTML instead of a tag list', async () => {
    const { server, host } = await fakeRegistry({ '/v2/': { type: 'application/json', body: '{}' }, '/v2/word-generator/tags/list': { type: 'text/html', body: '<h1>hi</h1>' } });
    try {
      const out = await registryHasImage.run(context(tableRunner({}), { registry: host }));
      expect(out.ok).toBe(false);
      expect(out.detail).toContain('the tag list of word-generator is not JSON');
    } finally {
      server.close();
    }
  });
});

describe('the node engine', () => {
  it('asks Podman when Docker is installed but its daemon does not answer and Podman is there', async () => {
    const { mkdtempSync, writeFileSync, chmodSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { engineRun } = await import('../../../src/cli/verify/engine-name.ts');
    const dir = mkdtempSync(join(tmpdir(), 'containerless-podman-on-path-'));
    writeFileSync(join(dir, 'podman'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, 'podman'), 0o755);
    const saved = process.env['PATH'];
    process.env['PATH'] = `${dir}:${saved ?? ''}`;
    try {
      const run = tableRunner({
        'docker exec containerless-control-plane containerd config dump': failed('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'),
        'podman exec containerless-control-plane containerd config dump': ok(fixture('containerd-config-dump-wasmedge.toml')),
      });
      const out = await engineRun(context(run), ['exec', 'containerless-control-plane', 'containerd', 'config', 'dump']);
      expect(out.code).toBe(0);
      expect(run.calls).toEqual(['docker exec containerless-control-plane containerd config dump', 'podman exec containerless-control-plane containerd config dump']);
    } finally {
      process.env['PATH'] = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
