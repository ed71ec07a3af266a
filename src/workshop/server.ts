import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';
import * as z from 'zod';
import { createStaticHandler } from '../serve/static-files.ts';
import { normaliseBase } from '../serve/base-path.ts';
import { parseClock, trackSummary, type CourseLesson, type TrackId } from './agenda.ts';
import { openDatabase } from './db.ts';
import { HttpError, RateLimiter, readJson, sendError, sendJson, sendText } from './http.ts';
import { exportCsv, exportJson, roomState } from './room.ts';
import { describeIssue, eventsBody, helpBody, joinBody, readinessBody, trackBody } from './schemas.ts';
import { Workshop, type Attendee } from './workshop.ts';

// The workshop server: the built site (through the one static file server) plus the progress API under
// /api/workshop. Attendee routes need the attendee's key (`Authorization: Bearer <id>.<secret>`); room routes
// need the facilitator token (header, or the HttpOnly cookie the room view gets in exchange for it).

export interface WorkshopOptions {
  dist: string;
  dataFile: string;
  course: CourseLesson[];
  /** The path the site was built for (src/serve/base-path.ts): its pages and this API are served under it. Default `/`. */
  base?: string;
  host?: string;
  port?: number;
  track?: TrackId;
  startAt?: number;
  /** Addresses attendees can reach (the LAN addresses); shown and turned into QR codes on the room view. */
  attendeeUrls?: (port: number) => string[];
  limits?: { perAttendee?: [burst: number, perSecond: number]; joinsPerAddress?: [burst: number, perSecond: number] };
  /** How often the room view may be sent a new state, at most (ms). */
  roomInterval?: number;
  now?: () => number;
}

export interface RunningWorkshop {
  server: Server;
  workshop: Workshop;
  port: number;
  url: string;
  token: string;
  urls: string[];
  close(): Promise<void>;
}

const COOKIE = 'cl_room';
const PROBE = '/api/workshop.json';

