// The WASI 0.2 interfaces a command component imports, from @bytecodealliance/preview2-shim's browser build (copied
// into generated/ by scripts/build-component.mjs, so Node runs the same code as the page). Every run gets its own
// arguments, environment and output streams; nothing goes to console.log, and nothing reaches the host's files.
import { createCli } from './generated/preview2-shim/dist/browser/cli.js';
import { monotonicClock, wallClock } from './generated/preview2-shim/dist/browser/clocks.js';
import { createFilesystem, InMemoryFilesystemAdapter } from './generated/preview2-shim/dist/browser/filesystem.js';
import { error, poll, streams } from './generated/preview2-shim/dist/browser/io.js';
import { insecure, insecureSeed, random } from './generated/preview2-shim/dist/browser/random.js';

export interface RunIo {
  /** argv, program name first */
  args: readonly string[];
  env: Record<string, string>;
  stdout: (bytes: Uint8Array) => void;
  stderr: (bytes: Uint8Array) => void;
}

export class UnsupportedImportError extends Error {
  constructor(names: readonly string[]) {
    super(`this component imports ${names.join(', ')}, which the page's WASI 0.2 shim does not provide`);
    this.name = 'UnsupportedImportError';
  }
}

/** `wasi:cli/stdout@0.2.12` -> `wasi:cli/stdout` */
const unversioned = (name: string): string => name.replace(/@[^@]*$/, '');

/**
 * The import object for one instantiation, keyed as the transpiled code looks interfaces up (without version) and
 * as its types name them (with). Sockets and HTTP are not offered: the browser shim has none to give.
 */
export function wasiImports(world: readonly string[], io: RunIo): Record<string, unknown> {
  const sink = (write: (bytes: Uint8Array) => void) => ({
    // The guest's buffer may be reused after the call returns, so keep a copy.
    write: (bytes: Uint8Array) => write(bytes.slice()),
    blockingFlush: () => undefined,
  });
  const cli = createCli({ arguments: [...io.args], environment: io.env, stdout: sink(io.stdout), stderr: sink(io.stderr) });
  // No preopened directories: the component sees an empty file system.
  const fs = createFilesystem({ adapter: new InMemoryFilesystemAdapter(), preopens: {} });
  const offered: Record<string, unknown> = {
    'wasi:cli/environment': cli.environment,
    'wasi:cli/exit': cli.exit,
    'wasi:cli/stdin': cli.stdin,
    'wasi:cli/stdout': cli.stdout,
    'wasi:cli/stderr': cli.stderr,
    'wasi:cli/terminal-input': cli.terminalInput,
    'wasi:cli/terminal-output': cli.terminalOutput,
    'wasi:cli/terminal-stdin': cli.terminalStdin,
    'wasi:cli/terminal-stdout': cli.terminalStdout,
    'wasi:cli/terminal-stderr': cli.terminalStderr,
    'wasi:io/error': error,
    'wasi:io/poll': poll,
    'wasi:io/streams': streams,
    'wasi:clocks/wall-clock': wallClock,
    'wasi:clocks/monotonic-clock': monotonicClock,
    'wasi:filesystem/types': fs.types,
    'wasi:filesystem/preopens': fs.preopens,
    'wasi:random/random': random,
    'wasi:random/insecure': insecure,
    'wasi:random/insecure-seed': insecureSeed,
  };
  const missing = world.filter((name) => !(unversioned(name) in offered));
  if (missing.length > 0) throw new UnsupportedImportError(missing);
  const imports: Record<string, unknown> = {};
  for (const name of world) imports[name] = imports[unversioned(name)] = offered[unversioned(name)];
  return imports;
}
