// The kubectl verbs that reach into pods: logs (the module's real stdout and stderr), get pods -w, port-forward
// (a job on the terminal's localhost), run (a debug pod whose curl, or sh, sees the cluster's DNS) and exec.
import { dim, red } from '../../terminal/ansi.ts';
import { curl } from '../../terminal/commands/curl.ts';
import type { CommandContext } from '../../terminal/context.ts';
import type { Cluster } from '../cluster.ts';
import type { LogEntry } from '../kubelet.ts';
import { matches, parseSelector, type KubeObject } from '../objects.ts';
import { deletedLine, podStatus, rowsFor } from '../print.ts';
import { DEBUG_IMAGES, debugShell, podNetwork, SHELLS } from '../debug-shell.ts';
import type { KubeSession } from '../session.ts';
import { PortForward } from '../session.ts';
import { table } from '../table.ts';
import { flag, truthy, type Parsed } from './flags.ts';

function podsFor(cluster: Cluster, word: string): { pods: KubeObject[]; error?: string } {
  const [kind, name] = word.includes('/') ? (word.split('/') as [string, string]) : ['pod', word];
  const k = kind.toLowerCase();
  if (k === 'pod' || k === 'pods' || k === 'po') {
    const pod = cluster.get('Pod', name);
    return pod ? { pods: [pod] } : { pods: [], error: `Error from server (NotFound): pods "${name}" not found` };
  }
  const owner = /^(deploy|deployment|deployments)$/.test(k) ? cluster.get('Deployment', name) : /^(svc|service|services)$/.test(k) ? cluster.get('Service', name) : /^(rs|replicaset)$/.test(k) ? cluster.get('ReplicaSet', name) : undefined;
  if (!owner) return { pods: [], error: `Error from server (NotFound): ${k.startsWith('s') ? 'services' : k.startsWith('r') ? 'replicasets.apps' : 'deployments.apps'} "${name}" not found` };
  const selector = owner.kind === 'Service' ? owner.spec.selector : owner.spec.selector.matchLabels;
  const pods = cluster
    .list('Pod')
    .filter((p) => matches(selector, p.metadata.labels) && !p.metadata.deletionTimestamp)
    // Ready pods first, then the oldest, as kubectl picks the pod to attach to.
    .sort((a, b) => Number(cluster.isReady(b)) - Number(cluster.isReady(a)) || (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : a.metadata.creationTimestamp > b.metadata.creationTimestamp ? 1 : 0));
  return { pods };
}

function waitingMessage(pod: KubeObject): string | undefined {
  const s = pod.status?.containerStatuses?.[0];
  const reason = s?.state?.waiting?.reason as string | undefined;
  const name = pod.spec.containers[0].name;
  if (!s || reason === 'ContainerCreating' || reason === 'PodInitializing') return `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`;
  if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff') return `container "${name}" in pod "${pod.metadata.name}" is waiting to start: trying and failing to pull image`;
  if (reason === 'RunContainerError') return `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`;
  return undefined;
}