export async function startWorkshop(options: WorkshopOptions): Promise<RunningWorkshop> {
  const db = openDatabase(options.dataFile);
  const workshop = new Workshop(db, options.course, options.now);
  const defaults: { track?: TrackId; startAt?: number } = {};
  if (options.track) defaults.track = options.track;
  if (options.startAt !== undefined) defaults.startAt = options.startAt;
  const settings = workshop.settings(defaults);
  // Flags given on a restart win over what was stored: the facilitator asked for them now.
  const change: { track?: TrackId; startAt?: number } = {};
  if (options.track && options.track !== settings.track) change.track = options.track;
  if (options.startAt !== undefined && options.startAt !== settings.startAt) change.startAt = options.startAt;
  if (Object.keys(change).length) workshop.setAgenda(change);

  const base = normaliseBase(options.base);
  const files = createStaticHandler({ root: options.dist, base });
  const [burst, rate] = options.limits?.perAttendee ?? [40, 10];
  const perAttendee = new RateLimiter(burst, rate);
  const [joinBurst, joinRate] = options.limits?.joinsPerAddress ?? [200, 2];
  const joins = new RateLimiter(joinBurst, joinRate);
  let urls: string[] = [];

  // Room view streams (server-sent events), sent the new state at most every roomInterval ms.
  const streams = new Set<ServerResponse>();
  const interval = options.roomInterval ?? 250;
  let pending: NodeJS.Timeout | undefined;
  let lastSent = 0;
  const broadcast = () => {
    pending = undefined;
    lastSent = Date.now();
    if (streams.size === 0) return;
    const data = `event: state\ndata: ${JSON.stringify({ ...roomState(workshop), urls })}\n\n`;
    for (const s of streams) s.write(data);
  };
  workshop.onChange(() => {
    if (pending) return;
    pending = setTimeout(broadcast, Math.max(0, interval - (Date.now() - lastSent)));
  });
  const heartbeat = setInterval(() => {
    for (const s of streams) s.write(': still here\n\n');
  }, 15_000);
  heartbeat.unref();

  const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
    const result = schema.safeParse(value);
    if (!result.success) throw new HttpError(400, `Invalid request: ${describeIssue(result.error)}.`);
    return result.data;
  };

  const attendeeOf = (req: IncomingMessage): Attendee => {
    const auth = req.headers.authorization;
    const key = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const who = workshop.authenticate(key);
    if (who === 'missing') throw new HttpError(401, 'Join the workshop first (this request carries no attendee key).');
    if (who === 'unknown') throw new HttpError(410, 'This workshop does not know you (you left, or it is a different workshop). Join again.');
    if (who === 'wrong') throw new HttpError(403, 'That key does not belong to this attendee.');
    perAttendee.limit(who.id);
    return who;
  };

  const tokenOf = (req: IncomingMessage): string | undefined => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
    const cookie = req.headers.cookie ?? '';
    return /(?:^|;\s*)cl_room=([A-Za-z0-9_-]+)/.exec(cookie)?.[1];
  };
  const facilitator = (req: IncomingMessage): void => {
    if (!workshop.isFacilitator(tokenOf(req))) throw new HttpError(401, 'The room view needs the facilitator token: open the facilitator link printed by `containerless workshop`.');
  };

  const publicAgenda = () => {
    const agenda = workshop.agenda();
    return { ...agenda, summary: trackSummary(agenda.track) };
  };

  async function api(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    const route = `${method} ${path}`;
    switch (route) {
      case `GET ${PROBE}`:
      case 'GET /api/workshop':
        return sendJson(req, res, 200, { workshop: true, agenda: publicAgenda() });
      case 'GET /api/workshop/agenda':
        return sendJson(req, res, 200, publicAgenda());
      case 'POST /api/workshop/join': {
        const address = req.socket.remoteAddress ?? '?';
        joins.limit(address);
        const body = parse(joinBody, await readJson(req));
        const { id, secret } = workshop.join(body.nickname);
        return sendJson(req, res, 201, { id, key: `${id}.${secret}`, nickname: body.nickname, agenda: publicAgenda() });
      }
      case 'GET /api/workshop/me': {
        const me = attendeeOf(req);
        return sendJson(req, res, 200, { id: me.id, nickname: me.nickname, help: workshop.openHelp(me.id) ?? null });
      }
      case 'DELETE /api/workshop/me': {
        const me = attendeeOf(req);
        workshop.leave(me.id);
        return sendJson(req, res, 200, { left: true });
      }
      case 'POST /api/workshop/events': {
        const me = attendeeOf(req);
        const body = parse(eventsBody, await readJson(req));
        return sendJson(req, res, 200, await workshop.recordSoon(me.id, body.events));
      }
      case 'POST /api/workshop/help': {
        const me = attendeeOf(req);
        const body = parse(helpBody, await readJson(req));
        return sendJson(req, res, 201, { id: workshop.askHelp(me.id, body.lesson, body.step) });
      }
      case 'DELETE /api/workshop/help': {
        const me = attendeeOf(req);
        return sendJson(req, res, 200, { cancelled: workshop.cancelHelp(me.id) });
      }
      case 'POST /api/workshop/readiness': {
        const me = attendeeOf(req);
        const body = parse(readinessBody, await readJson(req));
        workshop.reportReadiness(me.id, body.results);
        return sendJson(req, res, 200, { stored: body.results.length });
      }
      case 'POST /api/workshop/room/session': {
        facilitator(req);
        const token = tokenOf(req) ?? '';
        return sendJson(req, res, 200, { ok: true }, { 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/api/workshop/room` });
      }
      case 'GET /api/workshop/room/session':
        // Asked before anything else, so a visit without the token is told so without a failed request.
        return sendJson(req, res, 200, { facilitator: workshop.isFacilitator(tokenOf(req)) });
      case 'GET /api/workshop/room/state':
        facilitator(req);
        return sendJson(req, res, 200, { ...roomState(workshop), urls });
      case 'GET /api/workshop/room/stream': {
        facilitator(req);
        res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no', Connection: 'keep-alive' });
        res.write(`retry: 1000\nevent: state\ndata: ${JSON.stringify({ ...roomState(workshop), urls })}\n\n`);
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      case 'POST /api/workshop/room/agenda': {
        facilitator(req);
        const body = parse(trackBody, await readJson(req));
        const change: { track?: TrackId; startAt?: number } = {};
        if (body.track) change.track = body.track;
        if (body.start) change.startAt = parseClock(body.start) ?? workshop.agenda().startAt;
        workshop.setAgenda(change);
        return sendJson(req, res, 200, publicAgenda());
      }
      case 'GET /api/workshop/room/export.json':
        facilitator(req);
        return sendText(req, res, 200, JSON.stringify(exportJson(workshop), null, 2), 'application/json; charset=utf-8', {
          'Content-Disposition': 'attachment; filename="workshop-progress.json"',
        });
      case 'GET /api/workshop/room/export.csv':
        facilitator(req);
        return sendText(req, res, 200, exportCsv(workshop), 'text/csv; charset=utf-8', { 'Content-Disposition': 'attachment; filename="workshop-progress.csv"' });
      case 'GET /api/workshop/room/qr.svg': {
        facilitator(req);
        const which = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('i') ?? '0');
        const target = urls[which];
        if (!target) throw new HttpError(404, 'No attendee address with that number.');
        const svg = await QRCode.toString(target, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
        return sendText(req, res, 200, svg, 'image/svg+xml');
      }
    }
    const help = /^\/api\/workshop\/room\/help\/(\d{1,12})\/handled$/.exec(path);
    if (help && method === 'POST') {
      facilitator(req);
      if (!workshop.handleHelp(Number(help[1]))) throw new HttpError(404, 'No open help request with that number.');
      return sendJson(req, res, 200, { handled: true });
    }
    const known = ['/api/workshop', PROBE, '/api/workshop/agenda', '/api/workshop/join', '/api/workshop/me', '/api/workshop/events', '/api/workshop/help', '/api/workshop/readiness'];
    if (known.includes(path) || path.startsWith('/api/workshop/room/')) throw new HttpError(405, `${method} is not allowed here.`);
    throw new HttpError(404, 'No such workshop API.');
  }

  const server = createServer((req, res) => {
    const requested = (req.url ?? '/').split('?')[0] ?? '/';
    // The API lives beside the pages, under the site's base path; the routes below are written from its root.
    const path = base !== '/' && requested.startsWith(base) ? requested.slice(base.length - 1) : requested;
    const work = path === '/api/workshop' || path === PROBE || path.startsWith('/api/workshop/') ? api(req, res, path) : files(req, res);
    work.catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      // A refused body is not read to its end: close the connection instead of draining it.
      if (error instanceof HttpError && error.status === 413) res.setHeader('Connection', 'close');
      sendError(req, res, error);
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  urls = options.attendeeUrls?.(port) ?? [`${url}/`];

  return {
    server,
    workshop,
    port,
    url,
    token: settings.token,
    urls,
    async close() {
      clearInterval(heartbeat);
      if (pending) clearTimeout(pending);
      for (const s of streams) s.end();
      streams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}
