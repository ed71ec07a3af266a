// The fallback for engines without JSPI: a fresh guest instance for every request. The first instance runs until
// it first waits (in sock_accept, or in poll_oneoff for an event-loop server): that tells the port and keeps the
// listener. Each later connection, once it holds a whole request, goes to a new instance whose bind adopts that
// listener, and which is unwound when it would wait again (its answer is written by then).
// Instantiating (with the imports) is the larger part of what a fresh instance costs, so the next one is made ahead,
// in a task of its own after each answer (a spare): a request that finds it waits only for the guest to run. Each
// spare serves exactly one connection and is never reused; when requests come faster than spares are made, a
// request makes its own.
import { createInstance, GuestTrap, type GuestInstance, type InstanceOptions } from './instance.ts';
import { GuestBlocked } from '../calls/context.ts';
import { Listener, type SocketEnd, type VirtualNetwork } from '../devices/net/virtual-network.ts';
import { requestComplete } from '../http/framing.ts';
import { nextTask } from './next-task.ts';
import type { GuestModule } from './module.ts';
import type { LineSplitter } from './output.ts';
import { ServerStartError, type ExitInfo, type ServerStatus } from './server-types.ts';

type BaseOptions = Omit<InstanceOptions, 'stdout' | 'stderr' | 'canSuspend'>;

export function hostPerRequest(
  guest: GuestModule,
  base: BaseOptions,
  network: VirtualNetwork,
  stdout: LineSplitter,
  stderr: LineSplitter,
  finish: (info: ExitInfo) => void,
  status: () => ServerStatus,
): { port: number; close: () => void } {
  const probe = runProbe(guest, base, stdout, stderr);
  const port = probe.port;
  let spare: Fresh | undefined;
  let spareComing = false;
  const fresh = (): Fresh => {
    const own = new Listener(port);
    // A fresh instance prints its start-up banner again; the first instance already showed it.
    const quietUntilAccepted = (sink: (b: Uint8Array) => void) => (b: Uint8Array) => {
      if (own.backlog.length === 0) sink(b);
    };
    const inst = createInstance(guest, { ...base, stdout: quietUntilAccepted(stdout.sink), stderr: quietUntilAccepted(stderr.sink), canSuspend: false, adopt: own }, () => stderr.recent);
    return { inst, own };
  };
  const makeSpare = (): void => {
    if (spare !== undefined || spareComing) return;
    spareComing = true;
    nextTask(() => {
      spareComing = false;
      if (spare !== undefined || status() !== 'listening') return;
      try {
        spare = fresh();
      } catch {
        // Nothing lost: the next connection makes its own instance and reports why that fails.
      }
    });
  };
  const serveOne = (end: SocketEnd): void => {
    if (status() !== 'listening') {
      end.close();
      return;
    }
    let inst: GuestInstance | undefined;
    try {
      const next = spare ?? fresh();
      spare = undefined;
      inst = next.inst;
      next.own.enqueue(end);
      const exitCode = inst.runSync();
      finish({ reason: 'exited', exitCode, message: `the server exited with code ${exitCode}`, stderr: stderr.recent });
    } catch (e) {
      if (!(e instanceof GuestBlocked && waitsForClients(e))) {
        const message = e instanceof GuestBlocked ? `${e.message}; it never finished this request` : e instanceof Error ? e.message : String(e);
        finish({ reason: 'crashed', message: `the server crashed: ${message}`, stderr: stderr.recent });
      }
    } finally {
      inst?.ctx.closeAll();
      end.close();
    }
    makeSpare();
  };
  network.listener(port)!.onConnection = (end) => watchConnection(end, () => serveOne(end));
  makeSpare();
  const close = (): void => {
    probe.inst.ctx.closeAll();
    spare?.inst.ctx.closeAll();
    spare = undefined;
  };
  return { port, close };
}

/** An instance ready to run, and the listener its bind adopts, where its one connection waits. */
interface Fresh {
  inst: GuestInstance;
  own: Listener;
}

/** Where a server waits for clients: a blocking accept, or an event loop's poll. */
function waitsForClients(e: GuestBlocked): boolean {
  return e.call === 'sock_accept' || e.call === 'poll_oneoff';
}

/**
 * Bytes a connection may hold without a complete request before it goes to the guest anyway, so the guest
 * answers an oversized head itself (the word generator answers 431 beyond 8 KiB).
 */
const MAX_PENDING_REQUEST_BYTES = 16 * 1024;

/** Hands a connection on once it holds a whole request (or the client has finished sending). */
function watchConnection(end: SocketEnd, dispatch: () => void): void {
  let done = false;
  const check = (): void => {
    if (done) return;
    if (end.ended || end.closed || end.available > MAX_PENDING_REQUEST_BYTES || requestComplete(end.peekAll())) {
      done = true;
      end.onChange = undefined;
      queueMicrotask(dispatch);
    }
  };
  end.onChange = check;
  check();
}

/** Runs the first instance until it waits in sock_accept: that tells the port, and keeps the listener open. */
function runProbe(
  guest: GuestModule,
  base: BaseOptions,
  stdout: LineSplitter,
  stderr: LineSplitter,
): { port: number; inst: GuestInstance } {
  let port = 0;
  const inst = createInstance(guest, { ...base, stdout: stdout.sink, stderr: stderr.sink, canSuspend: false, onListen: (p) => (port = p) }, () => stderr.recent);
  try {
    const code = inst.runSync();
    inst.ctx.closeAll();
    throw new ServerStartError(`the server exited with code ${code} before it listened on a port`, stderr.recent);
  } catch (e) {
    if (e instanceof GuestBlocked && waitsForClients(e) && port !== 0) return { port, inst };
    inst.ctx.closeAll();
    if (e instanceof ServerStartError) throw e;
    if (e instanceof GuestBlocked) throw new ServerStartError(`${e.message} before it listened on a port`, stderr.recent);
    const message = e instanceof GuestTrap || e instanceof Error ? e.message : String(e);
    throw new ServerStartError(`the server crashed before it listened on a port: ${message}`, stderr.recent);
  }
}
