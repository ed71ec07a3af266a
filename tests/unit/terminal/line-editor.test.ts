import { afterEach, describe, expect, test } from 'vitest';
import { complete } from '../../../src/terminal/complete.ts';
import { testEditor } from './harness.ts';

const editors: ReturnType<typeof testEditor>[] = [];
function fresh() {
  const t = testEditor();
  editors.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(editors.splice(0).map((t) => t.shell.dispose()));
});

const UP = '\x1b[A';
const DOWN = '\x1b[B';
const LEFT = '\x1b[D';

describe('typing at the prompt', () => {
  test('Enter runs the line; arrow up brings back earlier commands', async () => {
    const t = fresh();
    await t.type('ls\r');
    await t.type('help\r');
    expect(t.screen()).toContain('word_generator_cli.wasm');
    await t.type(UP + UP);
    expect(t.editor.line).toBe('ls');
    await t.type(DOWN);
    expect(t.editor.line).toBe('help');
    await t.type(DOWN);
    expect(t.editor.line).toBe('');
    await t.type('history\r');
    expect(t.screen()).toMatch(/1 {2}ls\n +2 {2}help\n +3 {2}history/);
  });

  test('editing in the middle of a line and Ctrl+C to abandon it', async () => {
    const t = fresh();
    await t.type('ecoh' + LEFT + LEFT + 'h' + '\x1b[F' + '\x7f' + ' hi');
    expect(t.editor.line).toBe('echo hi');
    await t.type('\x03');
    expect(t.editor.line).toBe('');
  });

  test('Tab completes commands and file names, and lists the choices when several fit', async () => {
    const t = fresh();
    await t.type('wasm\t');
    expect(t.editor.line).toBe('wasmedge ');
    await t.type('word\t');
    expect(t.editor.line).toBe('wasmedge word_generator');
    await t.type('_c\t');
    expect(t.editor.line).toBe('wasmedge word_generator_cli.wasm ');
    expect(complete('c', ['cargo', 'cat', 'clear', 'curl'], []).options).toEqual(['cargo', 'cat', 'clear', 'curl']);
    expect(complete('curl loc', ['curl'], [], (c) => t.shell.completions(c, [])).text).toBe('curl localhost:8090/');
    await t.type('\x15curl loc\t'); // Ctrl+U, then what curl's declaration offers
    expect(t.editor.line).toBe('curl localhost:8090/');
  });

  test('a server started with & answers a curl typed afterwards; Ctrl+C stops a foreground one', async () => {
    const t = fresh();
    await t.type('wasmedge word_generator.wasm &\r');
    await t.type('curl localhost:8090/?starts_with=k\r');
    expect(t.screen()).toMatch(/\$ curl localhost:8090\/\?starts_with=k\nk[a-z]+\nGET \/\?starts_with=k 200\n/);
    await t.type('kill %1\r');
    const held = t.type('wasmedge word_generator.wasm\r');
    await t.shows('(The server holds this prompt. Press Ctrl+C to stop it');
    expect(t.editor.busy).toBe(true);
    t.editor.handle('\x03');
    await held;
    expect(t.editor.busy).toBe(false);
  });

  test('submit runs a line as the "Run here" buttons do, and shows it after the prompt', async () => {
    const t = fresh();
    t.editor.submit('echo from a step');
    await t.editor.whenIdle();
    expect(t.screen()).toContain('$ echo from a step\nfrom a step\n$ ');
  });
});

describe('pasted text and typing while a server runs', () => {
  const link = '\x1b]8;;https://attacker.example/\x07click me\x1b]8;;\x07';

  test('a pasted OSC 8 hyperlink arrives as its plain text, in one line and in several', async () => {
    const t = fresh();
    // A paste arrives from the view as one string (xterm's onData), not key by key.
    t.editor.handle(`echo ${link}`);
    expect(t.editor.line).toBe('echo click me');
    expect(t.screen()).not.toContain('\x1b]8');
    await t.type('\x15');
    t.editor.handle(`echo ${link}\necho \x1b[31mred\x1b[0m\x9b2J\n`);
    await t.editor.whenIdle();
    const screen = t.screen();
    expect(screen).not.toContain('attacker.example');
    expect(screen).not.toContain('\x1b]');
    expect(screen).not.toContain('\x9b');
    expect(screen).toContain('$ echo click me\nclick me\n');
    expect(screen).toContain('$ echo red\nred\n');
  });

  test('keys typed while a server holds the prompt are echoed, not run later', async () => {
    const t = fresh();
    const held = t.type('wasmedge word_generator.wasm\r');
    await t.shows('(The server holds this prompt. Press Ctrl+C to stop it');
    expect(t.editor.busy).toBe(true);
    t.editor.handle('ls');
    t.editor.handle('\r');
    t.editor.handle(`x${link}`);
    expect(t.screen()).toMatch(/ls\nxclick me$/);
    t.editor.handle('\x03');
    await held;
    expect(t.editor.line).toBe('');
    expect(t.screen()).not.toContain('attacker');
  });
});