export async function kubectlLogs(ctx: CommandContext, p: Parsed, cluster: Cluster): Promise<number> {
  const selector = flag(p, 'l', 'selector');
  let pods: KubeObject[];
  if (selector) {
    const sel = parseSelector(selector);
    pods = cluster.list('Pod').filter((o) => matches(sel, o.metadata.labels) && !o.metadata.deletionTimestamp).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    if (pods.length === 0) {
      ctx.write('No resources found in default namespace.\n');
      return 0;
    }
  } else {
    const word = p.positional[0];
    if (!word) {
      ctx.write(red('error: expected POD or TYPE/NAME is a required argument for the logs command\n'));
      return 1;
    }
    const found = podsFor(cluster, word);
    if (found.error) {
      ctx.write(red(`${found.error}\n`));
      return 1;
    }
    if (found.pods.length === 0) {
      ctx.write(red(`error: timed out waiting for the condition\n`));
      return 1;
    }
    if (found.pods.length > 1) ctx.write(`Found ${found.pods.length} pods, using pod/${found.pods[0]?.metadata.name}\n`);
    pods = found.pods.slice(0, 1);
  }
  const previous = truthy(p, 'p', 'previous');
  const prefix = truthy(p, 'prefix') || (selector !== undefined && pods.length > 1 && truthy(p, 'prefix'));
  const tail = Number(flag(p, 'tail') ?? (selector ? 10 : -1));
  const stamps = truthy(p, 'timestamps');
  const line = (pod: KubeObject, e: LogEntry) => `${prefix ? `[pod/${pod.metadata.name}/${pod.spec.containers[0].name}] ` : ''}${stamps ? `${new Date(e.time).toISOString()} ` : ''}${e.text}\n`;
  let status = 0;
  for (const pod of pods) {
    if (previous) {
      const prev = cluster.kubelet.logs(pod, true);
      if (!prev) {
        ctx.write(red(`Error from server (BadRequest): previous terminated container "${pod.spec.containers[0].name}" in pod "${pod.metadata.name}" not found\n`));
        status = 1;
        continue;
      }
      for (const e of tail >= 0 ? prev.slice(-tail) : prev) ctx.write(line(pod, e));
      continue;
    }
    const waiting = waitingMessage(pod);
    const entries = cluster.kubelet.logs(pod, false) ?? [];
    if (waiting && entries.length === 0) {
      ctx.write(red(`Error from server (BadRequest): ${waiting}\n`));
      status = 1;
      continue;
    }
    for (const e of tail >= 0 ? entries.slice(-tail) : entries) ctx.write(line(pod, e));
  }
  if (!truthy(p, 'f', 'follow') || previous) return status;
  const names = new Map(pods.map((pod) => [pod.metadata.name, pod]));
  let finish: (n: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const stopLogs = cluster.kubelet.onLog((name, e) => {
    const pod = names.get(name);
    if (pod) ctx.write(line(pod, e));
  });
  const stopWatch = cluster.onChange(() => {
    // A followed pod that goes away ends the stream, as it does on a real cluster.
    if (!selector && pods.every((pod) => !cluster.data.objects.includes(pod))) finish(0);
  });
  return ctx.hold(done, async () => finish(130)).finally(() => {
    stopLogs();
    stopWatch();
  });
}

export function kubectlWatchPods(ctx: CommandContext, cluster: Cluster, session: KubeSession, selector: string | undefined, wide: boolean): Promise<number> {
  const pick = () => {
    let list = cluster.list('Pod');
    if (selector) list = list.filter((o) => matches(parseSelector(selector), o.metadata.labels));
    return list.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  };
  const rows = (pods: KubeObject[]) => rowsFor('Pod', pods, cluster.now(), wide, false);
  const first = rows(pick());
  // The column widths of the first listing are kept for the updates, as kubectl's watch printer does.
  const header = first[0] as string[];
  const widths = header.map((_, c) => Math.max(6, ...first.map((r) => (r[c] ?? '').length + 3)));
  const fmt = (r: string[]) => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(Math.max(widths[c] ?? 0, cell.length + 3)) : cell)).join('') + '\n';
  if (first.length === 1) ctx.write('No resources found in default namespace.\n');
  else ctx.write(table(first));
  const seen = new Map(pick().map((pod) => [pod.metadata.name, key(pod)]));
  const gone = new Set<string>();
  function key(pod: KubeObject): string {
    return `${podStatus(pod)}|${pod.status?.containerStatuses?.[0]?.ready}|${pod.status?.containerStatuses?.[0]?.restartCount ?? 0}`;
  }
  let finish: (n: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const stop = cluster.onChange(() => {
    const now = pick();
    for (const pod of now) {
      const k = key(pod);
      if (seen.get(pod.metadata.name) !== k) {
        seen.set(pod.metadata.name, k);
        ctx.write(fmt(rows([pod])[1] as string[]));
      }
    }
    for (const [name] of seen) if (!now.some((pod) => pod.metadata.name === name) && !gone.has(name)) gone.add(name);
    session.checkForwards();
  });
  return ctx.hold(done, async () => finish(130)).finally(stop);
}

