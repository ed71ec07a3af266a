// `kind create|delete|get` for the in-page cluster. The config file is read from deploy/kind/: its
// containerdConfigPatches decide which runtimes the node's containerd has, as on a real kind node.
import { dim, green, red } from '../../terminal/ansi.ts';
import type { CommandContext } from '../../terminal/context.ts';
import { resolvePath } from '../files.ts';
import { FRAMING_SHORT } from '../framing.ts';
import type { KubeSession } from '../session.ts';
import { flag, parseFlags } from './flags.ts';

export async function kind(ctx: CommandContext, args: string[], session: KubeSession): Promise<number> {
  const p = parseFlags(args, ['name', 'config', 'image', 'wait', 'kubeconfig']);
  const [verb, what] = p.positional;
  const model = session.model;
  if (verb === 'version') {
    ctx.write('kind v0.32.0 go1.25 linux/amd64 (in this page: a model)\n');
    return 0;
  }
  if (verb === 'get' && what === 'clusters') {
    ctx.write(model.state.cluster ? `${model.state.cluster.name}\n` : 'No kind clusters found.\n');
    return 0;
  }
  if (verb === 'get' && what === 'nodes') {
    ctx.write(model.state.cluster ? `${model.state.cluster.name}-control-plane\n` : `No kind nodes found for cluster "${flag(p, 'name') ?? 'kind'}".\n`);
    return 0;
  }
  if (verb === 'create' && what === 'cluster') {
    const path = flag(p, 'config');
    let config: { text: string; source: string } | undefined;
    if (path) {
      const r = resolvePath(path);
      if (r.kind !== 'file') {
        ctx.write(red(`ERROR: failed to create cluster: error reading file: open ${path}: no such file or directory\n`));
        return 1;
      }
      config = { text: r.text, source: path };
    }
    let cluster;
    try {
      cluster = model.createCluster(flag(p, 'name'), config);
    } catch (error) {
      ctx.write(red(`${(error as Error).message}\n`));
      return 1;
    }
    const name = cluster.data.name;
    ctx.write(`Creating cluster "${name}" ...\n`);
    ctx.write(` ${green('✓')} Ensuring node image (kindest/node:v1.36.1) 🖼\n ${green('✓')} Preparing nodes 📦\n ${green('✓')} Writing configuration 📜\n ${green('✓')} Starting control-plane 🕹️\n ${green('✓')} Installing CNI 🔌\n ${green('✓')} Installing StorageClass 💾\n`);
    ctx.write(`Set kubectl context to "kind-${name}"\nYou can now use your cluster with:\n\nkubectl cluster-info --context kind-${name}\n\n`);
    const shims = Object.entries(cluster.data.runtimes).filter(([n]) => n !== 'runc');
    ctx.write(dim(`${FRAMING_SHORT}\nNode runtimes from ${path ?? 'the default config'}: runc${shims.map(([n, t]) => `, ${n} (${t})`).join('')}\n`));
    if (shims.length === 0) ctx.write(dim('No Wasm runtime on this node: pods of RuntimeClass wasmedge will not start. kind create cluster --config deploy/kind/cluster.yaml adds it.\n'));
    return 0;
  }
  if (verb === 'delete' && (what === 'cluster' || what === 'clusters')) {
    const name = flag(p, 'name') ?? model.state.cluster?.name ?? 'kind';
    if (model.state.cluster && model.state.cluster.name !== name) {
      ctx.write(`Deleting cluster "${name}" ...\n`);
      return 0;
    }
    for (const f of [...session.forwards.values()]) f.end('exited', 'error: lost connection to pod');
    await model.deleteCluster();
    ctx.write(`Deleting cluster "${name}" ...\nDeleted nodes: ["${name}-control-plane"]\n`);
    return 0;
  }
  ctx.write(`usage: kind create cluster [--name NAME] [--config deploy/kind/cluster.yaml]\n       kind delete cluster [--name NAME]\n       kind get clusters\n`);
  return verb ? 1 : 0;
}
