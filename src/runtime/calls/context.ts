// The state one guest instance's WASI calls share: memory, fd table, filesystem, network, and how it waits.
import type { MemoryFileSystem } from '../devices/fs/memory-fs.ts';
import type { Listener, VirtualNetwork } from '../devices/net/virtual-network.ts';
import { BLOCKED, DescriptorTable } from '../abi/descriptor.ts';
import { GuestMemory } from '../abi/memory.ts';
import { E } from '../abi/errno.ts';

const E_AGAIN = E.AGAIN;
import type { TraceListener } from './trace.ts';

/** Thrown by proc_exit: a normal end with an exit code. */
export class ProcExit extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit with code ${code}`);
    this.name = 'ProcExit';
    this.code = code;
  }
}

/**
 * Thrown when a guest without JSPI would have to wait (for a connection, bytes, stdin). For a fresh
 * per-request instance this is the normal end: it answered its request and asks for the next one.
 */
export class GuestBlocked extends Error {
  readonly call: string;
  constructor(call: string) {
    // Every per-request instance ends with one, so it is control flow, and nobody reads its stack. Capturing one
    // walks the guest's wasm frames (8% of a per-request profile), so none is taken; engines without the limit
    // ignore it.
    const errors = Error as { stackTraceLimit?: number | undefined };
    const limit = errors.stackTraceLimit;
    errors.stackTraceLimit = 0;
    super(`the guest waits in ${call}, and this engine cannot suspend it (no JSPI)`);
    errors.stackTraceLimit = limit;
    this.name = 'GuestBlocked';
    this.call = call;
  }
}

/** Thrown into a suspended guest when its host stops it. */
export class GuestStopped extends Error {
  constructor() {
    super('the guest was stopped');
    this.name = 'GuestStopped';
  }
}

export interface ContextOptions {
  args: readonly string[];
  env: readonly string[];
  fs: MemoryFileSystem;
  network: VirtualNetwork | undefined;
  canSuspend: boolean;
  /** A listener a bind to its port takes over (fresh per-request instances). */
  adopt?: Listener | undefined;
  trace?: TraceListener | undefined;
  onListen?: ((port: number) => void) | undefined;
  /** descriptors open at once (DEFAULT_LIMITS.maxFds when absent) */
  maxFds?: number | undefined;
}

export class WasiContext {
  readonly mem = new GuestMemory();
  readonly fds: DescriptorTable;
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly fs: MemoryFileSystem;
  readonly network: VirtualNetwork | undefined;
  readonly canSuspend: boolean;
  readonly adopt: Listener | undefined;
  readonly trace: TraceListener | undefined;
  readonly onListen: ((port: number) => void) | undefined;
  /** when the guest began to run: set again as `_start` is called, since a spare instance is made ahead of its run */
  startedAt = performance.now();
  private stopped: Error | undefined;
  private readonly waiting = new Set<(e: Error) => void>();

  constructor(o: ContextOptions) {
    this.fds = new DescriptorTable(o.maxFds);
    this.args = o.args;
    this.env = o.env;
    this.fs = o.fs;
    this.network = o.network;
    this.canSuspend = o.canSuspend;
    this.adopt = o.adopt;
    this.trace = o.trace;
    this.onListen = o.onListen;
  }

  /**
   * Runs `attempt`; if it reports BLOCKED, waits for `ready` and tries again (JSPI), or unwinds the guest
   * (no JSPI). The result is an errno, possibly as a promise the Suspending import hands to the engine.
   */
  blockUntil(
    call: string,
    attempt: () => number | typeof BLOCKED,
    ready: () => Promise<void> | undefined,
    timeoutMs?: number,
  ): number | Promise<number> {
    if (this.stopped) throw this.stopped;
    const first = attempt();
    if (first !== BLOCKED) return first;
    // With a timeout the guest expects AGAIN rather than a wait forever; without JSPI it gets it at once.
    if (!this.canSuspend) {
      if (timeoutMs !== undefined) return E_AGAIN;
      throw new GuestBlocked(call);
    }
    return (async () => {
      const deadline = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
      for (;;) {
        const p = ready();
        if (p === undefined) throw new GuestBlocked(call);
        if (deadline === undefined) await this.abortable(p);
        else {
          const left = deadline - performance.now();
          let timer: ReturnType<typeof setTimeout> | undefined;
          const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), Math.max(0, left))));
          const outcome = await this.abortable(Promise.race([p, expired]));
          clearTimeout(timer);
          if (outcome === 'expired') {
            const last = attempt();
            return last === BLOCKED ? E_AGAIN : last;
          }
        }
        const r = attempt();
        if (r !== BLOCKED) return r;
      }
    })();
  }

  abortable<T>(p: Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      p.then(
        (v) => {
          this.waiting.delete(reject);
          resolve(v);
        },
        (e: unknown) => {
          this.waiting.delete(reject);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  /** Stops a suspended guest: its pending call throws, which unwinds its stack. */
  stop(error: Error = new GuestStopped()): void {
    this.stopped = error;
    for (const reject of this.waiting) reject(error);
    this.waiting.clear();
  }

  /** Closes every descriptor (the host's clean-up after a guest ends). */
  closeAll(): void {
    for (const [fd, d] of this.fds.entries()) {
      d.close();
      this.fds.remove(fd);
    }
  }
}
