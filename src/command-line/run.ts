// `containerless run`: its options and what they mean, the same in the CLI (src/cli/run.ts) and the in-page
// terminal (src/terminal/commands/run-module.ts).
import { pair, portNumber, tokens, UsageError } from './usage.ts';

export const RUN_USAGE = `Usage: containerless run <module.wasm> [options] [-- args...]

Runs a WASI preview1 module. A command runs with this terminal's stdin, stdout and stderr and
exits with its exit code. A server (a module that opens sockets with the WasmEdge socket extension)
is served on http://127.0.0.1:PORT until you press Ctrl-C.

Options:
  --port N          the port on 127.0.0.1 to serve on (default: the port the module listens on; 0: a free port)
  --env K=V         set an environment variable for the module (repeatable)
  --mode MODE       auto (default), jspi (one instance keeps running) or per-request (a fresh instance each request)
  --allow-host NAME also answer requests whose Host is NAME (repeatable); others than localhost,
                    127.x.x.x and [::1] get 421, so a web page cannot reach the module by DNS rebinding
  --trace           print every WASI call the module makes to stderr
  -h, --help        show this help
  -- args...        arguments for the module itself`;

export type RunMode = 'auto' | 'jspi' | 'per-request';

export interface RunArgs {
  file: string;
  /** undefined: the port the module listens on */
  port: number | undefined;
  env: Record<string, string>;
  mode: RunMode;
  trace: boolean;
  /** Host names to answer besides loopback ones (the CLI's bridge) */
  allowHosts: string[];
  guestArgs: string[];
}

const OPTIONS = {
  port: { type: 'string' },
  env: { type: 'string', multiple: true },
  mode: { type: 'string' },
  trace: { type: 'boolean' },
  'allow-host': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The arguments after `containerless run`; 'help' for -h/--help. Throws UsageError. */
export function parseRunArgs(argv: readonly string[]): RunArgs | 'help' {
  const out: RunArgs = { file: '', port: undefined, env: {}, mode: 'auto', trace: false, allowHosts: [], guestArgs: [] };
  const positional: string[] = [];
  let afterTerminator = false;
  for (const t of tokens(argv, OPTIONS, ' (arguments for the module go after --)')) {
    if (t.kind === 'option-terminator') afterTerminator = true;
    else if (t.kind === 'positional') (afterTerminator ? out.guestArgs : positional).push(t.value);
    else if (t.name === 'help') return 'help';
    else if (t.name === 'trace') out.trace = true;
    else if (t.name === 'allow-host') {
      const v = t.value ?? '';
      if (!/^[A-Za-z0-9.-]+$/.test(v)) throw new UsageError(`--allow-host takes a host name, got ${JSON.stringify(v)}`);
      out.allowHosts.push(v);
    } else if (t.name === 'port') out.port = portNumber('--port', t.value ?? '');
    else if (t.name === 'env') {
      const [k, v] = pair('--env', t.value ?? '');
      out.env[k] = v;
    } else if (t.name === 'mode') {
      const v = t.value ?? '';
      if (v !== 'auto' && v !== 'jspi' && v !== 'per-request') throw new UsageError(`--mode must be auto, jspi or per-request, got ${JSON.stringify(v)}`);
      out.mode = v;
    }
  }
  const [file, ...rest] = positional;
  if (file === undefined) throw new UsageError('which module? give the path of a .wasm file');
  out.file = file;
  out.guestArgs = [...rest, ...out.guestArgs];
  return out;
}
