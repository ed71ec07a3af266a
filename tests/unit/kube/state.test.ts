import { afterEach, describe, expect, test } from 'vitest';
import { loadState, STATE_VERSION } from '../../../src/kube/state.ts';
import { deployed, kubeShell, testModel, until } from './helpers.ts';

const shells: ReturnType<typeof kubeShell>[] = [];
afterEach(async () => {
  await Promise.all(shells.splice(0).map((t) => t.dispose()));
});

function memoryStorage(initial: string | null = null) {
  let text = initial;
  return { load: () => text, save: (t: string) => void (text = t), get text() { return text; } };
}

describe('the model survives a reload and can be reset', () => {
  test('after a reload the same objects are there and the pods start again, cold, under the same names', async () => {
    const storage = memoryStorage();
    const first = kubeShell(testModel({ storage }));
    shells.push(first);
    await deployed(first);
    const podName = first.model.cluster!.list('Pod')[0]!.metadata.name;
    await first.model.cluster!.shutdown();
    const saved = JSON.parse(storage.text!);
    expect(saved.version).toBe(STATE_VERSION);

    const second = kubeShell(testModel({ storage }));
    shells.push(second);
    await until(second.model, () => second.model.cluster!.list('Pod').some((p) => second.model.cluster!.isReady(p)));
    expect((await second.run('kubectl get pods')).out).toMatch(new RegExp(`${podName}\\s+1/1\\s+Running`));
    expect((await second.run('kubectl get runtimeclass')).out).toMatch(/^NAME\s+HANDLER\s+AGE\nwasmedge\s+wasmedge\s+\d+s\n$/);
    expect((await second.run('kubectl logs ' + podName)).out.split('\n')[0]).toBe('Listening on http://0.0.0.0:8090');
    expect((await second.run('kind get clusters')).out).toBe('containerless\n');
    expect((await second.run('kind delete cluster')).out).toBe('Deleting cluster "containerless" ...\nDeleted nodes: ["containerless-control-plane"]\n');
    expect(JSON.parse(storage.text!).cluster).toBeUndefined();
    expect((await second.run('kind get clusters')).out).toBe('No kind clusters found.\n');
  });

  test('saved state that is corrupt or from another version starts afresh and says so', () => {
    expect(loadState('{not json').problem).toContain('could not be read');
    expect(loadState(JSON.stringify({ version: 99 })).problem).toContain('another version');
    const m = testModel({ storage: memoryStorage('{"version":1,"registry":') });
    expect(m.notice).toContain('could not be read');
    expect(m.cluster).toBeUndefined();
  });

  test('storage that throws (blocked, full) never stops the model', async () => {
    const t = kubeShell(testModel({ storage: { load: () => { throw new Error('blocked'); }, save: () => { throw new Error('full'); } } }));
    shells.push(t);
    expect((await t.run('kind create cluster --config deploy/kind/cluster.yaml')).status).toBe(0);
    expect((await t.run('kubectl get runtimeclass')).out).toBe('No resources found.\n');
  });
});
