// The control plane of the model: the API objects (apply, delete, scale, patch), the controllers that turn a
// Deployment into a ReplicaSet into Pods (rolling updates with maxSurge/maxUnavailable of 25%), Endpoints for
// Services, and events. Pods run through the kubelet (kubelet.ts), which starts the real module.
import { mark } from './marks.ts';
import { timestamp } from './age.ts';
import { record, type KubeEvent } from './events.ts';
import { Kubelet, type PodPlatform } from './kubelet.ts';
import { randomSuffix, stableJson, templateHash } from './names.ts';
import { clone, kindInfo, matches, type KubeObject } from './objects.ts';
import type { ClusterData, ModelState } from './state.ts';
import { ApplyError, validateObject, type Manifest } from './validate.ts';

export const NODE_NAME_SUFFIX = '-control-plane';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export type ApplyResult = 'created' | 'configured' | 'unchanged';

export interface ClusterOptions {
  platform: PodPlatform;
  /** the saved state, changed in place; `save` is called after every change */
  state: ModelState;
  save: () => void;
  now?: () => number;
  random?: () => number;
  /** kubelet's first restart back-off (10 s on a real node; tests shorten it) */
  backoffBaseMs?: number;
}

export class Cluster {
  readonly data: ClusterData;
  readonly kubelet: Kubelet;
  readonly now: () => number;
  #options: ClusterOptions;
  #rv = 1;
  /** a reconcile is queued (soon()); false after shutdown, so a queued one does nothing */
  #pending = false;
  #shut = false;
  #saveQueued = false;
  #listeners = new Set<() => void>();

  constructor(data: ClusterData, options: ClusterOptions) {
    this.data = data;
    this.#options = options;
    this.now = options.now ?? Date.now;
    this.#rv = Math.max(1, ...data.objects.map((o) => Number(o.metadata.resourceVersion) || 0)) + 1;
    this.kubelet = new Kubelet(this, options.platform, options.state, options.backoffBaseMs ?? 10_000);
  }

  get nodeName(): string {
    return `${this.data.name}${NODE_NAME_SUFFIX}`;
  }

  /** Starts the pods the saved state holds (after a reload: the module starts cold in each). */
  resume(): void {
    for (const pod of this.list('Pod')) this.kubelet.sync(pod, true);
    this.reconcile();
  }

  /** Stops every guest (kind delete cluster, page going away). */
  async shutdown(): Promise<void> {
    this.#shut = true;
    await this.kubelet.stopAll();
  }

