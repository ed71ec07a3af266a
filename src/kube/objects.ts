// The API objects the model stores, in the shape the API server returns them (what -o yaml prints), and the
// kinds kubectl knows by name, short name and plural.

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller: boolean; blockOwnerDeletion: boolean }[];
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  handler?: string;
  subsets?: any[];
  [key: string]: unknown;
}

export interface KindInfo {
  kind: string;
  apiVersion: string;
  /** how kubectl names it in messages: `deployment.apps`, `service` */
  resource: string;
  namespaced: boolean;
  names: string[];
}

export const KINDS: readonly KindInfo[] = [
  { kind: 'Pod', apiVersion: 'v1', resource: 'pod', namespaced: true, names: ['pod', 'pods', 'po'] },
  { kind: 'Service', apiVersion: 'v1', resource: 'service', namespaced: true, names: ['service', 'services', 'svc'] },
  { kind: 'Endpoints', apiVersion: 'v1', resource: 'endpoints', namespaced: true, names: ['endpoints', 'ep'] },
  { kind: 'Event', apiVersion: 'v1', resource: 'event', namespaced: true, names: ['event', 'events', 'ev'] },
  { kind: 'ConfigMap', apiVersion: 'v1', resource: 'configmap', namespaced: true, names: ['configmap', 'configmaps', 'cm'] },
  { kind: 'Node', apiVersion: 'v1', resource: 'node', namespaced: false, names: ['node', 'nodes', 'no'] },
  { kind: 'Deployment', apiVersion: 'apps/v1', resource: 'deployment.apps', namespaced: true, names: ['deployment', 'deployments', 'deploy'] },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', resource: 'replicaset.apps', namespaced: true, names: ['replicaset', 'replicasets', 'rs'] },
  { kind: 'RuntimeClass', apiVersion: 'node.k8s.io/v1', resource: 'runtimeclass.node.k8s.io', namespaced: false, names: ['runtimeclass', 'runtimeclasses'] },
];

/** `deploy`, `deployments.apps`, `Deployment` -> its kind. */
export function kindByName(name: string): KindInfo | undefined {
  const n = name.toLowerCase().replace(/\.(apps|node\.k8s\.io)$/, '').replace(/\.v1$/, '');
  return KINDS.find((k) => k.names.includes(n) || k.kind.toLowerCase() === n);
}

export const kindInfo = (kind: string): KindInfo | undefined => KINDS.find((k) => k.kind === kind);

/** Label selector match: `matchLabels` (and a plain map, as a Service's selector is). */
export function matches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** `-l a=b,c=d` */
export function parseSelector(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const [k, v] = part.split('=');
    if (k) out[k.trim()] = (v ?? '').trim();
  }
  return out;
}

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
