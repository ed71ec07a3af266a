import { clockTime, rowAt, type AgendaRow } from '../agenda.ts';

// The agenda as a table with clock times and the row the room should be on now, for attendees' pages and the room
// view alike. Text only (textContent): nothing from the network is parsed as HTML.

const KIND_LABEL: Record<AgendaRow['kind'], string> = { deck: 'Talk', lesson: 'Lesson', break: 'Break', lunch: 'Lunch', qa: 'Q&A', help: 'Catch-up' };
/** "Lesson: WASI", "Talk: The talk"; a break is just "Break". */
const label = (row: AgendaRow): string => (row.kind === 'lesson' || row.kind === 'deck' ? `${KIND_LABEL[row.kind]}: ${row.title}` : row.title);

export function renderAgenda(table: HTMLTableElement, agenda: { rows: AgendaRow[]; startAt: number }, now = Date.now(), lessonHref?: (id: string) => string): void {
  const current = rowAt(agenda.rows, agenda.startAt, now);
  const body = table.tBodies[0] ?? table.createTBody();
  body.replaceChildren(
    ...agenda.rows.map((row, i) => {
      const tr = document.createElement('tr');
      const isNow = current.state === 'during' && current.index === i;
      if (isNow) tr.setAttribute('aria-current', 'time');
      tr.dataset['kind'] = row.kind;
      const time = document.createElement('td');
      time.textContent = clockTime(agenda.startAt + row.offset * 60_000);
      const what = document.createElement('td');
      if (row.lesson && lessonHref) {
        const a = document.createElement('a');
        a.href = lessonHref(row.lesson);
        a.textContent = row.title;
        what.append(`${KIND_LABEL.lesson}: `, a);
      } else what.textContent = label(row);
      if (isNow) {
        const mark = document.createElement('strong');
        mark.className = 'now-mark';
        mark.textContent = ' (now)';
        what.append(mark);
      }
      const minutes = document.createElement('td');
      minutes.textContent = String(row.minutes);
      tr.append(time, what, minutes);
      return tr;
    }),
  );
}

/** "Now: Lesson: Run it and curl it (10:20 to 10:40)", or before/after the day. */
export function whereNow(agenda: { rows: AgendaRow[]; startAt: number }, now = Date.now()): string {
  const current = rowAt(agenda.rows, agenda.startAt, now);
  const row = agenda.rows[current.index];
  if (!row) return '';
  if (current.state === 'before') return `The workshop starts at ${clockTime(agenda.startAt)} with ${row.title.toLowerCase()}.`;
  if (current.state === 'after') return 'The agenda is over: carry on at your own pace.';
  const from = clockTime(agenda.startAt + row.offset * 60_000);
  const to = clockTime(agenda.startAt + (row.offset + row.minutes) * 60_000);
  return `Now (${from} to ${to}): ${label(row)}.`;
}
