// The command-line module, run through the test host.
import { describe, expect, it } from 'vitest';
import { loadModule, run } from './test-host.ts';

const cli = loadModule('word_generator_cli.wasm');

describe('word_generator_cli.wasm', () => {
  it('prints one word by default', () => {
    const result = run(cli);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^[a-z]{3,10}\n$/);
  });

  it('prints words for every letter', () => {
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
      const result = run(cli, { args: ['--starts-with', letter] });
      expect(result.exitCode, letter).toBe(0);
      expect(result.stdout, letter).toMatch(new RegExp(`^${letter}[a-z]*\\n$`));
    }
  });

  it('prints --count words', () => {
    const result = run(cli, { args: ['--count', '5', '--starts-with=S'] });
    const words = result.stdout.trimEnd().split('\n');
    expect(words).toHaveLength(5);
    for (const word of words) expect(word).toMatch(/^s[a-z]*$/);
  });

  it('shows help', () => {
    const result = run(cli, { args: ['--help'] });
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
  ])('rejects %j with a message and exit code 2', (args, message) => {
    const result = run(cli, { args });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});
