import { constants } from 'node:fs';
import { access, open } from 'node:fs/promises';
import { RUNTIME_CLASS, SHIM_CACHE_PATH, SHIM_NODE_PATH } from '../../../steps/constants.ts';
import { noRuntimeConfigured, podmanOnly } from '../../../steps/failure-modes.ts';
import { kubectl, readJson, said } from '../answers.ts';
import { engineOf, engineRun, onPath } from '../engine-name.ts';
import { inRoot } from '../paths.ts';
import { fail, failWith, pass, type Check } from '../types.ts';

export { said };

const CREATE = 'bash deploy/scripts/02-create-cluster.sh';

export const shimDownloaded: Check = {
  id: 'shim-downloaded',
  title: 'WasmEdge shim downloaded',
  async run(ctx) {
    const path = inRoot(ctx, SHIM_CACHE_PATH);
    const fix = 'bash deploy/scripts/01-install-shim.sh';
    try {
      await access(path, constants.X_OK);
    } catch {
      return fail(`no executable ${SHIM_CACHE_PATH}`, fix);
    }
    const file = await open(path);
    try {
      const head = Buffer.alloc(4);
      await file.read(head, 0, 4, 0);
      if (head.toString('latin1') !== '\x7fELF') return fail(`${SHIM_CACHE_PATH} is not a Linux executable`, `delete it, then ${fix}`);
    } finally {
      await file.close();
    }
    return pass(`${SHIM_CACHE_PATH} (mounted into the node at ${SHIM_NODE_PATH})`);
  },
};

export const kindCluster: Check = {
  id: 'kind-cluster',
  title: 'kind cluster up',
  async run(ctx) {
    const clusters = await ctx.run('kind', ['get', 'clusters']);
    if (clusters.missing) return fail('kind is not installed', 'install kind: https://kind.sigs.k8s.io/docs/user/quick-start/#installation');
    if (clusters.code !== 0) {
      const both = `${clusters.stderr}\n${clusters.stdout}`;
      const podmanThere = engineOf(ctx) === 'podman' || onPath('podman');
      const dockerAway = /Cannot connect to the Docker daemon|Is the docker daemon running/i.test(both);
      if (podmanOnly.patterns.some((p) => p.test(both)) || (dockerAway && podmanThere)) return failWith(podmanOnly, `kind get clusters: ${said(clusters)}`);
      return fail(`kind get clusters failed: ${said(clusters)}`, `start ${engineOf(ctx) === 'podman' ? 'the podman machine (podman machine start)' : 'Docker'}: kind runs its nodes as containers`);
    }
    const names = clusters.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    if (!names.includes(ctx.cluster)) {
      return fail(`no kind cluster named ${ctx.cluster} (found: ${names.length ? names.join(', ') : 'none'})`, CREATE);
    }
    const nodes = await kubectl(ctx, 'get', 'nodes', '-o', 'json');
    if (nodes.missing) return fail('kubectl is not installed', 'install kubectl: https://kubernetes.io/docs/tasks/tools/');
    if (nodes.code !== 0) return fail(`the cluster's API does not answer: ${said(nodes)}`, `${engineOf(ctx)} start ${ctx.nodeContainer}, or recreate it: bash deploy/scripts/99-teardown.sh && ${CREATE}`);
    const read = readJson<{ items?: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[] }>(nodes, 'kubectl get nodes');
    if ('problem' in read) return fail(read.problem, `run it yourself: kubectl --context ${ctx.kubeContext} get nodes`);
    const items = read.value.items ?? [];
    const notReady = items.filter((n) => !n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).map((n) => n.metadata.name);
    if (items.length === 0) return fail('the cluster has no nodes', CREATE);
    if (notReady.length > 0) return fail(`node not Ready: ${notReady.join(', ')}`, `wait a minute; if it stays so: kubectl --context ${ctx.kubeContext} describe node ${notReady[0]}`);
    return pass(`${ctx.cluster}: ${items.length} node${items.length === 1 ? '' : 's'} Ready (context ${ctx.kubeContext})`);
  },
};

/**
 * Finds the `wasmedge` runtime in `containerd config dump` output. containerd 2 prints it under
 * `plugins.'io.containerd.cri.v1.runtime'`, containerd 1.x under `plugins."io.containerd.grpc.v1.cri"`.
 */
export function findRuntime(dump: string, name: string): { runtimeType: string } | undefined {
  const lines = dump.split('\n');
  const header = new RegExp(`^\\s*\\[plugins\\..*\\.runtimes\\.['"]?${name}['"]?\\]\\s*$`);
  const start = lines.findIndex((l) => header.test(l));
  if (start < 0) return undefined;
  for (const line of lines.slice(start + 1)) {
    if (/^\s*\[/.test(line)) break;
    const m = /^\s*runtime_type\s*=\s*['"]([^'"]*)['"]/.exec(line);
    if (m) return { runtimeType: m[1] ?? '' };
  }
  return { runtimeType: '' };
}

export const shimConfigured: Check = {
  id: 'shim-configured',
  title: 'Shim configured on the node',
  needs: ['kind-cluster'],
  async run(ctx) {
    const engine = engineOf(ctx);
    const dump = await engineRun(ctx, ['exec', ctx.nodeContainer, 'containerd', 'config', 'dump']);
    if (dump.missing) {
      if (engine === 'docker' && onPath('podman')) return failWith(podmanOnly, 'docker is not installed, podman is');
      return fail(`${engine} is not installed`, 'install Docker (https://docs.docker.com/get-docker/) or Podman (https://podman.io)');
    }
    if (dump.code !== 0) return fail(`cannot read containerd's config in ${ctx.nodeContainer}: ${said(dump)}`, CREATE);
    const runtime = findRuntime(dump.stdout, RUNTIME_CLASS);
    const recreate = `recreate the cluster from deploy/kind/cluster.yaml: bash deploy/scripts/99-teardown.sh && ${CREATE}`;
    if (!runtime) return failWith(noRuntimeConfigured, `containerd on ${ctx.nodeContainer} has no runtime named ${RUNTIME_CLASS} (pods would fail: no runtime for "${RUNTIME_CLASS}" is configured)`);
    if (!runtime.runtimeType.includes('wasmedge')) return fail(`the ${RUNTIME_CLASS} runtime's runtime_type is "${runtime.runtimeType}", not the WasmEdge shim`, recreate);
    if (runtime.runtimeType.startsWith('/')) {
      const there = await engineRun(ctx, ['exec', ctx.nodeContainer, 'test', '-x', runtime.runtimeType]);
      if (there.code !== 0) return fail(`${runtime.runtimeType} is not in the node (the mount of ${SHIM_CACHE_PATH} is missing)`, `bash deploy/scripts/01-install-shim.sh, then ${recreate}`);
    }
    return pass(`${ctx.nodeContainer}: runtime ${RUNTIME_CLASS} -> ${runtime.runtimeType}`);
  },
};
