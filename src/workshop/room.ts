import { lessonIndex, rowAt, trackTitle, type AgendaRow, type TrackId } from './agenda.ts';
import { findStep } from '../steps/index.ts';
import type { Workshop } from './workshop.ts';

// What the room view shows, computed from the records: per-step counts, where the room is stuck, each attendee
// against the agenda, the help queue and readiness. Also the exports (JSON and CSV).

export interface RoomAttendee {
  id: string;
  nickname: string;
  lesson: string | null;
  /** The first step of their lesson not yet done, where they are working now. */
  step: string | null;
  /** Since when they have been on it (their last step mark or arriving on the lesson). */
  since: number | null;
  done: number;
  verified: number;
  /** Agenda rows ahead (+) or behind (-) where the room should be; null when not on an agenda lesson. */
  pace: number | null;
  lastSeen: number;
  help: boolean;
  readiness: { pass: number; fail: number } | null;
}

export interface RoomState {
  now: number;
  track: TrackId;
  trackTitle: string;
  startAt: number;
  agenda: AgendaRow[];
  /** Every lesson's title, for naming lessons off the agenda too. */
  lessons: Array<{ id: string; title: string }>;
  /** Each step's title as the lessons show it. */
  stepTitles: Record<string, string>;
  current: { index: number; state: 'before' | 'during' | 'after' };
  attendees: RoomAttendee[];
  steps: Array<{ lesson: string; step: string; done: number; selfChecked: number; verified: number; on: number }>;
  stuck: Array<{ lesson: string; step: string; attendees: number; longestMs: number; medianMs: number }>;
  help: Array<{ id: number; nickname: string; lesson: string; step: string | null; askedAt: number }>;
  readiness: { reported: number; checks: Array<{ id: string; pass: number; fail: number }> };
  codes: number;
  events: number;
}

