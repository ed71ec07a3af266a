import { createServer } from 'node:net';
import { describeError, httpGet } from '../../cli/verify/http.ts';
import { fail, pass, type Check } from '../../cli/verify/types.ts';
import { READINESS_TITLES } from './code.ts';

// Before the day: what the cluster lessons (6-8) need on an attendee's machine, each miss with its fix. Built on
// `containerless verify`'s check engine and process runner; nothing is changed on the machine.

export const REGISTRY_PORT = 5001;

function versionOf(text: string): string {
  return /v?\d+\.\d+(\.\d+)?/.exec(text)?.[0] ?? text.trim().split('\n')[0]?.slice(0, 60) ?? '';
}

export const nodeCheck = (version = process.versions.node): Check => ({
  id: 'node',
  title: READINESS_TITLES.node,
  async run() {
    const [major = 0, minor = 0] = version.split('.').map(Number);
    return major > 22 || (major === 22 && minor >= 13)
      ? pass(`Node.js ${version}`)
      : fail(`Node.js ${version} is too old`, 'install Node.js 22.13 or newer (24 LTS is best) from https://nodejs.org/ or with your version manager');
  },
});

export const containerEngineCheck: Check = {
  id: 'container-engine',
  title: READINESS_TITLES['container-engine'],
  async run(ctx) {
    // kind runs its node in Docker or Podman, so their engine must be up, not just the command installed.
    const notes: string[] = [];
    for (const tool of ['docker', 'podman']) {
      const cli = await ctx.run(tool, ['--version'], { timeoutMs: 10_000 });
      if (cli.missing || cli.code !== 0) continue;
      const engine = await ctx.run(tool, ['info', '--format', tool === 'docker' ? '{{.ServerVersion}}' : '{{.Version.Version}}'], { timeoutMs: 15_000 });
      if (engine.code === 0 && engine.stdout.trim()) return pass(`${tool} ${versionOf(cli.stdout)}, engine ${engine.stdout.trim()} running`);
      notes.push(`${tool} is installed but its engine does not answer`);
    }
    const buildah = await ctx.run('buildah', ['--version'], { timeoutMs: 10_000 });
    if (!buildah.missing && buildah.code === 0) notes.push('buildah can build the image, but kind needs Docker or Podman');
    return fail(
      notes.length ? notes.join('; ') : 'none of docker, podman or buildah is installed',
      notes.some((n) => n.includes('engine')) ? 'start the engine (open Docker Desktop, or `podman machine start`), then run this again' : 'install Docker Desktop or Podman (then `podman machine init && podman machine start` on macOS and Windows)',
    );
  },
};

export const kindCheck: Check = {
  id: 'kind',
  title: READINESS_TITLES.kind,
  async run(ctx) {
    const r = await ctx.run('kind', ['version'], { timeoutMs: 10_000 });
    if (r.missing) return fail('kind is not installed', 'install kind: https://kind.sigs.k8s.io/docs/user/quick-start/#installation (a single binary; `brew install kind` on macOS)');
    if (r.code !== 0) return fail(`kind version failed: ${r.stderr.trim().slice(0, 120)}`, 'reinstall kind from its release page');
    return pass(`kind ${versionOf(r.stdout)}`);
  },
};

export const kubectlCheck: Check = {
  id: 'kubectl',
  title: READINESS_TITLES.kubectl,
  async run(ctx) {
    const r = await ctx.run('kubectl', ['version', '--client'], { timeoutMs: 10_000 });
    if (r.missing) return fail('kubectl is not installed', 'install kubectl: https://kubernetes.io/docs/tasks/tools/ (`brew install kubectl` on macOS; Docker Desktop ships one)');
    if (r.code !== 0) return fail(`kubectl version --client failed: ${r.stderr.trim().slice(0, 120)}`, 'reinstall kubectl');
    return pass(`kubectl ${versionOf(r.stdout)}`);
  },
};

/** True when nothing listens on the port (we could bind it ourselves, briefly). */
export function portFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export const registryPortCheck = (port = REGISTRY_PORT): Check => ({
  id: 'registry-port',
  title: READINESS_TITLES['registry-port'],
  async run() {
    if (await portFree(port)) return pass(`port ${port} is free for the lesson's registry`);
    try {
      const answer = await httpGet(`http://127.0.0.1:${port}/v2/`, { timeoutMs: 3000 });
      if (answer.headers.get('docker-distribution-api-version')) return pass(`a registry already answers on port ${port}`);
      return fail(`port ${port} is used by something that is not a registry (HTTP ${answer.status})`, `stop the program on port ${port} (\`lsof -i :${port}\` shows it), or use another port in lessons 6-8`);
    } catch (error) {
      return fail(`port ${port} is taken and does not answer HTTP (${describeError(error)})`, `stop the program on port ${port} (\`lsof -i :${port}\` shows it)`);
    }
  },
});

export const rustTargetCheck: Check = {
  id: 'rust-target',
  title: READINESS_TITLES['rust-target'],
  async run(ctx) {
    const r = await ctx.run('rustup', ['target', 'list', '--installed'], { timeoutMs: 15_000 });
    if (r.missing) return fail('rustup is not installed (only lesson 4 needs it; the site ships a built module)', 'install Rust with https://rustup.rs, then `rustup target add wasm32-wasip1`');
    if (r.stdout.split('\n').some((l) => l.trim() === 'wasm32-wasip1')) return pass('wasm32-wasip1 is installed');
    return fail('the wasm32-wasip1 target is not installed', 'rustup target add wasm32-wasip1');
  },
};

export const readinessChecks = (options: { registryPort?: number; nodeVersion?: string } = {}): Check[] => [
  nodeCheck(options.nodeVersion),
  containerEngineCheck,
  kindCheck,
  kubectlCheck,
  registryPortCheck(options.registryPort),
  rustTargetCheck,
];

/** Ready when every check but the optional Rust target passed. */
export const isReady = (results: ReadonlyArray<{ id: string; status: string }>): boolean => results.every((r) => r.id === 'rust-target' || r.status === 'pass');
