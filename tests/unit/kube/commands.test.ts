import { afterEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { deployed, kubeShell } from './helpers.ts';

const shells: ReturnType<typeof kubeShell>[] = [];
const fresh = () => {
  const t = kubeShell();
  shells.push(t);
  return t;
};
afterEach(async () => {
  await Promise.all(shells.splice(0).map((t) => t.dispose()));
});

describe('the commands, as the real tools answer', () => {
  test('help names the model and its commands', async () => {
    const t = fresh();
    const help = await t.run('help');
    expect(help.out).toContain('Kubernetes in this page (A model of the Kubernetes control plane');
    expect(help.out).toContain('kind create cluster --config deploy/kind/cluster.yaml');
  });

  test('skopeo inspect shows the pushed image: wasi/wasm, its digest and layer', async () => {
    const t = fresh();
    await deployed(t);
    const r = await t.run('skopeo inspect --tls-verify=false docker://localhost:5001/word-generator:0.1.0');
    const info = JSON.parse(r.out);
    expect(info).toMatchObject({ Name: 'localhost:5001/word-generator', RepoTags: ['0.1.0'], Architecture: 'wasm', Os: 'wasi' });
    expect(info.Digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(info.LayersData[0].MIMEType).toBe('application/vnd.oci.image.layer.v1.tar');
    expect((await t.run('skopeo inspect docker://localhost:5001/word-generator:0.1.0')).out).toContain('http: server gave HTTP response to HTTPS client');
    expect(JSON.parse((await t.run('skopeo inspect --tls-verify=false --config docker://localhost:5001/word-generator:0.1.0')).out).config.Entrypoint).toEqual(['/word_generator.wasm']);
  });

  test('get -o yaml/json/name, describe, and kubectl\'s errors for unknown kinds, names and paths', async () => {
    const t = fresh();
    await deployed(t);
    const yaml = parse((await t.run('kubectl get deployment word-generator -o yaml')).out);
    expect(yaml).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { spec: { runtimeClassName: 'wasmedge' } } }, status: { readyReplicas: 1 } });
    const list = JSON.parse((await t.run('kubectl get pods -o json')).out);
    expect(list.kind).toBe('List');
    expect(list.items[0].status.phase).toBe('Running');
    expect((await t.run('kubectl get svc,deploy -o name')).out).toBe('service/kubernetes\nservice/word-generator\ndeployment.apps/word-generator\n');
    const describe = await t.run('kubectl describe pod word-generator');
    expect(describe.out).toMatch(/^Name:\s+word-generator-\S+\nNamespace:\s+default\n/);
    expect(describe.out).toMatch(/Runtime Class Name:\s+wasmedge/);
    expect(describe.out).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container word-generator/);
    expect((await t.run('kubectl get widgets')).out).toBe(`error: the server doesn't have a resource type "widgets"\n`);
    expect((await t.run('kubectl get pod nope')).out).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect((await t.run('kubectl apply -f deploy/k8s/nope.yaml')).out).toContain('error: the path "deploy/k8s/nope.yaml" does not exist');
    expect((await t.run('kubectl get pods -n kube-system')).out).toContain('Error from server (NotFound): namespaces "kube-system" not found');
  });

  test('kind refuses a second cluster of the same name, as kind does', async () => {
    const t = fresh();
    await t.run('kind create cluster --config deploy/kind/cluster.yaml');
    const again = await t.run('kind create cluster --config deploy/kind/cluster.yaml');
    expect(again.status).toBe(1);
    expect(again.out).toContain('ERROR: failed to create cluster: node(s) already exist for a cluster with the name "containerless"');
  });
});
