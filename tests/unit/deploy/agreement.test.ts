import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import * as names from '../../../src/steps/constants.ts';
import { steps } from '../../../src/steps/index.ts';
import { checkIds } from '../../../src/cli/verify/checks/index.ts';

// The guided steps, the deploy/ files and `containerless verify` must say the same thing. Each value lives once,
// in src/steps/constants.ts; this test reads deploy/ and fails on any drift.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const yaml = (path: string) => parse(read(path)) as any;

/** Shell-like words: quotes and a trailing `;` removed. */
export function words(line: string): string[] {
  return (line.match(/"[^"]*"|'[^']*'|[^\s]+/g) ?? []).map((w) => w.replace(/;$/, '').replace(/^["']|["']$/g, ''));
}

const isVariable = (word: string) => /^\$\{?\w+\}?$/.test(word);

/**
 * True when the step's command line is run by some line of the script: its words appear in that order in one
 * script line, which may add flags around them; a script's "$variable" stands for any one word.
 */
export function scriptRuns(script: string, command: string): boolean {
  const wanted = words(command);
  return script
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .some((line) => {
      const have = words(line);
      let i = 0;
      for (const word of have) if (i < wanted.length && (word === wanted[i] || isVariable(word))) i++;
      return i === wanted.length;
    });
}

