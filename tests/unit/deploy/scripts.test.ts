// deploy/scripts on every laptop, run for real against stand-ins for docker, podman, kind, kubectl, buildah, curl and
// uname (tests/unit/deploy/stubs/tool.sh) that record their calls and answer as the real tools do. Each case starts
// from a machine state (engine installed or not, daemon up or down, registry absent/stopped/running, cluster there
// or not, image store, OS) and checks the calls the scripts made and what they said.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processAlive } from '../../support/process.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const stub = fileURLToPath(new URL('./stubs/tool.sh', import.meta.url));
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

// The real programs the scripts use besides the stubbed tools; the PATH holds only these and the stubs, so the
// docker and kubectl installed on a test machine are never reached.
const SYSTEM = ['bash', 'sed', 'grep', 'mkdir', 'cat', 'dirname', 'basename', 'mktemp', 'rm', 'tr', 'head', 'tail', 'tar', 'gzip', 'install', 'seq', 'sleep', 'cp', 'env', 'printf', 'touch'];

type Tool = 'docker' | 'podman' | 'kind' | 'kubectl' | 'buildah' | 'curl' | 'uname';

interface Machine {
  tools: Tool[];
  state?: Record<string, string>;
  env?: Record<string, string>;
}

function machine({ tools, state = {}, env = {} }: Machine) {
  const dir = mkdtempSync(join(tmpdir(), 'containerless-scripts-'));
  temps.push(dir);
  const project = join(dir, 'project');
  for (const part of ['deploy/scripts', 'deploy/kind', 'deploy/k8s']) cpSync(join(repo, part), join(project, part), { recursive: true });
  copyFileSync(join(repo, 'deploy/Containerfile'), join(project, 'deploy/Containerfile'));
  mkdirSync(join(project, 'public/wasm'), { recursive: true });
  copyFileSync(join(repo, 'public/wasm/word_generator.wasm'), join(project, 'public/wasm/word_generator.wasm'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const name of SYSTEM) {
    const path = execFileSync('bash', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    if (path.startsWith('/')) symlinkSync(path, join(bin, name));
  }
  for (const tool of [...tools, 'uname' as const]) symlinkSync(stub, join(bin, tool));
  const stateDir = join(dir, 'state');
  mkdirSync(stateDir);
  for (const [k, v] of Object.entries(state)) writeFileSync(join(stateDir, k), v);
  // A release archive like runwasi's, holding an ELF file under the shim's name.
  const shimDir = join(dir, 'shim');
  mkdirSync(shimDir);
  copyFileSync('/bin/true', join(shimDir, 'containerd-shim-wasmedge-v1'));
  chmodSync(join(shimDir, 'containerd-shim-wasmedge-v1'), 0o755);
  execFileSync('tar', ['-czf', join(dir, 'shim.tar.gz'), '-C', shimDir, 'containerd-shim-wasmedge-v1']);
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const run = (script: string, ...args: string[]) => {
    const result = spawnSync(join(bin, 'bash'), [join(project, 'deploy/scripts', script), ...args], {
      env: { PATH: bin, HOME: dir, STUB_LOG: log, STUB_STATE: stateDir, STUB_SHIM_TAR: join(dir, 'shim.tar.gz'), ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  const calls = () => readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
  const clear = () => writeFileSync(log, '');
  const shimReady = () => {
    mkdirSync(join(project, 'deploy/.cache'), { recursive: true });
    copyFileSync('/bin/true', join(project, 'deploy/.cache/containerd-shim-wasmedge-v1'));
  };
  const stateOf = (key: string) => readFileSync(join(stateDir, key), 'utf8');
  return { run, calls, clear, shimReady, stateOf };
}

const CLUSTER_TOOLS: Tool[] = ['kind', 'kubectl'];
const REGISTRY_RUN = 'run -d --restart=always -p 127.0.0.1:5001:5000 --network bridge --name kind-registry registry:3';

describe('01-install-shim.sh', () => {
  it('downloads the shim once; a second run keeps it', () => {
    const m = machine({ tools: ['curl'] });
    const first = m.run('01-install-shim.sh');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('shim ready: deploy/.cache/containerd-shim-wasmedge-v1');
    expect(m.calls().join('\n')).toContain('containerd-shim-wasmedge%2Fv0.6.0/containerd-shim-wasmedge-x86_64-linux-musl.tar.gz');
    m.clear();
    const again = m.run('01-install-shim.sh');
    expect(again.code).toBe(0);
    expect(again.out).toContain('shim already downloaded');
    expect(m.calls()).toEqual(['uname -m']);
  });
});

describe('02-create-cluster.sh', () => {
  it('Docker on Linux, from nothing: registry, cluster, wiring', () => {
    const m = machine({ tools: ['docker', ...CLUSTER_TOOLS] });
    m.shimReady();
    const r = m.run('02-create-cluster.sh');
    expect(r.code, r.err).toBe(0);
    const calls = m.calls();
    expect(calls).toContain(`docker ${REGISTRY_RUN}`);
    expect(calls).toContain('kind create cluster --config deploy/kind/cluster.yaml [provider=]');
    expect(calls).toContain('docker network connect kind kind-registry');
    expect(calls).toContain('kubectl --context kind-containerless apply -f deploy/kind/local-registry-hosting.yaml');
    expect(r.out).toContain("runtime_type = '/usr/local/bin/containerd-shim-wasmedge-v1'");
  });

  it('run again with everything in place: creates nothing twice', () => {
    const m = machine({ tools: ['docker', ...CLUSTER_TOOLS], state: { registry: 'running', clusters: 'containerless\n', 'registry-network': 'yes' } });
    m.shimReady();
    const r = m.run('02-create-cluster.sh');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('registry kind-registry already running');
    expect(r.out).toContain('cluster containerless already exists');
    const calls = m.calls().join('\n');
    expect(calls).not.toContain(' run -d ');
    expect(calls).not.toContain('kind create');
    expect(calls).not.toContain('network connect');
  });

  it('a stopped registry container is started, not run again under the same name', () => {
    const m = machine({ tools: ['docker', ...CLUSTER_TOOLS], state: { registry: 'stopped', clusters: 'containerless\n', 'registry-network': 'yes' } });
    m.shimReady();
    const r = m.run('02-create-cluster.sh');
    expect(r.code, r.err).toBe(0);
    expect(m.calls()).toContain('docker start kind-registry');
    expect(m.calls().join('\n')).not.toContain(' run -d ');
    expect(m.stateOf('registry')).toBe('running');
  });

  it('Podman only: the same steps with podman, and kind told to use it', () => {
    const m = machine({ tools: ['podman', ...CLUSTER_TOOLS] });
    m.shimReady();
    const r = m.run('02-create-cluster.sh');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('using Podman (KIND_EXPERIMENTAL_PROVIDER=podman)');
    const calls = m.calls();
    expect(calls).toContain(`podman ${REGISTRY_RUN}`);
    expect(calls).toContain('kind create cluster --config deploy/kind/cluster.yaml [provider=podman]');
    expect(calls).toContain('podman network connect kind kind-registry');
    expect(calls.some((c) => c.startsWith('docker'))).toBe(false);
  });

  it('Docker installed but stopped, Podman running: uses Podman', () => {
    const m = machine({ tools: ['docker', 'podman', ...CLUSTER_TOOLS], state: { 'docker-daemon': 'down' } });
    m.shimReady();
    const r = m.run('02-create-cluster.sh');
    expect(r.code, r.err).toBe(0);
    expect(m.calls()).toContain(`podman ${REGISTRY_RUN}`);
  });

  it.each([
    [{ tools: ['docker', ...CLUSTER_TOOLS], state: { 'docker-daemon': 'down' } }, "docker is installed but its daemon does not answer ('docker info' fails)"],
    [{ tools: ['podman', ...CLUSTER_TOOLS], state: { 'podman-daemon': 'down' } }, 'podman machine start'],
    [{ tools: CLUSTER_TOOLS }, 'neither Docker nor Podman is installed'],
    [{ tools: ['docker', ...CLUSTER_TOOLS], state: { os: 'MINGW64_NT-10.0-22631' } }, 'run them inside WSL2'],
    [{ tools: ['docker', ...CLUSTER_TOOLS], env: { KIND_EXPERIMENTAL_PROVIDER: 'nerdctl' } }, 'these scripts support docker and podman'],
    [{ tools: ['docker', ...CLUSTER_TOOLS], env: { KIND_EXPERIMENTAL_PROVIDER: 'podman' } }, "'podman' is not installed"],
  ] as [Machine, string][])('refuses an unsupported machine with a clear message (%#)', (setup, words) => {
    const m = machine(setup);
    m.shimReady();
    const r = m.run('02-create-cluster.sh');
    expect(r.code).toBe(1);
    expect(r.err).toContain(words);
    expect(m.calls().join('\n')).not.toContain('kind create');
  });

  it('stops before kind when the shim is not downloaded', () => {
    const m = machine({ tools: ['docker', ...CLUSTER_TOOLS] });
    const r = m.run('02-create-cluster.sh');
    expect(r.code).toBe(1);
    expect(r.err).toContain('run deploy/scripts/01-install-shim.sh first');
  });
});

describe('03-build-image.sh', () => {
  it('buildah: builds wasi/wasm and pushes to the registry; running it again does the same, safely', () => {
    const m = machine({ tools: ['buildah'] });
    for (let i = 0; i < 2; i++) {
      m.clear();
      const r = m.run('03-build-image.sh');
      expect(r.code, r.err).toBe(0);
      expect(m.calls()).toEqual([
        'uname -s',
        'buildah build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 public/wasm',
        'buildah push --tls-verify=false localhost:5001/word-generator:0.1.0 docker://localhost:5001/word-generator:0.1.0',
      ]);
    }
  });

  it("Docker with the classic image store: a docker-container builder, created once, pushes straight to the registry", () => {
    const m = machine({ tools: ['docker'], state: { store: 'classic', driver: 'docker' } });
    const first = m.run('03-build-image.sh');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('creating the buildx builder containerless');
    expect(m.calls()).toContain('docker buildx create --name containerless --driver docker-container --driver-opt network=host');
    expect(m.calls()).toContain('docker buildx build --builder containerless --platform wasi/wasm --provenance=false -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 --push public/wasm');
    m.clear();
    const again = m.run('03-build-image.sh');
    expect(again.code, again.err).toBe(0);
    expect(m.calls().join('\n')).not.toContain('buildx create');
    expect(again.out).toContain('using the buildx builder containerless');
  });

  it('Docker with the containerd image store: the default builder, pushing', () => {
    const m = machine({ tools: ['docker'], state: { store: 'containerd', driver: 'docker' } });
    const r = m.run('03-build-image.sh');
    expect(r.code, r.err).toBe(0);
    expect(m.calls()).toContain('docker buildx build --platform wasi/wasm --provenance=false -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 --push public/wasm');
    expect(m.calls().join('\n')).not.toContain('buildx create');
  });

  it('Docker without buildx: says so and names the other builders', () => {
    const m = machine({ tools: ['docker'], state: { buildx: 'no' } });
    const r = m.run('03-build-image.sh');
    expect(r.code).toBe(1);
    expect(r.err).toContain('this Docker has no buildx plugin');
  });

  it('podman on macOS: refuses to push where the podman machine cannot reach the registry, and says which address to use', () => {
    const m = machine({ tools: ['podman'], state: { os: 'Darwin' } });
    const r = m.run('03-build-image.sh');
    expect(r.code).toBe(1);
    expect(r.err).toContain('REGISTRY_PUSH_HOST=host.containers.internal:5001');
    expect(m.calls().join('\n')).not.toContain('podman push');
  });

  it('podman on macOS with the address the machine reaches: pushes there', () => {
    const m = machine({ tools: ['podman'], state: { os: 'Darwin', 'machine-reaches-registry': 'yes' }, env: { REGISTRY_PUSH_HOST: 'host.containers.internal:5001' } });
    const r = m.run('03-build-image.sh');
    expect(r.code, r.err).toBe(0);
    expect(m.calls()).toContain('podman machine ssh curl -fsS -o /dev/null http://host.containers.internal:5001/v2/');
    expect(m.calls()).toContain('podman push --tls-verify=false localhost:5001/word-generator:0.1.0 docker://host.containers.internal:5001/word-generator:0.1.0');
  });

  it('an unknown BUILDER is refused by name', () => {
    const m = machine({ tools: ['docker'], env: { BUILDER: 'nerdctl' } });
    const r = m.run('03-build-image.sh');
    expect(r.code).toBe(1);
    expect(r.err).toContain("BUILDER must be buildah, podman or docker, not 'nerdctl'");
  });
});

describe('04-deploy.sh and 05-call.sh', () => {
  it('deploys, and deploying again changes nothing', () => {
    const m = machine({ tools: ['kubectl'], state: { clusters: 'containerless\n' } });
    const first = m.run('04-deploy.sh');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('runtimeclass.node.k8s.io/wasmedge created');
    expect(first.out).toContain('deployment "word-generator" successfully rolled out');
    const again = m.run('04-deploy.sh');
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('deployment.apps/word-generator unchanged');
  });

  it('without the cluster: says to create it first', () => {
    const m = machine({ tools: ['kubectl'] });
    const r = m.run('04-deploy.sh');
    expect(r.code).toBe(1);
    expect(r.err).toContain('no kubeconfig context kind-containerless; create the cluster first');
  });

  it('a rollout that does not finish: shows the pods and events and names the verify check', () => {
    const m = machine({ tools: ['kubectl'], state: { clusters: 'containerless\n', rollout: 'stuck' } });
    const r = m.run('04-deploy.sh');
    expect(r.code).toBe(1);
    expect(r.err).toContain('CrashLoopBackOff');
    expect(r.err).toContain('no runtime for "wasmedge" is configured');
    expect(r.err).toContain('containerless verify deployment-ready');
  });

  it('05 prints a word through a port-forward and stops the port-forward when it is done', async () => {
    const m = machine({ tools: ['kubectl', 'curl'] });
    const r = m.run('05-call.sh');
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim()).toBe('dolphin');
    expect(m.calls()).toContain('kubectl --context kind-containerless port-forward svc/word-generator 8080:8080');
    const pid = Number(m.stateOf('forward.pid'));
    await expect.poll(() => processAlive(pid), { timeout: 2000 }).toBe(false);
  });
});

describe('99-teardown.sh', () => {
  it('removes cluster, registry and builder; a second run finds nothing and still succeeds', () => {
    const m = machine({ tools: ['docker', 'kind'], state: { registry: 'stopped', clusters: 'containerless\n', builders: 'containerless\n' } });
    const r = m.run('99-teardown.sh');
    expect(r.code, r.err).toBe(0);
    expect(m.calls()).toEqual(expect.arrayContaining(['kind delete cluster --name containerless [provider=]', 'docker rm -f kind-registry', 'docker buildx rm containerless']));
    const again = m.run('99-teardown.sh');
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('no cluster containerless');
    expect(again.out).toContain('no registry container kind-registry');
  });

  it('with Podman', () => {
    const m = machine({ tools: ['podman', 'kind'], state: { registry: 'running', clusters: 'containerless\n' } });
    const r = m.run('99-teardown.sh');
    expect(r.code, r.err).toBe(0);
    expect(m.calls()).toEqual(expect.arrayContaining(['kind delete cluster --name containerless [provider=podman]', 'podman rm -f kind-registry']));
  });
});
