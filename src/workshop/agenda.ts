// The workshop agendas: three tracks built from the lessons' own durations, with the deck, breaks and questions as
// rows, placed at clock times from a start. Pure and DOM-free: the server, the room view and attendees' pages share it.

export interface CourseLesson {
  id: string;
  title: string;
  order: number;
  /** Minutes, from the lesson's front matter. */
  duration: number;
  /** Guided step ids in the order the lesson shows them. */
  steps: string[];
}

export type RowKind = 'deck' | 'lesson' | 'break' | 'lunch' | 'qa' | 'help';

export interface AgendaRow {
  kind: RowKind;
  title: string;
  minutes: number;
  lesson?: string;
  /** Minutes after the start. */
  offset: number;
}

export const TRACK_IDS = ['browser', 'half-day', 'day'] as const;
export type TrackId = (typeof TRACK_IDS)[number];

type Plan = Array<{ kind: Exclude<RowKind, 'lesson'>; title: string; minutes: number } | { lesson: number }>;

/** Lessons by their place in the path (`order`), so a renamed lesson keeps its slot. */
const PLANS: Record<TrackId, { title: string; summary: string; plan: Plan }> = {
  browser: {
    title: '2 hours, browser only',
    summary: 'The short deck and the lessons that run entirely in the page: nothing to install.',
    plan: [
      { kind: 'deck', title: 'The talk (short deck)', minutes: 20 },
      { lesson: 1 },
      { lesson: 2 },
      { lesson: 3 },
      { kind: 'break', title: 'Break', minutes: 10 },
      { lesson: 5 },
      { kind: 'qa', title: 'Questions', minutes: 10 },
    ],
  },
  'half-day': {
    title: '3 hours',
    summary: 'The full deck, the browser lessons, building the module and packaging it as an image.',
    plan: [
      { kind: 'deck', title: 'The talk', minutes: 40 },
      { lesson: 1 },
      { lesson: 2 },
      { lesson: 3 },
      { kind: 'break', title: 'Break', minutes: 15 },
      { lesson: 4 },
      { lesson: 5 },
      { lesson: 6 },
      { kind: 'qa', title: 'Questions', minutes: 10 },
    ],
  },
  day: {
    title: 'Full day',
    summary: 'Everything, up to a real kind cluster and WASI components, with time to get every cluster working.',
    plan: [
      { kind: 'deck', title: 'The talk', minutes: 40 },
      { lesson: 1 },
      { lesson: 2 },
      { lesson: 3 },
      { kind: 'break', title: 'Break', minutes: 15 },
      { lesson: 4 },
      { lesson: 5 },
      { kind: 'lunch', title: 'Lunch', minutes: 60 },
      { lesson: 6 },
      { lesson: 7 },
      { kind: 'break', title: 'Break', minutes: 15 },
      { lesson: 8 },
      { kind: 'help', title: 'Catch-up: every cluster working', minutes: 30 },
      { lesson: 9 },
      { lesson: 10 },
      { kind: 'qa', title: 'Questions', minutes: 20 },
    ],
  },
};

export const isTrack = (value: unknown): value is TrackId => typeof value === 'string' && (TRACK_IDS as readonly string[]).includes(value);

export const trackTitle = (track: TrackId): string => PLANS[track].title;
export const trackSummary = (track: TrackId): string => PLANS[track].summary;

/** The rows of a track, each with its offset in minutes from the start. A lesson missing from the course is left out. */
export function agendaRows(track: TrackId, lessons: readonly CourseLesson[]): AgendaRow[] {
  const rows: AgendaRow[] = [];
  let offset = 0;
  for (const item of PLANS[track].plan) {
    if ('lesson' in item) {
      const lesson = lessons.find((l) => l.order === item.lesson);
      if (!lesson) continue;
      rows.push({ kind: 'lesson', title: lesson.title, minutes: lesson.duration, lesson: lesson.id, offset });
      offset += lesson.duration;
    } else {
      rows.push({ ...item, offset });
      offset += item.minutes;
    }
  }
  return rows;
}

export const totalMinutes = (rows: readonly AgendaRow[]): number => rows.reduce((n, r) => n + r.minutes, 0);

/** The row the room should be on at `now` (ms), or where it is before the start / after the end. */
export function rowAt(rows: readonly AgendaRow[], startAt: number, now: number): { index: number; state: 'before' | 'during' | 'after' } {
  const minutes = (now - startAt) / 60_000;
  if (minutes < 0) return { index: 0, state: 'before' };
  const index = rows.findIndex((r) => minutes >= r.offset && minutes < r.offset + r.minutes);
  return index === -1 ? { index: rows.length - 1, state: 'after' } : { index, state: 'during' };
}

/** `09:05`, in the local time of whoever shows it. */
export function clockTime(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Today at HH:MM local time, in ms; undefined when the text is not a time. */
export function parseClock(text: string, today: Date = new Date()): number | undefined {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!m) return undefined;
  const d = new Date(today);
  d.setHours(Number(m[1]), Number(m[2]), 0, 0);
  return d.getTime();
}

/** How far ahead or behind an attendee is: the agenda index of their lesson minus the room's. */
export function lessonIndex(rows: readonly AgendaRow[], lesson: string | null | undefined): number {
  return lesson ? rows.findIndex((r) => r.lesson === lesson) : -1;
}