  /** Called after every change: `kubectl get -w` and `rollout status` wait on it. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  changed(): void {
    // One save per burst of changes (an apply touches many objects), not one per object.
    if (!this.#saveQueued) {
      this.#saveQueued = true;
      queueMicrotask(() => {
        this.#saveQueued = false;
        this.#options.save();
      });
    }
    for (const l of [...this.#listeners]) l();
  }

  list(kind: string): KubeObject[] {
    return this.data.objects.filter((o) => o.kind === kind);
  }

  get(kind: string, name: string): KubeObject | undefined {
    return this.data.objects.find((o) => o.kind === kind && o.metadata.name === name);
  }

  event(object: KubeObject, type: KubeEvent['type'], reason: string, message: string, component: string, fieldPath?: string): void {
    record(this.data.events, object, type, reason, message, component, this.now(), fieldPath);
  }

  eventsFor(object: KubeObject): KubeEvent[] {
    return this.data.events.filter((e) => e.involvedObject.uid === object.metadata.uid);
  }

  nextVersion(): string {
    return String(this.#rv++);
  }

  /** kubectl apply of one object: validated first; an invalid object changes nothing. */
  apply(m: Manifest): ApplyResult {
    validateObject(m);
    const incoming = clone(m.data) as KubeObject;
    const info = kindInfo(incoming.kind);
    if (!info) throw new ApplyError(`error: the model of this page has no ${incoming.kind}`);
    if (incoming.kind === 'Pod' || incoming.kind === 'ConfigMap') {
      // Accepted by the schemas, but the course never applies them; say so rather than half-run them.
      throw new ApplyError(`error: this page's cluster runs Deployments, Services and RuntimeClasses; a bare ${incoming.kind} is not modelled (use a Deployment)`);
    }
    const name = incoming.metadata.name;
    const namespace = info.namespaced ? (incoming.metadata.namespace ?? 'default') : undefined;
    if (namespace !== undefined && namespace !== 'default') throw new ApplyError(`Error from server (NotFound): error when creating "${m.source}": namespaces "${namespace}" not found`);
    const applied = stableJson(m.data);
    const existing = this.get(incoming.kind, name);
    if (existing) {
      this.#checkImmutable(existing, incoming, m.source);
      if (incoming.kind === 'Service') {
        // Allocated fields stay as they are unless the file sets them, as a three-way merge keeps them.
        incoming.spec.clusterIP ??= existing.spec.clusterIP;
        incoming.spec.clusterIPs ??= existing.spec.clusterIPs;
        for (const port of incoming.spec.ports ?? []) port.nodePort ??= existing.spec.ports?.find((p: any) => p.port === port.port)?.nodePort;
      }
      const candidate = clone(existing);
      Object.assign(candidate, { ...clone(incoming), metadata: candidate.metadata, status: candidate.status });
      candidate.metadata.labels = incoming.metadata.labels ?? {};
      this.#defaults(candidate);
      const same = (o: KubeObject) => stableJson({ spec: o.spec, handler: o.handler, labels: o.metadata.labels ?? {} });
      // Unchanged only when the live object already is what the file says (a patch since the last apply is undone).
      if (existing.metadata.annotations?.[LAST_APPLIED] === applied && same(candidate) === same(existing)) return 'unchanged';
      const generationBefore = existing.metadata.generation;
      const specChanged = stableJson(candidate.spec) !== stableJson(existing.spec);
      Object.assign(existing, { ...candidate, metadata: existing.metadata, status: existing.status });
      existing.metadata.labels = incoming.metadata.labels ?? {};
      existing.metadata.annotations = { ...(incoming.metadata.annotations ?? {}), [LAST_APPLIED]: applied };
      if (generationBefore !== undefined && specChanged) existing.metadata.generation = generationBefore + 1;
      existing.metadata.resourceVersion = this.nextVersion();
      this.soon();
      return 'configured';
    }
    incoming.metadata = {
      ...incoming.metadata,
      ...(namespace ? { namespace } : {}),
      uid: crypto.randomUUID(),
      resourceVersion: this.nextVersion(),
      creationTimestamp: timestamp(this.now()),
      annotations: { ...(incoming.metadata.annotations ?? {}), [LAST_APPLIED]: applied },
      ...(incoming.kind === 'Deployment' ? { generation: 1 } : {}),
    };
    this.#defaults(incoming);
    this.data.objects.push(incoming);
    this.soon();
    return 'created';
  }

