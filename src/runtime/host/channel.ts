// The host side of a guest thread: one Worker with request/response bookkeeping and the runaway bound
// (no answer within the bound: the Worker is terminated and the error says so). Errors arrive decoded to their class.
import type { GuestModule } from '../guest/module.ts';
import { decodeError } from './errors.ts';
import type { FromWorker, ToWorker, WorkerModuleSource } from './protocol.ts';

/** What the client needs of a Worker (a browser Worker, or an adapter around another thread). */
export interface WorkerLike {
  /** `transfer`: buffers handed over rather than copied (a connection's bytes) */
  postMessage(message: ToWorker, transfer?: ArrayBuffer[]): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { data: FromWorker }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
}

export function defaultWorker(): WorkerLike {
  return new Worker(new URL('./guest.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

export type WorkerSource = GuestModule | WebAssembly.Module | ArrayBuffer | Uint8Array | string | URL;

export function toSource(source: WorkerSource, name?: string): WorkerModuleSource {
  if (source instanceof WebAssembly.Module) return { module: source, name: name ?? 'module' };
  if (source instanceof ArrayBuffer) return { bytes: source, name: name ?? 'module' };
  if (source instanceof Uint8Array) return { bytes: source.slice().buffer, name: name ?? 'module' };
  if (typeof source === 'string' || source instanceof URL) {
    // A Worker resolves relative URLs against its own script, so resolve against the page first.
    const base = (globalThis as { location?: { href: string } }).location?.href;
    const url = base ? new URL(String(source), base).href : String(source);
    return { url, name: name ?? url.split('/').pop() ?? url };
  }
  return { module: source.module, name: name ?? source.name };
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  resolve: (v: FromWorker) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  timeoutMs: number | undefined;
}

/** One Worker with request/response bookkeeping and the runaway bound. */
export class Channel {
  readonly worker: WorkerLike;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  dead = false;
  onEvent: (m: FromWorker) => void = () => {};
  onRunaway: (timeoutMs: number) => void = () => {};

  constructor(worker: WorkerLike) {
    this.worker = worker;
    worker.addEventListener('message', (event: { data: FromWorker }) => {
      const m = event.data;
      if ('id' in m) {
        const p = this.pending.get(m.id);
        if (p === undefined) return;
        this.pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.type === 'error') p.reject(decodeError(m.error));
        else p.resolve(m);
      } else this.onEvent(m);
    });
    worker.addEventListener('error', (event: { message?: string }) => {
      this.kill(new Error(`the worker failed: ${event.message ?? 'unknown error'}`));
    });
  }

  send(message: WithoutId<ToWorker>, timeoutMs: number | undefined): Promise<FromWorker> {
    if (this.dead) return Promise.reject(new Error('the module is not running; restart it first'));
    const id = this.nextId++;
    return new Promise<FromWorker>((resolve, reject) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => this.onRunaway(timeoutMs), timeoutMs);
      this.pending.set(id, { resolve, reject, timer, timeoutMs });
      this.worker.postMessage({ ...message, id } as ToWorker);
    });
  }

  /** Stops the runaway clocks (the guest waits for the user, which is not running away). */
  pauseBounds(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.timer = undefined;
    }
  }

  /** Starts every runaway clock afresh with a new bound (the guest has loaded: from here on its own time counts). */
  rebound(timeoutMs: number): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.timeoutMs = timeoutMs;
      p.timer = setTimeout(() => this.onRunaway(timeoutMs), timeoutMs);
    }
  }

  /** Starts the runaway clocks afresh. */
  resumeBounds(): void {
    for (const p of this.pending.values()) {
      const ms = p.timeoutMs;
      if (ms !== undefined && p.timer === undefined) p.timer = setTimeout(() => this.onRunaway(ms), ms);
    }
  }

  post(message: ToWorker, transfer?: ArrayBuffer[]): void {
    if (!this.dead) this.worker.postMessage(message, transfer ?? []);
  }

  kill(error: Error): void {
    if (this.dead) return;
    this.dead = true;
    this.worker.terminate();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }
}