export async function kubectlPortForward(ctx: CommandContext, p: Parsed, session: KubeSession): Promise<number> {
  const cluster = session.model.cluster as Cluster;
  const [word, ...mappings] = p.positional;
  if (!word || mappings.length === 0) {
    ctx.write(red('error: TYPE/NAME and list of ports are required for port-forward\n') + 'usage: kubectl port-forward svc/word-generator 8080:8080 &\n');
    return 1;
  }
  const found = podsFor(cluster, word);
  if (found.error) {
    ctx.write(red(`${found.error}\n`));
    return 1;
  }
  const pod = found.pods[0];
  if (!pod || !cluster.isReady(pod) || pod.status?.phase !== 'Running') {
    ctx.write(red(`error: unable to forward port because pod is not running. Current status=${pod?.status?.phase ?? 'Pending'}\n`));
    return 1;
  }
  const [localText = '', remoteText] = (mappings[0] as string).split(':');
  const remote = Number(remoteText ?? localText);
  const local = localText === '' ? 49152 + Math.floor(Math.random() * 1000) : Number(localText);
  // A Service's port becomes the pod's target port, as kubectl translates it.
  let podPort = remote;
  if (/^(svc|service)\//.test(word)) {
    const svc = cluster.get('Service', word.split('/')[1] as string);
    const sp = (svc?.spec.ports ?? []).find((x: any) => x.port === remote);
    if (!svc || !sp) {
      ctx.write(red(`error: Service ${word.split('/')[1]} does not have a service port ${remote}\n`));
      return 1;
    }
    podPort = cluster.targetPort(svc, sp, pod);
  }
  if (ctx.host.isListening(local)) {
    ctx.write(red(`Unable to listen on port ${local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${local}: bind: address already in use]\nerror: unable to listen on any of the requested ports: [{${local} ${podPort}}]\n`));
    const holder = ctx.jobs().find((j) => j.state === 'Running' && j.server.port === local);
    const who = holder ? `job ${holder.id} of this terminal (${holder.line}); kill %${holder.id} stops it` : ctx.host.holderOf?.(local);
    if (who) ctx.write(dim(`(Port ${local} is held by ${who}.)\n`));
    return 1;
  }
  const forward = new PortForward(session, local, { pod, port: podPort }, ctx.line);
  session.forwards.set(local, forward);
  const write = (text: string) => (ctx.background ? ctx.writeFromJob(text) : ctx.write(text));
  session.onForward = (f) => {
    if (f === forward) write(`Handling connection for ${local}\n`);
  };
  ctx.write(`Forwarding from 127.0.0.1:${local} -> ${podPort}\nForwarding from [::1]:${local} -> ${podPort}\n`);
  if (ctx.background) {
    const job = ctx.addJob(ctx.line, forward);
    ctx.write(dim(`[${job.id}] port-forward runs in the background (pod ${pod.metadata.name}); kill %${job.id} stops it.\n`));
    return 0;
  }
  const done = new Promise<number>((resolve) => forward.onExit((info) => {
    if (info.message) ctx.write(red(`${info.message}\n`));
    resolve(info.reason === 'stopped' ? 130 : 1);
  }));
  return ctx.hold(done, () => forward.stop());
}

export async function kubectlRun(ctx: CommandContext, p: Parsed, session: KubeSession): Promise<number> {
  const name = p.positional[0];
  const image = flag(p, 'image');
  const usage = dim('Try: kubectl run -it --rm debug --image=curlimages/curl --restart=Never -- sh\n  or: kubectl run curl --image=curlimages/curl --rm -it --restart=Never -- curl http://word-generator:8080/?starts_with=k\n');
  if (!name || !image) {
    ctx.write(red('error: NAME and --image are required for run\n') + usage);
    return 1;
  }
  const [tool, ...toolArgs] = p.rest;
  if (!DEBUG_IMAGES.test(image) || !tool) {
    ctx.write(red(`error: this page runs debug pods only: an image with curl (curlimages/curl) and a command after --\n`) + usage);
    return 1;
  }
  const attached = truthy(p, 'i', 'stdin') && truthy(p, 't', 'tty');
  const remove = truthy(p, 'rm');
  if (remove && !truthy(p, 'i', 'stdin', 'attach')) {
    ctx.write(red('error: --rm should only be used for attached containers\n'));
    return 1;
  }
  if (SHELLS.test(tool)) {
    if (!attached) {
      ctx.write(red(`error: this page opens ${tool} in a debug pod only with a terminal attached: add -it\n`) + usage);
      return 1;
    }
    ctx.write("If you don't see a command prompt, try pressing enter.\n");
    ctx.enter(debugShell(ctx.host, session, { name, image, remove, restart: flag(p, 'restart') ?? 'Always' }));
    return 0;
  }
  if (tool !== 'curl') {
    ctx.write(red(`error: this page runs curl or sh in a debug pod, not ${tool}\n`) + usage);
    return 1;
  }
  const status = await curl({ ...ctx, host: podNetwork(ctx.host, session), jobs: () => [] }, toolArgs);
  if (remove) ctx.write(deletedLine('Pod', name));
  return status;
}

export function kubectlExec(ctx: CommandContext, p: Parsed, cluster: Cluster): number {
  const word = p.positional[0];
  const found = word ? podsFor(cluster, word) : { pods: [], error: 'error: pod, type/name or --filename must be specified' };
  if (found.error || !found.pods[0]) {
    ctx.write(red(`${found.error ?? 'error: no pod found'}\n`));
    return 1;
  }
  const cmd = p.rest[0] ?? 'sh';
  ctx.write(red(`error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown\n`));
  ctx.write(dim('The image holds one file, the module: there is no shell or curl in it. Run a debug pod instead:\n  kubectl run -it --rm debug --image=curlimages/curl --restart=Never -- sh\n'));
  return 126;
}
