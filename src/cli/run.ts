// `containerless run <module.wasm>`: a command module runs with this terminal's stdio; a server module is
// served on a real port on 127.0.0.1 through the localhost bridge, for learners without WasmEdge.
// Options are parsed by src/command-line/run.ts, which the in-page terminal uses too; guests run through a GuestHost.
import { hasJspi, type GuestModule } from '../runtime/index.ts';
import { exitStatus, inProcessHost, workerHost, type HostedServer } from '../runtime/host/index.ts';
import { loadModuleFile, ModuleFileError } from '../runtime/node/load.ts';
import { endNodeWorkers, nodeWorker } from '../runtime/node/node-worker.ts';
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

/** A server in its own worker thread, exposed on a real port, until Ctrl-C or the guest ends. */
async function serve(guest: GuestModule, args: RunArgs): Promise<number> {
  const host = workerHost({ createWorker: nodeWorker });
  let server: HostedServer;
  try {
    server = await host.startServer(guest, {
      args: args.guestArgs, env: args.env, mode: args.mode, trace: args.trace, expose: { port: args.port },
      onLog: (line) => (line.stream === 'stdout' ? process.stdout : process.stderr).write(`${line.text}\n`),
    });
  } catch (e) {
    const stderr = (e as { stderr?: unknown }).stderr;
    const detail = typeof stderr === 'string' && stderr !== '' ? `\n${stderr.trimEnd()}` : '';
    const message = (e as Error).message;
    return fail(/already in use/.test(message) ? message : `the module did not start serving: ${message}${detail}`);
  }
  if (args.trace) server.onTrace(printTrace);
  const where = server.exposed ?? { host: '127.0.0.1', port: server.port };
  console.error(
    `containerless run: serving ${guest.name} on http://${where.host}:${where.port} ` +
      `(the module listens on port ${server.port} of its virtual network; ${server.mode} mode). Press Ctrl-C to stop.`,
  );
  return new Promise<number>((resolve) => {
    const finish = (code: number): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void endNodeWorkers().then(() => resolve(code));
    };
    const onSignal = (): void => {
      console.error('\ncontainerless run: stopping');
      // A guest that computes forever never answers the stop message; its thread is ended after a second regardless.
      const force = setTimeout(() => finish(0), 1000);
      void server.stop().finally(() => {
        clearTimeout(force);
        finish(0);
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    server.onExit((info) => {
      if (info.reason === 'stopped') return;
      console.error(`containerless run: ${info.message}${info.stderr && info.reason === 'crashed' ? `\n${info.stderr.trimEnd()}` : ''}`);
      finish(info.exitCode ?? 1);
    });
  });
}
