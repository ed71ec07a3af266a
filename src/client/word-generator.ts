import type { HttpResponse, TraceEvent } from '../runtime/index.ts';
import { GUEST_PORT, SERVER_MODULE } from '../course/facts.ts';
// The page holds only the host side of the runtime (errors, the Worker's handle); the runtime itself runs in the Worker.
import { RunawayError } from '../runtime/host/errors.ts';
import type { WorkerServerHandle } from '../runtime/host/remote-server.ts';
import { loadTiming, moduleUrl, pageModule } from './modules.ts';
import { demoServerOptions } from './early-worker.ts';
import { defaultWorker } from '../runtime/host/channel.ts';
import { pageRuntimeMode } from './runtime-mode.ts';
import { holderOf, labelServer, pageNetwork, takeWorker, warmWorker } from './page-network.ts';
import { offerServer } from './vnet-answer.ts';

/** The demo's server listens here on the page's network, where the terminal's `curl localhost:8090` finds it. */
export const DEMO_PORT = GUEST_PORT;

// One word-generator server per page, shared by every demo widget on it: the module is fetched and compiled
// once on the page, and the server starts in its own Worker, which gets the compiled module as it is: while the page
// loads where a demo is on the page (startServerAhead), else on first use (a deck's slide). A guest that gives no
// answer within 5 s is stopped there, and the page never freezes.

/** Lesson pages with a demo preload this file in their head (src/build-time/module-preloads.ts). */
export { SERVER_MODULE };

export type DemoState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'ready'; coldStart: ColdStart; mode: 'jspi' | 'per-request'; host: 'worker' }
  | { kind: 'stopped'; reason: string }
  /** gave no answer within the bound, so its Worker was stopped */
  | { kind: 'runaway'; message: string }
  | { kind: 'error'; message: string };

/**
 * Measured in the reader's browser, in milliseconds. `totalMs` is the wait once the demo was asked to start, and
 * it is exactly `waitMs + startMs`; download and compile are part of that wait only when they were not done earlier.
 */
export interface ColdStart {
  /** download of the .wasm, whenever it happened */
  fetchMs: number;
  /** compiling it, whenever it happened */
  compileMs: number;
  /** from asking to having the compiled module: download and compile when not done ahead, else next to nothing */
  waitMs: number;
  /** from creating its Worker and instantiating the module to its socket listening */
  startMs: number;
  totalMs: number;
  bytes: number;
  /** the module was downloaded and compiled before the demo asked (while the page loaded, or for another widget) */
  ahead: boolean;
  /**
   * its Worker had downloaded, compiled and started the server before the demo asked (the page's head asked it to):
   * fetch, compile and start were spent then, and the wait is only `waitMs` (= `totalMs`)
   */
  startedEarly?: boolean;
  /** the server was already running on the page (started in a terminal): who started it */
  adopted?: string;
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
  #server: WorkerServerHandle | undefined;
  #starting: Promise<WorkerServerHandle> | undefined;
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
  start(): Promise<WorkerServerHandle> {
    if (this.#server && this.state.kind === 'ready') return Promise.resolve(this.#server);
    this.#starting ??= this.#boot().finally(() => (this.#starting = undefined));
    return this.#starting;
  }

  /** Follows a server on the page's network, whoever started it: its end is this demo's "stopped". */
  #follow(server: WorkerServerHandle): void {
    server.onExit((info) => {
      if (this.#server !== server) return;
      this.#server = undefined;
      if (info.reason === 'runaway') this.#set({ kind: 'runaway', message: info.message });
      else this.#set({ kind: 'stopped', reason: info.reason === 'stopped' ? 'The server was stopped (here or in a terminal on this page).' : `The server ${info.reason === 'crashed' ? 'crashed' : 'ended'}: ${info.message}` });
    });
    this.#server = server;
  }

  /** A server this demo started: labelled for "address in use" messages, and followed to its end. */
  #serving(server: WorkerServerHandle): void {
    labelServer(server, 'the word generator demo on this page; its “Stop the server” button stops it');
    this.#follow(server);
  }

