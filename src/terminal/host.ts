import {
  GuestTrap, request, runCommand, startServer, VirtualNetwork,
  type ExitInfo, type GuestModule, type HttpRequestInit, type HttpResponse, type LogLine, type ServerStatus,
} from '../runtime/index.ts';

// Where the terminal's guests run. In the page each guest gets its own Worker (a guest that loops never freezes the
// page); in Node, where the shell is tested, they run in-process on one virtual network. Both look the same here.

/** A server the terminal started: what jobs, kill and Ctrl+C need. */
export interface HostedServer {
  readonly port: number;
  readonly status: ServerStatus;
  onExit(listener: (info: ExitInfo) => void): () => void;
  stop(): Promise<void>;
}

export interface HostedServerOptions {
  args: string[];
  env: Record<string, string>;
  onLog: (line: LogLine) => void;
}

export interface HostedCommandOptions {
  args: string[];
  env: Record<string, string>;
  onStdout: (text: string) => void;
  onStderr: (text: string) => void;
  /** Ctrl+C: ends the guest where the host can (a Worker); an in-process guest runs to its end */
  signal?: AbortSignal;
}

/** How a command ended: its exit code, a trap, interrupted, or stopped for giving no answer within the bound. */
export type CommandOutcome =
  | { kind: 'exited'; exitCode: number }
  | { kind: 'interrupted' }
  | { kind: 'trapped'; message: string; stderr: string }
  | { kind: 'runaway'; message: string };

export interface GuestHost {
  /** where guests run: a Worker each, or this thread */
  readonly where: 'worker' | 'in-process';
  /** whether a running command can be ended (Ctrl+C) */
  readonly canInterrupt: boolean;
  /** Resolves once the guest listens; rejects with the reason it did not (port in use, exited early). */
  startServer(guest: GuestModule, options: HostedServerOptions): Promise<HostedServer>;
  runCommand(guest: GuestModule, options: HostedCommandOptions): Promise<CommandOutcome>;
  /** One HTTP request to a server this host runs, by URL; throws HttpError as `request` does. */
  request(url: string, init: HttpRequestInit): Promise<HttpResponse>;
  isListening(port: number): boolean;
  /** Who holds a port, in words ("the word generator demo on this page"), when the host knows. */
  holderOf?(port: number): string | undefined;
  /** Names a server this host started, for the messages others get when they find its port taken. */
  label?(server: HostedServer, holder: string): void;
}

/** Guests on this thread, sharing one virtual network (Node, tests). */
export function inProcessHost(network: VirtualNetwork = new VirtualNetwork()): GuestHost {
  return {
    where: 'in-process',
    canInterrupt: false,
    startServer: (guest, o) => startServer(guest, { args: o.args, env: o.env, network, onLog: o.onLog }),
    async runCommand(guest, o) {
      try {
        const r = await runCommand(guest, { args: o.args, env: o.env, network, onStdout: o.onStdout, onStderr: o.onStderr });
        return { kind: 'exited', exitCode: r.exitCode };
      } catch (error) {
        if (error instanceof GuestTrap) return { kind: 'trapped', message: error.message, stderr: error.stderr };
        throw error;
      }
    },
    request: (url, init) => request(network, url, init),
    isListening: (port) => network.isListening(port),
  };
}
