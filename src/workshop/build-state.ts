import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Is dist/ missing or older than the sources it is built from? The workshop builds first when it is, so attendees
// never get yesterday's site.

const SOURCES = ['src', 'content', 'slides', 'public', 'astro.config.mjs', 'package.json'];

function newest(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

export function buildState(root: string, dist: string): 'missing' | 'stale' | 'fresh' {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return 'missing';
  const built = statSync(index).mtimeMs;
  return SOURCES.some((s) => newest(join(root, s)) > built) ? 'stale' : 'fresh';
}
