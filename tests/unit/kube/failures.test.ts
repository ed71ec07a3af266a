import { afterEach, describe, expect, test } from 'vitest';
import { failures } from '../../../src/kube/failures.ts';
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

type Shell = ReturnType<typeof kubeShell>;
const newest = (t: Shell) => t.model.cluster!.list('Pod').filter((p) => !p.metadata.deletionTimestamp).sort((a, b) => Number(b.metadata.resourceVersion) - Number(a.metadata.resourceVersion))[0]!;
const statusOf = (t: Shell, name: string) => {
  const pod = t.model.cluster!.get('Pod', name);
  return pod?.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? pod?.status?.phase;
};
const eventMessages = (t: Shell) => t.model.cluster!.data.events.map((e) => `${e.type} ${e.reason} ${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`);

describe('the failure modes of Wasm on Kubernetes, where a real cluster shows them', () => {
  test('1. a node without the wasmedge runtime: FailedCreatePodSandBox event, pod stuck in ContainerCreating', async () => {
    const t = fresh();
    for (const line of ['buildah build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 public/wasm', 'docker run -d --restart=always -p 127.0.0.1:5001:5000 --network bridge --name kind-registry registry:3', 'buildah push --tls-verify=false localhost:5001/word-generator:0.1.0']) await t.run(line);
    const created = await t.run('kind create cluster --name containerless');
    expect(created.out).toContain('No Wasm runtime on this node');
    expect((await t.run('kubectl apply -f deploy/k8s/')).status).toBe(0);
    await until(t.model, () => eventMessages(t).some((m) => m.includes('FailedCreatePodSandBox')));
    const pod = newest(t);
    expect(eventMessages(t)).toContain(`Warning FailedCreatePodSandBox Pod/${pod.metadata.name}: Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for "wasmedge" is configured`);
    expect((await t.run('kubectl get pods')).out).toMatch(/0\/1\s+ContainerCreating\s+0/);
    expect((await t.run(`kubectl describe pod ${pod.metadata.name}`)).out).toMatch(/Warning\s+FailedCreatePodSandBox\s+\S+\s+kubelet\s+Failed to create pod sandbox: .*no runtime for "wasmedge" is configured/);
    expect(failures.noRuntime.mode.symptom).toContain('no runtime for "wasmedge" is configured');
  });

  test('2. no runtimeClassName: runc cannot exec the .wasm (exec format error), RunContainerError then back-off', async () => {
    const t = fresh();
    await deployed(t);
    await t.run(`kubectl patch deployment word-generator --type=json -p '[{"op":"remove","path":"/spec/template/spec/runtimeClassName"}]'`);
    await until(t.model, () => eventMessages(t).some((m) => m.includes('exec format error')));
    const pod = t.model.cluster!.list('Pod').find((p) => !p.spec.runtimeClassName)!;
    expect(eventMessages(t)).toContain(`Warning Failed Pod/${pod.metadata.name}: Error: ${failures.execFormat.message('/word_generator.wasm')}`);
    await until(t.model, () => ['RunContainerError', 'CrashLoopBackOff'].includes(statusOf(t, pod.metadata.name)));
    expect((await t.run('kubectl get pods')).out).toMatch(new RegExp(`${pod.metadata.name}\\s+0/1\\s+(RunContainerError|CrashLoopBackOff)`));
    expect(failures.execFormat.mode.symptom).toContain('exec format error');
    // Applying the folder again puts runtimeClassName back and the rollout completes.
    await t.run('kubectl apply -f deploy/k8s/');
    expect((await t.run('kubectl rollout status deployment/word-generator --timeout=20s')).out).toContain('successfully rolled out');
  });

  test('RuntimeClass not found: the ReplicaSet cannot create pods (FailedCreate event), the deployment says why', async () => {
    const t = fresh();
    await deployed(t);
    expect((await t.run('kubectl delete runtimeclass wasmedge')).out).toBe('runtimeclass.node.k8s.io "wasmedge" deleted\n');
    expect((await t.run('kubectl rollout restart deployment/word-generator')).out).toBe('deployment.apps/word-generator restarted\n');
    await until(t.model, () => eventMessages(t).some((m) => m.includes('FailedCreate ')));
    const events = await t.run('kubectl get events');
    expect(events.out).toMatch(/Warning\s+FailedCreate\s+replicaset\/word-generator-\S+\s+Error creating: pods "word-generator-\S+-" is forbidden: pod rejected: RuntimeClass "wasmedge" not found/);
    const d = await t.run('kubectl get deployment word-generator -o yaml');
    expect(d.out).toContain('reason: FailedCreate');
  });

  test('3. an entrypoint that is not an absolute .wasm path: the shim cannot handle the spec', async () => {
    const t = fresh();
    await deployed(t);
    await t.run(`kubectl patch deployment word-generator --type=json -p '[{"op":"add","path":"/spec/template/spec/containers/0/command","value":["word_generator.wasm"]}]'`);
    await until(t.model, () => eventMessages(t).some((m) => m.includes("executor can't handle spec")));
    expect(eventMessages(t).find((m) => m.includes("executor can't handle spec"))).toMatch(/^Warning Failed Pod\/\S+: Error: failed to create containerd task: failed to create shim task: Others\("executor can't handle spec"\): unknown$/);
  });

  test('4. an image index (buildx without --provenance=false): pull fails with no match for platform', async () => {
    const t = fresh();
    await deployed(t);
    const build = await t.run('docker buildx build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.2.0 --push public/wasm');
    expect(build.out).toContain('exporting manifest list sha256:');
    const inspect = await t.run('skopeo inspect --tls-verify=false --raw docker://localhost:5001/word-generator:0.2.0');
    expect(JSON.parse(inspect.out).mediaType).toBe('application/vnd.oci.image.index.v1+json');
    await t.run('kubectl set image deployment/word-generator word-generator=localhost:5001/word-generator:0.2.0');
    await until(t.model, () => eventMessages(t).some((m) => m.includes('no match for platform in manifest')));
    expect(eventMessages(t).find((m) => m.includes('no match for platform'))).toContain('Failed to pull image "localhost:5001/word-generator:0.2.0": rpc error: code = NotFound desc = failed to pull and unpack image "localhost:5001/word-generator:0.2.0": no match for platform in manifest: not found');
    await until(t.model, () => t.model.cluster!.list('Pod').some((p) => ['ErrImagePull', 'ImagePullBackOff'].includes(p.status?.containerStatuses?.[0]?.state?.waiting?.reason)));
    expect((await t.run('kubectl get pods')).out).toMatch(/0\/1\s+(ErrImagePull|ImagePullBackOff)/);
  });

  test('6. the WasmEdge socket module on a Wasmtime handler: unknown import in the logs', async () => {
    const t = fresh();
    await t.run('docker run -d -p 127.0.0.1:5001:5000 --name kind-registry registry:3');
    await t.run('buildah build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 public/wasm');
    await t.run('buildah push --tls-verify=false localhost:5001/word-generator:0.1.0');
    // A node whose containerd has the Wasmtime shim under the handler name the course's RuntimeClass uses.
    t.model.createCluster('containerless', {
      source: 'wasmtime.yaml',
      text: 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\ncontainerdConfigPatches:\n  - |-\n    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.wasmedge]\n      runtime_type = "/usr/local/bin/containerd-shim-wasmtime-v1"\n',
    });
    await t.run('kubectl apply -f deploy/k8s/');
    await until(t.model, () => t.model.cluster!.list('Pod').some((p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1));
    const logs = await t.run('kubectl logs deploy/word-generator');
    expect(logs.out).toContain('unknown import: `wasi_snapshot_preview1::sock_open` has not been defined');
    expect(failures.unknownImport.mode.symptom).toContain('unknown import');
  });

  test('a :latest tag with the registry stopped: every start pulls, and the pull fails', async () => {
    const t = fresh();
    await deployed(t);
    await t.run('buildah build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:latest public/wasm');
    await t.run('buildah push --tls-verify=false localhost:5001/word-generator:latest');
    expect((await t.run('docker stop kind-registry')).out).toBe('kind-registry\n');
    await t.run('kubectl set image deployment/word-generator word-generator=localhost:5001/word-generator:latest');
    await until(t.model, () => eventMessages(t).some((m) => m.includes('Failed to pull image "localhost:5001/word-generator:latest"')));
    const yaml = await t.run('kubectl get deployment word-generator -o yaml');
    expect(yaml.out).toContain('imagePullPolicy: Always');
    // The 0.1.0 pod, already on the node, keeps serving.
    expect((await t.run('kubectl get deployment word-generator')).out).toMatch(/word-generator\s+1\/1/);
  });

  test('8. a LoadBalancer without cloud-provider-kind keeps EXTERNAL-IP <pending>', async () => {
    const t = fresh();
    await deployed(t);
    const applied = await t.run('kubectl apply -f deploy/k8s/optional/service-loadbalancer.yaml');
    expect(applied.status).toBe(0);
    const svc = await t.run('kubectl get svc');
    expect(svc.out).toMatch(/LoadBalancer\s+10\.96\.\d+\.\d+\s+<pending>\s+8080:3\d{4}\/TCP/);
    expect(failures.pendingExternalIp.mode.symptom).toContain('<pending>');
  });
});

describe('one name per failure', () => {
  test("the model's messages are recognised by the patterns containerless verify uses (src/steps/failure-modes.ts)", () => {
    const samples: [keyof typeof failures, string][] = [
      ['noRuntime', 'wasmedge'],
      ['runtimeClassNotFound', 'wasmedge'],
      ['execFormat', '/word_generator.wasm'],
      ['entrypoint', 'word_generator.wasm'],
      ['imageIndex', ''],
      ['unknownImport', 'wasi_snapshot_preview1::sock_open'],
    ];
    for (const [name, detail] of samples) {
      const { message, mode } = failures[name];
      expect(mode.patterns.some((p) => p.test(message(detail))), `${name}: "${message(detail)}" vs ${mode.patterns.join(' ')}`).toBe(true);
    }
  });
});
