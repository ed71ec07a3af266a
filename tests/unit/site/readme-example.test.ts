// The README's runtime example runs as written, in Node, from the project folder.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('the runtime example in the README prints a word and three words', () => {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## The runtime in one example'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(code, 'the README has a ```ts example under "The runtime in one example"').toBeTruthy();
  const out = execFileSync(process.execPath, ['--input-type=module-typescript', '--no-warnings', '-e', code as string], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  const [first = '', second = ''] = out.trim().split('\n');
  expect(first).toMatch(/^200 d[a-z]+ \d+\.\d\d ms$/);
  expect(second).toMatch(/^0 \[ '[a-z]+', '[a-z]+', '[a-z]+' \]$/);
});
