// Proof codes from `containerless verify`: what one end writes the other reads, and every damaged, foreign or
// empty code is refused with a message and changes nothing.
import { describe, expect, test } from 'vitest';
import { checksVersion, decodeVerifyCode, encodeVerifyCode, type CheckedStep } from '../../../src/progress/verify-code.ts';
import { verifyCatalog } from '../../../src/progress/verify-catalog.ts';
import { ProgressStore, type StorageLike } from '../../../src/progress/store.ts';

class MemoryStorage implements StorageLike {
  data = new Map<string, string>();
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

const catalog: CheckedStep[] = [
  { id: 'build-module', check: 'module-built', lesson: 'build' },
  { id: 'run-wasmedge', check: 'wasmedge-serves', lesson: 'run' },
  { id: 'deploy-apply', check: 'deployment-ready', lesson: 'deploy' },
];

describe('verify codes', () => {
  test('a code carries the passed steps, the checks version and the observations hash', () => {
    const code = encodeVerifyCode(catalog, ['module-built', 'deployment-ready'], '✓ Module built: 205669 bytes');
    expect(code).toMatch(/^CLV1\.[0-9a-f]{6}\.[0-9a-f]+\.[0-9a-f]{8}\.[0-9a-f]{4}$/);
    const decoded = decodeVerifyCode(`  ${code}\n`, catalog);
    expect(decoded.ok && decoded.steps.map((s) => s.id)).toEqual(['build-module', 'deploy-apply']);
    expect(decoded.ok && decoded.version).toBe(checksVersion(catalog));
    // Other observations, another hash.
    expect(encodeVerifyCode(catalog, ['module-built', 'deployment-ready'], 'something else')).not.toBe(code);
  });

  test('junk, a changed character and a truncated code are refused as such', () => {
    const code = encodeVerifyCode(catalog, ['module-built'], 'seen');
    expect(decodeVerifyCode('hello', catalog)).toMatchObject({ ok: false, message: expect.stringMatching(/not a verify code/) });
    expect(decodeVerifyCode('CL1.build:build-module', catalog)).toMatchObject({ ok: false, message: expect.stringMatching(/not a verify code/) });
    const flipped = code.slice(0, -6) + (code.at(-6) === '0' ? '1' : '0') + code.slice(-5);
    expect(decodeVerifyCode(flipped, catalog)).toMatchObject({ ok: false, message: expect.stringMatching(/damaged/) });
    expect(decodeVerifyCode(code.slice(0, -2), catalog)).toMatchObject({ ok: false, message: expect.stringMatching(/damaged/) });
    expect(decodeVerifyCode('CLV1.constructor.__proto__.x.y', catalog)).toMatchObject({ ok: false });
  });

  test('a code from another version of the checks is refused and names both versions', () => {
    const older = [...catalog, { id: 'teardown', check: 'cluster-gone', lesson: 'deploy' }];
    const code = encodeVerifyCode(older, ['module-built'], 'seen');
    const decoded = decodeVerifyCode(code, catalog);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.message).toContain(checksVersion(older));
    expect(!decoded.ok && decoded.message).toContain(checksVersion(catalog));
  });

  test('the store marks proved steps "verified on your machine", apart from the learner\'s own marks', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage);
    store.setDone('run', 'run-wasmedge', true);
    let events = 0;
    store.subscribe(() => events++);
    const code = encodeVerifyCode(catalog, ['module-built', 'wasmedge-serves'], 'seen');
    expect(store.importVerifyCode(code, catalog)).toBe(2);
    expect(events).toBe(1);
    expect(store.howDone('build', 'build-module')).toMatchObject({ by: 'machine' });
    expect(store.howDone('run', 'run-wasmedge')).toMatchObject({ by: 'machine' });
    expect(new ProgressStore(storage).howDone('build', 'build-module')?.by).toBe('machine');
    // The same code again adds nothing, and says so through the count.
    expect(store.importVerifyCode(code, catalog)).toBe(0);
    // Junk changes nothing at all.
    const before = storage.getItem('containerless:progress:v1');
    expect(store.importVerifyCode('CLV1.000000.1.00000000.0000', catalog)).toMatch(/damaged/);
    expect(store.importVerifyCode(encodeVerifyCode(catalog, [], 'seen'), catalog)).toMatch(/no check passed/);
    expect(storage.getItem('containerless:progress:v1')).toBe(before);
    expect(events).toBe(1);
  });

  test('the real catalog: every checked step has a lesson to be marked in', () => {
    const real = verifyCatalog();
    expect(real.length).toBeGreaterThan(5);
    const all = encodeVerifyCode(real, real.map((s) => s.check), 'all');
    const decoded = decodeVerifyCode(all, real);
    expect(decoded.ok && decoded.steps.length).toBe(real.length);
    expect(real.filter((s) => !s.lesson).map((s) => s.id)).toEqual([]);
  });
});
