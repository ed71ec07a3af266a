// `kubectl get` tables, column for column as kubectl's printers write them (pkg/printers/internalversion):
// the same headers, STATUS and RESTARTS logic, ports and selectors, and -o wide's extra columns.
import { humanDuration } from './age.ts';
import type { KubeEvent } from './events.ts';
import { kindInfo, type KubeObject } from './objects.ts';
import { table } from './table.ts';

const age = (ts: string | undefined, now: number) => (ts ? humanDuration(now - Date.parse(ts)) : '<unknown>');
const none = (s: string | undefined) => (s === undefined || s === '' ? '<none>' : s);
const selectorText = (sel: Record<string, string> | undefined) => none(Object.entries(sel ?? {}).map(([k, v]) => `${k}=${v}`).join(','));

/** The STATUS column: the pod's phase, overridden by a waiting or terminated container's reason, or Terminating. */
export function podStatus(pod: KubeObject): string {
  let reason: string = pod.status?.reason ?? pod.status?.phase ?? 'Pending';
  for (const c of [...(pod.status?.containerStatuses ?? [])].reverse()) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
    else if (c.state?.terminated) reason = `ExitCode:${c.state.terminated.exitCode}`;
  }
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  return reason;
}

function restarts(pod: KubeObject, now: number): string {
  const c = pod.status?.containerStatuses?.[0];
  const count = c?.restartCount ?? 0;
  const last = c?.lastState?.terminated?.finishedAt as string | undefined;
  return count > 0 && last ? `${count} (${age(last, now)} ago)` : String(count);
}

function ready(pod: KubeObject): string {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  return `${statuses.filter((c: any) => c.ready).length}/${total}`;
}

function ports(svc: KubeObject): string {
  const list = (svc.spec.ports ?? []).map((p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`);
  return none(list.join(','));
}

function externalIp(svc: KubeObject): string {
  if (svc.spec.type === 'LoadBalancer') {
    const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname);
    return ingress.length > 0 ? ingress.join(',') : '<pending>';
  }
  return none((svc.spec.externalIPs ?? []).join(','));
}

/** `10.244.0.5:8090,10.244.0.6:8090 + 1 more...` as kubectl shortens endpoint lists. */
export function endpointsText(ep: KubeObject): string {
  const all: string[] = [];
  for (const s of ep.subsets ?? []) for (const a of s.addresses ?? []) for (const p of s.ports ?? []) all.push(`${a.ip}:${p.port}`);
  if (all.length === 0) return '<none>';
  return all.length > 3 ? `${all.slice(0, 3).join(',')} + ${all.length - 3} more...` : all.join(',');
}

function images(o: KubeObject): [string, string] {
  const containers = (o.spec.template?.spec ?? o.spec).containers ?? [];
  return [containers.map((c: any) => c.name).join(','), containers.map((c: any) => c.image).join(',')];
}

export function rowsFor(kind: string, objects: KubeObject[], now: number, wide: boolean, withKind: boolean): string[][] {
  const name = (o: KubeObject) => (withKind ? `${kindPrefix(kind)}/${o.metadata.name}` : o.metadata.name);
  switch (kind) {
    case 'Pod':
      return [
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', ...(wide ? ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : [])],
        ...objects.map((p) => [name(p), ready(p), podStatus(p), restarts(p, now), age(p.metadata.creationTimestamp, now), ...(wide ? [none(p.status?.podIP), none(p.spec.nodeName), '<none>', '<none>'] : [])]),
      ];
    case 'Deployment':
      return [
        ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : [])],
        ...objects.map((d) => [name(d), `${d.status?.readyReplicas ?? 0}/${d.spec.replicas}`, String(d.status?.updatedReplicas ?? 0), String(d.status?.availableReplicas ?? 0), age(d.metadata.creationTimestamp, now), ...(wide ? [...images(d), selectorText(d.spec.selector?.matchLabels)] : [])]),
      ];
    case 'ReplicaSet':
      return [
        ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : [])],
        ...objects.map((r) => [name(r), String(r.spec.replicas), String(r.status?.replicas ?? 0), String(r.status?.readyReplicas ?? 0), age(r.metadata.creationTimestamp, now), ...(wide ? [...images(r), selectorText(r.spec.selector?.matchLabels)] : [])]),
      ];
    case 'Service':
      return [
        ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', ...(wide ? ['SELECTOR'] : [])],
        ...objects.map((s) => [name(s), s.spec.type, s.spec.clusterIP, externalIp(s), ports(s), age(s.metadata.creationTimestamp, now), ...(wide ? [selectorText(s.spec.selector)] : [])]),
      ];
    case 'Endpoints':
      return [['NAME', 'ENDPOINTS', 'AGE'], ...objects.map((e) => [name(e), endpointsText(e), age(e.metadata.creationTimestamp, now)])];
    case 'RuntimeClass':
      return [['NAME', 'HANDLER', 'AGE'], ...objects.map((r) => [name(r), String(r.handler), age(r.metadata.creationTimestamp, now)])];
    case 'Node':
      return [
        ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', ...(wide ? ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'] : [])],
        ...objects.map((n) => [name(n), 'Ready', 'control-plane', age(n.metadata.creationTimestamp, now), 'v1.36.1', ...(wide ? ['172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '(this page)', 'containerd://2.3.1'] : [])]),
      ];
    default:
      return [['NAME', 'AGE'], ...objects.map((o) => [name(o), age(o.metadata.creationTimestamp, now)])];
  }
}

/**
 * What kubectl prints for each object it deletes (`kubectl delete`, and `kubectl run --rm` as its session ends). Since
 * kubectl 1.34 a namespaced object's line names its namespace (`pod "x" deleted from default namespace`); a
 * cluster-wide one (a RuntimeClass) stays `... "x" deleted`.
 */
export function deletedLine(kind: string, name: string, namespace = 'default'): string {
  const where = kindInfo(kind)?.namespaced === false ? '' : ` from ${namespace} namespace`;
  return `${kindPrefix(kind)} "${name}" deleted${where}\n`;
}

export function kindPrefix(kind: string): string {
  return { Deployment: 'deployment.apps', ReplicaSet: 'replicaset.apps', RuntimeClass: 'runtimeclass.node.k8s.io' }[kind] ?? kind.toLowerCase();
}

export function printTable(kind: string, objects: KubeObject[], now: number, wide: boolean, withKind = false): string {
  return table(rowsFor(kind, objects, now, wide, withKind));
}

/** `kubectl get events`: oldest first, with the object as kind/name. */
export function printEvents(events: KubeEvent[], now: number): string {
  const sorted = [...events].sort((a, b) => (a.lastTimestamp < b.lastTimestamp ? -1 : a.lastTimestamp > b.lastTimestamp ? 1 : 0));
  return table([
    ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    ...sorted.map((e) => [age(e.lastTimestamp, now), e.type, e.reason, `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`, e.message]),
  ]);
}

/** The Events section of `kubectl describe`. */
export function describeEvents(events: KubeEvent[], now: number): string {
  if (events.length === 0) return 'Events:            <none>\n';
  const rows = [
    ['Type', 'Reason', 'Age', 'From', 'Message'],
    ['----', '------', '----', '----', '-------'],
    ...events.map((e) => [
      e.type,
      e.reason,
      e.count > 1 ? `${age(e.lastTimestamp, now)} (x${e.count} over ${age(e.firstTimestamp, now)})` : age(e.lastTimestamp, now),
      e.source.component,
      e.message,
    ]),
  ];
  return 'Events:\n' + table(rows, 0, 2).split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
}
