// Running the word generator as a WASI 0.2 component: the jco-transpiled ES module, instantiated with the shim's
// interfaces, once per run (a command's instance is spent once it exits). No DOM and no node:* here: the page, the
// terminal and Node pass a loader for the core modules.
import { componentFacts } from './facts.ts';
import { instantiate, type ImportObject } from './generated/word_generator_cli.js';
import { wasiImports } from './wasi-imports.ts';

/** Compiles a core module the site serves, given its path under /wasm/ (e.g. `component/word_generator_cli.core2.wasm`). */
export type CoreModuleLoader = (served: string) => Promise<WebAssembly.Module>;

export interface ComponentRunOptions {
  /** the arguments after the program name */
  args?: readonly string[];
  env?: Record<string, string>;
  /** output as it comes, decoded as UTF-8 */
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
}

export interface ComponentRunResult {
  /** 0 on success; WASI 0.2's `exit` carries only success or failure, so any failure is 1 */
  exitCode: number;
  stdout: string;
  stderr: string;
  /** compiling (first run only) and instantiating the core modules, linking the imports */
  instantiateMs: number;
  /** the call to the component's `wasi:cli/run` export */
  runMs: number;
}

/** The component stopped without exiting: a trap (e.g. `unreachable`) or a broken import. */
export class ComponentTrap extends Error {
  readonly stderr: string;
  constructor(message: string, stderr: string) {
    super(message);
    this.name = 'ComponentTrap';
    this.stderr = stderr;
  }
}

export const PROGRAM = componentFacts.component.file;

class TextOutput {
  text = '';
  #decoder = new TextDecoder();
  #listener: ((text: string) => void) | undefined;
  constructor(listener: ((text: string) => void) | undefined) {
    this.#listener = listener;
  }
  write = (bytes: Uint8Array): void => this.#add(this.#decoder.decode(bytes, { stream: true }));
  end(): void {
    this.#add(this.#decoder.decode());
  }
  #add(text: string): void {
    if (text === '') return;
    this.text += text;
    this.#listener?.(text);
  }
}

/**
 * How a run that threw ended: the shim's `wasi:cli/exit` throws `{ exitError, code }` to unwind the guest, and jco
 * throws a ComponentError (with a `payload`) when `run` returns `err`. Anything else is a crash.
 */
function exitCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('exitError' in error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'number' ? code : 1;
  }
  return 'payload' in error ? 1 : undefined;
}

export async function runComponent(loadCore: CoreModuleLoader, options: ComponentRunOptions = {}): Promise<ComponentRunResult> {
  const stdout = new TextOutput(options.onStdout);
  const stderr = new TextOutput(options.onStderr);
  const served = new Map(componentFacts.transpiled.coreModules.map((m) => [m.file, m.served]));
  const imports = wasiImports(componentFacts.world.imports, {
    args: [PROGRAM, ...(options.args ?? [])],
    env: options.env ?? {},
    stdout: stdout.write,
    stderr: stderr.write,
  });
  const t0 = performance.now();
  const component = await instantiate((file) => {
    const path = served.get(file);
    if (path === undefined) throw new Error(`the transpiled component asks for ${file}, which the build did not list: run npm run build:component`);
    return loadCore(path);
  }, imports as unknown as ImportObject);
  const t1 = performance.now();
  let exitCode = 0;
  try {
    component.run.run();
  } catch (error) {
    const code = exitCodeOf(error);
    if (code === undefined) {
      stderr.end();
      throw new ComponentTrap((error as Error).message, stderr.text);
    }
    exitCode = code;
  }
  stdout.end();
  stderr.end();
  return { exitCode, stdout: stdout.text, stderr: stderr.text, instantiateMs: t1 - t0, runMs: performance.now() - t1 };
}
