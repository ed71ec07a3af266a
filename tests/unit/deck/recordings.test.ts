// Every recorded slide-terminal session is run again on the real module; the output must match the recording except
// for the random word. A recording that drifts, or was edited by hand into something the module never said, fails.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { drift, maskRandom, parseRecording, replayFrames, type Recording } from '../../../src/deck/recording.ts';
import { runSession } from '../../../src/deck/session-node.ts';

const dir = new URL('../../../slides/recordings/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const load = (file: string) => parseRecording(readFileSync(new URL(file, dir), 'utf8'), file);
const replay = async (recording: Recording) => drift(recording, await runSession(recording.exchanges.map((e) => e.command)));

describe('recorded slide-terminal sessions', () => {
  test('there is at least one, and every file is a valid recording', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(() => load(file), file).not.toThrow();
  });

  for (const file of files) {
    test(`${file} replays on the real module with no drift`, async () => {
      expect(await replay(load(file))).toEqual([]);
    }, 30_000);
  }

  test('a deliberately changed recording fails the check: a header, a log line, a word with the wrong letter', async () => {
    const original = load(files[0]!);
    const edits: [string, (output: string) => string][] = [
      ['a header', (o) => o.replace('Content-Type: text/plain', 'Content-Type: text/html')],
      ['the log line', (o) => o.replace(/ 200\n$/, ' 201\n')],
      ['the word\'s letter', (o) => o.replace(/^[a-z]+$/m, 'zebra')],
    ];
    for (const [what, edit] of edits) {
      const changed: Recording = { ...original, exchanges: original.exchanges.map((e) => (/\bcurl\b/.test(e.command) ? { ...e, output: edit(e.output) } : e)) };
      expect(changed.exchanges.map((e) => e.output), what).not.toEqual(original.exchanges.map((e) => e.output));
      expect((await replay(changed)).length, `${what} changed`).toBeGreaterThan(0);
    }
  }, 60_000);
});

describe('masking the random word', () => {
  test('only the word for the asked letter and its length are masked', () => {
    const out = 'HTTP/1.1 200 OK\nContent-Length: 7\n\nkettle\nGET /?starts_with=k 200\n';
    expect(maskRandom('curl -i localhost:8090/?starts_with=k', out)).toBe('HTTP/1.1 200 OK\nContent-Length: <n>\n\n<word:k>\nGET /?starts_with=k 200\n');
    // A word with another first letter is not the module's answer: it stays, so it is compared.
    expect(maskRandom('curl localhost:8090/?starts_with=k', 'dolphin\n')).toBe('dolphin\n');
    expect(maskRandom('jobs', 'kettle\n')).toBe('kettle\n');
  });

  test('bad files get a clear message', () => {
    expect(() => parseRecording('{', 'x.json')).toThrow(/x\.json: not JSON/);
    expect(() => parseRecording('{"title":"t","recorded":"yesterday","exchanges":[]}', 'x.json')).toThrow(/recorded/);
    expect(() => parseRecording('{"title":"t","recorded":"2026-01-01","exchanges":[{"command":"ls"}]}', 'x.json')).toThrow(/exchange 1/);
  });

  test('a replay types each command a key at a time, then prints its output', () => {
    const frames = replayFrames({ title: 't', recorded: '2026-01-01', exchanges: [{ command: 'ls', output: 'a\n' }] }, () => 0.5);
    expect(frames.map((f) => f.kind)).toEqual(['prompt', 'key', 'key', 'enter', 'output']);
    expect(frames.filter((f) => f.kind === 'key').map((f) => f.text).join('')).toBe('ls');
    expect(frames.every((f) => f.delay > 0)).toBe(true);
  });
});