export function roomState(workshop: Workshop): RoomState {
  const now = workshop.now();
  const { track, startAt, rows } = workshop.agenda();
  const current = rowAt(rows, startAt, now);
  const currentLessonIndex = (() => {
    // Before a lesson row (deck, break) the room is heading to the next lesson.
    for (let i = current.index; i < rows.length; i++) if (rows[i]?.kind === 'lesson') return i;
    return current.index;
  })();
  const people = workshop.attendees();
  const records = workshop.stepRecords();
  const help = workshop.helpQueue();
  const readiness = workshop.readiness();
  const byAttendee = new Map<string, typeof records>();
  for (const r of records) byAttendee.set(r.attendee, [...(byAttendee.get(r.attendee) ?? []), r]);

  const attendees: RoomAttendee[] = people.map((p) => {
    const mine = byAttendee.get(p.id) ?? [];
    const lesson = p.lesson ? workshop.course.find((l) => l.id === p.lesson) : undefined;
    const doneHere = new Set(mine.filter((r) => r.lesson === p.lesson).map((r) => r.step));
    const step = lesson?.steps.find((s) => !doneHere.has(s)) ?? null;
    const lastMark = Math.max(0, ...mine.filter((r) => r.lesson === p.lesson).map((r) => r.at));
    const since = step === null ? null : Math.max(p.lessonSince ?? 0, lastMark) || null;
    const index = lessonIndex(rows, p.lesson);
    const ready = readiness.find((r) => r.attendee === p.id);
    return {
      id: p.id,
      nickname: p.nickname,
      lesson: p.lesson,
      step,
      since,
      done: mine.length,
      verified: mine.filter((r) => r.state === 'verified').length,
      pace: index === -1 ? null : index - currentLessonIndex,
      lastSeen: p.lastSeen,
      help: help.some((h) => h.attendee === p.id),
      readiness: ready ? { pass: ready.results.filter((r) => r.status === 'pass').length, fail: ready.results.filter((r) => r.status === 'fail').length } : null,
    };
  });

  // The steps of the lessons on today's agenda (the rest of the course is not what the room is doing).
  const onAgenda = new Set(rows.map((r) => r.lesson).filter(Boolean));
  const steps = workshop.course.filter((l) => onAgenda.has(l.id)).flatMap((l) =>
    l.steps.map((s) => {
      const these = records.filter((r) => r.lesson === l.id && r.step === s);
      return {
        lesson: l.id,
        step: s,
        done: these.length,
        selfChecked: these.filter((r) => r.state === 'self-checked').length,
        verified: these.filter((r) => r.state === 'verified').length,
        on: attendees.filter((a) => a.lesson === l.id && a.step === s).length,
      };
    }),
  );

  // Stuck: the steps where most attendees have been waiting longest (count first, then the longest wait).
  const waiting = new Map<string, number[]>();
  for (const a of attendees) {
    if (!a.lesson || !a.step || a.since === null) continue;
    const key = `${a.lesson}/${a.step}`;
    waiting.set(key, [...(waiting.get(key) ?? []), now - a.since]);
  }
  const stuck = [...waiting.entries()]
    .map(([key, waits]) => {
      const [lesson = '', step = ''] = key.split('/');
      const sorted = [...waits].sort((x, y) => x - y);
      return { lesson, step, attendees: waits.length, longestMs: sorted.at(-1) ?? 0, medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0 };
    })
    .sort((x, y) => y.attendees * y.medianMs - x.attendees * x.medianMs || y.longestMs - x.longestMs)
    .slice(0, 5);

  const nick = new Map(people.map((p) => [p.id, p.nickname]));
  const checkIds = ['node', 'container-engine', 'kind', 'kubectl', 'registry-port', 'rust-target'];
  return {
    now,
    track,
    trackTitle: trackTitle(track),
    startAt,
    agenda: rows,
    lessons: workshop.course.map((l) => ({ id: l.id, title: l.title })),
    stepTitles: Object.fromEntries(workshop.course.flatMap((l) => l.steps.map((id) => [id, findStep(id)?.title ?? id.replace(/-/g, ' ')]))),
    current,
    attendees,
    steps,
    stuck,
    help: help.map((h) => ({ id: h.id, nickname: nick.get(h.attendee) ?? '?', lesson: h.lesson, step: h.step, askedAt: h.askedAt })),
    readiness: {
      reported: readiness.length,
      checks: checkIds.map((id) => ({
        id,
        pass: readiness.filter((r) => r.results.some((x) => x.id === id && x.status === 'pass')).length,
        fail: readiness.filter((r) => r.results.some((x) => x.id === id && x.status === 'fail')).length,
      })),
    },
    codes: workshop.codes().length,
    events: workshop.eventCount(),
  };
}

/** Everything the room holds, for keeping after the day. */
export function exportJson(workshop: Workshop): unknown {
  const { track, startAt } = workshop.agenda();
  return {
    exportedAt: new Date(workshop.now()).toISOString(),
    track,
    startAt: new Date(startAt).toISOString(),
    attendees: workshop.attendees().map((a) => ({ ...a, joinedAt: new Date(a.joinedAt).toISOString(), lastSeen: new Date(a.lastSeen).toISOString() })),
    steps: workshop.stepRecords().map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
    help: workshop.helpQueue(),
    readiness: workshop.readiness(),
    codes: workshop.codes(),
  };
}

/** One cell: quoted when needed, and never starting like a spreadsheet formula (a nickname could be `=HYPERLINK(...)`). */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per step an attendee has done, plus one per attendee with none, so nobody is missing from the sheet. */
export function exportCsv(workshop: Workshop): string {
  const people = workshop.attendees();
  const records = workshop.stepRecords();
  const lines = [['attendee', 'nickname', 'joined_at', 'current_lesson', 'lesson', 'step', 'state', 'at']];
  for (const p of people) {
    const mine = records.filter((r) => r.attendee === p.id);
    const base = [p.id, p.nickname, new Date(p.joinedAt).toISOString(), p.lesson ?? ''];
    if (mine.length === 0) lines.push([...base, '', '', '', '']);
    for (const r of mine) lines.push([...base, r.lesson, r.step, r.state, new Date(r.at).toISOString()]);
  }
  return lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