describe('deploy/scripts/lib.sh', () => {
  const assignments = [...read('deploy/scripts/lib.sh').matchAll(/^([A-Z_]+)=([^\s$"]+)$/gm)].map((m) => [m[1] ?? '', m[2] ?? ''] as const);

  it('holds the same values as src/steps/constants.ts', () => {
    expect(assignments.length).toBeGreaterThan(15);
    const table = names as unknown as Record<string, string | number>;
    for (const [key, value] of assignments) {
      expect(table[key], `${key} in lib.sh has no twin in constants.ts`).toBeDefined();
      expect(String(table[key]), key).toBe(value);
    }
  });
});

describe('deploy/k8s manifests', () => {
  const deployment = yaml('deploy/k8s/deployment.yaml');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;

  it('RuntimeClass: name and handler are the containerd runtime name', () => {
    const rc = yaml('deploy/k8s/runtimeclass.yaml');
    expect([rc.apiVersion, rc.kind, rc.metadata.name, rc.handler]).toEqual(['node.k8s.io/v1', 'RuntimeClass', names.RUNTIME_CLASS, names.RUNTIME_CLASS]);
  });

  it('Deployment: runtime class, versioned image, port, probes on /healthz and resources', () => {
    expect(deployment.metadata.name).toBe(names.APP_NAME);
    expect(pod.runtimeClassName).toBe(names.RUNTIME_CLASS);
    expect(pod.containers).toHaveLength(1);
    expect(container.image).toBe(names.IMAGE);
    expect(container.image).not.toMatch(/:latest$/);
    expect(container.ports).toEqual([{ name: 'http', containerPort: names.CONTAINER_PORT }]);
    for (const probe of [container.readinessProbe, container.livenessProbe]) expect(probe.httpGet).toEqual({ path: names.HEALTH_PATH, port: names.CONTAINER_PORT });
    expect(Object.keys(container.resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'memory']);
  });

  it('Deployment: the selector matches the pod labels and the label verify looks for', () => {
    const [key, value] = names.APP_LABEL.split('=');
    expect(deployment.spec.selector.matchLabels).toEqual({ [key ?? '']: value });
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
  });

  it.each(['deploy/k8s/service.yaml', 'deploy/k8s/optional/service-loadbalancer.yaml'])('%s: 8080 -> 8090 on the deployment pods', (path) => {
    const service = yaml(path);
    expect(service.spec.ports).toEqual([{ name: 'http', port: names.SERVICE_PORT, targetPort: names.CONTAINER_PORT }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });

  it('the ClusterIP Service has the name the steps port-forward to; the LoadBalancer variant is separate', () => {
    expect(yaml('deploy/k8s/service.yaml')).toMatchObject({ metadata: { name: names.APP_NAME }, spec: { type: 'ClusterIP' } });
    expect(yaml('deploy/k8s/optional/service-loadbalancer.yaml')).toMatchObject({ metadata: { name: `${names.APP_NAME}-lb` }, spec: { type: 'LoadBalancer' } });
  });
});

describe('deploy/kind', () => {
  const kind = yaml(names.KIND_CONFIG);
  const patches: string = kind.containerdConfigPatches.join('\n');

  it('names the cluster as the scripts and verify do', () => {
    expect([kind.kind, kind.apiVersion, kind.name]).toEqual(['Cluster', 'kind.x-k8s.io/v1alpha4', names.CLUSTER_NAME]);
  });

  it('adds the wasmedge runtime pointing at the mounted shim, and nothing else about runtimes', () => {
    expect(patches).toContain(`[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.${names.RUNTIME_CLASS}]`);
    expect(patches).toMatch(new RegExp(`runtime_type = "${names.SHIM_NODE_PATH}"`));
    expect(patches).not.toContain('SystemdCgroup');
    expect(kind.nodes).toEqual([{ role: 'control-plane', extraMounts: [{ hostPath: names.SHIM_CACHE_PATH, containerPath: names.SHIM_NODE_PATH, readOnly: true }] }]);
  });

  it('turns on registry host configs and publishes the local registry', () => {
    expect(patches).toContain('config_path = "/etc/containerd/certs.d"');
    const hosting = yaml('deploy/kind/local-registry-hosting.yaml');
    expect(hosting.metadata).toEqual({ name: 'local-registry-hosting', namespace: 'kube-public' });
    expect(parse(hosting.data['localRegistryHosting.v1']).host).toBe(names.REGISTRY_HOST);
  });

  it('the create script hands kind the config file from the repository root, where its relative hostPath resolves', () => {
    const script = read('deploy/scripts/02-create-cluster.sh');
    expect(script).toContain('kind create cluster --config "$KIND_CONFIG"');
    expect(read('deploy/scripts/lib.sh')).toContain('cd "$REPO_ROOT"');
    expect(names.SHIM_CACHE_PATH.startsWith('deploy/')).toBe(true);
  });
});

describe('deploy/Containerfile', () => {
  const lines = read(names.CONTAINERFILE).split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  it('is scratch + the module + its absolute path as entrypoint', () => {
    expect(lines).toEqual(['FROM scratch', `COPY ${names.MODULE_FILE} /${names.MODULE_FILE}`, `ENTRYPOINT ["/${names.MODULE_FILE}"]`]);
  });
});

describe('guided steps and deploy/scripts', () => {
  it('every step that names a script runs the same command as that script', () => {
    const withScript = steps.filter((s) => s.script !== undefined);
    expect(withScript.length).toBeGreaterThan(8);
    for (const step of withScript) {
      const path = step.script ?? '';
      expect(existsSync(join(root, path)), `${step.id}: ${path}`).toBe(true);
      expect(statSync(join(root, path)).mode & 0o100, `${path} is executable`).not.toBe(0);
      const script = read(path);
      const commands = [step.command, ...(step.alternatives ?? []).map((a) => a.command)].flatMap((c) => c.split('\n'));
      for (const command of commands) {
        if (command === `bash ${path}`) continue;
        expect(scriptRuns(script, command), `${step.id}: "${command}" is not what ${path} runs`).toBe(true);
      }
    }
  });

  it('every deploy/ path a step mentions exists', () => {
    for (const step of steps) {
      const text = [step.command, step.hint, step.summary, ...(step.alternatives ?? []).map((a) => a.command)].join(' ');
      for (const [path] of text.matchAll(/deploy\/[\w./-]*\w/g)) {
        if (path.startsWith('deploy/.cache')) continue;
        expect(existsSync(join(root, path)), `${step.id} mentions ${path}`).toBe(true);
      }
    }
  });

  it('the scripts are numbered in the order they must run: the shim before the cluster that mounts it', () => {
    const scripts = ['01-install-shim.sh', '02-create-cluster.sh', '03-build-image.sh', '04-deploy.sh', '05-call.sh', '99-teardown.sh'];
    for (const s of scripts) expect(existsSync(join(root, names.SCRIPTS_DIR, s)), s).toBe(true);
    expect(read('deploy/scripts/02-create-cluster.sh')).toContain('run deploy/scripts/01-install-shim.sh first');
  });

  it('every check a step names exists in containerless verify, and every check has a step', () => {
    for (const step of steps) if (step.check) expect(checkIds, step.id).toContain(step.check);
    for (const id of checkIds) expect(steps.some((s) => s.check === id), id).toBe(true);
  });

  it('every step that names a lesson is shown in that lesson, and every deploy-side step names one', () => {
    for (const step of steps) {
      if (step.where !== 'page' && step.id !== 'run-containerless') expect(step.lesson, step.id).toBeDefined();
      if (step.lesson === undefined) continue;
      const lesson = join(root, 'content/lessons', `${step.lesson}.mdx`);
      expect(existsSync(lesson), `${step.id}: lesson ${step.lesson}`).toBe(true);
      expect(readFileSync(lesson, 'utf8'), `${step.lesson} shows ${step.id}`).toContain(`GuidedStep id="${step.id}"`);
    }
  });

  it('the matcher notices a drifted command', () => {
    const script = 'buildah build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 "$context"\n';
    expect(scriptRuns(script, 'buildah build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 public/wasm')).toBe(true);
    expect(scriptRuns(script, 'buildah build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.2.0 public/wasm')).toBe(false);
    expect(scriptRuns(script, 'buildah build --platform linux/amd64 -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 public/wasm')).toBe(false);
    expect(scriptRuns('kubectl --context "$KUBE_CONTEXT" port-forward svc/word-generator 8080:8080 >/dev/null &', 'kubectl port-forward svc/word-generator 8080:8080')).toBe(true);
  });
});

