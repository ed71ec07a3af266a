// The command-line module on the project's runtime, and on WasmEdge when it is here.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { runCommand } from '../../../src/runtime/index.ts';
import { cliWasm, findWasmEdge } from './hosts.ts';
import { cliModule } from './modules.ts';

const guest = await cliModule();
const run = async (args: string[] = []) => runCommand(guest, { args });

describe('word_generator_cli.wasm', () => {
  it('prints one word by default', async () => {
    const result = await run();
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^[a-z]{3,10}\n$/);
  });

  it('prints words for every letter', async () => {
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
      const result = await run(['--starts-with', letter]);
      expect(result.exitCode, letter).toBe(0);
      expect(result.stdout, letter).toMatch(new RegExp(`^${letter}[a-z]*\\n$`));
    }
  });

  it('prints --count words', async () => {
    const result = await run(['--count', '5', '--starts-with=S']);
    const words = result.stdout.trimEnd().split('\n');
    expect(words).toHaveLength(5);
    for (const word of words) expect(word).toMatch(/^s[a-z]*$/);
  });

  it('shows help', async () => {
    const result = await run(['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Usage: word_generator_cli');
    expect(result.stdout).toContain('--count N');
  });

  it.each([
    [['--count', '0'], '1 to 1000'],
    [['--count', '1001'], '1 to 1000'],
    [['--starts-with', '7'], 'a single letter from a to z'],
    [['--starts-with'], 'needs a value'],
    [['--colour'], 'unknown argument'],
  ])('rejects %j with a message and exit code 2', async (args, message) => {
    const result = await run(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});

const wasmedge = findWasmEdge();
describe.skipIf(wasmedge === undefined)('word_generator_cli.wasm under WasmEdge 0.14.1', () => {
  it('prints words for a letter, and rejects --starts-with 4 with exit code 2', () => {
    const ok = spawnSync(wasmedge!, [cliWasm, '--starts-with', 'w', '--count', '3'], { encoding: 'utf8', timeout: 20_000 });
    expect(ok.status).toBe(0);
    expect(ok.stdout.trimEnd().split('\n').map((w) => w[0])).toEqual(['w', 'w', 'w']);
    const bad = spawnSync(wasmedge!, [cliWasm, '--starts-with', '4'], { encoding: 'utf8', timeout: 20_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('a single letter from a to z');
  });
});
