import { sitePath } from '../../client/site-path.ts';
import { clockTime } from '../agenda.ts';
import { READINESS_TITLES, type ReadinessId } from '../readiness/code.ts';
import type { RoomState } from '../room.ts';
import { renderAgenda, whereNow } from './agenda-view.ts';

// The room view's page code: trades the facilitator token from the link's #fragment for a room cookie, then follows
// the server-sent events and redraws. Every value from attendees is set with textContent, never as HTML.

type Live = RoomState & { urls: string[] };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

const minutes = (ms: number): string => {
  const m = Math.floor(ms / 60_000);
  return m < 1 ? 'under a minute' : m === 1 ? '1 min' : `${m} min`;
};

const ago = (now: number, at: number): string => {
  const s = Math.max(0, Math.round((now - at) / 1000));
  return s < 60 ? `${s} s ago` : `${Math.floor(s / 60)} min ago`;
};

function pace(p: number | null): { text: string; cls: string } {
  if (p === null) return { text: 'not on an agenda lesson', cls: '' };
  if (p === 0) return { text: 'on time', cls: '' };
  return p > 0 ? { text: `${p} lesson${p === 1 ? '' : 's'} ahead`, cls: 'pace-ahead' } : { text: `${-p} lesson${p === -1 ? '' : 's'} behind`, cls: 'pace-behind' };
}

