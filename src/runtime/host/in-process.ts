// Guests on this thread, sharing one virtual network: Node tools, tests, and the CLI's commands (which own their
// terminal's stdio). A guest that computes forever holds this thread, which is why the page never uses it.
import { runCommand } from '../guest/command.ts';
import { request } from '../http/client.ts';
import { GuestTrap } from '../guest/instance.ts';
import { VirtualNetwork } from '../devices/net/virtual-network.ts';
import { startServer, type ExitInfo, type LogLine, type ServerHandle } from '../guest/server.ts';
import type { TraceEvent } from '../calls/trace.ts';
import { Listeners } from '../guest/server-state.ts';
import type { GuestHost, HostedServer } from './host.ts';

export function inProcessHost(network: VirtualNetwork = new VirtualNetwork()): GuestHost {
  const changes = new Listeners<[number, boolean]>();
  const servers = new Set<HostedServer>();
  return {
    where: 'in-process',
    canInterrupt: false,
    async startServer(guest, o = {}) {
      if (o.expose !== undefined) throw new Error('an in-process host serves on its virtual network only');
      const start = (): Promise<ServerHandle> => startServer(guest, {
        network, ...(o.args ? { args: o.args } : {}), ...(o.env ? { env: o.env } : {}), ...(o.files ? { files: o.files } : {}),
        ...(o.mode ? { mode: o.mode } : {}), ...(o.onLog ? { onLog: o.onLog } : {}), trace: o.trace === true,
      });
      let current = await start();
      // Listeners added to the handle follow it to the next guest when it restarts.
      const relays = { log: new Listeners<LogLine>(), trace: new Listeners<TraceEvent>(), exit: new Listeners<ExitInfo>() };
      const wire = (s: ServerHandle): void => {
        s.onLog((l) => relays.log.emit(l));
        if (o.trace === true) s.onTrace((e) => relays.trace.emit(e));
        s.onExit((i) => {
          changes.emit([s.port, false]);
          relays.exit.emit(i);
        });
        changes.emit([s.port, true]);
      };
      wire(current);
      const hosted: HostedServer = {
        get port() { return current.port; },
        get mode() { return current.mode; },
        get status() { return current.status; },
        get logs() { return current.logs; },
        exposed: undefined,
        connect: () => current.network.connect(current.port),
        request: (target, init) => current.request(target, init),
        onLog: (l) => relays.log.add(l),
        onTrace(l) {
          if (o.trace !== true) throw new Error('this server was started without tracing; start it with { trace: true } to subscribe');
          return relays.trace.add(l);
        },
        onExit: (l) => relays.exit.add(l),
        stop: () => current.stop(),
        async restart() {
          await current.stop();
          current = await start();
          wire(current);
        },
      };
      servers.add(hosted);
      return hosted;
    },
    async runCommand(guest, o = {}) {
      const t0 = performance.now();
      try {
        const r = await runCommand(guest, {
          network, ...(o.args ? { args: o.args } : {}), ...(o.env ? { env: o.env } : {}), ...(o.files ? { files: o.files } : {}),
          ...(o.stdin !== undefined ? { stdin: o.stdin } : {}), ...(o.mode ? { mode: o.mode } : {}), ...(o.onTrace ? { trace: o.onTrace } : {}),
          ...(o.onStdout ? { onStdout: o.onStdout } : {}), ...(o.onStderr ? { onStderr: o.onStderr } : {}),
          ...(o.onStdoutBytes ? { onStdoutBytes: o.onStdoutBytes } : {}), ...(o.keepOutput !== undefined ? { keepOutput: o.keepOutput } : {}), ...(o.onStderrBytes ? { onStderrBytes: o.onStderrBytes } : {}),
        });
        return { kind: 'exited', exitCode: r.exitCode, durationMs: r.durationMs };
      } catch (error) {
        if (error instanceof GuestTrap) return { kind: 'trapped', message: error.message, stderr: error.stderr, durationMs: performance.now() - t0 };
        throw error;
      }
    },
    request: (url, init) => request(network, url, init),
    isListening: (port) => network.isListening(port),
    onChange: (listener) => changes.add(([port, listening]) => listener(port, listening)),
    async stopAll() {
      await Promise.all([...servers].map((s) => s.stop()));
    },
  };
}