  #checkImmutable(existing: KubeObject, incoming: KubeObject, source: string): void {
    if (existing.kind === 'RuntimeClass' && existing.handler !== incoming.handler) {
      throw new ApplyError(`The RuntimeClass "${existing.metadata.name}" is invalid: handler: Invalid value: "${incoming.handler}": field is immutable`);
    }
    if (existing.kind === 'Deployment' && stableJson(existing.spec?.selector) !== stableJson(incoming.spec?.selector)) {
      throw new ApplyError(`The Deployment "${existing.metadata.name}" is invalid: spec.selector: Invalid value: ${JSON.stringify(incoming.spec?.selector)}: field is immutable`);
    }
    void source;
  }

  /** The defaults the API server fills in, so -o yaml shows what a real cluster shows. */
  #defaults(o: KubeObject): void {
    if (o.kind === 'Deployment') {
      o.spec.replicas ??= 1;
      o.spec.revisionHistoryLimit ??= 10;
      o.spec.progressDeadlineSeconds ??= 600;
      o.spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
      for (const c of o.spec.template?.spec?.containers ?? []) {
        c.imagePullPolicy ??= /:latest$|^[^:]+$|\/[^:]+$/.test(c.image) ? 'Always' : 'IfNotPresent';
        c.terminationMessagePath ??= '/dev/termination-log';
        c.terminationMessagePolicy ??= 'File';
        for (const p of c.ports ?? []) p.protocol ??= 'TCP';
      }
      o.spec.template.spec.restartPolicy ??= 'Always';
      o.spec.template.spec.dnsPolicy ??= 'ClusterFirst';
      o.spec.template.spec.schedulerName ??= 'default-scheduler';
      o.spec.template.spec.terminationGracePeriodSeconds ??= 30;
      o.status ??= {};
    }
    if (o.kind === 'Service') {
      o.spec.type ??= 'ClusterIP';
      if (!o.spec.clusterIP) {
        const n = this.data.nextServiceIp++;
        o.spec.clusterIP = `10.96.${Math.floor(n / 256)}.${n % 256}`;
        o.spec.clusterIPs = [o.spec.clusterIP];
      }
      o.spec.sessionAffinity ??= 'None';
      o.spec.internalTrafficPolicy ??= 'Cluster';
      o.spec.ipFamilies ??= ['IPv4'];
      o.spec.ipFamilyPolicy ??= 'SingleStack';
      for (const p of o.spec.ports ?? []) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
        if (o.spec.type !== 'ClusterIP' && p.nodePort === undefined) p.nodePort = 30000 + ((this.#rv * 7919) % 2768);
      }
      if (o.spec.type === 'LoadBalancer') {
        o.spec.externalTrafficPolicy ??= 'Cluster';
        o.spec.allocateLoadBalancerNodePorts ??= true;
      }
      o.status = { loadBalancer: {} };
    }
  }

  /** kubectl delete of one object; pods are replaced by their ReplicaSet, owned objects go with their owner. */
  async delete(kind: string, name: string): Promise<boolean> {
    const o = this.get(kind, name);
    if (!o) return false;
    if (kind === 'Pod') {
      await this.kubelet.terminate(o);
    } else {
      this.data.objects.splice(this.data.objects.indexOf(o), 1);
      const owned = this.data.objects.filter((c) => c.metadata.ownerReferences?.some((r) => r.uid === o.metadata.uid));
      for (const child of owned) await this.delete(child.kind, child.metadata.name);
      if (kind === 'Service') this.data.objects = this.data.objects.filter((e) => !(e.kind === 'Endpoints' && e.metadata.name === name));
    }
    this.soon();
    return true;
  }

  /** Removes a pod's object once the kubelet has stopped it. */
  removePod(pod: KubeObject): void {
    const i = this.data.objects.indexOf(pod);
    if (i >= 0) this.data.objects.splice(i, 1);
    this.soon();
  }

  scale(kind: 'Deployment' | 'ReplicaSet', name: string, replicas: number): boolean {
    const o = this.get(kind, name);
    if (!o) return false;
    if (o.spec.replicas === replicas) return true;
    o.spec.replicas = replicas;
    o.metadata.resourceVersion = this.nextVersion();
    if (o.metadata.generation !== undefined) o.metadata.generation++;
    this.soon();
    return true;
  }

  /** A change to a Deployment's template made by kubectl (set image, patch): a new revision. */
  updateTemplate(deployment: KubeObject, change: (template: any) => void): boolean {
    const before = stableJson(deployment.spec.template);
    const template = clone(deployment.spec.template);
    change(template);
    if (stableJson(template) === before) return false;
    deployment.spec.template = template;
    deployment.metadata.generation = (deployment.metadata.generation ?? 1) + 1;
    deployment.metadata.resourceVersion = this.nextVersion();
    this.#defaults(deployment);
    this.soon();
    return true;
  }

  /**
   * The controllers react to a change a moment later, as they do through their watches: once the command that made
   * it has stored everything (`kubectl apply -f DIR` stores every object synchronously, so a Deployment applied
   * before its RuntimeClass does not race it). A microtask, not a timer: a timer waits behind the page's rendering
   * and every other task, and that wait delayed each pod's start by up to tens of ms on a loaded machine.
   */
  soon(): void {
    this.changed();
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      if (!this.#shut) this.reconcile();
    });
  }

  /** Every controller, once; then saves and tells the watchers. */
  reconcile(): void {
    for (const d of this.list('Deployment')) this.#deployment(d);
    for (const rs of this.list('ReplicaSet')) this.#replicaSet(rs);
    for (const d of this.list('Deployment')) this.#deploymentStatus(d);
    for (const s of this.list('Service')) this.#endpoints(s);
    this.changed();
  }

  #owned(owner: KubeObject, kind: string): KubeObject[] {
    return this.list(kind).filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid));
  }

  #podsOf(rs: KubeObject): KubeObject[] {
    return this.#owned(rs, 'Pod').filter((p) => !p.metadata.deletionTimestamp);
  }

  isReady = (pod: KubeObject): boolean => pod.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True') === true;

  #deployment(d: KubeObject): void {
    const hash = templateHash(d.spec.template);
    const sets = this.#owned(d, 'ReplicaSet');
    let current = sets.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const revision = Math.max(0, ...sets.map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0)));
    if (!current) {
      const template = clone(d.spec.template);
      template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash } };
      current = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          namespace: 'default',
          uid: crypto.randomUUID(),
          resourceVersion: this.nextVersion(),
          generation: 1,
          creationTimestamp: timestamp(this.now()),
          labels: { ...(template.metadata.labels as Record<string, string>) },
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas),
            'deployment.kubernetes.io/max-replicas': String(d.spec.replicas + this.#surge(d)),
            'deployment.kubernetes.io/revision': String(revision + 1),
          },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }],
        },
        spec: { replicas: 0, selector: { matchLabels: { ...d.spec.selector.matchLabels, 'pod-template-hash': hash } }, template },
        status: { replicas: 0, observedGeneration: 1 },
      };
      this.data.objects.push(current);
      this.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${current.metadata.name} from 0 to ${Math.min(d.spec.replicas, d.spec.replicas + this.#surge(d))}`, 'deployment-controller');
    } else if (Number(current.metadata.annotations?.['deployment.kubernetes.io/revision']) < revision) {
      // Rolling back to an older template makes that ReplicaSet the newest revision again.
      current.metadata.annotations!['deployment.kubernetes.io/revision'] = String(revision + 1);
    }
    const desired = d.spec.replicas as number;
    const old = sets.filter((rs) => rs !== current);
    const oldCount = old.reduce((n, rs) => n + rs.spec.replicas, 0);
    // Scale the new set up as far as maxSurge allows.
    const maxTotal = desired + this.#surge(d);
    const target = Math.max(0, Math.min(desired, maxTotal - oldCount));
    if (current.spec.replicas < target || current.spec.replicas > desired) this.#scaleSet(d, current, current.spec.replicas > desired ? desired : target);
    // Scale old sets down: their pods that are not ready go at once; ready ones only as far as maxUnavailable allows.
    const minAvailable = desired - this.#unavailable(d);
    const newNotReady = current.spec.replicas - this.#podsOf(current).filter(this.isReady).length;
    const unhealthy = old.map((rs) => Math.min(rs.spec.replicas, this.#podsOf(rs).filter((p) => !this.isReady(p)).length));
    let allowed = current.spec.replicas + oldCount - unhealthy.reduce((a, b) => a + b, 0) - minAvailable - Math.max(0, newNotReady);
    old.forEach((rs, i) => {
      let next = rs.spec.replicas - (unhealthy[i] ?? 0);
      const healthy = Math.min(Math.max(0, allowed), next);
      allowed -= healthy;
      next -= healthy;
      if (next !== rs.spec.replicas) this.#scaleSet(d, rs, next);
    });
    // Keep the last revisionHistoryLimit empty sets, as the controller does.
    const empty = old.filter((rs) => rs.spec.replicas === 0 && this.#owned(rs, 'Pod').length === 0);
    for (const rs of empty.slice(0, Math.max(0, empty.length - d.spec.revisionHistoryLimit))) this.data.objects.splice(this.data.objects.indexOf(rs), 1);
  }

  #surge(d: KubeObject): number {
    return this.#percent(d.spec.strategy?.rollingUpdate?.maxSurge ?? '25%', d.spec.replicas, true, d);
  }

  #unavailable(d: KubeObject): number {
    return this.#percent(d.spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%', d.spec.replicas, false, d);
  }

  /** maxSurge rounds up, maxUnavailable rounds down; both 0 is not allowed, so surge becomes 1. */
  #percent(value: string | number, replicas: number, up: boolean, d: KubeObject): number {
    if (d.spec.strategy?.type === 'Recreate') return up ? 0 : replicas;
    const n = typeof value === 'number' ? value : (Number(value.replace('%', '')) * replicas) / 100;
    const rounded = up ? Math.ceil(n) : Math.floor(n);
    if (up && rounded === 0 && this.#percent(d.spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%', replicas, false, d) === 0) return 1;
    return rounded;
  }

  #scaleSet(d: KubeObject, rs: KubeObject, replicas: number): void {
    const from = rs.spec.replicas as number;
    rs.spec.replicas = replicas;
    rs.metadata.resourceVersion = this.nextVersion();
    rs.metadata.annotations!['deployment.kubernetes.io/desired-replicas'] = String(d.spec.replicas);
    if (from !== replicas) this.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${replicas > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${replicas}`, 'deployment-controller');
  }

  #replicaSet(rs: KubeObject): void {
    const pods = this.#podsOf(rs);
    const want = rs.spec.replicas as number;
    for (let i = pods.length; i < want; i++) {
      const pod = this.#newPod(rs);
      if (!pod) break;
    }
    if (pods.length > want) {
      // Not-ready pods go first, then the youngest, as the controller ranks them.
      const doomed = [...pods].sort((a, b) => Number(this.isReady(a)) - Number(this.isReady(b)) || (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? 1 : -1)).slice(0, pods.length - want);
      for (const p of doomed) {
        this.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, 'replicaset-controller');
        void this.kubelet.terminate(p);
      }
    }
    const live = this.#podsOf(rs);
    rs.status = {
      replicas: live.length,
      fullyLabeledReplicas: live.length,
      readyReplicas: live.filter(this.isReady).length,
      availableReplicas: live.filter(this.isReady).length,
      observedGeneration: rs.metadata.generation,
    };
  }

  /** Admission then creation, as the ReplicaSet controller sees it: a missing RuntimeClass rejects the pod. */
  #newPod(rs: KubeObject): KubeObject | undefined {
    const template = rs.spec.template;
    const prefix = `${rs.metadata.name}-`;
    const className = template.spec.runtimeClassName as string | undefined;
    if (className !== undefined && !this.get('RuntimeClass', className)) {
      this.event(rs, 'Warning', 'FailedCreate', `Error creating: pods "${prefix}" is forbidden: pod rejected: RuntimeClass "${className}" not found`, 'replicaset-controller');
      return undefined;
    }
    const name = prefix + randomSuffix(this.#options.random);
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: prefix,
        namespace: 'default',
        uid: crypto.randomUUID(),
        resourceVersion: this.nextVersion(),
        creationTimestamp: timestamp(this.now()),
        labels: { ...(template.metadata?.labels ?? {}) },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: { ...clone(template.spec), nodeName: this.nodeName, ...(className ? { overhead: undefined } : {}) },
      status: { phase: 'Pending', qosClass: 'Burstable' },
    };
    delete pod.spec.overhead;
    this.data.objects.push(pod);
    this.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, 'replicaset-controller');
    this.event(pod, 'Normal', 'Scheduled', `Successfully assigned default/${name} to ${this.nodeName}`, 'default-scheduler');
    mark('pod-created');
    this.kubelet.sync(pod, false);
    return pod;
  }

  #deploymentStatus(d: KubeObject): void {
    const hash = templateHash(d.spec.template);
    const sets = this.#owned(d, 'ReplicaSet');
    const pods = sets.flatMap((rs) => this.#podsOf(rs));
    const updated = pods.filter((p) => p.metadata.labels?.['pod-template-hash'] === hash);
    const ready = pods.filter(this.isReady);
    const desired = d.spec.replicas as number;
    const available = ready.length >= desired - this.#unavailable(d);
    const newSet = sets.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const complete = updated.length === desired && pods.length === desired && updated.filter(this.isReady).length === desired;
    const failedCreate = newSet && this.eventsFor(newSet).some((e) => e.reason === 'FailedCreate') && updated.length < desired;
    const ts = timestamp(this.now());
    const condition = (type: string, status: string, reason: string, message: string) => {
      const prev = (d.status?.conditions ?? []).find((c: any) => c.type === type);
      const same = prev && prev.status === status && prev.reason === reason;
      return { type, status, lastUpdateTime: same ? prev.lastUpdateTime : ts, lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : ts, reason, message };
    };
    d.status = {
      observedGeneration: d.metadata.generation,
      replicas: pods.length,
      updatedReplicas: updated.length,
      readyReplicas: ready.length,
      availableReplicas: ready.length,
      ...(pods.length - ready.length > 0 ? { unavailableReplicas: Math.max(0, desired - ready.length) } : {}),
      conditions: [
        available
          ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
          : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
        failedCreate
          ? condition('ReplicaFailure', 'True', 'FailedCreate', this.eventsFor(newSet).filter((e) => e.reason === 'FailedCreate').at(-1)?.message ?? '')
          : complete
            ? condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${newSet?.metadata.name}" has successfully progressed.`)
            : condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${newSet?.metadata.name}" is progressing.`),
      ],
    };
  }

  #endpoints(s: KubeObject): void {
    if (!s.spec.selector) return;
    const pods = this.list('Pod').filter((p) => matches(s.spec.selector, p.metadata.labels) && p.status?.podIP && !p.metadata.deletionTimestamp);
    const address = (p: KubeObject) => ({ ip: p.status.podIP, nodeName: this.nodeName, targetRef: { kind: 'Pod', name: p.metadata.name, namespace: 'default', uid: p.metadata.uid } });
    const ready = pods.filter(this.isReady).map(address);
    const notReady = pods.filter((p) => !this.isReady(p)).map(address);
    const ports = (s.spec.ports ?? []).map((p: any) => ({ ...(p.name ? { name: p.name } : {}), port: this.targetPort(s, p, pods[0]), protocol: p.protocol }));
    let ep = this.get('Endpoints', s.metadata.name);
    if (!ep) {
      ep = {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: s.metadata.name, namespace: 'default', uid: crypto.randomUUID(), resourceVersion: this.nextVersion(), creationTimestamp: s.metadata.creationTimestamp, labels: { ...(s.metadata.labels ?? {}) } },
      };
      this.data.objects.push(ep);
    }
    if (ready.length + notReady.length === 0) delete ep.subsets;
    else ep.subsets = [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports }];
  }

  /** A Service port's target on a pod: a number, or a container port looked up by name. */
  targetPort(service: KubeObject, port: any, pod: KubeObject | undefined): number {
    const target = port.targetPort ?? port.port;
    if (typeof target === 'number') return target;
    for (const c of pod?.spec.containers ?? []) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
    void service;
    return Number(target) || port.port;
  }
}
