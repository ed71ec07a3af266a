// Which guided steps a lesson holds, read from its MDX source at build time, so progress can say "2 of 5".

const guidedStep = /<GuidedStep\s[^>]*?\bid\s*=\s*(?:"([^"]+)"|'([^']+)'|\{\s*["']([^"']+)["']\s*\})/g;

/** Step ids in the order the lesson shows them, each once. */
export function stepsInLesson(mdx: string | undefined): string[] {
  if (!mdx) return [];
  const ids: string[] = [];
  // A step inside an MDX comment ({/* ... */}) or a code fence is not shown, so it does not count.
  const shown = mdx.replace(/\{\/\*[\s\S]*?\*\/\}/g, '').replace(/^```[\s\S]*?^```/gm, '');
  for (const m of shown.matchAll(guidedStep)) {
    const id = m[1] ?? m[2] ?? m[3];
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The one mark a lesson with no guided steps (a reading lesson) is completed by: "done reading". */
export const READING_STEP = 'done-reading';

/** What completes a lesson: its guided steps, or, for a reading lesson, the "done reading" mark. */
export function completionSteps(mdx: string | undefined): string[] {
  const ids = stepsInLesson(mdx);
  return ids.length > 0 ? ids : [READING_STEP];
}
