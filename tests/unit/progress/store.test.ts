import { describe, expect, test } from 'vitest';
import { BACKUP_KEY, LEGACY_KEY, PROGRESS_KEY, ProgressStore, type StorageLike } from '../../../src/progress/store.ts';
import { stepsInLesson } from '../../../src/progress/lesson-steps.ts';

/** localStorage's behaviour over a Map; `full` makes every write fail as a full quota does. */
class MemoryStorage implements StorageLike {
  data = new Map<string, string>();
  full = false;
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

describe('saved progress', () => {
  test('a step marked done is still done for the next page load, per lesson', () => {
    const storage = new MemoryStorage();
    const first = new ProgressStore(storage);
    expect(first.setDone('run-and-curl', 'page-curl-word', true)).toBe(true);
    first.setDone('build', 'build-module', true);
    const next = new ProgressStore(storage);
    expect(next.isDone('run-and-curl', 'page-curl-word')).toBe(true);
    expect(next.isDone('build', 'page-curl-word')).toBe(false);
    expect(next.doneIn('build')).toEqual(['build-module']);
    expect(next.notice).toBeUndefined();
    next.setDone('build', 'build-module', false);
    expect(new ProgressStore(storage).doneIn('build')).toEqual([]);
  });

  test('damaged data is reset with a notice, and kept aside rather than lost', () => {
    const storage = new MemoryStorage();
    storage.setItem(PROGRESS_KEY, '{"version":1,"lessons":{"build":');
    const store = new ProgressStore(storage);
    expect(store.notice?.kind).toBe('reset');
    expect(store.notice?.message).toMatch(/damaged/);
    expect(store.doneIn('build')).toEqual([]);
    expect(storage.getItem(BACKUP_KEY)).toBe('{"version":1,"lessons":{"build":');
    expect(store.setDone('build', 'build-module', true)).toBe(true);
    expect(new ProgressStore(storage).notice).toBeUndefined();
  });

  test('data from another version, or of the wrong shape, is reset with a notice that says so', () => {
    const storage = new MemoryStorage();
    storage.setItem(PROGRESS_KEY, JSON.stringify({ version: 7, lessons: {} }));
    expect(new ProgressStore(storage).notice?.message).toContain('version 7');
    storage.setItem(PROGRESS_KEY, JSON.stringify({ version: 1, lessons: { build: { 'Not An Id': 1 } } }));
    expect(new ProgressStore(storage).notice?.message).toContain('expected shape');
  });

  test('the older unversioned format is carried over', () => {
    const storage = new MemoryStorage();
    storage.setItem(LEGACY_KEY, JSON.stringify({ 'build/build-module': true, 'build/rust-target': false }));
    const store = new ProgressStore(storage);
    expect(store.notice?.kind).toBe('migrated');
    expect(store.doneIn('build')).toEqual(['build-module']);
    expect(storage.getItem(LEGACY_KEY)).toBeNull();
    expect(new ProgressStore(storage).doneIn('build')).toEqual(['build-module']);
  });

  test('a full or blocked storage keeps the mark for this page and says it was not saved', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage);
    storage.full = true;
    expect(store.setDone('build', 'build-module', true)).toBe(false);
    expect(store.isDone('build', 'build-module')).toBe(true);
    expect(store.notice?.kind).toBe('not-saved');
    const none = new ProgressStore(undefined);
    expect(none.notice?.kind).toBe('not-saved');
    expect(none.setDone('build', 'build-module', true)).toBe(false);
    expect(none.isDone('build', 'build-module')).toBe(true);
  });

  test('listeners hear every change; a progress code carries marks to another browser', () => {
    const a = new ProgressStore(new MemoryStorage());
    const heard: number[] = [];
    a.subscribe((p) => heard.push(Object.keys(p.lessons).length));
    a.setDone('build', 'build-module', true);
    a.setDone('deploy', 'deploy-apply', true);
    expect(heard).toEqual([1, 2]);
    const code = a.exportCode();
    expect(code).toBe('CL1.build:build-module;deploy:deploy-apply');
    const b = new ProgressStore(new MemoryStorage());
    expect(b.importCode(code)).toBe(2);
    expect(b.isDone('deploy', 'deploy-apply')).toBe(true);
    expect(b.importCode('hello')).toMatch(/not a progress code/);
    expect(b.importCode('CL1.build:Bad Id')).toMatch(/damaged/);
  });

  test('the steps of a lesson are read from its MDX in order, once each', () => {
    const mdx = `Intro\n<GuidedStep id="rust-target" />\ntext <GuidedStep  id='build-module'/>\n<GuidedStep id="rust-target" />`;
    expect(stepsInLesson(mdx)).toEqual(['rust-target', 'build-module']);
    expect(stepsInLesson(undefined)).toEqual([]);
    expect(stepsInLesson('{/* <GuidedStep id="teardown" /> */}\n```mdx\n<GuidedStep id="rust-target" />\n```\n')).toEqual([]);
  });
});
