import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileModule, runCommand } from '../../../src/runtime/index.ts';
import { componentFacts } from '../../../src/wasip2/facts.ts';
import { nodeCoreLoader } from '../../../src/wasip2/node.ts';
import { runComponent } from '../../../src/wasip2/run.ts';
import { UnsupportedImportError, wasiImports } from '../../../src/wasip2/wasi-imports.ts';

// The component through the transpiled output (src/wasip2/generated/), in Node, with the same shim the page uses.

const wasm = (file: string) => readFileSync(new URL(`../../../public/wasm/${file}`, import.meta.url));
const words = (text: string) => text.split('\n').filter((w) => w !== '');

afterEach(() => vi.restoreAllMocks());

describe('the word generator as a WASI 0.2 component', () => {
  it('prints the words asked for, one per line', async () => {
    const result = await runComponent(nodeCoreLoader, { args: ['--starts-with', 'w', '--count', '5'] });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const printed = words(result.stdout);
    expect(printed).toHaveLength(5);
    for (const word of printed) expect(word).toMatch(/^w[a-z]*$/);
  });

  it('keeps its output to itself: captured and streamed, never on the console', async () => {
    const log = vi.spyOn(console, 'log');
    const error = vi.spyOn(console, 'error');
    const streamed: string[] = [];
    const result = await runComponent(nodeCoreLoader, { args: ['--count', '3'], onStdout: (t) => streamed.push(t) });
    expect(streamed.join('')).toBe(result.stdout);
    expect(words(result.stdout)).toHaveLength(3);
    expect(log).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('runs many times, each run with its own arguments', async () => {
    const [a, b] = await Promise.all([
      runComponent(nodeCoreLoader, { args: ['--starts-with', 'a', '--count', '2'] }),
      runComponent(nodeCoreLoader, { args: ['--starts-with', 'z', '--count', '4'] }),
    ]);
    expect(words(a!.stdout).every((w) => w.startsWith('a'))).toBe(true);
    expect(words(b!.stdout)).toHaveLength(4);
    expect(words(b!.stdout).every((w) => w.startsWith('z'))).toBe(true);
  });

  it('says what is wrong with bad arguments, on stderr, and fails with 1 (WASI 0.2 exit has no other codes)', async () => {
    const result = await runComponent(nodeCoreLoader, { args: ['--count', 'many'] });
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--count must be a whole number');
    expect(result.exitCode).toBe(1);
    // The core module says 2: the preview1 adapter maps every failure to WASI 0.2's `exit(err)`.
    const core = await runCommand(await compileModule(wasm('word_generator_cli.wasm')), { args: ['--count', 'many'] });
    expect(core.exitCode).toBe(2);
    expect(core.stderr).toBe(result.stderr);
  });

  it('prints the same help as the core module does', async () => {
    const component = await runComponent(nodeCoreLoader, { args: ['--help'] });
    const core = await runCommand(await compileModule(wasm('word_generator_cli.wasm')), { args: ['--help'] });
    expect(component.exitCode).toBe(0);
    expect(component.stdout).toContain('--starts-with LETTER');
    expect(component.stdout).toBe(core.stdout);
  });
});

describe('what the build recorded about the component', () => {
  it('was built from the module the site ships (else: npm run build:component)', () => {
    const shipped = createHash('sha256').update(wasm('word_generator_cli.wasm')).digest('hex');
    expect(componentFacts.module.sha256).toBe(shipped);
    expect(wasm('word_generator_cli.component.wasm').length).toBe(componentFacts.component.bytes);
  });

  it('carries the module unchanged plus an adapter, so it is a little larger', () => {
    const inner = componentFacts.transpiled.coreModules[0]!;
    expect(inner.served).toBe('word_generator_cli.wasm');
    expect(inner.bytes).toBe(componentFacts.module.bytes);
    expect(componentFacts.component.bytes).toBeGreaterThan(componentFacts.module.bytes);
  });

  it('has the world of a WASI 0.2 command: exports wasi:cli/run, imports stdout, no sockets', () => {
    expect(componentFacts.world.exports).toEqual([expect.stringMatching(/^wasi:cli\/run@0\.2\.\d+$/)]);
    expect(componentFacts.world.imports).toContainEqual(expect.stringMatching(/^wasi:cli\/stdout@/));
    expect(componentFacts.world.imports.some((i) => i.startsWith('wasi:sockets/'))).toBe(false);
  });

  it('refuses, by name, a component that needs an interface the page cannot give', () => {
    const io = { args: ['x'], env: {}, stdout: () => undefined, stderr: () => undefined };
    expect(() => wasiImports(['wasi:cli/stdout@0.2.12', 'wasi:sockets/tcp@0.2.12'], io)).toThrow(UnsupportedImportError);
    expect(() => wasiImports(['wasi:sockets/tcp@0.2.12'], io)).toThrow(/wasi:sockets\/tcp@0\.2\.12/);
  });
});
