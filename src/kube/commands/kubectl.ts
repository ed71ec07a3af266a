// `kubectl` against the in-page cluster: apply, get, describe, delete, scale, set image, patch, rollout, with
// kubectl's own wording for results and errors. Logs, port-forward, run and exec are in kubectl-pods.ts.
import { stringify } from 'yaml';
import { dim, red } from '../../terminal/ansi.ts';
import type { CommandContext } from '../../terminal/context.ts';
import type { Cluster } from '../cluster.ts';
import { describe } from '../describe.ts';
import { resolvePath } from '../files.ts';
import { FRAMING_SHORT } from '../framing.ts';
import { clone, kindByName, kindInfo, matches, parseSelector, type KubeObject } from '../objects.ts';
import { mark } from '../marks.ts';
import { deletedLine, kindPrefix, printEvents, printTable } from '../print.ts';
import type { KubeSession } from '../session.ts';
import { ApplyError, parseManifests } from '../validate.ts';
import { flag, flags, parseFlags, truthy, type Parsed } from './flags.ts';
import { kubectlExec, kubectlLogs, kubectlPortForward, kubectlRun, kubectlWatchPods } from './kubectl-pods.ts';

export const VALUED = ['f', 'filename', 'o', 'output', 'l', 'selector', 'n', 'namespace', 'replicas', 'timeout', 'type', 'p', 'patch', 'image', 'restart', 'c', 'container', 'tail', 'since', 'address', 'context', 'name', 'field-selector', 'sort-by'];

const HELP = `kubectl controls the Kubernetes cluster manager (here: the in-page model of one).
${FRAMING_SHORT}

 apply -f FILE|DIR          create or update objects from deploy/ files
 get KIND [NAME] [-o wide|yaml|json|name] [-l SELECTOR] [-w]
 describe KIND [NAME]       details and events
 logs POD|deploy/NAME [-f] [--previous] [-l SELECTOR --prefix]
 rollout status|restart deployment/NAME
 scale deployment/NAME --replicas=N
 set image deployment/NAME CONTAINER=IMAGE
 patch KIND NAME --type=json -p '[...]'
 delete KIND NAME | -f FILE | KIND -l SELECTOR
 port-forward svc/NAME LOCAL:REMOTE [&]
 run -it --rm NAME --image=curlimages/curl --restart=Never -- sh    a shell in a debug pod
 run NAME --image=curlimages/curl --rm -it --restart=Never -- curl URL
 exec, version, cluster-info, config current-context
`;

export function noCluster(ctx: CommandContext): number {
  ctx.write(red('The connection to the server localhost:8080 was refused - did you specify the right host or port?\n'));
  ctx.write(dim('(No cluster in this page yet: kind create cluster --config deploy/kind/cluster.yaml)\n'));
  return 1;
}

export async function kubectl(ctx: CommandContext, args: string[], session: KubeSession): Promise<number> {
  const [verb, ...rest] = args;
  if (!verb || verb === 'help' || verb === '--help' || verb === '-h') {
    ctx.write(HELP);
    return verb ? 0 : 1;
  }
  if (verb === 'version') {
    ctx.write(`Client Version: v1.36.1\nKustomize Version: v5.7.1\n${session.model.cluster ? 'Server Version: v1.36.1 (a model in this page)\n' : ''}`);
    return 0;
  }
  const p = parseFlags(rest, VALUED);
  const ns = flag(p, 'n', 'namespace');
  if (ns !== undefined && ns !== 'default' && verb !== 'config') {
    ctx.write(red(`Error from server (NotFound): namespaces "${ns}" not found\n`) + dim('(the model has one namespace, default)\n'));
    return 1;
  }
  if (verb === 'config') return config(ctx, p, session);
  const cluster = session.model.cluster;
  if (!cluster) return noCluster(ctx);
  switch (verb) {
    case 'apply':
    case 'create':
      return apply(ctx, p, cluster, verb);
    case 'get':
      return get(ctx, p, cluster, session);
    case 'describe':
      return describeCommand(ctx, p, cluster);
    case 'delete':
      return remove(ctx, p, cluster, session);
    case 'scale':
      return scale(ctx, p, cluster);
    case 'set':
      return setImage(ctx, p, cluster);
    case 'patch':
      return patch(ctx, p, cluster);
    case 'rollout':
      return rollout(ctx, p, cluster);
    case 'logs':
      return kubectlLogs(ctx, p, cluster);
    case 'port-forward':
      return kubectlPortForward(ctx, p, session);
    case 'run':
      return kubectlRun(ctx, p, session);
    case 'exec':
      return kubectlExec(ctx, p, cluster);
    case 'cluster-info':
      ctx.write(`Kubernetes control plane is running at https://127.0.0.1:6443 (a model in this page)\nCoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n`);
      return 0;
    default:
      ctx.write(red(`error: unknown command "${verb}" for "kubectl"\n`) + dim(`Run 'kubectl help' for what this page's kubectl does.\n`));
      return 1;
  }
}

