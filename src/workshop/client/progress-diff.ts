// Turns the learner's saved progress into workshop events: compares what the progress store holds now with what was
// already sent, so a change is sent once, marks made before joining are sent at join, and an unmarked step is undone.
// Reads the store's snapshot only (never its internals): a step's value is its time (done) or, as the store grows
// richer states, an object naming the state.

export type StepState = 'done' | 'self-checked' | 'verified';
export type SentMarks = Record<string, StepState>;

export interface StepChange {
  lesson: string;
  step: string;
  state: StepState | 'undone';
}

const RICHER: readonly string[] = ['self-checked', 'verified'];

/** The state a saved mark stands for. */
export function stateOf(value: unknown): StepState {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    for (const field of ['state', 'how', 'kind', 'by']) {
      const s = v[field];
      if (typeof s === 'string' && RICHER.includes(s)) return s as StepState;
      if (s === 'verify') return 'verified';
      if (s === 'self-check' || s === 'check') return 'self-checked';
    }
    if (v['verified'] === true) return 'verified';
    if (v['checked'] === true || v['selfChecked'] === true) return 'self-checked';
  }
  return 'done';
}

/** `{ lessons: { lesson: { step: value } } }` -> `{ "lesson/step": state }`. */
export function marksOf(snapshot: unknown): SentMarks {
  const out: SentMarks = {};
  const lessons = (snapshot as { lessons?: unknown } | null)?.lessons;
  if (!lessons || typeof lessons !== 'object') return out;
  for (const [lesson, steps] of Object.entries(lessons as Record<string, unknown>)) {
    if (!steps || typeof steps !== 'object') continue;
    for (const [step, value] of Object.entries(steps as Record<string, unknown>)) out[`${lesson}/${step}`] = stateOf(value);
  }
  return out;
}

export function diffMarks(now: SentMarks, sent: SentMarks): StepChange[] {
  const changes: StepChange[] = [];
  for (const [key, state] of Object.entries(now)) {
    if (sent[key] === state) continue;
    const [lesson = '', step = ''] = key.split('/');
    changes.push({ lesson, step, state });
  }
  for (const key of Object.keys(sent)) {
    if (key in now) continue;
    const [lesson = '', step = ''] = key.split('/');
    changes.push({ lesson, step, state: 'undone' });
  }
  return changes;
}
