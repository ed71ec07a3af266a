import { sitePath } from '../../client/site-path.ts';
import type { WorkshopEvent } from '../schemas.ts';
import { diffMarks, marksOf, type SentMarks } from './progress-diff.ts';
import { WORKSHOP_KEY } from './keys.ts';

export { WORKSHOP_KEY };

// An attendee's side of the workshop: their key, and an outbox of progress events kept in the browser's storage
// until the server acknowledges them, so a dropped Wi-Fi, a closed lid or a reload loses nothing. DOM-free: the
// page passes its storage and fetch, tests pass a Map and a fake.

const BATCH = 50;
/** A queue bound: past this, the oldest lesson visits are dropped first (marks never are). */
const MAX_QUEUE = 2000;

export type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;
type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface Joined {
  id: string;
  key: string;
  nickname: string;
  /** The server that issued the key (a saved key is only ever sent back to it). */
  origin: string;
  seq: number;
  queue: WorkshopEvent[];
  sent: SentMarks;
  lesson?: string;
}

export type Status =
  | { kind: 'idle' }
  | { kind: 'sending'; queued: number }
  | { kind: 'sent' }
  | { kind: 'offline'; queued: number; retryIn: number }
  | { kind: 'forgotten'; message: string };

type ApiEvent = WorkshopEvent;
type NewEvent = ApiEvent extends infer E ? (E extends ApiEvent ? Omit<E, 'seq'> : never) : never;

export class AttendeeClient {
  #storage: Storage | undefined;
  #fetch: Fetch;
  #origin: string;
  #now: () => number;
  #state: Joined | undefined;
  #flushing: Promise<void> | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #backoff = 1000;
  #listeners = new Set<(status: Status) => void>();
  status: Status = { kind: 'idle' };

  constructor(options: { storage: Storage | undefined; fetch: Fetch; origin: string; now?: () => number }) {
    this.#storage = options.storage;
    this.#fetch = options.fetch;
    this.#origin = options.origin;
    this.#now = options.now ?? Date.now;
    this.#state = this.#load();
  }

  get joined(): Joined | undefined {
    return this.#state;
  }

  onStatus(listener: (status: Status) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #setStatus(status: Status): void {
    this.status = status;
    for (const l of this.#listeners) l(status);
  }

  #load(): Joined | undefined {
    try {
      const raw = this.#storage?.getItem(WORKSHOP_KEY);
      if (!raw) return undefined;
      const data = JSON.parse(raw) as Joined;
      if (typeof data.key !== 'string' || typeof data.seq !== 'number' || !Array.isArray(data.queue) || data.origin !== this.#origin) return undefined;
      data.sent ??= {};
      return data;
    } catch {
      return undefined; // damaged: the attendee can join again
    }
  }

  #save(): void {
    try {
      if (this.#state) this.#storage?.setItem(WORKSHOP_KEY, JSON.stringify(this.#state));
      else this.#storage?.removeItem(WORKSHOP_KEY);
    } catch {
      // storage full or blocked: the outbox still holds in memory for this page
    }
  }

  /** Re-reads storage: another tab of the same site may have queued or sent events. */
  reload(): void {
    this.#state = this.#load();
  }

  async join(nickname: string): Promise<{ ok: true } | { ok: false; message: string }> {
    let response: Response;
    try {
      response = await this.#fetch(sitePath('/api/workshop/join'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ nickname }) });
    } catch {
      return { ok: false, message: 'The workshop server did not answer. Check you are on the workshop network and try again.' };
    }
    const body = (await response.json().catch(() => ({}))) as { id?: string; key?: string; nickname?: string; error?: string };
    if (!response.ok || !body.key || !body.id) return { ok: false, message: body.error ?? `The workshop server refused (${response.status}).` };
    this.#state = { id: body.id, key: body.key, nickname: body.nickname ?? nickname, origin: this.#origin, seq: 0, queue: [], sent: {} };
    this.#save();
    return { ok: true };
  }

  #enqueue(event: NewEvent): void {
    const s = this.#state;
    if (!s) return;
    s.seq += 1;
    s.queue.push({ ...event, seq: s.seq } as ApiEvent);
    if (s.queue.length > MAX_QUEUE) {
      const drop = s.queue.findIndex((e) => e.type === 'lesson');
      s.queue.splice(drop === -1 ? 0 : drop, 1);
    }
  }

  /** Queues what changed in the learner's progress since it was last sent (everything, right after joining). */
  progressChanged(snapshot: unknown): number {
    const s = this.#state;
    if (!s) return 0;
    const now = marksOf(snapshot);
    const changes = diffMarks(now, s.sent);
    for (const c of changes) this.#enqueue({ type: 'step', at: this.#now(), lesson: c.lesson, step: c.step, state: c.state });
    s.sent = now;
    if (changes.length) this.#save();
    return changes.length;
  }

