// Every guided step that names a check has a reference solution (a state in which the check passes) and a broken
// state (in which it fails with the expected fix). The states are the tools' recorded answers, real files and small
// local servers; the count of steps covered is printed with the results.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allChecks } from '../../../src/cli/verify/checks/index.ts';
import type { Started, Starter, VerifyContext } from '../../../src/cli/verify/types.ts';
import { steps } from '../../../src/steps/index.ts';
import { context, failed, fixture, missing, ok, tableRunner } from './fixtures.ts';

const temps: string[] = [];
const servers: Server[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
  for (const s of servers) s.close();
});
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'containerless-coverage-'));
  temps.push(dir);
  return dir;
};

async function serve(routes: Record<string, [string, string]>): Promise<string> {
  const server = createServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (route) res.writeHead(200, { 'content-type': route[0] }).end(route[1]);
    else res.writeHead(404).end('{}');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** Stands in for `wasmedge --env PORT=N module`: a real process serving what the module serves, on that port. */
const fakeWasmedge: Starter = async (_command, args) => {
  const port = (args.find((a) => a.startsWith('PORT=')) ?? 'PORT=0').slice(5);
  const child = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end(q.url === '/healthz' ? 'ok' : 'dolphin')).listen(${port}, '127.0.0.1')`]);
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  const started: Started = { output: () => '', exited, stop: async () => { child.kill(); await exited; } };
  return started;
};

const config = (entrypoint: string[]) => JSON.stringify({ OCIv1: { os: 'wasi', architecture: 'wasm', config: { Entrypoint: entrypoint } } });
const INSPECT = 'buildah inspect --type image localhost:5001/word-generator:0.1.0';
const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:c0', size: 300 },
  layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:l0', size: 90_000 }],
});
const registryRoutes = (manifestBody: string, type: string): Record<string, [string, string]> => ({
  '/v2/': ['application/json', '{}'],
  '/v2/word-generator/tags/list': ['application/json', '{"name":"word-generator","tags":["0.1.0"]}'],
  '/v2/word-generator/manifests/0.1.0': [type, manifestBody],
  '/v2/word-generator/blobs/sha256:c0': ['application/json', '{"os":"wasi","architecture":"wasm"}'],
});

interface States {
  solution: () => Promise<VerifyContext>;
  broken: () => Promise<VerifyContext>;
  /** Words the fix for the broken state must contain. */
  fix: string;
}

const byCheck: Record<string, States> = {
  'rust-target': {
    solution: async () => context(tableRunner({ 'rustup target list --installed': ok('wasm32-wasip1\nx86_64-unknown-linux-gnu\n'), 'rustc --version': ok('rustc 1.91.0 (f8297e351 2025-10-28)\n') })),
    broken: async () => {
      const sysroot = temp();
      mkdirSync(join(sysroot, 'lib/rustlib/wasm32-wasi/lib'), { recursive: true });
      return context(tableRunner({ 'rustup target list --installed': missing, 'rustc --version': ok('rustc 1.63.0\n'), 'rustc --print sysroot': ok(`${sysroot}\n`) }));
    },
    fix: 'rustup target add wasm32-wasip1',
  },
  'module-built': {
    solution: async () => context(tableRunner({}), { modulePath: 'public/wasm/word_generator.wasm' }),
    broken: async () => context(tableRunner({}), { modulePath: 'public/wasm/word_generator_cli.wasm' }),
    fix: 'cargo build --target wasm32-wasip1 --release',
  },
  'wasmedge-serves': {
    solution: async () => context(tableRunner({ 'wasmedge --version': ok('wasmedge version 0.14.1\n') }), { start: fakeWasmedge, modulePath: 'public/wasm/word_generator.wasm' }),
    broken: async () => context(tableRunner({})),
    fix: 'WasmEdge/master/utils/install.sh',
  },
  'image-built': {
    solution: async () => context(tableRunner({ [INSPECT]: ok(config(['/word_generator.wasm'])) })),
    broken: async () => context(tableRunner({ [INSPECT]: ok(config(['word_generator.wasm'])) })),
    fix: 'deploy/Containerfile',
  },
  'registry-has-image': {
    solution: async () => context(tableRunner({}), { registry: await serve(registryRoutes(manifest, 'application/vnd.oci.image.manifest.v1+json')) }),
    broken: async () => context(tableRunner({}), { registry: await serve(registryRoutes(fixture('registry-index-manifest.json'), 'application/vnd.oci.image.index.v1+json')) }),
    fix: '--provenance=false',
  },
  'shim-downloaded': {
    solution: async () => {
      const root = temp();
      mkdirSync(join(root, 'deploy/.cache'), { recursive: true });
      copyFileSync('/bin/true', join(root, 'deploy/.cache/containerd-shim-wasmedge-v1'));
      return context(tableRunner({}), { root });
    },
    broken: async () => context(tableRunner({}), { root: temp() }),
    fix: 'bash deploy/scripts/01-install-shim.sh',
  },
  'kind-cluster': {
    solution: async () => context(tableRunner({ 'kind get clusters': ok(fixture('kind-get-clusters.txt')), 'kubectl get nodes -o json': ok(fixture('nodes-ready.json')) })),
    broken: async () => context(tableRunner({ 'kind get clusters': ok('kind\n') })),
    fix: 'bash deploy/scripts/02-create-cluster.sh',
  },
  'shim-configured': {
    solution: async () =>
      context(tableRunner({ 'docker exec containerless-control-plane containerd config dump': ok(fixture('containerd-config-dump-wasmedge.toml')), 'docker exec containerless-control-plane test -x /usr/local/bin/containerd-shim-wasmedge-v1': ok('') })),
    broken: async () => context(tableRunner({ 'docker exec containerless-control-plane containerd config dump': ok(fixture('containerd-config-dump-default.toml')) })),
    fix: 'deploy/kind/cluster.yaml',
  },
  'runtimeclass-present': {
    solution: async () => context(tableRunner({ 'kubectl get runtimeclass wasmedge -o json': ok(fixture('runtimeclass-wasmedge.json')) })),
    broken: async () => context(tableRunner({ 'kubectl get runtimeclass wasmedge -o json': failed('Error from server (NotFound): runtimeclasses.node.k8s.io "wasmedge" not found') })),
    fix: 'kubectl apply -f deploy/k8s/runtimeclass.yaml',
  },
  'deployment-ready': {
    solution: async () => context(tableRunner({ 'kubectl get deployment word-generator -o json': ok(fixture('deployment-ready.json')) })),
    broken: async () => context(tableRunner({ 'kubectl get deployment word-generator -o json': ok(fixture('deployment-no-runtimeclass.json')) })),
    fix: 'runtimeClassName: wasmedge',
  },
  'external-ip': {
    solution: async () => context(tableRunner({ 'kubectl get services -l app.kubernetes.io/name=word-generator -o json': ok(fixture('services-loadbalancer-ready.json')) })),
    broken: async () => context(tableRunner({ 'kubectl get services -l app.kubernetes.io/name=word-generator -o json': ok(fixture('services-loadbalancer-pending.json')) })),
    fix: 'cloud-provider-kind',
  },
  'service-answers': {
    solution: async () => context(tableRunner({}), { serviceUrl: `http://${await serve({ '/?starts_with=d': ['text/plain', 'dolphin'] })}` }),
    broken: async () => context(tableRunner({}), { serviceUrl: `http://${await serve({ '/?starts_with=d': ['text/plain', 'walrus'] })}` }),
    fix: 'kubectl logs deployment/word-generator',
  },
};

