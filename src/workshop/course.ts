import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stepsInLesson } from '../progress/lesson-steps.ts';
import type { CourseLesson } from './agenda.ts';

// The course as the workshop server knows it: read from content/lessons/*.mdx the way the site's collection does
// (the file name without its number is the id), so the room view counts the same steps the pages show.

const field = (front: string, name: string): string | undefined => {
  const m = new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(front);
  return m?.[1]?.trim().replace(/^(['"])(.*)\1$/, '$2');
};

export function readCourse(lessonsDir: string): CourseLesson[] {
  const lessons: CourseLesson[] = [];
  for (const file of readdirSync(lessonsDir).filter((f) => f.endsWith('.mdx'))) {
    const text = readFileSync(join(lessonsDir, file), 'utf8');
    const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
    if (field(front, 'draft') === 'true') continue;
    lessons.push({
      id: file.replace(/\.mdx$/, '').replace(/^\d+-/, ''),
      title: field(front, 'title') ?? file,
      order: Number(field(front, 'order') ?? 0),
      duration: Number(field(front, 'duration') ?? 0),
      steps: stepsInLesson(text),
    });
  }
  return lessons.sort((a, b) => a.order - b.order);
}
