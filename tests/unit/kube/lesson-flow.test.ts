import { afterEach, describe, expect, test } from 'vitest';
import { rehearsal } from '../../../src/kube/rehearsals.ts';
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

describe('lessons 6-8 in the page, step by step', () => {
  test('the guided steps in order give a k word from a pod through port-forward and curl', async () => {
    const t = fresh();
    await deployed(t);
    expect(t.screen()).toContain('deployment "word-generator" successfully rolled out');
    const pf = await t.run(rehearsal('port-forward') as string);
    expect(pf.out).toContain('Forwarding from 127.0.0.1:8080 -> 8090');
    const word = await t.run('curl localhost:8080/?starts_with=k');
    expect(word.status).toBe(0);
    expect(word.out).toMatch(/^k[a-z]+$/m);
    const logs = await t.run('kubectl logs deploy/word-generator');
    expect(logs.out).toContain('Listening on http://0.0.0.0:8090');
    expect(logs.out).toContain('GET /?starts_with=k 200');
    // The call-service step as written (a d word) through the same forward.
    const d = await t.run(rehearsal('call-service') as string);
    expect(d.out).toMatch(/^d[a-z]+$/m);
    const down = await t.run(rehearsal('teardown') as string);
    expect(down.out).toContain('Deleting cluster "containerless" ...');
    expect((await t.run('curl localhost:8080/')).status).toBe(7);
  });

  test('pushing before the registry runs fails as buildah does; starting it twice is a conflict', async () => {
    const t = fresh();
    await t.run(rehearsal('image-build') as string);
    const early = await t.run(rehearsal('image-push') as string);
    expect(early.status).not.toBe(0);
    expect(early.out).toContain('dial tcp [::1]:5001: connect: connection refused');
    expect((await t.run(rehearsal('registry-start') as string)).status).toBe(0);
    expect((await t.run(rehearsal('registry-start') as string)).out).toContain('Conflict. The container name "/kind-registry" is already in use');
    expect((await t.run(rehearsal('image-push') as string)).out).toContain('Writing manifest to image destination');
  });

  test('kubectl before kind create cluster says what kubectl says with no cluster', async () => {
    const t = fresh();
    const r = await t.run('kubectl get pods');
    expect(r.status).toBe(1);
    expect(r.out).toContain('The connection to the server localhost:8080 was refused');
  });
});
