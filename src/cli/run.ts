// `containerless run <module.wasm>`: a command module runs with this terminal's stdio; a server module is
// served on a real port on 127.0.0.1 through the localhost bridge, for learners without WasmEdge.
// Options are parsed by src/command-line/run.ts, which the in-page terminal uses too. Both kinds run through a GuestHost:
// a command on this thread (inProcessHost), a server in a worker thread (workerHost + nodeWorker, the page's route)
// exposed on 127.0.0.1 by the bridge in this thread (503 and a restart when the guest hangs).
import { hasJspi, type GuestModule } from '../runtime/index.ts';
import { exitStatus, inProcessHost, workerHost, type HostedServer } from '../runtime/host/index.ts';
import { loadModuleFile, ModuleFileError } from '../runtime/node/load.ts';
import { nodeWorker } from '../runtime/node/node-worker.ts';
import { exposeOnLocalhost } from '../runtime/node/expose.ts';
import type { StdinSource } from '../runtime/devices/stdio.ts';
import { parseRunArgs, RUN_USAGE, type RunArgs } from '../command-line/run.ts';
import { UsageError } from '../command-line/usage.ts';
import { formatTrace } from '../runtime/host/format.ts';
import { descriptorSink, EXIT_BROKEN_PIPE, pipeBroke } from './stdio.ts';

const printTrace = (e: Parameters<typeof formatTrace>[0]): void => void process.stderr.write(`${formatTrace(e)}\n`);

/** stdin read on demand, so a module that never reads it does not wait for input. */
function processStdin(): StdinSource {
  let iterator: AsyncIterator<Buffer> | undefined;
  return async () => {
    iterator ??= (process.stdin as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const next = await iterator.next();
    return next.done === true ? null : new Uint8Array(next.value);
  };
}

async function readAllStdin(): Promise<Uint8Array> {
  if (process.stdin.isTTY) return new Uint8Array(0);
  const chunks: Buffer[] = [];
  for await (const c of process.stdin as AsyncIterable<Buffer>) chunks.push(c);
  return new Uint8Array(Buffer.concat(chunks));
}

function fail(message: string, code = 1): number {
  console.error(`containerless run: ${message}`);
  return code;
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: RunArgs;
  try {
    const parsed = parseRunArgs(argv);
    if (parsed === 'help') {
      console.log(RUN_USAGE);
      return 0;
    }
    args = parsed;
  } catch (e) {
    if (e instanceof UsageError) return fail(`${e.message}\n\n${RUN_USAGE}`, 2);
    throw e;
  }

  let guest;
  try {
    guest = await loadModuleFile(args.file);
  } catch (e) {
    if (e instanceof ModuleFileError) return fail(e.message);
    throw e;
  }
  if (guest.missingImports.length > 0) {
    return fail(`this module imports ${guest.missingImports.join(', ')}, which containerless run does not provide`);
  }
  if (!guest.hasStart) return fail(`${args.file} has no _start export: it is a library (reactor) module, not a command or a server`);
  if (args.mode === 'jspi' && !hasJspi()) return fail('--mode jspi needs a Node.js with WebAssembly JSPI (Node 24 or newer)');
  return guest.kind === 'command' ? command(guest, args) : serve(guest, args);
}

/** A command on this thread: it owns the terminal's stdio until it exits. */
async function command(guest: GuestModule, args: RunArgs): Promise<number> {
  try {
    const useJspi = args.mode !== 'per-request' && hasJspi();
    const outcome = await inProcessHost().runCommand(guest, {
      args: args.guestArgs, env: args.env, stdin: useJspi ? processStdin() : await readAllStdin(),
      onStdoutBytes: descriptorSink(1), onStderrBytes: descriptorSink(2), keepOutput: false,
      mode: useJspi ? 'jspi' : 'sync', ...(args.trace ? { onTrace: printTrace } : {}),
    }).catch((error: unknown) => {
      if (pipeBroke()) return { kind: 'exited' as const, exitCode: EXIT_BROKEN_PIPE, durationMs: 0 };
      throw error;
    });
    if (pipeBroke()) return EXIT_BROKEN_PIPE;
    if (outcome.kind === 'trapped') fail(`the module crashed: ${outcome.message}`);
    return exitStatus(outcome);
  } finally {
    process.stdin.pause();
    process.stdin.unref?.();
  }
}

/**
 * The bound on the guest thread's answers to the host's own messages (here only `stop`: a guest that computes forever
 * never answers it, and Ctrl-C must not wait long). Real clients' requests are bounded by the bridge (10 s, then 503).
 */
const STOP_BOUND_MS = 1000;

/** Serves a server module until Ctrl-C or the guest ends: the guest in a worker thread, the bridge here. */
async function serve(guest: GuestModule, args: RunArgs): Promise<number> {
  const host = workerHost({ createWorker: nodeWorker, expose: exposeOnLocalhost, traceEveryServer: false, timeoutMs: STOP_BOUND_MS, startTimeoutMs: false });
  return new Promise<number>((resolve) => {
    let server: HostedServer | undefined;
    let done = false;
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void (server?.stop() ?? Promise.resolve()).then(() => resolve(code));
    };
    const onSignal = (): void => {
      console.error('\ncontainerless run: stopping');
      finish(0);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    host.startServer(guest, {
      args: args.guestArgs, env: args.env, mode: args.mode, trace: args.trace,
      onLog: (line) => (line.stream === 'stdout' ? process.stdout : process.stderr).write(`${line.text}\n`),
      expose: { port: args.port, allowHosts: args.allowHosts, onRestart: (_stage, message) => console.error(`containerless run: ${message}`) },
    }).then(
      (s) => {
        server = s;
        if (done) return void s.stop();
        if (args.trace) s.onTrace(printTrace);
        s.onExit((info) => {
          // Its end after Ctrl-C (a guest that ignores stop is ended by the bound) is ours, not news.
          if (done) return;
          console.error(`containerless run: ${info.message}${info.stderr && info.reason === 'crashed' ? `\n${info.stderr.trimEnd()}` : ''}`);
          finish(info.exitCode ?? 1);
        });
        const at = s.exposed ?? { host: '127.0.0.1', port: s.port };
        console.error(
          `containerless run: serving ${guest.name} on http://${at.host}:${at.port} ` +
            `(the module listens on port ${s.port} of its virtual network; ${s.mode} mode). Press Ctrl-C to stop.`,
        );
      },
      (e: unknown) => finish(fail(e instanceof Error ? e.message : String(e))),
    );
  });
}