  /** The attendee opened a lesson. */
  onLesson(lesson: string): void {
    const s = this.#state;
    if (!s || s.lesson === lesson) return;
    s.lesson = lesson;
    this.#enqueue({ type: 'lesson', at: this.#now(), lesson });
    this.#save();
  }

  /** A `containerless verify` code the attendee pasted. */
  pastedCode(code: string): void {
    this.#enqueue({ type: 'code', at: this.#now(), code });
    this.#save();
  }

  /** Sends the outbox, a batch at a time, until it is empty or the server cannot be reached (then retries later). */
  flush(): Promise<void> {
    this.#flushing ??= this.#drain().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async #drain(): Promise<void> {
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = undefined;
    for (;;) {
      const s = this.#state;
      if (!s || s.queue.length === 0) {
        if (s) this.#setStatus({ kind: 'sent' });
        return;
      }
      this.#setStatus({ kind: 'sending', queued: s.queue.length });
      const batch = s.queue.slice(0, BATCH);
      let response: Response;
      try {
        response = await this.#fetch(sitePath('/api/workshop/events'), { method: 'POST', headers: this.#headers(), body: JSON.stringify({ events: batch }) });
      } catch {
        return this.#later(s.queue.length);
      }
      if (response.status === 410 || response.status === 403) return this.#forget('The workshop no longer knows you (it was reset, or you left from another tab). Join again to carry on.');
      if (response.status === 429) return this.#later(s.queue.length, Number(response.headers.get('Retry-After') ?? 2) * 1000);
      if (response.status === 400) {
        // The server cannot ever accept this batch (an older or damaged event): drop it rather than block the rest.
        s.queue.splice(0, batch.length);
        this.#save();
        continue;
      }
      if (!response.ok) return this.#later(s.queue.length);
      const { acked } = (await response.json()) as { acked: number };
      s.queue = s.queue.filter((e) => e.seq > acked);
      this.#backoff = 1000;
      this.#save();
    }
  }

  #later(queued: number, wait = this.#backoff): void {
    this.#backoff = Math.min(this.#backoff * 2, 15_000);
    this.#setStatus({ kind: 'offline', queued, retryIn: wait });
    this.#retry = setTimeout(() => void this.flush(), wait);
  }

  #forget(message: string): void {
    this.#state = undefined;
    this.#save();
    this.#setStatus({ kind: 'forgotten', message });
  }

  #headers(): Record<string, string> {
    return { 'Content-Type': 'application/json', Authorization: `Bearer ${this.#state?.key ?? ''}` };
  }

  async askHelp(lesson: string, step: string | undefined): Promise<string | undefined> {
    return this.#call('POST', sitePath('/api/workshop/help'), step ? { lesson, step } : { lesson });
  }

  async cancelHelp(): Promise<string | undefined> {
    return this.#call('DELETE', sitePath('/api/workshop/help'));
  }

  async reportReadiness(results: Array<{ id: string; status: string }>): Promise<string | undefined> {
    return this.#call('POST', sitePath('/api/workshop/readiness'), { results });
  }

  /** Whether the server still has an open help request from this attendee. */
  async me(): Promise<{ help: { lesson: string; step: string | null } | null } | undefined> {
    try {
      const response = await this.#fetch(sitePath('/api/workshop/me'), { headers: this.#headers() });
      if (response.status === 410) {
        this.#forget('The workshop no longer knows you (it was reset, or you left from another tab). Join again to carry on.');
        return undefined;
      }
      return response.ok ? ((await response.json()) as { help: { lesson: string; step: string | null } | null }) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Leaves: the server deletes everything about this attendee; the browser keeps its own progress. */
  async leave(): Promise<string | undefined> {
    const problem = await this.#call('DELETE', sitePath('/api/workshop/me'));
    if (problem === undefined || this.status.kind === 'forgotten') {
      this.#state = undefined;
      this.#save();
    }
    return problem;
  }

  /** Undefined when it worked, else what went wrong in words. */
  async #call(method: string, path: string, body?: unknown): Promise<string | undefined> {
    if (!this.#state) return 'Join the workshop first.';
    let response: Response;
    try {
      response = await this.#fetch(path, { method, headers: this.#headers(), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch {
      return 'The workshop server cannot be reached right now (Wi-Fi?). Try again in a moment.';
    }
    if (response.status === 410) {
      this.#forget('The workshop no longer knows you. Join again to carry on.');
      return undefined;
    }
    if (response.ok) return undefined;
    const answer = (await response.json().catch(() => ({}))) as { error?: string };
    return answer.error ?? `The workshop server refused (${response.status}).`;
  }
}
