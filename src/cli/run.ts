// `containerless run <module.wasm>`: a command module runs with this terminal's stdio; a server module is
// served on a real port on 127.0.0.1 through the localhost bridge, for learners without WasmEdge.
import { hasJspi, runCommand, GuestTrap, type TraceEvent } from '../runtime/index.ts';
import { loadModuleFile, ModuleFileError } from '../runtime/node/load.ts';
import type { ServeRequest } from '../runtime/node/serve-thread.ts';
import { serveApart, type Serving } from '../runtime/node/serve-apart.ts';
import type { StdinSource } from '../runtime/devices/stdio.ts';

const USAGE = `Usage: containerless run <module.wasm> [options] [-- args...]

Runs a WASI preview1 module. A command runs with this terminal's stdin, stdout and stderr and
exits with its exit code. A server (a module that opens sockets with the WasmEdge socket extension)
is served on http://127.0.0.1:PORT until you press Ctrl-C.

Options:
  --port N          the port on 127.0.0.1 to serve on (default: the port the module listens on)
  --env K=V         set an environment variable for the module (repeatable)
  --mode MODE       auto (default), jspi (one instance keeps running) or per-request (a fresh instance each request)
  --allow-host NAME also answer requests whose Host is NAME (repeatable); others than localhost,
                    127.x.x.x and [::1] get 421, so a web page cannot reach the module by DNS rebinding
  --trace           print every WASI call the module makes to stderr
  -h, --help        show this help
  -- args...        arguments for the module itself`;

interface RunArgs {
  file: string;
  port: number | undefined;
  env: Record<string, string>;
  mode: 'auto' | 'jspi' | 'per-request';
  trace: boolean;
  allowHosts: string[];
  guestArgs: string[];
}

class UsageError extends Error {}

function parse(argv: readonly string[]): RunArgs | 'help' {
  const out: RunArgs = { file: '', port: undefined, env: {}, mode: 'auto', trace: false, allowHosts: [], guestArgs: [] };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--') {
      out.guestArgs = argv.slice(i + 1) as string[];
      break;
    } else if (a === '-h' || a === '--help') return 'help';
    else if (a === '--port' || a.startsWith('--port=')) {
      const v = a.includes('=') ? a.slice(7) : value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got ${JSON.stringify(v)}`);
      out.port = n;
    } else if (a === '--env' || a.startsWith('--env=')) {
      const v = a.includes('=') && a.startsWith('--env=') ? a.slice(6) : value();
      const eq = v.indexOf('=');
      if (eq <= 0) throw new UsageError(`--env takes NAME=VALUE, got ${JSON.stringify(v)}`);
      out.env[v.slice(0, eq)] = v.slice(eq + 1);
    } else if (a === '--mode' || a.startsWith('--mode=')) {
      const v = a.includes('=') ? a.slice(7) : value();
      if (v !== 'auto' && v !== 'jspi' && v !== 'per-request') throw new UsageError(`--mode must be auto, jspi or per-request, got ${JSON.stringify(v)}`);
      out.mode = v;
    } else if (a === '--allow-host' || a.startsWith('--allow-host=')) {
      const v = a.startsWith('--allow-host=') ? a.slice(13) : value();
      if (!/^[A-Za-z0-9.-]+$/.test(v)) throw new UsageError(`--allow-host takes a host name, got ${JSON.stringify(v)}`);
      out.allowHosts.push(v);
    } else if (a === '--trace') out.trace = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a} (arguments for the module go after --)`);
    else positional.push(a);
  }
  const [file, ...rest] = positional;
  if (file === undefined) throw new UsageError('which module? give the path of a .wasm file');
  out.file = file;
  out.guestArgs = [...rest, ...out.guestArgs];
  return out;
}

function printTrace(e: TraceEvent): void {
  const args = Object.entries(e.args).map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`).join(', ');
  process.stderr.write(`[trace] ${e.call}(${args}) -> ${e.errno}\n`);
}

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
    const parsed = parse(argv);
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    args = parsed;
  } catch (e) {
    if (e instanceof UsageError) return fail(`${e.message}\n\n${USAGE}`, 2);
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
  const trace = args.trace ? printTrace : undefined;

  if (guest.kind === 'command') {
    try {
      const useJspi = args.mode !== 'per-request' && hasJspi();
      const result = await runCommand(guest, {
        args: args.guestArgs, env: args.env, stdin: useJspi ? processStdin() : await readAllStdin(),
        onStdoutBytes: (b) => process.stdout.write(b), onStderrBytes: (b) => process.stderr.write(b),
        mode: useJspi ? 'jspi' : 'sync', ...(trace ? { trace } : {}),
      });
      return result.exitCode;
    } catch (e) {
      if (e instanceof GuestTrap) return fail(`the module crashed: ${e.message}`, 134);
      throw e;
    } finally {
      process.stdin.pause();
      process.stdin.unref?.();
    }
  }

  return serve(guest.module, guest.name, args);
}

/** Serves a server module until Ctrl-C or the guest ends: the guest in a worker thread, the bridge here (serve-apart.ts). */
async function serve(module: WebAssembly.Module, name: string, args: RunArgs): Promise<number> {
  const request: ServeRequest = { module, name, args: args.guestArgs, env: args.env, mode: args.mode, trace: args.trace, port: args.port, allowHosts: args.allowHosts };
  return new Promise<number>((resolve) => {
    let serving: Serving | undefined;
    let done = false;
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void (serving?.stop() ?? Promise.resolve()).then(() => resolve(code));
    };
    const onSignal = (): void => {
      console.error('\ncontainerless run: stopping');
      finish(0);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    serveApart(request, {
      onLog: (line) => (line.stream === 'stdout' ? process.stdout : process.stderr).write(`${line.text}\n`),
      onTrace: printTrace,
      onRestart: (message) => console.error(`containerless run: ${message}`),
      onExit: (info) => {
        console.error(`containerless run: ${info.message}${info.stderr && info.reason === 'crashed' ? `\n${info.stderr.trimEnd()}` : ''}`);
        finish(info.exitCode ?? 1);
      },
    }).then(
      (s) => {
        serving = s;
        if (done) return void s.stop();
        console.error(
          `containerless run: serving ${name} on http://${s.host}:${s.port} ` +
            `(the module listens on port ${s.guestPort} of its virtual network; ${s.mode} mode). Press Ctrl-C to stop.`,
        );
      },
      (e: unknown) => finish(fail(e instanceof Error ? e.message : String(e))),
    );
  });
}
