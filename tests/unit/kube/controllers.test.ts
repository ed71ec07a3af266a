import { afterEach, describe, expect, test } from 'vitest';
import { deployed, kubeShell, until } from './helpers.ts';

const shells: ReturnType<typeof kubeShell>[] = [];
const fresh = () => {
  const t = kubeShell();
  shells.push(t);
  return t;
};
afterEach(async () => {
  await Promise.all(shells.splice(0).map((t) => t.dispose()));
});

const pods = (t: ReturnType<typeof kubeShell>) => t.model.cluster!.list('Pod').filter((p) => !p.metadata.deletionTimestamp);
const readyPods = (t: ReturnType<typeof kubeShell>) => pods(t).filter((p) => t.model.cluster!.isReady(p));

describe('controllers', () => {
  test('names follow Deployment -> ReplicaSet (pod-template-hash) -> Pod (five-character suffix)', async () => {
    const t = fresh();
    await deployed(t);
    const rs = t.model.cluster!.list('ReplicaSet')[0]!;
    const hash = rs.metadata.labels!['pod-template-hash']!;
    expect(rs.metadata.name).toBe(`word-generator-${hash}`);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(pods(t)[0]!.metadata.name).toMatch(new RegExp(`^word-generator-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
  });

  test('a deleted pod is replaced by a new one whose module starts cold', async () => {
    const t = fresh();
    await deployed(t);
    const before = pods(t)[0]!.metadata.name;
    const r = await t.run(`kubectl delete pod ${before}`);
    expect(r.out).toBe(`pod "${before}" deleted from default namespace\n`);
    await until(t.model, () => readyPods(t).length === 1 && readyPods(t)[0]!.metadata.name !== before);
    const after = readyPods(t)[0]!.metadata.name;
    expect(after).not.toBe(before);
    const logs = await t.run(`kubectl logs ${after}`);
    expect(logs.out.split('\n')[0]).toBe('Listening on http://0.0.0.0:8090');
    const events = await t.run('kubectl get events');
    expect(events.out).toMatch(/Normal\s+Killing\s+pod\/\S+\s+Stopping container word-generator/);
    expect(events.out).toContain(`Created pod: ${after}`);
  });

  test('scale to 3 gives three guests, and the Service spreads requests over them', async () => {
    const t = fresh();
    await deployed(t);
    expect((await t.run('kubectl scale deployment/word-generator --replicas=3')).out).toBe('deployment.apps/word-generator scaled\n');
    await until(t.model, () => readyPods(t).length === 3);
    const endpoints = await t.run('kubectl get endpoints word-generator');
    expect(endpoints.out).toMatch(/word-generator\s+10\.244\.0\.\d+:8090,10\.244\.0\.\d+:8090,10\.244\.0\.\d+:8090\s+\d+s/);
    for (let i = 0; i < 3; i++) {
      const r = await t.run('kubectl run curl --image=curlimages/curl --rm -it --restart=Never -- curl -s http://word-generator.default.svc.cluster.local:8080/?starts_with=k');
      expect(r.out).toMatch(/^k[a-z]+\npod "curl" deleted from default namespace\n$/);
    }
    const logs = await t.run('kubectl logs -l app.kubernetes.io/name=word-generator --prefix');
    const answered = new Set([...logs.out.matchAll(/^\[pod\/(\S+)\/word-generator\] GET \/\?starts_with=k 200$/gm)].map((m) => m[1]));
    expect(answered.size).toBe(3);
    const deploy = await t.run('kubectl get deployment word-generator');
    expect(deploy.out).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nword-generator\s+3\/3\s+3\s+3\s+\d+s\n$/);
  });

  test('a new image tag rolls out: a second ReplicaSet, old pods go only once new ones are ready', async () => {
    const t = fresh();
    await deployed(t);
    await t.run('buildah build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.2.0 public/wasm');
    await t.run('buildah push --tls-verify=false localhost:5001/word-generator:0.2.0');
    const set = await t.run('kubectl set image deployment/word-generator word-generator=localhost:5001/word-generator:0.2.0');
    expect(set.out).toBe('deployment.apps/word-generator image updated\n');
    const rollout = await t.run('kubectl rollout status deployment/word-generator --timeout=30s');
    expect(rollout.out).toContain('deployment "word-generator" successfully rolled out');
    const rs = await t.run('kubectl get rs');
    const lines = rs.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(rs.out).toMatch(/word-generator-\S+\s+1\s+1\s+1\s+\d+s/);
    expect(rs.out).toMatch(/word-generator-\S+\s+0\s+0\s+0\s+\d+s/);
    const events = t.model.cluster!.data.events.filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
    expect(events.at(-2)).toMatch(/^Scaled up replica set word-generator-\S+ from 0 to 1$/);
    expect(events.at(-1)).toMatch(/^Scaled down replica set word-generator-\S+ from 1 to 0$/);
    expect(pods(t)[0]!.spec.containers[0].image).toBe('localhost:5001/word-generator:0.2.0');
  });

  test('a guest that exits is restarted with back-off: CrashLoopBackOff, restart count, and its stderr in logs', async () => {
    const t = fresh();
    await deployed(t);
    // The module refuses a port out of range and exits: the container's process ends, as a crash does.
    const patch = await t.run(`kubectl patch deployment word-generator --type=json -p '[{"op":"add","path":"/spec/template/spec/containers/0/env","value":[{"name":"PORT","value":"99999"}]}]'`);
    expect(patch.out).toBe('deployment.apps/word-generator patched\n');
    const crashing = () => pods(t).find((p) => p.spec.containers[0].env);
    await until(t.model, () => (crashing()?.status.containerStatuses?.[0]?.restartCount ?? 0) >= 2, 8000);
    const get = await t.run('kubectl get pods');
    expect(get.out).toMatch(/word-generator-\S+\s+0\/1\s+(CrashLoopBackOff|Error)\s+[2-9] \(\d+s ago\)\s+\d+s/);
    const logs = await t.run(`kubectl logs ${crashing()!.metadata.name}`);
    expect(logs.out).toContain('word_generator: PORT must be a number from 1 to 65535, got "99999"');
    const describe = await t.run(`kubectl describe pod ${crashing()!.metadata.name}`);
    expect(describe.out).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+1/);
    expect(describe.out).toMatch(/Warning\s+BackOff\s+.*Back-off restarting failed container word-generator in pod/);
    // The old pod keeps serving: the rollout waits for a new pod that never becomes ready.
    expect(readyPods(t).length).toBe(1);
  });

  test('get pods -w prints the table, then each change as a row', async () => {
    const t = fresh();
    await deployed(t);
    const watching = t.hold('kubectl get pods -w');
    await watching.printed((out) => /^NAME/.test(out));
    await t.run('kubectl scale deployment/word-generator --replicas=2');
    // The table shows the first pod Running; the new pod's rows follow until it is Running too.
    await watching.printed((out) => (out.match(/1\/1\s+Running/g) ?? []).length >= 2);
    const out = await watching.stop();
    expect(out.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(out).toMatch(/word-generator-\S+\s+0\/1\s+(Pending|ContainerCreating)\s+0\s+\d+s/);
    expect(out).toMatch(/word-generator-\S+\s+1\/1\s+Running\s+0\s+\d+s/);
  });
});