const checked = steps.filter((s) => s.check !== undefined);
const machineOrCluster = steps.filter((s) => s.where !== 'page');

describe('every guided step with a check: a solution state and a broken state', () => {
  afterAll(() => {
    console.log(`verify coverage: ${checked.length} guided steps have a check, each with a solution and a broken state (${Object.keys(byCheck).length} checks); ${machineOrCluster.length - checked.length} machine/cluster steps have nothing to check: ${machineOrCluster.filter((s) => !s.check).map((s) => s.id).join(', ')}`);
  });

  it('covers every check a step names', () => {
    expect(checked.length).toBeGreaterThanOrEqual(14);
    for (const step of checked) expect(byCheck[step.check ?? ''], `no states for ${step.id} (${step.check})`).toBeDefined();
  });

  it.each(checked.map((s) => [s.id, s.check ?? ''] as [string, string]))('%s (check %s)', async (_id, checkId) => {
    const check = allChecks.find((c) => c.id === checkId);
    const states = byCheck[checkId];
    if (!check || !states) throw new Error(`no check or states for ${checkId}`);
    const good = await check.run(await states.solution());
    expect(good, good.detail).toMatchObject({ ok: true });
    const bad = await check.run(await states.broken());
    expect(bad.ok).toBe(false);
    expect(bad.fix).toContain(states.fix);
  });
});
