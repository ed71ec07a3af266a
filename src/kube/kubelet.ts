// The node agent of the model: for each pod it creates the sandbox (failing, as containerd does, when the node has
// no runtime for the RuntimeClass's handler), pulls the image from the in-page registry, decides what the runtime
// would do with it (runc cannot exec a .wasm; the shim needs an absolute .wasm entrypoint; Wasmtime lacks the
// WasmEdge socket imports), then starts the real module in the pod's own guest host and probes it. A guest that
// exits or traps is restarted with the kubelet's back-off (10 s doubling to 5 min): CrashLoopBackOff.
import type { GuestModule } from '../runtime/index.ts';
import type { GuestHost, HostedServer } from '../runtime/host/index.ts';
import { timestamp } from './age.ts';
import { mark } from './marks.ts';
import type { Cluster } from './cluster.ts';
import { failures } from './failures.ts';
import type { KubeObject } from './objects.ts';
import { MEDIA, parseReference } from './oci.ts';
import type { ModelState } from './state.ts';

export interface PodPlatform {
  /** the module the image's entrypoint names: the page's word_generator.wasm */
  workload(): Promise<GuestModule>;
  /** a fresh guest host with its own network: the pod's network namespace */
  createSandbox(): GuestHost;
}

export interface LogEntry {
  time: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

interface PodRun {
  pod: KubeObject;
  host: GuestHost | undefined;
  server: HostedServer | undefined;
  logs: LogEntry[];
  previous: LogEntry[] | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  stopped: boolean;
  /** bumps on every start, so a late callback from an older container is ignored */
  attempt: number;
}

const MAX_BACKOFF_MS = 300_000;
const REGISTRY = 'localhost:5001';

export class Kubelet {
  #runs = new Map<string, PodRun>();
  #logWatchers = new Set<(pod: string, entry: LogEntry) => void>();

  private readonly cluster: Cluster;
  private readonly platform: PodPlatform;
  private readonly state: ModelState;
  private readonly backoffBaseMs: number;

  constructor(cluster: Cluster, platform: PodPlatform, state: ModelState, backoffBaseMs: number) {
    this.cluster = cluster;
    this.platform = platform;
    this.state = state;
    this.backoffBaseMs = backoffBaseMs;
  }

  /** Starts a pod's lifecycle; `resumed` after a reload, when the saved status describes guests that are gone. */
  sync(pod: KubeObject, resumed: boolean): void {
    if (this.#runs.has(pod.metadata.uid)) return;
    const run: PodRun = { pod, host: undefined, server: undefined, logs: [], previous: undefined, timer: undefined, stopped: false, attempt: 0 };
    this.#runs.set(pod.metadata.uid, run);
    if (pod.metadata.deletionTimestamp) {
      this.cluster.removePod(pod);
      return;
    }
    if (resumed) pod.status = { phase: 'Pending', qosClass: 'Burstable', ...(pod.status?.podIP ? { podIP: pod.status.podIP, podIPs: pod.status.podIPs } : {}) };
    this.#waiting(pod, 'ContainerCreating');
    void this.#start(run);
  }

  logs(pod: KubeObject, previous: boolean): LogEntry[] | undefined {
    const run = this.#runs.get(pod.metadata.uid);
    return previous ? run?.previous : (run?.logs ?? []);
  }

  onLog(watch: (pod: string, entry: LogEntry) => void): () => void {
    this.#logWatchers.add(watch);
    return () => this.#logWatchers.delete(watch);
  }

  /** The pod's own guest host, while its container runs. */
  hostOf(pod: KubeObject): GuestHost | undefined {
    const run = this.#runs.get(pod.metadata.uid);
    return run?.server && run.server.status === 'listening' ? run.host : undefined;
  }

  async terminate(pod: KubeObject): Promise<void> {
    if (pod.metadata.deletionTimestamp) return;
    pod.metadata.deletionTimestamp = timestamp(this.cluster.now());
    const run = this.#runs.get(pod.metadata.uid);
    if (run?.server) this.cluster.event(pod, 'Normal', 'Killing', `Stopping container ${pod.spec.containers[0].name}`, 'kubelet', `spec.containers{${pod.spec.containers[0].name}}`);
    this.cluster.reconcile();
    await this.#stop(run);
    this.#runs.delete(pod.metadata.uid);
    this.cluster.removePod(pod);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#runs.values()].map((r) => this.#stop(r)));
    this.#runs.clear();
  }

  async #stop(run: PodRun | undefined): Promise<void> {
    if (!run) return;
    run.stopped = true;
    if (run.timer) clearTimeout(run.timer);
    const server = run.server;
    run.server = undefined;
    await server?.stop().catch(() => undefined);
  }

