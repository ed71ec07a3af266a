import { describe, expect, it } from 'vitest';
import { AttendeeClient, WORKSHOP_KEY } from '../../../src/workshop/client/attendee.ts';
import { diffMarks, marksOf, stateOf } from '../../../src/workshop/client/progress-diff.ts';
import { ProgressStore } from '../../../src/progress/store.ts';

// The attendee's outbox: what reaches the server, what waits while offline, and what survives a reload.

class MemoryStorage {
  map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
}

/** A fake workshop server that stores events like the real one (by seq) and can be switched off. */
function fakeServer() {
  const stored = new Map<number, unknown>();
  const server = {
    online: true,
    stored,
    calls: 0,
    fetch: async (url: string, init?: RequestInit): Promise<Response> => {
      server.calls++;
      if (!server.online) throw new TypeError('Failed to fetch');
      if (url === '/api/workshop/join') return Response.json({ id: 'a1', key: 'a1.secret', nickname: 'Ada' }, { status: 201 });
      if (url === '/api/workshop/events') {
        const { events } = JSON.parse(String(init?.body)) as { events: Array<{ seq: number }> };
        for (const e of events) stored.set(e.seq, e);
        return Response.json({ acked: Math.max(...stored.keys()), stored: events.length });
      }
      return Response.json({ error: 'no' }, { status: 404 });
    },
  };
  return server;
}

describe('progress as workshop events', () => {
  it('sends marks made before joining, then only what changes, and undone steps', () => {
    const before = { 'run-and-curl/page-start-server': 'done' as const };
    expect(diffMarks(before, {})).toEqual([{ lesson: 'run-and-curl', step: 'page-start-server', state: 'done' }]);
    expect(diffMarks(before, before)).toEqual([]);
    expect(diffMarks({}, before)).toEqual([{ lesson: 'run-and-curl', step: 'page-start-server', state: 'undone' }]);
    expect(marksOf({ version: 1, lessons: { wasi: { 'page-cli-words': 123 } } })).toEqual({ 'wasi/page-cli-words': 'done' });
  });

  it('reads richer states from the store when it has them', () => {
    expect(stateOf(1700000000000)).toBe('done');
    expect(stateOf({ at: 1, state: 'verified' })).toBe('verified');
    expect(stateOf({ at: 1, how: 'self-checked' })).toBe('self-checked');
  });
});

describe('attendee outbox', () => {
  it('queues while offline and catches up, in order, when the server is back', async () => {
    const server = fakeServer();
    const storage = new MemoryStorage();
    const progress = new ProgressStore(storage);
    const client = new AttendeeClient({ storage, fetch: server.fetch, origin: 'http://room' });
    expect((await client.join('Ada')).ok).toBe(true);
    progress.subscribe((snapshot) => client.progressChanged(snapshot));

    progress.setDone('run-and-curl', 'page-start-server', true);
    await client.flush();
    expect(server.stored.size).toBe(1);

    server.online = false;
    progress.setDone('run-and-curl', 'page-curl-word', true);
    progress.setDone('run-and-curl', 'page-curl-health', true);
    await client.flush();
    expect(client.status.kind).toBe('offline');
    expect(client.joined?.queue).toHaveLength(2);

    // The page is reloaded while offline: the queue is in storage.
    const reloaded = new AttendeeClient({ storage, fetch: server.fetch, origin: 'http://room' });
    expect(reloaded.joined?.queue.map((e) => e.seq)).toEqual([2, 3]);
    server.online = true;
    await reloaded.flush();
    expect(reloaded.joined?.queue).toEqual([]);
    expect([...server.stored.keys()]).toEqual([1, 2, 3]);
    expect(reloaded.status.kind).toBe('sent');
    client.flush(); // the first page's retry finds nothing left it has not already sent
  });

  it('forgets a key the workshop no longer knows, and never sends a key to another origin', async () => {
    const storage = new MemoryStorage();
    const server = fakeServer();
    const client = new AttendeeClient({ storage, fetch: server.fetch, origin: 'http://room' });
    await client.join('Ada');
    expect(storage.getItem(WORKSHOP_KEY)).toContain('a1.secret');
    expect(new AttendeeClient({ storage, fetch: server.fetch, origin: 'http://elsewhere' }).joined).toBeUndefined();

    const gone = new AttendeeClient({ storage, fetch: async () => Response.json({ error: 'gone' }, { status: 410 }), origin: 'http://room' });
    gone.pastedCode('CV1.x');
    await gone.flush();
    expect(gone.status.kind).toBe('forgotten');
    expect(storage.getItem(WORKSHOP_KEY)).toBeNull();
  });
});
