import type { HttpResponse, TraceEvent } from '../runtime/index.ts';
import { RunawayError, workerHost, type GuestHost, type HostedServer } from '../runtime/host/index.ts';
import { loadTiming, pageModule } from './modules.ts';
import { pageRuntimeMode } from './runtime-mode.ts';
import { GUEST_PORT, SERVER_MODULE } from '../course/facts.ts';

// One word-generator server per page, shared by every demo widget on it: the module is fetched and compiled
// once on the page, and the server starts on first use (never at page load) in its own Worker, which gets the
// compiled module as it is. A guest that gives no answer within 5 s is stopped there, and the page never freezes.

export type DemoState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'ready'; coldStart: ColdStart; mode: 'jspi' | 'per-request'; host: 'worker' }
  | { kind: 'stopped'; reason: string }
  /** gave no answer within the bound, so its Worker was stopped */
  | { kind: 'runaway'; message: string }
  | { kind: 'error'; message: string };

/** Measured in the reader's browser, in milliseconds. */
export interface ColdStart {
  /** download of the .wasm (0 when another widget on the page already had it) */
  fetchMs: number;
  compileMs: number;
  /** from creating its Worker and instantiating the module to its socket listening */
  startMs: number;
  totalMs: number;
  bytes: number;
  /** another widget had loaded the module already */
  shared: boolean;
}

export interface Exchange {
  response: HttpResponse;
  /** round trip as the widget saw it */
  elapsedMs: number;
  trace: TraceEvent[];
}

type Listener = (state: DemoState) => void;

class WordGeneratorRuntime {
  state: DemoState = { kind: 'idle' };
  #host: GuestHost | undefined;
  #server: HostedServer | undefined;
  #starting: Promise<HostedServer> | undefined;
  #listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    listener(this.state);
    return () => this.#listeners.delete(listener);
  }

  #set(state: DemoState): void {
    this.state = state;
    for (const l of this.#listeners) l(state);
  }

  /** Starts the server once; later calls share the same start. */
  start(): Promise<HostedServer> {
    if (this.#server && this.state.kind === 'ready') return Promise.resolve(this.#server);
    this.#starting ??= this.#boot().finally(() => (this.#starting = undefined));
    return this.#starting;
  }

  async #boot(): Promise<HostedServer> {
    this.#set({ kind: 'starting' });
    const t0 = performance.now();
    // Compiled ahead by prepareServerModule is this demo's own cold start, not another widget's module: the figures
    // show its download and compile (done while the page loaded) and the total shows the wait once asked.
    const hadModule = loadTiming(SERVER_MODULE) !== undefined && !preparedAhead;
    try {
      const guest = await pageModule(SERVER_MODULE);
      const loaded = loadTiming(SERVER_MODULE);
      const t1 = performance.now();
      this.#host ??= workerHost({ mode: pageRuntimeMode() });
      const server = await this.#host.startServer(guest, { env: { PORT: String(GUEST_PORT) }, trace: true });
      const startMs = performance.now() - t1;
      server.onExit((info) => {
        if (this.#server !== server) return;
        this.#server = undefined;
        if (info.reason === 'runaway') this.#set({ kind: 'runaway', message: info.message });
        else this.#set({ kind: 'stopped', reason: info.reason === 'stopped' ? 'The server was stopped.' : `The server ${info.reason === 'crashed' ? 'crashed' : 'ended'}: ${info.message}` });
      });
      this.#server = server;
      const coldStart: ColdStart = {
        fetchMs: hadModule ? 0 : (loaded?.fetchMs ?? 0),
        compileMs: hadModule ? 0 : (loaded?.compileMs ?? guest.compileMs),
        startMs,
        totalMs: performance.now() - t0,
        bytes: guest.byteLength,
        shared: hadModule,
      };
      this.#set({ kind: 'ready', coldStart, mode: server.mode, host: 'worker' });
      return server;
    } catch (error) {
      // A guest that computes instead of listening is stopped at the start bound: a runaway, not a load failure.
      if (error instanceof RunawayError) this.#set({ kind: 'runaway', message: error.message });
      else this.#set({ kind: 'error', message: (error as Error).message });
      throw error;
    }
  }

  /** Asks the server for a word; starts it first if needed. `letter` undefined = any letter. */
  async ask(letter: string | undefined, withTrace: boolean): Promise<Exchange> {
    const server = await this.start();
    const trace: TraceEvent[] = [];
    // The guest closes the connection just after its answer reaches the page: a trace waits for that fd_close,
    // briefly, so the view shows the whole exchange.
    let closed: () => void = () => {};
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    const off = withTrace
      ? server.onTrace((e) => {
          trace.push(e);
          if (e.call === 'fd_close') closed();
        })
      : undefined;
    const t0 = performance.now();
    try {
      const response = await server.request(letter ? `/?starts_with=${encodeURIComponent(letter)}` : '/');
      const elapsedMs = performance.now() - t0;
      if (withTrace) await Promise.race([connectionClosed, new Promise((resolve) => setTimeout(resolve, 100))]);
      return { response, elapsedMs, trace };
    } finally {
      off?.();
    }
  }

  async stop(): Promise<void> {
    await this.#server?.stop();
  }

  async restart(): Promise<HostedServer> {
    const old = this.#server;
    this.#server = undefined;
    await old?.stop();
    return this.start();
  }
}

let preparedAhead = false;

/**
 * Downloads and compiles the server module ahead of need, without starting anything: a lesson page calls it at
 * load (its head already preloads the file), so the demo answers as soon as it comes into view. A failure is
 * left for the real start to report (and retry).
 */
export function prepareServerModule(): void {
  if (loadTiming(SERVER_MODULE) !== undefined) return;
  preparedAhead = true;
  pageModule(SERVER_MODULE).catch(() => undefined);
}

let shared: WordGeneratorRuntime | undefined;

/** The page's word-generator runtime (created on first call; nothing starts until asked). */
export function wordGenerator(): WordGeneratorRuntime {
  shared ??= new WordGeneratorRuntime();
  return shared;
}
