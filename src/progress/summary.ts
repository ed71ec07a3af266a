// What the progress chrome says about saved progress: how many of a lesson's steps are done, which step is next, and
// where "Continue where you left off" leads. Pure (no page, no storage), so the wording is tested in Node.
import type { Progress } from './store.ts';

/** The one mark a lesson with no guided steps (a reading lesson) is completed by: "done reading". */
export const READING_STEP = 'done-reading';

/** Whether a step of a lesson is done (the page's store answers it). */
export type IsDone = (lesson: string, step: string) => boolean;

/** Where a step is: its place in the lesson, or the lesson itself for the "done reading" mark (it is at the end). */
export const stepHref = (lessonHref: string, step: string): string => (step === READING_STEP ? lessonHref : `${lessonHref}#step-${step}`);

export interface LessonTally {
  done: number;
  /** "2 of 5", or "all 5 ✓" */
  count: string;
  /** The first step not done, if any. */
  next: string | undefined;
}

/** One lesson's line in the progress overview. */
export function lessonTally(lesson: string, steps: readonly string[], isDone: IsDone): LessonTally {
  const done = steps.filter((s) => isDone(lesson, s)).length;
  return {
    done,
    count: done === steps.length ? `all ${steps.length} ✓` : `${done} of ${steps.length}`,
    next: steps.find((s) => !isDone(lesson, s)),
  };
}

/** A lesson as "Continue where you left off" knows it, with its steps' titles. */
export interface CourseLesson {
  id: string;
  order: number;
  title: string;
  href: string;
  steps: { id: string; title: string }[];
}

export interface ContinueAt {
  text: string;
  href: string;
  detail: string;
}

/**
 * Where to continue: the next open step of the lesson touched last (the newest mark or proof), else of the next
 * lesson not complete, wrapping round the course. Undefined when nothing was ever marked (the page keeps its
 * "Start with lesson 1").
 */
export function whereToContinue(lessons: readonly CourseLesson[], progress: Progress, isDone: IsDone): ContinueAt | undefined {
  let latest: { lesson: string; at: number } | undefined;
  for (const table of [progress.lessons, progress.proofs ?? {}] as Record<string, Record<string, number | { at: number }>>[]) {
    for (const [lesson, steps] of Object.entries(table)) {
      for (const value of Object.values(steps)) {
        const at = typeof value === 'number' ? value : value.at;
        if (!latest || at >= latest.at) latest = { lesson, at };
      }
    }
  }
  if (!latest) return undefined;
  const touched = latest.lesson;
  const index = Math.max(0, lessons.findIndex((l) => l.id === touched));
  const open = [...lessons.slice(index), ...lessons.slice(0, index)]
    .map((lesson) => ({ lesson, next: lesson.steps.find((s) => !isDone(lesson.id, s.id)) }))
    .find((x) => x.next);
  if (!open?.next) {
    const last = lessons.at(-1);
    return { text: 'Every lesson is done: review the summary', href: last?.href ?? '', detail: 'All steps marked or verified.' };
  }
  return {
    text: `Continue where you left off: lesson ${open.lesson.order}, ${open.lesson.title}`,
    href: stepHref(open.lesson.href, open.next.id),
    detail: `Next: ${open.next.title}.`,
  };
}

/** What the overview's import form says about a progress code (`ProgressStore.importCode`'s result). */
export function importMessage(result: number | string): string {
  if (typeof result === 'string') return result;
  return result === 0 ? 'Nothing changed: every step in that code is already marked here.' : `Added ${result} step${result === 1 ? '' : 's'}.`;
}

/** What the verify form says about a `containerless verify` code (`ProgressStore.importVerifyCode`'s result). */
export function verifyMessage(result: number | string): string {
  if (typeof result === 'string') return result;
  return result === 0 ? 'Nothing changed: every step in that code was already verified.' : `Marked ${result} step${result === 1 ? '' : 's'} as verified on your machine.`;
}

/** The progress line of a lesson with guided steps: "2 of 5 steps done", and when all are, that the lesson is complete. */
export const stepsDoneText = (done: number, total: number): string => `${done} of ${total} steps done${done === total ? ': lesson complete' : ''}`;
