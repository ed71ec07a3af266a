import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './schemas/lesson.ts';
import { deckSchema } from './schemas/deck.ts';

/** Lessons live at the top level in `content/lessons/`, one MDX file each; the file name is the slug. */
const lessons = defineCollection({
  // `03-inside.mdx` -> `inside`: the number orders files on disk, but URLs and saved progress must survive a renumbering.
  loader: glob({ pattern: '*.mdx', base: './content/lessons', generateId: ({ entry }) => entry.replace(/\.mdx$/, '').replace(/^\d+-/, '') }),
  schema: lessonSchema,
});

/** Decks live in `slides/`, one MDX file each; the file name is the route. */
const decks = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './slides' }),
  schema: deckSchema,
});

export const collections = { lessons, decks };
