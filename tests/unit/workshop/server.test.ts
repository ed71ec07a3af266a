import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { statSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorkshop, type RunningWorkshop } from '../../../src/workshop/server.ts';
import { schemaVersion, SCHEMA_VERSION } from '../../../src/workshop/db.ts';
import { course, siteFixture, type SiteFixture } from './fixture.ts';

// The workshop server as attendees and the facilitator meet it: a real server on 127.0.0.1 (port 0), real SQLite.

let site: SiteFixture;
let running: RunningWorkshop;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

function call(method: string, path: string, options: { body?: unknown; raw?: string | Buffer; key?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = { ...options.headers };
  if (payload !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  if (options.key) headers['Authorization'] = `Bearer ${options.key}`;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: running.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

const start = (extra: Partial<Parameters<typeof startWorkshop>[0]> = {}) =>
  startWorkshop({ dist: site.dist, dataFile: site.dataFile, course, roomInterval: 20, ...extra });

async function join(nickname: string): Promise<string> {
  const res = await call('POST', '/api/workshop/join', { body: { nickname } });
  expect(res.status).toBe(201);
  return res.json.key as string;
}

const step = (seq: number, stepId: string, state = 'done', lesson = 'run-and-curl') => ({ type: 'step', seq, at: Date.now(), lesson, step: stepId, state });

beforeEach(async () => {
  site = siteFixture();
  running = await start();
});

afterEach(async () => {
  await running.close();
  site.cleanup();
});

describe('workshop server', () => {
  it('announces itself where the static site has a plain file, and serves the site', async () => {
    const probe = await call('GET', '/api/workshop.json');
    expect(probe.status).toBe(200);
    expect(probe.json.workshop).toBe(true);
    expect(probe.json.agenda.rows.length).toBeGreaterThan(3);
    expect((await call('GET', '/')).text).toContain('<title>Home</title>');
  });

  it('creates its data file owner-only, in WAL mode, at the current schema', () => {
    expect(statSync(site.dataFile).mode & 0o777).toBe(0o600);
    expect(schemaVersion(running.workshop.db)).toBe(SCHEMA_VERSION);
    expect((running.workshop.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
  });

  it('joins an attendee and records their progress', async () => {
    const key = await join('Ada');
    const sent = await call('POST', '/api/workshop/events', { key, body: { events: [{ type: 'lesson', seq: 1, at: Date.now(), lesson: 'run-and-curl' }, step(2, 'page-start-server'), step(3, 'page-curl-word', 'verified')] } });
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({ acked: 3, stored: 3 });
    // The same batch again (its answer was lost on the way): stored once.
    const again = await call('POST', '/api/workshop/events', { key, body: { events: [step(3, 'page-curl-word', 'verified')] } });
    expect(again.json).toEqual({ acked: 3, stored: 0 });

    const room = await call('GET', '/api/workshop/room/state', { headers: { Authorization: `Bearer ${running.token}` } });
    expect(room.status).toBe(200);
    const ada = room.json.attendees[0];
    expect(ada).toMatchObject({ nickname: 'Ada', lesson: 'run-and-curl', step: 'page-curl-health', done: 2, verified: 1 });
    const counts = room.json.steps.find((s: { step: string }) => s.step === 'page-curl-word');
    expect(counts).toMatchObject({ done: 1, verified: 1 });
    expect(room.json.stuck[0]).toMatchObject({ lesson: 'run-and-curl', step: 'page-curl-health', attendees: 1 });
  });

  it('keeps a help queue the facilitator can clear', async () => {
    const key = await join('Grace');
    const asked = await call('POST', '/api/workshop/help', { key, body: { lesson: 'run-and-curl', step: 'page-curl-word' } });
    expect(asked.status).toBe(201);
    const auth = { Authorization: `Bearer ${running.token}` };
    let room = await call('GET', '/api/workshop/room/state', { headers: auth });
    expect(room.json.help).toEqual([expect.objectContaining({ nickname: 'Grace', lesson: 'run-and-curl', step: 'page-curl-word' })]);
    expect((await call('POST', `/api/workshop/room/help/${asked.json.id}/handled`)).status).toBe(401);
    expect((await call('POST', `/api/workshop/room/help/${asked.json.id}/handled`, { headers: auth })).status).toBe(200);
    room = await call('GET', '/api/workshop/room/state', { headers: auth });
    expect(room.json.help).toEqual([]);
    expect((await call('POST', `/api/workshop/room/help/${asked.json.id}/handled`, { headers: auth })).status).toBe(404);
  });

  it('streams the room to the facilitator when something changes', async () => {
    const key = await join('Linus');
    const seen = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: running.port, path: '/api/workshop/room/stream', headers: { Authorization: `Bearer ${running.token}` } }, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        let buffer = '';
        let first = true;
        res.on('data', (c: Buffer) => {
          buffer += c.toString();
          const events = buffer.split('\n\n');
          buffer = events.pop() ?? '';
          for (const e of events) {
            if (!e.includes('event: state')) continue;
            if (first) {
              first = false;
              call('POST', '/api/workshop/help', { key, body: { lesson: 'wasi' } }).catch(reject);
              continue;
            }
            // A state sent for the join may still come first, however quickly the stream was opened: the room's
            // change is the state with Linus's call for help in it (the agenda names the lesson in every state).
            if (!e.includes('"nickname":"Linus","lesson":"wasi"')) continue;
            req.destroy();
            resolve(e);
          }
        });
      });
      req.on('error', (e) => (String(e).includes('socket hang up') ? undefined : reject(e)));
      req.end();
    });
    expect(seen).toContain('"nickname":"Linus","lesson":"wasi"');
    // Each state carries the attendee addresses the room view shows.
    expect(seen).toContain(`"urls":["http://127.0.0.1:${running.port}/"]`);
  });

  it('needs the facilitator token for the room, its stream and the exports', async () => {
    for (const path of ['/api/workshop/room/state', '/api/workshop/room/stream', '/api/workshop/room/export.csv', '/api/workshop/room/export.json']) {
      expect((await call('GET', path)).status, path).toBe(401);
      expect((await call('GET', path, { headers: { Authorization: 'Bearer not-the-token' } })).status, path).toBe(401);
    }
    // An attendee's own key is not a facilitator token.
    const key = await join('Mallory');
    expect((await call('GET', '/api/workshop/room/state', { key })).status).toBe(401);
    expect((await call('GET', '/api/workshop/room/session')).json).toEqual({ facilitator: false });
    // The room view trades the token for an HttpOnly cookie scoped to the room API.
    const session = await call('POST', '/api/workshop/room/session', { headers: { Authorization: `Bearer ${running.token}` } });
    const cookie = String(session.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const csv = await call('GET', '/api/workshop/room/export.csv', { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect((await call('GET', '/api/workshop/room/session', { headers: { Cookie: cookie.split(';')[0] ?? '' } })).json).toEqual({ facilitator: true });
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[0]).toBe('attendee,nickname,joined_at,current_lesson,lesson,step,state,at');
  });

  it("refuses another attendee's secret and writes only the caller's records", async () => {
    const alice = await join('alice');
    const bob = await join('bob');
    const [aliceId] = alice.split('.');
    const [, bobSecret] = bob.split('.');
    const forged = await call('POST', '/api/workshop/events', { key: `${aliceId}.${bobSecret}`, body: { events: [step(1, 'page-start-server')] } });
    expect(forged.status).toBe(403);
    expect((await call('POST', '/api/workshop/events', { body: { events: [step(1, 'page-start-server')] } })).status).toBe(401);
    expect((await call('POST', '/api/workshop/events', { key: 'nobody.secret', body: { events: [step(1, 'page-start-server')] } })).status).toBe(410);
    expect(running.workshop.stepRecords()).toEqual([]);
  });

  it('refuses malformed and oversized bodies with a clear 4xx', async () => {
    const key = await join('Eve');
    const cases: Array<[string, Parameters<typeof call>[2], number, RegExp]> = [
      ['not json', { key, raw: '{"events": [' }, 400, /not valid JSON/],
      ['wrong type', { key, raw: 'events=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 415, /application\/json/],
      ['bad step id', { key, body: { events: [step(1, '../etc/passwd')] } }, 400, /events\.0\.step/],
      ['unknown field', { key, body: { events: [{ ...step(1, 'page-start-server'), admin: true }] } }, 400, /Invalid request/],
      ['unknown state', { key, body: { events: [step(1, 'page-start-server', 'hacked')] } }, 400, /events\.0\.state/],
      ['empty batch', { key, body: { events: [] } }, 400, /events/],
      ['batch too long', { key, body: { events: Array.from({ length: 51 }, (_, i) => step(i + 1, 'page-start-server')) } }, 400, /events/],
      ['oversized', { key, raw: JSON.stringify({ events: [{ type: 'code', seq: 1, at: 1, code: 'x'.repeat(40_000) }] }) }, 413, /too large/],
    ];
    for (const [name, options, status, message] of cases) {
      const res = await call('POST', '/api/workshop/events', options);
      expect(res.status, name).toBe(status);
      expect(res.json.error, name).toMatch(message);
    }
    for (const nickname of ['', ' ', 'x'.repeat(41), 'a\u0000b', 42]) {
      expect((await call('POST', '/api/workshop/join', { body: { nickname } })).status, JSON.stringify(nickname)).toBe(400);
    }
    expect(running.workshop.eventCount()).toBe(0);
  });

  it('limits how fast one attendee may send', async () => {
    await running.close();
    running = await start({ limits: { perAttendee: [3, 0.1] } });
    const key = await join('Speedy');
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) statuses.push((await call('POST', '/api/workshop/events', { key, body: { events: [step(i, 'page-start-server')] } })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await call('POST', '/api/workshop/events', { key, body: { events: [step(6, 'page-start-server')] } });
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('refuses path traversal while serving the site', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/api/../../secret.txt']) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(400);
      expect(res.text).not.toContain('outside the site');
    }
    expect((await call('GET', '/escape.txt')).status).toBe(404);
  });

  it('sends compressed answers that decode to the same bytes', async () => {
    for (let i = 0; i < 12; i++) await join(`person ${i}`);
    const auth = { Authorization: `Bearer ${running.token}` };
    const plain = await call('GET', '/api/workshop/room/export.json', { headers: auth });
    const compressed = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve) => {
      request({ host: '127.0.0.1', port: running.port, path: '/api/workshop/room/export.json', headers: { ...auth, 'Accept-Encoding': 'br' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      }).end();
    });
    expect(compressed.encoding).toBe('br');
    const decoded = JSON.parse(brotliDecompressSync(compressed.body).toString());
    expect({ ...decoded, exportedAt: 0 }).toEqual({ ...plain.json, exportedAt: 0 });
  });

  it('deletes everything about an attendee who leaves', async () => {
    const key = await join('Temp');
    await call('POST', '/api/workshop/events', { key, body: { events: [step(1, 'page-start-server')] } });
    await call('POST', '/api/workshop/help', { key, body: { lesson: 'run-and-curl' } });
    await call('POST', '/api/workshop/readiness', { key, body: { results: [{ id: 'kind', status: 'fail' }] } });
    expect((await call('DELETE', '/api/workshop/me', { key })).status).toBe(200);
    const db = running.workshop.db;
    for (const table of ['attendees', 'events', 'steps', 'help', 'readiness']) {
      expect((db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
    }
    expect((await call('GET', '/api/workshop/me', { key })).status).toBe(410);
  });

  it('keeps every acknowledged event, the token and the agenda across a restart', async () => {
    const keys = await Promise.all(['a', 'b', 'c'].map(join));
    let acked = 0;
    for (const [i, key] of keys.entries()) {
      const res = await call('POST', '/api/workshop/events', { key, body: { events: [step(1, 'page-start-server'), step(2, 'page-curl-word'), { type: 'code', seq: 3, at: Date.now(), code: `CV1.${i}` }] } });
      acked += res.json.stored as number;
    }
    const token = running.token;
    await call('POST', '/api/workshop/room/agenda', { headers: { Authorization: `Bearer ${token}` }, body: { track: 'day', start: '09:30' } });
    await running.close();
    running = await start();
    expect(running.token).toBe(token);
    expect(running.workshop.eventCount()).toBe(acked);
    expect(running.workshop.agenda().track).toBe('day');
    // Attendees carry on with the keys they have.
    const res = await call('POST', '/api/workshop/events', { key: keys[0] ?? '', body: { events: [step(4, 'page-curl-health')] } });
    expect(res.json).toEqual({ acked: 4, stored: 1 });
  });

  it('loses nothing it acknowledged when the server process is killed (SIGKILL) mid-stream', async () => {
    await running.close();
    const serverModule = fileURLToPath(new URL('../../../src/workshop/server.ts', import.meta.url));
    const script = `import { startWorkshop } from ${JSON.stringify(serverModule)};
      const w = await startWorkshop({ dist: ${JSON.stringify(site.dist)}, dataFile: ${JSON.stringify(site.dataFile)}, course: ${JSON.stringify(course)} });
      console.log('port', w.port);`;
    const child = spawn(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve) => child.stdout.on('data', (d: Buffer) => {
      const m = /port (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    }));
    running = { ...running, port } as RunningWorkshop;
    const key = await join('Killed');
    let exited = false;
    const gone = new Promise((r) => child.once('exit', () => r((exited = true))));
    // Attendees' pages keep sending (8 requests in flight) until the process is gone; it is killed when the 25th
    // answer comes, so some sent events are acknowledged and some are not, however fast this machine answers.
    let sent = 0;
    let acknowledged = 0;
    const attendee = async () => {
      while (!exited && sent < 5_000) {
        const seq = ++sent;
        const res = await call('POST', '/api/workshop/events', { key, body: { events: [step(seq, seq % 2 ? 'page-start-server' : 'page-curl-word')] } }).catch(() => undefined);
        if (res?.status === 200) acknowledged++;
        if (acknowledged === 25 && !child.killed) child.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: 8 }, attendee));
    if (!child.killed) child.kill('SIGKILL'); // it never acknowledged 25: the expectation below says so
    await gone;
    running = await start();
    expect(acknowledged).toBeGreaterThanOrEqual(25);
    expect(sent).toBeGreaterThan(acknowledged);
    expect(running.workshop.eventCount()).toBeGreaterThanOrEqual(acknowledged);
  });

  it('commits marks arriving together in one go, and one failing batch does not undo the others', async () => {
    const a = await join('stays');
    const b = await join('leaves');
    const [aId] = a.split('.');
    const [bId] = b.split('.');
    running.workshop.leave(bId ?? '');
    const results = await Promise.allSettled([
      running.workshop.recordSoon(aId ?? '', [step(1, 'page-start-server') as never]),
      running.workshop.recordSoon(bId ?? '', [step(1, 'page-start-server') as never]),
      running.workshop.recordSoon(aId ?? '', [step(2, 'page-curl-word') as never]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(running.workshop.eventCount()).toBe(2);
  });
});
