// zod's small build: this store loads on every lesson page, so its validator should weigh little.
import * as z from 'zod/mini';

// Saved progress: which guided steps a learner marked done, per lesson, in their own browser. No account, no server.
// Plain TS over a Storage-like object, so the page uses localStorage and tests use a Map.

export const PROGRESS_KEY = 'containerless:progress:v1';
/** Where unreadable data is kept when it is reset, so nothing the learner had is thrown away. */
export const BACKUP_KEY = 'containerless:progress:backup';
/** An older, unversioned shape: `{ "<lesson>/<step>": true }`. Migrated on first load. */
export const LEGACY_KEY = 'containerless:progress';

const stepId = z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/));

export const progressSchema = z.strictObject({
  version: z.literal(1),
  /** lesson id -> step id -> when it was marked done (ms since epoch) */
  lessons: z.record(z.string().check(z.minLength(1)), z.record(stepId, z.number())),
});

export type Progress = z.infer<typeof progressSchema>;

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface Notice {
  kind: 'reset' | 'migrated' | 'not-saved';
  message: string;
}

const empty = (): Progress => ({ version: 1, lessons: {} });

/** Reads, validates and (when needed) repairs progress. A bad value never throws: it becomes a notice. */
export function loadProgress(storage: StorageLike | undefined): { progress: Progress; notice?: Notice } {
  if (!storage) return { progress: empty(), notice: { kind: 'not-saved', message: 'This browser does not let the page save progress; marks last until you leave the page.' } };
  let raw: string | null;
  try {
    raw = storage.getItem(PROGRESS_KEY);
  } catch {
    return { progress: empty(), notice: { kind: 'not-saved', message: 'Saved progress could not be read (storage is blocked); marks last until you leave the page.' } };
  }
  if (raw === null) return migrateLegacy(storage);
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return reset(storage, raw, 'Your saved progress could not be read (it was damaged), so it starts afresh. A copy of the old data is kept in this browser.');
  }
  const parsed = progressSchema.safeParse(data);
  if (parsed.success) return { progress: parsed.data };
  const version = typeof data === 'object' && data !== null ? (data as { version?: unknown }).version : undefined;
  const why = version !== undefined && version !== 1 ? `it was saved by another version of this site (version ${String(version)})` : 'it was not in the expected shape';
  return reset(storage, raw, `Your saved progress could not be used (${why}), so it starts afresh. A copy of the old data is kept in this browser.`);
}

/** Keeps the unusable value aside and removes it from `key`, so the notice is shown once, not on every visit. */
function reset(storage: StorageLike, raw: string, message: string, key: string = PROGRESS_KEY): { progress: Progress; notice: Notice } {
  try {
    storage.setItem(BACKUP_KEY, raw);
    storage.removeItem(key);
  } catch {
    // storage full or blocked: the reset still holds for this page
  }
  return { progress: empty(), notice: { kind: 'reset', message } };
}

function migrateLegacy(storage: StorageLike): { progress: Progress; notice?: Notice } {
  let raw: string | null = null;
  try {
    raw = storage.getItem(LEGACY_KEY);
  } catch {
    return { progress: empty() };
  }
  if (raw === null) return { progress: empty() };
  const progress = empty();
  try {
    const old = z.record(z.string(), z.boolean()).parse(JSON.parse(raw));
    for (const [key, done] of Object.entries(old)) {
      const [lesson, step] = key.split('/');
      if (!done || !lesson || !step || !stepId.safeParse(step).success) continue;
      (progress.lessons[lesson] ??= {})[step] = 0;
    }
  } catch {
    return reset(storage, raw, 'Your saved progress from an older version of this site could not be read, so it starts afresh. A copy is kept in this browser.', LEGACY_KEY);
  }
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify(progress));
    storage.setItem(BACKUP_KEY, raw);
    storage.removeItem(LEGACY_KEY);
  } catch {
    // kept in memory; the next successful save writes it
  }
  return { progress, notice: { kind: 'migrated', message: 'Your progress from an older version of this site was carried over.' } };
}

