import { afterEach, describe, expect, test } from 'vitest';
import { kubeShell, LESSON_STEPS, until } from './helpers.ts';

const shells: ReturnType<typeof kubeShell>[] = [];
const fresh = () => {
  const t = kubeShell();
  shells.push(t);
  return t;
};
afterEach(async () => {
  await Promise.all(shells.splice(0).map((t) => t.dispose()));
});

describe('lessons 6-8 in the page', () => {
  test('build, push, cluster, apply, rollout, port-forward and curl give a k word from a pod', async () => {
    const t = fresh();
    for (const line of LESSON_STEPS) {
      const r = await t.run(line);
      expect(r.status, `${line}\n${r.out}`).toBe(0);
    }
    const rollout = await t.run('kubectl rollout status deployment/word-generator --timeout=120s');
    expect(rollout.out).toContain('deployment "word-generator" successfully rolled out');
    const pf = await t.run('kubectl port-forward svc/word-generator 8080:8080 &');
    expect(pf.out).toContain('Forwarding from 127.0.0.1:8080 -> 8090');
    const word = await t.run('curl localhost:8080/?starts_with=k');
    expect(word.status).toBe(0);
    expect(word.out).toMatch(/^k[a-z]+\n/m);
    const logs = await t.run('kubectl logs deploy/word-generator');
    expect(logs.out).toContain('Listening on http://0.0.0.0:8090');
    expect(logs.out).toContain('GET /?starts_with=k 200');
    console.log(t.screen());
  });
});
