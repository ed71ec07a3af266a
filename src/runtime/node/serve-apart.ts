// Serving a server module for `containerless run`: the guest runs in a worker thread (serve-thread.ts) and the
// localhost bridge here, apart from it. A request the guest leaves unanswered gets 503 from the bridge and the guest
// is restarted in a fresh thread; Ctrl-C always works, whatever the guest does.
import { Worker } from 'node:worker_threads';
import type { ExitInfo, LogLine } from '../guest/server-types.ts';
import type { TraceEvent } from '../calls/trace.ts';
import { serveOnLocalhost, type Bridge } from './bridge.ts';
import { GuestLink, RemoteEnd } from './guest-link.ts';
import type { ServeMessage, ServeRequest } from './serve-thread.ts';

export interface ServeEvents {
  onLog(line: LogLine): void;
  onTrace(event: TraceEvent): void;
  /** the guest ended (exited, crashed) on its own */
  onExit(info: ExitInfo): void;
  /** the guest left a request unanswered and is being restarted */
  onRestart(message: string): void;
}

export interface Serving {
  readonly host: string;
  readonly port: number;
  readonly guestPort: number;
  readonly mode: 'jspi' | 'per-request';
  stop(): Promise<void>;
}

interface Thread {
  worker: Worker;
  link: GuestLink;
  guestPort: number;
  mode: 'jspi' | 'per-request';
}

function startThread(request: ServeRequest, events: ServeEvents): Promise<Thread> {
  const worker = new Worker(new URL('./serve-thread.ts', import.meta.url), { workerData: request });
  const link = new GuestLink((m, transfer) => worker.postMessage(m, transfer ?? []));
  return new Promise((resolve, reject) => {
    let listening = false;
    worker.on('message', (m: ServeMessage) => {
      switch (m.type) {
        case 'net':
          link.receive(m);
          break;
        case 'log':
          events.onLog(m.line);
          break;
        case 'trace':
          events.onTrace(m.event);
          break;
        case 'listening':
          listening = true;
          resolve({ worker, link, guestPort: m.guestPort, mode: m.mode });
          break;
        case 'failed':
          reject(new Error(m.message));
          break;
        case 'exit':
          link.fail(m.info.message);
          events.onExit(m.info);
          break;
        case 'stopped':
          break;
      }
    });
    worker.on('error', (e) => {
      link.fail(e.message);
      if (!listening) reject(e);
      else events.onExit({ reason: 'crashed', message: `the module's thread failed: ${e.message}`, stderr: '' });
    });
  });
}

export async function serveApart(request: ServeRequest, events: ServeEvents): Promise<Serving> {
  let current = await startThread(request, events);
  let restarting = false;
  const restart = (): void => {
    if (restarting) return;
    restarting = true;
    events.onRestart('the module did not answer a request in time; restarting it');
    const old = current;
    old.link.fail('the module is being restarted');
    void old.worker
      .terminate()
      .then(() => startThread(request, events))
      .then((thread) => (current = thread))
      .catch((e: unknown) => events.onExit({ reason: 'crashed', message: `could not restart the module: ${e instanceof Error ? e.message : String(e)}`, stderr: '' }))
      .finally(() => (restarting = false));
  };
  let bridge: Bridge;
  try {
    bridge = await serveOnLocalhost({
      port: request.port ?? current.guestPort,
      allowHosts: request.allowHosts ?? [],
      connect: () => {
        if (!restarting) return current.link.connect();
        const end = new RemoteEnd(0, () => {});
        queueMicrotask(() => end.fail('the module is being restarted'));
        return end;
      },
      onUnanswered: restart,
      ...(request.answerTimeoutMs !== undefined ? { answerTimeoutMs: request.answerTimeoutMs } : {}),
    });
  } catch (e) {
    await current.worker.terminate();
    throw e;
  }
  return {
    host: bridge.host,
    port: bridge.port,
    guestPort: current.guestPort,
    mode: current.mode,
    async stop() {
      await bridge.close();
      const { worker } = current;
      // A guest that computes forever never answers the stop message; the thread is ended regardless.
      await new Promise<void>((resolve) => {
        const force = setTimeout(resolve, 1000);
        worker.once('message', (m: ServeMessage) => m.type === 'stopped' && (clearTimeout(force), resolve()));
        worker.postMessage('stop');
      });
      await worker.terminate();
    },
  };
}