  async #boot(): Promise<WorkerServerHandle> {
    this.#set({ kind: 'starting' });
    const t0 = performance.now();
    // Ready before this demo asked: downloaded and compiled while the page loaded (or for another widget).
    const ahead = loadTiming(SERVER_MODULE) !== undefined;
    try {
      // One network per page: a server a terminal started on 8090 is the demo's server too.
      const running = pageNetwork().server(DEMO_PORT);
      if (running) {
        const guest = await pageModule(SERVER_MODULE);
        const loaded = loadTiming(SERVER_MODULE);
        this.#follow(running);
        const totalMs = performance.now() - t0;
        const coldStart: ColdStart = { fetchMs: loaded?.fetchMs ?? 0, compileMs: loaded?.compileMs ?? guest.compileMs, waitMs: totalMs, startMs: 0, totalMs, bytes: guest.byteLength, ahead: true, adopted: holderOf(DEMO_PORT) ?? 'a terminal on this page' };
        this.#set({ kind: 'ready', coldStart, mode: running.mode, host: 'worker' });
        return running;
      }
      // The Worker the page's head started has been starting this very server from the module's address: the same
      // address and options get it as it is. Any other Worker gets the module compiled here, once for the page.
      const spare = takeWorker();
      let handedOver = false;
      const createWorker = () => (handedOver ? defaultWorker() : ((handedOver = true), spare.worker));
      const options = { ...demoServerOptions(pageRuntimeMode()), name: SERVER_MODULE, createWorker };
      if (spare.prepared) {
        const server = await pageNetwork().startServer(moduleUrl(SERVER_MODULE), options);
        this.#serving(server);
        const waitMs = performance.now() - t0;
        const { fetchMs, compileMs, startMs, bytes } = server.startTiming;
        const coldStart: ColdStart = server.startedAhead
          ? { fetchMs, compileMs, waitMs, startMs, totalMs: waitMs, bytes, ahead: true, startedEarly: true }
          : { fetchMs, compileMs, waitMs: Math.max(0, waitMs - startMs), startMs, totalMs: waitMs, bytes, ahead: false };
        this.#set({ kind: 'ready', coldStart, mode: server.mode, host: 'worker' });
        return server;
      }
      const guest = await pageModule(SERVER_MODULE);
      const loaded = loadTiming(SERVER_MODULE);
      const t1 = performance.now();
      const server = await pageNetwork().startServer(guest.module, options);
      this.#serving(server);
      const t2 = performance.now();
      const coldStart: ColdStart = {
        fetchMs: loaded?.fetchMs ?? 0,
        compileMs: loaded?.compileMs ?? guest.compileMs,
        waitMs: t1 - t0,
        startMs: t2 - t1,
        totalMs: t2 - t0,
        bytes: guest.byteLength,
        ahead,
      };
      this.#set({ kind: 'ready', coldStart, mode: server.mode, host: 'worker' });
      return server;
    } catch (error) {
      // A guest that computes instead of listening is stopped at the start bound: a runaway, not a load failure.
      if (error instanceof RunawayError) this.#set({ kind: 'runaway', message: error.message });
      else if (pageNetwork().isListening(DEMO_PORT)) {
        const holder = holderOf(DEMO_PORT);
        this.#set({ kind: 'error', message: `address in use: port ${DEMO_PORT} is held by ${holder ?? 'another module on this page'}` });
      }
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

  async restart(): Promise<WorkerServerHandle> {
    const old = this.#server;
    this.#server = undefined;
    await old?.stop();
    return this.start();
  }
}


/**
 * Starts the page's server while the page loads, so a demo answers as soon as the reader reaches it: the module is
 * downloaded (the page's head preloads it) and compiled, a Worker is started, and the guest is started in it to
 * listen on the page's network. A page with a live demo calls it once its script runs. A failure is shown by the
 * demo when it asks (and a Restart tries again); nothing is thrown here.
 */
export function startServerAhead(): void {
  // The Worker loads its script while the module downloads and compiles; start() hands it the compiled module.
  warmWorker();
  // A server already on the page's network (a terminal's) is adopted by start(); otherwise this starts one.
  void wordGenerator().start().catch(() => undefined);
}

let shared: WordGeneratorRuntime | undefined;

/** The page's word-generator runtime (created on first call; nothing starts until asked). */
export function wordGenerator(): WordGeneratorRuntime {
  if (!shared) {
    const created = new WordGeneratorRuntime();
    shared = created;
    // A new tab at /vnet/8090/ reaches this page's server, and starts it when nothing runs there yet.
    offerServer(DEMO_PORT, () => created.start());
  }
  return shared;
}