export function mountRoom(root: HTMLElement, base: string): void {
  const q = <T extends HTMLElement>(s: string) => root.querySelector<T>(s) as T;
  const connection = q<HTMLElement>('.connection');
  const gate = q<HTMLElement>('.gate');
  const live = q<HTMLElement>('.live');
  let latest: Live | undefined;
  let lessonTitles = new Map<string, string>();

  const shut = (message: string) => {
    gate.hidden = false;
    live.hidden = true;
    q<HTMLElement>('.gate-text').textContent = message;
    connection.textContent = 'Not connected';
  };

  const title = (lesson: string) => lessonTitles.get(lesson) ?? lesson;
  let stepTitles: Record<string, string> = {};
  const stepName = (step: string | null) => (step ? (stepTitles[step] ?? step.replace(/-/g, ' ')) : '');

  function draw(state: Live): void {
    latest = state;
    lessonTitles = new Map(state.lessons.map((l) => [l.id, l.title]));
    stepTitles = state.stepTitles;
    gate.hidden = true;
    live.hidden = false;

    const urls = q<HTMLUListElement>('.urls');
    urls.replaceChildren(...state.urls.map((u) => el('li', {}, u)));
    const qr = q<HTMLImageElement>('.qr');
    if (state.urls.length && !qr.getAttribute('src')) qr.src = sitePath('/api/workshop/room/qr.svg?i=0');
    qr.hidden = state.urls.length === 0;

    q<HTMLElement>('.now').textContent = whereNow({ rows: state.agenda, startAt: state.startAt }, state.now);
    q<HTMLElement>('.summary').textContent = `${state.trackTitle}, starting ${clockTime(state.startAt)}. ${state.attendees.length} joined.`;

    // Help queue, oldest first.
    const help = q<HTMLOListElement>('.help-list');
    help.replaceChildren(
      ...state.help.map((h) => {
        const done = el('button', { type: 'button', className: 'button secondary' }, 'Handled');
        done.dataset['help'] = String(h.id);
        done.setAttribute('aria-label', `Mark ${h.nickname}'s request handled`);
        return el(
          'li',
          {},
          el('span', { className: 'who' }, h.nickname),
          el('span', {}, `${title(h.lesson)}${h.step ? `, ${stepName(h.step)}` : ''}`),
          el('span', { className: 'muted' }, `waiting ${minutes(state.now - h.askedAt)}`),
          done,
        );
      }),
    );
    q<HTMLElement>('.help-count').textContent = state.help.length ? `(${state.help.length})` : '';
    q<HTMLElement>('.help-empty').hidden = state.help.length > 0;

    const stuck = q<HTMLOListElement>('.stuck-list');
    stuck.replaceChildren(
      ...state.stuck.map((s) =>
        el('li', {}, `${stepName(s.step)} (${title(s.lesson)}): ${s.attendees} attendee${s.attendees === 1 ? '' : 's'}, for ${minutes(s.medianMs)} (longest ${minutes(s.longestMs)})`),
      ),
    );
    q<HTMLElement>('.stuck-empty').hidden = state.stuck.length > 0;

    q<HTMLElement>('.attendee-count').textContent = `(${state.attendees.length})`;
    q<HTMLTableElement>('table.attendees').tBodies[0]?.replaceChildren(
      ...state.attendees.map((a) => {
        const p = pace(a.pace);
        const paceCell = el('td', { className: p.cls }, p.text);
        const name = el('th', { scope: 'row' } as Partial<HTMLTableCellElement>, a.nickname);
        if (a.help) name.append(el('span', { className: 'pace-behind' }, ' (asked for help)'));
        return el(
          'tr',
          {},
          name,
          el('td', {}, a.lesson ? title(a.lesson) : 'not on a lesson yet'),
          el('td', {}, a.step ? `${stepName(a.step)}${a.since ? `, ${minutes(state.now - a.since)}` : ''}` : a.lesson ? 'all steps done' : ''),
          paceCell,
          el('td', { className: 'num' }, `${a.done}${a.verified ? ` (${a.verified} verified)` : ''}`),
          el('td', {}, a.readiness ? (a.readiness.fail ? `${a.readiness.fail} to fix` : 'ready') : 'not reported'),
          el('td', {}, ago(state.now, a.lastSeen)),
        );
      }),
    );

    const max = Math.max(1, state.attendees.length);
    q<HTMLTableElement>('table.steps').tBodies[0]?.replaceChildren(
      ...state.steps.map((s) => {
        const bar = el('span', { className: 'bar' });
        bar.style.width = `${Math.round((s.done / max) * 6)}rem`;
        bar.setAttribute('aria-hidden', 'true');
        return el(
          'tr',
          {},
          el('td', {}, title(s.lesson)),
          el('th', { scope: 'row' } as Partial<HTMLTableCellElement>, stepName(s.step)),
          el('td', { className: 'num' }, bar, `${s.done} of ${state.attendees.length}`),
          el('td', { className: 'num' }, String(s.verified)),
          el('td', { className: 'num' }, String(s.on)),
        );
      }),
    );

    q<HTMLElement>('.ready-summary').textContent = `${state.readiness.reported} of ${state.attendees.length} attendees reported (npx containerless ready).`;
    q<HTMLTableElement>('table.readiness').tBodies[0]?.replaceChildren(
      ...state.readiness.checks.map((c) =>
        el('tr', {}, el('th', { scope: 'row' } as Partial<HTMLTableCellElement>, READINESS_TITLES[c.id as ReadinessId] ?? c.id), el('td', { className: 'num' }, String(c.pass)), el('td', { className: 'num' }, String(c.fail))),
      ),
    );

    renderAgenda(q<HTMLTableElement>('table.agenda'), { rows: state.agenda, startAt: state.startAt }, state.now);
    const track = q<HTMLSelectElement>('#room-track');
    const start = q<HTMLInputElement>('#room-start');
    if (document.activeElement !== track && document.activeElement !== start && !root.dataset['editing']) {
      track.value = state.track;
      start.value = clockTime(state.startAt);
    }
    q<HTMLElement>('.events-count').textContent = `${state.events} progress events stored, ${state.codes} verify codes pasted.`;
  }

  // "Handled" buttons (one listener for the list that is redrawn).
  q<HTMLOListElement>('.help-list').addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-help]');
    if (!button) return;
    button.disabled = true;
    void fetch(sitePath(`/api/workshop/room/help/${button.dataset['help']}/handled`), { method: 'POST' }).then((r) => {
      if (!r.ok) button.disabled = false;
    });
  });

  const form = q<HTMLFormElement>('.agenda-form');
  form.addEventListener('input', () => (root.dataset['editing'] = '1'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const status = q<HTMLElement>('.agenda-status');
    const body = { track: q<HTMLSelectElement>('#room-track').value, start: q<HTMLInputElement>('#room-start').value };
    void fetch(sitePath('/api/workshop/room/agenda'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(async (r) => {
        const answer = (await r.json().catch(() => ({}))) as { error?: string };
        status.textContent = r.ok ? 'Agenda saved: attendees see it within a minute.' : (answer.error ?? `Not saved (${r.status}).`);
        delete root.dataset['editing'];
      })
      .catch(() => (status.textContent = 'Not saved: the workshop server did not answer.'));
  });

  // Redraw "waiting N min" once a minute even when nothing happens.
  setInterval(() => {
    if (latest) draw({ ...latest, now: latest.now + 60_000 });
  }, 60_000);

  // The facilitator link pasted into a tab already on the room view changes only the #fragment: start again with it.
  window.addEventListener('hashchange', () => {
    if (location.hash.includes('token=')) location.reload();
  });

  void (async () => {
    let probe: { workshop?: boolean } = {};
    try {
      probe = (await (await fetch(`${base.replace(/\/?$/, '/')}api/workshop.json`, { cache: 'no-store' })).json()) as { workshop?: boolean };
    } catch {
      // offline or no server: said below
    }
    if (!probe.workshop) {
      return shut('The room view works when the site is served by `npx containerless workshop`. Start it on the facilitator\'s machine and open the facilitator link it prints.');
    }
    const token = new URLSearchParams(location.hash.slice(1)).get('token');
    if (token) {
      const session = await fetch(sitePath('/api/workshop/room/session'), { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
      // The token leaves the address bar (and the history) once traded for the cookie.
      history.replaceState(null, '', location.pathname + location.search);
      if (!session?.ok) return shut('That facilitator link is not valid for this workshop. Copy it again from the terminal where `containerless workshop` runs.');
    }
    const session = (await fetch(sitePath('/api/workshop/room/session'), { cache: 'no-store' }).then((r) => r.json()).catch(() => ({}))) as { facilitator?: boolean };
    if (!session.facilitator) return shut('The room view needs the facilitator link printed by `containerless workshop` (it carries the token).');
    const first = await fetch(sitePath('/api/workshop/room/state'), { cache: 'no-store' }).catch(() => undefined);
    if (!first?.ok) return shut('The workshop server did not answer. Is `containerless workshop` still running?');
    draw((await first.json()) as Live);
    const stream = new EventSource(sitePath('/api/workshop/room/stream'));
    stream.addEventListener('state', (e) => {
      connection.textContent = 'Live';
      draw(JSON.parse((e as MessageEvent<string>).data) as Live);
    });
    stream.addEventListener('open', () => (connection.textContent = 'Live'));
    stream.addEventListener('error', () => (connection.textContent = 'Reconnecting…'));
  })();
}
