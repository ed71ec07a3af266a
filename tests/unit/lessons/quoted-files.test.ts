// Lessons quote files from deploy/ (the Containerfile, the kind config, the manifests) so a reader sees them in place.
// A quote that drifts from the file teaches something the learner's copy does not do; this keeps them equal,
// ignoring comments, which the lessons shorten or annotate.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

const root = new URL('../../../', import.meta.url);
const lessonsDir = new URL('content/lessons/', root);

interface Quote {
  lesson: string;
  file: string;
  body: string;
}

/** Code fences whose title names a file in deploy/, e.g. ```yaml title="deploy/k8s/deployment.yaml (abridged)". */
function quotes(): Quote[] {
  const found: Quote[] = [];
  for (const lesson of readdirSync(lessonsDir).filter((f) => f.endsWith('.mdx'))) {
    const text = readFileSync(new URL(lesson, lessonsDir), 'utf8');
    for (const m of text.matchAll(/^```[a-z]+ title="(deploy\/[^" ]+)[^"]*"\n([\s\S]*?)^```$/gm)) {
      found.push({ lesson, file: m[1] ?? '', body: m[2] ?? '' });
    }
  }
  return found;
}

/** The lines that do something: no comments (whole-line or trailing), no blank lines, no trailing spaces. */
function meaningful(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, '').trimEnd())
    .filter((line) => line.trim() !== '');
}

describe('files quoted in lessons match deploy/', () => {
  const all = quotes();

  test('the lessons quote the deploy files they explain', () => {
    const files = new Set(all.map((q) => q.file));
    for (const file of ['deploy/Containerfile', 'deploy/kind/cluster.yaml', 'deploy/k8s/runtimeclass.yaml', 'deploy/k8s/deployment.yaml']) {
      expect(files, file).toContain(file);
    }
  });

  test.each(all.map((q) => [`${q.lesson}: ${q.file}`, q] as const))('%s', (_name, q) => {
    const actual = readFileSync(new URL(q.file, root), 'utf8');
    expect(meaningful(q.body)).toEqual(meaningful(actual));
  });
});
