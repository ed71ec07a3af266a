// The whole in-page world of lessons 6-8: the builder's local images, the registry at localhost:5001 (which can
// be stopped, as `docker stop kind-registry` does), the kind cluster, and the cluster's network (Service names
// and IPs, pod IPs, port-forwards). Saved after every change; `kind delete cluster` clears the cluster.
import { HttpError, type HttpRequestInit, type HttpResponse } from '../runtime/index.ts';
import { Cluster } from './cluster.ts';
import { parseKindConfig } from './kind-config.ts';
import type { PodPlatform } from './kubelet.ts';
import { matches, type KubeObject } from './objects.ts';
import { loadState, STATE_VERSION, type ModelState } from './state.ts';

export interface ModelStorage {
  load(): string | null;
  save(text: string): void;
}

export interface ModelOptions {
  platform: PodPlatform;
  /** the bytes of word_generator.wasm, for the image layer and its digest */
  moduleBytes(): Promise<Uint8Array>;
  storage?: ModelStorage;
  now?: () => number;
  random?: () => number;
  backoffBaseMs?: number;
}

/** Where a request to the cluster's network lands. */
export interface Target {
  pod: KubeObject;
  port: number;
}

export class KubeModel {
  readonly state: ModelState;
  readonly options: ModelOptions;
  cluster: Cluster | undefined;
  /** why the saved state was not used, shown once */
  notice: string | undefined;
  #turn = new Map<string, number>();

  constructor(options: ModelOptions) {
    this.options = options;
    const loaded = loadState(options.storage ? safeLoad(options.storage) : null);
    this.state = loaded.state;
    this.notice = loaded.problem;
    if (this.state.cluster) {
      this.cluster = this.#makeCluster();
      this.cluster.resume();
    }
  }

  get now(): number {
    return (this.options.now ?? Date.now)();
  }

  save(): void {
    if (!this.options.storage) return;
    try {
      this.options.storage.save(JSON.stringify({ ...this.state, version: STATE_VERSION }));
    } catch {
      // Storage full or blocked: the model keeps working for this visit.
    }
  }

  #makeCluster(): Cluster {
    const data = this.state.cluster;
    if (!data) throw new Error('no cluster');
    return new Cluster(data, {
      platform: this.options.platform,
      state: this.state,
      save: () => this.save(),
      ...(this.options.now ? { now: this.options.now } : {}),
      ...(this.options.random ? { random: this.options.random } : {}),
      ...(this.options.backoffBaseMs !== undefined ? { backoffBaseMs: this.options.backoffBaseMs } : {}),
    });
  }

  /** `kind create cluster [--name N] [--config FILE]`; the config decides the node's runtimes. */
  createCluster(name: string | undefined, config: { text: string; source: string } | undefined): Cluster {
    const parsed = config ? parseKindConfig(config.text, config.source) : { name: undefined, runtimes: { runc: 'io.containerd.runc.v2' } };
    const clusterName = name ?? parsed.name ?? 'kind';
    if (this.state.cluster) throw new Error(`ERROR: failed to create cluster: node(s) already exist for a cluster with the name "${this.state.cluster.name}"`);
    this.state.cluster = { name: clusterName, created: this.now, runtimes: parsed.runtimes, nodeImages: {}, objects: [], events: [], nextPodIp: 5, nextServiceIp: 100 };
    this.cluster = this.#makeCluster();
    this.#seed(this.cluster);
    this.save();
    return this.cluster;
  }

  /** What kind installs: the kubernetes Service, and (with kind's default) nothing of ours. */
  #seed(cluster: Cluster): void {
    cluster.apply({
      source: 'kind',
      data: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } }, spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }] } },
    });
  }

  async deleteCluster(): Promise<string | undefined> {
    const name = this.state.cluster?.name;
    await this.cluster?.shutdown();
    this.cluster = undefined;
    this.state.cluster = undefined;
    this.save();
    return name;
  }

  /** Everything back to a fresh page: images, registry, cluster. */
  async reset(): Promise<void> {
    await this.deleteCluster();
    this.state.local = {};
    this.state.registry = { running: false, images: {} };
    this.save();
  }

  /** A Service by DNS name or cluster IP, or a pod by IP, to the pod and port that will answer. */
  resolve(hostname: string, port: number): Target[] | 'no-host' | 'no-port' {
    const cluster = this.cluster;
    if (!cluster) return 'no-host';
    const short = hostname.replace(/\.$/, '').replace(/\.svc\.cluster\.local$/, '.svc');
    const byName = /^([a-z0-9-]+)(?:\.default(?:\.svc)?)?$/.exec(short)?.[1];
    const service = cluster.list('Service').find((s) => s.metadata.name === byName || s.spec.clusterIP === hostname);
    if (service) {
      const sp = (service.spec.ports ?? []).find((p: any) => p.port === port);
      if (!sp) return 'no-port';
      return cluster
        .list('Pod')
        .filter((p) => matches(service.spec.selector, p.metadata.labels) && cluster.isReady(p) && !p.metadata.deletionTimestamp)
        .sort((a, b) => (a.status.podIP < b.status.podIP ? -1 : 1))
        .map((pod) => ({ pod, port: cluster.targetPort(service, sp, pod) }));
    }
    const pod = cluster.list('Pod').find((p) => p.status?.podIP === hostname);
    return pod ? [{ pod, port }] : 'no-host';
  }

  /** One request through a Service: its ready pods take turns (kube-proxy picks at random; turns show the spread). */
  async requestService(url: URL, init: HttpRequestInit): Promise<{ response: HttpResponse; pod: string }> {
    const port = url.port === '' ? 80 : Number(url.port);
    const targets = this.resolve(url.hostname, port);
    if (targets === 'no-host') throw new HttpError('EHOSTUNREACH', `Could not resolve host: ${url.hostname}`);
    if (targets === 'no-port' || targets.length === 0) throw new HttpError('ECONNREFUSED', `Failed to connect to ${url.hostname} port ${port}: Connection refused`);
    const key = `${url.hostname}:${port}`;
    const turn = this.#turn.get(key) ?? 0;
    this.#turn.set(key, turn + 1);
    const target = targets[turn % targets.length] as Target;
    return { response: await this.requestPod(target, `${url.pathname}${url.search}`, init), pod: target.pod.metadata.name };
  }

  /** A request to one pod's port, on that pod's own network. */
  async requestPod(target: Target, path: string, init: HttpRequestInit): Promise<HttpResponse> {
    const host = this.cluster?.kubelet.hostOf(target.pod);
    if (!host) throw new HttpError('ECONNREFUSED', `connect: connection refused (${target.pod.metadata.name} is not running)`);
    return host.request(`http://localhost:${target.port}${path}`, init);
  }
}

function safeLoad(storage: ModelStorage): string | null {
  try {
    return storage.load();
  } catch {
    return null;
  }
}
