import { startServer, type HttpResponse, type ServerHandle, type TraceEvent } from '../runtime/index.ts';
import { loadTiming, pageModule } from './modules.ts';

// One word-generator server per page, shared by every demo widget on it: the module is fetched and compiled
// once, and the server starts on first use (never at page load), as a guest on the page's own virtual network.

export const SERVER_MODULE = 'word_generator.wasm';

export type DemoState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'ready'; coldStart: ColdStart; mode: 'jspi' | 'per-request' }
  | { kind: 'stopped'; reason: string }
  | { kind: 'error'; message: string };

/** Measured in the reader's browser, in milliseconds. */
export interface ColdStart {
  /** download of the .wasm (0 when another widget on the page already had it) */
  fetchMs: number;
  compileMs: number;
  /** from instantiating the module to its socket listening */
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
  #server: ServerHandle | undefined;
  #starting: Promise<ServerHandle> | undefined;
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
  start(): Promise<ServerHandle> {
    if (this.#server && this.state.kind === 'ready') return Promise.resolve(this.#server);
    this.#starting ??= this.#boot().finally(() => (this.#starting = undefined));
    return this.#starting;
  }

  async #boot(): Promise<ServerHandle> {
    this.#set({ kind: 'starting' });
    const t0 = performance.now();
    const hadModule = loadTiming(SERVER_MODULE) !== undefined;
    try {
      const guest = await pageModule(SERVER_MODULE);
      const loaded = loadTiming(SERVER_MODULE);
      const t1 = performance.now();
      const server = await startServer(guest, { env: { PORT: '8090' }, trace: true });
      const startMs = performance.now() - t1;
      server.onExit((info) => {
        if (this.#server !== server) return;
        this.#server = undefined;
        this.#set({ kind: 'stopped', reason: info.reason === 'stopped' ? 'The server was stopped.' : `The server ${info.reason === 'crashed' ? 'crashed' : 'ended'}: ${info.message}` });
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
      this.#set({ kind: 'ready', coldStart, mode: server.mode });
      return server;
    } catch (error) {
      this.#set({ kind: 'error', message: (error as Error).message });
      throw error;
    }
  }

  /** Asks the server for a word; starts it first if needed. `letter` undefined = any letter. */
  async ask(letter: string | undefined, withTrace: boolean): Promise<Exchange> {
    const server = await this.start();
    const trace: TraceEvent[] = [];
    const off = withTrace ? server.onTrace((e) => trace.push(e)) : undefined;
    const t0 = performance.now();
    try {
      const response = await server.request(letter ? `/?starts_with=${encodeURIComponent(letter)}` : '/');
      return { response, elapsedMs: performance.now() - t0, trace };
    } finally {
      off?.();
    }
  }

  async stop(): Promise<void> {
    await this.#server?.stop();
  }

  async restart(): Promise<ServerHandle> {
    const old = this.#server;
    this.#server = undefined;
    await old?.stop();
    return this.start();
  }
}

let shared: WordGeneratorRuntime | undefined;

/** The page's word-generator runtime (created on first call; nothing starts until asked). */
export function wordGenerator(): WordGeneratorRuntime {
  shared ??= new WordGeneratorRuntime();
  return shared;
}