  #container(pod: KubeObject): any {
    return pod.spec.containers[0];
  }

  #status(pod: KubeObject, state: Record<string, unknown>, extra: Record<string, unknown> = {}): void {
    const c = this.#container(pod);
    const prev = pod.status?.containerStatuses?.[0] ?? {};
    pod.status.containerStatuses = [
      {
        name: c.name,
        image: c.image,
        imageID: prev.imageID ?? '',
        containerID: prev.containerID ?? '',
        restartCount: prev.restartCount ?? 0,
        ...(prev.lastState ? { lastState: prev.lastState } : { lastState: {} }),
        ready: false,
        started: false,
        ...extra,
        state,
      },
    ];
    this.#conditions(pod);
  }

  #waiting(pod: KubeObject, reason: string, message?: string): void {
    this.#status(pod, { waiting: { reason, ...(message ? { message } : {}) } });
  }

  #conditions(pod: KubeObject): void {
    const ready = pod.status.containerStatuses?.[0]?.ready === true;
    const ts = timestamp(this.cluster.now());
    const prev = (type: string) => (pod.status.conditions ?? []).find((c: any) => c.type === type);
    const cond = (type: string, ok: boolean, reason?: string) => {
      const before = prev(type);
      const status = ok ? 'True' : 'False';
      return { type, status, lastProbeTime: null, lastTransitionTime: before?.status === status ? before.lastTransitionTime : ts, ...(ok || !reason ? {} : { reason }) };
    };
    pod.status.conditions = [
      cond('PodReadyToStartContainers', pod.status.podIP !== undefined),
      cond('Initialized', true),
      cond('Ready', ready, 'ContainersNotReady'),
      cond('ContainersReady', ready, 'ContainersNotReady'),
      cond('PodScheduled', true),
    ];
    pod.status.phase = pod.status.containerStatuses?.[0]?.state?.running || pod.status.containerStatuses?.[0]?.restartCount > 0 ? 'Running' : 'Pending';
    pod.status.startTime ??= pod.metadata.creationTimestamp;
    pod.status.hostIP = '172.18.0.2';
    pod.metadata.resourceVersion = this.cluster.nextVersion();
  }

  #retry(run: PodRun, delay: number, then: () => Promise<void>): void {
    if (run.stopped) return;
    run.timer = setTimeout(() => {
      run.timer = undefined;
      if (!run.stopped) void then();
    }, delay);
  }

  #backoff(pod: KubeObject): number {
    const restarts = pod.status.containerStatuses?.[0]?.restartCount ?? 0;
    return Math.min(MAX_BACKOFF_MS, this.backoffBaseMs * 2 ** Math.max(0, restarts - 1));
  }

  /** Sandbox, pull, create, start: each step fails the way the real one does. */
  async #start(run: PodRun): Promise<void> {
    const { pod } = run;
    const c = this.#container(pod);
    const attempt = ++run.attempt;
    const className = pod.spec.runtimeClassName as string | undefined;
    const runtimeClass = className ? this.cluster.get('RuntimeClass', className) : undefined;
    const handler = runtimeClass?.handler ?? 'runc';
    if (className && !runtimeClass) {
      // Deleted after admission: the kubelet cannot resolve it.
      this.cluster.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${failures.runtimeClassNotFound.message(className)}`, 'kubelet');
      return this.#afterFailure(run, 'ContainerCreating', this.backoffBaseMs);
    }
    if (!this.cluster.data.runtimes[handler]) {
      this.cluster.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: ${failures.noRuntime.message(handler)}`, 'kubelet');
      return this.#afterFailure(run, 'ContainerCreating', this.backoffBaseMs);
    }
    if (pod.status.podIP === undefined) {
      const ip = `10.244.0.${this.cluster.data.nextPodIp++}`;
      pod.status.podIP = ip;
      pod.status.podIPs = [{ ip }];
    }
    const image = this.#pull(pod, c);
    if (typeof image === 'string') {
      this.cluster.event(pod, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${image}`, 'kubelet', `spec.containers{${c.name}}`);
      this.cluster.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', 'kubelet', `spec.containers{${c.name}}`);
      this.#waiting(pod, 'ErrImagePull', `failed to pull and unpack image "${c.image}": ${image.replace(/^.*?desc = /, '')}`);
      this.cluster.reconcile();
      this.#retry(run, 1, async () => {
        this.cluster.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`, 'kubelet', `spec.containers{${c.name}}`);
        this.cluster.event(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', 'kubelet', `spec.containers{${c.name}}`);
        this.#waiting(pod, 'ImagePullBackOff', `Back-off pulling image "${c.image}"`);
        this.cluster.reconcile();
        this.#retry(run, this.backoffBaseMs, () => this.#start(run));
      });
      return;
    }
    const entrypoint: string[] = c.command ?? image.config.config.Entrypoint ?? [];
    this.cluster.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, 'kubelet', `spec.containers{${c.name}}`);
    const why = this.#cannotRun(handler, entrypoint, image.layers.length);
    if (why) {
      this.cluster.event(pod, 'Warning', 'Failed', `Error: ${why}`, 'kubelet', `spec.containers{${c.name}}`);
      this.#terminated(run, { exitCode: 128, reason: 'StartError', message: why }, []);
      return;
    }
    let guest: GuestModule;
    try {
      guest = await this.platform.workload();
    } catch (error) {
      // The page could not fetch or compile the module (offline before it was loaded): the container cannot start.
      if (run.stopped || attempt !== run.attempt) return;
      const why = `failed to create containerd task: the module could not be loaded in this page: ${(error as Error).message}`;
      this.cluster.event(pod, 'Warning', 'Failed', `Error: ${why}`, 'kubelet', `spec.containers{${c.name}}`);
      this.#terminated(run, { exitCode: 128, reason: 'StartError', message: why }, []);
      return;
    }
    if (run.stopped || attempt !== run.attempt) return;
    if (runtimeClass && /wasmtime/.test(this.cluster.data.runtimes[handler] ?? '')) {
      const socket = guest.imports.find((i) => i.module === 'wasi_snapshot_preview1' && i.name.startsWith('sock_'));
      if (socket) {
        this.cluster.event(pod, 'Normal', 'Started', `Started container ${c.name}`, 'kubelet', `spec.containers{${c.name}}`);
        this.#terminated(run, { exitCode: 1, reason: 'Error' }, [{ time: this.cluster.now(), stream: 'stderr', text: failures.unknownImport.message(`${socket.module}::${socket.name}`) }]);
        return;
      }
    }
    const host = (run.host ??= this.platform.createSandbox());
    const env: Record<string, string> = {};
    for (const e of c.env ?? []) if (typeof e.value === 'string') env[e.name] = e.value;
    const logs: LogEntry[] = [];
    run.logs = logs;
    const startedAt = this.cluster.now();
    try {
      mark('guest-starting');
      const server = await host.startServer(guest, {
        args: [...(entrypoint.slice(1) ?? []), ...(c.args ?? [])],
        env,
        onLog: (line) => this.#log(run, logs, { time: this.cluster.now(), stream: line.stream, text: line.text }),
      });
      if (run.stopped || attempt !== run.attempt) {
        await server.stop();
        return;
      }
      run.server = server;
      mark('listening');
      this.cluster.event(pod, 'Normal', 'Started', `Started container ${c.name}`, 'kubelet', `spec.containers{${c.name}}`);
      this.#status(pod, { running: { startedAt: timestamp(startedAt) } }, { started: true, containerID: `containerd://${crypto.randomUUID().replace(/-/g, '')}` });
      this.cluster.reconcile();
      server.onExit((info) => {
        if (run.stopped || attempt !== run.attempt || run.server !== server) return;
        run.server = undefined;
        for (const line of info.message && info.reason !== 'exited' ? [info.message] : []) this.#log(run, logs, { time: this.cluster.now(), stream: 'stderr', text: line });
        this.#terminated(run, { exitCode: info.exitCode ?? (info.reason === 'crashed' ? 134 : 137), reason: info.reason === 'runaway' ? 'OOMKilled' : 'Error' }, undefined);
      });
      void this.#probe(run, server, attempt);
    } catch (error) {
      if (run.stopped || attempt !== run.attempt) return;
      // Exited (or trapped) before it listened: what it wrote to stderr is the container's log.
      const stderr = (error as { stderr?: string }).stderr ?? '';
      const lines = stderr.split('\n').filter((l) => l !== '');
      if (logs.length === 0) for (const text of lines.length > 0 ? lines : [(error as Error).message]) this.#log(run, logs, { time: this.cluster.now(), stream: 'stderr', text });
      this.cluster.event(pod, 'Normal', 'Started', `Started container ${c.name}`, 'kubelet', `spec.containers{${c.name}}`);
      this.#terminated(run, { exitCode: 1, reason: 'Error' }, undefined);
    }
  }

  #log(run: PodRun, into: LogEntry[], entry: LogEntry): void {
    into.push(entry);
    if (into.length > 1000) into.splice(0, into.length - 1000);
    if (into === run.logs) for (const w of [...this.#logWatchers]) w(run.pod.metadata.name, entry);
  }

  /** What runc or the shim would refuse before the module runs, in their words. */
  #cannotRun(handler: string, entrypoint: string[], layers: number): string | undefined {
    if (entrypoint.length === 0) return failures.noCommand.message('');
    // runc cannot exec(2) a Wasm file: the task fails to start.
    if (handler === 'runc') return failures.execFormat.message(entrypoint[0] as string);
    const path = entrypoint[0] as string;
    if (!path.startsWith('/') || !path.endsWith('.wasm') || layers === 0) return failures.entrypoint.message(path);
    return undefined;
  }

  /** `image` -> the stored image, or the pull error as containerd reports it. */
  #pull(pod: KubeObject, c: any): { config: { config: { Entrypoint?: string[] } }; layers: unknown[] } | string {
    const ref = parseReference(c.image);
    const key = `${ref.registry}/${ref.repository}:${ref.tag}`;
    const policy = c.imagePullPolicy ?? (ref.tag === 'latest' ? 'Always' : 'IfNotPresent');
    const cachedDigest = this.cluster.data.nodeImages[key];
    const stored = this.state.registry.images[key];
    const cached = cachedDigest !== undefined ? (Object.values(this.state.registry.images).find((i) => i.digest === cachedDigest) ?? stored) : undefined;
    if (policy === 'IfNotPresent' && cached) {
      this.cluster.event(pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, 'kubelet', `spec.containers{${c.name}}`);
      return cached;
    }
    if (policy === 'Never') return cached ?? `rpc error: code = NotFound desc = ${c.image} is not present with pull policy of Never`;
    this.cluster.event(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, 'kubelet', `spec.containers{${c.name}}`);
    if (ref.registry !== REGISTRY) {
      return `rpc error: code = Unknown desc = failed to pull and unpack image "${key}": failed to resolve reference "${key}": failed to do request: Head "https://${ref.registry === 'docker.io' ? 'registry-1.docker.io' : ref.registry}/v2/${ref.repository}/manifests/${ref.tag}": dial tcp: lookup ${ref.registry === 'docker.io' ? 'registry-1.docker.io' : ref.registry}: no such host (this page has no internet: push to ${REGISTRY})`;
    }
    if (!this.state.registry.running) return failures.registryOff.message(key);
    if (!stored) return `rpc error: code = NotFound desc = failed to pull and unpack image "${key}": failed to resolve reference "${key}": ${key}: not found`;
    if (stored.mediaType === MEDIA.index) return `rpc error: code = NotFound desc = failed to pull and unpack image "${key}": ${failures.imageIndex.message('')}`;
    this.cluster.data.nodeImages[key] = stored.digest;
    const size = stored.layers.reduce((n, l) => n + l.size, 0);
    this.cluster.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${c.image}" in 12ms (12ms including waiting). Image size: ${size} bytes.`, 'kubelet', `spec.containers{${c.name}}`);
    const status = pod.status.containerStatuses?.[0];
    if (status) status.imageID = `${key.replace(/:[^:/]+$/, '')}@${stored.digest}`;
    return stored;
  }

  /** The container ended: count the restart and wait out the back-off (CrashLoopBackOff), as restartPolicy Always does. */
  #terminated(run: PodRun, how: { exitCode: number; reason: string; message?: string }, logs: LogEntry[] | undefined): void {
    const { pod } = run;
    if (logs) {
      run.logs = logs;
      for (const entry of logs) for (const w of [...this.#logWatchers]) w(pod.metadata.name, entry);
    }
    run.previous = run.logs;
    const now = timestamp(this.cluster.now());
    const prev = pod.status.containerStatuses?.[0] ?? {};
    const terminated = { exitCode: how.exitCode, reason: how.reason, ...(how.message ? { message: how.message } : {}), startedAt: prev.state?.running?.startedAt ?? now, finishedAt: now, containerID: prev.containerID || undefined };
    // A container that never started waits as RunContainerError; one that ran shows how it ended.
    const shown = how.reason === 'StartError' ? { waiting: { reason: 'RunContainerError', message: how.message } } : { terminated };
    this.#status(pod, shown, { lastState: {} });
    this.cluster.reconcile();
    const c = this.#container(pod);
    // The container is restarted and shows as terminated until the back-off starts.
    const restartCount = (prev.restartCount ?? 0) + 1;
    this.#retry(run, 1, async () => {
      this.#status(pod, {}, { restartCount, lastState: { terminated } });
      const delay = this.#backoff(pod);
      this.cluster.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_default(${pod.metadata.uid})`, 'kubelet', `spec.containers{${c.name}}`);
      this.#status(pod, { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${Math.round(delay / 1000)}s restarting failed container=${c.name} pod=${pod.metadata.name}_default(${pod.metadata.uid})` } }, { restartCount, lastState: { terminated } });
      this.cluster.reconcile();
      this.#retry(run, delay, () => this.#start(run));
    });
  }

  #afterFailure(run: PodRun, reason: string, delay: number): void {
    this.#waiting(run.pod, reason);
    this.cluster.reconcile();
    this.#retry(run, delay, () => this.#start(run));
  }

  /** The readiness probe, by a real request to the module; until it answers the pod is not Ready. */
  async #probe(run: PodRun, server: HostedServer, attempt: number): Promise<void> {
    const { pod } = run;
    const c = this.#container(pod);
    const probe = c.readinessProbe?.httpGet;
    const markReady = () => {
      const s = pod.status.containerStatuses?.[0];
      if (!s?.state?.running || attempt !== run.attempt) return;
      s.ready = true;
      mark('ready');
      this.#conditions(pod);
      this.cluster.reconcile();
    };
    if (!probe) return markReady();
    const port = typeof probe.port === 'number' ? probe.port : (c.ports ?? []).find((p: any) => p.name === probe.port)?.containerPort;
    const url = `http://localhost:${port}${probe.path ?? '/'}`;
    try {
      const res = await run.host!.request(url, { method: 'GET', headers: { 'User-Agent': 'kube-probe/1.36' } });
      if (res.status >= 200 && res.status < 400) return markReady();
      this.cluster.event(pod, 'Warning', 'Unhealthy', `Readiness probe failed: HTTP probe failed with statuscode: ${res.status}`, 'kubelet', `spec.containers{${c.name}}`);
    } catch (error) {
      this.cluster.event(pod, 'Warning', 'Unhealthy', `Readiness probe failed: Get "http://${pod.status.podIP}:${port}${probe.path ?? '/'}": dial tcp ${pod.status.podIP}:${port}: connect: connection refused`, 'kubelet', `spec.containers{${c.name}}`);
      void error;
    }
    this.#retry(run, (c.readinessProbe.periodSeconds ?? 10) * 1000, async () => {
      if (run.server === server) await this.#probe(run, server, attempt);
    });
  }
}
