// zod's small build: this store loads on every lesson page, so its validator should weigh little.
import * as z from 'zod/mini';
import { decodeVerifyCode, type CheckedStep } from './verify-code.ts';

// Saved progress: which guided steps a learner marked done, per lesson, in their own browser. No account, no server.
// Plain TS over a Storage-like object, so the page uses localStorage and tests use a Map.

export const PROGRESS_KEY = 'containerless:progress:v1';
/** Where unreadable data is kept when it is reset, so nothing the learner had is thrown away. */
export const BACKUP_KEY = 'containerless:progress:backup';
/** An older, unversioned shape: `{ "<lesson>/<step>": true }`. Migrated on first load. */
export const LEGACY_KEY = 'containerless:progress';

/**
 * Names that mean something to every JS object: as keys of a plain object they reach Object.prototype or the
 * global Object, so saved data and codes that use them are refused, and every map below has no prototype.
 */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
export const isSafeKey = (key: string): boolean => !RESERVED.has(key);

const stepIdPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const stepId = z.string().check(z.regex(stepIdPattern), z.refine(isSafeKey));
const lessonId = z.string().check(z.minLength(1), z.refine(isSafeKey));
/** A step id or lesson id as codes carry them: kebab-case and not a reserved name. */
export const isId = (text: string): boolean => stepIdPattern.test(text) && isSafeKey(text);

/** How a step came to be done when something other than the learner's click proved it. */
export const proofSchema = z.strictObject({
  /** `page`: this page saw it happen (the listener came up, the 200...); `machine`: a `containerless verify` code. */
  by: z.enum(['page', 'machine']),
  at: z.number(),
  /** What proved it, in a few words ("200 with a word: dune", "verify code …9a8b7c6d"). */
  evidence: z.string().check(z.maxLength(200)),
});

export const progressSchema = z.strictObject({
  version: z.literal(1),
  /** lesson id -> step id -> when the learner marked it done (ms since epoch) */
  lessons: z.record(lessonId, z.record(stepId, z.number())),
  /** lesson id -> step id -> what proved it done; absent in data saved before proofs existed. */
  proofs: z.optional(z.record(lessonId, z.record(stepId, proofSchema))),
});

export type Progress = z.infer<typeof progressSchema>;
export type Proof = z.infer<typeof proofSchema>;
/** How a step is done: marked by the learner, seen by the page, or verified on their machine. */
export type DoneHow = { by: 'you'; at: number } | Proof;

/** A map with no prototype: no key can reach Object.prototype, whatever it is called. */
function dict<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) if (isSafeKey(k)) out[k] = v;
  return out;
}

/** Rebuilds parsed data with prototype-free maps, so later lookups of any name stay inside the data. */
function detach(p: Progress): Progress {
  const nested = <T>(r: Record<string, Record<string, T>>) => dict(Object.entries(r).map(([k, v]) => [k, dict(Object.entries(v))] as const));
  return { version: 1, lessons: nested(p.lessons), proofs: nested(p.proofs ?? {}) };
}

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface Notice {
  kind: 'reset' | 'migrated' | 'not-saved';
  message: string;
}

