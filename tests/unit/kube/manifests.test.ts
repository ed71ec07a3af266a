import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { validateFile } from '../../../deploy/test/validate-manifests.ts';
import { deployFiles } from '../../../src/kube/files.ts';
import { stableJson } from '../../../src/kube/names.ts';
import { kubeShell, until } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'kube-manifests-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shells: ReturnType<typeof kubeShell>[] = [];
afterEach(async () => {
  await Promise.all(shells.splice(0).map((t) => t.dispose()));
});

const manifests = [...deployFiles].filter(([path]) => path.startsWith('deploy/k8s/'));

/** Sets (or with `undefined`, deletes) a dotted path; numbers index arrays. */
function mutate(text: string, path: (string | number)[], value: unknown): string {
  const doc = parseDocument(text);
  if (value === undefined) doc.deleteIn(path);
  else doc.setIn(path, value);
  return doc.toString();
}

const C = ['spec', 'template', 'spec', 'containers', 0];
type Case = { name: string; file: string; text: string };
const cases: Case[] = [];
const add = (file: string, name: string, path: (string | number)[], value: unknown) => cases.push({ name: `${file}: ${name}`, file, text: mutate(deployFiles.get(file)!, path, value) });

const d = 'deploy/k8s/deployment.yaml';
add(d, 'replicas as a string', ['spec', 'replicas'], 'three');
add(d, 'replicas 3', ['spec', 'replicas'], 3);
add(d, 'replicas 0', ['spec', 'replicas'], 0);
add(d, 'no selector', ['spec', 'selector'], undefined);
add(d, 'no template', ['spec', 'template'], undefined);
add(d, 'no containers', ['spec', 'template', 'spec', 'containers'], undefined);
add(d, 'containers as a map', ['spec', 'template', 'spec', 'containers'], { name: 'x' });
add(d, 'container without a name', [...C, 'name'], undefined);
add(d, 'container without an image', [...C, 'image'], undefined);
add(d, 'image as a number', [...C, 'image'], 5);
add(d, 'containerPort as a string', [...C, 'ports', 0, 'containerPort'], 'http');
add(d, 'containerPort 8080', [...C, 'ports', 0, 'containerPort'], 8080);
add(d, 'port without containerPort', [...C, 'ports', 0, 'containerPort'], undefined);
add(d, 'protocol UDP', [...C, 'ports', 0, 'protocol'], 'UDP');
add(d, 'runtimeClassName removed', ['spec', 'template', 'spec', 'runtimeClassName'], undefined);
add(d, 'runtimeClassName wasmtime', ['spec', 'template', 'spec', 'runtimeClassName'], 'wasmtime');
add(d, 'runtimeClassName as a number', ['spec', 'template', 'spec', 'runtimeClassName'], 1);
add(d, 'probe path as a number', [...C, 'readinessProbe', 'httpGet', 'path'], 7);
add(d, 'probe periodSeconds as a string', [...C, 'readinessProbe', 'periodSeconds'], 'five');
add(d, 'probe without httpGet port', [...C, 'readinessProbe', 'httpGet', 'port'], undefined);
add(d, 'probe port by name', [...C, 'readinessProbe', 'httpGet', 'port'], 'http');
add(d, 'liveness removed', [...C, 'livenessProbe'], undefined);
add(d, 'resources removed', [...C, 'resources'], undefined);
add(d, 'memory limit as a list', [...C, 'resources', 'limits', 'memory'], ['64Mi']);
add(d, 'env with a value', [...C, 'env'], [{ name: 'PORT', value: '8090' }]);
add(d, 'env without a name', [...C, 'env'], [{ value: '8090' }]);
add(d, 'env value as a number', [...C, 'env'], [{ name: 'PORT', value: 8090 }]);
add(d, 'args', [...C, 'args'], ['--verbose']);
add(d, 'args as a string', [...C, 'args'], '--verbose');
add(d, 'imagePullPolicy Always', [...C, 'imagePullPolicy'], 'Always');
add(d, 'strategy Recreate', ['spec', 'strategy'], { type: 'Recreate' });
add(d, 'revisionHistoryLimit as a bool', ['spec', 'revisionHistoryLimit'], true);
add(d, 'labels as a list', ['metadata', 'labels'], ['app']);
add(d, 'selector matchLabels as a string', ['spec', 'selector', 'matchLabels'], 'app=x');
add(d, 'an unknown field in spec', ['spec', 'replica'], 2);
add(d, 'an unknown field in a container', [...C, 'imagePolicy'], 'x');
add(d, 'apiVersion apps/v1beta1', ['apiVersion'], 'apps/v1beta1');
add(d, 'kind Deploymnet', ['kind'], 'Deploymnet');
add(d, 'no apiVersion', ['apiVersion'], undefined);
add(d, 'nodeSelector', ['spec', 'template', 'spec', 'nodeSelector'], { 'kubernetes.io/os': 'linux' });
add(d, 'nodeSelector value as a number', ['spec', 'template', 'spec', 'nodeSelector'], { a: 1 });
const r = 'deploy/k8s/runtimeclass.yaml';
add(r, 'no handler', ['handler'], undefined);
add(r, 'handler as a number', ['handler'], 3);
add(r, 'scheduling nodeSelector', ['scheduling'], { nodeSelector: { wasm: 'true' } });
add(r, 'overhead podFixed', ['overhead'], { podFixed: { memory: '16Mi' } });
add(r, 'kind RuntimeClasss', ['kind'], 'RuntimeClasss');
add(r, 'apiVersion node.k8s.io/v1beta1', ['apiVersion'], 'node.k8s.io/v1beta1');
const s = 'deploy/k8s/service.yaml';
add(s, 'type NodePort', ['spec', 'type'], 'NodePort');
add(s, 'type Bogus', ['spec', 'type'], 'Bogus');
add(s, 'port as a string', ['spec', 'ports', 0, 'port'], 'http');
add(s, 'no port', ['spec', 'ports', 0, 'port'], undefined);
add(s, 'targetPort by name', ['spec', 'ports', 0, 'targetPort'], 'http');
add(s, 'targetPort as a bool', ['spec', 'ports', 0, 'targetPort'], false);
add(s, 'protocol SCTP', ['spec', 'ports', 0, 'protocol'], 'SCTP');
add(s, 'protocol HTTP', ['spec', 'ports', 0, 'protocol'], 'HTTP');
add(s, 'selector as a list', ['spec', 'selector'], ['app']);
add(s, 'sessionAffinity ClientIP', ['spec', 'sessionAffinity'], 'ClientIP');
add(s, 'sessionAffinity Sticky', ['spec', 'sessionAffinity'], 'Sticky');
add(s, 'ports as a map', ['spec', 'ports'], { port: 8080 });
cases.push({ name: 'invalid YAML: a tab for indent', file: d, text: deployFiles.get(d)!.replace('  replicas: 1', '\treplicas: 1') });
cases.push({ name: 'invalid YAML: an unclosed quote', file: s, text: deployFiles.get(s)!.replace('name: word-generator', 'name: "word-generator') });
cases.push({ name: 'invalid YAML: a bad mapping', file: r, text: deployFiles.get(r)!.replace('handler: wasmedge', 'handler: wasmedge: x') });
cases.push({ name: 'two documents, the second wrong', file: r, text: `${deployFiles.get(r)!}---\n${stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { type: 'Wrong' } })}` });

