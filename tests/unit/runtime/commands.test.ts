// Command modules end to end: the word generator's CLI and a fixture that tours the filesystem calls.
import { describe, expect, it } from 'vitest';
import { fixture, moduleWithUnknownImport, wordGeneratorCli } from './helpers/fixtures.ts';
import { compileModule, GuestTrap, MemoryFileSystem, MissingImportError, NotWasmError, runCommand, type TraceEvent } from '../../../src/runtime/index.ts';

const modes = ['jspi', 'sync'] as const;

describe.each(modes)('word_generator_cli.wasm (%s)', (mode) => {
  it('prints N words starting with the letter asked for', async () => {
    const cli = await wordGeneratorCli();
    for (const letter of 'adz') {
      const r = await runCommand(cli, { args: ['--starts-with', letter, '--count', '5'], mode });
      expect(r.exitCode).toBe(0);
      const words = r.stdout.trim().split('\n');
      expect(words).toHaveLength(5);
      for (const w of words) expect(w.startsWith(letter)).toBe(true);
    }
  });

  it('prints its usage with --help and fails with exit code 2 on a bad letter', async () => {
    const cli = await wordGeneratorCli();
    const help = await runCommand(cli, { args: ['--help'], mode });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--starts-with');
    const bad = await runCommand(cli, { args: ['--starts-with', '7'], mode });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('a single letter from a to z');
  });
});

describe.each(modes)('a WASI command touring files, links, clocks and stdin (%s)', (mode) => {
  it('behaves as on a native runtime', async () => {
    const tour = await fixture('fs_tour');
    const r = await runCommand(tour, { args: ['one', 'two'], env: { GREETING: 'hello' }, stdin: 'from stdin\n', mode });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('done\n');
    expect(r.stdout.split('\n')).toEqual([
      'args one,two',
      'env GREETING=hello',
      'read hello world',
      'seek world',
      'write-to-readonly uncategorized error', // EBADF, which Rust 1.63 reports as uncategorized
      'renamed-old-exists false',
      'size 11 file true dir false',
      'mtime-set true',
      'readlink sub/b.txt',
      'via-link hello world',
      'link-is-symlink true',
      'readdir link,sub',
      'rmdir-nonempty uncategorized error', // ENOTEMPTY
      'open-missing entity not found',
      'create-new-existing entity already exists',
      'left 0',
      'slept-enough true',
      'stdin from stdin',
      '',
    ]);
  });

  it('returns the exit code given to proc_exit', async () => {
    const r = await runCommand(await fixture('fs_tour'), { args: ['--fail'], mode });
    expect(r.exitCode).toBe(3);
  });
});

describe('runCommand', () => {
  it('keeps files between runs when given a filesystem, and starts from the files given', async () => {
    const fs = new MemoryFileSystem({ '/data/input.txt': 'x' });
    const r = await runCommand(await fixture('fs_tour'), { fs });
    expect(r.exitCode).toBe(0);
    expect(r.fs).toBe(fs);
    expect(fs.readText('/data/input.txt')).toBe('x');
    expect(fs.directory('/tmp/tour')).toBeDefined(); // left behind by the run
  });

  it('reads stdin on demand with JSPI', async () => {
    const chunks = ['typed ', 'slowly\n'];
    const stdin = async (): Promise<Uint8Array | null> => {
      // Each chunk comes later, on a turn of the event loop of its own (as typed keys do).
      await new Promise((r) => setImmediate(r));
      const next = chunks.shift();
      return next === undefined ? null : new TextEncoder().encode(next);
    };
    const r = await runCommand(await fixture('fs_tour'), { stdin, mode: 'jspi' });
    expect(r.stdout).toContain('stdin typed slowly\n');
  });

  it('streams output as it is written', async () => {
    const seen: string[] = [];
    await runCommand(await wordGeneratorCli(), { args: ['--count', '3'], onStdout: (t) => seen.push(t) });
    expect(seen.join('').trim().split('\n')).toHaveLength(3);
  });

  it('reports a trap with the engine message and the stderr written before it', async () => {
    const err = await runCommand(await fixture('crash')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuestTrap);
    expect((err as GuestTrap).message).toMatch(/unreachable/);
    expect((err as GuestTrap).stderr).toContain('about to fail: the word list is empty');
  });

  it('names an import it does not provide', async () => {
    const guest = await compileModule(moduleWithUnknownImport(), 'odd.wasm');
    expect(guest.missingImports).toEqual(['wasi_snapshot_preview1::sock_foo']);
    await expect(runCommand(guest)).rejects.toThrow(MissingImportError);
    await expect(runCommand(guest)).rejects.toThrow('this module imports wasi_snapshot_preview1::sock_foo, which the runtime does not provide');
  });

  it('refuses bytes that are not WebAssembly', async () => {
    await expect(compileModule(new TextEncoder().encode('#!/bin/sh\necho hi\n'), 'script.sh')).rejects.toThrow(NotWasmError);
  });

  it('traces every call with its arguments and errno when asked', async () => {
    const events: TraceEvent[] = [];
    await runCommand(await fixture('fs_tour'), { trace: (e) => events.push(e) });
    const calls = new Set(events.map((e) => e.call));
    for (const c of ['path_open', 'fd_write', 'path_symlink', 'path_rename', 'fd_readdir', 'poll_oneoff', 'proc_exit']) expect(calls).toContain(c);
    const missing = events.find((e) => e.call === 'path_open' && e.args['path'] === 'tmp/nope');
    expect(missing?.errno).toBe('NOENT');
    expect(missing?.result).toBe(44);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });
});
