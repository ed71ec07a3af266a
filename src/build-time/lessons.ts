import { sitePath } from '../client/site-path.ts';
import { getCollection, type CollectionEntry } from 'astro:content';

export type Lesson = CollectionEntry<'lessons'>;

/** Published lessons in learning-path order. Two lessons with the same `order` fail the build. */
export async function getLessons(): Promise<Lesson[]> {
  const lessons = (await getCollection('lessons', (l) => !l.data.draft)).sort((a, b) => a.data.order - b.data.order);
  for (let i = 1; i < lessons.length; i++) {
    const [prev, cur] = [lessons[i - 1], lessons[i]];
    if (prev && cur && prev.data.order === cur.data.order) {
      throw new Error(`Lessons "${prev.id}" and "${cur.id}" both have order ${cur.data.order}; each lesson needs its own place in the path.`);
    }
  }
  return lessons;
}

export const lessonHref = (lesson: Lesson): string => sitePath(`/learn/${lesson.id}/`);