function config(ctx: CommandContext, p: Parsed, session: KubeSession): number {
  const sub = p.positional[0];
  const name = session.model.state.cluster?.name;
  if (sub === 'current-context') {
    if (!name) {
      ctx.write(red('error: current-context is not set\n'));
      return 1;
    }
    ctx.write(`kind-${name}\n`);
    return 0;
  }
  if (sub === 'use-context') {
    if (p.positional[1] !== `kind-${name}`) {
      ctx.write(red(`error: no context exists with the name: "${p.positional[1] ?? ''}"\n`));
      return 1;
    }
    ctx.write(`Switched to context "kind-${name}".\n`);
    return 0;
  }
  if (sub === 'get-contexts') {
    ctx.write(name ? `CURRENT   NAME                 CLUSTER              AUTHINFO             NAMESPACE\n*         kind-${name.padEnd(15)}kind-${name.padEnd(15)}kind-${name}\n` : 'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n');
    return 0;
  }
  ctx.write('usage: kubectl config current-context|use-context NAME|get-contexts\n');
  return 1;
}

/** `-f` paths to their files, with kubectl's message for a missing path. */
function manifestFiles(ctx: CommandContext, p: Parsed): { path: string; text: string }[] | undefined {
  const paths = flags(p, 'f', 'filename');
  if (paths.length === 0) {
    ctx.write(red('error: must specify one of -f and -k\n'));
    return undefined;
  }
  const out: { path: string; text: string }[] = [];
  for (const path of paths) {
    if (path === '-') {
      ctx.write(red('error: this terminal has no stdin for -f -; apply a file under deploy/\n'));
      return undefined;
    }
    const r = resolvePath(path, truthy(p, 'R', 'recursive'));
    if (r.kind === 'missing') {
      ctx.write(red(`error: the path "${path}" does not exist\n`) + dim('(the files here are the course\'s deploy/ folder: ls is not needed, try kubectl apply -f deploy/k8s/)\n'));
      return undefined;
    }
    if (r.kind === 'file') out.push({ path, text: r.text });
    else out.push(...r.files.map((f) => ({ path: path.replace(/\/?$/, '/') + f.path.split('/').pop(), text: f.text })));
  }
  return out;
}

function apply(ctx: CommandContext, p: Parsed, cluster: Cluster, verb: 'apply' | 'create'): number {
  mark('apply');
  const files = manifestFiles(ctx, p);
  if (!files) return 1;
  let status = 0;
  for (const file of files) {
    let manifests;
    try {
      manifests = parseManifests(file.text, file.path);
    } catch (error) {
      ctx.write(red(`${(error as Error).message}\n`));
      status = 1;
      continue;
    }
    for (const m of manifests) {
      try {
        const existing = cluster.get(String(m.data['kind']), String(m.data['metadata']?.name ?? ''));
        if (verb === 'create' && existing) throw new ApplyError(`Error from server (AlreadyExists): error when creating "${file.path}": ${kindPrefix(existing.kind).replace(/\.apps|\.node\.k8s\.io/, (s) => (s === '.apps' ? 's.apps' : 'es.node.k8s.io'))} "${existing.metadata.name}" already exists`);
        const result = cluster.apply(m);
        ctx.write(`${kindPrefix(String(m.data['kind']))}/${m.data['metadata'].name} ${result}\n`);
      } catch (error) {
        if (!(error instanceof ApplyError)) throw error;
        ctx.write(red(`${error.message}\n`));
        status = 1;
      }
    }
  }
  return status;
}

