import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { agendaRows, isTrack, type CourseLesson, type TrackId } from './agenda.ts';
import { transaction } from './db.ts';
import type { ReadinessResult, WorkshopEvent } from './schemas.ts';

// One workshop's records and the rules for changing them. Every write is one transaction; an attendee's events are
// keyed by (attendee, seq), so a batch re-sent after a lost answer is stored once.

export interface Attendee {
  id: string;
  nickname: string;
  joinedAt: number;
  lastSeen: number;
  lesson: string | null;
  lessonSince: number | null;
}

export interface Settings {
  token: string;
  track: TrackId;
  startAt: number;
  createdAt: number;
}

const hash = (secret: string): string => createHash('sha256').update(secret).digest('hex');
const token = (bytes: number): string => randomBytes(bytes).toString('base64url');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Workshop {
  readonly db: DatabaseSync;
  readonly course: CourseLesson[];
  #listeners = new Set<() => void>();

  constructor(db: DatabaseSync, course: CourseLesson[], now: () => number = Date.now) {
    this.db = db;
    this.course = course;
    this.now = now;
  }

  now: () => number;

  /** Called after every change, so the room view can be told. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const l of this.#listeners) l();
  }

  #setting(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  #set(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** The workshop's settings, created on first use: a restart finds the same token, track and start. */
  settings(defaults: { track?: TrackId; startAt?: number } = {}): Settings {
    transaction(this.db, () => {
      if (this.#setting('token') === undefined) this.#set('token', token(24));
      if (this.#setting('created_at') === undefined) this.#set('created_at', String(this.now()));
      if (this.#setting('track') === undefined) this.#set('track', defaults.track ?? 'half-day');
      if (this.#setting('start_at') === undefined) {
        // Without --start, the workshop starts at the next quarter hour.
        const quarter = 15 * 60_000;
        this.#set('start_at', String(defaults.startAt ?? Math.ceil(this.now() / quarter) * quarter));
      }
    });
    const track = this.#setting('track');
    return {
      token: this.#setting('token') ?? '',
      track: isTrack(track) ? track : 'half-day',
      startAt: Number(this.#setting('start_at')),
      createdAt: Number(this.#setting('created_at')),
    };
  }

  setAgenda(change: { track?: TrackId; startAt?: number }): void {
    transaction(this.db, () => {
      if (change.track) this.#set('track', change.track);
      if (change.startAt !== undefined) this.#set('start_at', String(change.startAt));
    });
    this.#changed();
  }

  isFacilitator(candidate: string | undefined): boolean {
    const expected = this.#setting('token');
    return !!candidate && !!expected && sameHash(hash(candidate), hash(expected));
  }

  agenda(): { track: TrackId; startAt: number; rows: ReturnType<typeof agendaRows> } {
    const { track, startAt } = this.settings();
    return { track, startAt, rows: agendaRows(track, this.course) };
  }

  join(nickname: string): { id: string; secret: string } {
    const id = token(9);
    const secret = token(24);
    const now = this.now();
    this.db.prepare('INSERT INTO attendees (id, secret_hash, nickname, joined_at, last_seen) VALUES (?, ?, ?, ?, ?)').run(id, hash(secret), nickname, now, now);
    this.#changed();
    return { id, secret };
  }

  /** The attendee a key belongs to; 'unknown' when no such attendee (left, or another workshop), 'wrong' for a bad secret. */
  authenticate(key: string | undefined): Attendee | 'unknown' | 'wrong' | 'missing' {
    const m = key === undefined ? null : /^([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{1,64})$/.exec(key);
    if (!m) return 'missing';
    const row = this.db.prepare('SELECT * FROM attendees WHERE id = ?').get(m[1] ?? '') as Record<string, SQLInputValue> | undefined;
    if (!row) return 'unknown';
    if (!sameHash(hash(m[2] ?? ''), String(row['secret_hash']))) return 'wrong';
    return toAttendee(row);
  }

  /** Stores a batch of events; returns the highest seq now stored for this attendee (the client drops up to it). */
  record(attendee: string, events: readonly WorkshopEvent[]): { acked: number; stored: number } {
    const result = transaction(this.db, () => this.#apply(attendee, events));
    if (result.stored > 0) this.#changed();
    return result;
  }

  #pending: Array<{ attendee: string; events: readonly WorkshopEvent[]; resolve: (r: { acked: number; stored: number }) => void; reject: (e: unknown) => void }> = [];

  /**
   * As record(), but batches arriving together share one transaction (one disk sync for all of them): each caller is
   * answered only after that commit, so an acknowledgement still means "on disk". Each batch has its own savepoint,
   * so one that fails (its attendee just left) does not undo the others.
   */
  recordSoon(attendee: string, events: readonly WorkshopEvent[]): Promise<{ acked: number; stored: number }> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ attendee, events, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#commitPending());
    });
  }

  #commitPending(): void {
    const group = this.#pending;
    this.#pending = [];
    const outcomes: Array<{ ok: true; value: { acked: number; stored: number } } | { ok: false; error: unknown }> = [];
    try {
      transaction(this.db, () => {
        for (const item of group) {
          this.db.exec('SAVEPOINT batch');
          try {
            outcomes.push({ ok: true, value: this.#apply(item.attendee, item.events) });
            this.db.exec('RELEASE batch');
          } catch (error) {
            this.db.exec('ROLLBACK TO batch');
            this.db.exec('RELEASE batch');
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome?.error);
    });
    if (outcomes.some((o) => o.ok && o.value.stored > 0)) this.#changed();
  }

  #apply(attendee: string, events: readonly WorkshopEvent[]): { acked: number; stored: number } {
    const now = this.now();
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO events (attendee_id, seq, kind, lesson, step, state, code, at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const upsertStep = this.db.prepare(
      'INSERT INTO steps (attendee_id, lesson, step, state, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (attendee_id, lesson, step) DO UPDATE SET state = excluded.state, at = excluded.at WHERE excluded.at >= steps.at',
    );
    const dropStep = this.db.prepare('DELETE FROM steps WHERE attendee_id = ? AND lesson = ? AND step = ? AND at <= ?');
    const moveTo = this.db.prepare('UPDATE attendees SET lesson = ?, lesson_since = ? WHERE id = ? AND (lesson IS NOT ? OR lesson_since IS NULL)');
    let stored = 0;
    for (const e of events) {
      const lesson = 'lesson' in e ? e.lesson : null;
      const step = e.type === 'step' ? e.step : null;
      const state = e.type === 'step' ? e.state : null;
      const code = e.type === 'code' ? e.code : null;
      // The client's clock may be off: an event is never placed after the moment it arrived.
      const when = Math.min(e.at, now);
      const inserted = insert.run(attendee, e.seq, e.type, lesson, step, state, code, when, now).changes;
      if (Number(inserted) === 0) continue; // already stored: a re-sent batch
      stored++;
      if (e.type === 'step') {
        if (e.state === 'undone') dropStep.run(attendee, e.lesson, e.step, when);
        else upsertStep.run(attendee, e.lesson, e.step, e.state, when);
      } else if (e.type === 'lesson') moveTo.run(e.lesson, when, attendee, e.lesson);
    }
    this.db.prepare('UPDATE attendees SET last_seen = ? WHERE id = ?').run(now, attendee);
    const max = this.db.prepare('SELECT MAX(seq) AS m FROM events WHERE attendee_id = ?').get(attendee) as { m: number | null };
    return { acked: Number(max.m ?? 0), stored };
  }

  askHelp(attendee: string, lesson: string, step: string | undefined): number {
    const id = transaction(this.db, () => {
      // One open request per attendee: asking again moves it to the new place instead of queueing twice.
      const open = this.db.prepare('SELECT id FROM help WHERE attendee_id = ? AND handled_at IS NULL').get(attendee) as { id: number } | undefined;
      if (open) {
        this.db.prepare('UPDATE help SET lesson = ?, step = ? WHERE id = ?').run(lesson, step ?? null, open.id);
        return open.id;
      }
      return Number(this.db.prepare('INSERT INTO help (attendee_id, lesson, step, asked_at) VALUES (?, ?, ?, ?)').run(attendee, lesson, step ?? null, this.now()).lastInsertRowid);
    });
    this.#changed();
    return id;
  }

  /** The attendee no longer needs help (solved it themselves). */
  cancelHelp(attendee: string): boolean {
    const n = Number(this.db.prepare('UPDATE help SET handled_at = ? WHERE attendee_id = ? AND handled_at IS NULL').run(this.now(), attendee).changes);
    if (n) this.#changed();
    return n > 0;
  }

  openHelp(attendee: string): { id: number; lesson: string; step: string | null; askedAt: number } | undefined {
    const row = this.db.prepare('SELECT id, lesson, step, asked_at FROM help WHERE attendee_id = ? AND handled_at IS NULL').get(attendee) as
      | { id: number; lesson: string; step: string | null; asked_at: number }
      | undefined;
    return row && { id: row.id, lesson: row.lesson, step: row.step, askedAt: row.asked_at };
  }

  /** The facilitator marks a request handled. */
  handleHelp(id: number): boolean {
    const n = Number(this.db.prepare('UPDATE help SET handled_at = ? WHERE id = ? AND handled_at IS NULL').run(this.now(), id).changes);
    if (n) this.#changed();
    return n > 0;
  }

  reportReadiness(attendee: string, results: readonly ReadinessResult[]): void {
    this.db
      .prepare('INSERT INTO readiness (attendee_id, results, at) VALUES (?, ?, ?) ON CONFLICT (attendee_id) DO UPDATE SET results = excluded.results, at = excluded.at')
      .run(attendee, JSON.stringify(results), this.now());
    this.#changed();
  }

  /** Leaving deletes everything the server holds about the attendee (their events, steps, help and readiness). */
  leave(attendee: string): void {
    this.db.prepare('DELETE FROM attendees WHERE id = ?').run(attendee);
    this.#changed();
  }

  attendees(): Attendee[] {
    return (this.db.prepare('SELECT * FROM attendees ORDER BY joined_at, id').all() as Record<string, SQLInputValue>[]).map(toAttendee);
  }

  stepRecords(): Array<{ attendee: string; lesson: string; step: string; state: string; at: number }> {
    return (this.db.prepare('SELECT attendee_id, lesson, step, state, at FROM steps ORDER BY attendee_id, at').all() as Array<Record<string, SQLInputValue>>).map((r) => ({
      attendee: String(r['attendee_id']),
      lesson: String(r['lesson']),
      step: String(r['step']),
      state: String(r['state']),
      at: Number(r['at']),
    }));
  }

  helpQueue(): Array<{ id: number; attendee: string; lesson: string; step: string | null; askedAt: number }> {
    return (this.db.prepare('SELECT id, attendee_id, lesson, step, asked_at FROM help WHERE handled_at IS NULL ORDER BY asked_at, id').all() as Array<Record<string, SQLInputValue>>).map((r) => ({
      id: Number(r['id']),
      attendee: String(r['attendee_id']),
      lesson: String(r['lesson']),
      step: r['step'] === null ? null : String(r['step']),
      askedAt: Number(r['asked_at']),
    }));
  }

  readiness(): Array<{ attendee: string; results: ReadinessResult[]; at: number }> {
    return (this.db.prepare('SELECT attendee_id, results, at FROM readiness').all() as Array<Record<string, SQLInputValue>>).map((r) => ({
      attendee: String(r['attendee_id']),
      results: JSON.parse(String(r['results'])) as ReadinessResult[],
      at: Number(r['at']),
    }));
  }

  codes(): Array<{ attendee: string; code: string; at: number }> {
    return (this.db.prepare("SELECT attendee_id, code, at FROM events WHERE kind = 'code' ORDER BY at").all() as Array<Record<string, SQLInputValue>>).map((r) => ({
      attendee: String(r['attendee_id']),
      code: String(r['code']),
      at: Number(r['at']),
    }));
  }

  eventCount(): number {
    return Number((this.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n);
  }
}

function toAttendee(row: Record<string, SQLInputValue>): Attendee {
  return {
    id: String(row['id']),
    nickname: String(row['nickname']),
    joinedAt: Number(row['joined_at']),
    lastSeen: Number(row['last_seen']),
    lesson: row['lesson'] === null ? null : String(row['lesson']),
    lessonSince: row['lesson_since'] === null ? null : Number(row['lesson_since']),
  };
}