describe('manifests, checked as CI checks them', () => {
  test('every manifest under deploy/ applies cleanly', async () => {
    const t = kubeShell();
    shells.push(t);
    await t.run('kind create cluster --config deploy/kind/cluster.yaml');
    expect(manifests.length).toBeGreaterThanOrEqual(4);
    for (const [path] of manifests) {
      const r = await t.run(`kubectl apply -f ${path}`);
      expect(r.status, r.out).toBe(0);
      expect(r.out).toMatch(/^\S+\/\S+ (created|configured|unchanged)\n$/);
    }
  });

  test(`${cases.length} mutated manifests: the model accepts or rejects each exactly as deploy/test/validate-manifests.ts does`, async () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const t = kubeShell();
    shells.push(t);
    await t.run('kind create cluster --config deploy/kind/cluster.yaml');
    const disagreements: string[] = [];
    let accepted = 0;
    for (const [i, c] of cases.entries()) {
      const path = join(dir, `case-${i}.yaml`);
      writeFileSync(path, c.text);
      const ci = validateFile(path).failures === 0;
      // Applied through the API the kubectl command uses; each case on the objects as the folder left them, once the
      // controllers are done with the last one (old pods gone, old empty ReplicaSets beyond the history limit removed).
      await until(t.model, () => {
        const c = t.model.cluster!;
        return c.list('Pod').every((p) => !p.metadata.deletionTimestamp) && c.list('ReplicaSet').filter((rs) => rs.spec.replicas === 0).length <= 10;
      });
      const before = stableJson(t.model.cluster!.data.objects.filter((o) => o.kind !== 'Pod' && o.kind !== 'Endpoints').map((o) => ({ spec: o.spec, handler: o.handler })));
      const { ok, out } = await applyText(t, c.text);
      if (ok !== ci) disagreements.push(`${c.name}: CI ${ci ? 'accepts' : 'rejects'}, the model ${ok ? 'accepts' : 'rejects'}: ${out}`);
      if (!ok) {
        const after = stableJson(t.model.cluster!.data.objects.filter((o) => o.kind !== 'Pod' && o.kind !== 'Endpoints').map((o) => ({ spec: o.spec, handler: o.handler })));
        if (!c.name.startsWith('two documents')) expect(after, `${c.name} changed something`).toBe(before);
        expect(out).toMatch(/^(error|Error from server|The \S+ "\S*" is invalid)/m);
      } else accepted++;
      await t.run(`kubectl apply -f ${c.file}`); // back to the file as it is
    }
    expect(disagreements).toEqual([]);
    // Both kinds of verdict are exercised.
    expect(accepted).toBeGreaterThan(10);
    expect(cases.length - accepted).toBeGreaterThan(10);
  });

  test('rejections read as kubectl prints them', async () => {
    const t = kubeShell();
    shells.push(t);
    await t.run('kind create cluster --config deploy/kind/cluster.yaml');
    const text = (name: string) => cases.find((c) => c.name.endsWith(name))!.text;
    expect((await applyText(t, text('replicas as a string'))).out).toBe('Error from server (BadRequest): error when creating "x.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field .spec.replicas of type int32\n');
    expect((await applyText(t, text('no selector'))).out).toBe('The Deployment "word-generator" is invalid: spec.selector: Required value\n');
    expect((await applyText(t, text('type Bogus'))).out).toBe('The Service "word-generator" is invalid: spec.type: Unsupported value: "Bogus": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"\n');
    expect((await applyText(t, text('kind Deploymnet'))).out).toBe('error: resource mapping not found for name: "word-generator" namespace: "" from "x.yaml": no matches for kind "Deploymnet" in version "apps/v1"\nensure CRDs are installed first\n');
    expect((await applyText(t, text('a tab for indent'))).out).toMatch(/^error: error parsing x\.yaml: error converting YAML to JSON: yaml: line \d+: /);
    // No name: the API server refuses it, though the schemas alone (and so CI) do not ask for one.
    const nameless = mutate(deployFiles.get(d)!, ['metadata', 'name'], undefined);
    expect((await applyText(t, nameless)).out).toContain('resource name may not be empty');
  });
});

/** kubectl apply of a text: the files the terminal reads are deploy/'s, so the test goes one level below it. */
async function applyText(t: ReturnType<typeof kubeShell>, text: string): Promise<{ ok: boolean; out: string }> {
  const { parseManifests, ApplyError } = await import('../../../src/kube/validate.ts');
  const { plain } = await import('../../../src/terminal/ansi.ts');
  const lines: string[] = [];
  let ok = true;
  try {
    for (const m of parseManifests(text, 'x.yaml')) {
      try {
        lines.push(`${m.data['kind']} ${t.model.cluster!.apply(m)}`);
      } catch (error) {
        if (!(error instanceof ApplyError)) throw error;
        lines.push(error.message);
        ok = false;
      }
    }
  } catch (error) {
    if (!(error instanceof ApplyError)) throw error;
    lines.push(error.message);
    ok = false;
  }
  return { ok, out: plain(lines.filter((l) => !/ (created|configured|unchanged)$/.test(l)).join('\n') + (ok ? '' : '\n')) };
}