export type ProgressListener = (progress: Progress, notice: Notice | undefined) => void;

/** The learner's progress, kept in memory and written through to storage on every change. */
export class ProgressStore {
  #storage: StorageLike | undefined;
  #progress: Progress;
  #listeners = new Set<ProgressListener>();
  /** The latest thing the learner should be told (a reset, a migration, a failed save), until dismissed. */
  notice: Notice | undefined;

  constructor(storage: StorageLike | undefined, now: () => number = Date.now) {
    this.#storage = storage;
    this.#now = now;
    const { progress, notice } = loadProgress(storage);
    this.#progress = progress;
    this.notice = notice;
  }

  #now: () => number;

  isDone(lesson: string, step: string): boolean {
    return this.#progress.lessons[lesson]?.[step] !== undefined;
  }

  /** The step ids done in a lesson. */
  doneIn(lesson: string): string[] {
    return Object.keys(this.#progress.lessons[lesson] ?? {});
  }

  snapshot(): Progress {
    return structuredClone(this.#progress);
  }

  /** Marks or unmarks a step. Returns false when the change could not be saved (it still holds for this page). */
  setDone(lesson: string, step: string, done: boolean): boolean {
    if (!stepId.safeParse(step).success || lesson.length === 0) throw new Error(`Not a step: "${lesson}/${step}"`);
    const steps = (this.#progress.lessons[lesson] ??= {});
    if (done) steps[step] = this.#now();
    else {
      delete steps[step];
      if (Object.keys(steps).length === 0) delete this.#progress.lessons[lesson];
    }
    return this.#save();
  }

  /** A short text that carries these marks to another browser (no server: the learner copies it). */
  exportCode(): string {
    const compact = Object.entries(this.#progress.lessons).map(([lesson, steps]) => `${lesson}:${Object.keys(steps).join(',')}`);
    return `CL1.${compact.join(';')}`;
  }

  /** Adds the marks from a progress code; returns how many steps it added, or an error message. */
  importCode(code: string): number | string {
    const m = /^CL1\.(.*)$/.exec(code.trim());
    if (!m) return 'That is not a progress code (it starts with CL1.).';
    let added = 0;
    const now = this.#now();
    for (const part of (m[1] ?? '').split(';').filter(Boolean)) {
      const [lesson, list = ''] = part.split(':');
      const ids = list.split(',').filter(Boolean);
      if (!lesson || !/^[a-z0-9-]+$/.test(lesson) || !ids.every((id) => stepId.safeParse(id).success)) return `The code is damaged near "${part.slice(0, 40)}".`;
      const steps = (this.#progress.lessons[lesson] ??= {});
      for (const id of ids) if (steps[id] === undefined) (steps[id] = now), added++;
    }
    this.#save();
    return added;
  }

  /** Forgets every mark (the learner asked for it). */
  clear(): boolean {
    this.#progress = empty();
    return this.#save();
  }

  /** Re-reads storage (another tab changed it). */
  reload(): void {
    const { progress, notice } = loadProgress(this.#storage);
    this.#progress = progress;
    if (notice) this.notice = notice;
    this.#emit();
  }

  dismissNotice(): void {
    this.notice = undefined;
    this.#emit();
  }

  subscribe(listener: ProgressListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #save(): boolean {
    let ok = true;
    if (!this.#storage) ok = false;
    else {
      try {
        this.#storage.setItem(PROGRESS_KEY, JSON.stringify(this.#progress));
      } catch {
        ok = false;
      }
    }
    if (!ok) this.notice = { kind: 'not-saved', message: 'Progress could not be saved in this browser (storage is full or blocked). Your marks last until you leave the page.' };
    this.#emit();
    return ok;
  }

  #emit(): void {
    for (const l of this.#listeners) l(this.snapshot(), this.notice);
  }
}
