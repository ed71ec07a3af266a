// A guest socket (WasmEdge socket extension) on the virtual network: opened, bound, listening or connected.
import { E } from '../../abi/errno.ts';
import { BLOCKED, Descriptor, fail, type Failure, type ReadResult, type Readiness } from '../../abi/descriptor.ts';
import { FDFLAGS_NONBLOCK, FILETYPE_SOCKET_STREAM, RIGHTS_SOCKET } from '../../abi/constants.ts';
import type { FileStat } from '../../abi/structs.ts';
import type { Listener, SocketEnd, VirtualNetwork } from './virtual-network.ts';

export type SocketState =
  | { kind: 'open' }
  | { kind: 'bound'; port: number }
  | { kind: 'listening'; port: number; listener: Listener }
  | { kind: 'connected'; end: SocketEnd };

export class SocketDescriptor extends Descriptor {
  readonly filetype = FILETYPE_SOCKET_STREAM;
  readonly network: VirtualNetwork;
  readonly family: 4 | 6;
  state: SocketState;
  /** A listener this socket took over instead of binding (a fresh per-request instance re-binding the server's port). */
  adopted = false;

  constructor(network: VirtualNetwork, family: 4 | 6, state: SocketState = { kind: 'open' }, fdflags = 0) {
    super(RIGHTS_SOCKET, 0n);
    this.network = network;
    this.family = family;
    this.state = state;
    this.fdflags = fdflags;
  }

  get nonblocking(): boolean {
    return (this.fdflags & FDFLAGS_NONBLOCK) !== 0;
  }

  get localPort(): number {
    const s = this.state;
    if (s.kind === 'connected') return s.end.localPort;
    if (s.kind === 'open') return 0;
    return s.port;
  }

  override read(max: number, peek = false): ReadResult {
    if (this.state.kind !== 'connected') return fail(E.NOTCONN);
    const data = this.state.end.read(max, peek);
    return data ?? BLOCKED;
  }

  override write(data: Uint8Array): number | Failure {
    if (this.state.kind !== 'connected') return fail(E.NOTCONN);
    return this.state.end.write(data) ? data.length : fail(E.PIPE);
  }

  override stat(): FileStat {
    return { dev: 0n, ino: 0n, filetype: FILETYPE_SOCKET_STREAM, nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
  }

  override readReadiness(): Readiness {
    const s = this.state;
    if (s.kind === 'listening') return { ready: s.listener.backlog.length > 0 || s.listener.closed, nbytes: 0n, hangup: false };
    if (s.kind === 'connected') {
      return { ready: s.end.readable(), nbytes: BigInt(s.end.available), hangup: s.end.ended && s.end.available === 0 };
    }
    return { ready: true, nbytes: 0n, hangup: true };
  }

  override writeReadiness(): Readiness {
    const s = this.state;
    if (s.kind === 'connected') return { ready: true, nbytes: 65536n, hangup: !s.end.canWrite };
    return { ready: true, nbytes: 0n, hangup: true };
  }

  override whenReadable(): Promise<void> | undefined {
    const s = this.state;
    if (s.kind === 'listening') return s.listener.whenPending();
    if (s.kind === 'connected') return s.end.whenReadable();
    return undefined;
  }

  override onReadable(wake: () => void): (() => void) | undefined {
    const s = this.state;
    if (s.kind === 'listening') return s.listener.onPending(wake);
    if (s.kind === 'connected') return s.end.onReadable(wake);
    return undefined;
  }

  override close(): void {
    const s = this.state;
    if (s.kind === 'connected') s.end.close();
    else if ((s.kind === 'bound' || s.kind === 'listening') && !this.adopted) this.network.unbind(s.port, this);
    this.state = { kind: 'open' };
  }
}
