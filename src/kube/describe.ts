// `kubectl describe` for the kinds of the course, laid out as kubectl's describers lay them out: labels one per
// line, the container's state and last state, conditions, and the object's events at the end.
import { timestamp } from './age.ts';
import type { Cluster } from './cluster.ts';
import type { KubeObject } from './objects.ts';
import { describeEvents, endpointsText, podStatus } from './print.ts';
import { tabwrite } from './table.ts';

type Line = string[];

const date = (ts: string | undefined) => (ts ? new Date(ts).toUTCString().replace('GMT', '+0000') : '<unknown>');

function mapLines(key: string, map: Record<string, string> | undefined, skip: (k: string) => boolean = () => false): Line[] {
  const entries = Object.entries(map ?? {}).filter(([k]) => !skip(k)).sort(([a], [b]) => (a < b ? -1 : 1));
  if (entries.length === 0) return [[`${key}:`, '<none>']];
  return entries.map(([k, v], i) => [i === 0 ? `${key}:` : '', `${k}=${v}`]);
}

const annotationSkip = (k: string) => k === 'kubectl.kubernetes.io/last-applied-configuration';

function meta(o: KubeObject, namespaced = true): Line[] {
  return [
    ['Name:', o.metadata.name],
    ...(namespaced ? [['Namespace:', o.metadata.namespace ?? 'default']] : []),
    ...mapLines('Labels', o.metadata.labels),
    ...mapLines('Annotations', o.metadata.annotations, annotationSkip).map((l) => l.map((c) => c.replace(/=/, ': '))),
  ];
}

