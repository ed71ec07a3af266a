import { z } from 'astro/zod';

/** Frontmatter of a slide deck in `slides/`. Each deck gets its own route at /talk/<file name>/. */
export const deckSchema = z
  .object({
    /** The talk's title, shown on the title slide and the home page. */
    title: z.string().min(3),
    /** One sentence for the home page card and the page description. */
    description: z.string().min(10).max(300),
    /** Where the talk is (or was) given. */
    event: z.string().min(2),
    /** Date of the talk, YYYY-MM-DD. */
    date: z.coerce.date(),
    /** Who gives it. */
    speaker: z.string().min(2),
    /** Planned length in minutes; the speaker view's pacing uses it. */
    duration: z.number().int().positive().max(240),
    /** Order on the home page (lower first). */
    order: z.number().int().nonnegative().default(0),
  })
  .strict();

export type DeckData = z.infer<typeof deckSchema>;