const empty = (): Progress => ({ version: 1, lessons: dict(), proofs: dict() });

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
  if (parsed.success) return { progress: detach(parsed.data) };
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
      if (!done || !lesson || !step || !isSafeKey(lesson) || !stepId.safeParse(step).success) continue;
      (progress.lessons[lesson] ??= dict())[step] = 0;
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
  #now: () => number;
  /** The latest thing the learner should be told (a reset, a migration, a failed save), until dismissed. */
  notice: Notice | undefined;

  constructor(storage: StorageLike | undefined, now: () => number = Date.now) {
    this.#storage = storage;
    this.#now = now;
    const { progress, notice } = loadProgress(storage);
    this.#progress = progress;
    this.notice = notice;
  }

  #proofs(): Record<string, Record<string, Proof>> {
    return (this.#progress.proofs ??= dict());
  }

  isDone(lesson: string, step: string): boolean {
    return this.howDone(lesson, step) !== undefined;
  }

  /** How a step is done, or undefined. A proof wins over a click: it says more. */
  howDone(lesson: string, step: string): DoneHow | undefined {
    if (!isSafeKey(lesson) || !isSafeKey(step)) return undefined;
    const proof = this.#progress.proofs?.[lesson]?.[step];
    if (proof) return proof;
    const at = this.#progress.lessons[lesson]?.[step];
    return at === undefined ? undefined : { by: 'you', at };
  }

  /** The step ids done in a lesson, however they were done. */
  doneIn(lesson: string): string[] {
    if (!isSafeKey(lesson)) return [];
    const ids = new Set([...Object.keys(this.#progress.lessons[lesson] ?? {}), ...Object.keys(this.#progress.proofs?.[lesson] ?? {})]);
    return [...ids];
  }

  snapshot(): Progress {
    return structuredClone(this.#progress);
  }

  #check(lesson: string, step: string): void {
    if (!isId(step) || lesson.length === 0 || !isSafeKey(lesson)) throw new Error(`Not a step: "${lesson}/${step}"`);
  }

  /** Marks or unmarks a step. Unmarking also drops its proof. Returns false when the change could not be saved. */
  setDone(lesson: string, step: string, done: boolean): boolean {
    this.#check(lesson, step);
    if (done) (this.#progress.lessons[lesson] ??= dict())[step] = this.#now();
    else {
      for (const table of [this.#progress.lessons, this.#proofs()] as Record<string, Record<string, unknown>>[]) {
        const steps = table[lesson];
        if (!steps) continue;
        delete steps[step];
        if (Object.keys(steps).length === 0) delete table[lesson];
      }
    }
    return this.#save();
  }

  /**
   * Records what proved a step done (the page saw it, or a verify code). Returns false when nothing changed
   * (the same kind of proof was already there) or it could not be saved.
   */
  prove(lesson: string, step: string, proof: Omit<Proof, 'at'>): boolean {
    this.#check(lesson, step);
    const steps = (this.#proofs()[lesson] ??= dict());
    const before = steps[step];
    // A proof from the learner's machine outranks the page's: it is the real toolchain.
    if (before && (before.by === proof.by || before.by === 'machine')) return false;
    steps[step] = { by: proof.by, evidence: proof.evidence.slice(0, 200), at: this.#now() };
    return this.#save();
  }

  /** A short text that carries these marks to another browser (no server: the learner copies it). */
  exportCode(): string {
    const lessons = new Set([...Object.keys(this.#progress.lessons), ...Object.keys(this.#progress.proofs ?? {})]);
    const compact = [...lessons].map((lesson) => `${lesson}:${this.doneIn(lesson).join(',')}`);
    return `CL1.${compact.join(';')}`;
  }

  /**
   * Adds the marks from a progress code; returns how many steps it added, or an error message. A damaged code
   * changes nothing; a code whose steps are all done already adds 0 (the caller says so).
   */
  importCode(code: string): number | string {
    const m = /^CL1\.(.*)$/.exec(code.trim());
    if (!m) return 'That is not a progress code (it starts with CL1.).';
    const parsed: [string, string[]][] = [];
    for (const part of (m[1] ?? '').split(';').filter(Boolean)) {
      const [lesson = '', list = '', ...rest] = part.split(':');
      const ids = list.split(',').filter(Boolean);
      if (rest.length > 0 || !isId(lesson) || ids.length === 0 || !ids.every(isId)) return `The code is damaged near "${part.slice(0, 40)}"; nothing was changed.`;
      parsed.push([lesson, ids]);
    }
    let added = 0;
    const now = this.#now();
    for (const [lesson, ids] of parsed) {
      for (const id of ids) {
        if (this.isDone(lesson, id)) continue;
        (this.#progress.lessons[lesson] ??= dict())[id] = now;
        added++;
      }
    }
    if (added > 0) this.#save();
    return added;
  }

  /**
   * Marks the steps a `containerless verify` code says passed as "verified on your machine". Returns how many
   * steps it proved that were not proved so before, or why the code was refused (then nothing changed).
   */
  importVerifyCode(code: string, catalog: readonly CheckedStep[]): number | string {
    const decoded = decodeVerifyCode(code, catalog);
    if (!decoded.ok) return decoded.message;
    if (decoded.steps.length === 0) return 'That code says no check passed yet, so there is nothing to mark. Fix what `containerless verify` reported and run it again.';
    const unplaced = decoded.steps.filter((s) => !s.lesson || !isSafeKey(s.lesson));
    let added = 0;
    const before = this.#listeners;
    this.#listeners = new Set(); // one change event for the whole code, not one per step
    try {
      for (const step of decoded.steps) {
        if (unplaced.includes(step)) continue;
        if (this.prove(step.lesson as string, step.id, { by: 'machine', evidence: `containerless verify, observations ${decoded.observations}` })) added++;
      }
    } finally {
      this.#listeners = before;
    }
    if (added > 0) this.#emit();
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

  /** Hears every change (a mark, a proof, a reload from another tab); returns the function that stops it. */
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