function probe(p: any): string {
  const g = p.httpGet;
  return `http-get http://:${g.port}${g.path ?? '/'} delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
}

function containerLines(c: any, status: any | undefined, indent: string): Line[] {
  const lines: Line[] = [[`${indent}${c.name}:`]];
  const i = `${indent}  `;
  if (status) lines.push([`${i}Container ID:`, status.containerID || '']);
  lines.push([`${i}Image:`, c.image]);
  if (status) lines.push([`${i}Image ID:`, status.imageID || '']);
  const port = c.ports?.[0];
  lines.push([`${i}Port:`, port ? `${port.containerPort}/${port.protocol ?? 'TCP'}${port.name ? ` (${port.name})` : ''}` : '<none>']);
  lines.push([`${i}Host Port:`, port ? `0/${port.protocol ?? 'TCP'}${port.name ? ` (${port.name})` : ''}` : '<none>']);
  if (c.command) lines.push([`${i}Command:`], ...c.command.map((a: string) => [`${i}  ${a}`]));
  if (c.args) lines.push([`${i}Args:`], ...c.args.map((a: string) => [`${i}  ${a}`]));
  if (status) {
    lines.push(...stateLines('State', status.state, i));
    if (status.lastState?.terminated) lines.push(...stateLines('Last State', status.lastState, i));
    lines.push([`${i}Ready:`, status.ready ? 'True' : 'False']);
    lines.push([`${i}Restart Count:`, String(status.restartCount ?? 0)]);
  }
  for (const [label, key] of [['Limits', 'limits'], ['Requests', 'requests']] as const) {
    const r = c.resources?.[key];
    if (r) lines.push([`${i}${label}:`], ...Object.entries(r).map(([k, v]) => [`${i}  ${k}:`, String(v)]));
  }
  if (c.livenessProbe?.httpGet) lines.push([`${i}Liveness:`, probe(c.livenessProbe)]);
  if (c.readinessProbe?.httpGet) lines.push([`${i}Readiness:`, probe(c.readinessProbe)]);
  const env = (c.env ?? []) as { name: string; value?: string }[];
  lines.push(env.length === 0 ? [`${i}Environment:`, '<none>'] : [`${i}Environment:`]);
  for (const e of env) lines.push([`${i}  ${e.name}:`, e.value ?? '']);
  lines.push([`${i}Mounts:`, '<none>']);
  return lines;
}

function stateLines(label: string, state: any, i: string): Line[] {
  if (state?.running) return [[`${i}${label}:`, 'Running'], [`${i}  Started:`, date(state.running.startedAt)]];
  if (state?.terminated) {
    const t = state.terminated;
    return [
      [`${i}${label}:`, 'Terminated'],
      [`${i}  Reason:`, t.reason ?? ''],
      ...(t.message ? [[`${i}  Message:`, t.message]] : []),
      [`${i}  Exit Code:`, String(t.exitCode)],
      [`${i}  Started:`, date(t.startedAt)],
      [`${i}  Finished:`, date(t.finishedAt)],
    ];
  }
  const w = state?.waiting;
  return [[`${i}${label}:`, 'Waiting'], [`${i}  Reason:`, w?.reason ?? ''], ...(w?.message ? [[`${i}  Message:`, w.message]] : [])];
}

function describePod(p: KubeObject): Line[] {
  const owner = p.metadata.ownerReferences?.[0];
  const lines: Line[] = [
    ['Name:', p.metadata.name],
    ['Namespace:', 'default'],
    ['Priority:', '0'],
    ...(p.spec.runtimeClassName ? [['Runtime Class Name:', p.spec.runtimeClassName]] : []),
    ['Service Account:', 'default'],
    ['Node:', `${p.spec.nodeName}/172.18.0.2`],
    ['Start Time:', date(p.status?.startTime)],
    ...mapLines('Labels', p.metadata.labels),
    ['Annotations:', '<none>'],
    ['Status:', p.metadata.deletionTimestamp ? 'Terminating' : (p.status?.phase ?? 'Pending')],
    ['IP:', p.status?.podIP ?? ''],
    ['IPs:', p.status?.podIP ? '' : '<none>'],
    ...(p.status?.podIP ? [['  IP:', p.status.podIP]] : []),
    ...(owner ? [['Controlled By:', `${owner.kind}/${owner.name}`]] : []),
    ['Containers:'],
  ];
  p.spec.containers.forEach((c: any, n: number) => lines.push(...containerLines(c, p.status?.containerStatuses?.[n], '  ')));
  lines.push(['Conditions:'], ['  Type', 'Status'], ...(p.status?.conditions ?? []).map((c: any) => [`  ${c.type}`, c.status]));
  lines.push(['Volumes:', '<none>'], ['QoS Class:', p.status?.qosClass ?? 'Burstable'], ['Node-Selectors:', '<none>']);
  lines.push(['Tolerations:', 'node.kubernetes.io/not-ready:NoExecute op=Exists for 300s'], ['', 'node.kubernetes.io/unreachable:NoExecute op=Exists for 300s']);
  return lines;
}

function describeDeployment(d: KubeObject): Line[] {
  const s = d.status ?? {};
  const ru = d.spec.strategy?.rollingUpdate;
  return [
    ...meta(d).slice(0, 1),
    ['Namespace:', 'default'],
    ['CreationTimestamp:', date(d.metadata.creationTimestamp)],
    ...mapLines('Labels', d.metadata.labels),
    ...mapLines('Annotations', { 'deployment.kubernetes.io/revision': String(d.metadata.generation ?? 1) }),
    ['Selector:', Object.entries(d.spec.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',')],
    ['Replicas:', `${d.spec.replicas} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable`],
    ['StrategyType:', d.spec.strategy?.type ?? 'RollingUpdate'],
    ['MinReadySeconds:', '0'],
    ...(ru ? [['RollingUpdateStrategy:', `${ru.maxUnavailable} max unavailable, ${ru.maxSurge} max surge`]] : []),
    ['Pod Template:'],
    ...mapLines('  Labels', d.spec.template.metadata?.labels),
    ...(d.spec.template.spec.runtimeClassName ? [] : []),
    ['  Containers:'],
    ...d.spec.template.spec.containers.flatMap((c: any) => containerLines(c, undefined, '   ')),
    ['  Volumes:', '<none>'],
    ['  Node-Selectors:', '<none>'],
    ['  Tolerations:', '<none>'],
    ['Conditions:'],
    ['  Type', 'Status', 'Reason'],
    ['  ----', '------', '------'],
    ...(s.conditions ?? []).map((c: any) => [`  ${c.type}`, c.status, c.reason]),
  ];
}

function describeService(cluster: Cluster, s: KubeObject): Line[] {
  const ep = cluster.get('Endpoints', s.metadata.name);
  const lines: Line[] = [
    ...meta(s),
    ['Selector:', Object.entries(s.spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'],
    ['Type:', s.spec.type],
    ['IP Family Policy:', 'SingleStack'],
    ['IP Families:', 'IPv4'],
    ['IP:', s.spec.clusterIP],
    ['IPs:', s.spec.clusterIP],
  ];
  if (s.spec.type === 'LoadBalancer') lines.push(['LoadBalancer Ingress:', (s.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip).join(', ')]);
  for (const p of s.spec.ports ?? []) {
    lines.push(['Port:', `${p.name ?? '<unset>'}  ${p.port}/${p.protocol}`], ['TargetPort:', `${p.targetPort}/${p.protocol}`]);
    if (p.nodePort) lines.push(['NodePort:', `${p.name ?? '<unset>'}  ${p.nodePort}/${p.protocol}`]);
    lines.push(['Endpoints:', ep ? endpointsText(ep).replace('<none>', '') : '']);
  }
  lines.push(['Session Affinity:', 'None'], ['Internal Traffic Policy:', 'Cluster']);
  if (s.spec.type === 'LoadBalancer') lines.push(['External Traffic Policy:', 'Cluster']);
  return lines;
}

function describeReplicaSet(cluster: Cluster, rs: KubeObject): Line[] {
  const pods = cluster.list('Pod').filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid));
  const count = (status: string) => pods.filter((p) => podStatus(p) === status).length;
  return [
    ...meta(rs).slice(0, 2),
    ['Selector:', Object.entries(rs.spec.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',')],
    ...mapLines('Labels', rs.metadata.labels),
    ...mapLines('Annotations', rs.metadata.annotations).map((l) => l.map((c) => c.replace(/=/, ': '))),
    ['Controlled By:', `Deployment/${rs.metadata.ownerReferences?.[0]?.name ?? ''}`],
    ['Replicas:', `${rs.status?.replicas ?? 0} current / ${rs.spec.replicas} desired`],
    ['Pods Status:', `${count('Running')} Running / ${pods.length - count('Running') - count('Failed')} Waiting / 0 Succeeded / 0 Failed`],
    ['Pod Template:'],
    ...mapLines('  Labels', rs.spec.template.metadata?.labels),
    ['  Containers:'],
    ...rs.spec.template.spec.containers.flatMap((c: any) => containerLines(c, undefined, '   ')),
  ];
}

export function describe(cluster: Cluster, o: KubeObject): string {
  let lines: Line[];
  switch (o.kind) {
    case 'Pod':
      lines = describePod(o);
      break;
    case 'Deployment':
      lines = describeDeployment(o);
      break;
    case 'Service':
      lines = describeService(cluster, o);
      break;
    case 'ReplicaSet':
      lines = describeReplicaSet(cluster, o);
      break;
    case 'RuntimeClass':
      lines = [...meta(o, false), ['API Version:', o.apiVersion], ['Handler:', String(o.handler)], ['Kind:', 'RuntimeClass'], ['Metadata:'], ['  Creation Timestamp:', timestamp(Date.parse(o.metadata.creationTimestamp))], ['  Resource Version:', o.metadata.resourceVersion], ['  UID:', o.metadata.uid]];
      break;
    case 'Endpoints':
      lines = [...meta(o), ['Subsets:'], ['  Addresses:', (o.subsets?.[0]?.addresses ?? []).map((a: any) => a.ip).join(',') || '<none>'], ['  NotReadyAddresses:', (o.subsets?.[0]?.notReadyAddresses ?? []).map((a: any) => a.ip).join(',') || '<none>']];
      break;
    default:
      lines = meta(o);
  }
  return tabwrite(lines) + describeEvents(cluster.eventsFor(o), cluster.now());
}
