// Which guided steps complete a lesson, so progress can say "2 of 5". The steps a lesson shows are read from its MDX
// syntax tree (src/build-time/mdx-uses.ts), the same record the site's MDX build keeps.
import { mdxUses } from '../build-time/mdx-uses.ts';
import { READING_STEP } from './summary.ts';

export { READING_STEP };

/** Step ids in the order the lesson's MDX source shows them, each once. */
export const stepsInLesson = (mdx: string | undefined): string[] => mdxUses(mdx).steps;

/** What completes a lesson: its guided steps, or, for a reading lesson, the "done reading" mark. */
export function completionSteps(steps: readonly string[]): string[] {
  return steps.length > 0 ? [...steps] : [READING_STEP];
}
