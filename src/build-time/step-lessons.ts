import { stepsInLesson } from '../progress/lesson-steps.ts';
import { getLessons, lessonHref } from './lessons.ts';

/** For each lesson, the guided steps it shows (read from its MDX at build time). */
export async function lessonSteps(): Promise<Map<string, string[]>> {
  const lessons = await getLessons();
  return new Map(lessons.map((l) => [l.id, stepsInLesson(l.body)]));
}

/** step id -> the first lesson address that shows it, with the step's anchor. */
export async function stepLinks(): Promise<Record<string, string>> {
  const links: Record<string, string> = {};
  for (const lesson of await getLessons()) {
    for (const id of stepsInLesson(lesson.body)) links[id] ??= `${lessonHref(lesson)}#step-${id}`;
  }
  return links;
}