/** `deployment/x`, `deploy x`, `pods` -> kind and name(s). */
export function targets(p: Parsed, from = 0): { kinds: string[]; names: string[] } | string {
  const first = p.positional[from];
  if (!first) return 'error: you must specify the type of resource to get';
  if (first.includes('/')) {
    const pairs = p.positional.slice(from).map((w) => w.split('/'));
    const kinds = pairs.map(([k]) => kindByName(k ?? '')?.kind);
    if (kinds.some((k) => !k)) return `error: the server doesn't have a resource type "${pairs[kinds.indexOf(undefined)]?.[0]}"`;
    return { kinds: kinds as string[], names: pairs.map(([, n]) => n ?? '') };
  }
  const kinds: string[] = [];
  for (const word of first.split(',')) {
    if (word === 'all') kinds.push('Pod', 'Service', 'Deployment', 'ReplicaSet');
    else {
      const info = kindByName(word);
      if (!info) return `error: the server doesn't have a resource type "${word}"`;
      kinds.push(info.kind);
    }
  }
  return { kinds, names: p.positional.slice(from + 1) };
}

function select(cluster: Cluster, kind: string, names: string[], selector: string | undefined): KubeObject[] {
  let list = cluster.list(kind);
  if (kind === 'Node') list = [{ apiVersion: 'v1', kind: 'Node', metadata: { name: cluster.nodeName, uid: 'node', resourceVersion: '1', creationTimestamp: new Date(cluster.data.created).toISOString(), labels: { 'kubernetes.io/hostname': cluster.nodeName, 'node-role.kubernetes.io/control-plane': '' } } }];
  if (selector) {
    const sel = parseSelector(selector);
    list = list.filter((o) => matches(sel, o.metadata.labels));
  }
  return names.length > 0 ? list.filter((o) => names.includes(o.metadata.name)) : list.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

function notFound(ctx: CommandContext, kind: string, name: string): void {
  const info = kindInfo(kind);
  const resource = info ? `${info.names[1]}${info.resource.includes('.') ? info.resource.slice(info.resource.indexOf('.')) : ''}` : kind.toLowerCase();
  ctx.write(red(`Error from server (NotFound): ${resource} "${name}" not found\n`));
}

function output(objects: KubeObject[], format: string, single: boolean): string {
  const shown = objects.map((o) => {
    const copy = clone(o);
    return copy;
  });
  const data = single && shown.length === 1 ? shown[0] : { apiVersion: 'v1', items: shown, kind: 'List', metadata: { resourceVersion: '' } };
  return format === 'json' ? `${JSON.stringify(data, null, 4)}\n` : stringify(data, { lineWidth: 0 });
}

function get(ctx: CommandContext, p: Parsed, cluster: Cluster, session: KubeSession): number | Promise<number> {
  const t = targets(p);
  if (typeof t === 'string') {
    ctx.write(red(`${t}\n`));
    return 1;
  }
  const format = flag(p, 'o', 'output') ?? '';
  if (format !== '' && !['wide', 'yaml', 'json', 'name'].includes(format)) {
    ctx.write(red(`error: unable to match a printer suitable for the output format "${format}", allowed formats are: json,name,wide,yaml\n`));
    return 1;
  }
  const selector = flag(p, 'l', 'selector');
  if (truthy(p, 'w', 'watch')) {
    if (t.kinds.length !== 1 || t.kinds[0] !== 'Pod') {
      ctx.write(red('error: in this page, -w watches pods: kubectl get pods -w\n'));
      return 1;
    }
    return kubectlWatchPods(ctx, cluster, session, selector, format === 'wide');
  }
  if (t.kinds.includes('Event')) {
    const events = cluster.data.events;
    if (format === 'yaml' || format === 'json') ctx.write(output(events as unknown as KubeObject[], format, false));
    else if (events.length === 0) ctx.write('No resources found in default namespace.\n');
    else ctx.write(printEvents(events, cluster.now()));
    return 0;
  }
  const byPair = p.positional[0]?.includes('/');
  const found: KubeObject[] = [];
  let status = 0;
  const groups = byPair ? t.kinds.map((k, i) => ({ kind: k, names: [t.names[i] as string] })) : t.kinds.map((k) => ({ kind: k, names: t.names }));
  const sections: string[] = [];
  for (const g of groups) {
    const objects = select(cluster, g.kind, g.names, selector);
    for (const n of g.names) if (!objects.some((o) => o.metadata.name === n)) {
      notFound(ctx, g.kind, n);
      status = 1;
    }
    found.push(...objects);
    if (format === '' || format === 'wide') {
      if (objects.length > 0) sections.push(printTable(g.kind, objects, cluster.now(), format === 'wide', groups.length > 1 || p.positional[0] === 'all'));
    } else if (format === 'name') for (const o of objects) sections.push(`${kindPrefix(o.kind)}/${o.metadata.name}\n`);
  }
  if (format === 'yaml' || format === 'json') {
    if (found.length > 0 || t.names.length === 0) ctx.write(output(found, format, t.names.length === 1 && groups.length === 1 || Boolean(byPair && found.length === 1)));
  } else if (sections.length > 0) ctx.write(sections.join(format === 'name' ? '' : '\n'));
  else if (status === 0) ctx.write(`No resources found${t.kinds.every((k) => kindInfo(k)?.namespaced === false) ? '' : ' in default namespace'}.\n`);
  return status;
}

function describeCommand(ctx: CommandContext, p: Parsed, cluster: Cluster): number {
  const t = targets(p);
  if (typeof t === 'string') {
    ctx.write(red(`${t}\n`));
    return 1;
  }
  const byPair = p.positional[0]?.includes('/');
  let status = 0;
  const out: string[] = [];
  const groups = byPair ? t.kinds.map((k, i) => ({ kind: k, names: [t.names[i] as string] })) : t.kinds.map((k) => ({ kind: k, names: t.names }));
  for (const g of groups) {
    // describe matches names by prefix, as kubectl does: `kubectl describe pod word-generator` finds its pods.
    let objects = cluster.list(g.kind).filter((o) => g.names.length === 0 || g.names.some((n) => o.metadata.name.startsWith(n)));
    const selector = flag(p, 'l', 'selector');
    if (selector) objects = objects.filter((o) => matches(parseSelector(selector), o.metadata.labels));
    if (objects.length === 0) {
      if (g.names.length > 0) notFound(ctx, g.kind, g.names[0] as string);
      else ctx.write('No resources found in default namespace.\n');
      status = 1;
    }
    out.push(...objects.map((o) => describe(cluster, o)));
  }
  if (out.length > 0) ctx.write(out.join('\n\n'));
  return status;
}

async function remove(ctx: CommandContext, p: Parsed, cluster: Cluster, session: KubeSession): Promise<number> {
  const work: { kind: string; name: string }[] = [];
  if (flags(p, 'f', 'filename').length > 0) {
    const files = manifestFiles(ctx, p);
    if (!files) return 1;
    for (const f of files) {
      try {
        for (const m of parseManifests(f.text, f.path)) work.push({ kind: String(m.data['kind']), name: String(m.data['metadata']?.name) });
      } catch (error) {
        ctx.write(red(`${(error as Error).message}\n`));
        return 1;
      }
    }
  } else {
    const t = targets(p);
    if (typeof t === 'string') {
      ctx.write(red(`${t.replace('to get', 'to delete')}\n`));
      return 1;
    }
    const selector = flag(p, 'l', 'selector');
    const byPair = p.positional[0]?.includes('/');
    if (byPair) t.kinds.forEach((k, i) => work.push({ kind: k, name: t.names[i] as string }));
    else if (selector || truthy(p, 'all')) for (const k of t.kinds) for (const o of select(cluster, k, [], selector)) work.push({ kind: k, name: o.metadata.name });
    else if (t.names.length === 0) {
      ctx.write(red('error: resource(s) were provided, but no name was specified\n'));
      return 1;
    } else for (const k of t.kinds) for (const n of t.names) work.push({ kind: k, name: n });
    if (work.length === 0) ctx.write('No resources found\n');
  }
  let status = 0;
  for (const w of work) {
    if (!cluster.get(w.kind, w.name)) {
      notFound(ctx, w.kind, w.name);
      status = 1;
      continue;
    }
    const done = cluster.delete(w.kind, w.name);
    ctx.write(deletedLine(w.kind, w.name));
    await done;
    session.checkForwards();
  }
  return status;
}

function deploymentArg(ctx: CommandContext, p: Parsed, cluster: Cluster, verb: string): KubeObject | undefined {
  // `deployment/NAME` or `deployment NAME`; words after it (CONTAINER=IMAGE) are the verb's own.
  const from = verb === 'set' || verb === 'rollout' ? 1 : 0;
  const word = p.positional[from] ?? '';
  const t = targets({ ...p, positional: word.includes('/') ? [word] : p.positional.slice(from, from + 2) });
  if (typeof t === 'string' || t.names.length === 0) {
    ctx.write(red(`error: expected deployment/NAME\n`));
    return undefined;
  }
  if (t.kinds[0] !== 'Deployment') {
    ctx.write(red(`error: ${verb} works on deployments here (got ${t.kinds[0]})\n`));
    return undefined;
  }
  const d = cluster.get('Deployment', t.names[0] as string);
  if (!d) notFound(ctx, 'Deployment', t.names[0] as string);
  return d;
}

function scale(ctx: CommandContext, p: Parsed, cluster: Cluster): number {
  const replicas = Number(flag(p, 'replicas'));
  if (flag(p, 'replicas') === undefined || !Number.isInteger(replicas) || replicas < 0) {
    ctx.write(red('error: --replicas=COUNT is required, and COUNT must be 0 or more\n'));
    return 1;
  }
  const d = deploymentArg(ctx, p, cluster, 'scale');
  if (!d) return 1;
  cluster.scale('Deployment', d.metadata.name, replicas);
  ctx.write(`deployment.apps/${d.metadata.name} scaled\n`);
  return 0;
}

function setImage(ctx: CommandContext, p: Parsed, cluster: Cluster): number {
  if (p.positional[0] !== 'image') {
    ctx.write(red('error: this page knows kubectl set image deployment/NAME CONTAINER=IMAGE\n'));
    return 1;
  }
  const d = deploymentArg(ctx, p, cluster, 'set');
  if (!d) return 1;
  const pairs = p.positional.slice(2).filter((w) => w.includes('='));
  for (const pair of pairs) {
    const name = pair.split('=')[0] as string;
    const known = d.spec.template.spec.containers.some((c: any) => c.name === name || name === '*');
    if (!known) {
      ctx.write(red(`error: unable to find container named "${name}"\n`));
      return 1;
    }
  }
  const changed = cluster.updateTemplate(d, (t) => {
    for (const pair of pairs) {
      const [name, image] = pair.split('=') as [string, string];
      for (const c of t.spec.containers) if (c.name === name || name === '*') {
        c.image = image;
        c.imagePullPolicy = /:latest$/.test(image) || !/:[^/]+$/.test(image) ? 'Always' : 'IfNotPresent';
      }
    }
  });
  if (changed) ctx.write(`deployment.apps/${d.metadata.name} image updated\n`);
  return 0;
}

/** JSON patch (RFC 6902) ops on a copy; `--type=merge` or strategic (default) as a merge patch. */
function patch(ctx: CommandContext, p: Parsed, cluster: Cluster): number {
  const t = targets(p);
  if (typeof t === 'string' || t.names.length === 0) {
    ctx.write(red('error: expected KIND NAME\n'));
    return 1;
  }
  const o = cluster.get(t.kinds[0] as string, t.names[0] as string);
  if (!o) {
    notFound(ctx, t.kinds[0] as string, t.names[0] as string);
    return 1;
  }
  let body: unknown;
  try {
    body = JSON.parse(flag(p, 'p', 'patch') ?? '');
  } catch {
    ctx.write(red(`error: unable to parse "${flag(p, 'p', 'patch') ?? ''}": the patch must be JSON (put it in single quotes)\n`));
    return 1;
  }
  const type = flag(p, 'type') ?? 'strategic';
  const copy = clone(o);
  try {
    if (type === 'json') jsonPatch(copy, body);
    else mergePatch(copy, body);
  } catch (error) {
    ctx.write(red(`error: ${(error as Error).message}\n`));
    return 1;
  }
  if (o.kind !== 'Deployment') {
    ctx.write(red(`error: in this page, patch changes deployments (got ${o.kind})\n`));
    return 1;
  }
  const changed = cluster.updateTemplate(o, (template) => Object.assign(template, copy.spec.template));
  if (copy.spec.replicas !== o.spec.replicas) cluster.scale('Deployment', o.metadata.name, copy.spec.replicas);
  ctx.write(`${kindPrefix(o.kind)}/${o.metadata.name} ${changed || copy.spec.replicas !== o.spec.replicas ? 'patched' : 'patched (no change)'}\n`);
  return 0;
}

function jsonPatch(target: any, ops: unknown): void {
  if (!Array.isArray(ops)) throw new Error('a JSON patch is a list of operations');
  for (const op of ops as { op: string; path: string; value?: unknown }[]) {
    const parts = op.path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop();
    let parent = target;
    for (const part of parts) {
      parent = parent?.[part];
      if (parent === undefined) throw new Error(`the server rejected our request due to an error in our request: path ${op.path} not found`);
    }
    if (last === undefined) throw new Error('empty patch path');
    if (op.op === 'remove') {
      if (!(last in parent)) throw new Error(`the server rejected our request due to an error in our request: remove operation does not apply: doc is missing path: "${op.path}": missing value`);
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (op.op === 'add' || op.op === 'replace') {
      if (Array.isArray(parent) && last === '-') parent.push(op.value);
      else parent[last] = op.value;
    } else throw new Error(`unsupported patch operation "${op.op}"`);
  }
}

function mergePatch(target: any, patchBody: any): void {
  for (const [k, v] of Object.entries(patchBody ?? {})) {
    if (v === null) delete target[k];
    else if (typeof v === 'object' && !Array.isArray(v) && typeof target[k] === 'object' && target[k] !== null) mergePatch(target[k], v);
    else target[k] = v;
  }
}

async function rollout(ctx: CommandContext, p: Parsed, cluster: Cluster): Promise<number> {
  const sub = p.positional[0];
  if (sub !== 'status' && sub !== 'restart') {
    ctx.write(red('error: this page knows kubectl rollout status|restart deployment/NAME\n'));
    return 1;
  }
  const d = deploymentArg(ctx, p, cluster, 'rollout');
  if (!d) return 1;
  if (sub === 'restart') {
    cluster.updateTemplate(d, (t) => {
      t.metadata ??= {};
      t.metadata.annotations = { ...(t.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': new Date(cluster.now()).toISOString() };
    });
    ctx.write(`deployment.apps/${d.metadata.name} restarted\n`);
    return 0;
  }
  const timeout = parseDuration(flag(p, 'timeout') ?? '0');
  let last = '';
  const check = (): boolean => {
    const s = d.status ?? {};
    const want = d.spec.replicas as number;
    let line: string;
    if ((s.observedGeneration ?? 0) < (d.metadata.generation ?? 1)) line = 'Waiting for deployment spec update to be observed...';
    else if ((s.updatedReplicas ?? 0) < want) line = `Waiting for deployment "${d.metadata.name}" rollout to finish: ${s.updatedReplicas ?? 0} out of ${want} new replicas have been updated...`;
    else if ((s.replicas ?? 0) > (s.updatedReplicas ?? 0)) line = `Waiting for deployment "${d.metadata.name}" rollout to finish: ${(s.replicas ?? 0) - (s.updatedReplicas ?? 0)} old replicas are pending termination...`;
    else if ((s.availableReplicas ?? 0) < (s.updatedReplicas ?? 0)) line = `Waiting for deployment "${d.metadata.name}" rollout to finish: ${s.availableReplicas ?? 0} of ${s.updatedReplicas ?? 0} updated replicas are available...`;
    else {
      ctx.write(`deployment "${d.metadata.name}" successfully rolled out\n`);
      return true;
    }
    if (line !== last) ctx.write(`${line}\n`);
    last = line;
    return false;
  };
  // Let the controllers act on the apply that came just before (their reconcile is a queued microtask).
  await Promise.resolve();
  if (check()) return 0;
  let stopWatch: () => void = () => undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let interrupt: (status: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => {
    interrupt = resolve;
    stopWatch = cluster.onChange(() => {
      if (!cluster.data.objects.includes(d)) return resolve(1);
      if (check()) resolve(0);
    });
    if (timeout > 0) timer = setTimeout(() => {
      ctx.write(red('error: timed out waiting for the condition\n'));
      resolve(1);
    }, timeout);
  });
  const status = await ctx.hold(done, async () => interrupt(130)).finally(() => {
    stopWatch();
    if (timer) clearTimeout(timer);
  });
  return status;
}

/** `120s`, `2m`, `1h` -> ms (0: no timeout). */
export function parseDuration(text: string): number {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  return n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h']);
}
