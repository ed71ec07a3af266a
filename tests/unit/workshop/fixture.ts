import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CourseLesson } from '../../../src/workshop/agenda.ts';

// A small built site and course for the workshop server tests: real files on disk, a secret next to the site
// (which must never be served) and a symlink that points out of it.

export interface SiteFixture {
  dir: string;
  dist: string;
  dataFile: string;
  cleanup(): void;
}

export const course: CourseLesson[] = [
  { id: 'why-containerless', title: 'Why containerless?', order: 1, duration: 15, steps: [] },
  { id: 'wasi', title: 'WASI', order: 2, duration: 20, steps: ['page-cli-words'] },
  { id: 'inside-the-word-generator', title: 'Inside', order: 3, duration: 25, steps: [] },
  { id: 'build', title: 'Build', order: 4, duration: 15, steps: ['rust-target', 'build-module'] },
  { id: 'run-and-curl', title: 'Run it and curl it', order: 5, duration: 20, steps: ['page-start-server', 'page-curl-word', 'page-curl-health'] },
];

export function siteFixture(): SiteFixture {
  const dir = mkdtempSync(join(tmpdir(), 'cl-workshop-'));
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, 'learn', 'wasi'), { recursive: true });
  mkdirSync(join(dist, '_astro'));
  mkdirSync(join(dist, 'wasm'));
  writeFileSync(join(dist, 'index.html'), `<!doctype html><title>Home</title>${'<p>words</p>'.repeat(200)}`);
  writeFileSync(join(dist, '404.html'), '<!doctype html><title>Not found</title>');
  writeFileSync(join(dist, 'learn', 'wasi', 'index.html'), '<!doctype html><title>WASI</title>');
  writeFileSync(join(dist, '_astro', 'page.abc123.js'), `export const x = ${JSON.stringify('x'.repeat(5000))};`);
  writeFileSync(join(dist, 'wasm', 'word_generator.wasm'), Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(4096, 7)]));
  writeFileSync(join(dist, 'tiny.txt'), 'hi');
  writeFileSync(join(dist, '.env'), 'SECRET=1');
  writeFileSync(join(dir, 'secret.txt'), 'outside the site');
  symlinkSync(join(dir, 'secret.txt'), join(dist, 'escape.txt'));
  symlinkSync(dir, join(dist, 'up'));
  return { dir, dist, dataFile: join(dir, 'data', 'workshop.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
