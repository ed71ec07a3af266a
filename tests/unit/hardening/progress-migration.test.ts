// Saved progress from older or damaged formats: migrated when it can be, otherwise reset with a notice and kept
// aside, and never a reason for the page to fail. Complements tests/unit/progress/store.test.ts.
import { describe, expect, test } from 'vitest';
import { BACKUP_KEY, LEGACY_KEY, PROGRESS_KEY, ProgressStore, type StorageLike } from '../../../src/progress/store.ts';

class MemoryStorage implements StorageLike {
  data = new Map<string, string>();
  constructor(init: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(init)) this.data.set(k, v);
  }
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

describe('progress saved by an older version of the site', () => {
  test('good entries are carried over and bad ones dropped, with the original kept aside', () => {
    const legacy = JSON.stringify({ 'wasi/run-it': true, 'wasi/Not A Step': true, 'no-lesson': true, 'build/skipped': false, 'build/rust-target': true });
    const storage = new MemoryStorage({ [LEGACY_KEY]: legacy });
    const store = new ProgressStore(storage);
    expect(store.notice?.kind).toBe('migrated');
    expect(store.doneIn('wasi')).toEqual(['run-it']);
    expect(store.doneIn('build')).toEqual(['rust-target']);
    expect(storage.getItem(BACKUP_KEY)).toBe(legacy);
    // The next visit reads the new format quietly.
    const next = new ProgressStore(storage);
    expect(next.notice).toBeUndefined();
    expect(next.doneIn('wasi')).toEqual(['run-it']);
  });

  test('old data of the wrong shape is reset with a notice and kept aside', () => {
    const legacy = JSON.stringify({ 'wasi/run-it': 'yes' });
    const storage = new MemoryStorage({ [LEGACY_KEY]: legacy });
    const store = new ProgressStore(storage);
    expect(store.notice?.kind).toBe('reset');
    expect(store.doneIn('wasi')).toEqual([]);
    expect(storage.getItem(BACKUP_KEY)).toBe(legacy);
  });

  test('damaged old data is reset once: the notice does not come back on the next visit', () => {
    const storage = new MemoryStorage({ [LEGACY_KEY]: '{"wasi/run-it": tru' });
    expect(new ProgressStore(storage).notice?.kind).toBe('reset');
    expect(storage.getItem(BACKUP_KEY)).toBe('{"wasi/run-it": tru');
    const next = new ProgressStore(storage);
    expect(next.notice).toBeUndefined();
  });
});

describe('damaged current-format progress', () => {
  const cases: Record<string, string> = {
    'truncated JSON': '{"version":1,"lessons":{"wasi":{"run-it":17',
    'JSON null': 'null',
    'a bare number': '42',
    'a string for a time': '{"version":1,"lessons":{"wasi":{"run-it":"17"}}}',
    'an unknown field': '{"version":1,"lessons":{},"extra":true}',
    'a later version': '{"version":2,"lessons":{}}',
    'binary noise': '\u0000\u00ff\ufffd{',
  };
  for (const [what, raw] of Object.entries(cases)) {
    test(`${what}: reset with a notice, the original kept aside, and a fresh start that saves`, () => {
      const storage = new MemoryStorage({ [PROGRESS_KEY]: raw });
      const store = new ProgressStore(storage);
      expect(store.notice?.kind).toBe('reset');
      expect(store.notice?.message).toMatch(/starts afresh/);
      expect(storage.getItem(BACKUP_KEY)).toBe(raw);
      expect(store.setDone('wasi', 'run-it', true)).toBe(true);
      const next = new ProgressStore(storage);
      expect(next.notice).toBeUndefined();
      expect(next.doneIn('wasi')).toEqual(['run-it']);
    });
  }

  test('keys like __proto__ in saved data change nothing outside the progress', () => {
    const storage = new MemoryStorage({ [PROGRESS_KEY]: '{"version":1,"lessons":{"__proto__":{"polluted":1},"wasi":{"__proto__":1}}}' });
    const store = new ProgressStore(storage);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(store.isDone('__proto__', 'polluted')).toBe(false);
    expect(store.setDone('wasi', 'run-it', true)).toBe(true);
    expect(new ProgressStore(storage).doneIn('wasi')).toEqual(['run-it']);
  });

  test('a very large saved value is handled without throwing', () => {
    const lessons: Record<string, Record<string, number>> = {};
    for (let l = 0; l < 200; l++) lessons[`lesson-${l}`] = Object.fromEntries(Array.from({ length: 200 }, (_, s) => [`step-${s}`, s]));
    const storage = new MemoryStorage({ [PROGRESS_KEY]: JSON.stringify({ version: 1, lessons }) });
    const store = new ProgressStore(storage);
    expect(store.notice).toBeUndefined();
    expect(store.doneIn('lesson-199')).toHaveLength(200);
  });
});

describe('prototype keys in saved data and codes', () => {
  const polluted = () => ({} as Record<string, unknown>)['x'] !== undefined || (Object as unknown as Record<string, unknown>)['pwned'] !== undefined;

  test('an old-format key "__proto__/x" is dropped and pollutes nothing', () => {
    const storage = new MemoryStorage({ [LEGACY_KEY]: '{"__proto__/x":true,"constructor/x":true,"prototype/x":true,"wasi/run-it":true}' });
    const store = new ProgressStore(storage);
    expect(polluted()).toBe(false);
    expect(store.doneIn('wasi')).toEqual(['run-it']);
    expect(store.isDone('constructor', 'x')).toBe(false);
  });

  test('saved data naming constructor or prototype is refused, never merged into Object', () => {
    for (const raw of [
      '{"version":1,"lessons":{"constructor":{"pwned":1}}}',
      '{"version":1,"lessons":{"wasi":{"constructor":1}}}',
      '{"version":1,"lessons":{"prototype":{"x":1}}}',
    ]) {
      const store = new ProgressStore(new MemoryStorage({ [PROGRESS_KEY]: raw }));
      expect(store.notice?.kind).toBe('reset');
      store.setDone('wasi', 'run-it', true);
      expect(polluted()).toBe(false);
    }
  });

  test('a lookup of any name stays inside the data', () => {
    const store = new ProgressStore(new MemoryStorage());
    expect(store.isDone('constructor', 'name')).toBe(false);
    expect(store.isDone('toString', 'length')).toBe(false);
    expect(store.doneIn('__proto__')).toEqual([]);
    expect(() => store.setDone('constructor', 'pwned', true)).toThrow(/Not a step/);
    expect(polluted()).toBe(false);
  });

  test('CL1.constructor:pwned and CL1.nope:foo change nothing and say so', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage);
    expect(store.importCode('CL1.constructor:pwned')).toMatch(/damaged.*nothing was changed/);
    expect(store.importCode('CL1.__proto__:x')).toMatch(/damaged/);
    expect(store.importCode('CL1.wasi:prototype')).toMatch(/damaged/);
    expect(polluted()).toBe(false);
    // A well-formed code for a step already done adds 0, and the caller reports "no change".
    store.setDone('nope', 'foo', true);
    const before = storage.getItem(PROGRESS_KEY);
    expect(store.importCode('CL1.nope:foo')).toBe(0);
    expect(storage.getItem(PROGRESS_KEY)).toBe(before);
    expect(store.importCode('CL1.wasi:run-it;constructor:x')).toMatch(/damaged/);
    expect(store.isDone('wasi', 'run-it')).toBe(false);
  });
});
