import { z } from 'astro/zod';

/** Frontmatter of a lesson in `content/lessons/`. A wrong field fails the build and names the file. */
export const lessonSchema = z
  .object({
    /** Shown as the page heading and in the sidebar. */
    title: z.string().min(3),
    /** One or two sentences: the page's meta description and the card text on the lesson list. */
    description: z.string().min(10).max(300),
    /** Position in the learning path, 1 first. Unique across lessons. */
    order: z.number().int().positive(),
    /** Minutes a learner should plan for, used by the workshop agenda. */
    duration: z.number().int().positive().max(240),
    /** What the learner can do at the end; at least one. */
    objectives: z.array(z.string().min(3)).min(1),
    /** What to know or have before starting (empty for the first lesson). */
    prerequisites: z.array(z.string().min(3)).default([]),
    /** A short recap shown at the end of the lesson. */
    summary: z.array(z.string().min(3)).default([]),
    /** Keeps a draft out of the build. */
    draft: z.boolean().default(false),
  })
  .strict();

export type LessonData = z.infer<typeof lessonSchema>;
